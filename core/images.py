from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def require_alt_text(instance, image_field="image", alt_field="image_alt_text"):
    """An image chosen for a page or card must be described for screen readers."""
    if getattr(instance, f"{image_field}_id") and not getattr(instance, alt_field).strip():
        raise ValidationError({alt_field: _("Describe the image for people who cannot see it.")})
