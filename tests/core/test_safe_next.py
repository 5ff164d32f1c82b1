"""`next` targets: only local paths survive (open-redirect protection)."""

from __future__ import annotations

import pytest

from community.urls import safe_next

BAD_TARGETS = [
    "http://evil.example/",
    "https://evil.example/path",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "http:/evil.example",
    "http:evil.example",
    "https:\\\\evil.example",
    "/%5Cevil.example".replace("%5C", "\\"),
    "",
    None,
]
GOOD_TARGETS = ["/", "/members", "/u/amina?tab=posts", "/clusters/3#forum", "/search?q=a%2Fb"]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_safe_next_refuses_foreign_or_tricky_targets(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", GOOD_TARGETS)
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_language_switcher_does_not_redirect_outside(client, target):
    response = client.post("/language", data={"locale": "fr", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switcher_returns_to_local_page(client):
    response = client.post("/language", data={"locale": "fr", "next": "/members?page=2"})
    assert response.headers["Location"] == "/members?page=2"
