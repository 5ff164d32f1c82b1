"""The admin dashboard and audit log in a real browser, in English and in Arabic, on a wide
screen and on a phone: the chart is drawn (two series, axes, its table), no console error, no
serious axe-core violation, nothing wider than the screen, the menu on one line."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User, utcnow
from community.moderation import audit
from tests import factories
from tests.e2e.conftest import PHONE, sign_in
from tests.e2e.test_pages import OVERFLOW

WIDE = {"width": 1366, "height": 900}
# How many rows the entries of the site menu take (their vertical centres, 10 px apart or more).
MENU_LINES = """
() => {
  const centres = Array.from(document.querySelectorAll('#nav-main .nav-item'))
    .map(el => { const r = el.getBoundingClientRect(); return (r.top + r.bottom) / 2; })
    .sort((a, b) => a - b);
  return centres.filter((c, i) => i === 0 || c - centres[i - 1] > 10).length;
}
"""


def fill_the_site(live_app) -> None:
    """A month of forum posts and chat messages, a held post, a pending cluster, an audit log."""
    with live_app.app_context():
        admin, member, other = (db.session.scalar(db.select(User).where(User.username == name))
                                for name in ("laura", "amina", "karim"))
        thread = factories.make_thread(member, factories.make_category(admin), "Water", "First")
        room = factories.make_direct_room(member, other)
        for day in range(0, 30, 3):
            for i in range(day % 4 + 1):
                post = factories.make_post(other, thread, f"Day {day} post {i}")
                post.created_at = utcnow() - timedelta(days=day)
            message = factories.make_message(member, room, f"Day {day}")
            message.created_at = utcnow() - timedelta(days=day, hours=1)
        post.held_at, post.held_reason = utcnow(), "link"
        factories.make_cluster(other, "Waiting Cluster", status="pending")
        audit.record(admin, "report.hide", "post", post.id, "Day 27 post 3", "Spam link")
        audit.record(None, "user.unsuspend", "user", other.id, "karim", "The suspension ended")
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("device", ["wide", "phone"])
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_dashboard_chart_renders_cleanly(open_page, live_app, live_server, browser_user,
                                         check_accessibility, screenshot, locale, device):
    browser_user("laura", role="admin", display_name="Laura Puig")
    browser_user("amina", display_name="Amina Benali")
    browser_user("karim", display_name="كريم حداد")
    moderator = browser_user("moussa", role="moderator", display_name="Moussa Diallo")
    fill_the_site(live_app)
    page = open_page(locale=locale, viewport=WIDE if device == "wide" else PHONE)
    sign_in(page, moderator)

    page.goto(f"{live_server}/admin/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    chart = page.locator("svg.activity-chart")
    expect(chart).to_be_visible()
    assert chart.locator("polyline.chart-line").count() == 2
    assert chart.locator("circle.chart-dot").count() == 30
    assert chart.locator(".chart-axis-title").count() == 2
    assert page.locator(".chart-frame").get_attribute("dir") == "ltr"
    assert page.locator("[data-stat=held_posts]").inner_text() == "1"
    page.locator("details summary").click()
    expect(page.locator(".activity-table tbody tr")).to_have_count(30)
    assert page.evaluate(OVERFLOW) is None
    if device == "wide":  # the site menu, Admin entry included, holds on one line
        assert page.evaluate(MENU_LINES) == 1
        admin_badge = page.locator("header a[href='/admin/'] .nav-badge")
        expect(admin_badge).to_have_text(re.compile(r"^1\b"))
    check_accessibility(page, f"dashboard ({locale}, {device})")
    screenshot(page, f"admin-dashboard-{locale}-{device}")

    page.goto(f"{live_server}/admin/audit")
    # the two entries recorded above, and the category the set-up created (audited too)
    expect(page.locator(".audit-table tbody tr")).to_have_count(3)
    assert page.evaluate(OVERFLOW) is None
    check_accessibility(page, f"audit log ({locale}, {device})")
    screenshot(page, f"admin-audit-{locale}-{device}")


def test_dashboard_empty_state_is_clean(open_page, live_server, browser_user,
                                        check_accessibility, screenshot):
    moderator = browser_user("moussa", role="moderator", display_name="Moussa Diallo")
    page = open_page(viewport=WIDE)
    sign_in(page, moderator)
    page.goto(f"{live_server}/admin/")
    expect(page.locator("svg.activity-chart")).to_have_count(0)
    expect(page.get_by_text("No forum post and no chat message")).to_be_visible()
    check_accessibility(page, "empty dashboard")
    screenshot(page, "admin-dashboard-empty-en-wide")
    page.goto(f"{live_server}/admin/audit")
    expect(page.get_by_text("Nothing recorded yet")).to_be_visible()
    check_accessibility(page, "empty audit log")
    screenshot(page, "admin-audit-empty-en-wide")
