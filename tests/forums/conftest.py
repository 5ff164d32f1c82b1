"""Fixtures of the forum tests: a site category, a public and a members-only cluster forum."""

import pytest

from tests.factories import make_user
from tests.forums.helpers import make_category, make_cluster


@pytest.fixture
def category(admin):
    return make_category(admin, "General", "Talk about anything")


@pytest.fixture
def manager(app):
    return make_user("salma", display_name="Salma Idrissi", country="MA")


@pytest.fixture
def open_cluster(manager):
    return make_cluster("agrinov", managers=(manager,), name="Agrinov")


@pytest.fixture
def closed_cluster(manager, member):
    return make_cluster("secret-lab", visibility="members", managers=(manager,),
                        members=(member,), name="Secret Lab")
