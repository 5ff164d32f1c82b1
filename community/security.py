"""Security headers on every response and the production start-up checks."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, Response, request
from flask_babel import gettext as _

from community.errors import BadRequest
from community.urls import site_url_problem

# NUL bytes and lone surrogates cannot be stored in PostgreSQL text and have no place in
# user input: refuse them at the door instead of failing deep inside a query.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# No request body or event payload nests deeper than a few levels; 32 leaves room to spare
# while keeping every walk over the data far from Python's recursion limit.
MAX_JSON_DEPTH = 32


class TooDeep:
    """What JSON nested too deeply to decode (a `RecursionError`) decodes to."""


TOO_DEEP = TooDeep()


def loads(text: str | bytes) -> Any:
    """`json.loads`, except that JSON too deeply nested to decode gives `TOO_DEEP`."""
    try:
        return json.loads(text)
    except RecursionError:
        return TOO_DEEP


def nesting_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when lists and objects inside `value` nest deeper than `limit` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list | tuple):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def refuse_deep_json(value: Any) -> None:
    """A `BadRequest` for JSON nested too deeply, whether or not it could be decoded."""
    if value is TOO_DEEP or nesting_exceeds(value):
        raise BadRequest(_("The JSON is nested too deeply."))


def contains_unstorable(value: Any) -> bool:
    """True when a string anywhere inside `value` holds a NUL byte or a lone surrogate
    (walked without recursion: any depth is safe)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item) is not None:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def refuse_unstorable_input() -> None:
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
    if any(contains_unstorable(value) for value in values):
        raise BadRequest(_("The request contains characters that are not allowed."))


def register_security(app: Flask) -> None:
    app.before_request(refuse_unstorable_input)

    if app.config["NAME"] == "production" and app.debug:
        raise RuntimeError("Refusing to start in production with debug on.")
    problem = site_url_problem(app.config.get("SITE_URL"))
    if app.config["NAME"] == "production" and problem:
        raise RuntimeError(problem)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
