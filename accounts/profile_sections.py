"""What other apps show on a participant's profile page, without accounts importing them.

An app registers its section from its AppConfig.ready(), as it registers its part of the
person's data (accounts.personal_data):

    from accounts import profile_sections
    profile_sections.register(
        "forums",
        template="forums/includes/profile_registrations.html",
        context=registrations_on_profile,   # request -> dict, for the signed-in person
    )

The profile page includes each template, in the order the apps registered, with its
context as `section`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    label: str
    template: str
    context: Callable


_sections: dict[str, Section] = {}


def register(label, *, template, context):
    """Add an app's section; registering the same label again replaces it."""
    _sections[label] = Section(label, template, context)


def for_request(request):
    """The sections of the signed-in person's profile: their templates and contexts."""
    return [
        {"template": section.template, "context": section.context(request)}
        for section in _sections.values()
    ]
