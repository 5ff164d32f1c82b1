"""One real server process for the multi-process chat tests (and the benchmark).

    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/5 SOCKETIO_MESSAGE_QUEUE=… \
    SOCKETIO_CHANNEL=… CHAT_REDIS_PREFIX=… python tests/chat/serve.py PORT

It builds the app with the testing configuration pointed at that database and Redis, and serves
it with Socket.IO's own server (threads); or, the production way, under gunicorn's
gevent-websocket worker: `gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker
-w 1 --bind 127.0.0.1:PORT "tests.chat.serve:build_app()"`. `CREATE_TABLES=1` creates the schema
first (SQLite).
For the tests only, `POST /__test__/suspend/<username>` suspends a user the way moderation does
(status, session version, then `end_live_sessions`), so a test can suspend on this process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from community import create_app  # noqa: E402
from community.auth.revocation import end_live_sessions  # noqa: E402
from community.extensions import db, socketio  # noqa: E402
from community.models import User  # noqa: E402
from config import TestingConfig  # noqa: E402


def build_config() -> TestingConfig:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    config.REDIS_URL = os.environ.get("REDIS_URL") or None
    config.SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    config.SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio"
    config.CHAT_REDIS_PREFIX = os.environ.get("CHAT_REDIS_PREFIX") or "community:"
    origins = os.environ.get("SOCKETIO_CORS_ALLOWED_ORIGINS") or ""
    config.SOCKETIO_CORS_ALLOWED_ORIGINS = [o for o in origins.split(",") if o]
    folder = Path(os.environ.get("SERVE_FOLDER") or "/tmp/community-serve")
    config.UPLOAD_FOLDER = str(folder / "uploads")
    config.MAIL_OUTBOX = str(folder / "outbox")
    return config


def suspend_for_tests(username: str):
    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        return {"error": "not found"}, 404
    user.status = "suspended"
    user.session_version += 1
    end_live_sessions(user)  # once the request commits
    return {"ok": True}


def build_app():
    """The app; also what gunicorn loads: `gunicorn … "tests.chat.serve:build_app()"`."""
    app = create_app(build_config())
    if os.environ.get("CREATE_TABLES"):
        with app.app_context():
            db.create_all()
    app.add_url_rule("/__test__/suspend/<username>", "test_suspend", suspend_for_tests,
                     methods=["POST"])
    return app


def main() -> None:
    socketio.run(build_app(), host="127.0.0.1", port=int(sys.argv[1]),
                 allow_unsafe_werkzeug=True, use_reloader=False, log_output=False)


if __name__ == "__main__":
    main()
