"""The command line: outputs, headers in two languages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from carefac import zhangzhou_sample_config
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
    assert set(pd.ExcelFile(tmp_path / "slots_per_1000.xlsx", engine="openpyxl").sheet_names) == {"city", "county", "township"}
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
        ('[layers.areas\npath = "areas.gpkg"\n', "line 1 ([layers.areas) is not valid TOML"),
        ('[layers.areas]\npath = "data\\areas.gpkg"\n', "line 2 (path = \"data\\areas.gpkg\") writes a Windows path"),
        ('[layers.areas]\npath = “areas.gpkg”\n', "has full-width punctuation"),
        ('[layers.areas]\npath ＝ "areas.gpkg"\n', "has full-width punctuation"),
        ('[layers.areas]\npath = areas.gpkg\n', "line 2 (path = areas.gpkg) gives a text value without quotes"),
    ],
)
def test_bad_input_exits_2_with_a_message(grid_files, capsys, config_text, message):
    (grid_files / "bad.toml").write_text(config_text, encoding="utf-8")
    assert main(["coverage", str(grid_files / "bad.toml"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_config_exits_2(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "nope.toml"), "--lang", "en"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["coverage", str(tmp_path / "nope.toml")]) == 2  # Chinese by default
    assert "配置文件不存在" in capsys.readouterr().err


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


FLAG_COLUMNS_EN = ["rule", "rule_title", "subject_id", "subject_name", "status", "measured", "threshold", "unit", "reason"]


def test_demo_writes_flags(tmp_path):
    assert main(["demo", "--out", str(tmp_path), "--lang", "en"]) == 0
    flags = pd.read_csv(tmp_path / "flags.csv", encoding="utf-8-sig", dtype={"subject_id": str})
    assert list(flags.columns[:9]) == FLAG_COLUMNS_EN
    assert set(flags["status"]) <= {"flagged", "ok", "not_applicable", "skipped"}
    new = flags[flags["rule"] == "new_residential_childcare"]
    assert (new["status"] == "flagged").any() and (new["status"] == "ok").any()
    rooms = flags[flags["rule"] == "township_parent_child_room"]
    assert len(rooms) == 146
    sheets = pd.ExcelFile(tmp_path / "flags.xlsx", engine="openpyxl").sheet_names
    assert sheets[0] == "summary" and len(sheets) == 1 + flags["rule"].nunique()
    summary = pd.read_excel(tmp_path / "flags.xlsx", sheet_name="summary", engine="openpyxl")
    assert summary["flagged"].sum() == (flags["status"] == "flagged").sum()


def _check_config(tmp_path, grid_files, extra: str) -> str:
    text = (grid_files / "project.toml").read_text("utf-8") + extra
    (grid_files / "check.toml").write_text(text, encoding="utf-8")
    return str(grid_files / "check.toml")


def test_check_command(grid_files, capsys):
    assert main(["check", _check_config(None, grid_files, "")]) == 0
    flags = pd.read_csv(grid_files / "out" / "flags.csv", encoding="utf-8-sig", dtype={"subject_id": str})
    skipped = flags[flags["status"] == "skipped"]
    assert {"new_residential_childcare", "warm_home", "nursing_room"} <= set(skipped["rule"])
    assert "policy checks" in capsys.readouterr().out


def test_residential_layer_without_status_exits_2(grid_files, grid_areas, capsys):
    districts = grid_areas[grid_areas["level"] == "township"][["area_id", "name", "population", "geometry"]]
    districts.rename(columns={"area_id": "district_id"}).to_file(grid_files / "residential.gpkg")
    config = _check_config(None, grid_files, '\n[layers.residential]\npath = "residential.gpkg"\n')
    assert main(["check", config]) == 2
    err = capsys.readouterr().err
    assert (
        "residential.gpkg (layer 'residential'), column 'status': the required column 'status' is missing"
        in err
    )


def test_unknown_facility_kind_exits_2(grid_files, capsys):
    table = pd.read_csv(grid_files / "facilities.csv", encoding="utf-8-sig")
    table.loc[2, "类型"] = "托老所"
    table.to_csv(grid_files / "facilities.csv", index=False, encoding="utf-8-sig")
    assert main(["check", str(grid_files / "project.toml")]) == 2
    err = capsys.readouterr().err
    assert "unknown kind values (托老所)" in err and "row 4" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "\n[policy.overrides]\ntownship_room_min_population = 3.5e4\n",
            "'township_room_min_population' must be a whole number",
        ),
        (
            '\n[policy.overrides]\nchildcare_kinds = ["childcare", "eldercare"]\n',
            "'childcare_kinds' names unknown values ['eldercare']",
        ),
        ('\n[policy]\nprofile = "shanghai-2030"\n', "no such policy profile"),
    ],
)
def test_bad_profile_values_exit_2(grid_files, capsys, extra, message):
    assert main(["check", _check_config(None, grid_files, extra)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("words", "zh", "en"),
    [
        (["optimize", "{config}", "--lang", "fr"], "--lang 的取值 'fr' 无效", "--lang: 'fr' is not one of"),
        (["optimize", "{config}", "--method", "fast"], "--method 的取值 'fast' 无效", "--method: 'fast' is not one of"),
        (["optimize", "{config}", "--bogus"], "无法识别的参数：--bogus", "unrecognised arguments: --bogus"),
        (["optimize", "{config}", "--curve"], "--curve 后面需要一个值", "--curve needs a value"),
        (["optimiz", "{config}"], "'optimiz' 无效", "'optimiz' is not one of"),
        (["optimize"], "缺少必需的参数：config", "missing the required config"),
    ],
)
def test_a_command_line_argparse_refuses_is_said_in_the_runs_language(capsys, tmp_path, words, zh, en):
    """Chinese by default and when the config says so; English with --lang en or a config in English."""
    english = tmp_path / "english.toml"
    english.write_text(zhangzhou_sample_config().read_text("utf-8").replace('lang = "zh"', 'lang = "en"'), "utf-8")
    chinese = [w.replace("{config}", str(zhangzhou_sample_config())) for w in words]
    assert main(chinese) == 2
    said = capsys.readouterr().err
    assert zh in said and "查看用法" in said and "usage:" not in said and said.count("\n") == 1
    english_runs = [] if "--lang" in words else [[*chinese, "--lang", "en"]]
    if "{config}" in words:
        english_runs.append([w.replace("{config}", str(english)) for w in words])
    for english_words in english_runs:
        assert main(english_words) == 2
        said = capsys.readouterr().err
        assert en in said and "--help" in said and "usage:" not in said


@pytest.mark.parametrize(
    ("flag", "value", "zh", "en"),
    [
        ("--new-sites", "-3", "--new-sites 应 > 0 且 ≤ 100000（个），实际为 -3。", "--new-sites must be > 0"),
        ("--new-sites", "2.5", "--new-sites 应为整数", "--new-sites must be a whole number, got 2.5"),
        ("--radius-m", "300米", "例如 --radius-m 300", "e.g. --radius-m 300"),
        ("--radius-m", "0.3", "--radius-m 应 ≥ 10 且 ≤ 50000（米），实际为 0.3", "--radius-m must be ≥ 10 and ≤ 50000 (metres)"),
        ("--time-limit-s", "inf", "--time-limit-s 应为有限的数字", "--time-limit-s must be a finite number"),
        ("--model", "foo", "--model 应为以下之一", "--model must be one of"),
    ],
)
def test_a_bad_option_value_names_the_option_not_a_config_key(capsys, flag, value, zh, en):
    sample = str(zhangzhou_sample_config())
    assert main(["optimize", sample, flag, value]) == 2
    said = capsys.readouterr().err
    assert zh in said and f"改正命令行选项 {flag}" in said and "[optimize]" not in said
    assert main(["optimize", sample, flag, value, "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert en in said and f"correct {flag} on the command line" in said and "[optimize]" not in said


def test_every_bad_option_value_is_said_at_once(capsys):
    sample = str(zhangzhou_sample_config())
    assert main(["optimize", sample, "--radius-m", "abc", "--new-sites", "0", "--curve", "4:1", "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert "3 problems" in said and "--radius-m" in said and "--new-sites" in said and "--curve" in said


def test_a_number_of_sites_for_a_model_that_finds_its_own_is_refused_not_dropped(capsys, tmp_path):
    """ratio-target and lscp find the fewest sites themselves: --new-sites 5 gave 23 sites without
    a word. Refused from the command line and in a config; a config's number for its own model is
    not carried over to the model the command line asks for."""
    sample = str(zhangzhou_sample_config())
    assert main(["optimize", sample, "--model", "ratio-target", "--new-sites", "5", "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert "--new-sites = 5: the ratio-target model finds the number of sites itself" in said
    assert "drop it, or choose a model that takes a number of sites (shortfall, mclp" in said
    assert main(["optimize", sample, "--model", "lscp", "--new-sites", "5"]) == 2
    assert "lscp 模型自行确定站点数" in capsys.readouterr().err
    text = zhangzhou_sample_config().read_text("utf-8").replace('model = "shortfall"', 'model = "lscp"')
    assert 'model = "lscp"' in text and "new_sites = 10" in text
    config = zhangzhou_sample_config().parent / "carefac.toml"
    lscp = tmp_path / "lscp.toml"
    lscp.write_text(text.replace('path = "', f'path = "{config.parent.as_posix()}/'), "utf-8")
    assert main(["validate", str(lscp), "--lang", "en"]) == 2
    assert "[optimize] new_sites = 10: the lscp model finds the number of sites itself" in capsys.readouterr().err
    out = tmp_path / "ratio"
    assert main(["optimize", sample, "--model", "ratio-target", "--out", str(out), "--lang", "en"]) == 0
    assert "ratio-target" in capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["optimize"], ["batch"], ["run"], ["init"], ["rules"]])
def test_help_is_in_the_runs_language(capsys, tmp_path, command):
    """Chinese by default (argparse's own headings too), English with --lang en or when the config
    named says lang = "en"."""
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    zh = capsys.readouterr().out
    assert zh.startswith("用法：carefac") and "显示本帮助并退出" in zh and "usage:" not in zh
    assert "show this help" not in zh
    with pytest.raises(SystemExit):
        main([*command, "--help", "--lang", "en"])
    en = capsys.readouterr().out
    assert en.startswith("usage: carefac") and "show this help message and exit" in en
    assert not re.search(r"[\u4e00-\u9fff]", en.replace("填表说明", ""))
    if command == ["optimize"]:
        english = tmp_path / "english.toml"
        english.write_text('[output]\nlang = "en"\n', "utf-8")
        with pytest.raises(SystemExit):
            main(["optimize", str(english), "--help"])
        assert capsys.readouterr().out.startswith("usage: carefac optimize")


@pytest.mark.parametrize(
    ("table", "line", "said"),
    [
        ("[layers.areas]", "join = 5", "[layers.areas] join = 5 is not a file path"),
        ("[layers.facilities]", "encoding = 5", "[layers.facilities] encoding = 5 is not text"),
        ("[layers.facilities]", 'columns = "slots"', "[layers.facilities] columns = 'slots' is not a table of names"),
        ("[output]", "dir = 3", "[output] dir = 3 is not text"),
        ("[distance]", "graph = 5", "[distance] graph = 5 is not text"),
    ],
)
def test_a_config_value_of_the_wrong_kind_is_named_not_a_crash(tmp_path, capsys, table, line, said):
    """path = 5, encoding = 5, profile = 7 …: 'unexpected error (TypeError …)' before."""
    folder = tmp_path / "sample"
    shutil.copytree(zhangzhou_sample_config().parent, folder)
    config = folder / "carefac.toml"
    text = config.read_text("utf-8")
    text = text.replace(table, f"{table}\n{line}", 1) if table in text else text + f"\n{table}\n{line}\n"
    config.write_text(text, "utf-8")
    assert main(["coverage", str(config), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert said in err and "unexpected error" not in err


@pytest.mark.parametrize("lang, said", [("en", "候选一 (C1): slots not given"), ("zh", "候选一（C1）：托位数未填")])
def test_a_proposed_site_without_a_capacity_is_said_so_not_nan(tmp_path, capsys, lang, said):
    """A candidate whose capacity is 待定 printed 'nan slots' on the console and on the map."""
    from pathlib import Path

    case = Path(__file__).parent / "bad_inputs" / "candidate_capacity_pending"
    shutil.copytree(case, tmp_path / "case")
    out = tmp_path / "out"
    args = ["optimize", str(tmp_path / "case" / "carefac.toml"), "--out", str(out), "--lang", lang]
    assert main([*args, "--new-sites", "2", "--model", "mclp"]) == 0
    printed = capsys.readouterr().out
    assert said in printed and "nan" not in printed
    assert ("托位数未填" if lang == "zh" else "slots not given") in (out / "map.html").read_text("utf-8")
