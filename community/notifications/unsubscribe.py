"""One-click unsubscribe (RFC 8058) for notification mails: a signed token naming the member
and the kind, the `List-Unsubscribe` headers that carry it, and the action it allows."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from community.extensions import db
from community.models import User
from community.models.notification import NOTIFICATION_KINDS
from community.notifications import services
from community.urls import public_link

DIGEST = "digest"  # the token of a digest stops every kind it gathers
SALT = "community.unsubscribe"


def _serializer() -> URLSafeSerializer:
    """No expiry: a link in an old mail must still work; rotating SECRET_KEY revokes them all."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(user: User, kind: str) -> str:
    return _serializer().dumps({"uid": user.id, "kind": kind})


def read_token(token: str) -> tuple[User, str] | None:
    """The member and kind a token names, or None when it is forged or names nothing known."""
    try:
        claims = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(claims, dict) or not isinstance(claims.get("uid"), int):
        return None
    kind = claims.get("kind")
    user = db.session.get(User, claims["uid"])
    if user is None or (kind != DIGEST and kind not in NOTIFICATION_KINDS):
        return None
    return user, kind


def unsubscribe_url(user: User, kind: str) -> str:
    return public_link("notifications.unsubscribe_page", token=unsubscribe_token(user, kind))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The RFC 8058 pair: mail clients show an "Unsubscribe" button that POSTs to `url`."""
    return {"List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe(user: User, kind: str) -> list[str]:
    """Stop e-mail for one kind (or every digest kind): those kinds stay on the site only;
    a kind already off stays off. Returns the kinds changed."""
    chosen = services.preferences_of(user)
    kinds = [k for k, channel in chosen.items()
             if channel in ("instant", "digest") and (k == kind or kind == DIGEST
                                                      and channel == "digest")]
    services.set_preferences(user, dict.fromkeys(kinds, "inapp"))
    return kinds
