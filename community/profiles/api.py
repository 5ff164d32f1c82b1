"""JSON API of profiles: the caller's own account (`/me`), avatars and the member directory."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import (
    Field,
    accepts,
    json_body,
    signed_in_user,
    validate,
)
from community.auth.serializers import clusters_by_user, user_json
from community.errors import ValidationError
from community.extensions import db
from community.i18n import LANGUAGES, PROFILE_LANGUAGES
from community.pagination import page_args
from community.profiles import services as profiles
from community.profiles.services import (
    BIO_MAX,
    DISPLAY_NAME_MAX,
    HEADLINE_MAX,
    TAG_MAX,
    TAGS_MAX,
)


def _locale_problem(value: str) -> str | None:
    if value not in ("", *LANGUAGES):
        return _("Must be one of: %(choices)s.", choices=", ".join(LANGUAGES))
    return None


PROFILE_SCHEMA = {
    "display_name": Field(str, required=False, min_length=1, max_length=DISPLAY_NAME_MAX),
    "headline": Field(str, required=False, max_length=HEADLINE_MAX),
    "bio": Field(str, required=False, max_length=BIO_MAX, description="Markdown"),
    "country": Field(str, required=False, max_length=2,
                     description="ISO 3166-1 alpha-2 code, or empty"),
    "languages": Field(list, required=False, max_items=len(PROFILE_LANGUAGES), item_max=3,
                       description="Codes of " + ", ".join(PROFILE_LANGUAGES)),
    "expertise": Field(list, required=False, max_items=TAGS_MAX, item_max=TAG_MAX),
    "locale": Field(str, required=False, check=_locale_problem,
                    description="en, fr, ar, or empty"),
}


@bp.get("/me")
def get_me():
    """The signed-in user, with e-mail and locale."""
    user = signed_in_user()
    return user_json(user, viewer=user)


@bp.patch("/me")
@accepts(PROFILE_SCHEMA)
def patch_me():
    """Edit the signed-in user's profile; any subset of the fields.

    Nothing is written when any field is invalid (422 with `fields`).
    """
    user = signed_in_user()
    data = json_body()
    problems = {name: _("Must not be null.") for name in PROFILE_SCHEMA
                if name in data and data[name] is None}
    try:
        values = validate(data, PROFILE_SCHEMA, partial=True)
    except ValidationError as error:
        problems.update(error.fields)
    if problems:
        # Report the other fields' problems (unknown country, language...) in the same answer.
        rest = {k: v for k, v in data.items() if k in PROFILE_SCHEMA and k not in problems}
        try:
            profiles.profile_changes(rest)
        except ValidationError as error:
            problems.update(error.fields)
        raise ValidationError(_("Some fields are not valid."), problems)
    profiles.update_profile(user, user, **values)
    return user_json(user, viewer=user)


@bp.put("/me/avatar")
def put_my_avatar():
    """Replace the signed-in user's avatar (multipart `file`: PNG, JPEG or WebP, at most 2 MiB).

    The image is checked by content, cropped square and re-encoded; 422 for anything else.
    """
    user = signed_in_user()
    profiles.update_avatar(user, user, request.files.get("file"))
    return user_json(user, viewer=user)


put_my_avatar.upload_field = "file"


@bp.get("/users")
def list_users():
    """The member directory: `q` (name, username, headline), `country`, `cluster`, `expertise`,
    `language` filters, paginated."""
    page, per_page = page_args()
    filters = {name: request.args.get(name, "")
               for name in ("q", "country", "language", "expertise", "cluster")}
    result = db.paginate(profiles.directory_query(**filters), page=page, per_page=per_page,
                         error_out=False)
    clusters = clusters_by_user([user.id for user in result.items])
    viewer = current_user if current_user.is_authenticated else None
    return {
        "items": [user_json(user, viewer=viewer, clusters=clusters[user.id])
                  for user in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
        "pages": result.pages,
    }


@bp.get("/users/<username>")
def get_user(username: str):
    """One member's public profile; 404 for unknown or deleted users."""
    viewer = current_user if current_user.is_authenticated else None
    return user_json(profiles.get_profile(username), viewer=viewer)
