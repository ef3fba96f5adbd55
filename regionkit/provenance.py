"""Fingerprints that let a figure be traced to the exact code, lexicons and inputs behind it."""

from __future__ import annotations

import hashlib
from importlib import resources

from regionkit import __version__

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
