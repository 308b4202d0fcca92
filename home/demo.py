"""Demo content: three invented municipalities of different sizes and their region.

Järvelä (large, the default Site) has everything: three forums meeting for a year and a
half, a guideline open for comments, a full idea wall, a dozen associations. Koivikko
(medium) began its forum last quarter and has adopted its guideline; Lahdenperä (small)
has only its skeleton, one culture contact card, an upcoming first forum evening, a few
associations and one idea. The region's own site (Järviseutu) is only its skeleton here;
the regional overview is added by `manage.py load_regional_demo`.

Each municipality is made by home.municipalities.create_municipality, as
`manage.py add_municipality` makes one; then every app loads its own demo content for it
(`<app>/demo.py`, through the app's services) and this module only calls them in order.
Every helper looks its object up by a stable key first, so the demo can be loaded any
number of times without duplicating anything. The people, phone numbers, addresses and
municipalities are invented.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.management.commands.runserver import Command as RunServer
from django.db import transaction

from accounts.demo import ensure_demo_editor, ensure_demo_participants, ensure_staff_member
from associations import demo as associations_demo
from contacts import demo as contacts_demo
from contacts.models import Responsibility
from core.demo import (
    MUNICIPALITY,
    Report,
    call_to_action,
    contact_card,
    days_from_today,
    document_link,
    ensure_document,
    ensure_image,
    ensure_page,
    heading,
    paragraph,
    table,
)
from core.models import SiteSettings, StaffRole
from core.municipalities import create_staff_groups
from forums import demo as forums_demo
from guidelines import demo as guidelines_demo
from home.models import StandardPage
from home.municipalities import add_navigation_link, create_municipality
from ideas import demo as ideas_demo
from news import demo as news_demo

DEMO_ASSETS = Path(__file__).resolve().parent / "demo_assets"
# Where `manage.py runserver` serves; `make run` puts the sites on HOST_PORT (ensure_admin).
DEMO_PORT = int(RunServer.default_port)


@dataclass(frozen=True)
class DemoMunicipality:
    code: str
    name: str
    hostname: str
    accent_colour: str
    organisation: str
    footer_address: str
    feedback_email: str
    staff: tuple  # ((e-mail, name) of its editor, (e-mail, name) of its moderator)
    default: bool = False
    logo: str = ""


MUNICIPALITIES = [
    DemoMunicipality(
        code="jarvela",
        name=MUNICIPALITY,
        hostname="jarvela.localhost",
        # The lake-teal accent colour (6.7:1 against white) and the invented emblem.
        accent_colour="#00666e",
        logo="jarvela-logo.svg",
        organisation="Järvelän kunta, kulttuuri- ja vapaa-aikapalvelut",
        footer_address="Järvelän kunta\nKunnantalo, Rantakatu 5\n12340 Järvelä",
        feedback_email="palaute@kunta.example",
        staff=(
            ("toimittaja@jarvela.example", "Jaana Järvinen"),
            ("moderaattori@jarvela.example", "Joonas Rantala"),
        ),
        default=True,
    ),
    DemoMunicipality(
        code="koivikko",
        name="Koivikko",
        hostname="koivikko.localhost",
        accent_colour="#0b4f8a",
        organisation="Koivikon kunta, vapaa-aikatoimi",
        footer_address="Koivikon kunta\nKoivutie 2\n23450 Koivikko",
        feedback_email="palaute@koivikko.example",
        staff=(
            ("toimittaja@koivikko.example", "Kirsi Koivula"),
            ("moderaattori@koivikko.example", "Kalle Vanhala"),
        ),
    ),
    DemoMunicipality(
        code="lahdenpera",
        name="Lahdenperä",
        hostname="lahdenpera.localhost",
        accent_colour="#8a3b12",
        organisation="Lahdenperän kunta",
        footer_address="Lahdenperän kunta\nKirkkotie 1\n34560 Lahdenperä",
        feedback_email="palaute@lahdenpera.example",
        staff=(
            ("toimittaja@lahdenpera.example", "Laura Perälä"),
            ("moderaattori@lahdenpera.example", "Lauri Niemelä"),
        ),
    ),
]

# The region's own site: a Site, not a municipality (SiteSettings.is_regional).
REGION = {
    "name": "Järviseutu",
    "code": "jarviseutu",
    "hostname": "seutu.localhost",
    "site_name": "Järviseudun järjestöyhteistyö",
    "organisation": "Järviseudun järjestöyhteistyö",
    "accent_colour": "#3d4f2a",
}


# --- Järvelä's page on cooperation -------------------------------------------------


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


# --- Every municipality -------------------------------------------------------------


def ensure_staff(report, site, municipality):
    """The municipality's demo editor and moderator, in its own staff groups."""
    groups = create_staff_groups(site, municipality.name)
    (editor_email, editor_name), (moderator_email, moderator_name) = municipality.staff
    editor = ensure_staff_member(report, editor_email, editor_name, [groups[StaffRole.EDITORS]])
    moderator = ensure_staff_member(
        report, moderator_email, moderator_name, [groups[StaffRole.MODERATORS]]
    )
    return editor, moderator


def brand(report, site, municipality):
    """The logo, footer and feedback channel, unless an editor has set them already."""
    settings = SiteSettings.for_site(site)
    if municipality.logo and settings.logo_id is None:
        settings.logo = ensure_image(
            report,
            f"{municipality.name}n logo",
            "Kunnan tunnus: kilpi, järvi ja ilta-aurinko, valkoisena.",
            (DEMO_ASSETS / municipality.logo).read_bytes(),
            extension="svg",
        )
    settings.footer_address = settings.footer_address or municipality.footer_address
    settings.feedback_email = settings.feedback_email or municipality.feedback_email
    settings.save()
    return settings


def load_municipality(report, municipality):
    site = create_municipality(
        name=municipality.name,
        code=municipality.code,
        hostname=municipality.hostname,
        port=DEMO_PORT,
        accent_colour=municipality.accent_colour,
        default=municipality.default,
        report=report,
        organisation=municipality.organisation,
    )
    home = site.root_page.specific
    code = municipality.code
    brand(report, site, municipality)
    _editor, moderator = ensure_staff(report, site, municipality)
    cards = contacts_demo.load(report, site, code)
    contacts_page = contacts_demo.ensure_contacts_page(report, home)
    # The register and its representatives come first: ideas carry the association's name
    # of a confirmed representative, and the associations sit on the forums.
    associations_demo.load(report, site, code)
    associations_demo.load_representatives(report, site, code, ensure_demo_participants(report))
    # Järvelä's staff decisions have been the region-wide demo editor's from the start.
    decider = ensure_demo_editor(report) if municipality.default else moderator
    idea_wall = ideas_demo.load(report, home, code, decider)
    if code == "jarvela":
        guideline = guidelines_demo.load(report, home, idea_wall, contacts_page)
    elif code == "koivikko":
        guideline = guidelines_demo.load_adopted(
            report, home, adopted_on=days_from_today(-45), decided_by="Koivikon kunnanhallitus"
        )
    else:
        guideline = guidelines_demo.ensure_guideline_draft(report, home)
    _index, forums = forums_demo.load(report, home, code, cards, contacts_page)
    forums_demo.load_seats(report, forums, site, code)
    news_demo.load(report, home, code, cards, forums, guideline, idea_wall)
    if code == "jarvela":
        cooperation = ensure_cooperation_page(report, home, cards, forums, idea_wall)
        settings = SiteSettings.for_site(site)
        add_navigation_link(report, settings, cooperation, "Järjestöyhteistyö", first=True)
        settings.save()
    return site


@transaction.atomic
def load():
    """Build the demo's sites; return a Report of what was created and what was there."""
    report = Report()
    for municipality in MUNICIPALITIES:
        load_municipality(report, municipality)
    create_municipality(port=DEMO_PORT, report=report, regional=True, **REGION)
    return report
