"""`community.pagination`: the one parser of integer query arguments, forgiving on HTML pages,
strict (422) in the API, and never letting a number overflow SQL."""

from __future__ import annotations

import pytest

from community.errors import ValidationError
from community.pagination import (
    LARGEST,
    MAX_PAGE,
    MAX_PER_PAGE,
    int_arg,
    page_args,
    page_number,
    parse_int,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("7", 7), ("-7", -7), ("0", 0), ("007", 7),
    ("9" * 40, LARGEST), ("-" + "9" * 40, -LARGEST),
    (None, None), ("", None), ("abc", None), (" 7", None), ("+7", None), ("7_0", None),
    ("٧", None), ("7.0", None), ("-", None), ("1\x01", None),
])
def test_parse_int_reads_plain_ascii_digits_only(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("", 1), ("?page=3", 3), ("?page=abc", 1), ("?page=-3", 1), ("?page=0", 1),
    ("?page=" + "9" * 30, MAX_PAGE),
])
def test_page_number_forgives_bad_pages(app, query, expected):
    with app.test_request_context("/members" + query):
        assert page_number() == expected


def test_page_number_stops_at_its_limit(app):
    with app.test_request_context("/clusters?page=50"):
        assert page_number(limit=10) == 10


@pytest.mark.parametrize(("query", "expected"), [
    ("", (1, 20)), ("?page=2&per_page=5", (2, 5)), ("?per_page=1000", (1, MAX_PER_PAGE)),
    (f"?page={MAX_PAGE}", (MAX_PAGE, 20)),
])
def test_page_args_reads_page_and_per_page(app, query, expected):
    with app.test_request_context("/api/v1/clusters" + query):
        assert page_args() == expected


@pytest.mark.parametrize(("query", "field", "message"), [
    ("?page=zero", "page", "Must be an integer."),
    ("?page=0", "page", "Must be at least 1."),
    (f"?page={MAX_PAGE + 1}", "page", f"At most {MAX_PAGE}."),
    ("?page=" + "9" * 30, "page", f"At most {MAX_PAGE}."),
    ("?per_page=-1", "per_page", "Must be at least 1."),
    ("?per_page=1.5", "per_page", "Must be an integer."),
])
def test_page_args_refuses_bad_values_naming_the_argument(app, query, field, message):
    with app.test_request_context("/api/v1/clusters" + query), \
            pytest.raises(ValidationError) as raised:
        page_args()
    assert raised.value.fields == {field: message}


def test_int_arg_gives_the_default_when_absent_or_empty(app):
    with app.test_request_context("/api/v1/chat/rooms/1/messages?after="):
        assert int_arg("after", minimum=0) is None
        assert int_arg("limit", 50, minimum=0) == 50


def test_int_arg_accepts_its_bounds(app):
    with app.test_request_context("/x?after=0&limit=200"):
        assert int_arg("after", minimum=0) == 0
        assert int_arg("limit", minimum=1, maximum=200) == 200
