"""The priority table of `regionkit shares`: per group and theme, n, k, share and its interval.

Measures (what is counted):

* ``units`` (default): quasi-sentences of content segments (`regionkit.analysis.units`); a unit
  counts for a theme when evidence of a theme given to its segment lies in it. Independent of
  layout: the same words as one § section or as twenty bullets give the same units.
* ``segments``: content segments tagged with the theme.
* ``words``: words of content segments tagged with the theme (``n`` and ``k`` are words).

Intervals (`regionkit.analysis.intervals`): the modified Wilson interval for k of n independent
units; where units cluster (quasi-sentences and words in segments, everything in documents),
the Wilson interval on the effective sample size ``n / deff``, with the larger of the design
effects over segments and over documents (Korn & Graubard's degrees of freedom). Every interval
is monotone in k with ``[0, x]`` at k = 0 and ``[x, 1]`` at k = n.

Where validation codes are stored (table ``validation_codes``, not stale), the ``segments``
measure also gets the share corrected for tagging error (`regionkit.validation.estimate`),
weighted by the recorded inclusion probabilities, and ``n_validation``; for the other measures
the coded unit (a segment) is not the counted unit, and the corrected columns stay empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from regionkit.analysis.intervals import effective_counts, share_interval
from regionkit.analysis.params import DEFAULT_MEASURE, MEASURES
from regionkit.analysis.units import unit_indicator, unit_themes
from regionkit.tables import Tables
from regionkit.tagging.types import THEME_IDS

COLUMNS = ("theme", "measure", "n", "k", "share", "lo", "hi", "share_corrected",
           "lo_corrected", "hi_corrected", "n_validation")


def _content(tables: Tables, by: Sequence[str]) -> pd.DataFrame:
    segs = tables.content_segments().sort_values("segment_id", kind="mergesort")
    if "year" in by:
        start = segs["period_start"]
        end = segs["period_end"].fillna(start)
        segs = segs[start.notna()].assign(year=[list(range(int(a), int(b) + 1)) for a, b in
                                                zip(start[start.notna()], end[start.notna()],
                                                    strict=True)])
        segs = segs.explode("year").astype({"year": "int64"})
    unknown = [c for c in by if c not in segs.columns]
    if unknown:
        valid = ", ".join(sorted({*segs.columns, "year"} - {"text"}))
        raise ValueError(f"--by: unknown column {unknown[0]!r}; valid: {valid}")
    return segs.reset_index(drop=True)


def _segment_flags(tables: Tables, ids: pd.Series, themes: list[str]) -> np.ndarray:
    st = tables.segment_themes
    flags = np.zeros((len(ids), len(themes)), dtype=bool)
    for j, theme in enumerate(themes):
        flags[:, j] = ids.isin(st.loc[st["theme"] == theme, "segment_id"]).to_numpy()
    return flags


def _elements(tables: Tables, segs: pd.DataFrame, measure: str, themes: list[str]
              ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Return (elements with segment_id and doc_id and the group columns, weights, flags)."""
    if measure in {"segments", "words"}:
        weights = (np.ones(len(segs)) if measure == "segments"
                   else segs["n_words"].to_numpy(dtype=float))
        return segs, weights, _segment_flags(tables, segs["segment_id"], themes)
    evidence = getattr(tables, "theme_evidence", None)
    if evidence is None:
        raise ValueError("measure 'units' needs the theme_evidence table: rebuild with "
                         "`regionkit build`, or use --measure segments")
    units = tables.units.merge(segs.drop(columns=["n_words", "doc_id"]), on="segment_id",
                               how="inner", validate="many_to_many")
    flags = unit_indicator(units, unit_themes(tables.units, evidence), themes)
    return units, np.ones(len(units)), flags


def _interval(y: np.ndarray, w: np.ndarray, segments: np.ndarray, docs: np.ndarray,
              per_segment: bool, level: float) -> tuple[float, float, float, float]:
    k, n, deff = effective_counts(y, w, segments, docs, per_segment=per_segment, level=level)
    if n <= 0:
        return k, n, 0.0, 1.0
    low, high = share_interval(k / deff, n / deff, level)
    return k, n, float(low), float(high)


def _corrected(tables: Tables, group: pd.DataFrame, themes: list[str], level: float
               ) -> dict[str, tuple]:
    from regionkit.validation.codes import segment_truth
    from regionkit.validation.estimate import corrected_share

    truth = segment_truth(tables.validation_codes)
    truth = truth[truth["segment_id"].isin(group["segment_id"])]
    if truth.empty:
        return {}
    ids = group["segment_id"].drop_duplicates().reset_index(drop=True)
    sampled = ids.isin(truth["segment_id"]).to_numpy()
    probs = truth.drop_duplicates("segment_id").set_index("segment_id")["inclusion_probability"]
    weights = 1.0 / ids.map(probs).fillna(1.0).to_numpy(dtype=float)
    tagged = _segment_flags(tables, ids, themes)
    out = {}
    for j, theme in enumerate(themes):
        positive = set(truth.loc[(truth["theme"] == theme) & (truth["value"] == 1), "segment_id"])
        coded = ids.isin(positive).to_numpy()
        est = corrected_share(tagged[:, j], sampled, coded, weights=weights, level=level,
                              theme=theme)
        out[theme] = (est.share, est.lo, est.hi, est.n_validation)
    return out


def share_table(tables: Tables, by: Sequence[str] = ("sjukvardsregion",), *,
                measure: str = DEFAULT_MEASURE, themes: Sequence[str] | None = None,
                level: float = 0.95) -> pd.DataFrame:
    """Return the priority table: one row per group and theme.

    Args:
        tables: the processed tables.
        by: grouping columns (of the content segments with their document's metadata, or
            ``year``: a document counts in every year of its period); empty: one group.
        measure: ``units``, ``segments`` or ``words``.
        themes: theme ids (default all, in labels.md order).
        level: coverage of the intervals.

    Returns:
        Columns ``theme``, the `by` columns, ``measure``, ``n``, ``k``, ``share``, ``lo``,
        ``hi``, ``share_corrected``, ``lo_corrected``, ``hi_corrected``, ``n_validation``.

    Raises:
        ValueError: an unknown measure or grouping column.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")
    themes = list(themes) if themes else list(THEME_IDS)
    by = list(by)
    segs = _content(tables, by)
    elements, weights, flags = _elements(tables, segs, measure, themes)
    has_codes = measure == "segments" and len(tables.validation_codes) > 0
    rows = []
    grouped = elements.groupby(by, sort=True, dropna=False) if by else [((), elements)]
    for key, group in grouped:
        key = key if isinstance(key, tuple) else (key,)
        pos = group.index.to_numpy()
        corrected = _corrected(tables, group, themes, level) if has_codes else {}
        for j, theme in enumerate(themes):
            k, n, low, high = _interval(flags[pos, j].astype(float), weights[pos],
                                        group["segment_id"].to_numpy(),
                                        group["doc_id"].to_numpy(), measure != "segments",
                                        level)
            share_c, lo_c, hi_c, n_val = corrected.get(theme, (np.nan, np.nan, np.nan, 0))
            rows.append({"theme": theme, **dict(zip(by, key, strict=True)), "measure": measure,
                         "n": int(round(n)), "k": int(round(k)),
                         "share": k / n if n else np.nan, "lo": low, "hi": high,
                         "share_corrected": share_c, "lo_corrected": lo_c,
                         "hi_corrected": hi_c, "n_validation": int(n_val)})
    cols = ["theme", *by, *COLUMNS[1:]]
    if not rows:
        return pd.DataFrame({c: [] for c in cols})
    return pd.DataFrame(rows, columns=cols)
