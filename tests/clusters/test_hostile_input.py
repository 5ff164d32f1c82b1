"""Malformed, oversized and wrong-typed input to every cluster endpoint: each answers the one
4xx its value calls for (400 for what nothing can store, 422 for what the rules refuse), valid
values are taken, and a refused edit changes nothing."""

from __future__ import annotations

import pytest

from community.clusters.validation import CLUSTER_RULES
from tests.factories import make_cluster

NUL = "\x00"
EMOJIS = "💥" * 400
HOSTILE = [None, 0, -1, 2**63, 1.5, True, "", " ", "x" * 20_000, NUL, EMOJIS, [], {},
           [None], [{}], [1, 2], ["x" * 500], {"a": 1}, [{"text": None}], [{"text": "ok",
                                                                            "tags": "t"}],
           [{"text": "ok", "tags": [None]}], [{"text": "ok", "tags": [{}]}]]
CLEARABLE = {"acronym": ["", " "], "website": ["", " "], "forum_visibility": [],
             "labels": [[]], "offers": [[]], "seeks": [[]]}
# The hostile values each field takes; it refuses every other one. Creating, a null optional
# field is left out; editing, null is refused ("Must not be null."), as for every PATCH.
ACCEPTED_ON_CREATE = {"name": [], "country": [], "sectors": [], "description": [EMOJIS],
                      **{name: [None, *values] for name, values in CLEARABLE.items()}}
# An edit may clear an optional field but never empty a required one.
ACCEPTED_ON_EDIT = {"name": [], "country": [], "sectors": [], "description": [EMOJIS],
                    **CLEARABLE}
SLUG = "maroc-numeric-cluster"


def expected_status(value, accepted: list, success: int) -> int:
    if value in accepted:
        return success
    return 400 if value == NUL else 422


def test_hostile_tables_cover_every_field():
    assert set(ACCEPTED_ON_CREATE) == set(ACCEPTED_ON_EDIT) == set(CLUSTER_RULES)


@pytest.mark.parametrize("field", sorted(CLUSTER_RULES))
def test_patch_with_hostile_values_refused_unless_valid(api_as, member, field):
    make_cluster(member)
    api = api_as(member)
    before = api.get(f"/clusters/{SLUG}").json
    for value in HOSTILE:
        response = api.patch(f"/clusters/{SLUG}", json={field: value})
        status = expected_status(value, ACCEPTED_ON_EDIT[field], 200)
        assert response.status_code == status, (field, value, response.json)
        if status == 422:
            assert list(response.json["error"]["fields"]) == [field]
    after = api.get(f"/clusters/{SLUG}").json
    assert {k: after[k] for k in ("name", "country", "shore", "sectors")} == {
        k: before[k] for k in ("name", "country", "shore", "sectors")}


@pytest.mark.parametrize("body", [None, [], "x", 1, [{"name": "x"}]])
def test_patch_with_a_body_that_is_not_an_object_is_400(api_as, member, body):
    make_cluster(member)
    response = api_as(member).patch(f"/clusters/{SLUG}", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


@pytest.mark.parametrize("field", sorted(CLUSTER_RULES))
def test_post_with_hostile_values_refused_unless_valid(api_as, member, field):
    api = api_as(member)
    base = {"name": "Cluster Marbre", "country": "TN", "sectors": ["marble-stone"],
            "description": "Marble."}
    for value in HOSTILE:
        response = api.post("/clusters", json={**base, field: value})
        status = expected_status(value, ACCEPTED_ON_CREATE[field], 201)
        assert response.status_code == status, (field, value, response.json)
        if status == 422:
            assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize(("query", "api_status", "page_status"), [
    ("q=%00", 400, 400),
    ("q=" + "%25" * 300, 200, 200),
    ("country=" + "Z" * 500, 200, 200),
    ("shore=east", 200, 200),
    ("sector=%5C", 200, 200),
    ("label=_%25", 200, 200),
    ("page=-1", 422, 200),  # the API refuses a bad page; the pages show the first one
    ("page=1.5", 422, 200),
    ("per_page=0", 422, 200),
    ("per_page=100000", 200, 200),  # capped, not refused
    ("page=99999999999999999999999", 422, 200),
    ("state=active", 200, 200),
])
def test_query_strings_answer_exactly(client, api_as, member, query, api_status, page_status):
    make_cluster(member)
    api = api_as(member)
    for path in ("/clusters", f"/clusters/{SLUG}/members", f"/clusters/{SLUG}/partners",
                 "/notifications"):
        assert api.get(f"{path}?{query}").status_code == api_status, path
    for path in ("/clusters", f"/clusters/{SLUG}/members"):
        assert client.get(f"{path}?{query}").status_code == page_status, path


@pytest.mark.parametrize(("method", "path", "key", "accepted"), [
    ("patch", f"/clusters/{SLUG}/members/amina", "role", []),
    ("post", f"/clusters/{SLUG}/members", "username", []),
    ("post", "/notifications/read", "ids", [[1, 2]]),
    ("post", "/notifications/read", "all", [True]),
    ("put", "/notifications/preferences", "preferences", [{}]),
])
def test_member_endpoints_with_hostile_bodies_refused_unless_valid(api_as, member, method, path,
                                                                   key, accepted):
    make_cluster(member)
    api = api_as(member)
    for value in HOSTILE:
        response = getattr(api, method)(path, json={key: value})
        assert response.status_code == expected_status(value, accepted, 200), value


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/clusters/" + "x" * 5000, 404),
    ("get", "/clusters/%00", 400),
    ("post", "/clusters/%00", 400),
    ("post", f"/clusters/{SLUG}/members/" + "y" * 5000 + "/approve", 404),
    ("get", f"/clusters/{SLUG}/members/" + "y" * 5000 + "/approve", 405),  # POST only
])
def test_hostile_paths_answer_exactly(api_as, member, method, path, status):
    make_cluster(member)
    assert getattr(api_as(member), method)(path).status_code == status
