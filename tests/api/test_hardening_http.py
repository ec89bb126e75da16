"""Issue 10, finding 3 (generic part): no input at the HTTP layer gives a 5xx or an unexplained error.

Every error has the project's body with a request id; a body over its limit is refused before it
is read; ids beyond 64 bits, malformed bodies and odd query strings get a 4xx naming the problem.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.middleware import MULTIPART_OVERHEAD
from tests.web.helpers import sign_in

BIG = 2**64  # beyond every database integer
MIB = 1024 * 1024
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert error["code"] == code
    assert error["request_id"] == response.headers["x-request-id"]
    if field is not None:
        assert field in [d["field"] for d in error.get("details", [])], error
    return error


# --- request ids -------------------------------------------------------------------------------------

def test_every_error_body_carries_the_request_id_of_the_response(client):
    response = client.get("/api/v1/datasets/no-such-description")
    error = assert_error(response, 404, "dataset_not_found")
    assert len(error["request_id"]) >= 16
    assert client.get("/health").headers["x-request-id"]  # successes carry it too


def test_a_sane_incoming_request_id_is_kept_and_an_odd_one_replaced(client):
    kept = client.get("/api/v1/datasets/nope", headers={"X-Request-ID": "abc-123.x_Y"})
    assert kept.headers["x-request-id"] == "abc-123.x_Y" == kept.json()["error"]["request_id"]
    for odd in ("a" * 129, "with space", "x<script>", "caf\u00e9".encode().decode("latin-1")):
        response = client.get("/api/v1/datasets/nope", headers={"X-Request-ID": odd.encode("latin-1")})
        assert response.headers["x-request-id"] != odd
        assert response.json()["error"]["request_id"] == response.headers["x-request-id"]


def test_an_unknown_web_page_shows_the_request_id_in_html(client):
    response = client.get("/no-such-page", headers={"X-Request-ID": "req-web-404", **BROWSER})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "req-web-404" in response.text
    assert client.get("/api/v1/no-such-thing", headers=BROWSER).headers["content-type"].startswith("application/json")
    assert client.get("/no-such-page").headers["content-type"].startswith("application/json")  # not a browser


# --- the safety net ----------------------------------------------------------------------------------

def _crashing_app(container):
    app = create_app(container=container)

    def crash() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/api/v1/test-crash", crash)
    app.add_api_route("/test-crash-page", crash)
    return app


def test_an_unhandled_error_is_a_logged_500_with_the_error_body(container, caplog):
    with TestClient(_crashing_app(container), raise_server_exceptions=False) as client, \
            caplog.at_level(logging.ERROR, logger="api.errors"):
        response = client.get("/api/v1/test-crash", headers={"X-Request-ID": "crash-1"})
        error = assert_error(response, 500, "internal_error")
        assert error["request_id"] == "crash-1"
        assert "secret internal detail" not in response.text
        page = client.get("/test-crash-page", headers={"X-Request-ID": "crash-2", **BROWSER})
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "crash-2" in page.text and "secret internal detail" not in page.text
    logged = [r for r in caplog.records if "crash-1" in r.getMessage()]
    assert logged and logged[0].exc_info and "secret internal detail" in str(logged[0].exc_info[1])


# --- body limits, before anything reads the body -----------------------------------------------------

FILE_PART = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
             b"Content-Type: text/plain\r\n\r\n")


def _raw_call(app, path: str, headers: dict[str, str], chunks: int, chunk_size: int = MIB):
    """Drive the ASGI app directly with a body the client streams in chunks (a file part of a
    multipart form that never ends); count how many chunks the app read."""
    read = {"chunks": 0}
    sent: list[dict] = []

    async def receive() -> dict:
        if read["chunks"] >= chunks:
            return {"type": "http.disconnect"}
        read["chunks"] += 1
        body = (FILE_PART if read["chunks"] == 1 else b"") + b"x" * chunk_size
        return {"type": "http.request", "body": body, "more_body": read["chunks"] < chunks}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 1234), "server": ("testserver", 80), "state": {}}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict((k.decode(), v.decode()) for k, v in start["headers"]), body, read["chunks"]


@pytest.fixture
def raw_app(container):
    app = create_app(container=container)
    app.state.container = container  # what the lifespan does; the raw calls below skip it
    return app


def test_a_200_mb_declared_upload_is_refused_413_without_reading_it(raw_app, actors):
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": str(200 * MIB),
               **{k.lower(): v for k, v in actors["editor"].items()}}
    # the client would send 200 MiB; 8 are offered, and none may be read
    status, response_headers, body, read = _raw_call(raw_app, "/api/v1/datasets/any/documents", headers, chunks=8)
    assert status == 413 and read == 0
    assert b'"too_large"' in body and response_headers["x-request-id"]


def test_an_anonymous_api_upload_is_refused_401_before_its_body_is_read(raw_app):
    headers = {"content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked"}
    status, response_headers, body, read = _raw_call(raw_app, "/api/v1/access-requests/1/attachments", headers,
                                                     chunks=8)
    assert status == 401 and read == 0
    assert b'"unauthenticated"' in body and response_headers["www-authenticate"] == "Bearer"


def test_an_anonymous_web_upload_goes_to_sign_in_before_its_body_is_read(raw_app):
    headers = {"content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked"}
    status, response_headers, _, read = _raw_call(raw_app, "/workspace/datasets/any/documents", headers, chunks=8)
    assert status == 303 and read == 0
    assert response_headers["location"].startswith("/signin?next=")


def test_a_chunked_body_is_cut_at_the_limit(raw_app, container, actors):
    limit = container.settings.max_upload_bytes + MULTIPART_OVERHEAD
    headers = {"content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked",
               **{k.lower(): v for k, v in actors["editor"].items()}}
    status, _, body, read = _raw_call(raw_app, "/api/v1/datasets/any/documents", headers, chunks=1000,
                                      chunk_size=16 * 1024)
    assert status == 413 and b'"too_large"' in body
    assert read * 16 * 1024 <= limit + 16 * 1024  # stopped at the first chunk past the limit
    assert read * 16 * 1024 > limit - 16 * 1024  # and it was the limit that stopped it


def test_a_json_body_over_the_body_limit_is_413_with_the_error_body(client, container):
    too_big = b"[" + b" " * container.settings.max_body_bytes + b"]"
    response = client.post("/api/v1/search", content=too_big, headers={"content-type": "application/json"})
    assert_error(response, 413, "too_large", "body")


def test_a_web_form_over_the_limit_gets_the_html_error_page(client, container):
    response = client.post("/signin", data={"email": "x" * (container.settings.max_body_bytes + 1)}, headers=BROWSER)
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert response.headers["x-request-id"] in response.text


def test_a_content_length_that_is_not_a_number_is_400(raw_app):
    status, _, body, read = _raw_call(raw_app, "/api/v1/search", {"content-length": "12abc",
                                                                  "content-type": "application/json"}, chunks=1)
    assert status == 400 and b'"Content-Length"' in body and read == 0


# --- malformed bodies and query strings --------------------------------------------------------------

def test_deeply_nested_json_is_a_400_naming_the_body(client):
    nested = b"[" * 100_000 + b"]" * 100_000
    for path in ("/api/v1/search", "/api/v1/auth/token", "/api/v1/datasets"):
        response = client.post(path, content=nested, headers={"content-type": "application/json"})
        error = assert_error(response, 400, "bad_request", "body")
        assert "nested" in error["message"]


def test_invalid_json_invalid_utf8_and_wrong_content_type_are_4xx_with_the_error_body(client):
    invalid = client.post("/api/v1/search", content=b'{"q": ', headers={"content-type": "application/json"})
    assert_error(invalid, 422, "validation_failed", "body")
    latin = client.post("/api/v1/search", content=b'{"q": "\xe9"}', headers={"content-type": "application/json"})
    assert_error(latin, 400, "bad_request", "body")
    for media in ("text/plain", "application/x-www-form-urlencoded"):
        wrong = client.post("/api/v1/auth/token", content=b'{"email": "a@b.org", "password": "x"}',
                            headers={"content-type": media})
        assert_error(wrong, 415, "unsupported_media_type", "Content-Type")


@pytest.mark.parametrize("query", ["q=%ZZ", "q=%ff%fe", "q=%00", "filter=%E7%BB", "lang=%ff", "page=%ff",
                                   "page=10000000000000000000000000000", "sort=a&sort=b"])
def test_odd_query_strings_never_give_a_server_error(client, query):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert response.json()["error"]["request_id"]


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/api/v1/datasets/registre-test/documents/a%00b", 400, "path"),
    ("/api/v1/organisations/a%00b", 400, "path"),
    ("/api/v1/datasets?organisation=a%00b", 422, "organisation"),
    ("/api/v1/audit?subject_type=a%00", 422, "subject_type"),
    ("/api/3/action/package_show?id=a%00b", 422, "id"),
])
def test_a_nul_in_the_path_or_query_is_a_4xx_never_a_database_error(client, actors, path, status, field):
    code = "bad_request" if status == 400 else "validation_failed"
    assert_error(client.get(path, headers=actors["admin"]), status, code, field)


# --- ids beyond 64 bits ------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "field"), [
    ("GET", f"/api/v1/access-requests/{BIG}", "request_id"),
    ("GET", f"/api/v1/access-requests/{BIG}/history", "request_id"),
    ("GET", f"/api/v1/enquiries/{BIG}", "enquiry_id"),
    ("POST", f"/api/v1/notifications/{BIG}/read", "notification_id"),
    ("DELETE", f"/api/v1/me/tokens/{BIG}", "token_id"),
    ("DELETE", f"/api/v1/organisations/chu-test/members/{BIG}", "user_id"),
    ("GET", f"/api/v1/datasets/registre-test/revisions/{BIG}", "number"),
    ("GET", f"/api/v1/access-requests/{2**63}", "request_id"),
    ("GET", f"/api/v1/access-requests/{2**31}", "request_id"),  # PostgreSQL INTEGER ids are 32-bit
    ("POST", f"/api/v1/invitations/{2**31}/accept", "invitation_id"),
    ("GET", "/api/v1/access-requests/0", "request_id"),
])
def test_ids_beyond_the_database_range_are_422_naming_the_id(client, actors, method, path, field):
    response = client.request(method, path, headers=actors["orgadmin"])
    assert_error(response, 422, "validation_failed", field)


def test_web_pages_refuse_ids_beyond_the_database_range(client, actors):
    sign_in(client, "user")
    for path in (f"/requests/{BIG}", f"/me/enquiries/{BIG}", f"/governance/requests/{BIG}", f"/requests/{2**31}"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
