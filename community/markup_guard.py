"""Keeping python-markdown linear: hostile Markdown is cut into small chunks and defused first.

Python-Markdown re-scans the rest of a block or a line for many constructs (`[x](` + `(` * n,
`<a ` runs, backtick runs, setext headings, rules, fences, reference definitions…), so one
20,000-character post could cost seconds. Rendering at most `CHUNK_HARD` characters per call
bounds each call, so the whole render grows linearly with the length; chunks are cut at blank
lines between top-level blocks, so an ordinary post renders exactly as one document would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A chunk closes at the first good break after CHUNK characters, and at any line after
# CHUNK_HARD; a single line longer than CHUNK_HARD is cut at a space (then anywhere).
CHUNK = 800
CHUNK_HARD = 1500
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Runs of these characters are what the inline patterns rescan; past a few they mean nothing.
RUN = re.compile(r"([(\[>!)\]])\1{7,}")
# A link's `(`: python-markdown scans to the end of the paragraph for its `)`, once per link,
# so a `](` without a closing `)` on its line (one level of nesting) is escaped.
UNCLOSED_LINK = re.compile(r"\]\((?!(?:[^()\n]|\([^()\n]*\)){0,500}\))")
# List and quote markers nested on one line: python-markdown recurses once per marker.
NESTED_MARKERS = re.compile(
    r"^((?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t])){6}[ \t]*(?:\d{1,9})?)([-*+>.)])", re.M)
# The reference definitions of the whole text, so a link may use one from another chunk.
REFERENCE = re.compile(
    r"^[ ]{0,3}\[([^\[\]\n]{1,200})\]:[ ]*(?:\n[ ]*)?([^\s]{1,2000})[ ]*"
    r"(?:\n[ ]*)?(?:([\"'])([^\n]{0,300}?)\3|\(([^\n]{0,300}?)\))?[ ]*$",
    re.M,
)


def _escape_run(match: re.Match) -> str:
    return "\\" + "\\".join(match.group(0))


def defuse(line: str) -> str:
    """`line` with long runs of one bracket-like character escaped and list and quote nesting
    capped (code in fences is left alone)."""
    line = UNCLOSED_LINK.sub("]\\\\(", RUN.sub(_escape_run, line))
    return NESTED_MARKERS.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line)


def references(chunk: str) -> dict[str, tuple[str, str | None]]:
    """Link reference definitions written in `chunk`, keyed as python-markdown keys them."""
    return {
        m.group(1).strip().lower(): (m.group(2).lstrip("<").rstrip(">"), m.group(4) or m.group(5))
        for m in REFERENCE.finditer(chunk)
    }


def _long_line(line: str) -> Iterator[str]:
    while len(line) > CHUNK_HARD:
        cut = line.rfind(" ", CHUNK, CHUNK_HARD)
        cut = cut if cut > 0 else CHUNK_HARD
        yield line[:cut]
        line = line[cut:].lstrip(" ")
    yield line


def chunks(text: str) -> Iterator[str]:
    """`text` cut into pieces of at most about `CHUNK_HARD` characters, preferably before a
    top-level block that follows a blank line; a code fence cut in two is closed and reopened."""
    current: list[str] = []
    size, fence, after_blank = 0, "", False
    for raw in text.split("\n"):
        for line in _long_line(raw):
            fresh_block = after_blank and not fence and line[:1] not in ("", " ", "\t")
            if (fresh_block and size >= CHUNK) or size + len(line) > CHUNK_HARD:
                yield "\n".join(current + ([fence] if fence else []))
                current, size = ([fence] if fence else []), 0
            opening = FENCE.match(line)
            if fence and opening and opening.group(1).startswith(fence):
                fence = ""
            elif not fence and opening:
                fence = opening.group(1)[:3]
            current.append(line if fence else defuse(line))
            size += len(line) + 1
            after_blank = not line.strip()
    yield "\n".join(current)
