"""Field rules of chat: the API schemas, the socket events and the services check with these."""

from __future__ import annotations

from flask_babel import gettext as _

from community.models.chat import MAX_BODY
from community.text import clean_line, clean_text, has_hidden
from community.validation import Field

NAME_MAX = 80
CLIENT_ID_MAX = 64
MAX_GROUP_MEMBERS = 100


def _identifier_problem(value: str) -> str | None:
    return _("Has an invalid format.") if has_hidden(value) else None


# Trailing spaces go; leading ones may open a Markdown code block.
BODY = Field(str, min_length=1, max_length=MAX_BODY, strip=False, description="Markdown",
             clean=lambda body: clean_text(body).rstrip())
CLIENT_ID = Field(str, required=False, min_length=1, max_length=CLIENT_ID_MAX, strip=False,
                  check=_identifier_problem, description="idempotency key chosen by the client")
ROOM_NAME = Field(str, min_length=1, max_length=NAME_MAX, clean=clean_line,
                  description="group rooms")
