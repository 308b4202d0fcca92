"""The two identifiers of a Finnish association, checked and stored in one written form.

python-stdnum knows both: the association register number (yhdistysrekisterinumero,
1–6 digits written with a dot before the last three, no check digit) and the business
ID (Y-tunnus, 7 digits, a hyphen and a check digit over the weights 7, 9, 10, 5, 8, 4, 2).
Our part is the Finnish message and the form we store and show.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError
from stdnum.fi import associationid, ytunnus


def normalize_registry_number(raw):
    """'123456' or '123.456' → '123.456'; blank stays blank."""
    if not (raw or "").strip():
        return ""
    try:
        return associationid.format(associationid.validate(raw))
    except NumberError:
        raise ValidationError(
            _(
                "Enter the association register number as 1–6 digits, "
                "for example 123.456 or 12.345."
            ),
            code="invalid_registry_number",
        ) from None


def normalize_business_id(raw):
    """'20774740' or '2077474-0' → '2077474-0'; blank stays blank."""
    if not (raw or "").strip():
        return ""
    try:
        return ytunnus.format(ytunnus.validate(raw))
    except InvalidChecksum:
        raise ValidationError(
            _("This business ID (Y-tunnus) is not valid: its check digit does not match."),
            code="invalid_business_id",
        ) from None
    except NumberError:
        raise ValidationError(
            _(
                "Enter the business ID (Y-tunnus) as seven digits, a hyphen and the check "
                "digit, for example 1234567-1."
            ),
            code="invalid_business_id",
        ) from None


def validate_registry_number(value):
    normalize_registry_number(value)


def validate_business_id(value):
    normalize_business_id(value)
