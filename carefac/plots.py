"""Static charts for reports (matplotlib, imported only when a chart is drawn)."""

from __future__ import annotations

import contextlib
import functools
import io
from pathlib import Path

import pandas as pd

from .text import PLOT_WORDS, model_name

__all__ = ["CHART_FONT", "curve_png", "lorenz_png"]

#: the font Chinese chart words are drawn with (the glyphs of :func:`carefac.text.chart_characters`
#: from Noto Sans CJK SC, OFL 1.1: ``static/fonts/SOURCE.md``), so no machine shows boxes
CHART_FONT = Path(__file__).parent / "static" / "fonts" / "carefac-cjk.otf"
_FAMILIES = ["DejaVu Sans", "carefac CJK"]  # both always there: matplotlib ships DejaVu Sans


@functools.cache
def _register_chart_font() -> None:
    """Make the bundled chart font known to matplotlib (once a process)."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(CHART_FONT))


@contextlib.contextmanager
def _chart_style():
    """Draw within carefac's chart settings (Latin from DejaVu Sans, Chinese from the bundled
    font); matplotlib's settings and backend outside are left as they were (a notebook's too)."""
    import matplotlib

    _register_chart_font()
    with matplotlib.rc_context({"font.family": _FAMILIES, "axes.unicode_minus": False}):  # glyph by glyph
        yield


def _figure(width_in: float, height_in: float):
    """Return a new figure that is not pyplot's (nothing to close, no backend switched)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), dpi=110)


def _png(figure) -> bytes:
    """Return the figure as PNG bytes."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def lorenz_png(access: pd.DataFrame, *, lang: str = "zh") -> bytes:
    """Return a PNG of the Lorenz curves of accessibility over children under 3 (before and,
    when the table has it, after the proposed sites), with the Gini of each in the legend."""
    from .access import gini, lorenz

    words = PLOT_WORDS["zh" if lang == "zh" else "en"]
    with _chart_style():
        figure = _figure(5.5, 5)
        axes = figure.subplots()
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
        return _png(figure)


def curve_png(curve: pd.DataFrame, *, lang: str = "zh", model: str = "", unit: str = "") -> bytes:
    """Return a PNG of a sites curve (objective per number of new sites, with each point's bound;
    ``model`` is the model's code, named in ``lang`` in the legend; ``unit`` what the objective
    counts, on the axis)."""
    from matplotlib.ticker import MaxNLocator

    words = PLOT_WORDS["zh" if lang == "zh" else "en"]
    with _chart_style():
        figure = _figure(7, 4)
        axes = figure.subplots()
        label = model_name(model, lang) if model else words["title"]
        axes.plot(curve["new_sites"], curve["objective"], marker="o", label=label)
        if (curve["status"] != "optimal").any():  # show the bound where it does not meet the objective
            axes.plot(curve["new_sites"], curve["bound"], linestyle="--", color="grey", label=words["bound"])
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # a number of sites is whole
        axes.set_xlabel(words["x"])
        sense = str(curve["sense"].iloc[0]) if len(curve) else "max"
        axes.set_ylabel(words[f"{sense}_unit"].format(unit=unit) if unit else words[sense])
        axes.grid(alpha=0.3)
        axes.legend()
        return _png(figure)
