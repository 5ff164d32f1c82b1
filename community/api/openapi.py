"""The OpenAPI 3 document, generated from the API's own routes, docstrings and request schemas
so it cannot fall behind the code."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify

from community.api import bp
from community.models import MAX_ID
from community.validation import Field

PATH_PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
HIDDEN_ENDPOINTS = {"api.unknown_endpoint", "api.openapi_document"}
JSON_TYPES = {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object"}
STATUS_TEXT = {200: "Success", 201: "Created", 202: "Accepted", 204: "No content"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}


def field_schema(spec: Field) -> dict[str, Any]:
    """The JSON schema of one rule: type, limits and choices, as `validate` enforces them."""
    if spec.schema is not None:  # a shape the rule cannot describe describes itself
        return dict(spec.schema)
    schema: dict[str, Any] = {"type": JSON_TYPES.get(spec.kind, "string")}
    if spec.kind is list:
        schema["items"] = item_schema(spec)
        limits = {"minItems": spec.min_items, "maxItems": spec.max_items}
    elif spec.kind is int:
        limits = {"minimum": spec.minimum, "maximum": spec.maximum}
    else:
        limits = {"minLength": spec.min_length, "maxLength": spec.max_length,
                  "pattern": spec.pattern, "enum": list(spec.choices or ()) or None}
    schema.update({key: value for key, value in limits.items() if value is not None})
    if spec.description:
        schema["description"] = spec.description
    return schema


def item_schema(spec: Field) -> dict[str, Any]:
    if spec.fields is not None:
        return body_schema(spec.fields)
    items: dict[str, Any] = {"type": JSON_TYPES.get(spec.item, "string")}
    if spec.item_max is not None:
        items["maxLength"] = spec.item_max
    if spec.item is int:
        items.update({key: value for key, value in
                      (("minimum", spec.minimum), ("maximum", spec.maximum)) if value is not None})
    if spec.choices is not None:
        items["enum"] = list(spec.choices)
    return items


def body_schema(schema: dict[str, Field], partial: bool = False) -> dict[str, Any]:
    required = [] if partial else [name for name, spec in schema.items() if spec.required]
    body: dict[str, Any] = {
        "type": "object",
        "properties": {name: field_schema(spec) for name, spec in schema.items()},
    }
    if required:
        body["required"] = required
    return body


def responses(view) -> dict[str, Any]:
    """The view's declared success statuses (200 when it declares none), and the error shape."""
    answers: dict[str, Any] = {
        str(status): {"description": STATUS_TEXT.get(status, "Success")}
        for status in getattr(view, "success_statuses", (200,))}
    answers["default"] = {"description": "Error",
                          "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    return answers


def operation(view, method: str, params: list[dict]) -> dict[str, Any]:
    doc = (view.__doc__ or "").strip()
    summary, _, description = doc.partition("\n")
    op: dict[str, Any] = {
        "summary": summary.strip(),
        "operationId": f"{method.lower()}_{view.__name__}",
        "parameters": params,
        "responses": responses(view),
    }
    if description.strip():
        op["description"] = " ".join(description.split())
    schema = getattr(view, "request_schema", None)
    if schema is not None and method in ("POST", "PUT", "PATCH"):
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {
                "schema": body_schema(schema, getattr(view, "partial", False))}},
        }
    upload = getattr(view, "upload_field", None)
    if upload:
        op["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {upload: {"type": "string", "format": "binary"}},
                "required": [upload],
            }}},
        }
    return op


def build_document() -> dict[str, Any]:
    paths: dict[str, dict] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith(bp.url_prefix + "/") or rule.endpoint in HIDDEN_ENDPOINTS:
            continue
        view = current_app.view_functions[rule.endpoint]
        params = [
            {"name": m["name"], "in": "path", "required": True,
             "schema": ({"type": "integer", "minimum": 0, "maximum": MAX_ID}
                        if m["converter"] == "int" else {"type": "string"})}
            for m in PATH_PARAM.finditer(rule.rule)
        ]
        path = PATH_PARAM.sub(lambda m: "{" + m["name"] + "}", rule.rule[len(bp.url_prefix):])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = operation(view, method, params)
    return {
        "openapi": "3.0.3",
        "info": {"title": "i-Community API", "version": "1.0.0",
                 "description": "The JSON API of i-Community, under /api/v1."},
        "servers": [{"url": bp.url_prefix}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}, {}],
        "paths": dict(sorted(paths.items())),
    }


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 document of this API."""
    return jsonify(build_document())
