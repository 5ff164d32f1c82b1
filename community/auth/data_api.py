"""JSON API of a member's own data: `GET /me/export`, `DELETE /me` (`spec/api.md`, Your data),
and their browser sessions: `GET /me/sessions`, `DELETE /me/sessions/<id>`."""

from __future__ import annotations

from flask_login import logout_user

from community.api import bp
from community.api.helpers import accepts, responds, signed_in_user
from community.auth.data import erase_account, erase_limit, export_attachment
from community.auth.passwords import PASSWORD
from community.auth.sessions import current_session_key
from community.auth.user_sessions import active_sessions, end_user_session, session_json

ERASE_SCHEMA = {"password": PASSWORD}


@bp.get("/me/export")
def export_my_data():
    """Everything stored about the caller as one JSON document, served as an attachment:
    profile, memberships, posts and revisions, messages, reactions, notifications, reports
    filed, suspensions, sessions and tokens (without secrets)."""
    return export_attachment(signed_in_user())


@bp.delete("/me")
@responds(204)
@erase_limit
@accepts(ERASE_SCHEMA)
def erase_me(data: dict):
    """Erase the caller's account (their `password` is required; 422 when wrong). Posts stay
    as a deleted member's; messages, memberships, sessions and tokens end; 409 for the last
    manager of a cluster with other members."""
    erase_account(signed_in_user(), data["password"])
    logout_user()
    return ""


@bp.get("/me/sessions")
def my_sessions():
    """The caller's signed-in browsers: device, masked place, last seen, and `current` for the
    one making this request."""
    user, current = signed_in_user(), current_session_key()
    return {"items": [session_json(row, current) for row in active_sessions(user)]}


@bp.delete("/me/sessions/<session_id>")
@responds(204)
def end_my_session(session_id: str):
    """Sign one of the caller's browsers out (404 for an unknown or someone else's session)."""
    end_user_session(signed_in_user(), session_id)
    return ""
