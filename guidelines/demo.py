"""The demo guideline's versions: the adopted text, and a draft open for comments.

home/demo.py builds the guideline page (its first publication is version 1, the text the
municipal board adopted); `ensure_draft_version` publishes version 2, a draft with one
section changed, so the history, a version and a comparison all have something to show.
Idempotent like the rest of the demo: with two versions there, it changes nothing.
"""

from guidelines.models import GuidelinePage, GuidelineStatus
from guidelines.versions import published_versions

DRAFT_LABEL = "Luonnos 2026"
DRAFT_SUMMARY = (
    "Avustusten hakuaika pitenee maaliskuun loppuun ja kohdeavustusta voi hakea "
    "myös jälkikäteen. Muut kohdat ennallaan."
)
CHANGED_SECTION = "avustukset"


def draft_grants_text(body):
    """Version 2 of the grants section: the deadline a month later, one sentence more."""
    return body.replace(
        "Hakuaika päättyy helmikuun lopussa.", "Hakuaika päättyy maaliskuun lopussa."
    ).replace(
        "ympäri vuoden.",
        "ympäri vuoden, myös jälkikäteen kolmen kuukauden kuluessa tapahtumasta.",
    )


def ensure_draft_version(report, guideline):
    """Publish version 2 (a draft open for comments, one section changed) if it is missing."""
    if len(published_versions(guideline)) >= 2:
        report.record("guideline versions", guideline.title, created=False)
        return guideline
    draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
    # The manager hands out copies: edit a list of the sections and give it back.
    sections = list(draft.sections.all())
    for section in sections:
        if section.anchor == CHANGED_SECTION:
            section.body = draft_grants_text(section.body)
    draft.sections = sections
    draft.status = GuidelineStatus.DRAFT
    draft.version_label = DRAFT_LABEL
    draft.adopted_on = None
    draft.decided_by = ""
    draft.change_summary = DRAFT_SUMMARY
    draft.save_revision().publish()
    report.record("guideline versions", f"{guideline.title}: {DRAFT_LABEL}", created=True)
    return GuidelinePage.objects.get(pk=guideline.pk)
