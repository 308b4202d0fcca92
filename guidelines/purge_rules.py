"""Which pages and API answers show a guideline's comments, answers, "useful" marks,
suggested edits, support, comment periods and versions (core.purge)."""

from accounts.models import PUBLIC_NAME_FIELDS, User
from core.purge import register_purge_rule, route_url, url_beside
from guidelines.models import (
    CommentPeriod,
    GuidelineComment,
    GuidelineProposal,
    GuidelineVersion,
    ProposalSupport,
    UsefulMark,
)


def urls_showing_period(period):
    """Where a period's comments and suggested edits are shown: the guideline's page (each
    section's threads and edits, the period's state), its summary, and the API's."""
    page = period.guideline
    return [
        page,
        route_url(page, "summary"),
        url_beside(page, f"/api/guidelines/{page.pk}/comments/"),
        url_beside(page, f"/api/guidelines/{page.pk}/sections/"),
        url_beside(page, f"/api/guidelines/{page.pk}/periods/"),
        url_beside(page, f"/api/guidelines/{page.pk}/proposals/"),
        url_beside(page, f"/api/guidelines/periods/{period.pk}/summary/"),
    ]


def urls_showing_proposal(proposal):
    """The period's pages, and the suggested edit's own page and API answers."""
    page = proposal.period.guideline
    return [
        *urls_showing_period(proposal.period),
        route_url(page, "proposal", proposal.pk),
        url_beside(page, f"/api/guidelines/proposals/{proposal.pk}/"),
        url_beside(page, f"/api/guidelines/proposals/{proposal.pk}/comments/"),
    ]


def urls_showing_comment(comment):
    """A comment, its answer and its "useful" count: on a section, or on a suggested edit."""
    if comment.proposal_id:
        return urls_showing_proposal(comment.proposal)
    return urls_showing_period(comment.period)


def urls_showing_useful_mark(mark):
    return urls_showing_comment(mark.comment)


def urls_showing_support(support):
    return urls_showing_proposal(support.proposal)


def urls_showing_version(version):
    """A new version: the guideline's page (its version line), the version history, the
    comparison form, the version's own page and the API's versions. Comparisons of two
    earlier versions show what they always showed."""
    page = version.page
    return [
        page,
        route_url(page, "versions"),
        route_url(page, "compare_form"),
        route_url(page, "version", version.number),
        url_beside(page, f"/api/guidelines/{page.pk}/versions/"),
        url_beside(page, f"/api/guidelines/{page.pk}/versions/{version.number}/"),
    ]


def urls_showing_writers_name(user):
    """The name a person writes under, on their comments and suggested edits."""
    urls = []
    for comment in GuidelineComment.objects.filter(author=user).select_related(
        "period__guideline", "proposal__period__guideline"
    ):
        urls.extend(urls_showing_comment(comment))
    for proposal in GuidelineProposal.objects.filter(author=user).select_related(
        "period__guideline"
    ):
        urls.extend(urls_showing_proposal(proposal))
    return urls


register_purge_rule(CommentPeriod, urls_showing_period)
register_purge_rule(GuidelineProposal, urls_showing_proposal)
register_purge_rule(GuidelineComment, urls_showing_comment)
register_purge_rule(UsefulMark, urls_showing_useful_mark)
register_purge_rule(ProposalSupport, urls_showing_support)
register_purge_rule(GuidelineVersion, urls_showing_version)
register_purge_rule(User, urls_showing_writers_name, fields=PUBLIC_NAME_FIELDS)
