"""Who speaks for an association: the one rule every feature asks.

Only a confirmed Representation (associations.models) counts: it puts the association's
name on what the person writes, lets them report changes to its record and nominate its
forum members. Each action has its own predicate, so a later rule for one (a board
member only, say) changes one function.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Representation, RepresentationState
from core.errors import Refused, require_participant
from core.links import absolute_url
from core.mail import queue_from_template, queue_to_author
from core.municipalities import sites_holding


def represented_associations(user):
    """The associations `user` is a confirmed representative of."""
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.filter(
        pk__in=Representation.objects.confirmed().filter(user=user).values("association")
    )


def _represents(user, association):
    return (
        user.is_authenticated
        and Representation.objects.confirmed().filter(user=user, association=association).exists()
    )


def can_update_association(user, association):
    """May report changes to the record (staff still review them)."""
    return _represents(user, association)


def can_nominate_forum_members(user, association):
    """May nominate the association's member and deputy to a forum (staff approve)."""
    return _represents(user, association)


def can_decide_representations(user):
    """Approving and rejecting requests in the admin: staff with the representatives'
    change permission (the Editors group, by migration 0003)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("associations.change_representation")
    )


# The contact person decides through an e-mailed link, without an account. It is signed
# with a salt of its own, so no other signed value of the site opens it, names the request
# by its id and the moment it was made (a later request never inherits an old link), and
# expires after YHDESSA_REPRESENTATION_LINK_DAYS.
LINK_SALT = "yhdessa.associations.representation-link"


def decision_token(representation):
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"r": representation.pk, "t": representation.requested_at.isoformat()}
    )


def decision_url(representation):
    """The link in the contact person's e-mail, on the association's municipality's site."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "associations:representation_decision", args=[decision_token(representation)]
        )
    return absolute_url(representation.association.site, path)


def representation_from_token(token):
    """The request a link names; refused when tampered with or expired."""
    max_age = timedelta(days=settings.YHDESSA_REPRESENTATION_LINK_DAYS)
    try:
        claim = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise Refused(
            "link_expired",
            _(
                "This link has expired. The person can ask again on their profile, or the "
                "municipality's staff can decide the request."
            ),
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        claim = None
    representation = None
    if isinstance(claim, dict):
        representation = (
            Representation.objects.select_related("user", "association")
            .filter(pk=claim.get("r"))
            .first()
        )
    if representation is None or representation.requested_at.isoformat() != claim.get("t"):
        raise Refused(
            "link_invalid",
            _("This link does not work. Check that you copied the whole link from the e-mail."),
        )
    return representation


def request_representation(user, association):
    """Ask to represent `association`; its contact person is e-mailed a link to decide.

    Refused, with nothing changed, when the person already represents it or has asked.
    """
    require_participant(user)
    duplicate = Refused(
        "already_requested",
        _("You already represent this association or have asked to represent it."),
    )
    if Representation.objects.open().filter(user=user, association=association).exists():
        raise duplicate
    try:
        with transaction.atomic():
            representation = Representation.objects.create(user=user, association=association)
    except IntegrityError:  # the same request from another tab at the same moment
        raise duplicate from None
    if association.contact_email:
        transaction.on_commit(lambda: _queue_decision_request(representation))
    return representation


def _queue_decision_request(representation):
    queue_from_template(
        [representation.association.contact_email],
        "associations/email/representation_request",
        {
            "representation": representation,
            "name": representation.user.public_name,
            "association": representation.association,
            "link": decision_url(representation),
            "days": settings.YHDESSA_REPRESENTATION_LINK_DAYS,
        },
    )


STAFF_DECIDE_MESSAGE = _(
    "Your request has been sent. The association has no contact person's e-mail in the "
    "register, so the municipality's staff decide it."
)


def contact_can_decide(representation):
    """Only a request for an association with a contact e-mail can be decided by link."""
    return bool(representation.association.contact_email)


def decide_by_contact(representation, confirm):
    """The contact person's answer through the link (decided_by stays empty)."""
    return _decide(representation, confirm, by=None)


def decide_by_staff(representation, user, confirm):
    if not can_decide_representations(user):
        raise Refused("not_allowed", _("You may not decide representatives' requests."))
    return _decide(representation, confirm, by=user)


def _decide(representation, confirm, *, by):
    with transaction.atomic():
        current = Representation.objects.select_for_update().get(pk=representation.pk)
        if current.state != RepresentationState.REQUESTED:
            raise Refused("already_decided", _("This request has already been decided."))
        current.state = RepresentationState.CONFIRMED if confirm else RepresentationState.REJECTED
        current.decided_at = timezone.now()
        current.decided_by = by
        if confirm:
            # A person's first confirmed association is the one named with their writing;
            # with several, they choose on their profile.
            current.shown_with_writing = not (
                Representation.objects.confirmed()
                .filter(user=current.user_id, shown_with_writing=True)
                .exists()
            )
        current.save(update_fields=["state", "decided_at", "decided_by", "shown_with_writing"])
        transaction.on_commit(lambda: _queue_outcome(current.pk))
    return current


def _queue_outcome(pk):
    representation = Representation.objects.select_related("user", "association").get(pk=pk)
    queue_to_author(
        representation.user,
        "associations/email/representation_outcome",
        {
            "representation": representation,
            "name": representation.user.public_name,
            "association": representation.association,
            "confirmed": representation.state == RepresentationState.CONFIRMED,
        },
    )


def _own_open(user, pk):
    representation = (
        Representation.objects.open().filter(user=user, pk=pk).select_related("association").first()
        if user.is_authenticated
        else None
    )
    if representation is None:
        raise Refused("not_found", _("The request was not found, or it has already ended."))
    return representation


def end_representation(user, pk):
    """End one's own request or representation; the name leaves new writing at once."""
    representation = _own_open(user, pk)
    representation.state = RepresentationState.ENDED
    representation.decided_at = timezone.now()
    representation.shown_with_writing = False
    representation.save(update_fields=["state", "decided_at", "shown_with_writing"])
    return representation


@transaction.atomic
def show_with_writing(user, pk):
    """Name this confirmed association (and no other) with what the person writes."""
    representation = _own_open(user, pk)
    if representation.state != RepresentationState.CONFIRMED:
        raise Refused(
            "not_confirmed",
            _("Only an association you have been confirmed to represent can be shown."),
        )
    Representation.objects.filter(user=user).exclude(pk=pk).update(shown_with_writing=False)
    Representation.objects.filter(pk=pk).update(shown_with_writing=True)
    return representation


def byline_names(user_ids, written_on=None):
    """{user id: the association named with their writing} in one query, for lists.

    `written_on`: the page the texts are on. An association belongs to one municipality,
    so a text on another municipality's page names none (a person active in two
    municipalities is shown with each one's own association only).
    """
    names = {}
    representations = Representation.objects.confirmed()
    if written_on is not None:
        representations = representations.filter(sites_holding(written_on, "association__site"))
    rows = (
        representations.filter(user__in=[pk for pk in user_ids if pk is not None])
        .order_by("-shown_with_writing", "decided_at", "pk")
        .values_list("user_id", "association__name")
    )
    for user_id, name in rows:
        names.setdefault(user_id, name)
    return names


def byline_association(user, written_on=None):
    """The name of the confirmed association shown with what `user` writes (on the page
    `written_on`, when given), or ""."""
    if user is None or not user.is_authenticated:
        return ""
    return byline_names([user.pk], written_on).get(user.pk, "")
