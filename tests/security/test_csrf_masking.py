"""BREACH: the CSRF token in a compressed page is masked afresh in every answer, and a masked
token still passes Flask-WTF's check (forms and the X-CSRFToken header)."""

from __future__ import annotations

import re

import pytest

from community.csrf_masking import PREFIX, mask, unmask
from tests.factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def tokens_of(page: str) -> list[str]:
    return re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page) + re.findall(
        r'<meta name="csrf-token" content="([^"]+)"', page)


def test_unmask_gives_back_the_masked_token():
    assert unmask(mask("IjEyMyI.Zx.sig")) == "IjEyMyI.Zx.sig"


def test_two_answers_never_carry_the_same_token_text(client):
    first, second = (tokens_of(client.get("/login").get_data(as_text=True)) for _ in range(2))
    assert first and all(t.startswith(PREFIX) for t in first + second)
    assert not set(first) & set(second)


def test_a_masked_token_signs_in(client, member):
    token = tokens_of(client.get("/login").get_data(as_text=True))[0]
    response = client.post("/login", data={"login": "amina", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_a_masked_header_token_passes_the_api_check(client, member):
    token = tokens_of(client.get("/login").get_data(as_text=True))[0]
    client.post("/login", data={"login": "amina", "password": PASSWORD, "csrf_token": token})
    token = tokens_of(client.get("/").get_data(as_text=True))[-1]
    response = client.post("/api/v1/notifications/read", json={"all": True},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_a_tampered_masked_token_is_refused(client, member):
    token = tokens_of(client.get("/login").get_data(as_text=True))[0]
    response = client.post("/login", data={"login": "amina", "password": PASSWORD,
                                           "csrf_token": token[:-4] + "AAAA"})
    assert response.status_code == 400
