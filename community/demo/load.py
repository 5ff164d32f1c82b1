"""Loading the demo rows: found again by username, slug or title, so loading twice adds
nothing; what is missing is created, forum threads through the forum services."""

from __future__ import annotations

from community.auth.passwords import hash_password
from community.clusters.services import _apply, refresh_member_count
from community.clusters.validation import clean_cluster_data
from community.demo.data import (
    CATEGORIES,
    CLUSTERS,
    DEMO_EMAIL_DOMAIN,
    DEMO_LANGUAGE,
    DEMO_PASSWORD,
    DISCUSSIONS,
    JOIN_REQUESTS,
    PENDING_CLUSTERS,
    USERS,
)
from community.demo.mentoring import load_mentoring
from community.extensions import db
from community.i18n import shore_of
from community.markup import render_markdown
from community.models import Cluster, Membership, Notification, User, utcnow


def _load_users() -> tuple[dict[str, User], int]:
    existing = {u.username: u for u in db.session.scalars(
        db.select(User).where(User.username.in_([row[0] for row in USERS])))}
    password_hash = None
    created = 0
    for username, name, country, role, headline, languages, expertise in USERS:
        if username in existing:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(username=username, email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    password_hash=password_hash, display_name=name, country=country,
                    role=role, headline=headline, bio=headline,
                    bio_html=render_markdown(headline), email_confirmed_at=utcnow())
        user.set_tags("language", languages)
        user.set_tags("expertise", expertise)
        db.session.add(user)
        existing[username] = user
        created += 1
    db.session.flush()
    return existing, created


def _load_clusters(users: dict[str, User]) -> int:
    existing = set(db.session.scalars(db.select(Cluster.slug).where(
        Cluster.slug.in_([row[0] for row in CLUSTERS]))))
    created = 0
    now = utcnow()
    for slug, fields, managers, members in CLUSTERS:
        if slug in existing:
            continue
        values = clean_cluster_data(fields, partial=False)
        cluster = Cluster(slug=slug, status="approved", shore=shore_of(values["country"]),
                          created_by=users[managers[0]], decided_at=now, acronym="",
                          website="", forum_visibility="public")
        _apply(cluster, values)
        _mark_language(cluster)
        for role, usernames in (("manager", managers), ("member", members)):
            for username in usernames:
                cluster.memberships.append(Membership(user=users[username], role=role,
                                                      state="active", since=now))
        db.session.add(cluster)
        db.session.flush()
        refresh_member_count(cluster)
        created += 1 + len(managers) + len(members)
    return created


def _mark_language(cluster: Cluster) -> None:
    """The demo's offers and seeks are written in English, whatever the page's language."""
    for cluster_need in cluster.needs:
        cluster_need.language = DEMO_LANGUAGE


def _load_pending(users: dict[str, User]) -> int:
    """The proposed clusters and the join requests, each with what its creator would get."""
    created = 0
    taken = set(db.session.scalars(db.select(Cluster.slug).where(
        Cluster.slug.in_([row[0] for row in PENDING_CLUSTERS]))))
    for slug, fields, username in PENDING_CLUSTERS:
        if slug in taken:
            continue
        values = clean_cluster_data(fields, partial=False)
        cluster = Cluster(slug=slug, status="pending", shore=shore_of(values["country"]),
                          created_by=users[username], acronym="", website="",
                          forum_visibility="public", member_count=1)
        _apply(cluster, values)
        _mark_language(cluster)
        cluster.memberships.append(Membership(user=users[username], role="manager",
                                              state="active", since=utcnow()))
        db.session.add(cluster)
        created += 2
    clusters = {c.slug: c for c in db.session.scalars(db.select(Cluster).where(
        Cluster.slug.in_([slug for slug, _u in JOIN_REQUESTS])))}
    for slug, username in JOIN_REQUESTS:
        cluster, user = clusters[slug], users[username]
        if any(m.user_id == user.id for m in cluster.memberships):
            continue
        db.session.add(Membership(user=user, cluster=cluster, role="member", state="requested"))
        for manager in cluster.manager_memberships:
            db.session.add(Notification(
                user=manager.user, kind="membership_request", actor=user,
                target_url=f"/clusters/{slug}/members?state=requested",
                text=f"{user.display_name} asks to join {cluster.name}."))
            created += 1
        created += 1
    return created


def _load_discussions(users: dict[str, User]) -> int:
    """The demo categories and threads, written through the forum services (so they are
    rendered, indexed and counted like any other); found again by title."""
    from community.forums.services import (
        create_category,
        create_post,
        create_thread,
        forum_for_cluster,
    )
    from community.models.forum import Category, Thread

    created = 0
    admin = users["admin"]
    categories = {c.name: c for c in db.session.scalars(db.select(Category))}
    for name, description in CATEGORIES:
        if name not in categories:
            categories[name] = create_category(admin, name, description)
            categories[name].language = DEMO_LANGUAGE
            created += 1
    titles = set(db.session.scalars(db.select(Thread.title)))
    for forum, author, title, body, replies in DISCUSSIONS:
        if title in titles:
            continue
        if forum.startswith("cluster:"):
            cluster = db.session.scalar(
                db.select(Cluster).where(Cluster.slug == forum.removeprefix("cluster:")))
            if cluster is None:
                continue
            category = forum_for_cluster(cluster)
        else:
            category = categories[forum]
        thread, _post = create_thread(users[author], category, title, body)
        for reply_author, reply_body in replies:
            create_post(users[reply_author], thread, reply_body)
        created += 1 + len(replies)
    return created


def load_demo() -> int:
    """Create the demo users, clusters and discussions that are missing; the number of new
    records. Members and clusters made here are indexed for search like any others."""
    from community.clusters.partners import fill_partners_if_missing, refresh_all_partners
    from community.search.index import reindex_all

    users, created = _load_users()
    created += _load_clusters(users)
    db.session.flush()
    created += _load_pending(users)
    db.session.commit()
    if created:
        reindex_all()
        refresh_all_partners()
        db.session.commit()
    elif fill_partners_if_missing() is not None:  # a demo loaded before partners were stored
        db.session.commit()
    created += _load_discussions(users)
    created += load_mentoring(users)
    return created
