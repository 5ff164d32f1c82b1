"""Notifying many users at once: one insert and a fixed number of queries, preferences kept."""

from __future__ import annotations

from community.extensions import db
from community.models import Notification, User
from community.notifications.services import notify_many
from tests.factories import make_user, set_channel


def queries_for(count_queries, actor_name, names) -> int:
    """Recipients are loaded first, as a caller does, then only notify_many is counted."""
    users = {u.username: u for u in db.session.scalars(
        db.select(User).where(User.username.in_([actor_name, *names])))}
    with count_queries() as counter:
        notify_many([(users[name], "hello") for name in names], "reply", actor=users[actor_name],
                    target_url="/posts/1")
    return counter.count


def test_notify_many_runs_the_same_queries_for_3_and_for_12_users(app, count_queries):
    make_user("author")
    few = [make_user(f"few{i}").username for i in range(3)]
    many = [make_user(f"many{i}").username for i in range(12)]
    assert queries_for(count_queries, "author", few) == queries_for(count_queries, "author", many)
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 15


def test_notify_many_skips_the_actor_and_muted_users(app):
    actor, listener, muted = make_user("author"), make_user("listener"), make_user("muted")
    set_channel(muted, "reply", "off")
    ids = notify_many([(actor, "x"), (listener, "x"), (muted, "x")], "reply", actor=actor)
    stored = db.session.scalars(db.select(Notification)).all()
    assert [(n.id, n.user_id) for n in stored] == [(ids[0], listener.id)]
