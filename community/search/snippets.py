"""Highlighted snippets: a window of the original text around the first match, every matching
word wrapped in `<mark>`, everything else escaped."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from community.search.normalise import arabic_stem, normalise_for_search

# A word: letters and digits plus the combining marks and tatweel that normalisation drops, so
# "مُحَمَّد" or a decomposed "é" stays one word.
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0640\u064b-\u0652\u0670])+")
SNIPPET_LENGTH = 220
LEAD = 60


@lru_cache(maxsize=50_000)
def _forms(word: str) -> tuple[str, str]:
    """A word normalised, and without its Arabic article (cached: a page of snippets asks
    about the same common words again and again)."""
    normalised = normalise_for_search(word).replace(" ", "")
    return normalised, arabic_stem(normalised)


@lru_cache(maxsize=50_000)
def _matches(word: str, terms: tuple[str, ...]) -> bool:
    normalised, stem = _forms(word)
    return any(normalised.startswith(term) or stem.startswith(term) for term in terms)


def highlight(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """Safe HTML: escaped text of at most about `length` characters with `<mark>`ed matches."""
    text, terms = " ".join((text or "").split()), tuple(terms)
    words = list(WORD.finditer(text))
    first = next((w for w in words if _matches(w.group(), terms)), None)
    start = 0
    if first is not None and first.start() > LEAD:
        start = first.start() - LEAD
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out: list[str] = ["…"] if start > 0 else []
    position = start
    for word in words:
        if word.end() <= start or word.start() >= end:
            continue
        if _matches(word.group(), terms):
            out.append(str(escape(text[position:word.start()])))
            out.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    out.append(str(escape(text[position:end])))
    if end < len(text):
        out.append("…")
    # Every piece of member text was escaped above: bandit's B704 (Markup of a variable) is a
    # false positive here.
    return str(Markup("".join(out)))  # nosec B704
