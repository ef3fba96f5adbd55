"""Nothing fails silently: with any one regionkit module unimportable, `regionkit build` either
stops with one line naming the module (non-zero exit) or writes exactly the usual output.

Before, `regionkit.tagging.pipeline` caught any error importing the theme module and left the
theme component out: the build exited 0 with no segment themes at all.
"""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import write_corpus

import regionkit

HERE = Path(__file__).resolve().parent
# The entry points themselves: nothing of regionkit can run without them.
ENTRY_POINTS = {"regionkit", "regionkit.cli", "regionkit.__main__"}


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(regionkit.__path__, "regionkit.")]
    return sorted(n for n in names if n not in ENTRY_POINTS)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("blocked")
    raw = write_corpus(root)
    proc = subprocess.run([sys.executable, str(HERE / "blocked_import_build.py"), str(raw),
                           str(root), *_modules()], capture_output=True, text=True,
                          timeout=900, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_every_module_is_tried(runs):
    assert [r["module"] for r in runs[1:]] == _modules()
    assert len(runs) > 30


def test_the_unblocked_build_succeeds_with_themes(runs):
    base = runs[0]
    assert base["code"] == 0, base["stderr"]
    assert "segment_themes.parquet" in base["files"]


def test_themes_module_blocked_stops_the_build(runs):
    run = next(r for r in runs if r["module"] == "regionkit.tagging.themes")
    assert run["code"] != 0
    assert "regionkit.tagging.themes" in run["stderr"]
    assert run["files"] == {}


def test_each_blocked_module_fails_in_one_line_or_changes_nothing(runs):
    base = runs[0]
    for run in runs[1:]:
        if run["code"] == 0:
            assert run["files"] == base["files"], f"{run['module']}: output differs"
            continue
        lines = run["stderr"].strip().splitlines()
        assert len(lines) == 1, f"{run['module']}: {run['stderr']}"
        assert "Traceback" not in run["stderr"]
        assert run["module"] in lines[0], f"{run['module']} not named: {lines[0]}"
        assert run["files"] == {}, f"{run['module']}: wrote outputs although it failed"
