"""Two people acting at once: one transition and one 409, never a corrupt state or a forked chain.

Runs on SQLite and, with the production stack configured, on PostgreSQL (see tests/conftest.py); which
409 the loser gets depends on the store, and each test asserts that store's one (tests/races.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catalogue.access_requests import reviews, service
from catalogue.accounts import service as accounts
from catalogue.audit import service as audit
from catalogue.principal import SYSTEM, Principal
from schemas.access_requests import OpinionIn, TransitionIn
from tests.access_requests.helpers import act, add_user, reviewed, setup_datasets, submitted
from tests.races import LOSER, overlap, race, store

@pytest.fixture(autouse=True)
def datasets(client, actors, record):
    setup_datasets(client, actors, record)


def principal(container, email: str) -> Principal:
    with container.uow() as uow:
        return Principal.of(accounts.find_user(uow, email))


def test_two_governance_decisions_at_once(client, actors, container):
    add_user(container, actors, "gov2", governance=True)
    request_id = reviewed(client, actors)
    first, second = principal(container, "governance@example.org"), principal(container, "gov2@example.org")
    outcomes = overlap(
        container,
        lambda uow: service.transition(uow, first, request_id, "approve", TransitionIn(reason="yes")),
        lambda uow: service.transition(uow, second, request_id, "reject", TransitionIn(reason="no")),
    )
    assert outcomes == sorted(["ok", LOSER[store(container)]]), outcomes
    with container.uow() as uow:
        request = service.get(uow, SYSTEM, request_id)
        assert request.status == "approved"
        decisions = [e for e in audit.history(uow, "access_request", request_id)
                     if e.action in ("access_request.approve", "access_request.reject")]
        assert len(decisions) == 1 and decisions[0].to_state == request.status
        assert audit.verify(uow).ok


def test_withdrawal_racing_a_decision(client, actors, container):
    request_id = reviewed(client, actors)
    requester, staff = principal(container, "user@example.org"), principal(container, "governance@example.org")
    outcomes = overlap(
        container,
        lambda uow: service.transition(uow, requester, request_id, "withdraw"),
        lambda uow: service.transition(uow, staff, request_id, "approve", TransitionIn(reason="yes")),
    )
    assert outcomes == sorted(["ok", LOSER[store(container)]]), outcomes
    with container.uow() as uow:
        assert service.get(uow, SYSTEM, request_id).status == "withdrawn"
        assert [e.action for e in audit.history(uow, "access_request", request_id)
                if e.action in ("access_request.withdraw", "access_request.approve")] == ["access_request.withdraw"]


def test_two_reviewers_of_one_producer_at_once(client, actors, container):
    request_id = submitted(client, actors)
    act(client, actors, request_id, "start_review", "governance")
    editor, admin = principal(container, "editor@example.org"), principal(container, "orgadmin@example.org")
    opinion = OpinionIn(dataset_id="registre-test", opinion="favourable", reason="ok")
    against = OpinionIn(dataset_id="registre-test", opinion="unfavourable", reason="no")
    outcomes = race(container, lambda uow: reviews.record_opinion(uow, editor, request_id, opinion),
                    lambda uow: reviews.record_opinion(uow, admin, request_id, against))
    # One change, one 409 on either store: the second did not see the first's opinion, or saw it
    # without the version that replacing needs (see test_hardening_workflow.py): stale either way.
    assert outcomes == ["ok", "stale_version"], outcomes
    with container.uow() as uow:
        request = service.get(uow, SYSTEM, request_id)
        assert len(request.opinions) == 1
        trail = [e for e in audit.history(uow, "access_request", request_id) if e.action == "access_request.opinion"]
        assert len(trail) == outcomes.count("ok") and trail[-1].to_state == request.opinions[0].opinion


def test_concurrent_appends_never_fork_the_chain(container):
    writers, each = 6, 5

    def append(n: int) -> Callable:
        def act_(uow) -> None:
            for i in range(each):
                audit.record(uow, SYSTEM, "test.concurrent", "thing", f"{n}-{i}")
        return act_

    assert race(container, *(append(n) for n in range(writers))) == ["ok"] * writers
    with container.uow() as uow:
        result = audit.verify(uow)
    assert result.ok and result.checked == writers * each
