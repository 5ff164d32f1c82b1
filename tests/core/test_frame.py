"""The site frame: home page, menus, error shapes, security headers."""

import re

import pytest

from community.frame import Link, register_frame
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


def menu(html: str, marker: str) -> list[str]:
    """The labels of the menu that follows `marker` in the page, in order (an icon entry's
    label is its text for screen readers)."""
    part = html.split(marker, 1)[1].split("</ul>", 1)[0]
    labels = re.findall(r'href="[^"]*">(?:<svg.*?</svg><span class="nav-icon-label">)?([^<]+)<',
                        part, re.S)
    return [label.strip() for label in labels]


def test_site_menu_lists_the_features_in_order(client):
    html = client.get("/").get_data(as_text=True)
    assert menu(html, 'class="navbar-nav me-auto"') == ["Members", "Clusters", "Forums"]
    assert menu(html, 'class="navbar-nav nav-icons"') == ["Mentoring programmes", "Chat"]


def test_signed_in_menu_shows_chat_and_notifications_as_icons(client, auth, member):
    auth.login(member)
    html = client.get("/").get_data(as_text=True)
    assert menu(html, 'class="navbar-nav nav-icons"') == ["Mentoring programmes", "Chat",
                                                          "Notifications"]


def test_user_menu_lists_profile_settings_and_sign_out_in_order(client, auth, member):
    auth.login(member)
    html = client.get("/").get_data(as_text=True)
    assert menu(html, 'class="dropdown-menu') == [
        "Your profile", "Edit profile", "Settings", "Notification settings", "Calendar"]
    assert ">Sign out</button>" in html.split('class="dropdown-menu', 1)[1]


def test_menu_entry_naming_no_view_fails_at_start_up(app):
    with pytest.raises(ValueError, match="forums.nowhere"):
        register_frame(app, nav_links=[Link("forums.nowhere", "Nowhere")], user_links=[])
