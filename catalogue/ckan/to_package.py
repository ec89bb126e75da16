"""A description as a CKAN package (the dict `package_show` returns). Pure function, no I/O."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

from catalogue.ckan.fields import EXTRAS_JSON, EXTRAS_TEXT
from schemas.dataset import text_in

OPEN_LICENCES = ("etalab", "licence ouverte", "open licence", "cc-by", "cc by", "cc0", "odc-", "odbl", "pddl")


def _iso(value: dt.datetime | None) -> str | None:
    """CKAN writes naive UTC timestamps with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def _format(url: str) -> str:
    path = urlsplit(url).path
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return suffix.upper() if 1 <= len(suffix) <= 5 else ""


def tag_names(keywords: dict[str, list[str]] | None) -> list[str]:
    """Every keyword of every language, once, in order (CKAN tags carry no language)."""
    seen: dict[str, None] = {}
    for items in (keywords or {}).values():
        for item in items:
            seen.setdefault(item.strip(), None)
    return [name for name in seen if name]


def organization(org_id: str, name: str, *, created: dt.datetime | None = None,
                 package_count: int | None = None) -> dict[str, Any]:
    """A producer as a CKAN organization dict."""
    out: dict[str, Any] = {
        "id": org_id, "name": org_id, "title": name, "display_name": name, "type": "organization",
        "is_organization": True, "state": "active", "approval_status": "approved",
        "description": "", "image_url": "", "created": _iso(created),
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def _resource(package_id: str, index: int, document: dict[str, Any], base_url: str) -> dict[str, Any]:
    title = document["title"]
    url = document["url"]
    if url.startswith("/"):
        url = base_url.rstrip("/") + url  # uploaded to this catalogue
    resource = {
        "id": f"{package_id}-document-{index + 1}", "package_id": package_id, "position": index,
        "name": text_in(title), "url": url, "format": _format(url), "description": "",
        "resource_type": document["kind"], "state": "active", "url_type": None,
    }
    if isinstance(title, dict):
        resource["name_translated"] = title
    return resource


def extras(record: dict[str, Any]) -> list[dict[str, str]]:
    """The fields CKAN lacks, as CKAN extras ({key, value} with string values), sorted by key."""
    out = []
    for key in EXTRAS_JSON:
        if record.get(key) not in (None, [], {}):
            out.append({"key": key, "value": json.dumps(record[key], ensure_ascii=False, sort_keys=True)})
    producer = record.get("producer") or {}
    scalars = {"update_frequency": record.get("update_frequency"), "issued": record.get("issued"),
               "modified": record.get("modified"), "producer_type": producer.get("type"),
               "producer_country": producer.get("country")}
    for key in EXTRAS_TEXT:
        if scalars.get(key):
            out.append({"key": key, "value": str(scalars[key])})
    return sorted(out, key=lambda e: e["key"])


def to_package(record: dict[str, Any], *, status: str, created: dt.datetime | None,
               modified: dt.datetime | None, base_url: str) -> dict[str, Any]:
    """The CKAN package of a stored description (status: draft | published | archived)."""
    producer = record["producer"]
    licence = record.get("licence")
    tags = tag_names(record.get("keywords"))
    resources = [_resource(record["id"], i, d, base_url) for i, d in enumerate(record.get("documents") or [])]
    return {
        "id": record["id"], "name": record["id"], "type": "dataset",
        "title": text_in(record["title"]), "title_translated": record["title"],
        "notes": text_in(record["description"]), "notes_translated": record["description"],
        "url": record.get("landing_page") or "",
        "license_id": licence or "", "license_title": licence or "",
        "isopen": bool(licence and any(word in licence.lower() for word in OPEN_LICENCES)),
        "author": producer["name"], "author_email": None,
        "maintainer": record["contact"]["name"], "maintainer_email": record["contact"]["email"],
        "owner_org": producer["id"], "organization": organization(producer["id"], producer["name"]),
        "private": status != "published", "state": "deleted" if status == "archived" else "active",
        "metadata_created": _iso(created), "metadata_modified": _iso(modified),
        "version": None, "groups": [], "relationships_as_object": [], "relationships_as_subject": [],
        "tags": [{"name": t, "display_name": t, "state": "active", "vocabulary_id": None} for t in tags],
        "num_tags": len(tags), "resources": resources, "num_resources": len(resources),
        "extras": extras(record),
    }
