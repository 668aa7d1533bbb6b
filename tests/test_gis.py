"""GIS exports: carefac.gpkg and Shapefiles, read back for CRS, columns and row counts."""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from carefac import load_zhangzhou_sample, wgs84_to_gcj02
from carefac.cli import main

from .conftest import SAMPLE_DIR


def run_sample(tmp_path, crs: str | None):
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE_DIR, folder)
    config = folder / "carefac.toml"
    if crs:
        config.write_text(config.read_text("utf-8").replace("[output]", f'[output]\ncrs = "{crs}"'), "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    return run_sample(tmp_path_factory.mktemp("gis"), None)


def test_the_geopackage_has_a_layer_per_spatial_output_in_cgcs2000(default_run):
    study = load_zhangzhou_sample()
    layers = dict(pyogrio.list_layers(default_run / "carefac.gpkg"))
    assert set(layers) == {"slots_per_1000_county", "slots_per_1000_township", "flags", "facilities",
                           "proposed_sites", "service_areas"}  # fmt: skip
    read = {name: gpd.read_file(default_run / "carefac.gpkg", layer=name) for name in layers}
    assert all(layer.crs.to_epsg() == 4490 for layer in read.values())
    assert len(read["slots_per_1000_county"]) == (study.areas["level"] == "county").sum()
    assert len(read["slots_per_1000_township"]) == (study.areas["level"] == "township").sum()
    assert len(read["facilities"]) == len(study.facilities)
    assert len(read["proposed_sites"]) == len(read["service_areas"]) == 10  # the sample's [optimize] new_sites
    flags = pd.read_csv(default_run / "flags.csv", encoding="utf-8-sig", dtype={"对象编号": str})
    ids = set(study.areas["area_id"]) | set(study.residential["district_id"]) | set(study.venues["venue_id"])
    assert len(read["flags"]) == flags["对象编号"].isin(ids).sum()
    # the run's headers, and the same numbers as the tables
    county = read["slots_per_1000_county"].set_index("区划代码")
    table = pd.read_csv(default_run / "slots_per_1000_county.csv", encoding="utf-8-sig", dtype={"区划代码": str})
    assert np.allclose(county.loc[table["区划代码"], "每千人口托位数"], table["每千人口托位数"], atol=5e-4)


def test_service_areas_are_circles_of_the_radius(default_run):
    sites = gpd.read_file(default_run / "carefac.gpkg", layer="proposed_sites").to_crs(4548)
    circles = gpd.read_file(default_run / "carefac.gpkg", layer="service_areas").to_crs(4548)
    radius = np.sqrt(circles.area / np.pi)
    assert np.allclose(radius, 300, rtol=0.01)  # the profile's service distance
    assert np.allclose(circles.centroid.distance(sites.geometry), 0, atol=0.5)


def test_shapefiles_are_utf8_with_a_prj_and_a_field_list(default_run):
    folder = default_run / "shapefiles"
    fields = pd.read_csv(folder / "fields.csv", encoding="utf-8-sig")
    for shp in folder.glob("*.shp"):
        assert (shp.with_suffix(".cpg")).read_text().strip() == "UTF-8"
        layer = gpd.read_file(shp)
        assert layer.crs.to_epsg() == 4490
        assert all(len(c.encode()) <= 10 for c in layer.columns if c != "geometry")
        base = shp.stem.removesuffix("_points").removesuffix("_polygons")
        assert set(layer.columns) - {"geometry"} <= set(fields.loc[fields["layer"] == base, "field"])
    towns = gpd.read_file(folder / "slots_per_1000_township.shp")
    study = load_zhangzhou_sample()
    assert set(towns["name"]) == set(study.areas_at("township")["name"])  # Chinese text survives the DBF
    flags = [gpd.read_file(p) for p in folder.glob("flags*.shp")]
    assert sum(len(f) for f in flags) == len(gpd.read_file(default_run / "carefac.gpkg", layer="flags"))


def test_gcj02_exports_are_shifted_from_wgs84(tmp_path):
    out = run_sample(tmp_path, "gcj02")
    shifted = gpd.read_file(out / "carefac.gpkg", layer="facilities")
    study = load_zhangzhou_sample()
    truth = study.facilities.to_crs(4326).geometry
    expected = shapely.points(*wgs84_to_gcj02(truth.x.to_numpy(), truth.y.to_numpy()))
    assert np.allclose(shapely.get_x(shifted.geometry.to_numpy()), shapely.get_x(expected), atol=1e-7)
    assert np.allclose(shapely.get_y(shifted.geometry.to_numpy()), shapely.get_y(expected), atol=1e-7)
    assert (np.abs(shifted.geometry.x.to_numpy() - truth.x.to_numpy()) > 1e-4).all()  # a real shift


def test_an_unknown_output_crs_is_refused(tmp_path, capsys):
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE_DIR, folder)
    config = folder / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("[output]", '[output]\ncrs = "beijing54"'), "utf-8")
    assert main(["check", str(config), "--out", str(tmp_path / "out")]) == 2
    assert "crs" in capsys.readouterr().err


def test_exports_in_the_bureaus_projected_system_when_asked_by_epsg_code(tmp_path):
    """The natural resources bureau keeps CGCS2000 Gauss-Krüger metres with the zone prefix (zone 39,
    EPSG:4527): `crs = "EPSG:4527"` writes them, the points where the sample has them."""
    out = run_sample(tmp_path, "EPSG:4527")
    written = gpd.read_file(out / "carefac.gpkg", layer="facilities")
    assert written.crs.to_epsg() == 4527 and (written.geometry.x > 39_000_000).all()
    truth = load_zhangzhou_sample().facilities.to_crs(4527).geometry
    assert np.allclose(written.geometry.x.to_numpy(), truth.x.to_numpy(), atol=0.01)


@pytest.mark.parametrize("value", ["EPSG:999999", "4548", "cgcs2000 gk"])
def test_an_output_crs_that_is_no_epsg_code_is_refused(tmp_path, capsys, value):
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE_DIR, folder)
    config = folder / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("[output]", f'[output]\ncrs = "{value}"'), "utf-8")
    assert main(["check", str(config), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert "'EPSG:<code>'" in capsys.readouterr().err
