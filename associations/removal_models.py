"""A contact person's request to remove an association's details from the register.

Anyone may ask, without an account (associations.removals): the requester first confirms
their address by an e-mailed link, and only then do staff see the request as waiting
("Poistopyynnöt", associations.removal_admin). Staff unlist or delete the record and mark
the request done; the request keeps the association's name, so it stays readable after the
record itself is gone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line, validate_plain_text

MESSAGE_MAX_LENGTH = 2000


class RemovalState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")
    PENDING = "pending", _("Waiting for staff")
    DONE = "done", _("Handled")


class RemovalRequestQuerySet(models.QuerySet):
    def awaiting_staff(self):
        return self.filter(state=RemovalState.PENDING)


class RemovalRequest(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="association_removal_requests",
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="removal_requests",
    )
    # What the requester typed, or the chosen record's name: kept after the record is deleted.
    association_name = models.CharField(
        _("association's name"), max_length=200, validators=[validate_one_line]
    )
    requester_name = models.CharField(
        _("requester's name"), max_length=120, validators=[validate_one_line]
    )
    requester_email = models.EmailField(_("requester's e-mail"))
    message = models.TextField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        validators=[validate_plain_text],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="association_removal_requests",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RemovalState.choices, default=RemovalState.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RemovalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("removal request")
        verbose_name_plural = _("removal requests")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return self.association_name
