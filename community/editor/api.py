"""JSON routes of the editors: the Markdown preview and the `@mention` suggestions."""

from __future__ import annotations

from flask import request

from community.api import bp
from community.api.helpers import accepts, signed_in_user
from community.editor import services
from community.extensions import limiter
from community.forums.serializers import author_json
from community.forums.validation import BODY
from community.pagination import int_arg
from community.ratelimit import configured_limit, user_or_address

PREVIEW_SCHEMA = {"body": BODY}
preview_limit = configured_limit("PREVIEW_RATE_LIMIT", "60 per minute")
mention_limit = configured_limit("MENTION_RATE_LIMIT", "120 per minute")


@bp.post("/preview")
@limiter.limit(preview_limit, key_func=user_or_address)
@accepts(PREVIEW_SCHEMA)
def preview(data: dict):
    """Render a Markdown `body` as a post would store it: `{"html"}`, sanitised.

    Same limits as a post body (422 when empty or too long); nothing is stored.
    """
    signed_in_user()
    return {"html": services.render_preview(data["body"])}


@bp.get("/mentions")
@limiter.limit(mention_limit, key_func=user_or_address)
def mentions():
    """Members whose username or name starts with `q`, who can read the place written in.

    `thread_id`, `category_id` (a new thread) or `room_id` (a chat room); none: any member.
    At most 8: `{"items": [{"username", "display_name", "avatar_url"}]}`. 404 for a thread or
    forum the caller cannot read, 403 for a chat room they are not in.
    """
    user = signed_in_user()
    place = {name: int_arg(name) for name in ("thread_id", "category_id", "room_id")}
    found = services.mention_candidates(user, request.args.get("q", ""), place)
    return {"items": [author_json(member) for member in found]}
