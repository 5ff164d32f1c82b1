"""The text rules for what members type, in one place: which characters are dropped, how
whitespace is normalised, how tags are cleaned and how names become slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Dropped from everything a member writes that we store (bodies included):
# - control characters but tab and line ends (C0, DEL and C1): PostgreSQL refuses NUL, and none
#   of them belongs in a name or a message;
# - bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069), which can make a
#   name or a title read backwards (`dir="auto"` already sets the direction of what members
#   write, so nobody needs them);
# - the BOM (U+FEFF), the deprecated format controls (U+206A–U+206F), interlinear annotation
#   (U+FFF9–U+FFFB) and tag characters (U+E0001, U+E0020–U+E007F) but those of a subdivision
#   flag (🏴 + tags + cancel tag, e.g. Scotland's);
# - lone surrogates (JSON can carry them, UTF-8 cannot).
_EVERYWHERE = (r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u206a-\u206f"
               r"\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f\ud800-\udfff")
# Also dropped from names, titles, labels and tags: every other invisible format character
# (Unicode category Cf: soft hyphen, zero-width space, word joiner, direction marks, invisible
# maths operators, Mongolian vowel separator, format controls of other scripts) and the Hangul
# fillers that render as nothing. Kept everywhere: ZWNJ and ZWJ (U+200C, U+200D), which
# Arabic, Persian and emoji sequences need, variation selectors, and the visible Cf signs
# (Arabic number sign U+0600–U+0605…).
_IN_NAMES = (r"\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\u3164\uffa0"
             r"\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a")
_FLAG = "(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)"
HIDDEN = re.compile(f"{_FLAG}|[{_EVERYWHERE}{_IN_NAMES}]")
HIDDEN_IN_TEXT = re.compile(f"{_FLAG}|[{_EVERYWHERE}]")
SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _drop(pattern: re.Pattern, text: str) -> str:
    """`text` without what `pattern` matches, but the flag sequences it captures."""
    return pattern.sub(lambda match: match.group(1) or "", text)


def has_hidden(text: str) -> bool:
    """True when `text` holds a character `HIDDEN` drops: for values refused rather than
    cleaned (identifiers such as usernames and client ids)."""
    return any(match.group(1) is None for match in HIDDEN.finditer(text))


def clean_line(text: str | None) -> str:
    """One line (a name, a title, a label): hidden characters dropped, every whitespace run
    (line ends included) made one space, none at the ends."""
    return " ".join(_drop(HIDDEN, text or "").split())


def clean_text(text: str | None) -> str:
    """Multi-line text (Markdown): the characters `HIDDEN_IN_TEXT` drops go, line ends made
    `\\n`; the spacing, soft hyphens, zero-width spaces and direction marks are kept, since
    Markdown and the layout of long or mixed-direction text give them meaning."""
    return _drop(HIDDEN_IN_TEXT, (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def clean_tag(text: str | None, *, lowercase: bool = False) -> str:
    """One tag as stored and as looked up: a clean line, lowercased where the tag kind is."""
    tag = clean_line(text)
    return tag.lower() if lowercase else tag


def clean_tags(values: Iterable[str], *, lowercase: bool = False) -> list[str]:
    """Tags in the order given, each a clean line, without empties and without repeats that
    differ only in case (the first spelling is kept)."""
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        tag = clean_tag(value, lowercase=lowercase)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def split_tags(text: str | None) -> list[str]:
    """Comma-separated tags as typed in a form field, in order, without empties."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def fold(text: str) -> str:
    """Case-folded, accents and Arabic diacritics dropped: for comparing words, not storing."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str, max_length: int = 80, fallback: str = "") -> str:
    """Lowercase ASCII words joined by `-` ("Énergie verte" → "energie-verte"): accents are
    dropped and other scripts leave nothing, so a name without Latin letters gets `fallback`.
    Slugs are stored, so changing this rule changes only the URLs of new things."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = SLUG_SEPARATORS.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or fallback
