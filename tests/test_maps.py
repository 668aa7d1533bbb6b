"""Maps and the report, checked in a real headless browser."""

from __future__ import annotations

import pytest

from carefac import zhangzhou_sample_config
from carefac.cli import main
from carefac.maps import combined_map, new_map, save_map, to_display
from carefac.pipeline import run

from .browser import open_page

COUNT_LAYERS = "document.querySelectorAll('.leaflet-control-layers-overlays label').length"
COUNT_PATHS = "document.querySelectorAll('.leaflet-overlay-pane path').length"
LEGEND = "(document.querySelector('.carefac-target') || {}).textContent || ''"
LAYER_NAMES = "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


def test_demo_map_draws_every_layer_without_errors(demo_dir, tmp_path):
    report = open_page(
        demo_dir / "map.html",
        tmp_path / "map.png",
        {"layers": COUNT_LAYERS, "paths": COUNT_PATHS, "legend": LEGEND, "names": LAYER_NAMES},
    )
    assert report.page_errors == [] and report.console_errors == []
    # county and township choropleths, new districts, townships without a room, childcare, rooms, sites,
    # and one county layer per 2025 indicator
    assert report.values["layers"] == 13, report.values["names"]  # 12 + accessibility
    assert "婴儿死亡率" in report.values["names"]
    assert "居住区托位可达性（两步移动搜寻法）" in report.values["names"]
    assert "每千人口托位数 · 乡镇街道" in report.values["names"]
    # visible at start: township polygons + districts + highlighted townships + facility and site circles
    assert report.values["paths"] > 146 + 39
    assert "4.5" in report.values["legend"] and "目标" in report.values["legend"]
    assert (tmp_path / "map.png").stat().st_size > 10_000


def test_report_opens_with_its_map(demo_dir, tmp_path):
    report = open_page(
        demo_dir / "report.html",
        tmp_path / "report.png",
        {"tables": "document.querySelectorAll('table').length", "title": "document.title"},
    )
    assert report.page_errors == [] and report.console_errors == []
    assert report.values["tables"] >= 6 and report.values["title"] == "托育设施规划报告"
    inner = open_page(
        demo_dir / "report.html", tmp_path / "report2.png", {"layers": COUNT_LAYERS}, frame=True
    )
    assert inner.values["layers"] == 13


def test_names_are_escaped(tmp_path):
    results = run(zhangzhou_sample_config(), checks=True)
    facilities = results.study.facilities
    facilities.loc[facilities.index[0], "name"] = "<script>alert(1)</script>"
    residential = results.study.residential
    residential.loc[residential.index[0], "name"] = "<img src=x onerror=alert(2)>"
    path = save_map(combined_map(results, lang="en"), tmp_path / "m.html")
    text = path.read_text("utf-8")
    assert "<script>alert(1)</script>" not in text and "<img src=x" not in text
    report = open_page(path, tmp_path / "m.png", {"alerts": "window.__alerted || 0"})
    assert report.page_errors == []


def test_amap_basemap_shifts_overlays_to_gcj02():
    results = run(zhangzhou_sample_config(), checks=False)
    counties = results.study.areas_at("county").set_geometry(
        results.study.areas_at("county").geometry.centroid
    )
    wgs = to_display(counties, basemap="osm").geometry
    gcj = to_display(counties, basemap="amap").geometry
    shift_east = (gcj.x - wgs.x).mean() * 101_000  # metres per degree of longitude near 24.5°N
    assert 400 < shift_east < 600
    with pytest.raises(ValueError, match="needs a key"):
        new_map(results.study, basemap="tianditu")
