"""The rules of a programme, an application and a session: the API (`accepts`), the forms
(`FormRule`) and the services check with these."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from community.i18n import PROFILE_LANGUAGES
from community.models.base import MAX_ID
from community.models.programme import PARTICIPANT_ROLES, PARTICIPANT_STATES, SESSION_KINDS
from community.scheduling import SCHEDULED
from community.text import clean_line, clean_tags, clean_text
from community.validation import Field, Invalid

NAME_MAX = 160
TEXT_MAX = 10_000
CAPACITY_MAX = 20


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(_("Must be a date such as 2021-01-20.")) from None


LINE = Field(str, min_length=1, max_length=NAME_MAX, clean=clean_line)
PROGRAMME_SCHEMA = {
    "name": LINE,
    "description": Field(str, required=False, max_length=TEXT_MAX, clean=clean_text,
                         default=str, description="Markdown"),
    "starts_on": Field(str, clean=_date, description="a date, YYYY-MM-DD",
                       schema={"type": "string", "format": "date"}),
    "ends_on": Field(str, clean=_date, description="a date, YYYY-MM-DD",
                     schema={"type": "string", "format": "date"}),
    "lead_organisation": Field(str, required=False, max_length=NAME_MAX, clean=clean_line,
                               default=str),
    # Four of 120 characters, one per line, fill the 500 characters of the column at most.
    "funders": Field(list, required=False, max_items=4, item_max=120, default=list,
                     clean=lambda items: [clean_line(i) for i in items if clean_line(i)]),
}
APPLICATION_SCHEMA = {
    "role": Field(str, choices=PARTICIPANT_ROLES),
    "cluster": Field(str, required=False, max_length=80,
                     description="the slug of a cluster the applicant is an active member of"),
    "goals": Field(str, required=False, max_length=TEXT_MAX, clean=clean_text, default=str),
    "languages": Field(list, required=False, choices=tuple(PROFILE_LANGUAGES),
                       max_items=len(PROFILE_LANGUAGES), default=list),
    "expertise": Field(list, required=False, max_items=15, item_max=40, default=list,
                       clean=lambda tags: clean_tags(tags, lowercase=True)),
    "capacity": Field(int, required=False, minimum=1, maximum=CAPACITY_MAX, default=lambda: 1),
}
DECISION_SCHEMA = {"state": Field(str, choices=tuple(s for s in PARTICIPANT_STATES
                                                    if s != "applied"))}
PAIR_SCHEMA = {"mentor": Field(str, max_length=30), "mentee": Field(str, max_length=30)}
SESSION_SCHEMA = {
    "kind": Field(str, choices=SESSION_KINDS),
    **SCHEDULED,
    "pair": Field(int, required=False, minimum=1, maximum=MAX_ID,
                  description="a pair's id (bilateral)"),
    "attendees": Field(list, required=False, max_items=200, item_max=30, default=list,
                       description="usernames invited to a group session"),
}
