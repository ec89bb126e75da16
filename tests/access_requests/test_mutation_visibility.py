"""Who finds which access request in SQL, beyond the pinned table (test_pinned_visibility.py): governance
staff's own drafts and a draft whose team names them, the list's order and pages, and the producers'
opinion queue (repository.in_review_for, asked directly and through reviews.awaiting_opinion): its
states, its organisations, its order (longest wait first, then the oldest).

Written from a mutation run (scripts/mutation.sh on catalogue/access_requests/repository.py).
"""

from __future__ import annotations

import datetime as dt

from catalogue.access_requests import repository as repo
from catalogue.access_requests import reviews
from catalogue.access_requests import service as requests
from catalogue.accounts import service as accounts
from catalogue.principal import Principal
from schemas.access_requests import TransitionIn
from tests.access_requests.helpers import add_user, attach, create, join_team, setup_datasets

T0, T1, T2 = (dt.datetime(2026, 1, day, 9, tzinfo=dt.UTC) for day in (5, 10, 20))
CHU, OTHER, BOTH = ["registre-test"], ["cohorte-autre"], ["registre-test", "cohorte-autre"]
GOV_TEAM = [{"name": "Gil Gov", "email": "gov-team@example.org", "role": "statistician"}]


def test_the_opinion_queue_and_a_governance_team_member(client, container, actors, record):
    setup_datasets(client, actors, record)
    add_user(container, actors, "gov-team", governance=True)

    def who(email: str) -> Principal:
        with container.uow() as uow:
            return Principal.of(accounts.find_user(uow, email))

    user, governance = who("user@example.org"), who("governance@example.org")
    filed = {}
    for name, datasets, at in (("a", BOTH, T2), ("b", CHU, T1), ("c", CHU, T1), ("d", OTHER, T1), ("e", CHU, T0)):
        filed[name] = create(client, actors, datasets=datasets)["id"]
        for kind in ("ethics_opinion", "protocol"):
            assert attach(client, actors, filed[name], kind).status_code == 201
        with container.uow() as uow:
            requests.transition(uow, user, filed[name], "submit", TransitionIn(), now=at)
            uow.commit()
    with container.uow() as uow:  # e waits for its requester now, not for an opinion; b is under review since T1
        requests.transition(uow, governance, filed["e"], "request_changes", TransitionIn(reason="say more"))
        requests.transition(uow, governance, filed["b"], "start_review", TransitionIn(), now=T1)
        uow.commit()
    filed["f"] = create(client, actors, datasets=CHU, team=GOV_TEAM)["id"]  # a draft, never submitted
    join_team(client, container, actors, filed["f"], "gov-team")
    filed["g"] = create(client, actors, "governance", datasets=CHU)["id"]  # governance staff's own draft
    names = {request_id: name for name, request_id in filed.items()}

    queues = {}
    for email in ("editor@example.org", "outsider@example.org", "user@example.org"):
        with container.uow() as uow:
            queues[email] = [names[r.id] for r in reviews.awaiting_opinion(uow, who(email))]
    assert queues == {"editor@example.org": ["b", "c", "a"],  # chu-test's: the longest wait first, then by id
                      "outsider@example.org": ["d", "a"],
                      "user@example.org": []}  # no producer's member: nothing to give an opinion on

    def in_review(organisations: list[str], states: list[str]) -> list[str]:
        """The query itself: the requests in `states` naming a description of `organisations`."""
        with container.uow() as uow:
            return [names[r.id] for r in repo.in_review_for(uow.session, organisations, states)]

    assert in_review(["chu-test"], ["submitted", "under_review"]) == ["b", "c", "a"]
    assert in_review(["chu-test"], ["changes_requested"]) == ["e"]
    assert in_review(["other-org"], ["under_review"]) == []
    assert in_review(["other-org", "third-org"], ["submitted"]) == ["d", "a"]
    assert in_review([], ["submitted", "under_review", "changes_requested", "draft"]) == []

    listed = {}
    for email in ("gov-team@example.org", "governance@example.org"):
        with container.uow() as uow:
            total, items = requests.list_page(uow, who(email), page_size=100)
            listed[email] = (total, [names[r.id] for r in items])
    # the latest change first (e, f and g were changed after T2, in that order), then the newest
    assert listed == {"gov-team@example.org": (6, ["f", "e", "a", "d", "c", "b"]),  # f: on its team
                      "governance@example.org": (6, ["g", "e", "a", "d", "c", "b"])}  # g: its own draft
    with container.uow() as uow:
        pages = [(total, [names[r.id] for r in items]) for total, items in
                 (requests.list_page(uow, governance, page=page, page_size=4) for page in (1, 2))]
    assert pages == [(6, ["g", "e", "a", "d"]), (6, ["c", "b"])]
