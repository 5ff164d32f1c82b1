"""GET/POST/PATCH/DELETE /api/v1/categories."""

from tests.factories import cluster_forum, make_category, make_cluster, make_thread


def test_create_category_as_admin(api_as, admin):
    response = api_as(admin).post("/categories", json={"name": "Énergie & Eau",
                                                        "description": "Water and energy"})
    assert response.status_code == 201
    assert response.json["slug"] == "energie-eau"
    assert response.json["cluster"] is None
    assert response.json["thread_count"] == 0


def test_create_category_refused_for_member(api_as, member):
    response = api_as(member).post("/categories", json={"name": "Mine"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_create_category_refused_for_moderator(api_as, moderator):
    assert api_as(moderator).post("/categories", json={"name": "Mine"}).status_code == 403


def test_create_category_anonymous_unauthorized(anon_api):
    assert anon_api.post("/categories", json={"name": "Mine"}).status_code == 401


def test_create_category_validation(api_as, admin):
    response = api_as(admin).post("/categories", json={"name": ""})
    assert response.status_code == 422
    assert "name" in response.json["error"]["fields"]


def test_create_category_same_name_gets_new_slug(api_as, admin):
    first = api_as(admin).post("/categories", json={"name": "News"}).json["slug"]
    second = api_as(admin).post("/categories", json={"name": "News"}).json["slug"]
    assert first == "news" and second == "news-2"


def test_list_categories_hides_members_only_forums(api_as, anon_api, admin, member, other_member):
    make_category(admin, "General")
    make_cluster(admin, "Open Cluster")
    make_cluster(admin, "Closed Cluster", forum_visibility="members", members=[member])
    make_cluster(admin, "Pending Cluster", status="pending")
    anonymous = {c["slug"] for c in anon_api.get("/categories").json["items"]}
    assert anonymous == {"general", "cluster-open-cluster"}
    outsider = {c["slug"] for c in api_as(other_member).get("/categories").json["items"]}
    assert "cluster-closed-cluster" not in outsider
    insider = {c["cluster"] for c in api_as(member).get("/categories").json["items"]}
    assert "closed-cluster" in insider


def test_list_categories_counts_threads(anon_api, admin, member):
    category = make_category(admin, "General")
    make_thread(member, category)
    make_thread(member, category)
    items = anon_api.get("/categories").json["items"]
    assert items[0]["thread_count"] == 2


def test_update_category_as_admin(api_as, admin):
    make_category(admin, "General")
    response = api_as(admin).patch("/categories/general", json={"description": "All topics"})
    assert response.status_code == 200
    assert response.json["description"] == "All topics"


def test_update_category_refused_for_member(api_as, admin, member):
    make_category(admin, "General")
    assert api_as(member).patch("/categories/general", json={"name": "x"}).status_code == 403


def test_delete_empty_category(api_as, admin):
    make_category(admin, "General")
    assert api_as(admin).delete("/categories/general").status_code == 204
    assert api_as(admin).get("/categories").json["items"] == []


def test_delete_category_with_threads_conflicts(api_as, admin, member):
    make_thread(member, make_category(admin, "General"))
    assert api_as(admin).delete("/categories/general").status_code == 409


def test_delete_cluster_forum_refused(api_as, admin):
    cluster_forum(make_cluster(admin, "Open Cluster"))
    assert api_as(admin).delete("/categories/cluster-open-cluster").status_code == 403


def test_delete_unknown_category_not_found(api_as, admin):
    assert api_as(admin).delete("/categories/nothing").status_code == 404
