"""Where an editor may add each page type: the page tree keeps the site in shape.

The table says, for every page type, which types an editor is offered under it.
Everything else follows from it: the allowed parents are the table read backwards,
and a type with no children is a leaf.
"""

import pytest
from wagtail.models import Page, get_page_models

from associations.models import AssociationDirectoryPage
from contacts.models import ContactsPage
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage
from guidelines.models import GuidelinePage
from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage, StandardPage
from ideas.models import IdeaWallPage
from news.models import NewsIndexPage, NewsPage
from regions.models import RegionalOverviewPage
from tests import factories

CHILDREN = {
    Page: {HomePage},  # the tree's root
    HomePage: {
        NewsIndexPage,
        ForumIndexPage,
        GuidelinePage,
        IdeaWallPage,
        ContactsPage,
        StandardPage,
        AccessibilityStatementPage,
        PrivacyNoticePage,
        AssociationDirectoryPage,
        RegionalOverviewPage,  # offered on the region's own site only (can_create_at)
    },
    StandardPage: {StandardPage, ContactsPage, GuidelinePage, IdeaWallPage},
    NewsIndexPage: {NewsPage},
    ForumIndexPage: {ForumPage},
    ForumPage: {ForumMeetingPage},
    NewsPage: set(),
    ForumMeetingPage: set(),
    GuidelinePage: set(),
    IdeaWallPage: set(),
    ContactsPage: set(),
    AccessibilityStatementPage: set(),
    PrivacyNoticePage: set(),
    AssociationDirectoryPage: set(),
    RegionalOverviewPage: set(),
}

PARENTS = {
    child: {parent for parent, children in CHILDREN.items() if child in children}
    for child in CHILDREN
    if child is not Page
}


def _names(models):
    return sorted(model.__name__ for model in models)


def test_every_page_type_is_in_the_table():
    assert _names(get_page_models()) == _names(CHILDREN)


@pytest.mark.parametrize("parent", CHILDREN, ids=lambda model: model.__name__)
def test_editor_is_offered_exactly_the_allowed_child_types(parent):
    assert _names(parent.creatable_subpage_models()) == _names(CHILDREN[parent])


@pytest.mark.parametrize("child", PARENTS, ids=lambda model: model.__name__)
def test_each_page_type_goes_only_under_its_allowed_parents(child):
    assert _names(child.allowed_parent_page_models()) == _names(PARENTS[child])


@pytest.mark.django_db
def test_home_pages_sit_at_the_root_one_per_municipality(home_page):
    root = Page.get_first_root_node()
    standard = factories.StandardPageFactory(parent=home_page)

    assert HomePage.can_create_at(root), "each municipality's Site has a home of its own"
    assert not HomePage.can_create_at(standard)
    assert not HomePage.can_create_at(home_page)


@pytest.mark.django_db
def test_a_new_site_can_get_its_home_page_under_the_root():
    root = Page.get_first_root_node()
    for welcome in root.get_children():
        welcome.delete()

    assert HomePage.can_create_at(root)


@pytest.mark.django_db
def test_the_accessibility_statement_is_added_once(home_page):
    assert AccessibilityStatementPage.can_create_at(home_page)

    factories.AccessibilityStatementPageFactory(parent=home_page)

    assert not AccessibilityStatementPage.can_create_at(home_page)


@pytest.mark.django_db
def test_a_section_has_at_most_one_contacts_page(home_page):
    section = factories.StandardPageFactory(parent=home_page)
    factories.ContactsPageFactory(parent=home_page)

    assert not ContactsPage.can_create_at(home_page)
    assert ContactsPage.can_create_at(section)


@pytest.mark.django_db
def test_articles_and_meetings_are_added_only_in_their_own_section(home_page, forum):
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    standard = factories.StandardPageFactory(parent=home_page)

    assert NewsPage.can_create_at(news_index)
    assert ForumMeetingPage.can_create_at(forum)
    assert ForumPage.can_create_at(forum.get_parent())
    for misplaced_parent in [home_page, standard]:
        assert not NewsPage.can_create_at(misplaced_parent)
        assert not ForumMeetingPage.can_create_at(misplaced_parent)
        assert not ForumPage.can_create_at(misplaced_parent)
