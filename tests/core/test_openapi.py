"""The OpenAPI document lists every API route and method, each with a summary."""

from __future__ import annotations

import re

PATH_PARAM = re.compile(r"<(?:[a-z]+:)?(\w+)>")
HIDDEN = {"api.unknown_endpoint", "api.openapi_document"}


def api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint not in HIDDEN:
            yield rule


def openapi_path(rule) -> str:
    return PATH_PARAM.sub(lambda m: "{" + m[1] + "}", rule.rule[len("/api/v1"):])


def test_openapi_document_is_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.json
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    assert isinstance(document["paths"], dict)


def test_openapi_document_lists_every_api_rule_and_method(app, client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    missing = []
    for rule in api_rules(app):
        operations = paths.get(openapi_path(rule), {})
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method.lower() not in operations:
                missing.append(f"{method} {rule.rule}")
    assert missing == []


def test_openapi_operations_have_a_summary_and_responses(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    without_summary = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if not operation.get("summary", "").strip()
    ]
    assert without_summary == []
    for operations in paths.values():
        for operation in operations.values():
            assert operation["responses"]


def test_openapi_path_parameters_are_declared(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, operations in paths.items():
        names = set(re.findall(r"{(\w+)}", path))
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, path


def test_openapi_id_parameters_stop_at_max_id(client):
    from community.models import MAX_ID

    operation = client.get("/api/v1/openapi.json").json["paths"]["/threads/{thread_id}"]["get"]
    [parameter] = operation["parameters"]
    assert parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": MAX_ID}


def test_openapi_operation_ids_are_unique(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def success_statuses(document: dict, method: str, path: str) -> set[str]:
    responses = document["paths"][path][method]["responses"]
    return {status for status in responses if status != "default"}


def test_openapi_success_status_is_what_each_route_answers(client, api_as, admin):
    """The document and the routes agree: a create is 201, a mail 202, a delete 204."""
    document = client.get("/api/v1/openapi.json").json
    api = api_as(admin)
    calls = [
        ("post", "/auth/register", client.post("/api/v1/auth/register", json={
            "username": "newcomer", "email": "newcomer@example.org", "display_name": "New",
            "password": "a long and unusual passphrase", "country": "TN"})),
        ("post", "/auth/password-reset",
         client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})),
        ("post", "/categories", api.post("/categories", json={"name": "Water"})),
        ("patch", "/categories/{slug}", api.patch("/categories/water", json={"name": "Eau"})),
        ("delete", "/categories/{slug}", api.delete("/categories/water")),
        ("get", "/me", api.get("/me")),
        ("delete", "/auth/tokens/current", api.delete("/auth/tokens/current")),
    ]
    for method, path, response in calls:
        assert success_statuses(document, method, path) == {str(response.status_code)}, path


def test_openapi_lists_both_statuses_of_a_get_or_create_route(client):
    document = client.get("/api/v1/openapi.json").json
    assert success_statuses(document, "post", "/chat/rooms") == {"201", "200"}
    assert success_statuses(document, "post", "/chat/rooms/{room_id}/messages") == {"201", "200"}


def test_openapi_request_body_is_the_checked_schema(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    propose = paths["/clusters"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"name", "country", "sectors", "description"} <= set(propose["required"])
    assert propose["properties"]["sectors"]["minItems"] == 1
    assert propose["properties"]["offers"]["items"]["properties"]["text"]["maxLength"] == 300
    edit = paths["/clusters/{slug}"]["patch"]["requestBody"]["content"]["application/json"]
    assert "required" not in edit["schema"]  # PATCH: every field may be left out
    me = paths["/me"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert me["properties"]["languages"]["items"]["enum"]
