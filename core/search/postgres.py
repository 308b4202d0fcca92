"""PostgreSQL: the index is stemmed by the "finnish" configuration (SEARCH_CONFIG); the
query's stems are ours, the same Snowball algorithm, matched as prefixes as they are."""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from core.search import prefix_lexemes, query_words, words


class FinnishPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and words(query.query_string):
            combine = and_ if query.operator.lower() == "and" else or_
            if invert:
                # Not(a AND b) is (not a) OR (not b), as the parent class does it.
                combine = or_ if combine is and_ else and_
            lexemes = reduce(
                combine,
                (
                    prefix_lexemes(Lexeme, prefixes, and_ if invert else or_, invert=invert)
                    for prefixes in query_words(query.query_string)
                ),
            )
            # "simple": the stems are already made; Finnish stemming them again would change them.
            return SearchQuery(lexemes, search_type="raw", config="simple")
        return super().build_tsquery_content(query, config=config, invert=invert)


class FinnishPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = FinnishPostgresQueryCompiler
