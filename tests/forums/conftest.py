"""Fixtures of the forum tests: a site category, a public and a members-only cluster forum."""

import pytest

from tests.factories import make_category, make_cluster, make_user


@pytest.fixture
def category(admin):
    return make_category(admin, "General", "Talk about anything")


@pytest.fixture
def manager(app):
    return make_user("salma", display_name="Salma Idrissi", country="MA")


@pytest.fixture
def open_cluster(manager):
    return make_cluster(manager, "Agrinov")


@pytest.fixture
def closed_cluster(manager, member):
    return make_cluster(manager, "Secret Lab", forum_visibility="members", members=[member])
