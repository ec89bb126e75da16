"""Document URLs (schemas/links.py): a path of ours or https, each refusal with its exact reason.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import pytest

from schemas.links import PROBLEM_PREFIX, check_document_url, document_url_problem, is_document_url


def test_the_prefix_is_pinned():
    assert PROBLEM_PREFIX == "must be a path of this catalogue (/api/v1/...) or an absolute https URL"


@pytest.mark.parametrize("url", ["/", "/api/v1/documents/1", "/a?b=%20", "https://example.org/x.pdf",
                                 "HTTPS://EXAMPLE.ORG", "Https://example.org"])
def test_paths_of_ours_and_https_are_links(url):
    assert document_url_problem(url) is None
    assert check_document_url(url) == url
    assert is_document_url(url) is True


@pytest.mark.parametrize(("url", "problem"), [
    ("//evil.example/x", ": '//' at the start points to another site"),
    ("/\\evil.example/x", ": '/\\' at the start points to another site"),
    ("/a b", ": holds a space at character 3, which a URL may not"),
    ("/a\x00", ": holds a control character or invalid Unicode, which a URL may not"),
    ("http://example.org/x", ", not http:"),
    ("JavaScript:alert(1)", ", not javascript:"),
    ("data:text/html,x", ", not data:"),
    ("a+b.c-d:x", ", not a+b.c-d:"),
    ("a" + "b" * 30 + ":x", ", not a" + "b" * 30 + ":"),  # the longest scheme named
    ("a" + "b" * 31 + ":x", ""),
    ("1a:x", ""),
    ("evil.example/x", ""),
    ("", ""),
    ("https:x", ": must start with http:// or https://"),
    ("https://", ": has no host"),
    ("https://example.org/{x}", ": holds '{' at character 21, which a URL may not"),
])
def test_each_refusal_says_why(url, problem):
    assert document_url_problem(url) == PROBLEM_PREFIX + problem
    with pytest.raises(ValueError) as info:
        check_document_url(url)
    assert str(info.value) == PROBLEM_PREFIX + problem
    assert is_document_url(url) is False


@pytest.mark.parametrize("value", [None, 1, b"/api/v1/x", ["/api/v1/x"]])
def test_only_strings_are_links(value):
    assert is_document_url(value) is False
