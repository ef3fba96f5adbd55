"""Export of the lexicons for other tools: a quanteda YAML dictionary for R users.

Entities (label → id → forms) and themes (``THEME`` → theme id → glob patterns) go into one
dictionary. Kept apart from `lexicon` (which reads the files) and `patterns` (which writes the
forms out), so that neither of those imports the other's consumer.
"""

from __future__ import annotations

from pathlib import Path

from regionkit.datafiles import dump_yaml
from regionkit.tagging.lexicon import Lexicons
from regionkit.tagging.patterns import AREA, FAMILY, FIXED, entity_patterns
from regionkit.tagging.themes import ThemeLexicon, load_theme_lexicon

THEME_KEY = "THEME"
"""The dictionary key under which the themes are exported."""


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


def theme_dictionary(themes: ThemeLexicon | None = None) -> dict[str, list[str]]:
    """Return the themes as quanteda glob patterns: theme id → patterns.

    A lemma becomes ``lemma*`` (its inflections: "nämnd*" finds "nämnden", "nämndens"), a
    compound part ``*part*`` (anywhere in a word: "*sjukskötersk*" finds
    "specialistsjuksköterskor"), a phrase its words as one lower-case string. Not exported,
    because a dictionary look-up cannot apply them: the weights and the threshold (quanteda
    counts matches, it does not score them), the entity cues and the exclusions.
    """
    lexicon = themes or load_theme_lexicon()
    out: dict[str, list[str]] = {}
    for theme in lexicon.themes:
        patterns = [f"{w.lower()}*" for w in theme.lemmas]
        patterns += [f"*{w.lower()}*" for w in theme.parts]
        patterns += [" ".join(w.lower().split()) for w in theme.phrases]
        out[theme.id] = list(dict.fromkeys(patterns))
    return out


def export_quanteda(path: Path, lexicons: Lexicons | None = None) -> None:
    """Write the lexicons as a quanteda YAML dictionary (``dictionary(file=..., format="YAML")``).

    See `quanteda_dictionary` (entities) and `theme_dictionary` (themes, under ``THEME``).
    """
    data = quanteda_dictionary(lexicons)
    data[THEME_KEY] = theme_dictionary()
    Path(path).write_text(dump_yaml(data), encoding="utf-8")
