"""Browser sessions stored in the database (`user_sessions`): revocation survives a restart and
is shared by every process with no Redis; members list their sessions and end them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community import create_app
from community.extensions import db
from community.models import UserSession, utcnow
from tests.conftest import make_config
from tests.factories import PASSWORD

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def signed_in(client) -> bool:
    return 'data-signed-in="1"' in client.get("/").get_data(as_text=True)


def browser(app, user_agent: str = FIREFOX_LINUX, address: str = "192.168.1.23"):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": address})
    return client


def sign_in(client, remember: bool = False):
    data = {"login": "amina", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302


def cookie(client, name: str) -> str:
    return client.get_cookie(name).value


@pytest.fixture
def restarted(database_url, tmp_path):
    """A second app object on the same database with no Redis: a restarted server."""
    made = []

    def build():
        made.append(create_app(make_config(database_url, tmp_path / "restarted",
                                           REDIS_URL=None)))
        return made[-1]

    yield build
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def only_session() -> UserSession:
    db.session.expire_all()
    return db.session.scalars(sa.select(UserSession)).one()


@pytest.mark.parametrize("cookie_name", ["session", "remember_token"])
def test_signed_out_cookie_fails_after_a_restart(app, member, restarted, cookie_name):
    """The reproduction: a copied session cookie, or a remember-me cookie alone, worked again
    on a restarted server without Redis."""
    client = browser(app)
    sign_in(client, remember=True)
    stolen = cookie(client, cookie_name)
    client.post("/logout")
    replay = restarted().test_client()
    replay.set_cookie(cookie_name, stolen)
    assert not signed_in(replay)


def test_live_session_works_on_another_process(app, member, restarted):
    client = browser(app)
    sign_in(client, remember=True)
    replay = restarted().test_client()
    replay.set_cookie("remember_token", cookie(client, "remember_token"))
    assert signed_in(replay)


def test_remember_cookie_of_an_ended_session_fails(app, member):
    client = browser(app)
    sign_in(client, remember=True)
    stolen = cookie(client, "remember_token")
    db.session.execute(sa.update(UserSession).values(revoked_at=utcnow()))
    db.session.commit()
    replay = app.test_client()
    replay.set_cookie("remember_token", stolen)
    assert not signed_in(replay)


def test_sign_in_stores_a_session_row(app, member):
    sign_in(browser(app), remember=True)
    row = only_session()
    assert (row.user_id, row.device, row.address, row.remember, row.revoked_at) == \
        (member.id, "Firefox · Linux", "192.168.1.23", True, None)


def test_sign_out_revokes_the_row(app, member):
    client = browser(app)
    sign_in(client)
    client.post("/logout")
    assert only_session().revoked_at is not None


def test_last_seen_is_written_at_most_once_a_minute(app, member):
    client = browser(app)
    sign_in(client)
    first = only_session().last_seen_at
    signed_in(client)
    assert only_session().last_seen_at == first


def test_last_seen_moves_after_a_minute(app, member):
    client = browser(app)
    sign_in(client)
    earlier = utcnow() - timedelta(minutes=2)
    db.session.execute(sa.update(UserSession).values(last_seen_at=earlier))
    db.session.commit()
    signed_in(client)
    assert only_session().last_seen_at > earlier + timedelta(minutes=1)


def test_settings_list_sessions_with_device_masked_place_and_this_device(app, member):
    phone = browser(app, SAFARI_IPHONE, "10.0.0.7")
    sign_in(phone)
    client = browser(app)
    sign_in(client)
    page = client.get("/settings/account").get_data(as_text=True)
    assert ("Firefox · Linux" in page, "Safari · iOS" in page, "192.168.1.x" in page,
            "10.0.0.x" in page, "192.168.1.23" in page, "This device" in page) == \
        (True, True, True, True, False, True)


def session_ids(api) -> dict[bool, list[str]]:
    items = api.get("/me/sessions").get_json()["items"]
    return {flag: [item["id"] for item in items if item["current"] is flag]
            for flag in (True, False)}


def test_ending_one_session_from_another_browser(app, member):
    laptop, phone = browser(app), browser(app, SAFARI_IPHONE, "10.0.0.7")
    sign_in(laptop)
    sign_in(phone)
    phone_id = session_ids(_Cookie(phone))[True][0]
    response = laptop.post(f"/settings/account/sessions/{phone_id}/end",
                           data={"csrf_token": ""})
    assert response.status_code == 302
    assert (signed_in(phone), signed_in(laptop)) == (False, True)


def test_ending_all_other_sessions_keeps_this_one(app, member):
    laptop, phone, tablet = browser(app), browser(app, SAFARI_IPHONE), browser(app)
    for client in (laptop, phone, tablet):
        sign_in(client)
    assert laptop.post("/settings/account/sessions/others").status_code == 302
    assert (signed_in(laptop), signed_in(phone), signed_in(tablet)) == (True, False, False)


def test_api_lists_the_sessions_of_the_caller(app, member, other_member, api_as):
    sign_in(browser(app))
    other = app.test_client()
    other.post("/login", data={"login": other_member.username, "password": PASSWORD})
    items = api_as(member).get("/me/sessions").get_json()["items"]
    assert [(sorted(item), item["device"], item["place"], item["current"]) for item in items] == \
        [(["created_at", "current", "device", "id", "last_seen_at", "place", "remember"],
          "Firefox · Linux", "192.168.1.x", False)]


def test_api_ends_a_session(app, member, api_as):
    client = browser(app)
    sign_in(client)
    api = api_as(member)
    session_id = api.get("/me/sessions").get_json()["items"][0]["id"]
    assert api.delete(f"/me/sessions/{session_id}").status_code == 204
    assert (signed_in(client), api.get("/me/sessions").get_json()["items"]) == (False, [])


def test_api_refuses_to_end_someone_elses_session(app, member, other_member, api_as):
    sign_in(browser(app))
    session_id = only_session().id
    assert api_as(other_member).delete(f"/me/sessions/{session_id}").status_code == 404


def test_api_refuses_an_unknown_session_id(app, member, api_as):
    assert api_as(member).delete("/me/sessions/" + "x" * 300).status_code == 404


def test_html_refuses_to_end_someone_elses_session(app, member, other_member):
    sign_in(browser(app))
    session_id = only_session().id
    other = app.test_client()
    other.post("/login", data={"login": other_member.username, "password": PASSWORD})
    assert other.post(f"/settings/account/sessions/{session_id}/end").status_code == 404


@pytest.mark.parametrize("action", ["password", "everywhere", "suspension", "role"])
def test_account_wide_endings_revoke_every_row(app, member, moderator, admin, action):
    from community.auth import services
    from community.moderation.suspensions import suspend_user

    sign_in(browser(app))
    {"password": lambda: services.change_password(member, PASSWORD, "a new long passphrase"),
     "everywhere": lambda: services.sign_out_everywhere(member),
     "suspension": lambda: suspend_user(moderator, member, "Spam links", None),
     "role": lambda: services.set_role(admin, member, "moderator")}[action]()
    db.session.commit()
    assert only_session().revoked_at is not None


def test_socket_of_an_ended_session_is_refused_at_its_next_event(app, member, sio):
    client = browser(app)
    sign_in(client)
    connection = sio(flask_client=client)
    db.session.execute(sa.update(UserSession).values(revoked_at=utcnow()))  # no disconnect
    db.session.commit()
    ack = connection.emit("chat:send", {"room_id": 1, "body": "Hi"}, callback=True)
    assert ack["error"] == "unauthorized"


def test_socket_of_another_live_session_keeps_working(app, member, sio):
    client = browser(app)
    sign_in(client)
    connection = sio(flask_client=client)
    sign_in(browser(app))
    ack = connection.emit("chat:send", {"room_id": 10**6, "body": "Hi"}, callback=True)
    assert ack["error"] == "not_found"


def test_ending_a_session_closes_its_sockets(app, member, sio):
    laptop, phone = browser(app), browser(app, SAFARI_IPHONE)
    sign_in(laptop)
    sign_in(phone)
    connection = sio(flask_client=phone)
    phone_id = session_ids(_Cookie(phone))[True][0]
    laptop.post(f"/settings/account/sessions/{phone_id}/end")
    assert not connection.is_connected()


class _Cookie:
    """API calls riding on a browser's session cookie (reads only: no CSRF header)."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}")
