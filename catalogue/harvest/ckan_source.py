"""A CKAN portal as a harvest source, read with the `ckanapi` client (package_search, pages of full packages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckanapi
import requests

USER_AGENT = "meetmydata-harvester/0.1 (+ckanapi)"


class SourceUnavailable(Exception):
    """The portal cannot be read (network, HTTP or API error); the run stops and says why."""


class CkanSource:
    """Pages of packages of a CKAN portal, in name order (stable while paging), public ones only."""

    kind = "ckan"

    def __init__(self, url: str, *, organization: str | None = None, query: str | None = None,
                 rows: int = 100, client: Any | None = None) -> None:
        self.url = url.rstrip("/")
        self.organization, self.query, self.rows = organization, query, rows
        self._client = client

    def _search(self, client: Any, start: int) -> dict[str, Any]:
        params: dict[str, Any] = {"q": self.query or "*:*", "rows": self.rows, "start": start, "sort": "name asc"}
        if self.organization:
            params["fq"] = f'organization:"{self.organization}"'
        try:
            return client.action.package_search(**params)
        except (ckanapi.errors.CKANAPIError, requests.RequestException, ValueError) as exc:
            raise SourceUnavailable(f"{self.url}: package_search failed at start={start}: {exc}") from exc

    def pages(self) -> Iterator[list[dict[str, Any]]]:
        client = self._client or ckanapi.RemoteCKAN(self.url, user_agent=USER_AGENT)
        start = 0
        try:
            while True:
                result = self._search(client, start)
                packages = result.get("results") or []
                if not packages:
                    return
                yield packages
                start += len(packages)
                if start >= int(result.get("count") or 0):
                    return
        finally:
            if self._client is None:
                client.close()
