"""The public association directory: a page of the municipality's site and a route per
association. What it lists and finds is associations.directory's; the page only shows it."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from associations import directory
from associations.memberships import memberships_of
from associations.models import FieldOfActivity
from core.preview import SeparateFrontEndPreviewMixin
from core.structured_data import json_ld
from core.text import render_plain_text

ASSOCIATIONS_PER_PAGE = 20
# Finnish words in the address, as the site's other routes and filters have.
QUERY_PARAMETER, FIELD_PARAMETER, INITIAL_PARAMETER = "haku", "toimiala", "kirjain"
# The association's own channels, then its contact person's, as the page shows them.
OWN_DETAILS = ["registry_number", "business_id", "website", "email", "phone"]
CONTACT_DETAILS = ["contact_name", "contact_role", "contact_phone", "contact_email"]


def _rows(association, values, names):
    """(name, label, value) for each published detail, in the page's order."""
    return [
        (name, association._meta.get_field(name).verbose_name, values[name])
        for name in names
        if name in values
    ]


def organization_json_ld(association, values, page_url):
    """schema.org Organization of the association's published details only, as JSON safe
    inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": association.name,
        "mainEntityOfPage": page_url,
    }
    for key, name in (
        ("url", "website"),
        ("email", "email"),
        ("telephone", "phone"),
        ("description", "description"),
        ("taxID", "business_id"),
    ):
        if name in values:
            data[key] = values[name]
    if "registry_number" in values:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "yhdistysrekisterinumero",
            "value": values["registry_number"],
        }
    contact = {
        key: values[name]
        for key, name in (
            ("name", "contact_name"),
            ("contactType", "contact_role"),
            ("telephone", "contact_phone"),
            ("email", "contact_email"),
        )
        if name in values
    }
    if contact:
        data["contactPoint"] = {"@type": "ContactPoint", **contact}
    return json_ld(data)


class AssociationDirectoryPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    """The municipality's associations with what each agreed to publish."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    # The associations themselves are in the collaboration API (/api/associations/).
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("association directory")

    def _query(self, **values):
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value:
                query[key] = value
        return query.urlencode()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = directory.clean_query(request.GET.get(QUERY_PARAMETER))
        field = directory.clean_field(request.GET.get(FIELD_PARAMETER))
        initial = directory.clean_initial(request.GET.get(INITIAL_PARAMETER))
        site = self.get_site()
        found = directory.listing(site, query=query, field=field, initial=initial)
        associations = Paginator(found, ASSOCIATIONS_PER_PAGE).get_page(request.GET.get("page"))
        in_use = directory.initials_in_use(site)
        context.update(
            {
                "query": query,
                "current_field": field,
                "current_initial": initial,
                "fields_of_activity": FieldOfActivity.objects.all(),
                "associations": associations,
                "initials": [
                    (
                        letter,
                        letter in in_use,
                        "?" + self._query(**{FIELD_PARAMETER: field, INITIAL_PARAMETER: letter}),
                    )
                    for letter in directory.INITIALS
                    if letter in directory.FINNISH_ALPHABET or letter in in_use
                ],
                "all_initials_url": "?" + self._query(**{FIELD_PARAMETER: field}),
                "filtered": bool(query or field or initial),
                "page_query": self._query(
                    **{QUERY_PARAMETER: query, FIELD_PARAMETER: field, INITIAL_PARAMETER: initial}
                ),
            }
        )
        return context

    @path("<slug:slug>/", name="association")
    def association(self, request, slug):
        """One association's page: its published details and the forums it sits in."""
        association = directory.published_association(self.get_site(), slug=slug)
        values = association.public_values()
        url = self.get_full_url(request) + self.reverse_subpage("association", args=[slug])
        return TemplateResponse(
            request,
            "associations/association_page.html",
            {
                **super().get_context(request),
                "association": association,
                "description_html": render_plain_text(values.get("description", "")),
                "own_details": _rows(association, values, OWN_DETAILS),
                "contact_details": _rows(association, values, CONTACT_DETAILS),
                "memberships": memberships_of(association),
                "json_ld": organization_json_ld(association, values, url),
                "canonical_url": url,
            },
        )

    def get_sitemap_urls(self, request=None):
        """The directory, then each association's page that the public may see."""
        base = self.get_full_url(request)
        return [
            *super().get_sitemap_urls(request),
            *(
                {
                    "location": base + self.reverse_subpage("association", args=[slug]),
                    "lastmod": updated_at,
                }
                for slug, updated_at in directory.published_on(self.get_site())
                .order_by("name", "pk")
                .values_list("slug", "updated_at")
            ),
        ]
