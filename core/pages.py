"""Which pages a person may see in lists: the one rule for pages behind view restrictions."""

from django.db.models import Q
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction


def restrictions_not_passed(user):
    """The view restrictions (Wagtail's "privacy" setting) that keep this person out.

    A sign-in restriction lets in anyone signed in, a group restriction the group's
    members (and superusers, as Wagtail does). A password is passed per browser session,
    which a list, a feed reader or the API never has: password-protected pages are
    listed to nobody.
    """
    restrictions = PageViewRestriction.objects.select_related("page")
    if not user.is_authenticated:
        return restrictions
    restrictions = restrictions.exclude(restriction_type=PageViewRestriction.LOGIN)
    if user.is_superuser:
        return restrictions.exclude(restriction_type=PageViewRestriction.GROUPS)
    return restrictions.exclude(
        restriction_type=PageViewRestriction.GROUPS, groups__in=user.groups.all()
    )


class VisiblePageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Published pages that are not behind a view restriction this person does not pass."""
        hidden = Q()
        for restriction in restrictions_not_passed(user):
            hidden |= self.descendant_of_q(restriction.page, inclusive=True)
        pages = self.live()
        return pages.exclude(hidden) if hidden else pages


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def visible_pages(user):
    """Every page this person may see, of any type (the site search lists these)."""
    return VisiblePageQuerySet(Page).visible_to(user)
