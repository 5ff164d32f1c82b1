"""Chat rooms: finding and creating them, their members, and keeping each member's live
connections in the room's Socket.IO room (on every process) as membership changes."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from community.chat.member_lists import member_lists
from community.chat.validation import MAX_GROUP_MEMBERS, NAME_MAX, ROOM_NAME
from community.errors import NotFound, PermissionDenied, ValidationError
from community.extensions import db, socketio
from community.models import (
    ChatMember,
    ChatReadMarker,
    ChatRoom,
    Cluster,
    Membership,
    User,
    is_id,
)
from community.permissions import (
    can_read_chat_room,
    can_send_in_chat_room,
    can_write,
    require_write,
)
from community.realtime.presence import registry
from community.text import clean_line, has_hidden
from community.transaction import on_commit, savepoint
from community.validation import check_field


def room_for(room: ChatRoom | int) -> str:
    """The Socket.IO room of a chat room: the only place its name is made."""
    return f"chat:{room.id if isinstance(room, ChatRoom) else int(room)}"


def get_room(room_id: int, with_cluster: bool = False) -> ChatRoom:
    """The room by id; `with_cluster` loads a cluster room's cluster in the same query (a
    join's acknowledgement names the room after it)."""
    options = [sa.orm.joinedload(ChatRoom.cluster)] if with_cluster else []
    room = db.session.get(ChatRoom, room_id, options=options) if is_id(room_id) else None
    if room is None:
        raise NotFound(_("This chat room does not exist."))
    return room


def require_reader(user: User | None, room: ChatRoom) -> None:
    if not can_read_chat_room(user, room):
        raise PermissionDenied(_("You are not a member of this chat room."))


def require_sender(user: User | None, room: ChatRoom) -> None:
    require_write(user)
    if not can_send_in_chat_room(user, room):
        raise PermissionDenied(_("You are not a member of this chat room."))


# --- Who is in which room -------------------------------------------------------------------

def member_clusters_statement(user_id: int):
    return sa.select(Membership.cluster_id).join(Cluster).where(
        Membership.user_id == user_id, Membership.state == "active",
        Cluster.status == "approved")


def rooms_of_statement(user_id: int):
    explicit = sa.select(ChatMember.room_id).where(ChatMember.user_id == user_id)
    return sa.select(ChatRoom).where(sa.or_(
        ChatRoom.id.in_(explicit),
        sa.and_(ChatRoom.kind == "cluster",
                ChatRoom.cluster_id.in_(member_clusters_statement(user_id)))))


def ensure_cluster_rooms(user: User) -> None:
    """Create the rooms of the user's approved clusters that have none yet (rooms are made on
    demand: the first time one of their members opens the chat)."""
    missing = db.session.scalars(member_clusters_statement(user.id).where(
        ~sa.exists(sa.select(ChatRoom.id).where(ChatRoom.cluster_id == Membership.cluster_id))
    )).all()
    for cluster_id in missing:
        cluster_room(db.session.get(Cluster, cluster_id))


def cluster_room(cluster: Cluster, create: bool = True) -> ChatRoom | None:
    """The cluster's room (created if missing, unless `create` is false)."""
    room = db.session.scalar(sa.select(ChatRoom).where(ChatRoom.cluster_id == cluster.id))
    if room is not None or not create:
        return room
    if cluster.status != "approved":
        raise PermissionDenied(_("Only approved clusters have a chat room."))
    try:
        with savepoint():
            room = ChatRoom(kind="cluster", cluster_id=cluster.id, name=cluster.name[:NAME_MAX])
            db.session.add(room)
    except IntegrityError:  # another process made it at the same moment
        room = db.session.scalar(sa.select(ChatRoom).where(ChatRoom.cluster_id == cluster.id))
    return room


def rooms_of(user: User) -> list[ChatRoom]:
    ensure_cluster_rooms(user)
    statement = rooms_of_statement(user.id).options(sa.orm.selectinload(ChatRoom.cluster))
    return list(db.session.scalars(statement.order_by(
        ChatRoom.last_message_at.desc().nulls_last(), ChatRoom.id)))


MEMBERS_SHOWN = 50


class Member(NamedTuple):
    """What a room's member list shows of a user (`serializers.member_json`), read as columns:
    hydrating fifty whole users (biographies and all) cost more than the query itself."""

    id: int
    username: str
    display_name: str
    status: str


def limited_members(group_column, key_column, condition, limit: int):
    """Rows of (group, user id, username, display name, status, count): at most `limit` users
    per group, by display name, each with the group's full count; one query whatever the
    number of groups and members."""
    rank = sa.func.row_number().over(partition_by=group_column, order_by=User.display_name)
    total = sa.func.count().over(partition_by=group_column)
    ranked = (sa.select(group_column.label("grp"), User.id.label("uid"), rank.label("rank"),
                        total.label("total"))
              .join(User, User.id == key_column).where(condition).subquery())
    return db.session.execute(
        sa.select(ranked.c.grp, User.id, User.username, User.display_name, User.status,
                  ranked.c.total).join(User, User.id == ranked.c.uid)
        .where(ranked.c.rank <= limit).order_by(ranked.c.grp, ranked.c.rank))


def members_by_room(rooms: list[ChatRoom]) -> tuple[dict, dict]:
    """Members (the first `MEMBERS_SHOWN` by name) and member counts of many rooms: from
    memory (`member_lists`), else in at most two queries."""
    lists = member_lists()
    if lists is None:
        return read_members_by_room(rooms)
    by_id = {r.id: r for r in rooms}
    return lists.lists(list(by_id),
                       lambda ids: read_members_by_room([by_id[i] for i in ids]))


def read_members_by_room(rooms: list[ChatRoom], limit: int = MEMBERS_SHOWN
                         ) -> tuple[dict, dict]:
    """`members_by_room` from the database, in at most two queries: a cluster room of
    thousands costs no more than a direct room."""
    cluster_ids = {r.cluster_id: r.id for r in rooms if r.kind == "cluster"}
    other_ids = [r.id for r in rooms if r.kind != "cluster"]
    members: dict[int, list[Member]] = {r.id: [] for r in rooms}
    counts: dict[int, int] = {r.id: 0 for r in rooms}
    rows = []
    if cluster_ids:
        rows += [(cluster_ids[cid], *rest) for cid, *rest in limited_members(
            Membership.cluster_id, Membership.user_id,
            sa.and_(Membership.cluster_id.in_(cluster_ids), Membership.state == "active"), limit)]
    if other_ids:
        rows += list(limited_members(ChatMember.room_id, ChatMember.user_id,
                                     ChatMember.room_id.in_(other_ids), limit))
    for room_id, user_id, username, display_name, status, total in rows:
        counts[room_id] = total
        members[room_id].append(Member(user_id, username, display_name, status))
    return members, counts


def share_a_room_statement(user_id: int):
    """Ids of the rooms the user is in (for presence broadcasts and joining at connect)."""
    return rooms_of_statement(user_id).with_only_columns(ChatRoom.id)


# --- Keeping live connections in step ---------------------------------------------------------

def sync_sockets(user_id: int, room: ChatRoom, present: bool) -> None:
    """After the commit, put every connection of the user, on any process, into the room or
    take it out. The pub/sub manager forwards the change to the process holding each one."""
    on_commit(move_connections, user_id, room_for(room), present)


def move_connections(user_id: int, room_name: str, present: bool) -> None:
    try:
        server = socketio.server
        sids = registry().sids(user_id)
    except (AttributeError, KeyError):  # no Socket.IO server here (a script): nothing is open
        return
    for sid in sids:
        if present:
            server.enter_room(sid, room_name, namespace="/")
        else:
            server.leave_room(sid, room_name, namespace="/")


def set_marker_to_end(room: ChatRoom, user_id: int) -> None:
    """A new member starts with nothing unread rather than the room's whole history."""
    marker = db.session.get(ChatReadMarker, (room.id, user_id))
    if marker is None:
        db.session.add(ChatReadMarker(room_id=room.id, user_id=user_id,
                                      last_read_seq=room.last_seq))


def on_membership_changed(user: User, cluster: Cluster) -> None:
    """Call with any change to a membership of `cluster` (request approved, member removed or
    left, cluster approved): the user's connections join or leave the room after the commit."""
    room = cluster_room(cluster, create=cluster.status == "approved")
    if room is None:
        return
    present = room.has_member(user)
    if present:
        set_marker_to_end(room, user.id)
    sync_sockets(user.id, room, present)


# --- Direct, group and programme rooms --------------------------------------------------------

def direct_key(a: User, b: User) -> str:
    low, high = sorted((a.id, b.id))
    return f"{low}:{high}"


def find_user(username: str) -> User:
    if not isinstance(username, str) or has_hidden(username):
        raise NotFound(_("No member is called %(name)s.", name=repr(username)))
    user = db.session.scalar(sa.select(User).where(User.username == username.lower()))
    if user is None or not user.is_active or user.status == "deleted":
        raise NotFound(_("No member is called %(name)s.", name=username))
    return user


def add_members(room: ChatRoom, users: list[User]) -> list[User]:
    """Add users to an explicit room (no check: callers decide who may); returns the new ones."""
    present = set(db.session.scalars(
        sa.select(ChatMember.user_id).where(ChatMember.room_id == room.id)))
    added = [u for u in {u.id: u for u in users}.values() if u.id not in present]
    for user in added:
        db.session.add(ChatMember(room=room, user_id=user.id))
        set_marker_to_end(room, user.id)
    return added


def start_direct_room(actor: User, other: User) -> tuple[ChatRoom, bool]:
    """The direct room of two members, created if they have none: (room, created)."""
    require_write(actor)
    if other.id == actor.id:
        raise ValidationError(_("You cannot start a conversation with yourself."),
                              {"members": _("Choose someone else.")})
    if not can_write(other):
        raise NotFound(_("This member cannot receive messages."))
    return _direct_room(actor, other)


def direct_room_between(one: User, other: User) -> ChatRoom:
    """The direct room of two members that someone else brings together (a programme's
    coordinator pairing a mentor with a mentee), created if they have none."""
    return _direct_room(one, other)[0]


def _direct_room(actor: User, other: User) -> tuple[ChatRoom, bool]:
    key = direct_key(actor, other)
    room = db.session.scalar(sa.select(ChatRoom).where(ChatRoom.direct_key == key))
    if room is not None:
        return room, False
    try:
        with savepoint():
            room = ChatRoom(kind="direct", direct_key=key, created_by_id=actor.id)
            db.session.add(room)
            db.session.flush()
            add_members(room, [actor, other])
    except IntegrityError:  # the other person started it at the same moment
        return db.session.scalar(sa.select(ChatRoom).where(ChatRoom.direct_key == key)), False
    for user in (actor, other):
        sync_sockets(user.id, room, True)
    return room, True


def clean_name(name) -> str:
    """A room name as stored: one clean line (`validation.ROOM_NAME`)."""
    return check_field("name", ROOM_NAME, name)


def check_room_size(members: int) -> None:
    if members > MAX_GROUP_MEMBERS:
        raise ValidationError(_("Some fields are not valid."),
                              {"members": _("At most %(n)d members.", n=MAX_GROUP_MEMBERS)})


def create_group_room(actor: User, name: str, members: list[User]) -> ChatRoom:
    """A named room of the creator and the members they chose."""
    require_write(actor)
    name = clean_name(name)
    check_room_size(len(members) + 1)
    room = ChatRoom(kind="group", name=name, created_by_id=actor.id)
    db.session.add(room)
    db.session.flush()
    add_members(room, [actor, *members])
    for user in {actor.id, *(m.id for m in members)}:
        sync_sockets(user, room, True)
    return room


def require_group_member(actor: User, room: ChatRoom) -> None:
    require_sender(actor, room)
    if room.kind != "group":
        raise PermissionDenied(_("Only group rooms can be changed this way."))


def invite_to_room(actor: User, room: ChatRoom, users: list[User]) -> list[User]:
    """Any member of a group room may invite others."""
    require_group_member(actor, room)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(
        room.member_ids_statement().subquery()))
    check_room_size(count + len(users))
    added = add_members(room, users)
    for user in added:
        sync_sockets(user.id, room, True)
    return added


def rename_room(actor: User, room: ChatRoom, name: str) -> ChatRoom:
    require_group_member(actor, room)
    room.name = clean_name(name)
    return room


def leave_group_room(actor: User, room: ChatRoom) -> None:
    """Leave a group room: the member's connections stop receiving it at once."""
    if room.kind != "group":
        raise PermissionDenied(_("Only group rooms can be left."))
    member = db.session.scalar(sa.select(ChatMember).where(
        ChatMember.room_id == room.id, ChatMember.user_id == actor.id))
    if member is None:
        raise PermissionDenied(_("You are not a member of this chat room."))
    db.session.delete(member)
    sync_sockets(actor.id, room, False)


def programme_room(programme_id: int, name: str, members: list[User] = ()) -> ChatRoom:
    """The room of a mentoring programme (for the programmes feature), with members added."""
    room = db.session.scalar(sa.select(ChatRoom).where(ChatRoom.programme_id == programme_id))
    if room is None:
        room = ChatRoom(kind="programme", programme_id=programme_id,
                        name=clean_line(name)[:NAME_MAX])
        db.session.add(room)
        db.session.flush()
    added = add_members(room, list(members))
    for user in added:
        sync_sockets(user.id, room, True)
    return room


def leave_programme_room(programme_id: int, user: User) -> None:
    """Take a member out of a programme's room (declined after being accepted): they stop
    reading it at once, on every connection."""
    room = db.session.scalar(sa.select(ChatRoom).where(ChatRoom.programme_id == programme_id))
    member = room and db.session.scalar(sa.select(ChatMember).where(
        ChatMember.room_id == room.id, ChatMember.user_id == user.id))
    if member is not None:
        db.session.delete(member)
        sync_sockets(user.id, room, False)
