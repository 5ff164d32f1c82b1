"""One normalisation for everything searchable, applied in Python before indexing AND before
querying, so both databases match Arabic, French and English text the same way."""

from __future__ import annotations

import re

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


def with_stems(normalised: str) -> str:
    """Normalised text followed by the stems of its Arabic words that had a prefix, so that
    "مستشفى" finds "والمستشفى" (used when indexing)."""
    stems = [stem for word in normalised.split() if (stem := arabic_stem(word)) != word]
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
