"""The association directory for other systems, and representatives' own records.

The public lists read what the directory page shows (associations.directory): published
associations of the municipality the request is for, only the details each agreed to
publish. A detail an association did not publish is absent from its object, never null:
a client cannot tell an unpublished detail from one never given.
"""

from datetime import datetime
from typing import Literal

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import model_serializer, model_validator
from pydantic.json_schema import SkipJsonSchema

from associations import directory, reports
from associations.models import PUBLISHABLE_FIELDS, Association, FieldOfActivity
from associations.representatives import represented_associations
from core.api import (
    SIGNED_IN,
    Error,
    Message,
    MunicipalityRouter,
    Paginated,
    api_site,
    both_languages,
)

router = MunicipalityRouter(tags=["associations"])
# A person's own associations, in every municipality: one account serves them all.
my_associations_router = Router(tags=["associations"])

FieldKind = Literal[tuple(FieldOfActivity.Kind.values)]
Initial = Literal[tuple(directory.INITIALS)]
# A published detail: a string when present, the key absent otherwise (never null).
Published = str | SkipJsonSchema[None]
PublishableField = Literal[tuple(PUBLISHABLE_FIELDS)]
UNPUBLISHED = "Absent when the association has not published it."


class FieldOfActivityOut(Schema):
    slug: FieldKind
    name: str = Field(examples=["Liikunta ja urheilu"])


def _fields_of_activity(association):
    return [
        {"slug": field.slug, "name": str(field)} for field in association.fields_of_activity.all()
    ]


class AssociationOut(Schema):
    """An association of the public directory: its name, fields and published details."""

    id: int
    name: str = Field(examples=["Järvelän Kyläyhdistys ry"])
    url: str | None = Field(
        description="Its page in the municipality's directory; null without a published one.",
        examples=["https://kunta.example/yhdistykset/jarvelan-kylayhdistys-ry/"],
    )
    fields_of_activity: list[FieldOfActivityOut]
    registry_number: Published = Field(None, description=UNPUBLISHED, examples=["123.456"])
    business_id: Published = Field(None, description=UNPUBLISHED, examples=["1234567-1"])
    website: Published = Field(None, description=UNPUBLISHED, examples=["https://jarvela.example/"])
    email: Published = Field(None, description=UNPUBLISHED, examples=["info@jarvela.example"])
    phone: Published = Field(
        None,
        description=UNPUBLISHED + " International form, for tel: links.",
        examples=["+358401234567"],
    )
    description: Published = Field(
        None, description=UNPUBLISHED + " Plain text.", examples=["Kylätalon ylläpito."]
    )
    contact_name: Published = Field(None, description=UNPUBLISHED, examples=["Maija Mallikas"])
    contact_role: Published = Field(None, description=UNPUBLISHED, examples=["puheenjohtaja"])
    contact_phone: Published = Field(
        None, description=UNPUBLISHED + " International form.", examples=["+358501234567"]
    )
    contact_email: Published = Field(
        None, description=UNPUBLISHED, examples=["maija@jarvela.example"]
    )

    @model_validator(mode="before")
    @classmethod
    def _public(cls, data):
        # django-ninja hands a model instance over wrapped in its DjangoGetter.
        association = getattr(data, "_obj", data)
        if not isinstance(association, Association):
            return data
        return {
            "id": association.pk,
            "name": association.name,
            "url": association.directory_full_url() or None,
            "fields_of_activity": _fields_of_activity(association),
            **association.public_values(),
        }

    @model_serializer(mode="wrap")
    def _without_unpublished(self, serialize):
        data = serialize(self)
        return {
            key: value
            for key, value in data.items()
            if key not in PUBLISHABLE_FIELDS or value is not None
        }


class AssociationRecordOut(Schema):
    """The whole record, for the association's confirmed representatives."""

    id: int
    name: str = Field(examples=["Järvelän Kyläyhdistys ry"])
    url: str | None = Field(description="Its page in the directory, if it is shown there.")
    fields_of_activity: list[FieldOfActivityOut]
    registry_number: str = Field(examples=["123.456"])
    business_id: str = Field(examples=["1234567-1"])
    website: str
    email: str
    phone: str = Field(description="International form.", examples=["+358401234567"])
    description: str
    contact_name: str
    contact_role: str
    contact_phone: str = Field(description="International form.")
    contact_email: str
    published_fields: list[PublishableField] = Field(
        description="The details shown in the public directory."
    )
    in_directory: bool = Field(
        description="Shown in the public directory now: listed by staff and confirmed "
        "recently enough."
    )
    confirmed_at: datetime | None = Field(description="When the details were last confirmed.")

    @model_validator(mode="before")
    @classmethod
    def _record(cls, data):
        association = getattr(data, "_obj", data)
        if not isinstance(association, Association):
            return data
        return {
            **{name: getattr(association, name) for name in PUBLISHABLE_FIELDS},
            "id": association.pk,
            "name": association.name,
            "url": (association.directory_full_url() or None) if association.in_directory else None,
            "fields_of_activity": _fields_of_activity(association),
            "published_fields": association.record_values()["published_fields"],
            "in_directory": association.in_directory,
            "confirmed_at": association.confirmed_at,
        }


LETTER = Query(None, description="Names under this A–Ö index letter.")
SEARCH = Query("", max_length=directory.MAX_QUERY_LENGTH, description="Name or description.")


@router.get(
    "/",
    response={200: list[AssociationOut], 422: Error},
    auth=None,
    summary="List the associations of the directory",
)
@paginate(Paginated)
def list_associations(
    request,
    field: FieldKind | None = None,
    letter: Initial | None = LETTER,
    q: str = SEARCH,
):
    """The municipality's published associations by name, as its directory page lists them."""
    return directory.listing(
        api_site(request),
        query=directory.clean_query(q),
        field=field or "",
        initial=letter or "",
    )


@router.get(
    "/{association_id}/",
    response={200: AssociationOut, 404: Error, 422: Error},
    auth=None,
    summary="One association of the directory",
)
def get_association(request, association_id: int):
    """404 for an association that is not shown in this municipality's directory."""
    return directory.published_association(api_site(request), pk=association_id)


@my_associations_router.get(
    "/",
    response={200: list[AssociationRecordOut], 401: Error, 422: Error},
    auth=SIGNED_IN,
    summary="The associations you represent, with their whole records",
)
@paginate(Paginated)
def my_associations(request):
    """Every detail of each association you are a confirmed representative of."""
    in_directory = Association.objects.published().filter(pk=OuterRef("pk"))
    return (
        directory.with_public_details(represented_associations(request.user))
        .annotate(in_directory=Exists(in_directory))
        .order_by("name", "pk")
    )


class AssociationChangesIn(Schema):
    """The details that change; a detail left out keeps its value. Checked as the report
    form checks them (identifiers, phones, lengths); Finnish and English messages."""

    name: str | None = Field(None, max_length=200)
    registry_number: str | None = Field(None, max_length=20, examples=["123.456"])
    business_id: str | None = Field(None, max_length=20, examples=["1234567-1"])
    fields_of_activity: list[FieldKind] | None = None
    website: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40, examples=["040 123 4567"])
    description: str | None = Field(None, max_length=1000)
    contact_name: str | None = Field(None, max_length=120)
    contact_role: str | None = Field(None, max_length=120)
    contact_phone: str | None = Field(None, max_length=40)
    contact_email: str | None = Field(None, max_length=254)
    published_fields: list[PublishableField] | None = None


class AssociationReportOut(Schema):
    id: int
    state: Literal["unconfirmed"] = Field(
        description="The report waits for its confirmation link, sent to your e-mail; then "
        "the municipality's staff review it."
    )
    message: Message


@my_associations_router.post(
    "/{association_id}/reports/",
    response={
        202: AssociationReportOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        422: Error,
        429: Error,
    },
    auth=SIGNED_IN,
    summary="Report changes to an association you represent",
)
def report_changes(request, association_id: int, payload: AssociationChangesIn):
    """The changes go to staff as a report, as from the public form: you confirm it by the
    e-mailed link, staff review it, and you are told the outcome by e-mail."""
    association = get_object_or_404(represented_associations(request.user), pk=association_id)
    report = reports.report_by_representative(
        request, association, payload.dict(exclude_unset=True)
    )
    message = _("Confirm the report by the link sent to your e-mail; staff then review it.")
    return 202, {"id": report.pk, "state": report.state, "message": both_languages(message)}
