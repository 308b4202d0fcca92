"""A guideline section keeps one identity while editors rework the page.

Comments are tied to a section's key and to the revision they were written on, never to
quoted text (hypothesis/client#7571): the key must survive every way the admin saves.
"""

import itertools
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guidelines.models import GuidelinePage, GuidelineSection
from tests import factories


def guideline_form(sections, initial):
    return nested_form_data(
        {
            "title": "Järjestöyhteistyön ohje",
            "slug": "ohje",
            "intro": rich_text(""),
            "status": "draft",
            "version_label": "Luonnos 2026",
            "adopted_on": "",
            "pdf": "",
            "sections": inline_formset(sections, initial=initial, min=1),
        }
    )


SUMMARY_NUMBERS = itertools.count(1)


def section_form(section, **fields):
    """The inline form of a section already saved, as the editor sends it back."""
    return {
        "id": str(section.pk) if section.pk else "",
        "title": section.title,
        "anchor": section.anchor,
        "body": rich_text(section.body),
        **fields,
    }


def edit(client, page, sections, initial, publish=False):
    data = guideline_form(sections, initial)
    if publish:
        data["action-publish"] = "action-publish"
        # Publishing asks what changed (the public version history shows it), anew each time.
        data["change_summary"] = f"Muutos {next(SUMMARY_NUMBERS)}."
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return GuidelinePage.objects.get(pk=page.pk)


def keys_in_editor(client, page):
    """The hidden key fields of the page editor's section forms, by field name."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return {
        field["name"]: field.get("value", "")
        for field in soup.select('input[name^="sections-"][name$="-key"]')
    }


def keys_in_revision(revision):
    return {s["anchor"]: s["key"] for s in revision.content["sections"]}


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    factories.GuidelineSectionFactory(page=page, title="Avustukset", anchor="avustukset")
    page.save_revision().publish()
    return GuidelinePage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_every_section_has_its_own_key(guideline):
    keys = list(guideline.sections.values_list("key", flat=True))

    assert len(set(keys)) == 2
    assert all(isinstance(key, uuid.UUID) for key in keys)


@pytest.mark.django_db
def test_editing_and_publishing_in_the_admin_keeps_the_keys(editor_client, guideline):
    tilat, avustukset = guideline.sections.all()
    before = {s.anchor: s.key for s in (tilat, avustukset)}

    # A draft that rewrites one section, reorders them and adds a new one.
    page = edit(
        editor_client,
        guideline,
        [
            section_form(avustukset, body=rich_text("<p>Haku on huhtikuussa.</p>")),
            section_form(tilat),
            {"title": "Viestintä", "anchor": "viestinta", "body": rich_text("<p>Uutiskirje.</p>")},
        ],
        initial=2,
    )
    draft = page.get_latest_revision()
    in_draft = keys_in_revision(draft)
    assert in_draft["tilat"] == str(before["tilat"])
    assert in_draft["avustukset"] == str(before["avustukset"])
    new_key = in_draft["viestinta"]
    assert new_key not in {str(k) for k in before.values()}

    # The editor opens the draft again and publishes it: the new section keeps its key too.
    sections = list(draft.as_object().sections.all())
    hidden = keys_in_editor(editor_client, page)
    assert hidden["sections-2-key"] == new_key
    assert not hidden.get("sections-__prefix__-key"), "the blank form has no key to copy"
    page = edit(
        editor_client,
        page,
        [section_form(s, key=hidden[f"sections-{i}-key"]) for i, s in enumerate(sections)],
        initial=len(sections),
        publish=True,
    )
    live = {s.anchor: s.key for s in GuidelineSection.objects.filter(page=page)}
    assert live == {
        "tilat": before["tilat"],
        "avustukset": before["avustukset"],
        "viestinta": uuid.UUID(new_key),
    }
    assert "Haku on huhtikuussa." in GuidelineSection.objects.get(key=before["avustukset"]).body


@pytest.mark.django_db
def test_a_deleted_section_comes_back_with_a_new_key(editor_client, guideline):
    tilat, avustukset = guideline.sections.all()

    edit(
        editor_client,
        guideline,
        [section_form(tilat), section_form(avustukset, DELETE="on")],
        initial=2,
        publish=True,
    )
    edit(
        editor_client,
        guideline,
        [
            section_form(tilat),
            {"title": "Avustukset", "anchor": "avustukset", "body": rich_text("<p>Uusi.</p>")},
        ],
        initial=1,
        publish=True,
    )

    assert guideline.sections.get(anchor="tilat").key == tilat.key
    assert guideline.sections.get(anchor="avustukset").key != avustukset.key


@pytest.mark.django_db
def test_a_copied_guideline_can_keep_the_same_keys(guideline, home_page):
    copy = guideline.copy(update_attrs={"slug": "ohje-kopio", "title": "Kopio"})

    assert set(copy.sections.values_list("key", flat=True)) == set(
        guideline.sections.values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_revisions_saved_before_keys_existed_get_the_sections_keys(guideline):
    """The data migration writes each section's key into the revisions stored before it."""
    from importlib import import_module

    from django.apps import apps

    fill_keys = import_module("guidelines.migrations.0002_section_key").fill_keys
    tilat = guideline.sections.get(anchor="tilat")
    old = guideline.get_latest_revision()
    gone = {"pk": 999999, "title": "Poistettu", "anchor": "poistettu", "body": "<p>x</p>"}
    for section in old.content["sections"]:
        del section["key"]
    old.content["sections"].append(gone)
    old.save(update_fields=["content"])
    older = guideline.save_revision()
    older.content["sections"] = [dict(gone)]
    older.save(update_fields=["content"])

    fill_keys(apps, None)

    old.refresh_from_db()
    older.refresh_from_db()
    assert keys_in_revision(old)["tilat"] == str(tilat.key)
    assert keys_in_revision(old)["poistettu"] == keys_in_revision(older)["poistettu"]
    # Opening the old revision gives the live section's key, not a new one each time.
    assert old.as_object().sections.get(anchor="tilat").key == tilat.key


@pytest.mark.django_db
def test_two_sections_sent_with_one_key_are_refused(editor_client, guideline):
    tilat, avustukset = guideline.sections.all()
    data = guideline_form(
        [
            section_form(tilat),
            section_form(avustukset),
            {
                "title": "Uusi",
                "anchor": "uusi",
                "body": rich_text("<p>x</p>"),
                "key": str(tilat.key),
            },
        ],
        initial=2,
    )
    data["action-publish"] = "action-publish"

    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[guideline.pk]), data)

    assert response.status_code == 200
    assert "Kaksi osiota lähetettiin samana osiona" in response.content.decode()
    assert guideline.sections.count() == 2
