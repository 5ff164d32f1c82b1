"""JSON API of the spam defences: the approval queue (moderators) and the blocked terms
(admins)."""

from __future__ import annotations

from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts
from community.moderation import queue, spam
from community.pagination import paginated
from community.permissions import require_admin, require_moderator
from community.validation import Field

DECISION_SCHEMA = {"action": Field(str, choices=queue.DECISIONS), "note": queue.NOTE}
TERMS = Field(list, required=False, item=str, max_items=1000, item_max=100,
              description="one word, phrase or domain per item; the whole list is replaced")
TERMS_SCHEMA = {"words": TERMS, "domains": TERMS}


def _terms(terms: dict[str, list[str]]) -> dict:
    return {"words": terms["word"], "domains": terms["domain"]}


@bp.get("/moderation/queue")
def list_queue():
    """Posts held for approval, oldest first (moderators and admins)."""
    require_moderator(current_user)
    return paginated(queue.queue_statement(), queue.held_post_json)


@bp.post("/moderation/queue/<int:post_id>")
@accepts(DECISION_SCHEMA)
def decide_held_post(post_id: int, data: dict):
    """Approve (the post appears, with its notifications) or reject (it stays invisible) a
    held post, with an optional note for its author (moderators and admins)."""
    post = queue.find_held_post(current_user, post_id)
    entry = queue.held_post_json(post)  # as it was in the queue
    queue.decide_post(current_user, post, data["action"], data.get("note", ""))
    return entry | {"status": "approved" if data["action"] == "approve" else "rejected"}


@bp.get("/admin/blocked-terms")
def get_blocked_terms():
    """The blocked words (refused) and domains (held for approval) (admins)."""
    require_admin(current_user)
    return _terms(spam.terms_by_kind())


@bp.put("/admin/blocked-terms")
@accepts(TERMS_SCHEMA)
def put_blocked_terms(data: dict):
    """Replace the blocked words and/or domains; a list left out is kept (admins)."""
    return _terms(spam.set_blocked_terms(current_user, data.get("words"), data.get("domains")))
