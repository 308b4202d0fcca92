"""The idea wall's part of a person's data: their ideas, comments, votes and reports.

Registered with accounts.personal_data from IdeasConfig.ready(). On erasure the
person's votes always go (a vote is one person's, and cannot outlive them); their
ideas and comments either stay without an author, shown as "deleted user", or are
removed with what hangs on them. Vote and comment counts on every idea touched are
then recounted from the rows, so they stay exact.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import NoReverseMatch
from django.utils.translation import ngettext

from accounts import personal_data
from core.models import Report
from core.municipalities import MunicipalityNames
from core.purge import purge_record
from ideas.models import Idea, IdeaComment, IdeaVote
from ideas.services import refresh_comment_count


def _idea_url(idea):
    """The idea's full address (a downloaded file has no page to be relative to), if its wall
    is reachable from a site."""
    if not idea.wall.get_url():
        return None
    try:
        return idea.get_full_url()
    except NoReverseMatch:
        return None


def export_ideas(user):
    ideas = Idea.objects.filter(author=user).select_related("wall", "column").order_by("pk")
    comments = IdeaComment.objects.filter(author=user).select_related("idea__wall").order_by("pk")
    votes = IdeaVote.objects.filter(voter=user).select_related("idea__wall").order_by("pk")
    municipality = MunicipalityNames()
    content_types = ContentType.objects.get_for_models(Idea, IdeaComment)
    reports = Report.objects.filter(
        reporter=user, content_type__in=content_types.values()
    ).order_by("pk")
    kinds = {
        content_type.pk: model._meta.model_name for model, content_type in content_types.items()
    }
    return {
        "ideas": [
            {
                "id": idea.pk,
                "municipality": municipality.of_page(idea.wall),
                "wall": idea.wall.title,
                "url": _idea_url(idea),
                "column": idea.column.name if idea.column_id else None,
                "title": idea.title,
                "text": idea.body,
                "association": idea.association_name,
                "status": idea.status,
                "moderation_state": idea.state,
                "hidden_reason": idea.hidden_reason,
                "official_answer": idea.official_answer,
                "votes": idea.vote_count,
                "comments": idea.comment_count,
                "created_at": idea.created_at,
                "edited_at": idea.edited_at,
                "withdrawn_at": idea.withdrawn_at,
            }
            for idea in ideas
        ],
        "comments": [
            {
                "id": comment.pk,
                "municipality": municipality.of_page(comment.idea.wall),
                "idea_id": comment.idea_id,
                "idea_title": comment.idea.title,
                "reply_to": comment.parent_id,
                "text": comment.body,
                "moderation_state": comment.state,
                "hidden_reason": comment.hidden_reason,
                "created_at": comment.created_at,
            }
            for comment in comments
        ],
        "votes": [
            {
                "municipality": municipality.of_page(vote.idea.wall),
                "idea_id": vote.idea_id,
                "idea_title": vote.idea.title,
                "created_at": vote.created_at,
            }
            for vote in votes
        ],
        "reports": [
            {
                "about": kinds[report.content_type_id],
                "id": report.object_id,
                "reason": report.reason,
                "created_at": report.created_at,
                "resolved_at": report.resolved_at,
            }
            for report in reports
        ],
    }


def summarise_ideas(user):
    counts = {
        "ideas": Idea.objects.filter(author=user).count(),
        "comments": IdeaComment.objects.filter(author=user).count(),
        "votes": IdeaVote.objects.filter(voter=user).count(),
    }
    return [
        ngettext("%(count)d idea", "%(count)d ideas", counts["ideas"]) % {"count": counts["ideas"]},
        ngettext("%(count)d comment", "%(count)d comments", counts["comments"])
        % {"count": counts["comments"]},
        ngettext("%(count)d vote", "%(count)d votes", counts["votes"]) % {"count": counts["votes"]},
    ]


def _recount(idea_ids):
    """Set vote_count and comment_count of the ideas still there from the rows themselves."""
    for idea in (
        Idea.objects.filter(pk__in=idea_ids)
        .order_by("pk")
        .annotate(votes_now=Count("votes", distinct=True))
    ):
        if idea.vote_count != idea.votes_now:
            Idea.objects.filter(pk=idea.pk).update(vote_count=idea.votes_now)
        refresh_comment_count(idea)


def erase_ideas(user, *, remove_content):
    own_ideas = Idea.objects.filter(author=user)
    own_comments = IdeaComment.objects.filter(author=user)
    touched = set(IdeaVote.objects.filter(voter=user).values_list("idea_id", flat=True))
    touched |= set(own_comments.values_list("idea_id", flat=True))
    # Hold the ideas whose counts change, so a vote cast meanwhile waits and is counted.
    list(Idea.objects.select_for_update().filter(pk__in=touched).order_by("pk").values("pk"))

    IdeaVote.objects.filter(voter=user).delete()

    if remove_content:
        idea_ids = set(own_ideas.values_list("pk", flat=True))
        # Deleting an idea takes its comments with it, and a comment its replies.
        comment_ids = set(
            IdeaComment.objects.filter(
                Q(idea_id__in=idea_ids) | Q(author=user) | Q(parent__author=user)
            ).values_list("pk", flat=True)
        )
        content_types = ContentType.objects.get_for_models(Idea, IdeaComment)
        Report.objects.filter(
            Q(content_type=content_types[Idea], object_id__in=idea_ids)
            | Q(content_type=content_types[IdeaComment], object_id__in=comment_ids)
        ).delete()
        IdeaComment.objects.filter(pk__in=comment_ids).delete()
        Idea.objects.filter(pk__in=idea_ids).delete()
        touched -= idea_ids
    else:
        # update() sends no post_save: the pages that showed the name are purged here.
        for record in [*own_ideas.select_related("wall"), *own_comments.select_related("idea")]:
            purge_record(record)
        own_ideas.update(author=None)
        own_comments.update(author=None)

    _recount(touched)


personal_data.register("ideas", export=export_ideas, erase=erase_ideas, summary=summarise_ideas)
