"""The cluster pages and the life cycle through the HTML forms, the admin queue included."""

from __future__ import annotations

import io

import pytest

from community.extensions import db
from community.models import Cluster, Membership, Notification
from tests.clusters.test_api_clusters import png_bytes
from tests.factories import add_member, make_cluster

FORM = {"name": "Cluster Marbre", "acronym": "CM", "country": "TN",
        "sectors": ["marble-stone", "design"],
        "labels": "ECEI Bronze", "website": "https://marbre.example.org",
        "description": "Marble **quarries**."}


def cluster_named(name: str) -> Cluster:
    db.session.expire_all()
    return db.session.scalar(db.select(Cluster).where(Cluster.name == name))


def test_directory_page_lists_clusters_with_facet_counts(client, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA", sectors=["ICT"])
    make_cluster(member, "Techtera", country="FR", sectors=["textiles", "ict"])
    page = client.get("/clusters")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Maroc Numeric Cluster" in html and "Techtera" in html
    assert ">Digital and ICT (2)</option>" in html
    assert ">Textiles and clothing (1)</option>" in html
    assert "North (EU) (1)" in html


def test_directory_page_filters_by_shore(client, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA")
    make_cluster(member, "Techtera", country="FR")
    html = client.get("/clusters?shore=north").get_data(as_text=True)
    assert "Techtera" in html and "Maroc Numeric Cluster" not in html


def test_directory_page_keeps_a_chosen_value_without_matches(client, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA")
    make_cluster(member, "Techtera", country="FR")
    html = client.get("/clusters?country=MA&q=Techtera").get_data(as_text=True)
    assert '<option value="MA" selected>Morocco (0)</option>' in html


def test_directory_page_in_arabic(client, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA")
    html = client.get("/clusters?country=MA",
                      headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "المغرب" in html
    assert "Maroc Numeric Cluster" in html


def test_cluster_page_shows_the_cluster(client, member, other_member):
    cluster = make_cluster(member, "Cluster Marbre", country="TN", acronym="CM",
                           website="https://marbre.example.org", labels=["ECEI Bronze"],
                           sectors=["marble-stone"], description="Marble **quarries**.",
                           offers=[{"text": "Marble blocks", "tags": ["marble"]}],
                           seeks=[{"text": "Stone machinery", "tags": ["machinery"]}])
    add_member(cluster, other_member)
    html = client.get("/clusters/cluster-marbre").get_data(as_text=True)
    assert "<h1" in html and "Cluster Marbre" in html
    assert "fi fi-tn" in html and "Tunisia" in html
    assert "South shore (MENA)" in html
    assert "ECEI Bronze" in html and "Marble" in html
    assert 'href="https://marbre.example.org" rel="nofollow noopener"' in html
    assert "<strong>quarries</strong>" in html
    assert "Marble blocks" in html and "Stone machinery" in html
    assert "Karim Haddad" in html and "Amina Benali" in html
    assert 'href="/forums/c/cluster-marbre"' in html
    assert "Partners across the sea" in html
    assert "Recent activity" in html


def test_cluster_page_escapes_user_text(client, member):
    make_cluster(member, "<script>alert(1)</script>", acronym="<b>x</b>",
                 description="<img src=x onerror=alert(1)>")
    html = client.get("/clusters/script-alert-1-script").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "onerror" not in html
    assert "<b>x</b>" not in html


def test_cluster_page_unknown_is_404(client):
    assert client.get("/clusters/nope").status_code == 404


def test_pending_cluster_page_is_404_for_others(client, auth, member, other_member):
    make_cluster(member, status="pending")
    assert client.get("/clusters/maroc-numeric-cluster").status_code == 404
    auth.login(other_member)
    assert client.get("/clusters/maroc-numeric-cluster").status_code == 404
    auth.logout()
    auth.login(member)
    page = client.get("/clusters/maroc-numeric-cluster")
    assert page.status_code == 200
    assert "waits for a moderator" in page.get_data(as_text=True)


def test_propose_form_requires_sign_in(client):
    response = client.get("/clusters/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_propose_form_creates_a_pending_cluster(client, auth, member):
    auth.login(member)
    assert client.get("/clusters/new").status_code == 200
    response = client.post("/clusters/new", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/clusters/cluster-marbre")
    cluster = cluster_named("Cluster Marbre")
    assert cluster.status == "pending"
    assert cluster.sectors == ["marble-stone", "design"]
    assert cluster.shore == "south"


def test_propose_form_with_bad_country_shows_the_error(client, auth, member):
    auth.login(member)
    response = client.post("/clusters/new", data={**FORM, "country": "US"})
    assert response.status_code == 200
    assert cluster_named("Cluster Marbre") is None


def test_propose_form_unconfirmed_is_403(client, auth, unconfirmed):
    auth.login(unconfirmed)
    assert client.post("/clusters/new", data=FORM).status_code == 403
    assert cluster_named("Cluster Marbre") is None


def test_admin_queue_is_for_moderators(client, auth, member, moderator):
    make_cluster(member, "Cluster Marbre", status="pending")
    auth.login(member)
    assert client.get("/admin/clusters").status_code == 403
    auth.logout()
    auth.login(moderator)
    html = client.get("/admin/clusters").get_data(as_text=True)
    assert "Cluster Marbre" in html


def test_life_cycle_through_the_forms(client, auth, member, other_member, moderator):
    auth.login(member)
    client.post("/clusters/new", data=FORM)
    auth.logout()

    auth.login(moderator)
    assert client.post("/admin/clusters/cluster-marbre/approve").status_code == 302
    assert cluster_named("Cluster Marbre").status == "approved"
    assert "Cluster Marbre" in client.get("/clusters").get_data(as_text=True)
    auth.logout()

    auth.login(other_member)
    assert client.post("/clusters/cluster-marbre/join").status_code == 302
    assert "waits for a manager" in client.get("/clusters/cluster-marbre").get_data(as_text=True)
    auth.logout()

    auth.login(member)
    requests_page = client.get("/clusters/cluster-marbre/members?state=requested")
    assert "Karim Haddad" in requests_page.get_data(as_text=True)
    client.post("/clusters/cluster-marbre/members/karim/approve")
    client.post("/clusters/cluster-marbre/members/karim/role", data={"role": "manager"})
    auth.logout()

    cluster = cluster_named("Cluster Marbre")
    assert cluster.member_count == 2
    membership = db.session.scalar(db.select(Membership).where(
        Membership.user_id == other_member.id))
    assert (membership.state, membership.role) == ("active", "manager")
    kinds = {n.kind for n in db.session.scalars(db.select(Notification))}
    assert kinds == {"cluster_approved", "membership_request", "membership_approved"}


def test_reject_form_needs_a_reason(client, auth, member, moderator):
    make_cluster(member, "Cluster Marbre", status="pending")
    auth.login(moderator)
    client.post("/admin/clusters/cluster-marbre/reject", data={"reason": ""})
    assert cluster_named("Cluster Marbre").status == "pending"
    client.post("/admin/clusters/cluster-marbre/reject", data={"reason": "Duplicate"})
    cluster = cluster_named("Cluster Marbre")
    assert (cluster.status, cluster.rejection_reason) == ("rejected", "Duplicate")


def test_edit_form_is_for_managers(client, auth, member, other_member):
    make_cluster(member)
    auth.login(other_member)
    assert client.get("/clusters/maroc-numeric-cluster/edit").status_code == 403
    assert client.post("/clusters/maroc-numeric-cluster/edit",
                       data={**FORM, "forum_visibility": "members"}).status_code == 403
    assert cluster_named("Maroc Numeric Cluster") is not None


def test_edit_form_saves_the_page(client, auth, member):
    make_cluster(member)
    auth.login(member)
    page = client.get("/clusters/maroc-numeric-cluster/edit").get_data(as_text=True)
    assert 'value="Maroc Numeric Cluster"' in page
    response = client.post("/clusters/maroc-numeric-cluster/edit",
                           data={**FORM, "name": "MNC", "forum_visibility": "members"})
    assert response.status_code == 302
    cluster = cluster_named("MNC")
    assert cluster.forum_visibility == "members"
    assert cluster.labels == ["ECEI Bronze"]


def test_needs_form_saves_rows(client, auth, member):
    make_cluster(member)
    auth.login(member)
    page = client.get("/clusters/maroc-numeric-cluster/needs").get_data(as_text=True)
    assert 'name="offers-0-text"' in page and 'name="seeks-2-tags"' in page
    client.post("/clusters/maroc-numeric-cluster/needs", data={
        "offers-0-text": "Software teams", "offers-0-tags": "software, ICT",
        "offers-1-text": "", "offers-1-tags": "ignored",
        "seeks-0-text": "Mentoring", "seeks-0-tags": ""})
    cluster = cluster_named("Maroc Numeric Cluster")
    assert [(n.kind, n.text, n.tags) for n in cluster.needs] == [
        ("offer", "Software teams", ["software", "ICT"]), ("seek", "Mentoring", [])]


def test_logo_form_uploads_a_logo(client, auth, member):
    make_cluster(member)
    auth.login(member)
    client.post("/clusters/maroc-numeric-cluster/logo",
                data={"file": (io.BytesIO(png_bytes()), "logo.png")},
                content_type="multipart/form-data")
    assert cluster_named("Maroc Numeric Cluster").logo_filename


def test_leave_form_as_last_manager_shows_a_message(client, auth, member):
    make_cluster(member)
    auth.login(member)
    response = client.post("/clusters/maroc-numeric-cluster/leave", follow_redirects=True)
    assert "last manager" in response.get_data(as_text=True)
    assert cluster_named("Maroc Numeric Cluster").member_count == 1


def test_invite_form_invites_by_username(client, auth, member, other_member):
    make_cluster(member)
    auth.login(member)
    client.post("/clusters/maroc-numeric-cluster/invite", data={"username": "karim"})
    membership = db.session.scalar(db.select(Membership).where(
        Membership.user_id == other_member.id))
    assert membership.state == "invited"


def test_remove_form_by_non_manager_is_403(client, auth, member, other_member):
    cluster = make_cluster(member)
    add_member(cluster, other_member)
    auth.login(other_member)
    assert client.post("/clusters/maroc-numeric-cluster/members/amina/remove").status_code == 403


def test_partners_page_lists_the_other_shore(client, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA", sectors=["ICT"])
    make_cluster(member, "Catalan Digital", country="ES", sectors=["ICT"])
    html = client.get("/clusters/maroc-numeric-cluster/partners").get_data(as_text=True)
    assert "Catalan Digital" in html and "Shared sector: <bdi>Digital and ICT</bdi>" in html


@pytest.mark.parametrize("path", ["/clusters?page=999999999999999999", "/clusters?page=-3",
                                  "/clusters?page=abc",
                                  "/clusters/maroc-numeric-cluster/members?page=10000000000000"])
def test_directory_pages_with_odd_page_numbers_answer(client, member, path):
    make_cluster(member)
    assert client.get(path).status_code == 200


def test_directory_api_with_a_huge_page_is_422(client):
    assert client.get("/api/v1/clusters?page=999999999999999999").status_code == 422


def test_cluster_page_shows_managers_the_join_request_count(client, auth, member, other_member):
    cluster = make_cluster(member)
    add_member(cluster, other_member, state="requested")
    assert "Join requests" not in client.get("/clusters/maroc-numeric-cluster").get_data(
        as_text=True)
    auth.login(member)
    html = client.get("/clusters/maroc-numeric-cluster").get_data(as_text=True)
    assert 'state=requested">Join requests <span class="badge bg-secondary">1</span>' in html
