"""Coordinate systems: GCJ-02 / BD-09 conversions and the working CRS."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from carefac import CRSError, gcj02_to_wgs84, wgs84_to_gcj02, working_crs_for_longitude
from carefac.coords import bd09_to_gcj02, bd09_to_wgs84, gcj02_to_bd09, resolve_coordinate_system

GEOD = Geod(ellps="WGS84")

# Vertices of the Amap (GCJ-02) county boundaries and their WGS84 conversion made independently
# for the shared data folder (public formula, 5 fixed-point iterations, rounded to 1e-6 degrees):
# zhangzhou_xiamen_counties_gcj02.geojson vs zhangzhou_xiamen_counties_wgs84.geojson.
KNOWN_GCJ_WGS = [
    ((117.710068, 24.601524), (117.705173, 24.604406)),  # 芗城区
    ((117.692572, 23.530783), (117.687779, 23.533402)),  # 东山县
    ((117.441542, 24.961902), (117.436397, 24.964563)),  # 华安县
]


def distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.parametrize(("gcj", "wgs"), KNOWN_GCJ_WGS)
def test_gcj02_point_converts_within_1_m_of_known_wgs84(gcj, wgs):
    lon, lat = gcj02_to_wgs84(np.array([gcj[0]]), np.array([gcj[1]]))
    assert distance_m(lon, lat, [wgs[0]], [wgs[1]])[0] < 1.0
    # and the offset removed is the few hundred metres GCJ-02 adds around Zhangzhou
    assert 300 < distance_m([gcj[0]], [gcj[1]], lon, lat)[0] < 800


def test_bd09_matches_published_example():
    # Baidu's own example point (coordTransform): BD-09 (116.404, 39.915) -> GCJ-02
    lon, lat = bd09_to_gcj02(np.array([116.404]), np.array([39.915]))
    assert lon[0] == pytest.approx(116.39762729119315, abs=1e-9)
    assert lat[0] == pytest.approx(39.90865673957631, abs=1e-9)


def test_round_trips_across_china():
    rng = np.random.default_rng(1)
    lon = rng.uniform(73.7, 134.8, 2000)
    lat = rng.uniform(18.2, 53.5, 2000)
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert distance_m(lon, lat, *back).max() < 0.01
    bd_back = bd09_to_wgs84(*gcj02_to_bd09(*wgs84_to_gcj02(lon, lat)))
    assert distance_m(lon, lat, *bd_back).max() < 0.5


@pytest.mark.parametrize(
    ("declared", "epsg", "obfuscated"),
    [
        ("wgs84", 4326, None),
        ("WGS84", 4326, None),
        ("cgcs2000", 4490, None),
        ("gcj02", 4326, "gcj02"),
        ("bd09", 4326, "bd09"),
        ("EPSG:4548", 4548, None),
        (4548, 4548, None),
    ],
)
def test_declared_systems(declared, epsg, obfuscated):
    crs, convert_from = resolve_coordinate_system(declared)
    assert crs.to_epsg() == epsg
    assert convert_from == obfuscated


def test_unknown_system_is_a_clear_error():
    with pytest.raises(CRSError, match="unknown coordinate system 'baidu-ish'"):
        resolve_coordinate_system("baidu-ish")


@pytest.mark.parametrize(
    ("lon", "epsg"),
    [(117.6, 4548), (115.4, 4547), (116.4, 4548), (121.5, 4549), (75.0, 4534), (135.0, 4554), (2.35, 32631)],
)
def test_working_crs_by_longitude(lon, epsg):
    assert working_crs_for_longitude(lon).to_epsg() == epsg


@pytest.mark.parametrize(
    "written, epsg, converted",
    [("国家2000", 4490, None), ("2000国家大地坐标系", 4490, None), ("CGCS 2000", 4490, None), ("WGS 84", 4326, None),
     ("GPS", 4326, None), ("高德", 4326, "gcj02"), ("火星坐标系", 4326, "gcj02"), ("GCJ_02", 4326, "gcj02"),
     ("百度坐标", 4326, "bd09"), ("EPSG 4548", 4548, None), ("epsg4548", 4548, None), ("EPSG：4548", 4548, None)],
)  # fmt: skip
def test_coordinate_systems_as_offices_write_them(written, epsg, converted):
    """国家2000, 高德 or EPSG 4548 (a space for the colon) were 'unknown coordinate system'."""
    from carefac.coords import resolve_coordinate_system

    crs, conversion = resolve_coordinate_system(written)
    assert crs.to_epsg() == epsg and conversion == converted


@pytest.mark.parametrize("written, read", [("国家2000", "cgcs2000"), ("高德", "gcj02"), ("WGS 84", "wgs84"), ("EPSG 4548", "EPSG:4548")])
def test_the_outputs_coordinate_system_as_offices_write_it(written, read):
    from carefac._settings import SECTION_SETTINGS

    assert SECTION_SETTINGS["output"]["crs"].check("crs", written) == (read, None)


@pytest.mark.parametrize(
    "written, name",
    [("CGCS2000 3度带 39带", "CGCS2000 / 3-degree Gauss-Kruger zone 39"),
     ("2000国家大地坐标系 3度带 第39带", "CGCS2000 / 3-degree Gauss-Kruger zone 39"),
     ("CGCS2000_3_Degree_GK_Zone_39", "CGCS2000 / 3-degree Gauss-Kruger zone 39"),
     ("国家2000 3度带 中央经线117", "CGCS2000 / 3-degree Gauss-Kruger CM 117E"),
     ("CGCS2000_3_Degree_GK_CM_117E", "CGCS2000 / 3-degree Gauss-Kruger CM 117E"),
     ("CGCS2000 中央经线114", "CGCS2000 / 3-degree Gauss-Kruger CM 114E"),
     ("CGCS2000 6度带 20带", "CGCS2000 / Gauss-Kruger zone 20"), ("cgcs2000 六度带 cm117e", "CGCS2000 / Gauss-Kruger CM 117E"),
     ("西安80 3度带 39带", "Xian 1980 / 3-degree Gauss-Kruger zone 39"),
     ("北京54 三度带 117E", "Beijing 1954 / 3-degree Gauss-Kruger CM 117E")],
)  # fmt: skip
def test_gauss_kruger_systems_written_by_datum_band_and_zone(written, name):
    """The bureau names its projected systems by datum, band and zone (CGCS2000 3度带 39带): they were
    'unknown coordinate system', for layers and for [output] crs alike. Checked against EPSG's names."""
    from pyproj import CRS

    from carefac._settings import SECTION_SETTINGS

    crs, conversion = resolve_coordinate_system(written)
    assert crs.name == name and conversion is None
    read, said = SECTION_SETTINGS["output"]["crs"].check("crs", written)
    assert said is None and CRS.from_user_input(read).name == name


@pytest.mark.parametrize("written", ["CGCS2000 中央经线117", "CGCS2000 3度带", "西安80 3度带 99带"])
def test_a_gauss_kruger_system_left_open_is_refused(written):
    """117°E is the centre of a 3-degree and of a 6-degree zone: without the band it is not guessed."""
    with pytest.raises(CRSError):
        resolve_coordinate_system(written)


def test_a_systems_full_text_is_left_to_pyproj_not_read_as_a_name():
    """WKT or a PROJ string with its own parameters (a city's central meridian) is read as written."""
    proj = "+proj=tmerc +lat_0=0 +lon_0=117.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    def meridian(crs) -> float:
        return next(p.value for p in crs.coordinate_operation.params if p.name == "Longitude of natural origin")

    crs, _ = resolve_coordinate_system(proj)
    assert meridian(crs) == 117.5
    wkt = crs.to_wkt().replace('PROJCRS["unknown"', 'PROJCRS["CGCS2000_3_Degree_GK_Zone_39"')
    assert meridian(resolve_coordinate_system(wkt)[0]) == 117.5
