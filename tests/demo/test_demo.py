"""`flask --app wsgi demo load`: the seed article's clusters, EU mentors and members; twice
changes nothing."""

from __future__ import annotations

from community.demo import CLUSTERS, DEMO_PASSWORD, USERS
from community.extensions import db
from community.models import Cluster, Membership, Notification, User
from community.models.forum import Category, Post, Thread

SEED_CLUSTERS = {
    "Maroc Numeric Cluster": "MA", "Cluster Textile Technique Marocain": "MA",
    "Cluster Electronique, Mécatronique & Mécanique": "MA",
    "Pôle de Compétitivité Agrinova": "MA",
    "Egyptian Renewable Energy Cluster Initiative": "EG",
    "Cluster House of Furniture": "PS", "Hebron Leather and Shoe Cluster": "PS",
    "Cluster Mécatronique": "TN", "Cluster de l'huile d'olive du Nord-Ouest": "TN",
    "Cluster Marbre": "TN", "ICT Association of Jordan": "JO",
}


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                 for model in (User, Cluster, Membership, Notification, Category, Thread, Post))


def test_demo_load_twice_creates_nothing_the_second_time(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    before = counts()
    assert all(before), before
    assert "(0 new records)" not in first.output
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "(0 new records)" in second.output
    assert counts() == before


def test_demo_has_every_seed_cluster_with_its_country(demo):
    clusters = {c.name: c for c in db.session.scalars(db.select(Cluster))}
    for name, country in SEED_CLUSTERS.items():
        assert clusters[name].country == country, name
        assert clusters[name].shore == "south"
        assert clusters[name].status == "approved"
    assert clusters["ICT Association of Jordan"].acronym == "int@j"
    assert clusters["Egyptian Renewable Energy Cluster Initiative"].acronym == "ERECI"
    assert "ECEI Bronze" in clusters["Maroc Numeric Cluster"].labels


def test_demo_has_eu_mentor_clusters_of_france_italy_and_spain(demo):
    north = db.session.scalars(db.select(Cluster.country).where(Cluster.shore == "north")).all()
    assert {"FR", "IT", "ES"} <= set(north)


def test_demo_member_counts_match_memberships(demo):
    for cluster in db.session.scalars(db.select(Cluster)):
        active = db.session.scalar(db.select(db.func.count(Membership.id)).where(
            Membership.cluster_id == cluster.id, Membership.state == "active"))
        assert cluster.member_count == active >= 1


def test_demo_users_are_confirmed_and_can_sign_in(demo, client, auth):
    users = db.session.scalars(db.select(User)).all()
    assert len(users) == len(USERS) >= 25
    assert all(user.is_confirmed for user in users)
    roles = {user.username: user.role for user in users}
    assert roles["admin"] == "admin" and roles["moderator"] == "moderator"
    response = auth.login("salma_benjelloun", password=DEMO_PASSWORD)
    assert response.status_code == 302


def test_demo_partner_matching_is_meaningful(demo, client):
    items = client.get("/api/v1/clusters/cluster-huile-olive-nord-ouest/partners").json["items"]
    assert items[0]["cluster"]["slug"] == "andalusian-olive-oil-cluster"
    assert any("Distribution partner in the EU for olive oil" in reason
               for reason in items[0]["reasons"])


def test_demo_clusters_all_have_offers_and_seeks(app):
    assert all(fields.get("offers") and fields.get("seeks") for _s, fields, _m, _u in CLUSTERS)


def test_demo_has_a_pending_cluster_and_join_requests(demo, client):
    pending = db.session.scalar(db.select(Cluster).where(Cluster.status == "pending"))
    assert pending.name == "Lebanese Agri-Food Cluster"
    assert client.get("/api/v1/clusters?q=Lebanese").json["total"] == 0
    requested = db.session.scalars(db.select(Membership).where(
        Membership.state == "requested")).all()
    assert len(requested) == 2
    notices = db.session.scalars(db.select(Notification).where(
        Notification.kind == "membership_request")).all()
    assert len(notices) == 2


def test_demo_discussions_are_readable_and_searchable(demo, client):
    home = client.get("/").get_data(as_text=True)
    assert "Cluster Mentoring Reloaded: kick-off and calendar" in home
    found = client.get("/api/v1/search?q=الجلديه&type=threads").get_json()
    assert [item["title"] for item in found["items"]] == ["تطوير صادرات الأحذية الجلدية إلى أوروبا"]
    members = client.get("/api/v1/search?q=benjelloun&type=users").get_json()
    assert members["items"][0]["username"] == "salma_benjelloun"
