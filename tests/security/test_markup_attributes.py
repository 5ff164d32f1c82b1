"""User HTML carries no class or id: page styles (Bootstrap utilities such as `position-fixed`,
`opacity-0`) must not act on what members write (issue 10, finding 5)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from community.markup import render_markdown

COVERING_LINK = ('<a class="position-fixed top-0 start-0 w-100 h-100 z-3 opacity-0" '
                 'href="https://evil.example">x</a>')


class AttributeNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _value in attrs)


def attribute_names(html: str) -> set[str]:
    parser = AttributeNames()
    parser.feed(html)
    return parser.names


@pytest.mark.parametrize("text", [
    COVERING_LINK,
    '<a href="https://ok.example" id="main-nav">x</a>',
    '<p class="d-none">hidden</p><h1 id="top" class="visually-hidden">t</h1>',
    '<abbr class="position-fixed" title="t">x</abbr>',
    '<table class="fixed-top"><tr><td class="vh-100" id="c">x</td></tr></table>',
    '<code class="language-python position-fixed">x</code>',
    "[x](https://ok.example){: .position-fixed .w-100 #top }",
    "# Title {: #top .fixed-top }\n\ntext\n{: .opacity-0 }",
    "```python\nprint(1)\n```",
])
def test_user_html_has_no_class_or_id(text):
    names = attribute_names(render_markdown(text))
    assert names & {"class", "id"} == set()


def test_covering_link_keeps_only_its_address():
    html = render_markdown(COVERING_LINK)
    assert html == ('<p><a href="https://evil.example" rel="nofollow ugc noopener">x</a></p>')
