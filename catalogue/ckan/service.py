"""The CKAN facade's domain side: read and write packages through the catalogue's own services.

Permissions are the catalogue's policies, applied by the services called here; nothing in
this module decides who may do what. Services never commit: the API boundary does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import ValidationError

from catalogue import policies
from catalogue.ckan.from_package import Options, from_package
from catalogue.ckan.query import CkanQuery, facet_name
from catalogue.ckan.to_package import organization, to_package
from catalogue.datasets import rules
from catalogue.datasets import service as datasets
from catalogue.datasets.errors import DatasetNotFound
from catalogue.datasets.models import Dataset
from catalogue.discovery import service as discovery
from catalogue.errors import ValidationFailed
from catalogue.organisations import repository as orgs_repo
from catalogue.organisations import service as organisations
from catalogue.principal import ANONYMOUS, Principal
from catalogue.uow import UnitOfWork
from schemas.dataset import DatasetDescription
from schemas.errors import describe, summary
from schemas.search import SearchQuery
from search.analysis import words
from search.document import facet_values, project
from search.port import SearchEngine


def package_of(dataset: Dataset, base_url: str) -> dict[str, Any]:
    return to_package(dataset.record, status=dataset.status, created=dataset.created_at,
                      modified=dataset.updated_at, base_url=base_url)


def _matches(record: dict[str, Any], query: SearchQuery) -> bool:
    """The facade's in-memory match for descriptions the engine does not index (drafts)."""
    for facet, values in query.filters.items():
        if not set(facet_values(record, facet)) & set(values):
            return False
    for facet, values in query.exclude.items():
        if set(facet_values(record, facet)) & set(values):
            return False
    wanted = set(words(query.q))
    if not wanted:
        return True
    document = project(DatasetDescription.model_validate(record))
    return wanted <= set(words(" ".join(document.text.values())))


def _facets(cq: CkanQuery, counts: dict[str, Counter[str]], names: dict[str, str]) -> dict[str, Any]:
    facets, search_facets = {}, {}
    for ckan_field in cq.facet_fields:
        ours = facet_name(ckan_field)
        top = (counts.get(ours) or Counter()).most_common(cq.query.facet_limit) if ours else []
        facets[ckan_field] = dict(top)
        items = [{"name": v, "display_name": names.get(v, v) if ours == "producer.id" else v, "count": c}
                 for v, c in top]
        search_facets[ckan_field] = {"title": ckan_field, "items": items}
    return {"facets": facets, "search_facets": search_facets}


def search(uow: UnitOfWork, engine: SearchEngine, actor: Principal, cq: CkanQuery, base_url: str) -> dict[str, Any]:
    """package_search: published descriptions from the engine, then (include_private) the drafts
    of the caller's organisations that match, in that order."""
    query = cq.query
    counts: dict[str, Counter[str]] = {f: Counter() for f in query.facets}
    if cq.ids is not None or cq.by_name:
        found = _by_ids(uow, actor, cq.ids) if cq.ids is not None else _all_visible(uow, actor, cq.include_private)
        matched = [d for d in found if (d.status == "published" or cq.include_private and d.status == "draft")
                   and _matches(d.record, query)]
        if cq.by_name:
            matched.sort(key=lambda d: d.id)
        total, page = len(matched), matched[cq.start:cq.start + cq.rows]
    else:
        window = discovery.window(uow, engine, query, cq.start, cq.rows)
        published_total = window.page.total
        for facet, items in window.page.facets.items():
            counts[facet] = Counter({i.value: i.count for i in items})
        drafts = _drafts(uow, actor, query) if cq.include_private else []
        page = list(window.descriptions)
        first = max(0, cq.start - published_total)
        page += drafts[first:first + cq.rows - len(page)]
        total, matched = published_total + len(drafts), drafts
    for dataset in matched:
        for facet in query.facets:
            counts[facet].update(facet_values(dataset.record, facet))
    shown = counts.get("producer.id", Counter()).most_common(query.facet_limit)
    names = organisations.names_of(uow, (value for value, _ in shown))
    return {"count": total, "sort": cq.query.sort, "results": [package_of(d, base_url) for d in page],
            **_facets(cq, counts, names)}


def _by_ids(uow: UnitOfWork, actor: Principal, ids: list[str]) -> list[Dataset]:
    found = []
    for ident in dict.fromkeys(ids):
        try:
            found.append(datasets.get(uow, actor, ident))
        except DatasetNotFound:
            continue
    return found


def _list_all(uow: UnitOfWork, actor: Principal, status: str | None = None) -> list[Dataset]:
    """Every description the actor may list (REST v1's visibility), optionally of one status; a draft still
    being written (not a whole record) is no package yet."""
    found: list[Dataset] = []
    page = 1
    while True:
        total, items = datasets.list_page(uow, actor, status=status, page=page, page_size=500)
        found.extend(d for d in items if d.status != "draft" or rules.is_whole(d.record))
        if page * 500 >= total:
            return found
        page += 1


def _all_visible(uow: UnitOfWork, actor: Principal, include_private: bool) -> list[Dataset]:
    """Published descriptions (and the caller's drafts when asked), for the engine-less `name asc` order."""
    return _list_all(uow, actor if include_private else ANONYMOUS)


def _drafts(uow: UnitOfWork, actor: Principal, query: SearchQuery) -> list[Dataset]:
    if not actor.authenticated:
        return []
    return sorted((d for d in _list_all(uow, actor, "draft") if _matches(d.record, query)), key=lambda d: d.id)


def show(uow: UnitOfWork, actor: Principal, ident: str, base_url: str) -> dict[str, Any]:
    dataset = datasets.get(uow, actor, ident)
    if not rules.is_whole(dataset.record):
        raise ValidationFailed(f"dataset '{ident}' is a draft still being written: it becomes a package once "
                               "every required field is given (the producer's workspace says which)")
    return package_of(dataset, base_url)


def names(uow: UnitOfWork, *, limit: int | None, offset: int) -> list[str]:
    """package_list: ids of published descriptions, sorted."""
    ids = [record["id"] for record in datasets.export_records(uow)]
    return ids[offset:offset + limit] if limit is not None else ids[offset:]


def organization_dicts(uow: UnitOfWork) -> list[dict[str, Any]]:
    return [organization(org.id, org.name, created=org.created_at, package_count=count)
            for org, count in organisations.list_all(uow)]


def organization_show(uow: UnitOfWork, actor: Principal, ident: str, *, include_datasets: bool,
                      base_url: str) -> dict[str, Any]:
    org = organisations.get(uow, ident)
    found = next((o for o in organization_dicts(uow) if o["id"] == org.id), None)
    assert found is not None
    if include_datasets:
        _, items = datasets.list_page(uow, actor, organisation=org.id, status="published", page=1, page_size=1000)
        found["packages"] = [package_of(d, base_url) for d in items]
    return found


def _description(uow: UnitOfWork, package: dict[str, Any]) -> DatasetDescription:
    """A CKAN client's package as a description; every gap or unknown field is a validation error."""
    mapped = from_package(package, Options(lenient=False))
    org = orgs_repo.get(uow.session, str(package.get("owner_org") or (package.get("organization") or {}).get("name")))
    if org is not None:
        mapped.record["producer"] = org.producer_block()
    details = [{"field": key, "message": "not a field of this catalogue (see docs/ckan-mapping.md)"}
               for key in sorted(mapped.unmapped)]
    try:
        description = DatasetDescription.model_validate(mapped.record)
    except ValidationError as exc:
        details = describe(exc) + details
        raise ValidationFailed(summary(details), details=details) from None
    if details:
        raise ValidationFailed(summary(details), details=details)
    return description


def _apply_private(uow: UnitOfWork, actor: Principal, dataset: Dataset, private: bool) -> Dataset:
    """CKAN's `private` flag is our draft / published state."""
    if not private and dataset.status == "draft":
        return datasets.transition(uow, actor, dataset.id, "publish")
    if private and dataset.status == "published":
        return datasets.transition(uow, actor, dataset.id, "unpublish")
    return dataset


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes")


def create(uow: UnitOfWork, actor: Principal, package: dict[str, Any]) -> Dataset:
    """package_create: a new description, published unless `private` is true (CKAN's default)."""
    owner = package.get("owner_org") or (package.get("organization") or {}).get("name") or ""
    policies.write_dataset(actor, str(owner))  # refuse before saying anything about the content
    description = _description(uow, package)
    dataset = datasets.create(uow, actor, description, action="ckan_create")
    return _apply_private(uow, actor, dataset, _truthy(package.get("private", False)))


def update(uow: UnitOfWork, actor: Principal, package: dict[str, Any], *, base_url: str,
           patch: bool = False) -> Dataset:
    """package_update replaces the package; package_patch changes only the keys it is given."""
    ident = package.get("id") or package.get("name")
    if not ident:
        raise ValidationFailed("id or name is required", details=[{"field": "id", "message": "missing"}])
    current = datasets.get(uow, actor, str(ident))
    if patch:
        package = {**package_of(current, base_url), **package}
    package = {**package, "name": current.id}
    dataset, _ = datasets.update(uow, actor, current.id, _description(uow, package), action="ckan_update")
    # a patch starts from the current package, so an absent `private` keeps the current state
    return _apply_private(uow, actor, dataset, _truthy(package.get("private", False)))
