"""regionkit's spaCy components, registered when this module is imported.

* ``regionkit_norms`` (`regionkit.tagging.norms`): folded NORM on lexemes, cached lemmas.
* ``regionkit_entities`` (`regionkit.tagging.entities`, with the matcher in
  `regionkit.tagging.entity_matcher` and the rules in `regionkit.tagging.entity_rules`):
  lexicon mentions with canonical ids in ``doc.ents``.
* ``regionkit_themes`` (`regionkit.tagging.themes`): themes and evidence spans.

Each is registered with what it assigns and requires, so ``nlp.analyze_pipes()`` checks the
order of a pipeline.
"""

from __future__ import annotations

from regionkit.tagging import entities, norms, themes  # noqa: F401  (registers the factories)
from regionkit.tagging.entity_rules import LINE_BREAKS, lexicons
from regionkit.tagging.norms import lemmatize
from regionkit.tagging.patterns import PatternRow, entity_patterns

__all__ = ["LINE_BREAKS", "lemmatize", "pattern_rows"]


def pattern_rows(lexicon_dir: str | None = None) -> list[PatternRow]:
    """Return the pattern rows the entity component is fed with (for inspection, export)."""
    return entity_patterns(lexicons(lexicon_dir))
