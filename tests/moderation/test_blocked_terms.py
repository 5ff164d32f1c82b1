"""Blocked terms: `GET/PUT /admin/blocked-terms` (admins), and blocked words refused in posts
and chat messages, blind to case, French accents and Arabic diacritics."""

import pytest

from community.extensions import db
from community.models import AuditEntry, BlockedTerm, ChatMessage, Post, Thread
from tests.factories import make_category, make_direct_room, make_thread, make_user

REFUSAL = "This text contains a blocked word."


@pytest.fixture
def words(api_as, admin):
    response = api_as(admin).put("/admin/blocked-terms", json={
        "words": ["Viagra", "café gratuit", "كتاب"], "domains": ["spam.example"]})
    assert response.status_code == 200
    return response.json


@pytest.fixture
def category(admin):
    return make_category(admin, "General")


def test_get_blocked_terms_anonymous_401(anon_api):
    assert anon_api.get("/admin/blocked-terms").status_code == 401


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_get_blocked_terms_non_admin_403(api_as, role):
    assert api_as(make_user("someone", role=role)).get("/admin/blocked-terms").status_code == 403


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_put_blocked_terms_non_admin_403_changes_nothing(api_as, role):
    api = api_as(make_user("someone", role=role))
    assert api.put("/admin/blocked-terms", json={"words": ["x"]}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(BlockedTerm.id))) == 0


def test_put_blocked_terms_admin_replaces_lists(api_as, admin, words):
    response = api_as(admin).put("/admin/blocked-terms", json={"words": ["Casino", "viagra"]})
    assert response.json == {"words": ["Casino", "Viagra"], "domains": ["spam.example"]}


def test_get_blocked_terms_admin(api_as, admin, words):
    assert api_as(admin).get("/admin/blocked-terms").json == {
        "words": ["café gratuit", "Viagra", "كتاب"], "domains": ["spam.example"]}


def test_put_blocked_terms_stores_normalised_domains(api_as, admin):
    response = api_as(admin).put("/admin/blocked-terms",
                                 json={"domains": ["https://WWW.Spam.Example/x", "spam.example"]})
    assert response.json["domains"] == ["spam.example"]


def test_put_blocked_terms_writes_audit_entry(api_as, admin, words):
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.actor_id) == ("blocked_terms.update", admin.id)
    assert "+word: Viagra" in entry.reason and "+domain: spam.example" in entry.reason


@pytest.mark.parametrize(("body", "field"), [
    ({"words": "viagra"}, "words"), ({"words": [1]}, "words"), ({"domains": ["not a domain"]},
                                                               "domains"),
    ({"words": ["!!!"]}, "words"), ({"words": ["x" * 101]}, "words"),
])
def test_put_blocked_terms_invalid_422(api_as, admin, body, field):
    response = api_as(admin).put("/admin/blocked-terms", json=body)
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize(("field", "text"), [
    ("title", "VIAGRA deals"), ("body", "Un café gratuit pour tous"),
    ("body", "CAFE GRATUIT"), ("body", "كِتَابٌ مجاني"), ("title", "بالكتاب"),
])
def test_thread_with_blocked_word_refused(api_as, member, category, words, field, text):
    data = {"category": category.slug, "title": "Hello", "body": "Hi", field: text}
    response = api_as(member).post("/threads", json=data)
    assert response.status_code == 422
    assert response.json["error"] == {"code": "validation", "message": REFUSAL,
                                      "fields": {field: REFUSAL}}
    assert db.session.scalar(db.select(db.func.count(Thread.id))) == 0


def test_word_inside_another_word_is_not_blocked(api_as, member, category, words):
    response = api_as(member).post("/threads", json={
        "category": category.slug, "title": "Viagraphy", "body": "caféine"})
    assert response.status_code == 201


def test_reply_with_blocked_word_refused(api_as, member, admin, category, words):
    thread = make_thread(admin, category)
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "viagra!"})
    assert response.status_code == 422 and response.json["error"]["fields"] == {"body": REFUSAL}


def test_edit_with_blocked_word_refused(api_as, member, category, words):
    thread = make_thread(member, category)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    response = api_as(member).patch(f"/posts/{post.id}", json={"body": "Viagra"})
    assert response.status_code == 422
    db.session.refresh(post)
    assert post.body == "First"


def test_staff_blocked_word_refused_too(api_as, moderator, category, words):
    response = api_as(moderator).post("/threads", json={
        "category": category.slug, "title": "Viagra", "body": "x"})
    assert response.status_code == 422


def test_chat_message_with_blocked_word_refused(api_as, member, other_member, words):
    room = make_direct_room(member, other_member)
    response = api_as(member).post(f"/chat/rooms/{room.id}/messages",
                                   json={"body": "ViAgRa", "client_id": "a"})
    assert response.status_code == 422 and response.json["error"]["message"] == REFUSAL
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0


def test_chat_message_with_blocked_domain_refused(api_as, member, other_member, words):
    room = make_direct_room(member, other_member)
    response = api_as(member).post(f"/chat/rooms/{room.id}/messages",
                                   json={"body": "see https://x.spam.example", "client_id": "a"})
    assert response.status_code == 422 and response.json["error"]["fields"] == {
        "body": "This text links to a blocked site."}


def test_chat_send_event_with_blocked_word_refused(sio, member, other_member, words):
    room = make_direct_room(member, other_member)
    ack = sio(member).emit("chat:send", {"room_id": room.id, "body": "café GRATUIT",
                                         "client_id": "c1"}, callback=True)
    assert (ack["ok"], ack["error"], ack["message"]) == (False, "validation", REFUSAL)
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0


def test_chat_edit_with_blocked_word_refused(sio, api_as, member, other_member, words):
    room = make_direct_room(member, other_member)
    message_id = api_as(member).post(f"/chat/rooms/{room.id}/messages",
                                     json={"body": "hello", "client_id": "a"}).json["id"]
    ack = sio(member).emit("chat:edit", {"message_id": message_id, "body": "viagra"},
                           callback=True)
    assert ack["ok"] is False and ack["error"] == "validation"
    assert db.session.get(ChatMessage, message_id).body == "hello"


def test_thread_rename_with_blocked_word_refused(api_as, member, category, words):
    thread = make_thread(member, category, "Hello")
    response = api_as(member).patch(f"/threads/{thread.id}", json={"title": "Viagra"})
    assert response.status_code == 422 and response.json["error"]["fields"] == {"title": REFUSAL}
    db.session.refresh(thread)
    assert thread.title == "Hello"


def test_edit_adding_blocked_domain_refused(api_as, member, category, words):
    thread = make_thread(member, category)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    response = api_as(member).patch(f"/posts/{post.id}", json={"body": "https://spam.example"})
    assert response.status_code == 422 and response.json["error"]["fields"] == {
        "body": "This text links to a blocked site."}


def test_staff_edit_and_message_with_blocked_domain_allowed(api_as, moderator, member, category,
                                                            words):
    thread = make_thread(moderator, category)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    api = api_as(moderator)
    assert api.patch(f"/posts/{post.id}", json={"body": "spam.example"}).status_code == 200
    room = make_direct_room(moderator, member)
    assert api.post(f"/chat/rooms/{room.id}/messages",
                    json={"body": "spam.example", "client_id": "a"}).status_code == 201
