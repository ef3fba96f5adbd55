"""A newcomer's first log: no setuptools deprecation for the license.

Before: `project.license` was a TOML table, which setuptools >= 77 reports as deprecated seven
times during `make setup`.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_license_is_an_spdx_string_and_setuptools_accepts_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "setuptools>=77" in project["build-system"]["requires"]
