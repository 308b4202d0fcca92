"""Demo content: the invented municipality of Järvelä and its associations.

`load()` builds the whole site. Every helper looks its object up by a stable key
(a page's slug under its parent, a contact card's name, an idea's, image's or
document's title) and creates it only when it is missing, so the demo can be
loaded any number of times without duplicating anything. The forums and the
guideline load their own demo content (forums/demo.py, guidelines/demo.py).

The people, phone numbers, addresses and the municipality are invented.
"""

import io
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.commands.runserver import Command as RunServer
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from accounts.demo import ensure_demo_participants
from associations import demo as associations_demo
from associations.representatives import byline_association
from contacts.models import ContactCard, ContactsPage, Responsibility
from core.demo import (
    MUNICIPALITY,
    Report,
    bullets,
    days_from_today,
    ensure_document,
    ensure_page,
    publish,
)
from core.models import ModerationState, NavigationLink, SiteSettings
from forums import demo as forums_demo
from guidelines import demo as guidelines_demo
from home.models import (
    AccessibilityStatementPage,
    Conformance,
    HomePage,
    PrivacyNoticePage,
    StandardPage,
)
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaStatus, IdeaVote, IdeaWallPage
from news.models import NewsIndexPage, NewsPage

ORGANISATION = "Järvelän kunta, kulttuuri- ja vapaa-aikapalvelut"
# The municipality's invented emblem and its lake-teal accent colour (6.7:1 against white).
LOGO = Path(__file__).resolve().parent / "demo_assets" / "jarvela-logo.svg"
ACCENT_COLOUR = "#00666e"


# --- Bookkeeping ---------------------------------------------------------------


# --- Generic helpers -----------------------------------------------------------


# StreamField blocks in their stored (raw JSON) form.


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def contact_card(card):
    return {"type": "contact_card", "value": card.pk}


def call_to_action(title, text, page, button_label):
    value = {"title": title, "text": text, "page": page.pk, "url": "", "button_label": button_label}
    return {"type": "call_to_action", "value": value}


def document_link(document, title=""):
    return {"type": "document", "value": {"document": document.pk, "title": title}}


def table(rows, caption):
    value = {
        "data": rows,
        "table_header_choice": "row",
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": caption,
    }
    return {"type": "table", "value": value}


# --- Files: an illustration and small documents ---------------------------------


def illustration_png(width=1200, height=675):
    """An abstract picture of a lake, shores and meeting circles, as PNG bytes."""
    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(226 - 120 * share), int(238 - 80 * share), int(246 - 40 * share)),
        )
    draw.polygon(
        [(0, 430), (380, 360), (760, 420), (1200, 340), (1200, 675), (0, 675)], fill=(46, 125, 90)
    )
    draw.polygon([(0, 520), (520, 470), (1200, 540), (1200, 675), (0, 675)], fill=(28, 92, 130))
    overlay = PillowImage.new("RGBA", (width, height), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    circles = [
        (250, 210, 120, (247, 190, 46, 190)),
        (470, 250, 95, (231, 111, 81, 170)),
        (690, 200, 130, (255, 255, 255, 150)),
        (900, 260, 100, (120, 86, 160, 160)),
    ]
    for x, y, radius, colour in circles:
        shapes.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    picture = PillowImage.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_image(report, title, description, content, extension="png"):
    Image = get_image_model()  # noqa: N806
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        report.record("images", title, created=False)
        return existing
    image = Image(title=title, description=description)
    image.file = ContentFile(content, name=f"{slugify(title)[:60]}.{extension}")
    image._set_image_file_metadata()
    image.save()
    report.record("images", title, created=True)
    return image


# --- The home page and the site -------------------------------------------------


def ensure_home_page(report):
    """Our home page at the top of the tree, with the default site pointing at it."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is not None:
        report.record("pages", home.title, created=False)
    else:
        home = replace_welcome_page(report, root)
    point_site_at(home)
    return home


def replace_welcome_page(report, root):
    """Create the home page in place of Wagtail's "Welcome to your new Wagtail site!"."""
    welcome = root.get_children().exact_type(Page).filter(slug="home").first()
    if welcome is not None:
        welcome.slug = "wagtail-welcome"  # frees the slug "home"
        welcome.save()
    home = ensure_page(
        report,
        root,
        HomePage,
        "home",
        title=f"Yhdessä – {MUNICIPALITY}n järjestöyhteistyö",
        intro=(
            f"<p>Yhdessä on {MUNICIPALITY}n kunnan ja paikallisten yhdistysten yhteinen "
            "työtila. Täältä löydät foorumien seuraavat kokoukset, ajankohtaiset uutiset, "
            "järjestöyhteistyön ohjeen ja ideaseinän, jolle voit jättää omat "
            "kehittämisideasi.</p>"
        ),
    )
    if welcome is not None:
        point_site_at(home)  # the site would be deleted along with its root page
        welcome.delete()
    return home


def point_site_at(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # Where `manage.py runserver` serves; `make run` moves it to HOST_PORT (ensure_admin).
        site = Site(
            hostname=RunServer.default_addr, port=int(RunServer.default_port), is_default_site=True
        )
    site.root_page = home
    site.site_name = "Yhdessä"
    site.save()
    return site


def configure_site_settings(report, site, statement, nav_pages):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = ORGANISATION
    settings.logo = ensure_image(
        report,
        f"{MUNICIPALITY}n logo",
        "Kunnan tunnus: kilpi, järvi ja ilta-aurinko, valkoisena.",
        LOGO.read_bytes(),
        extension="svg",
    )
    settings.accent_colour = ACCENT_COLOUR
    settings.footer_address = (
        f"{MUNICIPALITY}n kunta\nKunnantalo, Rantakatu 5\n12340 {MUNICIPALITY}"
    )
    settings.feedback_email = "palaute@kunta.example"
    settings.accessibility_statement = statement
    settings.clean_fields()  # the accent colour passes the contrast rule editors meet
    linked = {link.page_id for link in settings.navigation_links.all()}
    order = len(linked)
    for page, label in nav_pages:
        if page.pk in linked:
            report.record("navigation links", label, created=False)
            continue
        settings.navigation_links.add(NavigationLink(page=page, label=label, sort_order=order))
        order += 1
        report.record("navigation links", label, created=True)
    settings.save()


# --- Contact cards ---------------------------------------------------------------

CONTACT_CARDS = [
    {
        "name": "Tuomas Rinnekoski",
        "title": "Kulttuuripäällikkö",
        "responsibility": Responsibility.CULTURE,
        "answers_for": "Kulttuuripalvelut, kulttuuriavustukset ja järjestöyhteistyö kokonaisuutena",
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
]


def ensure_contact_card(report, data):
    site = Site.objects.get(is_default_site=True)
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


def ensure_contact_cards(report):
    """The four cards, keyed by responsibility."""
    return {data["responsibility"]: ensure_contact_card(report, data) for data in CONTACT_CARDS}


def ensure_contacts_page(report, home):
    return ensure_page(
        report,
        home,
        ContactsPage,
        "yhteystiedot",
        title="Yhteystiedot",
        intro=(
            "<p>Foorumien kutsumisesta ja järjestöjen yhteydenpidosta vastaavat kunnan "
            "kulttuuri- ja vapaa-aikapalvelut. Sähköpostiosoitteet ovat muotoa "
            "etunimi.sukunimi@kunta.example.</p>"
        ),
    )


# --- Idea wall -------------------------------------------------------------------

WALL_COLUMNS = ["Viestintä", "Tilat", "Tapahtumat"]

# Invented association representatives who post, comment and vote on the demo wall.
# They cannot sign in: their passwords are unusable.
IDEAS = [
    {
        "title": "Yhteinen tapahtumakalenteri kaikille yhdistyksille",
        "body": "Kalenteri, johon jokainen yhdistys voi itse lisätä tapahtumansa. Näin "
        "päällekkäisyydet huomattaisiin ajoissa ja kuntalaiset löytäisivät kaiken yhdestä "
        "paikasta.",
        "column": "Viestintä",
        "author": "aino",
        "days_ago": 40,
        "status": IdeaStatus.PLANNED,
        "answer": "Kiitos ideasta! Tapahtumakalenteri rakennetaan tälle sivustolle, ja "
        "yhdistykset pääsevät lisäämään tapahtumiaan ensi keväänä. Kerromme aikataulusta "
        "järjestöfoorumissa.",
        "answered_days_ago": 12,
        "voters": ["mikko", "leena", "oskari"],
        "comments": [
            (
                "mikko",
                "Tämä olisi meille iso apu. Viime syksynä kolme konserttia osui samalle illalle.",
                [("aino", "Juuri tämän takia ehdotin! Kalenterista näkisi myös vapaat salit.")],
            ),
            ("leena", "Muistakaa myös ne, jotka eivät käytä nettiä: kalenteri kirjastoon.", []),
        ],
    },
    {
        "title": "Kunnan tilojen varaaminen verkossa",
        "body": "Koulujen liikuntasalien ja kokoustilojen vapaat vuorot näkyviin ja "
        "varattaviksi verkossa. Nyt vapaita aikoja joutuu kyselemään puhelimitse.",
        "column": "Tilat",
        "author": "mikko",
        "days_ago": 35,
        "status": IdeaStatus.UNDER_CONSIDERATION,
        "answer": "Selvitämme parhaillaan varausjärjestelmän hankintaa yhdessä "
        "naapurikuntien kanssa. Päätös tehdään vuoden loppuun mennessä.",
        "answered_days_ago": 20,
        "voters": ["aino", "leena", "oskari"],
        "comments": [
            (
                "oskari",
                "Nuorisoseuralle riittäisi, että näkisi edes vapaat vuorot.",
                [("mikko", "Sama meillä. Varauksen voisi vahvistaa vaikka sähköpostilla.")],
            ),
        ],
    },
    {
        "title": "Vapaaehtoisten välityspankki",
        "body": "Moni haluaisi auttaa tapahtumissa kertaluontoisesti. Yhteinen ilmoitustaulu, "
        "jossa yhdistykset kertovat tarpeistaan ja vapaaehtoiset voivat ilmoittautua mukaan.",
        "column": "Tapahtumat",
        "author": "leena",
        "days_ago": 30,
        "voters": ["aino", "oskari"],
        "comments": [
            ("aino", "Hiihtokilpailuihin tarvitaan joka talvi kymmenen talkoolaista.", [])
        ],
    },
    {
        "title": "Avustushaun infotilaisuus ja sparrausapu",
        "body": "Ennen avustushaun päättymistä ilta, jossa käydään läpi hakulomake ja "
        "yleisimmät virheet. Pienet yhdistykset hyötyisivät kädestä pitäen -opastuksesta.",
        "column": "Viestintä",
        "author": "oskari",
        "days_ago": 28,
        "status": IdeaStatus.DONE,
        "answer": "Infotilaisuus pidettiin pääkirjaston Salmi-salissa, ja sen materiaalit "
        "ovat foorumin sivulla. Järjestämme illan jatkossa joka vuosi ennen hakuaikaa.",
        "answered_days_ago": 5,
        "voters": ["aino", "mikko", "leena"],
        "comments": [],
    },
    {
        "title": "Yhdistysten esittelypäivä torilla",
        "body": "Syyskuun alussa yhteinen esittelypäivä, jossa yhdistykset kertovat "
        "toiminnastaan ja rekrytoivat uusia jäseniä. Kunta voisi hoitaa luvat ja sähköt.",
        "column": "Tapahtumat",
        "author": "aino",
        "days_ago": 21,
        "voters": ["leena"],
        "comments": [],
    },
    {
        "title": "Lainattava tapahtumakalusto",
        "body": "Teltat, pöydät, äänentoisto ja arpajaisrumpu yhteiseen lainaamoon, josta "
        "rekisteröidyt yhdistykset voisivat lainata niitä maksutta.",
        "column": "Tapahtumat",
        "author": "mikko",
        "days_ago": 18,
        "status": IdeaStatus.UNDER_CONSIDERATION,
        "voters": ["aino", "leena", "oskari"],
        "comments": [
            (
                "leena",
                "Meillä on kaksi telttaa, jotka voisimme antaa yhteiseen käyttöön.",
                [("mikko", "Hieno tarjous! Varastotila on kai se suurin kysymys.")],
            ),
        ],
    },
    {
        "title": "Hallitustyön koulutusilta",
        "body": "Koulutus puheenjohtajille, sihteereille ja rahastonhoitajille: "
        "kokouskäytännöt, tietosuoja ja kirjanpidon perusteet. Yhteistyössä naapurikuntien "
        "kanssa.",
        "column": "Tapahtumat",
        "author": "leena",
        "days_ago": 14,
        "voters": ["oskari"],
        "comments": [],
    },
    {
        "title": "Nuoret mukaan järjestötoimintaan",
        "body": "Yläkoulujen ja lukion kanssa yhteinen teemaviikko, jolla nuoret pääsevät "
        "kokeilemaan yhdistysten toimintaa. Harrastuspassi voisi kannustaa kokeilemaan useaa "
        "lajia.",
        "column": "Tapahtumat",
        "author": "oskari",
        "days_ago": 9,
        "voters": ["aino", "mikko"],
        "comments": [],
    },
    {
        "title": "Esteettömyyskartoitus yhdistysten tiloihin",
        "body": "Moni kokoontumistila on vaikeasti saavutettava pyörätuolilla tai "
        "rollaattorilla. Kartoitus ja tieto tilojen esteettömyydestä auttaisivat kaikkia.",
        "column": "Tilat",
        "author": "leena",
        "days_ago": 7,
        "status": IdeaStatus.PLANNED,
        "answer": "Kunnan tilojen esteettömyystiedot lisätään tilojen esittelyihin. "
        "Yhdistysten omien tilojen kartoitukseen voi hakea kohdeavustusta.",
        "answered_days_ago": 2,
        "voters": ["mikko"],
        "comments": [],
    },
    {
        "title": "Tapahtumat yhteen paikkaan",
        "body": "Olisi kätevää, jos kaikkien yhdistysten tapahtumat löytyisivät samasta paikasta.",
        "column": "Viestintä",
        "author": "oskari",
        "days_ago": 6,
        "status": IdeaStatus.DUPLICATE,
        "duplicate_of": "Yhteinen tapahtumakalenteri kaikille yhdistyksille",
        "voters": [],
        "comments": [],
    },
    {
        "title": "Maksuton pysäköinti yhdistysten tapahtumiin",
        "body": "Torin laidan pysäköinti maksuttomaksi aina, kun yhdistyksellä on tapahtuma "
        "keskustassa.",
        "column": "Tilat",
        "author": "mikko",
        "days_ago": 4,
        "status": IdeaStatus.NOT_TAKEN_FORWARD,
        "answer": "Keskustan pysäköintipaikkoja ei voida vapauttaa maksuttomiksi "
        "tapahtumakohtaisesti. Suosittelemme Urheilutalon maksutonta pysäköintialuetta.",
        "answered_days_ago": 1,
        "voters": [],
        "comments": [],
    },
]


def ensure_wall_columns(wall):
    """The wall's columns; a wall from an older demo gets them through a new revision."""
    present = set(wall.columns.values_list("name", flat=True))
    missing = [name for name in WALL_COLUMNS if name not in present]
    if missing:
        for name in missing:
            wall.columns.add(IdeaColumn(name=name, sort_order=WALL_COLUMNS.index(name)))
        publish(wall)
    return {column.name: column for column in wall.columns.all()}


def ensure_idea(report, wall, spec, columns, people, ideas):
    author = people[spec["author"]]
    now = timezone.now()
    created_at = now - timedelta(days=spec["days_ago"])
    defaults = {
        "body": spec["body"],
        "state": ModerationState.PUBLISHED,
        "column": columns[spec["column"]],
        "author": author,
        "association_name": byline_association(author),
        "created_at": created_at,
        "status": spec.get("status", IdeaStatus.NEW),
    }
    if spec.get("answer"):
        defaults["official_answer"] = spec["answer"]
        defaults["answered_at"] = now - timedelta(days=spec["answered_days_ago"])
    if spec.get("duplicate_of"):
        defaults["duplicate_of"] = ideas[spec["duplicate_of"]]
    idea, created = Idea.objects.get_or_create(wall=wall, title=spec["title"], defaults=defaults)
    report.record("ideas", spec["title"], created)
    for voter in spec["voters"]:
        _vote, created = IdeaVote.objects.get_or_create(idea=idea, voter=people[voter])
        report.record("votes", spec["title"], created)
    for number, (writer, body, replies) in enumerate(spec["comments"]):
        written = created_at + timedelta(days=number + 1)
        comment = ensure_comment(report, idea, None, people[writer], body, written)
        for hours, (replier, reply) in enumerate(replies, start=1):
            written_reply = written + timedelta(hours=hours)
            ensure_comment(report, idea, comment, people[replier], reply, written_reply)
    # The counts on the card are kept in the idea; count them from what is there.
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=idea.votes.count(), comment_count=idea.comments.visible().count()
    )
    return idea


def ensure_comment(report, idea, parent, author, body, created_at):
    comment, created = IdeaComment.objects.get_or_create(
        idea=idea,
        author=author,
        body=body,
        defaults={
            "parent": parent,
            "state": ModerationState.PUBLISHED,
            "created_at": created_at,
        },
    )
    report.record("comments", body[:40], created)
    return comment


def ensure_idea_wall(report, home):
    wall = ensure_page(
        report,
        home,
        IdeaWallPage,
        "ideaseina",
        title="Ideaseinä",
        intro=(
            "<p>Jätä kehittämisidea, kommentoi muiden ideoita ja äänestä parhaita. Kunnan "
            "työntekijät vastaavat ideoihin ja kertovat, mitä niille tapahtuu.</p>"
        ),
        columns=[IdeaColumn(name=name, sort_order=i) for i, name in enumerate(WALL_COLUMNS)],
    )
    columns = ensure_wall_columns(wall)
    people = ensure_demo_participants(report)
    ideas = {}
    for spec in IDEAS:
        ideas[spec["title"]] = ensure_idea(report, wall, spec, columns, people, ideas)
    return wall


# --- News ------------------------------------------------------------------------


def news_specs(cards, forums, guideline, idea_wall):
    association_forum, sports_forum, culture_forum = forums
    return [
        {
            "slug": "jarjestofoorumi-kokoontuu",
            "title": "Järjestöfoorumi kokoontuu: avustukset ja tilat",
            "days": -2,
            "lead": (
                "Järjestöfoorumin seuraavassa kokouksessa käsitellään avustusten "
                "myöntämisperusteita ja kunnan tilojen käyttöä. Kaikki yhdistykset ovat "
                "tervetulleita."
            ),
            "tags": ["järjestöfoorumi", "avustukset"],
            "image": True,
            "body": [
                heading("Mitä kokouksessa käsitellään?"),
                paragraph(
                    "<p>Kokouksessa käydään läpi järjestöyhteistyön ohjeen luonnokseen tulleet "
                    "kommentit, ensi vuoden avustushaun muutokset ja tilojen varaaminen "
                    "verkossa.</p>"
                ),
                paragraph(
                    "<p>Foorumiin voi osallistua paikan päällä. Kahvitarjoilun vuoksi "
                    "ilmoittautumiset pyydetään viikkoa ennen kokousta.</p>"
                ),
                heading("Lisätietoja", "h3"),
                contact_card(cards[Responsibility.ASSOCIATIONS]),
                call_to_action(
                    "Järjestöfoorumi",
                    "Katso kokouksen esityslista ja ilmoittaudu mukaan.",
                    association_forum,
                    "Foorumin sivulle",
                ),
            ],
        },
        {
            "slug": "ohjeen-luonnos-kommenteille",
            "title": "Järjestöyhteistyön ohjeen luonnos on avattu kommenteille",
            "days": -9,
            "lead": (
                "Kunnan ja yhdistysten yhdessä valmistelema järjestöyhteistyön ohje on nyt "
                "luonnoksena verkossa. Kommentoi osioita ennen kuin ohje viedään hyväksyttäväksi."
            ),
            "tags": ["järjestöyhteistyön ohje", "osallisuus"],
            "body": [
                paragraph(
                    "<p>Ohje kertoo, millaisia yhteistyön rakenteita ja tuen muotoja "
                    f"{MUNICIPALITY}ssä on, ja määrittelee yhteiset pelisäännöt. Luonnos syntyi "
                    "järjestöfoorumin työpajassa.</p>"
                ),
                heading("Näin kommentoit"),
                paragraph(
                    bullets(
                        "Avaa ohje ja valitse osio, jota haluat kommentoida.",
                        "Kirjoita kommenttisi yhdistyksesi nimissä.",
                        "Kommentit käsitellään seuraavassa järjestöfoorumissa.",
                    )
                ),
                call_to_action(
                    "Järjestöyhteistyön ohje",
                    "Lue luonnos ja kerro mielipiteesi.",
                    guideline,
                    "Kommentoi luonnosta",
                ),
            ],
        },
        {
            "slug": "seurafoorumi-vuorojako",
            "title": "Seurafoorumi sopi liikuntavuorojen jaon periaatteista",
            "days": -20,
            "lead": (
                "Lasten ja nuorten vuorot jaetaan jatkossa ensin, ja käyttämättömät vuorot "
                "palautetaan jakoon."
            ),
            "tags": ["seurafoorumi", "liikunta"],
            "body": [
                paragraph(
                    "<p>Seurafoorumi keskusteli salivuorojen käyttöasteesta ja sopi uusista "
                    "jakoperiaatteista. Muutokset tulevat voimaan seuraavalla kaudella.</p>"
                ),
                heading("Kysyttävää vuoroista?", "h3"),
                contact_card(cards[Responsibility.SPORTS]),
                call_to_action(
                    "Seurafoorumi",
                    "Lue kokouksen muistio ja katso seuraavan kokouksen ajankohta.",
                    sports_forum,
                    "Seurafoorumin sivulle",
                ),
            ],
        },
        {
            "slug": "ideaseina-avattu",
            "title": "Ideaseinä korvaa Padlet-alustan",
            "days": -34,
            "lead": (
                "Yhdistysten kehittämisideat kootaan nyt sivuston omalle ideaseinälle, jossa "
                "ideoita voi myös kommentoida ja äänestää."
            ),
            "tags": ["ideaseinä", "osallisuus"],
            "body": [
                paragraph(
                    "<p>Aiemmin Padlet-alustalle kootut ideat on siirretty ideaseinälle. Kunnan "
                    "työntekijät vastaavat ideoihin ja kertovat, mitkä niistä toteutetaan.</p>"
                ),
                call_to_action(
                    "Ideaseinä",
                    "Onko sinulla idea yhdistystoiminnan kehittämiseksi?",
                    idea_wall,
                    "Jätä idea",
                ),
            ],
        },
        {
            "slug": "tapahtumat-esitteeseen",
            "title": "Yhdistysten tapahtumat kootaan yhteiseen esitteeseen",
            "days": -50,
            "lead": (
                "Kulttuuri- ja matkailufoorumi kokoaa tulevan kauden tapahtumat yhteiseen "
                "esitteeseen. Ilmoita yhdistyksesi tapahtumat kuukauden loppuun mennessä."
            ),
            "tags": ["kulttuuri", "matkailu"],
            "body": [
                paragraph(
                    "<p>Yhteinen esite jaetaan kotitalouksiin ja matkailuneuvontaan. Mukaan "
                    "pääsevät kaikki paikallisten yhdistysten avoimet tapahtumat.</p>"
                ),
                contact_card(cards[Responsibility.TOURISM]),
                call_to_action(
                    "Kulttuuri- ja matkailufoorumi",
                    "Tutustu foorumin toimintaan.",
                    culture_forum,
                    "Foorumin sivulle",
                ),
            ],
        },
    ]


def ensure_news(report, home, cards, forums, guideline, idea_wall):
    index = ensure_page(
        report,
        home,
        NewsIndexPage,
        "ajankohtaista",
        title="Ajankohtaista",
        intro="<p>Uutisia foorumeista, avustuksista ja yhdistysten yhteistyöstä.</p>",
    )
    image = ensure_image(
        report,
        "Järven rannalla kokoontuvat ympyrät",
        "Abstrakti kuvitus: järvimaisema, jonka yllä värikkäitä toisiaan sivuavia ympyröitä.",
        illustration_png(),
    )
    for spec in news_specs(cards, forums, guideline, idea_wall):
        fields = {
            "title": spec["title"],
            "date": days_from_today(spec["days"]),
            "lead": spec["lead"],
            "body": spec["body"],
            "tags": spec["tags"],
        }
        if spec.get("image"):
            fields["image"] = image
            fields["image_alt_text"] = (
                "Värikkäitä ympyröitä järvimaiseman yllä, kuin ihmisiä koolla rannalla."
            )
        ensure_page(report, index, NewsPage, spec["slug"], **fields)
    return index


# --- Standard page and accessibility statement -----------------------------------


def ensure_cooperation_page(report, home, cards, forums, idea_wall):
    brochure = ensure_document(
        report,
        "Järjestöfoorumien toimintatapa",
        [
            "Foorumit kokoontuvat vähintään kaksi kertaa vuodessa. Kutsu lähetetään kolme "
            "viikkoa ennen kokousta.",
            "Kukin yhdistys nimeää varsinaisen jäsenen ja varajäsenen.",
            "Muistio julkaistaan kahden viikon kuluessa kokouksesta.",
        ],
    )
    rows = [
        ["Foorumi", "Kenelle", "Kokoontuu", "Yhteyshenkilö"],
        [forums[0].title, "Kaikki yhdistykset", "Vähintään kaksi kertaa vuodessa", ""],
        [forums[1].title, "Liikunta- ja urheiluseurat", "Ennen sali- ja kenttävuorojen jakoa", ""],
        [forums[2].title, "Kulttuuri ja matkailu", "Ennen tapahtumakausia", ""],
    ]
    for row, forum in zip(rows[1:], forums, strict=True):
        row[3] = forum.coordinator.name if forum.coordinator else ""
    body = [
        heading("Yhteistyötä ja kehittämistä"),
        paragraph(
            f"<p>{MUNICIPALITY}n hyvinvointisuunnitelmassa on nostettu esiin osallisuuden ja "
            "järjestötoiminnan vahvistaminen. Yhteistyötä kehitetään erityisesti viestinnän ja "
            "järjestöfoorumien avulla.</p>"
            "<p>Foorumien kutsumisesta sekä yhteydenpidosta yhdistyksiin vastaavat kunnan "
            "kulttuuri- ja vapaa-aikapalvelut.</p>"
        ),
        heading("Foorumit"),
        table(rows, f"{MUNICIPALITY}n foorumit"),
        document_link(brochure, "Järjestöfoorumien toimintatapa"),
        heading("Yhdistyksillä tärkeä rooli hyvinvoinnin edistäjänä"),
        paragraph(
            "<p>Kunta, hyvinvointialue ja yhdistykset muodostavat yhdessä kokonaisuuden, jonka "
            "kautta asukkaiden hyvinvointia ja osallisuutta viedään eteenpäin. Yhdistysten "
            "toiminta täydentää kunnan palveluja, ja niitä kannattaa kehittää yhdessä.</p>"
        ),
        heading("Lisätietoja"),
        *[contact_card(cards[key]) for key in Responsibility.values if key in cards],
        call_to_action(
            "Lisää kehittämisideasi ideaseinälle",
            "Ideaseinällä yhdistykset jakavat kehittämisideoita, kommentoivat ja äänestävät.",
            idea_wall,
            "Ideaseinälle",
        ),
    ]
    return ensure_page(
        report,
        home,
        StandardPage,
        "jarjestoyhteistyo-ja-foorumit",
        title="Järjestöyhteistyö ja foorumit",
        intro=(
            f"{MUNICIPALITY}n kunta ja paikalliset yhdistykset kehittävät yhteistyötä "
            "foorumeissa, yhteisen ohjeen avulla ja ideaseinällä."
        ),
        body=body,
    )


def ensure_accessibility_statement(report, home):
    return ensure_page(
        report,
        home,
        AccessibilityStatementPage,
        "saavutettavuusseloste",
        title="Saavutettavuusseloste",
        conformance=Conformance.PARTIAL,
        prepared_on=date(2025, 9, 15),
        reviewed_on=date(2026, 3, 2),
        non_accessible_content=(
            "<p>Sivusto täyttää saavutettavuusvaatimukset osittain. Seuraavat sisällöt eivät "
            "ole vielä saavutettavia:</p>"
            + bullets(
                "Osa foorumien muistioista ja materiaaleista on PDF-tiedostoja, joiden "
                "rakennetta ei ole merkitty (WCAG 1.3.1). Korjaamme ne vuoden loppuun "
                "mennessä; saat muistion pyynnöstä myös saavutettavassa muodossa.",
                "Vanhoissa uutiskuvissa voi olla puutteellisia tekstivastineita (WCAG 1.1.1).",
            )
        ),
        body=(
            "<h3>Palaute ja yhteystiedot</h3>"
            "<p>Huomasitko saavutettavuuspuutteen? Kerro siitä meille: "
            '<a href="mailto:palaute@kunta.example">palaute@kunta.example</a> tai puhelimitse '
            "040 765 1234 (arkisin klo 9–15). Vastaamme 14 päivän kuluessa.</p>"
            "<h3>Valvontaviranomainen</h3>"
            "<p>Jos huomaat sivustolla saavutettavuusongelmia, anna ensin palautetta meille. "
            "Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta kahden viikon "
            "aikana, voit tehdä ilmoituksen Liikenne- ja viestintävirasto Traficomin "
            "saavutettavuusvalvontaan.</p>"
            "<p>Liikenne- ja viestintävirasto Traficom<br/>Digitaalisen esteettömyyden ja "
            "saavutettavuuden valvontayksikkö<br/>"
            '<a href="https://www.saavutettavuusvaatimukset.fi">saavutettavuusvaatimukset.fi'
            '</a><br/><a href="mailto:saavutettavuus@traficom.fi">saavutettavuus@traficom.fi'
            "</a><br/>puhelinvaihde 029 534 5000</p>"
        ),
    )


def ensure_privacy_notice(report, home):
    """The association register's privacy notice; its controller and contacts are invented."""
    return ensure_page(
        report,
        home,
        PrivacyNoticePage,
        "tietosuojaseloste-yhdistysrekisteri",
        title="Yhdistysrekisterin tietosuojaseloste",
        controller=f"{ORGANISATION}\nKunnantie 1, 99999 Järvelä",
        data_protection_contact=(
            "Järvelän kunnan tietosuojavastaava\ntietosuoja@kunta.example\n040 765 4321"
        ),
        purpose=(
            "<p>Kunta pitää rekisteriä alueensa yhdistyksistä yhteistyötä varten: yhdistysten "
            "julkista hakemistoa, foorumien jäsenyyksiä, tiedottamista ja avustusasioita "
            "varten. Käsittely perustuu yhdistyksen suostumukseen julkaistavien tietojen "
            "osalta ja kunnan yleisen edun mukaiseen tehtävään muilta osin.</p>"
        ),
        data_kept=bullets(
            "Yhdistyksen nimi, yhdistysrekisterinumero, Y-tunnus ja toimialat",
            "Yhdistyksen verkkosivu, sähköposti, puhelinnumero ja lyhyt kuvaus",
            "Yhteyshenkilön nimi, tehtävä, puhelinnumero ja sähköposti",
            "Tieto siitä, mitkä tiedot yhdistys on suostunut julkaisemaan",
            "Tietojen muutoshistoria: kuka muutti, milloin ja mitä",
            "Edustajat, jotka toimivat yhdistyksen nimissä palvelussa",
        ),
        sources=(
            "<p>Tiedot saadaan yhdistyksiltä itseltään: ilmoituslomakkeelta, yhdistyksen "
            "edustajilta ja vuosittaisesta tietojen vahvistuksesta. Kunnan henkilökunta voi "
            "korjata tietoja yhdistyksen pyynnöstä.</p>"
        ),
        disclosures=(
            "<p>Vain yhdistyksen julkaistavaksi hyväksymät tiedot näytetään julkisessa "
            "hakemistossa ja rajapinnassa. Muita tietoja ei luovuteta kunnan ulkopuolelle, "
            "eikä niitä siirretä EU:n tai ETA:n ulkopuolelle.</p>"
        ),
        retention=(
            "<p>Tietoja säilytetään niin kauan kuin yhdistys toimii yhteistyössä kunnan "
            "kanssa. Yhteyshenkilöltä pyydetään tietojen vahvistusta kerran vuodessa; jos "
            "tietoja ei ole vahvistettu 18 kuukauteen, yhdistystä ei enää näytetä "
            "julkisessa hakemistossa. Poistopyynnön jälkeen tiedot poistetaan "
            "hakemistosta tai rekisteristä.</p>"
        ),
        rights=(
            "<p>Sinulla on oikeus tarkastaa tietosi, korjauttaa ne, vastustaa niiden "
            "käsittelyä ja pyytää niiden poistamista. Voit tehdä valituksen "
            "tietosuojavaltuutetun toimistolle, jos katsot, että tietojesi käsittely rikkoo "
            "tietosuoja-asetusta.</p>"
        ),
    )


# --- Everything ------------------------------------------------------------------


@transaction.atomic
def load():
    """Build the demo site; return a Report of what was created and what was there."""
    report = Report()
    home = ensure_home_page(report)
    cards = ensure_contact_cards(report)
    contacts_page = ensure_contacts_page(report, home)
    # The register and its representatives come first: ideas carry the association's name
    # of a confirmed representative, and the associations sit on the forums.
    site = Site.objects.get(is_default_site=True)
    associations_demo.load(report, site)
    directory = associations_demo.ensure_directory_page(report, home)
    associations_demo.load_representatives(report, site, ensure_demo_participants(report))
    idea_wall = ensure_idea_wall(report, home)
    guideline = guidelines_demo.load(report, home, idea_wall, contacts_page)
    forum_index, forums = forums_demo.load(report, home, cards, contacts_page)
    forums_demo.load_seats(report, forums, site)
    news_index = ensure_news(report, home, cards, forums, guideline, idea_wall)
    cooperation = ensure_cooperation_page(report, home, cards, forums, idea_wall)
    statement = ensure_accessibility_statement(report, home)
    ensure_privacy_notice(report, home)
    configure_site_settings(
        report,
        site,
        statement,
        [
            (cooperation, "Järjestöyhteistyö"),
            (forum_index, "Foorumit"),
            (news_index, "Ajankohtaista"),
            (guideline, "Ohje"),
            (idea_wall, "Ideaseinä"),
            (directory, "Yhdistykset"),
            (contacts_page, "Yhteystiedot"),
        ],
    )
    return report
