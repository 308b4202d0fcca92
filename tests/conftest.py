import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests import closing_summary, factories


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


@pytest.fixture
def moderator(db):
    """A staff member in the "Moderaattorit" group (made by ideas' data migration)."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user(
        email="moderaattori@kunta.example",
        password="salasana-123",
        display_name="Maija Moderaattori",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name="Moderaattorit"))
    return user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block committed, as in production: the e-mail
    the services queue after their transaction goes then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coordinator(db):
    """A coordinator who runs a forum: in Wagtail's Editors group, not a superuser."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user(
        email="koordinaattori@kunta.example", password="salasana-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def visitor(rf):
    """An anonymous visitor's POST, for the services that take the request."""
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/")
    request.user = AnonymousUser()
    return request


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def many_writes(settings):
    """Every kind of write allowed a thousand times an hour, for tests that flood on purpose."""
    limit = {"per_user": "1000/h", "per_ip": "10000/h"}
    settings.YHDESSA_RATE_LIMITS = dict.fromkeys(settings.YHDESSA_RATE_LIMITS, limit)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture
def run_background_worker():
    """Run `db_worker --batch` inside the test's transaction, on SQLite and on PostgreSQL.

    The worker calls close_old_connections(), which closes a connection that is inside a
    transaction: that would end the test's transaction on PostgreSQL (SQLite's in-memory
    test database ignores close()). Django's test client switches the same check off.
    """
    from unittest import mock

    from django.core.management import call_command

    def run():
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")

    return run


def pytest_collection_modifyitems(items):
    """Browser journeys run last.

    Playwright keeps an event loop running in the main thread for the rest of the
    session; tests that use the live server with serialized rollback afterwards get a
    different database connection and find the database empty.
    """
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
    _name_each_operation(items)


def _name_each_operation(items):
    """Schemathesis names its items per operation, but on pytest 9 they share one node id.

    pytest-xdist sends tests to its workers by node id: with the ids alike, the workers
    ran one operation of 41. Each gets its own id, `...answers_as_documented[GET /api/…]`.
    """
    for item in items:
        if "[" in item.name and not item.nodeid.endswith("]"):
            item._id = item.parent.id.child(item.name)  # as pytest names any other item


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """The workers keep the collection's order: transactional tests last (tests/scheduling.py)."""
    from tests.scheduling import CollectionOrderScheduling

    return CollectionOrderScheduling(config, log)


@pytest.fixture
def page_cache(settings):
    """The page cache on (core.page_cache), empty before and after the test."""
    from django.core.cache import caches

    settings.YHDESSA_PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


# --- The closing summary, also from pytest-xdist's workers (tests/closing_summary.py) ---


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # in a worker: hand the lines to the controller
        workeroutput["closing_summary"] = closing_summary.SECTIONS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for title, lines in getattr(node, "workeroutput", {}).get("closing_summary", {}).items():
        closing_summary.add(title, lines)


def pytest_terminal_summary(terminalreporter):
    closing_summary.write(terminalreporter)
