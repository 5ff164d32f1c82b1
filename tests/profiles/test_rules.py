"""The profile rules (`profiles.services.PROFILE_RULES`) are written once: the API, the settings
form and the service refuse the same values with the same message, and normalise alike."""

from __future__ import annotations

import html

import pytest

from community.errors import ValidationError
from community.profiles.services import profile_changes

FORM = {"display_name": "Amina Benali", "headline": "", "bio": "", "country": "",
        "expertise": "", "locale": ""}


@pytest.mark.parametrize(("field", "value"), [
    ("display_name", "x" * 81),
    ("display_name", "   "),
    ("headline", "x" * 141),
    ("bio", "x" * 5001),
])
def test_form_and_api_refuse_with_the_same_message(client, auth, api_as, member, field, value):
    answer = api_as(member).patch("/me", json={field: value})
    assert answer.status_code == 422
    message = answer.json["error"]["fields"][field]
    auth.login(member)
    page = client.post("/settings/profile", data={**FORM, field: value})
    assert page.status_code == 200
    assert html.escape(message) in page.get_data(as_text=True)


@pytest.mark.parametrize(("data", "expected"), [
    ({"country": None, "locale": None}, {"country": None, "locale": None}),
    ({"country": " tn ", "locale": "ar"}, {"country": "TN", "locale": "ar"}),
    ({"country": "", "locale": ""}, {"country": None, "locale": None}),
    ({"languages": ["fr", "ar", "fr"]}, {"languages": ["fr", "ar"]}),
    ({"expertise": ["Solar ", "solar", "IoT"]}, {"expertise": ["solar", "iot"]}),
    ({"display_name": "  Amina   B. "}, {"display_name": "Amina B."}),
    ({"bio": "line\r\nnext"}, {"bio": "line\nnext"}),
])
def test_profile_changes_normalises(app, data, expected):
    with app.test_request_context():
        assert profile_changes(data) == expected


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"country": "ZZ"}, "country", "Choose a country from the list."),
    ({"languages": ["xx"]}, "languages", "Must be one of: ar, fr, en, es, it, ca, de, pt, tr, "
                                         "el, he, amz."),
    ({"expertise": [f"t{i}" for i in range(16)]}, "expertise", "At most 15 items."),
    ({"expertise": ["x" * 41]}, "expertise", "Each item has at most 40 characters."),
    ({"locale": "de"}, "locale", "Must be one of: , en, fr, ar."),
    ({"headline": None}, "headline", "Must not be null."),
])
def test_profile_changes_refuses_with_the_rule_message(app, data, field, message):
    with app.test_request_context(), pytest.raises(ValidationError) as caught:
        profile_changes(data)
    assert caught.value.fields[field] == message
