"""Held posts: a new member's links and blocked domains wait for approval, invisible to all
but their author and staff, without counts, search entries, broadcasts or notifications."""

import pytest

from community.extensions import db
from community.models import BlockedTerm, Category, Notification, Post, Thread
from community.moderation import spam
from tests.conftest import events
from tests.factories import make_category, make_post, make_thread, make_user

LINKS = ["See [our site](https://spam.example/offer)", "Go to https://spam.example now",
         "Autolink <https://spam.example>", "Visit www.spam.example today"]


@pytest.fixture
def category(admin):
    return make_category(admin, "General")


@pytest.fixture
def thread(admin, category):
    return make_thread(admin, category, "Welcome", "Say hello")


def block_domain(domain: str) -> None:
    db.session.add(BlockedTerm(kind="domain", value=domain, normalised=domain))
    db.session.commit()


def trusted(user, thread, count=3):
    for n in range(count):
        make_post(user, thread, f"Plain reply {n}")


@pytest.mark.parametrize("body", LINKS)
def test_reply_with_link_by_new_member_is_held(api_as, member, thread, body):
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": body})
    assert response.status_code == 201
    post = db.session.get(Post, response.json["id"])
    assert (response.json["held"], post.held_reason, post.position < 1) == (True, "links", True)


def test_reply_without_link_by_new_member_is_published(api_as, member, thread):
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "Hi @laura"})
    assert response.json["held"] is False and response.json["position"] == 2


def test_reply_with_link_after_three_approved_posts_is_published(api_as, member, thread):
    trusted(member, thread)
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": LINKS[1]})
    assert response.json["held"] is False


def test_deleted_posts_do_not_count_as_approved(api_as, member, thread):
    trusted(member, thread)
    api = api_as(member)
    first = db.session.scalars(db.select(Post.id).where(Post.author_id == member.id)).first()
    api.delete(f"/posts/{first}")
    response = api.post(f"/threads/{thread.id}/posts", json={"body": LINKS[1]})
    assert response.json["held"] is True


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_links_and_blocked_domains_are_never_held(api_as, thread, role):
    block_domain("spam.example")
    staff = make_user("staffer", role=role)
    response = api_as(staff).post(f"/threads/{thread.id}/posts", json={"body": LINKS[0]})
    assert response.json["held"] is False


@pytest.mark.parametrize("body", ["[x](https://cdn.spam.example/a)", "write to me@spam.example",
                                  "`spam.example` in code"])
def test_blocked_domain_holds_a_trusted_members_post(api_as, member, thread, body):
    trusted(member, thread)
    block_domain("spam.example")
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": body})
    assert db.session.get(Post, response.json["id"]).held_reason == "domain"


def test_other_domain_is_not_blocked(api_as, member, thread):
    trusted(member, thread)
    block_domain("spam.example")
    response = api_as(member).post(f"/threads/{thread.id}/posts",
                                   json={"body": "https://notspam.example.org"})
    assert response.json["held"] is False


def test_held_post_notifies_its_author_post_held(api_as, member, thread):
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": LINKS[1]})
    notification = db.session.scalar(db.select(Notification).where(
        Notification.user_id == member.id))
    assert notification.kind == "post_held" and "Welcome" in notification.text


def test_held_post_leaves_thread_counts_alone(api_as, member, thread):
    before = (thread.post_count, thread.last_post_at)
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": LINKS[1]})
    db.session.expire_all()
    thread = db.session.get(Thread, thread.id)
    assert (thread.post_count, thread.last_post_at) == before


def test_held_post_is_invisible_to_other_members(api_as, member, other_member, thread):
    post_id = api_as(member).post(f"/threads/{thread.id}/posts",
                                  json={"body": LINKS[1]}).json["id"]
    other = api_as(other_member)
    assert [p["id"] for p in other.get(f"/threads/{thread.id}").json["posts"]] == [
        p.id for p in db.session.scalars(db.select(Post).where(Post.id != post_id))]
    assert other.get(f"/posts/{post_id}").status_code == 404


def test_held_post_is_invisible_to_visitors(client, anon_api, member, thread):
    post_id = make_post(member, thread, LINKS[1]).id
    assert anon_api.get(f"/posts/{post_id}").status_code == 404
    assert "spam.example" not in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_held_post_is_shown_marked_to_its_author(client, auth, member, thread):
    make_post(member, thread, LINKS[1])
    auth.login(member)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "spam.example" in page and "Waiting for approval" in page


def test_held_post_is_shown_to_moderators(api_as, member, moderator, thread):
    post_id = make_post(member, thread, LINKS[1]).id
    response = api_as(moderator).get(f"/posts/{post_id}")
    assert response.status_code == 200 and response.json["held"] is True


def test_held_post_is_not_broadcast(sio, api_as, member, other_member, thread):
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": LINKS[1]})
    assert events(reader, "forum:post") == []


def test_edit_of_held_post_is_not_broadcast(sio, api_as, member, other_member, thread):
    post_id = make_post(member, thread, LINKS[1]).id
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    assert api_as(member).patch(f"/posts/{post_id}", json={"body": "Changed"}).status_code == 200
    assert events(reader, "forum:post_updated") == []


def test_held_post_mentions_wait(api_as, member, other_member, thread):
    api_as(member).post(f"/threads/{thread.id}/posts",
                        json={"body": f"@{other_member.username} {LINKS[1]}"})
    assert db.session.scalar(db.select(Notification).where(
        Notification.user_id == other_member.id)) is None


def test_held_post_is_not_found_by_search(api_as, member, other_member, thread):
    make_post(member, thread, "Zanzibarique offer https://spam.example")
    assert api_as(other_member).get("/search?q=zanzibarique").json["total"] == 0


def test_reply_to_a_held_post_is_refused(api_as, member, other_member, thread):
    post_id = make_post(member, thread, LINKS[1]).id
    response = api_as(member).post(f"/threads/{thread.id}/posts",
                                   json={"body": "me again", "reply_to": post_id})
    assert response.status_code == 422 and "reply_to" in response.json["error"]["fields"]


# --- a held first post holds its thread ----------------------------------------------------

def held_thread(api, category):
    response = api.post("/threads", json={"category": category.slug, "title": "Cheap offers",
                                          "body": LINKS[0]})
    assert response.status_code == 201
    return response.json["thread"]["id"]


def test_held_first_post_hides_thread_from_lists(api_as, member, other_member, category):
    held_thread(api_as(member), category)
    assert api_as(other_member).get(f"/threads?category={category.slug}").json["total"] == 0
    assert db.session.get(Category, category.id).thread_count == 0


def test_held_thread_is_not_found_by_others(api_as, member, other_member, category):
    thread_id = held_thread(api_as(member), category)
    assert api_as(other_member).get(f"/threads/{thread_id}").status_code == 404


def test_held_thread_is_not_found_by_search(api_as, member, other_member, category):
    held_thread(api_as(member), category)
    assert api_as(other_member).get("/search?q=cheap&type=threads").json["total"] == 0


def test_held_thread_opens_for_its_author_marked(client, auth, api_as, member, category):
    thread_id = held_thread(api_as(member), category)
    auth.login(member)
    page = client.get(f"/threads/{thread_id}").get_data(as_text=True)
    assert "waits for a moderator" in page and 'id="reply-form"' not in page


def test_reply_in_a_held_thread_is_refused(api_as, member, moderator, category):
    thread_id = held_thread(api_as(member), category)
    response = api_as(moderator).post(f"/threads/{thread_id}/posts", json={"body": "hi"})
    assert response.status_code == 403


def test_rename_of_held_thread_stays_out_of_search(api_as, member, other_member, category):
    thread_id = held_thread(api_as(member), category)
    api_as(member).patch(f"/threads/{thread_id}", json={"title": "Quokkaville"})
    assert api_as(other_member).get("/search?q=quokkaville").json["total"] == 0


# --- matching ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("Buy VIAGRA now", True), ("viagras", False), ("the café is open", True),
    ("CAFE", True), ("decaféiné", False), ("كِتَاب جديد", True), ("والكتاب", True),
    ("buy now please", True), ("now buy", False),
])
def test_blocked_word_matching(text, found):
    words = [spam.normalise_word(w) for w in ("viagra", "Café", "كتاب", "buy now")]
    assert spam.has_blocked_word(text, words) is found


@pytest.mark.parametrize(("typed", "stored"), [
    ("Spam.Example", "spam.example"), ("https://www.spam.example/path?q=1", "spam.example"),
    ("spam.example:8080/x", "spam.example"), ("www.spam.example.", "spam.example"),
])
def test_domain_normalisation(typed, stored):
    assert spam.normalise_domain(typed) == stored
