"""Full-text search that finds Finnish words in their inflected forms, on both databases.

Finnish inflects: a visitor types "kokous" and the agenda says "Kokouksen avaus". Both
sides are reduced with the Finnish Snowball stemmer (the same algorithm PostgreSQL's
"finnish" configuration runs, so both databases agree), and each query word is matched as a
prefix of the stems it can take. The prefix covers the stem changes Snowball leaves
(idea → "ide", ideoita → "ideo") and compound words (kokous finds kokouspaikka).

Set as the search backend in WAGTAILSEARCH_BACKENDS; SearchBackend picks the database's.
"""

import re
from functools import reduce
from operator import and_, or_

import snowballstemmer
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils.html import escape, format_html, format_html_join
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme as PostgresLexeme
from modelsearch.backends.database.sqlite.query import Lexeme as SQLiteLexeme
from modelsearch.backends.database.sqlite.query import SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText

WORD = re.compile(r"\w+")
# Shorter stems as prefixes would match nearly everything ("ja" → jaosto, jakaa, ...).
MIN_PREFIX_LENGTH = 3
# Nouns in -us/-ys/-os/-ös take -ks- when inflected: kokous → kokouksen, yhdistys → yhdistyksen.
KS_NOUN = re.compile(r"([uyoö])s$")
# Nouns in -nen take -s- when inflected: uutinen → uutisen, uutiset.
NEN_NOUN = re.compile(r"nen$")
EXCERPT_WORDS = 30

_stemmer = snowballstemmer.stemmer("finnish")


def words(text):
    return WORD.findall(text.lower())


def stem(word):
    return _stemmer.stemWord(word.lower())


def stemmed_text(text):
    """The text as the index stores it on SQLite: its words' stems."""
    return " ".join(_stemmer.stemWords(words(text)))


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


def _prefix_lexemes(lexeme_class, prefixes, **options):
    """One query word: any of its stems, as a prefix when long enough."""
    return reduce(
        or_,
        (
            lexeme_class(prefix, prefix=len(prefix) >= MIN_PREFIX_LENGTH, **options)
            for prefix in sorted(prefixes)
        ),
    )


class StemmedIndexEntries(type(IndexEntry._default_manager.all())):
    """Index rows whose title and body are written as stems.

    SQLiteIndex.add_items writes every row through bulk_create() or update(); stemming here
    keeps the rest of Wagtail's SQLite index (FTS5 triggers, ranking, rebuilds) unchanged.
    The autocomplete column stays as written: the admin's choosers match its prefixes.
    """

    STEMMED = ("title", "body")

    def bulk_create(self, objs, *args, **kwargs):
        for entry in objs:
            for field in self.STEMMED:
                setattr(entry, field, stemmed_text(getattr(entry, field)))
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **values):
        for field in self.STEMMED:
            if isinstance(values.get(field), str):
                values[field] = stemmed_text(values[field])
        return super().update(**values)


class FinnishSQLiteIndex(SQLiteIndex):
    def __init__(self, backend):
        super().__init__(backend)
        self.entries = StemmedIndexEntries(IndexEntry)


class FinnishSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText) and words(query.query_string):
            combine = and_ if query.operator.upper() == "AND" else or_
            return reduce(
                combine,
                (
                    SearchQueryExpression(_prefix_lexemes(SQLiteLexeme, prefixes))
                    for prefixes in query_words(query.query_string)
                ),
            )
        if isinstance(query, Phrase):
            return SearchQueryExpression(stemmed_text(query.query_string))
        return super().build_search_query_content(query, config=config)


class FinnishSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = FinnishSQLiteIndex
    query_compiler_class = FinnishSQLiteQueryCompiler


class FinnishPostgresQueryCompiler(PostgresSearchQueryCompiler):
    """PostgreSQL stems the index itself; the query's stems are ours, matched as they are."""

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and words(query.query_string):
            combine = and_ if query.operator.lower() == "and" else or_
            if invert:
                combine = or_ if combine is and_ else and_
            lexemes = reduce(
                combine,
                (
                    _prefix_lexemes(PostgresLexeme, prefixes, invert=invert)
                    for prefixes in query_words(query.query_string)
                ),
            )
            return SearchQuery(lexemes, search_type="raw", config="simple")
        return super().build_tsquery_content(query, config=config, invert=invert)


class FinnishPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = FinnishPostgresQueryCompiler


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return FinnishPostgresSearchBackend(params)
    return FinnishSQLiteSearchBackend(params)
