"""Distinctive terms (keyness): lemmas one group uses more than the others, by Dunning's G2.

Words are lemmatised with `regionkit.lemmas`, the tagger's lemmatiser; stop words, numbers and
the words of tagged region names are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from regionkit import lemmas as _lemmas
from regionkit.analysis.params import ParameterError
from regionkit.analysis.select import select_segments
from regionkit.tables import Tables

PLACE_LABELS: tuple[str, ...] = ("SJUKVARDSREGION", "REGION")
"""Entity labels whose words are left out of keyness (a region's name is not a priority)."""


# Letters only (no digits, no underscore); two or more, so that list bullets and initials drop.
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.sv.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the lowercase lemma of one Swedish word (`regionkit.lemmas`, as the tagger)."""
    return _lemmas.lemmatize(word.lower()).lower()


def lemmas(text: str) -> list[str]:
    """Return the lemmas of `text`'s words, without stop words and without digits.

    Examples:
        >>> lemmas("Vårdplatserna och nämnden")
        ['vårdplats', 'nämnd']
    """
    stop = _stop_words()
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in stop:
            continue
        lem = lemma(word)
        if lem not in stop:
            out.append(lem)
    return out


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Return Dunning's log-likelihood G2 for counts a (of c tokens) against b (of d tokens).

    G2 = 2 * (a ln(a / E1) + b ln(b / E2)) with E1 = c (a + b) / (c + d) and
    E2 = d (a + b) / (c + d); a term with count 0 contributes 0 (Rayson & Garside 2000).
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / np.where(e1 > 0, e1, 1)), 0.0)
        t2 = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / np.where(e2 > 0, e2, 1)), 0.0)
    return 2.0 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Return Hardie's Log Ratio: log2 of the relative frequencies, zero counts set to 0.5."""
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def _chi2_1df_pvalue(g2: np.ndarray) -> np.ndarray:
    # G2 follows chi-square with one degree of freedom: P(X > g2) = erfc(sqrt(g2 / 2)).
    return np.array([math.erfc(math.sqrt(max(x, 0.0) / 2.0)) for x in g2], dtype=float)


def place_name_lemmas(tables: Tables) -> frozenset[str]:
    """Return the lemmas of words in SJUKVARDSREGION and REGION mentions (left out of keyness)."""
    em = tables.entity_mentions
    texts = em.loc[em["label"].isin(PLACE_LABELS), "text"].dropna().unique()
    return frozenset(lem for text in texts for lem in lemmas(str(text)))


def term_counts(
    segments: pd.DataFrame, by: str, *, drop: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Return lemma counts per group: columns `by`, ``term``, ``count``."""
    rows = []
    for key, group in segments.groupby(by, sort=True):
        counts: dict[str, int] = {}
        for text in group["text"].astype(str):
            for lem in lemmas(text):
                if lem not in drop:
                    counts[lem] = counts.get(lem, 0) + 1
        rows.extend((key, term, n) for term, n in counts.items())
    return pd.DataFrame(rows, columns=[by, "term", "count"])


def keyness(
    tables: Tables,
    target: str,
    *,
    by: str = "sjukvardsregion",
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    min_count: int = 3,
    drop_place_names: bool = True,
    top: int | None = None,
) -> pd.DataFrame:
    """Return the terms (lemmas) a group uses more than the others, by log-likelihood G2.

    Args:
        tables: the processed tables.
        target: the group (e.g. a region id) whose distinctive terms are wanted.
        by: the grouping column (``sjukvardsregion`` by default).
        regions: regions to compare (target and reference); None or empty: all.
        period: ``[first, last]`` year of documents to use.
        min_count: a term must occur at least this often in the target.
        drop_place_names: leave out words of region names (they are distinctive but say
            nothing about priorities).
        top: keep only the first `top` rows.

    Returns:
        Columns ``term``, ``count_target``, ``count_rest``, ``per_10k_target``,
        ``per_10k_rest``, ``g2``, ``p_value``, ``log_ratio``; only terms relatively more
        frequent in the target; sorted by G2 descending, then term.
    """
    segs = select_segments(tables, regions=regions, period=period)
    if target not in set(segs[by]):
        raise ParameterError(f"no content segments for {by} {target!r} in the selection; "
                             f"present: {', '.join(sorted(set(segs[by].astype(str))))}")
    drop = place_name_lemmas(tables) if drop_place_names else frozenset()
    counts = term_counts(segs, by, drop=drop)
    is_target = counts[by] == target
    tgt = counts[is_target].groupby("term")["count"].sum()
    rest = counts[~is_target].groupby("term")["count"].sum()
    c, d = float(tgt.sum()), float(rest.sum())
    cols = ["term", "count_target", "count_rest", "per_10k_target", "per_10k_rest", "g2",
            "p_value", "log_ratio"]
    if c == 0 or d == 0:
        return pd.DataFrame({col: [] for col in cols})
    frame = pd.DataFrame({"count_target": tgt}).join(pd.DataFrame({"count_rest": rest}),
                                                     how="left")
    frame = frame.fillna({"count_rest": 0}).astype("int64")
    frame = frame[frame["count_target"] >= min_count]
    a, b = frame["count_target"].to_numpy(), frame["count_rest"].to_numpy()
    frame = frame.assign(
        per_10k_target=a / c * 10_000, per_10k_rest=b / d * 10_000,
        g2=log_likelihood(a, b, c, d), log_ratio=log_ratio(a, b, c, d),
    )
    frame = frame[frame["per_10k_target"] > frame["per_10k_rest"]]
    frame = frame.assign(p_value=_chi2_1df_pvalue(frame["g2"].to_numpy()))
    frame = frame.rename_axis("term").reset_index()
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    frame = frame[cols].reset_index(drop=True)
    return frame.head(top) if top is not None else frame
