"""Security headers on every response and the production start-up checks."""

from __future__ import annotations

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


def contains_unstorable(value: Any) -> bool:
    """True when a string anywhere inside `value` holds a NUL byte or a lone surrogate."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(contains_unstorable(k) or contains_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_unstorable(item) for item in value)
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
