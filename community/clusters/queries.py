"""Read-side queries of clusters: the directory with its facet counts, a cluster page's data.
Every function runs a fixed number of statements, whatever the number of clusters or members."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload, selectinload

from community.extensions import db
from community.models import Cluster, ClusterTag, Membership, User
from community.search.filters import index_match

FACETS = ("country", "shore", "sector", "label")


@dataclass
class DirectoryFilters:
    q: str = ""
    country: str = ""
    shore: str = ""
    sector: str = ""
    label: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> DirectoryFilters:
        def arg(name: str, limit: int = 100) -> str:
            return " ".join((args.get(name) or "").split())[:limit]

        shore = arg("shore")
        return cls(q=arg("q", 200), country=arg("country").upper()[:2], sector=arg("sector"),
                   shore=shore if shore in ("north", "south") else "", label=arg("label"))

    def active(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q",) + FACETS if getattr(self, name)}


def _has_tag(kind: str, value: str):
    return Cluster.id.in_(db.select(ClusterTag.cluster_id).where(
        ClusterTag.kind == kind, ClusterTag.value == value))


def directory_conditions(filters: DirectoryFilters, skip: str | None = None) -> list:
    """WHERE conditions for approved clusters matching the filters; `skip` leaves one facet out
    (a facet's counts ignore its own filter, so other values stay visible and countable)."""
    conditions = [Cluster.status == "approved"]
    if filters.q:  # as the site search matches: accents, case, Arabic variants, stems
        conditions.append(index_match("cluster", Cluster.id, filters.q))
    if filters.country and skip != "country":
        conditions.append(Cluster.country == filters.country)
    if filters.shore and skip != "shore":
        conditions.append(Cluster.shore == filters.shore)
    if filters.sector and skip != "sector":
        conditions.append(_has_tag("sector", filters.sector))
    if filters.label and skip != "label":
        conditions.append(_has_tag("label", filters.label))
    return conditions


def cluster_list_options() -> list:
    """Eager loads for a list of clusters shown with tags, needs and managers."""
    return [selectinload(Cluster.tags), selectinload(Cluster.needs),
            selectinload(Cluster.manager_memberships).selectinload(Membership.user)
            .selectinload(User.tags)]


def directory_statement(filters: DirectoryFilters, for_api: bool = True):
    """Approved clusters matching the filters, by name; the HTML cards need only the tags."""
    options = cluster_list_options() if for_api else [selectinload(Cluster.tags)]
    return (db.select(Cluster).where(*directory_conditions(filters))
            .options(*options)
            .order_by(Cluster.sort_name, Cluster.id))


def facet_counts(filters: DirectoryFilters) -> dict[str, list[tuple[str, int]]]:
    """(value, number of clusters) per facet value, most frequent first: four GROUP BY queries."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in ("country", "shore"):
        column = getattr(Cluster, name)
        rows = db.session.execute(
            db.select(column, db.func.count(Cluster.id))
            .where(*directory_conditions(filters, skip=name))
            .group_by(column).order_by(db.func.count(Cluster.id).desc(), column)).all()
        counts[name] = [(value, count) for value, count in rows]
    for name in ("sector", "label"):
        count = db.func.count(db.distinct(ClusterTag.cluster_id))
        rows = db.session.execute(
            db.select(ClusterTag.value, count)
            .join(Cluster, Cluster.id == ClusterTag.cluster_id)
            .where(ClusterTag.kind == name, *directory_conditions(filters, skip=name))
            .group_by(ClusterTag.value).order_by(count.desc(), ClusterTag.value)).all()
        counts[name] = [(value, total) for value, total in rows]
    for name in FACETS:  # a chosen value stays choosable (and visibly chosen) at zero
        chosen = getattr(filters, name)
        if chosen and chosen not in {value for value, _count in counts[name]}:
            counts[name].append((chosen, 0))
    return counts


def cluster_page_options(for_api: bool = True) -> list:
    """Eager loads for one cluster; the API's user objects also need the users' tags."""
    managers = selectinload(Cluster.manager_memberships).selectinload(Membership.user)
    return [selectinload(Cluster.tags), selectinload(Cluster.needs),
            joinedload(Cluster.created_by),
            managers.selectinload(User.tags) if for_api else managers]


def members_statement(cluster: Cluster, state: str = "active", for_api: bool = True):
    """Memberships of one state, managers first, then by date, with their users."""
    users = selectinload(Membership.user)
    return (db.select(Membership)
            .where(Membership.cluster_id == cluster.id, Membership.state == state)
            .options(users.selectinload(User.tags) if for_api else users)
            .order_by(db.case((Membership.role == "manager", 0), else_=1),
                      Membership.since.desc().nulls_last(), Membership.created_at.desc(),
                      Membership.id))


def recent_activity(cluster: Cluster, limit: int = 8) -> list[dict]:
    """The cluster's latest events, newest first: members who joined, its approval, its
    proposal. Read from the memberships and the cluster itself (one query)."""
    joined = db.session.execute(
        db.select(Membership.since, User.username, User.display_name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.cluster_id == cluster.id, Membership.state == "active",
               Membership.since.is_not(None))
        .order_by(Membership.since.desc()).limit(limit)).all()
    creator = cluster.created_by
    # The creator's own membership starts with the proposal: one event says both.
    events = [{"kind": "joined", "at": since, "username": username, "display_name": name}
              for since, username, name in joined
              if not (creator and username == creator.username and cluster.created_at
                      and abs((since - cluster.created_at).total_seconds()) < 60)]
    if cluster.decided_at and cluster.status == "approved":
        events.append({"kind": "approved", "at": cluster.decided_at})
    if cluster.created_at:
        events.append({"kind": "proposed", "at": cluster.created_at,
                       "username": creator.username if creator else None,
                       "display_name": creator.display_name if creator else None})
    rank = {"approved": 2, "joined": 1, "proposed": 0}  # the order of a same-second tie
    events.sort(key=lambda event: (event["at"], rank[event["kind"]]), reverse=True)
    return events[:limit]


def pending_count() -> int:
    return db.session.scalar(db.select(db.func.count(Cluster.id)).where(
        Cluster.status == "pending")) or 0
