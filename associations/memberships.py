"""Where an association takes part, for its directory page: filled by the feature apps.

associations imports no feature app (DESIGN.md's one-way imports), yet an association's
page lists the forums it sits in. Each feature app registers a provider from its
AppConfig.ready():

    from associations import memberships
    memberships.register("forums", forum_memberships)

A provider takes a published association and returns Membership rows in one query
(the page's query count stays constant), public facts only.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Membership:
    title: str  # "Kulttuurifoorumi"
    url: str  # the page that shows it
    role: str = ""  # "Jäsen 1.6.2025–31.5.2029"


_providers: dict[str, Callable] = {}


def register(label, provider):
    """Add a feature app's memberships; registering the same label again replaces it."""
    _providers[label] = provider


def memberships_of(association):
    """Every registered app's public memberships of `association`, in registration order."""
    return [row for provider in _providers.values() for row in provider(association)]
