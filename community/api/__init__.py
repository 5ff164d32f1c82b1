"""The `/api/v1` blueprint: token or cookie authentication, CSRF for cookie callers, the
unconfirmed-user guard and API rate limits. Feature packages add their routes in `api.py`."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from community.errors import PermissionDenied, Unauthorized, json_error
from community.extensions import csrf, limiter
from community.ratelimit import user_or_address

bp = Blueprint("api", __name__, url_prefix="/api/v1")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CATCH_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Writes an unconfirmed user may still make: their own profile and their account (and the
# Markdown preview, which stores nothing, for the bio of that profile).
UNCONFIRMED_WRITE_PREFIXES = ("/api/v1/me", "/api/v1/auth/", "/api/v1/preview")


def api_rate_limit() -> str:
    if current_user.is_authenticated:
        return current_app.config["API_RATE_LIMIT_USER"]
    return current_app.config["API_RATE_LIMIT_ANONYMOUS"]


def sends_cookies() -> bool:
    """A caller with our session or remember cookie may be a browser tricked by another site:
    it must send the CSRF token. A script with neither cookie carries no ambient authority."""
    names = (current_app.config.get("SESSION_COOKIE_NAME", "session"),
             current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return any(name in request.cookies for name in names)


@bp.before_request
def authenticate_api_request() -> None:
    # A request with an `Authorization` header is authenticated by it alone (cookies are
    # ignored, see `HeaderFirstLoginManager`): present and invalid, whatever the scheme, is a 401.
    if "Authorization" in request.headers:
        if not current_user.is_authenticated:
            raise Unauthorized(_("The API token is invalid, expired or revoked."))
    elif request.method in UNSAFE_METHODS and sends_cookies() and current_app.config.get(
            "WTF_CSRF_ENABLED", True):
        csrf.protect()
    if (
        request.method in UNSAFE_METHODS
        and current_user.is_authenticated
        and not current_user.is_confirmed
        and not request.path.startswith(UNCONFIRMED_WRITE_PREFIXES)
    ):
        raise PermissionDenied(
            _("Your e-mail address is unconfirmed: confirm it from the link we sent to write here.")
        )


@bp.route("/<path:unknown>", methods=list(CATCH_ALL_METHODS))
def unknown_endpoint(unknown: str):
    """Any path not served by the API: a JSON 404, or a JSON 405 when the path exists but not
    with this method (this catch-all matches every method, so routing alone never says 405)."""
    allowed = served_methods(request.path)
    if allowed:
        raise MethodNotAllowed(valid_methods=sorted(allowed | {"OPTIONS"}))
    return json_error(404, _("No such API endpoint."))


def served_methods(path: str) -> set[str]:
    """The methods that a real API route, not the catch-all, serves at `path`."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    served = set()
    for method in CATCH_ALL_METHODS:
        try:
            endpoint, _args = adapter.match(path, method=method)
        except HTTPException:  # no route for this method (or a redirect): not served
            continue
        if endpoint != "api.unknown_endpoint":
            served.add(method)
    return served | ({"HEAD"} if "GET" in served else set())


def register_api(app: Flask) -> None:
    # Importing the feature modules attaches their routes to `bp` before it is registered.
    from community.api import openapi  # noqa: F401
    from community.auth import api as auth_api  # noqa: F401
    from community.auth import data_api  # noqa: F401
    from community.chat import api as chat_api  # noqa: F401
    from community.clusters import api as clusters_api  # noqa: F401
    from community.clusters import event_api  # noqa: F401
    from community.editor import api as editor_api  # noqa: F401
    from community.forums import api as forums_api  # noqa: F401
    from community.moderation import (  # noqa: F401
        audit_api,
        queue_api,
        reports_api,
        stats_api,
        users_api,
    )
    from community.notifications import api as notifications_api  # noqa: F401
    from community.profiles import api as profiles_api  # noqa: F401
    from community.programmes import api as programmes_api  # noqa: F401
    from community.programmes import (
        calendar_api,  # noqa: F401
        report_api,  # noqa: F401
        suggestions_api,  # noqa: F401
    )
    from community.search import api as search_api  # noqa: F401

    csrf.exempt(bp)
    limiter.limit(api_rate_limit, key_func=user_or_address)(bp)
    app.register_blueprint(bp)
