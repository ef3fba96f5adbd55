"""stderr readable in a log: no progress bar glued to error lines when stderr is not a terminal,
each problem and each warning on its own line.

Before: the progress bar and the error lines shared stderr (an error glued to the bar in a
log), and warnings such as "no manifest row" or "decoded as latin-1" reached only a column of
the documents table.
"""

import subprocess
import sys

from build_helpers import MANIFEST_HEADER, PLAN_TEXT, write_corpus


def _run(raw, out):
    return subprocess.run([sys.executable, "-m", "regionkit", "build", "--raw", str(raw),
                           "--out", str(out)], capture_output=True, text=True, timeout=600)


def test_a_log_gets_one_line_per_problem_and_no_bar(tmp_path):
    docs = {f"plan{k:02d}.txt": PLAN_TEXT for k in range(12)}
    docs["empty.txt"] = ""
    rows = [f"p{k:02d},plan{k:02d}.txt,sodra,Södra,verksamhetsplan,2023,2023,,Plan"
            for k in range(12)] + ["e,empty.txt,sodra,Södra,verksamhetsplan,2023,2023,,Tom"]
    raw = write_corpus(tmp_path, docs, rows)
    proc = _run(raw, tmp_path / "out")
    assert proc.returncode == 1
    assert "\r" not in proc.stderr
    assert "documents:" not in proc.stderr and "doc/s" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines == ["empty.txt: empty file (0 bytes)", "1 problem(s): see the lines above"]


def test_warnings_reach_stderr_one_line_each(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (raw / "unlisted.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (raw / "latin.txt").write_bytes(PLAN_TEXT.encode("latin-1"))
    (raw / "manifest.csv").write_text(
        MANIFEST_HEADER + "plan,plan.txt,sodra,Södra,verksamhetsplan,2023,2023,,Plan\n"
        "latin,latin.txt,sodra,Södra,verksamhetsplan,2023,2023,,Plan\n", encoding="utf-8")
    proc = _run(raw, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert "latin.txt: warning: decoded as latin-1 (not valid UTF-8)" in lines
    assert "unlisted.txt: warning: no manifest row: metadata inferred from the text" in lines
    assert all(line.count("warning:") == 1 for line in lines)
