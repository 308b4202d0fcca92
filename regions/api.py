"""The regional overview for other systems: the figures the overview page shows.

Public data: every figure is computed from what the municipalities publish.
"""

import datetime

from ninja import Field, Router, Schema

from core.api import Error
from regions.figures import regional_overview

router = Router(tags=["regional overview"])


class MunicipalityFiguresOut(Schema):
    code: str = Field(description="The municipality's code (?municipality=<code> elsewhere).")
    name: str
    home_url: str
    regular_forums: bool = Field(
        description="A meeting held in each of the last two quarters (docs/api.md)."
    )
    regular_forums_url: str | None = Field(description="Its latest meeting held.")
    forums_held: int = Field(description="Forums that held a meeting in the last 12 months.")
    meetings_held: int = Field(description="Meetings held in the last 12 months.")
    associations_attended: int = Field(
        description="Distinct associations that attended those meetings."
    )
    attendees: int = Field(description="People who attended those meetings, all counted.")
    forums_url: str | None
    guideline_state: str = Field(description="none, being_written or adopted.")
    guideline_adopted_on: datetime.date | None
    comment_period_open: bool
    guideline_url: str | None
    contact_person: bool = Field(
        description="A published contact card for association cooperation."
    )
    contact_person_name: str
    contacts_url: str | None
    associations: int = Field(description="Associations in the municipality's register.")
    associations_confirmed: int = Field(description="Of them, confirmed this calendar year.")
    directory_url: str | None
    ideas: int = Field(description="Ideas on the wall posted in the last 12 months.")
    idea_comments: int = Field(description="Visible comments on them in those months.")
    idea_votes: int = Field(description="Votes given to them in those months.")
    idea_wall_url: str | None


class HeadlineFigureOut(Schema):
    key: str = Field(
        description="regular_forums, guideline, guideline_adopted, contact_person or idea_wall."
    )
    count: int = Field(description="How many municipalities meet it.")
    total: int = Field(description="How many municipalities there are.")
    text: str = Field(description="The figure in words, in the request's language.")


class QuarterOut(Schema):
    year: int
    quarter: int
    as_of: datetime.date = Field(description="The quarter's last day, or today for the current.")
    complete: bool
    regular_forums: int
    guideline: int
    guideline_adopted: int
    contact_person: int
    idea_wall: int


class RegionalOverviewOut(Schema):
    as_of: datetime.date
    municipalities: list[MunicipalityFiguresOut]
    headline: list[HeadlineFigureOut]
    history: list[QuarterOut] = Field(description="The headline counts per quarter, oldest first.")


def overview_document(overview):
    """The overview as the API gives it (and the content API's `figures` field)."""
    return {
        "as_of": overview.as_of.isoformat(),
        "municipalities": [
            {
                "code": figures.code,
                "name": figures.name,
                **{
                    name: _plain(getattr(figures, name))
                    for name in MunicipalityFiguresOut.model_fields
                    if name not in ("code", "name")
                },
            }
            for figures in overview.municipalities
        ],
        "headline": [
            {"key": f.key, "count": f.count, "total": f.total, "text": f.text}
            for f in overview.headline
        ],
        "history": [
            {
                "year": point.quarter.year,
                "quarter": point.quarter.number,
                "as_of": point.as_of.isoformat(),
                "complete": point.complete,
                **point.counts,
            }
            for point in overview.history
        ],
    }


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@router.get(
    "/overview/",
    response={200: RegionalOverviewOut, 422: Error},
    summary="Every municipality's structures of cooperation, with the region's figures",
)
def get_overview(request):
    return overview_document(regional_overview())
