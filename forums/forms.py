"""The registration form on a meeting's page. The rules live in forums.registrations."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from core.text import validate_one_line
from forums.registration_models import Registration
from forums.registrations import QUESTIONS, asked_questions, participant_details


def _one_line(field, label, required_message):
    limit = Registration._meta.get_field(field).max_length
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required_message is not None,
        validators=[validate_one_line],
        error_messages={
            "required": required_message,
            "max_length": _("Write at most %(limit_value)d characters (now %(show_value)d)."),
        },
    )


class RegistrationForm(HoneypotMixin, forms.Form):
    name = _one_line("name", _("Name"), _("Write your name."))
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The confirmation and the cancel link are sent here."),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write the e-mail address in the form nimi@esimerkki.fi."),
        },
    )
    association = _one_line("association", _("Association"), None)
    companions = forms.IntegerField(
        label=_("Companions from the same association"),
        min_value=0,
        initial=0,
        error_messages={
            "required": _("Write how many companions come with you (0 if none)."),
            "invalid": _("Write the number of companions as a whole number."),
            "min_value": _("The number of companions cannot be negative."),
            "max_value": _("You can register at most %(limit_value)s companions."),
        },
    )
    dietary_needs = _one_line("dietary_needs", _("Dietary needs"), None)
    accessibility_needs = _one_line("accessibility_needs", _("Accessibility needs"), None)
    represents_association = forms.BooleanField(
        label=_("I represent my association"), required=False
    )

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            # Signed-in participants find their details filled in, and can change them.
            for field, value in participant_details(user).items():
                self.initial.setdefault(field, value)
        if meeting.max_companions:
            self.fields["companions"].widget.attrs["max"] = meeting.max_companions
            self.fields["companions"].validators.append(MaxValueValidator(meeting.max_companions))
        else:
            del self.fields["companions"]
        asked = asked_questions(meeting)
        for question in QUESTIONS:
            if question not in asked:
                del self.fields[question]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["association"].widget.attrs["autocomplete"] = "organization"
        self.add_honeypot()

    def registration_fields(self):
        """The cleaned values as forums.registrations.register_for_meeting takes them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "association": data["association"],
            "companions": data.get("companions", 0),
            "answers": {question: data[question] for question in QUESTIONS if question in data},
        }
