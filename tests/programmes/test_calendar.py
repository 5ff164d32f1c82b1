"""The calendar pages: who may open them, what they hold, each session on its day in the
member's own zone, weeks starting on the locale's first day."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from community.programmes import calendar as cal
from tests.factories import (
    enrol,
    make_attended_event,
    make_cluster,
    make_pair,
    make_session,
    make_user,
)


def busy_days(view: dict) -> list[date]:
    return [cell.day for week in view["grid"] for cell in week if cell.entries]


def test_calendar_sends_a_visitor_to_sign_in(client):
    assert "/login" in client.get("/calendar").headers["Location"]


def test_month_shows_a_session_on_its_day_in_the_members_zone(app, programme, pair, member):
    make_session(programme, "bilateral", pair=pair, title="Late talk",
                 starts_at="2030-01-31T23:30:00Z", ends_at="2030-02-01T00:30:00Z")
    with app.test_request_context():
        view = cal.month_view(partial(cal.member_entries, member), date(2030, 2, 1),
                              "Asia/Amman", cal.week_locale("en", "JO"))
    assert busy_days(view) == [date(2030, 2, 1)]


def test_month_page_lists_the_session(auth, client, programme, pair, member):
    make_session(programme, "bilateral", pair=pair, title="Export plan review")
    auth.login(member)
    assert "Export plan review" in client.get("/calendar?month=2030-01").text


def test_month_page_says_when_nothing_is_scheduled(auth, client, member):
    auth.login(member)
    assert "Nothing scheduled this month." in client.get("/calendar?month=2030-01").text


def test_list_view_hides_another_pairs_session(auth, client, programme, pair, member):
    mentor, mentee = make_user("sofia"), make_user("omar")
    enrol(programme, mentor, "mentor")
    enrol(programme, mentee, "mentee")
    other = make_pair(programme, mentor, mentee)
    make_session(programme, "bilateral", pair=other, title="Not yours")
    auth.login(member)
    assert "Not yours" not in client.get("/calendar?view=list").text


def test_list_view_shows_an_attended_event(auth, client, member):
    make_attended_event(make_cluster(make_user("hedi")), member, title="Textile open day")
    auth.login(member)
    assert "Textile open day" in client.get("/calendar?view=list").text


@pytest.mark.parametrize(("language", "country", "first"),
                         [("en", "US", 6), ("ar", "JO", 5), ("fr", "MA", 0), ("en", "PS", 0)])
def test_week_starts_on_the_locales_first_day(language, country, first):
    weeks = cal.month_weeks(date(2030, 1, 1), cal.week_locale(language, country))
    assert weeks[0][0].weekday() == first


def test_programme_calendar_refuses_an_outsider(auth, client, programme, other_member):
    auth.login(other_member)
    assert client.get(f"/programmes/{programme.slug}/calendar").status_code == 403


def test_programme_calendar_shows_a_joint_meeting_to_a_participant(auth, client, programme,
                                                                   member):
    enrol(programme, member, "mentee")
    make_session(programme, title="Joint meeting in Tunis")
    auth.login(member)
    page = client.get(f"/programmes/{programme.slug}/calendar?month=2030-01")
    assert "Joint meeting in Tunis" in page.text


def test_subscribe_shows_the_private_address_once(auth, client, member):
    auth.login(member)
    page = client.post("/calendar/feed")
    assert "webcal://localhost:5000/calendar/" in page.text




def test_programme_calendar_sends_a_visitor_to_sign_in(client, programme):
    response = client.get(f"/programmes/{programme.slug}/calendar")
    assert "/login" in response.headers["Location"]
