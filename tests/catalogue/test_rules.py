"""Unit tests of the domain rules: lifecycle table, policies, diff, completeness."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest

from catalogue import policies
from catalogue.datasets import lifecycle
from catalogue.datasets.completeness import RECOMMENDED, completeness
from catalogue.datasets.diff import changed_paths
from catalogue.datasets.models import Dataset
from catalogue.workflow import Move
from schemas.vocabularies import DatasetAction, DatasetStatus
from catalogue.errors import Forbidden, InvalidTransition, Unauthenticated
from catalogue.principal import ANONYMOUS, SYSTEM, Principal

EDITOR = Principal(user_id=1, roles={"org": "editor"})
ADMIN = Principal(user_id=2, roles={"org": "admin"})
OTHER = Principal(user_id=3, roles={"elsewhere": "admin"})
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def dataset(status: str) -> Dataset:
    return Dataset(id="d-1", organisation_id="org", status=status, record={"id": "d-1"})


def test_the_lifecycle_table_is_pinned():
    """Literal: a changed row (target, policy, reason, guard, acts) fails here."""
    write, archive = lifecycle.write, lifecycle.archive
    assert {key: (str(s.target), s.policy, s.needs_reason, s.guard) for key, s in lifecycle.LIFECYCLE.steps.items()} \
        == {("draft", "publish"): ("published", write, False, None),
            ("published", "unpublish"): ("draft", write, False, None),
            ("draft", "archive"): ("archived", archive, False, None),
            ("published", "archive"): ("archived", archive, False, None),
            ("archived", "restore"): ("draft", archive, False, None)}
    assert {name: (sorted(a.states), a.policy) for name, a in lifecycle.LIFECYCLE.acts.items()} == {
        "update": (["archived", "draft", "published"], write)}
    assert [str(s) for s in lifecycle.State] == list(get_args(DatasetStatus))
    assert lifecycle.ACTIONS == get_args(DatasetAction)


def test_publish_sets_dates_and_keeps_a_given_issued():
    item = dataset("draft")
    move = Move(item, "publish", EDITOR, NOW, previous="draft", target="published")
    lifecycle._publish(None, move)  # noqa: SLF001
    assert item.published_at == NOW and item.record["issued"] == "2026-01-02"
    assert move.notes["previous_record"] == {"id": "d-1"}
    item = Dataset(id="d", organisation_id="org", status="draft", record={"issued": "2001-01-01"})
    lifecycle._publish(None, Move(item, "publish", EDITOR, NOW, previous="draft", target="published"))  # noqa: SLF001
    assert item.record["issued"] == "2001-01-01"


def test_transitions_outside_the_table_are_refused():
    with pytest.raises(InvalidTransition, match="allowed from archived: restore"):
        lifecycle.LIFECYCLE.check(dataset("archived"), "publish", ADMIN, NOW)
    with pytest.raises(InvalidTransition):
        lifecycle.LIFECYCLE.check(dataset("draft"), "restore", ADMIN, NOW)


def test_transitions_are_authorised():
    with pytest.raises(Forbidden):
        lifecycle.LIFECYCLE.check(dataset("published"), "archive", EDITOR, NOW)
    with pytest.raises(Forbidden):
        lifecycle.LIFECYCLE.check(dataset("draft"), "publish", OTHER, NOW)
    with pytest.raises(Unauthenticated):
        lifecycle.LIFECYCLE.check(dataset("draft"), "publish", ANONYMOUS, NOW)


def test_what_each_actor_may_do_with_a_description():
    """The answer every front door shows: editors are not offered archive/restore (the policy refuses them)."""
    assert lifecycle.LIFECYCLE.allowed(dataset("draft"), EDITOR, NOW) == ["publish", "update"]
    assert lifecycle.LIFECYCLE.allowed(dataset("published"), EDITOR, NOW) == ["unpublish", "update"]
    assert lifecycle.LIFECYCLE.allowed(dataset("archived"), EDITOR, NOW) == ["update"]
    assert lifecycle.LIFECYCLE.allowed(dataset("draft"), ADMIN, NOW) == ["publish", "archive", "update"]
    assert lifecycle.LIFECYCLE.allowed(dataset("published"), ADMIN, NOW) == ["unpublish", "archive", "update"]
    assert lifecycle.LIFECYCLE.allowed(dataset("archived"), ADMIN, NOW) == ["restore", "update"]
    for who in (OTHER, ANONYMOUS):
        assert lifecycle.LIFECYCLE.allowed(dataset("draft"), who, NOW) == []
    answers = {a.action: a for a in lifecycle.LIFECYCLE.actions_for(dataset("published"), EDITOR, NOW)}
    assert answers["archive"].allowed is False and answers["archive"].code == "forbidden"
    assert answers["archive"].reason == "only admins of 'org' archive or restore its descriptions"


def test_policies():
    policies.write_dataset(EDITOR, "org")
    policies.write_dataset(SYSTEM, "anything")
    with pytest.raises(Forbidden):
        policies.write_dataset(OTHER, "org")
    with pytest.raises(Forbidden):
        policies.manage_organisation(EDITOR, "org")
    policies.manage_organisation(ADMIN, "org")
    with pytest.raises(Forbidden):
        policies.create_organisation(ADMIN)
    with pytest.raises(Unauthenticated):
        policies.manage_users(ANONYMOUS)
    assert policies.can_see_unpublished(EDITOR, "org") and not policies.can_see_unpublished(OTHER, "org")
    assert not policies.can_see_unpublished(Principal(user_id=9, is_governance=True), "org")


def test_changed_paths():
    old = {"a": 1, "b": {"c": [1], "d": "x"}, "gone": None}
    new = {"a": 1, "b": {"c": [1, 2], "d": "x"}, "added": 0}
    assert changed_paths(old, new) == ["added", "b.c", "gone"]
    assert changed_paths(None, {"a": 1}) == ["a"]


def test_completeness():
    empty = completeness({"title": {"fr": "x"}})
    assert empty["score"] == round(100 / len(RECOMMENDED))
    assert {"field": "volume.individuals", "why": RECOMMENDED["volume.individuals"]} in empty["missing"]
    full = {path.split(".")[0]: {} for path in RECOMMENDED}
    for path in RECOMMENDED:
        node = full
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = "value"
    assert completeness(full) == {"score": 100, "missing": []}
