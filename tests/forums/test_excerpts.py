"""Excerpts are plain text cut from the stored, sanitised HTML: never the Markdown source."""

from __future__ import annotations

from community.markup import excerpt
from tests.factories import make_thread


def test_home_feed_excerpt_shows_bold_without_asterisks(client, member, category):
    make_thread(member, category, "Distribution", "Looking for **EU distribution** & _partners_")
    page = client.get("/").get_data(as_text=True)
    assert "Looking for EU distribution &amp; partners" in page and "**" not in page


def test_excerpt_keeps_words_of_table_cells_apart():
    assert excerpt("<table><tr><td>olive</td><td>oil</td></tr></table>") == "olive oil"


def test_excerpt_cuts_long_text_with_an_ellipsis():
    assert excerpt("<p>" + "word " * 100 + "</p>", 20) == "word word word word…"
