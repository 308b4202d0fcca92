"""Visitor-written text is plain text: escaped, line breaks kept, web addresses linked.

No HTML a visitor writes is ever trusted; this is the one place that turns their
text into markup, and the ideas and the guideline comments both use it.
"""

from django.utils.html import Urlizer, escape, linebreaks
from django.utils.safestring import mark_safe


class VisitorTextUrlizer(Urlizer):
    # Links in user-generated content must not pass search-engine reputation.
    url_template = '<a href="{href}" rel="nofollow ugc">{url}</a>'


urlize_visitor_text = VisitorTextUrlizer()
MAX_LINK_TEXT = 60


def render_plain_text(text):
    """Paragraphs and line breaks from the text, links from its web addresses, nothing else."""
    linked = urlize_visitor_text(escape(text or ""), trim_url_limit=MAX_LINK_TEXT)
    # The text was escaped above; the only markup in it now is the links just made.
    return mark_safe(linebreaks(mark_safe(linked)))  # noqa: S308
