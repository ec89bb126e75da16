"""Hypothesis on the surfaces the OpenAPI document does not describe: any input, a status below 500.

- the CKAN action API: POST bodies of arbitrary JSON values for package_search's parameters
  (q, fq, sort, rows, start, facet.field, ...) and for every other action, and GET query strings
  with repeated parameters;
- the web search page's query string (/search?q=...&filter=...&sort=...&page=...);
- the web pages that take an id in their path, anonymous and signed in (hostile and real ids).
Derandomised like the OpenAPI fuzz; CATALOGUE_FUZZ_EXAMPLES scales the number of examples.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from api.ckan import ACTIONS as CKAN_ACTIONS
from tests.fuzz.conftest import FuzzStack, examples_per_operation, record_run
from tests.fuzz.hostile import JSON_VALUES, TEXT_VALUES

EXAMPLES = 70 * examples_per_operation(3)  # 210 per surface and stack by default
CKAN_PARAMS = ["q", "fq", "sort", "rows", "start", "facet.field", "facet.limit", "facet", "include_private",
               "id", "name", "name_or_id", "limit", "offset", "all_fields", "organizations", "title", "notes"]
# Words of the Solr syntax the facade translates (negation, fields, ranges, groups, wildcards).
SOLR_WORDS = ["NOT", "AND", "OR", "-", "!", "+", ":", "*", '"', "(", ")", "[", "]", "{", "}", "TO", "\\",
              "access.rights:PUBLIC", "-access.rights:PUBLIC", "NOT producer.id:cnam", "organization:atih",
              "tags:cancer", "res_format:CSV", "name asc", "metadata_modified desc", "score desc, name asc",
              "title_string asc", "cancer", "細胞", "\x00", "\ud800"]
SEARCH_NAMES = ["q", "filter", "sort", "page", "individuals_min", "individuals_max", "age_min", "age_max",
                "covers_from", "covers_to", "cursor", "lang", "page_size"]
SEARCH_VALUES = ["relevance", "newest", "volume", "access.rights:public", "producer.id:cnam", "producer.id:",
                 ":", "typology.data_types:claims", "2020-01-01", "2020-02-30", "fr", "en", "xx"]

FUZZ_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                         phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck),
                         report_multiple_bugs=False)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(JSON_VALUES) | st.sampled_from(SOLR_WORDS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
solr_text = st.lists(st.sampled_from(SOLR_WORDS) | st.text(max_size=10), max_size=6).map(" ".join)
ckan_bodies = st.dictionaries(st.sampled_from(CKAN_PARAMS) | st.text(max_size=10),
                              json_values | solr_text, max_size=6)
query_text = st.sampled_from(TEXT_VALUES + SEARCH_VALUES + SOLR_WORDS) | st.text(max_size=20)


RAW_ESCAPES = re.compile(r"(%[0-9A-Fa-f]{2})+")  # sent as they are: invalid UTF-8 on purpose


def _encode(text: str) -> str:
    """Percent-encoded by hand so that surrogates and raw escapes reach the app as sent."""
    return text if RAW_ESCAPES.fullmatch(text) else quote(text.encode("utf-8", "surrogatepass"), safe="")


def _query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in pairs)


@pytest.fixture(scope="module")
def web(fuzz_stack: FuzzStack):
    with TestClient(fuzz_stack.app) as client:
        yield client


def _timed(suite: str, stack: FuzzStack, run) -> None:
    calls, started = [0], time.perf_counter()
    try:
        run(calls)
    finally:
        record_run(suite, stack.name, "mixed", calls[0], time.perf_counter() - started, 0)


def test_ckan_package_search_bodies_never_answer_a_server_error(fuzz_stack: FuzzStack, web: TestClient) -> None:
    def run(calls: list[int]) -> None:
        @FUZZ_SETTINGS
        @given(body=ckan_bodies)
        @example(body={"sort": 5}).via("issue 10, finding 3")
        @example(body={"rows": 10**400, "start": -1}).via("issue 10, finding 3")
        @example(body={"fq": "NOT access.rights:PUBLIC"}).via("issue 10, finding 17")
        @example(body={"q": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}).via("nesting")
        def search(body: dict) -> None:
            calls[0] += 1
            response = web.post("/api/3/action/package_search", content=json.dumps(body),
                                headers={"Content-Type": "application/json"})
            assert response.status_code < 500, (body, response.text[:500])

        search()
        for raw in (b'{"rows": 1e400}', b'{"q": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", b'{"sort": NaN}'):
            calls[0] += 1
            response = web.post("/api/3/action/package_search", content=raw,
                                headers={"Content-Type": "application/json"})
            assert response.status_code < 500, (raw[:40], response.text)

    _timed("ckan-search", fuzz_stack, run)


def test_ckan_every_action_never_answers_a_server_error(fuzz_stack: FuzzStack, web: TestClient) -> None:
    tokens = {role: fuzz_stack.headers(role) for role in ("anonymous", "editor", "admin")}

    def run(calls: list[int]) -> None:
        @FUZZ_SETTINGS
        @given(name=st.sampled_from(sorted(CKAN_ACTIONS)), body=ckan_bodies, role=st.sampled_from(sorted(tokens)),
               get=st.booleans())
        @example(name="package_patch", body={"id": "a\x00b"}, role="editor", get=False).via("found by a long run")
        def action(name: str, body: dict, role: str, get: bool) -> None:
            calls[0] += 1
            if get:  # the query string: every value as text, lists as repeated parameters
                pairs = [(key, str(v)) for key, value in body.items()
                         for v in (value if isinstance(value, list) else [value])]
                response = web.get(f"/api/3/action/{name}?{_query_string(pairs)}", headers=tokens[role])
            else:
                response = web.post(f"/api/3/action/{name}", content=json.dumps(body), headers={
                    **tokens[role], "Content-Type": "application/json"})
            assert response.status_code < 500, (body, response.text[:500])

        action()

    _timed("ckan-all", fuzz_stack, run)


def test_web_search_page_query_strings_never_answer_a_server_error(fuzz_stack: FuzzStack, web: TestClient) -> None:
    def run(calls: list[int]) -> None:
        @FUZZ_SETTINGS
        @given(pairs=st.lists(st.tuples(st.sampled_from(SEARCH_NAMES) | st.text(max_size=6), query_text),
                              max_size=8))
        @example(pairs=[("q", "%E7%BB%86")]).via("issue 10, finding 3")
        @example(pairs=[("individuals_min", "99999999999999999999999")]).via("issue 10, finding 3")
        @example(pairs=[("sort", "a"), ("sort", "b"), ("page", "10000000000")])
        def search(pairs: list[tuple[str, str]]) -> None:
            calls[0] += 1
            response = web.get(f"/search?{_query_string(pairs)}")
            assert response.status_code < 500, (pairs, response.text[:500])

        search()

    _timed("web", fuzz_stack, run)


# Web pages with an id in their path (api/web/*.py), with {id} and {n} standing for the ids.
WEB_PAGES = ["/datasets/{id}", "/datasets/{id}/ask", "/producers/{id}", "/organisations/{id}",
             "/workspace/datasets/{id}", "/workspace/datasets/{id}/edit", "/workspace/datasets/{id}/revisions/{n}",
             "/requests/{n}", "/requests/{n}/edit", "/requests/{n}/attachments/{id}", "/me/enquiries/{n}",
             "/governance/requests/{n}", "/lang/{id}"]


def test_web_pages_by_id_never_answer_a_server_error(fuzz_stack: FuzzStack) -> None:
    from tests.web.helpers import sign_in

    real = [str(v) for key in ("dataset_id", "organisation_id", "request_id", "enquiry_id", "attachment_id")
            for v in fuzz_stack.ids[key]]
    ids = st.sampled_from(TEXT_VALUES + real + ["2147483648", "9223372036854775807"]) | st.text(min_size=1, max_size=12)

    def run(calls: list[int]) -> None:
        with TestClient(fuzz_stack.app) as anonymous, TestClient(fuzz_stack.app) as signed_in:
            sign_in(signed_in, "orgadmin")

            @FUZZ_SETTINGS
            @given(page=st.sampled_from(WEB_PAGES), ident=ids, number=ids, signed=st.booleans())
            def page(page: str, ident: str, number: str, signed: bool) -> None:
                calls[0] += 1
                url = page.replace("{id}", _encode(ident)).replace("{n}", _encode(number))
                response = (signed_in if signed else anonymous).get(url, follow_redirects=False)
                assert response.status_code < 500, (url, response.text[:500])

            page()

    _timed("web-pages", fuzz_stack, run)
