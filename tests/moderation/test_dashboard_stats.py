"""`GET /admin/stats`: who may read it, its numbers, its per-day series and its query count."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.models import Post, utcnow
from community.moderation.stats import site_stats
from tests.factories import (
    make_category,
    make_cluster,
    make_direct_room,
    make_message,
    make_post,
    make_thread,
    make_user,
)
from tests.moderation.dashboard_data import hold, move_back, open_report

KEYS = {"members", "new_members", "active_members", "posts_per_day", "messages_per_day",
        "open_reports", "held_posts", "pending_clusters"}


def today() -> datetime:
    return utcnow().astimezone(UTC)


def first_post(thread) -> Post:
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def test_stats_need_sign_in(anon_api):
    response = anon_api.get("/admin/stats")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_stats_are_refused_to_members(api_as, member):
    assert api_as(member).get("/admin/stats").status_code == 403


def test_stats_are_refused_to_cluster_managers(api_as, member):
    make_cluster(member, "Agrinov")
    assert api_as(member).get("/admin/stats").status_code == 403


def test_stats_are_refused_to_members_before_their_arguments_are_read(api_as, member):
    assert api_as(member).get("/admin/stats?days=abc").status_code == 403


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_stats_answer_staff_with_the_keys_of_the_spec(api_as, role):
    staff = make_user("staffer", role=role)
    response = api_as(staff).get("/admin/stats")
    assert response.status_code == 200
    assert KEYS <= set(response.json) and response.json["days"] == 30


@pytest.mark.parametrize("days", ["0", "366", "-3", "abc", "1.5", "99999999999999999999"])
def test_stats_refuse_a_window_outside_1_to_365_days(api_as, moderator, days):
    response = api_as(moderator).get(f"/admin/stats?days={days}")
    assert response.status_code == 422 and "days" in response.json["error"]["fields"]


def test_per_day_series_list_every_day_of_the_window_with_zeros(api_as, moderator):
    body = api_as(moderator).get("/admin/stats?days=7").json
    expected = [(today().date() - timedelta(days=6 - i)).isoformat() for i in range(7)]
    assert [d["date"] for d in body["posts_per_day"]] == expected
    assert [d["date"] for d in body["messages_per_day"]] == expected
    assert {d["count"] for d in body["posts_per_day"] + body["messages_per_day"]} == {0}


def test_posts_per_day_counts_each_post_on_its_utc_day(api_as, admin, member, moderator):
    thread = make_thread(member, make_category(admin), "Water", "First")
    move_back(first_post(thread), days=2)
    make_post(member, thread, "Today")
    make_post(member, thread, "Also today")
    series = api_as(moderator).get("/admin/stats?days=3").json["posts_per_day"]
    assert [d["count"] for d in series] == [1, 0, 2]


def test_messages_per_day_counts_chat_messages(api_as, member, other_member, moderator):
    room = make_direct_room(member, other_member)
    move_back(make_message(member, room, "Yesterday"), days=1)
    make_message(other_member, room, "Today")
    series = api_as(moderator).get("/admin/stats?days=2").json["messages_per_day"]
    assert [d["count"] for d in series] == [1, 1]


def test_a_post_late_in_a_utc_day_counts_on_that_day_whatever_the_session_zone(
        admin, member, moderator):
    thread = make_thread(member, make_category(admin), "Late", "Late at night")
    late = datetime.combine(today().date() - timedelta(days=1), time(23, 30), tzinfo=UTC)
    move_back(first_post(thread), at=late)
    if db.engine.dialect.name == "postgresql":  # a server far east of UTC: already tomorrow
        db.session.execute(sa.text("SET TIME ZONE 'Pacific/Kiritimati'"))
    stats = site_stats(moderator, 2)
    assert [count for _day, count in stats.posts_per_day] == [1, 0]


def test_new_members_counts_accounts_made_within_the_window(api_as, moderator):
    make_user("fresh")
    move_back(make_user("older"), days=10)
    body = api_as(moderator).get("/admin/stats?days=7").json
    assert body["new_members"] == 2  # fresh and the moderator
    assert api_as(moderator).get("/admin/stats?days=30").json["new_members"] == 3


def test_members_leave_out_unconfirmed_suspended_and_deleted_accounts(api_as, moderator):
    make_user("counted")
    make_user("waiting", confirmed=False)
    make_user("away", status="suspended", suspension_reason="Spam")
    make_user("gone", status="deleted")
    assert api_as(moderator).get("/admin/stats").json["members"] == 2  # counted, moderator


def test_active_members_are_those_who_posted_or_chatted_in_the_window(
        api_as, admin, member, other_member, moderator):
    make_thread(member, make_category(admin), "Water", "First")  # admin and member write
    make_message(other_member, make_direct_room(other_member, member), "Hi")
    make_user("silent")
    quiet = make_user("quiet")
    move_back(make_message(quiet, make_direct_room(quiet, member), "Long ago"), days=40)
    assert api_as(moderator).get("/admin/stats").json["active_members"] == 2


def test_queue_numbers_count_open_reports_held_posts_and_pending_clusters(
        api_as, admin, member, other_member, moderator):
    thread = make_thread(member, make_category(admin), "Water", "First")
    spam, approved, rejected = (make_post(member, thread, f"Post {i}") for i in range(3))
    open_report(other_member, spam)
    open_report(admin, spam, status="resolved")
    hold(spam)
    hold(approved, approved=True)
    hold(rejected, removed=True)
    make_cluster(other_member, "Waiting Cluster", status="pending")
    make_cluster(other_member, "Listed Cluster")
    body = api_as(moderator).get("/admin/stats").json
    assert (body["open_reports"], body["held_posts"], body["pending_clusters"]) == (1, 1, 1)


@pytest.mark.parametrize("days", [1, 30, 365])
def test_stats_take_five_queries_whatever_the_window(count_queries, admin, member,
                                                     other_member, moderator, days):
    thread = make_thread(member, make_category(admin), "Water", "First")
    for i in range(3):
        move_back(make_post(other_member, thread, f"Post {i}"), days=i * 20)
    make_message(member, make_direct_room(member, other_member), "Hi")
    db.session.refresh(moderator)  # the caller is loaded by the request already
    with count_queries() as queries:
        site_stats(moderator, days)
    assert queries.count == 5
