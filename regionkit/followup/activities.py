"""The activities of a corpus, grouped into document parts with a role and a year.

An activity is a segment of one of the configured kinds in a plan or a follow-up. A segment
that continues the activity above it after a page break (same heading path, no title of its own:
seed 000's 'Följa upp samverkansavtalet') is read as part of that activity. A document with a
report part and a plan part (seed 003) is split into two units, each with its role and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from regionkit.followup.cues import LinkingConfig
from regionkit.tagging.fold import fold

_BULLET = re.compile(r"^\s*(?:[-–—•*]|[eo](?=\s)|\d+(?:\.\d+)*\.?|§\s*[\d.]+)\s*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Activity:
    """One activity: its segments (the first is its id), where it stands and its words.

    `date` is the document's date (ISO text, empty when unknown): it orders documents of the same
    series and period (see `regionkit.followup.link.unit_pairs`).
    """

    segment_ids: tuple[str, ...]
    doc_id: str
    unit: str
    role: str
    year: int
    region: str
    body_key: str
    title: str
    body: str
    context: str
    position: float
    date: str = ""

    @property
    def segment_id(self) -> str:
        """The id of the activity's first segment."""
        return self.segment_ids[0]

    @property
    def text(self) -> str:
        """Title and body."""
        return f"{self.title}\n{self.body}".strip()


def body_key(body: str, cfg: LinkingConfig) -> str:
    """Return a body's name for comparison: folded, region words and fillers dropped.

    Examples:
        "Produktionsplaneringsgruppen Mellansverige" and "Produktionsplaneringsgruppen" give
        the same key; so do "Regionsjukvårdsledningen i Sydöstra sjukvårdsregionen" and
        "Regionsjukvårdsledningen".
    """
    words = [fold(w) for w in _WORD.findall(body or "")]
    kept = [w for w in words if w and w not in cfg.body_drop_words]
    return " ".join(kept or words)


def clean_title(text: str) -> str:
    """Return a heading without its bullet, list number or § number."""
    return _BULLET.sub("", text.strip(), count=1).strip().strip("*").strip()


def _split_title(text: str, heading: str) -> tuple[str, str, bool]:
    """Return (title, body, has_own_title) of a segment's text given its last heading."""
    stripped = clean_title(text)
    title = clean_title(heading)
    head = fold(title)[: max(8, len(title) // 2)]
    if title and fold(stripped[: len(title) + 5]).startswith(head):
        return title, stripped[len(title):].strip(), True
    first, _, rest = stripped.partition("\n")
    if not title:
        return first.strip(), rest.strip(), True
    return title, stripped, False


def _part_of(heading_path: str, cfg: LinkingConfig) -> str | None:
    low = heading_path.lower()
    for part in ("followup", "plan"):
        if any(cue in low for cue in cfg.part_headings[part]):
            return part
    return None


def _doc_role(doc_type: str, cfg: LinkingConfig) -> str | None:
    for role, types in cfg.roles.items():
        if doc_type in types:
            return role
    return None


def collect_activities(documents: pd.DataFrame, segments: pd.DataFrame,
                       cfg: LinkingConfig) -> list[Activity]:
    """Return the activities of plans and follow-ups, in document and segment order.

    Args:
        documents: the `documents` table.
        segments: the `segments` table.
        cfg: the linking configuration.
    """
    docs = documents.set_index("doc_id")
    segs = segments[segments["kind"].isin(cfg.activity_kinds)].sort_values(["doc_id", "seq"])
    out: list[Activity] = []
    for doc_id, group in segs.groupby("doc_id", sort=True):
        if doc_id not in docs.index:
            continue
        meta = docs.loc[doc_id]
        role = _doc_role(str(meta["doc_type"]), cfg)
        if role is None:
            continue
        start = int(meta["period_start"]) if pd.notna(meta["period_start"]) else None
        if start is None:
            continue
        end = int(meta["period_end"]) if pd.notna(meta["period_end"]) else start
        pending: list[dict] = []
        for row in group.itertuples(index=False):
            path = str(row.heading_path or "")
            heads = [h for h in path.split(" > ") if h]
            last = heads[-1] if heads else ""
            title, body, own = _split_title(str(row.text), last)
            if not own and pending and pending[-1]["path"] == path:
                pending[-1]["ids"].append(row.segment_id)
                pending[-1]["body"] += "\n" + body
                continue
            part = _part_of(path, cfg) or role
            context = " > ".join(heads[:-1])
            pending.append({"ids": [row.segment_id], "path": path, "title": title, "body": body,
                            "part": part, "context": context})
        units = {p["part"] for p in pending}
        n_by_part = {u: sum(p["part"] == u for p in pending) for u in units}
        seen = dict.fromkeys(units, 0)
        for p in pending:
            part = p["part"]
            year = start
            if part != role or len(units) > 1:
                year = (end if end > start else start + 1) if part == "plan" else start
            unit = doc_id if len(units) == 1 else f"{doc_id}#{part}"
            out.append(Activity(
                segment_ids=tuple(p["ids"]), doc_id=doc_id, unit=unit, role=part, year=year,
                region=str(meta["sjukvardsregion"]), body_key=body_key(str(meta["body"]), cfg),
                title=p["title"], body=p["body"], context=p["context"],
                position=(seen[part] + 0.5) / n_by_part[part],
                date=str(meta["date"]) if "date" in meta and pd.notna(meta["date"]) else "",
            ))
            seen[part] += 1
    return out
