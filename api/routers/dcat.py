"""DCAT-AP 3 / HealthDCAT-AP exports and schema.org JSON-LD.

`/catalog.ttl|.jsonld|.rdf?page=N` (Hydra paging), `/datasets/{id}.ttl|.jsonld|.rdf`,
`/datasets/{id}/schema.jsonld`, and content negotiation: a GET of `/api/v1/datasets/{id}` or of
the dataset IRI `/datasets/{id}` asking for Turtle, JSON-LD or RDF/XML gets the RDF document.
Mapping: docs/dcat-mapping.md.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import PrincipalDep, UowDep
from catalogue.rdf import service
from catalogue.rdf.catalog import FORMATS, catalog_triples, serialise
from catalogue.rdf.schemaorg import schemaorg

router = APIRouter(tags=["dcat"])
Ext = Literal["ttl", "jsonld", "rdf"]
MEDIA = {media: ext for ext, (_, media) in FORMATS.items()}


def _base(request: Request) -> str:
    return request.app.state.container.settings.base_url


@router.get("/catalog.{ext}", response_class=Response)
def catalog(ext: Ext, request: Request, uow: UowDep,
            page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    """The published catalogue as DCAT-AP 3 / HealthDCAT-AP, 100 datasets a page, Hydra links between pages."""
    total, records = service.catalog_page(uow, page)
    base = _base(request)
    graph = catalog_triples(records, base, page=page, total=total,
                            page_url=lambda n: f"{base.rstrip('/')}/catalog.{ext}?page={n}")
    body, media_type = serialise(graph, ext)
    return Response(body, media_type=media_type)


@router.get("/datasets/{dataset_id}.{ext}", response_class=Response)
def dataset_rdf(dataset_id: str, ext: Ext, request: Request, uow: UowDep, actor: PrincipalDep) -> Response:
    """One description as DCAT-AP 3 / HealthDCAT-AP."""
    body, media_type = serialise(service.dataset_document(uow, actor, dataset_id, _base(request)), ext)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/datasets/{dataset_id}/schema.jsonld", response_class=Response,
            responses={200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}}})
def dataset_schemaorg(dataset_id: str, request: Request, uow: UowDep, actor: PrincipalDep,
                      lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr") -> JSONResponse:
    """The schema.org `Dataset` of a description (what dataset search engines read)."""
    data = schemaorg(service.record(uow, actor, dataset_id), _base(request), lang)
    return JSONResponse(data, media_type="application/ld+json")


def preferred_rdf(accept: str) -> str | None:
    """The RDF extension the Accept header prefers over JSON and HTML, None if it does not."""
    best: tuple[float, int, str | None] = (0.0, 0, None)
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and _number(p[2:])), 1.0)
        ext = MEDIA.get(media.lower())
        candidate = (q, -position, ext)
        if q > 0 and (q, -position) > best[:2]:
            best = candidate
    return best[2]


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text))


_NEGOTIATED = re.compile(r"^/(?:api/v1/)?datasets/([a-z0-9-]{3,80})/?$")


class Negotiation:
    """Serve the RDF of a description at its REST URL and at its IRI when the client asks for RDF."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            match = _NEGOTIATED.match(scope["path"])
            if match:
                accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
                ext = preferred_rdf(accept)
                if ext:
                    path = f"/datasets/{match.group(1)}.{ext}"
                    scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.add_middleware(Negotiation)
