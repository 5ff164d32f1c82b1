"""Reports in a real browser, two people: a member reports a post from its thread page, a
moderator hides it from /admin/reports, and the post leaves the member's open thread page
without a reload. The reports page passes axe-core in English and Arabic, on a phone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests import factories
from tests.e2e.conftest import PHONE, sign_in


@pytest.fixture
def people(browser_user):
    """An admin (who makes the category), a moderator, a post's author and a reader."""
    browser_user("laura", role="admin", display_name="Laura Puig")
    return {"moderator": browser_user("moussa", role="moderator", display_name="Moussa Diallo"),
            "author": browser_user("spammer", display_name="Sam Spam"),
            "reader": browser_user("amina", display_name="Amina Benali")}


def make_thread(live_app, author_id: int) -> tuple[int, int]:
    """A thread by the author with a reply to report: (thread id, reply id)."""
    with live_app.app_context():
        admin = db.session.scalar(db.select(User).where(User.role == "admin"))
        author = db.session.get(User, author_id)
        category = factories.make_category(admin, "General", "Everything else")
        thread = factories.make_thread(author, category, "Irrigation", "Débit réduit de 30 %")
        reply = factories.make_post(author, thread, "Achetez des pilules pas chères ici")
        ids = thread.id, reply.id
        db.session.remove()
    return ids


def test_reported_post_hidden_live(open_page, live_app, live_server, people,
                                   check_accessibility, screenshot):
    thread_id, reply_id = make_thread(live_app, people["author"].id)
    pages = {name: open_page() for name in ("reader", "moderator")}
    for name, page in pages.items():
        page.log.allow(r"WebSocket is closed before the connection is established")
        sign_in(page, people[name])
    reader, moderator = pages["reader"], pages["moderator"]

    reader.goto(f"{live_server}/threads/{thread_id}")
    post = reader.locator(f"#post-{reply_id}")
    post.locator("summary", has_text="Report").click()
    post.locator("select[name=reason]").select_option("spam")
    post.locator("textarea[name=note]").fill("Publicité pour des pilules")
    post.locator("button", has_text="Send the report").click()
    expect(reader.locator(".flash-messages")).to_contain_text("the moderators will look")
    expect(reader.locator(f"#post-{reply_id}")).to_be_visible()

    moderator.goto(f"{live_server}/admin/reports")
    case = moderator.locator(".report-case")
    expect(case).to_have_count(1)
    expect(case).to_contain_text("Publicité pour des pilules")
    expect(case.locator(".report-target")).to_contain_text("pilules pas chères")
    check_accessibility(moderator, "reports page")
    screenshot(moderator, "moderation-reports")
    case.locator("textarea[name=note]").fill("Spam évident")
    case.locator("button[value=hide]").click()
    expect(moderator.locator(".flash-messages")).to_contain_text("Hidden")

    # The reader did not reload: the post is gone, the rest of the thread stays.
    expect(reader.locator(f"#post-{reply_id}")).to_have_count(0)
    expect(reader.locator("#posts .forum-post")).to_have_count(1)

    # The moderator still sees it on the thread page, marked, and can restore it.
    moderator.goto(f"{live_server}/threads/{thread_id}")
    hidden = moderator.locator(f"#post-{reply_id}")
    expect(hidden).to_contain_text("Hidden from members")
    check_accessibility(moderator, "thread page with a hidden post")
    hidden.locator("button", has_text="Restore").click()
    expect(moderator.locator(f"#post-{reply_id}")).not_to_contain_text("Hidden from members")


def test_reports_page_in_arabic_on_a_phone(open_page, live_app, live_server, people,
                                           check_accessibility, screenshot):
    author, reporter = people["author"], people["reader"]
    _thread_id, reply_id = make_thread(live_app, author.id)
    with live_app.app_context():
        from community.forums import services
        from community.moderation.services import report_user

        user = db.session.get(User, reporter.id)
        services.report_post(user, services.find_post(reply_id, user), "abuse", "إعلان مزعج")
        report_user(user, db.session.get(User, author.id), "other", "")
        db.session.commit()
        db.session.remove()
    page = open_page(locale="ar", viewport=PHONE)
    sign_in(page, people["moderator"])
    page.goto(f"{live_server}/admin/reports")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".report-case")).to_have_count(2)
    check_accessibility(page, "reports page in Arabic on a phone")
    screenshot(page, "moderation-reports-ar-phone")
    page.goto(f"{live_server}/admin/reports?status=resolved")
    expect(page.locator(".report-case")).to_have_count(0)
    check_accessibility(page, "empty resolved reports in Arabic")
