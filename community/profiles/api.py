"""JSON API of profiles: the caller's own account (`/me`), avatars and the member directory."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts, signed_in_user
from community.auth.serializers import clusters_by_user, user_json
from community.extensions import db
from community.pagination import page_args
from community.profiles import services as profiles


@bp.get("/me")
def get_me():
    """The signed-in user, with e-mail and locale."""
    user = signed_in_user()
    return user_json(user, viewer=user)


@bp.patch("/me")
@accepts(profiles.PROFILE_RULES, partial=True)
def patch_me(data: dict):
    """Edit the signed-in user's profile; any subset of the fields.

    Nothing is written when any field is invalid (422 with `fields`).
    """
    user = signed_in_user()
    profiles.update_profile(user, user, **data)
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
    """The member directory: `q` (words of the name, username, headline, bio or expertise,
    matched as the site search matches them), `country`, `cluster`, `expertise`, `language`
    filters, paginated; confirmed members in good standing only."""
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
