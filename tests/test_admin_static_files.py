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

from accounts.models import Association

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


def shown_column(response, names):
    """For each association named, the words in its "shown in the list" cell."""
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    cells = [[" ".join(c.get_text().split()) for c in row.find_all("td")] for row in rows]
    # The first cell also holds the row's buttons (Muokkaa, Poista).
    return {name: row[1] for row in cells for name in names if row[0].startswith(name)}


def test_the_association_list_says_in_words_which_are_shown(collected_static, editor_client):
    Association.objects.create(name="Järvelän Latu ry", is_active=True)
    Association.objects.create(name="Lakkautettu Seura ry", is_active=False)

    response = editor_client.get("/admin/accounts/associations/")

    assert response.status_code == 200
    assert shown_column(response, ["Järvelän Latu ry", "Lakkautettu Seura ry"]) == {
        "Järvelän Latu ry": "Kyllä",
        "Lakkautettu Seura ry": "Ei",
    }
    assert "admin/img/" not in response.content.decode()
