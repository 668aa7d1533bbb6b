"""The bad-input catalogue: every case gives its exit code and a message naming what and how to fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from carefac.cli import main

CATALOGUE = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p for p in CATALOGUE.iterdir() if (p / "expected.json").exists())


def test_the_catalogue_has_at_least_80_cases():
    assert len(CASES) >= 80


def _number_in(out: Path, file: str, key: str, value: str, column: str, rule: str | None = None) -> float:
    """Return one cell of an output CSV: the row whose ``key`` is ``value`` (and ``rule``)."""
    table = pd.read_csv(out / file, encoding="utf-8-sig", dtype={key: str})
    rows = table[table[key] == value]
    if rule is not None:
        rows = rows[rows["rule"] == rule]
    assert len(rows) == 1, f"{file}: {len(rows)} rows with {key} = {value} ({rule})"
    return float(rows.iloc[0][column])


def _case_copy(folder: Path, tmp_path: Path) -> tuple[dict, Path]:
    """Return a case's expectations and a working copy of its files (with its symlink loop, if any)."""
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    work = tmp_path / folder.name
    shutil.copytree(folder, work)
    if "symlink_loop" in expected:
        (work / expected["symlink_loop"]).symlink_to(work / expected["symlink_loop"])
    return expected, work


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_case(folder, tmp_path, capsys):
    expected, work = _case_copy(folder, tmp_path)
    out = tmp_path / "out"
    code = main(
        [
            expected["command"],
            str(work / "carefac.toml"),
            "--out",
            str(out),
            "--lang",
            "en",
            *expected["args"],
        ]
    )
    err = capsys.readouterr().err
    assert code == expected["exit_code"], err
    assert "Traceback" not in err
    for fragment in expected["fragments"]:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    if code != 0:
        assert not out.exists() or not any(p for p in out.iterdir() if not p.name.startswith(".")), (
            "a failed run wrote outputs"
        )
    if "expect_in_output" in expected:
        name, text = expected["expect_in_output"]
        assert text in (out / name).read_text("utf-8-sig")
    if "expect_not_in_output" in expected:
        name, text = expected["expect_not_in_output"]
        assert text not in (out / name).read_text("utf-8-sig")
    for file, key, value, column, number, *rule in expected.get("expect_numbers", []):
        assert _number_in(out, file, key, value, column, *rule) == pytest.approx(number), (
            file,
            value,
            column,
        )
    if code == 0:
        leftovers = [p.name for p in out.iterdir() if p.name.startswith((".carefac", ".tmp"))]
        assert not leftovers, f"staging or lock files left behind: {leftovers}"


REFUSED = [p for p in CASES if json.loads((p / "expected.json").read_text("utf-8"))["exit_code"] == 2]


@pytest.mark.parametrize("folder", REFUSED, ids=lambda p: p.name)
def test_case_refused_in_chinese(folder, tmp_path, capsys):
    """A Chinese run refuses the same input with the same exit code, every problem said in Chinese."""
    expected, work = _case_copy(folder, tmp_path)
    args = [expected["command"], str(work / "carefac.toml"), "--out", str(tmp_path / "out"), "--lang", "zh"]
    assert main([*args, *expected["args"]]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Fix:" not in err and "in the input" not in err, err
    lines = err.strip().splitlines()
    assert lines[0].startswith("carefac："), err
    for line in lines[1:] if lines[0].startswith("carefac：输入中有") else lines:
        message = line.split("：", 1)[-1]
        assert re.search(r"[\u4e00-\u9fff]", message), f"not said in Chinese: {line}"
