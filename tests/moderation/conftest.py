"""Fixtures of the moderation tests: a site category with a thread, a cluster with its own
manager, forum thread and chat room, and a helper to file reports as members do."""

import pytest

from community.extensions import db
from community.models import Post
from tests.factories import (
    add_member,
    cluster_forum,
    cluster_room,
    make_category,
    make_cluster,
    make_message,
    make_thread,
    make_user,
)


@pytest.fixture
def category(admin):
    return make_category(admin, "General", "Talk about anything")


@pytest.fixture
def thread(member, category):
    return make_thread(member, category, "Water", "Buy cheap pills")


def first_post(thread) -> Post:
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id,
                                                   Post.position == 1))


@pytest.fixture
def post(thread):
    return first_post(thread)


@pytest.fixture
def manager(app):
    return make_user("salma", display_name="Salma Idrissi", country="MA")


@pytest.fixture
def cluster(manager, member, other_member):
    return make_cluster(manager, "Agrinov", members=[member, other_member])


@pytest.fixture
def other_manager(app):
    """Manages another cluster: reviews nothing of `cluster`."""
    user = make_user("youssef", display_name="Youssef Amrani", country="TN")
    make_cluster(user, "Textile Sud", country="TN")
    return user


@pytest.fixture
def cluster_post(member, cluster):
    return first_post(make_thread(member, cluster_forum(cluster), "Olives", "Rude words"))


@pytest.fixture
def room_message(member, cluster):
    return make_message(member, cluster_room(cluster), "Rude message")


@pytest.fixture
def reporters(app):
    return [make_user(f"reporter{n}", display_name=f"Reporter {n}") for n in range(3)]


def report(api, kind: str, target, reason: str = "spam", note: str = ""):
    """File a report through the API as a member would: `kind` post, message or user."""
    path = {"post": f"/posts/{getattr(target, 'id', None)}/reports",
            "message": f"/chat/messages/{getattr(target, 'id', None)}/reports",
            "user": f"/users/{getattr(target, 'username', None)}/reports"}[kind]
    return api.post(path, json={"reason": reason, "note": note})


__all__ = ["add_member", "first_post", "report"]
