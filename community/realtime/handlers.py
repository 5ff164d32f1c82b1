"""The contract of every Socket.IO event handler, whatever the feature: the connected user is
re-read, the payload must be one storable JSON object, the event is one transaction, and the
client always gets the acknowledgement of `spec/realtime.md`: `{"ok": true, ...}`, or
`{"ok": false, "error", "message"}` with the codes of `spec/api.md`, the connection kept open."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_socketio import SocketIO, disconnect, join_room

from community.errors import AppError, BadRequest, NotFound, Unauthorized
from community.extensions import db
from community.i18n import LANGUAGES
from community.models import User
from community.realtime.connection import socket_locale, socket_user
from community.security import contains_unstorable, refuse_deep_json

Handler = Callable[[User, dict[str, Any]], dict]


def refusal(code: str, message: str, fields: dict | None = None) -> dict:
    """The acknowledgement of a refused event, shaped like the API's errors."""
    answer: dict[str, Any] = {"ok": False, "error": code, "message": message}
    if fields:
        answer["fields"] = fields
    return answer


def payload_problem(args: tuple) -> str | None:
    """Why the event's arguments are not one storable JSON object, or None when they are
    (JSON nested too deeply raises `BadRequest`)."""
    if len(args) == 1:
        refuse_deep_json(args[0])
    if len(args) != 1 or not isinstance(args[0], dict):
        return _("The payload must be one JSON object.")
    if contains_unstorable(args[0]):  # NUL or a lone surrogate: refused as the HTTP side does
        return _("The request contains characters that are not allowed.")
    return None


def user_locale(user: User) -> AbstractContextManager:
    """The user's own language for the acknowledgement, as on their pages: a socket opened with
    an API token has no `current_user` for the locale selector to read it from."""
    return force_locale(user.locale) if user.locale in LANGUAGES else nullcontext()


def failure() -> dict:
    """An unexpected error: nothing is kept, the cause is logged, the client may try again."""
    db.session.rollback()
    current_app.logger.exception("Socket event %s failed", request.event["message"])
    return refusal("server_error", _("Something went wrong on our side. Try again."))


def answer(handler: Handler, user: User, args: tuple) -> dict:
    """Run the handler as one transaction: committed when it acknowledges (emits queued on
    commit go out then), rolled back when it refuses or fails."""
    try:
        problem = payload_problem(args)
        if problem is not None:
            return refusal("bad_request", problem)
        acknowledgement = handler(user, args[0])
        db.session.commit()  # the socket entry point commits once, services only flush
        return acknowledgement
    except AppError as error:
        db.session.rollback()
        return refusal(error.code, error.message, error.fields)
    except Exception:
        return failure()


def socket_event(handler: Handler) -> Callable[..., dict]:
    """Make `handler(user, payload) -> ack` a Socket.IO event handler that honours the
    contract above; every event of every feature is registered through it."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> dict:
        try:
            user = socket_user()
        except Exception:
            return failure()
        if user is None:  # suspended, signed out elsewhere or deleted since connecting
            db.session.rollback()
            disconnect()
            return refusal("unauthorized", _("Your session has ended. Sign in again."))
        with user_locale(user):
            return answer(handler, user, args)

    return wrapper


class SessionEnded(Unauthorized):
    """Raised by a hot event that found, on its slow path, that the connection's user may no
    longer act (suspended, signed out elsewhere, deleted): refused and disconnected."""


def socket_user_or_end() -> User:
    """The connected user, re-read (`socket_user`); `SessionEnded` when they may no longer act."""
    user = socket_user()
    if user is None:
        raise SessionEnded(_("Your session has ended. Sign in again."))
    return user


def hot_socket_event(handler: Callable[[dict[str, Any]], dict]) -> Callable[..., dict]:
    """`socket_event` for the events sent many times a second (`chat:send`), which check the
    connection's user inside their own SQL (`connection.may_still_write`) instead of
    re-reading it first; `handler(payload) -> ack` calls `socket_user_or_end()` on its slow
    path. Same contract: one transaction, acknowledgement or refusal."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> dict:
        ended = []

        def run(_user: None, payload: dict[str, Any]) -> dict:
            try:
                return handler(payload)
            except SessionEnded:
                ended.append(True)
                raise

        locale = socket_locale()
        with force_locale(locale) if locale in LANGUAGES else nullcontext():
            acknowledgement = answer(run, None, args)
        if ended:
            disconnect()
        return acknowledgement

    return wrapper


def integer(payload: dict, key: str, required: bool = True) -> int | None:
    """A non-negative integer field; anything else is a malformed payload (`bad_request`). It
    may be of any size: the services look up only ids a row can have (`is_id`), so a larger id
    is `not_found`, and cap seqs at the largest (MAX_ID)."""
    value = payload.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest(_("%(key)s must be a non-negative integer.", key=key))
    return value


def string(payload: dict, key: str, required: bool = True) -> str | None:
    """A string field; its length and content are the service's to check (`validation`)."""
    value = payload.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(_("%(key)s must be a string.", key=key))
    return value


def join(room: str) -> None:
    """Add this connection to a Socket.IO room. A client that went away (reload, navigation)
    while its event was handled is no longer in the server's tables: `not_found`, not a crash."""
    try:
        join_room(room)
    except KeyError:
        raise NotFound(_("The connection is closed.")) from None


def on_events(socketio: SocketIO, events: Mapping[str, Callable[..., dict]]) -> None:
    """Register a feature's event table (event name → handler made with `socket_event`)."""
    for name, handler in events.items():
        socketio.on_event(name, handler)
