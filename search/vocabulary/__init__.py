"""The health vocabulary: concepts a data user may name, as versioned data files (README.md in this folder).

Each concept of a file is one TOML table: its id is the table's name, and it holds French and English
preferred terms, then optional variants (plurals, spellings, other names), acronyms, lay terms, a source
note and links to broader or related concepts. The vocabulary is loaded and checked once, at import: a
malformed file stops the catalogue at start with the file and the concept named, rather than searching
with half a vocabulary. The analysis only sees `Vocabulary.groups()` (search/synonyms.py): one group of
equivalent expressions per concept.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from schemas.vocabularies import DataType

HERE = Path(__file__).resolve().parent
INDEX = "index.toml"  # the version and the files, in the order their concepts are read
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LISTS = ("fr_variants", "en_variants", "acronyms", "lay_fr", "lay_en", "broader", "related")
_KEYS = frozenset(("fr", "en", "source", "data_type", *_LISTS))
DATA_TYPES: frozenset[str] = frozenset(get_args(DataType))


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used as it is: the message names the file and the concept."""


@dataclass(frozen=True)
class Concept:
    """One notion, as people write it in either language; every term of it is an equivalent expression."""

    id: str
    file: str
    fr: str  # preferred French term
    en: str  # preferred English term
    fr_variants: tuple[str, ...] = ()  # other French names, plurals, spellings
    en_variants: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()  # written upper-case in the file; matched like any word
    lay_fr: tuple[str, ...] = ()  # how someone who is not a professional says it
    lay_en: tuple[str, ...] = ()
    source: str = ""  # where the notion and its terms come from (ICD-10 code, HealthDCAT-AP, MeSH…)
    broader: tuple[str, ...] = ()  # ids of wider concepts (a term may be shared with them)
    related: tuple[str, ...] = ()  # ids of neighbouring concepts (idem)
    # The kind of data (`typology.data_types`) the concept names, if it names one: a query naming it
    # prefers descriptions of that kind (search/understanding.py).
    data_type: str | None = None

    def terms(self) -> tuple[str, ...]:
        """Every expression of the concept, preferred terms first, each once (a word both languages share,
        such as `cancer`, is listed once)."""
        seen: set[str] = set()
        out = []
        for term in (self.fr, self.en, *self.acronyms, *self.fr_variants, *self.en_variants, *self.lay_fr,
                     *self.lay_en):
            if term and fold(term) not in seen:
                seen.add(fold(term))
                out.append(term)
        return tuple(out)


@dataclass(frozen=True)
class Vocabulary:
    version: str
    files: tuple[str, ...]
    concepts: tuple[Concept, ...]

    def __getitem__(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise KeyError(concept_id)

    def groups(self) -> tuple[tuple[str, ...], ...]:
        """One group of equivalent expressions per concept, in file order (what the analysis expands)."""
        return tuple(concept.terms() for concept in self.concepts)


def fold(text: str) -> str:
    """Case, accents and punctuation aside: what two spellings of one term have in common. (The analysis
    stems too; this loader does not depend on it, the shape test checks the stems.)"""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", "".join(c for c in decomposed if not unicodedata.combining(c))))


def _fail(file: str, concept: str | None, message: str) -> VocabularyError:
    return VocabularyError(f"vocabulary {file}" + (f", concept {concept!r}" if concept else "") + f": {message}")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path.name, None, "listed in index.toml but missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _fail(path.name, None, f"not valid TOML ({error})") from None


def _concept(file: str, concept_id: str, table: Any) -> Concept:
    if not _ID.fullmatch(concept_id):
        raise _fail(file, concept_id, "an id is lowercase words joined by '-'")
    if not isinstance(table, dict):
        raise _fail(file, concept_id, "a concept is a table ([id] followed by its keys)")
    unknown = set(table) - _KEYS
    if unknown:
        raise _fail(file, concept_id, f"unknown keys {sorted(unknown)} (known: {sorted(_KEYS)})")
    for key in ("fr", "en"):
        if not isinstance(table.get(key), str) or not fold(table[key]):
            raise _fail(file, concept_id, f"'{key}', the preferred {'French' if key == 'fr' else 'English'} "
                                          "term, is required and must have letters or digits")
    if "source" in table and not isinstance(table["source"], str):
        raise _fail(file, concept_id, "'source' is a string")
    if "data_type" in table and table["data_type"] not in DATA_TYPES:
        raise _fail(file, concept_id, f"'data_type' is one of the exchange format's data types: {sorted(DATA_TYPES)}")
    for key in _LISTS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and fold(v) for v in value):
            raise _fail(file, concept_id, f"'{key}' is a list of non-empty strings")
    for acronym in table.get("acronyms", []):
        if acronym != acronym.upper():
            raise _fail(file, concept_id, f"acronym {acronym!r} must be written upper-case")
    written = [table["fr"], *(t for k in ("fr_variants", "en_variants", "acronyms", "lay_fr", "lay_en")
                              for t in table.get(k, []))]
    if fold(table["en"]) != fold(table["fr"]):  # one word may serve both languages
        written.append(table["en"])
    twice = sorted({fold(t) for t in written if sum(fold(u) == fold(t) for u in written) > 1})
    if twice:
        raise _fail(file, concept_id, f"terms listed twice: {twice}")
    return Concept(concept_id, file, table["fr"], table["en"], source=table.get("source", ""),
                   data_type=table.get("data_type"),
                   **{key: tuple(table.get(key, [])) for key in _LISTS})


def load(directory: Path = HERE) -> Vocabulary:
    """Read and check every file listed in the directory's index.toml; raise VocabularyError on the first
    problem, naming the file and the concept."""
    index = _read(directory / INDEX)
    version, files = index.get("version"), index.get("files")
    if not isinstance(version, str) or not version:
        raise _fail(INDEX, None, "'version' is required")
    if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
        raise _fail(INDEX, None, "'files' lists the vocabulary files")
    unlisted = sorted({p.name for p in directory.glob("*.toml")} - {INDEX, *files})
    if unlisted:
        raise _fail(INDEX, None, f"files not listed in 'files': {unlisted}")
    concepts: list[Concept] = []
    where: dict[str, str] = {}
    for file in files:
        for concept_id, table in _read(directory / file).items():
            if concept_id in where:
                raise _fail(file, concept_id, f"id already used in {where[concept_id]}")
            where[concept_id] = file
            concepts.append(_concept(file, concept_id, table))
    _check_links(concepts)
    return Vocabulary(version, tuple(files), tuple(concepts))


def _check_links(concepts: list[Concept]) -> None:
    """Links name existing concepts; a term shared by two concepts is allowed only between linked ones."""
    by_id = {c.id: c for c in concepts}
    for concept in concepts:
        for other in (*concept.broader, *concept.related):
            if other not in by_id or other == concept.id:
                raise _fail(concept.file, concept.id, f"links to unknown concept {other!r}")
    owner: dict[str, Concept] = {}
    for concept in concepts:
        for term in concept.terms():
            first = owner.setdefault(fold(term), concept)
            if first is not concept and not linked(first, concept):
                raise _fail(concept.file, concept.id, f"term {term!r} is also in {first.id!r} ({first.file}); "
                                                      "declare one broader or related to the other, or keep one")


def linked(a: Concept, b: Concept) -> bool:
    """Whether one concept declares the other broader or related (either way)."""
    return b.id in (*a.broader, *a.related) or a.id in (*b.broader, *b.related)


VOCABULARY = load()
