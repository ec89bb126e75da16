"""Saved searches on the web pages: save from the search page, list and delete on /me/saved-searches, and the
page of an alert's link, which stops the alerts without signing in (GET only shows, POST stops)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.saved_searches.test_alerts import MUCO, alerts, publish
from tests.web.helpers import csrf_of, post_form, sign_in


def test_save_from_the_search_page_list_and_delete(client, actors, record):
    publish(client, actors, record, "registre-test")
    assert "Enregistrer cette recherche" not in client.get("/search?q=mucoviscidose").text  # signed out: no form
    sign_in(client, "user")
    page = "/search?q=mucoviscidose&filter=producer.id:chu-test&age_max=60&sort=newest"
    html = client.get(page).text
    assert 'action="/me/saved-searches"' in html
    response = post_form(client, page, "/me/saved-searches", {
        "name": "Muco CHU", "delivery": "daily", "q": "mucoviscidose", "filter": "producer.id:chu-test",
        "age_max": "60"})
    assert response.status_code == 303 and response.headers["location"] == "/me/saved-searches"
    saved = client.get("/api/v1/me/saved-searches", headers=actors["user"]).json()
    assert [(s["name"], s["delivery"], s["search"]) for s in saved] == [
        ("Muco CHU", "daily", {"q": "mucoviscidose", "filters": {"producer.id": ["chu-test"]}, "age_max": 60})]
    listing = client.get("/me/saved-searches").text
    assert "Muco CHU" in listing
    assert "/search?q=mucoviscidose&amp;filter=producer.id%3Achu-test&amp;age_max=60" in listing
    assert 'href="/me/saved-searches"' in client.get("/me").text
    response = post_form(client, page, "/me/saved-searches", {"name": "", "q": "x"})  # no name: back, nothing saved
    assert response.status_code == 303 and response.headers["location"].startswith("/search?q=x")
    assert len(client.get("/api/v1/me/saved-searches", headers=actors["user"]).json()) == 1
    response = post_form(client, "/me/saved-searches", f"/me/saved-searches/{saved[0]['id']}/delete")
    assert response.status_code == 303
    assert client.get("/api/v1/me/saved-searches", headers=actors["user"]).json() == []
    assert "Aucune recherche enregistrée" in client.get("/me/saved-searches").text


def test_another_users_saved_search_cannot_be_deleted_from_the_web(client, actors):
    saved = client.post("/api/v1/me/saved-searches", headers=actors["user"],
                        json={"name": "Muco", "search": {"q": "mucoviscidose"}}).json()
    sign_in(client, "outsider")
    response = post_form(client, "/me/saved-searches", f"/me/saved-searches/{saved['id']}/delete")
    assert response.status_code == 404
    assert len(client.get("/api/v1/me/saved-searches", headers=actors["user"]).json()) == 1


def test_the_alert_link_stops_alerts_without_signing_in(client, actors, record, container):
    publish(client, actors, record, "registre-test")
    client.post("/api/v1/me/saved-searches", headers=actors["user"],
                json={"name": "Muco", "search": {"q": "mucoviscidose"}})
    publish(client, actors, record, "muco", MUCO)
    link = alerts(client, actors)[0]["link"]
    with TestClient(client.app) as stranger:  # no session: whoever holds the link
        page = stranger.get(link)
        assert page.status_code == 200 and "Muco" in page.text and "Arrêter ces alertes" in page.text
        assert re.search(r'href="/search\?q=mucoviscidose"', page.text)
        response = stranger.post(link, data={"csrf_token": csrf_of(page.text)})
        assert response.status_code == 200 and "Ces alertes sont arrêtées" in response.text
        assert stranger.post(link, data={"csrf_token": "forged"}).status_code == 403
        for bad in (link[:-2], "/saved-searches/unsubscribe/nope"):
            assert stranger.get(bad).status_code == 404
    assert client.get("/api/v1/me/saved-searches", headers=actors["user"]).json()[0]["alerts"] is False
