"""Rate-limit keys and limits shared by the HTML routes, the API and Socket.IO handlers."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_login import current_user


def client_address() -> str:
    """The client's address as seen after ProxyFix: a forged X-Forwarded-For changes nothing
    unless the deployment declared that many trusted proxies."""
    return request.remote_addr or "unknown"


def user_or_address() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{client_address()}"


def configured_limit(setting: str, default: str) -> Callable[[], str]:
    """A limit read from the configuration at each request, so deployments and tests tune it."""
    return lambda: current_app.config.get(setting) or default


def address_limit(setting: str, default: str) -> Callable:
    """A per-address limit on POSTs, tunable in the configuration."""
    from community.extensions import limiter  # extensions keys the limiter on client_address

    return limiter.limit(configured_limit(setting, default), methods=["POST"])
