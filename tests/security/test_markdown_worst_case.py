"""Every pathological pattern at a field's maximum length renders within a bound relative to
plain prose of the same length, measured in the same test: the render time stays linear."""

from __future__ import annotations

import pytest

from community.markup import render_markdown
from tests.security.corpus import html_problems
from tests.security.markdown_pathological import (
    FIELD_MAX,
    LONGEST,
    PATTERNS,
    plain,
    render_seconds,
)

# Generous: linear renders of markup-dense text cost up to ~30 times plain prose here; the
# quadratic ones this guards against cost 300 to 1,000 times (5 s for a 20,000-character post).
RATIO = 100


@pytest.mark.parametrize("name", list(PATTERNS))
def test_pathological_markdown_at_the_longest_field_renders_in_linear_time(name, record_property):
    text = PATTERNS[name](LONGEST)
    assert len(text) == LONGEST
    base = render_seconds(plain(LONGEST), 3)
    took = render_seconds(text, 1)
    if took > RATIO * base:  # one retry: a busy machine can stall a single render
        took = render_seconds(text, 1)
    record_property("ratio", round(took / base, 1))
    assert took <= RATIO * base, f"{took:.3f}s, {took / base:.0f} times plain text"


@pytest.mark.parametrize("field", ["chat", "bio", "description"])
def test_pathological_markdown_at_each_field_maximum_renders_safely(field):
    for name, make in PATTERNS.items():
        assert html_problems(render_markdown(make(FIELD_MAX[field]))) == [], name


@pytest.mark.parametrize("text", ["1. " * 1400, "- 1. * " * 600, "> - " * 1000])
def test_deeply_nested_list_markers_render_without_recursion_error(text):
    assert render_markdown(text).startswith("<")


def test_long_post_keeps_references_defined_in_a_later_chunk():
    text = "See [the guide][g].\n\n" + "A paragraph of ordinary prose.\n\n" * 200 + "[g]: /guide"
    html = render_markdown(text)
    assert '<a href="/guide" rel="nofollow ugc noopener">the guide</a>' in html


def test_long_post_renders_like_one_document():
    paragraphs = "\n\n".join(f"Paragraph {i} with **bold** and `code`." for i in range(300))
    html = render_markdown(paragraphs)
    assert html.count("<p>") == 300 and html.count("<strong>") == 300


def test_long_code_fence_keeps_its_lines_literal():
    code = "\n".join(f"x = [{i}] ** 2  # >>>>>>>> (((((((( [[[[[[[[" for i in range(200))
    html = render_markdown(f"```\n{code}\n```")
    assert "\\" not in html and "<p>" not in html
    assert html.count("&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;") == 200
