"""The clusters directory on a phone, in English and Arabic: a search without accents finds the
accented cluster, and a search that finds nothing says what to try."""

from __future__ import annotations

import pytest

from community.extensions import db
from tests.e2e.conftest import PHONE
from tests.factories import make_cluster, make_user

HINTS = {"en": "Check the spelling of your words.", "ar": "تحقّق من تهجئة كلماتك."}


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_directory_search_ignores_accents_and_hints_when_empty(
        open_page, live_app, live_server, check_accessibility, screenshot, locale):
    with live_app.app_context():
        manager = make_user("salma", country="MA")
        make_cluster(manager, "Mécatronique Sud", country="TN", sectors=["automotive"])
        make_cluster(manager, "Techtera", country="FR", sectors=["textiles"])
        db.session.remove()

    page = open_page(locale=locale, viewport=PHONE)
    page.goto(live_server + "/clusters")
    page.fill("#filter-q", "mecatronique")
    with page.expect_navigation():
        page.locator("#filter-q").press("Enter")
    assert [t.strip() for t in page.locator(".cluster-card h3 a").all_inner_texts()] == [
        "Mécatronique Sud"]
    screenshot(page, f"clusters-search-{locale}-390")

    page.fill("#filter-q", "zzzz")
    with page.expect_navigation():
        page.locator("#filter-q").press("Enter")
    hints = page.locator(".no-results")
    assert HINTS[locale] in hints.inner_text()
    assert hints.locator("a[href='/search?q=zzzz']").count() == 1
    check_accessibility(page, f"empty directory search ({locale})")
    screenshot(page, f"clusters-search-empty-{locale}-390")
