"""REST v1: dataset descriptions, their lifecycle and revisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status
from pydantic import BaseModel

from api.deps import ContainerDep, DbId, PrincipalDep, UowDep, UserDep
from api.notify import deliver_after
from api.presenters import dataset_out, revision_out
from catalogue.datasets import service
from catalogue.datasets.models import Dataset
from catalogue.discovery import service as discovery
from catalogue.errors import ValidationFailed
from schemas.api import Completeness, DatasetOut, Page, RevisionOut
from schemas.dataset import DatasetDescription, Slug
from schemas.vocabularies import DatasetAction, DatasetStatus

router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])
NOTIFY = [Depends(deliver_after)]  # a publication may match saved searches: e-mail their alerts at once
IfMatch = Annotated[str | None, Header(description="the version you edited (from ETag); 409 if stale")]


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise ValidationFailed("If-Match must be a version number as given in ETag",
                               details=[{"field": "If-Match", "message": "not a version number"}])
    return int(value)


def _with_etag(response: Response, out: DatasetOut) -> DatasetOut:
    response.headers["ETag"] = f'"{out.version}"'
    return out


@router.get("", response_model=Page[DatasetOut])
def list_datasets(uow: UowDep, actor: PrincipalDep,
                  organisation: Annotated[Slug | None, Query(description="an organisation id")] = None,
                  status_: Annotated[DatasetStatus | None, Query(alias="status")] = None,
                  page: Annotated[int, Query(ge=1, le=10000)] = 1,
                  page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[DatasetOut]:
    """Published descriptions; members also see their organisation's drafts and archives."""
    total, items = service.list_page(uow, actor, organisation=organisation, status=status_,
                                     page=page, page_size=page_size)
    return Page(total=total, page=page, page_size=page_size, items=[dataset_out(d, actor) for d in items])


@router.post("", response_model=DatasetOut, status_code=status.HTTP_201_CREATED)
def create_dataset(body: DatasetDescription, uow: UowDep, actor: UserDep, response: Response) -> DatasetOut:
    """Create a draft description for one of your organisations (`producer.id`)."""
    dataset = service.create(uow, actor, body)
    uow.commit()
    response.headers["Location"] = f"/api/v1/datasets/{dataset.id}"
    return _with_etag(response, dataset_out(dataset, actor))


@router.get("/{dataset_id}", response_model=DatasetOut)
def get_dataset(dataset_id: str, uow: UowDep, actor: PrincipalDep, response: Response) -> DatasetOut:
    return _with_etag(response, dataset_out(service.get(uow, actor, dataset_id), actor))


class SimilarOut(BaseModel):
    """A published description like the one asked about: enough for a link (the scores stay the engine's)."""

    id: str
    title: dict[str, str]
    producer_id: str
    producer_name: str


def similar_out(dataset: Dataset) -> SimilarOut:
    producer = dataset.record.get("producer", {})
    return SimilarOut(id=dataset.id, title=dataset.record.get("title", {}),
                      producer_id=producer.get("id", dataset.organisation_id), producer_name=producer.get("name", ""))


@router.get("/{dataset_id}/similar", response_model=list[SimilarOut],
            responses={404: {"description": "no such description, or not visible to you"}})
def similar_datasets(dataset_id: str, uow: UowDep, actor: PrincipalDep, container: ContainerDep,
                     limit: Annotated[int, Query(ge=1, le=20, description="how many, at most")] = 5,
                     ) -> list[SimilarOut]:
    """Published descriptions about the same things as this one (more like this on its words), most alike
    first; drafts are never listed. A description you cannot see is 404; a draft you can see has none."""
    return [similar_out(d) for d in discovery.similar(uow, container.search, actor, dataset_id, limit)]


@router.put("/{dataset_id}", response_model=DatasetOut, dependencies=NOTIFY)
def update_dataset(dataset_id: str, body: DatasetDescription, uow: UowDep, actor: UserDep,
                   response: Response, if_match: IfMatch = None) -> DatasetOut:
    """Replace the description's content; a new revision records what changed."""
    dataset, _ = service.update(uow, actor, dataset_id, body, expected_version=_version(if_match))
    uow.commit()
    return _with_etag(response, dataset_out(dataset, actor))


@router.post("/{dataset_id}/{action}", response_model=DatasetOut, dependencies=NOTIFY)
def change_state(dataset_id: str, action: DatasetAction,
                 uow: UowDep, actor: UserDep, response: Response, if_match: IfMatch = None) -> DatasetOut:
    """Lifecycle: draft -> published -> archived (and back: unpublish, restore)."""
    dataset = service.transition(uow, actor, dataset_id, action, expected_version=_version(if_match))
    uow.commit()
    return _with_etag(response, dataset_out(dataset, actor))


@router.get("/{dataset_id}/completeness", response_model=Completeness)
def get_completeness(dataset_id: str, uow: UowDep, actor: UserDep) -> Completeness:
    """Which recommended fields are missing (for the description's producer)."""
    return Completeness.model_validate(service.completeness_of(uow, actor, dataset_id))


@router.get("/{dataset_id}/revisions", response_model=list[RevisionOut])
def list_revisions(dataset_id: str, uow: UowDep, actor: PrincipalDep) -> list[RevisionOut]:
    """The history; the public sees the published revisions, without who made them."""
    revisions = service.revisions(uow, actor, dataset_id)
    dataset = service.get(uow, actor, dataset_id)
    return [revision_out(r, dataset, actor) for r in revisions]


@router.get("/{dataset_id}/revisions/{number}", response_model=RevisionOut)
def get_revision(dataset_id: str, number: DbId, uow: UowDep, actor: PrincipalDep) -> RevisionOut:
    """An earlier revision, read back with its full content."""
    revision = service.revision(uow, actor, dataset_id, number)
    return revision_out(revision, service.get(uow, actor, dataset_id), actor, with_record=True)
