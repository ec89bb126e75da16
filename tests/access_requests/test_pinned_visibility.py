"""Who lists which access requests: the SQL twin of the view policy, pinned (issue 11, item 5).

`access_requests.service.list_page` filters in SQL what `service.get` decides request by request
(policies.can_view). Both are checked here against one literal table, for every actor kind over
requests in mixed states, unsubmitted drafts included, so changing either one alone fails a test.
"""

from __future__ import annotations

import pytest

from catalogue.access_requests import service as requests
from catalogue.accounts import service as accounts
from catalogue.errors import NotFound
from catalogue.principal import Principal
from schemas.access_requests import TransitionIn
from tests.access_requests.helpers import add_user, setup_datasets
from tests.access_requests.pinned import KINDS, in_state, people, principals

CHU, OTHER, BOTH = ["registre-test"], ["cohorte-autre"], ["registre-test", "cohorte-autre"]
FILED_STAFF = {"governance", "governance_of_filer", "platform_admin", "system"}

# name -> (requester, datasets named, state, team member accepted?), and who sees it.
REQUESTS = {
    "user-draft-chu": ("user", CHU, "draft", True),
    "user-submitted-other": ("user", OTHER, "submitted", False),
    "user-changes-both": ("user", BOTH, "changes_requested", True),
    "user-withdrawn-draft": ("user", BOTH, "withdrawn_draft", True),
    "second-draft-both": ("second", BOTH, "draft", False),
    "second-review-chu": ("second", CHU, "under_review", False),
    "second-rejected-other": ("second", OTHER, "rejected", False),
}
SEEN_BY = {
    "user-draft-chu": {"requester", "team_member"},
    "user-submitted-other": {"requester", "other_admin", *FILED_STAFF},
    "user-changes-both": {"requester", "team_member", "chu_editor", "chu_admin", "other_admin", *FILED_STAFF},
    "user-withdrawn-draft": {"requester", "team_member"},
    "second-draft-both": {"second_requester"},
    "second-review-chu": {"second_requester", "chu_editor", "chu_admin", *FILED_STAFF},
    "second-rejected-other": {"second_requester", "other_admin", *FILED_STAFF},
}
ALL_KINDS = (*KINDS, "second_requester")


@pytest.fixture
def world(client, container, actors, record):
    setup_datasets(client, actors, record)
    people(client, container, actors)
    add_user(container, actors, "second")
    with container.uow() as uow:
        second = Principal.of(accounts.find_user(uow, "second@example.org"))
    ids = {}
    for name, (requester, datasets, state, accepted) in REQUESTS.items():
        ids[name] = in_state(client, container, actors, "draft" if state == "withdrawn_draft" else state,
                             datasets=datasets, accepted=accepted, requester=requester)
        if state == "withdrawn_draft":  # withdrawn before it was ever submitted: still nobody else's
            with container.uow() as uow:
                requester_ = principals(container)["requester"]
                requests.transition(uow, requester_, ids[name], "withdraw", TransitionIn())
                uow.commit()
    return ids, {**principals(container), "second_requester": second}


def test_the_table_names_every_request_and_kind():
    assert set(SEEN_BY) == set(REQUESTS)
    assert set().union(*SEEN_BY.values()) <= set(ALL_KINDS)


def test_listed_ids_equal_the_ids_each_actor_may_view(container, world):
    ids, who = world
    names = {request_id: name for name, request_id in ids.items()}
    wrong = []
    for kind in ALL_KINDS:
        expected = {name for name, seers in SEEN_BY.items() if kind in seers}
        with container.uow() as uow:
            total, items = requests.list_page(uow, who[kind], page_size=100)
            listed = {names.get(r.id, r.id) for r in items}
            viewable = set()
            for name, request_id in ids.items():
                try:
                    requests.get(uow, who[kind], request_id)
                except NotFound:
                    continue
                viewable.add(name)
        if not listed == viewable == expected or total != len(expected):
            wrong.append(f"{kind}: expected {sorted(expected)}, listed {sorted(listed)} ({total}), "
                         f"viewable {sorted(viewable)}")
    assert wrong == []


def test_a_status_filter_lists_a_part_of_what_one_sees(container, world):
    ids, who = world
    states = {name: state.removesuffix("_draft") for name, (_, _, state, _) in REQUESTS.items()}
    names = {request_id: name for name, request_id in ids.items()}
    for kind in ("requester", "chu_editor", "other_admin", "governance", "second_requester"):
        for state in sorted(set(states.values())):
            with container.uow() as uow:
                _, items = requests.list_page(uow, who[kind], status=state, page_size=100)
                listed = {names[r.id] for r in items}
            assert (kind, state, listed) == (kind, state, {n for n, seers in SEEN_BY.items()
                                                           if kind in seers and states[n] == state})


def test_a_producer_lists_only_the_requests_naming_its_descriptions(container, world):
    """Not every filed request (survivor c of the last mutation check)."""
    ids, who = world
    for kind, expected in (("chu_editor", {"user-changes-both", "second-review-chu"}),
                           ("other_admin", {"user-submitted-other", "user-changes-both", "second-rejected-other"})):
        with container.uow() as uow:
            _, items = requests.list_page(uow, who[kind], page_size=100)
            assert {r.id for r in items} == {ids[name] for name in expected}, kind


def test_governance_does_not_list_the_drafts_of_others(container, world):
    """Unsubmitted drafts are their requester's own work (survivor c of the last mutation check)."""
    ids, who = world
    drafts = {ids["user-draft-chu"], ids["user-withdrawn-draft"], ids["second-draft-both"]}
    for kind in ("governance", "governance_of_filer", "platform_admin", "system"):
        with container.uow() as uow:
            _, items = requests.list_page(uow, who[kind], page_size=100)
            assert not drafts & {r.id for r in items}, kind
            assert {r.id for r in items} == set(ids.values()) - drafts, kind
