"""The municipalities an install serves, for a regional portal reading them all."""

from django.db.models import F
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Site

from core.api import Error, Paginated

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    code: str | None = Field(
        description=(
            "Give it as ?municipality=<code> to any listing or detail of the other "
            "routers; none until the site's settings name one."
        )
    )
    name: str
    address: str = Field(description="The municipality's own site.")
    regional: bool = Field(
        False, description="The region's own site (its overview), not a municipality."
    )

    @staticmethod
    def resolve_code(site):
        return site.code or None

    @staticmethod
    def resolve_regional(site):
        return bool(site.regional)

    @staticmethod
    def resolve_name(site):
        return site.site_name or site.hostname

    @staticmethod
    def resolve_address(site):
        return site.root_url + "/"


@router.get(
    "/",
    response={200: list[MunicipalityOut], 422: Error},
    summary="List the municipalities and the region's site",
)
@paginate(Paginated)
def list_municipalities(request):
    """Every Site of the install, by name; the region's own site says so."""
    return Site.objects.annotate(
        code=F("sitesettings__code"), regional=F("sitesettings__is_regional")
    ).order_by("site_name", "hostname", "port", "pk")
