"""The chat benchmark's rooms and API tokens in the bench database, made through the product's
own services and idempotent: rooms are made once on top of the seeded data, with its users
`bench00001`… (created here only when missing, on a development database), and tokens are
issued when missing (a secret is shown only once, so they are kept in the output file and
reused while they are all valid).

    .venv/bin/python bench/chat/fixtures.py --database-url URL [--quick] --out tokens.json

writes `{"rooms": {key: room_id}, "tokens": {username: secret}}` (mode 0600)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.chat.layout import PASSWORD, TOKEN_NAME, Layout, RoomPlan, username  # noqa: E402

BATCH = 500


def make_app(database_url: str):
    from community import create_app
    from config import Config

    config = Config()
    config.SECRET_KEY = "chatbench-fixtures"
    config.SQLALCHEMY_DATABASE_URI = database_url
    # Nobody signs in with these passwords: a cheap hash keeps making 11,000 users short.
    config.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    config.RATELIMIT_ENABLED = False
    config.JOBS_URL = "memory://"
    config.SOCKETIO_MESSAGE_QUEUE = None
    config.REDIS_URL = None
    return create_app(config)


def load_users(numbers: range) -> dict[int, object]:
    """The existing bench users by number, loaded (or refreshed after a commit) in a few
    queries rather than one per user."""
    from community.extensions import db
    from community.models import User

    names = {username(n): n for n in numbers}
    found = {}
    name_list = list(names)
    for start in range(0, len(name_list), BATCH):
        chunk = name_list[start:start + BATCH]
        for user in db.session.scalars(sa.select(User).where(User.username.in_(chunk))):
            found[names[user.username]] = user
    return found


def ensure_users(numbers: range) -> dict[int, object]:
    """The bench users by number: the seeded ones, or (a database seeded with fewer, a
    development one) the missing ones created with `create_user`."""
    from community.auth.services import create_user
    from community.extensions import db

    found = load_users(numbers)
    missing = [n for n in numbers if n not in found]
    for index, number in enumerate(missing, 1):
        name = username(number)
        create_user(name, f"{name}@bench.example.org", PASSWORD, f"Bench {number:05d}",
                    country="ES", confirmed=True)
        if index % BATCH == 0:
            db.session.commit()
    db.session.commit()
    return load_users(numbers)


def ensure_room(plan: RoomPlan, users: dict[int, object]) -> int:
    """The plan's group room with all its members. Group rooms that users make hold at most
    100 members; past that the bench adds members as programme rooms do (`add_members`)."""
    from community.chat.rooms import add_members, create_group_room
    from community.chat.validation import MAX_GROUP_MEMBERS
    from community.extensions import db
    from community.models import ChatRoom

    members = [users[n] for n in plan.users]
    room = db.session.scalar(sa.select(ChatRoom).where(
        ChatRoom.kind == "group", ChatRoom.name == plan.name).order_by(ChatRoom.id))
    if room is None:
        room = create_group_room(members[0], plan.name, members[1:MAX_GROUP_MEMBERS])
    add_members(room, members)  # only the missing ones: one query when none is
    db.session.commit()
    return room.id


def cached_tokens_valid(tokens: dict[str, str], users: dict[int, object]) -> bool:
    """Whether the tokens of the previous run are all still there, live for two more days."""
    from datetime import timedelta

    from community.extensions import db
    from community.models import ApiToken, utcnow

    if set(tokens) != {user.username for user in users.values()}:
        return False
    hashes = [ApiToken.hash(secret) for secret in tokens.values()]
    live = 0
    for start in range(0, len(hashes), BATCH):
        live += db.session.scalar(sa.select(sa.func.count()).where(
            ApiToken.token_hash.in_(hashes[start:start + BATCH]), ApiToken.name == TOKEN_NAME,
            ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow() + timedelta(days=2)))
    return live == len(hashes)


def issue_tokens(users: dict[int, object]) -> dict[str, str]:
    """Fresh tokens named `chatbench`, the old ones deleted rather than piled up. Made as
    `issue_api_token` makes them, but flushed once for all: one flush per token took minutes
    for 11,000."""
    from flask import current_app

    from community.extensions import db
    from community.models import ApiToken

    db.session.execute(sa.delete(ApiToken).where(ApiToken.name == TOKEN_NAME))
    tokens = {}
    for user in users.values():
        token, secret = ApiToken.issue(user, days=current_app.config["API_TOKEN_DAYS"],
                                       name=TOKEN_NAME)
        db.session.add(token)
        tokens[user.username] = secret
    db.session.commit()
    return tokens


def prepare(database_url: str, quick: bool, previous: dict | None = None) -> dict:
    """Users, rooms and tokens for one run; `previous` (the last run's output) keeps its
    tokens when they are all still valid."""
    layout = Layout.for_run(quick)
    app = make_app(database_url)
    with app.app_context():
        from community.extensions import db

        numbers = range(1, layout.user_count + 1)
        users = ensure_users(numbers)
        rooms = {plan.key: ensure_room(plan, users) for plan in layout.rooms}
        users = load_users(numbers)
        tokens = (previous or {}).get("tokens") or {}
        if not cached_tokens_valid(tokens, users):
            tokens = issue_tokens(users)
        db.session.remove()
        db.engine.dispose()
    return {"rooms": rooms, "tokens": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = Path(args.out)
    previous = json.loads(out.read_text()) if out.exists() else None
    result = prepare(args.database_url, args.quick, previous)
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
