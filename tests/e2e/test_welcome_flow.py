"""A new member in a real browser: every registration error at once (no console error), the
confirmation link onto the welcome page, joining a suggested cluster, the page in Arabic on a
phone."""

from __future__ import annotations

from urllib.parse import urlsplit

from community.extensions import db
from community.models import User
from tests.e2e.conftest import PHONE, mail_links
from tests.factories import make_cluster


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} [type=submit]").first.click()


def test_register_with_errors_confirm_and_join_a_suggested_cluster(
        page, live_app, live_server, smtp_server, browser_user, check_accessibility,
        screenshot):
    manager = browser_user("salim", country="MA")
    with live_app.app_context():
        manager_row = db.session.get(User, manager.id)
        make_cluster(manager_row, "Maroc Numeric Cluster", country="MA", sectors=["ICT"])
        make_cluster(manager_row, "Énergies Méditerranée", country="FR",
                     sectors=["renewable-energy"])
        db.session.remove()

    page.goto(live_server + "/register")
    page.fill("input[name=username]", "Yasmine Touati!")
    page.fill("input[name=display_name]", "Yasmine Touati")
    page.fill("input[name=email]", "yasmine at example.org")
    page.fill("input[name=password]", "olive groves of sfax 2026")
    submit(page, "form:has(input[name=username])")
    assert urlsplit(page.url).path == "/register"
    for name in ("username", "email", "country"):
        assert page.locator(f"#{name}-error").is_visible()
        assert page.locator(f"#{name}").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a[href='#country']").click()
    assert page.evaluate("document.activeElement.id") == "country"
    check_accessibility(page, "register with errors")
    screenshot(page, "register-errors-en-desktop")

    page.fill("input[name=username]", "yasmine")
    page.fill("input[name=email]", "yasmine@example.org")
    page.select_option("select[name=country]", "MA")
    page.fill("input[name=password]", "olive groves of sfax 2026")
    submit(page, "form:has(input[name=username])")
    assert urlsplit(page.url).path == "/"

    mail = smtp_server.wait_for_mail("yasmine@example.org", timeout=15)
    page.goto(next(link for link in mail_links(mail) if "/confirm/" in link))
    assert urlsplit(page.url).path == "/welcome"
    page.fill("input[name=headline]", "Solar engineer")
    page.fill("input[name=expertise]", "renewable energy")
    submit(page, "form:has(input[name=headline])")
    cards = page.locator("#clusters li")
    assert cards.count() == 2 and "Maroc Numeric Cluster" in cards.first.inner_text()
    submit(page, "#clusters li:has-text('Énergies Méditerranée') form")
    assert page.get_by_text("Request sent to Énergies Méditerranée").count() == 1
    joined = page.locator("#clusters li:has-text('Énergies Méditerranée')")
    assert joined.get_by_text("Request sent", exact=True).count() == 1
    check_accessibility(page, "welcome")

    with page.expect_navigation():
        page.select_option("#locale-switch", "ar")
    assert page.get_by_text("الواجهة والرسائل الإلكترونية الآن بـالعربية").count() == 1
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/welcome")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_accessibility(page, "welcome (ar, phone)")
    screenshot(page, "welcome-ar-phone")
