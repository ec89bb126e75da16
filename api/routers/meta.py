"""Health and JSON Schemas of the exchange format and the search query."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import BearerDeclared, ContainerDep, get_principal
from catalogue.health import report_for
from catalogue.principal import ANONYMOUS, Principal
from schemas.dataset import DatasetDescription
from schemas.search import SearchQuery

router = APIRouter(tags=["meta"])
SCHEMAS = {"dataset": DatasetDescription, "search-query": SearchQuery}
HEALTH_SCHEMA = {"type": "object", "required": ["status", "engines"], "properties": {
    "status": {"type": "string", "enum": ["ok", "down"]},
    "engines": {"type": "object", "additionalProperties": {"type": "object"}}}}


def _caller(request: Request, container: ContainerDep) -> Principal:
    """Who asks, leniently: a probe with a stale token (or a database that is down) gets the public view."""
    try:
        return get_principal(request, container)
    except Exception:  # noqa: BLE001 - health never fails because of its caller
        return ANONYMOUS


@router.get("/health", responses={200: {"description": "Every engine is up", "content": {
    "application/json": {"schema": HEALTH_SCHEMA}}}, 503: {"description": "An engine is down", "content": {
        "application/json": {"schema": HEALTH_SCHEMA}}}})
def health(request: Request, container: ContainerDep, _: BearerDeclared = None) -> JSONResponse:
    """Each engine's state; 503 when one is down. Platform admins also see locations and error messages."""
    body = report_for(container, _caller(request, container))
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)


@router.get("/api/v1/schemas")
def list_schemas() -> dict[str, str]:
    return {name: f"/api/v1/schemas/{name}" for name in SCHEMAS}


@router.get("/api/v1/schemas/{name}")
def get_schema(name: str) -> dict[str, Any]:
    """JSON Schema generated from the pydantic models (`dataset` is the exchange format)."""
    from catalogue.errors import NotFound

    if name not in SCHEMAS:
        raise NotFound(f"no schema '{name}'; available: {', '.join(SCHEMAS)}")
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
