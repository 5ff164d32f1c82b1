"""JSON API of search."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.errors import ValidationError
from community.pagination import page_args
from community.search.services import TYPES, search
from community.validation import one_of


def search_type() -> str | None:
    value = request.args.get("type") or None
    if value is not None and value not in TYPES:
        raise ValidationError(_("Unknown search type."),
                              {"type": one_of(TYPES)})
    return TYPES[value] if value else None


@bp.get("/search")
def search_api():
    """Search posts, threads, members and clusters (`?q=&type=&page=`), best match first.

    Without `type`, every kind is searched. Only what the caller may read is returned."""
    page, per_page = page_args()
    kind = search_type()
    result = search(current_user if current_user.is_authenticated else None,
                    request.args.get("q", ""), kind, page, per_page)
    return {"items": result.items, "page": page, "per_page": per_page,
            "total": result.total, "pages": result.pages}
