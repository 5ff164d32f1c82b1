"""Who may be mentioned where: the members who can read the place the text is written in, so
the autocomplete never suggests someone the mention would not reach, nor reveals who is in a
place the writer cannot read."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from community.errors import NotFound, PermissionDenied
from community.extensions import db
from community.forums.services import render_body
from community.models import Category, ChatRoom, Membership, SearchEntry, Thread, User, is_id
from community.permissions import can_read_category, can_read_chat_room
from community.realtime.audience import MODERATOR_ROLES, in_good_standing
from community.search.normalise import normalise_for_search
from community.text import clean_line

SUGGESTIONS_MAX = 8
QUERY_MAX = 30


def render_preview(body: str) -> str:
    """The HTML a post with this body would store: the site's one Markdown path
    (`community.markup.render_markdown`), mentions of existing members linked."""
    html, _users = render_body(body)
    return html


def _place_category(user: User, thread_id: int | None, category_id: int | None):
    """The category a thread or a new thread is written in; 404 when the writer cannot read it
    (a members-only forum does not admit it exists)."""
    if thread_id is not None:
        thread = db.session.get(Thread, thread_id) if is_id(thread_id) else None
        category = thread.category if thread is not None else None
    else:
        category = db.session.get(Category, category_id) if is_id(category_id) else None
    if category is None or not can_read_category(user, category):
        raise NotFound(_("No such discussion."))
    return category


def _readers(user: User, place: dict[str, int | None]):
    """A SQL condition on `User` for who can read the place, or None for every member."""
    if place.get("room_id") is not None:
        room = db.session.get(ChatRoom, place["room_id"]) if is_id(place["room_id"]) else None
        if room is None:
            raise NotFound(_("This chat room does not exist."))
        if not can_read_chat_room(user, room):
            raise PermissionDenied(_("You are not a member of this chat room."))
        return User.id.in_(room.member_ids_statement())
    if place.get("thread_id") is None and place.get("category_id") is None:
        return None
    cluster = _place_category(user, place.get("thread_id"), place.get("category_id")).cluster
    if cluster is None or cluster.forum_visibility == "public":
        return None
    members = sa.select(Membership.user_id).where(
        Membership.cluster_id == cluster.id, Membership.state == "active")
    return sa.or_(User.id.in_(members), User.role.in_(MODERATOR_ROLES))


def _matching(query: str):
    """Username starts with the query, or a word of the display name does, compared case-,
    accent- and diacritic-blind through the search index's normalised title."""
    folded = normalise_for_search(query)
    username = query.lower().replace("\\", "").replace("%", "").replace("_", "\\_")
    conditions = [User.username.like(f"{username}%", escape="\\")]
    if folded:
        conditions += [SearchEntry.title.like(f"{folded}%"), SearchEntry.title.like(f"% {folded}%")]
    return sa.or_(*conditions)


def mention_candidates(user: User, query: str, place: dict[str, int | None]) -> list[User]:
    """At most `SUGGESTIONS_MAX` confirmed members in good standing, other than the writer, who
    can read the place (`thread_id`, `category_id` or `room_id`; none: the whole network) and
    whose username or display name starts with `query`. Two queries whatever the place."""
    statement = (sa.select(User)
                 .outerjoin(SearchEntry, sa.and_(SearchEntry.kind == "user",
                                                 SearchEntry.ref_id == User.id))
                 .where(in_good_standing(), User.id != user.id,
                        _matching(clean_line(query)[:QUERY_MAX]))
                 .order_by(User.username).limit(SUGGESTIONS_MAX))
    readers = _readers(user, place)
    if readers is not None:
        statement = statement.where(readers)
    return list(db.session.scalars(statement))
