"""Health and JSON Schemas of the exchange format and the search query."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep
from catalogue.health import report
from schemas.dataset import DatasetDescription
from schemas.search import SearchQuery

router = APIRouter(tags=["meta"])
SCHEMAS = {"dataset": DatasetDescription, "search-query": SearchQuery}


@router.get("/health")
def health(container: ContainerDep) -> JSONResponse:
    """Each engine's state; 503 when one is down."""
    body = report(container)
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
