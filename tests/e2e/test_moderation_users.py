"""Suspensions in a real browser, two contexts: a moderator suspends a member from the admin
user page while the member has the chat open; the chat says the session has ended at once, and
the member's next sign-in shows the reason and the end date. Also the account pages in English
and Arabic, on a desktop and a phone: clean, accessible, no sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, accessibility_violations, screenshot, sign_in
from tests.e2e.test_chat_flow import make_rooms
from tests.e2e.test_pages import OVERFLOW

WIDE = {"width": 1366, "height": 900}


def test_suspension_ends_open_chat_and_shows_reason_at_sign_in(open_page, live_server,
                                                               live_app, browser_user):
    member = browser_user("amina", display_name="Amina Benali")
    browser_user("karim")
    moderator = browser_user("moussa", role="moderator", display_name="Moussa Diallo")
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    chat, staff = open_page(), open_page()
    sign_in(chat, member)
    chat.goto(f"{live_server}/chat?room={room_id}")
    expect(chat.locator("#chat-composer")).to_be_visible()

    sign_in(staff, moderator)
    staff.goto(f"{live_server}/admin/users/amina")
    staff.fill("#reason", "Repeated spam in the cluster room")
    staff.fill("#until", "2099-05-03")
    staff.locator(".suspend-form [type=submit]").click()
    # The name is isolated in the sentence (U+2068 … U+2069), as every name in a flash message.
    expect(staff.locator(".alert-success")).to_contain_text("\u2068Amina Benali\u2069 is suspended")

    expect(chat.locator("#chat-connection")).to_contain_text("session has ended", timeout=2000)
    expect(chat.locator("#chat-composer")).to_be_hidden()
    chat.log.allow(r"status of 40[13]")  # the sign-in answered 403, as it should
    chat.goto(f"{live_server}/login")
    chat.fill("input[name=login]", "amina")
    chat.fill("input[name=password]", member.password)
    chat.locator("form:has(input[name=password]) [type=submit]").click()
    alert = chat.locator("#form-errors")
    expect(alert).to_contain_text("Repeated spam in the cluster room")
    expect(alert).to_contain_text("May 3, 2099")
    expect(alert).to_contain_text("UTC")


@pytest.mark.parametrize("device", ["wide", "phone"])
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_account_pages_clean_and_accessible(open_page, live_server, browser_user, locale,
                                            device):
    browser_user("amina", display_name="Amina Benali", country="MA")
    browser_user("karim", display_name="كريم حداد", country="JO")
    admin = browser_user("laura", role="admin", display_name="Laura Puig", country="ES")
    page = open_page(locale=locale, viewport=WIDE if device == "wide" else PHONE)
    sign_in(page, admin)
    page.goto(f"{live_server}/admin/users/amina")
    page.fill("#reason", "Spam")
    page.locator(".suspend-form [type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    problems = []
    for name, path in (("users", "/admin/users"), ("users-empty", "/admin/users?q=zzzz"),
                       ("user", "/admin/users/amina"), ("user-karim", "/admin/users/karim"),
                       ("profile-staff", "/u/karim")):
        page.goto(live_server + path)
        if page.locator("html").get_attribute("dir") != ("rtl" if locale == "ar" else "ltr"):
            problems.append(f"{path}: wrong direction")
        if page.evaluate(OVERFLOW):
            problems.append(f"{path}: wider than the screen: {page.evaluate(OVERFLOW)}")
        problems += [f"{path}: {v}" for v in accessibility_violations(page)]
        screenshot(page, f"admin-{name}-{locale}-{device}")
    assert problems == []
