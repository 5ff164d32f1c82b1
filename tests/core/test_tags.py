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
                                       "sectors": ["Marble", "Stone"], "labels": ["Gold"],
                                       "description": "M."}).json["slug"]
    cluster = db.session.scalar(db.select(Cluster).where(Cluster.slug == slug))
    before = {tag.value: tag.id for tag in cluster.tags}
    response = api.patch(f"/clusters/{slug}", json={"sectors": ["Stone", "Tiles", "Marble"]})
    assert response.status_code == 200 and response.json["sectors"] == ["Stone", "Tiles", "Marble"]
    db.session.expire_all()
    after = {tag.value: tag.id for tag in cluster.tags}
    assert after["Stone"] == before["Stone"] and after["Marble"] == before["Marble"]
    assert after["Gold"] == before["Gold"] and response.json["labels"] == ["Gold"]


def test_user_tags_replaced_by_kind(app, member):
    update_profile(member, member, languages=["fr", "ar"], expertise=["solar"])
    update_profile(member, member, expertise=["iot", "solar"])
    assert member.languages == ["fr", "ar"] and member.expertise == ["iot", "solar"]
    assert [tag.position for tag in member.tags if tag.kind == "expertise"] == [0, 1]
