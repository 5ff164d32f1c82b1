"""Errors answer JSON under /api and an HTML page elsewhere, in the spec's shape."""

from __future__ import annotations

import pytest


def assert_error_shape(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) <= {"code", "message", "fields"}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_unknown_api_path_answers_json_404_for_every_method(api_as, member, method):
    response = api_as(member).call(method, "/no/such/thing")
    assert_error_shape(response, 404, "not_found")


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("PUT", "/openapi.json", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/auth/tokens", {"POST", "OPTIONS"}),
    ("PUT", "/me", {"GET", "HEAD", "PATCH", "DELETE", "OPTIONS"}),
    ("POST", "/threads/1", {"GET", "HEAD", "PATCH", "OPTIONS"}),
])
def test_wrong_method_on_api_route_answers_json_405(api_as, member, method, path, allowed):
    response = api_as(member).call(method, path)
    assert_error_shape(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == allowed


def test_wrong_method_on_html_route_answers_html_405(client):
    response = client.get("/language")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "POST" in response.headers["Allow"]


def test_unknown_page_answers_html_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"<html" in response.data


def test_cookie_write_without_csrf_token_answers_json_400(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    client.set_cookie("session", "a-browser-session")
    response = client.post("/api/v1/no/such/thing", json={})
    assert_error_shape(response, 400, "bad_request")


def test_invalid_bearer_token_answers_json_401(client):
    response = client.get("/api/v1/openapi.json", headers={"Authorization": "Bearer nope"})
    assert_error_shape(response, 401, "unauthorized")


def test_bad_language_choice_answers_400_html(client):
    response = client.post("/language", data={"locale": "xx"})
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_error_page_is_localised(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "ar"})
    assert b'dir="rtl"' in response.data
