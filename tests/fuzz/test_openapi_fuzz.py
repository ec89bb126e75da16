"""schemathesis on the OpenAPI document: every operation, every role, both stacks, no server error.

Per stack, each operation gets (see tests/fuzz/openapi_cases.py):
- its schemathesis coverage-phase cases (boundaries, wrong types, missing fields, unexpected
  methods and content types), at most COVERAGE_BOUND of them, shared out between the five
  token roles, with the seeded catalogue's ids in the path unless the path itself is probed;
- EXAMPLES hypothesis cases per role (anonymous too), positive and negative, half with real ids.
Everything is deterministic (coverage has no randomness, hypothesis is derandomised), so CI replays
the same cases. CATALOGUE_FUZZ_EXAMPLES=200 runs a long local campaign (all coverage cases too).
Every failing operation is collected (request, response, traceback) and the test fails listing all.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)
from schemathesis.python.asgi import ASGIClient

from api.ckan import ACTIONS as CKAN_ACTIONS
from tests.fuzz.conftest import ROLES, FuzzStack, examples_per_operation, record_run
from tests.fuzz.hostile import hostile_cases, raw_bodies
from tests.fuzz.openapi_cases import (
    Tally, coverage_cases, describe, fuzz_strategy, run_cases, run_fuzz, with_known_ids,
)

EXAMPLES = examples_per_operation(3)
COVERAGE_BOUND = 8 * EXAMPLES  # 24 per operation by default; all of them from EXAMPLES=200 on
TOKEN_ROLES = [role for role in ROLES if role != "anonymous"]
# The document is truthful (api/openapi.py), so its responses are checked too. Not enabled:
# negative_data_rejection (GET /api/v1/search?covers_from=0 is read leniently as 1970-01-01 by
# pydantic, where the document says format: date) and positive_data_acceptance (a valid request
# for an id that names nothing, or by a role without the right, is rightly a 4xx).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]

# Operations not fuzzed, each with its reason. Empty: every operation of the document is fuzzed.
EXCLUDED: dict[str, str] = {}

_schemas: dict[int, object] = {}
_shared: dict[tuple[int, str], tuple[list, list]] = {}


def _schema(stack: FuzzStack):
    """The document as the app serves it, loaded once per stack."""
    if id(stack.app) not in _schemas:
        _schemas[id(stack.app)] = schemathesis.openapi.from_asgi("/openapi.json", stack.app)
    return _schemas[id(stack.app)]


def _shares(stack: FuzzStack, operation, role: str, known: dict) -> tuple[list, list]:
    """This role's share of the operation's coverage and hostile cases (each runs once per stack)."""
    key = (id(stack.app), operation.label)
    if key not in _shared:
        coverage = coverage_cases(operation, COVERAGE_BOUND)
        hostile = hostile_cases(operation, coverage, known, stack.bodies)
        _shared[key] = (with_known_ids(coverage, operation, known), hostile)
    if role not in TOKEN_ROLES:
        return [], []
    start, step = TOKEN_ROLES.index(role), len(TOKEN_ROLES)
    return _shared[key][0][start::step], _shared[key][1][start::step]


def _raw_share(stack: FuzzStack, operations: list, role: str) -> list[tuple]:
    """(operation, name, bytes) bodies no encoder writes, for operations taking JSON, shared out."""
    pairs = [(op, name, raw) for op in operations if any(b.media_type == "application/json" for b in op.body)
             for name, raw in raw_bodies(stack.bodies.get(op.label))]
    if role not in TOKEN_ROLES:
        return []
    return pairs[TOKEN_ROLES.index(role)::len(TOKEN_ROLES)]


def _send_raw(client, stack: FuzzStack, operation, raw: bytes, headers: dict, known: dict):
    """POST/PUT/PATCH raw bytes as application/json to the operation, with real ids in the path."""
    path = operation.path
    for parameter in operation.path_parameters:
        path = path.replace("{" + parameter.name + "}", str(known.get(parameter.name, ["x"])[0]))
    return client.request(operation.method.upper(), path, data=raw,
                          headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("role", ROLES)
def test_openapi_operations_never_answer_a_server_error(fuzz_stack: FuzzStack, role: str) -> None:
    schema = _schema(fuzz_stack)
    known = {**fuzz_stack.ids, "name": sorted(CKAN_ACTIONS)}
    tally, started = Tally(), time.perf_counter()
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().label not in EXCLUDED]
    with ASGIClient(fuzz_stack.app) as client:
        for operation in operations:
            headers = fuzz_stack.headers(role)  # fresh: an earlier case may have revoked the token

            def send(case, last, headers=headers):
                response = case.call(session=client, headers=headers)
                last["response"] = response
                tally.count(response.status_code)
                case.validate_response(response, checks=CHECKS)

            coverage, hostile = _shares(fuzz_stack, operation, role, known)
            for source, found in (
                ("coverage", run_cases(coverage, send)),
                ("hostile", run_cases(hostile, send)),
                ("fuzz", run_fuzz(fuzz_strategy(operation, known), EXAMPLES, send)),
            ):
                if found:
                    tally.failures.append(f"[{fuzz_stack.name}/{role}/{source}] {operation.label}\n{found}")
        for operation, name, raw in _raw_share(fuzz_stack, operations, role):
            response = None
            try:
                response = _send_raw(client, fuzz_stack, operation, raw, fuzz_stack.headers(role), known)
                tally.count(response.status_code)
                assert response.status_code < 500, f"{response.status_code} {response.text[:300]!r}"
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported with its request
                tally.failures.append(f"[{fuzz_stack.name}/{role}/raw] {operation.label} body={name}\n"
                                      f"{describe(None, response, error)}")
    elapsed = time.perf_counter() - started
    record_run("openapi", fuzz_stack.name, role, tally.cases, elapsed, len(tally.failures))
    print(f"\nopenapi fuzz {fuzz_stack.name}/{role}: {tally.cases} cases in {elapsed:.1f} s; "
          f"statuses {dict(sorted(tally.statuses.items()))}")
    assert not tally.failures, f"{len(tally.failures)} server error(s):\n\n" + "\n\n".join(tally.failures)
