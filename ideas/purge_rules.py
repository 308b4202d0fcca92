"""Which pages, feeds and API answers show an idea, a comment or a vote (core.purge).

Every page of the wall (each sort, column filter and page number of it) is one path, so
purging the wall's address purges them all.
"""

from accounts.models import PUBLIC_NAME_FIELDS, User
from core.purge import SITE_SEARCH_PATH, register_purge_rule, route_url, url_beside
from ideas.models import Idea, IdeaComment, IdeaVote


def _shown_with_counts(idea):
    """Where the idea's card or page shows its title, status and counts: the wall, the
    idea's own page, and the API's list of the wall's ideas and the idea itself."""
    wall = idea.wall
    return [
        wall,
        route_url(wall, "idea", idea.pk),
        url_beside(wall, f"/api/idea-walls/{wall.pk}/ideas/"),
        url_beside(wall, f"/api/ideas/{idea.pk}/"),
    ]


def urls_showing_idea(idea):
    """Its cards and page, the wall's feed, the home page's newest ideas (the site's root
    page), the site search, and the cards that point at it as a duplicate or original."""
    wall = idea.wall
    site = wall.get_site()
    urls = [
        *_shown_with_counts(idea),
        route_url(wall, "feed"),
        url_beside(wall, SITE_SEARCH_PATH),
    ]
    if site is not None:
        urls.append(site.root_page)
    related = Idea.objects.filter(duplicate_of=idea).select_related("wall")
    if idea.duplicate_of_id:
        related = related | Idea.objects.filter(pk=idea.duplicate_of_id).select_related("wall")
    urls.extend(route_url(other.wall, "idea", other.pk) for other in related)
    return urls


def urls_showing_comment(comment):
    """The idea's page and the comment counts on its card, and the API's comment list."""
    idea = comment.idea
    return [
        *_shown_with_counts(idea),
        url_beside(idea.wall, f"/api/ideas/{idea.pk}/comments/"),
    ]


def urls_showing_vote(vote):
    """The vote count, on the idea's card and page (the home page shows no counts)."""
    return _shown_with_counts(vote.idea)


def urls_showing_writers_name(user):
    """The name a person writes under, on their ideas' cards, pages and feed items, and
    on the pages of the ideas they commented on."""
    urls = []
    for idea in Idea.objects.filter(author=user).select_related("wall"):
        urls.extend([*_shown_with_counts(idea), route_url(idea.wall, "feed")])
    for comment in IdeaComment.objects.filter(author=user).select_related("idea__wall"):
        urls.extend(urls_showing_comment(comment))
    return urls


register_purge_rule(Idea, urls_showing_idea)
register_purge_rule(IdeaComment, urls_showing_comment)
register_purge_rule(IdeaVote, urls_showing_vote)
register_purge_rule(User, urls_showing_writers_name, fields=PUBLIC_NAME_FIELDS)
