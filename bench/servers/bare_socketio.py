"""The ceiling of the chat benchmark: bare Flask-SocketIO with the product's event names and
payload shapes for the scenario (`chat:join`, `chat:send` acknowledged, `chat:message` to the
room), no database, served by the same gunicorn gevent-websocket worker as the product:

    gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 \\
        bench.servers.bare_socketio:app
"""

from __future__ import annotations

import html
import itertools
import sys
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from flask import Flask, request
from flask_socketio import SocketIO, emit, join_room

MAX_SOCKET_PAYLOAD = 64 * 1024  # as the product's


def pick_async_mode() -> str:
    """gevent under gunicorn's gevent worker (which monkey-patches), threads otherwise: the
    product's rule, so both run alike under gunicorn and in tests."""
    if "gevent" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


def refusal(code: str, message: str) -> dict:
    return {"ok": False, "error": code, "message": message}


def room_id_of(payload: Any) -> int | None:
    if not isinstance(payload, dict):
        return None
    room_id = payload.get("room_id")
    if not isinstance(room_id, int) or isinstance(room_id, bool) or room_id < 0:
        return None
    return room_id


def create_app() -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=pick_async_mode(), max_http_buffer_size=MAX_SOCKET_PAYLOAD,
                        logger=False, engineio_logger=False)
    usernames: dict[str, str] = {}
    seqs: defaultdict[int, int] = defaultdict(int)
    ids = itertools.count(1)

    @app.get("/healthz")
    def healthz() -> str:
        return "ok\n"

    @socketio.on("connect")
    def on_connect(auth: dict | None = None) -> bool:
        """Any token is accepted (no database); none is refused, as the product refuses."""
        if not isinstance(auth, dict) or not auth.get("token"):
            raise ConnectionRefusedError("unauthorized")
        usernames[request.sid] = f"user-{str(auth['token'])[:8]}"
        return True

    @socketio.on("disconnect")
    def on_disconnect(reason=None) -> None:
        usernames.pop(request.sid, None)

    @socketio.on("chat:join")
    def on_join(payload: Any = None) -> dict:
        """`{"room_id"}`: this connection receives the room's messages from now on."""
        room_id = room_id_of(payload)
        if room_id is None:
            return refusal("bad_request", "room_id must be a non-negative integer.")
        join_room(f"chat:{room_id}")
        return {"ok": True, "room": {"id": room_id, "kind": "group", "name": ""},
                "messages": [], "has_more": False}

    @socketio.on("chat:send")
    def on_send(payload: Any = None) -> dict:
        """`{"room_id", "body", "client_id"}`: `chat:message` goes to the room (the sender's
        connection too, as in the product), then the ack carries the message."""
        room_id = room_id_of(payload)
        body = payload.get("body") if room_id is not None else None
        if not isinstance(body, str) or not body:
            return refusal("bad_request", "The payload must be {room_id, body, client_id}.")
        seqs[room_id] += 1
        name = usernames.get(request.sid, "")
        message = {"id": next(ids), "room_id": room_id, "seq": seqs[room_id],
                   "author": {"username": name, "display_name": name},
                   "body": body, "body_html": f"<p>{html.escape(body)}</p>",
                   "client_id": payload.get("client_id"),
                   "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "edited_at": None, "deleted": False}
        emit("chat:message", message, to=f"chat:{room_id}")
        return {"ok": True, "message": message}

    return app, socketio


app, socketio = create_app()
