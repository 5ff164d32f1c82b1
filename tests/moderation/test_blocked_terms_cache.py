"""The process's copy of the blocked terms never holds a list that was not committed."""

from __future__ import annotations

from community.extensions import db
from community.moderation.spam import cached_blocked_terms, set_blocked_terms


def test_a_rolled_back_change_is_not_cached(app, admin):
    set_blocked_terms(admin, words=["casino"])
    db.session.commit()
    assert cached_blocked_terms()["word"] == ["casino"]
    set_blocked_terms(admin, words=["lottery"])
    assert cached_blocked_terms()["word"] == ["lottery"]  # the action's own checks
    db.session.rollback()
    assert cached_blocked_terms()["word"] == ["casino"]


def test_a_committed_change_is_seen_at_once(app, admin):
    set_blocked_terms(admin, words=["casino"])
    db.session.commit()
    assert cached_blocked_terms()["word"] == ["casino"]
    set_blocked_terms(admin, words=["lottery"])
    db.session.commit()
    assert cached_blocked_terms()["word"] == ["lottery"]


def test_the_next_action_caches_again(app, admin):
    set_blocked_terms(admin, words=["casino"])
    db.session.commit()
    first = cached_blocked_terms()
    assert cached_blocked_terms() is first  # read once, then kept
