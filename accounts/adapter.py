"""How django-allauth fits this site: the site's name in its e-mail, nothing more.

Account e-mail (confirmation links, sign-in codes, password reset links) is sent
during the request, as allauth does, and not through the background queue like the
idea wall's notifications: each message carries a one-time secret that must not be
stored in the task table, and the person is waiting for it on the screen.
"""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from wagtail.models import Site


def site_for_mail(request):
    """The name and address the e-mail signs with: the Wagtail site's, not the bare host."""
    site = Site.find_for_request(request) if request is not None else None
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    domain = request.get_host() if request is not None else ""
    return SimpleNamespace(name=name, domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        mail_context = {
            "request": request,
            "email": email,
            "current_site": site_for_mail(request),
            **context,
        }
        self.render_mail(template_prefix, email, mail_context).send()
