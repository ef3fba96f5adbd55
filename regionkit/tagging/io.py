"""`regionkit tag`: JSONL in, JSONL out, one segment a line."""

from __future__ import annotations

import json
from pathlib import Path

from regionkit.tagging.pipeline import Tagger


def read_segments(lines: list[str]) -> tuple[list[tuple[int, dict]], list[str]]:
    """Parse JSONL lines into ``(line number, object)`` pairs and problem lines.

    A line that is not a JSON object, or whose ``text`` is missing or not a string, is a
    problem ("line 3: not valid JSON"); blank lines are skipped silently.
    """
    rows, problems = [], []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"line {no}: not valid JSON")
            continue
        if not isinstance(obj, dict):
            problems.append(f"line {no}: not a JSON object")
        elif "text" not in obj:
            problems.append(f"line {no}: no 'text'")
        elif not isinstance(obj["text"], str):
            problems.append(f"line {no}: 'text' is not a string")
        else:
            rows.append((no, obj))
    return rows, problems


def tag_jsonl(in_path: Path, out_path: Path, *, tagger: Tagger | None = None) -> list[str]:
    """Tag each ``{"id", "text"}`` line of `in_path` into `out_path`.

    Output lines keep ``id`` and ``text`` (and any other keys) and get ``entities``
    ``[{start, end, text, label, id}]`` with offsets into the input text as given, and
    ``themes`` ``[{id, score, evidence, spans}]``: ``evidence`` the words, ``spans``
    ``[{start, end, text, weight, cue}]`` with offsets into the input text. Bad lines are left
    out of the output. The file is one input document: OCR repair is decided once for all its
    lines (lines with a ``doc`` value: once per value), as the build decides per document.

    Returns:
        Problems, one per bad line ("line 3: not valid JSON", "line 5: no 'text'").
    """
    lines = Path(in_path).read_text(encoding="utf-8").splitlines()
    rows, problems = read_segments(lines)
    tagger = tagger or Tagger()
    results = tagger.tag_many([obj["text"] for _, obj in rows],
                              documents=[_doc_key(obj) for _, obj in rows])
    with Path(out_path).open("w", encoding="utf-8") as fh:
        for (_, obj), res in zip(rows, results, strict=True):
            out = dict(obj)
            out["entities"] = [e.to_dict() for e in res.entities]
            out["themes"] = [t.to_dict() for t in res.themes]
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    return problems


def _doc_key(obj: dict) -> str | None:
    doc = obj.get("doc")
    return None if doc is None else str(doc)
