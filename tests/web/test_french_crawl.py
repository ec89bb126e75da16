"""French all the way: a crawl of the pages each kind of user reaches, in French, finds no English.

Anonymous visitors, a data user (startup), a producer editor and governance staff each follow the
internal links from the home page, /me, /workspace and /governance (one page per route shape, bounded)
in Chromium with French as the browser's language. Every text the page shows (text nodes, and the
placeholder, aria-label, title and alt attributes) outside an element marked lang="en" (content that
exists in English only says so) must not contain an English message of the catalogues whose French
differs, nor the patterns of English validation messages (pydantic's "Input should ...").

The state is test_phone_width's: a description published through the form and a request filed on it.
"""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.routing import APIRoute

from api.web import i18n
# The fixtures are test_browser's and test_phone_width's: this module gets its own server and journeys.
from tests.web.test_browser import browser, server  # noqa: F401
from tests.web.test_phone_width import journeys  # noqa: F401

# Where each person starts; the refused inputs (out of range, unknown, crafted) are visited as well.
REFUSED = ["/search?age_min=200", "/search?age_min=50&age_max=18", "/search?page=100000", "/search?sort=bogus",
           "/search?filter=nonsense", "/datasets/does-not-exist", "/producers/nobody", "/compare?id=a"]
START = {"anonymous": ["/", *REFUSED], "startup": ["/", "/me", "/requests/999999"],
         "producer": ["/me", "/workspace", "/workspace/datasets/nope"], "governance": ["/me", "/governance"]}
PER_PERSON = 45  # at most, the distinct route shapes a person visits (about 100 pages in all today)
SHORTEST = 12  # shorter English fragments ("Search", "Email") are too often names, codes or shared words
PATTERNS = re.compile(r"should have|must be|Input should|is not a|required:|Field required|String should")
# Links a crawl does not follow: leaving (sign-out), switching to English, downloads.
SKIP = re.compile(r"^/(signout|lang/)|\.csv$")

TEXTS = """() => {
  const out = [];
  const english = el => { const m = el.closest('[lang]'); return m && m !== document.documentElement
                                                                && m.lang.toLowerCase().startsWith('en'); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest('script, style, noscript, template') || english(el)) continue;
    const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], [alt]')) {
    if (english(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt'])
      if (el.getAttribute(name)) out.push(el.getAttribute(name).replace(/\\s+/g, ' ').trim());
  }
  out.push(document.title);
  return out;
}"""
LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"""


def english_fragments() -> list[str]:
    """The English catalogue's texts that are not French too, cut at their placeholders, long enough to mean."""
    fr, en = i18n.catalogue("fr"), i18n.catalogue("en")
    french = " ".join(fr.values())
    pieces = set()
    for key, text in en.items():
        if fr.get(key) == text:
            continue
        for piece in re.split(r"{\w+}", text):
            piece = piece.strip(" .,:;—-()«»\"'")
            if len(piece) >= SHORTEST and piece not in french:
                pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


@lru_cache(maxsize=1)
def web_routes() -> list[tuple[re.Pattern[str], str]]:
    """The web pages' GET routes: (their regex, their path template), from the routers of api/web."""
    from api.web import account, basket, compare, governance, public, requests, saved_searches, showcases, workspace

    return [(route.path_regex, route.path)
            for module in (public, account, basket, compare, governance, requests, saved_searches, workspace,
                           showcases)
            for route in module.router.routes if isinstance(route, APIRoute) and "GET" in route.methods]


def shape(href: str) -> str | None:
    """A page's route shape ("/datasets/{dataset_id}?", "/search?filter&q"): one page of each is enough;
    None for what is no web page of ours (another site, the API, files) or must not be followed."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or SKIP.search(parts.path):
        return None
    path = next((template for regex, template in web_routes() if regex.match(parts.path)), None)
    return None if path is None else path + "?" + "&".join(sorted({k for k, _ in parse_qsl(parts.query)}))


def english_in(texts: list[str], fragments: list[str]) -> list[str]:
    return sorted({text for text in texts
                   if (PATTERNS.search(text) or any(f in text for f in fragments))})


def crawl(browser, server, session, starts: list[str], fragments: list[str]) -> dict[str, list[str]]:  # noqa: F811
    """Breadth first from `starts` (each visited), then one page per route shape: the English found, by page."""
    context = browser.new_context(locale="fr-FR", storage_state=session)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    seen, queue = set(), deque(starts)
    try:
        while queue and len(seen) < PER_PERSON:
            href = queue.popleft()
            key = shape(href)
            if key is None or key in seen and href not in starts:
                continue
            seen.add(key)
            head = context.request.get(server.url + href, max_redirects=0)  # the same cookies; no navigation
            if "text/html" not in head.headers.get("content-type", ""):
                continue  # a file (an attachment, RDF, JSON) or a redirect: no page of ours to read
            page.goto(server.url + href)
            lang = page.evaluate("document.documentElement.lang")
            if english := [f"<html lang={lang!r}>"] * (lang != "fr") + english_in(page.evaluate(TEXTS), fragments):
                found[href] = english
            queue.extend(h for h in page.evaluate(LINKS) if shape(h) not in seen)
    finally:
        context.close()
    assert len(seen) > 15, seen  # the crawl went round (20 to 27 route shapes a person today)
    return found


@pytest.mark.parametrize("who", list(START))
def test_every_page_reached_in_french_shows_no_english(browser, server, journeys, who):  # noqa: F811
    _, sessions = journeys
    found = crawl(browser, server, sessions.get(who), START[who], english_fragments())
    assert found == {}


def test_the_checks_find_english():
    fragments = english_fragments()
    assert english_in(["Input should be 'research'"], fragments) == ["Input should be 'research'"]
    assert english_in(["3 requests, longest wait first"], fragments) == ["3 requests, longest wait first"]
    sample = next(f for f in fragments if len(f) > 20)
    assert english_in([f"« {sample} »"], fragments) == [f"« {sample} »"]
    assert english_in(["Registre des sepsis du CHU de Démo", "Rechercher"], fragments) == []
    assert shape("/datasets/snds-pmsi-mco") == shape("/datasets/cprd") == "/datasets/{dataset_id}?"
    assert shape("/search?q=a&filter=b") == "/search?filter&q" and shape("/lang/en?next=/") is None
    assert shape("https://example.org/") is None and shape("/api/v1/datasets") is None and shape("/docs") is None
