"""How a cluster shows itself on the pages: the letters of its logo placeholder, so that every
place that lacks a logo shows the same recognisable initials ("MNC", not "CLUS")."""

from __future__ import annotations

import re

from community.search.normalise import arabic_stem, normalise_for_search

# Joining words that carry no initial, in the network's languages (Latin words compared folded).
CONNECTORS = frozenset("""
a an and at d de del della dei des di du e el en et for in l la las le les los of on pour
the to y و في من عن علي الي ل ب لل""".split())
# Words every cluster name tends to hold: dropped only when the initials would be too long.
GENERIC = frozenset("cluster clusters pole association عنقود تجمع مجمع".split())
MAX_LETTERS = 4
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# Arabic initials are kept apart by a zero-width non-joiner, so each shows as a letter of its own
# instead of joining into a word that does not exist.
ARABIC_SEPARATOR = "\u200c"


def _words(name: str) -> list[str]:
    """The significant words of a name, in order, as written (apostrophes split "d'Azur")."""
    kept = []
    for word in re.findall(r"[^\W_]+", name):
        folded = normalise_for_search(word)
        if folded in CONNECTORS or (len(word) == 1 and not word.isdigit()):
            continue
        kept.append(word)
    return kept


def _initial(word: str) -> str:
    """The first letter that stands for the word: an Arabic word without its attached article
    ("الصناعات" → "ص"), any other word by its first character."""
    if ARABIC_LETTER.match(word):
        stem = arabic_stem(normalise_for_search(word))
        return stem[:1] or word[:1]
    return word[:1].upper()


def _join(letters: list[str]) -> str:
    if letters and all(ARABIC_LETTER.match(letter) for letter in letters):
        return ARABIC_SEPARATOR.join(letters)
    return "".join(letters)


def logo_initials(name: str | None, acronym: str | None = None) -> str:
    """The letters of a cluster's logo placeholder: its acronym when it has a short one, else
    the initials of the significant words of its name ("Maroc Numeric Cluster" → "MNC"), at most
    four; a one-word name gives its first two letters."""
    short = "".join(re.findall(r"[^\W_]", acronym or ""))
    if 2 <= len(short) <= MAX_LETTERS:
        return short.upper()
    words = _words(name or "")
    if len(words) > MAX_LETTERS:
        words = [w for w in words if normalise_for_search(w) not in GENERIC] or words
    if len(words) == 1:
        word = words[0]
        if ARABIC_LETTER.match(word):
            return arabic_stem(normalise_for_search(word))[:2] or word[:2]
        return word[:2].upper()
    letters = [_initial(word) for word in words[:MAX_LETTERS]]
    return _join(letters) or (short[:MAX_LETTERS].upper() or "?")
