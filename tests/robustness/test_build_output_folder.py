"""Output folder problems: one line, no traceback, previous outputs intact.

Before: a read-only output folder and an output path that is a file gave tracebacks (the file
only after all the processing), and a full disk a 37-line traceback.
"""

import errno
import os

import pytest
from build_helpers import snapshot, write_corpus

import regionkit.build as build_mod
from regionkit.cli import main
from regionkit.xlsx import XlsxTableWriter


def _build(raw, out, capsys):
    code = main(["build", "--raw", str(raw), "--out", str(out)])
    return code, capsys.readouterr().err


@pytest.fixture
def counted(monkeypatch):
    """Count the documents processed (to show a check came before any work)."""
    calls = []
    real = build_mod.process_document

    def counting(row, **kwargs):
        calls.append(row.doc_id)
        return real(row, **kwargs)

    monkeypatch.setattr(build_mod, "process_document", counting)
    return calls


def test_output_path_that_is_a_file_is_refused_before_processing(tmp_path, capsys, counted):
    raw = write_corpus(tmp_path)
    out = tmp_path / "processed"
    out.write_text("not a folder", encoding="utf-8")
    code, err = _build(raw, out, capsys)
    assert code == 2
    assert err.strip().splitlines() == [f"regionkit build: {out}: is a file, not a folder; "
                                        "nothing was processed"]
    assert counted == []
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_output_below_a_file_is_refused_before_processing(tmp_path, capsys, counted):
    raw = write_corpus(tmp_path)
    (tmp_path / "data").write_text("a file", encoding="utf-8")
    code, err = _build(raw, tmp_path / "data" / "processed", capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "is a file" in err
    assert counted == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_output_folder_is_refused_before_processing(tmp_path, capsys, counted):
    raw = write_corpus(tmp_path)
    out = tmp_path / "processed"
    assert _build(raw, out, capsys)[0] == 0
    before = snapshot(out)
    out.chmod(0o555)
    try:
        code, err = _build(raw, out, capsys)
    finally:
        out.chmod(0o755)
    assert code == 2
    assert err.strip().splitlines() == [f"regionkit build: {out}: the folder is read-only; "
                                        "nothing was processed"]
    assert snapshot(out) == before


def test_unwritable_parent_gives_one_line(tmp_path, capsys, counted, monkeypatch):
    """As the read-only case, also where the user may write anyway (root): mkdir is refused."""
    raw = write_corpus(tmp_path)
    out = tmp_path / "processed"
    assert _build(raw, out, capsys)[0] == 0
    before = snapshot(out)
    counted.clear()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("regionkit.publish.tempfile.mkdtemp", refuse)
    code, err = _build(raw, out, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "Permission denied" in err and "Traceback" not in err
    assert counted == []
    assert snapshot(out) == before


def test_full_disk_gives_one_line_and_keeps_the_previous_outputs(tmp_path, capsys, monkeypatch):
    raw = write_corpus(tmp_path)
    out = tmp_path / "processed"
    assert _build(raw, out, capsys)[0] == 0
    before = snapshot(out)
    (raw / "plan.txt").write_text("Verksamhetsplan 2025\n\n- Ny text.\n", encoding="utf-8")

    def full(self, rows_xml, n_rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(XlsxTableWriter, "write", full)
    code, err = _build(raw, out, capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        f"regionkit build: {out}: cannot write the tables (No space left on device); "
        "previous outputs kept"]
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".processed.regionkit-new")] \
        == []
