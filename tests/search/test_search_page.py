"""The search page when nothing matches: what to try, in the visitor's language."""

from __future__ import annotations


def test_search_page_empty_result_shows_what_to_try(client, app):
    html = client.get("/search?q=zzzz&type=users").get_data(as_text=True)
    assert "Nothing matches these words." in html
    assert "Check the spelling of your words." in html
    assert 'href="/search?q=zzzz">Search posts, threads, members and clusters' in html


def test_search_page_empty_result_in_french(client, app):
    html = client.get("/search?q=zzzz", headers={"Accept-Language": "fr"}).get_data(
        as_text=True)
    assert "Aucun résultat pour ces mots." in html
    assert "Chercher ces mots" not in html  # every kind was searched already
