"""The version of an index: its schema and the text analysis that made its tokens and stems.

Stems are part of an index: a stemmer upgrade that stems a word differently leaves documents
indexed under the old stem while queries look for the new one. So an engine names or tags its
index with `index_version(schema)`, which changes with the schema version, the Snowball stemmer's
version (pinned in pyproject.toml) and the analysis tables; an index of another version is
`stale` (search/port.py) and the catalogue rebuilds it at start-up.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import version

from search import analysis
from search.synonyms import SYNONYMS


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """8 hex digits of a hash of everything that decides the tokens and stems of a text."""
    parts = [
        str(analysis.ANALYSIS_REVISION), version("snowballstemmer"), version("PyStemmer"), ",".join(analysis.STEMMERS),
        analysis._WORD.pattern, analysis._PART.pattern, analysis._APOSTROPHES,  # noqa: SLF001
        repr(sorted(analysis._LIGATURES.items())), str(analysis.MAX_TOKEN_LENGTH),  # noqa: SLF001
        " ".join(sorted(analysis.ELISIONS)), " ".join(sorted(analysis.STOP_WORDS)), repr(SYNONYMS),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


def index_version(schema_version: int) -> str:
    """`<schema version>-<analysis fingerprint>`: lowercase letters, digits and '-' (fit for index names)."""
    return f"{schema_version}-{analysis_fingerprint()}"
