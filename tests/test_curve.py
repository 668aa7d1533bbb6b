"""The sites curve and the newer models through the geo front and the command line."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from carefac import load_policy, load_zhangzhou_sample, zhangzhou_sample_config
from carefac._errors import InfeasibleError
from carefac.cli import main
from carefac.optimize import REGISTRY, locate_facilities, mclp, site_curve

POLICY = load_policy()


@pytest.fixture(scope="module")
def study():
    return load_zhangzhou_sample()


def test_curve_points_equal_single_solves_and_never_fall(study):
    curve = site_curve(study, POLICY, sites=range(1, 6), model="mclp")
    assert curve["new_sites"].tolist() == [1, 2, 3, 4, 5]
    assert (np.diff(curve["objective"]) >= -1e-9).all()  # one more site never covers fewer children
    single = locate_facilities(study, POLICY, model="mclp", new_sites=3)
    assert curve.loc[2, "objective"] == pytest.approx(single.result.objective)
    assert (curve["status"] == "optimal").all() and (curve["gap"] == 0).all()


@pytest.mark.parametrize(
    "model", [m for m, spec in REGISTRY.items() if spec.needs_sites and m != "capacitated"]
)
def test_every_model_with_sites_runs_on_the_sample(study, model):
    plan = locate_facilities(study, POLICY, model=model, new_sites=3, time_limit_s=30)
    assert len(plan.sites) == 3
    r = plan.result
    if r.status == "optimal":
        assert abs(r.objective - r.bound) <= max(1e-6, 1e-9 * abs(r.objective))


def test_optimize_curve_writes_csv_png_and_report(tmp_path):
    out = tmp_path / "out"
    code = main(
        [
            "optimize",
            str(zhangzhou_sample_config()),
            "--model",
            "mclp",
            "--new-sites",
            "3",
            "--curve",
            "1:4",
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert code == 0
    curve = pd.read_csv(out / "curve.csv", encoding="utf-8-sig")
    assert curve["new_sites"].tolist() == [1, 2, 3, 4]
    assert (out / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "report.html").read_text("utf-8")
    assert "Sites curve" in report and "data:image/png;base64," in report


@pytest.mark.parametrize(
    ("curve", "zh", "en"),
    [
        ("5:2", "1 ≤ A ≤ B", "1 ≤ A ≤ B"),
        ("0:3", "1 ≤ A ≤ B", "1 ≤ A ≤ B"),
        ("3", "不是 A:B 形式", "is not A:B"),
        ("1:3.5", "不是 A:B 形式", "is not A:B"),
    ],
)
def test_a_bad_curve_range_is_refused_in_the_runs_language(capsys, curve, zh, en):
    sample = str(zhangzhou_sample_config())
    assert main(["optimize", sample, "--curve", curve]) == 2
    said = capsys.readouterr().err
    assert zh in said and "--curve 1:30" in said and "Traceback" not in said
    assert main(["optimize", sample, "--curve", curve, "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert en in said and "--curve 1:30" in said


def test_a_curve_past_the_candidates_is_refused_before_any_point_is_solved(study, monkeypatch):
    from carefac.optimize import geo

    solved = []
    real = geo.REGISTRY["mclp"]
    spy = dataclasses.replace(real, solve=lambda problem: solved.append(problem) or real.solve(problem))
    monkeypatch.setitem(geo.REGISTRY, "mclp", spy)
    candidates = len(study.candidates)
    with pytest.raises(InfeasibleError) as refused:
        site_curve(study, POLICY, sites=range(1, candidates + 2), model="mclp")
    assert solved == []
    said = refused.value.sentence("en")
    assert f"up to {candidates + 1} new sites" in said and f"--curve 1:{candidates}" in said


def test_mclp_curve_matches_the_matrix_core(study):
    """The geo front's curve point and a direct matrix-core solve on the same costs agree."""
    curve = site_curve(study, POLICY, sites=range(2, 3), model="mclp")
    plan = locate_facilities(study, POLICY, model="mclp", new_sites=2)
    direct = mclp(np.zeros((1, 1)), 1.0, 1)
    assert direct.status == "optimal"
    assert curve.loc[0, "objective"] == pytest.approx(plan.result.objective)


class _Bar:
    """Records what a progress bar is told."""

    def __init__(self):
        self.said, self.n = [], 0

    def set_description(self, text):
        self.said.append(text)

    def update(self, n=1):
        self.n += n


@pytest.mark.parametrize(
    ("lang", "steps", "points"),
    [
        ("zh", ["读取数据", "计算每千人口托位", "选址优化", "站点数曲线"], ["站点数曲线 1/3", "站点数曲线 3/3"]),
        ("en", ["reading", "slots per 1000", "optimising", "sites curve"], ["sites curve 1/3", "sites curve 3/3"]),
    ],
)
def test_the_progress_bar_says_each_step_and_each_curve_point_in_the_runs_language(lang, steps, points):
    from carefac.pipeline import run

    bar = _Bar()
    run(zhangzhou_sample_config(), checks=False, optimize={"model": "mclp", "new_sites": 2}, curve=range(1, 4),
        progress=bar, lang=lang)  # fmt: skip
    assert [s for s in bar.said if s in steps] == steps
    assert set(points) <= set(bar.said)


@pytest.mark.parametrize(("written", "expected"), [("1:30", range(1, 31)), ("1-30", range(1, 31)), ("2–5", range(2, 6)),
                                                   ("1～3", range(1, 4)), (" 1 : 4 ", range(1, 5))])  # fmt: skip
def test_a_curve_range_is_read_as_people_write_ranges(written, expected):
    from carefac.cli import _curve_range

    assert _curve_range(written) == (expected, [])
