"""The visitors' page cache is emptied by every commit that changes what visitors see, and
only by those; with Redis, a commit in one process empties the cache of the others."""

from __future__ import annotations

import time
import uuid

import pytest
import redis
import sqlalchemy as sa

from community import create_app
from community.content_changes import Generation
from community.extensions import db
from community.models import Post
from community.moderation.suspensions import suspend_user
from community.page_cache import PageCache
from community.profiles.services import update_profile
from tests.conftest import make_config, unavailable
from tests.factories import (
    make_category,
    make_direct_room,
    make_message,
    make_post,
    make_thread,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def config_overrides():
    return {"PAGE_CACHE_ENABLED": True}


@pytest.fixture
def thread(admin, member):
    return make_thread(member, make_category(admin, "General"), "Olive oil exports",
                       "Who ships to **Lyon**?")


@pytest.fixture
def cached(app, thread):
    """The thread page, stored by a first visitor: `cached()` is the next visitor's answer.
    Tests ask for the people they need before it: making one is a visible write."""
    path = f"/threads/{thread.id}"
    assert visit(app, path).headers["X-Cache"] == "miss"
    return lambda: visit(app, path)


def visit(app, path: str):
    return app.test_client().get(path)


def first_post(thread) -> Post:
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def test_new_reply_shows_to_the_next_visitor(other_member, cached, client, auth, thread):
    auth.login(other_member)
    client.post(f"/threads/{thread.id}", data={"body": "We do, every *week*."})
    page = cached()
    assert page.headers["X-Cache"] == "miss" and "every <em>week</em>" in page.text
    assert cached().headers["X-Cache"] == "hit"


def test_reply_through_the_api_shows_to_the_next_visitor(other_member, cached, api_as, thread):
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Via the API"})
    assert "Via the API" in cached().text


def test_edited_post_shows_to_the_next_visitor(cached, client, auth, member, thread):
    auth.login(member)
    client.post(f"/posts/{first_post(thread).id}/edit", data={"body": "Who ships to Lille?"})
    page = cached().text
    assert "Lille" in page and "Lyon" not in page


def test_deleted_post_disappears_for_the_next_visitor(cached, client, auth, member, thread):
    reply = make_post(member, thread, "A reply to take back")
    assert "A reply to take back" in cached().text
    auth.login(member)
    client.post(f"/posts/{reply.id}/delete")
    assert "A reply to take back" not in cached().text


def test_hidden_post_disappears_for_the_next_visitor(moderator, other_member, cached, client,
                                                     auth, thread):
    reply = make_post(other_member, thread, "Buy cheap watches")
    assert "Buy cheap watches" in cached().text
    auth.login(moderator)
    client.post(f"/posts/{reply.id}/visibility", data={"action": "hide"})
    assert "Buy cheap watches" not in cached().text


def test_suspension_reaches_the_next_visitor(app, moderator, other_member):
    path = f"/u/{other_member.username}"
    visit(app, path)
    with app.test_request_context():
        suspend_user(moderator, other_member, "Spam")
        db.session.commit()
    assert visit(app, path).headers["X-Cache"] == "miss"


def test_profile_change_shows_to_the_next_visitor(app, member):
    path = f"/u/{member.username}"
    visit(app, path)
    with app.test_request_context():
        update_profile(member, member, headline="Exporting olive oil since 1998")
        db.session.commit()
    assert "Exporting olive oil since 1998" in visit(app, path).text


def test_bulk_statement_reaches_the_next_visitor(cached, thread):
    db.session.execute(sa.update(Post).where(Post.thread_id == thread.id)
                       .values(body_html="<p>Rewritten in bulk</p>"))
    db.session.commit()
    assert "Rewritten in bulk" in cached().text


def test_rolled_back_write_keeps_the_cache(cached, thread):
    first_post(thread).body_html = "<p>Never stored</p>"
    db.session.flush()
    db.session.rollback()
    assert cached().headers["X-Cache"] == "hit"


def test_members_reading_and_chatting_keep_the_cache(member, other_member, cached, client,
                                                     auth, thread):
    auth.login(member)
    client.get(f"/threads/{thread.id}")  # a read marker, a session row
    make_message(member, make_direct_room(member, other_member), "Lunch?")
    assert cached().headers["X-Cache"] == "hit"


def test_private_account_change_keeps_the_cache(cached, member):
    member.timezone, member.locale = "Africa/Tunis", "fr"
    db.session.commit()
    assert cached().headers["X-Cache"] == "hit"


def test_public_account_change_empties_the_cache(cached, member):
    member.display_name = "Amina B."
    db.session.commit()
    page = cached()
    assert page.headers["X-Cache"] == "miss" and "Amina B." in page.text


# --- several processes, through Redis ------------------------------------------------------


@pytest.fixture
def channel() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        unavailable(f"Redis is not reachable at {REDIS_URL}")
    return f"anoncache-test:{uuid.uuid4().hex}"


def listening(redis_url: str, channel: str, timeout: float = 5.0) -> Generation:
    generation = Generation(redis_url, channel)
    wait_for(lambda: generation.current() is not None, timeout)
    return generation


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_bump_published_reaches_every_process(channel):
    first, second = listening(REDIS_URL, channel), listening(REDIS_URL, channel)
    seen = second.current()
    first.bump()
    wait_for(lambda: second.current() != seen)
    first.stop()
    second.stop()


def test_unreachable_redis_turns_the_cache_off():
    generation = Generation("redis://127.0.0.1:1/0", "nowhere")
    assert generation.current() is None
    generation.stop()


def use_redis(app, channel: str) -> Generation:
    generation = listening(REDIS_URL, channel)
    app.extensions["page_cache"].generation = generation
    app.extensions["content_generation"] = generation
    return generation


def test_write_in_one_process_empties_the_cache_of_another(app, database_url, tmp_path,
                                                           channel, member, thread):
    other = create_app(make_config(database_url, tmp_path, PAGE_CACHE_ENABLED=True))
    here, there = use_redis(app, channel), use_redis(other, channel)
    path = f"/threads/{thread.id}"
    visit(other, path)
    assert visit(other, path).headers["X-Cache"] == "hit"
    seen = there.current()
    make_post(member, thread, "Posted through the first process")
    wait_for(lambda: there.current() != seen)
    assert "Posted through the first process" in visit(other, path).text
    here.stop()
    there.stop()
    with other.app_context():
        db.engine.dispose()


def test_lost_publish_is_caught_by_the_shared_counter(channel, monkeypatch):
    monkeypatch.setattr(Generation, "PING_SECONDS", 0.5)
    second = listening(REDIS_URL, channel)
    seen = second.current()
    redis.Redis.from_url(REDIS_URL).incr(f"{channel}:count")  # a bump whose publish was lost
    wait_for(lambda: second.current() != seen)
    second.stop()


def test_failed_bump_is_retried_in_the_background(channel, monkeypatch):
    monkeypatch.setattr(Generation, "RETRY_SECONDS", 0.05)
    first, second = listening(REDIS_URL, channel), listening(REDIS_URL, channel)
    working = first._redis()
    calls = iter([redis.ConnectionError("down"), working])

    def flaky_redis():
        answer = next(calls, working)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(first, "_redis", flaky_redis)
    seen = second.current()
    first.bump()
    wait_for(lambda: second.current() != seen)
    first.stop()
    second.stop()


def test_socketio_message_queue_carries_invalidations_without_redis_url(app, channel, member,
                                                                        thread):
    app.config.update(REDIS_URL=None, SOCKETIO_MESSAGE_QUEUE=REDIS_URL,
                      PAGE_CACHE_CHANNEL=channel)
    here = PageCache(app, app.wsgi_app).generation
    app.extensions["content_generation"] = here
    there = listening(REDIS_URL, channel)
    seen = there.current()
    make_post(member, thread, "Posted where only the message queue is shared")
    wait_for(lambda: there.current() != seen)
    here.stop()
    there.stop()
