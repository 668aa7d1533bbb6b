"""Static charts for reports (matplotlib, imported only when a chart is drawn)."""

from __future__ import annotations

import io

import pandas as pd

__all__ = ["curve_png", "lorenz_png"]

_LABELS = {
    "zh": {
        "x": "新建站点数",
        "max": "目标值（越大越好）",
        "min": "目标值（越小越好）",
        "bound": "已证明的界",
        "title": "站点数曲线",
        "people": "3岁以下婴幼儿累计占比（由可达性最低者起）",
        "amount": "可达托位累计占比",
        "equal": "完全均等",
        "before": "调整前",
        "after": "新建站点后",
        "gini": "基尼系数",
    },
    "en": {
        "x": "new sites",
        "max": "objective (higher is better)",
        "min": "objective (lower is better)",
        "bound": "proven bound",
        "title": "sites curve",
        "people": "cumulative share of children under 3 (least access first)",
        "amount": "cumulative share of accessible slots",
        "equal": "equal access",
        "before": "today",
        "after": "with the proposed sites",
        "gini": "Gini",
    },
}


def _pyplot():
    """Return pyplot set up for PNGs with Chinese labels (imported here: matplotlib is slow)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib import rcParams

    rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    return plt


def _png(figure, plt) -> bytes:
    """Return the figure as PNG bytes (without a CJK font the labels show as boxes: README)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def lorenz_png(access: pd.DataFrame, *, lang: str = "zh") -> bytes:
    """Return a PNG of the Lorenz curves of accessibility over children under 3 (before and,
    when the table has it, after the proposed sites), with the Gini of each in the legend."""
    from .access import gini, lorenz

    plt = _pyplot()
    words = _LABELS[lang]
    figure, axes = plt.subplots(figsize=(5.5, 5), dpi=110)
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label=words["equal"])
    for when, colour in (("before", "#b2182b"), ("after", "#2166ac")):
        column = f"access_{when}"
        if column in access:
            x, y = lorenz(access[column], access["weight"])
            label = f"{words[when]} ({words['gini']} {gini(access[column], access['weight']):.3f})"
            axes.plot(x, y, color=colour, label=label)
    axes.set_xlabel(words["people"])
    axes.set_ylabel(words["amount"])
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    return _png(figure, plt)


def curve_png(curve: pd.DataFrame, *, lang: str = "zh", model: str = "") -> bytes:
    """Return a PNG of a sites curve (objective per number of new sites, with each point's bound)."""
    plt = _pyplot()
    words = _LABELS[lang]
    figure, axes = plt.subplots(figsize=(7, 4), dpi=110)
    axes.plot(curve["new_sites"], curve["objective"], marker="o", label=model or words["title"])
    if (curve["status"] != "optimal").any():  # show the bound where it does not meet the objective
        axes.plot(curve["new_sites"], curve["bound"], linestyle="--", color="grey", label=words["bound"])
    axes.set_xlabel(words["x"])
    axes.set_ylabel(words[str(curve["sense"].iloc[0]) if len(curve) else "max"])
    axes.grid(alpha=0.3)
    axes.legend()
    return _png(figure, plt)
