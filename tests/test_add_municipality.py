"""`manage.py add_municipality` adds a municipality with its page skeleton in one step."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import GroupPagePermission, Page, Site

from associations.models import AssociationDirectoryPage
from contacts.models import ContactsPage
from core.models import MunicipalityGroup, SiteSettings, StaffRole
from forums.models import ForumIndexPage
from guidelines.models import GuidelinePage
from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage
from ideas.models import IdeaWallPage
from news.models import NewsIndexPage

SKELETON = [
    ForumIndexPage,
    NewsIndexPage,
    GuidelinePage,
    IdeaWallPage,
    ContactsPage,
    AssociationDirectoryPage,
    AccessibilityStatementPage,
    PrivacyNoticePage,
]


def add(*args):
    out = io.StringIO()
    call_command("add_municipality", *args, stdout=out)
    return out.getvalue()


def koivikko():
    return add("Koivikko", "--code", "koivikko", "--hostname", "koivikko.example.fi", "--port",
               "443", "--accent", "#0b4f8a")  # fmt: skip


@pytest.fixture
def added(db):
    output = koivikko()
    return Site.objects.get(hostname="koivikko.example.fi"), output


def test_a_municipality_gets_its_site_home_and_skeleton_in_one_step(added):
    site, output = added
    assert "https://koivikko.example.fi/" in output
    assert site.port == 443
    assert not site.is_default_site
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.get_parent().pk == Page.get_first_root_node().pk
    for model in SKELETON:
        pages = model.objects.child_of(home)
        assert pages.count() == 1, model
    statement = AccessibilityStatementPage.objects.child_of(home).get()
    assert "Koivikko" in statement.non_accessible_content
    settings = SiteSettings.for_site(site)
    assert settings.code == "koivikko"
    assert settings.accent_colour == "#0b4f8a"
    assert not settings.is_regional
    assert settings.accessibility_statement_id == statement.pk
    linked = {link.page.specific_class for link in settings.navigation_links.all()}
    assert {ForumIndexPage, NewsIndexPage, GuidelinePage, IdeaWallPage} <= linked
    assert {AssociationDirectoryPage, ContactsPage} <= linked


def test_the_new_guideline_waits_unpublished_for_its_text_and_is_not_in_the_menu(added, client):
    site, _output = added
    guideline = GuidelinePage.objects.descendant_of(site.root_page).get()
    assert not guideline.live
    assert guideline.get_latest_revision() is not None, "an editor finds a draft to write"
    host = {"HTTP_HOST": "koivikko.example.fi:443"}
    assert client.get("/jarjestoyhteistyon-ohje/", **host).status_code == 404
    home = client.get("/", **host)
    assert home.status_code == 200
    assert "/jarjestoyhteistyon-ohje/" not in home.content.decode()
    assert 'href="/foorumit/"' in home.content.decode()


def test_the_municipality_has_its_own_editors_and_moderators(added):
    site, _output = added
    links = MunicipalityGroup.objects.filter(site=site)
    assert set(links.values_list("role", flat=True)) == {StaffRole.EDITORS, StaffRole.MODERATORS}
    editors = links.get(role=StaffRole.EDITORS).group
    assert GroupPagePermission.objects.filter(group=editors, page=site.root_page).exists()


def test_adding_it_again_changes_nothing_and_says_so(added):
    counts = (Page.objects.count(), Site.objects.count(), Group.objects.count())
    output = koivikko()
    assert "nothing changed" in output
    assert (Page.objects.count(), Site.objects.count(), Group.objects.count()) == counts


def test_the_regional_site_has_only_its_home_and_statements(db):
    add("Järviseutu", "--code", "jarviseutu", "--hostname", "seutu.example.fi", "--regional",
        "--site-name", "Järviseudun järjestöyhteistyö")  # fmt: skip
    site = Site.objects.get(hostname="seutu.example.fi")
    assert site.site_name == "Järviseudun järjestöyhteistyö"
    assert SiteSettings.for_site(site).is_regional
    kinds = {page.specific_class for page in site.root_page.get_children()}
    assert kinds == {AccessibilityStatementPage, PrivacyNoticePage}


def test_the_default_municipality_takes_over_a_fresh_installs_welcome_page(db):
    welcome = Site.objects.get(is_default_site=True).root_page
    assert type(welcome.specific) is Page
    add("Järvelä", "--code", "jarvela", "--hostname", "jarvela.example.fi", "--default")
    site = Site.objects.get(is_default_site=True)
    assert Site.objects.count() == 1
    assert site.hostname == "jarvela.example.fi"
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(pk=welcome.pk).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--code", "koivikko", "--hostname", "toinen.example.fi"], "koivikko.example.fi"),
        (["--code", "toinen", "--hostname", "koivikko.example.fi"], "koivikko.example.fi"),
        (["--code", "Koi vikko", "--hostname", "uusi.example.fi"], "code"),
        (["--code", "uusi", "--hostname", "uusi.example.fi", "--accent", "#ffff00"], "accent"),
        (["--code", "uusi", "--hostname", "uusi.example.fi", "--accent", "sininen"], "accent"),
    ],
)
def test_a_taken_code_or_host_name_a_bad_code_or_colour_is_refused_with_a_clear_error(
    added, arguments, message
):
    sites = Site.objects.count()
    with pytest.raises(CommandError) as refused:
        add("Uusi", *arguments)
    assert message in str(refused.value).lower() or message in str(refused.value)
    assert Site.objects.count() == sites
