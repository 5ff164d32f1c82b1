"""JSON API of clusters: directory, pages, life cycle, membership and partners (`spec/api.md`)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts, responds
from community.auth.serializers import avatar_url, clusters_by_user
from community.clusters import candidates, partners, queries, services
from community.clusters.serializers import cluster_json, clusters_json, membership_json
from community.clusters.validation import CLUSTER_RULES, REASON, ROLE
from community.errors import ValidationError
from community.extensions import db
from community.models import Cluster
from community.pagination import page_args, paginated
from community.permissions import (
    is_cluster_member,
    require_cluster_manager,
    require_moderator,
    require_write,
)
from community.validation import MEMBER, one_of

MEMBER_STATES = ("active", "requested", "invited")
ROLE_SCHEMA = {"role": ROLE}
REJECT_SCHEMA = {"reason": REASON}
INVITE_SCHEMA = {"username": MEMBER}


def _cluster(slug: str, *options) -> Cluster:
    return services.find_cluster(slug, current_user, *options)


def _full(cluster: Cluster) -> dict:
    cluster = services.find_cluster(cluster.slug, current_user, *queries.cluster_page_options())
    return cluster_json(cluster, current_user)


@bp.get("/clusters")
def api_clusters():
    """Approved clusters, filtered by text, country, sector, shore and label.
    Query: `q`, `country`, `sector`, `shore` (north or south), `label`, `page`, `per_page`."""
    filters = queries.DirectoryFilters.from_args(request.args)
    page, per_page = page_args()
    result = db.paginate(queries.directory_statement(filters), page=page, per_page=per_page,
                         error_out=False)
    return {"items": clusters_json(list(result.items), current_user), "page": page,
            "per_page": per_page, "total": result.total, "pages": result.pages}


@bp.post("/clusters")
@responds(201)
@accepts(CLUSTER_RULES)
def api_propose_cluster(data: dict):
    """Propose a cluster: it starts pending and the caller becomes its manager."""
    return _full(services.propose_cluster(current_user, **data))


@bp.get("/clusters/<slug>")
def api_cluster(slug: str):
    """A cluster: pending and rejected ones only for their managers and moderators."""
    return cluster_json(_cluster(slug, *queries.cluster_page_options()), current_user)


@bp.patch("/clusters/<slug>")
@accepts(CLUSTER_RULES, partial=True)
def api_update_cluster(slug: str, data: dict):
    """Edit a cluster, its forum visibility, offers and seeks (managers, moderators)."""
    require_write(current_user)
    cluster = _cluster(slug)
    services.update_cluster(current_user, cluster, **data)
    return _full(cluster)


@bp.put("/clusters/<slug>/logo")
def api_cluster_logo(slug: str):
    """Replace a cluster's logo (PNG, JPEG or WebP, re-encoded): managers, moderators."""
    require_write(current_user)
    cluster = _cluster(slug)
    services.set_logo(current_user, cluster, request.files.get("file"))
    return _full(cluster)


api_cluster_logo.upload_field = "file"


@bp.get("/clusters/<slug>/partners")
def api_cluster_partners(slug: str):
    """Partners across the sea: approved clusters of the other shore, best match first."""
    cluster = _cluster(slug, *queries.cluster_page_options())
    page, per_page = page_args()
    chosen = partners.stored_partners(cluster, for_member=is_cluster_member(current_user, cluster),
                                      limit=per_page, offset=(page - 1) * per_page,
                                      with_managers=True)
    total = partners.count_other_shore(cluster)
    items = clusters_json([s.cluster for s in chosen], current_user)
    return {
        "items": [{"cluster": item, "score": s.score, "reasons": s.plain_reason_texts()}
                  for item, s in zip(items, chosen, strict=True)],
        "page": page, "per_page": per_page, "total": total,
        "pages": (total + per_page - 1) // per_page,
    }


@bp.post("/clusters/<slug>/membership")
@responds(201)
def api_join_cluster(slug: str):
    """Ask to join a cluster (or accept an invitation); 409 when already a member or asked."""
    require_write(current_user)
    membership = services.request_membership(current_user, _cluster(slug))
    return {"state": membership.state, "role": membership.role, "cluster": slug}


@bp.delete("/clusters/<slug>/membership")
@responds(204)
def api_leave_cluster(slug: str):
    """Leave a cluster, withdraw a request or decline an invitation (not the last manager)."""
    require_write(current_user)
    services.leave_cluster(current_user, _cluster(slug))
    return ""


@bp.get("/clusters/<slug>/members")
def api_cluster_members(slug: str):
    """Active members; `?state=requested` or `invited` for managers and moderators."""
    cluster = _cluster(slug)
    state = request.args.get("state", "active")
    if state not in MEMBER_STATES:
        raise ValidationError(_("Unknown state."), {"state": one_of(MEMBER_STATES)})
    if state != "active":
        require_cluster_manager(current_user, cluster)
    page_data = paginated(queries.members_statement(cluster, state), lambda m: m)
    links = clusters_by_user([m.user_id for m in page_data["items"]])
    page_data["items"] = [membership_json(m, current_user, links) for m in page_data["items"]]
    return page_data


@bp.post("/clusters/<slug>/members")
@responds(201)
@accepts(INVITE_SCHEMA)
def api_invite_member(slug: str, data: dict):
    """Invite someone by username (managers); they join by asking to join."""
    require_write(current_user)
    membership = services.invite_member(current_user, _cluster(slug), data["username"])
    return membership_json(membership, current_user)


@bp.get("/clusters/<slug>/candidates")
def api_invite_candidates(slug: str):
    """Members a manager may invite (managers, moderators): at most 10 whose name or username
    contains `q`, case and accents aside, not yet members, invited or asking to join."""
    require_write(current_user)
    cluster = _cluster(slug)
    require_cluster_manager(current_user, cluster)
    users = candidates.invite_candidates(cluster, request.args.get("q", ""))
    return {"items": [candidates.candidate_json(user, avatar_url(user)) for user in users]}


@bp.post("/clusters/<slug>/members/<username>/approve")
def api_approve_member(slug: str, username: str):
    """Accept a join request (managers); the new member is notified."""
    require_write(current_user)
    cluster = _cluster(slug)
    membership = services.approve_member(current_user, cluster, services.find_user(username))
    return membership_json(membership, current_user)


@bp.patch("/clusters/<slug>/members/<username>")
@accepts(ROLE_SCHEMA)
def api_member_role(slug: str, username: str, data: dict):
    """Make a member a manager, or a manager a member again (managers)."""
    require_write(current_user)
    cluster = _cluster(slug)
    require_cluster_manager(current_user, cluster)
    membership = services.set_member_role(current_user, cluster, services.find_user(username),
                                          data["role"])
    return membership_json(membership, current_user)


@bp.delete("/clusters/<slug>/members/<username>")
@responds(204)
def api_remove_member(slug: str, username: str):
    """Remove a member or refuse a join request (managers)."""
    require_write(current_user)
    cluster = _cluster(slug)
    services.remove_member(current_user, cluster, services.find_user(username))
    return ""


@bp.post("/admin/clusters/<slug>/approve")
def api_admin_approve_cluster(slug: str):
    """Approve a proposed cluster (moderators, admins); its creator is notified."""
    require_moderator(current_user)
    cluster = _cluster(slug)
    services.decide_cluster(current_user, cluster, approve=True)
    return _full(cluster)


@bp.post("/admin/clusters/<slug>/reject")
@accepts(REJECT_SCHEMA)
def api_admin_reject_cluster(slug: str, data: dict):
    """Reject a proposed cluster with a reason (moderators, admins); its creator is notified."""
    require_moderator(current_user)
    cluster = _cluster(slug)
    services.decide_cluster(current_user, cluster, approve=False, reason=data["reason"])
    return _full(cluster)
