"""Removal requests: a contact person asks for the association's details to be removed.

The public form needs no account. A request waits unconfirmed until the requester opens
the e-mailed link (signed with its own salt, YHDESSA_REMOVAL_REQUEST_LINK_DAYS days), so
nobody can have a record removed in someone else's name; then staff see it in
"Poistopyynnöt" (associations.removal_admin), unlist or delete the record and mark it
done. Each of staff's actions has one predicate: can_handle_removal_requests.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from associations.models import Association, ChangeSource
from associations.register import change_association
from associations.removal_models import RemovalRequest, RemovalState
from core.errors import Refused
from core.links import absolute_url
from core.mail import queue_from_template
from core.ratelimit import enforce_rate_limit

LINK_SALT = "yhdessa.associations.removal-request-link"


class RemovalRefused(Refused):
    status = 400


def can_handle_removal_requests(user):
    """Staff who may see the requests and unlist, delete and mark them done."""
    return user.is_active and user.is_staff and user.has_perm("associations.change_removalrequest")


def choosable_associations(site):
    """What the public form offers to pick from: only what the directory shows anyway."""
    return Association.objects.published().on_site(site)


def submit_removal_request(request, site, *, association, association_name, **details):
    """Store an unconfirmed request and e-mail its confirmation link once committed."""
    enforce_rate_limit(request, "removal_request")
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        removal = RemovalRequest(
            site=site,
            association=association,
            association_name=association.name if association else association_name,
            submitted_by=user,
            **details,
        )
        removal.full_clean()
        removal.save()
        transaction.on_commit(lambda: queue_confirmation(removal.pk))
    return removal


def _link_lifetime():
    return datetime.timedelta(days=settings.YHDESSA_REMOVAL_REQUEST_LINK_DAYS)


def request_token(removal):
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"r": removal.pk, "t": removal.created_at.isoformat()}
    )


def queue_confirmation(removal_pk):
    removal = RemovalRequest.objects.select_related("site").filter(pk=removal_pk).first()
    if removal is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("associations_removal:confirm", args=[request_token(removal)])
    queue_from_template(
        [removal.requester_email],
        "associations/email/removal_confirm",
        {
            "removal": removal,
            "link": absolute_url(removal.site, path),
            "link_days": settings.YHDESSA_REMOVAL_REQUEST_LINK_DAYS,
        },
    )


def removal_from_token(token, site):
    """The request the link names; refused when tampered with or expired."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        claim = signer.unsign_object(token, max_age=_link_lifetime())
        removal = RemovalRequest.objects.get(pk=claim["r"], site=site)
        if removal.created_at.isoformat() != claim["t"]:
            raise RemovalRequest.DoesNotExist
    except signing.SignatureExpired:
        raise RemovalRefused(
            "link_expired",
            _("This link has expired. Please send the removal request again."),
        ) from None
    except (signing.BadSignature, RemovalRequest.DoesNotExist, KeyError, TypeError, ValueError):
        raise RemovalRefused(
            "link_invalid",
            _(
                "This link does not work. Check that you copied the whole link from the "
                "e-mail, or send the removal request again."
            ),
        ) from None
    return removal


def confirm_removal_request(removal):
    """The requester's address is confirmed: staff see the request. True the first time."""
    return bool(
        RemovalRequest.objects.filter(pk=removal.pk, state=RemovalState.UNCONFIRMED).update(
            state=RemovalState.PENDING, email_confirmed_at=timezone.now()
        )
    )


def _require_pending(removal):
    if removal.state != RemovalState.PENDING:
        raise RemovalRefused(
            "not_pending", _("This request is not waiting for staff: nothing was changed.")
        )


@transaction.atomic
def unlist_and_close(removal, by):
    """Take the record off the public directory (kept in the history) and mark it done."""
    removal = RemovalRequest.objects.select_for_update().get(pk=removal.pk)
    _require_pending(removal)
    if removal.association is not None:
        change_association(
            removal.association, {"is_listed": False}, by=by, source=ChangeSource.STAFF
        )
    _close(removal, by)


@transaction.atomic
def delete_and_close(removal, by):
    """Delete the record with its history and mark the request done (its name is kept)."""
    removal = RemovalRequest.objects.select_for_update().get(pk=removal.pk)
    _require_pending(removal)
    if removal.association is not None:
        try:
            with transaction.atomic():
                removal.association.delete()
        except ProtectedError:
            raise RemovalRefused(
                "protected",
                _(
                    "The association cannot be deleted while other records refer to it. "
                    "Take it off the directory instead."
                ),
            ) from None
        removal.association = None
    _close(removal, by)


@transaction.atomic
def close(removal, by):
    """Done without changing the register here (staff removed it otherwise, or found none)."""
    removal = RemovalRequest.objects.select_for_update().get(pk=removal.pk)
    _require_pending(removal)
    _close(removal, by)


def _close(removal, by):
    removal.state = RemovalState.DONE
    removal.handled_by = by
    removal.handled_at = timezone.now()
    removal.save(update_fields=["association", "state", "handled_by", "handled_at"])
    transaction.on_commit(lambda: queue_done(removal.pk))


def queue_done(removal_pk):
    """The requester hears that staff have handled the request."""
    removal = RemovalRequest.objects.filter(pk=removal_pk).first()
    if removal is not None:
        queue_from_template(
            [removal.requester_email], "associations/email/removal_done", {"removal": removal}
        )


# --- Personal data (accounts.personal_data, registered from AssociationsConfig.ready) ---


def export_removal_requests(user):
    return [
        {
            "association": removal.association_name,
            "name": removal.requester_name,
            "email": removal.requester_email,
            "message": removal.message,
            "state": removal.state,
            "requested_at": removal.created_at,
            "handled_at": removal.handled_at,
        }
        for removal in RemovalRequest.objects.filter(submitted_by=user).order_by("created_at", "pk")
    ]


def erase_removal_requests(user, remove_content):
    # A request holds nothing but the person's own details and words: it goes either way.
    RemovalRequest.objects.filter(submitted_by=user).delete()
