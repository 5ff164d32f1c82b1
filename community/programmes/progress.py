"""A programme's progress: the notes and goals mentor and mentee log after a session, the
attendance coordinators record at joint meetings, and the coordinators' dashboard figures
(aggregated in SQL: a constant number of queries however many pairs there are)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, selectinload

from community.errors import Conflict, NotFound, PermissionDenied, Unauthorized
from community.extensions import db
from community.markup import render_markdown
from community.models import (
    Pair,
    Participant,
    Programme,
    ProgrammeSession,
    SessionAttendee,
    SessionNote,
    User,
    utcnow,
)
from community.permissions import is_signed_in, require_write
from community.programmes.access import (
    is_coordinator,
    is_in_pair,
    may_keep_notes,
    may_see_session,
    require_coordinator,
)
from community.programmes.services import session_audience
from community.programmes.validation import TEXT_MAX
from community.text import clean_line, clean_text
from community.transaction import savepoint
from community.validation import Field, validate

QUIET_AFTER = timedelta(days=30)  # a pair this long without a session needs a nudge
GOALS_MAX, GOAL_MAX = 10, 200
NOTE_SCHEMA = {
    "body": Field(str, required=False, max_length=TEXT_MAX, clean=clean_text, default=str,
                  description="Markdown"),
    "goals_reached": Field(list, required=False, max_items=GOALS_MAX, item_max=GOAL_MAX,
                           default=list, description="short lines, one per goal reached",
                           clean=lambda items: [clean_line(i) for i in items if clean_line(i)]),
}


def find_session(programme: Programme, session_id: int) -> ProgrammeSession:
    session = db.session.get(ProgrammeSession, session_id)
    if session is None or session.programme_id != programme.id:
        raise NotFound(_("This page does not exist."))
    return session


def require_session_viewer(user: User | None, session: ProgrammeSession) -> None:
    """A session's page is for those it is for (`access.may_see_session`)."""
    if not is_signed_in(user):
        raise Unauthorized(_("You need to sign in first."))
    if not may_see_session(user, session):
        raise PermissionDenied(_("You are not allowed to do that."))


def has_happened(session: ProgrammeSession, now: datetime | None = None) -> bool:
    """Notes are about what was said: they are kept once the session has started."""
    return session.starts_at <= (now or utcnow())


def may_read_note(user: User | None, note: SessionNote) -> bool:
    """Notes are the pair's and the coordinators': its author, the other member of a
    bilateral session's pair, and the programme's coordinators."""
    if not is_signed_in(user):
        return False
    session = note.session
    if note.author_id == user.id or is_coordinator(user, session.programme):
        return True
    return session.kind == "bilateral" and is_in_pair(user, session.pair)


def visible_notes(viewer: User | None, session: ProgrammeSession) -> list[SessionNote]:
    notes = db.session.scalars(
        sa.select(SessionNote).where(SessionNote.session_id == session.id)
        .options(selectinload(SessionNote.author)).order_by(SessionNote.id))
    return [note for note in notes if may_read_note(viewer, note)]


def note_of(user: User | None, session: ProgrammeSession) -> SessionNote | None:
    if not is_signed_in(user):
        return None
    return db.session.scalar(sa.select(SessionNote).where(
        SessionNote.session_id == session.id, SessionNote.author_id == user.id))


def save_note(actor: User | None, session: ProgrammeSession, **data: Any) -> SessionNote:
    """Mentor or mentee logs (or edits) their one note on a session that has happened:
    Markdown rendered once, here, and the goals reached as a list of short lines."""
    require_write(actor)
    if not may_keep_notes(actor, session):
        raise PermissionDenied(_("Only the session's participants keep notes on it."))
    if not has_happened(session):
        raise Conflict(_("Notes are kept once the session has started."))
    values = validate(data, NOTE_SCHEMA)
    note = note_of(actor, session)
    if note is None:
        note = SessionNote(session_id=session.id, author_id=actor.id)
        try:
            with savepoint():
                db.session.add(note)
                db.session.flush()
        except IntegrityError:  # written twice at once: edit the one that won
            note = note_of(actor, session)
    else:
        note.updated_at = utcnow()
    note.body, note.body_html = values["body"], render_markdown(values["body"])
    note.goals_reached = values["goals_reached"]
    return note


def attendance_candidates(session: ProgrammeSession) -> list[User]:
    """Whose attendance a coordinator records: a group session's invited, or every
    participant for a joint meeting."""
    return session_audience(session, session.programme)


def record_attendance(actor: User | None, session: ProgrammeSession,
                      present: set[int]) -> None:
    """A coordinator ticks who attended a group session or a joint meeting."""
    require_coordinator(actor, session.programme)
    if session.kind == "bilateral":
        raise Conflict(_("Attendance is recorded for group sessions and joint meetings."))
    if not has_happened(session):
        raise Conflict(_("Attendance is recorded once the session has started."))
    rows = {row.user_id: row for row in session.attendees}
    for user in attendance_candidates(session):
        row = rows.get(user.id)
        if row is None:
            row = SessionAttendee(session_id=session.id, user_id=user.id)
            db.session.add(row)
        row.attended = user.id in present


def attended_ids(session: ProgrammeSession) -> set[int]:
    return {row.user_id for row in session.attendees if row.attended}


# --- The coordinators' dashboard ------------------------------------------------------------

@dataclass(frozen=True)
class PairActivity:
    pair_id: int
    mentor: str
    mentee: str
    held: int
    last_held: datetime | None
    goals: int
    quiet: bool


@dataclass(frozen=True)
class MeetingAttendance:
    session_id: int
    title: str
    starts_at: datetime
    invited: int
    attended: int


def goals_count() -> sa.ColumnElement[int]:
    """How many goals a note lists, in SQL (SQLite and PostgreSQL share json_array_length)."""
    return sa.func.coalesce(sa.func.sum(sa.func.json_array_length(SessionNote.goals_reached)), 0)


def pair_activity(programme: Programme, now: datetime | None = None) -> list[PairActivity]:
    """Every pair with its sessions held, the last one, and its goals reached: two queries."""
    now = now or utcnow()
    mentor, mentee = aliased(Participant), aliased(Participant)
    mentor_user, mentee_user = aliased(User), aliased(User)
    held = (ProgrammeSession.pair_id == Pair.id) & (ProgrammeSession.starts_at <= now)
    rows = db.session.execute(
        sa.select(Pair.id, Pair.created_at, mentor_user.display_name, mentee_user.display_name,
                  sa.func.count(ProgrammeSession.id), sa.func.max(ProgrammeSession.starts_at))
        .join(mentor, mentor.id == Pair.mentor_id).join(mentee, mentee.id == Pair.mentee_id)
        .join(mentor_user, mentor_user.id == mentor.user_id)
        .join(mentee_user, mentee_user.id == mentee.user_id)
        .outerjoin(ProgrammeSession, held)
        .where(Pair.programme_id == programme.id)
        .group_by(Pair.id, Pair.created_at, mentor_user.display_name, mentee_user.display_name)
        .order_by(Pair.id)).all()
    goals = dict(db.session.execute(
        sa.select(ProgrammeSession.pair_id, goals_count())
        .join(SessionNote, SessionNote.session_id == ProgrammeSession.id)
        .where(ProgrammeSession.programme_id == programme.id,
               ProgrammeSession.pair_id.is_not(None))
        .group_by(ProgrammeSession.pair_id)).all())
    return [PairActivity(pair_id, mentor_name, mentee_name, count, last, int(goals.get(pair_id, 0)),
                         quiet=(last or created) < now - QUIET_AFTER)
            for pair_id, created, mentor_name, mentee_name, count, last in rows]


def accepted_count(programme: Programme) -> int:
    return db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
        Participant.programme_id == programme.id, Participant.state == "accepted"))


def meeting_attendance(programme: Programme,
                       now: datetime | None = None) -> list[MeetingAttendance]:
    """Each joint meeting held: the whole programme is invited; who attended is recorded."""
    invited = accepted_count(programme)
    attended = sa.func.count(SessionAttendee.user_id).filter(SessionAttendee.attended.is_(True))
    rows = db.session.execute(
        sa.select(ProgrammeSession.id, ProgrammeSession.title, ProgrammeSession.starts_at,
                  attended)
        .outerjoin(SessionAttendee, SessionAttendee.session_id == ProgrammeSession.id)
        .where(ProgrammeSession.programme_id == programme.id,
               ProgrammeSession.kind == "joint_meeting",
               ProgrammeSession.starts_at <= (now or utcnow()))
        .group_by(ProgrammeSession.id, ProgrammeSession.title, ProgrammeSession.starts_at)
        .order_by(ProgrammeSession.starts_at)).all()
    return [MeetingAttendance(session_id, title, starts_at, invited, count)
            for session_id, title, starts_at, count in rows]


def goals_reached(programme: Programme) -> int:
    """All the goals reached that the programme's notes list."""
    return int(db.session.scalar(
        sa.select(goals_count()).join(ProgrammeSession,
                                      ProgrammeSession.id == SessionNote.session_id)
        .where(ProgrammeSession.programme_id == programme.id)))
