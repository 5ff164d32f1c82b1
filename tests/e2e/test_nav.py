"""The site bar in a real browser: one line from 1280 px in English, French and Arabic for an
admin with a 30-character name, the user menu by keyboard, the phone's collapsed menu; and the
Chat badge on every page, live: up when another member writes, down when the room is read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests.e2e.conftest import PHONE, sign_in
from tests.e2e.test_pages import OVERFLOW
from tests.factories import cluster_room, make_cluster, make_message

LONG_NAME = "Maria-Angela Fernández-Ortegas"
SHOTS = Path("/tmp/shots/nav")
# The bar's entries: their boxes, and whether each one's vertical middle lies inside every other
# entry's box (true when they share one row), plus any entry whose text is cut.
BAR = """
() => {
  const items = Array.from(document.querySelectorAll(
      '.navbar-brand, #nav-main .nav-item, #nav-main .nav-language'))
    .filter(el => el.getClientRects().length);
  const boxes = items.map(el => el.getBoundingClientRect());
  const oneRow = boxes.every(a => boxes.every(b => {
    const middle = (a.top + a.bottom) / 2;
    return middle > b.top && middle < b.bottom;
  }));
  const cut = Array.from(document.querySelectorAll(
      '#nav-main .nav-link:not(.nav-icon-link), .user-menu-name'))
    .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim());
  const select = document.getElementById('locale-switch');
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const text = context.measureText(select.options[select.selectedIndex].text).width;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {count: items.length, oneRow, cut, languageFits: text <= room + 1};
}
"""


def shoot(page, screenshot, name: str) -> None:
    """The test's screenshot, also copied where the reviewers look at the nav's pages."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"nav-{name}"), SHOTS / f"{name}.png")


def staff_with_badges(live_app, browser_user):
    """An admin with the longest name, an unread chat message and a notification."""
    admin = browser_user("laura", role="admin", display_name=LONG_NAME)
    browser_user("karim", display_name="Karim Haddad")
    with live_app.app_context():
        laura, karim = (db.session.scalar(db.select(User).where(User.username == name))
                        for name in ("laura", "karim"))
        room = cluster_room(make_cluster(laura, "Agritech Cluster", members=[karim]))
        make_message(karim, room, "Hello")
        db.session.commit()
        db.session.remove()
    return admin


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
def test_bar_holds_one_line_and_menus_work(open_page, live_app, live_server, browser_user,
                                           check_accessibility, screenshot, locale):
    admin = staff_with_badges(live_app, browser_user)
    page = open_page(locale=locale)
    sign_in(page, admin)
    for width in (1280, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server}/")
        bar = page.evaluate(BAR)
        # brand, 3 links, programmes, chat, notifications, admin, language, user
        assert bar["count"] == 10, bar
        assert bar["oneRow"] and not bar["cut"] and bar["languageFits"], str(bar)
        expect(page.locator(".js-chat-badge")).to_have_attribute("data-count", "1")
        shoot(page, screenshot, f"home-{locale}-{width}")

    toggle = page.locator("#user-menu")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".dropdown-menu .dropdown-item").first).to_be_focused()
    check_accessibility(page, f"user menu open ({locale})")
    shoot(page, screenshot, f"user-menu-{locale}-1366")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/")
    page.locator(".navbar-toggler").click()
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"^(?!.*collapsing).*\bshow\b"))
    expect(page.locator(".navbar-toggler")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".nav-icon-label").first).to_be_visible()
    page.locator("#user-menu").click()
    expect(page.locator("form[action$='/logout'] [type=submit]")).to_be_visible()
    assert page.evaluate(OVERFLOW) is None
    check_accessibility(page, f"phone menu ({locale})")
    shoot(page, screenshot, f"home-{locale}-390-menu")


def test_chat_badge_follows_messages_and_reading_live(open_page, live_app, live_server,
                                                      browser_user, screenshot):
    amina = browser_user("amina", display_name="Amina Benali")
    karim = browser_user("karim", display_name="Karim Haddad")
    with live_app.app_context():
        users = [db.session.get(User, amina.id), db.session.get(User, karim.id)]
        room_id = cluster_room(make_cluster(users[0], "Agritech Cluster", members=users[1:])).id
        db.session.remove()
    home, writer = open_page(), open_page()
    sign_in(home, amina)
    sign_in(writer, karim)
    badge = home.locator(".js-chat-badge")
    expect(badge).to_be_hidden()
    home.wait_for_function("() => window.iCommunity.socket.connected")

    writer.goto(f"{live_server}/chat?room={room_id}")
    for text in ("First", "Second"):
        writer.fill("#chat-body", text)
        writer.press("#chat-body", "Enter")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("data-count", "2")
    shoot(home, screenshot, "home-en-1280-live-badge")

    reader = open_page()  # Amina reads the room in another tab
    sign_in(reader, amina)
    expect(reader.locator(".js-chat-badge")).to_have_attribute("data-count", "2")
    reader.goto(f"{live_server}/chat?room={room_id}")
    expect(reader.locator("#chat-message-list .chat-message")).to_have_count(2)
    expect(badge).to_be_hidden()
    expect(badge).to_have_attribute("data-count", "0")
