"""The guideline's public versions: a history, each version, and what changed between two.

An editor publishes the guideline; each publication is a numbered version anyone can
read and compare. Drafts never reach the public, and a link to version 2 always shows
version 2.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core import diff
from guidelines import versions
from guidelines.models import GuidelinePage, GuidelineSection, GuidelineStatus, GuidelineVersion
from tests import factories

SECTIONS = [
    ("rakenteet", "Yhteistyön rakenteet", "<p>Foorumit kokoontuvat kaksi kertaa vuodessa.</p>"),
    ("avustukset", "Avustukset", "<p>Haku päättyy helmikuun lopussa.</p>"),
    ("tilat", "Tilat", "<p>Kokoustilat ovat maksuttomia arkisin.</p>"),
]


def publish_version(page, sections=None, **fields):
    """Edit the newest text of the page and publish it, as the admin does."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    if sections is not None:
        existing = {section.anchor: section for section in draft.sections.all()}
        edited = []
        for order, (anchor, title, body) in enumerate(sections):
            section = existing.get(anchor) or GuidelineSection(anchor=anchor)
            section.title, section.body, section.sort_order = title, body, order
            edited.append(section)
        draft.sections = edited
        if draft.latest_revision_id is None:
            draft.save()  # as the admin's create view does: the sections get their ids
    revision = draft.save_revision()
    revision.publish()
    return revision


def replaced(sections, anchor, body):
    return [(a, t, body if a == anchor else b) for a, t, b in sections]


@pytest.fixture
def guideline(home_page):
    """Version 1 adopted by the town board, version 2 a draft with one section changed."""
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    publish_version(
        page,
        sections=SECTIONS,
        status=GuidelineStatus.ADOPTED,
        version_label="2025",
        adopted_on=datetime.date(2025, 3, 10),
        decided_by="Kunnanhallitus",
        change_summary="Ensimmäinen hyväksytty ohje.",
    )
    publish_version(
        page,
        sections=replaced(SECTIONS, "avustukset", "<p>Haku päättyy maaliskuun lopussa.</p>"),
        status=GuidelineStatus.DRAFT,
        version_label="Luonnos 2026",
        adopted_on=None,
        decided_by="",
        change_summary="Avustusten hakuaika pitenee kuukaudella.",
    )
    return GuidelinePage.objects.get(pk=page.pk)


def html(url, client=None, status=200):
    response = (client or Client()).get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def words(node):
    return " ".join(node.get_text(" ").split())


# --- Which revisions are versions -----------------------------------------------------


@pytest.mark.django_db
def test_each_publication_is_the_next_numbered_version(guideline):
    found = versions.published_versions(guideline)

    assert [version.number for version in found] == [1, 2]
    assert [version.change_summary for version in found] == [
        "Ensimmäinen hyväksytty ohje.",
        "Avustusten hakuaika pitenee kuukaudella.",
    ]
    assert found[0].is_adopted
    assert found[0].decided_by == "Kunnanhallitus"
    assert not found[1].is_adopted
    assert versions.latest_adopted(found).number == 1


@pytest.mark.django_db
def test_drafts_and_scheduled_revisions_are_not_versions_until_they_go_live(guideline):
    draft = guideline.get_latest_revision_as_object()
    draft.change_summary = "Luonnos, ei julkaistu."
    draft.save_revision()
    scheduled = guideline.get_latest_revision_as_object()
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
    scheduled.change_summary = "Ajastettu julkaisu."
    revision = scheduled.save_revision()
    revision.publish()

    assert [v.number for v in versions.published_versions(guideline)] == [1, 2]

    # The week passes: the scheduled time is now behind us.
    revision.refresh_from_db()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)

    found = versions.published_versions(guideline)
    assert [v.number for v in found] == [1, 2, 3]
    assert found[-1].change_summary == "Ajastettu julkaisu."


@pytest.mark.django_db
def test_a_version_keeps_its_number_and_text_after_old_revisions_are_purged(guideline):
    publish_version(guideline, change_summary="Kolmas versio.")
    before = html(guideline.url + "versiot/1/")

    call_command("purge_revisions", verbosity=0)

    after = html(guideline.url + "versiot/1/")
    assert "helmikuun lopussa" in words(after.main)
    assert words(after.main) == words(before.main)
    assert [v.number for v in versions.published_versions(guideline)] == [1, 2, 3]


@pytest.mark.django_db
def test_publishing_the_live_revision_again_adds_no_version(guideline):
    guideline.live_revision.publish()

    assert GuidelineVersion.objects.filter(page=guideline).count() == 2


# --- The word diff ----------------------------------------------------------------------


def test_one_changed_word_in_a_long_text_is_the_only_change():
    """decidim/decidim#7674: one word changed and the whole text came out as changed."""
    sentence = "Yhdistys ja kunta sopivat yhdessä tilojen ja avustusten jakamisesta ja käytöstä. "
    old = "<p>" + sentence * 30 + "Hakuaika päättyy helmikuussa.</p><p>" + sentence * 5 + "</p>"
    new = old.replace("helmikuussa", "maaliskuussa")

    result = diff.diff_rich_text(old, new)

    changes = [piece for paragraph in result for piece in paragraph if piece[0] != diff.EQUAL]
    assert changes == [(diff.DELETE, "helmikuussa."), (diff.INSERT, "maaliskuussa.")]
    assert len(result) == 2, "paragraphs stay paragraphs"


def test_markup_alone_is_not_a_change_of_words():
    old = "<p>Kunta kuulee yhdistyksiä.</p><ul><li>Tilat</li><li>Avustukset</li></ul>"
    new = "<p>Kunta <b>kuulee</b> yhdistyksiä.</p><ul><li>Tilat</li><li>Avustukset</li></ul>"

    result = diff.diff_rich_text(old, new)

    assert not diff.has_changes(result)
    assert [[text for _op, text in paragraph] for paragraph in result] == [
        ["Kunta kuulee yhdistyksiä."],
        ["Tilat"],
        ["Avustukset"],
    ]


def test_sections_are_matched_by_identity_not_by_position():
    old = [GuidelineSection(anchor=a, title=t, body=b) for a, t, b in SECTIONS]
    new = [
        GuidelineSection(anchor="uusi", title="Viestintä", body="<p>Tiedotamme.</p>"),
        old[0],
        # The same section (its key) under a new title and a new anchor.
        GuidelineSection(
            key=old[2].key, anchor="tilat-ja-vuorot", title="Tilat ja vuorot", body=old[2].body
        ),
    ]

    changes = versions.compare_sections(old, new)

    assert [(c.kind, c.section.anchor) for c in changes] == [
        ("added", "uusi"),
        ("unchanged", "rakenteet"),
        ("removed", "avustukset"),
        ("changed", "tilat-ja-vuorot"),
    ]
    assert changes[3].title == [[(diff.EQUAL, "Tilat"), (diff.INSERT, "ja vuorot")]]


# --- The public pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_guideline_says_it_is_a_draft_and_links_to_the_adopted_version(guideline):
    page = html(guideline.url)

    notice = words(page.select_one(".version-notice"))
    assert "Luet luonnosta (versio 2), et hyväksyttyä ohjetta." in notice
    assert "hyväksytty 10.3.2025, Kunnanhallitus" in notice
    assert page.find("a", string="Lue hyväksytty versio 1")["href"] == guideline.url + "versiot/1/"
    assert page.find("a", string="Versiohistoria (2 versiota)")["href"] == (
        guideline.url + "versiot/"
    )


@pytest.mark.django_db
def test_an_adopted_guideline_says_so(guideline):
    publish_version(
        guideline,
        status=GuidelineStatus.ADOPTED,
        adopted_on=datetime.date(2026, 5, 4),
        decided_by="Kunnanvaltuusto",
        change_summary="Hyväksytty valtuustossa.",
    )

    notice = words(html(guideline.url).select_one(".version-notice"))
    assert "Luet hyväksyttyä ohjetta (versio 3)." in notice
    assert "Versiohistoria (3 versiota)" in notice


@pytest.mark.django_db
def test_the_history_lists_every_version_newest_first(guideline):
    page = html(guideline.url + "versiot/")

    assert "2 julkaistua versiota" in words(page.main)
    items = page.select(".version-list__item")
    assert [words(item.h3) for item in items] == ["Versio 2 sivulla nyt", "Versio 1"]
    assert "Avustusten hakuaika pitenee kuukaudella." in words(items[0])
    assert "Tila Hyväksytty 10.3.2025, Kunnanhallitus" in words(items[1])
    assert "Luonnos, avoinna kommenteille" in words(items[0])
    link = items[0].find("a", string="Mitä versiossa 2 muuttui")
    assert link["href"] == guideline.url + "versiot/1/vertaa/2/"


@pytest.mark.django_db
def test_one_version_shows_its_own_text(guideline):
    page = html(guideline.url + "versiot/1/")

    text = words(page.main)
    assert "Haku päättyy helmikuun lopussa." in text
    assert "maaliskuun" not in text
    assert "Tämä on aiempi versio. Uusin on versio 2." in text
    assert "Tämä versio on hyväksytty (hyväksytty 10.3.2025, Kunnanhallitus)." in text


@pytest.mark.django_db
def test_the_comparison_shows_exactly_the_changed_section(guideline):
    page = html(guideline.url + "versiot/1/vertaa/2/")

    assert words(page.select_one(".compare-summary")) == "1 kohta muuttui, 2 kohtaa ennallaan"
    changed = page.select("section.section-change")
    assert len(changed) == 1
    assert "Avustukset" in words(changed[0].h2)
    assert [words(d) for d in changed[0].select("del")] == ["poistettu: helmikuun"]
    assert [words(i) for i in changed[0].select("ins")] == ["lisätty: maaliskuun"]
    assert changed[0].select_one("del .visually-hidden").get_text() == "poistettu: "
    unchanged = page.select("details.section-change--unchanged")
    assert [words(d.summary) for d in unchanged] == [
        "Yhteistyön rakenteet ennallaan",
        "Tilat ennallaan",
    ]


@pytest.mark.django_db
def test_the_history_form_leads_to_the_comparisons_own_address(guideline):
    response = Client().get(guideline.url + "versiot/vertaa/?vanha=2&uusi=1")

    assert response.status_code == 302
    assert response["Location"] == guideline.url + "versiot/1/vertaa/2/"


@pytest.mark.django_db
def test_a_comparison_has_one_address_older_version_first(guideline):
    response = Client().get(guideline.url + "versiot/2/vertaa/1/")

    assert response.status_code == 301
    assert response["Location"] == guideline.url + "versiot/1/vertaa/2/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("versiot/vertaa/?vanha=1&uusi=1", "Valitse kaksi eri versiota vertailtavaksi."),
        ("versiot/2/vertaa/2/", "Valitse kaksi eri versiota vertailtavaksi."),
        ("versiot/vertaa/?vanha=1&uusi=9", "Valitse jokin luettelon versioista."),
        ("versiot/vertaa/?vanha=yksi&uusi=2", "Valitse jokin luettelon versioista."),
        ("versiot/vertaa/", "Tämä kenttä on pakollinen."),
    ],
)
def test_a_comparison_that_cannot_be_made_says_why_in_finnish(guideline, path, message):
    page = html(guideline.url + path, status=400)

    assert message in words(page.select_one(".error-summary"))
    assert page.select_one("select[name=vanha]") is not None, "the form is there to try again"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["versiot/3/", "versiot/0/", "versiot/yksi/", "versiot/1/vertaa/9/", "versiot/-1/"],
)
def test_a_version_that_does_not_exist_is_not_found(guideline, path):
    assert Client().get(guideline.url + path).status_code == 404


@pytest.mark.django_db
def test_an_unpublished_guideline_has_no_public_versions(guideline):
    url = guideline.url
    guideline.unpublish()

    for path in ["versiot/", "versiot/1/", "versiot/1/vertaa/2/"]:
        assert Client().get(url + path).status_code == 404, path


# --- The editor publishes in the admin --------------------------------------------------


def edit_form(page, summary, publish, body="<p>Haku päättyy maaliskuun lopussa.</p>"):
    """The page editor's POST data for the guideline, with one section's text changed."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "status": "draft",
            "version_label": "Luonnos 2026",
            "adopted_on": "",
            "decided_by": "",
            "change_summary": summary,
            "pdf": "",
            "sections": inline_formset(
                [
                    {
                        "id": section.pk,
                        "title": section.title,
                        "anchor": section.anchor,
                        "body": rich_text(body if section.anchor == "avustukset" else section.body),
                    }
                    for section in page.get_latest_revision_as_object().sections.all()
                ],
                initial=3,
                min=1,
            ),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


@pytest.fixture
def first_version(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    publish_version(page, sections=SECTIONS, change_summary="Ensimmäinen luonnos.")
    return GuidelinePage.objects.get(pk=page.pk)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.django_db
def test_publishing_without_a_summary_is_refused_in_finnish(editor_client, first_version):
    response = editor_client.post(edit_url(first_version), edit_form(first_version, "", True))

    assert response.status_code == 200
    errors = response.context["form"].errors["change_summary"]
    assert errors == [
        "Kerro ennen julkaisemista, mitä tässä versiossa muuttui. Kuvaus näkyy julkisessa "
        "versiohistoriassa; luonnoksen voit tallentaa ilman sitä."
    ]
    assert GuidelineVersion.objects.filter(page=first_version).count() == 1
    assert "helmikuun" in html(first_version.url).text


@pytest.mark.django_db
def test_the_previous_versions_summary_does_not_do_for_the_next(editor_client, first_version):
    data = edit_form(first_version, "Ensimmäinen luonnos.", True)

    response = editor_client.post(edit_url(first_version), data)

    assert response.status_code == 200
    assert response.context["form"].errors["change_summary"] == [
        "Tämä on version 1 kuvaus. Kerro, mitä nyt julkaistavassa versiossa muuttui."
    ]
    assert GuidelineVersion.objects.filter(page=first_version).count() == 1


@pytest.mark.django_db
def test_a_draft_needs_no_summary_and_stays_private(editor_client, first_version):
    response = editor_client.post(edit_url(first_version), edit_form(first_version, "", False))

    assert response.status_code == 302
    first_version.refresh_from_db()
    assert first_version.has_unpublished_changes
    assert GuidelineVersion.objects.filter(page=first_version).count() == 1
    for path in ["", "versiot/", "versiot/1/"]:
        assert "maaliskuun" not in html(first_version.url + path).text


@pytest.mark.django_db
def test_the_editor_publishes_version_2_and_the_comparison_shows_that_change(
    editor_client, first_version
):
    data = edit_form(first_version, "Avustusten hakuaika pitenee.", True)

    response = editor_client.post(edit_url(first_version), data)

    assert response.status_code == 302
    found = versions.published_versions(first_version)
    assert [(v.number, v.change_summary) for v in found] == [
        (1, "Ensimmäinen luonnos."),
        (2, "Avustusten hakuaika pitenee."),
    ]
    page = html(first_version.url + "versiot/1/vertaa/2/")
    assert words(page.select_one(".compare-summary")) == "1 kohta muuttui, 2 kohtaa ennallaan"
    assert [words(tag) for tag in page.select("section.section-change del, section ins")] == [
        "poistettu: helmikuun",
        "lisätty: maaliskuun",
    ]


def test_the_editors_block_keys_are_not_a_change():
    old = GuidelineSection(anchor="tilat", title="Tilat", body="<p>Tilat ovat maksuttomia.</p>")
    new = GuidelineSection(
        anchor="tilat", title="Tilat", body='<p data-block-key="x1y2z">Tilat ovat maksuttomia.</p>'
    )

    assert versions.compare_section(old, new).kind == versions.UNCHANGED


# --- The collaboration API ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_lists_the_versions_like_the_history_page(client, guideline):
    data = client.get(f"/api/guidelines/{guideline.pk}/versions/").json()

    assert data["count"] == 2
    first, second = data["items"]
    assert first["number"] == 1
    assert first["adopted"] is True
    assert first["adopted_on"] == "2025-03-10"
    assert first["decided_by"] == "Kunnanhallitus"
    assert first["url"] == f"{guideline.get_site().root_url}{guideline.url}versiot/1/"
    assert second["change_summary"] == "Avustusten hakuaika pitenee kuukaudella."
    assert second["adopted"] is False


@pytest.mark.django_db
def test_the_api_gives_one_versions_own_sections(client, guideline):
    data = client.get(f"/api/guidelines/{guideline.pk}/versions/1/").json()

    assert data["label"] == "2025"
    assert [s["anchor"] for s in data["sections"]] == ["rakenteet", "avustukset", "tilat"]
    assert data["sections"][1]["body"] == "<p>Haku päättyy helmikuun lopussa.</p>"


@pytest.mark.django_db
def test_the_api_comparison_shows_exactly_the_changed_section(client, guideline):
    data = client.get(f"/api/guidelines/{guideline.pk}/versions/1/compare/2/").json()

    assert data["counts"] == {"changed": 1, "added": 0, "removed": 0, "unchanged": 2}
    assert data["url"] == f"{guideline.get_site().root_url}{guideline.url}versiot/1/vertaa/2/"
    changed = [s for s in data["sections"] if s["kind"] == "changed"]
    assert [s["anchor"] for s in changed] == ["avustukset"]
    assert changed[0]["body_diff"] == [
        [
            {"operation": "equal", "text": "Haku päättyy"},
            {"operation": "delete", "text": "helmikuun"},
            {"operation": "insert", "text": "maaliskuun"},
            {"operation": "equal", "text": "lopussa."},
        ]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("versions/3/", 404),
        ("versions/2558326601134994470048658096128/", 404),
        ("versions/1/compare/9/", 404),
        ("versions/1/compare/2558326601134994470048658096128/", 404),
        ("versions/yksi/", 422),
        ("versions/2/compare/2/", 422),
    ],
)
def test_the_api_refuses_versions_that_cannot_be_shown(client, guideline, path, status):
    response = client.get(f"/api/guidelines/{guideline.pk}/{path}")

    assert response.status_code == status
    if path == "versions/2/compare/2/":
        assert response.json()["fields"]["__all__"][0]["fi"] == (
            "Valitse kaksi eri versiota vertailtavaksi."
        )


@pytest.mark.django_db
def test_the_api_has_no_versions_of_an_unpublished_guideline(client, guideline):
    guideline.unpublish()

    for path in ["versions/", "versions/1/", "versions/1/compare/2/"]:
        assert client.get(f"/api/guidelines/{guideline.pk}/{path}").status_code == 404


@pytest.mark.django_db
def test_the_editor_starts_each_version_with_an_empty_summary(editor_client, first_version):
    def summary_field():
        page = BeautifulSoup(editor_client.get(edit_url(first_version)).content, "html.parser")
        return page.select_one("textarea[name=change_summary]").get_text().strip()

    assert summary_field() == "", "version 1's summary describes version 1"

    editor_client.post(edit_url(first_version), edit_form(first_version, "Kesken.", False))
    assert summary_field() == "Kesken.", "a summary written in a draft stays"


@pytest.mark.django_db
def test_guidelines_published_before_versions_existed_are_numbered_from_the_audit_log(guideline):
    """The migration that adds versions numbers what the audit log says went live."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("guidelines.migrations.0007_versions")
    draft = guideline.get_latest_revision_as_object()
    draft.change_summary = "Luonnos, ei julkaistu."
    draft.save_revision()
    before = [(v.number, v.revision_id) for v in versions.published_versions(guideline)]
    GuidelineVersion.objects.all().delete()

    migration.number_published_revisions(apps, None)

    after = versions.published_versions(guideline)
    assert [(v.number, v.revision_id) for v in after] == before
    assert [v.change_summary for v in after] == [
        "Ensimmäinen hyväksytty ohje.",
        "Avustusten hakuaika pitenee kuukaudella.",
    ]


def test_the_summary_line_counts_with_real_plurals():
    from django.utils import translation

    old = [GuidelineSection(anchor=a, title=t, body=b) for a, t, b in SECTIONS]
    new = [old[0], GuidelineSection(anchor="uusi", title="Viestintä", body="<p>Uusi.</p>")]
    comparison = versions.Comparison(
        old=None, new=None, sections=versions.compare_sections(old, new)
    )

    with translation.override("fi"):
        assert comparison.summary == "1 uusi kohta, 2 kohtaa poistettiin, 1 kohta ennallaan"
    with translation.override("sv"):
        assert comparison.summary == (
            "1 nytt avsnitt, 2 avsnitt har tagits bort, 1 avsnitt oförändrat"
        )


@pytest.mark.django_db
def test_a_change_of_formatting_alone_is_said_in_words(guideline):
    second = [(s.anchor, s.title, s.body) for s in versions.get_version(guideline, 2).sections]
    bold = "<p>Kokoustilat ovat <b>maksuttomia</b> arkisin.</p>"
    publish_version(
        guideline, sections=replaced(second, "tilat", bold), change_summary="Lihavointi."
    )

    page = html(guideline.url + "versiot/2/vertaa/3/")

    changed = page.select("section.section-change")
    assert [words(section.h2) for section in changed] == ["Tilat muuttunut"]
    assert "Vain muotoilu muuttui; sanat ovat samat." in words(changed[0])
    assert not changed[0].select("ins, del")
