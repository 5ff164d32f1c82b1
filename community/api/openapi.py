"""The OpenAPI 3 document, generated from the API's own routes, docstrings and request schemas
so it cannot fall behind the code."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify

from community.api import bp
from community.api.helpers import Field, schema_of

PATH_PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
HIDDEN_ENDPOINTS = {"api.unknown_endpoint", "api.openapi_document"}
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
    if "schema" in spec.extra:  # a structured field describes itself
        return dict(spec.extra["schema"])
    if spec.kind is list:
        schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
        if spec.max_items is not None:
            schema["maxItems"] = spec.max_items
        return schema
    kind = {bool: "boolean", int: "integer"}.get(spec.kind, "string")  # type: ignore[arg-type]
    schema = {"type": kind}
    if spec.min_length is not None:
        schema["minLength"] = spec.min_length
    if spec.max_length is not None:
        schema["maxLength"] = spec.max_length
    if spec.choices is not None:
        schema["enum"] = list(spec.choices)
    if spec.description:
        schema["description"] = spec.description
    return schema


def body_schema(schema: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: field_schema(spec) for name, spec in schema.items()},
        "required": [name for name, spec in schema.items() if spec.required],
    }


def operation(view, method: str, params: list[dict]) -> dict[str, Any]:
    doc = (view.__doc__ or "").strip()
    summary, _, description = doc.partition("\n")
    op: dict[str, Any] = {
        "summary": summary.strip(),
        "operationId": f"{method.lower()}_{view.__name__}",
        "parameters": params,
        "responses": {
            "200": {"description": "Success"},
            "default": {"description": "Error",
                        "content": {"application/json": {"schema": ERROR_SCHEMA}}},
        },
    }
    if description.strip():
        op["description"] = " ".join(description.split())
    schema = schema_of(view)
    if schema is not None and method in ("POST", "PUT", "PATCH"):
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body_schema(schema)}},
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
             "schema": {"type": "integer" if m["converter"] == "int" else "string"}}
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
