"""`Tagged.set_tags`, the one tag helper of users and clusters: rows of values that stay are
kept (the unique key would otherwise see the insert before the delete), positions follow the
new order, and the other kinds are left alone."""

from __future__ import annotations

from community.extensions import db
from community.models import Cluster
from community.profiles.services import update_profile


def test_reordered_cluster_sectors_keep_their_rows(api_as, member):
    api = api_as(member)
    slug = api.post("/clusters", json={"name": "Cluster Marbre", "country": "TN",
                                       "sectors": ["marble-stone", "design"], "labels": ["Gold"],
                                       "description": "M."}).json["slug"]
    cluster = db.session.scalar(db.select(Cluster).where(Cluster.slug == slug))
    before = {tag.value: tag.id for tag in cluster.tags}
    response = api.patch(f"/clusters/{slug}",
                         json={"sectors": ["design", "construction", "marble-stone"]})
    assert response.status_code == 200 and response.json["sectors"] == [
        "design", "construction", "marble-stone"]
    db.session.expire_all()
    after = {tag.value: tag.id for tag in cluster.tags}
    assert after["design"] == before["design"]
    assert after["marble-stone"] == before["marble-stone"]
    assert after["Gold"] == before["Gold"] and response.json["labels"] == ["Gold"]


def test_user_tags_replaced_by_kind(app, member):
    update_profile(member, member, languages=["fr", "ar"], expertise=["solar"])
    update_profile(member, member, expertise=["iot", "solar"])
    assert member.languages == ["fr", "ar"] and member.expertise == ["iot", "solar"]
    assert [tag.position for tag in member.tags if tag.kind == "expertise"] == [0, 1]
