"""The XSS corpus of `shared/corpus/xss/` (a sibling of the repository), read into payload lists,
and an HTML checker that says what in sanitised HTML could run script or leave the site."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# In CI and on the development machines `shared/` is a sibling of the clone.
CORPUS = Path(os.environ.get("XSS_CORPUS_DIR")
              or (REPO / ".." / "shared" / "corpus" / "xss")).resolve()
H5SC_VECTOR = re.compile(r"<div id=\"\d+\">(.*?)//\[\"'`-->\]\]>\]</div>", re.S)

# What sanitised user HTML may contain: tags, attributes per tag, link schemes.
SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "abbr": {"title"},
                   "th": {"align"}, "td": {"align"}}
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "cite", "longdesc", "dynsrc", "lowsrc"}
LINK_REL = "nofollow ugc noopener"
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab and newline anywhere in a URL, and leading/trailing C0 and space.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def corpus_available() -> bool:
    return (CORPUS / "html").is_dir() and (CORPUS / "markdown").is_dir()


def line_payloads(name: str) -> list[str]:
    text = (CORPUS / "html" / name).read_text(encoding="utf-8", errors="surrogateescape")
    return [line for line in text.splitlines() if line.strip()]


def h5sc_payloads() -> list[str]:
    text = (CORPUS / "html" / "h5sc-vectors.txt").read_text(encoding="utf-8")
    return H5SC_VECTOR.findall(text)


def markdown_fixture_payloads() -> list[str]:
    """The inputs of markdown-it's fixture: `.`, input, `.`, expected output, `.`."""
    lines = (CORPUS / "markdown" / "markdown-it-xss-fixture.txt").read_text().splitlines()
    inputs: list[str] = []
    state, current = "idle", []
    for line in lines:
        if line == ".":
            if state == "idle":
                state, current = "input", []
            elif state == "input":
                inputs.append("\n".join(current))
                state = "expected"
            else:
                state = "idle"
        elif state == "input":
            current.append(line)
    return inputs


HTML_FILES = ["patt-xss_alert_identifiable.txt", "patt-XSS_Polyglots.txt",
              "payloadbox-xss-payload-list.txt"]


def all_payloads() -> dict[str, list[str]]:
    payloads = {name: line_payloads(name) for name in HTML_FILES}
    payloads["h5sc-vectors.txt"] = h5sc_payloads()
    payloads["markdown-it-xss-fixture.txt"] = markdown_fixture_payloads()
    return payloads


def url_problem(value: str) -> str | None:
    """Why a URL in sanitised HTML is dangerous, or None."""
    cleaned = IGNORED_IN_URL.sub("", value)
    if cleaned.startswith(("//", "/\\", "\\")):
        return f"protocol-relative or backslash URL {value!r}"
    match = SCHEME.match(cleaned)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return f"scheme {match.group(1)!r} in {value!r}"
    return None


class SanitisedHtmlChecker(HTMLParser):
    """Collects every problem of one fragment of HTML (attribute values arrive entity-decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = SAFE_ATTRIBUTES.get(tag, set())
        names = {name for name, _value in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name not in allowed:
                self.problems.append(f"attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                problem = url_problem(value)
                if problem:
                    self.problems.append(f"{problem} in {name}= of <{tag}>")
        if tag == "a" and "href" in names:
            rel = dict(attrs).get("rel") or ""
            if rel != LINK_REL:
                self.problems.append(f"link without rel={LINK_REL!r}: rel={rel!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append(f"comment <!--{data[:40]}-->")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl[:40]}>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data[:40]}>")

    def unknown_decl(self, data):
        self.problems.append(f"unknown declaration {data[:40]}")


def html_problems(html: str) -> list[str]:
    checker = SanitisedHtmlChecker()
    checker.feed(html)
    checker.close()
    return checker.problems
