"""Checking and normalising cluster data, shared by the API, the HTML forms and the demo loader."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.i18n import shore_of
from community.sectors import SECTOR_CODES
from community.text import clean_line, clean_tags, clean_text
from community.validation import Field, Schema, validate

NAME_MAX = 160
ACRONYM_MAX = 20
WEBSITE_MAX = 300
DESCRIPTION_MAX = 10_000
TAG_MAX = 60
TAGS_MAX_ITEMS = 10
NEED_TEXT_MAX = 300
NEED_TAG_MAX = 40
NEED_TAGS_MAX = 8
NEEDS_MAX = 20
REASON_MAX = 500
# Written for JSON Schema too (the OpenAPI document), hence no `re.I` flag.
WEBSITE_PATTERN = r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#][^\s<>\"']*"


def _country_problem(code: str) -> str | None:
    if shore_of(code) is None:
        return _("Choose a country of the European Union or of the Middle East and North Africa.")
    return None


def _markdown(text: str) -> str:
    return clean_text(text).strip()


def _tags(limit: int, item_max: int, **options: Any) -> Field:
    return Field(list, max_items=limit, item_max=item_max, clean=clean_tags, **options)


NEED_RULES: Schema = {
    "text": Field(str, min_length=1, max_length=NEED_TEXT_MAX, clean=clean_line),
    "tags": _tags(NEED_TAGS_MAX, NEED_TAG_MAX, required=False, default=list),
}
NEEDS = Field(list, required=False, item=dict, max_items=NEEDS_MAX, fields=NEED_RULES)
CLUSTER_RULES: Schema = {
    "name": Field(str, min_length=2, max_length=NAME_MAX, clean=clean_line),
    "country": Field(str, clean=lambda code: clean_line(code).upper(), check=_country_problem,
                     description="ISO 3166-1 alpha-2 of an EU or MENA country"),
    "sectors": Field(list, max_items=TAGS_MAX_ITEMS, min_items=1, choices=SECTOR_CODES,
                     clean=lambda codes: clean_tags(codes, lowercase=True),
                     description="codes of the fixed sector taxonomy"),
    "description": Field(str, min_length=1, max_length=DESCRIPTION_MAX, description="Markdown",
                         clean=_markdown),
    "acronym": Field(str, required=False, max_length=ACRONYM_MAX, clean=clean_line),
    "website": Field(str, required=False, max_length=WEBSITE_MAX, pattern=WEBSITE_PATTERN,
                     clean=clean_line,
                     pattern_hint=_l("Enter an address starting with http:// or https://.")),
    "labels": _tags(TAGS_MAX_ITEMS, TAG_MAX, required=False),
    "forum_visibility": Field(str, required=False, choices=("public", "members")),
    "offers": NEEDS,
    "seeks": NEEDS,
}
REASON = Field(str, min_length=1, max_length=REASON_MAX, clean=_markdown)
ROLE = Field(str, choices=("manager", "member"))


def clean_cluster_data(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """The cluster fields of `data`, checked and normalised by `CLUSTER_RULES`, the rules the
    API documents; 422 with every problem. `partial` (PATCH): absent fields are left alone."""
    return validate(data, CLUSTER_RULES, partial=partial)

