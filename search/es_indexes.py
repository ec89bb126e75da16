"""Versioned Elasticsearch indexes behind aliases: creation on first use, the rebuild's swap, clean-up.

For ``prefix="catalogue"``:

- ``catalogue-v<index version>-<ns timestamp>``: the physical indexes (search/es_mapping.py); the
  index version is the mapping's and the text analysis's (search/index_version.py): an index of
  another one is ``stale``;
- ``catalogue``: the live alias, held by exactly one index as its write index (Elasticsearch itself
  refuses a second write index, which settles races between processes creating it);
- ``catalogue-building``: held by the index a rebuild is filling; writes go to both meanwhile.

Alias changes are single ``update_aliases`` calls, atomic for searches. One that loses a race
(``must_exist`` failed, index gone, second write index) is retried from a fresh reading.
"""

from __future__ import annotations

import re
import time
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from search.es_mapping import SCHEMA_VERSION, mappings, settings
from search.index_version import index_version
from search.port import SearchUnavailable

_RACED = {404, 500}  # alias action lost a race: alias moved, index gone, two write indexes
_ATTEMPTS = 3


class AliasedIndexes:
    """The indexes and aliases of one prefix on one cluster."""

    def __init__(self, client: Elasticsearch, prefix: str) -> None:
        self.client = client
        self.alias = prefix
        self.building = f"{prefix}-building"
        self.version = index_version(SCHEMA_VERSION)
        self._versioned = re.compile(rf"^{re.escape(prefix)}-v(\d+(?:-[0-9a-f]+)?)-(\d+)$")

    def holders(self) -> dict[str, list[str]]:
        """The physical indexes holding the live and the building alias."""
        found = self.client.options(ignore_status=404).indices.get_alias(name=[self.alias, self.building])
        out: dict[str, list[str]] = {self.alias: [], self.building: []}
        for index, info in found.body.items():
            if isinstance(info, dict):  # a 404 for one alias still lists the other, next to "error"
                for alias in info.get("aliases", {}):
                    if alias in out:
                        out[alias].append(index)
        return out

    def write_targets(self) -> list[str]:
        """The live alias (made if missing or of another schema version), and the building alias while
        a rebuild runs: a document written during a rebuild must be in the index that replaces this one."""
        holders = self.holders()
        if not any(self._current(index) for index in holders[self.alias]):
            self.ensure_live()
            holders = self.holders()
        return [self.alias] + ([self.building] if holders[self.building] else [])

    def stale(self) -> bool:
        """The live alias is held by an index of another mapping or text analysis (rebuild it)."""
        live = self.holders()[self.alias]
        return bool(live) and not any(self._current(index) for index in live)

    def physical(self) -> dict[str, set[str]]:
        """Every index of this prefix with the aliases it holds."""
        found = self.client.indices.get_alias(index=f"{self.alias}-v*")
        return {index: set(info["aliases"]) for index, info in found.body.items() if self._versioned.match(index)}

    def create(self, building: bool = False) -> str:
        name = f"{self.alias}-v{self.version}-{time.time_ns()}"
        self.client.indices.create(index=name, settings=settings(building), mappings=mappings())
        return name

    def ensure_live(self) -> None:
        """An empty index behind the live alias when none, or one of another schema version, holds it
        (the catalogue then rebuilds it, as with the Tantivy engine). When processes race here,
        Elasticsearch refuses all but the first write index and the losers drop theirs."""
        for _ in range(_ATTEMPTS):
            live = self.holders()[self.alias]
            if any(self._current(index) for index in live):
                return
            name = self.create()
            actions = [{"remove": {"index": old, "alias": self.alias, "must_exist": True}} for old in live]
            try:
                self._update(actions + [{"add": {"index": name, "alias": self.alias, "is_write_index": True}}])
            except _Raced:
                self.drop([name])
                continue
            self.drop(live)
            return
        raise SearchUnavailable(f"the alias {self.alias} keeps changing; try again")

    def claim_building(self, name: str) -> None:
        """Give the building alias to `name`, taking it from a rebuild that crashed or is superseded."""
        for _ in range(_ATTEMPTS):
            stale = self.holders()[self.building]
            actions = [{"remove": {"index": index, "alias": self.building}} for index in stale]
            try:
                self._update(actions + [{"add": {"index": name, "alias": self.building, "is_write_index": True}}])
                return
            except _Raced:
                continue
        raise SearchUnavailable(f"the alias {self.building} keeps changing; try again")

    def publish(self, name: str) -> bool:
        """Move the live alias to `name` and take its building alias away, in one atomic update.
        False when another rebuild has taken the building alias over (that one publishes)."""
        for _ in range(_ATTEMPTS):
            holders = self.holders()
            if name not in holders[self.building]:
                return False
            actions = [{"remove": {"index": old, "alias": self.alias, "must_exist": True}}
                       for old in holders[self.alias]]
            actions += [{"remove": {"index": name, "alias": self.building, "must_exist": True}},
                        {"add": {"index": name, "alias": self.alias, "is_write_index": True}}]
            try:
                self._update(actions)
                return True
            except _Raced:
                continue
        raise SearchUnavailable(f"the alias {self.alias} keeps changing; the rebuild was not published")

    def drop(self, names: list[str]) -> None:
        if names:
            self.client.options(ignore_status=404).indices.delete(index=names)

    def drop_orphans(self, older_than: str) -> None:
        """Indexes created before `older_than` that no alias points to any more: the previous live
        index, a crashed or superseded rebuild's. (Newer ones may be a rebuild about to claim its alias.)"""
        limit = self._timestamp(older_than)
        self.drop([index for index, aliases in self.physical().items()
                   if not aliases and self._timestamp(index) < limit])

    def drop_all(self) -> None:
        self.drop(list(self.physical()))

    def _current(self, index: str) -> bool:
        match = self._versioned.match(index)
        return match is not None and match.group(1) == self.version

    def _timestamp(self, index: str) -> int:
        match = self._versioned.match(index)
        return int(match.group(2)) if match else 0

    def _update(self, actions: list[dict[str, Any]]) -> None:
        try:
            self.client.indices.update_aliases(actions=actions)
        except ApiError as exc:
            if exc.meta.status in _RACED:
                raise _Raced() from exc
            raise


class _Raced(Exception):
    """An alias update lost a race with another process; read the aliases again and retry."""
