"""The programme, participant, pair and session objects of the JSON API (`spec/api.md`,
Mentoring programmes and events): users as every API serialises them, times ISO with Z."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for

from community.auth.serializers import clusters_by_user, user_json
from community.extensions import db
from community.models import Pair, Participant, Programme, ProgrammeSession, User, isoformat
from community.programmes.services import coordinator_users


def funder_list(programme: Programme) -> list[str]:
    """Funders are stored one a line."""
    return [line for line in (programme.funders or "").splitlines() if line.strip()]


def programme_summary(programme: Programme) -> dict[str, Any]:
    """A programme in a list: what it is and when."""
    return {
        "slug": programme.slug,
        "name": programme.name,
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": programme.ends_on.isoformat(),
        "lead_organisation": programme.lead_organisation or "",
        "funders": funder_list(programme),
        "url": url_for("programmes.show", slug=programme.slug),
    }


def programme_json(programme: Programme, viewer: User | None) -> dict[str, Any]:
    """A programme with its description, coordinators and how many take part."""
    coordinators = coordinator_users(programme)
    links = clusters_by_user([user.id for user in coordinators])
    participants = db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
        Participant.programme_id == programme.id, Participant.state == "accepted"))
    pairs = db.session.scalar(sa.select(sa.func.count(Pair.id)).where(
        Pair.programme_id == programme.id))
    return {
        **programme_summary(programme),
        "description": programme.description or "",
        "description_html": programme.description_html or "",
        "coordinators": [user_json(user, viewer, links[user.id]) for user in coordinators],
        "participant_count": participants,
        "pair_count": pairs,
        "created_at": isoformat(programme.created_at),
    }


def participants_json(participants: list[Participant], viewer: User | None) -> list[dict]:
    """Enrolments, their users' cluster links read in one query."""
    links = clusters_by_user(sorted({p.user_id for p in participants}))
    return [{
        "user": user_json(p.user, viewer, links[p.user_id]),
        "role": p.role,
        "state": p.state,
        "cluster": p.cluster.slug if p.cluster is not None else None,
        "languages": list(p.languages or []),
        "expertise": list(p.expertise or []),
        "goals": p.goals or "",
        "capacity": p.capacity,
        "applied_at": isoformat(p.applied_at),
    } for p in participants]


def pair_json(pair: Pair, viewer: User | None) -> dict[str, Any]:
    return {
        "id": pair.id,
        "mentor": user_json(pair.mentor.user, viewer),
        "mentee": user_json(pair.mentee.user, viewer),
        "score": pair.score,
        "reasons": list(pair.reasons or []),
        "room_id": pair.room_id,
        "created_at": isoformat(pair.created_at),
    }


def session_json(session: ProgrammeSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "kind": session.kind,
        "title": session.title,
        "description": session.description or "",
        "starts_at": isoformat(session.starts_at),
        "ends_at": isoformat(session.ends_at),
        "pair": session.pair_id,
        "location": session.location or "",
        "online_url": session.online_url or "",
        "attendees": [a.user.username for a in session.attendees],
    }
