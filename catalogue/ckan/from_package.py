"""A CKAN package read back as an exchange-format record. Pure functions, no I/O.

Fields come from our own extras (or ckanext-scheming top-level keys) first, then CKAN core
fields, then the extras ckanext-dcat writes. `lenient=True` (harvest) fills what a foreign
portal cannot say with stated defaults and names each one; `lenient=False` (CKAN write
actions) leaves gaps for validation to report. Nothing unknown is dropped silently: every
package key or extra that was not used is returned in `unmapped`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from catalogue.ckan.fields import DOCUMENT_KINDS, EXTRAS, EXTRAS_JSON, SYSTEM_KEYS
from catalogue.ckan.to_package import tag_names
from catalogue.rdf.vocab import country_of
from schemas.iso import country as iso_country
from schemas.links import is_document_url

_SLUG_BAD = re.compile(r"[^a-z0-9-]+")
_FREQ = re.compile(r"(?:/frequency/)?([A-Z0-9_]+)$")


@dataclass
class Options:
    lang: str = "fr"          # language of untranslated CKAN text (title, notes, tags)
    country: str = "FR"       # producer country and geography when the package does not say
    lenient: bool = True      # fill missing required fields with defaults (harvest)


@dataclass
class Mapped:
    record: dict[str, Any]
    unmapped: dict[str, Any] = field(default_factory=dict)
    defaulted: list[str] = field(default_factory=list)


def slug(name: str) -> str:
    """A CKAN name ([a-z0-9_-]{2,100}) as a description id ([a-z0-9-]{3,80})."""
    value = _SLUG_BAD.sub("-", name.lower().replace("_", "-")).strip("-")[:80].strip("-")
    return value if len(value) >= 3 else (value + "-ds")[:80]


def _extras(package: dict[str, Any]) -> dict[str, Any]:
    return {str(e.get("key")): e.get("value") for e in package.get("extras") or [] if isinstance(e, dict)}


def _decode(key: str, value: Any) -> Any:
    if key in EXTRAS_JSON and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value  # left for validation to name
    return value


def _shown_language(texts: dict[str, str]) -> str:
    """The language CKAN's single-language field shows (as schemas.dataset.text_in picks it)."""
    return next((k for k in ("fr", "en") if texts.get(k)), next(iter(texts)))


def _texts(translated: Any, plain: Any, lang: str, *, edits: bool) -> dict[str, str] | None:
    """`*_translated` wins; with `edits` (a CKAN client writing), a plain field changed since wins."""
    plain = plain.strip() if isinstance(plain, str) else ""
    if isinstance(translated, dict) and any(isinstance(v, str) and v.strip() for v in translated.values()):
        texts = {k: v for k, v in translated.items() if isinstance(v, str) and v.strip()}
        if edits and plain and texts[_shown_language(texts)] != plain:
            texts[_shown_language(texts)] = plain
        return texts
    return {lang: plain} if plain else None


class _Reader:
    def __init__(self, package: dict[str, Any], options: Options) -> None:
        self.package, self.options = package, options
        self.extras = _extras(package)
        self.used_extras: set[str] = set()
        self.defaulted: list[str] = []

    def own(self, key: str) -> Any:
        """Our field: a top-level key (ckanext-scheming style) or an extra of the same name."""
        if key in self.package and key not in SYSTEM_KEYS and self.package[key] not in (None, ""):
            return _decode(key, self.package[key])
        if key in self.extras:
            self.used_extras.add(key)
            return _decode(key, self.extras[key])
        return None

    def dcat(self, key: str) -> Any:
        if key in self.extras and self.extras[key] not in (None, ""):
            self.used_extras.add(key)
            return self.extras[key]
        return None

    def default(self, path: str, value: Any) -> Any:
        if not self.options.lenient:
            return None
        self.defaulted.append(path)
        return value


def _producer(r: _Reader) -> dict[str, Any] | None:
    org = r.package.get("organization") or {}
    org_id = org.get("name") or r.package.get("owner_org")
    if not org_id:
        return None
    country = r.own("producer_country") or r.default("producer.country", r.options.country)
    kind = r.own("producer_type") or r.default("producer.type", "other")
    return {"id": slug(str(org_id)), "name": org.get("title") or org.get("display_name") or str(org_id),
            "type": kind, "country": country}


def _contact(r: _Reader) -> dict[str, Any] | None:
    p = r.package
    for name_key, email_key in (("maintainer", "maintainer_email"), ("author", "author_email")):
        if p.get(email_key):
            return {"name": p.get(name_key) or p[email_key], "email": p[email_key]}
    email = r.dcat("contact_email")
    if email:
        return {"name": r.dcat("contact_name") or email.removeprefix("mailto:"), "email": email.removeprefix("mailto:")}
    return None


def _keywords(r: _Reader) -> dict[str, list[str]] | None:
    """Our multilingual keywords, unless a CKAN client changed the tags since."""
    own = r.own("keywords")
    names = (t.get("display_name") or t.get("name") for t in r.package.get("tags") or [] if isinstance(t, dict))
    tags: list[str] = [t for t in names if t]
    if own and (not tags or sorted(tag_names(own)) == sorted(tags)):
        return own
    return {r.options.lang: tags} if tags else None


def _documents(r: _Reader) -> list[dict[str, Any]]:
    documents = []
    for res in r.package.get("resources") or []:
        url = (res.get("url") or "").strip()
        if not url.lower().startswith("https://") or not is_document_url(url):
            continue  # a link of ours would point to the portal's paths; plain http is refused (schemas.links)
        title = res.get("name_translated") if isinstance(res.get("name_translated"), dict) else None
        title = title or (res.get("name") or "").strip() or url.rsplit("/", 1)[-1] or "resource"
        kind = res.get("resource_type") if res.get("resource_type") in DOCUMENT_KINDS else "other"
        documents.append({"title": title, "kind": kind, "url": url})
    return documents


def _temporal(r: _Reader) -> dict[str, Any] | None:
    own = r.own("temporal_coverage")
    if own:
        return own
    start, end = r.dcat("temporal_start"), r.dcat("temporal_end")
    if start:
        return {"start": str(start)[:10], "end": str(end)[:10] if end else None}
    created = r.package.get("metadata_created")
    return r.default("temporal_coverage", {"start": str(created)[:10], "end": None}) if created else None


def _frequency(r: _Reader) -> str | None:
    own = r.own("update_frequency")
    if own:
        return own
    raw = r.dcat("frequency")
    match = _FREQ.search(str(raw)) if raw else None
    return match.group(1) if match else None


def _spatial(r: _Reader) -> str | None:
    """ckanext-dcat's spatial_uri, when it names an EU country authority code (any ISO 3166 country)."""
    return country_of(str(r.dcat("spatial_uri") or "").rstrip("/"))


def _access(r: _Reader, has_documents: bool, landing: str | None) -> dict[str, Any] | None:
    own = r.own("access")
    if own:
        return own
    where = landing or "the publisher's portal"
    return r.default("access", {
        "rights": "NON_PUBLIC" if r.package.get("private") else "PUBLIC",
        "modalities": ["open_download"] if has_documents else ["api"],
        "audiences": dict.fromkeys(("academic", "public_agency", "hospital", "startup", "industry"), "yes"),
        "procedure": {r.options.lang: f"Harvested from a CKAN portal: see {where}."},
    })


def from_package(package: dict[str, Any], options: Options | None = None) -> Mapped:
    """Map one CKAN package; the record may still be invalid (validation names the fields)."""
    options = options or Options()
    r = _Reader(package, options)
    lang = options.lang
    edits = not options.lenient
    title = _texts(package.get("title_translated"), package.get("title"), lang, edits=edits)
    description = _texts(package.get("notes_translated"), package.get("notes"), lang, edits=edits)
    summary = r.own("summary")
    if not summary and description:
        summary = r.default("summary", {k: v.split("\n\n")[0][:500] for k, v in description.items()})
    if not description and (summary or title):
        description = r.default("description", summary or title)
    if not summary and title:
        summary = r.default("summary", title)
    landing = package.get("url") if str(package.get("url") or "").startswith(("http://", "https://")) else None
    documents = _documents(r)
    country = options.country if iso_country(options.country) else "FR"
    record: dict[str, Any] = {
        "id": slug(str(package.get("name") or package.get("id") or "")),
        "title": title, "summary": summary, "description": description,
        "producer": _producer(r), "contact": _contact(r), "keywords": _keywords(r),
        "typology": r.own("typology") or r.default("typology", {"data_types": ["other"], "structured": False}),
        "population": r.own("population") or r.default("population", {"geography": [_spatial(r) or country]}),
        "temporal_coverage": _temporal(r), "update_frequency": _frequency(r),
        "volume": r.own("volume") or r.default("volume", {"individuals": None}),
        "access": _access(r, bool(documents), landing),
        "health_data_hub": r.own("health_data_hub") or r.default(
            "health_data_hub", {"relationship": "independent", "snds_linkable": False, "on_hdh_platform": False}),
        "collaboration": r.own("collaboration"), "documents": documents, "variables": r.own("variables"),
        "landing_page": landing, "languages": r.own("languages"),
        "licence": package.get("license_title") or package.get("license_id") or None,
        "issued": r.own("issued") or (str(r.dcat("issued"))[:10] if r.dcat("issued") else None),
        "modified": r.own("modified") or (str(r.dcat("modified"))[:10] if r.dcat("modified") else None),
    }
    record = {k: v for k, v in record.items() if v not in (None, [], {})}
    unmapped = {k: v for k, v in package.items()
                if k not in SYSTEM_KEYS and k not in EXTRAS and v not in (None, "", [], {})}
    if package.get("groups"):
        unmapped["groups"] = package["groups"]
    if package.get("version"):
        unmapped["version"] = package["version"]
    left = {k: v for k, v in r.extras.items() if k not in r.used_extras and v not in (None, "")}
    if left:
        unmapped["extras"] = left
    return Mapped(record, unmapped, r.defaulted)
