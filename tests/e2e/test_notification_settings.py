"""Notification settings on a phone, in English and Arabic: a member picks "by e-mail at once"
for one kind and saves; the table fits 390 px; the unsubscribe page of a mail link works."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import User
from community.notifications.unsubscribe import unsubscribe_token
from tests.e2e.conftest import PHONE, sign_in

LABELS = {"en": ("A reply in a thread you follow", "By e-mail at once", "Save",
                 "Stop these e-mails"),
          "ar": ("ردّ في سلسلة نقاش تتابعها", "بالبريد الإلكتروني فورًا", "حفظ", "إيقاف هذه الرسائل")}


def token_of(live_app, username: str) -> str:
    with live_app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == username))
        token = unsubscribe_token(user, "reply")
        db.session.remove()
    return token


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"
                         " && [...document.querySelectorAll('.table-responsive')]"
                         ".every(box => box.scrollWidth <= box.clientWidth)")


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_settings_choose_instant_mail_then_unsubscribe(open_page, live_app, browser_user,
                                                       check_accessibility, screenshot, locale):
    kind_label, instant_label, save, stop = LABELS[locale]
    member = browser_user(f"amina{locale}", locale=locale)
    page = open_page(locale=locale, viewport=PHONE)
    sign_in(page, member)
    page.goto(page.live_url + "/settings/notifications")
    assert fits_the_width(page)
    screenshot(page, f"notification-settings-{locale}-390")
    check_accessibility(page, f"notification settings ({locale})")
    page.get_by_label(f"{kind_label}: {instant_label}").check()
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    assert page.get_by_label(f"{kind_label}: {instant_label}").is_checked()

    page.goto(page.live_url + f"/unsubscribe/{token_of(live_app, member.username)}")
    check_accessibility(page, f"unsubscribe ({locale})")
    page.get_by_role("button", name=stop).click()
    page.get_by_role("status").wait_for()
    screenshot(page, f"unsubscribe-done-{locale}-390")
    page.goto(page.live_url + "/settings/notifications")
    assert not page.get_by_label(f"{kind_label}: {instant_label}").is_checked()
