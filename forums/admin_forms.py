"""The forms staff fill in on a meeting's registrations: attendance and a message.

They only collect and check what staff typed; forums.registrations does the rest.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.text import validate_one_line, validate_plain_text

MESSAGE_MAX_LENGTH = 5000


class RegistrationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        seats = ngettext("%(count)d seat", "%(count)d seats", obj.seat_count) % {
            "count": obj.seat_count
        }
        who = f"{obj.name} ({obj.association})" if obj.association else obj.name
        return f"{who}, {seats}"


class AttendanceForm(forms.Form):
    attended = RegistrationChoiceField(
        label=_("Attended"),
        help_text=_("Tick everyone who came; a group's companions count with them."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = registrations


class MessageForm(forms.Form):
    # Not "subject": the admin shows a field's name to scripts (data-contentpath), and
    # Wagtail's own "subject" would read as untranslated English there.
    message_subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        validators=[validate_one_line],
        error_messages={"required": _("Write the message's subject.")},
    )
    text = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write the message.")},
        help_text=_(
            "Each person gets the message on its own, with the meeting's time and place and "
            "their own link to their registration. Nobody sees the others' addresses."
        ),
    )
    include_waiting = forms.BooleanField(label=_("Send to the waiting list too"), required=False)
