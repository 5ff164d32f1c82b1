"""The rules of anything put in a calendar (a programme session, a cluster event): a title, a
description, a start and an end as aware instants, a place or a link. Shared so that a session
and an event refuse the same input with the same messages."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from community.text import clean_line, clean_text
from community.validation import Field, Invalid

TITLE_MAX = 160
TEXT_MAX = 10_000
FIRST_YEAR, LAST_YEAR = 1900, 2200
URL_PATTERN = r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#][^\s<>\"']*"


def moment(value: str) -> datetime:
    """An ISO 8601 instant with its offset ("2021-01-20T10:00:00Z"): a time without a zone
    would mean a different moment to each reader."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(_("Must be a date and time such as 2021-01-20T10:00:00Z.")) from None
    if parsed.tzinfo is None:
        raise Invalid(_("Give the time zone too, e.g. 2021-01-20T10:00:00+01:00."))
    # Far years overflow when moved to UTC or to a reader's zone (a page would fail for all).
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise Invalid(_("Must be between the years %(first)d and %(last)d.",
                        first=FIRST_YEAR, last=LAST_YEAR))
    return parsed


MOMENT = Field(str, clean=moment, description="ISO 8601 with an offset",
               schema={"type": "string", "format": "date-time"})
SCHEDULED = {
    "title": Field(str, min_length=1, max_length=TITLE_MAX, clean=clean_line),
    "description": Field(str, required=False, max_length=TEXT_MAX, clean=clean_text,
                         default=str),
    "starts_at": MOMENT,
    "ends_at": MOMENT,
    "location": Field(str, required=False, max_length=300, clean=clean_line, default=str),
    "online_url": Field(str, required=False, max_length=500, pattern=URL_PATTERN, default=str),
}
