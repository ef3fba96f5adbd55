"""Schemas of the processed tables: every column defined once, every table with a key.

`enforce_schema` is called on each table before it is written: it checks columns, casts types,
checks that the key is unique and not null, and sorts by the key so outputs are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a frame is made: build workers do without it
    import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column: name, pandas dtype and a description (with unit where one applies)."""

    name: str
    dtype: str
    description: str


@dataclass(frozen=True)
class TableSchema:
    """A processed table: its columns in order and its primary key."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        """Return the column names in order."""
        return [c.name for c in self.columns]

    def empty(self) -> pd.DataFrame:
        """Return an empty, well-typed table."""
        import pandas as pd

        return enforce_schema(pd.DataFrame({c.name: [] for c in self.columns}), self)


class SchemaError(ValueError):
    """A table does not match its schema."""


def _col(name: str, dtype: str, description: str) -> Column:
    return Column(name, dtype, description)


_DOC_ID = _col("doc_id", "string", "Document id from the manifest (or the file stem's slug).")
_SEGMENT_ID = _col("segment_id", "string", "Segment id: '<doc_id>:<seq, 4 digits>'.")
_CHAR_START = _col("char_start", "int64", "Start offset into the document's raw text (characters).")
_CHAR_END = _col("char_end", "int64", "End offset (exclusive) into the document's raw text.")
_SEG_START = _col("seg_start", "int64",
                  "Start offset into the segment's stored (normalised) `text` (characters).")
_SEG_END = _col("seg_end", "int64", "End offset (exclusive) into the segment's stored `text`.")

DOCUMENTS = TableSchema(
    name="documents",
    description="One row per document that was processed.",
    columns=(
        _DOC_ID,
        _col("file", "string", "File name relative to the raw folder."),
        _col("sjukvardsregion", "string", "Healthcare region id (manifest, else inferred)."),
        _col("body", "string", "Issuing body (free text)."),
        _col("doc_type", "string", "Document type id (interface.md)."),
        _col("period_start", "Int64", "First year the document covers."),
        _col("period_end", "Int64", "Last year the document covers."),
        _col("date", "string", "ISO date of the document, if known."),
        _col("title", "string", "Title (manifest, else inferred)."),
        _col("metadata_source", "string", "'manifest' or 'inferred' (file had no manifest row)."),
        _col("format", "string", "txt, md, pdf or docx."),
        _col("encoding", "string", "How the bytes were decoded."),
        _col("sha256", "string", "SHA-256 of the file's bytes."),
        _col("n_chars", "int64", "Characters in the raw text."),
        _col("n_words", "int64", "Words in content segments."),
        _col("n_segments", "int64", "Segments of any kind."),
        _col("n_content_segments", "int64", "Segments counted in shares (CONTENT_KINDS)."),
        _col("n_boilerplate", "int64", "Recorded boilerplate spans (page headers, footers)."),
        _col("n_repairs", "int64", "OCR word repairs made."),
        _col("ocr_damaged", "boolean", "Whether OCR damage was detected and repaired."),
        _col("warnings", "string", "Metadata and ingest warnings, joined by ' | '."),
    ),
    key=("doc_id",),
)

SEGMENTS = TableSchema(
    name="segments",
    description="One row per segment (activity, agenda item, § section, heading, list, ...).",
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _col("seq", "int64", "Position of the segment in its document, from 1."),
        _col("kind", "string", "Segment kind (regionkit.segment.SEGMENT_KINDS)."),
        _col("is_content", "boolean", "True for kinds counted in shares."),
        _col("heading_path", "string", "Headings above the segment, joined by ' > '."),
        _CHAR_START,
        _CHAR_END,
        _col("text", "string", "Normalised (repaired) text of the segment."),
        _col("n_words", "int64", "Words in the normalised text."),
    ),
    key=("segment_id",),
)

ENTITY_MENTIONS = TableSchema(
    name="entity_mentions",
    description="One row per entity span found in a segment.",
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _CHAR_START,
        _CHAR_END,
        _col("label", "string", "SJUKVARDSREGION, REGION, NPO, GROUP or ORG."),
        _col("entity_id", "string", "Canonical id (labels.md)."),
        _col("text", "string", "The matched words as they stand in the raw text."),
        _SEG_START,
        _SEG_END,
    ),
    key=("segment_id", "char_start", "char_end", "label"),
)

SEGMENT_THEMES = TableSchema(
    name="segment_themes",
    description="One row per theme given to a segment, with its score and evidence.",
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _col("theme", "string", "Theme id (labels.md)."),
        _col("score", "float64", "Theme score (sum of evidence weights)."),
        _col("evidence", "string", "The words that gave the theme, joined by ' | '."),
    ),
    key=("segment_id", "theme"),
)

THEME_EVIDENCE = TableSchema(
    name="theme_evidence",
    description=("One row per piece of theme evidence in a segment, for every theme with any "
                 "evidence there (given to the segment or not)."),
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _col("theme", "string", "Theme id (labels.md)."),
        _CHAR_START,
        _CHAR_END,
        _SEG_START,
        _SEG_END,
        _col("text", "string", "The evidence as it stands in the segment's stored `text`."),
        _col("weight", "float64",
             "What it adds to the theme's score: the term's weight, times the heading weight "
             "in the segment's own heading (a repeated term is decayed in the score)."),
        _col("cue", "string", "Kind of evidence: lemma, part (of a compound), phrase or entity."),
        _col("assigned", "boolean", "Whether the theme is given to the segment (segment_themes)."),
    ),
    key=("segment_id", "theme", "char_start", "char_end"),
)

REPAIRS = TableSchema(
    name="repairs",
    description="One row per change normalisation made to the raw text (OCR words, hyphens, ...).",
    columns=(
        _DOC_ID,
        _CHAR_START,
        _CHAR_END,
        _col("kind", "string", "Kind of repair (ocr, hyphenation, bullet, ...)."),
        _col("original", "string", "Raw text."),
        _col("replacement", "string", "Normalised text."),
    ),
    key=("doc_id", "char_start", "char_end", "kind"),
)

BOILERPLATE = TableSchema(
    name="boilerplate",
    description="One row per span left out of segments as page header, footer or number.",
    columns=(
        _DOC_ID,
        _CHAR_START,
        _CHAR_END,
        _col("kind", "string", "page_header, page_footer or page_number."),
        _col("text", "string", "The raw text of the span."),
    ),
    key=("doc_id", "char_start", "char_end"),
)

UNITS = TableSchema(
    name="units",
    description="One row per counting unit (quasi-sentence) of a content segment.",
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _col("unit", "int64", "Position of the unit in its segment, from 1."),
        _col("seg_start", "int64", "Start offset into the segment's text (characters)."),
        _col("seg_end", "int64", "End offset (exclusive) into the segment's text."),
        _CHAR_START,
        _CHAR_END,
        _col("n_words", "int64", "Words in the unit."),
    ),
    key=("segment_id", "unit"),
)

VALIDATION_CODES = TableSchema(
    name="validation_codes",
    description="One row per hand code: segment, theme and coder (from data/validation sheets).",
    columns=(
        _SEGMENT_ID,
        _col("theme", "string", "Theme id (labels.md)."),
        _col("coder", "string", "Who coded (the sheet's coder column)."),
        _col("value", "int64", "1 = theme present, 0 = absent."),
        _col("sheet", "string", "File name of the coded sheet in the validation folder."),
        _col("inclusion_probability", "float64",
             "Probability that the draw included the segment (NaN: not recorded)."),
        _col("text_sha256", "string", "SHA-256 of the segment text that was coded."),
        _col("stale", "boolean",
             "True when the segment's text changed since it was coded (or it no longer exists)."),
    ),
    key=("segment_id", "theme", "coder"),
)

ACTIVITY_LINKS = TableSchema(
    name="activity_links",
    description=("One row per pair of activities (earlier -> later document of the same "
                 "healthcare region and body, or a plan and its follow-up) that carry the same "
                 "commitment (regionkit.followup)."),
    columns=(
        _col("from_segment_id", "string", "The earlier activity's segment id."),
        _col("to_segment_id", "string", "The later activity's segment id."),
        _col("from_doc_id", "string", "The earlier activity's document."),
        _col("to_doc_id", "string", "The later activity's document."),
        _col("relation", "string", "continues, split, merged or plan_to_followup."),
        _col("score", "float64", "Link score, 0-1 (weighted lexical and structural evidence)."),
        _col("evidence", "string", "Shared title and text lemmas/compound parts, entity ids, "
                                   "heading."),
    ),
    key=("from_segment_id", "to_segment_id"),
)

ACTIVITY_STATUS = TableSchema(
    name="activity_status",
    description=("One row per activity segment of a follow-up document (or follow-up part): "
                 "what became of it (regionkit.followup)."),
    columns=(
        _SEGMENT_ID,
        _DOC_ID,
        _col("status", "string", "done, in_progress, postponed, not_done or unclear."),
        _col("evidence", "string", "The sentence that decided the status (empty if unclear)."),
    ),
    key=("segment_id",),
)

TABLES: dict[str, TableSchema] = {
    s.name: s for s in (DOCUMENTS, SEGMENTS, ENTITY_MENTIONS, SEGMENT_THEMES, THEME_EVIDENCE,
                        REPAIRS, BOILERPLATE, UNITS, VALIDATION_CODES, ACTIVITY_LINKS,
                        ACTIVITY_STATUS)
}
# Tables computed from the whole corpus after every document is processed (not per document).
CORPUS_TABLES = ("activity_links", "activity_status")


def enforce_schema(df: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Return `df` with exactly the schema's columns, types and key order.

    Raises:
        SchemaError: a column is missing or extra, a value cannot be cast, or the key is
            null or not unique.
    """
    missing = [c for c in schema.column_names if c not in df.columns]
    extra = [c for c in df.columns if c not in schema.column_names]
    if missing or extra:
        raise SchemaError(f"{schema.name}: missing columns {missing}, unexpected columns {extra}")
    out = df.loc[:, schema.column_names].copy()
    for col in schema.columns:
        try:
            out[col.name] = out[col.name].astype(col.dtype)
        except (TypeError, ValueError) as exc:
            msg = f"{schema.name}.{col.name}: cannot cast to {col.dtype}: {exc}"
            raise SchemaError(msg) from exc
    key = list(schema.key)
    if out[key].isna().any().any():
        raise SchemaError(f"{schema.name}: null values in key {key}")
    dup = out.duplicated(subset=key, keep=False)
    if dup.any():
        first = out.loc[dup, key].iloc[0].tolist()
        raise SchemaError(f"{schema.name}: key {key} not unique, e.g. {first}")
    return out.sort_values(key, kind="mergesort").reset_index(drop=True)
