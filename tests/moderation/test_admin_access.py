"""Every page of the admin blueprint, whoever wrote it: visitors are sent to sign in, members
get 403, staff get the page. The pages are found in the URL map, so new ones are covered."""

from __future__ import annotations

import re

from flask import current_app

from community.admin import TABS
from tests.factories import make_cluster

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def admin_pages() -> dict[str, str]:
    """endpoint → a URL of every GET route of the admin blueprint; path arguments get a value
    of their type that names nothing (the refusal must come before any lookup)."""
    adapter = current_app.url_map.bind("localhost")
    pages = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or "GET" not in rule.methods:
            continue
        values = {m["name"]: 999_999 if m["converter"] == "int" else "nothing-here"
                  for m in ARGUMENT.finditer(rule.rule)}
        pages[rule.endpoint] = adapter.build(rule.endpoint, values)
    return pages


def plain_pages() -> dict[str, str]:
    """The admin pages that take no path argument (the tabs, mostly)."""
    return {endpoint: url for endpoint, url in admin_pages().items()
            if not any(rule.arguments for rule in current_app.url_map.iter_rules(endpoint))}


def test_walk_finds_the_admin_pages(app):
    assert {"admin.dashboard", "admin.audit", "admin.clusters"} <= set(admin_pages())


def test_every_admin_page_sends_visitors_to_sign_in(client):
    wrong = {}
    for endpoint, url in admin_pages().items():
        response = client.get(url)
        if response.status_code != 302 or "/login" not in response.headers.get("Location", ""):
            wrong[endpoint] = (url, response.status_code)
    assert wrong == {}


# The permission table: a cluster's managers act on the reports about their cluster's content,
# so the reports queue is the one admin page open to them (it lists only those reports).
OPEN_TO_MANAGERS = {"admin.reports"}


def test_every_admin_page_is_forbidden_to_members(client, auth, member):
    auth.login(member)
    wrong = {endpoint: (url, status) for endpoint, url in admin_pages().items()
             if (status := client.get(url).status_code) != 403}
    assert wrong == {}


def test_cluster_managers_open_only_the_reports_queue(client, auth, member):
    make_cluster(member, "Agrinov")
    auth.login(member)
    answered = {endpoint: client.get(url).status_code for endpoint, url in admin_pages().items()}
    assert answered == {endpoint: 200 if endpoint in OPEN_TO_MANAGERS else 403
                        for endpoint in answered}


def test_every_admin_page_opens_for_admins(client, auth, admin):
    auth.login(admin)
    wrong = {endpoint: (url, status) for endpoint, url in plain_pages().items()
             if (status := client.get(url).status_code) != 200}
    assert wrong == {}


def test_moderators_open_every_tab_but_the_admins_only_ones(client, auth, moderator):
    auth.login(moderator)
    expected = {tab.endpoint: 403 if tab.admins_only else 200 for tab in TABS
                if tab.endpoint in current_app.view_functions}
    answered = {endpoint: client.get(url).status_code
                for endpoint, url in plain_pages().items() if endpoint in expected}
    assert answered == expected
