"""Stored partners across the sea: scored when a cluster changes what matching reads (its
needs, sectors, status or shore), read with ORDER BY score on the pages and the API, so a view
costs the same whatever the number of clusters.

The refresh runs in the writer's transaction rather than as a job after the commit: a cluster
is edited rarely, scoring it against the other shore takes milliseconds per hundred clusters,
and the manager who saves sees the new suggestions at once, never a stale list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from community.clusters.matching import Suggestion, score_pair, suggestion
from community.extensions import db
from community.models import Cluster, ClusterPartner, Membership, User


def other_shore(cluster: Cluster) -> str:
    return "south" if cluster.shore == "north" else "north"


def _approved_of_shore(shore: str) -> list[Cluster]:
    """The approved clusters of a shore, with what matching reads of them."""
    return list(db.session.scalars(
        db.select(Cluster).where(Cluster.status == "approved", Cluster.shore == shore)
        .options(selectinload(Cluster.tags), selectinload(Cluster.needs))))


def _row(cluster: Cluster, other: Cluster) -> dict | None:
    score, reasons = score_pair(cluster, other)
    if score <= 0:  # nothing in common: the API lists it last, from the clusters table
        return None
    return {"cluster_id": cluster.id, "partner_id": other.id, "score": score,
            "reasons": reasons}


# Any key shared by every refresh: two clusters of opposite shores saved at the same moment
# both rewrite their pair, so one refresh waits for the other's commit, then reads it.
REFRESH_LOCK_KEY = 0x6C7573746572  # "luster"


def _serialise_refreshes() -> None:
    """On PostgreSQL, wait for any other transaction refreshing partners (a lock released at
    its commit; each later statement then sees what it wrote). SQLite has one writer at a time
    already."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(REFRESH_LOCK_KEY)))


def refresh_partners(cluster: Cluster) -> None:
    """Score `cluster` against the other shore, both ways (the score is not symmetric), and
    store the pairs that have something in common; an unapproved cluster has none."""
    db.session.flush()
    _serialise_refreshes()
    db.session.execute(sa.delete(ClusterPartner).where(sa.or_(
        ClusterPartner.cluster_id == cluster.id, ClusterPartner.partner_id == cluster.id)))
    if cluster.status != "approved":
        return
    rows = []
    for other in _approved_of_shore(other_shore(cluster)):
        rows += [row for row in (_row(cluster, other), _row(other, cluster)) if row]
    if rows:
        db.session.execute(sa.insert(ClusterPartner), rows)


def refresh_all_partners() -> int:
    """Score every approved pair again (after a change of the rules, or to fill the table):
    the number of stored pairs."""
    _serialise_refreshes()
    db.session.execute(sa.delete(ClusterPartner))
    others = _approved_of_shore("south")
    rows = []
    for cluster in _approved_of_shore("north"):
        for other in others:
            rows += [row for row in (_row(cluster, other), _row(other, cluster)) if row]
    if rows:
        db.session.execute(sa.insert(ClusterPartner), rows)
    return len(rows)


def fill_partners_if_missing() -> int | None:
    """After the upgrade that adds the table (or on a database restored without it): score
    every pair when nothing is stored yet though approved clusters exist on both shores; the
    pairs stored, or None when there was nothing to do."""
    if db.session.scalar(sa.select(ClusterPartner.cluster_id).limit(1)) is not None:
        return None
    shores = set(db.session.scalars(
        sa.select(Cluster.shore).where(Cluster.status == "approved").distinct()))
    if shores != {"north", "south"}:
        return None
    return refresh_all_partners()


def _statement(cluster: Cluster, matches_only: bool):
    """The clusters of the other shore with their stored score and reasons, best first, then
    by name; without `matches_only`, those with nothing in common come last."""
    pair = sa.and_(ClusterPartner.cluster_id == cluster.id, ClusterPartner.partner_id == Cluster.id)
    statement = db.select(Cluster, ClusterPartner.score, ClusterPartner.reasons)
    statement = (statement.join(ClusterPartner, pair) if matches_only
                 else statement.outerjoin(ClusterPartner, pair))
    return (statement.where(Cluster.status == "approved", Cluster.shore == other_shore(cluster))
            .order_by(sa.func.coalesce(ClusterPartner.score, 0).desc(), Cluster.sort_name,
                      Cluster.id))


def stored_partners(cluster: Cluster, *, for_member: bool = False, matches_only: bool = False,
                    limit: int | None = None, offset: int = 0, with_tags: bool = True,
                    with_managers: bool = False) -> list[Suggestion]:
    """The partners of `cluster` as stored, best first, worded for who reads them; with their
    tags (the cards; not `with_tags`: the cluster page lists names only) and, `with_managers`,
    their needs and managers (the API's cluster objects)."""
    options = [selectinload(Cluster.tags)] if with_tags or with_managers else []
    if with_managers:
        options += [selectinload(Cluster.needs), selectinload(Cluster.manager_memberships)
                    .selectinload(Membership.user).selectinload(User.tags)]
    statement = _statement(cluster, matches_only).options(*options).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return [suggestion(cluster, other, score or 0.0, reasons or [], for_member)
            for other, score, reasons in db.session.execute(statement)]


def partners_page(cluster: Cluster, page: int, per_page: int, for_member: bool = False):
    """One page of the partners that have something in common with `cluster`, best first:
    (the pagination, its suggestions worded for who reads them)."""
    statement = (
        db.select(ClusterPartner).join(Cluster, Cluster.id == ClusterPartner.partner_id)
        .where(ClusterPartner.cluster_id == cluster.id, Cluster.status == "approved",
               Cluster.shore == other_shore(cluster))
        .order_by(ClusterPartner.score.desc(), Cluster.sort_name, Cluster.id)
        .options(selectinload(ClusterPartner.partner).selectinload(Cluster.tags)))
    pagination = db.paginate(statement, page=page, per_page=per_page, max_per_page=per_page,
                             error_out=False)
    return pagination, [suggestion(cluster, row.partner, row.score, row.reasons, for_member)
                        for row in pagination.items]


def count_other_shore(cluster: Cluster) -> int:
    """The approved clusters of the other shore: every one is a suggestion in the API."""
    return db.session.scalar(db.select(sa.func.count(Cluster.id)).where(
        Cluster.status == "approved", Cluster.shore == other_shore(cluster))) or 0
