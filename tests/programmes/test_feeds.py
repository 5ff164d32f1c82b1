"""The iCalendar feeds: the API's per programme, and the private addresses calendar apps
subscribe to. They parse with `icalendar`, hold the caller's sessions in UTC, and a reset,
suspended or unknown address answers 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from community.extensions import db
from tests.factories import (
    enrol,
    make_calendar_feed,
    make_pair,
    make_session,
    make_user,
    reload,
)


def events_of(response) -> list:
    return list(Calendar.from_ical(response.data).walk("VEVENT"))


def summaries(response) -> set[str]:
    return {str(event["SUMMARY"]) for event in events_of(response)}


def other_pair(programme):
    mentor, mentee = make_user("sofia"), make_user("omar")
    enrol(programme, mentor, "mentor")
    enrol(programme, mentee, "mentee")
    return make_pair(programme, mentor, mentee)


def test_feed_keeps_utc_times_across_the_daylight_saving_change(api_as, programme, pair,
                                                                 member):
    # Paris moves to summer time on 31 March 2030: 10:00 is 09:00Z before, 08:00Z after.
    for day in ("2030-03-30", "2030-04-01"):
        make_session(programme, "bilateral", pair=pair, title=day,
                     starts_at=f"{day}T10:00:00+01:00" if day < "2030-03-31"
                     else f"{day}T10:00:00+02:00", ends_at=f"{day}T12:00:00+02:00")
    response = api_as(member).get(f"/programmes/{programme.slug}/calendar.ics")
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events_of(response)}
    assert starts == {"2030-03-30": datetime(2030, 3, 30, 9, tzinfo=UTC),
                      "2030-04-01": datetime(2030, 4, 1, 8, tzinfo=UTC)}


def test_feed_event_carries_a_stable_uid_and_its_sequence(api_as, programme, pair, member):
    session = make_session(programme, "bilateral", pair=pair)
    event = events_of(api_as(member).get(f"/programmes/{programme.slug}/calendar.ics"))[0]
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
        f"session-{session.id}@localhost", 0, "CONFIRMED")


def test_api_feed_is_a_calendar_document(api_as, programme, member):
    enrol(programme, member)
    response = api_as(member).get(f"/programmes/{programme.slug}/calendar.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_api_feed_refuses_a_visitor(anon_api, programme):
    assert anon_api.get(f"/programmes/{programme.slug}/calendar.ics").status_code == 401


def test_api_feed_refuses_a_member_outside_the_programme(api_as, programme, member):
    assert api_as(member).get(f"/programmes/{programme.slug}/calendar.ics").status_code == 403


def test_private_feed_holds_only_the_members_sessions(client, programme, pair, member):
    make_session(programme, "bilateral", pair=pair, title="Ours")
    make_session(programme, "bilateral", pair=other_pair(programme), title="Theirs")
    make_session(programme, title="Joint meeting")
    response = client.get(f"/calendar/{make_calendar_feed(member)}.ics")
    assert summaries(response) == {"Ours", "Joint meeting"}


def test_another_members_address_does_not_read_yours(client, programme, pair, member):
    make_session(programme, "bilateral", pair=other_pair(programme), title="Theirs")
    make_session(programme, "bilateral", pair=pair, title="Ours")
    sofia = reload(make_user("sofia2"))
    response = client.get(f"/calendar/{make_calendar_feed(sofia)}.ics")
    assert "Ours" not in summaries(response)


def test_private_feed_is_never_cached(client, member):
    response = client.get(f"/calendar/{make_calendar_feed(member)}.ics")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_private_feed_names_the_members_zone(client, member):
    member.timezone = "Africa/Tunis"
    db.session.commit()
    response = client.get(f"/calendar/{make_calendar_feed(member)}.ics")
    assert str(Calendar.from_ical(response.data)["X-WR-TIMEZONE"]) == "Africa/Tunis"


def test_reset_makes_the_old_address_answer_404(client, member):
    old = make_calendar_feed(member)
    make_calendar_feed(member)
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_unknown_address_answers_404(client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_suspended_members_feed_answers_404(client, member):
    token = make_calendar_feed(member)
    member.status, member.suspended_until = "suspended", datetime.now(UTC) + timedelta(days=3)
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_programme_address_holds_its_sessions(client, programme, pair, member):
    make_session(programme, "bilateral", pair=pair, title="Ours")
    token = make_calendar_feed(member)
    response = client.get(f"/calendar/{token}/programmes/{programme.slug}.ics")
    assert summaries(response) == {"Ours"}


def test_programme_address_of_an_outsider_answers_404(client, programme, member):
    token = make_calendar_feed(member)
    assert client.get(f"/calendar/{token}/programmes/{programme.slug}.ics").status_code == 404
