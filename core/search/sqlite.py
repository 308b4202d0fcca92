"""SQLite (FTS5): the index holds the words' stems, the query matches stems as prefixes."""

from functools import reduce
from operator import and_, or_

from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText

from core.search import prefix_lexemes, query_words, stemmed_text, words


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
                    SearchQueryExpression(prefix_lexemes(Lexeme, prefixes))
                    for prefixes in query_words(query.query_string)
                ),
            )
        if isinstance(query, Phrase):
            return SearchQueryExpression(stemmed_text(query.query_string))
        return super().build_search_query_content(query, config=config)


class FinnishSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = FinnishSQLiteIndex
    query_compiler_class = FinnishSQLiteQueryCompiler
