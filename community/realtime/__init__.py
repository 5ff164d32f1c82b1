"""The Socket.IO server: configuration, connection authentication and the user's own room.
Feature packages register their events from `register_socketio_handlers`."""

from __future__ import annotations

import sys

from flask import Flask

from community.extensions import socketio

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


def user_room(user_id: int) -> str:
    """The private room of one user's connections, on every process."""
    return f"user:{user_id}"


def init_socketio(app: Flask) -> None:
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
        logger=False,
        engineio_logger=False,
    )
    from community.chat import events as chat_events
    from community.realtime import connection
    from community.realtime.presence import init_registry

    init_registry(app, socketio)
    connection.register(socketio)
    chat_events.register(socketio)
    from community.forums import events as forum_events

    forum_events.register(socketio)
