"""The cooperation guideline, section by section, for other systems."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.api import Error, Paginated
from core.links import request_url
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
