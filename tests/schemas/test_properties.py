"""Property tests of the exchange format (issue 10): any JSON-like input gives a model or a
ValidationError, never another exception; a valid model always projects to a search document that
every store can hold (UTF-8 JSON, the embedded engine's document)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.dataset import DatasetDescription
from schemas.errors import describe
from search.document import project
from search.tantivy_engine import TantivyEngine
from tests.conftest import corpus_records

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point, lone surrogates and controls included: what a JSON body can carry.
ANY_TEXT = (st.text(st.characters(exclude_categories=()), max_size=30)
            | st.text(st.characters(categories=["Cs", "Cc", "Cn"]) | st.sampled_from("ab "), max_size=5))
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | ANY_TEXT)
JSON_LIKE = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(ANY_TEXT | st.sampled_from(["fr", "en", "id", "title"]), inner, max_size=4),
                         max_leaves=12)
# Values a valid record plausibly holds at any place: codes, dates, numbers near the bounds.
NEAR_VALID = (st.sampled_from(["FR", "CH", "ZZ", "fr", "qq", "FR-IDF", "2020-01-01", "1699-12-31", "https://example.org/x",
                               "https://example.org/{x}", "PUBLIC", "yes", "registry", "x", "", " "])
              | st.sampled_from([0, 1, 150, 151, 2**53 - 1, 2**53, 10**10, 10**10 + 1, 2**63, -1])
              | ANY_TEXT)

_engine = TantivyEngine(None)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside a record (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        out += paths(child, (*prefix, key))
    return out


def mutated(record: dict, path: tuple, value: Any) -> dict:
    out = copy.deepcopy(record)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def check(data: Any) -> None:
    """The model or a ValidationError that names fields; a model always projects and can be stored."""
    try:
        description = DatasetDescription.model_validate(data)
    except ValidationError as exc:
        assert all(item["field"] for item in describe(exc))
        return
    json.dumps(description.to_record(), ensure_ascii=False).encode("utf-8")  # any store takes it
    document = project(description)
    document.model_dump_json()
    _engine._document(document)  # the embedded engine's conversion (numbers within its 64-bit fields)


@EXAMPLES
@given(JSON_LIKE)
def test_any_json_like_input_is_a_model_or_a_validation_error(data):
    check(data)


@EXAMPLES
@given(st.data())
def test_a_corpus_record_with_any_value_anywhere(data):
    records = corpus_records()
    record = records[data.draw(st.integers(0, len(records) - 1))]
    path = data.draw(st.sampled_from(paths(record)))
    check(mutated(record, path, data.draw(NEAR_VALID | JSON_LIKE)))


@EXAMPLES
@given(st.data())
def test_valid_records_with_random_text_always_project(data):
    """Text anywhere in a valid record: refused by name when unsafe, else projected and stored."""
    record = corpus_records()[0]
    text_paths = [p for p in paths(record) if isinstance(mutated_value(record, p), str)]
    path = data.draw(st.sampled_from(text_paths))
    check(mutated(record, path, data.draw(ANY_TEXT)))


@EXAMPLES
@given(st.data())
def test_valid_records_with_any_number_always_project(data):
    """Any integer at any number of a valid record: refused by name when out of bounds, else projected."""
    record = corpus_records()[0]
    number_paths = [p for p in paths(record) if type(mutated_value(record, p)) is int]
    path = data.draw(st.sampled_from(number_paths + [("volume", "individuals"), ("population", "min_age")]))
    check(mutated(record, path, data.draw(st.integers() | st.integers(min_value=2**62, max_value=2**64))))


def mutated_value(record: dict, path: tuple) -> Any:
    node: Any = record
    for key in path:
        node = node[key]
    return node
