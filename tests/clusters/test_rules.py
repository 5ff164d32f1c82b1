"""The cluster rules live in `clusters.validation` once: the API, the HTML form and the
service refuse the same values with the same message."""

from __future__ import annotations

import html

import pytest

from community.clusters.validation import clean_cluster_data
from community.errors import ValidationError

API_BODY = {"name": "Cluster Marbre", "country": "TN", "sectors": ["marble-stone"],
            "description": "Marble."}
FORM = {"name": "Cluster Marbre", "country": "TN", "sectors": "marble-stone",
        "description": "Marble."}


@pytest.mark.parametrize(("field", "value"), [
    ("name", "x" * 161),
    ("name", "x"),
    ("acronym", "A" * 21),
    ("website", "javascript:alert(1)"),
    ("website", "https://" + "x" * 300),
    ("description", "x" * 10_001),
    ("description", "   "),
])
def test_form_and_api_refuse_with_the_same_message(client, auth, api_as, member, field, value):
    answer = api_as(member).post("/clusters", json={**API_BODY, field: value})
    assert answer.status_code == 422
    message = answer.json["error"]["fields"][field]
    auth.login(member)
    page = client.post("/clusters/new", data={**FORM, field: value})
    assert page.status_code == 200  # the form shown again with its errors (API: 422)
    assert html.escape(message) in page.get_data(as_text=True)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({**API_BODY, "sectors": [" ", ""]}, "sectors", "Must not be empty."),
    ({**API_BODY, "sectors": [f"s{i}" for i in range(11)]}, "sectors", "At most 10 items."),
    ({**API_BODY, "labels": ["x" * 61]}, "labels", "Each item has at most 60 characters."),
    ({**API_BODY, "forum_visibility": "secret"}, "forum_visibility",
     "Must be one of: public, members."),
    ({**API_BODY, "offers": [{"text": "ok"}, {"text": ""}]}, "offers",
     "Item 2, text: Must not be empty."),
    ({**API_BODY, "offers": [{"text": "ok", "tags": ["x" * 41]}]}, "offers",
     "Item 1, tags: Each item has at most 40 characters."),
    ({"name": "Cluster Marbre"}, "country", "This field is required."),
])
def test_service_refuses_with_the_rule_message(app, data, field, message):
    with app.test_request_context(), pytest.raises(ValidationError) as caught:
        clean_cluster_data(data, partial=False)
    assert caught.value.fields[field] == message


def test_service_normalises_as_the_rules_say(app):
    with app.test_request_context():
        values = clean_cluster_data({
            "name": " Cluster ", "country": " tn ", "sectors": ["ICT", " ict ", " Design "],
            "offers": [{"text": " Software  teams "}]}, partial=True)
    assert values == {"name": "Cluster", "country": "TN", "sectors": ["ict", "design"],
                      "offers": [{"text": "Software teams", "tags": []}]}


def test_patch_refuses_null(app):
    with app.test_request_context(), pytest.raises(ValidationError) as caught:
        clean_cluster_data({"acronym": None}, partial=True)
    assert caught.value.fields == {"acronym": "Must not be null."}
