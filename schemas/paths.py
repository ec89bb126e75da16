"""Dotted paths into exchange-format records ("access.audiences.startup")."""

from __future__ import annotations

from typing import Any


def value_at(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any step is missing or not an object."""
    node: Any = record
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
