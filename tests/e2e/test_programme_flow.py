"""A small mentoring programme in a real browser: an admin creates it, a mentor and a mentee
apply through its page, the coordinator accepts both, pairs them by hand and schedules a
bilateral session; both members are told of the pair and see the session in their own zone
(Madrid and Tunis: the same instant, an hour apart in June) and language."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

SHOTS = "programmes"
# 10:00 in Madrid (the coordinator's zone, UTC+2 in summer) is 08:00 UTC and 09:00 in Tunis.
STARTS_UTC = "2030-06-10T08:00:00Z"


def create_programme(page, base: str) -> str:
    page.goto(f"{base}/programmes")
    page.get_by_role("link", name="New programme").click()
    page.fill("#name", "Blue Growth Mentoring")
    page.fill("#description", "Ports and **fisheries** of both shores.")
    page.fill("#starts_on", "2030-01-15")
    page.fill("#ends_on", "2030-10-31")
    page.fill("#lead_organisation", "ACCIÓ")
    page.fill("#funders", "European Union")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the programme").click()
    expect(page.locator("h1")).to_have_text("Blue Growth Mentoring")
    return page.url


def apply(page, url: str, role: str, waiting: str) -> None:
    page.goto(url)
    page.check(f"input[name=role][value={role}]")
    page.check("input[name=languages][value=fr]")
    if role == "mentee":
        page.fill("#goals", "Export olive oil to Spain.")
    with page.expect_navigation():
        page.locator("#apply ~ form button[type=submit]").click()
    expect(page.locator("#apply + p")).to_contain_text(waiting)


def coordinate(page, url: str) -> None:
    page.goto(f"{url}/manage")
    for name in ("Sofia Marín", "Youssef Ben Salah"):
        with page.expect_navigation():
            page.get_by_role("button", name=f"Accept {name}").click()
    page.select_option("#mentor", "sofia")
    page.select_option("#mentee", "youssef")
    with page.expect_navigation():
        page.get_by_role("button", name="Make the pair").click()
    page.select_option("#kind", "bilateral")
    page.fill("#title", "First talk")
    page.fill("#starts_at", "2030-06-10T10:00")
    page.fill("#ends_at", "2030-06-10T11:00")
    page.select_option("#pair", index=1)
    page.fill("#online_url", "https://meet.example.org/first-talk")
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the session").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_coordinator_runs_a_programme_to_a_scheduled_session(
        open_page, live_server, browser_user, check_accessibility, screenshot):
    laura = browser_user("laura", role="admin", display_name="Laura Puig",
                         timezone="Europe/Madrid")
    sofia = browser_user("sofia", display_name="Sofia Marín", timezone="Europe/Madrid")
    youssef = browser_user("youssef", display_name="Youssef Ben Salah", locale="ar",
                           timezone="Africa/Tunis")
    admin, mentor, mentee = open_page(), open_page(), open_page(locale="ar")
    sign_in(admin, laura)
    url = create_programme(admin, live_server)
    for page, user, role, waiting in ((mentor, sofia, "mentor", "Waiting for an answer"),
                                      (mentee, youssef, "mentee", "في انتظار الرد")):
        sign_in(page, user)
        apply(page, url, role, waiting)
    coordinate(admin, url)
    check_accessibility(admin, "the coordinators' page")
    screenshot(admin, f"{SHOTS}/manage-en-desktop")

    mentor.goto(f"{live_server}/notifications")
    # Names are isolated (U+2068…U+2069) so an Arabic name keeps its order in any sentence.
    expect(mentor.locator("main")).to_contain_text(
        re.compile("You are the mentor of .Youssef Ben Salah."))
    mentee.goto(f"{live_server}/notifications")
    expect(mentee.locator("main")).to_contain_text("Sofia Marín")
    for page, clock in ((mentor, "10:00"), (mentee, "9:00")):
        page.goto(url)
        moment = page.locator(f'.programme-timeline time[datetime="{STARTS_UTC}"]')
        expect(moment).to_contain_text(clock)
        expect(page.locator(".programme-timeline")).to_contain_text("First talk")
    check_accessibility(mentee, "the Arabic programme page")
    screenshot(mentee, f"{SHOTS}/show-ar-desktop")
