"""Small corpora and helpers shared by the build's robustness tests."""

from __future__ import annotations

from pathlib import Path

from regionkit.tagging.types import TagResult

MANIFEST_HEADER = "doc_id,file,sjukvardsregion,body,doc_type,period_start,period_end,date,title\n"
PLAN_TEXT = (
    "Verksamhetsplan 2023\nSödra sjukvårdsregionen\n\n"
    "- Utveckla samverkan kring vårdplatser\n"
    "Regionerna har gemensamt planerat för vårdplatser inom rättspsykiatri.\n"
)
NOTES_TEXT = (
    "Mötesanteckningar 2024\nSydöstra sjukvårdsregionen\n\n"
    "1. Kompetensförsörjning\nRegionsjukvårdsledningen diskuterade kompetensförsörjning "
    "och utbildning av specialistsjuksköterskor inom NPO Akut vård.\n"
)


def no_tags(texts, **_segment_info):
    """A tagger that finds nothing (fast; for tests of the build around tagging)."""
    return [TagResult() for _ in texts]


def write_corpus(folder: Path, docs: dict[str, str] | None = None,
                 rows: list[str] | None = None) -> Path:
    """Write documents and a manifest into `folder/raw`; return that folder.

    Args:
        folder: where to make ``raw/``.
        docs: file name -> text (default: a plan and a set of meeting notes).
        rows: manifest rows after the header (default: one per default document).
    """
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    if docs is None:
        docs = {"plan.txt": PLAN_TEXT, "notes.txt": NOTES_TEXT}
        rows = rows or [
            "plan,plan.txt,sodra,Södra regionvårdsnämnden,verksamhetsplan,2023,2023,,Plan 2023",
            "notes,notes.txt,sydostra,Regionsjukvårdsledningen,motesanteckningar,2024,2024,,"
            "Mötesanteckningar 2024",
        ]
    for name, text in docs.items():
        (raw / name).write_text(text, encoding="utf-8")
    (raw / "manifest.csv").write_text(MANIFEST_HEADER + "".join(r + "\n" for r in rows or []),
                                      encoding="utf-8")
    return raw


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (cache included) by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def tables_snapshot(folder: Path) -> dict[str, bytes]:
    """The table files and build_info.json of `folder` (not the cache)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
