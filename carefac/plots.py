"""Static charts for reports (matplotlib, imported only when a chart is drawn)."""

from __future__ import annotations

import io

import pandas as pd

__all__ = ["curve_png"]

_LABELS = {
    "zh": {
        "x": "新建站点数",
        "max": "目标值（越大越好）",
        "min": "目标值（越小越好）",
        "bound": "已证明的界",
        "title": "站点数曲线",
    },
    "en": {
        "x": "new sites",
        "max": "objective (higher is better)",
        "min": "objective (lower is better)",
        "bound": "proven bound",
        "title": "sites curve",
    },
}


def curve_png(curve: pd.DataFrame, *, lang: str = "zh", model: str = "") -> bytes:
    """Return a PNG of a sites curve (objective per number of new sites, with each point's bound)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib import rcParams

    rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    words = _LABELS[lang]
    figure, axes = plt.subplots(figsize=(7, 4), dpi=110)
    axes.plot(curve["new_sites"], curve["objective"], marker="o", label=model or words["title"])
    if (curve["status"] != "optimal").any():  # show the bound where it does not meet the objective
        axes.plot(curve["new_sites"], curve["bound"], linestyle="--", color="grey", label=words["bound"])
    axes.set_xlabel(words["x"])
    axes.set_ylabel(words[str(curve["sense"].iloc[0]) if len(curve) else "max"])
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
