"""What pages ask of organisations at scale: the names of the ids they show, the producers with the most
published descriptions (never every organisation: a national catalogue holds tens of thousands)."""

from __future__ import annotations

import copy

from catalogue.datasets import service as datasets
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from schemas.dataset import DatasetDescription
from schemas.organisations import OrganisationIn


def test_names_of_the_ids_asked_and_the_most_published_producers(container, record):
    with container.uow() as uow:
        for org_id, name in (("b-org", "Beta"), ("a-org", "Alpha"), ("c-org", "Gamma"), ("empty", "Zero")):
            organisations.create(uow, SYSTEM, OrganisationIn(id=org_id, name=name, type="hospital"))
        for n, org_id in enumerate(["a-org", "b-org", "b-org", "c-org", "c-org", "c-org"]):
            item = copy.deepcopy(record)
            item.update(id=f"desc-{n}")
            item["producer"] = {**item["producer"], "id": org_id}
            datasets.create(uow, SYSTEM, DatasetDescription.model_validate(item))
            if org_id != "c-org" or n < 5:  # c-org: two published, one draft
                datasets.transition(uow, SYSTEM, f"desc-{n}", "publish")
        uow.commit()
    with container.uow() as uow:
        assert organisations.names_of(uow, ["c-org", "a-org", "nope", "a-org"]) == {"a-org": "Alpha", "c-org": "Gamma"}
        assert organisations.names_of(uow, []) == {}
        many = [f"x{n}" for n in range(1200)] + ["b-org"]  # beyond one chunk of parameters
        assert organisations.names_of(uow, many) == {"b-org": "Beta"}
        top = [(org.id, count) for org, count in organisations.most_published(uow, 12)]
        assert top == [("b-org", 2), ("c-org", 2), ("a-org", 1)]  # most first, then by name; none without any
        assert [org.id for org, _ in organisations.most_published(uow, 1)] == ["b-org"]
