"""Everything the site holds about a person: gathered for download, erased on request.

The accounts app knows only the account itself. Every other app that stores
something a person wrote or did registers here from its AppConfig.ready(), so
accounts never imports it:

    from accounts import personal_data
    personal_data.register(
        "ideas",
        export=export_ideas,        # user -> dict or list, JSON-serialisable
        erase=erase_ideas,          # (user, remove_content: bool) -> None
        summary=summarise_ideas,    # user -> list of short texts (optional)
    )

`erase` runs inside the transaction that then deletes the user. With
`remove_content=False` it keeps the person's texts without an author (they show as
"deleted user"); with True it removes them. Either way it must leave every count it
keeps (votes, comments) exact.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import APIToken

from core import mail

RESERVED_LABELS = {
    "format",
    "exported_at",
    "account",
    "email_addresses",
    "api_tokens",
    "email_messages",
}


@dataclass(frozen=True)
class Contributor:
    label: str
    export: Callable[[Any], Any]
    erase: Callable[..., None]
    summary: Callable[[Any], list] | None = None


_contributors: dict[str, Contributor] = {}


def register(label, *, export, erase, summary=None):
    """Add an app's part of a person's data; registering the same label again replaces it."""
    if label in RESERVED_LABELS:
        raise ValueError(f"{label!r} is reserved for the account itself.")
    _contributors[label] = Contributor(label, export, erase, summary)


def contributors():
    return list(_contributors.values())


def _account(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def addresses(user):
    """Every e-mail address the person has given (what others may hold their data by)."""
    return {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}


def export_data(user):
    """A dict of everything stored about `user`; never the password hash."""
    data = {
        "format": "yhdessa-personal-data/1",
        "exported_at": timezone.now(),
        "account": _account(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The token itself is never stored; its name and dates are.
        "api_tokens": list(
            APIToken.objects.filter(user=user)
            .order_by("created")
            .values("name", "prefix", "created", "last_used_at", "revoked_at")
        ),
        "email_messages": [
            {
                "subject": result.args_kwargs["kwargs"].get("subject", ""),
                "status": result.status,
                "queued_at": result.enqueued_at,
                "finished_at": result.finished_at,
            }
            for result in mail.messages_to(addresses(user))
        ],
    }
    for contributor in contributors():
        data[contributor.label] = contributor.export(user)
    return data


def export_json(user):
    return json.dumps(export_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def summary(user):
    """Short texts such as "3 ideas", for the page where a person deletes their account."""
    lines = []
    for contributor in contributors():
        if contributor.summary is not None:
            lines.extend(contributor.summary(user))
    return lines


def _log_entry_models():
    from wagtail.models import BaseLogEntry

    return [model for model in apps.get_models() if issubclass(model, BaseLogEntry)]


def erase_user(user, *, remove_content):
    """Delete the account; every app first keeps (anonymised) or removes what it holds."""
    with transaction.atomic():
        for contributor in contributors():
            contributor.erase(user, remove_content=remove_content)
        # Wagtail's audit log points at users without a database constraint, so the
        # rows would keep the id of a person who no longer exists.
        for model in _log_entry_models():
            model.objects.filter(user_id=user.pk).update(user=None)
        # Messages waiting for the worker, or failed and kept for staff, hold the address.
        DBTaskResult.objects.filter(
            id__in=[result.id for result in mail.messages_to(addresses(user))]
        ).delete()
        EmailAddress.objects.filter(user=user).delete()
        user.delete()


def rows_referring_to(user_pk):
    """(model label, field name, count) for every row that still points at the user id.

    Used by the tests and by operators to check an erasure left nothing behind.
    """
    user_model = get_user_model()
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.concrete
                and field.remote_field.model is user_model
            ):
                count = model._default_manager.filter(**{field.attname: user_pk}).count()
                if count:
                    found.append((model._meta.label, field.name, count))
    if user_model._default_manager.filter(pk=user_pk).exists():
        found.append((user_model._meta.label, "pk", 1))
    return found
