"""Completeness: which recommended fields a description still lacks, and a score."""

from __future__ import annotations

from typing import Any

from schemas.paths import value_at

# Recommended (not required) fields, each with why a data user needs it.
RECOMMENDED: dict[str, str] = {
    "keywords": "keywords help data users find the description",
    "typology.health_categories": "EHDS health categories are required by HealthDCAT-AP",
    "typology.health_themes": "therapeutic areas in plain words",
    "typology.coding_systems": "coding systems tell what can be linked and queried",
    "population.description": "who is in the data",
    "population.min_age": "age range of the population",
    "population.care_settings": "where the data come from (hospital, primary care…)",
    "update_frequency": "how fresh the data are",
    "volume.individuals": "number of individuals, the first question of every data user",
    "volume.records": "number of records",
    "volume.variables": "number of variables",
    "access.platform": "where the data are analysed",
    "access.legal_bases": "legal bases the access relies on",
    "access.typical_delay_days": "usual delay from request to access",
    "access.cost": "cost model",
    "access.data_use_conditions": "GA4GH DUO data use conditions",
    "collaboration.seeking": "what you look for from data users",
    "landing_page": "a page with more information",
    "languages": "languages of the data",
    "documents": "a data dictionary or protocol",
    "variables": "structural metadata (variables)",
    "title.en": "an English title for European data users",
    "summary.en": "an English summary",
    "title.fr": "a French title",
    "summary.fr": "a French summary",
}


def missing_fields(record: dict[str, Any]) -> list[str]:
    return [path for path in RECOMMENDED if value_at(record, path) in (None, "", [], {})]


def completeness(record: dict[str, Any]) -> dict[str, Any]:
    """{"score": 0..100, "missing": [{"field", "why"}]} for the producer's eyes."""
    missing = missing_fields(record)
    score = round(100 * (len(RECOMMENDED) - len(missing)) / len(RECOMMENDED))
    return {"score": score, "missing": [{"field": f, "why": RECOMMENDED[f]} for f in missing]}
