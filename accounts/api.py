"""Who the API request acts for: lets a client check its personal token."""

from ninja import Router, Schema
from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

from core.api import Error

router = Router(tags=["participants"])


class MeOut(Schema):
    id: int
    display_name: str
    association: str


@router.get("/", response={200: MeOut, 401: Error}, auth=[BearerTokenAuth(), django_auth])
def me(request):
    """The signed-in participant, or 401 with an invalid or revoked token."""
    user = request.user
    return {"id": user.pk, "display_name": user.public_name, "association": user.association_label}
