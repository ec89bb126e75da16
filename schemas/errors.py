"""Turn pydantic validation errors into {field, message} items that name the field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("body", "query", "path") and not parts:
            continue
        else:
            # Union members show up as extra path parts named after the type; keep only real fields.
            if isinstance(item, str) and ("[" in item or item.startswith(("function-", "constrained-"))):
                continue
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(root)"


def describe(error: ValidationError) -> list[dict[str, str]]:
    """One {field, message} per problem, without duplicates from union branches."""
    seen: set[tuple[str, str]] = set()
    items: list[dict[str, str]] = []
    for err in error.errors(include_url=False):
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field (not part of the exchange format)"
        key = (field_path(tuple(err["loc"])), message)
        if key not in seen:
            seen.add(key)
            items.append({"field": key[0], "message": message})
    return items


def summary(items: list[dict[str, str]], limit: int = 5) -> str:
    text = "; ".join(f"{i['field']}: {i['message']}" for i in items[:limit])
    return text + (f"; and {len(items) - limit} more" if len(items) > limit else "")
