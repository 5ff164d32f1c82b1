"""The calendar in a real browser: a mentor in Tunis (in Arabic) and a mentee in New York see
their session at their own local times in the month and list views, and the mentor gets the
private address a calendar app subscribes to."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests import factories as made
from tests.e2e.conftest import DESKTOP, PHONE

STARTS = datetime(2030, 1, 20, 10, 0, tzinfo=UTC)
WIDE = {**DESKTOP, "width": 1366}


def make_session(live_app) -> None:
    with live_app.app_context():
        rania, john, laura = (db.session.scalar(db.select(User).where(User.username == name))
                              for name in ("rania", "john", "laura"))
        programme = made.make_programme(laura)
        made.enrol(programme, rania, "mentor", languages=["ar", "en"])
        made.enrol(programme, john, "mentee")
        pair = made.make_pair(programme, rania, john)
        made.make_session(programme, "bilateral", pair=pair, title="Export plan review",
                          starts_at=STARTS.isoformat(), ends_at="2030-01-20T11:00:00+00:00")
        db.session.remove()


def local(zone: str, locale: str) -> str:
    return format_time(STARTS, "short", tzinfo=ZoneInfo(zone), locale=locale)


def shoot(page, screenshot, name: str) -> None:
    for label, size in (("1366", WIDE), ("390", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"prog-cal/{name}-{label}")
    page.set_viewport_size(WIDE)


def test_members_see_a_session_at_their_local_time(open_page, live_server, live_app,
                                                   browser_user, sign_in, screenshot,
                                                   check_accessibility):
    rania = browser_user("rania", display_name="Rania Ben Salem", timezone="Africa/Tunis",
                         locale="ar", country="TN")
    john = browser_user("john", display_name="John Miller", timezone="America/New_York",
                        country="US")
    browser_user("laura", role="admin")
    make_session(live_app)
    tunis, new_york = open_page(locale="ar", viewport=WIDE), open_page(viewport=WIDE)
    expected = {"tunis": local("Africa/Tunis", "ar"), "new_york": local("America/New_York", "en")}
    for name, page, user in (("tunis", tunis, rania), ("new_york", new_york, john)):
        sign_in(page, user)
        page.goto(f"{live_server}/calendar?month=2030-01")
        entry = page.locator(".calendar-day-busy .calendar-entry")
        expect(entry).to_contain_text("Export plan review")
        expect(entry.locator("time")).to_have_text(expected[name])
        shoot(page, screenshot, f"month-{page is tunis and 'ar' or 'en'}")
        page.get_by_role("link", name="القادم" if page is tunis else "Upcoming").click()
        expect(page.locator(".calendar-list-day .calendar-entry time")).to_have_text(
            expected[name])
        shoot(page, screenshot, f"list-{page is tunis and 'ar' or 'en'}")
    check_accessibility(tunis, "the calendar's list view in Arabic")

    new_york.goto(f"{live_server}/calendar?month=2030-03")
    expect(new_york.locator(".calendar-empty")).to_have_text("Nothing scheduled this month.")
    shoot(new_york, screenshot, "empty-en")

    new_york.get_by_role("button", name="Get my private address").click()
    address = new_york.locator("#feed-1")
    expect(address).to_have_value(re.compile(r"/calendar/[\w-]{43}\.ics$"))
    expect(new_york.get_by_role("link", name="Open in my calendar app").first).to_have_attribute(
        "href", re.compile(r"^webcal://"))
    path = "/calendar/" + address.input_value().split("/calendar/", 1)[1]
    assert "SUMMARY:Export plan review" in new_york.request.get(live_server + path).text()
    shoot(new_york, screenshot, "feed-en")
