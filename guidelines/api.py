"""The cooperation guideline, section by section, for other systems."""

from datetime import date, datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.api import Error, Paginated
from core.links import request_url
from guidelines import versions
from guidelines.models import GuidelinePage, GuidelineStatus

router = Router(tags=["guideline"])


class SectionOut(Schema):
    id: int
    title: str
    anchor: str
    url: str = Field(description="The section on the guideline page.")
    body: str = Field(description="HTML.")

    @staticmethod
    def resolve_url(section, context):
        return section.page.get_full_url(context["request"]) + f"#{section.anchor}"


class GuidelineOut(Schema):
    id: int
    title: str
    url: str
    status: GuidelineStatus
    version_label: str
    adopted_on: date | None
    intro: str = Field(description="HTML.")
    pdf_url: str | None
    sections: list[SectionOut]

    @staticmethod
    def resolve_url(guideline, context):
        return guideline.get_full_url(context["request"])

    @staticmethod
    def resolve_pdf_url(guideline, context):
        if guideline.pdf is None:
            return None
        return request_url(context["request"], guideline.pdf.url)

    @staticmethod
    def resolve_sections(guideline):
        return guideline.sections.all()


def public_guidelines():
    return (
        GuidelinePage.objects.live()
        .public()
        .select_related("pdf")
        .prefetch_related("sections__page")
    )


@router.get(
    "/",
    response={200: list[GuidelineOut], 422: Error},
    summary="List guidelines with their sections",
)
@paginate(Paginated)
def list_guidelines(request):
    return public_guidelines().order_by("path")


@router.get(
    "/{guideline_id}/",
    response={200: GuidelineOut, 404: Error, 422: Error},
    summary="One guideline",
)
def get_guideline(request, guideline_id: int):
    # By id, not pk: a page's pk is its parent link, whose lookup overflows on SQLite.
    return get_object_or_404(public_guidelines(), id=guideline_id)


# --- Published versions: the same rules as the version history pages ---------------------


class VersionOut(Schema):
    number: int = Field(description="1, 2, 3 … in the order the versions were published.")
    published_at: datetime
    label: str = Field(description="The editors' version label, e.g. Luonnos 2026.")
    change_summary: str
    adopted: bool
    adopted_on: date | None
    decided_by: str = Field(description="The body that adopted the version, if it was.")
    url: str = Field(description="The version's own page.")

    @staticmethod
    def resolve_adopted(version):
        return version.is_adopted

    @staticmethod
    def resolve_url(version, context):
        return request_url(context["request"], version.url)


class VersionSectionOut(Schema):
    title: str
    anchor: str
    body: str = Field(description="HTML.")


class VersionDetailOut(VersionOut):
    title: str
    intro: str = Field(description="HTML.")
    sections: list[VersionSectionOut]


class DiffPiece(Schema):
    operation: Literal["equal", "insert", "delete"]
    text: str


def _pieces(diffed):
    return [[{"operation": op, "text": text} for op, text in pieces] for pieces in diffed]


class SectionChangeOut(Schema):
    kind: Literal["added", "removed", "changed", "unchanged"]
    anchor: str
    title: str = Field(description="The newer title (the older one for a removed section).")
    title_diff: list[list[DiffPiece]] = Field(
        description="The title word by word, when it changed; empty otherwise."
    )
    body_diff: list[list[DiffPiece]] = Field(
        description="The text as plain-text paragraphs, word by word; empty when unchanged."
    )
    formatting_only: bool = Field(description="Only bold, lists or links changed.")

    @staticmethod
    def resolve_anchor(change):
        return change.section.anchor

    @staticmethod
    def resolve_title(change):
        return change.section.title

    @staticmethod
    def resolve_title_diff(change):
        return _pieces(change.title)

    @staticmethod
    def resolve_body_diff(change):
        return _pieces(change.body)


class ChangeCounts(Schema):
    changed: int
    added: int
    removed: int
    unchanged: int


class ComparisonOut(Schema):
    old: VersionOut
    new: VersionOut
    counts: ChangeCounts
    url: str = Field(description="The comparison's page.")
    sections: list[SectionChangeOut]

    @staticmethod
    def resolve_counts(comparison):
        kinds = (versions.CHANGED, versions.ADDED, versions.REMOVED, versions.UNCHANGED)
        return {kind: comparison.count(kind) for kind in kinds}

    @staticmethod
    def resolve_url(comparison, context):
        old, new = sorted([comparison.old.number, comparison.new.number])
        return request_url(context["request"], versions.compare_url(comparison.old.page, old, new))


class _VersionList:
    """A guideline's versions as the paginator reads them: counted and sliced in SQL."""

    def __init__(self, page):
        self.page = page
        self.stored = versions.stored_versions(page)

    def count(self):
        return self.stored.count()

    def __getitem__(self, index):
        return [versions.as_version(self.page, stored) for stored in self.stored[index]]


@router.get(
    "/{guideline_id}/versions/",
    response={200: list[VersionOut], 404: Error, 422: Error},
    summary="The guideline's published versions, oldest first",
)
@paginate(Paginated)
def list_versions(request, guideline_id: int):
    return _VersionList(get_guideline(request, guideline_id))


@router.get(
    "/{guideline_id}/versions/{number}/",
    response={200: VersionDetailOut, 404: Error, 422: Error},
    summary="One published version with its sections",
)
def get_version(request, guideline_id: int, number: int):
    return versions.get_version(get_guideline(request, guideline_id), number)


@router.get(
    "/{guideline_id}/versions/{number}/compare/{other}/",
    response={200: ComparisonOut, 404: Error, 422: Error},
    summary="What changed from one version to another, section by section",
)
def compare_versions(request, guideline_id: int, number: int, other: int):
    """Sections matched by their anchor: added, removed, changed (with a word diff) or
    unchanged. The same version twice is a 422."""
    return versions.compare(get_guideline(request, guideline_id), number, other)
