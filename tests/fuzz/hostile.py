"""Hostile values the random phases rarely draw, put in every parameter and body field.

The red-team report (issue 10) found its server errors with values like these: integers beyond
64 bits in ids and filters, 1e400, lone surrogates, CJK prefixes, control characters, repeated
parameters, deeply nested JSON. Random generation almost never produces them within a CI budget,
so each operation gets them explicitly: one parameter or body leaf at a time, the rest valid.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator

from schemathesis import GenerationMode
from schemathesis.core import NOT_SET

# Query and path values, as text on the wire ("%ED%A0%80" is a lone surrogate in UTF-8's disguise).
TEXT_VALUES = [
    "18446744073709551616", "-9223372036854775809", "1e400", "細胞", "%ED%A0%80", "a\x00b", "a\r\nb",
    "x" * 5000, "-1",
]
# JSON leaf values (requests escapes the lone surrogate as \ud800, a legal JSON escape).
JSON_VALUES = [
    2**63, -(2**63) - 1, 2**64, 10**30, 1e308, -0.0, "\ud800",
    "細胞", "a\x00b", "a\r\nb\u202e", "x" * 20000, "", [], {}, None, True, [[[[[[[[[[1]]]]]]]]]],
]
MAX_LEAVES = 80  # per body: enough for a whole dataset description


def _leaves(value: object, path: tuple = ()) -> Iterator[tuple]:
    """Paths of every scalar and empty container of a JSON value."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replaced(body: object, path: tuple, value: object) -> object:
    body = copy.deepcopy(body)
    if not path:
        return value
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return body


def base_case(operation, coverage: list, known: dict[str, list[object]], bodies: dict[str, object]):
    """A valid case to start from: real ids, the seeded body when there is one, else a positive one."""
    positive = [c for c in coverage if c.meta and c.meta.generation.mode == GenerationMode.POSITIVE]
    start = positive[0] if positive else (coverage[0] if coverage else None)
    path = {p.name: (known[p.name][0] if p.name in known else (start.path_parameters.get(p.name) if start else "x"))
            for p in operation.path_parameters}
    body = bodies.get(operation.label, NOT_SET if start is None else start.body)
    media_type = start.media_type if start is not None else None
    return dict(path_parameters=path, query=dict(start.query or {}) if start else {}, body=body,
                media_type=media_type)


def hostile_cases(operation, coverage: list, known: dict[str, list[object]], bodies: dict[str, object]) -> list:
    """One case per (parameter, hostile value), and per body leaf (the hostile values in turn)."""
    base = base_case(operation, coverage, known, bodies)
    cases = []

    def make(**changes):
        fields = {**base, **changes}
        if fields["body"] is NOT_SET:
            fields.pop("body")
            fields.pop("media_type")
        cases.append(operation.Case(**fields))

    for parameter in operation.path_parameters:
        for value in TEXT_VALUES:
            make(path_parameters={**base["path_parameters"], parameter.name: value})
    for parameter in operation.query:
        for value in TEXT_VALUES:
            make(query={**base["query"], parameter.name: value})
        make(query={**base["query"], parameter.name: ["a", "b"]})  # repeated: ?x=a&x=b
    body = base["body"]
    if base.get("media_type") == "application/json" and isinstance(body, (dict, list)):
        values = itertools.cycle(JSON_VALUES)
        for path in itertools.islice(_leaves(body), MAX_LEAVES):
            make(body=_replaced(body, path, next(values)))
    return cases


SENTINEL = "__fuzz_number__"
NUMBER_TOKENS = ["1e400", "-1e400", "NaN", "Infinity", "1" * 5000]


def raw_bodies(body: object = None) -> list[tuple[str, bytes]]:
    """Bodies no JSON encoder writes: nested beyond any stack, not UTF-8, 1e400/NaN in a number field."""
    deep = b"[" * 100_000 + b"]" * 100_000
    raws = [("deep", deep), ("deep-object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
            ("latin-1", '{"title": "caf\xe9"}'.encode("latin-1")), ("number", b'{"rows": 1e400}'),
            ("truncated", b'{"a": [1, 2'), ("empty", b"")]
    numbers = [path for path in _leaves(body) if path and isinstance(_get(body, path), (int, float))
               and not isinstance(_get(body, path), bool)]
    for path, token in zip(numbers * len(NUMBER_TOKENS), NUMBER_TOKENS * len(numbers), strict=True):
        text = json.dumps(_replaced(body, path, SENTINEL)).replace(f'"{SENTINEL}"', token)
        raws.append((f"{'.'.join(map(str, path))}={token[:8]}", text.encode()))
    return raws


def _get(body: object, path: tuple) -> object:
    for step in path:
        body = body[step]  # type: ignore[index]
    return body
