"""Segments with entities and theme evidence highlighted (displacy), and the examples explorer.

The spans come from `regionkit.analysis.highlight`; this module only renders them.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence

from regionkit import compare
from regionkit.report.labels import (
    region_short,
    theme_label,
)
from regionkit.tables import Tables

# Whitespace-delimited tokens: displacy puts a space after every token, so finer tokens would
# show "( DS 2020 : 15 )"; a highlight then covers the word with its punctuation. Asterisks are
# not part of any token: some documents mark text in italics the Markdown way ("*Nyhetsbrev ska
# tas fram.*"), which displacy would show literally; every example drops them alike.
_TOKEN = re.compile(r"[^\s*]+")


SPAN_COLOURS = {"NPO": "#f6c177", "GROUP": "#9ccfd8", "ORG": "#c4a7e7", "REGION": "#ebbcba",
                "SJUKVARDSREGION": "#eb6f92"}


EVIDENCE_COLOUR = "#a6e3a1"


def segment_html(tables: Tables, segment_id: str, *, theme: str | None = None) -> str:
    """Return HTML showing a segment with its entities and theme evidence highlighted.

    Entities are labelled with their label (NPO, GROUP, ORG, ...); the words that gave
    `theme` with "evidence" (with no theme given, every theme's evidence, labelled
    "evidence: <theme>"). A line above names the document and the segment's themes.
    """
    from spacy import displacy

    found = tables.segments.loc[tables.segments["segment_id"] == segment_id]
    if found.empty:
        raise KeyError(_unknown_segment(tables, segment_id))
    seg = found.iloc[0]
    text = str(seg["text"])
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans, colours = [], dict(SPAN_COLOURS)
    for span in compare.segment_spans(tables, segment_id, theme=theme):
        covered = [i for i, (a, b) in enumerate(tokens) if a < span["end"] and b > span["start"]]
        if not covered:
            continue
        if span["kind"] == "entity":
            label = span["label"]
        else:
            label = "evidence" if theme else f"evidence: {theme_label(span['label'])}"
        if span["kind"] == "evidence":
            colours[label] = EVIDENCE_COLOUR
        spans.append({"start_token": covered[0], "end_token": covered[-1] + 1, "label": label})
    doc = {"text": text, "tokens": [text[a:b] for a, b in tokens], "spans": spans}
    body = displacy.render(doc, style="span", manual=True, jupyter=False,
                           options={"colors": colours})
    docs = tables.documents.set_index("doc_id")
    title = docs.loc[seg["doc_id"], "title"] if seg["doc_id"] in docs.index else seg["doc_id"]
    st = tables.segment_themes[tables.segment_themes["segment_id"] == segment_id]
    themes = ", ".join(f"{theme_label(t)} ({s:g}: {html.escape(str(e))})"
                       for t, s, e in zip(st["theme"], st["score"], st["evidence"], strict=True))
    head = (f"<p style='margin:0.6em 0 0.2em 0;font-size:90%;color:#333'>"
            f"<b>{html.escape(str(title))}</b> · segment {html.escape(segment_id)} · "
            f"themes: {themes or '–'}</p>")
    return head + body


def _unknown_segment(tables: Tables, segment_id: object) -> str:
    """Return the one-line message for a segment id that is not in the tables."""
    doc = str(segment_id).rsplit(":", 1)[0]
    docs = tables.documents["doc_id"].astype(str)
    hint = (f"document {doc!r} has segments {doc}:0001 to "
            f"{tables.segments.loc[tables.segments['doc_id'] == doc, 'segment_id'].max()}"
            if doc in set(docs) else
            f"segment ids are <doc_id>:<number>; documents: {', '.join(sorted(docs)[:10])}"
            + (" …" if len(docs) > 10 else ""))
    return f"no segment {str(segment_id)[:80]!r} in the tables; {hint}"


def examples_html(tables: Tables, region: str, themes: Sequence[str], *, n: int = 2,
                  period: Sequence[int] | None = None) -> str:
    """Return HTML with up to `n` example segments of `region` for each theme."""
    parts = []
    for theme in themes:
        ex = compare.example_segments(tables, region, theme, n=n, period=period)
        parts.append(f"<h3>{html.escape(theme_label(theme))}</h3>")
        if ex.empty:
            parts.append(f"<p><i>No content segment of {html.escape(region_short(region))} "
                         f"is tagged with this theme.</i></p>")
        for segment_id in ex["segment_id"]:
            parts.append(segment_html(tables, segment_id, theme=theme))
    return "\n".join(parts)


def widgets_frontend() -> bool:
    """Return True when running in a Jupyter front end that shows widgets (e.g. JupyterLab).

    Jupyter servers set ``JPY_SESSION_NAME`` for the kernels they start; papermill, nbval and
    nbconvert do not, so batch runs show the parameter values as plain output instead.
    """
    if not os.environ.get("JPY_SESSION_NAME"):
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def profile_explorer(tables: Tables, sjukvardsregion: str, themes: Sequence[str], *,
                     n: int = 2, period: Sequence[int] | None = None) -> None:
    """Show example segments of a region per theme, with pickers in JupyterLab.

    In a widget front end (JupyterLab, Notebook 7), dropdowns for region and theme re-render the
    examples. Run by papermill or nbval, it shows the examples of the parameter values (the
    region and each of `themes`) as ordinary output, so the HTML report holds them.
    """
    from IPython.display import HTML, display

    if not widgets_frontend():
        display(HTML(examples_html(tables, sjukvardsregion, themes, n=n, period=period)))
        return
    import ipywidgets as widgets

    valid = compare.valid_ids(tables)
    region_pick = widgets.Dropdown(options=[(region_short(r), r) for r in valid.regions],
                                   value=sjukvardsregion, description="Region")
    theme_pick = widgets.Dropdown(options=[(theme_label(t), t) for t in valid.themes],
                                  value=themes[0] if themes else valid.themes[0],
                                  description="Theme")
    out = widgets.Output()

    def _show(*_args: object) -> None:
        out.clear_output()
        with out:
            display(HTML(examples_html(tables, region_pick.value, [theme_pick.value], n=n,
                                       period=period)))

    region_pick.observe(_show, names="value")
    theme_pick.observe(_show, names="value")
    display(widgets.HBox([region_pick, theme_pick]), out)
    _show()
