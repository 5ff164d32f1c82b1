"""One-click unsubscribe (RFC 8058): the signed link in every notification mail."""

from __future__ import annotations

import pytest

from community.notifications.services import preferences_of
from community.notifications.unsubscribe import DIGEST, unsubscribe_token
from tests.factories import set_channel

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def config_overrides():
    """CSRF on, as in production: the mail client's POST carries no token and no session."""
    return {"WTF_CSRF_ENABLED": True}


def test_one_click_post_turns_the_kinds_mail_off_without_a_session(client, member):
    token = unsubscribe_token(member, "mention")
    response = client.post(f"/unsubscribe/{token}", data=ONE_CLICK)
    assert response.status_code == 200
    assert preferences_of(member)["mention"] == "inapp"


def test_one_click_post_of_the_digest_stops_every_digest_kind(client, member):
    set_channel(member, "mention", "instant")
    client.post(f"/unsubscribe/{unsubscribe_token(member, DIGEST)}", data=ONE_CLICK)
    chosen = preferences_of(member)
    assert (chosen["reply"], chosen["cluster_event"], chosen["mention"]) == \
        ("inapp", "inapp", "instant")


def test_one_click_post_keeps_an_off_kind_off(client, member):
    set_channel(member, "reply", "off")
    client.post(f"/unsubscribe/{unsubscribe_token(member, 'reply')}", data=ONE_CLICK)
    assert preferences_of(member)["reply"] == "off"


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
                                    lambda t: "x" + t, lambda t: "nothing"])
def test_tampered_token_is_refused_and_changes_nothing(client, member, tamper):
    token = tamper(unsubscribe_token(member, "mention"))
    assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 404
    assert preferences_of(member)["mention"] == "instant"


def test_token_of_an_unknown_kind_is_refused(client, member):
    token = unsubscribe_token(member, "everything")
    assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 404


def test_rotating_the_secret_revokes_the_links(app, client, member):
    token = unsubscribe_token(member, "mention")
    app.config["SECRET_KEY"] = "a rotated secret key of some length"
    assert client.get(f"/unsubscribe/{token}").status_code == 404


def test_unsubscribe_page_shows_a_button_and_changes_nothing(client, member):
    token = unsubscribe_token(member, "mention")
    page = client.get(f"/unsubscribe/{token}").get_data(as_text=True)
    assert f'action="/unsubscribe/{token}"' in page and "/settings/notifications" in page
    assert preferences_of(member)["mention"] == "instant"
