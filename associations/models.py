"""The association register: what each association reported, what it agreed to publish.

The register is the city's own source (the Finnish Patent and Registration Office
publishes no open data on associations). A record exists once staff accepted its first
report (associations.reports); from then on it changes only through a reviewed report,
staff's own edit or the contact person's yearly confirmation, and every change is kept
field by field in AssociationChange. Each record belongs to one municipality: the
Wagtail Site it was reported on.

Visibility has one rule, `Association.objects.published()`: listed by staff and
confirmed within YHDESSA_ASSOCIATION_HIDDEN_AFTER_MONTHS. What of a published record
the public may read is `Association.public_values()`: only the fields the association
agreed to publish. The public directory (associations.pages) lists them, A–Ö by
`initial`, and searches their name and published description (search_fields).
"""

import unicodedata

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from associations.identifiers import validate_business_id, validate_registry_number
from core.text import validate_one_line, validate_plain_text

DESCRIPTION_MAX_LENGTH = 1000


class FieldOfActivity(models.Model):
    """One of the fixed fields of activity (several per association; a forum allows some).

    A table rather than a list of choices so that associations, forums and the
    directory's filter all use plain many-to-many lookups on both databases. The rows
    are made by migration 0001 from KINDS; their names are translated from KINDS.
    """

    class Kind(models.TextChoices):
        SPORTS = "sports", _("Sports and exercise")
        CULTURE = "culture", _("Culture")
        SOCIAL_HEALTH = "social_health", _("Social and health")
        YOUTH = "youth", _("Youth")
        VILLAGE = "village", _("Village and residents")
        OTHER = "other", _("Other")

    slug = models.CharField(_("field of activity"), max_length=20, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")

    def __str__(self):
        return str(self.Kind(self.slug).label) if self.slug in self.Kind.values else self.slug


# The fields an association may choose to publish, in the order the directory shows
# them. The name and the fields of activity are always public: without them the
# directory could not list or filter the association.
PUBLISHABLE_FIELDS = [
    "registry_number",
    "business_id",
    "website",
    "email",
    "phone",
    "description",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
]
# What a new report publishes unless the association says otherwise: the association's
# own channels yes, its contact person's personal details no.
PUBLISHED_BY_DEFAULT = [
    "registry_number",
    "business_id",
    "website",
    "email",
    "phone",
    "description",
]
# Every field a report can propose and a change can record, in the history's order.
RECORD_FIELDS = ["name", "fields_of_activity", *PUBLISHABLE_FIELDS, "published_fields"]
# What only staff decide (never a report nor the contact person), kept in the history too.
STAFF_FIELDS = ["is_listed"]
HISTORY_FIELDS = [*RECORD_FIELDS, *STAFF_FIELDS]


# The directory's A–Ö index: the Finnish alphabet, Å, Ä and Ö after Z. A name that starts
# with anything else (a digit, a quote) is under OTHER_INITIAL.
FINNISH_ALPHABET = [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "Å", "Ä", "Ö"]
OTHER_INITIAL = "#"


def initial_of(name):
    """The A–Ö index letter of a name: É is under E, 1. is under OTHER_INITIAL."""
    first = (name or "").strip()[:1].upper()
    if first in FINNISH_ALPHABET:
        return first
    base = unicodedata.normalize("NFKD", first)[:1]
    return base if base in FINNISH_ALPHABET else OTHER_INITIAL


def directory_page_url_path(site):
    """The url_path of the published directory page of the municipality at the lookup
    `site` (from the outer query), as a subquery: a listing of associations, or of records
    that point to one (forum seats), gets their directory addresses in its own query."""
    pages = (
        AssociationDirectoryPage.objects.live()
        .public()
        .filter(path__startswith=OuterRef(f"{site}__root_page__path"))
        .order_by("path")
    )
    return Subquery(pages.values("url_path")[:1])


class AssociationQuerySet(models.QuerySet):
    def on_site(self, site):
        return self.filter(site=site)

    def with_directory_page(self):
        """Each association with the address of its municipality's published directory page,
        in the same query: directory_url() then needs none of its own."""
        return self.annotate(directory_page_url_path=directory_page_url_path("site"))

    def published(self):
        """What the public directory, feeds, search and API show: the visibility rule."""
        return self.filter(is_listed=True, confirmed_at__gte=hidden_before())

    def needing_confirmation(self):
        """Not confirmed for YHDESSA_ASSOCIATION_FLAGGED_AFTER_MONTHS: flagged in the admin."""
        return self.filter(_needs_confirmation())

    def with_confirmation_flag(self):
        """Each record's `needs_confirmation` by the same rule, in the listing's one query."""
        return self.annotate(
            needs_confirmation=models.ExpressionWrapper(
                _needs_confirmation(), output_field=models.BooleanField()
            )
        )


def _needs_confirmation():
    return models.Q(confirmed_at__isnull=True) | models.Q(confirmed_at__lt=flagged_before())


def _months_ago(months):
    return timezone.now() - relativedelta(months=months)


def flagged_before():
    return _months_ago(settings.YHDESSA_ASSOCIATION_FLAGGED_AFTER_MONTHS)


def hidden_before():
    return _months_ago(settings.YHDESSA_ASSOCIATION_HIDDEN_AFTER_MONTHS)


class Association(index.Indexed, models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="associations",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_one_line])
    slug = models.SlugField(_("address"), max_length=200, allow_unicode=False)
    # The name's A–Ö index letter (initial_of), kept by save(): one indexed column that
    # both databases compare alike (SQLite's upper() knows no Ä).
    initial = models.CharField(_("initial"), max_length=1, editable=False, default=OTHER_INITIAL)
    registry_number = models.CharField(
        _("association register number"),
        max_length=7,
        blank=True,
        validators=[validate_registry_number],
        help_text=_("For example 123.456."),
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Y-tunnus, for example 1234567-1."),
    )
    fields_of_activity = models.ManyToManyField(
        FieldOfActivity, verbose_name=_("fields of activity"), blank=True, related_name="+"
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Stored as +358…; shown 040 123 4567 (core.phone).
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    description = models.TextField(
        _("short description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[validate_plain_text],
    )
    contact_name = models.CharField(
        _("contact person"), max_length=120, blank=True, validators=[validate_one_line]
    )
    contact_role = models.CharField(
        _("contact person's role"), max_length=120, blank=True, validators=[validate_one_line]
    )
    contact_phone = models.CharField(_("contact person's phone"), max_length=20, blank=True)
    contact_email = models.EmailField(
        _("contact person's e-mail"),
        blank=True,
        help_text=_("The yearly request to confirm the details goes here."),
    )
    published_fields = models.JSONField(
        _("published fields"),
        default=list,
        blank=True,
        help_text=_("The details the association agreed to show in the public directory."),
    )
    is_listed = models.BooleanField(
        _("shown in the directory"),
        default=True,
        help_text=_("Staff can take an association off the public directory."),
    )
    confirmed_at = models.DateTimeField(
        _("details last confirmed"),
        null=True,
        blank=True,
        help_text=_("The directory hides associations whose details are not confirmed."),
    )
    confirmation_requested_at = models.DateTimeField(
        _("confirmation last requested"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            models.UniqueConstraint(
                "site", Lower("name"), name="association_name_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["site", "slug"], name="association_slug_unique_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["site", "registry_number"],
                condition=~models.Q(registry_number=""),
                name="association_registry_number_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["site", "business_id"],
                condition=~models.Q(business_id=""),
                name="association_business_id_unique_per_municipality",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "is_listed", "confirmed_at"]),
            models.Index(fields=["site", "initial"]),
        ]
        permissions = [
            (
                "view_private_association_fields",
                _("Can see and export the details associations did not publish"),
            )
        ]

    # The search finds a description only where it is published: the index holds
    # public_description, never the description itself.
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("public_description"),
        index.FilterField("site"),
        index.FilterField("is_listed"),
        index.FilterField("confirmed_at"),
        index.FilterField("initial"),
        index.FilterField("name"),
        # The field-of-activity filter is a pk__in subquery (the backends cannot join a
        # many-to-many table).
        index.FilterField("id"),
    ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.initial = initial_of(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "initial"}
        super().save(*args, **kwargs)

    def public_description(self):
        return self.public_values().get("description", "")

    def _directory_page(self):
        if not hasattr(self, "directory_page_url_path"):
            self.directory_page_url_path = (
                Association.objects.with_directory_page()
                .filter(pk=self.pk)
                .values_list("directory_page_url_path", flat=True)
                .first()
            )
        if not self.directory_page_url_path:
            return None
        # Only the address is needed: Wagtail builds it from url_path and the sites' roots.
        return AssociationDirectoryPage(url_path=self.directory_page_url_path)

    def directory_url(self, request=None):
        """This association's page in its municipality's directory; "" when there is none
        published. No query for a record from `with_directory_page()`, one otherwise."""
        page = self._directory_page()
        url = page.get_url(request) if page else None
        return url + page.reverse_subpage("association", args=[self.slug]) if url else ""

    def directory_full_url(self, request=None):
        """directory_url() on the site's own address (API responses, sitemaps)."""
        page = self._directory_page()
        url = page.get_full_url(request) if page else None
        return url + page.reverse_subpage("association", args=[self.slug]) if url else ""

    def public_values(self):
        """The published fields' values, by field name: all the public ever reads."""
        return {
            name: getattr(self, name)
            for name in PUBLISHABLE_FIELDS
            if name in self.published_fields and getattr(self, name)
        }

    def record_values(self):
        """Every field a report proposes, as plain values (the history and diffs compare these)."""
        values = {name: getattr(self, name) for name in RECORD_FIELDS}
        values["fields_of_activity"] = sorted(field.slug for field in self.fields_of_activity.all())
        values["published_fields"] = [
            name for name in PUBLISHABLE_FIELDS if name in self.published_fields
        ]
        return values


class ChangeSource(models.TextChoices):
    REPORT = "report", _("Accepted report")
    STAFF = "staff", _("Edited by staff")
    CONFIRMATION = "confirmation", _("Confirmed by the contact person")
    SIGN_UP = "sign_up", _("Named at sign-up before the register")


class AssociationChange(models.Model):
    """One change to a record: who, when, how, and each field's value before and after."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("how"), max_length=20, choices=ChangeSource.choices)
    # {"field": [before, after], …}; empty when the details were confirmed unchanged.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    report = models.ForeignKey(
        "associations.AssociationReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change to an association")
        verbose_name_plural = _("changes to associations")

    def __str__(self):
        return f"{self.association} {self.changed_at:%Y-%m-%d %H:%M}"


class ReportState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class AssociationReportQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(state=ReportState.PENDING)


class AssociationReport(models.Model):
    """A new association's details, or changes to one: confirmed by e-mail, then reviewed."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="association_reports",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
        help_text=_("Empty for a new association."),
    )
    # The proposed values of RECORD_FIELDS, in Association.record_values()'s form.
    data = models.JSONField(_("reported details"), default=dict)
    submitter_name = models.CharField(
        _("reported by"), max_length=120, validators=[validate_one_line]
    )
    submitter_email = models.EmailField(_("reporter's e-mail"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="association_reports",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(
        _("reason for rejecting"), blank=True, validators=[validate_plain_text]
    )

    objects = AssociationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("association report")
        verbose_name_plural = _("association reports")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return self.data.get("name") or str(self.association or "")


class RepresentationState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")


class RepresentationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=RepresentationState.CONFIRMED)

    def open(self):
        """Requested or confirmed: a person has at most one of these per association."""
        return self.filter(state__in=[RepresentationState.REQUESTED, RepresentationState.CONFIRMED])


class Representation(models.Model):
    """A participant speaking for an association: asked for, then confirmed by its contact
    person (an e-mailed link) or by staff. Only a confirmed one puts the association's name
    on what the person writes and lets them update the record and nominate forum members."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RepresentationState.choices,
        default=RepresentationState.REQUESTED,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the association's contact person decided by e-mail."),
    )
    shown_with_writing = models.BooleanField(
        _("shown with what the person writes"),
        default=True,
        help_text=_("Of a person's associations, the one named with their ideas and comments."),
    )

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"],
                condition=models.Q(state__in=["requested", "confirmed"]),
                name="one_open_representation_per_association",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.association}"


# Kept in its own module; imported here so that Django finds the model.
# The directory page is a model of this app, in its own module (it reads the models above).
from associations.pages import AssociationDirectoryPage  # noqa: E402
from associations.removal_models import RemovalRequest  # noqa: E402, F401
