"""HTML routes of chat: the chat page, and starting a direct conversation from a profile."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from community.chat import bp, services
from community.permissions import require_write


@bp.get("/chat")
@login_required
def index():
    """The chat page; its script loads the rooms and talks to the Socket.IO server."""
    return render_template("chat/index.html")


@bp.post("/chat/direct/<username>")
@login_required
def start_direct(username: str):
    """The profile's "Message" button: open (or reuse) the direct room with this member."""
    require_write(current_user)
    room, _created = services.start_direct_room(current_user, services.find_user(username))
    return redirect(url_for("chat.index", room=room.id))
