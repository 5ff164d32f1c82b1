"""The visitors' page cache in a real browser, CSRF protection on: a visitor reading a thread
page served from the cache switches the language and signs in from it, with no console error;
once signed in, the same page is never the cached one."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests import factories


@pytest.fixture
def page_cache(live_app, live_server):
    """The cache switched on in the live server for this test (the testing config has it off),
    storing the pages of the live server's host (the site's own host in production)."""
    cache = live_app.extensions["page_cache"]
    live_app.config["PAGE_CACHE_ENABLED"] = True
    hosts, cache.hosts = cache.hosts, frozenset({urlsplit(live_server).netloc})
    yield cache
    live_app.config["PAGE_CACHE_ENABLED"] = False
    cache.hosts = hosts
    cache.store.clear()


def make_thread(live_app, username: str) -> int:
    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == username))
        admin = factories.make_user("laura", role="admin", display_name="Laura Puig")
        category = factories.make_category(admin, "General", "Everything else")
        thread_id = factories.make_thread(author, category, "Olive oil exports",
                                          "Who ships to **Lyon**?").id
        db.session.remove()
    return thread_id


def test_visitor_switches_language_and_signs_in_from_a_cached_page(
        open_page, live_app, live_server, browser_user, page_cache, check_accessibility):
    amina = browser_user("amina", display_name="Amina Benali")
    url = f"{live_server}/threads/{make_thread(live_app, 'amina')}"
    assert open_page().goto(url).headers["x-cache"] == "miss"  # a first visitor stores it

    page = open_page()
    assert page.goto(url).headers["x-cache"] == "hit"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page, "cached thread page")

    with page.expect_navigation():
        page.select_option("#locale-switch", "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.url == url and page.get_by_text("Olive oil exports").first.is_visible()
    assert page.context.cookies()[0]["name"] == "locale"  # no session: still a visitor
    assert page.reload().headers["x-cache"] == "hit"  # the French page, stored by the switch

    page.locator("main a[href*='/login']").click()  # "Sign in to reply", in French
    page.fill("input[name=login]", amina.username)
    page.fill("input[name=password]", amina.password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    assert page.url == url
    expect(page.locator("body")).to_have_attribute("data-signed-in", "1")
    expect(page.locator("#reply-form")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert "x-cache" not in page.reload().headers
