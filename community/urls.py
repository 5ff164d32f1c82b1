"""URLs: checks on those that come from users (redirect targets after sign-in and the like),
the absolute addresses we write into mails, and the `<int:…>` of every route, which only
matches an id a database row can have."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from werkzeug.routing import IntegerConverter

from community.models.base import MAX_ID


def digits_up_to(largest: int) -> str:
    """A regular expression of the numbers from 0 to `largest` in ASCII digits, so a route
    refuses a larger one while matching (Werkzeug tries no other route once a converter's
    `to_python` has refused: a 405 where a sibling route serves another method)."""
    top = str(largest)
    shorter = [f"[0-9]{{1,{len(top) - 1}}}"] if len(top) > 1 else []
    below = [f"{top[:i]}[0-{int(digit) - 1}][0-9]{{{len(top) - i - 1}}}"
             for i, digit in enumerate(top) if digit != "0"]
    return "|".join([*shorter, *below, top])


class IdConverter(IntegerConverter):
    """`<int:…>` for ids: ASCII digits up to MAX_ID. A larger number matches no route (a 404)
    instead of reaching PostgreSQL, which refuses to compare it with an integer column."""

    regex = f"(?:{digits_up_to(MAX_ID)})"


def register_converters(app: Flask) -> None:
    """Replace the `int` converter before any route is added: every `<int:…>` is an id."""
    app.url_map.converters["int"] = IdConverter


def safe_next(target: str | None) -> str | None:
    """A local path to redirect to, or None: no scheme, no host, no `//` or `/\\` tricks."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def site_url(path: str = "") -> str:
    """`path` on the public site (`SITE_URL`): mails and anything read outside a request never
    take the host from the request, whose Host header the sender chooses. Unset, which only
    development allows (production refuses to start), it is the request's own address, as
    `spec/operations.md` says, or where `make run` serves."""
    base = current_app.config.get("SITE_URL")
    if not base:
        base = (request.host_url if has_request_context() else
                f"http://{current_app.config['HOST']}:{current_app.config['PORT']}")
    return base.rstrip("/") + path


def public_link(endpoint: str, **values) -> str:
    """The absolute public address of a route, for a mail; works outside a request too."""
    adapter = current_app.url_map.bind("localhost")
    return site_url(adapter.build(endpoint, values))


def site_url_problem(value: str | None) -> str | None:
    """Why `value` cannot be the public address, or None when it can."""
    if not value:
        return ("SITE_URL is not set. Production refuses to start without it: export SITE_URL "
                "to the public address of the site, e.g. https://community.example.org")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ("SITE_URL must be an http(s) address such as https://community.example.org, "
                f"not {value!r}")
    return None
