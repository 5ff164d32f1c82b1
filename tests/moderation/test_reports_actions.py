"""`POST /moderation/reports/<id>`: each action on posts, messages and profiles, the reports it
resolves, the reporters it tells, its audit entry, every refusal, and atomicity."""

import pytest

from community.extensions import db
from community.models import ChatMessage, Notification, Post, Report, User
from tests.factories import content_audit
from tests.moderation.conftest import report


def report_id(kind="post") -> int:
    return db.session.scalar(db.select(Report.id).where(Report.target_type == kind)
                             .order_by(Report.id))


def act(api, action, kind="post", note=""):
    return api.post(f"/moderation/reports/{report_id(kind)}", json={"action": action,
                                                                    "note": note})


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def audit_actions() -> list[tuple]:
    return [(e.actor_name, e.action, e.target_type, e.target_id, e.reason)
            for e in db.session.scalars(content_audit())]


def resolved_notices() -> list[tuple[str, str]]:
    rows = db.session.execute(db.select(User.username, Notification.text).join(
        Notification, Notification.user_id == User.id).where(
        Notification.kind == "report_resolved").order_by(User.username))
    return [tuple(row) for row in rows]


@pytest.fixture
def two_reports(api_as, reporters, post):
    for user in reporters[:2]:
        report(api_as(user), "post", post, "spam", f"by {user.username}")


def test_hide_post_hides_it(api_as, moderator, two_reports, post):
    response = act(api_as(moderator), "hide", note="Spam link")
    assert response.status_code == 200
    assert response.json["status"] == "resolved"
    assert response.json["resolution"]["action"] == "hide"
    assert fresh(Post, post.id).hidden is True


def test_action_resolves_every_open_report_on_target(api_as, moderator, two_reports):
    act(api_as(moderator), "hide", note="Spam link")
    rows = db.session.execute(db.select(Report.status, Report.action, Report.resolution_note,
                                        Report.resolved_by_id)).all()
    assert [tuple(r) for r in rows] == [("resolved", "hide", "Spam link", moderator.id)] * 2


def test_action_leaves_reports_on_other_targets_open(api_as, moderator, two_reports,
                                                      other_member, member):
    report(api_as(other_member), "user", member)
    act(api_as(moderator), "hide")
    assert db.session.scalar(db.select(Report.status).where(Report.target_type == "user")) == "open"


@pytest.mark.parametrize(("action", "text"), [
    ("dismiss", "Your report was reviewed: no action was needed."),
    ("hide", "Your report was reviewed: the content is now hidden."),
    ("restore", "Your report was reviewed: the content stays visible."),
    ("delete", "Your report was reviewed: the content was deleted."),
])
def test_every_reporter_told_the_outcome(api_as, moderator, two_reports, action, text):
    act(api_as(moderator), action)
    assert resolved_notices() == [("reporter0", text), ("reporter1", text)]


def test_reporter_told_in_their_language(api_as, moderator, post):
    from tests.factories import make_user

    reporter = make_user("camille", locale="fr")
    report(api_as(reporter), "post", post)
    act(api_as(moderator), "hide")
    assert resolved_notices() == [
        ("camille", "Votre signalement a été examiné : le contenu est maintenant masqué.")]


def test_action_writes_one_audit_entry(api_as, moderator, two_reports, post):
    act(api_as(moderator), "hide", note="Spam link")
    assert audit_actions() == [("moussa", "report.hide", "post", post.id, "Spam link")]


def test_restore_shows_hidden_post(api_as, moderator, reporters, post):
    for user in reporters:  # the third report hides it
        report(api_as(user), "post", post)
    assert act(api_as(moderator), "restore").status_code == 200
    assert fresh(Post, post.id).hidden is False


def test_dismiss_shows_post_hidden_by_reports(api_as, moderator, reporters, post):
    for user in reporters:
        report(api_as(user), "post", post)
    act(api_as(moderator), "dismiss")
    assert fresh(Post, post.id).hidden is False


def test_dismiss_keeps_post_hidden_by_a_moderator(api_as, moderator, reporters, post,
                                                  other_member):
    report(api_as(reporters[0]), "post", post)
    act(api_as(moderator), "hide")
    report(api_as(other_member), "post", post)
    act_response = api_as(moderator).post(
        f"/moderation/reports/{db.session.scalar(db.select(db.func.max(Report.id)))}",
        json={"action": "dismiss"})
    assert act_response.status_code == 200 and fresh(Post, post.id).hidden is True


def test_dismiss_leaves_post_visible(api_as, moderator, two_reports, post):
    act(api_as(moderator), "dismiss")
    assert fresh(Post, post.id).hidden is False and fresh(Post, post.id).deleted_at is None


def test_delete_post_soft_deletes_it(api_as, moderator, two_reports, post):
    act(api_as(moderator), "delete")
    assert fresh(Post, post.id).deleted_at is not None


def test_hide_message(api_as, moderator, other_member, room_message):
    report(api_as(other_member), "message", room_message)
    assert act(api_as(moderator), "hide", "message").status_code == 200
    assert fresh(ChatMessage, room_message.id).hidden_at is not None


def test_restore_message(api_as, moderator, other_member, room_message, reporters, cluster):
    from tests.factories import add_member

    add_member(cluster, reporters[0])
    report(api_as(other_member), "message", room_message)
    act(api_as(moderator), "hide", "message")
    report(api_as(reporters[0]), "message", room_message)
    last = db.session.scalar(db.select(db.func.max(Report.id)))
    api_as(moderator).post(f"/moderation/reports/{last}", json={"action": "restore"})
    assert fresh(ChatMessage, room_message.id).hidden_at is None


def test_delete_message(api_as, moderator, other_member, room_message):
    report(api_as(other_member), "message", room_message)
    act(api_as(moderator), "delete", "message")
    assert fresh(ChatMessage, room_message.id).deleted_at is not None


def test_hide_profile_clears_headline_and_bio(api_as, moderator, other_member, member):
    member.headline, member.bio, member.bio_html = "Rude", "Rude *bio*", "<p>Rude</p>"
    db.session.commit()
    report(api_as(other_member), "user", member)
    assert act(api_as(moderator), "hide", "user").status_code == 200
    user = fresh(User, member.id)
    assert (user.headline, user.bio, user.bio_html, user.status) == ("", "", "", "active")


@pytest.mark.parametrize("action", ["restore", "delete"])
def test_profile_action_not_applicable_validation(api_as, moderator, other_member, member,
                                                  action):
    report(api_as(other_member), "user", member)
    response = act(api_as(moderator), action, "user")
    assert response.status_code == 422 and "action" in response.json["error"]["fields"]
    assert db.session.scalar(db.select(Report.status)) == "open"


@pytest.mark.parametrize("body", [{}, {"action": "ban"}, {"action": "hide", "note": "x" * 1001},
                                  {"action": 1}])
def test_action_validation(api_as, moderator, two_reports, body):
    response = api_as(moderator).post(f"/moderation/reports/{report_id()}", json=body)
    assert response.status_code == 422


def test_action_on_resolved_report_conflict(api_as, moderator, two_reports):
    act(api_as(moderator), "dismiss")
    response = act(api_as(moderator), "hide")
    assert response.status_code == 409
    assert len(audit_actions()) == 1


def test_action_unknown_report_not_found(api_as, moderator):
    response = api_as(moderator).post("/moderation/reports/999", json={"action": "dismiss"})
    assert response.status_code == 404


def test_action_anonymous_unauthorized(anon_api, two_reports):
    assert act(anon_api, "hide").status_code == 401


def test_action_member_forbidden(api_as, member, two_reports, post):
    assert act(api_as(member), "hide").status_code == 403
    assert fresh(Post, post.id).hidden is False


def test_action_manager_of_another_cluster_forbidden(api_as, other_manager, other_member,
                                                     cluster_post):
    report(api_as(other_member), "post", cluster_post)
    assert act(api_as(other_manager), "hide").status_code == 403
    assert fresh(Post, cluster_post.id).hidden is False and audit_actions() == []


def test_action_manager_on_site_content_forbidden(api_as, manager, cluster, two_reports):
    assert act(api_as(manager), "hide").status_code == 403


def test_action_cluster_manager_hides_post(api_as, manager, other_member, cluster_post):
    report(api_as(other_member), "post", cluster_post)
    assert act(api_as(manager), "hide").status_code == 200
    assert fresh(Post, cluster_post.id).hidden is True


def test_action_cluster_manager_hides_message(api_as, manager, other_member, room_message):
    report(api_as(other_member), "message", room_message)
    assert act(api_as(manager), "hide", "message").status_code == 200


def test_action_manager_on_profile_forbidden(api_as, manager, cluster, other_member, member):
    report(api_as(other_member), "user", member)
    assert act(api_as(manager), "dismiss", "user").status_code == 403


def test_failure_while_notifying_leaves_nothing(api_as, moderator, two_reports, post,
                                                monkeypatch):
    from community.moderation import reports

    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(reports, "notify_many", broken)
    response = act(api_as(moderator), "hide", note="Spam link")
    assert response.status_code == 500
    db.session.expire_all()
    assert set(db.session.scalars(db.select(Report.status))) == {"open"}
    assert fresh(Post, post.id).hidden is False
    assert audit_actions() == [] and resolved_notices() == []
