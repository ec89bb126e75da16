"""Who finds which access request in SQL, beyond the pinned table (test_pinned_visibility.py): a governance
member placed on a draft's team, and the producers' opinion queue (repository.in_review_for through
reviews.awaiting_opinion): its states, its organisations, its order (longest wait first, then the oldest).

Written from a mutation run (scripts/mutation.sh on catalogue/access_requests/repository.py).
"""

from __future__ import annotations

import datetime as dt

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
    with container.uow() as uow:  # e waits for its requester now, not for an opinion
        requests.transition(uow, governance, filed["e"], "request_changes", TransitionIn(reason="say more"))
        uow.commit()
    filed["f"] = create(client, actors, datasets=CHU, team=GOV_TEAM)["id"]  # a draft, never submitted
    join_team(client, container, actors, filed["f"], "gov-team")
    names = {request_id: name for name, request_id in filed.items()}

    queues = {}
    for email in ("editor@example.org", "outsider@example.org", "user@example.org"):
        with container.uow() as uow:
            queues[email] = [names[r.id] for r in reviews.awaiting_opinion(uow, who(email))]
    assert queues == {"editor@example.org": ["b", "c", "a"],  # chu-test's: the longest wait first, then by id
                      "outsider@example.org": ["d", "a"],
                      "user@example.org": []}  # no producer's member: nothing to give an opinion on

    listed = {}
    for email in ("gov-team@example.org", "governance@example.org"):
        with container.uow() as uow:
            total, items = requests.list_page(uow, who(email), page_size=100)
            listed[email] = (total, sorted(names[r.id] for r in items))
    assert listed == {"gov-team@example.org": (6, ["a", "b", "c", "d", "e", "f"]),  # f: on its team
                      "governance@example.org": (5, ["a", "b", "c", "d", "e"])}
