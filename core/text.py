"""Visitor-written text is plain text: checked on the way in, escaped on the way out.

This is the one place that says what a visitor's title and text may contain and the
one place that turns their text into markup; forms, the API, the admin, the models'
validators, the feeds and the e-mail all use it.

A control character in stored text breaks more than its own page: XML 1.0 cannot
carry C0 controls (the Atom feed answered 500 for everyone), a line break in a title
is a header injection in an e-mail subject, lone surrogates cannot be encoded as UTF-8
(PostgreSQL refuses them) and U+FFFE/U+FFFF are not characters at all.
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.utils.html import Urlizer, escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The longest text a visitor may write in one go (an idea, a comment).
TEXT_MAX_LENGTH = 2000

# Characters no text may contain: C0 controls other than tab and line breaks, DEL, the
# C1 controls (U+0080–U+009F), UTF-16 surrogates, and the Unicode noncharacters.
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
# What ends a line: a title has none of these, nor a tab.
_LINE_BREAKS = "\n\r\u2028\u2029"
# The same rules as regular expressions over the whole value, for API schemas (the
# escapes mean the same in Python and in ECMA-262, which JSON Schema uses).
TEXT_PATTERN = "^[^" + _NEVER.encode("unicode_escape").decode() + "]*$"
TITLE_PATTERN = "^[^\\t" + _NEVER.encode("unicode_escape").decode() + "\\n\\r\\u2028\\u2029]*$"

_NOT_TEXT = re.compile(f"[{_NEVER}]")
_BREAK = re.compile(f"[\t{_LINE_BREAKS}]")
# What some programs also end a line with (vertical tab, form feed, NEL, separators).
_BREAK_LIKE = re.compile(f"[\t{_LINE_BREAKS}\x0b\x0c\x1c-\x1e\x85]")


def _character_name(character):
    return f"U+{ord(character):04X}"


def validate_plain_text(value):
    """A text may span lines; it may not hide control characters."""
    found = _NOT_TEXT.search(value or "")
    if found:
        raise ValidationError(
            _(
                "The text contains an invisible control character (%(character)s) that "
                "cannot be shown. Remove it, or write the text again, and send it once more."
            ),
            code="control_character",
            params={"character": _character_name(found.group())},
        )


def validate_one_line(value):
    """A title or a name is one line of text."""
    if _BREAK.search(value or ""):
        raise ValidationError(
            _("Write this on one line, without line breaks or tabs."),
            code="line_break",
        )
    validate_plain_text(value)


def normalize_line_breaks(value):
    """Line breaks as a browser or another system may send them, as one "\\n" each."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def has_control_characters(value):
    """Whether a query parameter carries what no text may (the content API refuses it)."""
    return bool(_NOT_TEXT.search(value or ""))


def strip_control_characters(value):
    """A search word with each such character turned into a space, so words stay apart.

    PostgreSQL refuses NUL in text outright and SQLite's full-text search chokes on it.
    """
    return _NOT_TEXT.sub(" ", value or "")


def clean_plain_text(value):
    """Stored text with what validate_plain_text refuses taken out (for old data)."""
    text = normalize_line_breaks(value or "").replace("\u2028", "\n").replace("\u2029", "\n")
    return _NOT_TEXT.sub("", text)


def clean_title(value):
    """One line of text (a stored title, an e-mail subject): what breaks a line becomes a
    space, control characters go."""
    return " ".join(clean_plain_text(_BREAK_LIKE.sub(" ", value or "")).split())


class VisitorTextUrlizer(Urlizer):
    # Links in user-generated content must not pass search-engine reputation.
    url_template = '<a href="{href}" rel="nofollow ugc">{url}</a>'


urlize_visitor_text = VisitorTextUrlizer()
MAX_LINK_TEXT = 60


# The result depends on the text alone, and the same ideas, comments and descriptions are
# shown on page after page: a text is marked up once per process (the key is the text itself,
# so an edit is simply a new entry).
@functools.lru_cache(maxsize=4096)
def render_plain_text(text):
    """Paragraphs and line breaks from the text, links from its web addresses, nothing else."""
    # Text stored before validate_plain_text existed may hold control characters.
    linked = urlize_visitor_text(escape(clean_plain_text(text)), trim_url_limit=MAX_LINK_TEXT)
    # The text was escaped above; the only markup in it now is the links just made.
    return mark_safe(linebreaks(mark_safe(linked)))  # noqa: S308


def clean_stored_text(queryset, *, titles=(), texts=()):
    """Clean text stored before the validators above existed; used by data migrations.

    `titles` name one-line fields, `texts` multi-line ones. Only changed rows are written;
    returns how many that was.
    """
    cleaners = {
        **dict.fromkeys(titles, clean_title),
        **dict.fromkeys(texts, clean_plain_text),
    }
    changed = []
    for row in queryset.only("pk", *cleaners).iterator(chunk_size=1000):
        dirty = False
        for name, clean in cleaners.items():
            value = getattr(row, name)
            if value and clean(value) != value:
                setattr(row, name, clean(value))
                dirty = True
        if dirty:
            changed.append(row)
    queryset.bulk_update(changed, list(cleaners), batch_size=500)
    return len(changed)
