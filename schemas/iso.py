"""ISO codes of the exchange format, checked against the ISO tables kept by pycountry.

Countries: ISO 3166-1 alpha-2 (``FR``); places: a country or an ISO 3166-2 subdivision
(``FR-IDF``); languages: ISO 639-1 (``fr``). A code of the right shape that no table holds
(``ZZ``, ``qq``) is refused. The RDF exports map these to the EU authority tables through the
alpha-3 codes given here (catalogue/rdf/vocab.py).
"""

from __future__ import annotations

import re
from typing import Annotated

import pycountry
from pycountry.db import Country, Data, Subdivision
from pydantic import AfterValidator, WithJsonSchema

COUNTRY_PATTERN = r"^[A-Z]{2}$"
PLACE_PATTERN = r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
_COUNTRY, _PLACE, _LANGUAGE = re.compile(COUNTRY_PATTERN), re.compile(PLACE_PATTERN), re.compile(LANGUAGE_PATTERN)


def country(code: str) -> Country | None:
    """The ISO 3166-1 country of an upper-case alpha-2 code, None if there is none."""
    return pycountry.countries.get(alpha_2=code) if _COUNTRY.fullmatch(code) else None


def subdivision(code: str) -> Subdivision | None:
    """The ISO 3166-2 subdivision of a code such as FR-IDF, None if there is none."""
    return pycountry.subdivisions.get(code=code) if _PLACE.fullmatch(code) and "-" in code else None


def language(code: str) -> Data | None:
    """The ISO 639-1 language of a lower-case two-letter code, None if there is none."""
    return pycountry.languages.get(alpha_2=code) if _LANGUAGE.fullmatch(code) else None


def country_alpha3(code: str) -> str | None:
    """ISO 3166-1 alpha-3 of a country or of a subdivision's country (FR-IDF -> FRA)."""
    found = country(code.split("-")[0])
    return found.alpha_3 if found else None


def country_alpha2(alpha3: str) -> str | None:
    """ISO 3166-1 alpha-2 of an alpha-3 code (FRA -> FR), None if unknown."""
    found = pycountry.countries.get(alpha_3=alpha3) if re.fullmatch(r"[A-Za-z]{3}", alpha3) else None
    return found.alpha_2 if found else None


def language_alpha3(code: str) -> str | None:
    """ISO 639-3 code of an ISO 639-1 one (fr -> fra), None if unknown."""
    found = language(code)
    return found.alpha_3 if found else None


def language_alpha2(alpha3: str) -> str | None:
    """ISO 639-1 code of an ISO 639-3 (or 639-2/B) one (FRA, fre -> fr), None if it has none."""
    if not re.fullmatch(r"[A-Za-z]{3}", alpha3):
        return None
    found = pycountry.languages.get(alpha_3=alpha3.lower()) or pycountry.languages.get(bibliographic=alpha3.lower())
    return getattr(found, "alpha_2", None) if found else None


def _shown(value: str) -> str:
    return repr(value if len(value) <= 20 else value[:20] + "…")


def check_country(value: str) -> str:
    if country(value) is None:
        raise ValueError(f"{_shown(value)} is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'CH'")
    return value


def check_place(value: str) -> str:
    if country(value) is None and subdivision(value) is None:
        raise ValueError(f"{_shown(value)} is not an ISO 3166-1 country or ISO 3166-2 subdivision code "
                         "such as 'FR' or 'FR-IDF'")
    return value


def check_language(value: str) -> str:
    if language(value) is None:
        raise ValueError(f"{_shown(value)} is not an ISO 639-1 language code such as 'fr' or 'en'")
    return value


CountryCode = Annotated[str, AfterValidator(check_country),
                        WithJsonSchema({"type": "string", "pattern": COUNTRY_PATTERN})]
PlaceCode = Annotated[str, AfterValidator(check_place), WithJsonSchema({"type": "string", "pattern": PLACE_PATTERN})]
LanguageCode = Annotated[str, AfterValidator(check_language),
                         WithJsonSchema({"type": "string", "pattern": LANGUAGE_PATTERN})]
