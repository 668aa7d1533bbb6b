"""The charts (curve.png, lorenz.png): Chinese words drawn with glyphs on any machine, and
nothing of the caller's matplotlib changed."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from carefac.plots import CHART_FONT, curve_png, lorenz_png
from carefac.tables import localise_curve, objective_unit
from carefac.text import CONSOLE, MODEL_WORDS, PLOT_WORDS, chart_characters

PNG = b"\x89PNG\r\n\x1a\n"


def _curve(statuses=("optimal", "feasible", "time_limit")) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "new_sites": [1, 2, 3],
            "objective": [100.0, 150.0, 170.0],
            "bound": [100.0, 160.0, 190.0],
            "gap": [0.0, 0.0625, 0.105],
            "status": list(statuses),
            "seconds": [0.1, 0.2, 0.3],
            "sense": ["max"] * 3,
        }
    )


def _access() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {"access_before": rng.random(50), "access_after": rng.random(50) + 0.1, "weight": rng.integers(1, 9, 50)}
    )


def test_the_chart_font_has_every_chart_character():
    """A chart word with a character the bundled font lacks would be a box: rerun
    scripts/subset_chart_font.py (this test lists what is missing)."""
    cmap = TTFont(CHART_FONT)["cmap"].getBestCmap()
    units = [w["zh"] for key, w in CONSOLE.items() if key.startswith(("objective_", "who_"))]
    words = [*PLOT_WORDS["zh"].values(), *(zh for _, zh in MODEL_WORDS.values()), *units]
    wanted = {char for text in words for char in text if ord(char) > 127}
    assert wanted <= set(chart_characters())
    assert sorted(char for char in chart_characters() if ord(char) not in cmap) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("model", ["shortfall", "mclp", "p-median", "p-center", "attendance", "capacitated"])
def test_charts_draw_every_glyph(lang, model):
    """matplotlib warns "Glyph … missing from font(s)" for each character drawn as a box."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unit = objective_unit(model, lang, radius_m=300)
        assert curve_png(_curve(), lang=lang, model=model, unit=unit)[:8] == PNG
        assert lorenz_png(_access(), lang=lang)[:8] == PNG


def test_charts_leave_the_callers_matplotlib_as_it_was():
    import matplotlib

    before = (matplotlib.get_backend(), list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"])
    curve_png(_curve(), lang="zh", model="mclp")
    lorenz_png(_access(), lang="zh")
    after = (matplotlib.get_backend(), list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"])
    assert after == before


def test_a_chinese_curve_table_says_its_status_and_sense_in_chinese():
    zh = localise_curve(_curve(), "zh")
    assert zh["状态"].tolist() == ["已证明最优", "可行（未证明最优）", "达到时间上限"]
    assert set(zh["方向"]) == {"越大越好"}
    en = localise_curve(_curve(), "en")
    assert en["status"].tolist() == ["optimal", "feasible", "time_limit"] and set(en["sense"]) == {"max"}
