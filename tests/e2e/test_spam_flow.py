"""Spam defences in a real browser: a new member's reply with a link waits, marked, on their
open thread page; a moderator approves it from the approval queue and it reaches a reader's
open page live; the queue, blocked terms and categories pages pass axe-core in English and
Arabic, on a desktop and a phone (screenshots under /tmp/shots/m-spam when that folder exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from community.extensions import db
from community.models import Thread, User
from tests import factories
from tests.e2e.conftest import sign_in

SHOTS = Path("/tmp/shots/m-spam")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def thread_of(live_app, admin_id: int) -> int:
    with live_app.app_context():
        admin = db.session.get(User, admin_id)
        category = factories.make_category(admin, "Énergie")
        thread_id = factories.make_thread(admin, category, "Solar parks", "Who builds them?").id
        db.session.remove()
    return thread_id


def test_held_reply_is_approved_from_the_queue_and_appears_live(
        open_page, live_app, live_server, browser_user, check_accessibility):
    admin = browser_user("laura", role="admin", display_name="Laura Puig")
    author = browser_user("amina", display_name="Amina Benali")
    reader = browser_user("karim", display_name="Karim Haddad")
    thread_id = thread_of(live_app, admin.id)
    author_page = open_page()
    sign_in(author_page, author)
    author_page.goto(f"{live_server}/threads/{thread_id}")
    author_page.fill("#reply-form textarea[name=body]", "We do: https://solar.example/parks")
    with author_page.expect_navigation():
        author_page.locator("#reply-form [type=submit]").click()
    held = author_page.locator(".forum-post", has_text="solar.example")
    assert held.get_by_text("Waiting for approval").count() == 1

    reader_page = open_page()
    sign_in(reader_page, reader)
    reader_page.goto(f"{live_server}/threads/{thread_id}")
    assert reader_page.locator(".forum-post", has_text="solar.example").count() == 0

    staff_page = open_page()
    sign_in(staff_page, admin)
    staff_page.goto(f"{live_server}/admin/queue")
    check_accessibility(staff_page, "approval queue")
    shoot(staff_page, "queue-en-1366")
    with staff_page.expect_navigation():
        staff_page.locator(".queue-item").get_by_role("button", name="Approve").click()
    assert staff_page.get_by_text("No post waits for approval.").count() == 1
    reader_page.locator(".forum-post", has_text="solar.example").wait_for()


@pytest.mark.parametrize("locale", ["en-US", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_admin_pages_are_accessible(open_page, live_app, live_server, browser_user,
                                    check_accessibility, locale, viewport):
    admin = browser_user("laura", role="admin", display_name="Laura Puig")
    member = browser_user("amina", display_name="Amina Benali")
    thread_id = thread_of(live_app, admin.id)
    with live_app.app_context():
        author = db.session.get(User, member.id)
        thread = db.session.get(Thread, thread_id)
        factories.make_post(author, thread, "Cheap panels at https://solar.example/offer")
        factories.make_thread(author, thread.category, "بيع ألواح", "www.solar.example")
        factories.make_cluster(author, "Agrinov", status="pending")
        db.session.remove()
    page = open_page(locale=locale, viewport=viewport)
    sign_in(page, admin)
    page.goto(f"{live_server}/admin/blocked-terms")
    page.fill("textarea[name=words]", "viagra\nكتاب")
    page.fill("textarea[name=domains]", "spam.example")
    with page.expect_navigation():
        page.locator("form:has(textarea[name=words]) [type=submit]").click()
    tag = f"{'ar' if locale == 'ar' else 'en'}-{viewport['width']}"
    for path, name in (("/admin/queue", "queue"), ("/admin/blocked-terms", "blocked-terms"),
                       ("/admin/categories", "categories")):
        page.goto(f"{live_server}{path}")
        check_accessibility(page, f"{path} {tag}")
        shoot(page, f"{name}-{tag}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
