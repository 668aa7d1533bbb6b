"""Chinese coordinate systems: GCJ-02 and BD-09 to WGS84, declared systems, working CRS.

GCJ-02 (used by Amap/高德 and Tencent) and BD-09 (Baidu) are obfuscated variants of WGS84
that no EPSG code describes; they are converted here with the public formulas. The inverse
of GCJ-02 has no closed form and is solved by fixed-point iteration to well under a centimetre.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import shapely
from pyproj import CRS

from ._errors import CRSError

__all__ = [
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "resolve_coordinate_system",
    "transform_geometries",
    "wgs84_to_gcj02",
    "working_crs_for_longitude",
]

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323
_BD_PI = np.pi * 3000.0 / 180.0

#: Names a user may declare instead of an EPSG code.
NAMED_SYSTEMS = {
    "wgs84": "EPSG:4326",
    "gps": "EPSG:4326",
    "cgcs2000": "EPSG:4490",
    # as Chinese offices name them (spaces, dashes and underscores are read past: WGS 84, GCJ-02)
    "国家2000": "EPSG:4490",
    "2000国家大地坐标系": "EPSG:4490",
    "2000坐标系": "EPSG:4490",
    "国家2000坐标系": "EPSG:4490",
    "中国2000": "EPSG:4490",
    "gcj02": "gcj02",
    "高德": "gcj02",
    "高德坐标": "gcj02",
    "高德坐标系": "gcj02",
    "火星坐标": "gcj02",
    "火星坐标系": "gcj02",
    "国测局坐标": "gcj02",
    "腾讯坐标": "gcj02",
    "bd09": "bd09",
    "百度": "bd09",
    "百度坐标": "bd09",
    "百度坐标系": "bd09",
}
_EPSG_WRITTEN = re.compile(r"^epsg\s*[:：]?\s*(\d{3,6})$")

#: the geodetic datums of China's Gauss-Krüger systems as offices write them, by EPSG's name
_GK_DATUMS = (
    ("CGCS2000", r"cgcs2000|cgcs|国家2000|2000国家大地坐标系|2000国家大地|2000坐标系|中国2000|2000"),
    ("Xian 1980", r"xian1980|xian80|西安1980|西安80|1980西安坐标系|1980西安"),
    ("Beijing 1954", r"beijing1954|beijing54|北京1954|北京54|1954北京坐标系|1954北京"),
)
_GK_BAND = re.compile(r"(?P<band>[36])(?:度|°|degree)(?:分?带)?|(?P<word>三|六)度(?:分?带)?")
_GK_ZONE = re.compile(r"(?:第|zone)(?P<zone>\d{2})(?:带|号带)?|(?P<bare>\d{2})(?:带|号带)")
_GK_MERIDIAN = re.compile(r"(?:中央经线|中央子午线|cm)(?P<cm>\d{2,3})(?:°|度)?e?|(?P<east>\d{2,3})(?:°|度)?e\b|东经(?P<cn>\d{2,3})")


def _gauss_kruger(key: str) -> str | None:
    """Return ``EPSG:<code>`` for a Gauss-Krüger system written as offices write it —
    ``CGCS2000 3度带 39带`` (zone 39, its eastings with the zone prefix: EPSG:4527), ``国家2000
    3度带 中央经线117`` (EPSG:4548), ``西安80 6度带 第20带`` — found by name in pyproj's EPSG
    database; ``None`` when ``key`` names no such system or leaves it open (a central meridian
    that is one of both 3- and 6-degree zones, written without the band)."""
    datum = next((name for name, words in _GK_DATUMS if re.search(words, key)), None)
    if datum is None:
        return None
    band_match = _GK_BAND.search(key)
    band = None if band_match is None else (band_match.group("band") or {"三": "3", "六": "6"}[band_match.group("word")])
    zone = _GK_ZONE.search(key)
    meridian = _GK_MERIDIAN.search(key)
    if zone is not None:
        number = int(zone.group("zone") or zone.group("bare"))
        band = band or ("3" if 25 <= number <= 45 else "6" if 13 <= number <= 23 else None)
        wanted = f"{datum} / {'3-degree ' if band == '3' else ''}Gauss-Kruger zone {number}"
    elif meridian is not None:
        cm = int(meridian.group("cm") or meridian.group("east") or meridian.group("cn"))
        band = band or ("3" if (cm - 75) % 6 else None)  # 117E is a centre of both bands: not guessed
        if band is None:
            return None
        wanted = f"{datum} / {'3-degree ' if band == '3' else ''}Gauss-Kruger CM {cm}E"
    else:
        return None
    return _epsg_named(wanted)


@functools.cache
def _epsg_named(name: str) -> str | None:
    """Return ``EPSG:<code>`` of the projected system EPSG names ``name`` (``None`` if none)."""
    from pyproj.database import query_crs_info
    from pyproj.enums import PJType

    found = [i.code for i in query_crs_info(auth_name="EPSG", pj_types=PJType.PROJECTED_CRS) if i.name == name]
    return f"EPSG:{found[0]}" if found else None


def _gcj_offsets(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the GCJ-02 offsets (degrees) added to WGS84 ``lon``/``lat``."""
    x = lon - 105.0
    y = lat - 35.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * sqrt_abs_x
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * sqrt_abs_x
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad_lat = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS84 longitude/latitude (degrees) to GCJ-02.

    The offset is applied everywhere (also outside China); callers decide where it applies.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 longitude and latitude in degrees.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _gcj_offsets(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(
    lon: np.ndarray, lat: np.ndarray, *, tolerance_deg: float = 1e-9, max_iterations: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """Convert GCJ-02 longitude/latitude (degrees) to WGS84 by fixed-point iteration.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 longitude and latitude in degrees; the round trip back to GCJ-02 matches the input
        to ``tolerance_deg`` (1e-9° is about 0.1 mm).
    """
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iterations):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon = w_lon - e_lon
        w_lat = w_lat - e_lat
        if np.all(np.abs(e_lon) < tolerance_deg) and np.all(np.abs(e_lat) < tolerance_deg):
            break
    return w_lon, w_lat


def bd09_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert Baidu BD-09 longitude/latitude to GCJ-02 (degrees)."""
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _BD_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_PI)
    return z * np.cos(theta), z * np.sin(theta)


def gcj02_to_bd09(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert GCJ-02 longitude/latitude to Baidu BD-09 (degrees)."""
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _BD_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_wgs84(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert Baidu BD-09 longitude/latitude to WGS84 (degrees)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_TO_WGS84 = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}
_FROM_WGS84 = {"gcj02": wgs84_to_gcj02, "bd09": lambda lon, lat: gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))}


def transform_geometries(geometries: np.ndarray, *, source: str, target: str = "wgs84") -> np.ndarray:
    """Return geometries converted between WGS84 and GCJ-02 or BD-09, vertex by vertex.

    Parameters
    ----------
    geometries
        Array of shapely geometries in degrees.
    source, target
        ``"gcj02"``, ``"bd09"`` or ``"wgs84"``; one of them must be ``"wgs84"``.
    """
    if source == target:
        return np.asarray(geometries)
    if target == "wgs84" and source in _TO_WGS84:
        func = _TO_WGS84[source]
    elif source == "wgs84" and target in _FROM_WGS84:
        func = _FROM_WGS84[target]
    else:
        raise CRSError.said("crs_conversion", source=source, target=target)

    def convert(coords: np.ndarray) -> np.ndarray:
        lon, lat = func(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(np.asarray(geometries), convert)


def named_system(written: str) -> str | None:
    """Return the system a written name stands for (:data:`NAMED_SYSTEMS`: 国家2000 → ``EPSG:4490``,
    高德 → ``gcj02``; spaces, dashes and underscores read past), ``EPSG:<code>`` for an EPSG code
    written with a space or no colon (EPSG 4548, epsg4548, EPSG：4548) or a Gauss-Krüger system
    written by its datum, band and zone or central meridian (CGCS2000 3度带 39带: EPSG:4527);
    ``None`` otherwise."""
    key = written.strip().lower()
    named = NAMED_SYSTEMS.get(re.sub(r"[\s_\-]", "", key))
    code = _EPSG_WRITTEN.match(key)
    if named is not None or code is not None:
        return named if named is not None else f"EPSG:{code.group(1)}"
    if re.search(r"[\[=+]", key):  # WKT or PROJ's text: read as written, its own parameters kept
        return None
    return _gauss_kruger(re.sub(r"[\s_\-/]", "", key))


def resolve_coordinate_system(declared: str | int | CRS) -> tuple[CRS, str | None]:
    """Interpret a declared coordinate system.

    Parameters
    ----------
    declared
        ``"wgs84"``, ``"cgcs2000"``, ``"gcj02"``, ``"bd09"``, an EPSG code (``4548`` or
        ``"EPSG:4548"``), any string pyproj understands, or a :class:`pyproj.CRS`.

    Returns
    -------
    tuple
        The CRS the coordinates are in after conversion, and the name of the obfuscated system
        to convert from (``"gcj02"``/``"bd09"``) or ``None``.
    """
    if isinstance(declared, CRS):
        return declared, None
    if isinstance(declared, int):
        declared = f"EPSG:{declared}"
    named = named_system(str(declared))
    if named in ("gcj02", "bd09"):
        return CRS.from_epsg(4326), named
    try:
        return CRS.from_user_input(named or declared), None
    except Exception as exc:  # pyproj raises its own CRSError type
        raise CRSError.said("crs_unknown", declared=declared) from exc


def working_crs_for_longitude(longitude_deg: float) -> CRS:
    """Return the projected metric CRS used for distances at a longitude.

    Inside China's extent (73°E–135°E) this is the CGCS2000 3-degree Gauss-Kruger zone whose
    central meridian is nearest (EPSG:4534 at 75°E to EPSG:4554 at 135°E; 117°E, Zhangzhou, is
    EPSG:4548). Elsewhere it is the WGS84 UTM zone (northern hemisphere).
    """
    if not np.isfinite(longitude_deg):
        raise CRSError.said("crs_no_longitude")
    central = int(round(longitude_deg / 3.0)) * 3
    if 75 <= central <= 135:
        return CRS.from_epsg(4534 + (central - 75) // 3)
    zone = int((longitude_deg + 180.0) // 6) % 60 + 1
    return CRS.from_epsg(32600 + zone)
