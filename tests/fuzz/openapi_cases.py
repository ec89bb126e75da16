"""Where the OpenAPI fuzz cases come from, and how one operation is run and its failure described.

Two sources per operation:
- the coverage phase of schemathesis: deterministic boundary and type-violating values for every
  parameter and body field (no randomness at all), sampled to a bound and shared out between
  the five token roles so that each case runs once per stack;
- the fuzzing phase: hypothesis draws positive (schema-conforming) and negative cases, half of
  them with their path ids taken from the seeded catalogue.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.adapter.parameters import ParameterLocation

OUR_CODE = ("/api/", "/catalogue/", "/schemas/", "/search/")


class ServerErrors(logging.Handler):
    """The tracebacks the app logs with its 500s (api/middleware.py), by request id."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.by_request: dict[str, BaseException] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None and record.args:
            self.by_request[str(record.args[0])] = record.exc_info[1]


SERVER_ERRORS = ServerErrors()
logging.getLogger("api.errors").addHandler(SERVER_ERRORS)


def our_frames(error: BaseException) -> str:
    """The frames of our code that raised, and the error itself."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if any(p in f.filename for p in OUR_CODE)]
    message = str(error).strip().splitlines()[0][:400] if str(error).strip() else ""
    return "".join(traceback.format_list(frames[-6:])) + f"{type(error).__name__}: {message}"


@dataclass
class Tally:
    """What a run did: cases sent, statuses seen, failures found (one per operation and source)."""

    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def count(self, status: int) -> None:
        self.cases += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def describe(case, response, error: BaseException) -> str:
    """The request as curl, the response, and the frames of our code that raised."""
    request = case.as_curl_command() if case is not None else "(no case)"
    answer = "" if response is None else f"\n  -> {response.status_code} {response.text[:400]!r}"
    if isinstance(error, BaseExceptionGroup):  # schemathesis' check failures: name each one
        found = "; ".join(" ".join(str(e).split())[:300] for e in error.exceptions)
        request_id = (response.headers.get("x-request-id") or [""])[0] if response is not None else ""
        logged = SERVER_ERRORS.by_request.get(request_id)
        server = f"\nserver traceback:\n{our_frames(logged)}" if logged else ""
        return f"{request}{answer}\n{type(error).__name__}: {found}{server}"
    return f"{request}{answer}\n{our_frames(error)}"


def coverage_cases(operation, bound: int) -> list:
    """At most `bound` coverage-phase cases of the operation, evenly spread over all of them."""
    schema = operation.schema
    config = schema.config.generation_for(operation=operation, phase="coverage")
    cases = list(schema.iter_coverage_cases(operation, generation_modes=list(GenerationMode),
                                            generation_config=config))
    if bound <= 0 or len(cases) <= bound:
        return cases
    step = len(cases) / bound
    return [cases[int(i * step)] for i in range(bound)]


def with_known_ids(cases: list, operation, known: dict[str, list[object]]) -> list:
    """Coverage cases that do not probe a path parameter get real ids (round-robin) instead."""
    names = [p.name for p in operation.path_parameters if p.name in known]
    if not names:
        return cases
    choices = itertools.cycle(itertools.product(*(known[name] for name in names)))
    for case in cases:
        location = getattr(case.meta.phase.data, "parameter_location", None) if case.meta else None
        if location != ParameterLocation.PATH:
            case.path_parameters.update(dict(zip(names, next(choices), strict=True)))
    return cases


def fuzz_strategy(operation, known: dict[str, list[object]]) -> st.SearchStrategy:
    """Positive and negative cases, with generated path ids and with the seeded ones."""
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(mode) for mode in modes]
    names = [p.name for p in operation.path_parameters if p.name in known]
    if names:
        fixed = st.fixed_dictionaries({name: st.sampled_from(known[name]) for name in names})
        for mode in modes:
            strategies.append(fixed.flatmap(
                lambda params, mode=mode: operation.as_strategy(mode, path_parameters=params)))
    return st.one_of(strategies)


def run_cases(cases: list, send: Callable) -> str | None:
    """Send each case (send(case, last) records the response in last); the first failure, described."""
    for case in cases:
        last: dict[str, object] = {}
        try:
            send(case, last)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported with its request
            return describe(case, last.get("response"), error)
    return None


def run_fuzz(strategy: st.SearchStrategy, examples: int, send: Callable) -> str | None:
    """Derandomised hypothesis run of `examples` cases; the first failure, described, else None."""
    last: dict[str, object] = {}

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(case=strategy)
    def fuzz(case) -> None:
        last.update(case=case, response=None)
        send(case, last)

    try:
        fuzz()
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported with its request
        return describe(last.get("case"), last.get("response"), error)
    return None
