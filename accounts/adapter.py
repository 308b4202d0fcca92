"""How django-allauth fits this site: the site's name in its e-mail, and who is locked out.

Account e-mail (confirmation links, sign-in codes, password reset links) is sent
during the request, as allauth does, and not through the background queue like the
idea wall's notifications: each message carries a one-time secret that must not be
stored in the task table, and the person is waiting for it on the screen. If the mail
server fails, the person is told so on the page, instead of an error page.
"""

import logging
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from core.links import absolute_url, site_of

logger = logging.getLogger(__name__)


def site_for_mail(site):
    """The name and address the e-mail signs with: the Wagtail site's, not the bare host."""
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    domain = urlsplit(site.root_url).netloc if site else ""
    return SimpleNamespace(name=name, domain=domain)


def links_on_site(context, request, site):
    """allauth writes its links (confirmation, password reset, sign-up) on the address the
    request came by; an e-mail is opened elsewhere and later, so they go on the Site's
    address instead, as every absolute address of ours does (core.links)."""
    if request is None or site is None:
        return context
    request_root = request.build_absolute_uri("/")
    return {
        key: absolute_url(site, "/" + value.removeprefix(request_root))
        if isinstance(value, str) and value.startswith(request_root)
        else value
        for key, value in context.items()
    }


# The account-wide count of failed passwords, across all addresses (ACCOUNT_RATE_LIMITS).
ACCOUNT_WIDE_LOGIN_FAILED = "login_failed_account"


class AccountAdapter(DefaultAccountAdapter):
    """Failed passwords count per account *and* address, plus a much higher account-wide cap.

    allauth keys `login_failed` on the e-mail address alone, so with counts shared by every
    worker five wrong guesses from anywhere would lock the owner out of password sign-in
    everywhere. Keyed on the pair, a guesser locks out only their own address; the
    account-wide cap still stops guessing spread over many addresses.
    """

    def _account_key(self, request, **credentials):
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{self._account_key(request, **credentials)}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        account_wide = ratelimit.consume(
            request,
            app="allauth.account",
            action=ACCOUNT_WIDE_LOGIN_FAILED,
            key=self._account_key(request, **credentials),
        )
        if not account_wide:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")
        # A right password rolls back both counts, as allauth does with its own.
        self._login_failed_rl_usage.usage.extend(account_wide.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A password reset wipes the account-wide count too, not only this address's."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action=ACCOUNT_WIDE_LOGIN_FAILED,
            key=self._account_key(request, **credentials),
        )

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        site = site_of(request) if request is not None else None
        mail_context = {
            "request": request,
            "email": email,
            "current_site": site_for_mail(site),
            **links_on_site(context, request, site),
        }
        try:
            self.render_mail(template_prefix, email, mail_context).send()
        except OSError:  # the mail server is down or refused: smtplib's errors, no connection
            # Not queued for later (see above): the person is told at once and can ask for
            # the message again; the error is in the log for staff.
            logger.exception("Account e-mail %s to %s could not be sent", template_prefix, email)
            if request is not None:
                messages.error(
                    request,
                    _(
                        "We could not send you the e-mail just now. Please try again in a "
                        "few minutes."
                    ),
                )
