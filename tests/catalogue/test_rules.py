"""Unit tests of the domain rules: lifecycle table, policies, diff, completeness."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue import policies
from catalogue.datasets import lifecycle
from catalogue.datasets.completeness import RECOMMENDED, completeness
from catalogue.datasets.diff import changed_paths
from catalogue.datasets.models import Dataset
from catalogue.errors import Forbidden, InvalidTransition, Unauthenticated
from catalogue.principal import ANONYMOUS, SYSTEM, Principal

EDITOR = Principal(user_id=1, roles={"org": "editor"})
ADMIN = Principal(user_id=2, roles={"org": "admin"})
OTHER = Principal(user_id=3, roles={"elsewhere": "admin"})
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def dataset(status: str) -> Dataset:
    return Dataset(id="d-1", organisation_id="org", status=status, record={"id": "d-1"})


def test_every_transition_in_the_table_applies():
    for (state, action), (target, _) in lifecycle.TRANSITIONS.items():
        item = dataset(state)
        assert lifecycle.apply(item, action, ADMIN, NOW) == state
        assert item.status == target


def test_publish_sets_dates_and_keeps_a_given_issued():
    item = dataset("draft")
    lifecycle.apply(item, "publish", EDITOR, NOW)
    assert item.published_at == NOW and item.record["issued"] == "2026-01-02"
    item = Dataset(id="d", organisation_id="org", status="draft", record={"issued": "2001-01-01"})
    lifecycle.apply(item, "publish", EDITOR, NOW)
    assert item.record["issued"] == "2001-01-01"


def test_transitions_outside_the_table_are_refused():
    with pytest.raises(InvalidTransition, match="allowed from archived: restore"):
        lifecycle.apply(dataset("archived"), "publish", ADMIN, NOW)
    with pytest.raises(InvalidTransition):
        lifecycle.apply(dataset("draft"), "restore", ADMIN, NOW)


def test_transitions_are_authorised():
    with pytest.raises(Forbidden):
        lifecycle.apply(dataset("published"), "archive", EDITOR, NOW)
    with pytest.raises(Forbidden):
        lifecycle.apply(dataset("draft"), "publish", OTHER, NOW)
    with pytest.raises(Unauthenticated):
        lifecycle.apply(dataset("draft"), "publish", ANONYMOUS, NOW)
    item = dataset("draft")
    with pytest.raises(Forbidden):
        lifecycle.apply(item, "publish", OTHER, NOW)
    assert item.status == "draft"


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
