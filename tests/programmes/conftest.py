"""Shared set-up of the calendar, feed and reminder tests: a programme and a confirmed pair
(`member` mentors `other_member`)."""

from __future__ import annotations

import pytest

from tests.factories import enrol, make_pair, make_programme


@pytest.fixture
def programme(admin):
    return make_programme(admin)


@pytest.fixture
def pair(programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    return make_pair(programme, member, other_member)
