"""Shared JSON helpers for the API: the signed-in caller, the checked body (`accepts`) and
success statuses (`responds`). Pagination is in `community/pagination.py`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.errors import BadRequest, Unauthorized
from community.security import TOO_DEEP, contains_unstorable, refuse_deep_json
from community.validation import Schema, validate


def signed_in_user():
    """The signed-in caller (session or bearer token); 401 for anonymous requests."""
    if not current_user.is_authenticated:
        raise Unauthorized(_("You need to sign in first."))
    return current_user._get_current_object()


def json_body() -> dict[str, Any]:
    """The request's JSON object; 400 for a missing, malformed or non-object body."""
    if not request.is_json:
        raise BadRequest(_("Send a JSON body with Content-Type: application/json."))
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # not a ValueError, so `silent` does not catch it
        data = TOO_DEEP
    refuse_deep_json(data)
    if data is None:
        raise BadRequest(_("The body is not valid JSON."))
    if not isinstance(data, dict):
        raise BadRequest(_("The JSON body must be an object."))
    if contains_unstorable(data):
        raise BadRequest(_("The request contains characters that are not allowed."))
    return data


def schema_fields(schema: dict) -> dict[str, Any]:
    """The request body's raw values of the fields `schema` knows, for a service that checks
    them itself: any other key is dropped, so a body cannot reach a service's other keyword
    arguments (a loader-only flag, the actor)."""
    return {name: value for name, value in json_body().items() if name in schema}


def accepts(schema: Schema, *, partial: bool = False) -> Callable:
    """Check the JSON body against `schema` and pass the checked values to the view as `data`.
    The OpenAPI document reads the same schema, so what is documented is what is enforced.
    `partial` (PATCH): every field may be left out. Put it under rate-limit decorators, so a
    refused body still counts against the limit."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked_view(*args: Any, **kwargs: Any) -> Any:
            return view(*args, data=validate(json_body(), schema, partial=partial), **kwargs)

        checked_view.request_schema = schema
        checked_view.partial = partial
        return checked_view

    return decorate


def responds(*statuses: int) -> Callable:
    """Declare a view's success statuses, the first being the usual one: the view may return
    just its body and gets that status, and the OpenAPI document lists exactly these."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def answering_view(*args: Any, **kwargs: Any) -> Any:
            result = view(*args, **kwargs)
            return result if isinstance(result, tuple) else (result, statuses[0])

        answering_view.success_statuses = statuses
        return answering_view

    return decorate
