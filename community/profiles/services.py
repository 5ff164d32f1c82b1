"""Profile actions (edit, avatar) and the member directory query. They never read `request`
or `current_user`: the HTML routes and the API both call them."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from community.errors import NotFound, PermissionDenied, Unauthorized
from community.extensions import db
from community.i18n import PROFILE_LANGUAGES
from community.images import delete_image, store_image
from community.markup import find_mentions, render_markdown
from community.models import Cluster, Membership, User, UserTag
from community.permissions import is_signed_in
from community.realtime.audience import in_good_standing
from community.search.filters import index_match
from community.text import clean_line, clean_tag, clean_tags, clean_text
from community.times import TIMEZONE
from community.transaction import on_commit, on_rollback
from community.validation import COUNTRY, DISPLAY_NAME, LOCALE, Field, Schema, validate

HEADLINE_MAX = 140
BIO_MAX = 5000
TAG_MAX = 40
TAGS_MAX = 15
AVATAR_SIZE = 256
QUERY_MAX = 100
PER_PAGE = 20


USERNAME = re.compile(r"[a-z0-9_]{3,30}")


def get_profile(username: str) -> User:
    """The user shown at `/u/<username>`; deleted and unknown users are a 404."""
    username = (username or "").lower()
    user = None
    if USERNAME.fullmatch(username):
        user = db.session.scalar(
            db.select(User).where(User.username == username).options(selectinload(User.tags)))
    if user is None or user.status == "deleted":
        raise NotFound(_("No member has this username."))
    return user


def _require_editor(actor: User | None, user: User) -> None:
    """The user themself (confirmed or not) or an admin may edit a profile."""
    if not is_signed_in(actor):
        raise Unauthorized(_("You need to sign in first."))
    if not actor.is_active or (actor.id != user.id and not actor.is_admin):
        raise PermissionDenied(_("You can only edit your own profile."))


PROFILE_RULES: Schema = {
    "display_name": dataclasses.replace(DISPLAY_NAME, clean=clean_line),
    "headline": Field(str, required=False, max_length=HEADLINE_MAX, clean=clean_line),
    "bio": Field(str, required=False, max_length=BIO_MAX, clean=clean_text,
                 description="Markdown"),
    "country": COUNTRY,
    "languages": Field(list, required=False, choices=PROFILE_LANGUAGES,
                       clean=lambda codes: list(dict.fromkeys(codes))),
    "expertise": Field(list, required=False, max_items=TAGS_MAX, item_max=TAG_MAX,
                       clean=lambda tags: clean_tags(tags, lowercase=True)),
    "locale": LOCALE,
    "timezone": TIMEZONE,
}
CLEARABLE = ("country", "locale")


def profile_changes(data: dict[str, Any]) -> dict[str, Any]:
    """Profile fields checked and normalised by the rules the API documents; 422 with every
    problem at once. None clears a country or locale, as the empty string does."""
    data = {name: "" if value is None and name in CLEARABLE else value
            for name, value in data.items()}
    changes = validate(data, PROFILE_RULES, partial=True)
    return {name: (value or None) if name in CLEARABLE else value
            for name, value in changes.items()}


def _existing_usernames(text: str) -> set[str]:
    """The mentioned names that are members: one query, however many mentions a bio holds."""
    names = find_mentions(text)
    return set(db.session.scalars(db.select(User.username).where(
        User.username.in_(names), User.status != "deleted"))) if names else set()


def update_profile(actor: User | None, user: User, **data: Any) -> User:
    """Edit a profile: any subset of `PROFILE_RULES`. Nothing is written when a field is bad.
    The bio is rendered to sanitised HTML once, here."""
    _require_editor(actor, user)
    changes = profile_changes({k: v for k, v in data.items() if k in PROFILE_RULES})
    for name in ("display_name", "headline", "country", "locale", "timezone"):
        if name in changes:
            setattr(user, name, changes[name])
    if "bio" in changes:
        user.bio = changes["bio"]
        user.bio_html = render_markdown(
            changes["bio"], is_user=_existing_usernames(changes["bio"]).__contains__)
    for kind, name in (("language", "languages"), ("expertise", "expertise")):
        if name in changes:
            user.set_tags(kind, changes[name])
    from community.search.index import index_user

    index_user(user)
    return user


def update_avatar(actor: User | None, user: User, file_storage: FileStorage | None) -> User:
    """Replace the avatar with a re-encoded square copy of the upload; the old file is removed
    after the commit (and the new one when the commit fails)."""
    _require_editor(actor, user)
    filename = store_image(file_storage, current_app.config["AVATAR_MAX_BYTES"], AVATAR_SIZE)
    old = user.avatar_filename
    user.avatar_filename = filename
    on_rollback(delete_image, filename)
    on_commit(delete_image, old)
    return user


def remove_avatar(actor: User | None, user: User) -> User:
    """Go back to the initials placeholder."""
    _require_editor(actor, user)
    old = user.avatar_filename
    user.avatar_filename = None
    on_commit(delete_image, old)
    return user


def _has_tag(kind: str, value: str):
    return sa.exists().where(UserTag.user_id == User.id, UserTag.kind == kind,
                             UserTag.value == value)


def listed_members():
    """Who the directory lists and counts: confirmed accounts, active or past their
    suspension; never deleted, unconfirmed or suspended ones (the live-delivery rule)."""
    return in_good_standing()


def directory_conditions(q: str = "", country: str = "", language: str = "",
                         expertise: str = "", cluster: str = "") -> list:
    """WHERE conditions of listed members matching the filters. `q` is matched as the site
    search matches (the search index: accents, case, Arabic variants, stems)."""
    q, country, language, expertise, cluster = (
        clean_line(value) for value in (q, country, language, expertise, cluster))
    conditions = [listed_members()]
    if q:
        conditions.append(index_match("user", User.id, q[:QUERY_MAX]))
    if country:
        conditions.append(User.country == country.upper()[:2])
    if language:
        conditions.append(_has_tag("language", language[:TAG_MAX]))
    if expertise:
        conditions.append(_has_tag("expertise", clean_tag(expertise, lowercase=True)[:TAG_MAX]))
    if cluster:
        conditions.append(sa.exists().where(
            Membership.user_id == User.id, Membership.state == "active",
            Membership.cluster_id == Cluster.id, Cluster.slug == cluster[:80],
            Cluster.status == "approved"))
    return conditions


def directory_query(**filters: str):
    """Listed members matching the filters (see `directory_conditions`), by name, tags
    eager-loaded; paginate the statement in SQL."""
    return (db.select(User).where(*directory_conditions(**filters))
            .options(selectinload(User.tags))
            .order_by(sa.func.lower(User.display_name), User.id))


def country_counts(**filters: str) -> list[tuple[str, int]]:
    """(country, listed members) for the countries that have members matching the other
    filters (one GROUP BY), as the clusters directory offers its countries. The chosen
    country stays offered at zero, so it can be seen and changed."""
    chosen = clean_line(filters.get("country", "")).upper()[:2]
    others = {**filters, "country": ""}
    rows = db.session.execute(
        db.select(User.country, sa.func.count(User.id))
        .where(*directory_conditions(**others), User.country.is_not(None))
        .group_by(User.country)).all()
    counts = [(code, count) for code, count in rows]
    if chosen and chosen not in {code for code, _count in counts}:
        counts.append((chosen, 0))
    return counts
