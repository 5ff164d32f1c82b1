"""Filing reports: posts, chat messages and profiles, once per member, who is told, and the
automatic hide of a post reported by three members."""

import pytest

from community.extensions import db
from community.models import Notification, Post, Report
from tests.conftest import events
from tests.factories import content_audit, make_user
from tests.moderation.conftest import report


def notified(user, kind="report_filed"):
    return db.session.scalars(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)).all()


def test_report_post_records_author_and_cluster(api_as, member, other_member, cluster,
                                                cluster_post):
    assert report(api_as(other_member), "post", cluster_post).status_code == 201
    stored = db.session.scalar(db.select(Report))
    assert (stored.target_user_id, stored.cluster_id) == (member.id, cluster.id)


def test_report_message_records_room_cluster(api_as, member, other_member, cluster,
                                             room_message):
    assert report(api_as(other_member), "message", room_message).status_code == 201
    stored = db.session.scalar(db.select(Report))
    assert (stored.target_type, stored.target_user_id, stored.cluster_id) == (
        "message", member.id, cluster.id)


def test_report_site_post_has_no_cluster(api_as, member, other_member, post):
    report(api_as(other_member), "post", post)
    assert db.session.scalar(db.select(Report.cluster_id)) is None


def test_report_profile_created(api_as, member, other_member):
    response = report(api_as(other_member), "user", member, "abuse", "Insults in the bio")
    assert response.status_code == 201
    assert response.json["target"] == {"type": "user", "id": member.id}
    assert (response.json["reason"], response.json["note"], response.json["status"]) == (
        "abuse", "Insults in the bio", "open")
    stored = db.session.scalar(db.select(Report))
    assert (stored.target_user_id, stored.cluster_id) == (member.id, None)


def test_report_profile_anonymous_unauthorized(anon_api, member):
    assert report(anon_api, "user", member).status_code == 401


def test_report_profile_unconfirmed_forbidden(api_as, member, unconfirmed):
    assert report(api_as(unconfirmed), "user", member).status_code == 403


def test_report_own_profile_refused(api_as, member):
    response = report(api_as(member), "user", member)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 0


def test_report_own_post_refused(api_as, member, post):
    assert report(api_as(member), "post", post).status_code == 422


def test_report_unknown_profile_not_found(api_as, member):
    response = api_as(member).post("/users/nobody/reports", json={"reason": "spam"})
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{}, {"reason": "boring"}, {"reason": "spam", "note": "x" * 1001},
                                  {"reason": "spam", "note": 3}])
def test_report_profile_validation(api_as, member, other_member, body):
    response = api_as(other_member).post(f"/users/{member.username}/reports", json=body)
    assert response.status_code == 422


@pytest.mark.parametrize("kind", ["post", "message", "user"])
def test_report_same_target_twice_conflict(api_as, member, other_member, cluster_post,
                                           room_message, kind):
    target = {"post": cluster_post, "message": room_message, "user": member}[kind]
    api = api_as(other_member)
    assert report(api, kind, target).status_code == 201
    second = report(api, kind, target, "other", "again")
    assert second.status_code == 409 and second.json["error"]["code"] == "conflict"
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 1


def test_report_filed_notifies_moderators_and_cluster_managers(
        api_as, member, other_member, moderator, manager, other_manager, cluster, cluster_post):
    report(api_as(other_member), "post", cluster_post)
    assert [n.target_url for n in notified(moderator)] == ["/admin/reports"]
    assert len(notified(manager)) == 1
    assert notified(other_manager) == [] and notified(member) == []


def test_report_filed_site_post_not_sent_to_cluster_managers(api_as, other_member, manager,
                                                            moderator, cluster, post):
    report(api_as(other_member), "post", post)
    assert len(notified(moderator)) == 1 and notified(manager) == []


def test_report_filed_text_in_recipients_language(api_as, other_member, post):
    french = make_user("camille", role="moderator", locale="fr")
    report(api_as(other_member), "post", post)
    [notice] = notified(french)
    assert notice.text == (  # the name and the title between Unicode isolates
        "\u2068Karim Haddad\u2069 a signalé un message dans « \u2068Water\u2069 ».")


def test_report_filed_pushed_live(sio, api_as, other_member, moderator, post):
    listener = sio(moderator)
    report(api_as(other_member), "post", post)
    [payload] = events(listener, "notification")
    assert payload["kind"] == "report_filed" and payload["actor"]["username"] == "karim"


def test_report_refused_notifies_nobody(api_as, member, moderator, post):
    report(api_as(member), "post", post)
    assert notified(moderator) == []


def test_third_reporter_hides_post(api_as, reporters, post):
    for user in reporters:
        assert report(api_as(user), "post", post).status_code == 201
    db.session.expire_all()
    assert db.session.get(Post, post.id).hidden is True


def test_two_reporters_leave_post_visible(api_as, reporters, post):
    for user in reporters[:2]:
        report(api_as(user), "post", post)
    db.session.expire_all()
    assert db.session.get(Post, post.id).hidden is False


def test_automatic_hide_audited_as_system(api_as, reporters, post):
    for user in reporters:
        report(api_as(user), "post", post)
    [entry] = db.session.scalars(content_audit()).all()
    assert (entry.actor_id, entry.actor_name, entry.action, entry.target_type,
            entry.target_id) == (None, "system", "post.auto_hide", "post", post.id)


def test_automatic_hide_removes_post_live(sio, api_as, reporters, other_member, post):
    watcher = sio(other_member)
    watcher.emit("forum:watch", {"thread_id": post.thread_id}, callback=True)
    for user in reporters:
        report(api_as(user), "post", post)
    assert events(watcher, "forum:post_removed") == [{"thread_id": post.thread_id,
                                                      "id": post.id}]
