"""The /admin/ dashboard page and the "Admin" entry of the site navigation with its badge."""

from __future__ import annotations

import re

import pytest

from community.extensions import db
from community.moderation.stats import waiting_for_review
from tests.factories import make_cluster, make_post, make_user
from tests.moderation.dashboard_data import a_chat, a_thread, hold, open_report

ADMIN_LINK = re.compile(r'<a class="nav-link[^"]*"[^>]*href="/admin/">(.*?)</a>', re.S)


def page(client, path: str = "/admin/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def stat(html: str, key: str) -> str:
    return re.search(rf'data-stat="{key}">([^<]*)<', html).group(1)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_dashboard_opens_for_staff(client, auth, role):
    auth.login(make_user("staffer", role=role))
    assert "<h1 class=\"h2\">Dashboard</h1>" in page(client)


def test_dashboard_cards_show_the_numbers(client, auth, admin, member, other_member,
                                          moderator):
    thread = a_thread(admin, member)
    post = make_post(other_member, thread, "Buy now")
    open_report(member, post)
    hold(make_post(other_member, thread, "http://spam.example"))
    make_cluster(other_member, "Waiting Cluster", status="pending")
    auth.login(moderator)
    html = page(client)
    assert [stat(html, key) for key in ("members", "new_this_week", "active_members",
            "open_reports", "held_posts", "pending_clusters")] == ["4", "4", "2", "1", "1", "1"]


def test_dashboard_draws_the_chart_of_posts_and_messages_with_its_table(
        client, auth, admin, member, other_member, moderator):
    a_thread(admin, member)
    a_chat(member, other_member)
    auth.login(moderator)
    html = page(client)
    assert re.search(r'<svg class="activity-chart"[^>]*role="img"', html)
    assert html.count('<polyline class="chart-line"') == 2
    assert html.count("<circle class=\"chart-dot\"") == 30  # one per day, posts
    rows = re.findall(r'<tr><th scope="row" class="text-nowrap"><time', html)
    assert len(rows) == 30  # the table: one row a day


def test_dashboard_without_activity_says_so_instead_of_a_chart(client, auth, moderator):
    auth.login(moderator)
    html = page(client)
    assert "No forum post and no chat message in the last 30 days" in html
    assert "activity-chart" not in html.split("</nav>", 2)[-1].split("<footer")[0]


def test_dashboard_cards_link_to_the_queues_that_exist(client, auth, moderator):
    auth.login(moderator)
    assert 'href="/admin/clusters"' in page(client).split('data-stat="pending_clusters"')[1]


def test_dashboard_in_arabic_keeps_the_chart_left_to_right(client, auth, admin, member,
                                                           moderator):
    a_thread(admin, member)
    moderator.locale = "ar"
    db.session.commit()
    auth.login(moderator)
    html = page(client)
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<div class="chart-frame" dir="ltr"', html)


def test_admin_entry_is_hidden_from_members(client, auth, member):
    auth.login(member)
    assert not ADMIN_LINK.search(page(client, "/"))


def test_admin_entry_is_hidden_from_visitors(client):
    assert not ADMIN_LINK.search(page(client, "/"))


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_admin_entry_is_shown_to_staff(client, auth, role):
    auth.login(make_user("staffer", role=role))
    assert ADMIN_LINK.search(page(client, "/"))


def test_admin_entry_is_marked_current_on_every_admin_page(client, auth, moderator):
    auth.login(moderator)
    assert re.search(r'<a class="nav-link nav-icon-link active"\s*aria-current="page"[^>]*'
                     r'href="/admin/">', page(client, "/admin/audit"))


def test_admin_badge_counts_open_reports_and_held_posts(client, auth, admin, member,
                                                         other_member, moderator):
    thread = a_thread(admin, member)
    first, second = make_post(other_member, thread, "One"), make_post(other_member, thread, "Two")
    open_report(member, first)
    open_report(admin, second)
    open_report(moderator, second, status="resolved")
    hold(make_post(other_member, thread, "http://spam.example"))
    auth.login(moderator)
    link = ADMIN_LINK.search(page(client, "/")).group(1)
    badge = re.search(r'>Admin</span>\s*<span class="badge[^"]*nav-badge">(\d+)', link)
    assert badge and badge.group(1) == "3"


def test_admin_badge_is_left_out_when_nothing_waits(client, auth, moderator):
    auth.login(moderator)
    assert "nav-badge" not in ADMIN_LINK.search(page(client, "/")).group(1)


def test_admin_badge_costs_one_query(count_queries, moderator):
    db.session.refresh(moderator)  # loaded with the request already
    with count_queries() as queries:
        waiting_for_review(moderator)
    assert queries.count == 1


def test_admin_badge_costs_no_query_for_members(count_queries, member):
    db.session.refresh(member)
    with count_queries() as queries:
        assert waiting_for_review(member) == 0
    assert queries.count == 0
