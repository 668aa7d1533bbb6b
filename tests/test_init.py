"""carefac init → validate → run: a project a planner can walk alone, in both languages."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from carefac.cli import main
from carefac.contract import INPUT_NAMES, contract_markdown, contract_table

from .conftest import REPO


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_writes_a_project_that_validates_and_runs(tmp_path, lang, capsys):
    folder = tmp_path / "project"
    assert main(["init", str(folder), "--lang", lang]) == 0
    assert main(["validate", str(folder / "carefac.toml")]) == 0
    said = capsys.readouterr().out
    assert ("未发现问题" in said) if lang == "zh" else ("without problems" in said)
    assert main(["run", str(folder / "carefac.toml"), "--out", str(tmp_path / "out")]) == 0
    sites = pd.read_csv(tmp_path / "out" / "proposed_sites.csv", encoding="utf-8-sig")
    assert len(sites) == 1  # the config's new_sites
    flags = pd.read_csv(tmp_path / "out" / "flags.csv", encoding="utf-8-sig", dtype=str)
    assert len(flags) > 10


def test_every_template_documents_every_column(tmp_path):
    folder = tmp_path / "project"
    assert main(["init", str(folder)]) == 0
    for name in INPUT_NAMES:
        guide = contract_table(name, "zh")
        if (folder / f"{name}.xlsx").exists():
            sheets = pd.read_excel(folder / f"{name}.xlsx", sheet_name=None, engine="openpyxl")
            assert list(sheets) == ["数据", "填表说明"]
            data, described = sheets["数据"], sheets["填表说明"]
            assert len(data) == 1 and set(guide["中文列名"]) <= set(data.columns)
            assert list(described["英文列名"]) == list(guide["英文列名"])
            twin = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig")
            assert list(twin.columns) == list(data.columns)
        else:
            layer = gpd.read_file(folder / f"{name}.geojson")
            assert set(guide["中文列名"]) <= set(layer.columns) and len(layer) >= 1
    book = pd.read_excel(folder / "填表说明.xlsx", sheet_name=None, engine="openpyxl")
    assert set(INPUT_NAMES) <= set(book)


def test_init_never_overwrites_a_project(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    assert main(["init", str(tmp_path)]) == 2
    assert "已存在" in capsys.readouterr().err  # init writes Chinese templates by default, and says so
    assert main(["init", str(tmp_path), "--lang", "en"]) == 2
    assert "exists" in capsys.readouterr().err


def test_validate_lists_every_problem_at_once(tmp_path, capsys):
    folder = tmp_path / "project"
    assert main(["init", str(folder)]) == 0
    config = folder / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("new_sites = 1", 'new_sites = "ten"'), "utf-8")
    facilities = pd.read_csv(folder / "facilities.csv", encoding="utf-8-sig")
    facilities["托位数"] = "很多"
    facilities.to_csv(folder / "facilities.csv", index=False, encoding="utf-8-sig")
    config.write_text(config.read_text("utf-8").replace("facilities.xlsx", "facilities.csv"), "utf-8")
    assert main(["validate", str(config)]) == 2
    err = capsys.readouterr().err
    assert "new_sites" in err and "托位数" in err and "Traceback" not in err


def test_the_readme_has_the_data_contract_generated_from_the_schema():
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("<!-- data contract: generated")
    block = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of data contract -->")].strip()
    assert block == contract_markdown().strip()


def test_the_templates_example_row_left_among_real_rows_is_refused(tmp_path, capsys):
    """A newcomer adds their centres under the template's example: its 120 slots (a point inside
    Zhangzhou) would have counted. Alone (the project as written) the example still runs."""
    assert main(["init", str(tmp_path / "p")]) == 0
    facilities = pd.read_excel(tmp_path / "p" / "facilities.xlsx", sheet_name=0, dtype=str)
    own = facilities.iloc[[0]].assign(机构编号="F900", 名称="我的托育中心")
    pd.concat([facilities, own]).to_excel(tmp_path / "p" / "facilities.xlsx", index=False)
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "p" / "carefac.toml"), "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert "row 2: the template's example row is still among your rows (示例托育中心)" in said


def test_a_project_of_template_examples_only_runs_and_says_so(tmp_path, capsys):
    """Validated as `carefac init` wrote it, the project runs; each layer says it holds only the
    template's example (it said "no problems found", nothing more)."""
    assert main(["init", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "p" / "carefac.toml"), "--lang", "en"]) == 0
    said = capsys.readouterr().err
    assert "facilities.xlsx (layer 'facilities'): the layer holds only the template's example (示例托育中心)" in said


def test_every_template_example_is_known_as_one():
    from carefac._schema import LAYER_SPECS, TEMPLATE_EXAMPLES
    from carefac.templates import _EXAMPLES

    for kind, rows in _EXAMPLES.items():
        if kind in LAYER_SPECS:
            for row in rows:
                assert (row[LAYER_SPECS[kind].id_column], row["name"]) in TEMPLATE_EXAMPLES
