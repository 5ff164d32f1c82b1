"""A small programme with known figures, shared by the progress and report tests: two
cross-shore pairs, sessions held in the past (one pair quiet for 45 days), a joint meeting half
attended, three goals reached, and a joint meeting still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.factories import (
    enrol,
    make_pair,
    make_programme,
    make_session,
    make_user,
    record_attendance,
    write_note,
)


def days_ago(days: float, hours: float = 0) -> str:
    moment = datetime.now(UTC) - timedelta(days=days) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Known:
    programme: object
    coordinator: object
    mentor: object  # marco, IT, paired with mentee
    mentee: object  # salma, TN
    other_mentor: object  # pierre, FR, paired with other_mentee (quiet)
    other_mentee: object  # omar, EG
    pair: object
    other_pair: object
    bilateral: object  # the pair's session 10 days ago
    meeting: object  # the joint meeting 20 days ago


def known_programme(admin) -> Known:
    programme = make_programme(admin, lead_organisation="ACCIÓ",
                               funders=["European Union (ENI CBC Med)"])
    people = [make_user(name, country=country, display_name=name.title())
              for name, country in (("marco", "IT"), ("salma", "TN"), ("pierre", "FR"),
                                    ("omar", "EG"))]
    mentor, mentee, other_mentor, other_mentee = people
    for user, role in zip(people, ("mentor", "mentee") * 2, strict=True):
        enrol(programme, user, role)
    enrol(programme, make_user("waiting", country="IT"), "mentee", accepted=False)
    pair, other_pair = make_pair(programme, mentor, mentee), make_pair(
        programme, other_mentor, other_mentee)
    bilateral = make_session(programme, "bilateral", pair=pair, starts_at=days_ago(10),
                             ends_at=days_ago(10, 1.5), title="Export plan")
    earlier = make_session(programme, "bilateral", pair=pair, starts_at=days_ago(40),
                           ends_at=days_ago(40, 1), title="First talk")
    make_session(programme, "bilateral", pair=other_pair, starts_at=days_ago(45),
                 ends_at=days_ago(45, 2), title="Hello")
    make_session(programme, "group", starts_at=days_ago(5), ends_at=days_ago(5, 2),
                 title="Pitching", attendees=["salma", "omar"])
    meeting = make_session(programme, "joint_meeting", starts_at=days_ago(20),
                           ends_at=days_ago(20, 1), title="Kick-off")
    make_session(programme, "joint_meeting", starts_at=days_ago(-30), ends_at=days_ago(-30, 1),
                 title="Closing")
    record_attendance(meeting, [mentor, mentee])
    write_note(bilateral, mentee, "**Good** progress", ["Export plan drafted", "Met a buyer"])
    write_note(earlier, mentor, "First contact", ["Goals agreed"])
    return Known(programme, admin, mentor, mentee, other_mentor, other_mentee, pair,
                 other_pair, bilateral, meeting)
