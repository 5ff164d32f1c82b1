"""API tokens: issuing with a login and password, revoking, and the settings page."""

from __future__ import annotations

from datetime import datetime, timedelta

from community.extensions import db
from community.models import ApiToken, utcnow
from tests.factories import PASSWORD, ApiClient, make_token

BAD_CREDENTIALS = "The username, e-mail address or password is not right."


def test_create_token_returns_token_and_expiry(anon_api, member):
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert expires > utcnow() + timedelta(days=80)
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.token_hash != body["token"]  # only the hash is kept


def test_create_token_with_email_login(anon_api, member):
    response = anon_api.post("/auth/tokens", json={"login": "amina@example.org",
                                                   "password": PASSWORD})
    assert response.status_code == 201


def test_created_token_authenticates(client, anon_api, member):
    secret = anon_api.post("/auth/tokens", json={"login": "amina",
                                                 "password": PASSWORD}).get_json()["token"]
    api = ApiClient(client, secret)
    assert api.delete("/auth/tokens/current").status_code == 204


def test_create_token_wrong_password_and_unknown_user_same_401(anon_api, member):
    wrong = anon_api.post("/auth/tokens", json={"login": "amina", "password": "not it at all"})
    unknown = anon_api.post("/auth/tokens", json={"login": "ghost", "password": "not it at all"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"] == {"code": "unauthorized", "message": BAD_CREDENTIALS}


def test_create_token_suspended_user_refused(anon_api, member):
    member.status = "suspended"
    db.session.commit()
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_create_token_deleted_user_is_401(anon_api, member):
    member.status = "deleted"
    db.session.commit()
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 401


def test_create_token_missing_fields_is_422(anon_api):
    response = anon_api.post("/auth/tokens", json={"login": "amina"})
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_create_token_wrong_types_is_422(anon_api):
    response = anon_api.post("/auth/tokens", json={"login": ["amina"], "password": 5})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"login", "password"}


def test_create_token_malformed_json_is_400(client):
    response = client.post("/api/v1/auth/tokens", data="{", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_create_token_unconfirmed_user_allowed(anon_api, unconfirmed):
    response = anon_api.post("/auth/tokens", json={"login": "nadia", "password": PASSWORD})
    assert response.status_code == 201


def test_revoke_current_token_stops_it_at_once(api_as, member):
    api = api_as(member)
    assert api.delete("/auth/tokens/current").status_code == 204
    response = api.delete("/auth/tokens/current")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert api.get("/auth/nothing").status_code == 401


def test_revoke_current_token_only_that_token(client, api_as, member):
    first, second = api_as(member), api_as(member)
    assert first.delete("/auth/tokens/current").status_code == 204
    assert second.delete("/auth/tokens/current").status_code == 204


def test_revoke_current_token_anonymous_is_401(anon_api):
    assert anon_api.delete("/auth/tokens/current").status_code == 401


def test_revoke_current_token_with_session_cookie_is_401(client, auth, member):
    auth.login(member)
    assert client.delete("/api/v1/auth/tokens/current").status_code == 401


def test_expired_token_refused(client, member):
    token, secret = ApiToken.issue(member, days=1)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.add(token)
    db.session.commit()
    assert ApiClient(client, secret).delete("/auth/tokens/current").status_code == 401


def test_settings_create_named_token_shows_it_once(client, auth, member):
    auth.login(member)
    response = client.post("/settings/account/tokens", data={"name": "CRM sync"})
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == member.id))
    assert token.name == "CRM sync"
    [secret] = [line.split('value="')[1].split('"')[0] for line in page.splitlines()
                if 'id="new-token"' in line]
    assert ApiToken.hash(secret) == token.token_hash
    later = client.get("/settings/account").get_data(as_text=True)
    assert "CRM sync" in later and secret not in later


def test_settings_create_token_needs_name(client, auth, member):
    auth.login(member)
    assert client.post("/settings/account/tokens", data={"name": ""}).status_code == 200
    assert db.session.scalar(db.select(ApiToken)) is None


def test_settings_revoke_token(app, client, auth, member):
    api = ApiClient(app.test_client(), make_token(member))
    assert api.get("/auth/tokens/none").status_code == 404
    auth.login(member)
    token = db.session.scalar(db.select(ApiToken))
    response = client.post(f"/settings/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert api.delete("/auth/tokens/current").status_code == 401


def test_settings_revoke_other_users_token_is_404(app, client, auth, member, other_member):
    api = ApiClient(app.test_client(), make_token(other_member))
    auth.login(member)
    token = db.session.scalar(db.select(ApiToken))
    assert client.post(f"/settings/account/tokens/{token.id}/revoke").status_code == 404
    assert api.delete("/auth/tokens/current").status_code == 204
