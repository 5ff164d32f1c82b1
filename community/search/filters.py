"""Directory and admin filters that search text the way the site search does: through the
search index (normalised, accent- and diacritic-free, stemmed), inside the list's own query."""

from __future__ import annotations

import sqlalchemy as sa

from community.models import SearchEntry
from community.search.normalise import search_terms
from community.search.services import kind_column, matching


def index_match(kind: str, id_column, query: str):
    """A condition on `id_column` (the ids of `kind`: "user" or "cluster") that keeps what the
    index finds for every word of `query`. A subquery, not a second statement, so a directory
    stays one paginated query; false when the query has no word at all (only punctuation)."""
    terms = search_terms(query)
    if not terms:
        return sa.false()
    source, match, _rank = matching(terms)
    return id_column.in_(sa.select(SearchEntry.ref_id).select_from(source)
                         .where(match, kind_column() == kind))
