"""Notifications: the API (list, unread filter, marking read), the page, the badge and the
preferences."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Notification, NotificationPreference
from community.notifications.services import notify
from tests.factories import make_user, set_channel


@pytest.fixture
def three(member, other_member) -> list[Notification]:
    return [notify(member, "mention", other_member, "/clusters/x", f"Note {i}") for i in range(3)]


def test_list_notifications_newest_first(api_as, member, three):
    body = api_as(member).get("/notifications").json
    assert [n["text"] for n in body["items"]] == ["Note 2", "Note 1", "Note 0"]
    first = body["items"][0]
    assert set(first) >= {"id", "kind", "actor", "target_url", "text", "created_at", "read"}
    assert first["actor"] == {"username": "karim", "display_name": "Karim Haddad"}
    assert first["read"] is False and first["created_at"].endswith("Z")
    assert body["total"] == 3 and body["unread_count"] == 3


def test_list_notifications_unread_only(api_as, member, three):
    api = api_as(member)
    api.post("/notifications/read", json={"ids": [three[0].id]})
    body = api.get("/notifications?unread=1").json
    assert [n["text"] for n in body["items"]] == ["Note 2", "Note 1"]


def test_list_notifications_anonymous_is_401(anon_api):
    assert anon_api.get("/notifications").status_code == 401


def test_list_notifications_shows_only_my_own(api_as, other_member, three):
    assert api_as(other_member).get("/notifications").json["total"] == 0


def test_mark_read_by_ids(api_as, member, three):
    response = api_as(member).post("/notifications/read", json={"ids": [three[1].id]})
    assert response.status_code == 200
    assert response.json == {"marked": 1, "unread_count": 2}


def test_mark_read_all(api_as, member, three):
    response = api_as(member).post("/notifications/read", json={"all": True})
    assert response.json == {"marked": 3, "unread_count": 0}


def test_mark_read_ignores_other_users_notifications(api_as, other_member, three):
    response = api_as(other_member).post("/notifications/read", json={"ids": [three[0].id]})
    assert response.json["marked"] == 0
    db.session.expire_all()
    assert db.session.get(Notification, three[0].id).read_at is None


BAD_READ_BODIES = [
    {}, {"ids": []}, {"ids": "1"}, {"ids": ["1"]}, {"ids": [True]}, {"all": False},
    {"all": "yes"}, {"ids": [1], "all": True}, {"ids": list(range(1, 1002))},
    {"ids": [10**30]}, {"ids": [0]}, {"ids": [1.5]},
]


def test_mark_read_with_bad_body_is_422(api_as, member, three):
    api = api_as(member)
    for body in BAD_READ_BODIES:
        response = api.post("/notifications/read", json=body)
        assert response.status_code == 422, body
        assert response.json["error"]["code"] == "validation", body
    assert api.get("/notifications?unread=1").json["total"] == 3


def test_mark_read_anonymous_is_401(anon_api):
    assert anon_api.post("/notifications/read", json={"all": True}).status_code == 401


def test_notify_skips_self_and_turned_off_kinds(member, other_member):
    assert notify(member, "mention", member, "/", "self") is None
    set_channel(member, "mention", "off")
    assert notify(member, "mention", other_member, "/", "off") is None
    assert notify(member, "reply", other_member, "/", "on") is not None


def test_notify_pushes_the_unread_count_to_the_user_room(app, member, other_member):
    from community.extensions import socketio
    from tests.factories import make_token

    mine = socketio.test_client(app, auth={"token": make_token(member)})
    theirs = socketio.test_client(app, auth={"token": make_token(other_member)})
    assert mine.is_connected() and theirs.is_connected()
    mine.get_received(), theirs.get_received()
    notify(member, "membership_approved", other_member, "/clusters/x", "Welcome")
    db.session.commit()
    events = [e for e in mine.get_received() if e["name"] == "notification"]
    assert len(events) == 1
    payload = events[0]["args"][0]
    assert payload["text"] == "Welcome" and payload["unread_count"] == 1
    assert payload["kind"] == "membership_approved"
    assert not [e for e in theirs.get_received() if e["name"] == "notification"]
    mine.disconnect()
    theirs.disconnect()


def test_preferences_api_round_trip(api_as, member):
    api = api_as(member)
    assert api.get("/notifications/preferences").json["preferences"]["mention"] == "instant"
    response = api.put("/notifications/preferences",
                       json={"preferences": {"mention": "digest", "reply": "off"}})
    assert response.status_code == 200
    assert response.json["preferences"]["mention"] == "digest"
    assert response.json["preferences"]["reply"] == "off"


def test_preferences_api_takes_the_old_email_channel_as_the_digest(api_as, member):
    response = api_as(member).put("/notifications/preferences",
                                  json={"preferences": {"reply": "email"}})
    assert response.json["preferences"]["reply"] == "digest"


@pytest.mark.parametrize("body", [{"preferences": {"mention": "sms"}},
                                  {"preferences": {"nope": "off"}}, {"preferences": []}, {}])
def test_preferences_api_with_bad_values_is_422(api_as, member, body):
    assert api_as(member).put("/notifications/preferences", json=body).status_code == 422


def test_notifications_page_highlights_unread(client, auth, member, three):
    three[0].read_at = three[0].created_at
    db.session.commit()
    auth.login(member)
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count("notification-unread") == 2
    assert "Note 0" in html and "Mark all as read" in html


def test_notifications_page_requires_sign_in(client):
    assert client.get("/notifications").status_code == 302


def test_header_badge_shows_the_unread_count(client, auth, member, three):
    auth.login(member)
    html = client.get("/").get_data(as_text=True)
    assert 'js-unread-badge' in html and 'data-count="3"' in html
    assert "js/notifications." in html and "socket.io.min." in html


def test_anonymous_pages_do_not_load_the_notification_script(client):
    assert "js/notifications." not in client.get("/").get_data(as_text=True)


def test_mark_one_read_form(client, auth, member, three):
    auth.login(member)
    response = client.post(f"/notifications/{three[0].id}/read", data={"next": "/notifications"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, three[0].id).read_at is not None


def test_mark_all_read_form(client, auth, member, three):
    auth.login(member)
    client.post("/notifications/read-all")
    html = client.get("/notifications").get_data(as_text=True)
    assert "notification-unread" not in html


def test_open_notification_marks_read_and_redirects(client, auth, member, three):
    auth.login(member)
    response = client.get(f"/notifications/{three[0].id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/clusters/x"


def test_open_notification_with_a_huge_id_is_404(client, auth, member):
    auth.login(member)
    assert client.get(f"/notifications/{10**30}").status_code == 404


def test_mark_read_with_a_huge_id_is_404(client, auth, member):
    auth.login(member)  # no route takes an id beyond what a row can have
    assert client.post(f"/notifications/{10**30}/read").status_code == 404


def test_open_someone_elses_notification_is_404(client, auth, other_member, three):
    auth.login(other_member)
    assert client.get(f"/notifications/{three[0].id}").status_code == 404


def test_open_notification_never_redirects_off_site(client, auth, member, other_member):
    evil = notify(member, "mention", other_member, "//evil.example/x", "Evil")
    auth.login(member)
    assert client.get(f"/notifications/{evil.id}").headers["Location"] == "/notifications"


def test_settings_page_saves_preferences(client, auth, member):
    auth.login(member)
    assert 'name="mention"' in client.get("/settings/notifications").get_data(as_text=True)
    client.post("/settings/notifications",
                data={"mention": "digest", "reply": "instant", "cluster_event": "off",
                      "direct_message": "inapp"})
    saved = dict(db.session.execute(db.select(NotificationPreference.kind,
                                              NotificationPreference.channel)).all())
    assert saved == {"mention": "digest", "reply": "instant", "cluster_event": "off",
                     "direct_message": "inapp"}


def test_settings_page_with_bad_channel_is_422(client, auth, member):
    auth.login(member)
    assert client.post("/settings/notifications", data={"mention": "sms"}).status_code == 422


def test_notifications_page_queries_are_constant(client, auth, member, count_queries):
    actors = [make_user(f"actor{i}") for i in range(3)]
    set_channel(member, "mention", "inapp")  # the page's queries, not those of instant mails
    auth.login(member)
    notify(member, "mention", actors[0], "/", "one")
    with count_queries() as small:
        client.get("/notifications")
    for actor in actors * 5:
        notify(member, "mention", actor, "/", "more")
    with count_queries() as large:
        client.get("/notifications")
    assert small.count == large.count
