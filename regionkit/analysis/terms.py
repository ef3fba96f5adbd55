"""Distinctive terms (keyness): lemmas one group uses more than the others, by Dunning's G2.

Words are lemmatised with `regionkit.lemmas`, the tagger's lemmatiser (with its corrections and
its stop words). Left out: stop words, numbers, the words of tagged region names, and what
``regionkit/data/keyness_filters.yaml`` describes: names of people and other proper names
(capitalised inside a sentence and never written in lower case in the compared texts, or two
or more capitalised words in a row), months, weekdays and dates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from regionkit import lemmas as _lemmas
from regionkit.analysis.params import ParameterError
from regionkit.analysis.select import select_segments
from regionkit.datafiles import check_keys, load_package_yaml
from regionkit.tables import Tables

PLACE_LABELS: tuple[str, ...] = ("SJUKVARDSREGION", "REGION")
"""Entity labels whose words are left out of keyness (a region's name is not a priority)."""


# Letters only (no digits, no underscore); two or more, so that list bullets and initials drop.
_WORD = re.compile(r"[^\W\d_]{2,}")


def _stop_words() -> frozenset[str]:
    return _lemmas.stop_words()


@dataclass(frozen=True)
class KeynessFilters:
    """What keyness leaves out besides stop words (``regionkit/data/keyness_filters.yaml``)."""

    sentence_breaks: frozenset[str]
    not_name_first: frozenset[str]
    calendar: frozenset[str]


@cache
def keyness_filters() -> KeynessFilters:
    """Return the filters of ``regionkit/data/keyness_filters.yaml``."""
    data = load_package_yaml("regionkit.data", "keyness_filters.yaml")
    keys = ("version", "sentence_breaks", "not_name_first", "months", "weekdays")
    check_keys(data, keys, "regionkit/data/keyness_filters.yaml", required=keys)
    return KeynessFilters(
        sentence_breaks=frozenset(str(c) for c in data["sentence_breaks"]),
        not_name_first=frozenset(str(w) for w in data["not_name_first"]),
        calendar=frozenset(str(w).lower() for w in [*data["months"], *data["weekdays"]]),
    )


_NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéèüáàæø]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéèüáàæø]+)*"
_NAME_RUN = re.compile(rf"(?<![\w.])(?:{_NAME_WORD}|[A-ZÅÄÖ]\.)(?:[ \t]+(?:{_NAME_WORD}|"
                       rf"[A-ZÅÄÖ]\.))+")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _inside_sentence(text: str, start: int, breaks: frozenset[str]) -> bool:
    """Return whether the word at `start` stands inside a sentence (not first of text or line)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] != "\n" and text[i] not in breaks


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """Return the words that the texts write in lower case somewhere (common words)."""
    return frozenset(m.group(0) for text in texts for m in _WORD.finditer(str(text))
                     if m.group(0)[:1].islower())


def name_spans(text: str, common: frozenset[str]) -> list[tuple[int, int]]:
    """Return the spans of `text` that are names (see ``keyness_filters.yaml``).

    Args:
        text: a segment's text.
        common: words written in lower case somewhere in the compared texts
            (`lowercase_words`).

    Examples:
        >>> name_spans("Johan Rosenqvist informerar om Inera.", frozenset({"informerar", "om"}))
        [(0, 16), (31, 36)]
    """
    filters = keyness_filters()
    spans = []
    for m in _NAME_RUN.finditer(text):
        words = m.group(0).split()
        start = m.start()
        if words[0] in filters.not_name_first:
            start = text.index(words[1], m.start() + len(words[0]))
            words = words[1:]
        full = [w for w in words if not w.endswith(".")]
        if len(words) >= 2 and full:
            spans.append((start, m.end()))
    for m in _WORD.finditer(text):
        word = m.group(0)
        if (_is_capitalised(word) and word.lower() not in common
                and _inside_sentence(text, m.start(), filters.sentence_breaks)
                and not any(a <= m.start() < b for a, b in spans)):
            spans.append((m.start(), m.end()))
    return sorted(spans)


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


def terms(text: str, common: frozenset[str]) -> list[str]:
    """Return the lemmas keyness counts in `text`: `lemmas` without names, months and weekdays.

    Args:
        text: a segment's text.
        common: words written in lower case in the compared texts (`lowercase_words`).

    Examples:
        >>> terms("Johan Rosenqvist redogör i september för planerna.",
        ...       frozenset({"redogör", "i", "för", "planerna"}))
        ['redogöra', 'plan']
    """
    stop, calendar = _stop_words(), keyness_filters().calendar
    names = name_spans(text, common)
    out = []
    for match in _WORD.finditer(text):
        if any(a <= match.start() < b for a, b in names):
            continue
        word = match.group(0).lower()
        if word in stop or word in calendar:
            continue
        lem = lemma(word)
        if lem not in stop and lem not in calendar:
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
    """Return lemma counts per group (`terms` of each segment): columns `by`, ``term``, ``count``.

    Names are recognised against the words all of `segments` write in lower case.
    """
    common = lowercase_words(segments["text"].astype(str))
    rows = []
    for key, group in segments.groupby(by, sort=True):
        counts: dict[str, int] = {}
        for text in group["text"].astype(str):
            for lem in terms(text, common):
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
        Columns ``term``, ``count_target``, ``count_rest`` (raw counts in the target and in the
        other groups together), ``tokens_target``, ``tokens_rest`` (all terms counted in each),
        ``per_10k_target``, ``per_10k_rest``, ``g2``, ``p_value``, ``log_ratio``; only terms
        relatively more frequent in the target; sorted by G2 descending, then term.
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
    cols = ["term", "count_target", "count_rest", "tokens_target", "tokens_rest",
            "per_10k_target", "per_10k_rest", "g2", "p_value", "log_ratio"]
    if c == 0 or d == 0:
        return pd.DataFrame({col: [] for col in cols})
    frame = pd.DataFrame({"count_target": tgt}).join(pd.DataFrame({"count_rest": rest}),
                                                     how="left")
    frame = frame.fillna({"count_rest": 0}).astype("int64")
    frame = frame[frame["count_target"] >= min_count]
    a, b = frame["count_target"].to_numpy(), frame["count_rest"].to_numpy()
    frame = frame.assign(
        tokens_target=int(c), tokens_rest=int(d),
        per_10k_target=a / c * 10_000, per_10k_rest=b / d * 10_000,
        g2=log_likelihood(a, b, c, d), log_ratio=log_ratio(a, b, c, d),
    )
    frame = frame[frame["per_10k_target"] > frame["per_10k_rest"]]
    frame = frame.assign(p_value=_chi2_1df_pvalue(frame["g2"].to_numpy()))
    frame = frame.rename_axis("term").reset_index()
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    frame = frame[cols].reset_index(drop=True)
    return frame.head(top) if top is not None else frame
