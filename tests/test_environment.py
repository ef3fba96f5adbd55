"""environment.yml (conda users) must list the same dependencies as pyproject.toml (pip)."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"^([A-Za-z0-9_.-]+)\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    name, spec = _NAME.match(requirement.strip()).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    return dict(_split(r) for r in reqs)


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    return dict(_split(d) for d in conda if _split(d)[0] not in {"python", "pip"})


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_installs_regionkit_itself_with_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [["-e ."]]
    assert "conda-forge" in env["channels"]


def test_split_requirement_keeps_the_version_range():
    assert _split("spacy>=3.7,<3.9") == ("spacy", ">=3.7,<3.9")
    assert _split("python-docx >= 1.1") == ("python-docx", ">=1.1")
