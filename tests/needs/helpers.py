"""Shared steps of the needs-board tests: publish a description, post a need, read notifications."""

from __future__ import annotations

import copy
import datetime as dt

URL = "/api/v1/needs"
FUTURE = (dt.date.today() + dt.timedelta(days=60)).isoformat()


def need_body(**changes: object) -> dict:
    body: dict = {"title": "Hospital stays of children with asthma", "description": "For a prediction model.",
                  "themes": ["HRAD"], "purpose": "research", "deadline": FUTURE}
    body.update(changes)
    return body


def description(record: dict, dataset_id: str, **typology: object) -> dict:
    data = copy.deepcopy(record)
    data["id"] = dataset_id
    data["typology"].update(typology)
    return data


def publish(client, actors, record, dataset_id, who="editor", **typology):
    response = client.post("/api/v1/datasets", json=description(record, dataset_id, **typology), headers=actors[who])
    assert response.status_code == 201, response.text
    response = client.post(f"/api/v1/datasets/{dataset_id}/publish", headers=actors[who])
    assert response.status_code == 200, response.text


def post(client, actors, who="user", **changes):
    response = client.post(URL, json=need_body(**changes), headers=actors[who])
    assert response.status_code == 201, response.text
    return response.json()


def events(client, actors, who, prefix="need_"):
    return [n for n in client.get("/api/v1/notifications", headers=actors[who]).json()
            if n["event"].startswith(prefix)]
