"""Finnish phone numbers: one stored form, one way to show them.

Numbers are stored in international form (+358401234567) so `tel:` links work
from anywhere, and shown the way Finns write them (040 123 4567).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = "+358"
# Mobile prefixes (040–046, 050) and the 01x area codes have three digits;
# the other area codes (02, 03, 05, 06, 08, 09) two.
THREE_DIGIT_PREFIX = re.compile(r"^0(4\d|50|1\d)")


def normalize_phone(raw):
    """Return the number as +358…, or raise ValidationError with a Finnish message."""
    digits = re.sub(r"[\s\-()./]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("0"):
        digits = COUNTRY_CODE + digits[1:]
    # "+358 (0)40 …": the trunk 0 is dropped after the country code.
    if digits.startswith(COUNTRY_CODE + "0"):
        digits = COUNTRY_CODE + digits[len(COUNTRY_CODE) + 1 :]
    if not re.fullmatch(r"\+\d{7,15}", digits):
        raise ValidationError(
            _("Enter a phone number such as 040 123 4567 or +358 40 123 4567."),
            code="invalid_phone",
        )
    return digits


def format_phone(stored):
    """Show a stored number the Finnish way: 040 123 4567, 03 123 4567."""
    if not stored or not stored.startswith(COUNTRY_CODE):
        return stored or ""
    national = "0" + stored[len(COUNTRY_CODE) :]
    prefix_length = 3 if THREE_DIGIT_PREFIX.match(national) else 2
    prefix, rest = national[:prefix_length], national[prefix_length:]
    return " ".join(filter(None, [prefix, rest[:3], rest[3:]]))
