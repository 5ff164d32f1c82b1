"""`GET/PATCH /me`, `GET /users`, `GET /users/<username>`."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import User
from community.profiles.services import update_profile
from tests.factories import bulk_users, make_cluster, make_user

USER_KEYS = {"username", "display_name", "headline", "bio_html", "country", "languages",
             "expertise", "avatar_url", "role", "clusters", "created_at"}


def test_get_me_returns_user_with_email_and_locale(api_as, member):
    response = api_as(member).get("/me")
    assert response.status_code == 200
    body = response.get_json()
    assert USER_KEYS <= set(body)
    assert body["username"] == "amina"
    assert body["email"] == "amina@example.org"
    assert "locale" in body
    assert body["created_at"].endswith("Z")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}])
def test_get_me_anonymous_is_401(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_get_me_with_session_cookie(client, auth, member):
    auth.login(member)
    assert client.get("/api/v1/me").get_json()["username"] == "amina"


def test_patch_me_updates_every_field(api_as, member):
    response = api_as(member).patch("/me", json={
        "display_name": " Amina B. ", "headline": "Energy", "bio": "**Hi** <script>x()</script>",
        "country": "tn", "languages": ["ar", "fr", "ar"], "expertise": ["Solar ", "solar", "IoT"],
        "locale": "ar"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["display_name"] == "Amina B."
    assert body["country"] == "TN"
    assert body["bio_html"].startswith("<p><strong>Hi</strong>")
    assert "<script" not in body["bio_html"]
    assert body["languages"] == ["ar", "fr"]
    assert body["expertise"] == ["solar", "iot"]
    assert body["locale"] == "ar"


def test_patch_me_partial_keeps_other_fields(api_as, member):
    api = api_as(member)
    api.patch("/me", json={"headline": "Energy", "expertise": ["solar"]})
    body = api.patch("/me", json={"headline": "Wind"}).get_json()
    assert body["headline"] == "Wind"
    assert body["expertise"] == ["solar"]
    assert body["display_name"] == "Amina Benali"


def test_patch_me_empty_country_and_locale_clear_them(api_as, member):
    body = api_as(member).patch("/me", json={"country": "", "locale": ""}).get_json()
    assert body["country"] is None
    assert body["locale"] is None


def test_patch_me_unconfirmed_user_allowed(api_as, unconfirmed):
    response = api_as(unconfirmed).patch("/me", json={"headline": "New here"})
    assert response.status_code == 200


@pytest.mark.parametrize(("body", "field"), [
    ({"display_name": ""}, "display_name"),
    ({"display_name": 42}, "display_name"),
    ({"display_name": "x" * 81}, "display_name"),
    ({"headline": "x" * 141}, "headline"),
    ({"headline": ["list"]}, "headline"),
    ({"bio": "x" * 5001}, "bio"),
    ({"bio": {"a": 1}}, "bio"),
    ({"country": "ZZ"}, "country"),
    ({"country": "Morocco"}, "country"),
    ({"country": 12}, "country"),
    ({"country": None}, "country"),
    ({"languages": "ar"}, "languages"),
    ({"languages": ["ar", 5]}, "languages"),
    ({"languages": ["klingon"]}, "languages"),
    ({"languages": ["xx"]}, "languages"),
    ({"expertise": ["x" * 41]}, "expertise"),
    ({"expertise": [f"tag{i}" for i in range(16)]}, "expertise"),
    ({"expertise": [True]}, "expertise"),
    ({"locale": "de"}, "locale"),
    ({"locale": 1}, "locale"),
])
def test_patch_me_invalid_field_is_422_and_writes_nothing(api_as, member, body, field):
    payload = {"headline": "Should not be saved", **body}
    response = api_as(member).patch("/me", json=payload)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert field in error["fields"]
    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert user.headline == ""
    assert user.display_name == "Amina Benali"


def test_patch_me_reports_every_bad_field(api_as, member):
    response = api_as(member).patch("/me", json={"country": "ZZ", "languages": ["xx"],
                                                 "display_name": 3})
    assert set(response.get_json()["error"]["fields"]) == {"country", "languages",
                                                           "display_name"}


@pytest.mark.parametrize(("data", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2]", "application/json"),
    ("display_name=x", "application/x-www-form-urlencoded"),
])
def test_patch_me_malformed_body_is_400(api_as, member, data, content_type):
    api = api_as(member)
    response = api.client.patch("/api/v1/me", data=data, headers=api.headers(),
                                content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_patch_me_anonymous_is_401(anon_api):
    response = anon_api.patch("/me", json={"headline": "x"})
    assert response.status_code == 401


def test_patch_me_ignores_unknown_and_protected_fields(api_as, member):
    response = api_as(member).patch("/me", json={"role": "admin", "username": "boss",
                                                 "headline": "ok"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["role"] == "member"
    assert body["username"] == "amina"


def test_get_user_public_shape_without_email(anon_api, member):
    make_cluster(member, "MedTech")
    response = anon_api.get("/users/amina")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == USER_KEYS
    assert body["clusters"] == [{"slug": "medtech", "name": "MedTech", "role": "manager"}]


def test_get_user_other_member_sees_no_email(api_as, member, other_member):
    body = api_as(other_member).get("/users/amina").get_json()
    assert "email" not in body


def test_get_user_admin_sees_email(api_as, member, admin):
    assert api_as(admin).get("/users/amina").get_json()["email"] == "amina@example.org"


@pytest.mark.parametrize("username", ["nobody", "deleted_one"])
def test_get_user_unknown_or_deleted_is_404(anon_api, username):
    make_user("deleted_one", status="deleted")
    response = anon_api.get(f"/users/{username}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_list_users_shape_and_filters(anon_api, member, other_member, moderator):
    update_profile(member, member, languages=["fr"], expertise=["textiles"])
    make_cluster(moderator, "Agri", members=[other_member])
    everyone = anon_api.get("/users").get_json()
    assert set(everyone) == {"items", "page", "per_page", "total", "pages"}
    assert [u["username"] for u in everyone["items"]] == ["amina", "karim", "moussa"]
    assert everyone["total"] == 3 and everyone["pages"] == 1
    assert "email" not in everyone["items"][0]
    checks = {"q=HADDAD": ["karim"], "country=MA": ["amina"], "language=fr": ["amina"],
              "expertise=Textiles": ["amina"], "cluster=agri": ["karim", "moussa"], "q=zzz": []}
    for query, expected in checks.items():
        items = anon_api.get(f"/users?{query}").get_json()["items"]
        assert [u["username"] for u in items] == expected, query
    agri = anon_api.get("/users?cluster=agri").get_json()["items"][0]
    assert agri["clusters"] == [{"slug": "agri", "name": "Agri", "role": "member"}]


def test_list_users_paginates(anon_api):
    bulk_users("page", 0, 5)
    body = anon_api.get("/users?per_page=2&page=3").get_json()
    assert body["page"] == 3 and body["per_page"] == 2
    assert body["total"] == 5 and body["pages"] == 3
    assert len(body["items"]) == 1


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=-1"])
def test_list_users_bad_page_is_422(anon_api, query):
    assert anon_api.get(f"/users?{query}").status_code == 422


def test_list_users_query_count_is_constant(anon_api, count_queries):
    cluster = make_cluster(make_user("farmer"), "Agri")

    def add(start: int, stop: int) -> None:
        bulk_users("api", start, stop, cluster, languages=["ar"], expertise=["food"])

    def measure() -> int:
        anon_api.get("/users?per_page=100")
        with count_queries() as counter:
            assert anon_api.get("/users?per_page=100").status_code == 200
        return counter.count

    add(0, 10)
    few = measure()
    add(10, 60)
    assert measure() == few


def test_openapi_documents_profile_endpoints(anon_api):
    paths = anon_api.get("/openapi.json").get_json()["paths"]
    assert {"get", "patch"} <= set(paths["/me"])
    assert "multipart/form-data" in paths["/me/avatar"]["put"]["requestBody"]["content"]
    assert "get" in paths["/users"] and "get" in paths["/users/{username}"]
