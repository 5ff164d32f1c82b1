"""The Clusters API: proposing, reading, editing, logos, approval and the directory."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from community.extensions import db
from community.models import Cluster, Notification
from tests.factories import add_member, make_cluster

NEW_CLUSTER = {"name": "Cluster Marbre", "country": "TN", "sectors": ["marble-stone", "design"],
               "description": "Marble **quarries**.", "acronym": "CM",
               "website": "https://marbre.example.org", "labels": ["ECEI Bronze"]}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buffer, "PNG")
    return buffer.getvalue()


def test_propose_cluster_starts_pending_with_creator_as_manager(api_as, member):
    response = api_as(member).post("/clusters", json=NEW_CLUSTER)
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "pending"
    assert body["slug"] == "cluster-marbre"
    assert body["shore"] == "south"
    assert body["sectors"] == ["marble-stone", "design"]
    assert body["labels"] == ["ECEI Bronze"]
    assert body["description_html"] == "<p>Marble <strong>quarries</strong>.</p>"
    assert [m["username"] for m in body["managers"]] == ["amina"]
    assert body["member_count"] == 1
    assert body["forum_visibility"] == "public"


def test_propose_cluster_twice_gets_distinct_slugs(api_as, member):
    api = api_as(member)
    assert api.post("/clusters", json=NEW_CLUSTER).json["slug"] == "cluster-marbre"
    assert api.post("/clusters", json=NEW_CLUSTER).json["slug"] == "cluster-marbre-2"


def test_propose_cluster_with_arabic_name_gets_a_slug(api_as, member):
    response = api_as(member).post("/clusters", json={**NEW_CLUSTER, "name": "عنقود الرخام"})
    assert response.status_code == 201
    assert response.json["slug"] == "cluster"


BAD_COUNTRIES = ["US", "CN", "XX", "", 12]
BAD_FIELDS = [
    ("name", ""), ("name", "x" * 161), ("sectors", "ICT"), ("sectors", []),
    ("sectors", ["x" * 61]), ("sectors", ["marble"]), ("website", "javascript:alert(1)"),
    ("description", ""),
    ("labels", [1, 2]), ("acronym", "A" * 21),
]


def test_propose_cluster_outside_eu_and_mena_is_refused(api_as, member):
    api = api_as(member)
    for country in BAD_COUNTRIES:
        response = api.post("/clusters", json={**NEW_CLUSTER, "country": country})
        assert response.status_code == 422, country
        assert "country" in response.json["error"]["fields"], country
    assert db.session.scalar(db.select(db.func.count(Cluster.id))) == 0


def test_propose_cluster_with_bad_field_is_refused(api_as, member):
    api = api_as(member)
    for field, value in BAD_FIELDS:  # one table, one app: fast
        response = api.post("/clusters", json={**NEW_CLUSTER, field: value})
        assert response.status_code == 422, (field, value)
        assert field in response.json["error"]["fields"], (field, value)
    assert db.session.scalar(db.select(db.func.count(Cluster.id))) == 0


def test_propose_cluster_anonymous_is_401(anon_api):
    assert anon_api.post("/clusters", json=NEW_CLUSTER).status_code == 401


def test_propose_cluster_unconfirmed_is_403(api_as, unconfirmed):
    response = api_as(unconfirmed).post("/clusters", json=NEW_CLUSTER)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_propose_cluster_with_non_json_body_is_400(api_as, member):
    response = api_as(member).post("/clusters", data="name=x",
                                   headers={"Content-Type": "text/plain"})
    assert response.status_code == 400


def test_get_cluster_unknown_slug_is_404(anon_api):
    response = anon_api.get("/clusters/nope")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_get_pending_cluster_visible_to_manager_and_moderator_only(
        api_as, anon_api, member, other_member, moderator):
    make_cluster(member, status="pending")
    assert anon_api.get("/clusters/maroc-numeric-cluster").status_code == 404
    assert api_as(other_member).get("/clusters/maroc-numeric-cluster").status_code == 404
    assert api_as(member).get("/clusters/maroc-numeric-cluster").status_code == 200
    assert api_as(moderator).get("/clusters/maroc-numeric-cluster").status_code == 200


def test_get_approved_cluster_is_public(anon_api, member):
    make_cluster(member)
    body = anon_api.get("/clusters/maroc-numeric-cluster").json
    assert body["status"] == "approved"
    assert body["managers"][0]["username"] == "amina"
    assert "email" not in body["managers"][0]


def test_patch_cluster_by_manager_updates_fields_and_needs(api_as, member):
    make_cluster(member)
    response = api_as(member).patch("/clusters/maroc-numeric-cluster", json={
        "name": "MNC", "country": "FR", "forum_visibility": "members",
        "sectors": ["design", "ICT", "design"], "description": "# Title",
        "offers": [{"text": "Software teams", "tags": ["software"]}],
        "seeks": [{"text": "Mentoring", "tags": []}]})
    assert response.status_code == 200
    body = response.json
    assert body["name"] == "MNC"
    assert body["shore"] == "north"
    assert body["forum_visibility"] == "members"
    assert body["sectors"] == ["design", "ict"]
    assert body["description_html"] == "<h3>Title</h3>"
    assert body["offers"] == [{"text": "Software teams", "tags": ["software"]}]
    assert body["seeks"] == [{"text": "Mentoring", "tags": []}]


def test_patch_cluster_keeps_a_sector_that_stays(api_as, member):
    make_cluster(member, sectors=["ict", "design"])
    response = api_as(member).patch("/clusters/maroc-numeric-cluster",
                                    json={"sectors": ["design", "ict"]})
    assert response.status_code == 200
    assert response.json["sectors"] == ["design", "ict"]


BAD_NEEDS = [
    "text", [{"text": ""}], [{"text": "x" * 301}], [{"tags": ["a"]}],
    [{"text": "ok", "tags": [f"t{i}" for i in range(9)]}],
    [{"text": "ok", "tags": ["x" * 41]}], [{"text": f"n{i}"} for i in range(21)], [1],
]


def test_patch_cluster_with_bad_needs_is_422_and_changes_nothing(api_as, member):
    make_cluster(member, offers=[{"text": "Kept", "tags": []}])
    api = api_as(member)
    for needs in BAD_NEEDS:
        response = api.patch("/clusters/maroc-numeric-cluster",
                             json={"offers": needs, "name": "New"})
        assert response.status_code == 422, needs
        assert "offers" in response.json["error"]["fields"], needs
    body = api.get("/clusters/maroc-numeric-cluster").json
    assert body["offers"] == [{"text": "Kept", "tags": []}]
    assert body["name"] == "Maroc Numeric Cluster"


@pytest.mark.parametrize(("field", "value"), [("sectors", []), ("sectors", [" "]),
                                             ("description", ""), ("description", "  ")])
def test_patch_cluster_emptying_a_required_field_is_422(api_as, member, field, value):
    """An edit may leave sectors and the description out, never empty them (as the form)."""
    make_cluster(member, sectors=["ICT"])
    api = api_as(member)
    response = api.patch("/clusters/maroc-numeric-cluster", json={field: value})
    assert response.status_code == 422 and list(response.json["error"]["fields"]) == [field]
    body = api.get("/clusters/maroc-numeric-cluster").json
    assert body["sectors"] == ["ict"] and body["description_html"] == "<p>About <em>us</em>.</p>"


def test_patch_cluster_by_non_manager_is_403(api_as, member, other_member):
    make_cluster(member)
    response = api_as(other_member).patch("/clusters/maroc-numeric-cluster", json={"name": "XY"})
    assert response.status_code == 403


def test_patch_cluster_by_plain_member_is_403(api_as, member, other_member):
    cluster = make_cluster(member)
    add_member(cluster, other_member)
    response = api_as(other_member).patch("/clusters/maroc-numeric-cluster", json={"name": "XY"})
    assert response.status_code == 403


def test_patch_cluster_by_moderator_is_allowed(api_as, member, moderator):
    make_cluster(member)
    response = api_as(moderator).patch("/clusters/maroc-numeric-cluster", json={"acronym": "M"})
    assert response.status_code == 200
    assert response.json["acronym"] == "M"


def test_patch_cluster_anonymous_is_401(anon_api, member):
    make_cluster(member)
    assert anon_api.patch("/clusters/maroc-numeric-cluster", json={"name": "XY"}).status_code == 401


def test_patch_unknown_cluster_is_404(api_as, member):
    assert api_as(member).patch("/clusters/nope", json={"name": "XY"}).status_code == 404


def test_put_logo_stores_a_reencoded_image(api_as, member, client):
    make_cluster(member)
    response = api_as(member).put(
        "/clusters/maroc-numeric-cluster/logo",
        data={"file": (io.BytesIO(png_bytes()), "logo.png")}, json=None,
        content_type="multipart/form-data")
    assert response.status_code == 200
    url = response.json["logo_url"]
    assert url.startswith("/uploads/")
    assert client.get(url).status_code == 200


def test_put_logo_with_a_non_image_is_422(api_as, member):
    make_cluster(member)
    response = api_as(member).put(
        "/clusters/maroc-numeric-cluster/logo",
        data={"file": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.svg")}, json=None,
        content_type="multipart/form-data")
    assert response.status_code == 422


def test_put_logo_by_non_manager_is_403(api_as, member, other_member):
    make_cluster(member)
    response = api_as(other_member).put(
        "/clusters/maroc-numeric-cluster/logo",
        data={"file": (io.BytesIO(png_bytes()), "logo.png")}, json=None,
        content_type="multipart/form-data")
    assert response.status_code == 403


def test_approve_cluster_by_moderator_notifies_creator(api_as, member, moderator):
    make_cluster(member, status="pending")
    response = api_as(moderator).post("/admin/clusters/maroc-numeric-cluster/approve")
    assert response.status_code == 200
    assert response.json["status"] == "approved"
    notification = db.session.scalar(db.select(Notification))
    assert notification.user_id == member.id
    assert notification.kind == "cluster_approved"
    assert "approved" in notification.text


def test_reject_cluster_needs_a_reason_and_notifies_creator(api_as, member, admin):
    make_cluster(member, status="pending")
    api = api_as(admin)
    assert api.post("/admin/clusters/maroc-numeric-cluster/reject", json={}).status_code == 422
    response = api.post("/admin/clusters/maroc-numeric-cluster/reject",
                        json={"reason": "Not a cluster"})
    assert response.status_code == 200
    assert response.json["status"] == "rejected"
    notification = db.session.scalar(db.select(Notification))
    assert notification.kind == "cluster_rejected"
    assert "rejected" in notification.text and "Not a cluster" in notification.text


def test_approve_cluster_by_its_own_manager_is_403(api_as, member):
    make_cluster(member, status="pending")
    response = api_as(member).post("/admin/clusters/maroc-numeric-cluster/approve")
    assert response.status_code == 403


def test_approve_cluster_anonymous_is_401(anon_api, member):
    make_cluster(member, status="pending")
    assert anon_api.post("/admin/clusters/maroc-numeric-cluster/approve").status_code == 401


def test_approve_cluster_twice_is_409(api_as, member, moderator):
    make_cluster(member)
    response = api_as(moderator).post("/admin/clusters/maroc-numeric-cluster/approve")
    assert response.status_code == 409


def test_approve_unknown_cluster_is_404(api_as, moderator):
    assert api_as(moderator).post("/admin/clusters/nope/approve").status_code == 404


def test_directory_lists_approved_clusters_only(anon_api, member):
    make_cluster(member, "Approved one")
    make_cluster(member, "Pending one", status="pending")
    make_cluster(member, "Rejected one", status="rejected")
    body = anon_api.get("/clusters").json
    assert [c["name"] for c in body["items"]] == ["Approved one"]
    assert body["total"] == 1


def test_directory_filters_by_text_country_shore_sector_and_label(anon_api, member):
    make_cluster(member, "Maroc Numeric Cluster", country="MA", sectors=["ICT"],
                 labels=["ECEI Bronze"], acronym="MNC")
    make_cluster(member, "Techtera", country="FR", sectors=["textiles"],
                 description="Technical *textiles* in Lyon")
    make_cluster(member, "Cluster Marbre", country="TN", sectors=["marble-stone"])

    def names(query: str) -> list[str]:
        return [c["name"] for c in anon_api.get(f"/clusters?{query}").json["items"]]

    assert names("q=mnc") == ["Maroc Numeric Cluster"]
    assert names("q=LYON") == ["Techtera"]
    assert names("q=100%25") == []
    assert names("country=tn") == ["Cluster Marbre"]
    assert names("shore=north") == ["Techtera"]
    assert names("shore=south") == ["Cluster Marbre", "Maroc Numeric Cluster"]
    assert names("sector=textiles") == ["Techtera"]
    assert names("label=ECEI Bronze") == ["Maroc Numeric Cluster"]
    assert names("shore=south&sector=marble-stone") == ["Cluster Marbre"]


def test_directory_paginates(anon_api, member):
    for i in range(3):
        make_cluster(member, f"Cluster {i}")
    body = anon_api.get("/clusters?per_page=2&page=2").json
    assert body["total"] == 3 and body["pages"] == 2
    assert [c["name"] for c in body["items"]] == ["Cluster 2"]


def test_directory_with_bad_page_is_422(anon_api):
    assert anon_api.get("/clusters?page=zero").status_code == 422


def test_partners_ranks_other_shore_by_needs_then_sectors(api_as, member, other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"],
                 seeks=[{"text": "Distribution partner in the EU for olive oil",
                         "tags": ["olive oil", "distribution"]}],
                 offers=[{"text": "Extra virgin olive oil", "tags": ["olive oil"]}])
    make_cluster(other_member, "Andalusian Olive Oil", country="ES", sectors=["olive-oil"],
                 offers=[{"text": "Olive oil distribution network in the EU",
                          "tags": ["olive oil", "distribution"]}])
    make_cluster(other_member, "Furniture Spain", country="ES", sectors=["furniture"])
    make_cluster(other_member, "Olive Italy", country="IT", sectors=["OLIVE-oil"])
    make_cluster(other_member, "Same shore", country="MA", sectors=["olive-oil"],
                 offers=[{"text": "Olive oil distribution", "tags": ["olive oil"]}])
    response = api_as(member).get("/clusters/huile-nord-ouest/partners")
    assert response.status_code == 200
    items = response.json["items"]
    assert [i["cluster"]["name"] for i in items] == [
        "Andalusian Olive Oil", "Olive Italy", "Furniture Spain"]
    first = items[0]
    assert first["score"] > items[1]["score"] > items[2]["score"] == 0
    assert ("Offers “Olive oil distribution network in the EU” matching your need "
            "“Distribution partner in the EU for olive oil”") in first["reasons"]
    assert "Shared sector: Olive oil" in first["reasons"]
    assert items[1]["reasons"] == ["Shared sector: Olive oil"]


def test_partners_of_unknown_cluster_is_404(anon_api):
    assert anon_api.get("/clusters/nope/partners").status_code == 404


def test_partners_of_pending_cluster_is_404_for_others(anon_api, member):
    make_cluster(member, status="pending")
    assert anon_api.get("/clusters/maroc-numeric-cluster/partners").status_code == 404


def test_openapi_documents_cluster_endpoints(anon_api):
    paths = anon_api.get("/openapi.json").json["paths"]
    for path in ("/clusters", "/clusters/{slug}", "/clusters/{slug}/partners",
                 "/clusters/{slug}/logo", "/clusters/{slug}/membership",
                 "/clusters/{slug}/members", "/clusters/{slug}/members/{username}/approve",
                 "/clusters/{slug}/members/{username}", "/admin/clusters/{slug}/approve",
                 "/admin/clusters/{slug}/reject"):
        assert path in paths
    schema = paths["/clusters/{slug}"]["patch"]["requestBody"]["content"]["application/json"]
    assert schema["schema"]["properties"]["offers"]["items"]["type"] == "object"


def test_cluster_json_hides_manager_email_from_strangers(api_as, member, other_member):
    make_cluster(member)
    body = api_as(other_member).get("/clusters/maroc-numeric-cluster").json
    assert "email" not in body["managers"][0]



def test_propose_cluster_racing_for_a_slug_retries(api_as, member, monkeypatch):
    from community.clusters import services

    make_cluster(member, "Cluster Marbre")
    real = services.unique_slug
    answers = iter(["cluster-marbre"])
    monkeypatch.setattr(services, "unique_slug", lambda name: next(answers, None) or real(name))
    response = api_as(member).post("/clusters", json=NEW_CLUSTER)
    assert response.status_code == 201
    assert response.json["slug"] == "cluster-marbre-2"
