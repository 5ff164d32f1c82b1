"""Control characters and odd input: never a 500, never stored."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import User


@pytest.mark.parametrize("path", ["/u/a%00b", "/members?q=a%00b", "/members?country=%00",
                                  "/members?expertise=%00x", "/members?language=%00",
                                  "/members?cluster=%00", "/members?page=%00"])
def test_pages_with_nul_bytes_are_refused_with_400(client, member, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("path", ["/u/%F0%9F%98%80", "/u/" + "a" * 300])
def test_impossible_usernames_are_404(client, member, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/users/a%00b", "/users?q=%00", "/users?expertise=a%00",
                                  "/users?country=%00&language=%00&cluster=%00"])
def test_api_with_nul_bytes_is_refused_with_400(anon_api, member, path):
    response = anon_api.get(path)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_patch_me_strips_control_characters(api_as, member):
    response = api_as(member).patch("/me", json={
        "display_name": "Ami\x01na\u202e B\n", "headline": "Line\tone\x07",
        "bio": "Hello\x01 world\n\nsecond", "expertise": ["ai\x02", "io\u202et"]})
    assert response.status_code == 200
    body = response.get_json()
    assert body["display_name"] == "Amina B"
    assert body["headline"] == "Line one"
    assert body["expertise"] == ["ai", "iot"]
    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert user.bio == "Hello world\n\nsecond"


def test_patch_me_display_name_of_only_controls_is_refused(api_as, member):
    response = api_as(member).patch("/me", json={"display_name": "\x01\u202e"})
    assert response.status_code == 422
    assert "display_name" in response.get_json()["error"]["fields"]


def test_edit_form_with_nul_byte_is_refused_and_changes_nothing(client, auth, member):
    auth.login(member)
    response = client.post("/settings/profile", data={"display_name": "A\x00B", "bio": "x\x00"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, member.id).display_name == "Amina Benali"


@pytest.mark.parametrize("field", ["display_name", "headline", "bio"])
def test_patch_me_lone_surrogate_is_not_an_error(api_as, member, field):
    api = api_as(member)
    response = api.client.patch("/api/v1/me", data=f'{{"{field}": "a\\ud800b"}}',
                                headers=api.headers(), content_type="application/json")
    assert response.status_code == 400


def test_patch_me_lone_surrogate_in_tags_is_not_an_error(api_as, member):
    api = api_as(member)
    response = api.client.patch("/api/v1/me", data='{"expertise": ["a\\udc00"]}',
                                headers=api.headers(), content_type="application/json")
    assert response.status_code == 400
