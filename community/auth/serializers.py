"""The user object of the JSON API (`spec/api.md`, Conventions), shared by every feature."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from community.models import User, isoformat


def avatar_url(user: User) -> str | None:
    if not user.avatar_filename:
        return None
    return url_for("home.uploaded_file", filename=user.avatar_filename)


def shown_name(user: User) -> str:
    """The name to show for a user: an erased account is "Deleted member" in the reader's
    language (its stored display name is only the English placeholder)."""
    return _("Deleted member") if user.status == "deleted" else user.display_name


def shown_username(user: User) -> str | None:
    """The username to show or link to: none for an erased account (its placeholder is no
    profile)."""
    return None if user.status == "deleted" else user.username


def cluster_links(user: User) -> list[dict[str, str]]:
    """The user's active memberships of approved clusters, by cluster name."""
    return clusters_by_user([user.id])[user.id]


def user_json(user: User, viewer: User | None = None,
              clusters: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The spec's user object; `email`, `locale` and `timezone` only for the user themself and
    admins. Pass `clusters` (precomputed) to serialise lists without one query per user."""
    data: dict[str, Any] = {
        "username": user.username,
        "display_name": user.display_name,
        "headline": user.headline or "",
        "bio_html": user.bio_html or "",
        "country": user.country,
        "languages": user.languages,
        "expertise": user.expertise,
        "avatar_url": avatar_url(user),
        "role": user.role,
        "clusters": cluster_links(user) if clusters is None else clusters,
        "created_at": isoformat(user.created_at),
    }
    if viewer is not None and getattr(viewer, "is_authenticated", False) and (
            viewer.id == user.id or viewer.is_admin):
        data["email"] = user.email
        data["locale"] = user.locale
        data["timezone"] = user.timezone
    return data


def clusters_by_user(user_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Cluster links of many users in one query, for list endpoints."""
    from community.extensions import db
    from community.models import Cluster, Membership

    result: dict[int, list[dict[str, str]]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return result
    rows = db.session.execute(
        db.select(Membership.user_id, Cluster.slug, Cluster.name, Membership.role)
        .join(Cluster, Membership.cluster_id == Cluster.id)
        .where(Membership.user_id.in_(user_ids), Membership.state == "active",
               Cluster.status == "approved")
        .order_by(Cluster.sort_name, Cluster.id)
    ).all()
    for uid, slug, name, role in rows:
        result[uid].append({"slug": slug, "name": name, "role": role})
    return result
