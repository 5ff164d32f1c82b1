"""One normalisation for everything searchable, applied in Python before indexing AND before
querying, so both databases match Arabic, French and English text the same way."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

from community.text import fold

# Tashkeel (fathatan … sukun), the superscript alef, and tatweel (a stretching character).
_ARABIC_MARKS = {cp: None for cp in range(0x064B, 0x0653)}
_ARABIC_MARKS[0x0670] = None
_ARABIC_MARKS[0x0640] = None
_ARABIC_LETTERS = {
    ord("أ"): "ا", ord("إ"): "ا", ord("آ"): "ا", ord("ٱ"): "ا",
    ord("ى"): "ي", ord("ة"): "ه",
}
_ARABIC_TABLE = {**_ARABIC_MARKS, **_ARABIC_LETTERS}
# Anything that is not a letter or a digit separates words (also `_`, which the FTS5 and
# PostgreSQL parsers would treat differently otherwise).
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalise_for_search(text: str | None) -> str:
    """Case-folded, accent-free, Arabic-diacritic-free text with unified letter variants, words
    separated by single spaces."""
    if not text:
        return ""
    # Arabic letters first: NFKD would decompose أ into ا + hamza and lose the distinction we
    # want to drop anyway, but also turns ة/ى into themselves, so map before decomposing.
    text = text.translate(_ARABIC_TABLE)
    stripped = fold(text).translate(_ARABIC_TABLE)
    return _SEPARATORS.sub(" ", stripped).strip()


# Arabic attaches the article and some particles to the word: "والمستشفى" is "and the
# hospital". On normalised text: an optional و/ف, then ب/ك/ل + ال, ال alone, or لل.
_ARABIC_PREFIX = re.compile(r"^(?:[وف]?(?:[بكل]?ال|لل))(?=[\u0621-\u064a]{3,}$)")


def arabic_stem(word: str) -> str:
    """A normalised word without its attached article and particles ("والمستشفي" → "مستشفي");
    other words are returned unchanged."""
    return _ARABIC_PREFIX.sub("", word, count=1)


# A document's language is often unknown (members mix them in one post), so Latin words are
# stemmed both as English and as French: "exports" and "export" share "export", "huiles" and
# "huile" share "huil". Snowball stemmers keep state while stemming: one at a time.
_STEMMERS = {name: snowballstemmer.stemmer(name) for name in ("english", "french")}
_STEMMING = threading.Lock()
STEM_MIN_LENGTH = 3


@lru_cache(maxsize=50_000)
def latin_stems(word: str) -> tuple[str, ...]:
    """The English and French Snowball stems of a normalised Latin word that differ from it
    (none for short words, digits and other scripts)."""
    if len(word) < STEM_MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return ()
    with _STEMMING:
        stems = [stemmer.stemWord(word) for stemmer in _STEMMERS.values()]
    return tuple(dict.fromkeys(stem for stem in stems if stem != word))


def word_stems(word: str) -> tuple[str, ...]:
    """The stems of one normalised word that differ from it: Arabic without its attached
    article, or English and French Snowball stems."""
    arabic = arabic_stem(word)
    return (arabic,) if arabic != word else latin_stems(word)


def with_stems(normalised: str) -> str:
    """Normalised text followed by the stems of its words, so that "مستشفى" finds "والمستشفى"
    and "exports" finds "export" (used when indexing; queries look for the same stems)."""
    stems = dict.fromkeys(stem for word in normalised.split() for stem in word_stems(word))
    return f"{normalised} {' '.join(stems)}" if stems else normalised


def search_terms(query: str | None, limit: int = 12) -> list[str]:
    """The distinct words of a query, normalised (Arabic ones stemmed), in order, at most
    `limit` of them."""
    terms: list[str] = []
    for word in normalise_for_search(query).split():
        word = arabic_stem(word)
        if word not in terms:
            terms.append(word)
    return terms[:limit]


def term_stems(term: str) -> tuple[str, ...]:
    """What a query term (from `search_terms`) also matches exactly: its English and French
    stems, which `with_stems` indexed beside every word that has them."""
    return latin_stems(term)
