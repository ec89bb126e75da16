"""The dataset lifecycle and the visibility of descriptions, pinned as literal tables (issue 11, item 5).

Written before the workflow code moves: every expectation is spelled out here, row by row, and checked
by driving the services (`datasets.service.transition/update/get/list_page`) on real stores, so a wrong
row in the code's own table, a policy or the visibility query fails a test. Nothing is read from the
code's tables (`lifecycle.TRANSITIONS`…): a test that loops over them cannot catch a wrong row.

Each attempt runs in its own unit of work that is never committed, so every row starts from the same
three descriptions (draft, published, archived) of each producer.
"""

from __future__ import annotations

import copy

import pytest

from catalogue.accounts import service as accounts
from catalogue.datasets import service as datasets
from catalogue.errors import Conflict, Forbidden, InvalidTransition, NotFound, Unauthenticated, ValidationFailed
from catalogue.principal import ANONYMOUS, SYSTEM, Principal
from schemas.dataset import DatasetDescription

# Refusal classes, as labels (checked in this order: InvalidTransition is a Conflict).
INVALID, FORBIDDEN, UNAUTH, NOT_FOUND = "InvalidTransition", "Forbidden", "Unauthenticated", "DatasetNotFound"

# Actor kinds (accounts of tests/conftest.py Actors). There is no read-only ("viewer") role: the roles
# are editor and admin; a signed-in account with no membership and governance staff stand for
# "signed in, no say over this producer".
ACTORS = ("anonymous", "signed_in", "governance", "editor", "org_admin", "platform_admin", "other_org")
EMAILS = {"signed_in": "user@example.org", "governance": "governance@example.org",
          "editor": "editor@example.org", "org_admin": "orgadmin@example.org",
          "platform_admin": "admin@example.org", "other_org": "outsider@example.org"}

# (state, action) -> outcome for each actor kind, in the order of ACTORS: the state the description is in
# afterwards, or the refusal. `update` changes the content, never the state.
#                              anonymous  signed_in  governance editor       org_admin    platform_admin other_org
LIFECYCLE = {
    ("draft", "publish"):     (NOT_FOUND, NOT_FOUND, NOT_FOUND, "published", "published", "published", NOT_FOUND),
    ("draft", "unpublish"):   (NOT_FOUND, NOT_FOUND, NOT_FOUND, INVALID,     INVALID,     INVALID,     NOT_FOUND),
    ("draft", "archive"):     (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN,   "archived",  "archived",  NOT_FOUND),
    ("draft", "restore"):     (NOT_FOUND, NOT_FOUND, NOT_FOUND, INVALID,     INVALID,     INVALID,     NOT_FOUND),
    ("draft", "update"):      (NOT_FOUND, NOT_FOUND, NOT_FOUND, "draft",     "draft",     "draft",     NOT_FOUND),
    ("published", "publish"):   (INVALID, INVALID,   INVALID,   INVALID,     INVALID,     INVALID,     INVALID),
    ("published", "unpublish"): (UNAUTH,  FORBIDDEN, FORBIDDEN, "draft",     "draft",     "draft",     FORBIDDEN),
    ("published", "archive"):   (UNAUTH,  FORBIDDEN, FORBIDDEN, FORBIDDEN,   "archived",  "archived",  FORBIDDEN),
    ("published", "restore"):   (INVALID, INVALID,   INVALID,   INVALID,     INVALID,     INVALID,     INVALID),
    ("published", "update"):    (UNAUTH,  FORBIDDEN, FORBIDDEN, "published", "published", "published", FORBIDDEN),
    ("archived", "publish"):  (NOT_FOUND, NOT_FOUND, NOT_FOUND, INVALID,     INVALID,     INVALID,     NOT_FOUND),
    ("archived", "unpublish"): (NOT_FOUND, NOT_FOUND, NOT_FOUND, INVALID,    INVALID,     INVALID,     NOT_FOUND),
    ("archived", "archive"):  (NOT_FOUND, NOT_FOUND, NOT_FOUND, INVALID,     INVALID,     INVALID,     NOT_FOUND),
    ("archived", "restore"):  (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN,   "draft",     "draft",     NOT_FOUND),
    ("archived", "update"):   (NOT_FOUND, NOT_FOUND, NOT_FOUND, "archived",  "archived",  "archived",  NOT_FOUND),
}

# What each actor kind lists (datasets.service.list_page) and may read (datasets.service.get): published
# descriptions to everyone; drafts and archived ones to their producer's members and to platform admins.
ALL = {f"{org}-{state}" for org in ("chu", "other") for state in ("draft", "published", "archived")}
PUBLISHED = {"chu-published", "other-published"}
VISIBLE = {
    "anonymous": PUBLISHED,
    "signed_in": PUBLISHED,
    "governance": PUBLISHED,
    "editor": PUBLISHED | {"chu-draft", "chu-archived"},
    "org_admin": PUBLISHED | {"chu-draft", "chu-archived"},
    "platform_admin": ALL,
    "other_org": PUBLISHED | {"other-draft", "other-archived"},
}


def outcome_of(error: Exception) -> str:
    for cls, label in ((InvalidTransition, INVALID), (Unauthenticated, UNAUTH), (Forbidden, FORBIDDEN),
                       (NotFound, NOT_FOUND)):
        if isinstance(error, cls):
            return label
    return f"unexpected {type(error).__name__}: {error}"


def description(record: dict, dataset_id: str, producer: str, title: str) -> DatasetDescription:
    body = copy.deepcopy(record)
    body["id"] = dataset_id
    body["producer"] = {"id": producer, "name": producer, "type": "university_hospital", "country": "FR"}
    body["title"] = {"fr": title, "en": title}
    return DatasetDescription.model_validate(body)


def principals(container) -> dict[str, Principal]:
    with container.uow() as uow:
        found = {kind: Principal.of(accounts.find_user(uow, email)) for kind, email in EMAILS.items()}
    return {"anonymous": ANONYMOUS, **found}


@pytest.fixture
def world(container, actors, record) -> dict[str, Principal]:
    """chu-test and other-org each with a draft, a published and an archived description; the actors."""
    with container.uow() as uow:
        for org, producer in (("chu", "chu-test"), ("other", "other-org")):
            for state in ("draft", "published", "archived"):
                dataset_id = f"{org}-{state}"
                datasets.create(uow, SYSTEM, description(record, dataset_id, producer, f"Registre {dataset_id}"))
                if state != "draft":
                    datasets.transition(uow, SYSTEM, dataset_id, "publish")
                if state == "archived":
                    datasets.transition(uow, SYSTEM, dataset_id, "archive")
        uow.commit()
    return principals(container)


def attempt(container, record: dict, actor: Principal, state: str, action: str) -> str:
    """Take `action` on chu-test's `state` description as `actor`, in a transaction that is thrown away."""
    dataset_id = f"chu-{state}"
    with container.uow() as uow:
        try:
            if action == "update":
                datasets.update(uow, actor, dataset_id, description(record, dataset_id, "chu-test", "Changé"))
            else:
                datasets.transition(uow, actor, dataset_id, action)
        except (InvalidTransition, Unauthenticated, Forbidden, NotFound, Conflict, ValidationFailed) as error:
            return outcome_of(error)
        changed = datasets.get(uow, SYSTEM, dataset_id)
        if action == "update" and changed.record["title"]["fr"] != "Changé":
            return "update accepted but the content did not change"
        return changed.status


def test_the_table_covers_every_state_and_action():
    """The literal table itself is complete (3 states x 5 actions), so no row is skipped silently."""
    states, actions = ("draft", "published", "archived"), ("publish", "unpublish", "archive", "restore", "update")
    assert set(LIFECYCLE) == {(s, a) for s in states for a in actions}
    assert all(len(row) == len(ACTORS) for row in LIFECYCLE.values())


def test_every_state_action_and_actor_has_its_pinned_outcome(container, record, world):
    wrong = []
    for (state, action), row in LIFECYCLE.items():
        for kind, expected in zip(ACTORS, row, strict=True):
            got = attempt(container, record, world[kind], state, action)
            if got != expected:
                wrong.append(f"{kind} {action} on {state}: expected {expected}, got {got}")
    assert wrong == []
    with container.uow() as uow:  # nothing was committed: every row started from the same world
        assert {d: datasets.get(uow, SYSTEM, d).status for d in ALL} == {d: d.split("-")[1] for d in ALL}


def test_an_editor_may_not_archive_a_draft_nor_a_published_one_nor_restore(container, record, world):
    """Archiving and restoring are an admin decision (survivor f of the last mutation check)."""
    for state, action in (("draft", "archive"), ("published", "archive"), ("archived", "restore")):
        assert attempt(container, record, world["editor"], state, action) == FORBIDDEN
        assert attempt(container, record, world["org_admin"], state, action) in ("archived", "draft")
    with container.uow() as uow:
        with pytest.raises(Forbidden):
            datasets.transition(uow, world["editor"], "chu-draft", "archive")
    with container.uow() as uow:
        assert datasets.get(uow, SYSTEM, "chu-draft").status == "draft"


def test_publishing_sets_the_issued_date_and_unpublishing_keeps_it(container, record, world):
    with container.uow() as uow:
        datasets.transition(uow, world["editor"], "chu-draft", "publish")
        issued = datasets.get(uow, SYSTEM, "chu-draft").record["issued"]
        assert issued
        datasets.transition(uow, world["editor"], "chu-draft", "unpublish")
        assert datasets.get(uow, SYSTEM, "chu-draft").record["issued"] == issued


def test_listed_ids_equal_the_ids_each_actor_may_read(container, world):
    """datasets.service.list_page (the SQL) and datasets.service.get (the policy) agree with the table."""
    for kind, actor in world.items():
        with container.uow() as uow:
            total, items = datasets.list_page(uow, actor, page_size=100)
            listed = {d.id for d in items}
            readable = set()
            for dataset_id in ALL:
                try:
                    datasets.get(uow, actor, dataset_id)
                except NotFound:
                    continue
                readable.add(dataset_id)
        assert (kind, listed, total) == (kind, VISIBLE[kind], len(VISIBLE[kind]))
        assert (kind, readable) == (kind, VISIBLE[kind])


def test_a_status_filter_does_not_widen_what_is_listed(container, world):
    for kind, actor in world.items():
        for state in ("draft", "published", "archived"):
            with container.uow() as uow:
                _, items = datasets.list_page(uow, actor, status=state, page_size=100)
                listed = {d.id for d in items}
            assert (kind, state, listed) == (
                kind, state, {d for d in VISIBLE[kind] if d.endswith(state)})
