"""Regression tests for report and explorer fixes: periods, labels, footers, export, limits,
file modes, reuse of unchanged reports, kernel log lines, and the explorer's answers."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

import regionkit as rk
from regionkit import compare, report
from regionkit.datafiles import load_yaml_text
from regionkit.provenance import Provenance
from regionkit.report import runner
from regionkit.tables import load_tables
from regionkit.tagging.export import export_quanteda

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "processed_small"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def tables():
    return load_tables(FIXTURE)


def test_a_profile_states_the_years_of_its_own_region(tables):
    # The fixture's Södra has one plan for 2022-2023; the corpus covers 2020-2024.
    specs = report.plan_runs(None, compare.valid_ids(tables), NOTEBOOKS)
    periods = {s.name: s.parameters.get("period") for s in specs}
    assert periods["region_profile-sodra"] == [2022, 2023]
    assert periods["region_profile-mellansverige"] == [2020, 2024]
    assert periods["compare_regions"] == [2020, 2024]


def _prov(lexicons: str) -> Provenance:
    return Provenance(regionkit_version="1", built_with="1", lexicon_version="x",
                      input_fingerprint="inp", pipeline_fingerprint="p", n_documents=5,
                      lexicon_fingerprint=lexicons, lexicon_fingerprint_now=lexicons)


def test_figure_footer_changes_with_the_lexicons():
    a, b = report.source_line(_prov("aaaa")), report.source_line(_prov("bbbb"))
    assert "input inp" in a and "lexicons aaaa" in a
    assert a != b


def test_footer_says_when_tables_were_tagged_with_other_lexicons(tables):
    prov = report.provenance(tables, {"lexicon_fingerprint": "0000built0000000"})
    line = report.source_line(prov)
    assert "lexicons 0000built0000000 (installed now:" in line


def test_quanteda_export_has_the_themes_as_glob_patterns(tmp_path):
    path = tmp_path / "dict.yml"
    export_quanteda(path)
    data = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
    assert set(data["THEME"]) == set(compare.THEME_IDS)
    kompetens = data["THEME"]["kompetensforsorjning"]
    assert "*specialistsjuksköterska*" in kompetens  # a compound part
    assert "kompetensförsörjning*" in kompetens or "*kompetensförsörjning*" in kompetens
    assert "NPO" in data and "akut-vard" in data["NPO"]  # entities still there


def test_plan_followup_table_shows_labels_and_percentages():
    pairs = pd.DataFrame({
        "sjukvardsregion": ["sodra"], "body": ["Nämnd A"], "theme": ["pandemi"],
        "plan_doc": ["p"], "followup_doc": ["f"], "overlap_years": ["2023"],
        "plan_share": [0.048], "plan_ci_low": [0.01], "plan_ci_high": [0.2],
        "followup_share": [0.5], "followup_ci_low": [0.25], "followup_ci_high": [0.75]})
    out = report.format_plan_followup(pairs)
    row = out.iloc[0]
    assert (row["region"], row["theme"], row["plan %"], row["follow-up %"]) == (
        "Södra", "Pandemi", 4.8, 50.0)
    assert row["plan 95 % interval"] == "1.0–20.0"


def test_tables_wrap_inside_the_page():
    html = report.table(pd.DataFrame({"doc_id": ["a" * 80]}))._repr_html_()
    assert "overflow-wrap:anywhere" in html and "rk-table-wrap" in html


def test_examples_show_no_markdown_asterisks():
    from test_explore import _tables

    t = _tables()
    text = "*RCC Syd ska delta.* - *Nyhetsbrev*"
    t.segments.loc[0, ["text", "char_end"]] = [text, 10 + len(text)]
    out = report.segment_html(t, "p:0001")
    body = out.split("</p>", 1)[1]
    assert "*" not in body and "Nyhetsbrev" in body


PARAM_LIMITS = [
    pytest.param("themes:\n" + "  - pandemi\n" * 2000, "themes: 2,000 items; the limit is 100",
                 id="many-copies-of-a-valid-theme"),
    pytest.param("sjukvardsregion: " + "x" * 5_000 + "\n",
                 "sjukvardsregion: a text of 5,000 characters; the limit is 200", id="long-text"),
    pytest.param("n_boot: 10000000000\n", "n_boot: 10000000000 is over the limit of 100,000",
                 id="huge-integer"),
    pytest.param("- notebook: corpus_overview\n" * 300, "300 runs; the limit is 200",
                 id="many-runs"),
]


@pytest.mark.parametrize(("text", "message"), PARAM_LIMITS)
def test_oversized_parameters_are_refused_naming_key_and_limit(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(report.ParameterError) as err:
        report.read_params_file(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and len(str(err.value)) < 300


def test_an_unknown_long_value_is_cut_in_the_message(tables):
    with pytest.raises(report.ParameterError) as err:
        report.check_parameters(tables, sjukvardsregion="y" * 150)
    assert len(str(err.value)) < 400 and "characters)" in str(err.value)


def test_pages_are_written_readable_by_all(tmp_path):
    old = os.umask(0o022)
    try:
        runner._write_atomic(tmp_path / "page.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


# --- the explorer API -------------------------------------------------------------------------


def test_explorer_understands_display_names(tables):
    by_id = rk.find_segments(tables, sjukvardsregion="mellansverige")
    assert len(by_id) > 0
    assert rk.find_segments(tables, sjukvardsregion="Mellansverige").equals(by_id)
    assert rk.find_segments(tables, theme="kompetensförsörjning").equals(
        rk.find_segments(tables, theme="kompetensforsorjning"))
    assert rk.where_mentioned(tables, "Akut vård").equals(rk.where_mentioned(tables,
                                                                             "akut-vard"))


@pytest.mark.parametrize(("call", "message"), [
    pytest.param(lambda t: rk.find_segments(t, sjukvardsregion="sodr"),
                 "unknown region 'sodr'; valid: mellansverige", id="region"),
    pytest.param(lambda t: rk.find_segments(t, theme="kompetens"),
                 "unknown theme 'kompetens'; valid: kunskapsstyrning", id="theme"),
    pytest.param(lambda t: rk.where_mentioned(t, "Akut vårdd"),
                 "unknown entity 'Akut vårdd'; entity ids in the tables include", id="entity"),
    pytest.param(lambda t: rk.show_segment(t, "nope:0001"),
                 "no segment 'nope:0001' in the tables", id="segment"),
])
def test_explorer_refuses_unknown_values_in_one_line(tables, call, message):
    with pytest.raises((KeyError, ValueError)) as err:
        call(tables)
    text = err.value.args[0]
    assert message in text and "\n" not in text


# --- runs (slow: each starts a kernel) --------------------------------------------------------


def _params(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unchanged_reports_are_reused_and_changed_ones_run_again(tmp_path, capfd):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    params = _params(tmp_path, "- notebook: corpus_overview\n")
    out = tmp_path / "out"
    first = report.run_reports(params, out, FIXTURE, notebooks_dir=notebooks)
    err = capfd.readouterr().err
    assert first.exit_status == 0 and not first.runs[0].reused
    # Kernels run over IPC and are not interrupted at shutdown.
    assert "without encryption" not in err and "KeyboardInterrupt" not in err
    page = first.runs[0].html
    assert stat.S_IMODE(page.stat().st_mode) == stat.S_IMODE(0o666 & ~_umask())
    assert stat.S_IMODE((out / "index.html").stat().st_mode) == stat.S_IMODE(0o666 & ~_umask())
    before = page.stat().st_mtime_ns

    second = report.run_reports(params, out, FIXTURE, notebooks_dir=notebooks)
    assert second.runs[0].reused and page.stat().st_mtime_ns == before
    assert "reused  corpus_overview" in second.summary()

    path = notebooks / "corpus_overview.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["**Changed.**"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    third = report.run_reports(params, out, FIXTURE, notebooks_dir=notebooks)
    assert not third.runs[0].reused and "Changed." in page.read_text(encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_failed_report_is_never_reused(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    path = notebooks / "corpus_overview.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                        "outputs": [], "source": ["raise ValueError('broken on purpose')"]})
    path.write_text(json.dumps(nb), encoding="utf-8")
    params = _params(tmp_path, "- notebook: corpus_overview\n")
    for _ in range(2):
        result = report.run_reports(params, tmp_path / "out", FIXTURE, notebooks_dir=notebooks)
        assert result.runs[0].status == "failed" and not result.runs[0].reused
