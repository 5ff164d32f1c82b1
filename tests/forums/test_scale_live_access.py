"""Read access is checked when a live forum post is delivered, on every process: a watcher on
process B of a members-only thread, removed from the cluster through process A's API, receives
no later `forum:post`, while a member still in it does (PostgreSQL + Redis, real processes and
clients)."""

from __future__ import annotations

import pytest
import requests

from tests.chat.test_scale import clients, servers  # noqa: F401 (fixtures)
from tests.factories import cluster_forum, make_cluster, make_thread, make_token, make_user


@pytest.fixture
def lab(app):
    """A cluster with a members-only forum: Alice manages it, Bruno and Carol are members."""
    alice, bruno, carol = make_user("alice"), make_user("bruno"), make_user("carol")
    cluster = make_cluster(alice, "Secret Lab", forum_visibility="members",
                           members=[bruno, carol])
    thread = make_thread(alice, cluster_forum(cluster), "Members only", "first")
    return {"slug": cluster.slug, "thread": thread.id, "alice": make_token(alice),
            "bruno": make_token(bruno), "carol": make_token(carol)}


@pytest.mark.redis
@pytest.mark.postgres_only
@pytest.mark.parametrize("kind", ["threading", "gevent"])
def test_removed_watcher_on_other_process_gets_no_post(servers, lab,  # noqa: F811
                                                       clients, kind):  # noqa: F811
    one, two = servers(2, kind)
    removed, staying = clients(two, lab["bruno"]), clients(two, lab["carol"])
    for watcher in (removed, staying):
        assert watcher.call("forum:watch", {"thread_id": lab["thread"]}) == {"ok": True}
    alice = {"Authorization": f"Bearer {lab['alice']}"}
    gone = requests.delete(f"{one.url}/api/v1/clusters/{lab['slug']}/members/bruno",
                           headers=alice, timeout=5)
    assert gone.status_code == 204
    posted = requests.post(f"{one.url}/api/v1/threads/{lab['thread']}/posts",
                           json={"body": "Not for Bruno"}, headers=alice, timeout=5)
    assert posted.status_code == 201
    [delivered] = staying.wait_for("forum:post")
    assert delivered["id"] == posted.json()["id"]
    assert removed.wait_for("forum:post", timeout=0.5) == []
