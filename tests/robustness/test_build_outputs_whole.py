"""Outputs replaced as a whole: a build killed at any file-system step leaves either the previous
output set or the new one, never a mix; readers refuse a folder mixing two builds.

Before, the table files were renamed into place one by one: a kill between two renames left
tables of two builds together, and `regionkit report` ran on them with exit status 0.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import PLAN_TEXT, no_tags, write_corpus

import regionkit as rk
from regionkit.build import build_corpus
from regionkit.cli import main
from regionkit.tables import load_tables

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def kills(tmp_path_factory):
    work = tmp_path_factory.mktemp("kill")
    proc = subprocess.run([sys.executable, str(HERE / "kill_during_build.py"), str(work)],
                          capture_output=True, text=True, timeout=900, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_a_kill_at_any_step_leaves_the_old_or_the_new_set(kills):
    assert kills[-1]["done"], "the last run should finish"
    assert len(kills) > 10
    mixed = [k for k in kills if k["state"] == "mixed"]
    assert mixed == []


def test_the_old_set_stays_until_the_very_end(kills):
    states = [k["state"] for k in kills]
    first_new = states.index("new")
    assert set(states[:first_new]) == {"old"}
    assert set(states[first_new:]) == {"new"}
    assert first_new > len(states) // 3  # most steps happen before the swap


def test_a_build_after_a_killed_one_succeeds_and_cleans_up(tmp_path):
    raw = write_corpus(tmp_path)
    out = tmp_path / "out"
    pid = os.fork()
    if pid == 0:
        def hook(event, args):
            if event == "open" and isinstance(args[1], str) and "w" in args[1] \
                    and str(args[0]).endswith(".xlsx"):
                os._exit(9)
        sys.addaudithook(hook)
        build_corpus(raw, out, tag_many=no_tags, n_process=1)
        os._exit(0)
    os.waitpid(pid, 0)
    assert not out.exists()
    result = build_corpus(raw, out, tag_many=no_tags, n_process=1)
    assert result.ok
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == []
    assert len(load_tables(out).documents) == 2


def _two_builds(tmp_path) -> tuple[Path, Path]:
    raw = write_corpus(tmp_path)
    first = tmp_path / "first"
    build_corpus(raw, first, tag_many=no_tags, n_process=1)
    (raw / "plan.txt").write_text(PLAN_TEXT + "\n- Ny aktivitet.\n", encoding="utf-8")
    second = tmp_path / "second"
    build_corpus(raw, second, tag_many=no_tags, n_process=1)
    return first, second


def test_readers_refuse_tables_of_two_builds(tmp_path, capsys):
    from regionkit.tables import MixedOutputsError

    first, second = _two_builds(tmp_path)
    shutil.copy2(second / "segments.parquet", first / "segments.parquet")
    with pytest.raises(MixedOutputsError, match="segments.parquet"):
        load_tables(first)
    with pytest.raises(MixedOutputsError):
        rk.load(first)
    code = main(["report", "--processed", str(first), "--out", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "segments.parquet" in err and "Traceback" not in err
    assert not (tmp_path / "reports" / "index.html").exists()


def test_files_the_build_does_not_write_are_kept(tmp_path):
    raw = write_corpus(tmp_path)
    out = tmp_path / "out"
    build_corpus(raw, out, tag_many=no_tags, n_process=1)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    build_corpus(raw, out, tag_many=no_tags, n_process=1)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
