"""Overviews: the corpus (documents, segment kinds, repairs, warnings), region differences."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from regionkit.analysis.actors import unique_entities
from regionkit.analysis.select import _period_text
from regionkit.analysis.shares import MIN_ONLY_HERE, distinctive_themes
from regionkit.analysis.terms import keyness
from regionkit.tables import Tables


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


def region_differences(
    tables: Tables,
    shares: pd.DataFrame,
    *,
    regions: Sequence[str],
    period: Sequence[int] | None = None,
    n_terms: int = 5,
    n_entities: int = 8,
    min_count: int = 3,
    min_only: int = MIN_ONLY_HERE,
) -> pd.DataFrame:
    """Summarise what each region does that the others do not, one row per finding.

    Findings: themes tagged only in that region (in at least `min_only` of its segments),
    themes whose interval lies above every other region's, actors (NPO, groups, organisations)
    only that region mentions (the `n_entities` named in most segments, then one row counting
    the rest), and its top `n_terms` distinctive terms.

    Returns:
        Columns ``sjukvardsregion``, ``kind`` (theme_only, theme_higher, entity_only, term),
        ``item``, ``detail``.
    """
    rows = []
    for region in regions:
        themes = distinctive_themes(shares, region, min_only=min_only)
        for _, t in themes[themes["only_target"]].iterrows():
            rows.append([region, "theme_only", t["theme"],
                         f"{t['n_tagged']} segments, share {t['share']:.1%}; none elsewhere"])
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
