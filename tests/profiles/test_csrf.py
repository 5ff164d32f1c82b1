"""The profile forms need the CSRF token when protection is on (as in production)."""

from __future__ import annotations

import io
import re

import pytest

from tests.profiles.helpers import image_bytes


@pytest.fixture
def config_overrides() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(client, user) -> None:
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"login": user.username, "password": "correct horse battery",
                                "csrf_token": token_from(page)})


def test_edit_without_csrf_token_is_refused(client, member):
    sign_in(client, member)
    response = client.post("/settings/profile", data={"display_name": "Forged"})
    assert response.status_code == 400


def test_edit_with_csrf_token_is_saved(client, member):
    sign_in(client, member)
    token = token_from(client.get("/settings/profile").get_data(as_text=True))
    response = client.post("/settings/profile",
                           data={"display_name": "Real", "csrf_token": token})
    assert response.status_code == 302


def test_upload_avatar_without_csrf_token_is_refused(client, member):
    sign_in(client, member)
    response = client.post("/settings/avatar", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(image_bytes()), "me.png")})
    assert response.status_code == 400


def test_patch_me_with_cookie_needs_csrf_header(client, member):
    sign_in(client, member)
    assert client.patch("/api/v1/me", json={"headline": "x"}).status_code == 400
    token = token_from(client.get("/settings/profile").get_data(as_text=True))
    response = client.patch("/api/v1/me", json={"headline": "x"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
