"""Test data made through the real service functions, role fixtures and the `auth` helper.

Every factory calls the service a route would call and then commits, as an entry point does:
the services add and flush, the caller owns the transaction. So test data carries the same
side effects as real data (member counts, search index, chat room membership, notifications).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import TypeVar

import pytest
from flask import current_app, has_request_context

from community.auth.services import create_user, issue_api_token
from community.chat import services as chat
from community.clusters import services as clusters
from community.extensions import db
from community.forums import services as forums
from community.models import (
    Category,
    ChatMessage,
    ChatRoom,
    Cluster,
    ClusterNeed,
    ClusterTag,
    Membership,
    Post,
    Thread,
    User,
    utcnow,
)
from community.notifications.services import set_preferences
from community.profiles.services import PROFILE_RULES, update_profile
from community.programmes import services as programmes

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
Made = TypeVar("Made")


def entry_point(factory: Callable[..., Made]) -> Callable[..., Made]:
    """Run a factory as a request runs an action: inside a request context (services build
    links with `url_for`), then one commit (services flush; the entry point commits)."""

    @functools.wraps(factory)
    def run(*args, **kwargs) -> Made:
        request = nullcontext() if has_request_context() else current_app.test_request_context()
        with request:
            made = factory(*args, **kwargs)
            db.session.commit()
        return made

    return run


# --- people ----------------------------------------------------------------------------------

@entry_point
def make_user(username: str | None = None, *, role: str = "member", confirmed: bool = True,
              password: str = PASSWORD, display_name: str | None = None,
              country: str | None = "MA", email: str | None = None, locale: str | None = None,
              **fields) -> User:
    """A registered account. Profile `fields` (headline, languages…) are saved as the profile
    page saves them; the others (status, suspensions) are set as moderation would set them."""
    username = username or f"user{next(_counter)}"
    user = create_user(username=username, email=email or f"{username}@example.org",
                       password=password, display_name=display_name or username.title(),
                       country=country, locale=locale, role=role, confirmed=confirmed)
    profile = {name: fields.pop(name) for name in list(fields) if name in PROFILE_RULES}
    if profile:
        update_profile(user, user, **profile)
    for key, value in fields.items():
        setattr(user, key, value)
    return user


@entry_point
def make_token(user: User) -> str:
    """The secret of a fresh API token of `user`, issued as the settings page issues it."""
    _token, secret = issue_api_token(user)
    return secret


def site_moderator() -> User:
    """Who approves the clusters the factories make: the first moderator or admin of the test,
    else a dedicated moderator account (made once per test)."""
    staff = db.session.scalars(db.select(User).where(User.role.in_(("moderator", "admin")))
                               .order_by(User.id)).all()
    for user in staff:
        if user.is_active and user.is_confirmed:
            return user
    return make_user("moderation", role="moderator", display_name="Moderation Team")


# --- clusters --------------------------------------------------------------------------------

@entry_point
def make_cluster(manager: User, name: str = "Maroc Numeric Cluster", *,
                 status: str = "approved", members: Iterable[User] = (), country: str = "MA",
                 sectors: list[str] | None = None, description: str = "About *us*.",
                 **fields) -> Cluster:
    """A cluster proposed by `manager` (its first manager), then approved or rejected by a
    moderator unless `status` is "pending", then joined by `members`."""
    cluster = clusters.propose_cluster(manager, name=name, country=country,
                                       sectors=sectors or ["ICT"], description=description,
                                       **fields)
    db.session.commit()  # proposing and deciding are two actions, by two people
    if status != "pending":
        clusters.decide_cluster(site_moderator(), cluster, approve=status == "approved",
                                reason="" if status == "approved" else "Not a cluster.")
    for user in members:
        add_member(cluster, user)
    return cluster


def a_manager(cluster: Cluster) -> User:
    """The longest-standing active manager of the cluster: who answers requests."""
    return db.session.scalar(db.select(User).join(Membership).where(
        Membership.cluster_id == cluster.id, Membership.role == "manager",
        Membership.state == "active").order_by(Membership.id))


@entry_point
def add_member(cluster: Cluster, user: User, *, role: str = "member",
               state: str = "active") -> Membership:
    """`user` asks to join and a manager approves (`state="active"`), or the request waits
    (`"requested"`), or a manager invites them (`"invited"`); `role="manager"` promotes them."""
    manager = a_manager(cluster)
    if state == "invited":
        membership = clusters.invite_member(manager, cluster, user.username)
    else:
        membership = clusters.request_membership(user, cluster)
        if state == "active":
            membership = clusters.approve_member(manager, cluster, user)
    if role == "manager":
        membership = clusters.set_member_role(manager, cluster, user, "manager")
    return membership


@entry_point
def set_channel(user: User, kind: str, channel: str) -> None:
    """The user's choice for one kind of notification: "inapp", "instant", "digest" or "off"."""
    set_preferences(user, {kind: channel})


# --- forums ----------------------------------------------------------------------------------

@entry_point
def make_category(admin: User, name: str = "General", description: str = "") -> Category:
    """A site-wide forum category, created by an admin."""
    return forums.create_category(admin, name, description)


@entry_point
def cluster_forum(cluster: Cluster) -> Category:
    """The cluster's forum, made on first use as its first visitor makes it."""
    return forums.forum_for_cluster(cluster)


@entry_point
def make_thread(author: User, category: Category, title: str = "Hello",
                body: str = "First") -> Thread:
    """A thread with its first post."""
    thread, _post = forums.create_thread(author, category, title, body)
    return thread


@entry_point
def make_post(author: User, thread: Thread, body: str = "A reply",
              reply_to: Post | None = None) -> Post:
    """A reply in a thread (subscribers and mentioned members are notified)."""
    return forums.create_post(author, thread, body, reply_to.id if reply_to else None)


# --- chat ------------------------------------------------------------------------------------

@entry_point
def cluster_room(cluster: Cluster) -> ChatRoom:
    """The chat room of an approved cluster, made on first use."""
    return chat.cluster_room(cluster)


@entry_point
def make_direct_room(author: User, other: User) -> ChatRoom:
    """The direct conversation of two members, started by `author`."""
    room, _created = chat.start_direct_room(author, other)
    return room


@entry_point
def make_message(author: User, room: ChatRoom, body: str = "Hello",
                 client_id: str | None = None) -> ChatMessage:
    """A message sent to a room (broadcast to the room, as a real send is)."""
    message, _created = chat.send_message(author, room, body, client_id=client_id)
    return db.session.get(ChatMessage, message["id"])


# --- many rows at once -----------------------------------------------------------------------

@entry_point
def bulk_users(prefix: str, start: int, stop: int, cluster: Cluster | None = None,
               country: str = "MA", **profile) -> list[User]:
    """Members `<prefix>000`…, each with the `profile` fields (`languages=[...]`,
    `expertise=[...]`) and, when given, an active membership of `cluster`."""
    users = []
    for i in range(start, stop):
        user = make_user(f"{prefix}{i:03d}", display_name=f"{prefix.title()} {i:03d}",
                         country=country, **profile)
        if cluster is not None:
            add_member(cluster, user)
        users.append(user)
    return users


@entry_point
def bulk_clusters(count: int, members_each: int = 0, start: int = 0) -> list[Cluster]:
    """Hundreds of approved clusters with tags, needs, a manager and members, inserted in one
    flush: only for query-count tests, where going through the services would take minutes.
    The rows are what the services would write (`member_count` included)."""
    from community.auth.passwords import hash_password
    from community.clusters.partners import refresh_all_partners

    password_hash = hash_password("bulk password 123")
    made = []
    for i in range(start, start + count):
        north = i % 2 == 0
        manager = User(username=f"bulkm{i}", email=f"bulkm{i}@example.org",
                       password_hash=password_hash, display_name=f"Manager {i}",
                       country="FR" if north else "TN", email_confirmed_at=utcnow())
        cluster = Cluster(slug=f"bulk-{i}", name=f"Bulk cluster {i}", acronym=f"B{i}",
                          sort_name=f"bulk cluster {i}",
                          country="FR" if north else "TN", shore="north" if north else "south",
                          status="approved", description="Olive oil and textiles",
                          description_html="<p>Olive oil and textiles</p>",
                          member_count=1 + members_each, decided_at=utcnow())
        sector = ("ict", "textiles", "agrifood", "energy", "tourism")[i % 5]
        cluster.tags = [ClusterTag(kind="sector", value=sector, position=0),
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
        made.append(cluster)
    db.session.add_all(made)
    db.session.flush()
    refresh_all_partners()  # what approving each through the services would have stored
    return made


# --- clients ---------------------------------------------------------------------------------

class AuthActions:
    """Sign a test client in and out through the real routes."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, user_or_name, password: str = PASSWORD, remember: bool = False):
        login = user_or_name.username if isinstance(user_or_name, User) else user_or_name
        data = {"login": login, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


class ApiClient:
    """JSON calls to /api/v1 with a bearer token."""

    def __init__(self, client, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def call(self, method: str, path: str, json=None, **kwargs):
        return self.client.open(f"/api/v1{path}", method=method, json=json,
                                headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.call("PATCH", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.call("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def member(app) -> User:
    return make_user("amina", display_name="Amina Benali", country="MA")


@pytest.fixture
def other_member(app) -> User:
    return make_user("karim", display_name="Karim Haddad", country="JO")


@pytest.fixture
def moderator(app) -> User:
    return make_user("moussa", role="moderator", display_name="Moussa Diallo", country="TN")


@pytest.fixture
def admin(app) -> User:
    return make_user("laura", role="admin", display_name="Laura Puig", country="ES")


@pytest.fixture
def unconfirmed(app) -> User:
    return make_user("nadia", confirmed=False, display_name="Nadia Saleh", country="PS")


@pytest.fixture
def anon_api(client) -> ApiClient:
    return ApiClient(client)


@pytest.fixture
def api_as(client):
    """`api_as(user)`: an API client authenticated with a fresh token of that user."""

    def build(user: User) -> ApiClient:
        return ApiClient(client, make_token(user))

    return build


__all__ = [  # what the root conftest re-exports: the helpers and the fixtures
    "AuthActions", "ApiClient", "PASSWORD", "make_user", "make_token", "auth", "member",
    "other_member", "moderator", "admin", "unconfirmed", "anon_api", "api_as",
]


def content_audit():
    """Audit entries about posts, messages and profiles, oldest first: not those the set-up
    leaves (clusters approved, categories created)."""
    from community.models import AuditEntry

    return (db.select(AuditEntry).where(AuditEntry.target_type.in_(("post", "message", "user")))
            .order_by(AuditEntry.id))


def reload(row):
    """`row` as the database now holds it (what a request or a socket event committed)."""
    db.session.expire_all()
    return db.session.get(type(row), row.id)


@entry_point
def make_group_room(author: User, name: str, members: list[User]) -> ChatRoom:
    """A named group room of `author` and the members they invited."""
    return chat.create_group_room(author, name, members)


@entry_point
def leave_group_room(user: User, room: ChatRoom) -> None:
    """`user` leaves a group room."""
    chat.leave_group_room(user, room)


def index_everything() -> int:
    """Index what the bulk factories inserted without the services, as `flask search reindex`
    does (it commits)."""
    from community.search.index import reindex_all

    return reindex_all()


# --- mentoring programmes --------------------------------------------------------------------

@entry_point
def make_programme(admin: User, name: str = "Cluster Mentoring Reloaded", *,
                   starts_on: str = "2021-01-01", ends_on: str = "2030-10-31", **fields):
    """A programme an admin created (they coordinate it)."""
    return programmes.create_programme(admin, name=name, starts_on=starts_on, ends_on=ends_on,
                                       **fields)


@entry_point
def enrol(programme, user: User, role: str = "mentee", *, accepted: bool = True,
          languages: list[str] | None = None, **fields):
    """`user` applies as a mentor or a mentee; a coordinator accepts them unless told not to."""
    participant = programmes.apply_to_programme(user, programme, role=role,
                                                languages=languages or ["en"], **fields)
    if accepted:
        coordinator = programmes.coordinator_users(programme)[0]
        programmes.decide_application(coordinator, programme, participant, "accepted")
    return participant


@entry_point
def make_pair(programme, mentor: User, mentee: User):
    """A coordinator pairs two accepted participants."""
    coordinator = programmes.coordinator_users(programme)[0]
    return programmes.create_pair(coordinator, programme, mentor.username, mentee.username)


@entry_point
def make_session(programme, kind: str = "joint_meeting", *, pair=None,
                 starts_at: str = "2030-01-20T10:00:00Z", ends_at: str = "2030-01-20T11:30:00Z",
                 title: str = "Kick-off", **fields):
    """A session scheduled by the programme's first coordinator (online unless a place is
    given)."""
    coordinator = programmes.coordinator_users(programme)[0]
    if "location" not in fields:
        fields.setdefault("online_url", "https://meet.example.org/kick-off")
    return programmes.schedule_session(coordinator, programme, kind=kind, title=title,
                                       starts_at=starts_at, ends_at=ends_at,
                                       pair=pair.id if pair is not None else None, **fields)


@entry_point
def make_coordinator(programme, user: User):
    """The programme's first coordinator (its admin creator) names `user` a coordinator."""
    admin = programmes.coordinator_users(programme)[0]
    programmes.add_coordinator(admin, programme, user)
    return user


@entry_point
def make_calendar_feed(user: User) -> str:
    """The token of `user`'s private calendar address, as the calendar page makes it."""
    from community.programmes.feeds import reset_feed

    return reset_feed(user)


@entry_point
def make_attended_event(cluster: Cluster, user: User, *, title: str = "Open day",
                        starts_at: str = "2030-01-22T09:00:00+00:00",
                        ends_at: str = "2030-01-22T12:00:00+00:00"):
    """A cluster event in Tunis that `user` said they attend."""
    event = make_event(cluster, title=title, starts_at=starts_at, ends_at=ends_at,
                       location="Tunis")
    attend(event, user)
    return event


# --- cluster events --------------------------------------------------------------------------

@entry_point
def make_event(cluster: Cluster, *, title: str = "Export workshop",
               starts_at: str = "2030-03-10T09:00:00Z", ends_at: str = "2030-03-10T12:00:00Z",
               **fields):
    """An event a manager of the cluster published (in person unless a link is given)."""
    from community.clusters import events

    if "online_url" not in fields:
        fields.setdefault("location", "Casablanca Technopark")
    return events.publish_event(a_manager(cluster), cluster, title=title, starts_at=starts_at,
                                ends_at=ends_at, **fields)


@entry_point
def attend(event, user: User):
    """`user` says they will attend."""
    from community.clusters import events

    return events.attend_event(user, event)


@entry_point
def write_note(session, author: User, body: str = "We talked.", goals: list[str] | None = None):
    """`author` logs their note on a session that has started, as the session page does."""
    from community.programmes import progress

    return progress.save_note(author, session, body=body, goals_reached=goals or [])


@entry_point
def record_attendance(session, present: list[User]) -> None:
    """The programme's first coordinator ticks who attended a group session or joint meeting."""
    from community.programmes import progress

    coordinator = programmes.coordinator_users(session.programme)[0]
    progress.record_attendance(coordinator, session, {user.id for user in present})
