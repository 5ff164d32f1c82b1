"""Cluster test data, made through the real services (and in bulk for the query-count tests)."""

from __future__ import annotations

from community.clusters import services
from community.extensions import db
from community.models import Cluster, ClusterNeed, ClusterTag, Membership, User, utcnow


def make_cluster(manager: User, name: str = "Maroc Numeric Cluster", *, country: str = "MA",
                 status: str = "approved", sectors: list[str] | None = None,
                 **fields) -> Cluster:
    """A cluster proposed by `manager` (its manager), approved unless told otherwise."""
    cluster = services.propose_cluster(manager, name=name, country=country,
                                       sectors=sectors or ["ICT"],
                                       description=fields.pop("description", "About *us*."),
                                       **fields)
    if status != "pending":
        cluster.status = status
        cluster.decided_at = utcnow()
    db.session.commit()
    return cluster


def add_member(cluster: Cluster, user: User, role: str = "member",
               state: str = "active") -> Membership:
    membership = Membership(user=user, cluster=cluster, role=role, state=state,
                            since=utcnow() if state == "active" else None)
    db.session.add(membership)
    db.session.flush()
    services.refresh_member_count(cluster)
    db.session.commit()
    return membership


def bulk_clusters(count: int, members_each: int = 0, start: int = 0) -> list[Cluster]:
    """Many approved clusters with tags, needs, a manager and members, in one flush."""
    from community.auth.passwords import hash_password

    password_hash = hash_password("bulk password 123")
    rows: list = []
    clusters = []
    for i in range(start, start + count):
        north = i % 2 == 0
        manager = User(username=f"bulkm{i}", email=f"bulkm{i}@example.org",
                       password_hash=password_hash, display_name=f"Manager {i}",
                       country="FR" if north else "TN", email_confirmed_at=utcnow())
        cluster = Cluster(slug=f"bulk-{i}", name=f"Bulk cluster {i}", acronym=f"B{i}",
                          country="FR" if north else "TN", shore="north" if north else "south",
                          status="approved", description="Olive oil and textiles",
                          description_html="<p>Olive oil and textiles</p>",
                          member_count=1 + members_each, decided_at=utcnow())
        cluster.tags = [ClusterTag(kind="sector", value=f"Sector {i % 5}", position=0),
                        ClusterTag(kind="label", value="ECEI Bronze", position=0)]
        cluster.needs = [ClusterNeed(kind="offer", text=f"Olive oil export {i}",
                                     tags=["olive oil"], position=0),
                         ClusterNeed(kind="seek", text="Distribution partner for textiles",
                                     tags=["textile"], position=0)]
        cluster.memberships = [Membership(user=manager, role="manager", state="active",
                                          since=utcnow())]
        for j in range(members_each):
            member = User(username=f"bulku{i}_{j}", email=f"bulku{i}_{j}@example.org",
                          password_hash=password_hash, display_name=f"Member {i} {j}",
                          email_confirmed_at=utcnow())
            cluster.memberships.append(Membership(user=member, role="member", state="active",
                                                  since=utcnow()))
        rows.append(cluster)
        clusters.append(cluster)
    db.session.add_all(rows)
    db.session.commit()
    return clusters
