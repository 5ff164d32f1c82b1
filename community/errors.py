"""Error types raised by services, and the handlers that turn every error into JSON under
`/api/` and into an HTML page elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from community.transaction import discard_action

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation",
    429: "rate_limited",
    500: "server_error",
}


class AppError(Exception):
    """An error a user can cause; carries the status and code of `spec/api.md`."""

    status = 400

    def __init__(self, message: str | None = None, fields: dict[str, str] | None = None) -> None:
        # Without a message, the status's own ("You are not allowed to do that.").
        message = message or default_message(self.status)
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    @property
    def code(self) -> str:
        return CODES[self.status]


class BadRequest(AppError):
    status = 400


class Unauthorized(AppError):
    status = 401


class PermissionDenied(AppError):
    status = 403


class NotFound(AppError):
    status = 404


class Conflict(AppError):
    status = 409


class ValidationError(AppError):
    status = 422


class RateLimited(AppError):
    status = 429


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(status: int, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": CODES.get(status, "error"), "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def json_error(status: int, message: str, fields: dict[str, str] | None = None):
    response = jsonify(error_body(status, message, fields))
    response.status_code = status
    return response


def html_error(status: int, message: str):
    return render_template("errors/error.html", status=status, message=message), status


def default_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("You need to sign in first."),
        403: _("You are not allowed to do that."),
        404: _("This page does not exist."),
        405: _("This method is not allowed here."),
        409: _("That conflicts with what already exists."),
        413: _("The request is too large."),
        415: _("This content type is not supported."),
        422: _("Some of the data is not valid."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    return messages.get(status, _("Something went wrong."))


def handle_app_error(error: AppError):
    """A refusal raised by a service: nothing of the action is kept."""
    discard_action()
    if wants_json():
        response = json_error(error.status, error.message, error.fields)
    else:
        response = make_response(html_error(error.status, error.message))
    if getattr(error, "retry_after", None):  # e.g. the per-account sign-in limit
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_csrf_error(error: CSRFError):
    message = _("The form expired or was forged. Reload the page and try again.")
    if wants_json():
        return json_error(400, message)
    return html_error(400, message)


def handle_http_error(error: HTTPException):
    discard_action()
    status = error.code or 500
    message = default_message(status)
    if wants_json():
        response = json_error(status, message)
    else:
        response = make_response(html_error(status, message))
    # Keep the headers that tell the client what to do next.
    for header in ("Retry-After", "Allow", "WWW-Authenticate"):
        value = error.get_response().headers.get(header)
        if value:
            response.headers[header] = value
    return response


def handle_unexpected(error: Exception):
    discard_action()
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    if wants_json():
        return json_error(500, default_message(500))
    return html_error(500, default_message(500))


def register_error_handlers(app: Flask) -> None:
    """Every error becomes JSON under /api/ and a page elsewhere; the most specific type wins."""
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
