"""A member's time zone: kept on the account (`PATCH /me`, the settings page, a guess at
registration) and used for the times of their pages and mails."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from community.extensions import db
from community.models import Notification, User
from community.notifications.services import notify
from tests.factories import make_category, make_post, make_thread, make_user, reload, set_channel

REGISTRATION = {"username": "salma", "email": "salma@example.org",
                "password": "olive grove at dawn", "display_name": "Salma Idrissi",
                "country": "MA", "locale": ""}


def test_get_me_includes_timezone_utc_by_default(api_as, member):
    assert api_as(member).get("/me").get_json()["timezone"] == "UTC"


def test_patch_me_valid_timezone_is_stored(api_as, member):
    response = api_as(member).patch("/me", json={"timezone": "Africa/Tunis"})
    assert response.status_code == 200
    assert response.get_json()["timezone"] == "Africa/Tunis"
    assert reload(member).timezone == "Africa/Tunis"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "africa/tunis", 3, "localtime", "US/Eastern"])
def test_patch_me_invalid_timezone_is_422_with_field(api_as, member, zone):
    response = api_as(member).patch("/me", json={"timezone": zone})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert "timezone" in error["fields"]


def test_patch_me_invalid_timezone_changes_nothing(api_as, member):
    api = api_as(member)
    api.patch("/me", json={"timezone": "Europe/Paris"})
    api.patch("/me", json={"headline": "Wind", "timezone": "Nowhere/Else"})
    user = reload(member)
    assert (user.timezone, user.headline) == ("Europe/Paris", "")


def test_other_members_do_not_see_timezone(api_as, member, other_member):
    assert "timezone" not in api_as(other_member).get("/users/amina").get_json()


def test_export_lists_timezone(api_as, member):
    api = api_as(member)
    api.patch("/me", json={"timezone": "Asia/Amman"})
    export = json.loads(api.get("/me/export").get_data(as_text=True))
    assert export["profile"]["timezone"] == "Asia/Amman"


def test_settings_page_saves_timezone(client, auth, member):
    auth.login(member)
    assert '<optgroup label="Africa">' in client.get("/settings/profile").get_data(as_text=True)
    response = client.post("/settings/profile", data={
        "display_name": "Amina", "timezone": "Europe/Rome", "locale": "", "country": ""})
    assert response.status_code == 302
    assert reload(member).timezone == "Europe/Rome"


def test_settings_page_refuses_unknown_timezone(client, auth, member):
    auth.login(member)
    response = client.post("/settings/profile", data={"display_name": "Amina",
                                                     "timezone": "Nowhere/Else"})
    # The form is shown again with the error (a 200 page: only the API answers 422).
    assert (response.status_code, reload(member).timezone) == (200, "UTC")


@pytest.mark.parametrize(("guess", "stored"), [
    ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("Nowhere/Else", "UTC"), ("", "UTC")])
def test_register_form_keeps_browser_guess_when_valid(client, guess, stored):
    response = client.post("/register", data={**REGISTRATION, "timezone": guess})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.username == "salma"))
    assert user.timezone == stored


def test_pages_show_times_in_member_zone(client, auth, admin, other_member):
    amman = make_user("hala", timezone="Asia/Amman")
    thread = make_thread(other_member, make_category(admin), "Olive oil", "Who exports?")
    post = make_post(other_member, thread, "We do.")
    post.created_at = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    db.session.commit()
    auth.login(amman)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert '<time datetime="2026-01-15T12:00:00Z" dir="auto" data-when="datetime">' \
           'Jan 15, 2026, 3:00\u202fPM</time>' in page  # Jordan: UTC+3 all year


def test_digest_mail_shows_times_in_member_zone(runner, outbox, other_member):
    paris = make_user("claire", timezone="Europe/Paris", locale="fr")
    set_channel(paris, "mention", "digest")
    notify(paris, "mention", actor=other_member, target_url="/posts/1", text="Karim vous cite")
    db.session.scalar(db.select(Notification)).created_at = datetime(2026, 7, 1, 21, 30,
                                                                     tzinfo=UTC)
    db.session.commit()
    assert runner.invoke(args=["notifications", "send-digests"]).exit_code == 0
    [path] = outbox.glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert "Karim vous cite · 1 juil. 2026, 23:30" in message.get_body(("plain",)).get_content()
    assert '<time datetime="2026-07-01T21:30:00Z" dir="auto" data-when="datetime">' \
           '1 juil. 2026, 23:30</time>' in message.get_body(("html",)).get_content()
