"""The queries-per-page counter: it counts the statements a page runs, on a database whose
pages show as many items as asked."""

import pytest
import sqlalchemy as sa

from bench.harness import queries
from community.extensions import db
from community.models import Membership, Post


def test_counter_counts_each_statement(app):
    with queries.StatementCounter(db.engine) as counter:
        db.session.execute(sa.text("SELECT 1"))
        db.session.execute(sa.text("SELECT 2"))
    db.session.execute(sa.text("SELECT 3"))  # after the block: not counted
    assert counter.count == 2


def test_world_shows_the_asked_number_of_items(app, client):
    world = queries.build_world(3)
    posts = db.session.scalar(sa.select(sa.func.count()).where(Post.thread_id == world.thread_id))
    assert posts == 3
    members = db.session.scalar(sa.select(sa.func.count()).select_from(Membership))
    assert members >= 3
    page = client.get(world.paths()["search"]).get_data(as_text=True)
    assert page.count(queries.SEARCH_WORD) >= 3


@pytest.mark.parametrize("signed_in", [False, True])
def test_page_counts_give_a_count_for_every_page(app, signed_in):
    world = queries.build_world(1)
    counts = queries.page_counts(app, world, signed_in)
    assert set(counts) == set(world.paths())
    assert all(count > 0 for count in counts.values())
