import pandas as pd
import pytest

import regionkit.tables as tables_mod
from regionkit.tables import OutputError, Tables, load_tables, write_tables


def _small_tables() -> Tables:
    t = Tables.empty()
    themes = pd.DataFrame(
        [["d:0001", "d", "kompetensforsorjning", 1.5, "kompetensförsörjning | vårdkompetensråd"]],
        columns=t.segment_themes.columns,
    )
    return Tables(**{**dict(t.items()), "segment_themes": themes})


def test_written_tables_load_back_equal(tmp_path):
    write_tables(_small_tables(), tmp_path)
    loaded = load_tables(tmp_path)
    pd.testing.assert_frame_equal(loaded.segment_themes, _small_tables().segment_themes.astype(
        loaded.segment_themes.dtypes.to_dict()))


def test_csv_keeps_swedish_letters_for_spreadsheets(tmp_path):
    write_tables(_small_tables(), tmp_path)
    raw = (tmp_path / "segment_themes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8
    assert "kompetensförsörjning".encode() in raw


def test_two_writes_give_byte_identical_files(tmp_path):
    write_tables(_small_tables(), tmp_path / "a")
    write_tables(_small_tables(), tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_a_failed_write_leaves_the_previous_outputs_intact(tmp_path, monkeypatch):
    write_tables(_small_tables(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []

    real_add = tables_mod._TableStream.add

    def failing(self, frag):
        calls.append(self.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_add(self, frag)

    monkeypatch.setattr(tables_mod._TableStream, "add", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        write_tables(_small_tables(), tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_load_tables_says_to_build_first(tmp_path):
    with pytest.raises(FileNotFoundError, match="regionkit build"):
        load_tables(tmp_path)
