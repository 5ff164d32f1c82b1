"""The Failed jobs admin page in a real browser: a dead letter shown cleanly in English, French
and Arabic, on a wide screen and a phone (no overflow, no serious axe-core violation), and its
Retry button queues the job again (the live server runs jobs at once: the mail goes out)."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import expect

from community.extensions import db
from community.mail import send_mail_job
from community.models import DeadJob
from tests.e2e.conftest import PHONE, sign_in
from tests.e2e.test_pages import OVERFLOW

WIDE = {"width": 1366, "height": 900}
SHOTS = Path("/tmp/shots/jobs")
ERROR = ("SMTPRecipientsRefused: {'salma.benali@a-very-long-domain-name.example.org': "
         "(451, b'4.3.0 Try again later')}")


def bury_one_mail(live_app) -> None:
    with live_app.app_context():
        db.session.add(DeadJob(name=send_mail_job.name, attempts=5, error=ERROR, arguments=[{
            "sender": "i-Community <no-reply@localhost>", "to": "salma@example.org",
            "subject": "Welcome", "text": "Hello", "html": None, "headers": {}}]))
        db.session.commit()
        db.session.remove()


def test_failed_jobs_page_shows_and_retries(open_page, live_app, live_server, browser_user,
                                            check_accessibility, screenshot, smtp_server):
    admin = browser_user("laura", role="admin", display_name="Laura Puig")
    bury_one_mail(live_app)
    for locale, device in (("en", WIDE), ("fr", PHONE), ("ar", WIDE), ("ar", PHONE)):
        page = open_page(locale=locale, viewport=device)
        sign_in(page, admin)
        page.goto(f"{live_server}/admin/jobs")
        expect(page.locator("article.card")).to_have_count(1)
        assert page.evaluate(OVERFLOW) is None
        check_accessibility(page, f"failed jobs ({locale}, {device['width']})")
        shot = screenshot(page, f"admin-jobs-{locale}-{device['width']}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(shot, SHOTS)
    page.locator("article.card button[type=submit]").click()
    expect(page.locator("article.card")).to_have_count(0)
    assert any(message["To"] == "salma@example.org" for message in smtp_server.messages)
