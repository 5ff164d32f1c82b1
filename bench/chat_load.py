"""N Socket.IO clients in one chat room; each sends messages and we time how long each takes to
reach every other client (send → `chat:message` received)."""

from __future__ import annotations

import argparse
import threading
import time
import uuid

import socketio
from common import api_token, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--messages", type=int, default=10, help="per client")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--room-id", type=int, required=True)
    args = parser.parse_args()

    token = api_token(args.url, args.username, args.password)
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    clients = []
    for _ in range(args.clients):
        client = socketio.Client(reconnection=False)

        @client.on("chat:message")
        def on_message(message):
            with lock:
                started = sent_at.get(message.get("client_id"))
                if started is not None:
                    latencies.append(time.perf_counter() - started)

        client.connect(args.url, auth={"token": token}, transports=["websocket"])
        ack = client.call("chat:join", {"room_id": args.room_id}, timeout=10)
        if not ack or not ack.get("ok"):
            raise SystemExit(f"chat:join refused: {ack}")
        clients.append(client)

    errors = 0
    for round_number in range(args.messages):
        for client in clients:
            client_id = uuid.uuid4().hex
            with lock:
                sent_at[client_id] = time.perf_counter()
            ack = client.call("chat:send", {"room_id": args.room_id, "client_id": client_id,
                                            "body": f"bench {round_number}"}, timeout=10)
            if not ack or not ack.get("ok"):
                errors += 1
    time.sleep(2)  # let the last broadcasts arrive
    for client in clients:
        client.disconnect()
    print(summary("chat delivery (per receiving connection)", latencies, errors))


if __name__ == "__main__":
    main()
