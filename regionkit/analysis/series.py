"""Series of documents: what may be joined over time, and warnings where units differ.

A *series* is the documents of one healthcare region, one issuing body and one document type
(Samverkansnämnden's återrapporter of 2020 and 2024 are one series; Produktionsplaneringsgruppen's
verksamhetsberättelse is another, and so is a plan of the same body). Only documents of one series
are comparable over time: another body counts other things, and a plan states intentions where a
follow-up report states what was done. So:

* a trend line joins only the documents of one series (`trend_lines`); a series with one document
  gets a sentence, never a line (`series_overview`);
* plans and follow-up reports are kept apart and set against each other where both exist
  (`regionkit.analysis.shares.plan_vs_followup`);
* pooling several bodies or document types into one region-year is a choice the report states
  (`pooled_documents`);
* where two documents compared are cut into different units (one mostly list items, the other
  mostly § sections), a share of segments means different things: `unit_warnings` says so.

A document whose body is not known forms a series of its own: it cannot be shown to belong to
another document's series.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from regionkit import vocab
from regionkit.analysis.select import _period_text
from regionkit.tables import Tables

SERIES_KEYS: tuple[str, ...] = ("sjukvardsregion", "body", "doc_type")
"""The columns that make a series: region, issuing body, document type."""


UNIT_NAMES: dict[str, str] = {
    "activity": "list items",
    "agenda_item": "agenda items",
    "decision": "decisions",
    "section": "sections (§ or numbered)",
    "paragraph": "paragraphs",
}
"""Plain names of the content segment kinds, for the warnings."""


MOSTLY = 0.5
"""A document is "mostly" of a kind when more than this share of its content segments are."""


def _doc_type_name(doc_type: str) -> str:
    return next((t.name for t in vocab.document_types() if t.id == doc_type), str(doc_type))


def series_key(region: object, body: object, doc_type: object, doc_id: object) -> str:
    """Return the series id of a document: ``region|body|doc_type``.

    A document without a body gets a series of its own (``region|?doc_id|doc_type``).
    """
    body_text = "" if body is None or pd.isna(body) else " ".join(str(body).split())
    if not body_text:
        body_text = f"?{doc_id}"
    return f"{region}|{body_text}|{doc_type}"


def series_label(body: object, doc_type: object) -> str:
    """Return a series' label for tables and legends, e.g. "Samverkansnämnden · Återrapport"."""
    body_text = "body unknown" if body is None or pd.isna(body) or not str(body).strip() \
        else " ".join(str(body).split())
    return f"{body_text} · {_doc_type_name(str(doc_type))}"


def add_series(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with ``series`` and ``series_label`` columns added.

    `frame` needs ``doc_id``, ``sjukvardsregion``, ``body`` and ``doc_type``.
    """
    keys = [series_key(r, b, t, d) for r, b, t, d in
            zip(frame["sjukvardsregion"], frame["body"], frame["doc_type"], frame["doc_id"],
                strict=True)]
    labels = [series_label(b, t) for b, t in zip(frame["body"], frame["doc_type"], strict=True)]
    return frame.assign(series=keys, series_label=labels)


def _documents(doc_shares: pd.DataFrame) -> pd.DataFrame:
    """One row per document, ordered by region, series, period end, period start and id."""
    docs = doc_shares.drop_duplicates("doc_id").copy()
    if "series" not in docs.columns:
        docs = add_series(docs)
    docs["period_end"] = docs["period_end"].fillna(docs["period_start"])
    return docs.sort_values(["sjukvardsregion", "series", "period_end", "period_start", "doc_id"],
                            kind="mergesort").reset_index(drop=True)


def series_overview(doc_shares: pd.DataFrame, *, name: Callable[[str], str] = str
                    ) -> pd.DataFrame:
    """Return one row per series: its documents, years and whether a trend line is drawn.

    Args:
        doc_shares: `regionkit.analysis.shares.document_shares` output.
        name: turns a region id into the name used in the statement.

    Returns:
        Columns ``sjukvardsregion``, ``series``, ``series_label``, ``body``, ``doc_type``,
        ``doc_group``, ``n_documents``, ``first_year``, ``last_year``, ``documents`` (ids in
        time order, joined by ", "), ``can_draw_trend`` (two or more documents) and
        ``statement`` (a sentence for a series of one document, else "").
    """
    cols = ["sjukvardsregion", "series", "series_label", "body", "doc_type", "doc_group",
            "n_documents", "first_year", "last_year", "documents", "can_draw_trend", "statement"]
    if doc_shares.empty:
        return pd.DataFrame({c: [] for c in cols})
    rows = []
    for (region, series), group in _documents(doc_shares).groupby(
            ["sjukvardsregion", "series"], sort=False):
        first = group.iloc[0]
        n = len(group)
        statement = ""
        if n < 2:
            years = _period_text(first["period_start"], first["period_end"])
            title = str(first["doc_title"])
            what = title if years in title.replace("-", "–") else f"{title}, {years}"
            statement = (f"{name(region)}: {first['series_label']} has one document in the data "
                         f"({what}): no trend can be shown for this series, only that "
                         "document's shares.")
        rows.append([region, series, first["series_label"], first["body"], first["doc_type"],
                     first["doc_group"], n, int(group["period_start"].min()),
                     int(group["period_end"].max()), ", ".join(group["doc_id"]), n >= 2,
                     statement])
    return pd.DataFrame(rows, columns=cols)


def trend_lines(doc_shares: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Return the lines a trend figure may draw: (series, document ids in time order).

    Only series of two or more documents have a line; a line never joins documents of two
    bodies or two document types.
    """
    out = []
    for series, group in _documents(doc_shares).groupby("series", sort=True):
        if len(group) >= 2:
            out.append((str(series), group["doc_id"].tolist()))
    return out


def line_pairs(doc_shares: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the neighbouring documents each trend line joins, as (earlier, later) pairs."""
    return [(a, b) for _, ids in trend_lines(doc_shares) for a, b in zip(ids, ids[1:],
                                                                       strict=False)]


def unit_profile(tables: Tables, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Return, per document, the kind most of its content segments are and how many.

    Returns:
        Columns ``doc_id``, ``n_content``, ``main_kind``, ``n_main``, ``main_share``,
        ``unit`` (a plain description, e.g. "mostly list items (16 of 17 segments)").
    """
    segs = tables.segments[tables.segments["is_content"]]
    if doc_ids is not None:
        segs = segs[segs["doc_id"].isin(list(doc_ids))]
    cols = ["doc_id", "n_content", "main_kind", "n_main", "main_share", "unit"]
    if segs.empty:
        return pd.DataFrame({c: [] for c in cols})
    counts = segs.groupby(["doc_id", "kind"], sort=True).size().rename("n").reset_index()
    counts = counts.sort_values(["doc_id", "n", "kind"], ascending=[True, False, True],
                                kind="mergesort")
    totals = counts.groupby("doc_id")["n"].sum()
    main = counts.drop_duplicates("doc_id").set_index("doc_id")
    rows = []
    for doc_id, row in main.iterrows():
        total, n = int(totals[doc_id]), int(row["n"])
        share = n / total
        kind = UNIT_NAMES.get(str(row["kind"]), str(row["kind"]))
        word = "mostly" if share > MOSTLY else "largest part"
        unit = (f"{word} {kind} ({n} of {total} segments)" if n < total
                else f"all {kind} ({total} segments)")
        rows.append([doc_id, total, row["kind"], n, share, unit])
    return pd.DataFrame(rows, columns=cols)


def unit_warning(profiles: pd.DataFrame, doc_a: str, doc_b: str,
                 title: Callable[[str], str] = str) -> str:
    """Return a warning when two documents are cut into different units, else "".

    Two documents differ when their main content segment kinds differ: a share of segments
    then weighs a list item against a section, which layout decides more than priority does.
    """
    prof = profiles.set_index("doc_id")
    if doc_a not in prof.index or doc_b not in prof.index:
        return ""
    a, b = prof.loc[doc_a], prof.loc[doc_b]
    if a["main_kind"] == b["main_kind"]:
        return ""
    return (f"Units differ: {title(doc_a)} is {a['unit']}, {title(doc_b)} is {b['unit']}; "
            "a share of segments weighs a short list item like a long section, so part of "
            "any difference between them is layout, not priority.")


def unit_warnings(tables: Tables, pairs: Sequence[tuple[str, str]],
                  title: Callable[[str], str] = str) -> list[str]:
    """Return the distinct `unit_warning` sentences of (document, document) pairs, in order."""
    ids = sorted({d for pair in pairs for d in pair})
    profiles = unit_profile(tables, ids)
    out: list[str] = []
    for a, b in pairs:
        text = unit_warning(profiles, a, b, title)
        if text and text not in out:
            out.append(text)
    return out


def pooled_documents(doc_shares: pd.DataFrame) -> pd.DataFrame:
    """Return the region-years where pooling would mix series: which documents would be pooled.

    Returns:
        Columns ``sjukvardsregion``, ``year``, ``n_series``, ``documents`` (ids joined by
        ", "), ``series`` (labels joined by "; "); only region-years with two or more series.
    """
    docs = _documents(doc_shares)
    rows = []
    for _, d in docs.iterrows():
        if pd.isna(d["period_start"]):
            continue
        for year in range(int(d["period_start"]), int(d["period_end"]) + 1):
            rows.append([d["sjukvardsregion"], year, d["doc_id"], d["series"], d["series_label"]])
    frame = pd.DataFrame(rows, columns=["sjukvardsregion", "year", "doc_id", "series",
                                        "series_label"])
    cols = ["sjukvardsregion", "year", "n_series", "documents", "series"]
    out = []
    for (region, year), group in frame.groupby(["sjukvardsregion", "year"], sort=True):
        if group["series"].nunique() < 2:
            continue
        out.append([region, int(year), int(group["series"].nunique()),
                    ", ".join(group["doc_id"]),
                    "; ".join(dict.fromkeys(group["series_label"]))])
    return pd.DataFrame(out, columns=cols)
