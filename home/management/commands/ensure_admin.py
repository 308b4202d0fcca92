"""Make sure there is an administrator to sign in with, and say how to sign in.

The e-mail comes from ADMIN_EMAIL (default admin@example.fi), the password from
ADMIN_PASSWORD; without it a password is generated once and kept in
var/admin-credentials.txt (git-ignored) so later runs, even after the database
is reset, print and use the same credentials.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

ADMIN_URL = "http://127.0.0.1:8000/admin/"
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


def store_credentials(email, password):
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"email={email}\npassword={password}\n", encoding="utf-8")
    path.chmod(0o600)


class Command(BaseCommand):
    help = "Create a superuser if there is none, and print how to sign in to the admin."

    def handle(self, *args, **options):
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

        self.stdout.write(f"Admin:    {ADMIN_URL}")
        self.stdout.write(f"E-mail:   {superuser.email}")
        if password:
            self.stdout.write(f"Password: {password}")
        else:
            self.stdout.write(
                "Password: not known here; set one with "
                f"`manage.py changepassword {superuser.email}`."
            )

    @staticmethod
    def known_password(user, env_password, stored_email, stored_password):
        """The password, if the environment or the stored file has one that works."""
        for candidate in (env_password, stored_password if stored_email == user.email else None):
            if candidate and user.check_password(candidate):
                return candidate
        return None
