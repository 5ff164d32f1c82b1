"""Checking and normalising cluster data, shared by the API, the HTML forms and the demo loader."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import gettext as _

from community.errors import ValidationError
from community.i18n import shore_of

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
WEBSITE_PATTERN = re.compile(r"https?://[^\s/$.?#][^\s<>\"']*", re.I)


def clean_tag_list(value: Any, field: str, problems: dict[str, str], *, max_items: int,
                   item_max: int) -> list[str]:
    """A list of distinct, non-empty strings (case-insensitively distinct, first spelling kept)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems[field] = _("Must be a list of strings.")
        return []
    result: list[str] = []
    seen: set[str] = set()
    for item in value:
        item = " ".join(item.split())
        if not item:
            continue
        if len(item) > item_max:
            problems[field] = _("Each item has at most %(n)d characters.", n=item_max)
            return []
        if item.casefold() not in seen:
            seen.add(item.casefold())
            result.append(item)
    if len(result) > max_items:
        problems[field] = _("At most %(n)d items.", n=max_items)
        return []
    return result


def clean_needs(value: Any, field: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    """Offers or seeks: at most 20 of `{"text": 1..300 characters, "tags": ≤ 8 of ≤ 40}`."""
    if not isinstance(value, list):
        problems[field] = _("Must be a list of {\"text\", \"tags\"} objects.")
        return []
    if len(value) > NEEDS_MAX:
        problems[field] = _("At most %(n)d items.", n=NEEDS_MAX)
        return []
    needs = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            problems[field] = _("Item %(n)d must be an object with a text.", n=index)
            return []
        text = " ".join(item["text"].split())
        if not text or len(text) > NEED_TEXT_MAX:
            problems[field] = _("Item %(n)d: the text has 1 to %(max)d characters.",
                                n=index, max=NEED_TEXT_MAX)
            return []
        tag_problems: dict[str, str] = {}
        tags = clean_tag_list(item.get("tags", []), field, tag_problems,
                              max_items=NEED_TAGS_MAX, item_max=NEED_TAG_MAX)
        if tag_problems:
            problems[field] = _("Item %(n)d: at most %(count)d tags of at most %(max)d "
                                "characters.", n=index, count=NEED_TAGS_MAX, max=NEED_TAG_MAX)
            return []
        needs.append({"text": text, "tags": tags})
    return needs


def _text(data: dict, name: str, problems: dict, *, min_length: int, max_length: int) -> str:
    value = data[name]
    if not isinstance(value, str):
        problems[name] = _("Must be a string.")
        return ""
    value = value.strip()
    if len(value) < min_length:
        problems[name] = _("Must not be empty.") if min_length == 1 else _(
            "At least %(n)d characters.", n=min_length)
    elif len(value) > max_length:
        problems[name] = _("At most %(n)d characters.", n=max_length)
    return value


def clean_cluster_data(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """The known cluster fields of `data`, checked and normalised; 422 with every problem.
    `partial` (PATCH): absent fields are left alone; otherwise name, country and description
    are required."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    required = () if partial else ("name", "country", "sectors", "description")
    for name in required:
        if data.get(name) in (None, "", []):
            problems[name] = _("This field is required.")
    if data.get("name") is not None:
        values["name"] = _text(data, "name", problems, min_length=2, max_length=NAME_MAX)
    if data.get("acronym") is not None:
        values["acronym"] = _text(data, "acronym", problems, min_length=0, max_length=ACRONYM_MAX)
    if data.get("country") not in (None, ""):
        country = data["country"]
        if not isinstance(country, str) or shore_of(country.strip().upper()) is None:
            problems["country"] = _("Choose a country of the European Union or of the Middle "
                                    "East and North Africa.")
        else:
            values["country"] = country.strip().upper()
    if data.get("website") is not None:
        website = _text(data, "website", problems, min_length=0, max_length=WEBSITE_MAX)
        if website and not WEBSITE_PATTERN.fullmatch(website) and "website" not in problems:
            problems["website"] = _("Enter an address starting with http:// or https://.")
        values["website"] = website
    if data.get("description") is not None:
        values["description"] = _text(data, "description", problems, min_length=0,
                                      max_length=DESCRIPTION_MAX)
    for name in ("sectors", "labels"):
        if data.get(name) is not None:
            values[name] = clean_tag_list(data[name], name, problems,
                                          max_items=TAGS_MAX_ITEMS, item_max=TAG_MAX)
    if data.get("forum_visibility") is not None:
        if data["forum_visibility"] not in ("public", "members"):
            problems["forum_visibility"] = _("Must be one of: %(choices)s.",
                                             choices="public, members")
        else:
            values["forum_visibility"] = data["forum_visibility"]
    for name in ("offers", "seeks"):
        if data.get(name) is not None:
            values[name] = clean_needs(data[name], name, problems)
    # an edit may leave these out, never empty them: a cluster always has both
    if "sectors" in values and not values["sectors"]:
        problems.setdefault("sectors", _("Give at least one sector."))
    if values.get("description") == "":
        problems.setdefault("description", _("This field is required."))
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    return values


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by `-` (accents dropped); `cluster` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "cluster"
