"""schema.org JSON-LD in a page: one way to make it safe inside <script>.

Meetings (forums.structured_data) and associations (associations.pages) describe themselves
with visitor- and staff-written values; every < > & is escaped as json_script does, so no
value can end the script element.
"""

import json

from django.utils.safestring import mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON text safe inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - every < > & is escaped
