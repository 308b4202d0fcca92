"""Contact cards for other systems: published cards only, public fields only."""

from django.shortcuts import get_object_or_404
from ninja import Schema
from ninja.pagination import paginate

from contacts.models import ContactCard, Responsibility
from core.api import Error, MunicipalityRouter, Paginated, api_site
from core.links import request_url

router = MunicipalityRouter(tags=["contact cards"])
PHOTO_SIZE = "fill-240x240"


class ContactCardOut(Schema):
    id: int
    name: str
    title: str
    responsibility: Responsibility
    responsibility_label: str
    answers_for: str
    phone: str
    phone_display: str
    email: str
    photo_url: str | None
    photo_alt_text: str

    @staticmethod
    def resolve_responsibility_label(card):
        return card.get_responsibility_display()

    @staticmethod
    def resolve_photo_url(card, context):
        if card.photo is None:
            return None
        return request_url(context["request"], card.photo.get_rendition(PHOTO_SIZE).url)


def published_cards(request):
    """The published cards of the municipality the request is about."""
    return (
        ContactCard.objects.published()
        .filter(site=api_site(request))
        .select_related("photo")
        .prefetch_related("photo__renditions")
    )


@router.get(
    "/",
    response={200: list[ContactCardOut], 422: Error},
    summary="List published contact cards",
)
@paginate(Paginated)
def list_contact_cards(request, responsibility: Responsibility | None = None):
    cards = published_cards(request).order_by("name", "pk")
    if responsibility:
        cards = cards.filter(responsibility=responsibility)
    return cards


@router.get(
    "/{card_id}/",
    response={200: ContactCardOut, 404: Error, 422: Error},
    summary="One contact card",
)
def get_contact_card(request, card_id: int):
    return get_object_or_404(published_cards(request), pk=card_id)
