"""Web addresses of the exchange format: absolute http(s) URLs that every output can carry.

A URL is written into Turtle, RDF/XML, JSON-LD, HTML attributes and CKAN packages. It must be an
RFC 3986 absolute http(s) URL with a proper host: no spaces, quotes, angle brackets, braces,
backslashes, '|', '^', '`' or control characters (any of them ends an IRI early or breaks the
document around it), '%' only as a percent-escape, no user name or password. Non-ASCII letters
are accepted as RFC 3987 IRIs allow (``https://exemple.fr/données``); values are kept as given.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from schemas.text import is_safe_text

MAX_URL_LENGTH = 2000
_FORBIDDEN = re.compile(r"[\s\"<>\\^`{|}\x00-\x1f\x7f-\x9f]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9\-\u00a1-\U0010ffff]{1,63}(?<!-)$")


def _host_problem(host: str, bracketed: bool) -> str | None:
    if not host:
        return "has no host"
    if bracketed:
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return f"has an invalid IPv6 host {host}"
        return None
    if len(host) > 253 or not all(_LABEL.match(label) for label in host.rstrip(".").split(".")):
        return "has an invalid host name"
    return None


def _character_problem(value: str) -> str | None:
    if not is_safe_text(value):
        return "holds a control character or invalid Unicode, which a URL may not"
    found = _FORBIDDEN.search(value)
    if found:
        shown = "a space" if found.group().isspace() else repr(found.group())
        return f"holds {shown} at character {found.start() + 1}, which a URL may not"
    if _BAD_PERCENT.search(value):
        return "has a '%' that is not a percent-escape such as %20"
    return None


def url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL (None when it is one)."""
    if len(value) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters"
    if problem := _character_problem(value):
        return problem
    if not value.lower().startswith(("http://", "https://")):
        return "must start with http:// or https://"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in 0-65535
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if "@" in parts.netloc:
        return "must not carry a user name or password"
    return _host_problem(parts.hostname or "", bracketed="[" in parts.netloc)


def check_url(value: str) -> str:
    """An absolute http(s) URL, else ValueError saying what is wrong."""
    problem = url_problem(value)
    if problem:
        raise ValueError(f"must be an absolute http(s) URL: {problem}")
    return value


def check_path(value: str) -> str:
    """A path of this catalogue (``/api/v1/...``): the same characters as a URL allows."""
    problem = _character_problem(value)
    if problem:
        raise ValueError(f"must be a path of this catalogue or an absolute http(s) URL: {problem}")
    return value
