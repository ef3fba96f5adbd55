"""Tables for the plan_followup report: continuity across years, status shares, links side by side.

The notebook `notebooks/plan_followup.ipynb` only calls these functions. Status shares come
with the same intervals as every other share of the reports (`regionkit.analysis.intervals`):
the modified Wilson score interval (Wilson 1927; Brown, Cai and DasGupta 2001) for the 10-30
activities of one follow-up, where the Wald interval undercovers and can leave 0-1; where a
region's year pools the activities of several follow-ups, documents are clusters and the
interval is computed at the effective size (`clustered_share_interval`).
"""

from __future__ import annotations

import html
from collections import defaultdict

import pandas as pd

from regionkit.analysis.intervals import clustered_share_interval
from regionkit.analysis.params import ParameterError
from regionkit.followup.activities import Activity, body_key, collect_activities
from regionkit.followup.cues import STATUSES, linking_config
from regionkit.followup.link import unit_pairs
from regionkit.tables import Tables

NO_THEME = "(no theme)"


def _bodies(tables: Tables, sjukvardsregion: str) -> dict[str, str]:
    cfg = linking_config()
    docs = tables.documents[tables.documents["sjukvardsregion"] == sjukvardsregion]
    return {body_key(str(b), cfg): str(b) for b in sorted(docs["body"].dropna().unique())}


def check_body(tables: Tables, sjukvardsregion: str, body: str) -> str:
    """Return the comparison key of `body` in the region ('' = all bodies).

    Raises:
        ParameterError: the region has no document of that body; the valid bodies are listed.
    """
    if not body:
        return ""
    cfg = linking_config()
    bodies = _bodies(tables, sjukvardsregion)
    key = body_key(body, cfg)
    if key not in bodies:
        raise ParameterError(f"body: no document of {body!r} in {sjukvardsregion}; valid: "
                             f"{', '.join(sorted(bodies.values())) or '(none)'}")
    return key


def _activities(tables: Tables, sjukvardsregion: str, body: str) -> list[Activity]:
    key = check_body(tables, sjukvardsregion, body)
    acts = collect_activities(tables.documents, tables.segments, linking_config())
    return [a for a in acts if a.region == sjukvardsregion and (not key or a.body_key == key)]


def _main_theme(tables: Tables) -> dict[str, str]:
    st = tables.segment_themes.sort_values(["segment_id", "score", "theme"],
                                           ascending=[True, False, True])
    return dict(st.drop_duplicates("segment_id")[["segment_id", "theme"]].itertuples(
        index=False, name=None))


def continuity(tables: Tables, sjukvardsregion: str, body: str = "") -> pd.DataFrame:
    """Return continued, dropped and new commitments per step between documents, by theme.

    A step is a unit (document or document part) and the next unit in time of the same body.
    An earlier activity with a link is `continued`, one without is `dropped`; a later activity
    without a link from the earlier unit is `new`. The theme is the activity's highest-scoring
    theme (`segment_themes`), else "(no theme)".

    Returns:
        Columns body, from_unit, to_unit, from_year, to_year, theme, continued, dropped, new.
    """
    acts = _activities(tables, sjukvardsregion, body)
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for a in acts:
        by_unit[a.unit].append(a)
    links = set(zip(tables.activity_links["from_segment_id"],
                    tables.activity_links["to_segment_id"], strict=True))
    theme = _main_theme(tables)
    rows = []
    for ua, ub in unit_pairs(acts):
        a_ids = {a.segment_id for a in by_unit[ua]}
        b_ids = {b.segment_id for b in by_unit[ub]}
        step = [(f, t) for f, t in links if f in a_ids and t in b_ids]
        linked_from = {f for f, _ in step}
        linked_to = {t for _, t in step}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for a in by_unit[ua]:
            kind = "continued" if a.segment_id in linked_from else "dropped"
            counts[theme.get(a.segment_id, NO_THEME)][kind] += 1
        for b in by_unit[ub]:
            if b.segment_id not in linked_to:
                counts[theme.get(b.segment_id, NO_THEME)]["new"] += 1
        first_a, first_b = by_unit[ua][0], by_unit[ub][0]
        for th in sorted(counts):
            rows.append({"body": first_a.body_key, "from_unit": ua, "to_unit": ub,
                         "from_year": first_a.year, "to_year": first_b.year, "theme": th,
                         **{k: counts[th][k] for k in ("continued", "dropped", "new")}})
    cols = ["body", "from_unit", "to_unit", "from_year", "to_year", "theme", "continued",
            "dropped", "new"]
    return pd.DataFrame(rows, columns=cols)


def status_shares(tables: Tables, sjukvardsregion: str | None = None) -> pd.DataFrame:
    """Return the share of each status per healthcare region and year, with its interval.

    The unit is the follow-up activity (one per activity, not per segment); the year is the
    year of the follow-up unit. The interval is `clustered_share_interval` with the follow-up
    documents as clusters (one document: the modified Wilson interval).

    Returns:
        Columns sjukvardsregion, year, status, n, k, share, lo, hi.
    """
    acts = [a for a in collect_activities(tables.documents, tables.segments, linking_config())
            if a.role == "followup" and (sjukvardsregion is None or a.region == sjukvardsregion)]
    status = dict(zip(tables.activity_status["segment_id"], tables.activity_status["status"],
                      strict=True))
    groups: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for a in acts:
        if a.segment_id in status:
            groups[(a.region, a.year)].append((a.doc_id, status[a.segment_id]))
    rows = []
    for (region, year), values in sorted(groups.items()):
        n = len(values)
        docs = sorted({d for d, _ in values})
        for st in STATUSES:
            k = sum(v == st for _, v in values)
            per_doc_k = [sum(d == doc and v == st for d, v in values) for doc in docs]
            per_doc_n = [sum(d == doc for d, _ in values) for doc in docs]
            _, lo, hi, _ = clustered_share_interval(per_doc_k, per_doc_n)
            rows.append({"sjukvardsregion": region, "year": year, "status": st, "n": n, "k": k,
                         "share": k / n, "lo": lo, "hi": hi})
    return pd.DataFrame(rows, columns=["sjukvardsregion", "year", "status", "n", "k", "share",
                                       "lo", "hi"])


def link_pairs(tables: Tables, sjukvardsregion: str, body: str = "") -> pd.DataFrame:
    """Return each link of the region (and body) with both activities' titles and texts.

    Returns:
        Columns from_segment_id, to_segment_id, relation, score, from_title, to_title,
        from_text, to_text, evidence, to_status (the later activity's status, if any).
    """
    acts = {a.segment_id: a for a in _activities(tables, sjukvardsregion, body)}
    status = dict(zip(tables.activity_status["segment_id"], tables.activity_status["status"],
                      strict=True))
    rows = []
    for r in tables.activity_links.itertuples(index=False):
        a, b = acts.get(r.from_segment_id), acts.get(r.to_segment_id)
        if a is None or b is None:
            continue
        rows.append({"from_segment_id": a.segment_id, "to_segment_id": b.segment_id,
                     "relation": r.relation, "score": r.score, "from_title": a.title,
                     "to_title": b.title, "from_text": a.text, "to_text": b.text,
                     "evidence": r.evidence, "to_status": status.get(b.segment_id, "")})
    cols = ["from_segment_id", "to_segment_id", "relation", "score", "from_title", "to_title",
            "from_text", "to_text", "evidence", "to_status"]
    return pd.DataFrame(rows, columns=cols)


def side_by_side_html(pairs: pd.DataFrame, max_chars: int = 600) -> str:
    """Return an HTML table showing each link's two texts side by side (escaped, shortened)."""
    def cut(text: str) -> str:
        text = text if len(text) <= max_chars else text[:max_chars].rsplit(" ", 1)[0] + " …"
        return html.escape(text).replace("\n", "<br>")

    rows = ["<table><tr><th>earlier</th><th>later</th><th>link</th></tr>"]
    for r in pairs.itertuples(index=False):
        rows.append(
            f"<tr><td style='vertical-align:top'><b>{html.escape(r.from_segment_id)}</b><br>"
            f"{cut(r.from_text)}</td><td style='vertical-align:top'>"
            f"<b>{html.escape(r.to_segment_id)}</b><br>{cut(r.to_text)}</td>"
            f"<td style='vertical-align:top'>{html.escape(r.relation)}, score {r.score:.2f}"
            f"<br>status later: {html.escape(r.to_status or '–')}<br><small>"
            f"{html.escape(r.evidence)}</small></td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def status_table(tables: Tables, sjukvardsregion: str, body: str = "") -> pd.DataFrame:
    """Return each follow-up activity of the region (and body) with its status and evidence."""
    acts = [a for a in _activities(tables, sjukvardsregion, body) if a.role == "followup"]
    st = {r.segment_id: (r.status, r.evidence)
          for r in tables.activity_status.itertuples(index=False)}
    rows = [{"segment_id": a.segment_id, "year": a.year, "title": a.title,
             "status": st.get(a.segment_id, ("", ""))[0],
             "evidence": st.get(a.segment_id, ("", ""))[1]} for a in acts]
    return pd.DataFrame(rows, columns=["segment_id", "year", "title", "status", "evidence"])
