"""Accounts and profiles in a real browser: register, confirm by mail, sign in, edit the profile,
upload an avatar, sign out; reset a password by mail; the Arabic interface."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from PIL import Image

from tests.e2e.conftest import mail_links, sign_in, sign_out

NEW_PASSWORD = "a brand new passphrase 42"


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} [type=submit]").first.click()


def test_register_confirm_sign_in_edit_profile_and_sign_out(
        page, live_server, smtp_server, tmp_path, check_accessibility, screenshot):
    page.goto(live_server + "/register")
    check_accessibility(page, "register")
    page.fill("input[name=username]", "yasmine")
    page.fill("input[name=display_name]", "Yasmine Touati")
    page.fill("input[name=email]", "yasmine@example.org")
    page.select_option("select[name=country]", "TN")
    page.fill("input[name=password]", "olive groves of sfax 2026")
    submit(page, "form:has(input[name=username])")
    assert urlsplit(page.url).path == "/"
    assert page.locator("body[data-signed-in]").count() == 1

    mail = smtp_server.wait_for_mail("yasmine@example.org", timeout=15)
    links = [link for link in mail_links(mail) if "/confirm/" in link]
    assert links, f"no confirmation link in: {mail.get_body().get_content()[:500]}"
    assert links[0].startswith(live_server)
    page.goto(links[0])
    assert page.get_by_text("yasmine@example.org").count() >= 1  # "… is confirmed"
    sign_out(page)
    assert page.locator("body[data-signed-in]").count() == 0

    page.goto(live_server + "/login")
    check_accessibility(page, "login")
    page.fill("input[name=login]", "yasmine@example.org")
    page.fill("input[name=password]", "olive groves of sfax 2026")
    submit(page, "form:has(input[name=password])")
    assert page.locator("body[data-signed-in]").count() == 1

    page.goto(live_server + "/settings/profile")
    check_accessibility(page, "profile settings")
    page.fill("input[name=headline]", "Agri-food cluster manager")
    page.fill("textarea[name=bio]", "I run **Tunisia's** agri-food cluster. [Site](https://example.org)")
    page.fill("input[name=expertise]", "agri-food, export")
    submit(page, "form:has(textarea[name=bio])")
    assert urlsplit(page.url).path == "/u/yasmine"
    assert page.locator(".user-content strong").inner_text() == "Tunisia's"
    assert page.locator(".user-content a").get_attribute("rel") == "nofollow ugc noopener"
    check_accessibility(page, "own profile")

    picture = tmp_path / "me.png"
    Image.new("RGB", (300, 200), (11, 79, 108)).save(picture)
    page.goto(live_server + "/settings/profile")
    page.set_input_files("input[type=file]", str(picture))
    submit(page, "form[enctype='multipart/form-data']")
    page.goto(live_server + "/u/yasmine")
    avatar = page.locator("img.avatar").first
    src = avatar.get_attribute("src")
    assert src and src.startswith("/uploads/")
    assert avatar.get_attribute("alt")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", avatar.element_handle())
    screenshot(page, "profile-en-desktop")

    sign_out(page)
    assert page.locator("body[data-signed-in]").count() == 0
    page.goto(live_server + "/settings/profile")
    assert urlsplit(page.url).path == "/login"


def test_password_reset_by_mail(page, live_server, smtp_server, browser_user,
                                check_accessibility):
    user = browser_user("omar", email="omar@example.org")
    page.goto(live_server + "/reset")
    check_accessibility(page, "reset request")
    page.fill("input[name=email]", "omar@example.org")
    submit(page, "form:has(input[name=email])")
    mail = smtp_server.wait_for_mail("omar@example.org", timeout=15)
    link = next(link for link in mail_links(mail) if "/reset/" in link)
    page.goto(link)
    check_accessibility(page, "choose a new password")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    submit(page, "form:has(input[name=confirm])")
    assert urlsplit(page.url).path == "/login"
    sign_in(page, user, password=NEW_PASSWORD)
    assert page.locator("body[data-signed-in]").count() == 1

    page.log.allow(r"40[04]")
    page.goto(link)  # used once only
    assert page.locator("input[name=confirm]").count() == 0


def test_wrong_password_is_refused_without_leaving_the_form(page, live_server, browser_user):
    user = browser_user("leila")
    page.log.allow(r"401|403")
    page.goto(live_server + "/login")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", "not the password at all")
    submit(page, "form:has(input[name=password])")
    assert urlsplit(page.url).path == "/login"
    assert page.locator("body[data-signed-in]").count() == 0
    assert page.locator(".alert-danger, .invalid-feedback, [role=alert]").count() >= 1


def test_sign_in_follows_a_local_next_but_not_a_foreign_one(page, live_server, browser_user):
    user = browser_user("hamza")
    sign_in(page, user, next_path="/members")
    assert urlsplit(page.url).path == "/members"
    sign_out(page)
    page.goto(live_server + "/login?next=//evil.example/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", user.password)
    submit(page, "form:has(input[name=password])")
    assert page.url.startswith(live_server)


def test_choosing_arabic_turns_the_interface_right_to_left(page, live_server, browser_user):
    user = browser_user("rania")
    sign_in(page, user)
    with page.expect_navigation():
        page.select_option("#locale-switch", "ar")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    assert re.search(r"bootstrap\.rtl", page.content())
    page.goto(live_server + "/members")
    assert page.locator("html").get_attribute("dir") == "rtl"
