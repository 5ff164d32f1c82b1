"""Profile actions (edit, avatar) and the member directory query. They never read `request`
or `current_user`: the HTML routes and the API both call them."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from community.errors import NotFound, PermissionDenied, Unauthorized, ValidationError
from community.extensions import db
from community.i18n import LANGUAGES, PROFILE_LANGUAGES, is_country
from community.images import delete_image, store_image
from community.markup import render_markdown
from community.models import Cluster, Membership, User, UserTag, utcnow
from community.permissions import is_signed_in
from community.text import clean_line, clean_tag, clean_tags, clean_text
from community.transaction import on_commit, on_rollback

DISPLAY_NAME_MAX = 80
HEADLINE_MAX = 140
BIO_MAX = 5000
TAG_MAX = 40
TAGS_MAX = 15
AVATAR_SIZE = 256
QUERY_MAX = 100
PER_PAGE = 20
PROFILE_FIELDS = ("display_name", "headline", "bio", "country", "languages", "expertise",
                  "locale")


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


def _text_problem(value: Any, maximum: int, required: bool = False) -> str | None:
    if not isinstance(value, str):
        return _("Must be a string.")
    if required and not clean_line(value):
        return _("Must not be empty.")
    if len(value) > maximum:
        return _("At most %(n)d characters.", n=maximum)
    return None


def _list_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _("Must be a list of strings.")
    return None


def profile_changes(data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise profile fields; 422 with every problem at once."""
    problems: dict[str, str] = {}
    changes: dict[str, Any] = {}
    limits = {"display_name": DISPLAY_NAME_MAX, "headline": HEADLINE_MAX, "bio": BIO_MAX}
    for name, maximum in limits.items():
        if name in data:
            problem = _text_problem(data[name], maximum, required=name == "display_name")
            if problem:
                problems[name] = problem
            else:
                changes[name] = clean_text(data[name]) if name == "bio" else clean_line(data[name])
    if "country" in data:
        country = data["country"]
        if country is not None and not isinstance(country, str):
            problems["country"] = _("Must be a string.")
        elif country and not is_country(clean_line(country).upper()):
            problems["country"] = _("Choose a country from the list.")
        else:
            changes["country"] = clean_line(country or "").upper() or None
    if "locale" in data:
        locale = data["locale"]
        if locale not in (None, "") and locale not in LANGUAGES:
            problems["locale"] = _("Choose English, French or Arabic.")
        else:
            changes["locale"] = locale or None
    if "languages" in data:
        problem = _list_problem(data["languages"])
        unknown = [] if problem else [c for c in data["languages"] if c not in PROFILE_LANGUAGES]
        if problem or unknown:
            problems["languages"] = problem or _("Unknown language codes: %(codes)s.",
                                                 codes=", ".join(unknown[:5]))
        else:
            changes["languages"] = list(dict.fromkeys(data["languages"]))
    if "expertise" in data:
        problem = _list_problem(data["expertise"])
        tags = [] if problem else clean_tags(data["expertise"], lowercase=True)
        if not problem and any(len(tag) > TAG_MAX for tag in tags):
            problem = _("Each tag has at most %(n)d characters.", n=TAG_MAX)
        if not problem and len(tags) > TAGS_MAX:
            problem = _("At most %(n)d tags.", n=TAGS_MAX)
        if problem:
            problems["expertise"] = problem
        else:
            changes["expertise"] = tags
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    return changes


def _existing_username(name: str) -> bool:
    return db.session.scalar(
        db.select(User.id).where(User.username == name, User.status != "deleted")) is not None


def update_profile(actor: User | None, user: User, **data: Any) -> User:
    """Edit a profile: any subset of `PROFILE_FIELDS`. Nothing is written when a field is bad.
    The bio is rendered to sanitised HTML once, here."""
    _require_editor(actor, user)
    changes = profile_changes({k: v for k, v in data.items() if k in PROFILE_FIELDS})
    for name in ("display_name", "headline", "country", "locale"):
        if name in changes:
            setattr(user, name, changes[name])
    if "bio" in changes:
        user.bio = changes["bio"]
        user.bio_html = render_markdown(changes["bio"], is_user=_existing_username)
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


def _like_pattern(text: str) -> str:
    escaped = re.sub(r"([\\%_])", r"\\\1", text)
    return f"%{escaped}%"


def _has_tag(kind: str, value: str):
    return sa.exists().where(UserTag.user_id == User.id, UserTag.kind == kind,
                             UserTag.value == value)


def directory_query(q: str = "", country: str = "", language: str = "", expertise: str = "",
                    cluster: str = ""):
    """Listed members matching the filters, by name: active (or past their suspension), never
    deleted. Tags are eager-loaded; paginate the statement in SQL."""
    now = utcnow()
    listed = sa.or_(
        User.status == "active",
        sa.and_(User.status == "suspended", User.suspended_until.is_not(None),
                User.suspended_until <= now),
    )
    statement = db.select(User).where(listed).options(selectinload(User.tags))
    q, country, language, expertise, cluster = (
        clean_line(value) for value in (q, country, language, expertise, cluster))
    q = q[:QUERY_MAX]
    if q:
        pattern = _like_pattern(q)
        statement = statement.where(sa.or_(
            User.username.ilike(pattern, escape="\\"),
            User.display_name.ilike(pattern, escape="\\"),
            User.headline.ilike(pattern, escape="\\"),
        ))
    if country:
        statement = statement.where(User.country == country.upper()[:2])
    if language:
        statement = statement.where(_has_tag("language", language[:TAG_MAX]))
    if expertise:
        tag = clean_tag(expertise, lowercase=True)[:TAG_MAX]
        statement = statement.where(_has_tag("expertise", tag))
    if cluster:
        statement = statement.where(sa.exists().where(
            Membership.user_id == User.id, Membership.state == "active",
            Membership.cluster_id == Cluster.id, Cluster.slug == cluster[:80],
            Cluster.status == "approved"))
    return statement.order_by(sa.func.lower(User.display_name), User.id)
