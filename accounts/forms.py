"""The participant's forms: sign-up (allauth's, with the name shown to others), profile,
and deleting the account. Which association a person represents is asked on the profile
(associations.profile), where its contact person or staff confirm it."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken

from accounts.models import User
from core.text import validate_one_line

DISPLAY_NAME_HELP = _(
    "Shown with your ideas and comments. For example your first name and the first "
    "letter of your surname, or your role in the association."
)


class ParticipantDetailsMixin:
    """The display name, shared by the sign-up and profile forms."""

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if "@" in name:
            raise forms.ValidationError(
                _("Write a name here, not an e-mail address: this name is shown to everyone.")
            )
        return name


def _display_name_field():
    return forms.CharField(
        label=_("Name shown with your ideas and comments"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=DISPLAY_NAME_HELP,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class SignupForm(ParticipantDetailsMixin, AllauthSignupForm):
    """allauth's sign-up form with the name shown to others."""

    field_order = ["email", "display_name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"] = _display_name_field()
        self.fields["email"].help_text = _(
            "You sign in with it and we send you messages to it. It is never shown to others."
        )
        honeypot = getattr(settings, "ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD", None)
        if honeypot and honeypot in self.fields:
            self.fields[honeypot].label = _("Website")
            self.fields[honeypot].is_honeypot = True
        self.order_fields(self.field_order)

    def custom_signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(ParticipantDetailsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"] = _display_name_field()


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"

    content = forms.ChoiceField(
        label=_("Your ideas and comments"),
        choices=[
            (KEEP, _('Keep them on the site, shown as written by a "deleted user"')),
            (REMOVE, _("Remove them, with the replies and votes others gave them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your ideas and comments.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it so that nobody else can delete your account."),
    )
    confirmation = forms.CharField(label=_("Confirmation"), max_length=20)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.confirmation_word = str(_("DELETE"))
        if self.user.has_usable_password():
            del self.fields["confirmation"]
        else:
            del self.fields["password"]
            self.fields["confirmation"].help_text = _(
                "Type %(word)s to confirm that you want to delete your account."
            ) % {"word": self.confirmation_word}

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(
                _("Too many attempts. Wait a minute and try again."), code="rate_limited"
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        if typed.casefold() != self.confirmation_word.casefold():
            raise forms.ValidationError(
                _("Type %(word)s to confirm.") % {"word": self.confirmation_word}
            )
        return typed

    @property
    def remove_content(self):
        return self.cleaned_data["content"] == self.REMOVE


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=80,
        help_text=_("For example the name of the app that uses it."),
        error_messages={"required": _("Give the token a name so you recognise it later.")},
    )


class RevokeTokenForm(forms.Form):
    """Which of the participant's own tokens still in use to revoke; any other value,
    a number or not, is the same answer."""

    revoke = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("The token was not found, or it has already been revoked."),
            "invalid_choice": _("The token was not found, or it has already been revoked."),
        },
    )

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["revoke"].queryset = APIToken.objects.filter(user=user, revoked_at=None)
