"""Domain synonyms, as the analysis reads them: one group of equivalent expressions per concept of the
health vocabulary (search/vocabulary/, data files loaded and checked at import).

A query containing one expression of a group also matches the others (``search.analysis.plan``).
Expressions are written as a user or a producer would write them (accents, plurals and case do not matter:
they are analysed like any text). To add or change a synonym, edit the vocabulary's files, not this module.
"""

from search.vocabulary import VOCABULARY

SYNONYMS: tuple[tuple[str, ...], ...] = VOCABULARY.groups()


def _narrower() -> tuple[tuple[int, ...], ...]:
    index = {concept.id: g for g, concept in enumerate(VOCABULARY.concepts)}
    below: list[list[int]] = [[] for _ in VOCABULARY.concepts]
    for g, concept in enumerate(VOCABULARY.concepts):
        for wider in concept.broader:
            below[index[wider]].append(g)
    return tuple(tuple(n) for n in below)


# For each group, the groups of the concepts that declare it broader (one level): "maladies infectieuses"
# also finds the descriptions that only say "tuberculose" or "VIH".
NARROWER: tuple[tuple[int, ...], ...] = _narrower()
# The names of a narrower concept a query reaches through its wider one: preferred terms and acronyms.
NARROWER_TERMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(dict.fromkeys((c.fr, c.en, *c.acronyms))) for c in VOCABULARY.concepts)
