"""Cut the chart font (``carefac/static/fonts/carefac-cjk.otf``) from Noto Sans CJK SC.

The charts (curve.png, lorenz.png) draw Chinese words; most Linux servers and many Macs have no
font matplotlib can use for them, and the labels came out as boxes. carefac therefore ships the
few glyphs its charts use (``carefac.text.chart_characters()``), cut from Noto Sans CJK SC
(SIL Open Font License 1.1) and renamed "carefac CJK" (the license reserves the original names
for the unmodified font). Rerun this script when a chart word gains a character; the test
``test_the_chart_font_has_every_chart_character`` says when.

Usage (the font comes, e.g., inside the ``mplfonts`` wheel: ``pip download --no-deps mplfonts``)::

    python scripts/subset_chart_font.py PATH/NotoSansCJKsc-Regular.otf
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from carefac.text import chart_characters

OUT = Path(__file__).resolve().parents[1] / "carefac" / "static" / "fonts" / "carefac-cjk.otf"
FAMILY = "carefac CJK"
POSTSCRIPT = "carefacCJK-Regular"


def subset_font(source: Path, out: Path = OUT) -> Path:
    """Write the glyphs of :func:`carefac.text.chart_characters` from ``source`` to ``out``."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    cutter = subset.Subsetter(options)
    cutter.populate(text=chart_characters())
    cutter.subset(font)
    original = font["name"].getDebugName(4)
    names = {
        1: FAMILY,
        3: f"{POSTSCRIPT};subset of {original}",
        4: f"{FAMILY} Regular",
        6: POSTSCRIPT,
        16: FAMILY,
        17: "Regular",
    }
    for record in list(font["name"].names):
        if record.nameID in names:
            record.string = names[record.nameID]
        elif record.nameID == 7:  # the trademark of the original name, which this font does not carry
            font["name"].removeNames(nameID=7)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [POSTSCRIPT]
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJKsc-Regular.otf")
    args = parser.parse_args()
    out = subset_font(args.source)
    print(f"wrote {out} ({out.stat().st_size:,} bytes, {len(chart_characters())} characters)")


if __name__ == "__main__":
    main()
