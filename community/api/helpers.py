"""Shared JSON helpers for the API: body parsing and validation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from community.errors import BadRequest, Unauthorized, ValidationError
from community.security import contains_unstorable


def signed_in_user():
    """The signed-in caller (session or bearer token); 401 for anonymous requests."""
    if not current_user.is_authenticated:
        raise Unauthorized(_("You need to sign in first."))
    return current_user._get_current_object()


def json_body() -> dict[str, Any]:
    """The request's JSON object; 400 for a missing, malformed or non-object body."""
    if not request.is_json:
        raise BadRequest(_("Send a JSON body with Content-Type: application/json."))
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest(_("The body is not valid JSON."))
    if not isinstance(data, dict):
        raise BadRequest(_("The JSON body must be an object."))
    if contains_unstorable(data):
        raise BadRequest(_("The request contains characters that are not allowed."))
    return data


@dataclass
class Field:
    """One field of a request body: its type, limits and whether it is required."""

    kind: type | tuple[type, ...] = str
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    choices: Iterable[str] | None = None
    item_max: int | None = None
    max_items: int | None = None
    check: Callable[[Any], str | None] | None = None
    description: str = ""
    extra: dict = field(default_factory=dict)

    def problem(self, value: Any) -> str | None:
        if self.kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return _("Must be a list of strings.")
            if self.max_items is not None and len(value) > self.max_items:
                return _("At most %(n)d items.", n=self.max_items)
            if self.item_max is not None and any(len(v) > self.item_max for v in value):
                return _("Each item has at most %(n)d characters.", n=self.item_max)
        elif self.kind is bool:
            if not isinstance(value, bool):
                return _("Must be true or false.")
        elif self.kind is int:
            if not isinstance(value, int) or isinstance(value, bool):
                return _("Must be an integer.")
        elif not isinstance(value, self.kind):
            return _("Must be a string.")
        if isinstance(value, str):
            if self.min_length is not None and len(value.strip()) < self.min_length:
                if self.min_length == 1:
                    return _("Must not be empty.")
                return _("At least %(n)d characters.", n=self.min_length)
            if self.max_length is not None and len(value) > self.max_length:
                return _("At most %(n)d characters.", n=self.max_length)
            if self.pattern is not None and not re.fullmatch(self.pattern, value):
                return _("Has an invalid format.")
            if self.choices is not None and value not in self.choices:
                return _("Must be one of: %(choices)s.", choices=", ".join(self.choices))
        if self.check is not None:
            return self.check(value)
        return None


def validate(data: dict[str, Any], schema: dict[str, Field], partial: bool = False) -> dict:
    """The known fields of `data`, checked against `schema`; 422 with every problem at once."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in data or data[name] is None:
            if spec.required and not partial:
                problems[name] = _("This field is required.")
            continue
        problem = spec.problem(data[name])
        if problem:
            problems[name] = problem
        else:
            values[name] = data[name].strip() if isinstance(data[name], str) else data[name]
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    return values


def schema_of(view: Callable) -> dict[str, Field] | None:
    return getattr(view, "request_schema", None)


def accepts(schema: dict[str, Field]) -> Callable:
    """Attach a request schema to a view so the OpenAPI document can describe its body."""

    def decorate(view: Callable) -> Callable:
        view.request_schema = schema
        return view

    return decorate
