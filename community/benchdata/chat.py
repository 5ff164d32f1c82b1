"""Chat rooms and messages of the bench data: a room per approved cluster (cluster 1's has the
big audience), group rooms of up to 100 members, direct rooms; gapless numbers, each room's
counter and last message, and every member's read marker as the chat services leave them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from community.benchdata import END, Sizes
from community.benchdata.people import People
from community.benchdata.texts import random_text
from community.benchdata.words import Vocabulary
from community.benchdata.writer import timestamps
from community.chat.validation import MAX_GROUP_MEMBERS

# Shares of the messages: the big room, the group rooms, the direct rooms, the other clusters.
SHARES = (0.2, 0.3, 0.3, 0.2)
ROOM_COLUMNS = ("id", "kind", "name", "cluster_id", "direct_key", "created_by_id",
                "created_at", "last_seq", "last_message_at")
MESSAGE_COLUMNS = ("id", "room_id", "seq", "author_id", "body", "body_html", "created_at")


@dataclass
class ChatRows:
    rooms: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    messages: list[tuple] = field(default_factory=list)
    markers: list[tuple] = field(default_factory=list)
    big_room_id: int = 0


@dataclass
class Room:
    id: int
    kind: str
    name: str
    members: list[int]
    created_at: object
    cluster_id: int | None = None
    direct_key: str | None = None
    created_by_id: int | None = None


def plan_rooms(sizes: Sizes, people: People, rng: random.Random) -> list[Room]:
    """Cluster rooms first (made when each cluster was approved), then group and direct ones."""
    rooms = [Room(cid, "cluster", people.cluster_names[cid][:80], people.members[cid],
                  people.cluster_decided[cid], cluster_id=cid) for cid in people.members]
    members = people.user_ids[1:]
    for _ in range(max(3, round(500 * sizes.clusters / 1000))):
        chosen = rng.sample(members, min(len(members), rng.randint(3, MAX_GROUP_MEMBERS)))
        rooms.append(Room(len(rooms) + 1, "group", f"Groupe {len(rooms) + 1} · مجموعة", chosen,
                          END - timedelta(days=rng.randint(30, 700)), created_by_id=chosen[0]))
    pairs: set[tuple[int, int]] = set()
    for _ in range(max(5, round(2000 * sizes.clusters / 1000))):
        low, high = sorted(rng.sample(members, 2))
        if (low, high) in pairs:
            continue
        pairs.add((low, high))
        rooms.append(Room(len(rooms) + 1, "direct", "", [low, high],
                          END - timedelta(days=rng.randint(30, 700)),
                          direct_key=f"{low}:{high}", created_by_id=low))
    return rooms


def message_counts(rooms: list[Room], total: int, rng: random.Random) -> dict[int, int]:
    """How many messages each room holds, by the shares of `SHARES`."""
    groups = ([rooms[0]], [r for r in rooms if r.kind == "group"],
              [r for r in rooms if r.kind == "direct"],
              [r for r in rooms[1:] if r.kind == "cluster" and r.members])
    counts = {room.id: 0 for room in rooms}
    for share, group in zip(SHARES, groups, strict=True):
        if not group:
            continue
        for _ in range(round(total * share)):
            counts[rng.choice(group).id] += 1
    return counts


def build_chat(sizes: Sizes, people: People, vocabularies: dict[str, Vocabulary],
               rng: random.Random) -> ChatRows:
    rows = ChatRows(big_room_id=1)
    rooms = plan_rooms(sizes, people, rng)
    counts = message_counts(rooms, sizes.chat_messages, rng)
    message_id = 0
    for room in rooms:
        count = counts[room.id] if room.members else 0
        times = timestamps(room.created_at, END, count, rng)
        sent: dict[int, int] = {}
        for seq, created in enumerate(times, 1):
            author = rng.choice(room.members)
            language = people.user_language[author]
            text = random_text(vocabularies[language], rng, max_paragraphs=1,
                               sentence_words=(2, 12))
            message_id += 1
            rows.messages.append((message_id, room.id, seq, author, text.body, text.html,
                                  created))
            sent[author] = seq
        rows.rooms.append((room.id, room.kind, room.name, room.cluster_id, room.direct_key,
                           room.created_by_id, room.created_at, count,
                           times[-1] if times else None))
        if room.kind != "cluster":
            rows.members += [(room.id, user, room.created_at) for user in room.members]
        for user in room.members:
            # Direct rooms are read to the end (nothing owed a notification); elsewhere about
            # half the members have caught up, the rest stopped at their own last message.
            read_all = room.kind == "direct" or rng.random() < 0.5
            rows.markers.append((room.id, user, count if read_all else sent.get(user, 0),
                                 False))
    rows.members = [(i, *row) for i, row in enumerate(rows.members, 1)]
    return rows


MEMBER_COLUMNS = ("id", "room_id", "user_id", "added_at")
MARKER_COLUMNS = ("room_id", "user_id", "last_read_seq", "notified")
