"""Template helpers for showing what participants write.

Usage: {% load participants %} and then {{ idea.author|author_name }}: the public
name, or "Deleted user" once the account is gone (the author is then None).
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def author_name(user):
    """The name shown with an idea or comment; never the e-mail address."""
    if user is None:
        return _("Deleted user")
    return user.public_name
