"""Loading the demo's mentoring programme and cluster events through their services, so they are
checked, counted and notified like any others; each piece is found again (programme by name,
people by username, sessions and events by title), so loading twice adds nothing."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context

from community.clusters import events
from community.demo.mentoring_data import (
    ATTENDANCE,
    COORDINATORS,
    EVENTS,
    MENTEES,
    MENTORS,
    PAIRS,
    PROGRAMME,
    SESSIONS,
)
from community.extensions import db
from community.models import (
    Cluster,
    ClusterEvent,
    Membership,
    Participant,
    Programme,
    ProgrammeCoordinator,
    ProgrammeSession,
    User,
    utcnow,
)
from community.programmes import services as programmes


def _first_cluster(user: User) -> str | None:
    """The slug of the cluster the participant applies with: their first active one."""
    return db.session.scalar(
        sa.select(Cluster.slug).join(Membership, Membership.cluster_id == Cluster.id)
        .where(Membership.user_id == user.id, Membership.state == "active",
               Cluster.status == "approved").order_by(Membership.id).limit(1))


def _programme(admin: User) -> tuple[Programme, int]:
    programme = db.session.scalar(sa.select(Programme).where(
        Programme.name == PROGRAMME["name"]))
    if programme is not None:
        return programme, 0
    return programmes.create_programme(admin, **PROGRAMME), 1


def _coordinators(admin: User, programme: Programme, users: dict[str, User]) -> int:
    created = 0
    for username in COORDINATORS:
        if db.session.get(ProgrammeCoordinator, (programme.id, users[username].id)) is None:
            programmes.add_coordinator(admin, programme, users[username])
            created += 1
    return created


def _participants(admin: User, programme: Programme, users: dict[str, User]) -> int:
    """The 2021 programme has ended: the loader records its participants with `past=True`,
    the one caller allowed to."""
    enrolled = set(db.session.scalars(sa.select(Participant.user_id).where(
        Participant.programme_id == programme.id)))
    created = 0
    for role, rows in (("mentor", MENTORS), ("mentee", MENTEES)):
        for username, goals in rows:
            user = users[username]
            if user.id in enrolled:
                continue
            participant = programmes.apply_to_programme(
                user, programme, past=True, role=role, goals=goals,
                cluster=_first_cluster(user))
            programmes.decide_application(admin, programme, participant, "accepted")
            created += 1
    return created


def _pairs(admin: User, programme: Programme) -> int:
    created = 0
    for mentor, mentee in PAIRS:
        if programmes.pair_of(programmes.find_participant(programme, mentee)) is None:
            programmes.create_pair(admin, programme, mentor, mentee,
                                   reasons=["A shared language", "Sector and goals match"])
            created += 1
    return created


def _sessions(admin: User, programme: Programme) -> int:
    titles = set(db.session.scalars(sa.select(ProgrammeSession.title).where(
        ProgrammeSession.programme_id == programme.id)))
    created = 0
    for kind, title, starts_at, ends_at, who, location, online_url in SESSIONS:
        if title in titles:
            continue
        pair = (programmes.pair_of(programmes.find_participant(programme, who))
                if kind == "bilateral" else None)
        programmes.schedule_session(
            admin, programme, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
            pair=pair.id if pair else None, attendees=who if kind == "group" else [],
            location=location, online_url=online_url)
        created += 1
    return created


def _events(users: dict[str, User]) -> int:
    """Two upcoming events, published by a manager of their cluster, and who attends."""
    created = 0
    today = utcnow().replace(minute=0, second=0, microsecond=0)
    for slug, title, days, hour, hours, location, online_url, description in EVENTS:
        cluster = db.session.scalar(sa.select(Cluster).where(Cluster.slug == slug))
        event = db.session.scalar(sa.select(ClusterEvent).where(
            ClusterEvent.cluster_id == cluster.id, ClusterEvent.title == title))
        if event is None:
            starts = today.replace(hour=hour) + timedelta(days=days)
            event = events.publish_event(
                cluster.manager_memberships[0].user, cluster, title=title,
                starts_at=starts.isoformat(),
                ends_at=(starts + timedelta(hours=hours)).isoformat(), location=location,
                online_url=online_url, description=description)
            created += 1
        for username in ATTENDANCE[title]:
            if not events.is_attending(users[username], event):
                events.attend_event(users[username], event)
                created += 1
    return created


def load_mentoring(users: dict[str, User]) -> int:
    """Create what is missing of the programme (coordinators, participants, pairs, sessions)
    and of the cluster events; the number of new records. Links in its notifications are
    relative, so a command-line run borrows a request context to build them."""
    admin = users["admin"]
    context = nullcontext() if has_request_context() else current_app.test_request_context("/")
    with context:
        programme, created = _programme(admin)
        created += _coordinators(admin, programme, users)
        created += _participants(admin, programme, users)
        created += _pairs(admin, programme)
        created += _sessions(admin, programme)
        created += _events(users)
    return created
