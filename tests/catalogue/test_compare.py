"""The rule of a comparison (two to four descriptions, each once, only those the actor may see), pinned."""

from __future__ import annotations

import copy

import pytest

from catalogue.datasets import compare as comparing
from catalogue.datasets import service as datasets
from catalogue.organisations import service as organisations
from catalogue.principal import ANONYMOUS, SYSTEM
from schemas.dataset import DatasetDescription
from schemas.organisations import OrganisationIn

PUBLISHED = ["pub-a", "pub-b", "pub-c", "pub-d", "pub-e"]


@pytest.fixture
def stored(container, record):
    """Five published descriptions and one draft of 'chu-test'."""
    with container.uow() as uow:
        organisations.create(uow, SYSTEM, OrganisationIn(id="chu-test", name="CHU Test", type="university_hospital"))
        for dataset_id in [*PUBLISHED, "draft-f"]:
            item = copy.deepcopy(record)
            item["id"] = dataset_id
            datasets.create(uow, SYSTEM, DatasetDescription.model_validate(item))
            if dataset_id != "draft-f":
                datasets.transition(uow, SYSTEM, dataset_id, "publish")
        uow.commit()
    return container


@pytest.mark.parametrize(("asked", "shown", "missing", "repeated", "problem"), [
    (["pub-a", "pub-b"], ["pub-a", "pub-b"], [], False, None),
    (["pub-d", "pub-a", "pub-c", "pub-b"], ["pub-d", "pub-a", "pub-c", "pub-b"], [], False, None),  # asked order
    (["pub-a", "pub-b", "pub-a", " pub-b "], ["pub-a", "pub-b"], [], True, None),
    (["pub-a", "nope", "pub-b"], ["pub-a", "pub-b"], ["nope"], False, None),
    (["pub-a", "draft-f", "pub-b"], ["pub-a", "pub-b"], ["draft-f"], False, None),  # a draft: not to the public
    (PUBLISHED, PUBLISHED, [], False, "too_many"),
    (["pub-a"], ["pub-a"], [], False, "too_few"),
    (["pub-a", "pub-a"], ["pub-a"], [], True, "too_few"),
    ([], [], [], False, "too_few"),
    (["", "  "], [], [], False, "too_few"),
    (["pub-a", "draft-f"], ["pub-a"], ["draft-f"], False, "not_found"),
    (["pub-a", "Not A Slug!", "x" * 500], ["pub-a"], ["Not A Slug!", "x" * 500], False, "not_found"),
])
def test_what_an_anonymous_visitor_may_compare(stored, asked, shown, missing, repeated, problem):
    with stored.uow() as uow:
        found = comparing.compare(uow, ANONYMOUS, asked)
        assert [d.id for d in found.datasets] == shown
    assert (found.missing, found.repeated, found.problem) == (missing, repeated, problem)


def test_only_so_many_ids_are_looked_up(stored):
    asked = [f"x-{n}" for n in range(100)] + ["pub-a"]
    with stored.uow() as uow:
        found = comparing.compare(uow, ANONYMOUS, asked)
    assert found.asked == 101 and len(found.missing) == comparing.LOOKED_UP and found.problem == "too_many"


def test_whoever_may_see_a_draft_compares_it(stored):  # its producer: tests/web/test_compare.py
    with stored.uow() as uow:
        found = comparing.compare(uow, SYSTEM, ["draft-f", "pub-a"])
        assert [d.id for d in found.datasets] == ["draft-f", "pub-a"] and found.problem is None
