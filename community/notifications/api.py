"""JSON API of notifications: the list and marking read (`spec/api.md`, Notifications)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts, signed_in_user
from community.errors import ValidationError
from community.models import MAX_ID
from community.notifications import services
from community.pagination import paginated
from community.validation import Field

READ_SCHEMA = {
    "ids": Field(list, required=False, item=int, min_items=1, max_items=1000, minimum=1,
                 maximum=MAX_ID),
    "all": Field(bool, required=False, description="true marks every notification read"),
}
PREFERENCES_SCHEMA = {
    "preferences": Field(dict, schema={
        "type": "object", "description": "kind: channel",
        "additionalProperties": {"type": "string",
                                 "enum": [*services.CHANNELS, *services.LEGACY_CHANNELS]}}),
}


@bp.get("/notifications")
def api_notifications():
    """The caller's notifications, newest first; `?unread=1` for unread ones only."""
    signed_in_user()
    statement = services.notifications_statement(
        current_user, unread_only=request.args.get("unread") in ("1", "true"))
    result = paginated(statement, services.notification_json)
    result["unread_count"] = services.unread_count(current_user)
    return result


@bp.post("/notifications/read")
@accepts(READ_SCHEMA)
def api_read_notifications(data: dict):
    """Mark notifications read: `ids` (a list of ids) or `all: true`."""
    signed_in_user()
    ids, everything = data.get("ids"), data.get("all")
    if everything and ids is None:
        changed = services.mark_read(current_user, everything=True)
    elif not everything and ids:
        changed = services.mark_read(current_user, ids)
    else:
        raise ValidationError(
            _("Send `ids` (a non-empty list of integers) or `all: true`."),
            {"ids": _("Must be a non-empty list of integers, or send all: true.")})
    return {"marked": changed, "unread_count": services.unread_count(current_user)}


@bp.get("/notifications/preferences")
def api_notification_preferences():
    """The caller's delivery channel per notification kind: inapp, instant, digest or off."""
    signed_in_user()
    return {"preferences": services.preferences_of(current_user)}


@bp.put("/notifications/preferences")
@accepts(PREFERENCES_SCHEMA)
def api_set_notification_preferences(data: dict):
    """Choose the delivery channel of some kinds: `{"preferences": {"mention": "instant"}}`
    (`email`, from before instant mail, means `digest`)."""
    signed_in_user()
    return {"preferences": services.set_preferences(current_user, data["preferences"])}
