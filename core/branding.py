"""A municipality's accent colour: its contrast rule and the small stylesheet that applies it.

The accent colour fills the header band and the buttons under white text, and colours
links on the white page (static/css/site.css: --color-paper and --color-on-accent are
both white), so one check against white covers every use: WCAG 2.1 AA asks 4.5:1 for
text. Darker shades that the stylesheet mixes from the accent only raise the contrast.
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"
MINIMUM_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def relative_luminance(colour):
    """WCAG 2.1's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value):
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValidationError(
            _("Give the colour as # and six hexadecimal digits, for example #0b4f8a."),
            code="invalid_colour",
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_CONTRAST:
        # Rounded down, so that 4.49 is never shown as the 4.5 it fails to reach.
        measured = int(ratio * 100) / 100
        raise ValidationError(
            _(
                "The colour's contrast against white is %(ratio)s:1; at least %(minimum)s:1 "
                "is needed so that white text on buttons and the header, and links on the "
                "page, can be read. Choose a darker colour."
            ),
            code="low_contrast",
            params={
                "ratio": number_format(measured, 2),
                "minimum": number_format(MINIMUM_CONTRAST, 1),
            },
        )


def accent_stylesheet(colour):
    """The per-site stylesheet: it only sets the token that site.css reads."""
    return f":root {{ --color-accent: {colour.lower()}; }}\n"


def stylesheet_version(colour):
    """A short content hash for the stylesheet's address, so browsers may cache it for good."""
    return hashlib.sha256(accent_stylesheet(colour).encode()).hexdigest()[:12]
