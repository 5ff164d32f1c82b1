"""The /admin/audit page: entries newest first, filters, pages, empty states, read-only."""

from __future__ import annotations

import re

import pytest

from tests.moderation.dashboard_data import audit_entries


@pytest.fixture
def log(moderator, admin, member):
    return audit_entries(
        (moderator, "report.hide", "post", 12, "Post 12 in Water", "Spam link"),
        (admin, "user.role", "user", member.id, "amina", "Now a moderator"),
        (None, "user.unsuspend", "user", member.id, "amina", "The suspension ended"),
    )


def rows(client, query: str = "") -> list[str]:
    response = client.get("/admin/audit" + query)
    assert response.status_code == 200
    return re.findall(r"<code dir=\"ltr\">([^<]+)</code>", response.get_data(as_text=True))


def test_audit_page_lists_entries_newest_first(client, auth, log, moderator):
    auth.login(moderator)
    assert rows(client) == ["user.unsuspend", "user.role", "report.hide"]


def test_audit_page_shows_who_on_what_and_why(client, auth, log, moderator):
    auth.login(moderator)
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Moussa Diallo" in html and "Spam link" in html and "post:12" in html
    assert "the system" in html


def test_audit_page_filters_by_target(client, auth, log, moderator):
    auth.login(moderator)
    assert rows(client, "?target=post:12") == ["report.hide"]


def test_audit_page_filters_by_actor_and_action(client, auth, log, moderator):
    auth.login(moderator)
    assert rows(client, "?actor=laura&action=user") == ["user.role"]


def test_audit_page_explains_a_bad_target_and_keeps_the_other_filters(client, auth, log,
                                                                       moderator):
    auth.login(moderator)
    response = client.get("/admin/audit?target=post:x&actor=moussa")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "like post:12" in html and "is-invalid" in html
    assert re.findall(r"<code dir=\"ltr\">([^<]+)</code>", html) == ["report.hide"]


def test_audit_page_is_paginated(client, auth, moderator):
    audit_entries(*[(moderator, "report.dismiss", "post", i, f"Post {i}", "") for i in range(25)])
    auth.login(moderator)
    assert len(rows(client)) == 20
    assert len(rows(client, "?page=2")) == 5


def test_audit_page_says_when_nothing_is_recorded(client, auth, moderator):
    auth.login(moderator)
    assert "Nothing recorded yet" in client.get("/admin/audit").get_data(as_text=True)


def test_audit_page_says_when_no_entry_matches(client, auth, log, moderator):
    auth.login(moderator)
    html = client.get("/admin/audit?actor=nobody").get_data(as_text=True)
    assert "No entry matches these filters." in html


def test_audit_page_cannot_change_the_log(client, auth, log, admin):
    auth.login(admin)
    assert client.post("/admin/audit", data={"reason": "changed"}).status_code == 405
