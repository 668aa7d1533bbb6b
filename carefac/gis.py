"""GIS exports for the natural resources bureau: one GeoPackage and Shapefiles, in the asked CRS.

``carefac.gpkg`` holds a layer per spatial output (areas with their slots per 1000, flags with
their subject's geometry, facilities, proposed sites, service areas), with the run's headers
(Chinese or English). ``shapefiles/`` holds the same layers as Shapefiles: UTF-8 (``.cpg``), a
``.prj``, field names cut to the format's 10 characters and listed with their meaning in
``shapefiles/fields.csv``. Coordinates are in CGCS2000 (EPSG:4490) unless ``[output] crs`` asks
for WGS84 or GCJ-02 (GCJ-02 has no EPSG code: the files say WGS84 and the coordinates are
shifted, as Amap and Tencent maps expect).
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .coords import transform_geometries
from .tables import localise, localise_flags

__all__ = ["OUTPUT_CRS", "gis_layers", "write_gis"]

#: ``[output] crs`` → EPSG code of the written files
OUTPUT_CRS: dict[str, int] = {"cgcs2000": 4490, "wgs84": 4326, "gcj02": 4326}


def _areas_with_slots(results) -> dict[str, gpd.GeoDataFrame]:
    """Return a layer per area level: polygons with the slots-per-1000 table's columns."""
    layers = {}
    areas = results.study.areas
    for level, table in results.coverage.items():
        if level == "city":
            continue
        shapes = areas[areas["level"] == level][["area_id", "geometry"]]
        joined = shapes.merge(table, on="area_id", how="inner")
        layers[f"slots_per_1000_{level}"] = gpd.GeoDataFrame(joined, geometry="geometry", crs=areas.crs)
    return layers


def _subject_layer(rule: str) -> str:
    """Return the layer a rule's subjects come from (its registry entry's subject)."""
    from .checks import REGISTRY

    subject = REGISTRY[rule].subject if rule in REGISTRY else ()
    return "residential" if "district" in subject else "venues" if "venue" in subject else "areas"


def _flag_geometries(results) -> gpd.GeoDataFrame | None:
    """Return the flag rows whose subject has a geometry, with it: each rule's subjects are looked
    up in its own layer (areas, districts or venues), so a code shared by two layers cannot
    borrow the other's shape."""
    if results.flags is None:
        return None
    study = results.study
    ids = {"areas": "area_id", "residential": "district_id", "venues": "venue_id"}
    shapes = []
    for layer_name, id_column in ids.items():
        layer = getattr(study, layer_name)
        if layer is not None:
            shape = pd.DataFrame({"layer": layer_name, "subject_id": layer[id_column].astype(str),
                                  "geometry": layer.geometry.to_numpy()})  # fmt: skip
            shapes.append(shape.drop_duplicates("subject_id"))
    flags = results.flags.assign(layer=results.flags["rule"].map(_subject_layer))
    joined = flags.merge(pd.concat(shapes, ignore_index=True), on=["layer", "subject_id"], how="inner")
    return gpd.GeoDataFrame(joined.drop(columns="layer"), geometry="geometry", crs=study.crs)


def gis_layers(results) -> dict[str, gpd.GeoDataFrame]:
    """Return the spatial outputs of a run, each a GeoDataFrame with canonical columns.

    Layers: ``slots_per_1000_county`` / ``_township`` (area polygons), ``flags`` (rows whose
    subject has a geometry), ``facilities``, ``proposed_sites`` and ``service_areas`` (straight-line
    circles of the service radius around proposed sites; left out for road-network runs, where a
    circle is not the service area).
    """
    layers: dict[str, gpd.GeoDataFrame] = dict(_areas_with_slots(results))
    flags = _flag_geometries(results)
    if flags is not None and len(flags):
        layers["flags"] = flags
    if results.study.facilities is not None:
        layers["facilities"] = results.study.facilities
    plan = results.plan
    if plan is not None:
        layers["proposed_sites"] = plan.sites
        if plan.distance == "euclidean":
            circles = plan.sites.to_crs(results.study.crs)
            layers["service_areas"] = circles.set_geometry(circles.geometry.buffer(plan.radius_m, quad_segs=16))
    return layers


def _localised(name: str, layer: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """Return a layer with headers (and words) in ``lang``, as the tables of the run are."""
    table = localise_flags(layer, lang) if name == "flags" else localise(layer, lang)
    return gpd.GeoDataFrame(table, geometry=layer.geometry.name, crs=layer.crs)


def _in_output_crs(layer: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """Return ``layer`` in the output coordinate system (``cgcs2000``, ``wgs84``, ``gcj02`` or an
    EPSG code such as ``EPSG:4548``, CGCS2000 Gauss-Krüger metres as the bureau keeps them)."""
    if crs not in OUTPUT_CRS:
        return layer.to_crs(crs)
    out = layer.to_crs(OUTPUT_CRS[crs])
    if crs == "gcj02":
        shifted = transform_geometries(out.geometry.to_numpy(), source="wgs84", target="gcj02")
        out = out.set_geometry(gpd.GeoSeries(shifted, index=out.index, crs=4326))
    return out


def _plain_columns(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``layer`` with every non-geometry column a plain string, number or boolean type."""
    out = layer.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        if out[column].dtype == object or str(out[column].dtype).startswith(("string", "str")):
            out[column] = out[column].map(lambda v: None if v is None or v != v else str(v)).astype(object)
    return out


def _short_names(columns: list[str]) -> dict[str, str]:
    """Return a Shapefile field name (≤ 10 bytes, unique, ASCII) for each column."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for i, column in enumerate(columns):
        base = re.sub(r"[^A-Za-z0-9_]", "", column)[:10] or f"field{i + 1}"
        name, n = base, 2
        while name.lower() in used:
            name = f"{base[: 10 - len(str(n)) - 1]}_{n}"
            n += 1
        used.add(name.lower())
        out[column] = name
    return out


def write_gis(layers: dict[str, gpd.GeoDataFrame], out: Path, *, lang: str = "zh", crs: str = "cgcs2000") -> list[Path]:
    """Write ``layers`` (see :func:`gis_layers`) to ``out/carefac.gpkg`` and ``out/shapefiles/``
    in ``crs``, headers in ``lang``; return the paths.

    ``out`` is a run's staging folder (:func:`carefac.tables.output_folder`): the files appear in
    the output folder whole, with the rest of the run. Shapefile fields are cut from the English
    headers to 10 characters; ``shapefiles/fields.csv`` gives each field's header in ``lang``.
    """
    written = []
    gpkg = out / "carefac.gpkg"
    shapes = out / "shapefiles"
    shapes.mkdir(exist_ok=True)
    fields = []
    for name, layer in layers.items():
        shown = _plain_columns(_in_output_crs(_localised(name, layer, lang), crs))
        shown.to_file(gpkg, layer=name, driver="GPKG", engine="pyogrio")
        english = _localised(name, layer.iloc[:0], "en")
        headers = [c for c in shown.columns if c != shown.geometry.name]
        short = _short_names([c for c in english.columns if c != english.geometry.name])
        renamed = shown.rename(columns=dict(zip(headers, short.values(), strict=True)))
        for kind, part in _by_geometry_kind(renamed).items():
            stem = name if kind == "" else f"{name}_{kind}"
            _to_shapefile(part, shapes / f"{stem}.shp")
            written.append(shapes / f"{stem}.shp")
        fields += [(name, field, header) for header, field in zip(headers, short.values(), strict=True)]
    written.append(gpkg)
    pd.DataFrame(fields, columns=["layer", "field", "header"]).to_csv(
        shapes / "fields.csv", index=False, encoding="utf-8-sig"
    )
    return written


def _by_geometry_kind(layer: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Return the layer split by geometry kind when it mixes points and polygons (a Shapefile
    holds one kind): ``{"": layer}`` when it does not."""
    kinds = layer.geometry.geom_type.str.replace("Multi", "", regex=False).map(
        {"Polygon": "polygons", "Point": "points", "LineString": "lines"}
    )
    if kinds.nunique() <= 1:
        return {"": layer}
    return {kind: layer[kinds == kind] for kind in sorted(kinds.dropna().unique())}


def _to_shapefile(layer: gpd.GeoDataFrame, path: Path) -> None:
    """Write one Shapefile (UTF-8 with a .cpg, a .prj) at ``path``; its sidecar files go beside it."""
    layer.to_file(path, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8")
