"""JSON API of mentoring programmes: programmes, enrolment, pairs and sessions (`spec/api.md`,
Mentoring programmes and events). The services check who may and validate; `accepts` documents
the same rules and refuses a malformed body early."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from community.api import bp
from community.api.helpers import accepts, responds, schema_fields, signed_in_user
from community.chat.rooms import find_user
from community.extensions import db
from community.models import Participant, Programme, ProgrammeSession, SessionAttendee
from community.models.programme import PARTICIPANT_ROLES, PARTICIPANT_STATES
from community.pagination import page_args
from community.programmes import services
from community.programmes.access import (
    find_programme,
    is_coordinator,
    require_coordinator,
    require_insider,
)
from community.programmes.serializers import (
    pair_json,
    participants_json,
    programme_json,
    programme_summary,
    session_json,
)
from community.programmes.validation import (
    APPLICATION_SCHEMA,
    DECISION_SCHEMA,
    PAIR_SCHEMA,
    PROGRAMME_SCHEMA,
    SESSION_SCHEMA,
)
from community.validation import MEMBER, Field, validate

COORDINATOR_SCHEMA = {"username": MEMBER}
FILTERS = {"state": Field(str, required=False, choices=PARTICIPANT_STATES),
           "role": Field(str, required=False, choices=PARTICIPANT_ROLES)}


def _page(statement, serialize) -> dict:
    """A page of rows serialised together (their users' clusters in one query)."""
    page, per_page = page_args()
    result = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    return {"items": serialize(list(result.items)), "page": page, "per_page": per_page,
            "total": result.total, "pages": result.pages}


@bp.get("/programmes")
def api_programmes():
    """Every programme, the latest first: programmes are public calls for mentors."""
    statement = sa.select(Programme).order_by(Programme.starts_on.desc(), Programme.id.desc())
    return _page(statement, lambda rows: [programme_summary(p) for p in rows])


@bp.post("/programmes")
@responds(201)
@accepts(PROGRAMME_SCHEMA)
def api_create_programme(data: dict):
    """Admins create a programme; they coordinate it."""
    programme = services.create_programme(current_user, **schema_fields(PROGRAMME_SCHEMA))
    return programme_json(programme, current_user)


@bp.get("/programmes/<slug>")
def api_programme(slug: str):
    """A programme with its coordinators and its participant and pair counts."""
    return programme_json(find_programme(slug), current_user)


@bp.post("/programmes/<slug>/coordinators")
@responds(201)
@accepts(COORDINATOR_SCHEMA)
def api_add_coordinator(slug: str, data: dict):
    """Admins name a coordinator (not in the spec's table: the page and the API share it)."""
    signed_in_user()
    programme = find_programme(slug)
    services.add_coordinator(current_user, programme, find_user(data["username"]))
    return programme_json(programme, current_user)


@bp.post("/programmes/<slug>/participants")
@responds(201)
@accepts(APPLICATION_SCHEMA)
def api_apply(slug: str, data: dict):
    """Apply as a mentor or a mentee; the enrolment starts "applied"."""
    signed_in_user()
    participant = services.apply_to_programme(current_user, find_programme(slug),
                                              **schema_fields(APPLICATION_SCHEMA))
    return participants_json([participant], current_user)[0]


@bp.get("/programmes/<slug>/participants")
def api_participants(slug: str):
    """Coordinators see every application; accepted participants see the accepted ones.
    Query: `state`, `role`, `page`, `per_page`."""
    programme = find_programme(slug)
    require_insider(current_user, programme)
    filters = validate({k: v for k, v in request.args.items() if k in FILTERS}, FILTERS)
    statement = (sa.select(Participant).where(Participant.programme_id == programme.id)
                 .options(selectinload(Participant.user), selectinload(Participant.cluster))
                 .order_by(Participant.id))
    if not is_coordinator(current_user, programme):
        statement = statement.where(Participant.state == "accepted")
    for name, value in filters.items():
        statement = statement.where(getattr(Participant, name) == value)
    return _page(statement, lambda rows: participants_json(rows, current_user))


@bp.patch("/programmes/<slug>/participants/<username>")
@accepts(DECISION_SCHEMA)
def api_decide(slug: str, username: str, data: dict):
    """Coordinators accept or decline an application; the member is notified."""
    signed_in_user()
    programme = find_programme(slug)
    require_coordinator(current_user, programme)
    participant = services.find_participant(programme, username)
    services.decide_application(current_user, programme, participant, data["state"])
    return participants_json([participant], current_user)[0]


@bp.post("/programmes/<slug>/pairs")
@responds(201)
@accepts(PAIR_SCHEMA)
def api_create_pair(slug: str, data: dict):
    """Coordinators pair a mentor with a mentee: both notified, a direct room opens."""
    signed_in_user()
    pair = services.create_pair(current_user, find_programme(slug), data["mentor"],
                                data["mentee"])
    return pair_json(pair, current_user)


@bp.post("/programmes/<slug>/sessions")
@responds(201)
@accepts(SESSION_SCHEMA)
def api_schedule_session(slug: str, data: dict):
    """Schedule a session (coordinators; a pair its own bilateral ones); its people are told."""
    signed_in_user()
    return session_json(services.schedule_session(current_user, find_programme(slug),
                                                  **schema_fields(SESSION_SCHEMA)))


@bp.get("/programmes/<slug>/sessions")
def api_sessions(slug: str):
    """The sessions the caller may see, soonest first."""
    programme = find_programme(slug)
    require_insider(current_user, programme)
    statement = services.sessions_statement(current_user, programme).options(
        selectinload(ProgrammeSession.attendees).selectinload(SessionAttendee.user))
    return _page(statement, lambda rows: [session_json(s) for s in rows])
