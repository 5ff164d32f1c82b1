"""JSON API of notifications: the list and marking read (`spec/api.md`, Notifications)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import Field, accepts, json_body, signed_in_user
from community.errors import ValidationError
from community.notifications import services
from community.pagination import paginated

READ_SCHEMA = {
    "ids": Field(list, required=False, max_items=1000,
                 extra={"schema": {"type": "array", "maxItems": 1000,
                                   "items": {"type": "integer"}}}),
    "all": Field(bool, required=False, description="true marks every notification read"),
}
PREFERENCES_SCHEMA = {
    "preferences": Field(dict, extra={"schema": {
        "type": "object", "additionalProperties": {"type": "string",
                                                   "enum": list(services.CHANNELS)}}}),
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
def api_read_notifications():
    """Mark notifications read: `ids` (a list of ids) or `all: true`."""
    signed_in_user()
    data = json_body()
    ids, everything = data.get("ids"), data.get("all")
    if everything is True and ids is None:
        changed = services.mark_read(current_user, everything=True)
    elif (everything in (None, False) and isinstance(ids, list) and ids
          and len(ids) <= 1000
          and all(isinstance(i, int) and not isinstance(i, bool) and 0 < i <= services.MAX_ID
                  for i in ids)):
        changed = services.mark_read(current_user, ids)
    else:
        raise ValidationError(
            _("Send `ids` (a non-empty list of integers) or `all: true`."),
            {"ids": _("Must be a non-empty list of integers, or send all: true.")})
    return {"marked": changed, "unread_count": services.unread_count(current_user)}


@bp.get("/notifications/preferences")
def api_notification_preferences():
    """The caller's delivery channel per notification kind: inapp, email or off."""
    signed_in_user()
    return {"preferences": services.preferences_of(current_user)}


@bp.put("/notifications/preferences")
@accepts(PREFERENCES_SCHEMA)
def api_set_notification_preferences():
    """Choose the delivery channel of some kinds: `{"preferences": {"mention": "email"}}`."""
    signed_in_user()
    preferences = json_body().get("preferences")
    if not isinstance(preferences, dict):
        raise ValidationError(_("Some fields are not valid."),
                              {"preferences": _("Must be an object of kind: channel.")})
    return {"preferences": services.set_preferences(current_user, preferences)}
