"""The admin pages of the spam defences: the approval queue, blocked terms and site
categories; and the audited cluster decisions that the queue links to."""

import pytest

from community.extensions import db
from community.models import AuditEntry, BlockedTerm, Category, Notification, Post
from tests.factories import make_category, make_cluster, make_post, make_thread, make_user

LINK = "Offer at https://spam.example/deal"
PAGES = ["/admin/queue", "/admin/blocked-terms", "/admin/categories"]


@pytest.fixture
def held(admin, member):
    thread = make_thread(admin, make_category(admin, "General"), "Welcome", "Hello")
    return make_post(member, thread, LINK)


def actions():
    return [entry.action for entry in db.session.scalars(
        db.select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize("path", PAGES)
def test_page_anonymous_goes_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_page_member_403(client, auth, member, path):
    auth.login(member)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize(("path", "status"), [("/admin/queue", 200),
                                              ("/admin/blocked-terms", 403),
                                              ("/admin/categories", 403)])
def test_page_moderator(client, auth, moderator, path, status):
    auth.login(moderator)
    assert client.get(path).status_code == status


# --- the approval queue ----------------------------------------------------------------------

def test_queue_page_shows_held_post_and_pending_clusters(client, auth, moderator, held, member):
    make_cluster(make_user("founder"), "Agrinov", status="pending")
    auth.login(moderator)
    page = client.get("/admin/queue").get_data(as_text=True)
    assert "spam.example/deal" in page and "Links from a new member" in page
    assert "1 proposed cluster waits for a decision." in page


def test_queue_page_empty(client, auth, moderator):
    auth.login(moderator)
    assert "No post waits for approval." in client.get("/admin/queue").get_data(as_text=True)


def test_queue_page_approves(client, auth, moderator, held):
    auth.login(moderator)
    response = client.post(f"/admin/queue/{held.id}", data={"action": "approve"})
    assert response.status_code == 302
    assert db.session.get(Post, held.id).held_at is None and "post.approve" in actions()


def test_queue_page_rejects_with_note(client, auth, moderator, member, held):
    auth.login(moderator)
    client.post(f"/admin/queue/{held.id}", data={"action": "reject", "note": "No ads"})
    notice = db.session.scalars(db.select(Notification).where(
        Notification.user_id == member.id).order_by(Notification.id.desc())).first()
    assert "No ads" in notice.text and db.session.get(Post, held.id).held_reason == "rejected"


def test_queue_page_member_cannot_decide(client, auth, other_member, held):
    auth.login(other_member)
    assert client.post(f"/admin/queue/{held.id}", data={"action": "approve"}).status_code == 403
    assert db.session.get(Post, held.id).held_at is not None


# --- blocked terms ---------------------------------------------------------------------------

def test_blocked_terms_page_saves_one_term_a_line(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/blocked-terms",
                           data={"words": "viagra\r\n\r\ncafé gratuit", "domains": "spam.example"})
    assert response.status_code == 302
    assert sorted(db.session.scalars(db.select(BlockedTerm.value))) == [
        "café gratuit", "spam.example", "viagra"]
    assert "blocked_terms.update" in actions()


def test_blocked_terms_page_shows_errors(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/blocked-terms", data={"words": "", "domains": "not a domain"})
    assert response.status_code == 200
    assert "Item 1 is not a domain name." in response.get_data(as_text=True)


def test_blocked_terms_page_lists_terms(client, auth, admin, api_as):
    api_as(admin).put("/admin/blocked-terms", json={"words": ["casino"]})
    auth.login(admin)
    assert "casino</textarea>" in client.get("/admin/blocked-terms").get_data(as_text=True)


# --- categories ------------------------------------------------------------------------------

def test_categories_page_creates_renames_and_deletes(client, auth, admin):
    auth.login(admin)
    client.post("/admin/categories", data={"name": "Events", "description": "Meetups"})
    category = db.session.scalar(db.select(Category).where(Category.slug == "events"))
    assert category.description == "Meetups"
    client.post("/admin/categories/events", data={"name": "Events 2026", "description": ""})
    assert category.name == "Events 2026"
    client.post("/admin/categories/events/delete")
    assert db.session.scalar(db.select(Category).where(Category.slug == "events")) is None
    assert actions() == ["category.create", "category.update", "category.delete"]


def test_categories_page_refuses_blank_name(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/categories", data={"name": " ", "description": ""})
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Category.id))) == 0


def test_categories_page_keeps_category_with_threads(client, auth, admin):
    make_thread(admin, make_category(admin, "Events"))
    auth.login(admin)
    response = client.post("/admin/categories/events/delete", follow_redirects=True)
    assert "still holds threads" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Category).where(Category.slug == "events")) is not None


def test_categories_page_moderator_cannot_create(client, auth, moderator):
    auth.login(moderator)
    assert client.post("/admin/categories", data={"name": "X"}).status_code == 403


# --- cluster decisions -----------------------------------------------------------------------

def test_cluster_rejection_is_cluster_rejected_and_audited(api_as, member, moderator):
    make_cluster(member, status="pending")
    api_as(moderator).post("/admin/clusters/maroc-numeric-cluster/reject",
                           json={"reason": "Not a cluster"})
    notice = db.session.scalar(db.select(Notification).where(Notification.user_id == member.id))
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "cluster.reject"))
    assert notice.kind == "cluster_rejected"
    assert (entry.actor_id, entry.target_type, entry.reason) == (
        moderator.id, "cluster", "Not a cluster")


def test_cluster_approval_is_audited(api_as, member, moderator):
    make_cluster(member, status="pending")
    api_as(moderator).post("/admin/clusters/maroc-numeric-cluster/approve")
    assert actions()[-1] == "cluster.approve"
