"""The private calendar addresses are rate-limited per client address: a token cannot be
guessed by trying many, and a runaway calendar app cannot hammer the database."""

from __future__ import annotations

import pytest

from tests.factories import make_calendar_feed


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": True, "CALENDAR_FEED_RATE_LIMIT": "2 per hour"}


def test_third_feed_request_in_the_hour_is_429(client, member):
    token = make_calendar_feed(member)
    for _attempt in range(2):
        client.get(f"/calendar/{token}.ics")
    assert client.get(f"/calendar/{token}.ics").status_code == 429
