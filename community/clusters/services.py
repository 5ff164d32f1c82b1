"""Cluster actions: propose, edit, approve or reject, and every membership step. Each checks
permissions, validates and writes; the caller commits, and notifications go out after it."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from community import slugs
from community.clusters.partners import refresh_partners
from community.clusters.validation import REASON, ROLE, clean_cluster_data
from community.errors import Conflict, NotFound
from community.extensions import db
from community.i18n import isolate_plain, shore_of
from community.markup import render_markdown
from community.models import Cluster, ClusterNeed, Membership, User, utcnow
from community.moderation.audit import record
from community.notifications.services import notify, notify_many
from community.permissions import (
    can_see_cluster,
    require_cluster_manager,
    require_moderator,
    require_write,
)
from community.text import fold
from community.transaction import on_commit, savepoint
from community.validation import check_field

# What partner matching reads of a cluster: a change to any refreshes its stored partners.
MATCHED_FIELDS = frozenset({"country", "sectors", "offers", "seeks"})

# --- reading -------------------------------------------------------------------------------

def find_cluster(slug: str, viewer: User | None, *options) -> Cluster:
    """The cluster with this slug if the viewer may see it; 404 otherwise (pending and rejected
    clusters exist only for their managers and moderators)."""
    cluster = db.session.scalar(db.select(Cluster).where(Cluster.slug == slug).options(*options))
    if cluster is None or not can_see_cluster(viewer, cluster):
        raise NotFound(_("No such cluster."))
    return cluster


def find_user(username: str) -> User:
    user = db.session.scalar(db.select(User).where(User.username == (username or "").lower()))
    if user is None or user.status == "deleted":
        raise NotFound(_("No such user."))
    return user


def membership_row(user: User, cluster: Cluster) -> Membership | None:
    """The user's membership in any state (requested, invited, active), or None."""
    return db.session.scalar(db.select(Membership).where(
        Membership.user_id == user.id, Membership.cluster_id == cluster.id))


def count_managers(cluster: Cluster) -> int:
    return db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.cluster_id == cluster.id, Membership.role == "manager",
        Membership.state == "active")) or 0


def refresh_member_count(cluster: Cluster) -> None:
    """Recount the active members in SQL: the denormalised count never drifts."""
    cluster.member_count = db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.cluster_id == cluster.id, Membership.state == "active")) or 0


def cluster_url(cluster: Cluster) -> str:
    return url_for("clusters.show", slug=cluster.slug)


def sync_chat_room(user: User, cluster: Cluster) -> None:
    """With a membership change: the user's open connections join or leave the cluster's chat
    room once it commits (chat's own rule decides who is in it)."""
    from community.chat.rooms import on_membership_changed

    on_membership_changed(user, cluster)


# --- writing the cluster ---------------------------------------------------------------------

def unique_slug(name: str) -> str:
    """A slug for a new cluster's URL, numbered when another cluster has it already."""
    return slugs.unique_slug(Cluster.slug, name, "cluster")


def _set_needs(cluster: Cluster, kind: str, items: list[dict[str, Any]]) -> None:
    kept = [need for need in cluster.needs if need.kind != kind]
    fresh = [ClusterNeed(kind=kind, text=item["text"], tags=list(item["tags"]), position=i)
             for i, item in enumerate(items)]
    cluster.needs = kept + fresh


def _apply(cluster: Cluster, values: dict[str, Any]) -> None:
    for name in ("name", "acronym", "website", "forum_visibility"):
        if name in values:
            setattr(cluster, name, values[name])
    if "name" in values:
        cluster.sort_name = fold(values["name"])[:160]
    if "country" in values:
        cluster.country = values["country"]
        cluster.shore = shore_of(values["country"])
    if "description" in values:
        cluster.description = values["description"]
        cluster.description_html = render_markdown(values["description"])
    for kind, name in (("sector", "sectors"), ("label", "labels")):
        if name in values:
            cluster.set_tags(kind, values[name])
    for kind, name in (("offer", "offers"), ("seek", "seeks")):
        if name in values:
            _set_needs(cluster, kind, values[name])


def propose_cluster(actor: User | None, **data: Any) -> Cluster:
    """A confirmed member proposes a cluster: it starts `pending`, its creator manages it."""
    require_write(actor)
    values = clean_cluster_data(data, partial=False)
    for _attempt in range(3):  # two proposals of the same name at once: the loser retries
        try:
            with savepoint():
                cluster = _new_cluster(actor, values)
            break
        except IntegrityError:  # nosec B112
            continue  # the name was taken meanwhile: the retry reports it (B112 false positive)
    else:
        raise Conflict(_("Please try again: another cluster took this name."))
    from community.search.index import index_cluster

    index_cluster(cluster)
    return cluster


def _new_cluster(creator: User, values: dict[str, Any]) -> Cluster:
    cluster = Cluster(slug=unique_slug(values["name"]), status="pending", created_by=creator,
                      acronym="", website="", description="", description_html="")
    _apply(cluster, values)
    cluster.memberships.append(
        Membership(user=creator, role="manager", state="active", since=utcnow()))
    cluster.member_count = 1
    db.session.add(cluster)
    db.session.flush()
    return cluster


def update_cluster(actor: User | None, cluster: Cluster, **data: Any) -> Cluster:
    """Managers, moderators and admins edit the page, forum visibility, offers and seeks."""
    require_cluster_manager(actor, cluster)
    values = clean_cluster_data(data, partial=True)
    _apply(cluster, values)
    from community.search.index import index_cluster

    index_cluster(cluster)
    if MATCHED_FIELDS & values.keys():
        refresh_partners(cluster)
    return cluster


def set_logo(actor: User | None, cluster: Cluster, file_storage) -> Cluster:
    """Replace the logo with an uploaded image, checked and re-encoded like avatars."""
    from community.images import delete_image, store_image

    require_cluster_manager(actor, cluster)
    filename = store_image(file_storage, current_app.config["AVATAR_MAX_BYTES"], 256,
                           square=False)
    old = cluster.logo_filename
    cluster.logo_filename = filename
    on_commit(delete_image, old)
    return cluster


def decide_cluster(actor: User | None, cluster: Cluster, approve: bool,
                   reason: str = "") -> Cluster:
    """A moderator approves or rejects a proposed cluster (audited); its creator is told
    either way, as `cluster_approved` or `cluster_rejected` with the reason."""
    require_moderator(actor)
    # A rejection needs its reason; an approval may carry one.
    reason = check_field("reason", REASON, reason) if reason or not approve else ""
    wanted = "approved" if approve else "rejected"
    if cluster.status == wanted:
        raise Conflict(_("This cluster is already approved.") if approve
                       else _("This cluster is already rejected."))
    cluster.status = wanted
    cluster.rejection_reason = None if approve else reason
    cluster.decided_at = utcnow()
    refresh_partners(cluster)
    # Approved: the members' connections join the chat room; rejected (also after an
    # approval): they leave it, since a cluster room has members only while approved.
    for member in db.session.scalars(db.select(User).join(Membership).where(
            Membership.cluster_id == cluster.id, Membership.state == "active")).all():
        sync_chat_room(member, cluster)
    creator = cluster.created_by
    if creator is not None:
        with force_locale(creator.locale or "en"):
            if approve:
                text = _("Your cluster %(name)s was approved: it is now listed in the directory.",
                         name=isolate_plain(cluster.name))
            else:
                text = _("Your cluster %(name)s was rejected: %(reason)s",
                         name=isolate_plain(cluster.name), reason=isolate_plain(reason))
        notify(creator, "cluster_approved" if approve else "cluster_rejected", actor,
               cluster_url(cluster), text)
    record(actor, "cluster.approve" if approve else "cluster.reject", "cluster", cluster.id,
           cluster.name, reason)
    return cluster


# --- membership ------------------------------------------------------------------------------

def _add_membership(user: User, cluster: Cluster, state: str) -> Membership:
    """Store a new membership; the same request twice at once is a conflict, not a 500."""
    try:
        with savepoint():
            membership = Membership(user=user, cluster=cluster, role="member", state=state)
            db.session.add(membership)
    except IntegrityError:
        raise Conflict(_("This membership already exists.")) from None
    return membership


def request_membership(actor: User | None, cluster: Cluster) -> Membership:
    """Ask to join an approved cluster (the managers are notified), or accept an invitation."""
    require_write(actor)
    if cluster.status != "approved":
        raise Conflict(_("This cluster is not approved yet."))
    membership = membership_row(actor, cluster)
    if membership is not None and membership.state != "invited":
        if membership.state == "active":
            raise Conflict(_("You are already a member of this cluster."))
        raise Conflict(_("You already asked to join this cluster."))
    if membership is not None:  # accepting an invitation
        membership.state = "active"
        membership.since = utcnow()
        refresh_member_count(cluster)
        sync_chat_room(actor, cluster)
        return membership
    membership = _add_membership(actor, cluster, "requested")
    managers = [m.user for m in db.session.scalars(
        db.select(Membership).where(Membership.cluster_id == cluster.id,
                                    Membership.role == "manager", Membership.state == "active")
        .options(selectinload(Membership.user)))]
    notices = []
    for manager in managers:
        with force_locale(manager.locale or "en"):
            notices.append((manager, _("%(user)s asks to join %(cluster)s.",
                                       user=isolate_plain(actor.display_name),
                                       cluster=isolate_plain(cluster.name))))
    notify_many(notices, "membership_request", actor,
                url_for("clusters.members", slug=cluster.slug, state="requested"))
    return membership


def leave_cluster(actor: User | None, cluster: Cluster) -> None:
    """Leave, withdraw a request or decline an invitation; the last manager cannot leave."""
    require_write(actor)
    membership = membership_row(actor, cluster)
    if membership is None:
        raise NotFound(_("You are not a member of this cluster."))
    _ensure_not_last_manager(cluster, membership,
                             _("You are the last manager: promote another member first."))
    db.session.delete(membership)
    db.session.flush()
    refresh_member_count(cluster)
    sync_chat_room(actor, cluster)


def _ensure_not_last_manager(cluster: Cluster, membership: Membership, message: str) -> None:
    """Refuse to take away the last active manager. The cluster's row is locked first
    (PostgreSQL), so two managers stepping down at once cannot both pass the count."""
    if membership.role != "manager" or membership.state != "active":
        return
    db.session.execute(db.select(Cluster.id).where(Cluster.id == cluster.id).with_for_update())
    if count_managers(cluster) <= 1:
        raise Conflict(message)


def approve_member(actor: User | None, cluster: Cluster, user: User) -> Membership:
    """Accept a join request: the membership becomes active and the user is notified."""
    require_cluster_manager(actor, cluster)
    membership = membership_row(user, cluster)
    if membership is None:
        raise NotFound(_("This user has not asked to join."))
    if membership.state != "requested":
        raise Conflict(_("This user is already a member.") if membership.state == "active"
                       else _("This user was invited and has not answered yet."))
    membership.state = "active"
    membership.since = utcnow()
    refresh_member_count(cluster)
    sync_chat_room(user, cluster)
    with force_locale(user.locale or "en"):
        text = _("You are now a member of %(cluster)s.", cluster=isolate_plain(cluster.name))
    notify(user, "membership_approved", actor, cluster_url(cluster), text)
    return membership


def invite_member(actor: User | None, cluster: Cluster, username: str) -> Membership:
    """A manager invites someone by username; the invitee accepts by asking to join."""
    require_cluster_manager(actor, cluster)
    user = find_user(username)
    membership = membership_row(user, cluster)
    if membership is not None:
        if membership.state == "requested":
            return approve_member(actor, cluster, user)
        raise Conflict(_("This user is already a member or invited."))
    membership = _add_membership(user, cluster, "invited")
    with force_locale(user.locale or "en"):
        text = _("%(user)s invites you to join %(cluster)s.",
                 user=isolate_plain(actor.display_name), cluster=isolate_plain(cluster.name))
    notify(user, "membership_request", actor, cluster_url(cluster), text)
    return membership


def set_member_role(actor: User | None, cluster: Cluster, user: User, role: str) -> Membership:
    """Promote a member to manager or step a manager back (never the last one)."""
    require_cluster_manager(actor, cluster)
    role = check_field("role", ROLE, role)
    membership = membership_row(user, cluster)
    if membership is None or membership.state != "active":
        raise NotFound(_("This user is not a member of this cluster."))
    if role == "member":
        _ensure_not_last_manager(cluster, membership,
                                 _("A cluster needs at least one manager."))
    membership.role = role
    return membership


def remove_member(actor: User | None, cluster: Cluster, user: User) -> None:
    """Remove a member, refuse a join request or withdraw an invitation."""
    require_cluster_manager(actor, cluster)
    membership = membership_row(user, cluster)
    if membership is None:
        raise NotFound(_("This user is not a member of this cluster."))
    _ensure_not_last_manager(cluster, membership, _("A cluster needs at least one manager."))
    db.session.delete(membership)
    db.session.flush()
    refresh_member_count(cluster)
    sync_chat_room(user, cluster)

