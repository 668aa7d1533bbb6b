"""The study area: every layer of one city in one projected metric CRS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ._declared_areas import (
    declared_area_notices,
    declared_codes,
    district_link_notices,
    district_links_by_name,
    resolved_serves,
)
from ._derived_counties import counties_from_townships
from ._errors import CRSError, Problem, ValidationError, problem, row_labels
from ._notices import Notice, shown
from .coords import working_crs_for_longitude

#: the name of the whole study area when the areas have no city polygon
CITY_TOTAL_NAME = "全市"

__all__ = ["LEVELS", "StudyArea", "locate_points"]

LEVELS = ("city", "county", "township")
POINT_LAYERS = ("facilities", "candidates")


def locate_points(
    points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, *, id_column: str = "area_id"
) -> pd.Series:
    """Return, for each point, the id of the polygon containing it (``None`` when outside all).

    A point on the shared boundary of two polygons goes to the polygon that comes first in
    ``polygons`` order, so it is counted exactly once.
    """
    result = np.full(len(points), None, dtype=object)
    if len(points) and len(polygons):
        point_idx, polygon_idx = polygons.sindex.query(points.to_numpy(), predicate="intersects")
        order = np.lexsort((polygon_idx, point_idx))
        point_idx, polygon_idx = point_idx[order], polygon_idx[order]
        first = np.ones(len(point_idx), dtype=bool)
        first[1:] = point_idx[1:] != point_idx[:-1]
        result[point_idx[first]] = polygons[id_column].to_numpy()[polygon_idx[first]]
    return pd.Series(result, index=points.index, dtype=object)


def _working_crs(areas: gpd.GeoDataFrame) -> CRS:
    """Return the projected CRS chosen from the areas' central longitude."""
    lon = areas.to_crs(4326).union_all().centroid.x
    return working_crs_for_longitude(lon)


def _project(layer: gpd.GeoDataFrame, crs: CRS, name: str) -> gpd.GeoDataFrame:
    """Return ``layer`` in ``crs``; a layer without CRS is an error."""
    if layer.crs is None:
        raise CRSError(f"layer '{name}' has no CRS; read it with carefac.read_layer(..., crs=...) or set one")
    return layer.to_crs(crs)


def _row_numbers(layer: gpd.GeoDataFrame, mask: np.ndarray) -> tuple[int | str, ...]:
    """Return the user's rows (see :func:`carefac._errors.row_labels`) where ``mask`` is true."""
    return tuple(row_labels(layer)[np.asarray(mask, dtype=bool)])


def _outside_problems(
    layer: gpd.GeoDataFrame, name: str, inside: np.ndarray, with_townships: set | None = None
) -> list[Problem]:
    """Return problems naming the points of ``layer`` outside every area, and those inside a
    county but in no township (a gap in the township layer). Points in a county the layer gives
    no township for (``with_townships``: the counties it does) are left to the areas' problem."""
    outside = ~inside
    if not outside.any():
        return []
    in_gap = outside.copy() if "county_id" in layer and "township_id" in layer else np.zeros_like(outside)
    if in_gap.any():
        in_gap &= layer["county_id"].notna().to_numpy() & layer["township_id"].isna().to_numpy()
    bare = np.zeros_like(in_gap)
    if with_townships is not None:
        bare = in_gap & ~layer["county_id"].isin(with_townships).to_numpy()
        in_gap &= ~bare
    nowhere = outside & ~in_gap & ~bare
    problems = []
    if nowhere.any():
        problems.append(
            problem(
                name,
                "points_outside_most" if nowhere.mean() > 0.5 else "points_outside_some",
                column="geometry",
                rows=_row_numbers(layer, nowhere),
                n=int(nowhere.sum()),
                total=len(layer),
            )
        )
    if in_gap.any():
        counties = ", ".join(sorted(set(layer.loc[in_gap, "county_id"].astype(str))))
        problems.append(
            problem(
                name,
                "points_in_township_gap",
                column="geometry",
                rows=_row_numbers(layer, in_gap),
                n=int(in_gap.sum()),
                total=len(layer),
                counties=counties,
            )
        )
    return problems


@dataclass(frozen=True)
class StudyArea:
    """All layers of one study, in one projected metric CRS.

    Build it with :meth:`from_layers`. Layers are copies owned by the study; carefac functions
    never modify them (treat them as read-only). Point layers carry, for each area level present,
    a column ``<level>_id`` naming the area they lie in.

    Attributes
    ----------
    crs
        The working CRS (metres), e.g. EPSG:4548 for Zhangzhou.
    areas
        Polygons with ``area_id``, ``name``, ``level``, ``parent_id``, ``population``.
    facilities, residential, candidates, venues
        Optional layers (``None`` when absent).
    tables
        County tables keyed by name (e.g. ``special_families``, ``indicators``).
    sources
        Layer name → file it came from (for the run record).
    outside
        Points of the point layers that lie outside every area, when the study was built
        with ``outside="report"``; column ``layer`` names their layer.
    """

    crs: CRS
    areas: gpd.GeoDataFrame
    facilities: gpd.GeoDataFrame | None = None
    residential: gpd.GeoDataFrame | None = None
    candidates: gpd.GeoDataFrame | None = None
    venues: gpd.GeoDataFrame | None = None
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    outside: gpd.GeoDataFrame | None = None
    notices: tuple[Notice, ...] = ()

    @classmethod
    def from_layers(
        cls,
        areas: gpd.GeoDataFrame,
        *,
        facilities: gpd.GeoDataFrame | None = None,
        residential: gpd.GeoDataFrame | None = None,
        candidates: gpd.GeoDataFrame | None = None,
        venues: gpd.GeoDataFrame | None = None,
        tables: Mapping[str, pd.DataFrame] | None = None,
        sources: Mapping[str, str] | None = None,
        crs: CRS | str | int | None = None,
        outside: str | Mapping[str, str] = "error",
        area_sums: str = "error",
        notices: tuple[Notice, ...] = (),
    ) -> StudyArea:
        """Project every layer into one metric CRS and link points to areas.

        Parameters
        ----------
        areas, facilities, residential, candidates, venues
            Layers as returned by :func:`carefac.read_layer` (canonical columns, with a CRS).
        tables
            County tables keyed by name.
        sources
            Layer name → file name, kept for the run record.
        crs
            Working CRS; default: chosen from the areas' longitude (CGCS2000 3-degree
            Gauss-Kruger zone in China).
        outside
            What to do with points outside every area: ``"error"`` (default) or ``"report"``
            (keep them out of area figures and list them in :attr:`outside`); a mapping gives
            the choice per point layer.
        area_sums
            What to do when townships do not add up to their county (population off by more
            than 0.5 %, gaps or overlaps beyond digitising slivers): ``"error"`` (default) or
            ``"warn"`` (a notice; each level's figures are then its own).
        notices
            Notices of the readers (unit conversions …), kept with the study's own.

        Raises
        ------
        ValidationError
            Points outside every area (with ``outside="error"``), townships whose parent county
            is missing, ids repeated across levels.
        """
        working = CRS.from_user_input(crs) if crs is not None else _working_crs(areas)
        if not working.is_projected:
            raise CRSError(f"the working CRS must be projected (metres), got {working.name}")
        areas = (
            _project(areas, working, "areas")
            .sort_values(["level", "area_id"], kind="stable")
            .reset_index(drop=True)
        )
        areas, derived = counties_from_townships(areas, sources.get("areas", "areas") if sources else "areas")
        if derived:
            areas = areas.sort_values(["level", "area_id"], kind="stable").reset_index(drop=True)
        if area_sums not in ("error", "warn"):
            raise ValueError(f"area_sums must be 'error' or 'warn', got {area_sums!r}")
        problems = _hierarchy_problems(areas, sources or {})
        problems += _official_names_crossed(areas, sources.get("areas", "areas") if sources else "areas")
        notices = tuple(notices) + tuple(derived)
        if not problems:
            areas_source = sources.get("areas", "areas") if sources else "areas"
            notices += tuple(_part_of_a_city_notices(areas, areas_source) + _far_from_census_notices(areas, areas_source))
        if not problems:
            from ._tiling import area_consistency

            sum_problems, sum_notices = area_consistency(
                areas, sources.get("areas", "areas") if sources else "areas"
            )
            notices += tuple(sum_notices)
            if area_sums == "warn":
                notices += tuple(
                    Notice("areas_inconsistent", p.sentences("en")[0], p.sentences("zh")[0], p.source)
                    for p in sum_problems
                )
            else:
                problems += sum_problems
        if tables and not problems:
            from ._county_tables import matched_county_tables

            tables, table_problems, table_notices = matched_county_tables(tables, areas, sources or {})
            problems += table_problems
            notices += tuple(table_notices)
        layers: dict[str, gpd.GeoDataFrame | None] = {}
        outside_rows = []
        for name, layer in (
            ("facilities", facilities),
            ("residential", residential),
            ("candidates", candidates),
            ("venues", venues),
        ):
            if layer is None:
                layers[name] = None
                continue
            layer = _project(layer, working, name).reset_index(drop=True)
            if name in POINT_LAYERS:
                layer, layer_outside, layer_problems, snapped = _link_points(
                    layer, areas, name, sources or {}, outside
                )
                problems += layer_problems
                notices += tuple(snapped)
                if not layer_problems:
                    notices += tuple(declared_area_notices(layer, areas, (sources or {}).get(name, name)))
                layer, serves_problems = resolved_serves(layer, areas, _city_id(areas), (sources or {}).get(name, name))
                problems += serves_problems
            elif name == "residential":  # placed by a point inside each district
                layer, layer_outside, layer_problems, sum_notices = _districts_inside(layer, areas, sources or {}, outside)
                notices += tuple(sum_notices)
                problems += layer_problems
                notices += tuple(_oversized_district_notices(layer, (sources or {}).get(name, name)))
                notices += tuple(_overlapping_district_notices(layer, (sources or {}).get(name, name)))
            else:
                layer_outside = None
            if layer_outside is not None and len(layer_outside):
                outside_rows.append(layer_outside.assign(layer=name))
            layers[name] = layer
        if problems:
            raise ValidationError(problems)
        layers["facilities"], by_name = district_links_by_name(layers["facilities"], layers["residential"],
                                                              (sources or {}).get("facilities", "facilities"))  # fmt: skip
        notices += tuple(by_name) + tuple(district_link_notices(layers["facilities"], layers["residential"],
                                                                (sources or {}).get("facilities", "facilities")))  # fmt: skip
        outside_gdf = (
            gpd.GeoDataFrame(pd.concat(outside_rows, ignore_index=True), crs=working)
            if outside_rows
            else None
        )
        return cls(
            crs=working,
            areas=areas,
            tables=MappingProxyType(dict(tables or {})),
            sources=MappingProxyType(dict(sources or {})),
            outside=outside_gdf,
            notices=notices,
            **layers,
        )

    def areas_at(self, level: str) -> gpd.GeoDataFrame:
        """Return the areas of one level (``city``, ``county`` or ``township``)."""
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
        return self.areas[self.areas["level"] == level]

    def city(self) -> tuple[str, str]:
        """Return the id and name of the whole study area (the city of the plan's 全市 targets).

        The ``city`` area when there is one; else the counties' common ``parent_id`` (or
        ``"city"``) named ``全市`` — outputs show that name in the run's language.
        """
        city = self.areas_at("city")
        if len(city) == 1:
            return str(city["area_id"].iloc[0]), str(city["name"].iloc[0])
        return _city_id(self.areas), CITY_TOTAL_NAME

    @property
    def levels(self) -> tuple[str, ...]:
        """Return the area levels present, from the largest."""
        present = set(self.areas["level"])
        return tuple(level for level in LEVELS if level in present)


def _city_id(areas: gpd.GeoDataFrame) -> str:
    """Return the id of the whole study area: the ``city`` area's, else the counties' common
    ``parent_id``, else ``"city"``."""
    city = areas[areas["level"] == "city"]
    if len(city) == 1:
        return str(city["area_id"].iloc[0])
    counties = areas[areas["level"] == "county"]
    parents = set(counties["parent_id"].dropna()) if "parent_id" in counties else set()
    return str(parents.pop()) if len(parents) == 1 else "city"


def _hierarchy_problems(areas: gpd.GeoDataFrame, sources: Mapping[str, str]) -> list[Problem]:
    """Return problems of the area hierarchy (townships whose county is not in the layer)."""
    source = sources.get("areas", "areas")
    problems = []
    missing_level = areas["level"].isna()
    if missing_level.any():
        problems.append(
            problem(
                source, "level_unknown", column="level", rows=_row_numbers(areas, missing_level.to_numpy())
            )
        )
    problems += _several_cities_problems(areas, source)
    counties = set(areas.loc[areas["level"] == "county", "area_id"])
    townships = areas[areas["level"] == "township"]
    if counties and len(townships) and "parent_id" in areas:
        orphan = ~townships["parent_id"].isin(counties)
        if orphan.any():
            problems.append(
                problem(
                    source,
                    "parent_missing",
                    column="parent_id",
                    rows=_row_numbers(townships, orphan.to_numpy()),
                )
            )
        bare = areas["level"].eq("county").to_numpy() & ~areas["area_id"].isin(set(townships["parent_id"])).to_numpy()
        if bare.any():  # a county with a township drawn inside it (given to another county) is said as that
            outlines = areas.geometry.iloc[np.flatnonzero(bare)]
            inside = outlines.intersection(townships.geometry.union_all()).area
            bare[np.flatnonzero(bare)] = (inside < 0.01 * outlines.area).to_numpy()
        if bare.any():  # townships for some counties only: the others' places would be in no township
            names = areas["name"].astype(str) if "name" in areas else areas["area_id"].astype(str)
            listed = shown((f"{c} {n}" for c, n in zip(areas["area_id"][bare], names[bare], strict=True)), most=6, sep="、")
            problems.append(problem(source, "county_without_townships", column="level", rows=_row_numbers(areas, bare),
                                    counties=listed, n=int(bare.sum())))  # fmt: skip
    return problems


def _several_cities_problems(areas: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return a problem when the counties belong to more than one city (their ``parent_id`` differ,
    or the first four digits of their 6-digit codes): a province's layer given whole. The plan's
    全市 figures and rules are one city's; added together they would describe neither."""
    counties = areas[areas["level"] == "county"]
    codes = counties["area_id"].astype(str)
    parents = counties["parent_id"].dropna().astype(str) if "parent_id" in counties else codes.iloc[:0]
    prefixes = codes[codes.str.fullmatch(r"\d{6}")].str[:4] + "00"
    names = counties["name"].astype(str) if "name" in counties else codes
    for city_of in (parents, prefixes):
        cities = sorted(city_of.unique())
        if len(cities) > 1:
            listed = "; ".join(f"{city}: {shown(names[city_of[city_of == city].index], most=4, sep='、')}" for city in cities)
            return [problem(source, "areas_of_several_cities", n=len(cities), cities=listed)]
    return []


def _part_of_a_city_notices(areas: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice when the counties are some of a city's in the shipped 2020 census (a district
    office's own counties): the 全市 figures and city rules then describe those counties only."""
    from ._census import census_city_counties

    codes = set(areas.loc[areas["level"] == "county", "area_id"].astype(str))
    cities = {code[:4] + "00" for code in codes}
    if len(cities) != 1 or (city := cities.pop()) not in census_city_counties():
        return []
    name, counties = census_city_counties()[city]
    missing = [county for county in counties if not {county[0], county[1]} & codes]
    if not missing or len(missing) == len(counties):
        return []
    return [Notice.said("areas_part_of_a_city", source, n=len(counties) - len(missing), total=len(counties), city=name,
                        missing=shown((f"{code} {county}" for code, _, county in missing), most=12, sep="、"))]  # fmt: skip


def _official_names_crossed(areas: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Return the problem of areas whose code is one unit of the lists shipped with carefac (the 2020
    census's counties, the 2023 township codes) and whose name is another's (芗城区 drawn with 龙文区's
    code): every table, census figure and rule joined by code would describe the other unit under
    this one's name."""
    from ._area_names import checked_names
    from ._census import census_county_names, township_names_2023

    checked = areas[areas["level"].isin(["county", "township"])]
    official = {**census_county_names(), **township_names_2023()}
    check = checked_names(list(checked["area_id"].astype(str)), list(checked["name"]), official)
    rows = _row_numbers(checked, np.ones(len(checked), dtype=bool))
    if not check.crossed:
        return []
    crossed, pairs = check.crossed_rows(list(checked["name"]), rows, "code_name_official")
    return [problem(source, "areas_names_not_official", column="name", rows=crossed, n=len(crossed), pairs=pairs)]


#: a county's residents beyond these shares of its 2020 census figure are said (five years of
#: growth or decline stay well within them; a wrong unit, a township's figure or a typo does not)
CENSUS_SHARE_RANGE = (0.5, 2.0)


def _far_from_census_notices(areas: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming the counties whose residents are under half or over twice their
    figure in the shipped 2020 census."""
    from ._census import census_rows

    census = census_rows()
    counties = areas[(areas["level"] == "county") & areas["area_id"].astype(str).isin(census.keys())]
    given = pd.to_numeric(counties["population"], errors="coerce").to_numpy(dtype=float)
    counted = np.array([census[str(code)][1] for code in counties["area_id"]], dtype=float)
    low, high = CENSUS_SHARE_RANGE
    far = (given < low * counted) | (given > high * counted)
    if not far.any():
        return []
    listed = shown((f"{name} ({code}): {g:,.0f} / {c:,.0f}" for name, code, g, c in zip(
        counties["name"].to_numpy()[far], counties["area_id"].to_numpy()[far], given[far], counted[far], strict=True)),
        most=6, sep="; ")  # fmt: skip
    return [Notice.said("areas_far_from_census", source, n=int(far.sum()), counties=listed)]


def _link_points(
    layer: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    name: str,
    sources: Mapping[str, str],
    outside: str | Mapping[str, str],
    *,
    snap: bool = True,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, list[Problem], list[Notice]]:
    """Return the layer with ``<level>_id`` columns, its points outside every area, problems, and the
    notices of points placed in the nearest area (see :func:`_snapped_to_nearest`; not with
    ``snap=False``: residential districts, which the checks place again by a point inside each)."""
    for level in ("county", "township"):
        level_areas = areas[areas["level"] == level]
        if len(level_areas):
            layer[f"{level}_id"] = locate_points(layer.geometry, level_areas).to_numpy()
    id_columns = [c for c in ("county_id", "township_id") if c in layer]
    if not id_columns:
        return layer, None, [], []
    layer, snapped = _snapped_to_nearest(layer, areas, sources.get(name, name)) if snap else (layer, [])
    if snap and "county_id" in layer and "township_id" in layer:
        layer, placed = _gap_points_placed(layer, areas, sources.get(name, name))
        snapped += placed
    offset_problems = _declared_area_problems(layer, areas, name, sources)
    # a point is inside when every level present places it: inside a county but in no township
    # is a gap in the township layer, and its slots would be lost from the township table
    inside = np.ones(len(layer), dtype=bool)
    for column in id_columns:
        inside &= layer[column].notna().to_numpy()
    choice = outside.get(name, "error") if isinstance(outside, Mapping) else outside
    if choice == "report":
        return layer[inside].reset_index(drop=True), layer[~inside], offset_problems, snapped
    if choice != "error":
        raise ValueError(f"outside must be 'error' or 'report', got {choice!r}")
    with_townships = set(areas.loc[areas["level"] == "township", "parent_id"]) if "parent_id" in areas else None
    problems = _outside_problems(layer, sources.get(name, name), inside, with_townships)
    return layer, None, offset_problems + problems, snapped


#: a point outside every area by at most this much (metres) is counted in the nearest area: a
#: simplified coastline or boundary (web-map outlines) leaves waterfront sites just outside it
SNAP_M = 200.0


def _snapped_to_nearest(layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return ``layer`` with its points that lie in no area, but within :data:`SNAP_M` of one,
    placed in the nearest (its township, and that township's county; else the nearest county),
    and a notice naming them. Points farther away, and points in a county but in none of its
    townships (a gap between them: which township is a guess), are left for the caller to refuse
    or report."""
    finest = "township" if "township_id" in layer else "county"
    missing = layer[f"{finest}_id"].isna().to_numpy()
    if "county_id" in layer:  # in a county but in none of its townships: a gap, refused by the caller
        missing = missing & layer["county_id"].isna().to_numpy()
    if not missing.any():
        return layer, []
    targets = areas[areas["level"] == finest]
    rows, area_idx, gaps = _nearest_within(layer, missing, targets, SNAP_M)
    if not len(rows):
        return layer, []
    codes = targets["area_id"].to_numpy()[area_idx]
    layer = layer.copy()
    layer.loc[rows, f"{finest}_id"] = codes
    if finest == "township" and "county_id" in layer:
        layer.loc[rows, "county_id"] = targets["parent_id"].to_numpy()[area_idx] if "parent_id" in targets else codes
    listed = _placed_points(layer, rows, codes, gaps, targets)
    return layer, [Notice.said("points_snapped", source, n=len(rows), most=SNAP_M, far=float(gaps.max()), points=listed)]


def _nearest_within(
    layer: gpd.GeoDataFrame, lost: np.ndarray, targets: gpd.GeoDataFrame, most_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return, for the points of ``layer`` where ``lost`` is true and within ``most_m`` of a target
    area, their rows, their nearest target's position and the distance to it."""
    points = layer.geometry.to_numpy()[lost]
    point_idx, area_idx = targets.sindex.nearest(points, max_distance=most_m, return_all=False)
    gaps = shapely.distance(points[point_idx], targets.geometry.to_numpy()[area_idx])
    return np.flatnonzero(lost)[point_idx], area_idx, gaps


def _placed_points(layer: gpd.GeoDataFrame, rows: np.ndarray, codes: np.ndarray, gaps: np.ndarray,
                   targets: gpd.GeoDataFrame) -> str:  # fmt: skip
    """Return the points placed in an area as a notice lists them: ``row → area (distance)``."""
    names = dict(zip(targets["area_id"], targets["name"] if "name" in targets else targets["area_id"], strict=True))
    labels = row_labels(layer)
    return shown((f"{labels[r]} → {names[c]} ({g:.0f} m)" for r, c, g in zip(rows, codes, gaps, strict=True)), most=5)


#: a point in a county but in none of its townships, at most this far (metres) from one of them,
#: lies in a sliver between township outlines drawn apart: it is counted in the nearest; a wider
#: gap is a township left out, refused
GAP_SNAP_M = 30.0


def _gap_points_placed(layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Return ``layer`` with its points in a sliver between townships of their county (within
    :data:`GAP_SNAP_M` of one) placed in the nearest of them, and a notice naming them."""
    gap = (layer["township_id"].isna() & layer["county_id"].notna()).to_numpy()
    townships = areas[areas["level"] == "township"]
    if not gap.any() or townships.empty or "parent_id" not in townships:
        return layer, []
    rows, area_idx, gaps = _nearest_within(layer, gap, townships, GAP_SNAP_M)
    same = townships["parent_id"].to_numpy()[area_idx] == layer["county_id"].to_numpy()[rows]
    rows, area_idx, gaps = rows[same], area_idx[same], gaps[same]
    if not len(rows):
        return layer, []
    codes = townships["area_id"].to_numpy()[area_idx]
    layer = layer.copy()
    layer.loc[rows, "township_id"] = codes
    listed = _placed_points(layer, rows, codes, gaps, townships)
    return layer, [Notice.said("points_in_gap_placed", source, n=len(rows), most=GAP_SNAP_M, far=float(gaps.max()),
                               points=listed)]  # fmt: skip


def _districts_inside(
    layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, sources: Mapping[str, str], outside: str | Mapping[str, str]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, list[Problem], list[Notice]]:
    """Return the residential districts, those outside every area (by a point inside each), the
    problems, as :func:`_link_points` does for points (a district 70 km away was checked and
    ranked like the others), and the notice of areas whose districts hold more residents than they do."""
    placed = gpd.GeoDataFrame(layer[[c for c in ("source_row", "source_sheet") if c in layer]],
                              geometry=layer.geometry.representative_point(), crs=layer.crs)  # fmt: skip
    placed, _, problems, _ = _link_points(placed, areas, "residential", sources, "error", snap=False)
    id_columns = [c for c in ("county_id", "township_id") if c in placed]
    inside = np.ones(len(layer), dtype=bool)
    for column in id_columns:
        inside &= placed[column].notna().to_numpy()
    above, summed = _districts_above_their_area(layer, placed, areas, sources.get("residential", "residential"))
    choice = outside.get("residential", "error") if isinstance(outside, Mapping) else outside
    if choice == "report" and not inside.all():
        return layer[inside].reset_index(drop=True), layer[~inside], above, summed
    return layer, None, problems + above, summed


#: a residential district larger than this (km²) is more likely an area's outline: the largest
#: housing estates of a Chinese city cover about 1 km²
DISTRICT_KM2_MOST = 3.0


def _oversized_district_notices(layer: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming the residential districts larger than :data:`DISTRICT_KM2_MOST`: a
    township's outline among the districts makes "a facility within 300 m" (measured to a
    district's edge) true almost anywhere inside it."""
    km2 = layer.geometry.area.to_numpy() / 1e6  # the working CRS is in metres
    large = km2 > DISTRICT_KM2_MOST
    if not large.any():
        return []
    labels = row_labels(layer)
    names = layer["name"].astype(str).to_numpy() if "name" in layer else labels
    listed = shown((f"{labels[k]} {names[k]} {km2[k]:.1f} km²" for k in np.flatnonzero(large)), most=5, sep="; ")
    return [Notice.said("districts_oversized", source, n=int(large.sum()), most=DISTRICT_KM2_MOST, districts=listed)]


#: two residential districts sharing at least this share of the smaller one's area are likely one
#: district drawn twice (under two ids): its residents and children would count twice
DISTRICT_OVERLAP_SHARE = 0.5


def _overlapping_district_notices(layer: gpd.GeoDataFrame, source: str) -> list[Notice]:
    """Return a notice naming the pairs of residential districts that overlap by at least
    :data:`DISTRICT_OVERLAP_SHARE` of the smaller one (points and lines never overlap)."""
    geoms = layer.geometry.to_numpy()
    polygons = np.flatnonzero(shapely.get_dimensions(geoms) == 2)
    if len(polygons) < 2:
        return []
    left, right = layer.geometry.iloc[polygons].sindex.query(geoms[polygons], predicate="intersects")
    keep = left < right
    a, b = polygons[left[keep]], polygons[right[keep]]
    if not len(a):
        return []
    shared = shapely.area(shapely.intersection(geoms[a], geoms[b]))
    smaller = np.minimum(shapely.area(geoms[a]), shapely.area(geoms[b]))
    over = shared >= DISTRICT_OVERLAP_SHARE * np.maximum(smaller, 1e-9)
    if not over.any():
        return []
    labels = row_labels(layer)
    listed = shown((f"{labels[i]} & {labels[j]}" for i, j in zip(a[over], b[over], strict=True)), most=5)
    return [Notice.said("districts_overlap", source, n=int(over.sum()), pairs=listed,
                        share=round(100 * DISTRICT_OVERLAP_SHARE))]  # fmt: skip


def _districts_above_their_area(
    layer: gpd.GeoDataFrame, placed: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, source: str
) -> tuple[list[Problem], list[Notice]]:
    """Return a problem naming the residential districts with more residents than the township (else
    county) they lie in: a township's figure entered for one district, or a unit slip. Read as
    given, it would outweigh every other district in the checks and the optimizer. Else a notice
    naming the areas whose districts together hold more residents than the area (a district drawn
    twice, planned figures of new districts, or an old figure for the area): asked, counted as given."""
    level = next((lv for lv in ("township", "county") if f"{lv}_id" in placed), None)
    if "population" not in layer or level is None:
        return [], []
    residents = dict(zip(areas["area_id"], pd.to_numeric(areas["population"], errors="coerce"), strict=True))
    names = dict(zip(areas["area_id"], areas["name"], strict=True))
    own = pd.to_numeric(layer["population"], errors="coerce").to_numpy(dtype=float)
    where = placed[f"{level}_id"].to_numpy()
    area_residents = np.array([residents.get(a, np.nan) if isinstance(a, str) else np.nan for a in where], dtype=float)
    above = np.isfinite(own) & np.isfinite(area_residents) & (area_residents > 0) & (own > area_residents)
    if not above.any():
        return [], _district_sums_above_their_areas(own, where, residents, names, source)
    examples = "; ".join(
        f"{layer['name'].iloc[k] if 'name' in layer else layer.index[k]} {own[k]:,.0f} > {names[where[k]]} {area_residents[k]:,.0f}"
        for k in np.flatnonzero(above)[:3]
    )
    return [problem(source, "district_above_its_area", column="population", rows=_row_numbers(layer, above),
                    examples=examples)], []  # fmt: skip


def _district_sums_above_their_areas(
    own: np.ndarray, where: np.ndarray, residents: Mapping[str, float], names: Mapping[str, str], source: str
) -> list[Notice]:
    """Return a notice naming the areas whose districts' residents add up to more than the area's."""
    placed = np.array([isinstance(a, str) for a in where], dtype=bool) & np.isfinite(own)
    if not placed.any():
        return []
    sums = pd.Series(own[placed]).groupby(where[placed]).sum()
    over = [(a, total) for a, total in sums.items()
            if np.isfinite(residents.get(a, np.nan)) and residents[a] > 0 and total > residents[a]]  # fmt: skip
    if not over:
        return []
    listed = shown((f"{names[a]} ({a}): {total:,.0f} / {residents[a]:,.0f}" for a, total in over), most=5, sep="; ")
    return [Notice.said("districts_above_their_area", source, n=len(over), areas=listed)]


def _located_share(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, declared: pd.Series) -> float:
    """Return the share of points that lie in the area their ``declared`` column names."""
    codes = declared_codes(declared.astype("string"), areas).fillna("")
    hits = np.zeros(len(points), dtype=bool)
    for level in ("county", "township"):
        level_areas = areas[areas["level"] == level]
        if len(level_areas):
            found = locate_points(points, level_areas).astype(str).to_numpy()
            hits |= found == codes.to_numpy()
    return float(hits.mean()) if len(hits) else 1.0


def _declared_area_problems(
    layer: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, name: str, sources: Mapping[str, str]
) -> list[Problem]:
    """Detect Amap/Baidu coordinates declared as WGS84 from points that name their own area.

    When many points fall outside the area they name, but would fall inside it once read as
    GCJ-02 (or BD-09), the coordinates were almost surely declared in the wrong system.
    """
    if "declared_area" not in layer or layer["declared_area"].isna().all():
        return []
    from .coords import transform_geometries

    given = layer[layer["declared_area"].notna()]
    share = _located_share(given.geometry, areas, given["declared_area"])
    if share >= 0.9 or len(given) < 3:
        return []
    wgs = given.geometry.to_crs(4326)
    for system, label in (("gcj02", "GCJ-02 (Amap/Tencent)"), ("bd09", "BD-09 (Baidu)")):
        fixed = gpd.GeoSeries(transform_geometries(wgs.to_numpy(), source=system), crs=4326).to_crs(layer.crs)
        fixed_share = _located_share(fixed, areas, given["declared_area"])
        if fixed_share >= 0.9 and fixed_share > share + 0.2:
            return [
                problem(
                    sources.get(name, name),
                    "crs_offset",
                    column="declared_area",
                    outside=1 - share,
                    label=label,
                    fixed=fixed_share,
                    system=system,
                )
            ]
    return []
