"""Compare: priority tables from the processed tables (pure functions, tables in, tables out).

A region's *priority* on a theme is the share of its content segments tagged with that theme
(measure ``"segments"``), or the share of its words that stand in such segments (measure
``"words"``), in the spirit of the Manifesto Project's per-category shares. Shares are computed per
document, per year or per region; 95 % intervals come from a bootstrap over segments with a fixed
seed. Beside the shares: distinctive terms of one region against the others (Dunning's
log-likelihood G2 on lemmas), entity counts and entity-theme co-mentions, and what one region
does that the others do not.

Only content segments count (``Tables.content_segments``): attendee lists, tables of contents,
titles, headings, signatures and page boilerplate never enter a share, a term count or an entity
count. This module never reads files other than packaged lexicons, and never plots.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from regionkit import lemmas as _lemmas
from regionkit import vocab
from regionkit.datafiles import load_package_yaml
from regionkit.tables import Tables
from regionkit.tagging.types import ENTITY_LABELS

THEME_IDS: tuple[str, ...] = vocab.theme_ids()
"""Theme ids in labels.md order (regionkit/lexicons/themes.yaml)."""

MEASURES: tuple[str, ...] = ("segments", "words")
"""Priority measures: share of content segments, or share of words in content segments."""

DOC_TYPE_GROUPS: dict[str, str] = vocab.document_type_groups()
"""Document types grouped into plans, follow-up reports and minutes (for plan-vs-follow-up)."""

ACTOR_LABELS: tuple[str, ...] = ("NPO", "GROUP", "ORG")
"""Entity labels counted as actors in profiles and co-mentions (regions name the place)."""

PLACE_LABELS: tuple[str, ...] = ("SJUKVARDSREGION", "REGION")
"""Entity labels whose words are left out of keyness (a region's name is not a priority)."""

# Letters only (no digits, no underscore); two or more, so that list bullets and initials drop.
_WORD = re.compile(r"[^\W\d_]{2,}")


class ParameterError(ValueError):
    """A report or notebook parameter is not valid; the message names the value and the options."""


@dataclass(frozen=True)
class ValidIds:
    """The values a parameter may take, as found in the processed tables.

    Attributes:
        regions: healthcare region ids that have at least one document.
        themes: theme ids (labels.md).
        years: first and last year covered by any document, or None if no document has a year.
    """

    regions: tuple[str, ...]
    themes: tuple[str, ...] = THEME_IDS
    years: tuple[int, int] | None = None


# ---------------------------------------------------------------------------------------------
# Selecting segments
# ---------------------------------------------------------------------------------------------


def valid_ids(tables: Tables) -> ValidIds:
    """Return the region ids, theme ids and year range found in `tables`."""
    docs = tables.documents
    regions = tuple(sorted(docs["sjukvardsregion"].dropna().unique().tolist()))
    starts = docs["period_start"].dropna()
    ends = docs["period_end"].fillna(docs["period_start"]).dropna()
    years = (int(starts.min()), int(ends.max())) if len(starts) else None
    return ValidIds(regions=regions, themes=THEME_IDS, years=years)


def select_segments(
    tables: Tables,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return content segments with their document's metadata, optionally filtered.

    Args:
        tables: the processed tables.
        regions: keep these healthcare regions; None or empty keeps all.
        period: ``[first, last]`` year; a document is kept when its period overlaps it.
            None or empty keeps all.

    Returns:
        ``Tables.content_segments()`` rows plus ``doc_group`` (plan, follow_up, minutes, other),
        sorted by segment id.
    """
    segs = tables.content_segments()
    if regions:
        segs = segs[segs["sjukvardsregion"].isin(list(regions))]
    if period:
        first, last = _period_bounds(period)
        start = segs["period_start"]
        end = segs["period_end"].fillna(start)
        segs = segs[(start <= last) & (end >= first)]
    segs = segs.assign(doc_group=segs["doc_type"].map(DOC_TYPE_GROUPS).fillna("other"))
    return segs.sort_values("segment_id", kind="mergesort").reset_index(drop=True)


def expand_years(segments: pd.DataFrame, period: Sequence[int] | None = None) -> pd.DataFrame:
    """Return one row per segment and year its document covers (column ``year``).

    A plan for 2022-2023 speaks for both years, so its segments count in each: shares within a
    year are right, but a sum over years counts such a document more than once. Documents
    without a year are left out. With `period`, years outside it are dropped.
    """
    start = segments["period_start"]
    end = segments["period_end"].fillna(start)
    known = start.notna()
    segs = segments[known]
    years = [
        list(range(int(a), int(b) + 1))
        for a, b in zip(start[known], end[known], strict=True)
    ]
    out = segs.assign(year=years).explode("year")
    out["year"] = out["year"].astype("int64")
    if period:
        first, last = _period_bounds(period)
        out = out[(out["year"] >= first) & (out["year"] <= last)]
    return out.reset_index(drop=True)


def _period_bounds(period: Sequence[int]) -> tuple[int, int]:
    if len(period) != 2:
        raise ParameterError(f"period must be [first year, last year], got {list(period)}")
    return int(period[0]), int(period[1])


def theme_indicator(
    tables: Tables, segment_ids: Iterable[str], themes: Sequence[str]
) -> np.ndarray:
    """Return a boolean matrix: row i, column j is True if segment i is tagged with theme j."""
    ids = pd.Index(list(segment_ids))
    st = tables.segment_themes
    st = st[st["theme"].isin(list(themes)) & st["segment_id"].isin(ids)]
    flags = pd.DataFrame(False, index=ids.unique(), columns=list(themes))
    for theme, group in st.groupby("theme", sort=False):
        flags.loc[group["segment_id"].to_numpy(), theme] = True
    return flags.reindex(ids).to_numpy(dtype=bool)


# ---------------------------------------------------------------------------------------------
# Theme shares with bootstrap intervals
# ---------------------------------------------------------------------------------------------


def group_seed(seed: int, key: Sequence[object]) -> np.random.Generator:
    """Return a generator seeded by `seed` and the group's key.

    Seeding per group keeps a group's interval the same when other groups are added or removed
    (a new region's documents do not move another region's interval).
    """
    text = "\x1f".join(str(k) for k in key)
    return np.random.default_rng([int(seed), zlib.crc32(text.encode("utf-8"))])


def bootstrap_shares(
    tagged: np.ndarray,
    words: np.ndarray,
    *,
    measure: str = "segments",
    n_boot: int = 1000,
    rng: np.random.Generator,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Return percentile-bootstrap interval bounds (low, high) of each column's share.

    Segments are resampled with replacement (the segment is the unit, as in the shares).

    Args:
        tagged: ``(n_segments, n_themes)`` booleans.
        words: ``(n_segments,)`` word counts, used by the ``"words"`` measure.
        measure: ``"segments"`` or ``"words"``.
        n_boot: bootstrap replicates; 0 gives NaN bounds.
        rng: the random generator (see `group_seed`).
        level: coverage of the interval.
    """
    n, n_themes = tagged.shape
    if n_boot <= 0 or n == 0:
        nan = np.full(n_themes, np.nan)
        return nan, nan.copy()
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    flags = tagged.astype(float)
    if measure == "segments":
        boot = counts @ flags / n
    else:
        weighted = counts * words.astype(float)
        total = weighted.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = np.where(total > 0, (weighted @ flags) / np.where(total > 0, total, 1), np.nan)
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(boot, [alpha, 1.0 - alpha], axis=0)
    return low, high


def exact_bounds_if_degenerate(
    n_tagged: np.ndarray, n: int, low: np.ndarray, high: np.ndarray, *, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Replace bootstrap bounds where no segment, or every segment, has the theme.

    Resampling cannot vary then, so the bootstrap says 0–0 (or 100–100 %), which reads as
    certainty. The exact (Clopper-Pearson) bound over segments is used instead: with 0 of n
    tagged the upper bound is ``1 - (alpha/2) ** (1/n)`` (0–6.7 % for 45 segments, close to the
    "rule of three" 3/n); with n of n the lower bound is ``(alpha/2) ** (1/n)``.
    """
    alpha = (1.0 - level) / 2.0
    low, high = low.copy(), high.copy()
    if n > 0:
        none, every = n_tagged == 0, n_tagged == n
        high[none] = 1.0 - alpha ** (1.0 / n)
        low[every] = alpha ** (1.0 / n)
    return low, high


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ParameterError(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")


def shares_of(
    tables: Tables,
    segments: pd.DataFrame,
    by: Sequence[str],
    *,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Return theme shares with intervals for the groups of an already selected segment frame.

    `theme_shares` is the usual entry point; this one takes the segments (e.g. after
    `expand_years`) so that any grouping column can be used.

    Returns:
        One row per group and theme: the `by` columns, ``theme``, ``n_segments``, ``n_words``,
        ``n_tagged`` (tagged segments), ``n_words_tagged``, ``measure``, ``share``,
        ``ci_low``, ``ci_high``; sorted by group then theme order of `themes`.
    """
    _check_measure(measure)
    themes = list(themes) if themes else list(THEME_IDS)
    by = list(by)
    columns = [*by, "theme", "n_segments", "n_words", "n_tagged", "n_words_tagged",
               "measure", "share", "ci_low", "ci_high"]
    if segments.empty:
        return pd.DataFrame({c: [] for c in columns})
    tagged_all = theme_indicator(tables, segments["segment_id"], themes)
    words_all = segments["n_words"].to_numpy(dtype=float)
    rows = []
    grouped = segments.groupby(by, sort=True, dropna=False) if by else [((), segments)]
    for key, group in grouped:
        key = key if isinstance(key, tuple) else (key,)
        pos = segments.index.get_indexer(group.index)
        tagged, words = tagged_all[pos], words_all[pos]
        n_tagged = tagged.sum(axis=0)
        words_tagged = words @ tagged
        if measure == "segments":
            share = n_tagged / len(group)
        else:
            share = words_tagged / words.sum() if words.sum() > 0 else np.full(len(themes), np.nan)
        low, high = bootstrap_shares(
            tagged, words, measure=measure, n_boot=n_boot,
            rng=group_seed(seed, key), level=level,
        )
        if n_boot > 0:
            low, high = exact_bounds_if_degenerate(n_tagged, len(group), low, high, level=level)
        for j, theme in enumerate(themes):
            rows.append([*key, theme, len(group), int(words.sum()), int(n_tagged[j]),
                         int(words_tagged[j]), measure, float(share[j]),
                         float(low[j]), float(high[j])])
    return pd.DataFrame(rows, columns=columns)


def theme_shares(
    tables: Tables,
    by: Sequence[str] = ("sjukvardsregion",),
    *,
    measure: str = "segments",
    themes: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Return each group's share of content segments (or words) tagged with each theme.

    Args:
        tables: the processed tables.
        by: grouping columns of `select_segments` output, e.g. ``("sjukvardsregion",)``,
            ``("doc_id",)``, or ``("sjukvardsregion", "year")`` (a multi-year document then
            counts in each year it covers, see `expand_years`).
        measure: ``"segments"`` (share of segments) or ``"words"`` (share of words).
        themes: theme ids; None or empty means all (labels.md order).
        regions: healthcare regions to keep; None or empty keeps all.
        period: ``[first, last]`` year; documents overlapping it are kept.
        n_boot: bootstrap replicates for the interval (0: no interval).
        seed: the bootstrap seed; the same seed gives the same interval.
        level: interval coverage, 0.95 by default.

    Returns:
        See `shares_of`.

    Examples:
        >>> theme_shares(tables, by=("sjukvardsregion",), themes=["pandemi"])  # doctest: +SKIP
    """
    segs = select_segments(tables, regions=regions, period=period)
    if "year" in by:
        segs = expand_years(segs, period)
    return shares_of(tables, segs, by, themes=themes, measure=measure, n_boot=n_boot,
                     seed=seed, level=level)


def share_difference(
    tables: Tables,
    segments_a: pd.DataFrame,
    segments_b: pd.DataFrame,
    *,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Return share(b) - share(a) per theme with a bootstrap interval of the difference.

    The two selections are resampled independently. Where a side has no (or only) tagged
    segments, resampling cannot show its uncertainty: the interval is then widened to
    ``[low_b - high_a, high_b - low_a]`` from the sides' exact bounds (see
    `exact_bounds_if_degenerate`). A difference is larger than the uncertainty when its
    interval does not contain 0 (column ``exceeds_uncertainty``).

    Returns:
        Columns ``theme``, ``share_a``, ``share_b``, ``difference``, ``ci_low``, ``ci_high``,
        ``exceeds_uncertainty``.
    """
    _check_measure(measure)
    themes = list(themes) if themes else list(THEME_IDS)
    alpha = (1.0 - level) / 2.0
    points, boots, bounds, degenerate = [], [], [], np.zeros(len(themes), dtype=bool)
    for name, segs in (("a", segments_a), ("b", segments_b)):
        tagged = theme_indicator(tables, segs["segment_id"], themes).astype(float)
        n = len(tagged)
        weight = np.ones(n) if measure == "segments" else segs["n_words"].to_numpy(dtype=float)
        if weight.sum() == 0:
            raise ParameterError(f"selection {name} has no content segments (or no words)")
        points.append(weight @ tagged / weight.sum())
        # Seeded by the selection's documents, so the same question gives the same interval.
        rng = group_seed(seed, ("difference", name, *sorted(set(segs["doc_id"].astype(str)))))
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=max(n_boot, 1)).astype(float)
        w = counts * weight
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = (w @ tagged) / w.sum(axis=1, keepdims=True)
        boots.append(boot)
        n_tagged = tagged.sum(axis=0)
        low, high = np.nanquantile(boot, [alpha, 1.0 - alpha], axis=0)
        bounds.append(exact_bounds_if_degenerate(n_tagged, n, low, high, level=level))
        degenerate |= (n_tagged == 0) | (n_tagged == n)
    low, high = np.nanquantile(boots[1] - boots[0], [alpha, 1.0 - alpha], axis=0)
    # A side with no (or only) tagged segments cannot vary under resampling; there the
    # difference's interval is widened to the two sides' intervals combined (conservative).
    (lo_a, hi_a), (lo_b, hi_b) = bounds
    low = np.where(degenerate, np.minimum(low, lo_b - hi_a), low)
    high = np.where(degenerate, np.maximum(high, hi_b - lo_a), high)
    out = pd.DataFrame({
        "theme": themes, "share_a": points[0], "share_b": points[1],
        "difference": points[1] - points[0], "ci_low": low, "ci_high": high,
    })
    if n_boot <= 0:
        out[["ci_low", "ci_high"]] = np.nan
    out["exceeds_uncertainty"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    return out


# ---------------------------------------------------------------------------------------------
# Over time: per document, plans against follow-up reports, first against last
# ---------------------------------------------------------------------------------------------


def document_shares(
    tables: Tables,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Return theme shares per document with the document's region, type and period.

    Returns:
        `shares_of` columns grouped by ``sjukvardsregion`` and ``doc_id``, plus ``doc_type``,
        ``doc_group``, ``period_start``, ``period_end``, ``date``, ``doc_title``; sorted by
        region, period and document.
    """
    segs = select_segments(tables, regions=regions, period=period)
    shares = shares_of(tables, segs, ("sjukvardsregion", "doc_id"), themes=themes,
                       measure=measure, n_boot=n_boot, seed=seed)
    meta = (segs[["doc_id", "doc_type", "doc_group", "period_start", "period_end", "date",
                  "doc_title"]].drop_duplicates("doc_id"))
    out = shares.merge(meta, on="doc_id", how="left")
    out["period_end"] = out["period_end"].fillna(out["period_start"])
    order = {t: i for i, t in enumerate(themes or THEME_IDS)}
    out = out.assign(_theme_order=out["theme"].map(order))
    out = out.sort_values(["sjukvardsregion", "period_start", "period_end", "doc_id",
                           "_theme_order"], kind="mergesort")
    return out.drop(columns="_theme_order").reset_index(drop=True)


def documents_per_region(
    doc_shares: pd.DataFrame, *, name: Callable[[str], str] = str
) -> pd.DataFrame:
    """Return, per region, the number of documents and whether a trend can be drawn.

    A trend needs at least two documents: a line through one document says nothing about time.
    `name` turns a region id into the name used in the statement (e.g.
    ``regionkit.report.region_name``).

    Returns:
        Columns ``sjukvardsregion``, ``n_documents``, ``first_year``, ``last_year``,
        ``can_draw_trend``, ``statement`` (a plain sentence for one-document regions).
    """
    docs = doc_shares.drop_duplicates("doc_id")
    rows = []
    for region, group in docs.groupby("sjukvardsregion", sort=True):
        n = len(group)
        first, last = int(group["period_start"].min()), int(group["period_end"].max())
        statement = ""
        if n < 2:
            row = group.iloc[0]
            statement = (f"{name(region)} has one document in the data ({row['doc_title']}, "
                         f"{_period_text(row['period_start'], row['period_end'])}): "
                         "no trend can be shown, only that document's shares.")
        rows.append([region, n, first, last, n >= 2, statement])
    return pd.DataFrame(rows, columns=["sjukvardsregion", "n_documents", "first_year",
                                       "last_year", "can_draw_trend", "statement"])


def _period_text(start: object, end: object) -> str:
    if pd.isna(start):
        return "year unknown"
    if pd.isna(end) or int(end) == int(start):
        return str(int(start))
    return f"{int(start)}–{int(end)}"


def plan_vs_followup(doc_shares: pd.DataFrame) -> pd.DataFrame:
    """Pair each region's plans with follow-up reports whose periods overlap.

    Returns:
        One row per (plan, follow-up, theme): ``sjukvardsregion``, ``theme``, ``plan_doc``,
        ``followup_doc``, ``plan_share``, ``followup_share``, the two intervals, and
        ``overlap_years`` as text. Empty when no region has both.
    """
    cols = ["sjukvardsregion", "theme", "plan_doc", "followup_doc", "overlap_years",
            "plan_share", "plan_ci_low", "plan_ci_high",
            "followup_share", "followup_ci_low", "followup_ci_high"]
    plans = doc_shares[doc_shares["doc_group"] == "plan"]
    follow = doc_shares[doc_shares["doc_group"] == "follow_up"]
    pairs = plans.merge(follow, on=["sjukvardsregion", "theme"], suffixes=("_p", "_f"))
    overlap = ((pairs["period_start_p"] <= pairs["period_end_f"])
               & (pairs["period_start_f"] <= pairs["period_end_p"]))
    pairs = pairs[overlap]
    if pairs.empty:
        return pd.DataFrame({c: [] for c in cols})
    lo = pairs[["period_start_p", "period_start_f"]].max(axis=1)
    hi = pairs[["period_end_p", "period_end_f"]].min(axis=1)
    out = pd.DataFrame({
        "sjukvardsregion": pairs["sjukvardsregion"], "theme": pairs["theme"],
        "plan_doc": pairs["doc_id_p"], "followup_doc": pairs["doc_id_f"],
        "overlap_years": [_period_text(a, b) for a, b in zip(lo, hi, strict=True)],
        "plan_share": pairs["share_p"], "plan_ci_low": pairs["ci_low_p"],
        "plan_ci_high": pairs["ci_high_p"], "followup_share": pairs["share_f"],
        "followup_ci_low": pairs["ci_low_f"], "followup_ci_high": pairs["ci_high_f"],
    })
    return out.reset_index(drop=True)


def first_last_change(
    tables: Tables,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Return, per region with two or more documents, the change from its first to its last.

    First and last are ordered by period (end, then start) and document id. Regions with one
    document are left out (see `documents_per_region` for the statement to show instead).

    Returns:
        Columns ``sjukvardsregion``, ``first_doc``, ``last_doc``, and the columns of
        `share_difference` (a = first document, b = last document).
    """
    segs = select_segments(tables, regions=regions, period=period)
    frames = []
    for region, group in segs.groupby("sjukvardsregion", sort=True):
        docs = (group.drop_duplicates("doc_id")
                .assign(_end=lambda d: d["period_end"].fillna(d["period_start"]))
                .sort_values(["_end", "period_start", "doc_id"], kind="mergesort"))
        if len(docs) < 2:
            continue
        first, last = docs["doc_id"].iloc[0], docs["doc_id"].iloc[-1]
        diff = share_difference(
            tables, group[group["doc_id"] == first], group[group["doc_id"] == last],
            themes=themes, measure=measure, n_boot=n_boot, seed=seed,
        )
        frames.append(diff.assign(sjukvardsregion=region, first_doc=first, last_doc=last))
    cols = ["sjukvardsregion", "first_doc", "last_doc", "theme", "share_a", "share_b",
            "difference", "ci_low", "ci_high", "exceeds_uncertainty"]
    if not frames:
        return pd.DataFrame({c: [] for c in cols})
    return pd.concat(frames, ignore_index=True)[cols]


# ---------------------------------------------------------------------------------------------
# Distinctive terms (keyness)
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Entities: counts, co-mentions with themes, what one region names that others do not
# ---------------------------------------------------------------------------------------------


def content_mentions(
    tables: Tables,
    *,
    labels: Sequence[str] | None = ACTOR_LABELS,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return entity mentions in content segments with the segment's region and document.

    Mentions in attendee lists, tables of contents and other non-content segments are left out.
    """
    segs = select_segments(tables, regions=regions, period=period)
    em = tables.entity_mentions
    if labels:
        em = em[em["label"].isin(list(labels))]
    keep = ["segment_id", "sjukvardsregion", "doc_type", "doc_group", "period_start",
            "period_end"]
    return em.merge(segs[keep], on="segment_id", how="inner", validate="many_to_one")


@lru_cache(maxsize=1)
def lexicon_names() -> dict[tuple[str, str], str]:
    """Return the official name of each lexicon entry, keyed by (label, id).

    Read from every packaged lexicon file with a ``label`` and ``entries`` (npo.yaml, rcc.yaml,
    ...); an NPO mentioned by an older name or through OCR damage is shown by its current name.
    """
    names: dict[tuple[str, str], str] = {}
    for name in vocab.lexicon_file_names():
        data = load_package_yaml(vocab.LEXICONS, name)
        if not isinstance(data, Mapping) or "label" not in data:
            continue
        for entry in data.get("entries") or []:
            if isinstance(entry, Mapping) and "id" in entry and "name" in entry:
                names[(str(data["label"]), str(entry["id"]))] = str(entry["name"])
    return names


def entity_names(tables: Tables) -> pd.DataFrame:
    """Return a display name per (label, entity_id).

    The lexicon's official name where the id is in a lexicon, else the most frequent surface
    text (ties go to the alphabetically first text, so the name is stable).
    """
    em = tables.entity_mentions
    if em.empty:
        return pd.DataFrame({"label": [], "entity_id": [], "name": []})
    counts = (em.groupby(["label", "entity_id", "text"]).size().rename("n").reset_index()
              .sort_values(["label", "entity_id", "n", "text"],
                           ascending=[True, True, False, True], kind="mergesort"))
    first = counts.drop_duplicates(["label", "entity_id"])
    out = first[["label", "entity_id", "text"]].rename(columns={"text": "name"})
    official = lexicon_names()
    out["name"] = [official.get((lab, eid), name) for lab, eid, name in
                   zip(out["label"], out["entity_id"], out["name"], strict=True)]
    return out.reset_index(drop=True)


def entity_counts(
    tables: Tables,
    *,
    labels: Sequence[str] | None = ACTOR_LABELS,
    by: Sequence[str] = ("sjukvardsregion",),
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return how often each entity is mentioned in content segments.

    Returns:
        Columns `by`, ``label``, ``entity_id``, ``name``, ``n_mentions``, ``n_segments``,
        ``n_documents``; sorted by group, label, mentions (descending) and id.
    """
    em = content_mentions(tables, labels=labels, regions=regions, period=period)
    keys = [*by, "label", "entity_id"]
    cols = [*keys, "name", "n_mentions", "n_segments", "n_documents"]
    if em.empty:
        return pd.DataFrame({c: [] for c in cols})
    out = em.groupby(keys, sort=True).agg(
        n_mentions=("segment_id", "size"), n_segments=("segment_id", "nunique"),
        n_documents=("doc_id", "nunique"),
    ).reset_index()
    out = out.merge(entity_names(tables), on=["label", "entity_id"], how="left")
    out = out.sort_values([*by, "label", "n_mentions", "entity_id"],
                          ascending=[True] * len(by) + [True, False, True], kind="mergesort")
    return out[cols].reset_index(drop=True)


def comentions(
    tables: Tables,
    *,
    labels: Sequence[str] | None = ACTOR_LABELS,
    by: Sequence[str] = (),
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return in how many content segments each entity appears together with each theme.

    Returns:
        Columns `by`, ``label``, ``entity_id``, ``theme``, ``n_segments``; sorted by group,
        segments (descending), label, id and theme.
    """
    em = content_mentions(tables, labels=labels, regions=regions, period=period)
    pairs = em[[*by, "segment_id", "label", "entity_id"]].drop_duplicates()
    pairs = pairs.merge(tables.segment_themes[["segment_id", "theme"]], on="segment_id")
    keys = [*by, "label", "entity_id", "theme"]
    if pairs.empty:
        return pd.DataFrame({c: [] for c in [*keys, "n_segments"]})
    out = pairs.groupby(keys, sort=True)["segment_id"].nunique().rename("n_segments")
    out = out.reset_index().sort_values(
        [*by, "n_segments", "label", "entity_id", "theme"],
        ascending=[True] * len(by) + [False, True, True, True], kind="mergesort")
    return out.reset_index(drop=True)


def unique_entities(
    tables: Tables,
    target: str,
    *,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    labels: Sequence[str] | None = ACTOR_LABELS,
) -> pd.DataFrame:
    """Return the entities the target region mentions and none of the other regions does."""
    counts = entity_counts(tables, labels=labels, regions=regions, period=period)
    others = counts.loc[counts["sjukvardsregion"] != target, ["label", "entity_id"]]
    mine = counts[counts["sjukvardsregion"] == target]
    seen = set(zip(others["label"], others["entity_id"], strict=True))
    keep = [(lab, eid) not in seen for lab, eid in zip(mine["label"], mine["entity_id"],
                                                       strict=True)]
    return mine[keep].drop(columns="sjukvardsregion").reset_index(drop=True)


def distinctive_themes(
    shares: pd.DataFrame, target: str, *, by: str = "sjukvardsregion"
) -> pd.DataFrame:
    """Return, per theme, the target's share against the highest share among the others.

    Args:
        shares: `theme_shares` output grouped by `by` alone.
        target: the group to look at.
        by: the grouping column.

    Returns:
        Columns ``theme``, ``share``, ``ci_low``, ``ci_high``, ``max_share_others``,
        ``max_ci_high_others``, ``only_target`` (tagged in the target and in no other group),
        ``clearly_higher`` (the target's interval lies above every other group's interval).
    """
    mine = shares[shares[by] == target].set_index("theme")
    others = shares[shares[by] != target].groupby("theme").agg(
        max_share_others=("share", "max"), max_ci_high_others=("ci_high", "max"),
        tagged_others=("n_tagged", "sum"))
    out = mine[["share", "ci_low", "ci_high", "n_tagged"]].join(others, how="left")
    out["only_target"] = (out["n_tagged"] > 0) & (out["tagged_others"].fillna(0) == 0)
    out["clearly_higher"] = out["ci_low"] > out["max_ci_high_others"]
    out = out.reset_index()
    return out[["theme", "share", "ci_low", "ci_high", "max_share_others",
                "max_ci_high_others", "only_target", "clearly_higher"]]


def region_differences(
    tables: Tables,
    shares: pd.DataFrame,
    *,
    regions: Sequence[str],
    period: Sequence[int] | None = None,
    n_terms: int = 5,
    n_entities: int = 8,
    min_count: int = 3,
) -> pd.DataFrame:
    """Summarise what each region does that the others do not, one row per finding.

    Findings: themes tagged only in that region, themes whose interval lies above every other
    region's, actors (NPO, groups, organisations) only that region mentions (the `n_entities`
    named in most segments, then one row counting the rest), and its top `n_terms`
    distinctive terms.

    Returns:
        Columns ``sjukvardsregion``, ``kind`` (theme_only, theme_higher, entity_only, term),
        ``item``, ``detail``.
    """
    rows = []
    for region in regions:
        themes = distinctive_themes(shares, region)
        for _, t in themes[themes["only_target"]].iterrows():
            rows.append([region, "theme_only", t["theme"], f"share {t['share']:.1%}"])
        for _, t in themes[themes["clearly_higher"] & ~themes["only_target"]].iterrows():
            rows.append([region, "theme_higher", t["theme"],
                         f"share {t['share']:.1%} (CI {t['ci_low']:.1%}–{t['ci_high']:.1%}) "
                         f"vs at most {t['max_share_others']:.1%} elsewhere"])
        ents = unique_entities(tables, region, regions=regions, period=period)
        ents = ents.sort_values(["n_segments", "label", "entity_id"],
                                ascending=[False, True, True], kind="mergesort")
        for _, e in ents.head(n_entities).iterrows():
            rows.append([region, "entity_only", f"{e['label']}: {e['name']}",
                         f"{e['n_segments']} segment(s)"])
        if len(ents) > n_entities:
            rows.append([region, "entity_only", f"… and {len(ents) - n_entities} more",
                         "named in fewer segments (see the region profile)"])
        if len(regions) > 1 and n_terms > 0:
            terms = keyness(tables, region, regions=regions, period=period,
                            min_count=min_count, top=n_terms)
            for _, k in terms.iterrows():
                rows.append([region, "term", k["term"], f"G2 {k['g2']:.1f}, "
                             f"{k['count_target']} vs {k['count_rest']} elsewhere"])
    return pd.DataFrame(rows, columns=["sjukvardsregion", "kind", "item", "detail"])


# ---------------------------------------------------------------------------------------------
# Example segments and spans to highlight
# ---------------------------------------------------------------------------------------------


def example_segments(
    tables: Tables,
    region: str,
    theme: str,
    *,
    n: int = 2,
    period: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Return up to `n` content segments of `region` tagged with `theme`, strongest first.

    Ordered by theme score (descending), then segment id, so the choice is stable.

    Returns:
        Columns ``segment_id``, ``doc_id``, ``doc_title``, ``heading_path``, ``score``,
        ``evidence``, ``text``.
    """
    segs = select_segments(tables, regions=[region], period=period)
    st = tables.segment_themes[tables.segment_themes["theme"] == theme]
    out = segs.merge(st[["segment_id", "score", "evidence"]], on="segment_id")
    out = out.sort_values(["score", "segment_id"], ascending=[False, True], kind="mergesort")
    return out[["segment_id", "doc_id", "doc_title", "heading_path", "score", "evidence",
                "text"]].head(n).reset_index(drop=True)


def _raw_to_text_offset(raw: int, seg_start: int, repairs: pd.DataFrame) -> int:
    """Map an offset into the raw document to an offset into the segment's normalised text."""
    shift = 0
    for start, end, original, replacement in repairs.itertuples(index=False):
        if end <= raw:
            shift += len(replacement) - len(original)
        elif start < raw:
            # Inside a repaired stretch: snap to its start.
            return start - seg_start + shift
    return raw - seg_start + shift


def _apply_repairs(text: str, start: int, repairs: pd.DataFrame) -> str:
    """Apply the repairs that fall inside ``[start, start + len(text))`` to `text`."""
    out, pos = [], 0
    for r_start, r_end, original, replacement in repairs.itertuples(index=False):
        a, b = r_start - start, r_end - start
        if a < pos or b > len(text) or text[a:b] != original:
            continue
        out.extend([text[pos:a], replacement])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _find_near(text: str, needle: str, guess: int) -> int:
    """Return the start of the occurrence of `needle` in `text` nearest `guess`, or -1."""
    if not needle:
        return -1
    found = [m.start() for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE)]
    return min(found, key=lambda s: (abs(s - guess), s)) if found else -1


def segment_spans(tables: Tables, segment_id: str, *, theme: str | None = None) -> list[dict]:
    """Return the spans to highlight in a segment's text: entities and theme evidence.

    Entity offsets are stored against the raw document; they are mapped onto the segment's
    normalised text through the recorded repairs, checked against the text, and searched for
    nearby when a change was not recorded. Evidence words are found in the text by search.
    A span that cannot be placed is left out rather than placed wrongly.

    Args:
        tables: the processed tables.
        segment_id: the segment.
        theme: only this theme's evidence; None for every theme of the segment.

    Returns:
        Dicts ``{"start", "end", "label", "kind"}`` (kind ``entity`` or ``evidence``; for
        evidence, label is the theme id), with offsets into the segment's ``text``, sorted.
    """
    seg = tables.segments.loc[tables.segments["segment_id"] == segment_id]
    if seg.empty:
        raise KeyError(f"no segment {segment_id!r}")
    seg = seg.iloc[0]
    text, s0 = str(seg["text"]), int(seg["char_start"])
    reps = tables.repairs[(tables.repairs["doc_id"] == seg["doc_id"])
                          & (tables.repairs["char_start"] >= s0)
                          & (tables.repairs["char_end"] <= int(seg["char_end"]))]
    reps = reps.sort_values("char_start")[["char_start", "char_end", "original", "replacement"]]
    spans = []
    em = tables.entity_mentions[tables.entity_mentions["segment_id"] == segment_id]
    for m in em.itertuples(index=False):
        expected = _apply_repairs(str(m.text), int(m.char_start), reps)
        start = _raw_to_text_offset(int(m.char_start), s0, reps)
        if text[start:start + len(expected)].lower() != expected.lower():
            start = _find_near(text, expected, start)
        if start >= 0:
            spans.append({"start": start, "end": start + len(expected), "label": m.label,
                          "kind": "entity"})
    st = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    if theme is not None:
        st = st[st["theme"] == theme]
    for row in st.itertuples(index=False):
        for word in _evidence_words(row.evidence):
            for match in re.finditer(rf"(?<!\w){re.escape(word)}", text, flags=re.IGNORECASE):
                spans.append({"start": match.start(), "end": match.end(), "label": row.theme,
                              "kind": "evidence"})
    return _merge_evidence(spans)


def _merge_evidence(spans: list[dict]) -> list[dict]:
    """Return spans sorted, with overlapping evidence spans of one theme merged into one.

    Evidence lists often hold a word and its parts ("produktionsplaneringsgruppen",
    "produktionsplanering", "produktion"); one highlight per stretch of text is enough.
    """
    entities = {(s["start"], s["end"], s["label"], s["kind"]): s for s in spans
                if s["kind"] != "evidence"}
    merged: list[dict] = []
    evidence = sorted((s for s in spans if s["kind"] == "evidence"),
                      key=lambda s: (s["label"], s["start"], -s["end"]))
    for span in evidence:
        last = merged[-1] if merged else None
        if last and last["label"] == span["label"] and span["start"] < last["end"]:
            last["end"] = max(last["end"], span["end"])
        else:
            merged.append(dict(span))
    out = list(entities.values()) + merged
    return sorted(out, key=lambda s: (s["start"], s["end"], s["label"], s["kind"]))


def _evidence_words(evidence: object) -> list[str]:
    if evidence is None or pd.isna(evidence):
        return []
    return [w.strip() for w in str(evidence).split("|") if w.strip()]


# ---------------------------------------------------------------------------------------------
# NPO hosted by a region (from the packaged NPO lexicon)
# ---------------------------------------------------------------------------------------------


def hosted_npo(region: str) -> pd.DataFrame:
    """Return the national programme areas a healthcare region hosts (``host`` in npo.yaml).

    Returns:
        Columns ``entity_id``, ``name``; empty when the lexicon names no host in `region`
        (or is not installed).
    """
    rows = [[t.id, t.name] for t in vocab.npo_hosted_by(region)]
    return pd.DataFrame(rows, columns=["entity_id", "name"]).sort_values(
        "entity_id", kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Corpus overview: documents, segments, repairs, warnings
# ---------------------------------------------------------------------------------------------


def documents_overview(tables: Tables) -> pd.DataFrame:
    """Return one row per document: region, type, period, title and what processing found.

    Sorted by region, period start and document id.
    """
    docs = tables.documents.copy()
    docs["period"] = [_period_text(a, b) for a, b in
                      zip(docs["period_start"], docs["period_end"], strict=True)]
    cols = ["sjukvardsregion", "doc_type", "period", "doc_id", "title", "n_segments",
            "n_content_segments", "n_words", "n_repairs", "ocr_damaged", "metadata_source"]
    docs = docs.sort_values(["sjukvardsregion", "period_start", "doc_id"], kind="mergesort")
    return docs[cols].reset_index(drop=True)


def document_counts(tables: Tables, by: Sequence[str] = ("sjukvardsregion", "doc_type")
                    ) -> pd.DataFrame:
    """Return the number of documents per group (columns `by` and ``n_documents``)."""
    out = tables.documents.groupby(list(by), sort=True).size().rename("n_documents")
    return out.reset_index()


def documents_per_year(tables: Tables) -> pd.DataFrame:
    """Return a region × year table of how many documents cover each year.

    A document for 2021-2022 counts in both years; years no document covers are shown as 0.
    """
    docs = tables.documents.dropna(subset=["period_start"])
    rows = [(r, y) for r, a, b in zip(docs["sjukvardsregion"], docs["period_start"],
                                      docs["period_end"].fillna(docs["period_start"]),
                                      strict=True)
            for y in range(int(a), int(b) + 1)]
    frame = pd.DataFrame(rows, columns=["sjukvardsregion", "year"])
    if frame.empty:
        return frame
    table = pd.crosstab(frame["sjukvardsregion"], frame["year"])
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    return table.reindex(columns=list(years), fill_value=0)


def segment_kinds(tables: Tables) -> pd.DataFrame:
    """Return segments per kind: ``kind``, ``counted`` (in shares or not), segments, words."""
    segs = tables.segments
    out = segs.groupby(["kind", "is_content"], sort=True).agg(
        n_segments=("segment_id", "size"), n_words=("n_words", "sum")).reset_index()
    out = out.rename(columns={"is_content": "counted"})
    return out.sort_values(["counted", "n_segments", "kind"], ascending=[False, False, True],
                           kind="mergesort").reset_index(drop=True)


def repairs_summary(tables: Tables) -> pd.DataFrame:
    """Return repairs per document and kind, with up to three examples ("uppféljning → ...")."""
    rep = tables.repairs
    cols = ["doc_id", "kind", "n_repairs", "examples"]
    if rep.empty:
        return pd.DataFrame({c: [] for c in cols})
    rows = []
    for (doc_id, kind), group in rep.groupby(["doc_id", "kind"], sort=True):
        pairs = list(dict.fromkeys(
            f"{_visible(o)} → {_visible(r)}" for o, r in
            zip(group["original"], group["replacement"], strict=True)))
        rows.append([doc_id, kind, len(group), "; ".join(pairs[:3])])
    return pd.DataFrame(rows, columns=cols)


def _visible(text: object) -> str:
    """Return text with line breaks, tabs and spaces made visible (∅ for nothing)."""
    text = "" if text is None or pd.isna(text) else str(text)
    if not text:
        return "∅"
    return text.replace("\n", "⏎").replace("\t", "⇥").replace(" ", "␣")


def metadata_warnings(tables: Tables) -> pd.DataFrame:
    """Return one row per metadata or ingest warning: ``doc_id``, ``warning``."""
    rows = []
    for doc_id, warnings in zip(tables.documents["doc_id"], tables.documents["warnings"],
                                strict=True):
        if warnings is None or pd.isna(warnings):
            continue
        rows.extend((doc_id, w.strip()) for w in str(warnings).split(" | ") if w.strip())
    return pd.DataFrame(rows, columns=["doc_id", "warning"])


def hosted_npo_mentions(tables: Tables, region: str) -> pd.DataFrame:
    """Return the NPO a region hosts and how often the region's content segments name each."""
    hosted = hosted_npo(region)
    counts = entity_counts(tables, labels=["NPO"], regions=[region])
    counts = counts[["entity_id", "n_segments"]] if not counts.empty else pd.DataFrame(
        {"entity_id": [], "n_segments": []})
    out = hosted.merge(counts, on="entity_id", how="left")
    out["n_segments"] = out["n_segments"].fillna(0).astype("int64")
    return out


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

_ID_LIST_PARAMS = {"regions": "regions", "themes": "themes"}
_ID_PARAMS = {"sjukvardsregion": "regions", "theme": "themes"}
_INT_PARAMS = ("n_boot", "seed", "n_examples", "n_terms", "min_count")


def _check_id(name: str, value: object, valid: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in valid:
        extra = ""
        if what == "regions":
            extra = " (regions with documents in the processed tables)"
        raise ParameterError(f"{name}: unknown {what[:-1]} {value!r}; valid{extra}: "
                             f"{', '.join(valid)}")
    return value


def _check_period(value: object, valid: ValidIds) -> list[int]:
    if value in (None, []):
        return []
    ok = (isinstance(value, list | tuple) and len(value) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
          and value[0] <= value[1])
    if not ok:
        raise ParameterError(f"period: expected [first year, last year] or [], got {value!r}")
    if valid.years and (value[1] < valid.years[0] or value[0] > valid.years[1]):
        raise ParameterError(f"period: {list(value)} has no documents; the data covers "
                             f"{valid.years[0]}–{valid.years[1]}")
    return [int(value[0]), int(value[1])]


def validate_parameters(params: Mapping[str, object], valid: ValidIds) -> dict:
    """Check parameter values against the ids in the data; return a checked copy.

    Known names: ``sjukvardsregion`` and ``theme`` (one id), ``regions`` and ``themes`` (lists
    of ids, empty means all), ``period`` (``[first, last]`` or empty), ``measure``, and the
    integers ``n_boot``, ``seed``, ``n_examples``, ``n_terms``, ``min_count``. Other names are
    passed through unchanged.

    Raises:
        ParameterError: a value is unknown or of the wrong type; the message names the
            parameter and the value and lists the valid ones.
    """
    out = dict(params)
    for name, what in _ID_PARAMS.items():
        if name in out:
            _check_id(name, out[name], getattr(valid, what), what)
    for name, what in _ID_LIST_PARAMS.items():
        if name in out:
            value = out[name]
            if value is None:
                value = []
            if not isinstance(value, list | tuple):
                raise ParameterError(f"{name}: expected a list of ids, got {value!r}")
            out[name] = [_check_id(name, v, getattr(valid, what), what) for v in value]
    if "period" in out:
        out["period"] = _check_period(out["period"], valid)
    if "measure" in out and out["measure"] not in MEASURES:
        raise ParameterError(f"measure: unknown measure {out['measure']!r}; valid: "
                             f"{', '.join(MEASURES)}")
    for name in _INT_PARAMS:
        if name in out:
            value = out[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ParameterError(f"{name}: expected a non-negative integer, got {value!r}")
    return out


__all__ = [
    "ACTOR_LABELS", "bootstrap_shares", "comentions", "content_mentions", "distinctive_themes",
    "DOC_TYPE_GROUPS", "document_counts", "document_shares", "documents_overview",
    "documents_per_region", "documents_per_year", "entity_counts", "ENTITY_LABELS", "entity_names",
    "exact_bounds_if_degenerate", "example_segments", "expand_years", "first_last_change",
    "group_seed", "hosted_npo", "hosted_npo_mentions", "keyness", "lemma", "lemmas",
    "lexicon_names", "log_likelihood", "log_ratio", "MEASURES", "metadata_warnings",
    "ParameterError", "PLACE_LABELS", "place_name_lemmas", "plan_vs_followup",
    "region_differences", "repairs_summary", "segment_kinds", "segment_spans", "select_segments",
    "share_difference", "shares_of", "term_counts", "theme_indicator", "theme_shares",
    "unique_entities", "valid_ids", "validate_parameters", "ValidIds",
]
