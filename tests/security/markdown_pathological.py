"""Markdown that python-markdown or bleach's linkifier once rendered in quadratic time (or
not at all), as functions of the length; shared by the tests and the benchmark script."""

from __future__ import annotations

import time
from collections.abc import Callable

from community.clusters.validation import DESCRIPTION_MAX
from community.markup import render_markdown
from community.models.chat import MAX_BODY
from community.models.forum import BODY_MAX
from community.profiles.services import BIO_MAX

FIELD_MAX = {"post": BODY_MAX, "description": DESCRIPTION_MAX, "bio": BIO_MAX, "chat": MAX_BODY}
LONGEST = max(FIELD_MAX.values())


def fill(unit: str, n: int, prefix: str = "", suffix: str = "") -> str:
    """`prefix`, `unit` repeated, `suffix`: exactly `n` characters."""
    body = n - len(prefix) - len(suffix)
    return prefix + (unit * (body // len(unit) + 1))[:body] + suffix


def plain(n: int) -> str:
    """Ordinary prose of `n` characters, in paragraphs: the yardstick."""
    return fill("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8 + "\n\n", n)


def _lines(make: Callable[[int], str], n: int) -> str:
    return "".join(make(i) for i in range(n))[:n]


PATTERNS: dict[str, Callable[[int], str]] = {
    "link + ( run": lambda n: fill("(", n, "[x]("),
    "image + ( run": lambda n: fill("(", n, "![x]("),
    "[ run": lambda n: fill("[", n),
    "nested [ ]": lambda n: "[" * (n // 2) + "]" * (n - n // 2),
    "[x]( repeated": lambda n: fill("[x](", n),
    "[]( repeated": lambda n: fill("[](", n),
    "[a] repeated + (": lambda n: fill("[a]", n, suffix="("),
    "[a]( x50 + ( x100": lambda n: fill("[a](" * 50 + "(" * 100, n),
    "[a][b] references": lambda n: fill("[a][b] ", n, suffix="\n\n[b]: /x"),
    "reference definitions": lambda n: fill("[a]: b\n", n),
    "* run": lambda n: fill("*", n),
    "_ run": lambda n: fill("_", n),
    "*a emphasis": lambda n: fill("*a", n),
    "**a strong": lambda n: fill("**a", n),
    "*_ mixed": lambda n: fill("*_", n),
    "***___ mixed": lambda n: fill("***___", n),
    "` run": lambda n: fill("`", n),
    "`a code spans": lambda n: fill("`a", n),
    "``a` backtick runs": lambda n: fill("``a`", n),
    "growing backtick runs": lambda n: _lines(lambda i: "`" * (i + 1) + "a", n),
    "< run": lambda n: fill("<", n),
    "<a  tags": lambda n: fill("<a ", n),
    "<a href=\" tags": lambda n: fill('<a href="', n),
    "<http:// autolinks": lambda n: fill("<http://", n),
    "<a@ autolinks": lambda n: fill("<a@", n),
    "<!-- comments": lambda n: fill("<!--", n),
    "</ closing tags": lambda n: fill("</", n),
    "<div> lines": lambda n: fill("<div>\n", n),
    "> run": lambda n: fill(">", n),
    "> > block quotes": lambda n: fill("> ", n),
    "deepening quotes": lambda n: _lines(lambda i: ">" * (i + 1) + " a\n", n),
    "1. nested lists": lambda n: fill("1. ", n),
    "- 1. * nested lists": lambda n: fill("- 1. * ", n),
    "indented list lines": lambda n: _lines(lambda i: "    " * i + "- a\n", n),
    "- a list items": lambda n: fill("- a\n", n),
    "\\ run": lambda n: fill("\\", n),
    "\\ lines": lambda n: fill("\\\n", n),
    "& run": lambda n: fill("&", n),
    "&# entities": lambda n: fill("&#", n),
    "table rows": lambda n: fill("|x|y|\n", n, "|a|b|\n|-|-|\n"),
    "``` fences": lambda n: fill("```\n", n),
    "unclosed fence": lambda n: fill("a\n", n, "```\n"),
    "setext headings": lambda n: fill("a\n=\n", n),
    "- - - rules": lambda n: fill("- - -\n", n),
    "a   line breaks": lambda n: fill("a  \n", n),
    "@name mentions": lambda n: fill("@abc ", n),
    "http:// urls": lambda n: fill("http://a.b ", n),
    "www. run": lambda n: fill("www.", n),
    "a. run": lambda n: fill("a.", n),
    "mixed": lambda n: fill("[x](<a *_`> 1. \\(&#", n),
}


def render_seconds(text: str, repeat: int = 1) -> float:
    """The best of `repeat` renders: the least disturbed by other processes."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - started)
    return best
