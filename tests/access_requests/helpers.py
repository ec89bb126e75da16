"""Shared set-up of the access-request tests: two producers' published descriptions, more people."""

from __future__ import annotations

import copy

from catalogue.accounts import service as accounts
from catalogue.accounts.models import User
from catalogue.db import utcnow
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n% test document\n"

# registre-test (chu-test): closed to startups, CNIL authorisation or MR-004, an ethics committee.
CHU_ACCESS = {
    "audiences": {"academic": "yes", "public_agency": "yes", "hospital": "yes", "startup": "no",
                  "industry": "under_conditions"},
    "procedure": {"fr": "Demande au comité scientifique puis avis du comité d'éthique ; conformité MR-004."},
    "legal_bases": ["GDPR-9.2.j", "CNIL-MR-004", "CNIL-authorisation"],
}
# cohorte-autre (other-org): open to all, consent or MR-004, asks for a protocol.
OTHER_ACCESS = {
    "audiences": {"academic": "yes", "public_agency": "yes", "hospital": "yes", "startup": "yes", "industry": "yes"},
    "procedure": {"fr": "Demande au conseil scientifique avec protocole ; convention."},
    "legal_bases": ["consent", "CNIL-MR-004"],
}


def publish(client, actors, record: dict, *, dataset_id: str, producer: str, who: str, access: dict) -> None:
    body = copy.deepcopy(record)
    body["id"] = dataset_id
    body["producer"] = {"id": producer, "name": producer, "type": "university_hospital", "country": "FR"}
    body["access"].update(access)
    body["access"]["legal_bases"] = access.get("legal_bases", [])
    assert client.post("/api/v1/datasets", json=body, headers=actors[who]).status_code == 201
    assert client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors[who]).status_code == 200


def setup_datasets(client, actors, record) -> None:
    publish(client, actors, record, dataset_id="registre-test", producer="chu-test", who="editor", access=CHU_ACCESS)
    publish(client, actors, record, dataset_id="cohorte-autre", producer="other-org", who="outsider",
            access=OTHER_ACCESS)


def add_user(container, actors, key: str, *, governance: bool = False, member_of: str | None = None) -> None:
    """Another account with a token, reachable as actors[key]."""
    with container.uow() as uow:
        user = accounts.create_user(uow, email=f"{key}@example.org", name=key, password=PASSWORD,
                                    is_governance=governance)
        raw, _ = accounts.issue_token(uow, user, name="test", ttl_days=1)
        if member_of:
            organisations.add_member(uow, SYSTEM, member_of, user.email, "editor")
        uow.commit()
    actors.headers[key] = {"Authorization": f"Bearer {raw}"}


def verify(container, email: str) -> None:
    """Mark the address as proved by its owner (what the verification link does)."""
    with container.uow() as uow:
        user = accounts.find_user(uow, email)
        uow.session.get(User, user.id).email_verified_at = utcnow()
        uow.commit()


def join_team(client, container, actors, request_id: int, who: str) -> None:
    """`who` (named in the team) proves their address and accepts the place."""
    verify(container, f"{who}@example.org")
    response = client.post(f"/api/v1/access-requests/{request_id}/team/accept", headers=actors[who])
    assert response.status_code == 200, response.text


def request_body(**changes) -> dict:
    body = {
        "datasets": ["registre-test", "cohorte-autre"],
        "project_title": "Parcours de soins après AVC",
        "project_summary": "Étude des parcours de soins des patients après un accident vasculaire cérébral.",
        "purpose": "research",
        "requester_organisation": "Université de Test",
        "requester_organisation_type": "academic",
        "variables": "âge, sexe, diagnostics CIM-10, séjours 2015-2022",
        "duration_months": 24,
        "legal_route": "CNIL-MR-004",
        "team": [{"name": "Ada Team", "email": "teammate@example.org", "role": "statistician"}],
    }
    body.update(changes)
    return body


def create(client, actors, who: str = "user", **changes) -> dict:
    response = client.post("/api/v1/access-requests", json=request_body(**changes), headers=actors[who])
    assert response.status_code == 201, response.text
    return response.json()


def attach(client, actors, request_id: int, kind: str, who: str = "user", content: bytes = PDF):
    return client.post(f"/api/v1/access-requests/{request_id}/attachments", headers=actors[who],
                       data={"kind": kind, "title": f"{kind} document"},
                       files={"file": (f"{kind}.pdf", content, "application/pdf")})


def act(client, actors, request_id: int, action: str, who: str, **body):
    return client.post(f"/api/v1/access-requests/{request_id}/{action}", json=body or None, headers=actors[who])


def opinion(client, actors, request_id: int, dataset_id: str, who: str, value: str = "favourable", *,
            version: int | None = None, **extra):
    """Give an opinion; `version` (If-Match) is needed to replace one (see reviews.record_opinion)."""
    headers = {**actors[who], **({"If-Match": f'"{version}"'} if version is not None else {})}
    return client.post(f"/api/v1/access-requests/{request_id}/opinions", headers=headers,
                       json={"dataset_id": dataset_id, "opinion": value, "reason": "sound protocol", **extra})


def version_of(client, actors, request_id: int, who: str = "governance") -> int:
    return client.get(f"/api/v1/access-requests/{request_id}", headers=actors[who]).json()["version"]


def submitted(client, actors, who: str = "user", **changes) -> int:
    """A request with its attachments, submitted."""
    request_id = create(client, actors, who, **changes)["id"]
    for kind in ("ethics_opinion", "protocol"):
        assert attach(client, actors, request_id, kind, who).status_code == 201
    response = act(client, actors, request_id, "submit", who)
    assert response.status_code == 200, response.text
    return request_id


def reviewed(client, actors, who: str = "user") -> int:
    """Submitted, under review, with both producers' favourable opinions and the MR-004 declaration."""
    request_id = submitted(client, actors, who)
    assert act(client, actors, request_id, "start_review", "governance").status_code == 200
    assert opinion(client, actors, request_id, "registre-test", "orgadmin").status_code == 200
    assert opinion(client, actors, request_id, "cohorte-autre", "outsider").status_code == 200
    response = client.post(f"/api/v1/access-requests/{request_id}/milestones", headers=actors[who],
                           json={"kind": "mr_declaration", "reference": "MR-004 n°2219876", "date": "2026-01-15"})
    assert response.status_code == 200, response.text
    return request_id
