"""The cluster and membership objects of the JSON API (`spec/api.md`, Clusters)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from community.auth.serializers import clusters_by_user, user_json
from community.models import Cluster, Membership, User, isoformat


def logo_url(cluster: Cluster) -> str | None:
    if not cluster.logo_filename:
        return None
    return url_for("home.uploaded_file", filename=cluster.logo_filename)


def needs_json(cluster: Cluster, kind: str) -> list[dict[str, Any]]:
    return [{"text": need.text, "tags": list(need.tags or [])} for need in cluster.need_list(kind)]


def manager_links(clusters: list[Cluster]) -> dict[int, list[dict[str, str]]]:
    """The cluster links of every manager shown, in one query."""
    ids = sorted({m.user_id for c in clusters for m in c.manager_memberships})
    return clusters_by_user(ids)


def cluster_json(cluster: Cluster, viewer: User | None = None,
                 links: dict[int, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    """The spec's cluster object. Pass `links` (from `manager_links`) when serialising lists."""
    if links is None:
        links = manager_links([cluster])
    return {
        "slug": cluster.slug,
        "name": cluster.name,
        "acronym": cluster.acronym or "",
        "country": cluster.country,
        "shore": cluster.shore,
        "sectors": cluster.sectors,
        "labels": cluster.labels,
        "website": cluster.website or "",
        "description": cluster.description or "",
        "description_html": cluster.description_html or "",
        "logo_url": logo_url(cluster),
        "status": cluster.status,
        "member_count": cluster.member_count,
        "managers": [user_json(m.user, viewer, clusters=links.get(m.user_id, []))
                     for m in cluster.manager_memberships],
        "forum_visibility": cluster.forum_visibility,
        "offers": needs_json(cluster, "offer"),
        "seeks": needs_json(cluster, "seek"),
        "created_at": isoformat(cluster.created_at),
        "url": url_for("clusters.show", slug=cluster.slug),
    }


def clusters_json(clusters: list[Cluster], viewer: User | None = None) -> list[dict[str, Any]]:
    links = manager_links(clusters)
    return [cluster_json(cluster, viewer, links) for cluster in clusters]


def membership_json(membership: Membership, viewer: User | None = None,
                    links: dict[int, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    """`{"user", "role", "state", "since"}`; pass `links` (from `clusters_by_user`) for lists."""
    user = membership.user
    clusters = links.get(user.id, []) if links is not None else None
    return {
        "user": user_json(user, viewer, clusters=clusters),
        "role": membership.role,
        "state": membership.state,
        "since": isoformat(membership.since or membership.created_at),
    }
