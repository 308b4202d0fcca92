"""The demo registers, through associations.register: a dozen invented associations of
Järvelä, ten of Koivikko (some confirmed their details this year, some not) and three of
Lahdenperä. No association's name is used in two municipalities.

Every name, registry number, business ID, address and phone number is invented: the
registry numbers are in the 900.000s and the business IDs in the 39xxxxx range, which no
register has issued, with their check digits right; addresses are under `.example`.
Some keep their contact person (or more) unpublished; one waits 13 months for its yearly
confirmation (flagged in the admin, still in the directory) and one 19 months (hidden
from the directory until confirmed). A record is looked up by its name, so loading the
demo again adds nothing.
"""

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.text import slugify

from associations.models import (
    PUBLISHED_BY_DEFAULT,
    Association,
    AssociationDirectoryPage,
    ChangeSource,
)
from associations.register import create_association
from core.demo import ensure_page

EVERYTHING = [
    *PUBLISHED_BY_DEFAULT,
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
]

# (values, months since the details were last confirmed)
JARVELA_ASSOCIATIONS = [
    (
        {
            "name": "Järvelän Kisa-Veikot ry",
            "fields_of_activity": ["sports", "youth"],
            "registry_number": "912.345",
            "business_id": "3912345-4",
            "website": "https://kisaveikot.example",
            "email": "toimisto@kisaveikot.example",
            "phone": "+358401110001",
            "description": "Yleisurheilua, hiihtoa ja suunnistusta kaikenikäisille. "
            "Lasten liikuntakerhot kouluilla syksystä kevääseen.",
            "contact_name": "Kaisa Kiitäjä",
            "contact_role": "puheenjohtaja",
            "contact_phone": "+358501110002",
            "contact_email": "kaisa.kiitaja@kisaveikot.example",
            "published_fields": EVERYTHING,
        },
        2,
    ),
    (
        {
            "name": "Järvelän Latu ry",
            "fields_of_activity": ["sports"],
            "registry_number": "923.456",
            "business_id": "3923456-8",
            "website": "https://jarvelanlatu.example",
            "email": "latu@jarvelanlatu.example",
            "description": "Ylläpidämme Kirkkojärven kuntoreittejä ja järjestämme retkiä.",
            "contact_name": "Lauri Latunen",
            "contact_role": "sihteeri",
            "contact_phone": "+358401110003",
            "contact_email": "lauri.latunen@jarvelanlatu.example",
            # The contact person's details stay with the municipality.
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        5,
    ),
    (
        {
            "name": "Kulttuuriyhdistys Kajastus ry",
            "fields_of_activity": ["culture"],
            "registry_number": "934.567",
            "business_id": "3934567-1",
            "website": "https://kajastus.example",
            "email": "kajastus@kajastus.example",
            "phone": "+358501110004",
            "description": "Konsertteja, näyttelyitä ja kesän kylätapahtuma Pajulan pihalla.",
            "contact_name": "Kerttu Kajanne",
            "contact_role": "toiminnanjohtaja",
            "contact_phone": "+358501110005",
            "contact_email": "kerttu.kajanne@kajastus.example",
            "published_fields": [*PUBLISHED_BY_DEFAULT, "contact_name", "contact_role"],
        },
        1,
    ),
    (
        {
            "name": "Järvelän Kamarikuoro ry",
            "fields_of_activity": ["culture"],
            "registry_number": "945.678",
            "email": "kuoro@kamarikuoro.example",
            "description": "Sekakuoro, joka harjoittelee torstaisin kirjaston salissa.",
            "contact_name": "Aino Alttonen",
            "contact_role": "kuoronjohtaja",
            "contact_email": "aino.alttonen@kamarikuoro.example",
            "published_fields": ["registry_number", "email", "description"],
        },
        3,
    ),
    (
        {
            "name": "Järvelän Omaishoitajat ry",
            "fields_of_activity": ["social_health"],
            "registry_number": "956.789",
            "business_id": "3956789-9",
            "email": "omaishoitajat@omaishoitajat.example",
            "phone": "+358401110006",
            "description": "Vertaistukea ja virkistystä omaisiaan hoitaville.",
            "contact_name": "Sirkka Sydänmaa",
            "contact_role": "yhdyshenkilö",
            "contact_phone": "+358401110007",
            "contact_email": "sirkka.sydanmaa@omaishoitajat.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        4,
    ),
    (
        {
            "name": "Mielenterveysyhdistys Tuulikello ry",
            "fields_of_activity": ["social_health", "other"],
            "registry_number": "961.234",
            "business_id": "3961234-6",
            "website": "https://tuulikello.example",
            "email": "tuulikello@tuulikello.example",
            "description": "Kohtaamispaikka ja keskusteluryhmiä keskiviikkoisin.",
            "contact_name": "Veera Vaahtera",
            "contact_role": "puheenjohtaja",
            "contact_email": "veera.vaahtera@tuulikello.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        6,
    ),
    (
        {
            "name": "Järvelän Nuorisoseura ry",
            "fields_of_activity": ["youth", "culture"],
            "registry_number": "983.456",
            "business_id": "3983456-3",
            "email": "nuorisoseura@nuorisoseura.example",
            "phone": "+358501110008",
            "description": "Nuorisoteatteri, tanssikerho ja nuorten kesätyöpaja.",
            "contact_name": "Niko Nuutinen",
            "contact_role": "nuorisotyöntekijä",
            "contact_phone": "+358501110009",
            "contact_email": "niko.nuutinen@nuorisoseura.example",
            "published_fields": [*PUBLISHED_BY_DEFAULT, "contact_name", "contact_phone"],
        },
        2,
    ),
    (
        {
            "name": "Partiolippukunta Järven Kurjet ry",
            "fields_of_activity": ["youth"],
            "registry_number": "994.567",
            "business_id": "3994567-7",
            "website": "https://jarvenkurjet.example",
            "email": "kurjet@jarvenkurjet.example",
            "description": "Partiota 7–22-vuotiaille: viikkokokoukset, retket ja leirit.",
            "contact_name": "Pia Paimen",
            "contact_role": "lippukunnanjohtaja",
            "contact_email": "pia.paimen@jarvenkurjet.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        # Not confirmed for 13 months: flagged in the admin, still in the directory.
        13,
    ),
    (
        {
            "name": "Kirkonkylän Kyläyhdistys ry",
            "fields_of_activity": ["village"],
            "registry_number": "905.678",
            "business_id": "3905678-1",
            "email": "kylayhdistys@kirkonkyla.example",
            "phone": "+358401110010",
            "description": "Kylätalon vuokraus, talkoot ja kyläjuhlat.",
            "contact_name": "Kalle Kylänvanhin",
            "contact_role": "puheenjohtaja",
            "contact_phone": "+358401110011",
            "contact_email": "kalle.kylanvanhin@kirkonkyla.example",
            "published_fields": [*PUBLISHED_BY_DEFAULT, "contact_name", "contact_role"],
        },
        7,
    ),
    (
        {
            "name": "Rantakylän Asukasyhdistys ry",
            "fields_of_activity": ["village"],
            "registry_number": "916.789",
            "email": "asukkaat@rantakyla.example",
            "description": "Asukastupa, uimarannan talkoot ja lähiliikuntapaikan ideointi.",
            "contact_name": "Raili Rantanen",
            "contact_role": "sihteeri",
            "contact_email": "raili.rantanen@rantakyla.example",
            "published_fields": ["email", "description"],
        },
        8,
    ),
    (
        {
            "name": "Järvelän Eläkkeensaajat ry",
            "fields_of_activity": ["other", "social_health"],
            "registry_number": "927.891",
            "business_id": "3927891-5",
            "email": "elakkeensaajat@elakkeensaajat.example",
            "phone": "+358501110012",
            "description": "Kerhot, retket ja liikuntaryhmät eläkeläisille.",
            "contact_name": "Eino Ehtoo",
            "contact_role": "puheenjohtaja",
            "contact_email": "eino.ehtoo@elakkeensaajat.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        9,
    ),
    (
        {
            "name": "Järvelän Kotiseutuyhdistys ry",
            "fields_of_activity": ["other", "culture"],
            "registry_number": "938.912",
            "business_id": "3938912-1",
            "email": "kotiseutu@kotiseutu.example",
            "description": "Kotiseutumuseo ja paikallishistorian kirjasarja.",
            "contact_name": "Helka Hirsikangas",
            "contact_role": "museonhoitaja",
            "contact_email": "helka.hirsikangas@kotiseutu.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        # Not confirmed for 19 months: no longer in the public directory until confirmed.
        19,
    ),
]


def _koivikko(name, fields, number, business_id, email, contact, role, confirmed):
    return (
        {
            "name": name,
            "fields_of_activity": fields,
            "registry_number": number,
            "business_id": business_id,
            "email": email,
            "description": "",
            "contact_name": contact,
            "contact_role": role,
            "contact_email": f"{slugify(contact).replace('-', '.')}@koivikko-yhdistykset.example",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        confirmed,
    )


# The confirmation of a Koivikko association: ("this year", share of the year gone by since)
# or ("before", months before this year began), so "confirmed this year" holds whatever
# day the demo is loaded.
KOIVIKKO_ASSOCIATIONS = [
    _koivikko(
        "Koivikon Urheiluseura ry",
        ["sports", "youth"],
        "971.110",
        "3971110-9",
        "seura@koivikonurheilu.example",
        "Toni Vikström",
        "puheenjohtaja",
        ("this year", 0.2),
    ),
    _koivikko(
        "Peräkylän Kyläseura ry",
        ["village"],
        "971.117",
        "3971117-6",
        "kylaseura@perakyla.example",
        "Hanna Peräaho",
        "sihteeri",
        ("this year", 0.5),
    ),
    _koivikko(
        "Haapasaaren Kyläyhdistys ry",
        ["village"],
        "971.124",
        "3971124-8",
        "haapasaari@kylat-koivikko.example",
        "Eero Saarinen-Koivu",
        "puheenjohtaja",
        ("before", 2),
    ),
    _koivikko(
        "Koivikon Sekakuoro Sävel ry",
        ["culture"],
        "971.138",
        "3971138-7",
        "savel@sekakuoro.example",
        "Ulla Kanerva",
        "kuoronjohtaja",
        ("this year", 0.7),
    ),
    _koivikko(
        "Koivikon Martat ry",
        ["other"],
        "971.145",
        "3971145-9",
        "martat@koivikonmartat.example",
        "Raija Lummelahti",
        "puheenjohtaja",
        ("this year", 0.4),
    ),
    _koivikko(
        "Koivikon 4H-yhdistys ry",
        ["youth"],
        "971.152",
        "3971152-0",
        "4h@koivikko4h.example",
        "Minna Ojanperä",
        "toiminnanjohtaja",
        ("before", 4),
    ),
    _koivikko(
        "Koivikon Eläkeläiset ry",
        ["social_health", "other"],
        "971.159",
        "3971159-8",
        "elakelaiset@koivikonelakelaiset.example",
        "Pentti Honkamaa",
        "puheenjohtaja",
        ("this year", 0.9),
    ),
    _koivikko(
        "Teatteri Koivunlehti ry",
        ["culture"],
        "971.173",
        "3971173-1",
        "teatteri@koivunlehti.example",
        "Saila Rautiola",
        "ohjaaja",
        ("this year", 0.3),
    ),
    _koivikko(
        "Koivikon Sydänyhdistys ry",
        ["social_health"],
        "971.180",
        "3971180-3",
        "sydan@koivikonsydan.example",
        "Arja Heinimäki",
        "yhdyshenkilö",
        ("before", 1),
    ),
    _koivikko(
        "Koivujärven Kalastuskunta ry",
        ["other"],
        "971.187",
        "3971187-0",
        "kalastus@koivujarvi.example",
        "Olavi Tuomikoski",
        "puheenjohtaja",
        ("this year", 0.6),
    ),
]

LAHDENPERA_ASSOCIATIONS = [
    (
        {
            "name": "Lahdenperän Nuorisoseura ry",
            "fields_of_activity": ["youth", "culture"],
            "registry_number": "971.194",
            "business_id": "3971194-2",
            "email": "nuorisoseura@lahdenpera-ns.example",
            "description": "Kesäteatteri ja nuorten iltakerho seurantalolla.",
            "contact_name": "Jere Lahdenmäki",
            "contact_role": "puheenjohtaja",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        ("this year", 0.5),
    ),
    (
        {
            "name": "Lahdenperän Maa- ja kotitalousnaiset ry",
            "fields_of_activity": ["other"],
            "registry_number": "971.201",
            "business_id": "3971201-3",
            "email": "kotitalousnaiset@lahdenpera-mkn.example",
            "description": "Kursseja ruoanlaitosta puutarhanhoitoon.",
            "contact_name": "Tyyne Ahonen-Perälä",
            "contact_role": "sihteeri",
            "published_fields": PUBLISHED_BY_DEFAULT,
        },
        ("before", 3),
    ),
]

ASSOCIATIONS = {
    "jarvela": JARVELA_ASSOCIATIONS,
    "koivikko": KOIVIKKO_ASSOCIATIONS,
    "lahdenpera": LAHDENPERA_ASSOCIATIONS,
}


def confirmed_at(when, now):
    """When the details were last confirmed: months ago, or relative to this year's start."""
    if isinstance(when, int):
        return now - relativedelta(months=when)
    kind, amount = when
    year_start = now.replace(month=1, day=1, hour=9, minute=0, second=0, microsecond=0)
    if kind == "this year":
        return year_start + (now - year_start) * amount
    return year_start - relativedelta(months=amount)


def ensure_directory_page(report, home):
    """The public directory of the register, under the home page."""
    return ensure_page(
        report,
        home,
        AssociationDirectoryPage,
        "yhdistykset",
        title="Yhdistykset",
        intro=(
            "<p>Kunnan yhdistykset toimialoittain. Jokainen yhdistys päättää itse, mitkä "
            "sen tiedoista näkyvät täällä, ja vahvistaa ne kerran vuodessa.</p>"
        ),
    )


def load(report, site, code):
    """A demo municipality's register; returns its associations."""
    associations = []
    now = timezone.now()
    for values, when in ASSOCIATIONS.get(code, []):
        existing = Association.objects.filter(site=site, name__iexact=values["name"]).first()
        report.record("associations", values["name"], created=existing is None)
        associations.append(
            existing
            or create_association(
                site,
                values,
                source=ChangeSource.STAFF,
                confirmed_at=confirmed_at(when, now),
            )
        )
    return associations


# Who speaks for which association (demo participant, association's name, confirmed?): the
# contact person confirmed most through the e-mailed link; one request still waits.
# Ilmari, who writes on two municipalities' walls, speaks for none: his texts name no
# association (a byline is the person's, not the municipality's).
REPRESENTATIVES = {
    "jarvela": [
        ("aino", "Järvelän Latu ry", True),
        ("aino", "Järvelän Kisa-Veikot ry", True),
        ("mikko", "Kulttuuriyhdistys Kajastus ry", True),
        ("leena", "Järvelän Eläkkeensaajat ry", True),
        ("leena", "Järvelän Omaishoitajat ry", True),
        ("oskari", "Järvelän Nuorisoseura ry", False),
    ],
    "koivikko": [
        ("kaarina", "Peräkylän Kyläseura ry", True),
        ("teemu", "Koivikon Urheiluseura ry", True),
    ],
}


def load_representatives(report, site, code, people):
    """The demo's representatives, through associations.representatives; returns
    {(person key, association name): Representation}."""
    from associations.models import Representation
    from associations.representatives import decide_by_contact, request_representation

    representations = {}
    for key, name, confirmed in REPRESENTATIVES.get(code, []):
        association = Association.objects.get(site=site, name=name)
        existing = (
            Representation.objects.open().filter(user=people[key], association=association).first()
        )
        report.record("representatives", f"{people[key]}, {name}", created=existing is None)
        if existing is None:
            existing = request_representation(people[key], association)
            if confirmed:
                existing = decide_by_contact(existing, confirm=True)
        representations[key, name] = existing
    return representations
