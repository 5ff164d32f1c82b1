"""The funders' report in a real browser, in English and in Arabic: its charts drawn with the
labels on the reading side, nothing wider than the screen, axe clean, and a print layout
without the site's navigation; the dashboard and a session's notes on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests.e2e.conftest import sign_in
from tests.e2e.test_pages import OVERFLOW
from tests.programmes.known import known_programme

WIDE = {"width": 1366, "height": 900}


def programme_with_figures(live_app) -> dict:
    """The known programme of the unit tests, run by laura; its slug and session ids."""
    with live_app.app_context():
        known = known_programme(db.session.scalar(db.select(User).where(User.username == "laura")))
        made = {"slug": known.programme.slug, "bilateral": known.bilateral.id}
        db.session.remove()
    return made


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_report_page_renders_and_prints(open_page, live_app, live_server, browser_user,
                                        check_accessibility, screenshot, locale):
    coordinator = browser_user("laura", role="admin", display_name="Laura Puig")
    made = programme_with_figures(live_app)
    page = open_page(locale=locale, viewport=WIDE)
    sign_in(page, coordinator)

    page.goto(f"{live_server}/programmes/{made['slug']}/report")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    expect(page.locator("svg.bar-chart")).to_have_count(4)
    expect(page.locator("#figure-participants")).to_have_text("4")
    label = page.locator("svg.bar-chart").first.locator("text").first.bounding_box()
    bar = page.locator("svg.bar-chart").first.locator("rect.bar").first.bounding_box()
    assert (label["x"] > bar["x"]) == (locale == "ar")  # labels on the reading side
    assert page.evaluate(OVERFLOW) is None
    check_accessibility(page, f"funders' report ({locale})")
    screenshot(page, f"programme-report-{locale}-wide")
    page.emulate_media(media="print")
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.get_by_role("link", name="CSV")).to_be_hidden()
    screenshot(page, f"programme-report-{locale}-print")
    page.emulate_media(media="screen")

    page.goto(f"{live_server}/programmes/{made['slug']}/dashboard")
    expect(page.locator("tr.quiet-pair")).to_have_count(1)
    check_accessibility(page, f"progress dashboard ({locale})")
    screenshot(page, f"programme-dashboard-{locale}-wide")

    page.goto(f"{live_server}/programmes/{made['slug']}/sessions/{made['bilateral']}")
    expect(page.locator(".session-note")).to_have_count(1)
    check_accessibility(page, f"session page ({locale})")
    screenshot(page, f"programme-session-{locale}-wide")
