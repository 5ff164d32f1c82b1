"""Interface language: user setting > switcher > Accept-Language; Arabic is right to left."""

from __future__ import annotations

import re

import pytest
from flask import session
from flask_login import login_user

from community.i18n import country_flag, select_locale, shore_of
from tests.factories import make_user


def html_tag(response) -> str:
    return re.search(rb"<html[^>]*>", response.data).group(0).decode()


@pytest.mark.parametrize(("header", "lang"), [("ar", "ar"), ("fr-FR,fr;q=0.9", "fr"),
                                              ("de", "en"), ("en-GB", "en")])
def test_accept_language_picks_the_interface_language(client, header, lang):
    tag = html_tag(client.get("/", headers={"Accept-Language": header}))
    assert f'lang="{lang}"' in tag


def test_arabic_interface_is_right_to_left(client):
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)
    assert b"bootstrap.rtl.min." in response.data


def test_english_interface_is_left_to_right(client):
    response = client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="en" dir="ltr">' in response.get_data(as_text=True)
    assert b"bootstrap.rtl.min." not in response.data


def test_switcher_beats_accept_language(client):
    client.post("/language", data={"locale": "ar", "next": "/"})
    tag = html_tag(client.get("/", headers={"Accept-Language": "fr"}))
    assert 'lang="ar"' in tag and 'dir="rtl"' in tag


def test_user_setting_beats_switcher_and_accept_language(app):
    user = make_user("sami", locale="fr")
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        session["locale"] = "en"
        login_user(user)
        assert select_locale() == "fr"


def test_switcher_used_when_user_has_no_setting(app):
    user = make_user("sami", locale=None)
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        session["locale"] = "fr"
        login_user(user)
        assert select_locale() == "fr"


def test_accept_language_used_when_nothing_chosen(app):
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        assert select_locale() == "ar"


def test_unknown_language_falls_back_to_english(app):
    with app.test_request_context("/", headers={"Accept-Language": "zz"}):
        assert select_locale() == "en"


def test_country_helpers():
    assert country_flag("MA") == '<span class="fi fi-ma" aria-hidden="true"></span>'
    assert shore_of("ES") == "north" and shore_of("TN") == "south" and shore_of("US") is None
