"""Ids and page numbers beyond what an integer column holds: PostgreSQL refuses to compare such
a number with one (a 500), so every id of a path, body, query string or socket payload is
range-checked into a 404 (nothing has that id) or a 422 (a bad field), on both databases."""

from __future__ import annotations

import re
import tempfile

import pytest

from community import create_app
from community.models import MAX_ID
from community.urls import digits_up_to
from config import TestingConfig
from tests.factories import (
    PASSWORD,
    make_category,
    make_direct_room,
    make_post,
    make_thread,
    reload,
)

TOO_BIG = (2**31, 10**20)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLES = {"kind": "like", "slug": "general", "username": "laura"}  # the other path arguments


def int_rules() -> list[tuple[str, str]]:
    """(rule, method) for every route of the app with an `<int:…>` argument."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    config.UPLOAD_FOLDER = tempfile.mkdtemp()
    app = create_app(config)
    return sorted((rule.rule, method) for rule in app.url_map.iter_rules()
                  if "int" in {m[0] for m in ARGUMENT.findall(rule.rule)}
                  for method in METHODS if method in rule.methods)


def path_for(rule: str, number: int) -> str:
    return ARGUMENT.sub(lambda m: str(number) if m[1] == "int" else SAMPLES[m[2]], rule)


@pytest.fixture
def as_admin(client, admin, api_as):
    """Requests from a signed-in admin: a bearer token under /api, the session elsewhere."""
    client.post("/login", data={"login": admin.username, "password": PASSWORD})
    api = api_as(admin)
    return lambda method, path: (
        client.open(path, method=method, headers=api.headers()) if path.startswith("/api/")
        else client.open(path, method=method))


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize(("rule", "method"), int_rules())
def test_route_with_id_beyond_range_is_not_found(as_admin, rule, method, number):
    assert as_admin(method, path_for(rule, number)).status_code == 404


def test_int_rules_cover_the_reported_routes():
    rules = {rule for rule, _ in int_rules()}
    assert {"/api/v1/threads/<int:thread_id>", "/api/v1/posts/<int:post_id>/revisions",
            "/api/v1/posts/<int:post_id>/reactions/<kind>", "/api/v1/posts/<int:post_id>/reports",
            "/threads/<int:thread_id>"} <= rules


def test_route_with_largest_id_still_matches(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match(f"/threads/{MAX_ID}") == ("forums.thread", {"thread_id": MAX_ID})


def test_api_id_beyond_range_is_json_not_found(anon_api):
    response = anon_api.get(f"/threads/{2**40}")
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("number", [2**31, 2**40, 2**63, 10**20])
def test_reply_to_beyond_range_is_refused(api_as, member, category, number):
    thread = make_thread(member, category)
    response = api_as(member).post(f"/threads/{thread.id}/posts",
                                   json={"body": "Hi", "reply_to": number})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["reply_to"])


def test_reply_to_largest_id_is_not_a_post_of_the_thread(api_as, member, category):
    thread = make_thread(member, category)
    response = api_as(member).post(f"/threads/{thread.id}/posts",
                                   json={"body": "Hi", "reply_to": MAX_ID})
    assert response.json["error"]["fields"] == {"reply_to": "Not a post of this thread."}


@pytest.mark.parametrize("number", [2**40, 10**20])
def test_reply_form_with_reply_to_beyond_range_is_refused(client, auth, member, category,
                                                          number):
    thread = make_thread(member, category)
    auth.login(member)
    response = client.post(f"/threads/{thread.id}", data={"body": "Hi", "reply_to": str(number)})
    assert (response.status_code, reload(thread).post_count) == (200, 1)


@pytest.mark.parametrize("number", [2**31, 2**63])
def test_chat_read_seq_beyond_range_is_refused(api_as, member, other_member, number):
    room = make_direct_room(member, other_member)
    response = api_as(member).post(f"/chat/rooms/{room.id}/read", json={"seq": number})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["seq"])


def test_notification_ids_beyond_range_are_refused(api_as, member):
    response = api_as(member).post("/notifications/read", json={"ids": [2**63]})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["ids"])


@pytest.mark.parametrize(("event", "payload"), [
    ("forum:watch", {"thread_id": 2**40}),
    ("forum:watch", {"thread_id": 2**63}),
    ("chat:join", {"room_id": 2**40}),
    ("chat:join", {"room_id": 2**63}),
    ("chat:edit", {"message_id": 2**40, "body": "x"}),
    ("chat:delete", {"message_id": 2**63}),
])
def test_socket_id_beyond_range_is_not_found(sio, member, event, payload):
    ack = sio(member).emit(event, payload, callback=True)
    assert (ack["ok"], ack["error"]) == (False, "not_found")


@pytest.mark.parametrize("path", ["/members", "/clusters", "/forums", "/forums/general",
                                  "/search?q=hello&", "/notifications", "/admin/users",
                                  "/admin/audit", "/admin/queue", "/admin/reports",
                                  "/admin/clusters"])
def test_page_beyond_range_is_a_page(client, auth, admin, category, path):
    auth.login(admin)
    separator = "" if path.endswith("&") else "?"
    assert client.get(f"{path}{separator}page={10**20}").status_code == 200


@pytest.mark.parametrize("path", ["/threads", "/users", "/clusters", "/search?q=hello&",
                                  "/notifications", "/moderation/audit"])
def test_api_page_beyond_range_is_refused(api_as, admin, path):
    separator = "" if path.endswith("&") else "?"
    response = api_as(admin).get(f"{path}{separator}page={10**20}")
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["page"])


def test_thread_page_beyond_range_is_a_page(client, member, category):
    thread = make_thread(member, category)
    make_post(member, thread)
    assert client.get(f"/threads/{thread.id}?page={10**20}").status_code == 200


def test_api_thread_page_beyond_range_is_refused(anon_api, member, category):
    thread = make_thread(member, category)
    response = anon_api.get(f"/threads/{thread.id}?page={10**20}")
    assert response.status_code == 422


@pytest.fixture
def category(admin):
    return make_category(admin)


@pytest.mark.parametrize("largest", [0, 7, 10, 99, 100, 2090, 7301])
def test_digits_up_to_matches_exactly_the_numbers_to_largest(largest):
    pattern = re.compile(digits_up_to(largest))
    assert [n for n in range(3 * largest + 20) if pattern.fullmatch(str(n))] == list(
        range(largest + 1))


@pytest.mark.parametrize(("number", "matches"), [
    (MAX_ID, True), (MAX_ID - 1, True), (1_999_999_999, True), (MAX_ID + 1, False),
    (2_147_483_650, False), (10**10, False), (10**20, False)])
def test_id_pattern_stops_at_max_id(number, matches):
    assert bool(re.fullmatch(digits_up_to(MAX_ID), str(number))) is matches


def test_api_audit_target_id_beyond_range_is_refused(api_as, admin):
    response = api_as(admin).get(f"/moderation/audit?target=post:{2**40}")
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["target"])


def test_audit_page_target_id_beyond_range_is_a_page(client, auth, admin):
    auth.login(admin)
    assert client.get(f"/admin/audit?target=post:{2**40}").status_code == 200


@pytest.mark.parametrize(("event", "extra"), [
    ("chat:join", {"after": 2**63}), ("chat:read", {"seq": 2**63})])
def test_socket_seq_beyond_range_is_past_the_last_message(sio, member, other_member, event,
                                                          extra):
    room = make_direct_room(member, other_member)
    ack = sio(member).emit(event, {"room_id": room.id, **extra}, callback=True)
    assert ack["ok"] is True
