"""The statistics read and write SQL only: their tests run on each SQL store (SQLite, PostgreSQL) with
the embedded search and files; the search recording through REST also runs on the whole production
stack (test_recording.py uses tests/conftest.py's own `settings` there)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from catalogue.access_requests.models import AccessRequest, RequestedDataset
from catalogue.accounts import repository as accounts_repo
from catalogue.enquiries.models import Enquiry
from catalogue.settings import Settings
from tests.contracts.sql_stores import STORES, database_url
from tests.web.helpers import publish

T0 = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


@pytest.fixture(params=STORES)
def settings(request, tmp_path) -> Settings:
    return Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600,
                    database_url=database_url(request.param, tmp_path))


def days(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def _user_id(uow, who: str) -> int:
    return accounts_repo.user_by_email(uow.session, f"{who}@example.org").id


def _request(uow, who: str, datasets: list[tuple[str, str]], status: str, submitted: float | None,
             decided: float | None) -> None:
    row = AccessRequest(requester_id=_user_id(uow, who), requester_organisation="Startup",
                        requester_organisation_type="startup",
                        project_title=f"{who} {status}", project_summary="s", purpose="research", variables="v",
                        duration_months=12, legal_route="consent", status=status,
                        submitted_at=None if submitted is None else days(submitted),
                        decided_at=None if decided is None else days(decided))
    row.datasets = [RequestedDataset(dataset_id=d, organisation_id=o, position=i) for i, (d, o) in enumerate(datasets)]
    uow.session.add(row)


def _enquiry(uow, who: str, dataset: str, organisation: str, at: float) -> None:
    uow.session.add(Enquiry(dataset_id=dataset, organisation_id=organisation, asker_id=_user_id(uow, who),
                            subject="q", topic="other", created_at=days(at), updated_at=days(at)))


@pytest.fixture
def requests_made(client, actors, record, container) -> None:
    """Two producers' descriptions, four enquiries and six requests with crafted times (see test_figures)."""
    publish(client, actors["editor"], {**copy.deepcopy(record), "id": "ds-a"})
    other = {**copy.deepcopy(record), "id": "ds-b",
             "producer": {"id": "other-org", "name": "Other producer", "type": "university_hospital", "country": "FR"}}
    publish(client, actors["outsider"], other)
    a, b = ("ds-a", "chu-test"), ("ds-b", "other-org")
    with container.uow() as uow:
        _enquiry(uow, "user", *a, 0)          # user -> A, 2 days before R1
        _enquiry(uow, "orgadmin", *b, 1)      # orgadmin -> B, 4 days before R2
        _enquiry(uow, "user", *b, 4)          # user -> B, after R3 was filed: not before it
        _enquiry(uow, "governance", *a, 0)    # governance -> A, 1 day before R4
        _request(uow, "user", [a], "approved", 2, 12)                     # R1: 10 days to decision
        _request(uow, "orgadmin", [a, b], "rejected", 5, 9)               # R2: 4 days
        _request(uow, "user", [b], "withdrawn", 3, None)                  # R3
        _request(uow, "governance", [a], "approved_with_conditions", 1, 2.5)  # R4: 1.5 days
        _request(uow, "governance", [a], "withdrawn", None, None)         # R5: a draft withdrawn, never filed
        _request(uow, "governance", [b], "expired", 0, 6)                 # R6: 6 days
        uow.commit()
