"""Your data: `GET /me/export` (everything stored about the caller, as a file) and `DELETE /me`
(erasing the account), from the API and from the account settings page."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.forums import services as forums
from community.models import (
    ApiToken,
    ChatMessage,
    Cluster,
    Membership,
    Notification,
    Post,
    Subscription,
    User,
    UserSession,
    utcnow,
)
from tests.conftest import events
from tests.factories import (
    PASSWORD,
    ApiClient,
    add_member,
    entry_point,
    make_category,
    make_cluster,
    make_direct_room,
    make_message,
    make_post,
    make_thread,
    make_token,
    make_user,
    reload,
    set_channel,
)


def erase(api: ApiClient, password: str = PASSWORD):
    return api.delete("/me", json={"password": password})


@entry_point
def edit(author: User, post: Post, body: str) -> Post:
    return forums.edit_post(author, post, body)


@entry_point
def react(user: User, post: Post, kind: str = "like") -> None:
    forums.set_reaction(user, post, kind, True)


@pytest.fixture
def thread(admin, other_member):
    return make_thread(other_member, make_category(admin), "Olive oil export", "Who exports?")


@pytest.fixture
def post(member, thread):
    return make_post(member, thread, "We do, from Meknes.")


# --- GET /me/export ----------------------------------------------------------------------------

def export_of(api: ApiClient) -> dict:
    response = api.get("/me/export")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_export_anonymous_is_401(anon_api):
    response = anon_api.get("/me/export")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_export_is_an_attachment_named_after_the_user(api_as, member):
    response = api_as(member).get("/me/export")
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="i-community-amina.json"'
    assert response.mimetype == "application/json"


def test_export_profile_has_tags_and_avatar_url(api_as, app):
    user = make_user("salma", languages=["ar", "fr"], expertise=["olive oil"],
                     avatar_filename="abc.webp", headline="Export manager")
    profile = export_of(api_as(user))["profile"]
    assert (profile["username"], profile["email"], profile["headline"]) == \
        ("salma", "salma@example.org", "Export manager")
    assert profile["languages"] == ["ar", "fr"] and profile["expertise"] == ["olive oil"]
    assert profile["avatar_url"] == "/uploads/abc.webp"


def test_export_lists_memberships(api_as, member, other_member):
    make_cluster(other_member, "Tunisia Textile", members=[member])
    memberships = export_of(api_as(member))["memberships"]
    assert [(m["cluster_name"], m["role"], m["state"]) for m in memberships] == \
        [("Tunisia Textile", "member", "active")]


def test_export_lists_posts_with_their_revisions(api_as, member, post):
    edit(member, post, "We do, from Meknes and Fes.")
    posts = export_of(api_as(member))["posts"]
    assert [p["body"] for p in posts] == ["We do, from Meknes and Fes."]
    assert [r["body"] for r in posts[0]["revisions"]] == ["We do, from Meknes."]


def test_export_lists_threads_started(api_as, other_member, thread):
    assert [t["title"] for t in export_of(api_as(other_member))["threads"]] == ["Olive oil export"]


def test_export_lists_chat_messages(api_as, member, other_member):
    make_message(member, make_direct_room(member, other_member), "Salam Karim")
    messages = export_of(api_as(member))["chat_messages"]
    assert [(m["body"], m["room_kind"]) for m in messages] == [("Salam Karim", "direct")]


def test_export_lists_reactions(api_as, member, other_member, thread):
    first = db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))
    react(member, first, "thanks")
    assert [(r["post_id"], r["kind"]) for r in export_of(api_as(member))["reactions"]] == \
        [(first.id, "thanks")]


def test_export_lists_notifications_and_preferences(api_as, member, other_member, post):
    set_channel(other_member, "reply", "instant")
    document = export_of(api_as(other_member))
    assert [n["kind"] for n in document["notifications"]] == ["reply"]
    assert document["notification_preferences"] == {"reply": "instant"}


def test_export_lists_reports_filed(api_as, other_member, post):
    api_as(other_member).post(f"/posts/{post.id}/reports", json={"reason": "spam", "note": "ads"})
    reports = export_of(api_as(other_member))["reports_filed"]
    assert [(r["target_type"], r["target_id"], r["note"]) for r in reports] == \
        [("post", post.id, "ads")]


def test_export_lists_suspensions_about_the_user(api_as, member, moderator):
    from community.models import Suspension

    db.session.add(Suspension(user_id=member.id, actor_id=moderator.id, reason="Spam links"))
    db.session.commit()
    assert [s["reason"] for s in export_of(api_as(member))["suspensions"]] == ["Spam links"]


def test_export_lists_sessions_and_tokens_without_secrets(app, api_as, member):
    app.test_client().post("/login", data={"login": member.username, "password": PASSWORD})
    api = api_as(member)
    response = api.get("/me/export")
    document = response.get_json()
    token_hash = db.session.scalar(sa.select(ApiToken.token_hash))
    session_key = db.session.scalar(sa.select(UserSession.id))
    assert [sorted(s) for s in document["sessions"]] == \
        [["address", "created_at", "device", "last_seen_at", "remember", "revoked_at"]]
    assert session_key not in response.get_data(as_text=True)
    assert [sorted(t) for t in document["api_tokens"]] == \
        [["created_at", "expires_at", "last_used_at", "name", "revoked_at"]]
    text = response.get_data(as_text=True)
    assert api.token not in text and token_hash not in text and "password" not in text


def test_export_holds_nothing_of_other_members(api_as, member, other_member, post):
    document = export_of(api_as(other_member))
    assert "We do, from Meknes." not in json.dumps(document)
    assert document["profile"]["username"] == "karim"


def test_export_query_count_does_not_grow_with_content(api_as, member, other_member, thread,
                                                      count_queries):
    api = api_as(member)

    def queries() -> int:
        with count_queries() as counted:
            assert api.get("/me/export").status_code == 200
        return counted.count

    for i in range(2):
        edit(member, make_post(member, thread, f"Post {i}"), f"Post {i}, edited")
    make_message(member, make_direct_room(member, other_member), "one")
    few = queries()
    for i in range(6):
        edit(member, make_post(member, thread, f"More {i}"), f"More {i}, edited")
        make_message(member, make_direct_room(member, other_member), f"more {i}")
    assert queries() == few


def test_download_from_settings_is_the_same_document(client, auth, member):
    auth.login(member)
    response = client.get("/settings/account/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="i-community-amina.json"'
    assert response.get_json()["profile"]["email"] == "amina@example.org"


def test_download_from_settings_anonymous_goes_to_sign_in(client):
    response = client.get("/settings/account/export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- DELETE /me --------------------------------------------------------------------------------

def test_erase_anonymous_is_401(anon_api):
    assert erase(anon_api).status_code == 401


def test_erase_wrong_password_is_422_and_changes_nothing(api_as, member):
    response = erase(api_as(member), "not my password")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "password": "This is not your current password."}
    user = reload(member)
    assert (user.status, user.username, user.display_name) == ("active", "amina", "Amina Benali")


def test_erase_without_password_is_422(api_as, member):
    response = api_as(member).delete("/me", json={})
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_erase_answers_204_and_marks_the_account_deleted(api_as, member):
    response = erase(api_as(member))
    assert response.status_code == 204
    assert reload(member).status == "deleted"


def test_erase_by_unconfirmed_user_allowed(api_as, unconfirmed):
    assert erase(api_as(unconfirmed)).status_code == 204


def test_erase_clears_personal_data(api_as, app):
    user = make_user("salma", languages=["ar"], expertise=["olive oil"], headline="Export",
                     bio="I *love* olives", display_name="Salma Idrissi")
    erase(api_as(user))
    user = reload(user)
    assert (user.display_name, user.headline, user.bio, user.bio_html, user.country) == \
        ("Deleted member", "", "", "", None)
    assert user.tags == []
    assert user.username == f"deleted-{user.id}" and "salma" not in user.email


def test_erase_deletes_the_avatar_file_after_commit(api_as, app, member):
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ffffffffffffffffffffffffffffffff.webp").write_bytes(b"image")
    member.avatar_filename = "ffffffffffffffffffffffffffffffff.webp"
    db.session.commit()
    erase(api_as(member))
    assert not (folder / "ffffffffffffffffffffffffffffffff.webp").exists()


def test_erased_author_shown_as_deleted_member_in_api(api_as, anon_api, member, post):
    erase(api_as(member))
    posts = anon_api.get(f"/threads/{post.thread_id}").get_json()["posts"]
    assert posts[1]["author"] == {"username": None, "display_name": "Deleted member",
                                  "avatar_url": None}
    assert posts[1]["body"] == "We do, from Meknes."


def test_erased_author_shown_as_deleted_member_on_thread_page(api_as, client, member, post):
    erase(api_as(member))
    page = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert "Deleted member" in page and "We do, from Meknes." in page
    assert "Amina" not in page and f"deleted-{member.id}" not in page


def test_erased_author_name_is_localised(api_as, client, member, post):
    erase(api_as(member))
    page = client.get(f"/threads/{post.thread_id}", headers={"Accept-Language": "fr"})
    assert "Membre supprimé" in page.get_data(as_text=True)


def test_erased_profile_is_404(api_as, anon_api, member):
    erase(api_as(member))
    assert anon_api.get("/users/amina").status_code == 404


def test_erase_removes_chat_messages(api_as, member, other_member):
    message = make_message(member, make_direct_room(member, other_member), "Call me at 0612")
    erase(api_as(member))
    db.session.expire_all()
    message = db.session.get(ChatMessage, message.id)
    assert message.deleted_at is not None and (message.body, message.body_html) == ("", "")


def test_erase_broadcasts_chat_deleted_after_commit(api_as, sio, member, other_member):
    room = make_direct_room(member, other_member)
    message = make_message(member, room, "Call me at 0612")
    watcher = sio(other_member)
    watcher.emit("chat:join", {"room_id": room.id}, callback=True)
    watcher.get_received()
    erase(api_as(member))
    assert events(watcher, "chat:deleted") == [{"room_id": room.id, "id": message.id,
                                                "seq": message.seq}]


def test_erase_ends_memberships_and_recounts(api_as, member, other_member):
    cluster = make_cluster(other_member, "Tunisia Textile", members=[member])
    erase(api_as(member))
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.user_id == member.id)) == 0
    assert db.session.get(Cluster, cluster.id).member_count == 1


def test_erase_refused_for_last_manager_of_a_cluster_with_members(api_as, member, other_member):
    make_cluster(member, "Maroc Numeric Cluster", members=[other_member])
    response = erase(api_as(member))
    assert response.status_code == 409
    assert "Maroc Numeric Cluster" in response.get_json()["error"]["message"]
    assert reload(member).status == "active"


def test_erase_allowed_for_one_of_two_managers(api_as, member, other_member):
    cluster = make_cluster(member, "Maroc Numeric Cluster")
    add_member(cluster, other_member, role="manager")
    assert erase(api_as(member)).status_code == 204


def test_erase_allowed_for_the_only_member_of_a_cluster(api_as, member):
    cluster = make_cluster(member, "Maroc Numeric Cluster")
    assert erase(api_as(member)).status_code == 204
    assert db.session.get(Cluster, cluster.id).member_count == 0


def test_erase_revokes_api_tokens(api_as, client, member):
    other_token = ApiClient(client, make_token(member))
    erase(api_as(member))
    assert other_token.get("/me").status_code == 401


def test_erase_ends_browser_sessions(app, api_as, member):
    browser = app.test_client()
    browser.post("/login", data={"login": "amina", "password": PASSWORD})
    erase(api_as(member))
    assert browser.get("/settings/account").status_code == 302


def test_erase_deletes_stored_sessions(app, api_as, member):
    app.test_client().post("/login", data={"login": "amina", "password": PASSWORD})
    erase(api_as(member))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_erase_closes_live_sockets(api_as, sio, member):
    connection = sio(member)
    erase(api_as(member))
    assert not connection.is_connected()


def test_erase_deletes_notifications_and_subscriptions(api_as, member, other_member, thread,
                                                       post):
    make_post(other_member, thread, "Which town?")  # notifies member, who is subscribed
    erase(api_as(member))
    for model in (Notification, Subscription):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model).where(
            model.user_id == member.id)) == 0


def test_erased_user_cannot_sign_in(api_as, anon_api, member):
    erase(api_as(member))
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 401


def register(anon_api, username: str = "amina", email: str = "amina@example.org"):
    return anon_api.post("/auth/register", json={
        "username": username, "email": email, "password": "a long new password",
        "display_name": "Amina", "country": "MA"})


def test_erased_username_and_email_reserved_for_30_days(api_as, anon_api, member, monkeypatch):
    erase(api_as(member))
    later = utcnow() + timedelta(days=29, hours=23)
    monkeypatch.setattr("community.auth.reservations.utcnow", lambda: later)
    response = register(anon_api)
    assert response.status_code == 409
    assert set(response.get_json()["error"]["fields"]) == {"username", "email"}


def test_erased_username_and_email_free_after_30_days(api_as, anon_api, member, monkeypatch):
    erase(api_as(member))
    later = utcnow() + timedelta(days=30, minutes=1)
    monkeypatch.setattr("community.auth.reservations.utcnow", lambda: later)
    assert register(anon_api).status_code == 201


def test_failure_mid_erasure_leaves_the_account_intact(api_as, member, other_member,
                                                       monkeypatch):
    make_message(member, make_direct_room(member, other_member), "Salam")
    api = api_as(member)

    def broken(user):
        raise RuntimeError("the cluster step failed")

    monkeypatch.setattr("community.auth.data._end_memberships", broken)
    assert erase(api).status_code == 500
    user = reload(member)
    assert (user.status, user.username, user.email) == ("active", "amina", "amina@example.org")
    assert db.session.scalar(sa.select(ChatMessage.body)) == "Salam"
    assert api.get("/me").status_code == 200


# --- The settings page -------------------------------------------------------------------------

def erase_form(client, password: str = PASSWORD, confirm: bool = True):
    data = {"erase-password": password}
    if confirm:
        data["erase-confirm"] = "y"
    return client.post("/settings/account/erase", data=data)


def test_settings_page_offers_download_and_delete(client, auth, member):
    auth.login(member)
    page = client.get("/settings/account").get_data(as_text=True)
    assert 'href="/settings/account/export"' in page
    assert 'action="/settings/account/erase"' in page and 'name="erase-password"' in page


def test_erase_from_settings_signs_out_with_a_flash(client, auth, member):
    auth.login(member)
    response = erase_form(client)
    assert response.status_code == 302
    assert reload(member).status == "deleted"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your account is erased." in page and 'data-signed-in="1"' not in page


def test_erase_from_settings_wrong_password_shows_the_error(client, auth, member):
    auth.login(member)
    response = erase_form(client, password="wrong password!")
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    assert reload(member).status == "active"


def test_erase_from_settings_needs_the_confirmation_box(client, auth, member):
    auth.login(member)
    response = erase_form(client, confirm=False)
    assert response.status_code == 200
    assert reload(member).status == "active"


def test_erase_from_settings_anonymous_goes_to_sign_in(client, member):
    response = erase_form(client)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert reload(member).status == "active"
