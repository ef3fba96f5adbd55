"""Counting units independent of layout: quasi-sentences of content segments.

A segment-based share depends on how a document is laid out: the same words written as one
§ section or as twenty bullets give one segment or twenty. The Manifesto Project codes
*quasi-sentences* for this reason: "a sentence or a part of a sentence that expresses one
argument" (Werner, Lacewell & Volkens, *Manifesto Coding Instructions*, 5th ed., 2015). regionkit
approximates them mechanically (rules in ``regionkit/data/quasi_sentences.yaml``):

* a unit ends at a sentence end (``.``, ``!``, ``?`` followed by a space and a capital letter,
  a digit or a quotation mark; not after an abbreviation such as "bl.a.", "t.ex.", "s.k."),
  at a semicolon, and at a line break (a list item, a heading line, a paragraph);
* list markers (``-``, ``•``, ``*``, ``1.``, ``a)``) and surrounding spaces and emphasis
  asterisks are not part of a unit; a piece without a letter is no unit.

Units are computed once, at build time, for content segments (table ``units``: offsets into the
segment text and into the raw text); later stages read them. A unit carries a theme when the
tagger's evidence for a theme that its segment was given lies in it (`unit_themes`): the
segment-level decision (threshold, relative score) is kept, and only the units that hold its
evidence count, so a theme announced in one sentence of a long section counts once, whether
the section is one block or twenty bullets.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from regionkit.datafiles import check_keys, load_package_yaml

RULES_FILE = "quasi_sentences.yaml"
_MARKER = re.compile(r"^[ \t]*(?:[-–—•*·▪o]|\d{1,2}[.)]|[a-zA-Z][.)])[ \t]+")
_END = re.compile(r"[.!?][*\"'”’)\]]*(?=\s+[*\"'”“(]?[A-ZÅÄÖÉ0-9§•\-–])|;(?=\s)")
_LETTER = re.compile(r"[^\W\d_]")
_TRIM = " \t*_"


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Return the abbreviations after which a full stop does not end a sentence (lower case)."""
    data = load_package_yaml("regionkit.data", RULES_FILE)
    data = check_keys(data, ("version", "abbreviations"), RULES_FILE,
                      required=("abbreviations",))
    return frozenset(str(a).lower() for a in data["abbreviations"])


def _ends_in_abbreviation(line: str, end: int, abbrevs: frozenset[str]) -> bool:
    # `end` is just after the full stop; the token is the run of non-space characters.
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    token = line[start:end].lower().lstrip("(\"'*")
    return token in abbrevs


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def split_units(text: str) -> list[tuple[int, int]]:
    r"""Return the quasi-sentences of a segment text as ``(start, end)`` offsets into it.

    Examples:
        >>> t = "Mål\n- Att samverka, bl.a. kring forskning. Planen följs upp; rapport i maj."
        >>> [t[a:b] for a, b in split_units(t)]  # doctest: +NORMALIZE_WHITESPACE
        ['Mål', 'Att samverka, bl.a. kring forskning.', 'Planen följs upp;', 'rapport i maj.']
    """
    abbrevs = abbreviations()
    units = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        marker = _MARKER.match(line)
        cut = marker.end() if marker else 0
        for match in _END.finditer(line):
            if line[match.start()] == "." and _ends_in_abbreviation(line, match.start() + 1,
                                                                   abbrevs):
                continue
            units.append((base + cut, base + match.end()))
            cut = match.end()
        units.append((base + cut, base + len(line)))
    out = []
    for start, end in units:
        start, end = _trimmed(text, start, end)
        if end > start and _LETTER.search(text, start, end):
            out.append((start, end))
    return out


def unit_themes(units: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Return the themes each unit carries: evidence of a theme given to its segment in it.

    Args:
        units: the ``units`` table (``segment_id``, ``unit``, ``seg_start``, ``seg_end``).
        evidence: the ``theme_evidence`` table (``segment_id``, ``theme``, ``seg_start``,
            ``seg_end``, ``assigned``).

    Returns:
        Columns ``segment_id``, ``unit``, ``theme``: one row per unit and theme it carries.
        A piece of evidence lies in a unit when their character spans overlap.
    """
    cols = ["segment_id", "unit", "theme"]
    ev = evidence[evidence["assigned"].astype(bool)]
    if ev.empty or units.empty:
        return pd.DataFrame({c: [] for c in cols})
    pairs = units[["segment_id", "unit", "seg_start", "seg_end"]].merge(
        ev[["segment_id", "theme", "seg_start", "seg_end"]], on="segment_id",
        suffixes=("", "_ev"))
    inside = (pairs["seg_start_ev"] < pairs["seg_end"]) & (pairs["seg_end_ev"] > pairs["seg_start"])
    out = pairs.loc[inside, cols].drop_duplicates()
    return out.sort_values(cols, kind="mergesort").reset_index(drop=True)


def unit_indicator(units: pd.DataFrame, carried: pd.DataFrame, themes: list[str]) -> np.ndarray:
    """Return a boolean matrix: row i (a row of `units`), column j: carries theme j."""
    index = pd.MultiIndex.from_frame(units[["segment_id", "unit"]])
    flags = np.zeros((len(units), len(themes)), dtype=bool)
    for j, theme in enumerate(themes):
        sub = carried[carried["theme"] == theme]
        if len(sub):
            flags[:, j] = index.isin(pd.MultiIndex.from_frame(sub[["segment_id", "unit"]]))
    return flags
