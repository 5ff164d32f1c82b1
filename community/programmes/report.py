"""The funders' report: a programme's figures, gathered once here for both the CSV export and
the printable page (a funder reading both must find the same numbers)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from community.extensions import db
from community.i18n import shore_of
from community.models import Pair, Participant, Programme, ProgrammeSession, User, utcnow
from community.models.programme import PARTICIPANT_ROLES, SESSION_KINDS
from community.programmes.progress import MeetingAttendance, goals_reached, meeting_attendance

MENTORING_KINDS = ("bilateral", "group")  # the hours of mentoring; joint meetings are apart
SHORES = ("north", "south", "other")
CSV_COLUMNS = ("section", "label", "value")


@dataclass(frozen=True)
class Figures:
    programme: Programme
    generated_at: datetime
    by_country: dict[str, Counter]  # country code ("" unknown) -> {"mentor": n, "mentee": n}
    pairs: int
    cross_shore_pairs: int
    sessions_held: dict[str, int]  # kind -> sessions that have started
    hours: dict[str, float]  # bilateral and group -> hours held
    meetings: list[MeetingAttendance]
    goals_reached: int

    @property
    def by_role(self) -> dict[str, int]:
        return {role: sum(roles[role] for roles in self.by_country.values())
                for role in PARTICIPANT_ROLES}

    @property
    def by_shore(self) -> dict[str, int]:
        shores = Counter({shore: 0 for shore in SHORES})
        for country, roles in self.by_country.items():
            shores[shore_of(country) or "other"] += sum(roles.values())
        return dict(shores)

    @property
    def participants(self) -> int:
        return sum(self.by_role.values())


def _by_country(programme: Programme) -> dict[str, Counter]:
    rows = db.session.execute(
        sa.select(User.country, Participant.role, sa.func.count(Participant.id))
        .join(User, User.id == Participant.user_id)
        .where(Participant.programme_id == programme.id, Participant.state == "accepted")
        .group_by(User.country, Participant.role))
    countries: dict[str, Counter] = {}
    for country, role, count in rows:
        countries.setdefault(country or "", Counter())[role] += count
    return dict(sorted(countries.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def _pairs(programme: Programme) -> tuple[int, int]:
    """How many pairs, and how many join the two shores."""
    mentor, mentee = aliased(Participant), aliased(Participant)
    mentor_user, mentee_user = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(mentor_user.country, mentee_user.country)
        .select_from(Pair)
        .join(mentor, mentor.id == Pair.mentor_id).join(mentee, mentee.id == Pair.mentee_id)
        .join(mentor_user, mentor_user.id == mentor.user_id)
        .join(mentee_user, mentee_user.id == mentee.user_id)
        .where(Pair.programme_id == programme.id)).all()
    crossing = sum(1 for a, b in rows if {shore_of(a), shore_of(b)} == {"north", "south"})
    return len(rows), crossing


def _sessions(programme: Programme, now: datetime) -> tuple[dict[str, int], dict[str, float]]:
    """Sessions held by kind and the hours of mentoring, summed here rather than in SQL:
    interval arithmetic differs between SQLite and PostgreSQL."""
    held = Counter({kind: 0 for kind in SESSION_KINDS})
    seconds = Counter({kind: 0.0 for kind in MENTORING_KINDS})
    rows = db.session.execute(
        sa.select(ProgrammeSession.kind, ProgrammeSession.starts_at, ProgrammeSession.ends_at)
        .where(ProgrammeSession.programme_id == programme.id,
               ProgrammeSession.starts_at <= now))
    for kind, starts_at, ends_at in rows:
        held[kind] += 1
        if kind in MENTORING_KINDS:
            seconds[kind] += (ends_at - starts_at).total_seconds()
    return dict(held), {kind: round(value / 3600, 2) for kind, value in seconds.items()}


def programme_figures(programme: Programme, now: datetime | None = None) -> Figures:
    """Everything the report shows, in a fixed number of queries."""
    now = now or utcnow()
    pairs, crossing = _pairs(programme)
    held, hours = _sessions(programme, now)
    return Figures(programme=programme, generated_at=now, by_country=_by_country(programme),
                   pairs=pairs, cross_shore_pairs=crossing, sessions_held=held, hours=hours,
                   meetings=meeting_attendance(programme, now),
                   goals_reached=goals_reached(programme))


def number_text(value: float) -> str:
    """A figure as a spreadsheet reads it: no thousands separator, a dot, no trailing zeros."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def csv_rows(figures: Figures) -> list[tuple[str, str, str]]:
    """The report in long format, one `section,label,value` row per figure (README: "The
    funders' report")."""
    programme = figures.programme
    rows = [("programme", "name", programme.name),
            ("programme", "lead_organisation", programme.lead_organisation),
            *(("programme", "funder", funder) for funder in programme.funders.splitlines()),
            ("programme", "starts_on", programme.starts_on.isoformat()),
            ("programme", "ends_on", programme.ends_on.isoformat()),
            ("programme", "generated_at", figures.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")),
            ("participants", "total", figures.participants)]
    rows += [("participants_by_role", role, n) for role, n in figures.by_role.items()]
    rows += [("participants_by_shore", shore, n) for shore, n in figures.by_shore.items()]
    for country, roles in figures.by_country.items():
        rows += [("participants_by_country", country or "unknown", sum(roles.values()))]
        rows += [(f"participants_by_country_{role}", country or "unknown", roles[role])
                 for role in PARTICIPANT_ROLES]
    rows += [("pairs", "total", figures.pairs), ("pairs", "cross_shore", figures.cross_shore_pairs)]
    rows += [("sessions_held", kind, n) for kind, n in figures.sessions_held.items()]
    rows += [("hours_of_mentoring", kind, hours) for kind, hours in figures.hours.items()]
    rows += [("hours_of_mentoring", "total", round(sum(figures.hours.values()), 2))]
    for meeting in figures.meetings:
        label = f"{meeting.starts_at:%Y-%m-%d} {meeting.title}"
        rows += [("joint_meeting_invited", label, meeting.invited),
                 ("joint_meeting_attended", label, meeting.attended)]
    rows += [("goals_reached", "total", figures.goals_reached)]
    return [(section, safe_cell(label), safe_cell(number_text(value)))
            for section, label, value in rows]


def safe_cell(text: str) -> str:
    """A name a spreadsheet would run as a formula ("=HYPERLINK(...)") is quoted as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(figures: Figures) -> str:
    """The CSV text, with a byte-order mark so Excel opens it as UTF-8 (Arabic and accented
    names intact)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(figures))
    return "\ufeff" + out.getvalue()
