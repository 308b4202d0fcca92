"""The contact cards of the demo municipalities and their contacts pages.

Cards go through the model's own validation (the phone number is stored as +358…) and are
published through a revision, as the admin does. A card is looked up by its name on its
municipality's Site, so loading the demo again adds nothing. Every person, phone number and
address is invented; no name is used in two municipalities.
"""

from contacts.models import ContactCard, ContactsPage, Responsibility
from core.demo import ensure_page, publish

# The cards of each demo municipality, by its code.
CONTACT_CARDS = {
    "jarvela": [
        {
            "name": "Tuomas Rinnekoski",
            "title": "Kulttuuripäällikkö",
            "responsibility": Responsibility.CULTURE,
            "answers_for": (
                "Kulttuuripalvelut, kulttuuriavustukset ja järjestöyhteistyö kokonaisuutena"
            ),
            "phone": "040 123 4567",
            "email": "tuomas.rinnekoski@kunta.example",
        },
        {
            "name": "Liisa Haapalahti",
            "title": "Tuottaja",
            "responsibility": Responsibility.ASSOCIATIONS,
            "answers_for": "Järjestöfoorumi ja tapahtumakoordinaatio",
            "phone": "044 765 4321",
            "email": "liisa.haapalahti@kunta.example",
        },
        {
            "name": "Petri Kallioniemi",
            "title": "Liikuntapalvelupäällikkö",
            "responsibility": Responsibility.SPORTS,
            "answers_for": "Seurafoorumi, liikuntavuorot ja liikunta-avustukset",
            "phone": "050 234 5678",
            "email": "petri.kallioniemi@kunta.example",
        },
        {
            "name": "Sanna Mäkijärvi",
            "title": "Matkailukoordinaattori",
            "responsibility": Responsibility.TOURISM,
            "answers_for": "Kulttuuri- ja matkailufoorumi, tapahtumien yhteismarkkinointi",
            "phone": "044 987 6543",
            "email": "sanna.makijarvi@kunta.example",
        },
    ],
    "koivikko": [
        {
            "name": "Marketta Pihlajaniemi",
            "title": "Järjestökoordinaattori",
            "responsibility": Responsibility.ASSOCIATIONS,
            "answers_for": "Yhdistysfoorumi, järjestöavustukset ja yhdistysrekisteri",
            "phone": "040 321 7788",
            "email": "marketta.pihlajaniemi@koivikko.example",
        },
        {
            "name": "Janne Kuusivaara",
            "title": "Vapaa-aikasihteeri",
            "responsibility": Responsibility.SPORTS,
            "answers_for": "Liikuntavuorot, seurojen avustukset ja kylien liikuntapaikat",
            "phone": "050 432 8899",
            "email": "janne.kuusivaara@koivikko.example",
        },
        {
            "name": "Hilkka Vartiainen",
            "title": "Kirjasto- ja kulttuuritoimenjohtaja",
            "responsibility": Responsibility.CULTURE,
            "answers_for": "Kulttuuritoimi, kirjaston tilat ja kulttuuriavustukset",
            "phone": "044 543 9900",
            "email": "hilkka.vartiainen@koivikko.example",
        },
    ],
    # A small municipality: one card, for culture; nobody is named for association cooperation.
    "lahdenpera": [
        {
            "name": "Riikka Salmensuu",
            "title": "Kulttuurisihteeri",
            "responsibility": Responsibility.CULTURE,
            "answers_for": "Kulttuuri, kirjasto ja kunnan tapahtumat",
            "phone": "040 654 1122",
            "email": "riikka.salmensuu@lahdenpera.example",
        },
    ],
}


def ensure_contact_card(report, site, data):
    existing = ContactCard.objects.filter(site=site, name=data["name"]).first()
    if existing is not None:
        report.record("contact cards", existing.name, created=False)
        return existing
    card = ContactCard(site=site, live=False, **data)
    card.full_clean()  # stores the phone number as +358…
    card.save()
    publish(card)
    report.record("contact cards", card.name, created=True)
    return card


def load(report, site, code):
    """The municipality's cards, keyed by responsibility."""
    return {
        data["responsibility"]: ensure_contact_card(report, site, data)
        for data in CONTACT_CARDS.get(code, [])
    }


def ensure_contacts_page(report, home):
    """A municipality's contacts page (part of every municipality's skeleton)."""
    return ensure_page(
        report,
        home,
        ContactsPage,
        "yhteystiedot",
        title="Yhteystiedot",
        intro=(
            "<p>Kunnan yhteyshenkilöt järjestöyhteistyössä, foorumeissa ja avustusasioissa. "
            "Ota yhteyttä suoraan siihen, jonka vastuualueeseen asiasi kuuluu.</p>"
        ),
    )
