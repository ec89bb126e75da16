"""What changed between two exchange records, as dotted paths."""

from __future__ import annotations

from typing import Any


def changed_paths(old: dict[str, Any] | None, new: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths whose value differs; objects are walked, lists and scalars compared whole."""
    old = old or {}
    paths: list[str] = []
    for key in sorted(set(old) | set(new)):
        path = f"{prefix}{key}"
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            paths.extend(changed_paths(a, b, f"{path}."))
        elif a != b or (key in old) != (key in new):
            paths.append(path)
    return paths
