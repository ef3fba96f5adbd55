"""Theme shares: the share of what a measure counts that carries each theme, with intervals.

A region's *priority* on a theme is the share of its counting units that carry the theme, in the
spirit of the Manifesto Project's per-category shares. Measures (README, "What is counted"):
``"units"``, quasi-sentences of content segments (`regionkit.analysis.units`; independent of
layout, the reports' default); ``"segments"``, content segments tagged with the theme (the unit
hand coders code); ``"words"``, words standing in tagged content segments. Per document, per
year, per region; plans against follow-up reports; a region's first document against its last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from regionkit.analysis.intervals import effective_counts, newcombe_difference, share_interval
from regionkit.analysis.params import MEASURES, THEME_IDS, ParameterError, _check_measure
from regionkit.analysis.select import _period_text, expand_years, select_segments, theme_indicator
from regionkit.analysis.series import add_series
from regionkit.analysis.units import unit_indicator, unit_themes
from regionkit.tables import Tables


def _check_units(tables: Tables) -> None:
    """Refuse the units measure on tables that lack what it counts (never a silent 0 %)."""
    if tables.segments["is_content"].astype(bool).any() and tables.units.empty:
        raise ParameterError("measure 'units' needs the units table, and the processed tables "
                             "have none: rebuild with `regionkit build`, or use measure "
                             "'segments'")
    if len(tables.segment_themes) and tables.theme_evidence.empty:
        raise ParameterError("measure 'units' needs the theme_evidence table, and the processed "
                             "tables have none: rebuild with `regionkit build`, or use measure "
                             "'segments'")


def measure_elements(tables: Tables, segments: pd.DataFrame, measure: str,
                     themes: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                     np.ndarray, np.ndarray]:
    """Return what a measure counts in a frame of selected segments, one entry per element.

    Elements are the segments themselves (``segments``: weight 1; ``words``: weight the
    segment's words) or the quasi-sentences of the segments (``units``: weight 1, from the
    stored ``units`` table; a unit carries a theme when evidence of a theme given to its segment
    lies in it, `regionkit.analysis.units.unit_themes`). A segment that appears several times
    in `segments` (e.g. once per year, `expand_years`) gives its units once per appearance.

    Returns:
        ``(rows, weights, flags, segment_ids, doc_ids)``: for each element the position of its
        segment in `segments`, its weight, a boolean row per theme, and its segment and
        document ids (the clusters of `regionkit.analysis.intervals.effective_counts`).
    """
    themes = list(themes)
    frame = segments.reset_index(drop=True)
    if measure in ("segments", "words"):
        weights = (np.ones(len(frame)) if measure == "segments"
                   else frame["n_words"].to_numpy(dtype=float))
        flags = theme_indicator(tables, frame["segment_id"], themes)
        return (np.arange(len(frame)), weights, flags, frame["segment_id"].to_numpy(),
                frame["doc_id"].to_numpy())
    _check_units(tables)
    units = tables.units[["segment_id", "unit", "seg_start", "seg_end"]]
    units = units[units["segment_id"].isin(frame["segment_id"])]
    elements = (frame[["segment_id", "doc_id"]].assign(_row=np.arange(len(frame)))
                .merge(units, on="segment_id", how="inner")
                .sort_values(["_row", "unit"], kind="mergesort").reset_index(drop=True))
    carried = unit_themes(units, tables.theme_evidence[
        tables.theme_evidence["segment_id"].isin(units["segment_id"])])
    flags = unit_indicator(elements, carried, themes)
    return (elements["_row"].to_numpy(), np.ones(len(elements)), flags,
            elements["segment_id"].to_numpy(), elements["doc_id"].to_numpy())


def _counts(flags: np.ndarray, weights: np.ndarray, segment_ids: np.ndarray,
            doc_ids: np.ndarray, measure: str, with_interval: bool, level: float
            ) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (k per theme, n, low, high, effective k, effective n) of one group's elements.

    The modified Wilson interval at the group's effective size: documents as clusters when the
    group pools several, and segments as clusters of units or words for the ``units`` and
    ``words`` measures (`regionkit.analysis.intervals.effective_counts`). Bounds are NaN
    without `with_interval` or without elements.
    """
    n_themes = flags.shape[1]
    n = float(weights.sum())
    k = weights @ flags if len(weights) else np.zeros(n_themes)
    low, high = np.full(n_themes, np.nan), np.full(n_themes, np.nan)
    eff_k, eff_n = np.zeros(n_themes), np.zeros(n_themes)
    if n <= 0:
        return k, n, low, high, eff_k, eff_n
    for j in range(n_themes):
        kj, nj, deff = effective_counts(flags[:, j], weights, segment_ids, doc_ids,
                                        per_segment=measure != "segments", level=level)
        eff_k[j], eff_n[j] = kj / deff, nj / deff
        if with_interval:
            low[j], high[j] = (float(v) for v in share_interval(eff_k[j], eff_n[j], level))
    return k, n, low, high, eff_k, eff_n


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
        ``n_tagged`` (tagged segments), ``n_words_tagged``, ``measure``, ``n`` and ``k`` (what
        the measure counts: segments, quasi-sentences or words, and those carrying the theme),
        ``share`` (k / n), ``ci_low``, ``ci_high``; sorted by group then theme order of
        `themes`.
    """
    _check_measure(measure)
    themes = list(themes) if themes else list(THEME_IDS)
    by = list(by)
    columns = [*by, "theme", "n_segments", "n_words", "n_tagged", "n_words_tagged",
               "measure", "n", "k", "share", "ci_low", "ci_high"]
    if segments.empty:
        return pd.DataFrame({c: [] for c in columns})
    segments = segments.reset_index(drop=True)
    tagged_all = theme_indicator(tables, segments["segment_id"], themes)
    words_all = segments["n_words"].to_numpy(dtype=float)
    rows_of, weights, flags, seg_ids, doc_ids = measure_elements(tables, segments, measure,
                                                                 themes)
    out = []
    grouped = segments.groupby(by, sort=True, dropna=False) if by else [((), segments)]
    for key, group in grouped:
        key = key if isinstance(key, tuple) else (key,)
        pos = group.index.to_numpy()
        tagged, words = tagged_all[pos], words_all[pos]
        mine = np.isin(rows_of, pos)
        k, n, low, high, _, _ = _counts(flags[mine], weights[mine], seg_ids[mine],
                                        doc_ids[mine], measure, n_boot > 0, level)
        n_tagged, words_tagged = tagged.sum(axis=0), words @ tagged
        for j, theme in enumerate(themes):
            out.append([*key, theme, len(group), int(words.sum()), int(n_tagged[j]),
                        int(words_tagged[j]), measure, int(round(n)), int(round(k[j])),
                        float(k[j] / n) if n > 0 else np.nan, float(low[j]), float(high[j])])
    return pd.DataFrame(out, columns=columns)


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
        measure: ``"units"`` (share of quasi-sentences), ``"segments"`` (share of segments)
            or ``"words"`` (share of words); see `MEASURES`.
        themes: theme ids; None or empty means all (labels.md order).
        regions: healthcare regions to keep; None or empty keeps all.
        period: ``[first, last]`` year; documents overlapping it are kept.
        n_boot: 0 gives no interval; any other value the interval (kept from the bootstrap
            this replaced, so that callers and notebook parameters keep working).
        seed: unused (the intervals are deterministic); kept for callers.
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


def measure_shares(
    tables: Tables,
    measures: Sequence[str] = MEASURES,
    **selection: object,
) -> pd.DataFrame:
    """Return `theme_shares` for each of `measures` in one frame (told apart by ``measure``).

    Args:
        tables: the processed tables.
        measures: the measures to compute (default all: units, segments, words).
        **selection: the other keywords of `theme_shares` (``by``, ``regions``, ``period``,
            ``themes``, ``n_boot``, ``seed``).
    """
    frames = [theme_shares(tables, measure=m, **selection) for m in measures]
    return pd.concat(frames, ignore_index=True)


def year_shares(
    tables: Tables,
    *,
    pool_bodies: bool = False,
    regions: Sequence[str] | None = None,
    period: Sequence[int] | None = None,
    themes: Sequence[str] | None = None,
    measure: str = "segments",
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Return theme shares per region and year: per series, or pooled over bodies and types.

    Args:
        tables: the processed tables.
        pool_bodies: False (the default): one row per region, series (body and document type,
            see `regionkit.analysis.series`) and year, so a plan and its follow-up report of
            one year, or two bodies of one region, are never mixed. True: one row per region
            and year, pooling every body and document type of the region (the report must say
            so; `regionkit.analysis.series.pooled_documents` lists what is pooled).
        regions: healthcare regions to keep; None or empty keeps all.
        period: ``[first, last]`` year; years outside it are dropped.
        themes: theme ids; None or empty means all.
        measure: as `theme_shares`.
        n_boot: 0 gives no interval (see `theme_shares`).
        seed: kept for callers (see `theme_shares`).

    Returns:
        `shares_of` columns grouped by ``sjukvardsregion``, (``series``, ``series_label``,)
        ``year``.
    """
    segs = expand_years(select_segments(tables, regions=regions, period=period), period)
    if pool_bodies:
        return shares_of(tables, segs, ("sjukvardsregion", "year"), themes=themes,
                         measure=measure, n_boot=n_boot, seed=seed)
    segs = add_series(segs)
    out = shares_of(tables, segs, ("sjukvardsregion", "series", "year"), themes=themes,
                    measure=measure, n_boot=n_boot, seed=seed)
    labels = dict(zip(segs["series"], segs["series_label"], strict=True))
    out.insert(2, "series_label", out["series"].map(labels))
    return out


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
    """Return share(b) - share(a) per theme with Newcombe's hybrid score interval.

    Each side's counts are taken at their effective size (documents as clusters, and segments
    too for the ``words`` measure; `regionkit.analysis.intervals.effective_counts`), and the
    difference gets Newcombe's (1998) method 10 interval from the two Wilson intervals
    (`regionkit.analysis.intervals.newcombe_difference`): coverage near 95 % also for small
    and zero counts, where adding the sides' bounds was far too wide. A difference is larger
    than the uncertainty when its interval does not contain 0 (column
    ``exceeds_uncertainty``). `n_boot` and `seed` are kept for callers; ``n_boot <= 0`` still
    gives no interval.

    Returns:
        Columns ``theme``, ``share_a``, ``share_b``, ``difference``, ``ci_low``, ``ci_high``,
        ``exceeds_uncertainty``.
    """
    _check_measure(measure)
    themes = list(themes) if themes else list(THEME_IDS)
    points, eff_k, eff_n = [], [], []
    for name, segs in (("a", segments_a), ("b", segments_b)):
        _, weights, flags, seg_ids, doc_ids = measure_elements(tables, segs, measure, themes)
        k, n, _, _, k_eff, n_eff = _counts(flags, weights, seg_ids, doc_ids, measure, False,
                                           level)
        if n <= 0:
            raise ParameterError(f"selection {name} has no content segments (or nothing the "
                                 f"measure {measure!r} counts)")
        points.append(k / n)
        eff_k.append(k_eff)
        eff_n.append(n_eff)
    _, low, high = newcombe_difference(eff_k[0], eff_n[0], eff_k[1], eff_n[1], level)
    out = pd.DataFrame({
        "theme": themes, "share_a": points[0], "share_b": points[1],
        "difference": points[1] - points[0], "ci_low": low, "ci_high": high,
    })
    if n_boot <= 0:
        out[["ci_low", "ci_high"]] = np.nan
    out["exceeds_uncertainty"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    return out


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
    """Return theme shares per document with the document's region, body, type and period.

    Returns:
        `shares_of` columns grouped by ``sjukvardsregion`` and ``doc_id``, plus ``body``,
        ``doc_type``, ``doc_group``, ``period_start``, ``period_end``, ``date``, ``doc_title``,
        ``series`` and ``series_label`` (`regionkit.analysis.series`); sorted by region,
        period and document.
    """
    segs = select_segments(tables, regions=regions, period=period)
    shares = shares_of(tables, segs, ("sjukvardsregion", "doc_id"), themes=themes,
                       measure=measure, n_boot=n_boot, seed=seed)
    meta = (segs[["doc_id", "sjukvardsregion", "body", "doc_type", "doc_group", "period_start",
                  "period_end", "date", "doc_title"]].drop_duplicates("doc_id"))
    meta = add_series(meta).drop(columns="sjukvardsregion")
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


def plan_vs_followup(doc_shares: pd.DataFrame) -> pd.DataFrame:
    """Pair each body's plans with its own follow-up reports whose periods overlap.

    A plan is set against a follow-up report of the same region and the same issuing body
    (another body's report follows up other commitments); a document whose body is unknown is
    not paired.

    Returns:
        One row per (plan, follow-up, theme): ``sjukvardsregion``, ``body``, ``theme``,
        ``plan_doc``, ``followup_doc``, ``plan_share``, ``followup_share``, the two intervals,
        and ``overlap_years`` as text. Empty when no body has both.
    """
    cols = ["sjukvardsregion", "body", "theme", "plan_doc", "followup_doc", "overlap_years",
            "plan_share", "plan_ci_low", "plan_ci_high",
            "followup_share", "followup_ci_low", "followup_ci_high"]
    known = doc_shares[doc_shares["body"].notna() & (doc_shares["body"].astype(str) != "")]
    plans = known[known["doc_group"] == "plan"]
    follow = known[known["doc_group"] == "follow_up"]
    pairs = plans.merge(follow, on=["sjukvardsregion", "body", "theme"], suffixes=("_p", "_f"))
    overlap = ((pairs["period_start_p"] <= pairs["period_end_f"])
               & (pairs["period_start_f"] <= pairs["period_end_p"]))
    pairs = pairs[overlap]
    if pairs.empty:
        return pd.DataFrame({c: [] for c in cols})
    lo = pairs[["period_start_p", "period_start_f"]].max(axis=1)
    hi = pairs[["period_end_p", "period_end_f"]].min(axis=1)
    out = pd.DataFrame({
        "sjukvardsregion": pairs["sjukvardsregion"], "body": pairs["body"],
        "theme": pairs["theme"], "plan_doc": pairs["doc_id_p"], "followup_doc": pairs["doc_id_f"],
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
    """Return, per series of two or more documents, the change from its first to its last.

    A series is one region's documents of one body and one document type
    (`regionkit.analysis.series`): a change is never measured from one body's report to
    another's, or from a plan to a follow-up report. First and last are ordered by period (end,
    then start) and document id. Series with one document are left out (see
    `regionkit.analysis.series.series_overview` for the statement to show instead).

    Returns:
        Columns ``sjukvardsregion``, ``series``, ``series_label``, ``first_doc``,
        ``last_doc``, and the columns of `share_difference` (a = first, b = last document).
    """
    segs = add_series(select_segments(tables, regions=regions, period=period))
    frames = []
    for (region, series), group in segs.groupby(["sjukvardsregion", "series"], sort=True):
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
        frames.append(diff.assign(sjukvardsregion=region, series=series,
                                  series_label=docs["series_label"].iloc[0],
                                  first_doc=first, last_doc=last))
    cols = ["sjukvardsregion", "series", "series_label", "first_doc", "last_doc", "theme",
            "share_a", "share_b", "difference", "ci_low", "ci_high", "exceeds_uncertainty"]
    if not frames:
        return pd.DataFrame({c: [] for c in cols})
    return pd.concat(frames, ignore_index=True)[cols]


MIN_ONLY_HERE = 5
"""Default least number of tagged segments before a theme is called "only here" in a region."""


def distinctive_themes(
    shares: pd.DataFrame, target: str, *, by: str = "sjukvardsregion",
    min_only: int = MIN_ONLY_HERE,
) -> pd.DataFrame:
    """Return, per theme, the target's share against the highest share among the others.

    Args:
        shares: `theme_shares` output grouped by `by` alone.
        target: the group to look at.
        by: the grouping column.
        min_only: a theme is "only here" when the target has at least this many tagged segments
            and no other group has one: a theme in one segment of one region is chance, not a
            finding.

    Returns:
        Columns ``theme``, ``share``, ``ci_low``, ``ci_high``, ``n_tagged``,
        ``max_share_others``, ``max_ci_high_others``, ``only_target`` (tagged in at least
        `min_only` of the target's segments and in no other group), ``clearly_higher`` (the
        target's interval lies above every other group's interval).
    """
    mine = shares[shares[by] == target].set_index("theme")
    others = shares[shares[by] != target].groupby("theme").agg(
        max_share_others=("share", "max"), max_ci_high_others=("ci_high", "max"),
        tagged_others=("n_tagged", "sum"))
    out = mine[["share", "ci_low", "ci_high", "n_tagged"]].join(others, how="left")
    out["only_target"] = (out["n_tagged"] >= max(int(min_only), 1)) & (
        out["tagged_others"].fillna(0) == 0)
    out["clearly_higher"] = out["ci_low"] > out["max_ci_high_others"]
    out = out.reset_index()
    return out[["theme", "share", "ci_low", "ci_high", "n_tagged", "max_share_others",
                "max_ci_high_others", "only_target", "clearly_higher"]]
