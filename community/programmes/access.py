"""Who may do what in a programme, as predicates that read like sentences: admins create
programmes and name coordinators; coordinators run theirs; accepted participants see the
programme's people, pairs and joint sessions; a pair sees its own bilateral sessions and notes."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from community.errors import NotFound, PermissionDenied, Unauthorized
from community.extensions import db
from community.models import (
    Pair,
    Participant,
    Programme,
    ProgrammeCoordinator,
    ProgrammeSession,
    SessionAttendee,
    User,
)
from community.permissions import can_administer, is_signed_in


def find_programme(slug: str) -> Programme:
    """Programmes are public (their page is the call for mentors and mentees): 404 only when
    there is none."""
    programme = db.session.scalar(sa.select(Programme).where(Programme.slug == slug))
    if programme is None:
        raise NotFound(_("This page does not exist."))
    return programme


def is_coordinator(user: User | None, programme: Programme) -> bool:
    """Coordinators of this programme, and admins (who manage every programme)."""
    if not is_signed_in(user):
        return False
    if can_administer(user):
        return True
    return db.session.get(ProgrammeCoordinator, (programme.id, user.id)) is not None


def require_coordinator(user: User | None, programme: Programme) -> None:
    if not is_signed_in(user):
        raise Unauthorized(_("You need to sign in first."))
    if not is_coordinator(user, programme):
        raise PermissionDenied(_("You are not allowed to do that."))


def enrolment_of(user: User | None, programme: Programme) -> Participant | None:
    """The user's application to this programme, in whatever state."""
    if not is_signed_in(user):
        return None
    return db.session.scalar(sa.select(Participant).where(
        Participant.programme_id == programme.id, Participant.user_id == user.id))


def is_participant(user: User | None, programme: Programme) -> bool:
    """An accepted mentor or mentee of this programme."""
    enrolment = enrolment_of(user, programme)
    return enrolment is not None and enrolment.state == "accepted"


def is_insider(user: User | None, programme: Programme) -> bool:
    """Who sees the programme's inside: its participants, pairs, sessions and chat room."""
    return is_coordinator(user, programme) or is_participant(user, programme)


def require_insider(user: User | None, programme: Programme) -> None:
    if not is_signed_in(user):
        raise Unauthorized(_("You need to sign in first."))
    if not is_insider(user, programme):
        raise PermissionDenied(_("You are not allowed to do that."))


def pair_user_ids(pair: Pair) -> set[int]:
    return {pair.mentor.user_id, pair.mentee.user_id}


def is_in_pair(user: User | None, pair: Pair) -> bool:
    return is_signed_in(user) and user.id in pair_user_ids(pair)


def may_see_session(user: User | None, session: ProgrammeSession) -> bool:
    """Coordinators see every session; a bilateral one is its pair's; a group session is its
    invited attendees'; a joint meeting is every participant's."""
    programme = session.programme
    if is_coordinator(user, programme):
        return True
    if not is_participant(user, programme):
        return False
    if session.kind == "bilateral":
        return is_in_pair(user, session.pair)
    if session.kind == "group":
        return db.session.get(SessionAttendee, (session.id, user.id)) is not None
    return True


def may_keep_notes(user: User | None, session: ProgrammeSession) -> bool:
    """The mentor and the mentee of a bilateral session log its notes; for group sessions and
    joint meetings, any participant who may see it."""
    if session.kind == "bilateral":
        return is_in_pair(user, session.pair)
    return is_participant(user, session.programme) and may_see_session(user, session)
