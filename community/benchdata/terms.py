"""Search terms for the benchmark, grouped by how many things they find (about 10², 10³ … 10⁶):
candidates taken along the Zipf ranks, counted while posts are made, then counted again by
the search itself (prefixes and stems included) for the figure the manifest records."""

from __future__ import annotations

import math

import sqlalchemy as sa

from community.benchdata.texts import IndexText
from community.benchdata.words import Vocabulary
from community.extensions import db
from community.models import SearchEntry
from community.search.normalise import search_terms
from community.search.services import matching

DECADES = (2, 3, 4, 5, 6)
# Within this factor of a decade a term counts as "about" it.
TOLERANCE = 3.0


def candidates(words: dict[str, Vocabulary], index_text: IndexText) -> dict[str, str]:
    """Normalised words at ranks 1, 2, 3, 4, 6, 8 … (×1.4) of each language: one word each,
    of four letters or more (a shorter one would find every word it begins)."""
    found: dict[str, str] = {}
    for language, vocabulary in words.items():
        rank = 1.0
        while rank <= len(vocabulary.words):
            parts = index_text.words_of(vocabulary.words[int(rank) - 1])
            if len(parts) == 1 and len(parts[0]) >= 4:
                found.setdefault(parts[0], language)
            rank = max(rank + 1, rank * 1.4)
    return found


def search_hits(term: str) -> int:
    """How many index entries the site search matches for `term` (before permissions)."""
    source, match, _rank = matching(search_terms(term))
    return db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.select(SearchEntry.id).select_from(source).where(match).subquery())) or 0


def choose_terms(post_counts: dict[str, int], languages: dict[str, str],
                 tries: int = 3) -> dict[str, list]:
    """Per decade, for each language, of the `tries` candidates whose post count is nearest,
    the one the search itself finds nearest to the decade, with that real count."""
    chosen: dict[str, list] = {}
    for decade in DECADES:
        target = 10 ** decade
        for language in ("en", "fr", "ar"):
            near = sorted((abs(math.log(count / target)), term)
                          for term, count in post_counts.items()
                          if languages.get(term) == language and count
                          and abs(math.log(count / target)) <= math.log(TOLERANCE))
            found = [(abs(math.log(hits / target)), term, hits)
                     for _distance, term in near[:tries] if (hits := search_hits(term))]
            if not found or min(found)[0] > math.log(TOLERANCE):
                continue
            _distance, term, hits = min(found)
            chosen.setdefault(str(target), []).append(
                {"term": term, "language": language, "hits": hits})
    return chosen
