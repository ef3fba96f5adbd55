"""A coded validation sheet from gold annotations whose segments differ from the build's.

Gold JSONL lines (``doc``: the raw file's name, ``start``/``end``: character offsets into it,
``themes``) were segmented by hand; the build cuts the same raw text its own way. Each built
content segment is matched to the gold by offset overlap in the raw text (the segments table's
``char_start``/``char_end``), counting only non-whitespace characters:

* the gold segments that overlap it are taken largest overlap first until together they cover
  more than half of its characters; the segment gets the union of their themes (so a built
  segment that merges two gold segments gets both codings, and a few characters of a
  neighbour caught at a boundary do not count);
* a built content segment that gold segments cover half or less of is left out (not coded):
  its absence from the sheet says "not coded", never "no theme".

Where the build splits one gold segment into several, each part inherits the gold segment's
themes, although a theme may stand in one part only: such codes err towards present.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from regionkit.tagging.types import THEME_IDS


@dataclass(frozen=True)
class GoldMatch:
    """The gold coding of one built content segment.

    Attributes:
        segment_id: the built segment.
        themes: the union of the matched gold segments' themes (sorted).
        gold_segments: the matched gold segments' numbers (``seg``), largest overlap first.
        covered: share of the segment's non-whitespace characters the matched gold covers.
    """

    segment_id: str
    themes: tuple[str, ...]
    gold_segments: tuple[int, ...]
    covered: float


def _themes(line: Mapping) -> set[str]:
    out = set()
    for theme in line.get("themes") or []:
        value = theme.get("id") if isinstance(theme, Mapping) else theme
        if value not in THEME_IDS:
            raise ValueError(f"gold line {line.get('doc')}#{line.get('seg')}: unknown theme "
                             f"{value!r}")
        out.add(value)
    return out


def match_segment(text: str, start: int, end: int, gold: Sequence[Mapping]
                  ) -> tuple[tuple[int, ...], set[str], float]:
    """Return (gold segment numbers, themes, share covered) for one built span of `text`.

    Args:
        text: the raw text both offsets point into.
        start: the built segment's first character.
        end: one past its last character.
        gold: the gold lines of the same raw text (``seg``, ``start``, ``end``, ``themes``).

    Returns:
        The matched gold segments (empty when gold covers half or less of the span), the union
        of their themes and the share of the span's non-whitespace characters they cover.
    """
    chars = [i for i in range(start, end) if not text[i].isspace()]
    if not chars:
        return (), set(), 0.0
    overlaps = []
    for line in gold:
        lo, hi = int(line["start"]), int(line["end"])
        n = sum(1 for i in chars if lo <= i < hi)
        if n:
            overlaps.append((n, int(line["seg"]), line))
    overlaps.sort(key=lambda o: (-o[0], o[1]))
    taken, covered = [], 0
    for n, _, line in overlaps:
        if 2 * covered > len(chars):
            break
        taken.append(line)
        covered += n
    if 2 * covered <= len(chars):
        return (), set(), covered / len(chars)
    themes = set().union(*(_themes(line) for line in taken))
    return tuple(int(line["seg"]) for line in taken), themes, covered / len(chars)


def match_gold(segments: pd.DataFrame, raw_texts: Mapping[str, str],
               gold: Sequence[Mapping], gold_doc_ids: Mapping[str, str]) -> list[GoldMatch]:
    """Return the gold coding of every built content segment that gold covers.

    Args:
        segments: the ``segments`` table (``segment_id``, ``doc_id``, ``is_content``,
            ``char_start``, ``char_end``).
        raw_texts: per doc_id, the raw text the offsets point into.
        gold: gold lines (``doc``, ``seg``, ``start``, ``end``, ``themes``).
        gold_doc_ids: per gold ``doc`` (file name), the doc_id of the build.

    Returns:
        One match per coded content segment, in segment_id order.
    """
    by_doc: dict[str, list[Mapping]] = {}
    for line in gold:
        if line["doc"] in gold_doc_ids:
            by_doc.setdefault(gold_doc_ids[line["doc"]], []).append(line)
    content = segments[segments["is_content"].astype(bool)
                       & segments["doc_id"].isin(by_doc)].sort_values("segment_id",
                                                                      kind="mergesort")
    out = []
    for seg in content.itertuples(index=False):
        segs, themes, covered = match_segment(raw_texts[seg.doc_id], int(seg.char_start),
                                              int(seg.char_end), by_doc[seg.doc_id])
        if segs:
            out.append(GoldMatch(seg.segment_id, tuple(sorted(themes)), segs, covered))
    return out


def doc_ids_by_hash(documents: pd.DataFrame, files: Sequence[Path]) -> dict[str, str]:
    """Return per file name the doc_id of the built document with the same SHA-256 bytes."""
    known = dict(zip(documents["sha256"], documents["doc_id"], strict=True))
    out = {}
    for path in files:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        if digest in known:
            out[Path(path).name] = known[digest]
    return out


def coded_sheet(matches: Sequence[GoldMatch], content: pd.DataFrame, *, coder: str,
                by: str = "sjukvardsregion") -> pd.DataFrame:
    """Return the coding sheet of `matches` in the layout of `regionkit sample` (coded).

    Args:
        matches: the gold coding of each coded segment.
        content: the content segments with their document's metadata (``segment_id``,
            ``doc_id``, `by`, ``heading_path``, ``text``).
        coder: the name written in the ``coder`` column.
        by: the stratum column shown between ``doc_id`` and ``heading_path``.
    """
    segs = content.set_index("segment_id")
    rows = []
    for m in matches:
        seg = segs.loc[m.segment_id]
        rows.append({"segment_id": m.segment_id, "doc_id": seg["doc_id"], by: seg[by],
                     "heading_path": seg["heading_path"], "text": seg["text"],
                     **{t: ("1" if t in m.themes else "0") for t in THEME_IDS}, "coder": coder})
    cols = ["segment_id", "doc_id", by, "heading_path", "text", *THEME_IDS, "coder"]
    return pd.DataFrame(rows, columns=cols)


def census_record(matches: Sequence[GoldMatch], content: pd.DataFrame, *, by: str,
                  design: str, note: str, source: Mapping[str, str]) -> dict:
    """Return the draw record of a sheet that codes gold-covered segments (not a random draw).

    Every coded segment is recorded with inclusion probability 1: it was coded with certainty.
    The segments of the same documents that the gold does not cover had no chance of being
    coded; no weight can stand for them (see `note`).

    Args:
        matches: the coded segments.
        content: the content segments of the coded documents (``segment_id``, `by`, ``text``).
        by: the stratum column.
        design: how the segments came to be coded, in words.
        note: what an estimator using the codes must assume, in words.
        source: the gold file's name and SHA-256.
    """
    from regionkit.validation.sample import text_hash

    text = dict(zip(content["segment_id"], content["text"], strict=True))
    coded = {m.segment_id for m in matches}
    strata = {}
    for key, group in content.groupby(by, sort=True):
        n_coded = int(group["segment_id"].isin(coded).sum())
        strata[str(key)] = {"population": len(group), "sampled": n_coded,
                            "probability": 1.0 if n_coded == len(group) else None}
    return {
        "design": design, "note": note, "source": dict(source), "seed": None, "by": by,
        "n": len(matches), "strata": strata,
        "segments": {m.segment_id: {"inclusion_probability": 1.0,
                                    "text_sha256": text_hash(text[m.segment_id]),
                                    "gold_segments": list(m.gold_segments),
                                    "covered": round(m.covered, 4)} for m in matches},
    }
