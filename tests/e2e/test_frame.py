"""The site frame in a real browser: assets load from our origin, no errors, accessible."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from tests.e2e.conftest import PHONE


def test_home_page_loads_without_errors_or_outside_requests(page, live_server,
                                                            check_accessibility, screenshot):
    response = page.goto(live_server + "/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.evaluate("() => typeof bootstrap") == "object"
    check_accessibility(page)
    screenshot(page, "home-en-desktop")


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_home_page_follows_accept_language(open_page, live_server, locale, check_accessibility,
                                           screenshot):
    page = open_page(locale=locale)
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == locale
    expected = "rtl" if locale == "ar" else "ltr"
    assert page.locator("html").get_attribute("dir") == expected
    check_accessibility(page)
    screenshot(page, f"home-{locale}-desktop")


def test_home_page_on_a_phone(open_page, live_server, check_accessibility, screenshot):
    page = open_page(viewport=PHONE)
    page.goto(live_server + "/")
    check_accessibility(page)
    screenshot(page, "home-en-phone")


def test_language_switcher_turns_the_page_right_to_left(page, live_server):
    page.goto(live_server + "/")
    with page.expect_navigation():
        page.select_option("#locale-switch", "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.goto(live_server + "/")  # remembered in the session
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_unknown_page_shows_the_html_error_page(page, live_server, check_accessibility):
    page.log.allow(r"404")
    response = page.goto(live_server + "/no-such-page")
    assert response.status == 404
    check_accessibility(page)


def test_smtp_fixture_collects_mail(smtp_server):
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["To"] = "b@example.org"
    message["Subject"] = "Hello"
    message.set_content("Visit http://127.0.0.1/x?token=abc now")
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        smtp.send_message(message)
    from tests.e2e.conftest import mail_links

    received = smtp_server.wait_for_mail("b@example.org", timeout=5)
    assert received["Subject"] == "Hello"
    assert mail_links(received) == ["http://127.0.0.1/x?token=abc"]
