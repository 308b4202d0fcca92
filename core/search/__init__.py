"""Full-text search that finds Finnish words in their inflected forms, on both databases.

Finnish inflects: a visitor types "kokous" and the agenda says "Kokouksen avaus". Both
sides are reduced with the Finnish Snowball stemmer (the same algorithm PostgreSQL's
"finnish" configuration runs, so both databases agree), and each query word is matched as a
prefix of the stems it can take. The prefix covers the stem changes Snowball leaves
(idea → "ide", ideoita → "ideo") and compound words (kokous finds kokouspaikka).

Set as the search backend in WAGTAILSEARCH_BACKENDS; SearchBackend picks the database's
(core/search/sqlite.py, core/search/postgres.py), imported only there: each needs its
database's models.
"""

import re
import threading
from functools import lru_cache, reduce
from operator import or_

import snowballstemmer
from django.db import connection
from django.utils.html import escape, format_html, format_html_join

WORD = re.compile(r"\w+")
# Shorter stems as prefixes would match nearly everything ("ja" → jaosto, jakaa, ...).
MIN_PREFIX_LENGTH = 3
# Nouns in -us/-ys/-os/-ös take -ks- when inflected: kokous → kokouksen, yhdistys → yhdistyksen.
KS_NOUN = re.compile(r"([uyoö])s$")
# Nouns in -nen take -s- when inflected: uutinen → uutisen, uutiset.
NEN_NOUN = re.compile(r"nen$")
EXCERPT_WORDS = 30

# A Snowball stemmer keeps its working state on itself: one per thread.
_local = threading.local()


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("finnish")
    return _local.stemmer


def words(text):
    return WORD.findall(text.lower())


# A word's stem depends on the word alone, and search excerpts stem every word of every
# result for every query: each distinct word is stemmed once per process.
@lru_cache(maxsize=65536)
def stem(word):
    return _stemmer().stemWord(word.lower())


def stemmed_text(text):
    """The text as the index stores it on SQLite: its words' stems."""
    return " ".join(_stemmer().stemWords(words(text)))


def word_prefixes(word):
    """The stems an inflected form of this word starts with."""
    word = word.lower()
    forms = {word, KS_NOUN.sub(r"\1ksen", word), NEN_NOUN.sub("sen", word)}
    return frozenset(stem(form) for form in forms)


def query_words(query):
    """Each word of the query as the stems that match it."""
    return [word_prefixes(word) for word in words(query)]


def matches(word, prefixes):
    word_stem = stem(word)
    return any(
        word_stem.startswith(prefix) if len(prefix) >= MIN_PREFIX_LENGTH else word_stem == prefix
        for prefix in prefixes
    )


def highlight(text, query):
    """An excerpt of plain text, escaped, around the first match with the matches in <mark>.

    Without a match in the text (the title matched), the excerpt is the text's beginning.
    """
    wanted = query_words(query)
    tokens = list(WORD.finditer(text))
    if not tokens:
        return ""
    hits = [
        number
        for number, token in enumerate(tokens)
        if any(matches(token.group(), prefixes) for prefixes in wanted)
    ]
    first = max(hits[0] - EXCERPT_WORDS // 3, 0) if hits else 0
    last = min(first + EXCERPT_WORDS, len(tokens)) - 1
    start = tokens[first].start() if first else 0
    end = tokens[last].end() if last < len(tokens) - 1 else len(text)
    parts, position = [], start
    for number in hits:
        if first <= number <= last:
            token = tokens[number]
            parts.append(
                format_html("{}<mark>{}</mark>", text[position : token.start()], token.group())
            )
            position = token.end()
    parts.append(escape(text[position:end]))
    return format_html(
        "{}{}{}",
        "… " if start else "",
        format_html_join("", "{}", ((part,) for part in parts)),
        " …" if end < len(text) else "",
    )


def prefix_lexemes(lexeme_class, prefixes, combine=or_, **options):
    """One query word for the database: any of its stems, as a prefix when long enough."""
    return reduce(
        combine,
        (
            lexeme_class(prefix, prefix=len(prefix) >= MIN_PREFIX_LENGTH, **options)
            for prefix in sorted(prefixes)
        ),
    )


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        from core.search.postgres import FinnishPostgresSearchBackend

        return FinnishPostgresSearchBackend(params)
    from core.search.sqlite import FinnishSQLiteSearchBackend

    return FinnishSQLiteSearchBackend(params)
