"""Actors: entity counts in content segments, co-mentions with themes, NPO a region hosts.

NPO are shown by their current official name from the lexicons (an old name or an OCR-damaged
form counts for the current one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import pandas as pd

from regionkit import vocab
from regionkit.analysis.select import select_segments
from regionkit.datafiles import load_package_yaml
from regionkit.tables import Tables

ACTOR_LABELS: tuple[str, ...] = ("NPO", "GROUP", "ORG")
"""Entity labels counted as actors in profiles and co-mentions (regions name the place)."""


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
    keep = pd.Series([(lab, eid) not in seen for lab, eid in
                      zip(mine["label"], mine["entity_id"], strict=True)],
                     index=mine.index, dtype=bool)
    return mine[keep].drop(columns="sjukvardsregion").reset_index(drop=True)


def hosted_npo(region: str) -> pd.DataFrame:
    """Return the national programme areas a healthcare region hosts (``host`` in npo.yaml).

    Returns:
        Columns ``entity_id``, ``name``; empty when the lexicon names no host in `region`
        (or is not installed).
    """
    rows = [[t.id, t.name] for t in vocab.npo_hosted_by(region)]
    return pd.DataFrame(rows, columns=["entity_id", "name"]).sort_values(
        "entity_id", kind="mergesort").reset_index(drop=True)


def hosted_npo_mentions(tables: Tables, region: str) -> pd.DataFrame:
    """Return the NPO a region hosts and how often the region's content segments name each."""
    hosted = hosted_npo(region)
    counts = entity_counts(tables, labels=["NPO"], regions=[region])
    counts = counts[["entity_id", "n_segments"]] if not counts.empty else pd.DataFrame(
        {"entity_id": [], "n_segments": []})
    out = hosted.merge(counts, on="entity_id", how="left")
    out["n_segments"] = out["n_segments"].fillna(0).astype("int64")
    return out
