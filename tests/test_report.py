"""Tests of regionkit.report: parameter checks, run planning, provenance, runs and the index."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import regionkit
from regionkit import report
from regionkit.compare import ParameterError, valid_ids
from regionkit.tables import load_tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "processed_small"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def tables():
    return load_tables(FIXTURE)


@pytest.fixture(scope="module")
def valid(tables):
    return valid_ids(tables)


def test_committed_fixture_equals_what_its_script_builds():
    spec = importlib.util.spec_from_file_location("build_fixture", FIXTURE / "build_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built, committed = module.build_tables(), load_tables(FIXTURE)
    for (name, frame), (_, other) in zip(built.items(), committed.items(), strict=True):
        pd.testing.assert_frame_equal(frame, other, obj=name)


def test_default_runs_are_overview_one_profile_per_region_comparison_and_time(valid):
    specs = report.plan_runs(None, valid, NOTEBOOKS)
    assert [s.name for s in specs] == [
        "corpus_overview", "region_profile-mellansverige", "region_profile-sodra",
        "region_profile-sydostra", "compare_regions", "priorities_over_time",
        "plan_followup-mellansverige", "plan_followup-sodra", "plan_followup-sydostra"]
    compare = specs[4].parameters
    # "all" is written out, so the report states which regions and years it used.
    assert compare["regions"] == ["mellansverige", "sodra", "sydostra"]
    assert compare["period"] == [2020, 2024]


def test_one_mapping_goes_to_every_notebook_that_takes_it(valid):
    specs = report.plan_runs({"sjukvardsregion": "sodra", "period": [2022, 2024]}, valid,
                             NOTEBOOKS)
    assert [s.name for s in specs] == ["corpus_overview", "region_profile-sodra",
                                       "compare_regions", "priorities_over_time",
                                       "plan_followup-sodra"]
    assert specs[1].parameters["period"] == [2022, 2024]
    assert specs[2].parameters["period"] == [2022, 2024]
    assert "period" not in specs[3].parameters  # priorities_over_time takes no period


def test_a_list_runs_exactly_the_listed_notebooks(valid):
    params = [{"notebook": "region_profile.ipynb", "parameters": {"sjukvardsregion": "sodra"}},
              {"notebook": "region_profile", "parameters": {"sjukvardsregion": "sodra",
                                                            "themes": ["pandemi"]}}]
    specs = report.plan_runs(params, valid, NOTEBOOKS)
    assert [s.name for s in specs] == ["region_profile-sodra", "region_profile-sodra-2"]
    assert specs[1].parameters["themes"] == ["pandemi"]


BAD_PLANS = [
    pytest.param({"sjukvardsregion": "sodr"},
                 "unknown region 'sodr'; valid .*: mellansverige, sodra, sydostra", id="region"),
    pytest.param({"themes": ["krisberedskapen"]}, "unknown theme 'krisberedskapen'",
                 id="theme"),
    pytest.param({"colour": "red"}, "unknown parameter 'colour'; parameters: .*sjukvardsregion",
                 id="unknown-name"),
    pytest.param({"processed_dir": "/etc"}, "set by `regionkit report`", id="reserved"),
    pytest.param([{"notebook": "profile"}], "unknown notebook 'profile'; notebooks: corpus",
                 id="unknown-notebook"),
    pytest.param([{"notebook": "compare_regions", "parameters": {"regions": "sodra"}}],
                 "should be like the default", id="wrong-type"),
    pytest.param([{"notebook": "corpus_overview", "parameters": {"sjukvardsregion": "sodra"}}],
                 "corpus_overview: unknown parameter 'sjukvardsregion'", id="not-taken"),
    pytest.param([{"notebook": "region_profile", "parameters": {"n_boot": True}}],
                 "should be like the default", id="bool-for-int"),
]


@pytest.mark.parametrize(("params", "message"), BAD_PLANS)
def test_bad_parameters_are_named_with_the_valid_ones(params, message, valid):
    with pytest.raises(ParameterError, match=message):
        report.plan_runs(params, valid, NOTEBOOKS)


def test_a_bad_parameter_file_runs_nothing(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("sjukvardsregion: vastra\n", encoding="utf-8")
    out = tmp_path / "reports"
    with pytest.raises(ParameterError, match="unknown region 'vastra'"):
        report.run_reports(params, out, FIXTURE, notebooks_dir=NOTEBOOKS)
    assert not out.exists()


@pytest.mark.parametrize("text", [
    pytest.param("- notebook: region_profile\n  params: {}\n", id="misspelt-key"),
    pytest.param("just a string\n", id="scalar"),
])
def test_malformed_parameter_files_are_rejected(text, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError):
        report.read_params_file(path)


@pytest.mark.parametrize("value", [
    pytest.param('x"; import os; os.system("echo hi") #\\', id="quotes-and-backslash"),
    pytest.param("rad ett\nrad två: åäö", id="newline-and-swedish"),
    pytest.param(["sodra", "sydostra"], id="list"),
])
def test_values_go_in_as_the_same_data(value):
    report.assert_literal_injection({"v": value})  # raises if not plain, equal data


def test_a_value_that_would_go_in_as_code_is_refused():
    with pytest.raises(ParameterError, match="not plain data"):
        report.assert_literal_injection({"v": float("nan")})


def test_notebook_parameters_must_be_literals(tmp_path):
    nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]},
                     "source": ["import os\n", "x = os.getcwd()\n"], "outputs": [],
                     "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(report.ReportError, match="only `name = literal`"):
        report.notebook_parameters(path)


def test_provenance_prefers_the_builds_fingerprints(tables):
    from regionkit.provenance import lexicon_fingerprint

    info = {"regionkit_version": "0.0.9", "input_fingerprint": "abc123",
            "lexicon_fingerprint": lexicon_fingerprint(), "pipeline_fingerprint": "p1"}
    prov = report.provenance(tables, info)
    assert prov.input_fingerprint == "abc123"
    assert prov.built_with == "0.0.9"
    assert f"regionkit {regionkit.__version__}" in prov.line()
    assert "changed since the build" not in prov.line()


def test_provenance_says_when_lexicons_changed_since_the_build(tables):
    prov = report.provenance(tables, {"lexicon_fingerprint": "0000000000000000"})
    assert "changed since the build" in prov.lexicon_version


def test_tables_fingerprint_follows_file_contents_not_row_order(tables):
    base = report.tables_fingerprint(tables)
    docs = tables.documents.iloc[::-1].copy()
    assert report.tables_fingerprint(type(tables)(**{**dict(tables.items()),
                                                     "documents": docs})) == base
    docs.loc[docs.index[0], "sha256"] = "f" * 64
    changed = type(tables)(**{**dict(tables.items()), "documents": docs})
    assert report.tables_fingerprint(changed) != base


def test_processed_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv(report.PROCESSED_ENV, raising=False)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "documents.parquet").write_bytes(b"")
    (tmp_path / "notebooks").mkdir()
    assert report.resolve_processed_dir("", start=tmp_path / "notebooks") == (
        tmp_path / "data" / "processed")
    assert report.resolve_processed_dir("elsewhere") == Path("elsewhere")
    monkeypatch.setenv(report.PROCESSED_ENV, "/fixture")
    assert report.resolve_processed_dir("", start=tmp_path / "notebooks") == Path("/fixture")


def test_display_table_shows_no_row_numbers():
    shown = report.table(pd.DataFrame({"region": ["Södra"], "n": [3]}))
    assert repr(shown) == "region  n\n Södra  3"
    assert "<th>0</th>" not in shown._repr_html_()


def test_clean_notebook_keeps_outputs_only_where_nbval_checks():
    out = {"output_type": "execute_result", "data": {"text/plain": "1"}, "metadata": {"x": 1},
           "execution_count": 7}
    nb = {"cells": [
        {"cell_type": "code", "metadata": {"tags": ["nbval-check-output"], "papermill": {}},
         "source": "1", "outputs": [out], "execution_count": 7},
        {"cell_type": "code", "metadata": {}, "source": "2", "outputs": [out],
         "execution_count": 8},
    ], "metadata": {"papermill": {"start_time": "2024-01-01T00:00:00"},
                    "kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    clean = report.clean_notebook(nb)
    assert clean["metadata"] == {"kernelspec": {"name": "python3"}}
    first, second = clean["cells"]
    assert first["metadata"] == {"tags": ["nbval-check-output"]}
    assert first["execution_count"] == 1 and first["outputs"][0]["metadata"] == {}
    assert second["outputs"] == [] and second["execution_count"] is None


# --- running notebooks (slow: each run starts a kernel) ---------------------------------------


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return report.run_reports(None, out, FIXTURE, notebooks_dir=NOTEBOOKS), out


def test_default_reports_all_run_and_the_index_links_each(default_run):
    result, out = default_run
    assert result.exit_status == 0, result.summary()
    index = (out / "index.html").read_text(encoding="utf-8")
    for run in result.runs:
        assert run.html.exists()
        assert f"href='{run.html.name}'" in index
    assert "All 9 reports ran to the end." in index
    # A profile's period is its region's: the fixture's Södra plan covers 2022-2023.
    assert "Region profile: Södra sjukvårdsregionen, 2022–2023" in index


def test_report_pages_hide_code_and_state_provenance(default_run):
    result, _ = default_run
    page = result.runs[1].html.read_text(encoding="utf-8")
    assert "rkr.load_for_notebook" not in page  # code cells are hidden
    assert f"regionkit {regionkit.__version__}" in page
    assert "input tables:" in page  # the fixture has no build_info.json
    assert "Region profile: Sjukvårdsregion Mellansverige, 2020–2024" in page


def test_over_time_report_says_plainly_when_a_region_has_one_document(default_run):
    result, _ = default_run
    over_time = next(r for r in result.runs if r.name == "priorities_over_time")
    page = over_time.html.read_text(encoding="utf-8")
    assert ("Södra sjukvårdsregionen: Södra regionvårdsnämnden · Verksamhetsplan has one "
            "document in the data") in page


def test_a_failing_notebook_is_named_with_its_cell_and_the_others_still_run(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    path = notebooks / "region_profile.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    position = next(i for i, c in enumerate(nb["cells"], start=1)
                    if "format_entities" in "".join(c["source"]))
    nb["cells"][position - 1]["source"] = ["raise ValueError('broken on purpose')\n"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("- notebook: region_profile\n  parameters: {sjukvardsregion: sodra}\n"
                      "- notebook: corpus_overview\n", encoding="utf-8")
    result = report.run_reports(params, tmp_path / "out", FIXTURE, notebooks_dir=notebooks)
    failed, ok = result.runs
    assert result.exit_status == 1
    assert (failed.status, failed.failing_cell) == ("failed", position)
    assert failed.error == "ValueError: broken on purpose"
    assert ok.status == "ok" and ok.html.exists()
    page = failed.html.read_text(encoding="utf-8")
    assert "THIS REPORT FAILED AND IS INCOMPLETE" in page
    assert "<title>FAILED: Region profile" in page
    index = result.index.read_text(encoding="utf-8")
    assert f"FAILED at cell {position}" in index
    assert "1 of 2 reports FAILED" in index


@pytest.mark.parametrize(("session", "mime"), [
    pytest.param("profile.ipynb", "application/vnd.jupyter.widget-view+json", id="jupyterlab"),
    pytest.param(None, "text/html", id="papermill-or-nbval"),
])
def test_profile_explorer_shows_pickers_only_in_a_widget_front_end(session, mime, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # Jupyter servers set JPY_SESSION_NAME for their kernels; batch runners do not.
    if session:
        monkeypatch.setenv("JPY_SESSION_NAME", session)
    else:
        monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import regionkit.report as rkr\n"
        f"tables, prov = rkr.load_for_notebook({str(FIXTURE)!r})\n"
        "rkr.profile_explorer(tables, 'sodra', ['kunskapsstyrning'])")])
    NotebookClient(nb, kernel_name=report.DEFAULT_KERNEL, timeout=120).execute()
    mimes = [m for o in nb.cells[0].outputs for m in o.get("data", {})]
    assert mime in mimes
    if not session:
        html_out = "".join(o["data"]["text/html"] for o in nb.cells[0].outputs)
        assert "<h3>Kunskapsstyrning</h3>" in html_out and "Nervsystemets" in html_out


PARAMS_REFUSED = [
    pytest.param("a: &x [1]\nb: *x\n", "YAML aliases", id="alias"),
    pytest.param("a: !!python/object:os.system {}\n", "not valid YAML", id="python-tag"),
    pytest.param("a: [1\n", "not valid YAML", id="broken"),
    pytest.param("a: 1\na: 2\n", "key 'a' repeated", id="repeated-key"),
    pytest.param("#" * (65 * 1024) + "\na: 1\n", "over the limit", id="too-large"),
]


@pytest.mark.parametrize(("text", "message"), PARAMS_REFUSED)
def test_parameter_file_is_refused_in_one_line(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(report.ParameterError, match=message) as err:
        report.read_params_file(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
