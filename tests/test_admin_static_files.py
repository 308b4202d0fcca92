"""Admin listings work with the production static files storage.

Production serves static files through a manifest of hashed names: a template that
asks for a file that is not collected is a 500 there ("Missing staticfiles manifest
entry"), while development only shows a broken image. These tests collect the static
files into a temporary directory and render with the manifest, as production does.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings

from associations.models import RepresentationState
from tests import factories

MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def state_column(response):
    """Each request's state cell in the representatives' queue, in words."""
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    return [" ".join(row.find_all("td")[3].get_text().split()) for row in rows]


def test_the_representatives_queue_says_each_state_in_words(
    collected_static, editor_client, home_page
):
    latu = factories.AssociationFactory(name="Järvelän Latu ry")
    factories.RepresentationFactory(association=latu)
    factories.RepresentationFactory(association=latu, state=RepresentationState.CONFIRMED)

    response = editor_client.get("/admin/associations/representatives/")

    assert response.status_code == 200
    assert state_column(response) == ["Odottaa vahvistusta", "Vahvistettu"]
    assert "admin/img/" not in response.content.decode()
