"""Test data for the forums and search tests, made through the real services."""

from __future__ import annotations

from community.extensions import db
from community.forums import services
from community.models import Category, Cluster, Membership, User, utcnow


def make_cluster(slug: str, *, visibility: str = "public", status: str = "approved",
                 managers: tuple[User, ...] = (), members: tuple[User, ...] = (),
                 name: str | None = None, country: str = "MA") -> Cluster:
    cluster = Cluster(slug=slug, name=name or slug.replace("-", " ").title(), country=country,
                      shore="south" if country in ("MA", "TN", "JO", "EG") else "north",
                      status=status, forum_visibility=visibility)
    db.session.add(cluster)
    for user in managers:
        db.session.add(Membership(user=user, cluster=cluster, role="manager", state="active",
                                  since=utcnow()))
    for user in members:
        db.session.add(Membership(user=user, cluster=cluster, role="member", state="active",
                                  since=utcnow()))
    db.session.commit()
    return cluster


def make_category(admin: User, name: str = "General", description: str = "") -> Category:
    category = services.create_category(admin, name, description)
    db.session.commit()
    return category


def make_thread(author: User, category: Category, title: str = "Hello", body: str = "First"):
    thread, _post = services.create_thread(author, category, title, body)
    db.session.commit()
    return thread


def cluster_forum(cluster: Cluster) -> Category:
    category = services.forum_for_cluster(cluster)
    db.session.commit()
    return category
