"""The regional overview on the region's own Site (made by home's load_demo), in its main
navigation. Loading twice changes nothing."""

from django.db import transaction

from core.demo import Report, ensure_page
from core.models import NavigationLink, SiteSettings
from regions.models import RegionalOverviewPage

OVERVIEW_SLUG = "yleiskatsaus"
OVERVIEW_TITLE = "Järjestöyhteistyö Järviseudulla"
OVERVIEW_INTRO = (
    "<p>Mitä seudun kunnat tekevät yhdistysten kanssa: järjestävätkö ne säännöllisiä "
    "järjestöfoorumeita, onko niillä yhteistyöohje, onko järjestöyhteistyölle nimetty "
    "yhteyshenkilö ja kuinka vilkkaasti ideaseinillä keskustellaan. Luvut lasketaan "
    "suoraan siitä, mitä kunnat tässä palvelussa julkaisevat, ja jokainen luku vie kunnan "
    "omalle sivulle, joka sen osoittaa.</p>"
)
NAVIGATION_LABEL = "Yleiskatsaus"


class NoRegionalSite(Exception):
    pass


def regional_settings():
    settings = (
        SiteSettings.objects.filter(is_regional=True)
        .select_related("site__root_page")
        .order_by("pk")
        .first()
    )
    if settings is None:
        raise NoRegionalSite
    return settings


@transaction.atomic
def load(report=None):
    report = report or Report()
    settings = regional_settings()
    home = settings.site.root_page.specific
    page = ensure_page(
        report,
        home,
        RegionalOverviewPage,
        OVERVIEW_SLUG,
        title=OVERVIEW_TITLE,
        intro=OVERVIEW_INTRO,
    )
    if settings.navigation_links.filter(page=page).exists():
        report.record("navigation links", NAVIGATION_LABEL, created=False)
    else:
        NavigationLink.objects.create(
            settings=settings,
            page=page,
            label=NAVIGATION_LABEL,
            sort_order=settings.navigation_links.count(),
        )
        report.record("navigation links", NAVIGATION_LABEL, created=True)
    return report, page
