"""The participant's request to represent an association of their municipality."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import Association


class RepresentationRequestForm(forms.Form):
    association = forms.ModelChoiceField(
        queryset=Association.objects.none(),
        label=_("Association"),
        empty_label=_("Choose an association"),
        help_text=_("The association's contact person is asked to confirm that you represent it."),
        error_messages={
            "required": _("Choose the association you represent."),
            "invalid_choice": _("Choose an association from the list."),
        },
    )

    def __init__(self, *args, site, **kwargs):
        # Its own prefix: the profile page holds the profile form's fields too.
        kwargs.setdefault("prefix", "representation")
        super().__init__(*args, **kwargs)
        # Only the municipality's directory: a record nobody confirmed is not offered.
        self.fields["association"].queryset = (
            Association.objects.published().on_site(site).order_by("name")
            if site is not None
            else Association.objects.none()
        )
