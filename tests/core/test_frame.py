"""The site frame: home page, error shapes, security headers."""

from community.models import User
from tests.factories import make_user


def test_home_page_renders_for_a_visitor(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"i-Community" in response.data


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_unknown_page_answers_html_404(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_factory_users_are_stored(app):
    user = make_user("sami")
    assert app.extensions["sqlalchemy"].session.get(User, user.id).username == "sami"


def test_nul_byte_in_query_is_refused_with_400(client):
    assert client.get("/members?q=%00").status_code == 400
    response = client.get("/api/v1/clusters?q=a%00b")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_nul_byte_in_path_is_refused_with_400(client):
    assert client.get("/api/v1/clusters/a%00b").status_code == 400


def test_lone_surrogate_in_json_is_refused_with_400(client, member, api_as):
    response = api_as(member).patch(
        "/me", data='{"headline": "\\ud800"}', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
