"""A Chinese run is Chinese everywhere, an English run English everywhere.

The demo is run once per language; every user-facing file and the console are scanned. Names
from the data (areas, facilities, candidates, districts, the plan's title) and codes (rule ids,
reason codes, file names, paths, numbers) are not words of either language and are removed first.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from carefac import load_policy, load_zhangzhou_sample
from carefac.cli import main

HAN = re.compile(r"[\u3400-\u9fff]")
CODE_COLUMNS = {"规则代码", "原因代码", "对象编号", "rule", "reason_code", "subject_id"}
NAME_COLUMNS = {"对象名称", "subject_name"}
PROPER_NAMES = {"carefac", "OpenStreetMap", "Leaflet", "SHA", "KB", "MB", "GB"}  # names and unit symbols


@pytest.fixture(scope="module")
def names() -> list[str]:
    """Every name in the sample's data, longest first (so a longer name is removed before its part)."""
    study = load_zhangzhou_sample()
    found = {load_policy().title}
    for layer in (study.areas, study.facilities, study.residential, study.candidates, study.venues):
        if layer is not None and "name" in layer:
            found |= set(layer["name"].dropna().astype(str))
    return sorted(found, key=len, reverse=True)


def without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def english_words(text: str) -> list[str]:
    """Return the English words of ``text``: runs of letters not part of a code, file name or path."""
    words = []
    for token in re.findall(r"[A-Za-z0-9_.:/\\~-]+", text):
        if re.search(r"[_./\\:0-9~]", token):  # rule ids, reason codes, files, paths, numbers
            continue
        words += [w for w in re.findall(r"[A-Za-z]{2,}", token) if w not in PROPER_NAMES]
    return words


def visible_text(page: str) -> str:
    page = re.sub(r"srcdoc=\"[^\"]*\"", " ", page)
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def map_words(page: str) -> str:
    """Return the words a map shows: layer names, tooltip and popup labels, the legend."""
    shown = []
    for labels in re.findall(r"let aliases = (\[.*?\]);", page):
        shown += json.loads(labels)
    overlays = re.search(r"overlays\s*:\s*\{(.*?)\}", page, re.S)
    if overlays:
        shown += [json.loads(f'"{k}"') for k in re.findall(r'"([^"]+)"\s*:', overlays.group(1))]
    shown.append(visible_text(page))
    return "\n".join(shown)


def table_text(frame: pd.DataFrame) -> str:
    """Return the headers and cells of a table, without code and name columns."""
    kept = frame[[c for c in frame.columns if c not in CODE_COLUMNS | NAME_COLUMNS]]
    return " ".join(map(str, kept.columns)) + " " + " ".join(kept.astype(str).to_numpy().ravel())


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The demo's outputs and console in each language."""
    import contextlib
    import io

    found = {}
    for lang in ("zh", "en"):
        out = tmp_path_factory.mktemp(f"demo_{lang}")
        console = io.StringIO()
        with contextlib.redirect_stdout(console), contextlib.redirect_stderr(console):
            assert main(["demo", "--out", str(out), "--lang", lang]) == 0
        found[lang] = (out, console.getvalue())
    return found


def outputs(out) -> dict[str, str]:
    texts = {
        "flags.csv": table_text(pd.read_csv(out / "flags.csv", encoding="utf-8-sig", dtype=str).fillna(""))
    }
    sheets = pd.read_excel(out / "flags.xlsx", sheet_name=None, engine="openpyxl", dtype=str)
    texts["flags.xlsx"] = (
        " ".join(list(sheets)) + " " + " ".join(table_text(f.fillna("")) for f in sheets.values())
    )
    report = (out / "report.html").read_text("utf-8")
    versions = report.rfind("<h2>")  # the last section lists package names and versions
    texts["report.html"] = visible_text(report[:versions])
    texts["map.html"] = map_words((out / "map.html").read_text("utf-8"))
    return texts


def test_a_chinese_run_has_no_english_words(runs, names):
    out, console = runs["zh"]
    texts = {**outputs(out), "console": console}
    for name, text in texts.items():
        found = sorted(set(english_words(without(text, names))))
        assert not found, f"{name}: English words {found[:20]}"


def test_an_english_run_has_no_chinese_words(runs, names):
    out, console = runs["en"]
    texts = {**outputs(out), "console": console}
    for name, text in texts.items():
        found = sorted(set(HAN.findall(without(text, names))))
        assert not found, f"{name}: Chinese characters {''.join(found[:40])}"
