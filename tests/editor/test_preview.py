"""`POST /api/v1/preview`: the editors' Preview tab, rendered by the server's one Markdown path."""

from __future__ import annotations

import re

import pytest

from community.models.forum import BODY_MAX
from tests.factories import PASSWORD
from tests.security.corpus import all_payloads, corpus_available, html_problems


def test_preview_renders_markdown(api_as, member):
    body = "**EU distribution**\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    response = api_as(member).post("/preview", json={"body": body})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>EU distribution</strong>" in html and "<td>1</td>" in html


@pytest.mark.skipif(not corpus_available(), reason="the shared XSS corpus is not here")
def test_preview_sanitises_corpus_payloads(api_as, member):
    api = api_as(member)
    problems = []
    for name, payloads in all_payloads().items():
        for payload in payloads[::25]:  # a sample of every file: the full corpus is in security/
            html = api.post("/preview", json={"body": payload}).get_json()["html"]
            problems += [f"{name}: {problem}" for problem in html_problems(html)]
    assert not problems, "\n".join(problems[:20])


def test_preview_too_long_422(api_as, member):
    response = api_as(member).post("/preview", json={"body": "x" * (BODY_MAX + 1)})
    assert response.status_code == 422
    assert "body" in response.get_json()["error"]["fields"]


def test_preview_anonymous_401(anon_api):
    assert anon_api.post("/preview", json={"body": "Hello"}).status_code == 401


@pytest.mark.parametrize("config_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_preview_with_cookie_needs_csrf_header(client, member):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"login": "amina", "password": PASSWORD, "csrf_token": token})
    refused = client.post("/api/v1/preview", json={"body": "**hi**"})
    allowed = client.post("/api/v1/preview", json={"body": "**hi**"},
                          headers={"X-CSRFToken": token})
    assert (refused.status_code, allowed.status_code) == (400, 200)


def test_preview_allowed_before_confirming_the_address(api_as, unconfirmed):
    assert api_as(unconfirmed).post("/preview", json={"body": "*bio*"}).status_code == 200
