"""Your data in a real browser: a member downloads their data from the settings page, then
erases their account with their password; they are signed out, their post stays as a deleted
member's, and they can no longer sign in."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from community.extensions import db
from community.models import User
from tests.e2e.conftest import sign_in
from tests.factories import make_category, make_post, make_thread, make_user


def thread_with_a_post_by(live_app, username: str) -> int:
    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == username))
        admin = make_user("laura", role="admin", display_name="Laura Puig")
        other = make_user("karim", display_name="Karim Haddad")
        thread = make_thread(other, make_category(admin), "Olive oil export", "Who exports?")
        make_post(author, thread, "We do, from Meknes.")
        thread_id = thread.id
        db.session.remove()
    return thread_id


def test_download_data_then_erase_account(page, live_app, live_server, browser_user,
                                          check_accessibility, screenshot):
    amina = browser_user("amina", display_name="Amina Benali")
    thread_id = thread_with_a_post_by(live_app, "amina")
    sign_in(page, amina)
    page.goto(live_server + "/settings/account")
    check_accessibility(page, "account settings")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    assert download.value.suggested_filename == "i-community-amina.json"
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["profile"]["username"] == "amina"
    assert [p["body"] for p in document["posts"]] == ["We do, from Meknes."]

    page.fill("input[name=erase-password]", "not my password")
    page.check("input[name=erase-confirm]")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account").click()
    assert page.locator("#erase-password-error").inner_text() == \
        "This is not your current password."
    screenshot(page, "erase-wrong-password")

    page.fill("input[name=erase-password]", amina.password)
    page.check("input[name=erase-confirm]")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account").click()
    assert urlsplit(page.url).path == "/"
    assert page.get_by_text("Your account is erased.").count() == 1
    assert page.locator("body[data-signed-in]").count() == 0

    page.goto(f"{live_server}/threads/{thread_id}")
    post = page.locator("article.forum-post").nth(1)
    assert "Deleted member" in post.inner_text() and "We do, from Meknes." in post.inner_text()
    assert post.get_by_role("link", name="Amina Benali").count() == 0

    page.goto(live_server + "/login")
    page.fill("input[name=login]", "amina")
    page.fill("input[name=password]", amina.password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.log.allow(r"401")
    assert urlsplit(page.url).path == "/login"
