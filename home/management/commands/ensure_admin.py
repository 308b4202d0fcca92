"""Make sure there is an administrator to sign in with, and say how to sign in.

The e-mail comes from ADMIN_EMAIL (default admin@example.fi), the password from
ADMIN_PASSWORD; without it a password is generated once and kept in
var/admin-credentials.txt (git-ignored) so later runs, even after the database
is reset, print and use the same credentials.

`make run` calls it last, with the address it is about to serve on, so the block it
prints (every site, the admin, credentials, how to stop) is the last thing before the
server's own lines. It also puts the Sites on that address: every absolute link a site
writes (API, feeds, calendar files, e-mail, exports) is its Site's (core.links).

Browsers resolve every `*.localhost` name to the loopback address, so the demo's Sites
(jarvela.localhost, koivikko.localhost, …) are all served by the one runserver: each keeps
its host name and gets the served port. A default Site with another host name (an install
without the demo) moves to the served address, as before. The default Site also answers
any host name no Site has (Wagtail's default-site match), so http://127.0.0.1:8000/ shows
the default municipality too.
"""

import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import Command as RunServer
from django.core.management.commands.runserver import naiveip_re
from wagtail.models import Site

DEFAULT_EMAIL = "admin@example.fi"
DISPLAY_NAME = "Ylläpitäjä"


def credentials_file():
    return Path(settings.BASE_DIR) / "var" / "admin-credentials.txt"


def read_stored_credentials():
    """The e-mail and password stored by an earlier run, or (None, None)."""
    path = credentials_file()
    if not path.exists():
        return None, None
    values = dict(
        line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    return values.get("email"), values.get("password")


def served_address(addrport):
    """The host and port runserver serves `addrport` on, read the way runserver reads it."""
    match = re.match(naiveip_re, addrport or "")
    if match is None:
        raise CommandError(f"{addrport!r} is not a port or an address:port pair.")
    return match["addr"] or RunServer.default_addr, int(match["port"])


def is_loopback_name(hostname):
    return hostname.endswith(".localhost")


def serve_sites_on(hostname, port):
    """Every `*.localhost` Site gets the served port; a default Site with another host name
    takes the served host name and port. Returns the Sites, the default one first."""
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site", "pk"))
    for site in sites:
        if is_loopback_name(site.hostname):
            wanted = (site.hostname, port)
        elif site.is_default_site:
            wanted = (hostname, port)
        else:
            continue
        if (site.hostname, site.port) != wanted:
            site.hostname, site.port = wanted
            site.save(update_fields=["hostname", "port"])
    return sites


def site_lines(sites):
    """One line per Site with its address; the region's names its overview too (the first
    page of its navigation, which `load_regional_demo` puts there)."""
    from core.models import SiteSettings
    from core.municipalities import site_name

    lines = []
    for site in sites:
        settings = SiteSettings.for_site(site)
        line = f"{site_name(site)}: {site.root_url}/"
        if settings.is_regional:
            pages = [link.page for link in settings.navigation()]
            if pages:
                line += f" (overview: {pages[0].get_full_url()})"
        lines.append(line)
    return lines


def store_credentials(email, password):
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"email={email}\npassword={password}\n", encoding="utf-8")
    path.chmod(0o600)


class Command(BaseCommand):
    help = "Create a superuser if there is none, and print how to sign in to the admin."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default=f"{RunServer.default_addr}:{RunServer.default_port}",
            help="The address the server will run on, as given to runserver (HOST_PORT).",
        )

    def handle(self, *args, **options):
        hostname, port = served_address(options["addrport"])
        sites = serve_sites_on(hostname, port)
        url = f"{sites[0].root_url}/" if sites else f"http://{hostname}:{port}/"
        User = get_user_model()  # noqa: N806
        email = os.environ.get("ADMIN_EMAIL", DEFAULT_EMAIL).strip().lower()
        env_password = os.environ.get("ADMIN_PASSWORD") or None
        stored_email, stored_password = read_stored_credentials()

        superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
        if superuser is None:
            password = env_password
            if password is None:
                reuse = stored_email == email and stored_password
                password = stored_password if reuse else secrets.token_urlsafe(12)
                store_credentials(email, password)
            superuser = User.objects.create_superuser(
                email=email, password=password, display_name=DISPLAY_NAME
            )
            self.stdout.write(self.style.SUCCESS(f"Created the superuser {superuser.email}."))
        else:
            self.stdout.write(f"A superuser already exists: {superuser.email}.")
            if not superuser.display_name:
                superuser.display_name = DISPLAY_NAME
                superuser.save(update_fields=["display_name"])
            password = self.known_password(superuser, env_password, stored_email, stored_password)

        if password is None:
            password = f"not known here; set one with `manage.py changepassword {superuser.email}`."
        rule = "-" * 60
        if len(sites) > 1:
            addresses = ["Sites:", *(f"  {line}" for line in site_lines(sites))]
            if is_loopback_name(sites[0].hostname):
                addresses.append(f"  The default site also at http://{hostname}:{port}/")
        else:
            addresses = [f"Site:     {url}"]
        for line in [
            "",
            rule,
            *addresses,
            f"Admin:    {url}admin/",
            f"E-mail:   {superuser.email}",
            f"Password: {password}",
            "Stop the server with Ctrl+C.",
            rule,
        ]:
            self.stdout.write(line)

    @staticmethod
    def known_password(user, env_password, stored_email, stored_password):
        """The password, if the environment or the stored file has one that works."""
        for candidate in (env_password, stored_password if stored_email == user.email else None):
            if candidate and user.check_password(candidate):
                return candidate
        return None
