"""The benchmark data set (`flask --app wsgi bench seed`): members, clusters, forums and chat at
a chosen scale, written in bulk but holding exactly what the real write path would store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# Bump when the generated data changes: a cached database of another version is rebuilt.
SEED_VERSION = 1
RANDOM_SEED = 20261301
PASSWORD = "bench-password-1"  # nosec B105  (the published password of the bench accounts)
ADMIN_USERNAME = "benchadmin"
EMAIL_DOMAIN = "bench.i-community.example"
QUICK_SCALE = 0.05
# Every timestamp is laid out before this fixed instant: the same seed gives the same rows.
END = datetime(2026, 11, 30, tzinfo=UTC)

FULL = {"users": 10_000, "clusters": 1_000, "threads": 50_000, "posts": 1_000_000,
        "chat_messages": 100_000, "big_room_members": 1_000}


@dataclass(frozen=True)
class Sizes:
    """How many of each thing a scale gives (a tiny scale keeps enough to be consistent)."""

    users: int
    clusters: int
    threads: int
    posts: int
    chat_messages: int
    big_room_members: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        def n(key: str, least: int) -> int:
            return max(least, round(FULL[key] * scale))

        users = n("users", 30)
        threads = n("threads", 20)
        return cls(users=users, clusters=n("clusters", 6), threads=threads,
                   posts=max(n("posts", 200), threads), chat_messages=n("chat_messages", 100),
                   big_room_members=min(users, n("big_room_members", 20)))


def scale_name(scale: float) -> str:
    """`full`, `quick`, or `scale-0.001`: names the default database and the manifest."""
    if scale == 1:
        return "full"
    if scale == QUICK_SCALE:
        return "quick"
    return f"scale-{scale:g}"
