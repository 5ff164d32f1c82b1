"""The actions of a mentoring programme: create it, apply, accept or decline, pair a mentor
with a mentee, schedule sessions. Each checks who may, validates, writes and queues its
notifications for after the commit (one action, one transaction)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from community.chat.rooms import direct_room_between, leave_programme_room, programme_room
from community.errors import Conflict, NotFound, ValidationError
from community.extensions import db
from community.i18n import in_language, isolate_plain
from community.markup import render_markdown
from community.models import (
    Cluster,
    Membership,
    Pair,
    Participant,
    Programme,
    ProgrammeCoordinator,
    ProgrammeSession,
    SessionAttendee,
    User,
    utcnow,
)
from community.notifications.services import notify, notify_many
from community.permissions import can_write, require_admin, require_write
from community.programmes.access import (
    enrolment_of,
    is_coordinator,
    is_in_pair,
    require_coordinator,
    require_insider,
)
from community.programmes.validation import (
    APPLICATION_SCHEMA,
    PROGRAMME_SCHEMA,
    SESSION_SCHEMA,
)
from community.slugs import unique_slug
from community.transaction import savepoint
from community.validation import validate


def programme_url(programme: Programme) -> str:
    """The programme's page, where its notifications lead."""
    return url_for("programmes.show", slug=programme.slug)


# --- Programmes and coordinators ------------------------------------------------------------

def _check_dates(values: dict[str, Any], programme: Programme | None = None) -> None:
    starts = values.get("starts_on", programme.starts_on if programme else None)
    ends = values.get("ends_on", programme.ends_on if programme else None)
    if starts and ends and ends < starts:
        raise ValidationError(_("Some fields are not valid."),
                              {"ends_on": _("Must not be before the start.")})


def _apply_programme(programme: Programme, values: dict[str, Any]) -> None:
    for name in ("name", "starts_on", "ends_on", "lead_organisation"):
        if name in values:
            setattr(programme, name, values[name])
    if "description" in values:
        programme.description = values["description"]
        programme.description_html = render_markdown(values["description"])
    if "funders" in values:
        programme.funders = "\n".join(values["funders"])


def create_programme(actor: User | None, **data: Any) -> Programme:
    """An admin creates a programme and becomes its first coordinator; its chat room opens."""
    require_admin(actor)
    values = validate(data, PROGRAMME_SCHEMA)
    _check_dates(values)
    programme = Programme(slug=unique_slug(Programme.slug, values["name"], "programme"),
                          created_by=actor)
    _apply_programme(programme, values)
    db.session.add(programme)
    db.session.flush()
    db.session.add(ProgrammeCoordinator(programme_id=programme.id, user_id=actor.id))
    programme_room(programme.id, programme.name, [actor])
    return programme


def update_programme(actor: User | None, programme: Programme, **data: Any) -> Programme:
    """Coordinators edit the programme's description, dates, lead organisation and funders."""
    require_coordinator(actor, programme)
    values = validate(data, PROGRAMME_SCHEMA, partial=True)
    _check_dates(values, programme)
    _apply_programme(programme, values)
    return programme


def add_coordinator(actor: User | None, programme: Programme, user: User) -> None:
    """An admin names a coordinator, who joins the programme's room."""
    require_admin(actor)
    if db.session.get(ProgrammeCoordinator, (programme.id, user.id)) is None:
        try:
            with savepoint():
                db.session.add(ProgrammeCoordinator(programme_id=programme.id, user_id=user.id))
        except IntegrityError:  # nosec B110
            pass  # named twice at the same moment: once is what was asked
    programme_room(programme.id, programme.name, [user])


def coordinator_users(programme: Programme) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(ProgrammeCoordinator, ProgrammeCoordinator.user_id == User.id)
        .where(ProgrammeCoordinator.programme_id == programme.id).order_by(User.id)))


# --- Enrolment ------------------------------------------------------------------------------

def _applicant_cluster(actor: User, slug: str | None) -> int | None:
    if not slug:
        return None
    cluster_id = db.session.scalar(
        sa.select(Membership.cluster_id).join(Cluster, Cluster.id == Membership.cluster_id)
        .where(Membership.user_id == actor.id, Membership.state == "active",
               Cluster.slug == slug))
    if cluster_id is None:
        raise ValidationError(_("Some fields are not valid."),
                              {"cluster": _("You are not a member of this cluster.")})
    return cluster_id


def apply_to_programme(actor: User | None, programme: Programme, *, past: bool = False,
                       **data: Any) -> Participant:
    """A confirmed member applies as a mentor or a mentee; the coordinators are told. Only the
    demo loader passes `past=True`, to record who took part in a programme that has ended."""
    require_write(actor)
    values = validate(data, APPLICATION_SCHEMA)
    if programme.ends_on < utcnow().date() and not past:
        raise Conflict(_("This programme has ended."))
    if enrolment_of(actor, programme) is not None:
        raise Conflict(_("You have already applied to this programme."))
    participant = Participant(
        programme_id=programme.id, user_id=actor.id, role=values["role"],
        cluster_id=_applicant_cluster(actor, values.get("cluster")), goals=values["goals"],
        languages=values["languages"] or list(actor.languages),
        expertise=values["expertise"] or list(actor.expertise),
        capacity=values["capacity"] if values["role"] == "mentor" else 1)
    try:
        with savepoint():
            db.session.add(participant)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("You have already applied to this programme.")) from None
    _tell_coordinators_of(participant, programme, actor)
    return participant


def _tell_coordinators_of(participant: Participant, programme: Programme, actor: User) -> None:
    def text() -> str:
        if participant.role == "mentor":
            return _("%(name)s applied to %(programme)s as a mentor.",
                     name=isolate_plain(actor.display_name),
                     programme=isolate_plain(programme.name))
        return _("%(name)s applied to %(programme)s as a mentee.",
                 name=isolate_plain(actor.display_name), programme=isolate_plain(programme.name))

    notify_many([(user, in_language(user, text)) for user in coordinator_users(programme)],
                "programme_enrolment", actor, programme_url(programme))


def find_participant(programme: Programme, username: str) -> Participant:
    participant = db.session.scalar(
        sa.select(Participant).join(Participant.user)
        .where(Participant.programme_id == programme.id, User.username == username))
    if participant is None:
        raise NotFound(_("No such participant in this programme."))
    return participant


def pair_of(participant: Participant) -> Pair | None:
    column = Pair.mentor_id if participant.role == "mentor" else Pair.mentee_id
    return db.session.scalar(sa.select(Pair).where(column == participant.id).limit(1))


def decide_application(actor: User | None, programme: Programme, participant: Participant,
                       state: str) -> Participant:
    """A coordinator accepts or declines an application; the member is told. An accepted
    participant joins the programme's room; one already paired cannot be declined."""
    require_coordinator(actor, programme)
    if participant.programme_id != programme.id:
        raise NotFound(_("No such participant in this programme."))
    _lock(participant)
    if participant.state == state:
        return participant
    if state == "declined" and pair_of(participant) is not None:
        raise Conflict(_("This participant is in a pair: end the pair first."))
    participant.state, participant.decided_at, participant.decided_by_id = (
        state, utcnow(), actor.id)
    user = participant.user
    if state == "accepted":
        programme_room(programme.id, programme.name, [user])
    else:
        leave_programme_room(programme.id, user)

    def text() -> str:
        if state == "accepted":
            return _("Your application to %(programme)s is accepted.",
                     programme=isolate_plain(programme.name))
        return _("Your application to %(programme)s was not accepted.",
                 programme=isolate_plain(programme.name))

    notify(user, "programme_enrolment", actor, programme_url(programme), in_language(user, text))
    return participant


# --- Pairs ----------------------------------------------------------------------------------

def _paired_participant(programme: Programme, username: str, role: str, field: str):
    try:
        participant = find_participant(programme, username)
    except NotFound:
        participant = None
    if (participant is None or participant.role != role or participant.state != "accepted"
            or not can_write(participant.user)):
        message = (_("Not an accepted mentor of this programme.") if role == "mentor"
                   else _("Not an accepted mentee of this programme."))
        raise ValidationError(_("Some fields are not valid."), {field: message})
    return participant


def _lock(participant: Participant) -> None:
    """Hold the participant's row until the commit (PostgreSQL), so that a decision and a
    pairing, or two pairings, cannot each pass their check on the same old state."""
    db.session.execute(sa.select(Participant.id).where(Participant.id == participant.id)
                       .with_for_update())
    db.session.refresh(participant)


def mentor_load(programme: Programme) -> dict[int, int]:
    """How many mentees each mentor (participant id) has."""
    return dict(db.session.execute(
        sa.select(Pair.mentor_id, sa.func.count(Pair.id))
        .where(Pair.programme_id == programme.id).group_by(Pair.mentor_id)).all())


def create_pair(actor: User | None, programme: Programme, mentor: str, mentee: str,
                score: float | None = None, reasons: list[str] | None = None) -> Pair:
    """A coordinator pairs an accepted mentor (within their capacity) with an unpaired
    accepted mentee; both are told, and a direct chat room opens for them."""
    require_coordinator(actor, programme)
    mentor_p = _paired_participant(programme, mentor, "mentor", "mentor")
    mentee_p = _paired_participant(programme, mentee, "mentee", "mentee")
    _lock(mentor_p)  # two pairings at once must not both take a mentor's last place
    if pair_of(mentee_p) is not None:
        raise Conflict(_("This mentee already has a mentor."))
    if mentor_load(programme).get(mentor_p.id, 0) >= mentor_p.capacity:
        raise Conflict(_("This mentor has no room for another mentee."))
    pair = Pair(programme_id=programme.id, mentor=mentor_p, mentee=mentee_p, score=score,
                reasons=list(reasons or []), created_by_id=actor.id)
    try:
        with savepoint():
            db.session.add(pair)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("This mentee already has a mentor.")) from None
    pair.room_id = direct_room_between(mentor_p.user, mentee_p.user).id
    _tell_pair(pair, programme, actor)
    return pair


def _tell_pair(pair: Pair, programme: Programme, actor: User) -> None:
    mentor, mentee = pair.mentor.user, pair.mentee.user
    notices = [
        (mentor, in_language(mentor, lambda: _(
            "You are the mentor of %(name)s in %(programme)s.",
            name=isolate_plain(mentee.display_name), programme=isolate_plain(programme.name)))),
        (mentee, in_language(mentee, lambda: _(
            "%(name)s is your mentor in %(programme)s.",
            name=isolate_plain(mentor.display_name), programme=isolate_plain(programme.name)))),
    ]
    notify_many(notices, "mentoring_pair", actor, programme_url(programme))


def find_pair(programme: Programme, pair_id: int) -> Pair:
    pair = db.session.get(Pair, pair_id)
    if pair is None or pair.programme_id != programme.id:
        raise NotFound(_("No such pair in this programme."))
    return pair


# --- Sessions -------------------------------------------------------------------------------

def _session_problems(values: dict[str, Any], programme: Programme) -> dict[str, str]:
    problems = {}
    if values["ends_at"] <= values["starts_at"]:
        problems["ends_at"] = _("Must be after the start.")
    if values["kind"] == "bilateral" and not values.get("pair"):
        problems["pair"] = _("A bilateral session is for one pair: choose it.")
    if values["kind"] != "bilateral" and values.get("pair"):
        problems["pair"] = _("Only a bilateral session is for one pair.")
    if not values["location"] and not values["online_url"]:
        problems["location"] = _("Give a place, or a link for an online session.")
    return problems


def _group_attendees(programme: Programme, usernames: list[str]) -> list[User]:
    users = []
    for username in dict.fromkeys(usernames):
        try:
            participant = find_participant(programme, username)
        except NotFound:
            participant = None
        if participant is None or participant.state != "accepted":
            raise ValidationError(_("Some fields are not valid."), {"attendees": _(
                "%(name)s is not a participant of this programme.", name=username)})
        users.append(participant.user)
    return users


def accepted_users(programme: Programme) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(Participant, Participant.user_id == User.id)
        .where(Participant.programme_id == programme.id, Participant.state == "accepted")))


def schedule_session(actor: User | None, programme: Programme, **data: Any) -> ProgrammeSession:
    """Coordinators schedule any session; a pair schedules its own bilateral sessions. The
    people it is for are notified (and reminded by e-mail the day before)."""
    require_write(actor)
    values = validate(data, SESSION_SCHEMA)
    problems = _session_problems(values, programme)
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    if not is_coordinator(actor, programme):
        require_insider(actor, programme)  # before looking up a pair: ids are not for outsiders
    pair = find_pair(programme, values["pair"]) if values.get("pair") else None
    if not (is_coordinator(actor, programme) or (pair is not None and is_in_pair(actor, pair))):
        require_coordinator(actor, programme)
    attendees = (_group_attendees(programme, values["attendees"])
                 if values["kind"] == "group" else [])
    session = ProgrammeSession(
        programme_id=programme.id, kind=values["kind"], title=values["title"],
        description=values["description"], starts_at=values["starts_at"],
        ends_at=values["ends_at"], pair=pair, location=values["location"],
        online_url=values["online_url"], created_by_id=actor.id)
    db.session.add(session)
    db.session.flush()
    for user in attendees:
        db.session.add(SessionAttendee(session_id=session.id, user_id=user.id))
    _tell_session(session, programme, actor, session_audience(session, programme, attendees))
    return session


def session_audience(session: ProgrammeSession, programme: Programme,
                     attendees: list[User] | None = None) -> list[User]:
    """Who a session is for: its pair, its invited attendees, or every participant."""
    if session.kind == "bilateral":
        return [session.pair.mentor.user, session.pair.mentee.user]
    if session.kind == "group":
        return attendees if attendees is not None else [a.user for a in session.attendees]
    return accepted_users(programme)


def _tell_session(session: ProgrammeSession, programme: Programme, actor: User,
                  audience: list[User]) -> None:
    def text() -> str:
        return _("New session in %(programme)s: %(title)s",
                 programme=isolate_plain(programme.name), title=isolate_plain(session.title))

    notify_many([(user, in_language(user, text)) for user in audience],
                "mentoring_session", actor, programme_url(programme))


def sessions_statement(viewer: User | None, programme: Programme):
    """The programme's sessions the viewer may see (`access.may_see_session`, in SQL),
    soonest first."""
    statement = (sa.select(ProgrammeSession)
                 .where(ProgrammeSession.programme_id == programme.id)
                 .order_by(ProgrammeSession.starts_at, ProgrammeSession.id))
    if is_coordinator(viewer, programme):
        return statement
    enrolment = enrolment_of(viewer, programme)
    if enrolment is None or enrolment.state != "accepted":
        return statement.where(sa.false())
    own_pairs = sa.select(Pair.id).where(
        (Pair.mentor_id == enrolment.id) | (Pair.mentee_id == enrolment.id))
    invited = sa.select(SessionAttendee.session_id).where(SessionAttendee.user_id == viewer.id)
    return statement.where(sa.or_(
        ProgrammeSession.kind == "joint_meeting",
        (ProgrammeSession.kind == "bilateral") & ProgrammeSession.pair_id.in_(own_pairs),
        (ProgrammeSession.kind == "group") & ProgrammeSession.id.in_(invited)))
