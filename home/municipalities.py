"""Adding a municipality (or the region's own site) to an install in one step.

`create_municipality()` makes the Wagtail Site, its home page and the page skeleton an
editor expects to find (forums, news, the cooperation guideline as an unpublished draft,
the idea wall, contacts, the association directory, the accessibility statement and the
privacy notice), the Site's settings with their navigation, and the municipality's staff
groups (core.municipalities.create_staff_groups). Each app's pages are made by that app's
own demo helpers (`<app>/demo.py`), which look every page up by its slug first: so running
it again for the same code creates nothing and the report says so. `manage.py
add_municipality` and the demo (home/demo.py) both call it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from associations import demo as associations_demo
from contacts import demo as contacts_demo
from core.branding import validate_accent_colour
from core.demo import HELSINKI, Report, bullets, ensure_page
from core.models import MunicipalityGroup, NavigationLink, SiteSettings
from core.municipalities import create_staff_groups, municipality_by_code
from forums import demo as forums_demo
from guidelines import demo as guidelines_demo
from home.models import AccessibilityStatementPage, Conformance, HomePage, PrivacyNoticePage
from ideas import demo as ideas_demo
from news import demo as news_demo


@transaction.atomic
def create_municipality(
    *,
    name,
    code,
    hostname,
    port=80,
    accent_colour="",
    regional=False,
    default=False,
    report=None,
    site_name="",
    organisation="",
):
    """The municipality's Site with its page skeleton, settings and staff groups.

    `name` is the municipality's (or the region's) name as written on its pages, `code`
    its identifier (SiteSettings.code). The Site is named `site_name` ("Yhdessä – <name>"
    unless given). With `default`, it becomes the default Site, which also answers every
    host name no other Site has. Raises ValidationError for a bad code or colour, or a code
    or host name another Site has; for a code that exists on this host name it changes
    nothing and returns that Site (the report then counts nothing created).
    """
    report = report if report is not None else Report()
    try:
        validate_slug(code)
    except ValidationError as error:
        raise ValidationError({"code": error.messages}) from error
    if accent_colour:
        try:
            validate_accent_colour(accent_colour)
        except ValidationError as error:
            raise ValidationError({"accent_colour": error.messages}) from error
    hostname = hostname.strip().lower()
    if not hostname:
        raise ValidationError({"hostname": _("Give the host name of the municipality's site.")})
    site = municipality_by_code(code)
    if site is not None and site.hostname != hostname:
        raise ValidationError(
            {
                "code": _("The code %(code)s is already used by the site %(hostname)s.")
                % {"code": code, "hostname": site.hostname}
            }
        )
    if site is None:
        taken = Site.objects.filter(hostname=hostname).exclude(pk=_adoptable_pk(default))
        if taken.exists():
            raise ValidationError(
                {
                    "hostname": _("Another site already uses the host name %(hostname)s.")
                    % {"hostname": hostname}
                }
            )
        site = _make_site(report, name, hostname, port, default, site_name or f"Yhdessä – {name}")
        report.record("sites", site.site_name, created=True)
    else:
        report.record("sites", site.site_name, created=False)
    home = site.root_page.specific
    pages = skeleton(report, home, name, regional)
    configure_settings(
        report,
        site,
        code=code,
        organisation=organisation or name,
        accent_colour=accent_colour,
        regional=regional,
        pages=pages,
    )
    before = set(MunicipalityGroup.objects.filter(site=site).values_list("group_id", flat=True))
    for group in create_staff_groups(site, name).values():
        report.record("staff groups", group.name, created=group.pk not in before)
    return site


def _adoptable_pk(default):
    """The default Site that a new default municipality takes over, if any: the one a
    fresh install has (Wagtail's welcome page) or an older demo's, which has no code."""
    if not default:
        return None
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or SiteSettings.for_site(site).code:
        return None
    return site.pk


def _make_site(report, name, hostname, port, default, site_name):
    root = Page.get_first_root_node()
    adopted = Site.objects.filter(pk=_adoptable_pk(default)).first()
    if adopted is not None and isinstance(adopted.root_page.specific, HomePage):
        home = adopted.root_page.specific
    else:
        home = ensure_page(
            report,
            root,
            HomePage,
            _free_slug(root, hostname.split(".")[0]),
            title=site_name,
            intro=(
                f"<p>{site_name} on kunnan ja paikallisten yhdistysten yhteinen työtila. "
                "Täältä löydät foorumien seuraavat kokoukset, ajankohtaiset uutiset, "
                "järjestöyhteistyön ohjeen ja ideaseinän, jolle voit jättää omat "
                "kehittämisideasi.</p>"
            ),
        )
    if default:
        Site.objects.filter(is_default_site=True).exclude(pk=getattr(adopted, "pk", None)).update(
            is_default_site=False
        )
    site = adopted or Site()
    previous_root = site.root_page if adopted is not None else None
    site.hostname, site.port, site.site_name = hostname, port, site_name
    site.root_page, site.is_default_site = home, default
    site.full_clean()
    site.save()
    if (
        previous_root is not None
        and previous_root.pk != home.pk
        and type(previous_root.specific) is Page
    ):
        previous_root.delete()  # Wagtail's "Welcome to your new Wagtail site!"
    return site


def _free_slug(root, wanted):
    slug, number = wanted, 1
    while root.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def skeleton(report, home, name, regional):
    """The pages every municipality starts with, as {what: page}; the region's own site
    has only its home page, the accessibility statement and the privacy notice."""
    pages = {}
    if not regional:
        pages["forums"] = forums_demo.ensure_forum_index(report, home)
        pages["news"] = news_demo.ensure_news_index(report, home)
        pages["guideline"] = guidelines_demo.ensure_guideline_draft(report, home)
        pages["idea_wall"] = ideas_demo.ensure_idea_wall(report, home)
        pages["directory"] = associations_demo.ensure_directory_page(report, home)
        pages["contacts"] = contacts_demo.ensure_contacts_page(report, home)
    pages["accessibility"] = ensure_accessibility_statement(report, home, name)
    pages["privacy"] = ensure_privacy_notice(report, home, name)
    return pages


# The main navigation of a municipality's site, in this order; a link to a page that is not
# live (the guideline before it is written) is left out of the menu until it is published.
NAVIGATION = [
    ("forums", "Foorumit"),
    ("news", "Ajankohtaista"),
    ("guideline", "Ohje"),
    ("idea_wall", "Ideaseinä"),
    ("directory", "Yhdistykset"),
    ("contacts", "Yhteystiedot"),
]


def configure_settings(report, site, *, code, organisation, accent_colour, regional, pages):
    settings = SiteSettings.for_site(site)
    settings.code = code
    settings.is_regional = regional
    if not settings.organisation_name:
        settings.organisation_name = organisation
    if accent_colour and not settings.accent_colour:
        settings.accent_colour = accent_colour
    if settings.accessibility_statement_id is None:
        settings.accessibility_statement = pages["accessibility"]
    settings.clean_fields()  # the accent colour passes the contrast rule editors meet
    for key, label in NAVIGATION:
        if key in pages:
            add_navigation_link(report, settings, pages[key], label)
    settings.save()
    return settings


def add_navigation_link(report, settings, page, label, first=False):
    """`page` in the site's main navigation (once); `first` puts it before the others."""
    links = list(settings.navigation_links.all())
    if any(link.page_id == page.pk for link in links):
        report.record("navigation links", label, created=False)
        return
    if first:
        for link in links:
            link.sort_order = (link.sort_order or 0) + 1
        order = 0
    else:
        order = max((link.sort_order or 0 for link in links), default=-1) + 1
    settings.navigation_links.add(NavigationLink(page=page, label=label, sort_order=order))
    report.record("navigation links", label, created=True)


def ensure_accessibility_statement(report, home, name):
    today = timezone.localdate(timezone=HELSINKI)
    return ensure_page(
        report,
        home,
        AccessibilityStatementPage,
        "saavutettavuusseloste",
        title="Saavutettavuusseloste",
        conformance=Conformance.PARTIAL,
        prepared_on=date(2025, 9, 15) if today > date(2025, 9, 15) else today,
        reviewed_on=today,
        non_accessible_content=(
            f"<p>Seloste koskee sivustoa, jolla {name} ja sen yhdistykset tekevät "
            "yhteistyötä. Sivusto täyttää saavutettavuusvaatimukset osittain. Seuraavat "
            "sisällöt eivät ole vielä saavutettavia:</p>"
            + bullets(
                "Osa foorumien muistioista ja materiaaleista on PDF-tiedostoja, joiden "
                "rakennetta ei ole merkitty (WCAG 1.3.1). Korjaamme ne vuoden loppuun "
                "mennessä; saat muistion pyynnöstä myös saavutettavassa muodossa.",
                "Vanhoissa uutiskuvissa voi olla puutteellisia tekstivastineita (WCAG 1.1.1).",
            )
        ),
        body=(
            "<h3>Palaute ja yhteystiedot</h3>"
            "<p>Huomasitko saavutettavuuspuutteen? Kerro siitä meille sivun alaosan "
            "palautekanavassa. Vastaamme 14 päivän kuluessa.</p>"
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


def ensure_privacy_notice(report, home, name, controller="", contact=""):
    """The association register's privacy notice, naming the municipality."""
    return ensure_page(
        report,
        home,
        PrivacyNoticePage,
        "tietosuojaseloste-yhdistysrekisteri",
        title="Yhdistysrekisterin tietosuojaseloste",
        controller=controller or f"{name}, kunnan kulttuuri- ja vapaa-aikapalvelut",
        data_protection_contact=contact or f"Tietosuojavastaava ({name})",
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
