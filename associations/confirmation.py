"""The yearly confirmation: each contact person keeps their association's record current.

`manage.py send_association_confirmations` runs daily from cron. An association is due
when its details need confirming (Association.objects.needing_confirmation(): not
confirmed for YHDESSA_ASSOCIATION_FLAGGED_AFTER_MONTHS, or never), it is listed, it has a
contact e-mail, and it has not been asked since it was last confirmed, or the last link
has expired (YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS): so one e-mail per link, however
often the command runs, and a new link a month later while the record stays unconfirmed.
The request is recorded with one conditional UPDATE before the message is queued, in the
same transaction, so two runs at once cannot both send it.

The e-mailed link is signed (its own salt) and names the record and the moment it was
asked; it opens a page with the full record and one button that confirms it through
associations.register.change_association (source CONFIRMATION). After
YHDESSA_ASSOCIATION_HIDDEN_AFTER_MONTHS the directory hides the record
(Association.objects.published()); confirming shows it again.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from associations.models import Association, ChangeSource
from associations.register import change_association
from core.errors import Refused
from core.links import absolute_url
from core.mail import queue_from_template

LINK_SALT = "yhdessa.associations.confirmation-link"


def link_lifetime():
    return datetime.timedelta(days=settings.YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS)


def due_for_confirmation(now=None):
    """The associations whose contact person gets the confirmation e-mail now."""
    now = now or timezone.now()
    not_asked_since = (
        models.Q(confirmation_requested_at__isnull=True)
        | models.Q(confirmation_requested_at__lt=models.F("confirmed_at"))
        | models.Q(confirmation_requested_at__lte=now - link_lifetime())
    )
    return (
        Association.objects.needing_confirmation()
        .filter(is_listed=True)
        .exclude(contact_email="")
        .filter(not_asked_since)
    )


def confirmation_token(association):
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"a": association.pk, "r": association.confirmation_requested_at.isoformat()}
    )


def confirmation_url(association):
    """The absolute address of the link, on the association's own site, in Finnish."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("associations_confirmation:confirm", args=[confirmation_token(association)])
    return absolute_url(association.site, path)


def send_association_confirmations(now=None):
    """Queue the confirmation e-mail to every due association; returns how many."""
    now = now or timezone.now()
    queued = 0
    for pk in due_for_confirmation(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = due_for_confirmation(now).filter(pk=pk).update(confirmation_requested_at=now)
            if claimed:
                association = Association.objects.select_related("site").get(pk=pk)
                queue_from_template(
                    [association.contact_email],
                    "associations/email/confirmation",
                    {
                        "association": association,
                        "link": confirmation_url(association),
                        "link_days": settings.YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS,
                    },
                )
                queued += 1
    return queued


class LinkRefused(Refused):
    status = 400


def association_from_token(token, site):
    """The association of `site` the link names. Refused when tampered with or expired;
    an already confirmed one is returned all the same (the page says so)."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        claim = signer.unsign_object(token, max_age=link_lifetime())
        return Association.objects.get(pk=claim["a"], site=site)
    except signing.SignatureExpired:
        raise LinkRefused(
            "link_expired",
            _(
                "This link has expired. A new link comes by e-mail while the details wait "
                "to be confirmed; you can also report changes or contact the municipality."
            ),
        ) from None
    except (signing.BadSignature, Association.DoesNotExist, KeyError, TypeError, ValueError):
        raise LinkRefused(
            "link_invalid",
            _(
                "This link does not work. Check that you copied the whole link from the "
                "e-mail, or contact the municipality."
            ),
        ) from None


def confirmed_since_link(association, token):
    """When the details were confirmed after this link was sent (a used link), or None."""
    claim = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token)
    sent = datetime.datetime.fromisoformat(claim["r"])
    if association.confirmed_at is not None and association.confirmed_at >= sent:
        return association.confirmed_at
    return None


def confirm_details(association):
    """The contact person vouched for the record as it is: confirmed as of now."""
    return change_association(association, {}, source=ChangeSource.CONFIRMATION, confirms=True)
