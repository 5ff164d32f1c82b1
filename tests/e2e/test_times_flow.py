"""Times in a real browser: two members in Amman and Paris see the same post time in their own
zone and language, recent times read relative (in Arabic too), and the chat separates days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from community.extensions import db
from community.models import ChatMessage, Post, User
from tests import factories as made
from tests.e2e.conftest import PHONE, sign_in

SHOTS = "times"
OLD_POST = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def make_content(live_app) -> tuple[int, int]:
    """A thread whose first post is recent and whose reply is old, and a cluster room with a
    message from three days ago and one from now."""
    with live_app.app_context():
        hala, claire, laura = (db.session.scalar(db.select(User).where(User.username == name))
                               for name in ("hala", "claire", "laura"))
        thread = made.make_thread(claire, made.make_category(laura), "Olive oil export",
                                  "Who exports?")
        reply = made.make_post(hala, thread, "We do, from Irbid.")
        db.session.get(Post, reply.id).created_at = OLD_POST
        room = made.cluster_room(made.make_cluster(hala, "Agritech Cluster", members=[claire]))
        old = made.make_message(claire, room, "Three days ago")
        db.session.get(ChatMessage, old.id).created_at = datetime.now(UTC) - timedelta(days=3)
        made.make_message(hala, room, "Today")
        db.session.commit()
        ids = thread.id, room.id
        db.session.remove()
    return ids


def reply_time(page):
    return page.locator("#post-2 time")


def test_members_see_times_in_their_zone_and_language(open_page, live_server, live_app,
                                                      browser_user, check_accessibility,
                                                      screenshot):
    hala = browser_user("hala", display_name="Hala Haddad", timezone="Asia/Amman", locale="ar")
    claire = browser_user("claire", display_name="Claire Martin", timezone="Europe/Paris")
    browser_user("laura", role="admin")
    thread_id, room_id = make_content(live_app)
    amman, paris = open_page(locale="ar"), open_page()
    for page, user in ((amman, hala), (paris, claire)):
        sign_in(page, user)
        page.goto(f"{live_server}/threads/{thread_id}")

    # The same instant, two zones: Amman is UTC+3, Paris UTC+1 in January.
    for page in (amman, paris):
        expect(reply_time(page)).to_have_attribute("datetime", "2026-01-15T12:00:00Z")
    expect(reply_time(paris)).to_have_text("Jan 15, 2026, 1:00\u202fPM")
    expect(reply_time(amman)).to_have_text("15\u200f/01\u200f/2026، 3:00 م")
    expect(amman.locator("#post-1 time")).to_contain_text("قبل")
    expect(paris.locator("#post-1 time")).to_contain_text("ago")
    check_accessibility(amman, "Arabic thread page")
    # A live post is rendered once, in the poster's language: each reader's page rewrites it.
    paris.fill("#body", "Live from Paris")
    paris.click("#reply-form button[type=submit]")
    expect(amman.locator("#post-3 time")).to_contain_text("قبل")
    screenshot(amman, f"{SHOTS}/thread-ar-desktop")
    screenshot(paris, f"{SHOTS}/thread-en-desktop")

    # The chat: a separator before each day's first message, also for a live message.
    amman.goto(f"{live_server}/chat?room={room_id}")
    days = amman.locator("#chat-message-list .chat-day")
    expect(days).to_have_count(2)
    expect(days.last).to_have_text("اليوم")
    amman.fill("#chat-body", "وصلت رسالة")
    amman.press("#chat-body", "Enter")
    expect(amman.locator("#chat-message-list .chat-message:not(.pending)")).to_have_count(3)
    expect(days).to_have_count(2)
    check_accessibility(amman, "Arabic chat page")
    screenshot(amman, f"{SHOTS}/chat-ar-desktop")

    phone = open_page(locale="fr-FR", viewport=PHONE)
    sign_in(phone, claire)
    phone.goto(f"{live_server}/settings/profile")
    expect(phone.locator("select[name=timezone]")).to_have_value("Europe/Paris")
    screenshot(phone, f"{SHOTS}/settings-phone")
