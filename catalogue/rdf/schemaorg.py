"""A description as a schema.org `Dataset` in JSON-LD, for general dataset search engines. Pure."""

from __future__ import annotations

import json
from typing import Any

from schemas.dataset import text_in

OPEN = ("open_download",)


def _all(value: dict[str, list[str]] | None) -> list[str]:
    seen: dict[str, None] = {}
    for items in (value or {}).values():
        for item in items:
            seen.setdefault(item, None)
    return list(seen)


def schemaorg(record: dict[str, Any], base_url: str, lang: str = "fr") -> dict[str, Any]:
    """The JSON-LD object (one language for text, as search engines expect; `lang` picks it)."""
    base = base_url.rstrip("/")
    url = f"{base}/datasets/{record['id']}"
    producer, access, coverage = record["producer"], record["access"], record["temporal_coverage"]
    organisation = {"@type": "Organization", "name": producer["name"], "url": f"{base}/producers/{producer['id']}"}
    data: dict[str, Any] = {
        "@context": "https://schema.org/", "@type": "Dataset", "@id": url, "url": url,
        "identifier": record["id"], "name": text_in(record["title"], lang),
        "description": text_in(record["description"], lang)[:5000],
        "abstract": text_in(record["summary"], lang),
        "keywords": _all(record.get("keywords")) + _all(record["typology"].get("health_themes")),
        "creator": organisation, "publisher": organisation,
        "provider": organisation,
        "temporalCoverage": f"{coverage['start']}/{coverage.get('end') or '..'}",
        "spatialCoverage": [{"@type": "Place", "name": code} for code in record["population"]["geography"]],
        "isAccessibleForFree": access["rights"] == "PUBLIC" and any(m in OPEN for m in access["modalities"]),
        "conditionsOfAccess": text_in(access["procedure"], lang),
        "contactPoint": {"@type": "ContactPoint", "name": record["contact"]["name"],
                         "email": record["contact"]["email"]},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": "MeetMyData", "url": f"{base}/"},
        "inLanguage": record.get("languages") or [],
    }
    if record.get("landing_page"):
        data["sameAs"] = record["landing_page"]
    if record.get("licence"):
        data["license"] = record["licence"]
    if record.get("issued"):
        data["datePublished"] = record["issued"]
    if record.get("modified"):
        data["dateModified"] = record["modified"]
    population = record["population"]
    if population.get("description"):
        data["about"] = {"@type": "Thing", "description": text_in(population["description"], lang)}
    if record.get("variables"):
        data["variableMeasured"] = [
            {"@type": "PropertyValue", "name": v["name"], "description": text_in(v.get("description") or v.get("label"))
             or v["name"]} for v in record["variables"]]
    data["distribution"] = [
        {"@type": "DataDownload", "name": text_in(d["title"], lang), "contentUrl": base + d["url"]
         if d["url"].startswith("/") else d["url"]} for d in record.get("documents") or []]
    return {k: v for k, v in data.items() if v not in ([], None, "")}


def script_tag(record: dict[str, Any], base_url: str, lang: str = "fr") -> str:
    """The `<script type="application/ld+json">` element to embed in the description's web page."""
    body = json.dumps(schemaorg(record, base_url, lang), ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{body}</script>'
