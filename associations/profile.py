"""The "Edustamani yhdistykset" section of a participant's profile: their requests to
represent associations and their states, a form to ask for another, the choice of the one
named with their writing, and ending one.

Registered with accounts.profile_sections from AssociationsConfig.ready(), so accounts
never imports associations. The forms post to associations.views, which show the profile
again with the bound request form (set on the request) when it has errors.
"""

from accounts import profile_sections
from associations import representatives
from associations.forms import RepresentationRequestForm
from associations.models import Representation, RepresentationState
from core.links import site_of
from core.municipalities import MunicipalityNames


def representations_on_profile(request):
    rows = (
        Representation.objects.filter(user=request.user)
        .exclude(state=RepresentationState.ENDED)
        .select_related("association")
        .order_by("association__name", "pk")
    )
    confirmed = [row for row in rows if row.state == RepresentationState.CONFIRMED]
    byline = representatives.byline_association(request.user)
    # One account serves every municipality: each association is named with its own.
    names = MunicipalityNames()
    for row in rows:
        row.municipality = names.of_site(row.association.site_id)
    return {
        "representations": rows,
        "several_municipalities": len({row.municipality for row in rows}) > 1,
        "several_confirmed": len(confirmed) > 1,
        "byline": byline,
        "form": getattr(request, "representation_form", None)
        or RepresentationRequestForm(site=site_of(request)),
    }


profile_sections.register(
    "associations",
    template="associations/includes/profile_representations.html",
    context=representations_on_profile,
)
