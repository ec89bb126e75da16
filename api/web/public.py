"""Public pages: home, search, a description, producers, the register of approved requests."""

from __future__ import annotations

import logging
from urllib.parse import quote

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import ContainerDep, UowDep
from api.search_record import record_search
from api.web import partners as partners_web
from api.web import search_state
from api.web.showcases import for_dataset as showcases_of
from api.web.deps import WebActorDep, safe_next, web_router
from api.web.i18n import COOKIE as LANG_COOKIE
from api.web.i18n import LANGUAGES, Translator, language_of
from api.web.render import SECURITY_HEADERS, redirect, render
from api.web.results_csv import ROWS as CSV_ROWS
from api.web.results_csv import results_csv
from catalogue.access_requests import register as register_service
from catalogue.access_requests.eligibility import eligibility
from catalogue.accounts import service as accounts
from catalogue.baskets import service as baskets
from catalogue.bootstrap import Container
from catalogue.datasets import rules
from catalogue.datasets import service as datasets
from catalogue.datasets.models import Dataset
from catalogue.discovery import service as discovery
from catalogue.documents import service as documents
from catalogue.organisations import service as organisations
from catalogue.principal import Principal
from catalogue.rdf.schemaorg import schemaorg
from catalogue.uow import UnitOfWork
from schemas.search import SearchPage, SearchQuery
from search.port import SearchUnavailable

router = web_router()
log = logging.getLogger(__name__)
SIMILAR_ON_PAGE = 5  # the "similar datasets" of a description page
SUGGESTIONS = 8  # titles offered under the search box
HOME_FACETS = ["typology.data_types", "access.rights", "access.audiences.startup", "health_data_hub.relationship"]


def records_of(uow: UnitOfWork, page: SearchPage) -> dict[str, dict[str, Any]]:
    """The exchange records behind a page of hits (for the cards' typology, volume and badges)."""
    return {d.id: d.record for d in datasets.published_among(uow, [hit.id for hit in page.hits])}


@router.get("/")
def home(request: Request, container: ContainerDep, uow: UowDep, actor: WebActorDep):
    lang = language_of(request)
    found = discovery.newest_in(uow, container.search, SearchQuery(lang=lang, facets=HOME_FACETS), lang, 6)
    latest = found.page
    producers = organisations.most_published(uow, 12)
    return render(request, "home.html", latest=latest, records={d.id: d.record for d in found.descriptions},
                  producers=producers, facets=HOME_FACETS,
                  vocabulary=search_state.VOCABULARY)


@router.get("/search")
def search(request: Request, container: ContainerDep, uow: UowDep, actor: WebActorDep):
    state = search_state.parse(request.query_params)
    query = state.query(language_of(request))
    found = discovery.search(uow, container.search, query)
    record_search(container, query, found.page.total)  # before found.descriptions reads (api/search_record.py)
    result, records = found.page, {d.id: d.record for d in found.descriptions}
    pages = min(-(-result.total // search_state.PAGE_SIZE), search_state.MAX_PAGE)
    # Titles completing the words typed: the search box's list (filled as one types, with JavaScript), and
    # links when the words found nothing (a word typed half: "diab").
    suggestions = container.search.suggest(state.q, SUGGESTIONS) if state.q else []
    return render(request, "search.html", state=state, result=result, records=records, pages=pages,
                  suggestions=suggestions, csv_rows=CSV_ROWS, basket=baskets.ids(uow, actor),
                  sidebar=search_state.SIDEBAR, quick=search_state.QUICK, vocabulary=search_state.VOCABULARY,
                  organisations=organisations.names_of(uow, [
                      *(c.value for c in result.facets.get("producer.id", [])[:12]),
                      *state.filters.get("producer.id", [])]))


@router.get("/search.csv")
def search_csv(request: Request, container: ContainerDep, uow: UowDep, actor: WebActorDep) -> Response:
    """The results of the same search as a CSV file: the first CSV_ROWS, in the page's order and language."""
    lang = language_of(request)
    state = search_state.parse(request.query_params)
    found = discovery.every_hit(uow, container.search, state.query(lang), CSV_ROWS)
    base = str(request.base_url).rstrip("/")
    body = results_csv(Translator(lang), found.descriptions, lambda id_: f"{base}/datasets/{quote(id_, safe='')}")
    name = "meetmydata-recherche.csv" if lang == "fr" else "meetmydata-search.csv"
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/datasets/{dataset_id}")
def dataset_page(dataset_id: str, request: Request, uow: UowDep, actor: WebActorDep, container: ContainerDep):
    """Every section of a description, with its schema.org JSON-LD embedded for search engines."""
    dataset = datasets.get(uow, actor, dataset_id)
    if dataset.status == "draft" and not rules.is_whole(dataset.record):  # still being written: see the workspace
        return redirect(f"/workspace/datasets/{dataset_id}")
    return render(request, "dataset.html", dataset=dataset, record=dataset.record,
                  documents=documents.list_for(uow, actor, dataset_id),
                  editable=datasets.can_edit(actor, dataset), basket=baskets.ids(uow, actor),
                  similar=_similar(uow, container, actor, dataset), showcases=showcases_of(uow, dataset_id),
                  access_panel=eligibility(dataset.record, accounts.requester_type_of(uow, actor)),
                  jsonld=schemaorg(dataset.record, container.settings.base_url, language_of(request)),
                  partners=partners_web.dataset_context(uow, actor, dataset, Translator(language_of(request))))


def _similar(uow: UnitOfWork, container: Container, actor: Principal, dataset: Dataset) -> list[Dataset]:
    """The "similar datasets" of a published description; none for a draft (it is not indexed) and none
    while search is down: the description is the page, its neighbours only a help."""
    if dataset.status != "published":
        return []
    try:
        return discovery.similar(uow, container.search, actor, dataset.id, SIMILAR_ON_PAGE)
    except SearchUnavailable:
        log.warning("similar datasets of %s left out: search unavailable", dataset.id, exc_info=True)
        return []


@router.get("/producers")
def producers(request: Request, uow: UowDep):
    rows = sorted(organisations.list_all(uow), key=lambda pair: pair[0].name.lower())
    return render(request, "producers.html", producers=rows)


@router.get("/producers/{organisation_id}")
def producer(organisation_id: str, request: Request, uow: UowDep, container: ContainerDep, actor: WebActorDep):
    org = organisations.get(uow, organisation_id)
    query = SearchQuery(lang=language_of(request), sort="newest", filters={"producer.id": [org.id]},
                        page_size=100, facets=["typology.data_types", "access.rights"])
    result = container.search.search(query)
    return render(request, "producer.html", org=org, result=result, records=records_of(uow, result),
                  vocabulary=search_state.VOCABULARY)


@router.get("/organisations/{organisation_id}")
def organisation_iri(organisation_id: str, uow: UowDep) -> RedirectResponse:
    """The IRI the RDF exports give a producer dereferences to its page."""
    org = organisations.get(uow, organisation_id)
    return RedirectResponse(f"/producers/{quote(org.id)}", status_code=303)


@router.get("/register")
def public_register(request: Request, uow: UowDep, page: Annotated[int, Query(ge=1, le=10000)] = 1):
    total, entries = register_service.page(uow, page=page, page_size=50)
    return render(request, "register.html", total=total, entries=entries, page=page, pages=-(-total // 50))


@router.get("/lang/{code}")
def switch_language(code: str, uow: UowDep, actor: WebActorDep, next: str = "/") -> RedirectResponse:  # noqa: A002
    """Remember the chosen language (a cookie; for a signed-in user, their account too, so that their
    notifications and e-mails are written in it) and go back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, httponly=True, samesite="lax")
        if actor.authenticated:
            accounts.set_lang(uow, actor, code)
            uow.commit()
    return response
