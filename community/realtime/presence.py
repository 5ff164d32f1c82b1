"""Which Socket.IO connections (sids) each user has open, on every server process.

With Redis configured (`REDIS_URL`, else a `redis://` `SOCKETIO_MESSAGE_QUEUE`) the registry is a
sorted set per user whose scores are expiry times: every process refreshes the entries of its own
connections, so the sids of a process that died (SIGKILL, power loss) fade out within half a minute
instead of leaving their user "online" forever. Without Redis there is one process, and the
registry is a dictionary in it. Presence (online or not) is "has at least one live sid"."""

from __future__ import annotations

import threading
import time

from flask import Flask, current_app

ENTRY_TTL = 30  # seconds a sid stays registered without a refresh from its process
REFRESH_EVERY = 10


class MemoryRegistry:
    """One process: a dictionary of user id → sids, guarded by a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_user: dict[int, set[str]] = {}

    def add(self, user_id: int, sid: str) -> int:
        with self.lock:
            sids = self.by_user.setdefault(user_id, set())
            sids.add(sid)
            return len(sids)

    def remove(self, user_id: int, sid: str) -> int:
        with self.lock:
            sids = self.by_user.get(user_id, set())
            sids.discard(sid)
            if not sids:
                self.by_user.pop(user_id, None)
            return len(sids)

    def sids(self, user_id: int) -> list[str]:
        with self.lock:
            return sorted(self.by_user.get(user_id, ()))

    def online(self, user_ids) -> set[int]:
        with self.lock:
            return {uid for uid in user_ids if self.by_user.get(uid)}

    def refresh(self) -> None:
        pass


class RedisRegistry:
    """Several processes: a Redis sorted set `<prefix><user id>` of sid → expiry time."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix
        self.lock = threading.Lock()
        self.local: dict[str, int] = {}  # sids of this process → user id, for the refresh

    def key(self, user_id: int) -> str:
        return f"{self.prefix}{user_id}"

    def add(self, user_id: int, sid: str) -> int:
        with self.lock:
            self.local[sid] = user_id
        now = time.time()
        pipe = self.redis.pipeline()
        pipe.zadd(self.key(user_id), {sid: now + ENTRY_TTL})
        pipe.zremrangebyscore(self.key(user_id), "-inf", now)
        pipe.zcard(self.key(user_id))
        pipe.expire(self.key(user_id), ENTRY_TTL * 2)
        return int(pipe.execute()[2])

    def remove(self, user_id: int, sid: str) -> int:
        with self.lock:
            self.local.pop(sid, None)
        pipe = self.redis.pipeline()
        pipe.zrem(self.key(user_id), sid)
        pipe.zcount(self.key(user_id), time.time(), "+inf")
        return int(pipe.execute()[1])

    def sids(self, user_id: int) -> list[str]:
        members = self.redis.zrangebyscore(self.key(user_id), time.time(), "+inf")
        return sorted(m.decode() for m in members)

    def online(self, user_ids) -> set[int]:
        user_ids = list(user_ids)
        if not user_ids:
            return set()
        pipe = self.redis.pipeline()
        now = time.time()
        for uid in user_ids:
            pipe.zcount(self.key(uid), now, "+inf")
        return {uid for uid, count in zip(user_ids, pipe.execute(), strict=True) if count}

    def refresh(self) -> None:
        """Push back the expiry of this process's own connections."""
        with self.lock:
            entries = list(self.local.items())
        if not entries:
            return
        expiry = time.time() + ENTRY_TTL
        pipe = self.redis.pipeline()
        for sid, uid in entries:
            pipe.zadd(self.key(uid), {sid: expiry}, xx=True)
            pipe.expire(self.key(uid), ENTRY_TTL * 2)
        pipe.execute()


def redis_url(app: Flask) -> str | None:
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    return app.config.get("REDIS_URL") or (queue if queue.startswith("redis") else None)


def init_registry(app: Flask, socketio) -> None:
    """Two registries: every connection of each user (`socket_registry`), and the connections
    that have the chat page open (`chat_viewers`, to skip notifying someone reading already)."""
    url = redis_url(app)
    if not url:
        app.extensions["socket_registry"] = MemoryRegistry()
        app.extensions["chat_viewers"] = MemoryRegistry()
        return
    prefix = app.config.get("CHAT_REDIS_PREFIX") or "community:"
    registries = [RedisRegistry(url, prefix + "sids:"), RedisRegistry(url, prefix + "viewers:")]
    app.extensions["socket_registry"], app.extensions["chat_viewers"] = registries

    def refresher() -> None:
        while True:
            socketio.sleep(REFRESH_EVERY)
            for each in registries:
                try:
                    each.refresh()
                except Exception:  # Redis briefly away: the next round catches up
                    app.logger.warning("Could not refresh the socket registry", exc_info=True)

    app.extensions["socket_registry_refresher"] = refresher


def start_refresher(app: Flask, socketio) -> None:
    """Start the refresh task once per process, on the first connection (not at import, so
    building an app in a script or a test starts no thread)."""
    task = app.extensions.pop("socket_registry_refresher", None)
    if task is not None:
        socketio.start_background_task(task)


def registry(app: Flask | None = None):
    return (app or current_app).extensions["socket_registry"]


def chat_viewers(app: Flask | None = None):
    return (app or current_app).extensions["chat_viewers"]
