"""The basket's rules in the domain, on both SQL stores (SQLite, PostgreSQL: the basket is a table; search and
files stay embedded, so PostgreSQL alone runs them): published descriptions only, duplicates ignored, at most
MAX_ITEMS, an owner's basket only; and the checklist of a request not filed yet (access_requests.preview).
The web tests (test_web.py) run on the whole production stack too."""

from __future__ import annotations

import copy

import pytest

from catalogue.access_requests import preview
from catalogue.accounts import repository as accounts_repo
from catalogue.baskets import service as baskets
from catalogue.baskets.errors import BasketFull, NotInBasket
from catalogue.datasets.errors import DatasetNotFound
from catalogue.errors import Unauthenticated
from catalogue.principal import ANONYMOUS, Principal
from catalogue.settings import Settings
from tests.contracts.sql_stores import STORES, database_url
from tests.web.helpers import publish


@pytest.fixture(params=STORES)
def settings(request, tmp_path) -> Settings:
    """The `container`, `client` and `actors` of tests/conftest.py, on each SQL store."""
    return Settings(env="test", data_dir=tmp_path / "var", outbox_interval_seconds=3600,
                    database_url=database_url(request.param, tmp_path))


def person(container, who: str) -> Principal:
    with container.uow() as uow:
        return Principal.of(accounts_repo.user_by_email(uow.session, f"{who}@example.org"))


def published(client, actors, record, *ids: str) -> None:
    for dataset_id in ids:
        publish(client, actors["editor"], {**copy.deepcopy(record), "id": dataset_id})


def test_add_keeps_the_order_and_ignores_duplicates(client, actors, record, container):
    published(client, actors, record, "b-second", "a-first")
    user = person(container, "user")
    with container.uow() as uow:
        assert baskets.add(uow, user, "b-second") is True
        assert baskets.add(uow, user, "a-first") is True
        assert baskets.add(uow, user, "b-second") is False
        uow.commit()
    with container.uow() as uow:
        basket = baskets.contents(uow, user)
        assert basket.ids == ["b-second", "a-first"] and basket.producers == ["chu-test"] and basket.gone == []
        assert baskets.ids(uow, user) == {"a-first", "b-second"}


def test_only_published_descriptions_go_in(client, actors, record, container):
    assert client.post("/api/v1/datasets", json=record, headers=actors["editor"]).status_code == 201  # a draft
    user = person(container, "user")
    with container.uow() as uow:
        for unknown in (record["id"], "nothing-here", "", "x" * 5000):
            with pytest.raises(DatasetNotFound, match="no published dataset description"):
                baskets.add(uow, user, unknown)
        assert baskets.ids(uow, user) == set()


def test_unpublished_since_it_is_listed_apart_and_left_out_of_the_checklist(client, actors, record, container):
    published(client, actors, record, "registre-test")
    user = person(container, "user")
    with container.uow() as uow:
        baskets.add(uow, user, "registre-test")
        uow.commit()
    assert client.post("/api/v1/datasets/registre-test/unpublish", headers=actors["editor"]).status_code == 200
    with container.uow() as uow:
        basket = baskets.contents(uow, user)
    assert (basket.ids, basket.gone) == ([], ["registre-test"])
    assert basket.report["blocking"][0] == {"field": "datasets", "message": "name at least one published description",
                                            "code": "no_dataset", "params": {}}


def test_at_most_max_items(client, actors, record, container, monkeypatch):
    assert baskets.MAX_ITEMS == 20
    monkeypatch.setattr(baskets, "MAX_ITEMS", 2)
    published(client, actors, record, "one", "two", "three")
    user = person(container, "user")
    with container.uow() as uow:
        baskets.add(uow, user, "one")
        baskets.add(uow, user, "two")
        assert baskets.add(uow, user, "two") is False  # a duplicate of a full basket is no refusal
        with pytest.raises(BasketFull, match="at most 2 datasets"):
            baskets.add(uow, user, "three")
        baskets.remove(uow, user, "one")
        assert baskets.add(uow, user, "three") is True


def test_a_basket_is_its_owners_only(client, actors, record, container):
    published(client, actors, record, "registre-test")
    user, other = person(container, "user"), person(container, "outsider")
    with container.uow() as uow:
        baskets.add(uow, user, "registre-test")
        uow.commit()
    with container.uow() as uow:
        assert baskets.ids(uow, other) == set() and baskets.contents(uow, other).ids == []
        with pytest.raises(NotInBasket):
            baskets.remove(uow, other, "registre-test")
        baskets.drop(uow, other, ["registre-test"])  # drops nothing of anyone else's
        uow.commit()
    with container.uow() as uow:
        assert baskets.ids(uow, user) == {"registre-test"}
        assert baskets.ids(uow, ANONYMOUS) == set()
        for call in (lambda: baskets.add(uow, ANONYMOUS, "registre-test"), lambda: baskets.contents(uow, ANONYMOUS),
                     lambda: baskets.remove(uow, ANONYMOUS, "registre-test")):
            with pytest.raises(Unauthenticated):
                call()


def terms(dataset_id: str, procedure: str, startup: str = "yes", bases: tuple[str, ...] = ("consent",)) -> dict:
    return {"id": dataset_id, "title": {"en": dataset_id.title()},
            "access": {"audiences": {"academic": "yes", "startup": startup}, "procedure": {"en": procedure},
                       "legal_bases": list(bases)},
            "health_data_hub": {"relationship": "independent"}}


def test_the_checklist_before_the_choices_asks_for_them():
    report = preview.report([terms("one", "Send the protocol.")], None, None)
    assert report["blocking"] == [
        {"field": "requester_organisation_type", "message": "choose one", "code": "choose", "params": {}},
        {"field": "legal_route", "message": "choose one", "code": "choose", "params": {}},
        {"field": "attachments.protocol", "code": "required", "params": {"kind": "protocol"},
         "message": "required: the procedure of dataset 'one' (One) asks for a protocol"},
    ]
    assert (report["complete"], report["refusals"], report["flags"], report["milestones"]) == (False, [], [], {})


def test_the_checklist_grows_with_each_dataset_and_applies_every_rule_once_chosen():
    one, two = terms("one", "Send the protocol."), terms("two", "An ethics committee opinion.", startup="no")
    assert sorted(preview.report([one], "startup", "consent")["attachments"]) == ["protocol"]
    report = preview.report([one, two], "startup", "consent", attached={"protocol"})
    assert sorted(report["attachments"]) == ["ethics_opinion", "protocol"]
    assert report["blocking"] == [
        {"field": "requester_organisation_type", "code": "audience_closed",
         "params": {"dataset": "two", "title": {"en": "Two"}, "audience": "startup"},
         "message": "dataset 'two' (Two) is not open to startup requesters (access.audiences.startup = no)"},
        {"field": "attachments.ethics_opinion", "code": "required", "params": {"kind": "ethics_opinion"},
         "message": "required: the procedure of dataset 'two' (Two) requires an ethics committee opinion"},
    ]
    cnil = preview.report([one], "academic", "CNIL-authorisation", attached={"protocol", "dpia"})
    assert sorted(cnil["milestones"]) == ["cesrees_opinion", "cnil_authorisation"] and cnil["blocking"] == []
