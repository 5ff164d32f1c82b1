"""Snippets read stored HTML without parsing it again: the same words as `plain_text`."""

import pytest

from community.markup import plain_text, render_markdown, stored_plain_text


@pytest.mark.parametrize("source", [
    "Hello **world** & <b>x</b> < 3 > 2",
    '[a link](https://example.org/?a=1&b="x>y") and `<script>`',
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> quote\n\n- one\n- two\n\n# Title\n\ncode:\n\n    x < y && y > z",
    "مَدْرَسَةِ الإِبْتِكَارِ",
    '<img src=x onerror=alert(1)> <a href="javascript:x">y</a> <!-- hidden -->',
    "line one  \nline two\n\n---\n\nend",
])
def test_stored_plain_text_has_the_words_of_plain_text(source):
    html = render_markdown(source)
    assert stored_plain_text(html).split() == plain_text(html).split()
