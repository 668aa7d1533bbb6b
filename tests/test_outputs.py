"""Safe outputs: a failed run leaves the folder as it was; two runs cannot interleave."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from carefac import CarefacError, zhangzhou_sample_config
from carefac.cli import main
from carefac.pipeline import run, write_results
from carefac.tables import LOCK_NAME, output_folder


def snapshot(folder):
    """Return every file under ``folder`` (subfolders too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["coverage", str(zhangzhou_sample_config()), "--out", str(out)]) == 0
    before = snapshot(out)
    results = run(zhangzhou_sample_config())
    import carefac.pipeline as pipeline

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "_write_flags", broken)
    with pytest.raises(OSError, match="disk full"):
        write_results(results, out, lang="en")
    assert snapshot(out) == before  # same files, same bytes, no staging folder or lock left


def test_cli_failure_exits_non_zero_and_writes_nothing(tmp_path, monkeypatch, capsys):
    import carefac.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_write_plan", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out)]) == 2
    assert "disk full" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_live_lock_stops_a_second_run(tmp_path):
    (tmp_path / LOCK_NAME).write_text(str(os.getppid()))  # a live process holds it
    with pytest.raises(CarefacError, match="another carefac run .* is writing to"):
        with output_folder(tmp_path):
            pass


def test_a_stale_lock_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_text("999999999")  # no such process
    with output_folder(tmp_path) as staging:
        (staging / "a.txt").write_text("x")
    assert (tmp_path / "a.txt").read_text() == "x"
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_live_lock_says_how_to_clear_it(tmp_path):
    (tmp_path / LOCK_NAME).write_text(str(os.getppid()))
    with pytest.raises(CarefacError, match=f"delete {tmp_path / LOCK_NAME}"):
        with output_folder(tmp_path):
            pass


def test_a_lock_whose_pid_now_belongs_to_another_program_is_taken_over(tmp_path):
    from carefac.tables import _process_start

    started = _process_start(os.getppid())
    if started is None:
        pytest.skip("no /proc here: process start times are unknown")
    # the parent process is alive, but it started at another time than the run that wrote the lock
    (tmp_path / LOCK_NAME).write_text(f"{os.getppid()} {int(started) + 12345}")
    with output_folder(tmp_path) as staging:
        (staging / "a.txt").write_text("x")
    assert (tmp_path / "a.txt").read_text() == "x"


def test_a_staging_folder_left_by_a_killed_run_is_removed(tmp_path):
    left = tmp_path / ".carefac-staging-killed"
    left.mkdir()
    (left / "flags.csv").write_text("half")
    with output_folder(tmp_path) as staging:
        (staging / "a.txt").write_text("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_rerun_removes_the_earlier_runs_outputs_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out), "--lang", "en"]) == 0
    assert (out / "proposed_sites.csv").exists()
    (out / "my_notes.txt").write_text("the planner's own file")
    assert main(["coverage", str(zhangzhou_sample_config()), "--out", str(out), "--lang", "en"]) == 0
    names = {p.name for p in out.iterdir()}
    assert "proposed_sites.csv" not in names and "flags.csv" not in names and "map.html" not in names
    assert {"slots_per_1000_county.csv", "run.json", "my_notes.txt"} <= names


def test_ctrl_c_exits_130_with_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys):
    import carefac.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_write_flags", interrupted)
    out = tmp_path / "out"
    assert main(["check", str(zhangzhou_sample_config()), "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "已中断" in err and "Traceback" not in err  # the sample runs in Chinese
    assert list(out.iterdir()) == []


def test_text_that_looks_like_a_formula_is_text_in_csv_and_xlsx(tmp_path):
    import openpyxl
    import pandas as pd

    from carefac.tables import write_csv, write_xlsx

    frame = pd.DataFrame(
        {"name": ["=1+1", "+86 10", "-x", "@SUM(A1)", "\tTAB", "plain"], "value": [-1, 2, 3, 4, 5, 6]}
    )
    write_csv(frame, tmp_path / "t.csv")
    text = (tmp_path / "t.csv").read_text("utf-8-sig").splitlines()
    assert text[1:] == ["'=1+1,-1", "'+86 10,2", "'-x,3", "'@SUM(A1),4", "'\tTAB,5", "plain,6"]
    write_xlsx({"s": frame}, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["s"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert [c.value for c in cells] == frame["name"].tolist()
    assert {c.data_type for c in cells} == {"s"}  # strings, never formulas
    assert [sheet.cell(row=r, column=2).value for r in range(2, 8)] == [-1, 2, 3, 4, 5, 6]


def test_the_report_lists_every_flagged_subject_and_the_gross_need(tmp_path):
    import re

    import pandas as pd

    out = tmp_path / "out"
    assert main(["demo", "--out", str(out), "--lang", "en"]) == 0
    report = (out / "report.html").read_text("utf-8")
    flags = pd.read_csv(out / "flags.csv", encoding="utf-8-sig", dtype={"subject_id": str})
    flagged = flags[flags["status"] == "flagged"]
    for subject in flagged["subject_id"].dropna().unique():
        assert f">{subject}<" in report, subject
    county = pd.read_csv(out / "slots_per_1000_county.csv", encoding="utf-8-sig")
    gross = int(county["slots_needed"].sum())
    assert f"{gross:,}" in report and "Gross need: sum over counties below target" in report
    assert re.search(r"City net need", report)
    assert "Notes on the data" in report


def test_districts_estimated_from_households_are_announced(tmp_path, capsys):
    import json

    out = tmp_path / "out"
    assert main(["check", str(zhangzhou_sample_config()), "--out", str(out), "--lang", "en"]) == 0
    assert "estimated as households × 2.9 persons per household" in capsys.readouterr().err
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert "population_from_households" in {n["code"] for n in record["notices"]}


def test_an_output_never_replaces_an_input_of_the_run(tmp_path):
    """An earlier run's proposed_sites.csv read as this run's candidates, in the same folder: writing
    the new proposals over it destroyed the input; it is refused before anything moves."""
    before = {"proposed_sites.csv": b"the planner's candidates", "areas.shp": b"", "areas.dbf": b"table"}
    for name, data in before.items():
        (tmp_path / name).write_bytes(data)
    inputs = [tmp_path / "proposed_sites.csv", tmp_path / "areas.shp"]
    for written in ("proposed_sites.csv", "areas.dbf"):
        with pytest.raises(CarefacError, match="would replace") as refused:
            with output_folder(tmp_path, inputs=inputs) as staging:
                (staging / "flags.csv").write_text("new")
                (staging / written).write_text("new")
        assert refused.value.code == "output_replaces_input"
        assert {n: (tmp_path / n).read_bytes() for n in before} == before and not (tmp_path / "flags.csv").exists()


def test_an_earlier_output_read_as_an_input_is_not_removed_as_stale(tmp_path):
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out), "--lang", "en"]) == 0
    kept = (out / "proposed_sites.csv").read_bytes()
    with output_folder(out, inputs=[out / "proposed_sites.csv"]) as staging:
        (staging / "run.json").write_text("{}")
    assert (out / "proposed_sites.csv").read_bytes() == kept and not (out / "flags.csv").exists()


def test_the_reports_inputs_are_named_in_the_runs_language():
    """A joined table (areas_join) and a layer's second file (facilities (2)) were named in English
    in a Chinese report."""
    from carefac.report import _inputs_table

    inputs = [{"name": n, "path": f"/d/{n}.csv", "sha256": "0" * 64, "bytes": 10}
              for n in ("areas", "areas_join", "facilities", "facilities (2)")]  # fmt: skip
    assert _inputs_table(inputs, "zh").iloc[:, 0].tolist() == ["行政区划", "行政区划数据表（连接）", "设施", "设施（2）"]
    assert _inputs_table(inputs, "en").iloc[:, 0].tolist() == ["areas", "areas' figures table (join)", "facilities",
                                                               "facilities (2)"]  # fmt: skip


def test_numbers_among_blanks_are_rounded_in_csv_and_whole_numbers_stay_whole(tmp_path):
    from carefac.tables import write_csv

    frame = pd.DataFrame({"rule": ["a", "b", "c"], "threshold": [8, 8, 2], "shortfall": [9.1 - 8, None, 0.5]},
                         dtype=object)  # fmt: skip
    text = write_csv(frame, tmp_path / "flags.csv").read_text("utf-8-sig")
    assert text.splitlines() == ["rule,threshold,shortfall", "a,8,1.1", "b,8,", "c,2,0.5"]
