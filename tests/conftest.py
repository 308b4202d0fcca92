import pytest
from wagtail.models import Page, Site

from tests import factories


@pytest.fixture
def home_page(db):
    """A home page that the default site serves, as the demo and production have."""
    root = Page.objects.get(depth=1)
    for welcome in root.get_children():
        welcome.delete()
    home = factories.HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Yhdessä"},
    )
    return home


@pytest.fixture
def forum(home_page):
    index = factories.ForumIndexPageFactory(parent=home_page)
    return factories.ForumPageFactory(parent=index, title="Seurafoorumi")


@pytest.fixture
def editor(db):
    """A communications staff member who edits pages in the Wagtail admin."""
    from accounts.models import User

    return User.objects.create_superuser(email="viestinta@kunta.example", password="salasana-123")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
