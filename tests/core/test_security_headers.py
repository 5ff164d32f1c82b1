"""Security headers on pages, API responses, static files and uploads."""

from __future__ import annotations

import pytest

PAGES = ["/", "/login", "/register", "/members", "/no-such-page", "/api/v1/openapi.json",
         "/api/v1/no-such-thing", "/static/css/app.css", "/healthz"]


@pytest.mark.parametrize("path", PAGES)
def test_response_carries_security_headers(client, path):
    response = client.get(path)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_hsts_over_plain_http_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_when_cookies_are_secure(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "max-age=" in client.get("/").headers["Strict-Transport-Security"]


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["MAX_CONTENT_LENGTH"] <= 16 * 1024 * 1024


def test_uploads_are_sandboxed(app, client):
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    (folder / "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get("/uploads/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png")
    assert response.status_code == 200
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["../secret_key", "..%2Fsecret_key", ".htaccess"])
def test_uploads_refuse_traversal(client, name):
    assert client.get(f"/uploads/{name}").status_code == 404
