"""The demo's "Cluster Mentoring Reloaded": the seed article's people and meetings, loaded
through the services, and a second load that changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from community.demo import load_demo
from community.extensions import db
from community.models import (
    ClusterEvent,
    EventAttendance,
    Notification,
    Pair,
    Participant,
    Programme,
    ProgrammeSession,
)


@pytest.fixture
def programme(demo) -> Programme:
    return db.session.scalar(db.select(Programme))


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                 for model in (Programme, Participant, Pair, ProgrammeSession, ClusterEvent,
                               EventAttendance, Notification))


def test_loading_twice_adds_nothing(programme):
    before = counts()
    assert load_demo() == 0
    db.session.commit()
    assert counts() == before


def test_programme_has_13_accepted_mentors_and_13_mentees(programme):
    roles = db.session.execute(
        db.select(Participant.role, db.func.count()).where(Participant.state == "accepted")
        .group_by(Participant.role)).all()
    assert dict(roles) == {"mentor": 13, "mentee": 13}


def test_mentors_and_mentees_come_from_the_seed_countries(programme):
    countries = {role: {p.user.country for p in db.session.scalars(
        db.select(Participant).where(Participant.role == role))}
        for role in ("mentor", "mentee")}
    assert countries == {"mentor": {"FR", "IT", "PS", "ES"},
                         "mentee": {"EG", "JO", "MA", "PS", "TN"}}


def test_every_pair_shares_a_language(programme):
    pairs = db.session.scalars(db.select(Pair)).all()
    assert len(pairs) == 13
    assert all(set(p.mentor.languages) & set(p.mentee.languages) for p in pairs)


def test_kick_off_is_online_on_20_january_2021(programme):
    kick_off = db.session.scalar(db.select(ProgrammeSession).order_by(ProgrammeSession.starts_at))
    assert (kick_off.kind, kick_off.starts_at.date(), bool(kick_off.online_url)) == (
        "joint_meeting", date(2021, 1, 20), True)


def test_three_joint_meetings_follow_the_kick_off(programme):
    joint = db.session.scalar(db.select(db.func.count()).where(
        ProgrammeSession.kind == "joint_meeting",
        ProgrammeSession.starts_at > datetime(2021, 1, 21, tzinfo=UTC)))
    assert joint == 3


def test_programme_dates_and_lead(programme):
    assert (programme.starts_on, programme.ends_on, programme.lead_organisation) == (
        date(2021, 1, 1), date(2021, 10, 31), "ACCIÓ (Catalonia Trade & Investment)")


def test_two_cluster_events_with_their_attendees(programme):
    events = db.session.scalars(db.select(ClusterEvent)).all()
    assert sorted(e.attendee_count for e in events) == [2, 3]
