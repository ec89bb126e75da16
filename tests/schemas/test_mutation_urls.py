"""http(s) URLs and catalogue paths (schemas/urls.py): each refusal with its exact reason, and the edges.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import pytest

from schemas.urls import MAX_URL_LENGTH, check_path, check_url, url_problem

LABEL63 = "a" * 63
HOST253 = ".".join([LABEL63, LABEL63, LABEL63, "b" * 61])


def test_the_limits_are_pinned():
    assert MAX_URL_LENGTH == 2000
    assert len(HOST253) == 253


@pytest.mark.parametrize("url", [
    "https://example.org/" + "a" * (MAX_URL_LENGTH - 20),  # exactly the longest
    "HTTPS://EXAMPLE.ORG/", "Http://example.org", "https://example.org.", "https://x",
    f"https://{LABEL63}.org", f"https://{HOST253}/", "https://a-b.example/", "https://9.example/",
    "https://exemple.fr/données", "https://[::1]/", "https://[fe80::1%25eth0]/", "https://example.org/%41%2f",
    "https://example.org:0/", "https://example.org:65535/",
])
def test_urls_at_the_edges_are_accepted(url):
    assert url_problem(url) is None
    assert check_url(url) == url


@pytest.mark.parametrize(("url", "problem"), [
    ("https://example.org/" + "a" * (MAX_URL_LENGTH - 19), "is longer than 2000 characters"),
    ("https://example.org/\x01", "holds a control character or invalid Unicode, which a URL may not"),
    ("https://example.org/\ud800", "holds a control character or invalid Unicode, which a URL may not"),
    ("https://exa mple.org", "holds a space at character 12, which a URL may not"),
    ("https://example.org/\u3000", "holds a space at character 21, which a URL may not"),
    ('https://example.org/"', "holds '\"' at character 21, which a URL may not"),
    ("https://example.org/{", "holds '{' at character 21, which a URL may not"),
    ("https://example.org/|", "holds '|' at character 21, which a URL may not"),
    ("https://example.org/^`", "holds '^' at character 21, which a URL may not"),
    ("https://example.org/%", "has a '%' that is not a percent-escape such as %20"),
    ("https://example.org/%4", "has a '%' that is not a percent-escape such as %20"),
    ("https://example.org/%g1", "has a '%' that is not a percent-escape such as %20"),
    ("ftp://example.org", "must start with http:// or https://"),
    ("example.org", "must start with http:// or https://"),
    ("https:/example.org", "must start with http:// or https://"),
    ("https://example.org:99999/", "is not a valid URL (Port out of range 0-65535)"),
    ("https://example.org:x/", "is not a valid URL (Port could not be cast to integer value as 'x')"),
    ("https://[::1/", "is not a valid URL (Invalid IPv6 URL)"),
    ("https://user@example.org", "must not carry a user name or password"),
    ("https://", "has no host"),
    ("https://:80/", "has no host"),
    ("https://[v1.x]/", "has an invalid IPv6 host v1.x"),
    (f"https://{HOST253}a/", "has an invalid host name"),
    (f"https://{LABEL63}a.org", "has an invalid host name"),
    ("https://-a.org", "has an invalid host name"),
    ("https://a-.org", "has an invalid host name"),
    ("https://a..org", "has an invalid host name"),
    ("https://a_b.org", "has an invalid host name"),
])
def test_each_refusal_says_why(url, problem):
    assert url_problem(url) == problem
    with pytest.raises(ValueError) as info:
        check_url(url)
    assert str(info.value) == f"must be an absolute http(s) URL: {problem}"


def test_paths_take_the_characters_of_a_url():
    assert check_path("/api/v1/documents/1?x=%20") == "/api/v1/documents/1?x=%20"
    with pytest.raises(ValueError) as info:
        check_path("/a b")
    assert str(info.value) == ("must be a path of this catalogue or an absolute http(s) URL: "
                               "holds a space at character 3, which a URL may not")
