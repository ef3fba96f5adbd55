"""Metadata: what the text says about itself, checked against the manifest.

`infer_metadata` reads the sjukvårdsregion, document type, period, stated date and title off a
document's text; `check_metadata` lists where the manifest, the stated date and the content
disagree (seed 000 is dated 2020-02-19 but reports the autumn and December of 2020);
`resolve_metadata` fills what the manifest leaves empty. The cues are data, in
`regionkit/data/metadata_cues.yaml`. Manifest values always win: this module only fills gaps and
warns, it never overrides a value someone wrote down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from regionkit.datafiles import DataFileError, check_keys, load_package_yaml
from regionkit.manifest import DOC_TYPES, SJUKVARDSREGION_IDS, ManifestRow

CUES_FILE = "metadata_cues.yaml"

# OCR of seed 004 reads å/ä as a and ö as o, é or 6; cue phrases accept those readings.
_FOLD = {"å": "[åa]", "ä": "[äa]", "ö": "[öoé6]"}
# Endings a region name may take: "Mellansveriges", "sjukvårdsregionens".
_INFLECTION = r"(?:s|n|en|ens|ns)?"
_LINE_START = r"(?im)^[ \t#*>•\-–]*"
_YEAR = r"(?:19|20)\d\d"
_YEARS = (
    rf"(?P<start>{_YEAR})(?:[ \t]*(?:[-–—/]|och|till)[ \t]*(?P<end>{_YEAR}))?(?![\d-])"
)
_MAX_TITLE_CHARS = 200
_MAX_EXAMPLES = 3


CueFileError = DataFileError
"""The cue file is malformed (the one data-file error, `regionkit.datafiles`)."""


@dataclass(frozen=True)
class MetadataCues:
    """Compiled cues (see metadata_cues.yaml for what each one means)."""

    head_chars: int
    regions: tuple[tuple[str, re.Pattern[str]], ...]
    head_types: tuple[tuple[str, re.Pattern[str]], ...]
    title_types: tuple[tuple[str, re.Pattern[str]], ...]
    periods: tuple[re.Pattern[str], ...]
    stated_dates: tuple[re.Pattern[str], ...]
    months: Mapping[str, int]
    seasons: Mapping[str, int]
    events: re.Pattern[str]
    report_types: frozenset[str]
    past: re.Pattern[str]
    future: re.Pattern[str]


@dataclass(frozen=True)
class InferredMetadata:
    """Metadata read off a document's text; None where the text gives no answer.

    Attributes:
        sjukvardsregion: the region named most often (canonical id).
        doc_type: document type id (manifest.DOC_TYPES).
        period_start: first year covered.
        period_end: last year covered (= period_start for one year).
        date: an ISO date the text states for itself ("Datum 2020-02-19").
        title: the title line.
        evidence: field -> the words that gave it.
    """

    sjukvardsregion: str | None = None
    doc_type: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    date: str | None = None
    title: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DatedEvent:
    """A dated reference in a sentence that reports what happened."""

    when: dt.date
    words: str


# ---------------------------------------------------------------------------------------------
# Cue file


def phrase_pattern(phrase: str, *, inflected: bool = False) -> str:
    """Return a regex for a cue phrase (see metadata_cues.yaml for the rules).

    Args:
        phrase: plain words, e.g. "Södra sjukvårdsregionen".
        inflected: also match the phrase with a Swedish inflection ending.

    Returns:
        A regex (no flags) matching the phrase as whole words.

    Examples:
        >>> bool(re.fullmatch(phrase_pattern("Sjukvårdsregion Mellansverige"),
        ...                   "Sjukvardsregion  Mellansverige"))
        True
    """
    body = _phrase_body(phrase)
    return rf"\b{body}{_INFLECTION if inflected else ''}\b"


def _phrase_body(phrase: str) -> str:
    parts = []
    for ch in phrase.strip():
        lower = ch.lower()
        if ch.isspace():
            parts.append(r"\s+")
        elif ch in "-–—":
            parts.append(r"\s*[-–—]\s*")
        elif lower in _FOLD:
            parts.append(_FOLD[lower])
        else:
            parts.append(re.escape(ch))
    return re.sub(r"(?:\\s\+)+", r"\\s+", "".join(parts))


def _alternation(phrases: list[str], *, inflected: bool = False) -> str:
    # Longest first, so "Sjukvårdsregion Mellansverige" is one mention, not also "Mellansverige".
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(phrase_pattern(p, inflected=inflected) for p in ordered)


_SCHEMA = {
    "head_chars": int,
    "sjukvardsregioner": dict,
    "doc_types": dict,
    "periods": list,
    "stated_dates": list,
    "months": dict,
    "seasons": dict,
    "year_turn": list,
    "date_check": dict,
}
_DOC_TYPE_KEYS = {"head", "title"}
_DATE_CHECK_KEYS = {"report_types", "past_markers", "future_markers"}


def _require(condition: bool, source: str, where: str, message: str) -> None:
    if not condition:
        raise CueFileError(f"{source}: {where}: {message}")


def parse_cues(data: object, source: str = CUES_FILE) -> MetadataCues:
    """Check and compile the cue mapping loaded from YAML.

    Args:
        data: the parsed YAML.
        source: file name for error messages.

    Returns:
        The compiled cues.

    Raises:
        CueFileError: an unknown or missing key, a wrong type, an unknown region or document
            type id, or a pattern that does not compile; the message names file and key.
    """
    _require(isinstance(data, dict), source, "top level", "must be a mapping")
    check_keys(data, _SCHEMA, f"{source}: top level")
    for key, kind in _SCHEMA.items():
        _require(key in data, source, key, "missing")
        _require(isinstance(data[key], kind), source, key, f"must be a {kind.__name__}")
    for region in data["sjukvardsregioner"]:
        _require(region in SJUKVARDSREGION_IDS, source, f"sjukvardsregioner.{region}",
                 f"unknown region id (valid: {', '.join(SJUKVARDSREGION_IDS)})")
    for doc_type, spec in data["doc_types"].items():
        where = f"doc_types.{doc_type}"
        _require(doc_type in DOC_TYPES, source, where,
                 f"unknown document type (valid: {', '.join(DOC_TYPES)})")
        _require(isinstance(spec, dict), source, where, "must be a mapping")
        check_keys(spec, _DOC_TYPE_KEYS, f"{source}: {where}")
    date_check = data["date_check"]
    check_keys(date_check, _DATE_CHECK_KEYS, f"{source}: date_check")
    for key in _DATE_CHECK_KEYS:
        _require(isinstance(date_check.get(key), list), source, f"date_check.{key}",
                 "must be a list")
    for doc_type in date_check["report_types"]:
        _require(doc_type in DOC_TYPES, source, "date_check.report_types",
                 f"unknown document type '{doc_type}'")
    try:
        return _compile_cues(data)
    except re.error as exc:
        raise CueFileError(f"{source}: bad pattern {exc.pattern!r}: {exc}") from exc


def _compile_cues(data: dict) -> MetadataCues:
    months = {str(k).lower(): int(v) for k, v in data["months"].items()}
    seasons = {str(k).lower(): int(v) for k, v in data["seasons"].items()}
    date_expr = (
        rf"(?P<date>{_YEAR}-[01]\d-[0-3]\d|[0-3]?\d[ \t]+(?:{'|'.join(months)})[ \t]+{_YEAR})"
        r"(?![\d-])"
    )
    doc_types = data["doc_types"]
    check = data["date_check"]
    return MetadataCues(
        head_chars=data["head_chars"],
        regions=tuple(
            (region, re.compile(_alternation(phrases, inflected=True), re.IGNORECASE))
            for region, phrases in data["sjukvardsregioner"].items()
        ),
        head_types=tuple(
            (doc_type, re.compile(_alternation(spec["head"]), re.IGNORECASE))
            for doc_type, spec in doc_types.items() if spec.get("head")
        ),
        title_types=tuple(
            (doc_type, re.compile(_LINE_START + f"(?:{_alternation(spec['title'])})"))
            for doc_type, spec in doc_types.items() if spec.get("title")
        ),
        periods=tuple(re.compile(p.replace("{years}", _YEARS)) for p in data["periods"]),
        stated_dates=tuple(
            re.compile(p.replace("{date}", date_expr)) for p in data["stated_dates"]
        ),
        months=months,
        seasons=seasons,
        events=_events_pattern(months, seasons, data["year_turn"]),
        report_types=frozenset(check["report_types"]),
        past=re.compile("|".join(f"(?:{p})" for p in check["past_markers"]), re.IGNORECASE),
        future=re.compile("|".join(f"(?:{p})" for p in check["future_markers"]),
                          re.IGNORECASE),
    )


def _events_pattern(months: Mapping[str, int], seasons: Mapping[str, int],
                    year_turn: list[str]) -> re.Pattern[str]:
    month_names = "|".join(months)
    season_names = "|".join(_phrase_body(s) for s in seasons)
    turn_words = "|".join(_phrase_body(w) for w in year_turn)
    return re.compile(
        r"\b(?:"
        rf"(?:{turn_words})\s+{_YEAR}\s*/\s*(?P<turn_year>{_YEAR})"
        rf"|(?P<iso>{_YEAR}-[01]\d-[0-3]\d)"
        rf"|(?:(?P<day>[0-3]?\d)\s+)?(?P<month>{month_names})(?:möte\w*)?"
        rf"(?:\s+(?P<month_year>{_YEAR}))?"
        rf"|(?P<season>{season_names})(?:\s+(?P<season_year>{_YEAR}))?"
        r")\b",
        re.IGNORECASE,
    )


@cache
def load_cues() -> MetadataCues:
    """Load and compile the packaged cue file (once).

    Returns:
        The compiled cues of regionkit/data/metadata_cues.yaml.
    """
    return parse_cues(load_package_yaml("regionkit.data", CUES_FILE), CUES_FILE)


# ---------------------------------------------------------------------------------------------
# Inference


def infer_metadata(text: str, cues: MetadataCues | None = None) -> InferredMetadata:
    """Read a document's metadata off its text.

    Args:
        text: the document's text (raw or normalised).
        cues: compiled cues (default: the packaged ones).

    Returns:
        What the text says, with the words that said it in `evidence`.
    """
    cues = cues or load_cues()
    head = text[: cues.head_chars]
    evidence: dict[str, str] = {}
    region = _infer_region(count_regions(text, cues), evidence)
    doc_type = _infer_doc_type(head, cues, evidence)
    date = _infer_date(head, cues, evidence)
    start, end = _infer_period(head, date, cues, evidence)
    title = _infer_title(head, cues)
    if title:
        evidence["title"] = title
    return InferredMetadata(region, doc_type, start, end, date, title, evidence)


def count_regions(text: str, cues: MetadataCues | None = None) -> dict[str, int]:
    """Count the mentions of each sjukvårdsregion in `text`.

    Args:
        text: any text.
        cues: compiled cues (default: the packaged ones).

    Returns:
        Region id -> number of mentions, for the regions mentioned at least once.
    """
    cues = cues or load_cues()
    counts = {region: len(pattern.findall(text)) for region, pattern in cues.regions}
    return {region: n for region, n in counts.items() if n}


def _infer_region(counts: dict[str, int], evidence: dict[str, str]) -> str | None:
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        evidence["sjukvardsregion"] = "tie: " + ", ".join(f"{r} {n}" for r, n in ranked)
        return None
    others = ", ".join(f"{r} {n}" for r, n in ranked[1:]) or "no other region"
    evidence["sjukvardsregion"] = f"named {ranked[0][1]} times ({others})"
    return ranked[0][0]


def _infer_doc_type(head: str, cues: MetadataCues, evidence: dict[str, str]) -> str | None:
    for doc_type, pattern in cues.head_types:
        match = pattern.search(head)
        if match:
            evidence["doc_type"] = _words(match.group())
            return doc_type
    found = _first_title_cue(head, cues)
    if found is None:
        return None
    doc_type, match = found
    evidence["doc_type"] = _words(match.group()).lstrip("#*>•-– ")
    return doc_type


def _first_title_cue(head: str, cues: MetadataCues) -> tuple[str, re.Match[str]] | None:
    matches = [(m.start(), -len(m.group()), doc_type, m)
               for doc_type, pattern in cues.title_types
               if (m := pattern.search(head))]
    if not matches:
        return None
    _, _, doc_type, match = min(matches, key=lambda item: item[:2])
    return doc_type, match


def _infer_title(head: str, cues: MetadataCues) -> str | None:
    found = _first_title_cue(head, cues)
    if found is None:
        return None
    match = found[1]
    line_end = head.find("\n", match.end())
    line = head[match.start(): line_end if line_end >= 0 else len(head)]
    title = _words(line).lstrip("#*>•-– ")
    return title[:_MAX_TITLE_CHARS] or None


def _infer_date(head: str, cues: MetadataCues, evidence: dict[str, str]) -> str | None:
    found = []
    for pattern in cues.stated_dates:
        for match in pattern.finditer(head):
            iso = parse_date(match.group("date"), cues)
            if iso:
                found.append((match.start(), iso, match.group()))
                break
    if not found:
        return None
    _, iso, words = min(found)
    evidence["date"] = _words(words)
    return iso


def parse_date(words: str, cues: MetadataCues | None = None) -> str | None:
    """Parse "2024-09-12" or "12 september 2024" to an ISO date.

    Args:
        words: the date as written.
        cues: compiled cues, for the month names (default: the packaged ones).

    Returns:
        The ISO date, or None if it is not a valid date.
    """
    cues = cues or load_cues()
    parts = words.split()
    try:
        if len(parts) == 1:
            return dt.date.fromisoformat(parts[0]).isoformat()
        day, month, year = parts
        return dt.date(int(year), cues.months[month.lower()], int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def _infer_period(
    head: str, date: str | None, cues: MetadataCues, evidence: dict[str, str]
) -> tuple[int | None, int | None]:
    for pattern in cues.periods:
        match = pattern.search(head)
        if not match:
            continue
        start = int(match.group("start"))
        end = int(match.group("end")) if match.group("end") else start
        if end >= start:
            evidence["period"] = _words(match.group()).lstrip("#*>•-– ")
            return start, end
    if date:
        evidence["period"] = f"date {date}"
        return int(date[:4]), int(date[:4])
    return None, None


def _words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Checks


def check_metadata(
    row: ManifestRow, inferred: InferredMetadata, text: str, cues: MetadataCues | None = None
) -> list[str]:
    """List where the manifest, the stated date and the content disagree.

    Args:
        row: the manifest row (or an unlisted file's empty row).
        inferred: what `infer_metadata` read off the same text.
        text: the document's text.
        cues: compiled cues (default: the packaged ones).

    Returns:
        Warnings, one line each (empty when all agree).
    """
    cues = cues or load_cues()
    warnings = []
    warnings += _check_region(row, count_regions(text, cues))
    if row.doc_type and inferred.doc_type and row.doc_type not in (inferred.doc_type, "other"):
        warnings.append(
            f"manifest doc_type '{row.doc_type}' but the text reads as {inferred.doc_type} "
            f"('{inferred.evidence.get('doc_type', '')}')"
        )
    # A period read only off the stated date is too weak to contradict the manifest: a report
    # on 2020 is dated 2021.
    period_from_text = not inferred.evidence.get("period", "").startswith("date ")
    if row.period_start is not None and inferred.period_start is not None and period_from_text:
        manifest = (row.period_start, row.period_end or row.period_start)
        if manifest != (inferred.period_start, inferred.period_end):
            warnings.append(
                f"period {period_text(*manifest)} in manifest, text says "
                f"{period_text(inferred.period_start, inferred.period_end)} "
                f"('{inferred.evidence.get('period', '')}')"
            )
    if row.date and inferred.date and row.date != inferred.date:
        warnings.append(
            f"manifest date {row.date} but the text states {inferred.date} "
            f"('{inferred.evidence.get('date', '')}')"
        )
    warnings += _check_stated_date(row, inferred, text, cues)
    if not row.listed:
        missing = [name for name in ("sjukvardsregion", "doc_type", "period_start")
                   if getattr(inferred, name) is None]
        warnings += [f"no {name.removesuffix('_start')} found in the text" for name in missing]
    return warnings


def _check_region(row: ManifestRow, counts: dict[str, int]) -> list[str]:
    if not row.sjukvardsregion or not counts:
        return []
    own = counts.get(row.sjukvardsregion, 0)
    top = max(counts.values())
    if top <= own:
        return []
    leaders = [region for region, n in counts.items() if n == top]
    return [
        f"manifest sjukvardsregion '{row.sjukvardsregion}' but the text names "
        f"{' and '.join(leaders)} {top} times ({row.sjukvardsregion} {own})"
    ]


def _check_stated_date(
    row: ManifestRow, inferred: InferredMetadata, text: str, cues: MetadataCues
) -> list[str]:
    date = row.date or inferred.date
    try:
        stated = dt.date.fromisoformat(date) if date else None
    except ValueError:  # a hand-made row; the manifest reader only lets ISO dates through
        return []
    if stated is None:
        return []
    period_end = row.period_end or inferred.period_end
    doc_type = row.doc_type or inferred.doc_type
    undated_year = period_end if doc_type in cues.report_types else None
    later = [e for e in reported_events(text, undated_year, cues) if e.when > stated]
    if not later:
        return []
    later.sort(key=lambda e: e.when, reverse=True)
    examples = list(dict.fromkeys(f"{e.when:%Y-%m}: '{e.words}'" for e in later))
    return [
        f"stated date {date} is before events the text reports "
        f"({len(later)} after it, latest {'; '.join(examples[:_MAX_EXAMPLES])})"
    ]


def reported_events(
    text: str, undated_year: int | None = None, cues: MetadataCues | None = None
) -> list[DatedEvent]:
    """Find dated references in sentences that report what happened (past tense, no plan).

    Args:
        text: the document's text.
        undated_year: the year to give months and seasons written without one (None: skip
            them, since "i oktober" could be any year).
        cues: compiled cues (default: the packaged ones).

    Returns:
        The events, in text order, each with the earliest date it can mean.
    """
    cues = cues or load_cues()
    events = []
    for sentence in sentences(text):
        if not cues.past.search(sentence) or cues.future.search(sentence):
            continue
        for match in cues.events.finditer(sentence):
            when = _event_date(match, undated_year, cues)
            if when is not None:
                events.append(DatedEvent(when, _context(sentence, match)))
    return events


def sentences(text: str) -> Iterator[str]:
    """Split text into sentences; hard-wrapped lines (next line lower-case) are joined first.

    Args:
        text: any text.

    Yields:
        Sentences and lines without sentence punctuation (headings, table rows).
    """
    joined = re.sub(r"(?<![.!?:;])[ \t]*\n[ \t]*(?=[a-zåäöé])", " ", text)
    for part in re.split(r"(?<=[.!?])\s+|\n+", joined):
        if part.strip():
            yield part.strip()


def _event_date(match: re.Match[str], undated_year: int | None,
                cues: MetadataCues) -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups["turn_year"]:
            return dt.date(int(groups["turn_year"]), 1, 1)
        if groups["iso"]:
            return dt.date.fromisoformat(groups["iso"])
        if groups["month"]:
            year = groups["month_year"] or undated_year
            day = int(groups["day"]) if groups["day"] else 1
            month = cues.months[groups["month"].lower()]
            return dt.date(int(year), month, day) if year else None
        year = groups["season_year"] or undated_year
        return dt.date(int(year), _season_month(groups["season"], cues), 1) if year else None
    except ValueError:
        return None


def _season_month(word: str, cues: MetadataCues) -> int:
    for season, month in cues.seasons.items():
        if re.fullmatch(_phrase_body(season), word, re.IGNORECASE):
            return month
    raise ValueError(word)


def _context(sentence: str, match: re.Match[str], before: int = 40, after: int = 25) -> str:
    start = max(0, match.start() - before)
    end = min(len(sentence), match.end() + after)
    # Whole words only: cut back to the nearest space on either side.
    if start > 0:
        start = sentence.find(" ", start, match.start()) + 1 or match.start()
    if end < len(sentence):
        space = sentence.rfind(" ", match.end(), end)
        end = space if space > 0 else match.end()
    return _words(sentence[start:end])


def period_text(start: int | None, end: int | None) -> str:
    """Format a period: "2020" for one year, "2021–2022" for several, "?" if unknown."""
    if start is None:
        return "?"
    return str(start) if end in (None, start) else f"{start}–{end}"


# ---------------------------------------------------------------------------------------------
# Resolution


def resolve_metadata(row: ManifestRow, inferred: InferredMetadata) -> ManifestRow:
    """Fill what the manifest leaves empty with what the text says; manifest values win.

    Args:
        row: the manifest row.
        inferred: metadata read off the document's text.

    Returns:
        A copy of `row` with its empty fields filled (the period as a pair).
    """
    updates: dict[str, object] = {}
    for name in ("sjukvardsregion", "doc_type", "date", "title"):
        if getattr(row, name) is None and getattr(inferred, name) is not None:
            updates[name] = getattr(inferred, name)
    if row.period_start is None and inferred.period_start is not None:
        updates["period_start"] = inferred.period_start
        updates["period_end"] = inferred.period_end
    return dataclasses.replace(row, **updates) if updates else row
