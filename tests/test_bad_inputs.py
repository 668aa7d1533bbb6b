"""The bad-input catalogue: every case gives its exit code and a message naming what and how to fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from carefac.cli import main

CATALOGUE = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p for p in CATALOGUE.iterdir() if (p / "expected.json").exists())


def test_the_catalogue_has_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_case(folder, tmp_path, capsys):
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    work = tmp_path / folder.name
    shutil.copytree(folder, work)
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
