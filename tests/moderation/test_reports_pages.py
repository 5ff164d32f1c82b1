"""The reports page (/admin/reports), the thread page's hidden posts and their Hide and Restore
buttons, and the profile page's "Report" form."""

import pytest

from community.extensions import db
from community.models import Post, Report
from tests.factories import content_audit, make_post
from tests.moderation.conftest import report


@pytest.fixture
def filed(api_as, reporters, post, other_member, member):
    report(api_as(reporters[0]), "post", post, "spam", "Pills again")
    report(api_as(reporters[1]), "post", post, "abuse", "Ugh")
    report(api_as(other_member), "user", member, "other", "Odd bio")


def page(client, auth, user, query=""):
    auth.login(user)
    return client.get(f"/admin/reports{query}")


def test_reports_page_anonymous_redirected_to_sign_in(client):
    response = client.get("/admin/reports")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_reports_page_member_forbidden(client, auth, member):
    assert page(client, auth, member).status_code == 403


def test_reports_page_lists_targets_with_every_report(client, auth, moderator, filed):
    html = page(client, auth, moderator).get_data(as_text=True)
    assert html.count('class="card mb-4 report-case"') == 2
    # The title and the name are isolated, so they read right inside an Arabic sentence.
    for text in ("Post in “<bdi>Water</bdi>”", "Profile of <bdi>Amina Benali</bdi>",
                 "Pills again", "Ugh", "Odd bio", "2 reports", "Reporter 0", "Reporter 1"):
        assert text in html


def test_reports_page_shows_posts_around_the_reported_one(client, auth, moderator, thread,
                                                          other_member, filed):
    make_post(other_member, thread, "A reply after it")
    html = page(client, auth, moderator, "?type=post").get_data(as_text=True)
    assert "Buy cheap pills" in html and "A reply after it" in html
    assert html.count("report-target") == 1


def test_reports_page_shows_author_history(client, auth, moderator, filed):
    html = page(client, auth, moderator, "?type=post").get_data(as_text=True)
    assert "0 earlier reports upheld" in html and "1 post" in html


def test_reports_page_filters_by_type(client, auth, moderator, filed):
    html = page(client, auth, moderator, "?type=user").get_data(as_text=True)
    assert "Profile of <bdi>Amina Benali</bdi>" in html and "Post in “<bdi>Water</bdi>”" not in html


def test_reports_page_empty_state(client, auth, moderator):
    html = page(client, auth, moderator).get_data(as_text=True)
    assert "No open report: nothing waits for a review." in html


def test_reports_page_manager_sees_own_cluster(client, auth, manager, other_member,
                                               cluster_post, filed, api_as):
    report(api_as(other_member), "post", cluster_post)
    html = page(client, auth, manager).get_data(as_text=True)
    assert "Post in “<bdi>Olives</bdi>”" in html and "Post in “<bdi>Water</bdi>”" not in html


def test_reports_page_action_hides_and_resolves(client, auth, moderator, filed, post):
    auth.login(moderator)
    report_id = db.session.scalar(db.select(db.func.min(Report.id)))
    response = client.post(f"/admin/reports/{report_id}?status=open",
                           data={"action": "hide", "note": "Spam"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).hidden is True
    assert db.session.scalar(db.select(db.func.count(Report.id)).where(
        Report.status == "open", Report.target_type == "post")) == 0


def test_reports_page_resolved_shows_outcome(client, auth, moderator, filed):
    auth.login(moderator)
    report_id = db.session.scalar(db.select(db.func.min(Report.id)))
    client.post(f"/admin/reports/{report_id}", data={"action": "dismiss", "note": "Fine"})
    html = client.get("/admin/reports?status=resolved").get_data(as_text=True)
    assert "Dismissed" in html and "Fine" in html


def test_reports_page_action_member_forbidden(client, auth, member, filed, post):
    auth.login(member)
    report_id = db.session.scalar(db.select(db.func.min(Report.id)))
    assert client.post(f"/admin/reports/{report_id}", data={"action": "hide"}).status_code == 403


def test_thread_page_leaves_hidden_post_out_for_members(client, auth, other_member, moderator,
                                                        thread, post):
    reply = make_post(other_member, thread, "Visible reply")
    post.hidden = True
    db.session.commit()
    auth.login(other_member)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f'id="post-{post.id}"' not in html and f'id="post-{reply.id}"' in html


def test_thread_page_shows_hidden_post_marked_with_restore(client, auth, moderator, thread,
                                                           post):
    post.hidden = True
    db.session.commit()
    auth.login(moderator)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Hidden from members" in html and "Buy cheap pills" in html
    assert f'action="/posts/{post.id}/visibility"' in html and ">Restore<" in html


def test_restore_button_restores_and_resolves(client, auth, moderator, filed, thread, post):
    post.hidden = True
    db.session.commit()
    auth.login(moderator)
    response = client.post(f"/posts/{post.id}/visibility", data={"action": "restore"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).hidden is False
    assert db.session.scalar(content_audit()).action == "report.restore"


def test_hide_button_member_forbidden(client, auth, other_member, post):
    auth.login(other_member)
    assert client.post(f"/posts/{post.id}/visibility", data={"action": "hide"}).status_code == 403


def test_hide_button_without_reports_audited(client, auth, moderator, post):
    auth.login(moderator)
    client.post(f"/posts/{post.id}/visibility", data={"action": "hide"})
    assert db.session.scalar(content_audit()).action == "post.hide"


def test_profile_report_form_shown_to_other_members(client, auth, member, other_member):
    auth.login(other_member)
    html = client.get(f"/u/{member.username}").get_data(as_text=True)
    assert f'action="/u/{member.username}/report"' in html


def test_profile_report_form_absent_on_own_profile(client, auth, member):
    auth.login(member)
    assert "/report" not in client.get(f"/u/{member.username}").get_data(as_text=True)


def test_profile_report_form_absent_for_visitors(client, member):
    assert "/report" not in client.get(f"/u/{member.username}").get_data(as_text=True)


def test_profile_report_form_files_report(client, auth, member, other_member):
    auth.login(other_member)
    response = client.post(f"/u/{member.username}/report",
                           data={"reason": "abuse", "note": "Insults"})
    assert response.status_code == 302
    stored = db.session.scalar(db.select(Report))
    assert (stored.target_type, stored.target_id, stored.note) == ("user", member.id, "Insults")


def test_profile_report_twice_told_already_reported(client, auth, member, other_member):
    auth.login(other_member)
    client.post(f"/u/{member.username}/report", data={"reason": "abuse"})
    response = client.post(f"/u/{member.username}/report", data={"reason": "spam"},
                           follow_redirects=True)
    assert "You have already reported this." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 1
