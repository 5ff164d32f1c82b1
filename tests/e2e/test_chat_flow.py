"""Chat in a real browser: two members in two Chromium contexts chat live, see each other
typing and online, get an unread badge for another room, and one goes offline (sending while
offline) and comes back without losing or doubling a message. Also Arabic on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.chat import services
from community.extensions import db
from community.models import User
from tests.e2e.conftest import PHONE, sign_in, sign_out
from tests.factories import cluster_room, make_cluster, make_direct_room, make_message

OFFLINE_NOISE = r"WebSocket|ERR_INTERNET_DISCONNECTED|socket\.io|Failed to fetch|net::ERR"


def make_rooms(live_app, *usernames) -> tuple[int, int]:
    """A cluster room with the users (the first manages the cluster), and the direct room of
    the first two."""
    with live_app.app_context():
        users = [db.session.scalar(db.select(User).where(User.username == u)) for u in usernames]
        cluster = make_cluster(users[0], "Agritech Cluster", members=users[1:])
        room_id = cluster_room(cluster).id
        direct_id = make_direct_room(users[0], users[1]).id
        db.session.remove()
    return room_id, direct_id


def messages(page):
    return page.locator("#chat-message-list .chat-message:not(.pending) .chat-body")


def send(page, text: str) -> None:
    page.fill("#chat-body", text)
    page.press("#chat-body", "Enter")


def test_two_members_chat_live_and_survive_going_offline(open_page, live_server, live_app,
                                                         browser_user, check_accessibility,
                                                         screenshot):
    users = [browser_user("amina", display_name="Amina Benali"),
             browser_user("karim", display_name="Karim Haddad")]
    room_id, direct_id = make_rooms(live_app, "amina", "karim")
    amina, karim = open_page(), open_page()
    for page, user in zip((amina, karim), users, strict=True):
        sign_in(page, user)
        page.goto(f"{live_server}/chat?room={room_id}")
        expect(page.locator("#chat-composer")).to_be_visible()
        expect(page.locator("#chat-room-title")).to_have_text("Agritech Cluster")

    send(amina, "Hello **Karim**")
    expect(messages(karim)).to_have_count(1)
    expect(messages(karim).first).to_contain_text("Hello Karim")
    expect(karim.locator("#chat-message-list strong")).to_have_text("Karim")

    karim.type("#chat-body", "typing")
    expect(amina.locator("#chat-typing")).to_contain_text("Karim Haddad")
    karim.press("#chat-body", "Enter")
    expect(messages(amina)).to_have_count(2)
    expect(amina.locator("#chat-typing")).to_have_text("")

    # Karim writes in their direct room: Amina, reading the cluster room, gets a badge.
    karim.locator(f".chat-room-button[data-room-id='{direct_id}']").click()
    expect(karim.locator("#chat-room-title")).to_have_text("Amina Benali")
    send(karim, "psst, a private word")
    badge = amina.locator(f".chat-unread[data-room-id='{direct_id}']")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    dot = amina.locator(f".chat-room-button[data-room-id='{direct_id}'] .presence-dot")
    expect(dot).to_have_class(re.compile("online"))
    check_accessibility(amina, "chat page")
    amina.locator(f".chat-room-button[data-room-id='{direct_id}']").click()
    expect(messages(amina)).to_have_count(1)
    expect(badge).to_be_hidden()

    # Karim drops off the network, sends while offline, and Amina writes meanwhile.
    karim.log.allow(OFFLINE_NOISE)
    karim.context.set_offline(True)
    expect(karim.locator("#chat-connection")).to_be_visible()
    send(karim, "sent while offline")
    expect(karim.locator("#chat-message-list .chat-message.pending")).to_have_count(1)
    send(amina, "while you were away")
    send(amina, "and one more")
    screenshot(karim, "chat-offline")
    karim.context.set_offline(False)
    expect(karim.locator("#chat-connection")).to_be_hidden(timeout=20_000)
    expect(messages(karim)).to_have_count(4)
    expect(karim.locator("#chat-message-list .chat-message.pending")).to_have_count(0)
    expect(messages(amina)).to_have_count(4)
    # Each message exactly once, in seq order (the offline one took its place when it arrived).
    bodies = sorted(messages(karim).all_inner_texts())
    assert bodies == sorted(["psst, a private word", "sent while offline",
                             "while you were away", "and one more"])
    assert messages(amina).all_inner_texts() == messages(karim).all_inner_texts()
    with live_app.app_context():
        reader = db.session.scalar(db.select(User).where(User.username == "amina"))
        stored = services.history(reader, services.get_room(direct_id), limit=200)[0]
        assert [m.seq for m in stored] == [1, 2, 3, 4]
        db.session.remove()


def test_chat_in_arabic_on_a_phone(open_page, live_server, live_app, browser_user,
                                   check_accessibility, screenshot):
    amina = browser_user("amina", display_name="أمينة بنعلي", locale="ar")
    browser_user("karim", display_name="كريم حداد", locale="ar")
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    page = open_page(locale="ar", viewport=PHONE)
    sign_in(page, amina)
    page.goto(f"{live_server}/chat")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(f".chat-room-button[data-room-id='{room_id}']").click()
    expect(page.locator("#chat-composer")).to_be_visible()
    expect(page.locator("#chat-room-list")).to_be_hidden()
    send(page, "مرحبا بالجميع")
    expect(messages(page)).to_have_count(1)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    check_accessibility(page, "chat page in Arabic on a phone")
    screenshot(page, "chat-ar-phone")
    page.locator("#chat-back").click()
    expect(page.locator("#chat-room-list")).to_be_visible()


def test_xss_payloads_in_chat_messages_run_no_script(open_page, live_server, live_app,
                                                     browser_user):
    """Stored messages (history) and a live one (innerHTML of the broadcast) behind the CSP."""
    from tests.conftest import unavailable
    from tests.e2e.test_xss_browser import BAD_LINKS, PROVOKE, TRAP
    from tests.security.corpus import CORPUS, all_payloads, corpus_available

    if not corpus_available():
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    payloads = all_payloads()
    chosen = [p for p in payloads["patt-XSS_Polyglots.txt"] + payloads["h5sc-vectors.txt"]
              if p.strip() and len(p) <= 4000][:49]
    users = [browser_user("amina"), browser_user("karim")]
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "karim"))
        room = services.get_room(room_id)
        for payload in chosen:
            make_message(author, room, payload)
        db.session.remove()
    reader, writer = open_page(), open_page()
    dialogs: list[str] = []
    for page, user in ((reader, users[0]), (writer, users[1])):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script(TRAP)
        sign_in(page, user)
        page.goto(f"{live_server}/chat?room={room_id}")
        expect(messages(page)).to_have_count(len(chosen))
    send(writer, chosen[0])
    expect(messages(reader)).to_have_count(len(chosen) + 1)
    for page in (reader, writer):
        page.evaluate(PROVOKE.replace(".user-content", ".chat-body"))
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__xss || []") == [] and dialogs == []
        assert page.evaluate(BAD_LINKS.replace(".user-content", ".chat-body")) == []


def test_group_room_create_rename_invite_leave(open_page, live_server, browser_user):
    users = [browser_user("amina", display_name="Amina Benali"),
             browser_user("karim", display_name="Karim Haddad"),
             browser_user("laura", display_name="Laura Puig")]
    amina, karim = open_page(), open_page()
    sign_in(amina, users[0])
    sign_in(karim, users[1])
    amina.goto(f"{live_server}/chat")
    karim.goto(f"{live_server}/chat")
    amina.locator("summary", has_text="New group").click()
    amina.fill("#chat-group-name", "Agritech partners")
    amina.fill("#chat-group-members", "karim")
    amina.locator("#chat-new-group [type=submit]").click()
    expect(amina.locator("#chat-room-title")).to_have_text("Agritech partners")
    send(amina, "Welcome to the group")
    # Karim's open page was told about the new room live and shows its first message.
    expect(karim.locator(".chat-room-name", has_text="Agritech partners")).to_be_visible()
    karim.locator(".chat-room-name", has_text="Agritech partners").click()
    expect(messages(karim)).to_have_count(1)
    amina.locator("#chat-group-settings summary").click()
    amina.fill("#chat-rename-name", "Agri partners")
    amina.locator("#chat-rename [type=submit]").click()
    expect(amina.locator("#chat-room-title")).to_have_text("Agri partners")
    amina.locator("#chat-group-settings summary").click()
    amina.fill("#chat-invite-members", "laura")
    amina.locator("#chat-invite [type=submit]").click()
    expect(amina.locator("#chat-group-settings")).not_to_have_attribute("open", "")
    karim.on("dialog", lambda dialog: dialog.accept())
    karim.locator("#chat-group-settings summary").click()
    karim.locator("#chat-leave").click()
    expect(karim.locator(".chat-room-name", has_text="Agri")).to_have_count(0)
    send(amina, "Karim left")
    expect(messages(amina)).to_have_count(2)


def test_suspension_ends_the_open_chat_at_once(open_page, live_server, live_app, browser_user):
    from community.auth.revocation import end_live_sessions

    user = browser_user("amina")
    browser_user("karim")
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    page = open_page()
    sign_in(page, user)
    page.goto(f"{live_server}/chat?room={room_id}")
    expect(page.locator("#chat-room-title")).to_have_text("Agritech Cluster")
    expect(page.locator("#chat-composer")).to_be_visible()
    with live_app.app_context():
        stored = db.session.get(User, user.id)
        stored.status = "suspended"
        stored.session_version += 1
        end_live_sessions(stored)  # queued: the connections close once the suspension commits
        db.session.commit()
        db.session.remove()
    expect(page.locator("#chat-connection")).to_contain_text("session has ended", timeout=2000)
    expect(page.locator("#chat-composer")).to_be_hidden()


def test_signing_out_on_one_device_keeps_the_other_chatting(open_page, live_server, live_app,
                                                             browser_user):
    user = browser_user("amina", display_name="Amina Benali")
    browser_user("karim")
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    laptop, phone = open_page(), open_page(viewport=PHONE)
    for page in (laptop, phone):
        sign_in(page, user)
        page.goto(f"{live_server}/chat?room={room_id}")
        expect(page.locator("#chat-composer")).to_be_visible()
    sign_out(laptop)
    # The phone's connection was closed with every other one of the user, then came back.
    send(phone, "still here")
    expect(messages(phone)).to_have_count(1)
    expect(phone.locator("#chat-composer")).to_be_visible()
    expect(phone.locator("#chat-connection")).not_to_contain_text("session has ended")


def test_edit_and_delete_own_message_live(open_page, live_server, live_app, browser_user):
    users = [browser_user("amina", display_name="Amina Benali"),
             browser_user("karim", display_name="Karim Haddad")]
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    amina, karim = open_page(), open_page()
    for page, user in zip((amina, karim), users, strict=True):
        sign_in(page, user)
        page.goto(f"{live_server}/chat?room={room_id}")
        expect(page.locator("#chat-room-title")).to_have_text("Agritech Cluster")
    send(amina, "Meeting at 10")
    expect(messages(karim)).to_have_count(1)  # stored first: seq 1, whatever karim sends next
    send(karim, "Fine by me")
    expect(messages(amina)).to_have_count(2)
    expect(messages(karim)).to_have_count(2)
    others = karim.locator(".chat-message:not(.mine)")
    expect(others.get_by_role("button", name="Edit")).to_have_count(0)
    expect(others.get_by_role("button", name="Report")).to_have_count(1)
    mine = amina.locator(".chat-message.mine").first
    mine.get_by_role("button", name="Edit").click()
    amina.get_by_label("Edit your message").fill("Meeting at 11")
    amina.get_by_role("button", name="Save").click()
    expect(messages(karim).first).to_have_text("Meeting at 11")
    expect(karim.locator(".chat-message").first).to_contain_text("edited")
    amina.on("dialog", lambda dialog: dialog.accept())
    amina.locator(".chat-message.mine").first.get_by_role("button", name="Delete").click()
    expect(messages(karim).first).to_have_text("This message was deleted.")
    expect(messages(karim).nth(1)).to_have_text("Fine by me")


def test_report_a_message_from_the_chat_page(open_page, live_server, live_app, browser_user):
    from community.models.moderation import Report

    reporter = browser_user("amina")
    browser_user("karim")
    room_id, _direct_id = make_rooms(live_app, "amina", "karim")
    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "karim"))
        make_message(author, services.get_room(room_id), "Buy cheap watches")
        db.session.remove()
    page = open_page()
    sign_in(page, reporter)
    page.goto(f"{live_server}/chat?room={room_id}")
    page.get_by_role("button", name="Report").click()
    page.get_by_label("Why are you reporting this message?").select_option("spam")
    page.get_by_label("Note for the moderators (optional)").fill("watch ads")
    page.locator(".chat-report [type=submit]").click()
    expect(page.get_by_role("status").filter(has_text="moderators")).to_be_visible()
    with live_app.app_context():
        [report] = db.session.scalars(db.select(Report)).all()
        assert (report.target_type, report.reason, report.note) == ("message", "spam", "watch ads")
        db.session.remove()
