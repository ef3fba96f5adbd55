"""`regionkit tag`: JSONL in, JSONL out, one segment a line."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from regionkit.tagging.pipeline import Tagger

# Longest text one line may hold: spaCy's default nlp.max_length. A longer line is reported by
# number and left out (the build cuts long segments into pieces instead; see regionkit.build).
MAX_TEXT_CHARS = 1_000_000


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
        elif len(obj["text"]) > MAX_TEXT_CHARS:
            problems.append(f"line {no}: text of {len(obj['text']):,} characters is longer than "
                            f"the limit of {MAX_TEXT_CHARS:,}; cut it into segments")
        else:
            rows.append((no, obj))
    return rows, problems


def tag_jsonl(in_path: Path, out_path: Path, *, tagger: Tagger | None = None) -> list[str]:
    """Tag each ``{"id", "text"}`` line of `in_path` into `out_path`.

    Output lines keep ``id`` and ``text`` (and any other keys) and get ``entities``
    ``[{start, end, text, label, id}]`` with offsets into the input text as given, and
    ``themes`` ``[{id, score, evidence, spans}]``: ``evidence`` the words, ``spans``
    ``[{start, end, text, weight, cue}]`` with offsets into the input text. The file is one
    input document: OCR repair is decided once for all its lines (lines with a ``doc`` value:
    once per value), as the build decides per document. Bad lines (also a text longer than
    `MAX_TEXT_CHARS`, or one whose tagging fails) are left out of the output and reported; the
    others are written. OUT is replaced only when the whole file is written.

    Returns:
        Problems, one per bad line ("line 3: not valid JSON", "line 5: no 'text'").
    """
    lines = Path(in_path).read_text(encoding="utf-8").splitlines()
    rows, problems = read_segments(lines)
    tagger = tagger or Tagger()
    texts = [obj["text"] for _, obj in rows]
    try:
        results = list(tagger.tag_many(texts, documents=[_doc_key(obj) for _, obj in rows]))
    except Exception:  # noqa: BLE001 - find the line that fails, tag the others
        results = []
        for no, obj in rows:
            try:
                results.append(tagger.tag(obj["text"]))
            except Exception as exc:  # noqa: BLE001 - reported by line number
                problems.append(f"line {no}: tagging failed ({type(exc).__name__}: "
                                f"{' '.join(str(exc).split())[:200]})")
                results.append(None)
    out_path = Path(out_path)
    # Written beside OUT and renamed over it at the end: OUT is replaced only by a whole file.
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for (_, obj), res in zip(rows, results, strict=True):
                if res is None:
                    continue
                out = dict(obj)
                out["entities"] = [e.to_dict() for e in res.entities]
                out["themes"] = [t.to_dict() for t in res.themes]
                fh.write(json.dumps(out, ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    problems.sort(key=lambda line: int(line.split()[1].rstrip(":")))
    return problems


def _doc_key(obj: dict) -> str | None:
    doc = obj.get("doc")
    return None if doc is None else str(doc)
