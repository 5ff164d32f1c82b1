"""Counters of failed sign-ins and of mails asked for, kept in the rate limiter's storage (Redis
when configured, so every process shares them). They are keyed by account or address, never by
the client's IP, so a forged X-Forwarded-For resets nothing."""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app
from limits import RateLimitItem, parse
from limits.strategies import MovingWindowRateLimiter

from community.extensions import limiter

# Zulip's rule: five failures per account in thirty minutes; the sixth attempt is refused.
SIGN_IN_FAILURES = "5 per 30 minutes"
# Mails one account or address may be sent per hour (confirmation, reset): no mail bombing.
MAILS_PER_ADDRESS = "5 per hour"


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED")) and limiter.initialized


def _strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limiter.storage)


def _item(setting: str, default: str) -> RateLimitItem:
    return parse(current_app.config.get(setting) or default)


def _key(kind: str, identifier: str) -> str:
    digest = hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]
    return f"community:{kind}:{digest}"


def sign_in_retry_after(identifier: str) -> int | None:
    """Seconds until the account may try again, or None while it may try now."""
    if not enabled():
        return None
    item = _item("SIGN_IN_FAILURE_LIMIT", SIGN_IN_FAILURES)
    key = _key("signin", identifier)
    if _strategy().test(item, key):
        return None
    reset_at = _strategy().get_window_stats(item, key).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def record_sign_in_failure(identifier: str) -> None:
    if enabled():
        _strategy().hit(_item("SIGN_IN_FAILURE_LIMIT", SIGN_IN_FAILURES),
                        _key("signin", identifier))


def may_send_mail(address: str) -> bool:
    """Count one mail to `address`; False once the hourly allowance is used up."""
    if not enabled():
        return True
    return _strategy().hit(_item("MAILS_PER_ADDRESS_LIMIT", MAILS_PER_ADDRESS),
                           _key("mail", address))
