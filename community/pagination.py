"""Integers and pages from the query string, for every feature: one parser, so an HTML page
forgives a hand-edited `?page=`, the API refuses it with a 422, and no number overflows SQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import gettext as _

from community.errors import ValidationError
from community.extensions import db

MAX_PAGE = 1_000_000  # a larger page makes an OFFSET past PostgreSQL's bigint: a 500, not a 422
MAX_PER_PAGE = 100
PER_PAGE = 20
LARGEST = 10**18 - 1  # fits the 64-bit integers of SQLite and PostgreSQL, whatever the column
_INTEGER = re.compile(r"-?[0-9]+")


def parse_int(raw: str | None) -> int | None:
    """`raw` as an integer when written in ASCII digits, else None (`int()` alone also takes
    " 7", "+7", "7_0" and other scripts' digits); longer numbers stop at ±LARGEST."""
    if raw is None or not _INTEGER.fullmatch(raw):
        return None
    digits = raw.removeprefix("-")
    value = int(digits) if len(digits) < 19 else LARGEST  # and no int() of a megabyte string
    return value if digits == raw else -value


def int_arg(name: str, default: int | None = None, *, minimum: int = 1,
            maximum: int = LARGEST, lenient: bool = False) -> int | None:
    """The query argument `name` as an integer from `minimum` to `maximum`, `default` when
    absent. Otherwise a 422 naming the argument; or, `lenient` (HTML pages, whose links people
    edit by hand), `default` for a non-number and the nearest bound for a number out of range."""
    raw = request.args.get(name, "")
    value = parse_int(raw)
    if value is None and (raw == "" or lenient):
        return default
    if lenient:
        return min(max(value, minimum), maximum)
    problem = (_("Must be an integer.") if value is None
               else _("Must be at least %(n)d.", n=minimum) if value < minimum
               else _("At most %(n)d.", n=maximum) if value > maximum else None)
    if problem:
        raise ValidationError(_("Some fields are not valid."), {name: problem})
    return value


def page_number(limit: int = MAX_PAGE) -> int:
    """The `page` of an HTML list: 1 when missing or bad, never past `limit`."""
    return int_arg("page", 1, maximum=limit, lenient=True)


def page_args() -> tuple[int, int]:
    """`page` and `per_page` of an API list: 422 unless positive integers; `per_page` is cut
    to MAX_PER_PAGE, as `spec/api.md` says."""
    page = int_arg("page", 1, maximum=MAX_PAGE)
    per_page = int_arg("per_page", PER_PAGE)
    return page, min(per_page, MAX_PER_PAGE)


def paginated(statement, serialize: Callable[[Any], dict]) -> dict[str, Any]:
    """A page of `statement`, counted and sliced in SQL, in the list shape of `spec/api.md`."""
    page, per_page = page_args()
    result = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    return {
        "items": [serialize(item) for item in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
        "pages": result.pages,
    }
