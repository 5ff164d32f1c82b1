"""What the programme pages show, read in a few queries: the timeline a viewer may see, the
people and pairs for insiders, and the choices of the coordinators' forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.models import (
    ChatRoom,
    Cluster,
    Membership,
    Pair,
    Participant,
    Programme,
    ProgrammeSession,
    User,
    utcnow,
)
from community.programmes.access import enrolment_of, is_coordinator, is_insider
from community.programmes.serializers import funder_list
from community.programmes.services import coordinator_users, mentor_load, sessions_statement


@dataclass(frozen=True)
class Moment:
    """One step of a programme's timeline: its start, a session, its end."""

    at: datetime
    kind: str  # start | end | bilateral | group | joint_meeting
    session: ProgrammeSession | None = None
    day: date | None = None


def _day_moment(day: date, kind: str, clock: time) -> Moment:
    return Moment(datetime.combine(day, clock, tzinfo=UTC), kind, day=day)


def timeline(viewer: User | None, programme: Programme) -> list[Moment]:
    """The programme's start and end around the sessions the viewer may see, in time order."""
    statement = sessions_statement(viewer, programme).options(
        selectinload(ProgrammeSession.pair).selectinload(Pair.mentor)
        .selectinload(Participant.user),
        selectinload(ProgrammeSession.pair).selectinload(Pair.mentee)
        .selectinload(Participant.user))
    moments = [Moment(s.starts_at, s.kind, session=s) for s in db.session.scalars(statement)]
    moments.append(_day_moment(programme.starts_on, "start", time.min))
    moments.append(_day_moment(programme.ends_on, "end", time.max))
    return sorted(moments, key=lambda moment: moment.at)


def participants(programme: Programme, state: str | None = None) -> list[Participant]:
    statement = (sa.select(Participant).where(Participant.programme_id == programme.id)
                 .options(selectinload(Participant.user), selectinload(Participant.cluster))
                 .order_by(Participant.role.desc(), Participant.id))
    if state is not None:
        statement = statement.where(Participant.state == state)
    return list(db.session.scalars(statement))


def pairs(programme: Programme) -> list[Pair]:
    return list(db.session.scalars(
        sa.select(Pair).where(Pair.programme_id == programme.id).order_by(Pair.id).options(
            selectinload(Pair.mentor).selectinload(Participant.user),
            selectinload(Pair.mentee).selectinload(Participant.user))))


def programme_room_id(programme: Programme) -> int | None:
    return db.session.scalar(sa.select(ChatRoom.id).where(ChatRoom.programme_id == programme.id))


def member_clusters(user: User) -> list[tuple[str, str]]:
    """The clusters a member may apply with: those they are an active member of."""
    return [(slug, name) for slug, name in db.session.execute(
        sa.select(Cluster.slug, Cluster.name).join(Membership, Membership.cluster_id == Cluster.id)
        .where(Membership.user_id == user.id, Membership.state == "active")
        .order_by(Cluster.name))]


def show_context(viewer: User | None, programme: Programme) -> dict[str, Any]:
    """Everything the programme page draws for this viewer."""
    insider = is_insider(viewer, programme)
    return {
        "programme": programme,
        "coordinator": is_coordinator(viewer, programme),
        "insider": insider,
        "enrolment": enrolment_of(viewer, programme),
        "coordinators": coordinator_users(programme),
        "timeline": timeline(viewer, programme),
        "participants": participants(programme, "accepted") if insider else [],
        "pairs": pairs(programme) if insider else [],
        "room_id": programme_room_id(programme) if insider else None,
        "funders": funder_list(programme),
        "ended": programme.ends_on < utcnow().date(),
    }


def pairing_choices(programme: Programme) -> tuple[list, list]:
    """Accepted mentors with room left, and accepted mentees without a mentor."""
    accepted = participants(programme, "accepted")
    load = mentor_load(programme)
    paired = set(db.session.scalars(
        sa.select(Pair.mentee_id).where(Pair.programme_id == programme.id)))
    mentors = [(p.user.username, p.user.display_name) for p in accepted
               if p.role == "mentor" and load.get(p.id, 0) < p.capacity]
    mentees = [(p.user.username, p.user.display_name) for p in accepted
               if p.role == "mentee" and p.id not in paired]
    return mentors, mentees
