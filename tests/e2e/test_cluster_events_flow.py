"""A manager publishes an event from the cluster page; a member on an Arabic phone says they
will attend and sees the count go up, then changes their mind."""

from __future__ import annotations

from community.extensions import db
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_cluster


def test_manager_publishes_and_a_member_attends(open_page, live_app, live_server, browser_user,
                                                check_accessibility, screenshot):
    manager = browser_user("salma", display_name="Salma Benjelloun", timezone="Africa/Casablanca")
    member = browser_user("dina", display_name="دينا حداد", country="JO", timezone="Asia/Amman")
    with live_app.app_context():
        from community.models import User

        make_cluster(db.session.get(User, manager.id), "Maroc Numeric Cluster",
                     members=[db.session.get(User, member.id)])
        db.session.remove()
    cluster_url = live_server + "/clusters/maroc-numeric-cluster"

    page = open_page()
    sign_in(page, manager)
    page.goto(cluster_url)
    page.get_by_role("link", name="Publish an event").click()
    page.fill("input[name=title]", "Digital Morocco meetup")
    page.fill("input[name=starts_at]", "2030-03-18T15:00")
    page.fill("input[name=ends_at]", "2030-03-18T18:00")
    page.fill("input[name=location]", "Technopark, Casablanca")
    page.get_by_role("button", name="Publish the event").click()
    page.get_by_role("heading", name="Digital Morocco meetup").wait_for()

    phone = open_page(locale="ar", viewport=PHONE)
    sign_in(phone, member)
    phone.goto(cluster_url)
    item = phone.locator(".event-item", has_text="Digital Morocco meetup")
    assert "0" in item.locator(".attendee-count").inner_text()
    item.get_by_role("button", name="سأحضر").click()
    item = phone.locator(".event-item", has_text="Digital Morocco meetup")
    item.get_by_role("button", name="لن أحضر").wait_for()
    assert "1" in item.locator(".attendee-count").inner_text()
    assert item.locator("time").first.get_attribute("datetime") == "2030-03-18T14:00:00Z"
    phone.locator("#events-heading").scroll_into_view_if_needed()
    screenshot(phone, "cluster-events-ar-390")
    check_accessibility(phone, "cluster events (ar)")
