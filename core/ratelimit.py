"""Rate limits on everything a visitor can write, per participant and per address.

The limits live in the `YHDESSA_RATE_LIMITS` setting; views and the API both call
`enforce_rate_limit`, so a limit cannot be dodged by switching from one to the other.
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from core.errors import Refused


class RateLimited(Refused):
    """Too many writes of one kind: a refusal like the others, answered with 429."""

    status = 429

    def __init__(self, action):
        super().__init__(
            "rate_limited",
            _("You have done that too many times in a short while. Please try again later."),
        )
        self.action = action


def client_ip(request):
    """The visitor's address, seen through TRUSTED_PROXY_COUNT proxies, as sign-in sees it."""
    return get_adapter(request).get_client_ip(request)


def enforce_rate_limit(request, action):
    """Count one `action` for this participant and address; raise RateLimited past the limit."""
    limits = settings.YHDESSA_RATE_LIMITS[action]
    keys = [("ip", limits["per_ip"])]
    if request.user.is_authenticated:
        keys.insert(0, ("user", limits["per_user"]))
    for key, rate in keys:
        if is_ratelimited(request, group=f"yhdessa.{action}", key=key, rate=rate, increment=True):
            raise RateLimited(action)
