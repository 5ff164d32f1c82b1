"""The Markdown editor in a real browser: @mention suggestions chosen with the keyboard, the
server-rendered Preview tab (bold, a bordered table), the Report form opening below the post's
buttons without stretching them, and the suggestions inside a phone's screen in Arabic."""

from __future__ import annotations

from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests import factories
from tests.e2e.conftest import PHONE, sign_in

WIDE = {"width": 1366, "height": 800}
TABLE = "**bold**\n\n| sector | country |\n|---|---|\n| textile | MA |\n"


def make_thread(live_app) -> int:
    with live_app.app_context():
        admin = db.session.scalar(db.select(User).where(User.role == "admin"))
        amina = db.session.scalar(db.select(User).where(User.username == "amina"))
        category = factories.make_category(admin, "General", "Everything else")
        thread_id = factories.make_thread(amina, category, "Export", "Who exports *olive oil*?").id
        db.session.remove()
    return thread_id


def height(locator) -> float:
    return locator.bounding_box()["height"]


def test_mentions_preview_and_report_form(open_page, live_app, live_server, browser_user,
                                          check_accessibility, screenshot):
    browser_user("laura", role="admin", display_name="Laura Puig")
    browser_user("amina", display_name="Amina Benali")
    karim = browser_user("karim", display_name="Karim Haddad")
    thread_url = f"{live_server}/threads/{make_thread(live_app)}"
    page = open_page(viewport=WIDE)
    sign_in(page, karim)
    page.goto(thread_url)

    body = page.locator("#body")
    body.press_sequentially("Thanks @am")
    option = page.locator("#body-mentions [role=option]")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("amina")
    expect(body).to_have_attribute("aria-activedescendant", "body-mentions-0")
    check_accessibility(page, "thread with the mention list open")
    body.press("ArrowDown")
    body.press("Enter")
    expect(body).to_have_value("Thanks @amina ")
    expect(page.locator("#body-mentions")).to_be_hidden()

    body.press("Enter")
    body.press_sequentially(TABLE)
    page.locator("#body-write-tab").focus()
    page.keyboard.press("ArrowRight")  # the tabs answer the keyboard
    expect(page.locator("#body-preview-tab")).to_have_attribute("aria-selected", "true")
    preview = page.locator("#body-preview")
    expect(preview.locator("strong")).to_have_text("bold")
    cell = preview.locator("td").first
    expect(cell).to_have_text("textile")
    assert cell.evaluate("c => getComputedStyle(c).borderTopStyle") == "solid"
    assert cell.evaluate("c => parseFloat(getComputedStyle(c).borderTopWidth)") >= 1

    footer = page.locator(".forum-post .card-footer").first
    quote = footer.locator(".js-quote")
    before = height(quote)
    footer.locator(".report-details summary").click()
    form = footer.locator(".report-details form")
    expect(form).to_be_visible()
    assert abs(height(quote) - before) < 1
    assert form.bounding_box()["y"] >= quote.bounding_box()["y"] + before
    check_accessibility(page, "thread with the preview and the report form")
    screenshot(page, "editor-preview-report-en")

    phone = open_page(locale="ar", viewport=PHONE)
    sign_in(phone, karim)
    phone.goto(thread_url)
    phone.locator("#body").press_sequentially("@am")
    listbox = phone.locator("#body-mentions")
    expect(listbox.locator("[role=option]")).to_have_count(1)
    box = listbox.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    screenshot(phone, "editor-mentions-ar-phone")
    listbox.locator("[role=option]").click()  # the mouse chooses too
    expect(phone.locator("#body")).to_have_value("@amina ")
