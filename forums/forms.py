"""The registration form on a meeting's page and the nomination form of a forum's seats.
The rules live in forums.registrations and forums.seats."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import HONEYPOT_FIELD, HoneypotMixin
from core.text import validate_one_line
from forums.registration_models import Registration
from forums.registrations import QUESTIONS, asked_questions, participant_details
from forums.seat_models import ForumSeat
from forums.seats import check_nomination


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
            for field, value in participant_details(user, meeting).items():
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


def _seat_name(label, required_message):
    return forms.CharField(
        label=label,
        max_length=ForumSeat._meta.get_field("member_name").max_length,
        required=required_message is not None,
        validators=[validate_one_line],
        error_messages={
            "required": required_message,
            "max_length": _("Write at most %(limit_value)d characters (now %(show_value)d)."),
        },
    )


def _seat_email(label, required_message):
    return forms.EmailField(
        label=label,
        required=required_message is not None,
        error_messages={
            "required": required_message,
            "invalid": _("Write the e-mail address in the form nimi@esimerkki.fi."),
        },
    )


def _seat_phone(label):
    # The number's form is checked by forums.seats (core.phone), where it is stored.
    return forms.CharField(
        label=label,
        max_length=30,
        required=False,
        help_text=_("For example 040 123 4567. Only staff see it."),
    )


def _term_date(label):
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Write the date as 1.6.2025."),
            "invalid": _("Write the date as 1.6.2025."),
        },
    )


class NominationForm(HoneypotMixin, forms.Form):
    """A representative names the association's member and deputy to a forum."""

    association = forms.ModelChoiceField(
        label=_("Association"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Choose the association."),
            "invalid_choice": _("Choose one of the associations you represent."),
        },
    )
    member_name = _seat_name(_("Member's name"), _("Write the member's name."))
    member_email = _seat_email(_("Member's e-mail"), _("Write the member's e-mail address."))
    member_phone = _seat_phone(_("Member's phone"))
    member_name_public = forms.BooleanField(
        label=_("The member agrees to their name being shown on the forum page"), required=False
    )
    deputy_name = _seat_name(_("Deputy's name"), None)
    deputy_email = _seat_email(_("Deputy's e-mail"), None)
    deputy_phone = _seat_phone(_("Deputy's phone"))
    deputy_name_public = forms.BooleanField(
        label=_("The deputy agrees to their name being shown on the forum page"), required=False
    )
    term_start = _term_date(_("Term starts"))
    term_end = _term_date(_("Term ends"))

    def __init__(self, *args, associations, default_term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.initial.setdefault("term_start", default_term[0])
        self.initial.setdefault("term_end", default_term[1])
        for prefix in ("member", "deputy"):
            self.fields[f"{prefix}_name"].widget.attrs["autocomplete"] = "off"
            self.fields[f"{prefix}_email"].widget.attrs["autocomplete"] = "off"
        self.add_honeypot()

    def clean(self):
        # The rules on the people and the term are forums.seats' (its service checks
        # them again): here they appear beside the fields, with the other mistakes.
        data = super().clean()
        _checked, problems = check_nomination(data)
        for field, messages in problems.items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data

    def nomination_fields(self):
        """The cleaned values as forums.seats.nominate_forum_members takes them."""
        data = dict(self.cleaned_data)
        data.pop("association")
        data.pop(HONEYPOT_FIELD, None)
        return data
