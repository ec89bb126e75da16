"""Issue 10, finding 22: the OpenAPI document declares the bearer scheme, and its error responses
are true: what the API answers is declared for that operation, and the body matches the schema."""

from __future__ import annotations

import jsonschema_rs
import pytest

from api.app import create_app

BIG = 2**64


@pytest.fixture(scope="module")
def document() -> dict:
    return create_app().openapi()


def operation(document: dict, path: str, method: str) -> dict:
    return document["paths"][path][method.lower()]


def test_the_bearer_scheme_is_declared(document):
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"].lower() == "bearer"


@pytest.mark.parametrize(("path", "method", "security"), [
    ("/api/v1/me", "GET", [{"bearerAuth": []}]),
    ("/api/v1/datasets", "POST", [{"bearerAuth": []}]),
    ("/api/v1/access-requests/{request_id}", "GET", [{"bearerAuth": []}]),
    ("/api/v1/audit", "GET", [{"bearerAuth": []}]),
    ("/api/v1/datasets", "GET", [{}, {"bearerAuth": []}]),  # anonymous callers see what is published
    ("/api/v1/datasets/{dataset_id}", "GET", [{}, {"bearerAuth": []}]),
    ("/health", "GET", [{}, {"bearerAuth": []}]),
])
def test_operations_say_whether_they_take_a_token(document, path, method, security):
    assert operation(document, path, method)["security"] == security


@pytest.mark.parametrize(("path", "method"), [("/api/v1/search", "GET"), ("/api/v1/register", "GET"),
                                              ("/api/v1/auth/token", "POST"), ("/api/v1/schemas", "GET")])
def test_public_operations_take_no_token(document, path, method):
    assert "security" not in operation(document, path, method)


def test_error_responses_use_the_error_body_not_fastapis(document):
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["ErrorInfo"]["required"] == ["code", "message", "request_id"]
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    me = operation(document, "/api/v1/me", "GET")["responses"]
    assert me["401"]["content"]["application/json"]["schema"] == ref
    assert me["403"]["content"]["application/json"]["schema"] == ref
    create = operation(document, "/api/v1/datasets", "POST")["responses"]
    assert {"400", "401", "403", "409", "413", "415", "422"} <= set(create)
    assert create["422"]["content"]["application/json"]["schema"] == ref
    ckan = operation(document, "/api/3/action/{name}", "POST")["responses"]
    assert ckan["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/CkanError"}


def _declared(document: dict, path: str, method: str, response) -> None:
    """The status is declared for the operation and the body matches its schema."""
    responses = operation(document, path, method)["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method} {path} answered {status}, declared {sorted(responses)}"
    schema = responses[status]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for({**schema, "components": document["components"]})
    errors = [e.message for e in validator.iter_errors(response.json())]
    assert not errors, (response.json(), errors)


def test_the_errors_the_api_answers_are_the_ones_it_declares(client, actors, record):
    document = client.app.openapi()
    calls = [
        ("/api/v1/me", "GET", client.get("/api/v1/me")),  # 401
        ("/api/v1/users", "GET", client.get("/api/v1/users", headers=actors["user"])),  # 403
        ("/api/v1/datasets/{dataset_id}", "GET", client.get("/api/v1/datasets/nope")),  # 404
        ("/api/v1/access-requests/{request_id}", "GET",
         client.get(f"/api/v1/access-requests/{BIG}", headers=actors["user"])),  # 422
        ("/api/v1/search", "POST", client.post("/api/v1/search", content=b"[" * 50_000,
                                               headers={"content-type": "application/json"})),  # 400
        ("/api/v1/search", "POST", client.post("/api/v1/search", content=b" " * (2 * 1024 * 1024),
                                               headers={"content-type": "application/json"})),  # 413
        ("/api/v1/datasets", "POST", client.post("/api/v1/datasets", content=b"{}", headers={
            "content-type": "text/plain", **actors["editor"]})),  # 415
        ("/api/v1/datasets", "GET", client.get("/api/v1/datasets", headers={"Authorization": "Basic x"})),  # 401
    ]
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201
    calls.append(("/api/v1/datasets/{dataset_id}", "PUT",  # 409: a stale version
                  client.put(f"/api/v1/datasets/{record['id']}", json=record,
                             headers={"If-Match": '"99"', **actors["editor"]})))
    statuses = []
    for path, method, response in calls:
        _declared(document, path, method, response)
        statuses.append(response.status_code)
    assert statuses == [401, 403, 404, 422, 400, 413, 415, 401, 409]
