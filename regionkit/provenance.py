"""Fingerprints that let a figure be traced to the exact code, lexicons and inputs behind it.

`provenance` states, for the top of a report and under a figure, which regionkit version, lexicon
versions and input files the tables came from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from regionkit import __version__, vocab
from regionkit.datafiles import load_package_yaml

if TYPE_CHECKING:
    from regionkit.tables import Tables

_DATA_PACKAGES = ("lexicons", "data")


def _digest(parts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(parts):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def _package_files(suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    root = resources.files("regionkit")
    found = []

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            elif child.name.endswith(suffixes):
                found.append((name, child.read_bytes()))

    walk(root, "")
    return found


def lexicon_fingerprint() -> str:
    """Return a short hash of every lexicon and data file shipped in the package."""
    return _digest([p for p in _package_files((".yaml", ".yml", ".csv", ".tsv", ".json", ".txt"))
                    if p[0].split("/")[0] in _DATA_PACKAGES])


def pipeline_fingerprint() -> str:
    """Return a short hash of the package's code and data: a cache key for processed documents."""
    files = _package_files((".py", ".yaml", ".yml", ".csv", ".tsv", ".json", ".txt"))
    return _digest([*files, ("version", __version__.encode())])


def input_fingerprint(manifest: bytes, file_hashes: list[str]) -> str:
    """Return a short hash of the manifest's bytes and the documents' SHA-256 hashes."""
    return _digest([("manifest.csv", manifest)] + [(h, h.encode()) for h in file_hashes])


@dataclass(frozen=True)
class Provenance:
    """What a report was made from: enough to regenerate a figure exactly.

    Attributes:
        regionkit_version: the package version making the report.
        built_with: the package version that built the tables ("" if not recorded).
        lexicon_version: each lexicon's declared version and the lexicon fingerprint of the
            build (the lexicons the tags came from), flagged when the lexicons changed since.
        input_fingerprint: the build's fingerprint of the manifest's bytes and every file's
            SHA-256; without build_info.json, a hash of the documents table's manifest values
            and file hashes (marked "tables:").
        pipeline_fingerprint: the build's hash of the package's code and data ("" if unknown).
        n_documents: documents in the processed tables.
        lexicon_fingerprint: the fingerprint of the lexicons the tags came from (the build's;
            the installed lexicons' when the build did not record it).
        lexicon_fingerprint_now: the installed lexicons' fingerprint.
    """

    regionkit_version: str
    built_with: str
    lexicon_version: str
    input_fingerprint: str
    pipeline_fingerprint: str
    n_documents: int
    lexicon_fingerprint: str = ""
    lexicon_fingerprint_now: str = ""

    def line(self) -> str:
        """Return a one-line statement for the top of a report."""
        built = (f" (tables built with {self.built_with}, pipeline {self.pipeline_fingerprint})"
                 if self.built_with else "")
        return (f"regionkit {self.regionkit_version}{built} · lexicons {self.lexicon_version} · "
                f"input {self.input_fingerprint} ({self.n_documents} documents)")


def declared_lexicon_versions() -> str:
    """Return the versions the packaged lexicon files declare, e.g. "npo 2026.11, themes 1.0"."""
    versions = []
    for name in vocab.lexicon_file_names():
        loaded = load_package_yaml(vocab.LEXICONS, name)
        declared = loaded.get("version") if isinstance(loaded, dict) else None
        if declared is not None:
            versions.append(f"{name.removesuffix('.yaml')} {declared}")
    return ", ".join(versions) or "unversioned"


_FINGERPRINT_COLUMNS = ("doc_id", "file", "sjukvardsregion", "body", "doc_type", "period_start",
                        "period_end", "date", "title", "sha256")


def tables_fingerprint(tables: Tables) -> str:
    """Return a fingerprint of the documents table's manifest values and file hashes.

    Used when the tables carry no build_info.json: the documents table holds each manifest
    row's values and each file's SHA-256, so the hash still follows the manifest and the files.
    """
    import pandas as pd

    docs = tables.documents.loc[:, list(_FINGERPRINT_COLUMNS)].sort_values("doc_id")
    rows = [json.dumps([None if pd.isna(v) else str(v) for v in row], ensure_ascii=False)
            for row in docs.itertuples(index=False)]
    return "tables:" + hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def provenance(tables: Tables, build_info: Mapping[str, object] | None = None) -> Provenance:
    """Return the provenance of reports made from `tables` and the build's build_info.json."""
    info = dict(build_info or {})
    declared = declared_lexicon_versions()
    built_lex = str(info.get("lexicon_fingerprint", ""))
    now_lex = lexicon_fingerprint()
    if built_lex and built_lex != now_lex:
        lex = (f"{declared}; fingerprint {built_lex} at build, {now_lex} now: the lexicons "
               "changed since the build, run `regionkit build` again")
    else:
        lex = f"{declared}; fingerprint {built_lex or now_lex}"
    return Provenance(
        regionkit_version=__version__,
        built_with=str(info.get("regionkit_version", "")),
        lexicon_version=lex,
        input_fingerprint=str(info.get("input_fingerprint") or tables_fingerprint(tables)),
        pipeline_fingerprint=str(info.get("pipeline_fingerprint", "")),
        n_documents=len(tables.documents),
        lexicon_fingerprint=built_lex or now_lex,
        lexicon_fingerprint_now=now_lex,
    )
