"""Markdown rendering and sanitising: the only module that imports bleach.

User text is rendered once, when written, and the resulting HTML is stored beside the raw text.
Render with python-markdown first, then sanitise with a strict allowlist: sanitising before
rendering would let Markdown build `javascript:` links out of harmless-looking text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from html import unescape as html_unescape

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

from community.markup_guard import chunks, references

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)
# No `class` and no `id` anywhere: the page's own styles (Bootstrap's `position-fixed`, `w-100`,
# `opacity-0`…) would act on them, and a link could cover or hide the page.
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"],
                      "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9_]{3,30})\b")


def _safe_href(href: str) -> bool:
    """Refuse protocol-relative and backslash links (`//evil`, `/\\evil`): open redirects."""
    # Bleach hands the value over still entity-encoded (`&#x2F;&#x2F;evil`); browsers decode it
    # and drop tabs, newlines and leading control characters before resolving the URL.
    stripped = re.sub(r"[\x00-\x20\x7f]", "", html_unescape(href))
    if stripped.startswith(("//", "/\\", "\\")):
        return False
    return True


def _link_attributes(attrs: dict, new: bool = False) -> dict | None:
    href = attrs.get((None, "href"), "")
    if not _safe_href(href):
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _link_mentions(text: str, is_user: Callable[[str], bool] | None) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if is_user is not None and not is_user(name):
            return match.group(0)
        return f"[@{name}](/u/{name})"

    # Mentions inside code spans or blocks stay literal.
    parts = re.split(r"(```.*?```|`[^`]*`)", text, flags=re.S)
    return "".join(part if part.startswith("`") else MENTION.sub(replace, part) for part in parts)


HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _demote_headings(html: str) -> str:
    """User headings start at h3: the page's own h1 and h2 keep the document outline right."""
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", html)


def find_mentions(text: str) -> set[str]:
    """Usernames written as `@username` outside code."""
    parts = re.split(r"(```.*?```|`[^`]*`)", text or "", flags=re.S)
    return {
        match.group(1)
        for part in parts
        if not part.startswith("`")
        for match in MENTION.finditer(part)
    }


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_attributes], skip_tags={"pre", "code"})],
)


# Idle Python-Markdown instances: building one (its extensions, dozens of patterns) costs more
# than converting a short text, and one must not serve two conversions at once. A conversion
# takes one (list.pop and append are atomic, for threads and greenlets alike) and gives it back
# only when it ended well: an exception may leave parser state behind, so that one is dropped.
_idle: list[markdown.Markdown] = []


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists", "nl2br"],
                             output_format="html")


def _to_html(source: str) -> str:
    """Python-Markdown then bleach, one bounded chunk at a time (`community.markup_guard`: both
    rescan text, bleach's linkifier too), with the link references of the whole text."""
    pieces = list(chunks(source))
    refs = {key: value for piece in pieces for key, value in references(piece).items()}
    try:
        md = _idle.pop()
    except IndexError:
        md = _new_markdown()
    html = []
    for piece in pieces:
        md.reset()
        md.references.update(refs)
        html.append(_cleaner.clean(md.convert(piece)))
    _idle.append(md)
    return "\n".join(html)


def render_markdown(text: str, is_user: Callable[[str], bool] | None = None) -> str:
    """Render Markdown to sanitised HTML. `is_user` decides which `@name` become profile links."""
    source = _link_mentions(text or "", is_user)
    return _demote_headings(_to_html(source)).strip()


_stored_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                                 protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)


def resanitise(html: str) -> str:
    """Stored HTML rendered under an older allowlist, cleaned under today's: what is now
    refused goes, the rest is unchanged (no re-render: mentions and headings stay as written)."""
    cleaned = _stored_cleaner.clean(html or "")
    return cleaned if cleaned != html else html


def strip_tags(html: str, keep: Iterable[str] = ()) -> str:
    """Text of sanitised HTML, for snippets and e-mail."""
    return bleach.clean(html or "", tags=set(keep), strip=True)


# Where a block or a cell ends, words of neighbouring blocks must not run together.
BLOCK_END = re.compile(r"(</(?:p|li|td|th|tr|h[1-6]|blockquote|pre)>|<br\s*/?>|<hr\s*/?>)")
EXCERPT_MAX = 200


def plain_text(html: str) -> str:
    """The readable text of stored, sanitised HTML: what excerpts and the search index are cut
    from, so no `**` or `[link](…)` of the Markdown source ever shows up in a list."""
    return html_unescape(strip_tags(BLOCK_END.sub(r"\1 ", html or "")))


# A tag of HTML sanitised here: bleach's serializer escapes `<` and `>` inside attribute values
# and drops comments, so a tag ends at the first `>`.
_STORED_TAG = re.compile(r"<[^>]*>")


def stored_plain_text(html: str) -> str:
    """The words of `plain_text` (spacing may differ) of HTML this module stored, without
    parsing it again (twenty times faster): for display-time uses over many items, such as a
    page of search snippets."""
    return html_unescape(_STORED_TAG.sub("", BLOCK_END.sub(r"\1 ", html or "")))


def excerpt(html: str, limit: int = EXCERPT_MAX) -> str:
    """The start of `plain_text(html)` on one line, at most `limit` characters (an ellipsis
    marks a cut). Cheap enough to run on a page of stored HTML at display time."""
    text = " ".join(plain_text(html).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
