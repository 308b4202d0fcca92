"""Who the API request acts for: lets a client check its personal token."""

from ninja import Router, Schema

from core import bylines
from core.api import SIGNED_IN, Error

router = Router(tags=["participants"])


class MeOut(Schema):
    id: int
    display_name: str
    association: str


@router.get("/", response={200: MeOut, 401: Error}, auth=SIGNED_IN)
def me(request):
    """The signed-in participant, or 401 with an invalid or revoked token."""
    user = request.user
    return {"id": user.pk, "display_name": user.public_name, "association": bylines.byline_of(user)}
