"""Unconfirmed users can sign in and read, and write only to their account and profile."""

from __future__ import annotations

UNCONFIRMED_MESSAGE = "unconfirmed"


def test_unconfirmed_write_outside_me_and_auth_is_403(api_as, unconfirmed):
    response = api_as(unconfirmed).post("/clusters", json={"name": "Agri Hub"})
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "forbidden"
    assert UNCONFIRMED_MESSAGE in error["message"]


def test_confirmed_write_passes_the_guard(api_as, member):
    response = api_as(member).post("/clusters", json={"name": "Agri Hub"})
    assert response.status_code != 403


def test_unconfirmed_may_use_auth_endpoints(api_as, unconfirmed):
    assert api_as(unconfirmed).delete("/auth/tokens/current").status_code == 204


def test_unconfirmed_may_read(api_as, unconfirmed):
    assert api_as(unconfirmed).get("/openapi.json").status_code == 200
