"""Evaluation: precision, recall and F1 of tagging against gold annotations.

Implements `regionkit evaluate` (interface.md). Gold lines have the shape of `regionkit tag`
output with ``themes`` a list of ids; the seed gold (``seeds_gold.jsonl``: ``doc``, ``seg``,
``text``, ``entities``, ``themes``, ...) is accepted too, with ``id = f"{doc}:{seg}"``.

Scoring rules (interface.md): SJUKVARDSREGION, REGION and NPO mentions match on start, end,
label and id; GROUP and ORG mentions on start, end and label (their ids are free). Themes match
on id per segment. Lines are paired by ``id``; a gold line without a prediction counts all its
annotations as missed, a prediction without a gold line is not scored. This module never
changes the gold.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regionkit.tagging.types import ENTITY_LABELS, THEME_IDS

ID_SCORED_LABELS = frozenset({"SJUKVARDSREGION", "REGION", "NPO"})
MICRO = "micro"
# Held-out slice of the development gold: segments whose number is a multiple of this.
HELDOUT_EVERY = 5


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives for one label or theme."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        """Number of gold annotations (tp + fn)."""
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        """Share of predictions that are right: tp / (tp + fp); 0.0 if none were made."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold found: tp / (tp + fn); 0.0 when there is nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall: 2tp / (2tp + fp + fn); 0.0 when all are 0."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        """Return counts and rates; a rate whose denominator is 0 is None (undefined)."""
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.support,
            "precision": round(self.precision, 4) if self.tp + self.fp else None,
            "recall": round(self.recall, 4) if self.support else None,
            "f1": round(self.f1, 4) if self.tp + self.fp + self.fn else None,
        }


@dataclass(frozen=True)
class EvaluationReport:
    """Scores per entity label and per theme, each with a ``"micro"`` total."""

    entities: dict[str, Score]
    themes: dict[str, Score]
    n_segments: int

    def to_dict(self) -> dict:
        """Return the report as plain JSON data (``regionkit evaluate --json``)."""
        return {
            "n_segments": self.n_segments,
            "entities": {name: score.to_dict() for name, score in self.entities.items()},
            "themes": {name: score.to_dict() for name, score in self.themes.items()},
        }

    def to_text(self) -> str:
        """Return a readable table: label or theme, P, R, F1, support, tp, fp, fn."""
        lines = [f"regionkit evaluate: {self.n_segments} segments", ""]
        for title, scores in (("entity label", self.entities), ("theme", self.themes)):
            lines.append(f"{title:<28}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}"
                         f"{'tp':>6}{'fp':>6}{'fn':>6}")
            for name, score in scores.items():
                if name == MICRO:
                    lines.append("-" * 76)
                lines.append(_table_row(name, score))
            lines.append("")
        lines.append("'-': undefined (nothing predicted, or nothing to find).")
        return "\n".join(lines)


def _table_row(name: str, score: Score) -> str:
    def rate(value: float, defined: bool) -> str:
        return f"{value:7.3f}" if defined else f"{'-':>7}"

    return (f"{name:<28}{rate(score.precision, bool(score.tp + score.fp))}"
            f"{rate(score.recall, bool(score.support))}"
            f"{rate(score.f1, bool(score.tp + score.fp + score.fn))}"
            f"{score.support:>9}{score.tp:>6}{score.fp:>6}{score.fn:>6}")


def read_jsonl(path: str | Path) -> list[dict]:
    """Read a JSONL file: one JSON object per non-blank line.

    Raises:
        ValueError: naming the file and line number of a line that is not a JSON object.
    """
    lines = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(value, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")
            lines.append(value)
    return lines


def line_id(line: Mapping[str, Any]) -> str:
    """Return a line's id: its ``id``, else ``f"{doc}:{seg}"`` (seed gold)."""
    if line.get("id") is not None:
        return str(line["id"])
    if "doc" in line and "seg" in line:
        return f"{line['doc']}:{line['seg']}"
    raise ValueError(f"line has neither 'id' nor 'doc' and 'seg': {sorted(line)}")


def normalize_line(line: Mapping[str, Any]) -> dict:
    """Return a gold or prediction line in the shape of `regionkit tag` output, with its id.

    Keeps ``text``, ``entities``, ``themes`` and, when present, ``seg`` and ``doc`` (the input
    document a line belongs to: lines of one document are judged together for OCR repair).
    """
    out = {"id": line_id(line), "text": line.get("text", ""),
           "entities": list(line.get("entities") or []),
           "themes": list(line.get("themes") or [])}
    for key in ("seg", "doc"):
        if key in line:
            out[key] = line[key]
    return out


def gold_from_seeds(path: str | Path) -> list[dict]:
    """Read a gold file (seed gold or interface shape) into `evaluate`'s gold shape."""
    return [normalize_line(line) for line in read_jsonl(path)]


def _segment_number(line: Mapping[str, Any]) -> int | None:
    if isinstance(line.get("seg"), int):
        return line["seg"]
    tail = str(line.get("id", "")).rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


def split_heldout(lines: Iterable[Mapping[str, Any]]) -> tuple[list, list]:
    """Split gold lines into (development, held-out); held out: ``seg % 5 == 0``.

    The segment number is ``seg``, or the number after the last ":" of the id; lines with
    neither are development lines.
    """
    dev, heldout = [], []
    for line in lines:
        seg = _segment_number(line)
        (heldout if seg is not None and seg % HELDOUT_EVERY == 0 else dev).append(line)
    return dev, heldout


def _entity_key(entity: Mapping[str, Any]) -> tuple:
    label = entity["label"]
    if label in ID_SCORED_LABELS:
        return (int(entity["start"]), int(entity["end"]), label, entity.get("id"))
    return (int(entity["start"]), int(entity["end"]), label)


def _theme_ids(themes: Iterable[Any]) -> set[str]:
    return {t["id"] if isinstance(t, Mapping) else str(t) for t in themes}


def _count(gold: Counter, pred: Counter, name_of: Any) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for key in gold | pred:
        both = min(gold[key], pred[key])
        name = name_of(key)
        scores[name] = scores.get(name, Score()) + Score(both, pred[key] - both, gold[key] - both)
    return scores


def _with_micro(scores: dict[str, Score], names: Sequence[str]) -> dict[str, Score]:
    ordered = {name: scores.get(name, Score()) for name in names}
    ordered.update({name: s for name, s in sorted(scores.items()) if name not in ordered})
    ordered[MICRO] = sum(ordered.values(), Score())
    return ordered


def evaluate(gold: Sequence[Mapping[str, Any]],
             pred: Sequence[Mapping[str, Any]]) -> EvaluationReport:
    """Score predictions against gold, lines paired by id.

    Args:
        gold: gold lines (``id`` or ``doc``/``seg``; ``entities``; ``themes`` as ids).
        pred: predicted lines (``id``; ``entities``; ``themes`` as ``{id, score, evidence}``
            objects or ids).
    """
    by_id = {line_id(line): line for line in pred}
    entity_scores: dict[str, Score] = {}
    theme_scores: dict[str, Score] = {}
    for gold_line in gold:
        pred_line = by_id.get(line_id(gold_line), {})
        gold_ents = Counter(_entity_key(e) for e in gold_line.get("entities") or [])
        pred_ents = Counter(_entity_key(e) for e in pred_line.get("entities") or [])
        for name, score in _count(gold_ents, pred_ents, lambda key: key[2]).items():
            entity_scores[name] = entity_scores.get(name, Score()) + score
        gold_themes = Counter(_theme_ids(gold_line.get("themes") or []))
        pred_themes = Counter(_theme_ids(pred_line.get("themes") or []))
        for name, score in _count(gold_themes, pred_themes, lambda key: key).items():
            theme_scores[name] = theme_scores.get(name, Score()) + score
    return EvaluationReport(entities=_with_micro(entity_scores, ENTITY_LABELS),
                            themes=_with_micro(theme_scores, THEME_IDS),
                            n_segments=len(gold))


def _as_dict(item: Any) -> dict:
    return item.to_dict() if hasattr(item, "to_dict") else dict(item)


def predict(gold: Sequence[Mapping[str, Any]], *, tagger: Any = None,
            damage_seed: int | None = None) -> list[dict]:
    """Tag the texts of gold lines; return prediction lines in `regionkit tag` shape.

    The texts are tagged as `regionkit tag` tags a file (`Tagger.tag_many` on free texts): the
    lines that share a ``doc`` value form one input document, the lines without one another,
    and OCR repair is decided once per input document, as the build does.

    Args:
        gold: lines with ``text`` (and ``id`` or ``doc``/``seg``).
        tagger: a `regionkit.tagging.Tagger` (default: a new one).
        damage_seed: if given, each text is first damaged like OCR with
            `regionkit.ocrsim.damage_text` (length-preserving, so gold offsets still hold).
    """
    if tagger is None:
        from regionkit.tagging import Tagger

        tagger = Tagger()
    texts = [line.get("text", "") for line in gold]
    if damage_seed is not None:
        from regionkit.ocrsim import damage_text

        texts = [damage_text(text, seed=damage_seed) for text in texts]
    results = tagger.tag_many(texts, documents=[line.get("doc") for line in gold])
    return [{"id": line_id(line), "text": text,
             "entities": [_as_dict(e) for e in result.entities],
             "themes": [_as_dict(t) for t in result.themes]}
            for line, text, result in zip(gold, texts, results, strict=True)]


def evaluate_file(gold_path: str | Path, pred_path: str | Path | None = None, *,
                  tagger: Any = None, damage_seed: int | None = None) -> EvaluationReport:
    """Evaluate `regionkit tag` output, or the tagger itself, against a gold file.

    Args:
        gold_path: gold JSONL (interface shape or the seed gold).
        pred_path: predictions JSONL; without it the gold texts are tagged first.
        tagger: tagger to use when ``pred_path`` is None (default: `regionkit.tagging.Tagger`).
        damage_seed: damage the gold texts like OCR before tagging them (only without
            ``pred_path``).

    Raises:
        ValueError: if ``damage_seed`` is given together with ``pred_path``, or a file has a
            line that is not a JSON object.
    """
    gold = gold_from_seeds(gold_path)
    if pred_path is not None:
        if damage_seed is not None:
            raise ValueError("a damage seed applies only when the gold texts are tagged "
                             "(without --pred)")
        pred = [normalize_line(line) for line in read_jsonl(pred_path)]
    else:
        pred = predict(gold, tagger=tagger, damage_seed=damage_seed)
    return evaluate(gold, pred)
