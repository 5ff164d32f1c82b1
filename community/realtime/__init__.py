"""The Socket.IO server: configuration, connection authentication and the user's own room.
Features register their events (`handlers.socket_event`) and connection hooks themselves, each
from its `events.register`, which `create_app` calls; this package imports no feature."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from flask import Flask

from community.extensions import socketio
from community.security import TOO_DEEP, loads

# A chat event never needs more than this; python-engineio's default is 1 MB.
MAX_SOCKET_PAYLOAD = 64 * 1024


def pick_async_mode(app: Flask) -> str:
    """gevent under gunicorn's gevent worker (which monkey-patches), threads otherwise."""
    if app.config["SOCKETIO_ASYNC_MODE"]:
        return app.config["SOCKETIO_ASYNC_MODE"]
    if "gevent" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


class PacketJSON:
    """The JSON of Socket.IO packets, except that an event nested too deeply to decode arrives
    as its event with the payload `TOO_DEEP` (refused as `bad_request` by
    `handlers.socket_event`) instead of failing inside python-socketio."""

    EVENT_NAME = re.compile(r'\s*\[\s*("(?:[^"\\]|\\.)*")')

    @staticmethod
    def dumps(*args: Any, **kwargs: Any) -> str:
        return json.dumps(*args, **kwargs)

    @classmethod
    def loads(cls, text: str | bytes) -> Any:
        data = loads(text)
        if data is not TOO_DEEP:
            return data
        name = cls.EVENT_NAME.match(text if isinstance(text, str) else text.decode())
        return [json.loads(name.group(1)), TOO_DEEP] if name else TOO_DEEP


def user_room(user_id: int) -> str:
    """The private room of one user's connections, on every process."""
    return f"user:{user_id}"


def init_socketio(app: Flask) -> None:
    """A new Socket.IO server for this app (each `init_app` makes one), with connecting."""
    origins = app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"] or None  # None: same origin only
    socketio.init_app(
        app,
        async_mode=pick_async_mode(app),
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # Processes of one site share a channel; another site (or test run) on the same Redis
        # picks its own, since pub/sub channels are shared by every Redis database.
        channel=app.config.get("SOCKETIO_CHANNEL") or "flask-socketio",
        cors_allowed_origins=origins,
        max_http_buffer_size=MAX_SOCKET_PAYLOAD,
        json=PacketJSON,
        logger=False,
        engineio_logger=False,
    )
    from community.realtime import connection
    from community.realtime.presence import init_registry

    init_registry(app, socketio)
    connection.register(socketio)
