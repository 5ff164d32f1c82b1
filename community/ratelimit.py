"""Rate-limit keys and limits shared by the HTML routes, the API and Socket.IO handlers."""

from __future__ import annotations

from flask import request
from flask_login import current_user


def client_address() -> str:
    """The client's address as seen after ProxyFix: a forged X-Forwarded-For changes nothing
    unless the deployment declared that many trusted proxies."""
    return request.remote_addr or "unknown"


def user_or_address() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{client_address()}"
