"""Content-Security-Policy and Permissions-Policy on every answer, from settings.

Django 5.2 has no CSP of its own (Django 6 does). The site's pages, the API and its
docs load only this origin's own scripts and styles, so the policy allows nothing else;
the Wagtail admin runs inline scripts and styles of its own and gets a looser policy.
"""

from django.conf import settings


def policy_header(directives):
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy = policy_header(settings.YHDESSA_CONTENT_SECURITY_POLICY)
        self.admin_policy = policy_header(settings.YHDESSA_ADMIN_CONTENT_SECURITY_POLICY)
        self.permissions_policy = ", ".join(
            f"{feature}=()" for feature in settings.YHDESSA_PERMISSIONS_POLICY_DISABLED
        )

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path.startswith(settings.YHDESSA_ADMIN_PATH)
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if in_admin else self.site_policy
        )
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
