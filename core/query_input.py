"""Words and parameters that arrive in a query string, before they reach the database.

PostgreSQL refuses NUL in text outright and SQLite's full-text search chokes on it;
other control characters mean nothing in a search either. The site search strips
them, the content API refuses them, both with this one rule.
"""

import re

# C0 controls and DEL, except tab, line feed and carriage return (plain whitespace).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value):
    return bool(CONTROL_CHARACTERS.search(value))


def strip_control_characters(value):
    """The value with each control character turned into a space, so words stay apart."""
    return CONTROL_CHARACTERS.sub(" ", value)
