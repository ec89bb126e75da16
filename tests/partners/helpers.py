"""Shared steps of the collaboration-matching tests: descriptions seeking partners, offers."""

from __future__ import annotations

import copy

OFFER = "/api/v1/me/offer"
PRODUCERS = {"editor": ("chu-test", "CHU Test"), "outsider": ("other-org", "Other producer")}
# (id, who writes it, seeking, health categories, published)
DESCRIPTIONS = [
    ("alpha-cardio", "editor", ["algorithm_validation", "co_development"], ["HRAD", "EHRS"], True),
    ("beta-registre", "editor", ["algorithm_validation"], ["HRAD"], True),
    ("gamma-cohorte", "editor", ["funding"], ["HRAD"], True),
    ("delta-entrepot", "editor", ["co_development"], ["EHRS"], True),
    ("epsilon-autre", "outsider", ["algorithm_validation"], ["PHDR"], True),
    ("zeta-brouillon", "editor", ["algorithm_validation", "co_development"], ["HRAD"], False),
]


def seeking(record: dict, dataset_id: str, who: str, wanted: list[str], categories: list[str]) -> dict:
    data = copy.deepcopy(record)
    data["id"] = dataset_id
    organisation, name = PRODUCERS[who]
    data["producer"] = {**data["producer"], "id": organisation, "name": name}
    data["typology"]["health_categories"] = categories
    data["collaboration"] = {"seeking": wanted}
    return data


def describe_all(client, actors, record) -> None:
    for dataset_id, who, wanted, categories, published in DESCRIPTIONS:
        response = client.post("/api/v1/datasets", json=seeking(record, dataset_id, who, wanted, categories),
                               headers=actors[who])
        assert response.status_code == 201, response.text
        if published:
            response = client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors[who])
            assert response.status_code == 200, response.text


def offer(client, actors, who="user", **changes) -> dict:
    body = {"offers": ["co_development", "algorithm_validation"], "fields": ["HRAD"],
            "skills": "Deep learning on ECGs", "visible_to_producers": True, **changes}
    response = client.put(OFFER, json=body, headers=actors[who])
    assert response.status_code == 200, response.text
    return response.json()
