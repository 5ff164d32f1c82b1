"""Live events of moderation: hidden posts and messages leave members' open pages and reach the
staff marked; forum deliveries follow read access, checked when sent."""

import pytest

from community.clusters import services as clusters
from community.extensions import db
from community.models import Report
from tests.conftest import events
from tests.factories import add_member, cluster_forum, make_post, make_thread, make_user
from tests.moderation.conftest import first_post, report


def forum_events(client) -> list[tuple[str, dict]]:
    return [(e["name"], e["args"][0]) for e in client.get_received()
            if e["name"].startswith("forum:")]


def watching(sio, user, thread_id):
    client = sio(user)
    assert client.emit("forum:watch", {"thread_id": thread_id}, callback=True) == {"ok": True}
    return client


def hide(api_as, actor, reporter, kind, target):
    report(api_as(reporter), kind, target)
    report_id = db.session.scalar(db.select(db.func.max(Report.id)))
    response = api_as(actor).post(f"/moderation/reports/{report_id}", json={"action": "hide"})
    assert response.status_code == 200


def test_hidden_post_removed_for_member_watchers(sio, api_as, moderator, reporters, post):
    watcher = watching(sio, reporters[1], post.thread_id)
    hide(api_as, moderator, reporters[0], "post", post)
    assert forum_events(watcher) == [("forum:post_removed",
                                      {"thread_id": post.thread_id, "id": post.id})]


def test_hidden_post_sent_marked_to_moderator_watchers(sio, api_as, moderator, reporters, post):
    staff = watching(sio, moderator, post.thread_id)
    hide(api_as, moderator, reporters[0], "post", post)
    [(name, payload)] = forum_events(staff)
    assert name == "forum:post_updated" and payload["id"] == post.id
    assert "Hidden from members" in payload["html"] and "Buy cheap pills" in payload["html"]


def test_hidden_post_sent_marked_to_cluster_manager(sio, api_as, moderator, manager,
                                                    other_member, cluster_post):
    staff = watching(sio, manager, cluster_post.thread_id)
    member_view = watching(sio, other_member, cluster_post.thread_id)
    hide(api_as, moderator, other_member, "post", cluster_post)
    assert [name for name, _payload in forum_events(staff)] == ["forum:post_updated"]
    assert [name for name, _payload in forum_events(member_view)] == ["forum:post_removed"]


def test_restored_post_comes_back_for_members(sio, api_as, moderator, reporters, post):
    for user in reporters:
        report(api_as(user), "post", post)
    watcher = watching(sio, make_user("reader"), post.thread_id)
    report_id = db.session.scalar(db.select(db.func.max(Report.id)))
    api_as(moderator).post(f"/moderation/reports/{report_id}", json={"action": "restore"})
    [(name, payload)] = forum_events(watcher)
    assert name == "forum:post_updated" and "Buy cheap pills" in payload["html"]


def test_hidden_message_deleted_for_members(sio, api_as, moderator, member, other_member,
                                            room_message):
    reader = sio(other_member)
    hide(api_as, moderator, other_member, "message", room_message)
    assert events(reader, "chat:deleted") == [{"room_id": room_message.room_id,
                                               "id": room_message.id, "seq": room_message.seq}]


def test_hidden_message_updated_for_moderators(sio, api_as, moderator, other_member,
                                               room_message):
    staff = sio(moderator)
    hide(api_as, moderator, other_member, "message", room_message)
    received = staff.get_received()
    [payload] = [e["args"][0] for e in received if e["name"] == "chat:updated"]
    assert payload["hidden"] is True and payload["body"] == "Rude message"
    assert [e for e in received if e["name"] == "chat:deleted"] == []


def test_hidden_message_updated_for_room_manager(sio, api_as, moderator, manager, other_member,
                                                 room_message):
    staff = sio(manager)
    hide(api_as, moderator, other_member, "message", room_message)
    names = [e["name"] for e in staff.get_received() if e["name"].startswith("chat:")]
    assert names == ["chat:updated"]


def test_history_shows_hidden_message_marked_to_moderators(sio, api_as, moderator, other_member,
                                                           room_message):
    hide(api_as, moderator, other_member, "message", room_message)
    ack = sio(moderator).emit("chat:join", {"room_id": room_message.room_id}, callback=True)
    [message] = ack["messages"]
    assert message["hidden"] is True and message["body"] == "Rude message"


def test_history_hides_hidden_message_from_members(sio, api_as, moderator, other_member,
                                                   room_message):
    hide(api_as, moderator, other_member, "message", room_message)
    ack = sio(other_member).emit("chat:join", {"room_id": room_message.room_id}, callback=True)
    [message] = ack["messages"]
    assert message["deleted"] is True and message["body"] == "" and "hidden" not in message


def make_members_only(manager, cluster) -> None:
    clusters.update_cluster(manager, cluster, forum_visibility="members")
    db.session.commit()


@pytest.fixture
def private_thread(member, manager, cluster):
    """A thread in the cluster's forum, made members-only."""
    make_members_only(manager, cluster)
    return make_thread(member, cluster_forum(cluster), "Members only", "first")


def test_member_removed_from_cluster_stops_receiving_posts(sio, member, other_member, manager,
                                                           cluster, private_thread):
    thread = private_thread
    removed = watching(sio, other_member, thread.id)
    staying = watching(sio, member, thread.id)
    clusters.remove_member(manager, cluster, other_member)
    db.session.commit()
    make_post(manager, thread, "After the removal")
    assert forum_events(removed) == []
    assert [name for name, _payload in forum_events(staying)] == ["forum:post"]


def test_forum_made_members_only_stops_outsider_watchers(sio, member, manager, cluster):
    outsider = make_user("visitor")
    thread = make_thread(member, cluster_forum(cluster), "Open talk", "first")
    watcher = watching(sio, outsider, thread.id)
    make_members_only(manager, cluster)
    make_post(member, thread, "Now private")
    assert forum_events(watcher) == []


def test_members_only_forum_post_reaches_members_and_moderators(sio, member, moderator, cluster,
                                                                private_thread):
    thread = private_thread
    staff = watching(sio, moderator, thread.id)
    newcomer = make_user("newcomer")
    add_member(cluster, newcomer)
    joined = watching(sio, newcomer, thread.id)
    post = make_post(member, thread, "Hello members")
    for client in (staff, joined):
        [(name, payload)] = forum_events(client)
        assert name == "forum:post" and payload["id"] == post.id


def test_public_thread_post_reaches_any_watcher(sio, member, other_member, thread):
    watcher = watching(sio, make_user("passerby"), thread.id)
    make_post(other_member, thread, "Hi all")
    assert [name for name, _payload in forum_events(watcher)] == ["forum:post"]
    assert first_post(thread).hidden is False
