"""The command line: outputs, headers in two languages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from carefac.cli import main

EN_COLUMNS = [
    "area_id",
    "name",
    "level",
    "population",
    "slots",
    "slots_per_1000",
    "target_per_1000",
    "slots_needed",
    "meets_target",
]


def test_demo_writes_the_contract(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--lang", "en"]) == 0
    county = pd.read_csv(tmp_path / "slots_per_1000_county.csv", encoding="utf-8-sig", dtype={"area_id": str})
    assert list(county.columns[: len(EN_COLUMNS)]) == EN_COLUMNS
    assert len(county) == 11 and county["population"].sum() == 5_054_328
    township = pd.read_csv(
        tmp_path / "slots_per_1000_township.csv", encoding="utf-8-sig", dtype={"area_id": str}
    )
    assert len(township) == 146
    assert (tmp_path / "slots_per_1000_county.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert set(pd.ExcelFile(tmp_path / "slots_per_1000.xlsx").sheet_names) == {"city", "county", "township"}
    record = json.loads((tmp_path / "run.json").read_text("utf-8"))
    assert record["policy"]["slots_per_1000_target"] == 4.5
    assert {i["name"] for i in record["inputs"]} >= {"areas", "facilities", "config"}
    assert all(len(i["sha256"]) == 64 for i in record["inputs"])
    assert "numpy" in record["versions"] and "coverage" in record["timings_s"]
    assert "below target" in capsys.readouterr().out


def test_chinese_headers_by_default(tmp_path):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    county = pd.read_csv(tmp_path / "slots_per_1000_county.csv", encoding="utf-8-sig")
    assert list(county.columns[:5]) == ["区划代码", "名称", "层级", "常住人口", "托位数"]
    assert set(county["是否达标"]) <= {"是", "否"}


def test_coverage_command_with_config(grid_files):
    assert main(["coverage", str(grid_files / "project.toml"), "--level", "township"]) == 0
    table = pd.read_csv(
        grid_files / "out" / "slots_per_1000_township.csv", encoding="utf-8-sig", dtype={"area_id": str}
    )
    assert table.set_index("area_id").loc["350601001", "slots"] == 10
    assert not (grid_files / "out" / "slots_per_1000_county.csv").exists()


@pytest.mark.parametrize(
    ("config_text", "message"),
    [
        ('[layers.areas]\npath = "areas.gpkg"\ncolour = "red"\n', "unknown key 'colour' in [layers.areas]"),
        (
            '[layers.areas]\npath = "areas.gpkg"\n[layers.schools]\npath = "x.csv"\n',
            "unknown layer [layers.schools]",
        ),
        ('[layers.areas]\npath = "areas.gpkg"\n[extras]\nx = 1\n', "unknown table [extras]"),
        ('[layers.areas]\npath = "missing.gpkg"\n', "missing.gpkg: the file does not exist"),
        (
            '[layers.areas]\npath = "areas.gpkg"\n[policy.overrides]\nservice_distance_m = "far"\n',
            "'service_distance_m' must be a number",
        ),
        ('[layers.areas\npath = "areas.gpkg"\n', "not valid TOML"),
    ],
)
def test_bad_input_exits_2_with_a_message(grid_files, capsys, config_text, message):
    (grid_files / "bad.toml").write_text(config_text, encoding="utf-8")
    assert main(["coverage", str(grid_files / "bad.toml")]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_config_exits_2(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "nope.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_real_process_exit_codes_and_help(grid_files):
    ok = subprocess.run([sys.executable, "-m", "carefac.cli", "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "demo" in ok.stdout and "coverage" in ok.stdout
    for command in ("demo", "coverage"):
        sub = subprocess.run(
            [sys.executable, "-m", "carefac.cli", command, "--help"], capture_output=True, text=True
        )
        assert sub.returncode == 0 and "--lang" in sub.stdout
    (grid_files / "bad.toml").write_text('[layers.areas]\npath = "nowhere.gpkg"\n', encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "carefac.cli", "coverage", str(grid_files / "bad.toml")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "nowhere.gpkg" in bad.stderr and "Traceback" not in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "carefac.cli", "coverage"], capture_output=True, text=True)
    assert usage.returncode == 2  # argparse usage error
