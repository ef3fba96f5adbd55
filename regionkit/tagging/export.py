"""Export of the entity lexicons for other tools: a quanteda YAML dictionary for R users.

Kept apart from `lexicon` (which reads the files) and `patterns` (which writes the forms out),
so that neither of those imports the other's consumer.
"""

from __future__ import annotations

from pathlib import Path

from regionkit.datafiles import dump_yaml
from regionkit.tagging.lexicon import Lexicons
from regionkit.tagging.patterns import AREA, FAMILY, FIXED, entity_patterns


def quanteda_dictionary(lexicons: Lexicons | None = None) -> dict[str, dict[str, list[str]]]:
    """Return the lexicons as a quanteda dictionary: label → id → patterns.

    Values are the lower-cased forms as running text writes them (genitives and hyphen/space
    spellings included); multiword forms are one string with spaces, as quanteda's YAML
    dictionaries write them. Forms that need context (ambiguous forms, family names standing
    alone) are left out: a dictionary look-up cannot check the context. Forms holding quanteda's
    glob characters ``*`` and ``?`` are left out too.
    """
    out: dict[str, dict[str, list[str]]] = {}
    for row in entity_patterns(lexicons):
        if row.kind not in (FIXED, FAMILY, AREA) or row.strict:
            continue
        value = " ".join(row.pattern.lower().split())
        if "*" in value or "?" in value:
            continue
        values = out.setdefault(row.label, {}).setdefault(row.id, [])
        if value not in values:
            values.append(value)
    return {label: dict(sorted(ids.items())) for label, ids in sorted(out.items())}


def export_quanteda(path: Path, lexicons: Lexicons | None = None) -> None:
    """Write the lexicons as a quanteda YAML dictionary (``dictionary(file=..., format="YAML")``).

    See `quanteda_dictionary` for what is written.
    """
    Path(path).write_text(dump_yaml(quanteda_dictionary(lexicons)), encoding="utf-8")
