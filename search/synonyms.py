"""Domain synonyms, as the analysis reads them: one group of equivalent expressions per concept of the
health vocabulary (search/vocabulary/, data files loaded and checked at import).

A query containing one expression of a group also matches the others (``search.analysis.plan``).
Expressions are written as a user or a producer would write them (accents, plurals and case do not matter:
they are analysed like any text). To add or change a synonym, edit the vocabulary's files, not this module.
"""

from search.vocabulary import VOCABULARY

SYNONYMS: tuple[tuple[str, ...], ...] = VOCABULARY.groups()
