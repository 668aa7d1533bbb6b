"""Safe outputs: a failed run leaves the folder as it was; two runs cannot interleave."""

from __future__ import annotations

import os

import pytest

from carefac import CarefacError, zhangzhou_sample_config
from carefac.cli import main
from carefac.pipeline import run, write_results
from carefac.tables import LOCK_NAME, output_folder


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


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
