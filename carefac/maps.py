"""Folium web maps: slots per 1000, flags, facilities and proposed sites, with a layer control.

This is the only module that reprojects for display: layers go to EPSG:4326 (and, for the Amap
basemap, on to GCJ-02 so that they line up with its tiles). Names from the input data are
escaped, so a name such as ``<script>`` shows as text. :func:`save_map` writes one
self-contained HTML file: Leaflet is inlined, only the basemap tiles need a connection.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from .coords import transform_geometries
from .model import StudyArea
from .policy import Policy, load_policy
from .text import MAP_WORDS

__all__ = [
    "BASEMAPS",
    "combined_map",
    "flags_map",
    "new_map",
    "offline",
    "plan_map",
    "save_map",
    "slots_map",
    "to_display",
]

BASEMAPS = ("osm", "tianditu", "amap")
DISPLAY_TOLERANCE_M = 25.0  # boundaries are simplified this much for display only
_BELOW = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7"]  # below target: darkest = furthest
_ABOVE = ["#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]
_MISSING = "#cccccc"


def to_display(layer: gpd.GeoDataFrame, *, basemap: str = "osm") -> gpd.GeoDataFrame:
    """Return a layer in the display coordinates of ``basemap`` (WGS84, or GCJ-02 for Amap)."""
    shown = layer.to_crs(4326)
    if basemap == "amap":
        shown = shown.set_geometry(
            transform_geometries(shown.geometry.to_numpy(), source="wgs84", target="gcj02"), crs=4326
        )
    return shown


def new_map(study: StudyArea, *, basemap: str = "osm", tianditu_key: str | None = None) -> folium.Map:
    """Return an empty map fitted to the study area, with the chosen basemap.

    ``basemap``: ``"osm"`` (OpenStreetMap, default), ``"tianditu"`` (天地图, needs ``tianditu_key``)
    or ``"amap"`` (高德; every overlay is shifted to GCJ-02 to line up with its tiles).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {BASEMAPS}, got {basemap!r}")
    if basemap == "tianditu" and not tianditu_key:
        raise ValueError(
            "the Tianditu basemap needs a key (tianditu_key=...): get one at the Tianditu developer site"
        )
    bounds = to_display(study.areas, basemap=basemap).total_bounds
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    if basemap == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    elif basemap == "tianditu":
        for layer, label in (("vec", "天地图"), ("cva", "天地图注记")):
            folium.TileLayer(
                tiles=f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}"
                f"&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={tianditu_key}",
                attr="&copy; 天地图",
                name=label,
                subdomains="01234567",
                overlay=layer == "cva",
            ).add_to(m)
    else:
        folium.TileLayer(
            tiles="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
            attr="&copy; 高德地图",
            name="高德地图",
            subdomains="1234",
        ).add_to(m)
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


@dataclass(frozen=True)
class SlotClasses:
    """Map classes of slots per 1000: intervals closed below, open above, split at the target.

    ``edges[k]`` ≤ value < ``edges[k + 1]`` is class ``k``; the area's side of the target comes
    from ``meets_target`` (the table's own verdict), so an area at exactly the target is in an
    "at or above" class, never "below". Only classes holding a value are kept.
    """

    lows: list[float]
    highs: list[float]
    colours: list[str]
    below: list[bool]
    index: np.ndarray  # class of each area; -1 where the value is missing (no residents)


#: above this many distinct values, natural breaks are computed on this many quantile groups
_JENKS_GROUPS = 512


def _weighted_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the sorted distinct values (or, past :data:`_JENKS_GROUPS`, quantile groups) as
    (representative value, weight, first value of the group)."""
    unique, counts = np.unique(values, return_counts=True)
    if unique.size <= _JENKS_GROUPS:
        return unique, counts.astype(float), unique
    group = np.minimum((np.cumsum(counts) - counts) * _JENKS_GROUPS // counts.sum(), _JENKS_GROUPS - 1)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    weights = np.add.reduceat(counts.astype(float), starts)
    means = np.add.reduceat(unique * counts, starts) / weights
    return means, weights, unique[starts]


def _natural_edges(values: np.ndarray, k: int) -> list[float]:
    """Return the inner class edges of ``values`` by natural breaks (Fisher–Jenks: the exact
    grouping into at most ``k`` classes of least within-class squared deviation); each edge is the
    first value of a class."""
    x, w, firsts = _weighted_values(np.asarray(values, dtype=float))
    m = x.size
    k = int(min(k, m))
    if k <= 1:
        return []
    s0, s1, s2 = (np.r_[0.0, np.cumsum(a)] for a in (w, w * x, w * x * x))

    def ssd(i: np.ndarray, j: int) -> np.ndarray:  # deviation of groups i..j (i an array)
        weight = s0[j + 1] - s0[i]
        return s2[j + 1] - s2[i] - (s1[j + 1] - s1[i]) ** 2 / weight

    cost = np.array([ssd(np.array([0]), j)[0] for j in range(m)])
    start = np.zeros((k, m), dtype=int)
    for c in range(1, k):
        new = np.full(m, np.inf)
        for j in range(c, m):
            i = np.arange(c, j + 1)  # the last class is i..j
            total = cost[i - 1] + ssd(i, j)
            best = int(np.argmin(total))
            new[j], start[c, j] = total[best], i[best]
        cost = new
    edges, j = [], m - 1
    for c in range(k - 1, 0, -1):
        i = start[c, j]
        edges.append(float(firsts[i]))
        j = i - 1
    return sorted(set(edges))


def slot_classes(values: np.ndarray, meets: np.ndarray, target: float) -> SlotClasses:
    """Return the map classes of slots-per-1000 ``values`` (see :class:`SlotClasses`)."""
    values = np.asarray(values, dtype=float)
    meets = np.asarray(meets, dtype=bool)
    finite = np.isfinite(values)
    index = np.full(values.size, -1)
    lows, highs, colours, below = [], [], [], []
    for side_below, palette in ((True, _BELOW), (False, _ABOVE)):
        on_side = finite & (meets != side_below)
        if not on_side.any():
            continue
        side = values[on_side]
        low = float(side.min()) if side_below else target
        high = target if side_below else float(side.max())
        edges = [low, *[e for e in _natural_edges(side, 4) if low < e < high], high]
        k_of = np.clip(np.searchsorted(edges, side, side="right") - 1, 0, len(edges) - 2)
        used = sorted(set(k_of.tolist()))
        remap = {k: n + len(lows) for n, k in enumerate(used)}
        index[np.flatnonzero(on_side)] = [remap[k] for k in k_of]
        # below: darkest furthest from the target; above: darker further above it
        first = max(0, len(palette) - len(used)) if side_below else 0
        for n, k in enumerate(used):
            lows.append(edges[k])
            highs.append(edges[k + 1])
            below.append(side_below)
            colours.append(palette[min(first + n, len(palette) - 1)])
    return SlotClasses(lows, highs, colours, below, index)


def _legend(title: str, classes: SlotClasses, target: float, lang: str) -> folium.Element:
    """Return a fixed HTML legend with the class ranges (lower bound included) and the target."""
    t = MAP_WORDS[lang]
    rows = []
    for low, high, colour, below in zip(
        classes.lows, classes.highs, classes.colours, classes.below, strict=True
    ):
        span = f"{low:.2f} – < {high:.2f}" if below else f"{low:.2f} – {high:.2f}"
        mark = f" ({t['below']})" if below else ""
        rows.append(
            f'<div><span style="background:{colour};width:14px;height:10px;display:inline-block;margin-right:4px"></span>'
            f"{html.escape(span + mark)}</div>"
        )
    if (classes.index < 0).any():
        rows.append(
            f'<div><span style="background:{_MISSING};width:14px;height:10px;display:inline-block;margin-right:4px">'
            f"</span>{html.escape(t['no_population'])}</div>"
        )
    body = "".join(rows)
    markers = "".join(
        f'<div><span style="{style};display:inline-block;margin-right:4px"></span>{html.escape(t[key])}</div>'
        for key, style in _MARKER_STYLES
    )
    # bottom right, above the attribution: the scale bar (bottom left) stays visible
    return folium.Element(
        f'<div class="carefac-legend" style="position:fixed;bottom:28px;right:12px;z-index:9999;background:white;'
        f'padding:6px 8px;border:1px solid #888;font:12px sans-serif">'
        f"<b>{html.escape(title)} ({html.escape(t['per'])})</b><br>{body}"
        f'<div class="carefac-target">{html.escape(t["target"])}: {target:g} {html.escape(t["per"])}</div>'
        f'<div class="carefac-markers" style="margin-top:4px;border-top:1px solid #ccc;padding-top:4px">{markers}</div></div>'
    )


#: what each marker and outline on the maps is (legend rows: word key, CSS of the swatch)
_MARKER_STYLES = (
    ("facilities", "width:10px;height:10px;border-radius:50%;background:#2c7bb6"),
    ("pcr", "width:10px;height:10px;border-radius:50%;background:#fdae61"),
    ("sites", "width:12px;height:12px;border-radius:50%;background:#5aae61;border:2px solid #00441b"),
    ("legend_flagged", "width:14px;height:10px;border:2px solid #d7191c"),
    ("legend_passing", "width:14px;height:10px;border:2px solid #1a9641"),
    ("legend_rooms", "width:14px;height:10px;border:2px dashed #7b3294"),
)


def _escape_frame(frame: pd.DataFrame, columns) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        if column in out:
            out[column] = out[column].map(
                lambda v: (
                    html.escape(str(v))
                    if v is not None and not (isinstance(v, float) and np.isnan(v))
                    else ""
                )
            )
    return out


def add_slots_layer(
    m: folium.Map,
    study: StudyArea,
    table: pd.DataFrame,
    policy: Policy,
    *,
    level: str,
    basemap: str = "osm",
    lang: str = "zh",
    show: bool = True,
) -> folium.FeatureGroup:
    """Add a choropleth of slots per 1000 for one level (natural-breaks classes, target marked)."""
    t = MAP_WORDS[lang]
    areas = study.areas_at(level)[["area_id", "geometry"]].merge(table, on="area_id")
    areas = areas.set_geometry(areas.geometry.simplify(DISPLAY_TOLERANCE_M, preserve_topology=True))
    shown = to_display(areas, basemap=basemap)
    values = shown["slots_per_1000"].to_numpy(dtype=float)
    classes = slot_classes(values, shown["meets_target"].to_numpy(dtype=bool), policy.slots_per_1000_target)
    shown = _escape_frame(shown, ["name"])
    shown["fill"] = [classes.colours[i] if i >= 0 else _MISSING for i in classes.index]
    shown["per1000"] = np.round(values, 2)
    fields = ["name", "population", "slots", "per1000", "slots_needed"]
    aliases = [t["name"], t["population"], t["slots"], t["per1000"], t["needed"]]
    level_name = {"zh": {"county": "县区", "township": "乡镇街道"}}.get(lang, {}).get(level, level)
    group = folium.FeatureGroup(name=f"{t['slots_layer']} · {level_name}", show=show)
    folium.GeoJson(
        shown[[*fields, "fill", "geometry"]].to_json(),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#555",
            "weight": 0.6,
            "fillOpacity": 0.65,
        },
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases),
    ).add_to(group)
    group.add_to(m)
    if show:
        m.get_root().html.add_child(_legend(t["legend"], classes, policy.slots_per_1000_target, lang))
    return group


def add_flags_layers(
    m: folium.Map, study: StudyArea, flags: pd.DataFrame, *, basemap: str = "osm", lang: str = "zh"
) -> list[folium.FeatureGroup]:
    """Add new districts (red flagged, green passing, reason and shortfall in the popup) and
    townships above the profile's population threshold without a parent-child room."""
    t = MAP_WORDS[lang]
    groups = []
    reason = "reason_zh" if lang == "zh" else "reason"
    new = flags[flags["rule"] == "new_residential_childcare"]
    if study.residential is not None and len(new):
        districts = study.residential[["district_id", "name", "geometry"]].merge(
            new[["subject_id", "status", reason, "shortfall"]], left_on="district_id", right_on="subject_id"
        )
        shown = _escape_frame(to_display(districts, basemap=basemap), ["name", reason])
        shown["shortfall"] = shown["shortfall"].fillna(0).round(0)
        group = folium.FeatureGroup(name=t["flags_new"])
        folium.GeoJson(
            shown[["name", "status", reason, "shortfall", "geometry"]].to_json(),
            style_function=lambda f: {
                "color": "#d7191c" if f["properties"]["status"] == "flagged" else "#1a9641",
                "weight": 2,
                "fillOpacity": 0.5,
                "fillColor": "#d7191c" if f["properties"]["status"] == "flagged" else "#1a9641",
            },
            popup=folium.GeoJsonPopup(
                fields=["name", reason, "shortfall"], aliases=[t["name"], t["reason"], t["shortfall"]]
            ),
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[t["name"]]),
            marker=folium.CircleMarker(radius=6),  # districts given as points: a dot, no image to fetch
        ).add_to(group)
        group.add_to(m)
        groups.append(group)
    rooms = flags[(flags["rule"] == "township_parent_child_room") & (flags["status"] == "flagged")]
    if len(rooms):
        towns = study.areas_at("township")[["area_id", "name", "population", "geometry"]]
        towns = towns[towns["area_id"].isin(rooms["subject_id"])]
        towns = towns.set_geometry(towns.geometry.simplify(DISPLAY_TOLERANCE_M, preserve_topology=True))
        shown = _escape_frame(to_display(towns, basemap=basemap), ["name"])
        group = folium.FeatureGroup(name=t["rooms"].format(threshold=int(rooms["threshold"].iloc[0])))
        folium.GeoJson(
            shown[["name", "population", "geometry"]].to_json(),
            style_function=lambda f: {
                "color": "#7b3294",
                "weight": 3,
                "dashArray": "6 4",
                "fillOpacity": 0.05,
            },
            tooltip=folium.GeoJsonTooltip(
                fields=["name", "population"], aliases=[t["name"], t["population"]]
            ),
        ).add_to(group)
        group.add_to(m)
        groups.append(group)
    return groups


def add_facility_layers(
    m: folium.Map, study: StudyArea, policy: Policy, *, basemap: str = "osm", lang: str = "zh"
) -> list[folium.FeatureGroup]:
    """Add existing childcare facilities (circles sized by slots) and parent-child rooms."""
    t = MAP_WORDS[lang]
    if study.facilities is None:
        return []
    groups = []
    f = study.facilities[study.facilities["status"] == "existing"]
    for label, mask, colour in (
        (t["facilities"], f["kind"].isin(policy.childcare_kinds), "#2c7bb6"),
        (t["pcr"], f["kind"] == "parent_child_room", "#fdae61"),
    ):
        layer = to_display(f[mask], basemap=basemap)
        group = folium.FeatureGroup(name=label)
        for row in layer.itertuples(index=False):
            slots = getattr(row, "slots", None)
            slots = 0 if slots is None or pd.isna(slots) else int(slots)
            text = html.escape(str(row.name)) + (f" · {slots} {t['capacity']}" if slots else "")
            folium.CircleMarker(
                location=[row.geometry.y, row.geometry.x],
                radius=3 + np.sqrt(slots) / 2 if slots else 4,
                color=colour,
                weight=1,
                fill=True,
                fill_opacity=0.8,
                tooltip=text,
            ).add_to(group)
        group.add_to(m)
        groups.append(group)
    return groups


def add_plan_layer(
    m: folium.Map,
    plan,
    *,
    basemap: str = "osm",
    lang: str = "zh",
    service_areas: gpd.GeoDataFrame | None = None,
) -> folium.FeatureGroup:
    """Add proposed sites with their service areas (circles of the radius, or network polygons)."""
    t = MAP_WORDS[lang]
    group = folium.FeatureGroup(name=t["sites"])
    if service_areas is not None:
        folium.GeoJson(
            to_display(service_areas, basemap=basemap)[["geometry"]].to_json(),
            name=t["service"],
            style_function=lambda f: {"color": "#1b7837", "weight": 1, "fillOpacity": 0.15},
        ).add_to(group)
    sites = to_display(plan.sites, basemap=basemap)
    from .optimize import REGISTRY

    slot_aim = plan.model in REGISTRY and REGISTRY[plan.model].slot_aim
    for row in sites.itertuples(index=False):
        if service_areas is None:
            folium.Circle(
                location=[row.geometry.y, row.geometry.x],
                radius=plan.radius_m,
                color="#1b7837",
                weight=1,
                fill=True,
                fill_opacity=0.12,
            ).add_to(group)
        slots = f"{row.capacity:g} {t['capacity']}" if row.capacity == row.capacity else t["capacity_unknown"]
        label = (
            f"#{row.rank} {html.escape(str(row.name))} · {slots} · "
            f"{t['served']} {row.demand_served:,.0f}"
            + (f" · {t['closes']} {row.marginal_gain:,.0f}" if slot_aim else "")
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=7,
            color="#00441b",
            weight=2,
            fill=True,
            fill_color="#5aae61",
            fill_opacity=1.0,
            tooltip=label,
            popup=folium.Popup(label, max_width=300),
        ).add_to(group)
    group.add_to(m)
    return group


def slots_map(
    study: StudyArea,
    table: pd.DataFrame,
    policy: Policy | None = None,
    *,
    level: str = "county",
    basemap: str = "osm",
    lang: str = "zh",
) -> folium.Map:
    """Return a map of slots per 1000 for one level."""
    m = new_map(study, basemap=basemap)
    add_slots_layer(m, study, table, policy or load_policy(), level=level, basemap=basemap, lang=lang)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def flags_map(study: StudyArea, flags: pd.DataFrame, *, basemap: str = "osm", lang: str = "zh") -> folium.Map:
    """Return a map of flagged new districts and townships without a parent-child room."""
    m = new_map(study, basemap=basemap)
    add_flags_layers(m, study, flags, basemap=basemap, lang=lang)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def plan_map(
    study: StudyArea, plan, policy: Policy | None = None, *, basemap: str = "osm", lang: str = "zh"
) -> folium.Map:
    """Return a map of existing facilities and the proposed sites with their service areas."""
    m = new_map(study, basemap=basemap)
    add_facility_layers(m, study, policy or load_policy(), basemap=basemap, lang=lang)
    add_plan_layer(m, plan, basemap=basemap, lang=lang)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def combined_map(
    results, *, basemap: str = "osm", tianditu_key: str | None = None, lang: str = "zh"
) -> folium.Map:
    """Return one map with every layer of a run (slots per 1000 by county and township, flags,
    facilities, proposed sites) and a layer control."""
    study, policy = results.study, results.policy
    m = new_map(study, basemap=basemap, tianditu_key=tianditu_key)
    for level, show in (("county", False), ("township", True)):
        if level in results.coverage:
            add_slots_layer(
                m, study, results.coverage[level], policy, level=level, basemap=basemap, lang=lang, show=show
            )
    if results.flags is not None:
        add_flags_layers(m, study, results.flags, basemap=basemap, lang=lang)
    add_facility_layers(m, study, policy, basemap=basemap, lang=lang)
    if results.plan is not None:
        add_plan_layer(m, results.plan, basemap=basemap, lang=lang)
    if results.flags is not None:
        add_indicator_layers(m, study, results.flags, basemap=basemap, lang=lang)
    if getattr(results, "access", None) is not None:
        add_access_layer(m, results.access, results.access_summary, basemap=basemap, lang=lang)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def add_access_layer(
    m: folium.Map, access: gpd.GeoDataFrame, summary: dict | None, *, basemap: str = "osm", lang: str = "zh"
) -> folium.FeatureGroup:
    """Add the districts' accessibility (2SFCA slots per child under 3), red below the plan's
    target per child, blue at or above it (hidden at start); the tooltip gives both values."""
    t = MAP_WORDS[lang]
    threshold = (summary or {}).get("threshold_per_child", float("nan"))
    column = "access_after" if "access_after" in access else "access_before"
    shown = _escape_frame(to_display(access, basemap=basemap), ["name"])
    for c in ("access_before", "access_after"):
        if c in shown:
            shown[c] = shown[c].round(3)
    fields = ["name", "weight", *[c for c in ("access_before", "access_after") if c in shown]]
    shown["weight"] = shown["weight"].round(0)
    group = folium.FeatureGroup(name=t["access"], show=False)
    folium.GeoJson(
        shown[[*fields, "geometry"]].to_json(),
        style_function=lambda f: {
            "color": "#b2182b" if (f["properties"][column] or 0) < threshold else "#2166ac",
            "weight": 1,
            "fillOpacity": 0.5,
        },
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=[t[f"access_{f}"] for f in fields]),
    ).add_to(group)
    group.add_to(m)
    return group


def add_indicator_layers(
    m: folium.Map, study: StudyArea, flags: pd.DataFrame, *, basemap: str = "osm", lang: str = "zh"
) -> list[folium.FeatureGroup]:
    """Add one county layer per 2025 indicator, red where the target is missed (hidden at start)."""
    from .checks import rule_title

    counties = study.areas_at("county")[["area_id", "name", "geometry"]]
    counties = counties.set_geometry(counties.geometry.simplify(DISPLAY_TOLERANCE_M, preserve_topology=True))
    shown = _escape_frame(to_display(counties, basemap=basemap), ["name"])
    reason = "reason_zh" if lang == "zh" else "reason"
    groups = []
    for rule in sorted(r for r in flags["rule"].unique() if r.startswith("indicator_")):
        rows = flags[(flags["rule"] == rule) & flags["status"].isin(["ok", "flagged"])]
        if rows.empty:
            continue
        layer = shown.merge(rows[["subject_id", "status", reason]], left_on="area_id", right_on="subject_id")
        layer = _escape_frame(layer, [reason])
        group = folium.FeatureGroup(name=rule_title(rule, lang), show=False)
        folium.GeoJson(
            layer[["name", "status", reason, "geometry"]].to_json(),
            style_function=lambda f: {
                "fillColor": "#d7191c" if f["properties"]["status"] == "flagged" else "#1a9641",
                "color": "#444",
                "weight": 1,
                "fillOpacity": 0.55,
            },
            tooltip=folium.GeoJsonTooltip(
                fields=["name", reason], aliases=[MAP_WORDS[lang]["name"], MAP_WORDS[lang]["reason"]]
            ),
        ).add_to(group)
        group.add_to(m)
        groups.append(group)
    return groups


# folium builds popup contents with ``$(`<div>…</div>`)[0]``; this is all of jQuery it needs
_JQUERY_SHIM = (
    "window.$=window.$||function(s){var t=document.createElement('template');"
    "t.innerHTML=String(s).trim();return [t.content.firstElementChild];};"
)


def _leaflet_asset(name: str) -> bytes:
    return (resources.files("carefac") / "static" / "leaflet" / name).read_bytes()


def self_contained_html(m: folium.Map) -> str:
    """Return the map's HTML with Leaflet inlined and every other CDN asset removed."""
    page = m.get_root().render()
    css = _leaflet_asset("leaflet.css").decode("utf-8")
    for image in ("layers.png", "layers-2x.png"):
        data = base64.b64encode(_leaflet_asset(image)).decode("ascii")
        css = css.replace(f"images/{image}", f"data:image/png;base64,{data}")
    js = _leaflet_asset("leaflet.js").decode("utf-8")
    page = re.sub(
        r'<script src="[^"]*leaflet\.js"></script>', lambda _: f"<script>{js}</script>", page, count=1
    )
    page = re.sub(
        r'<link rel="stylesheet" href="[^"]*leaflet\.css"/>',
        lambda _: f"<style>{css}</style>",
        page,
        count=1,
    )
    page = re.sub(r'<script src="https?://[^"]*"></script>\s*', "", page)
    page = page.replace("<head>", f"<head><script>{_JQUERY_SHIM}</script>", 1)
    page = re.sub(r'<link rel="stylesheet" href="https?://[^"]*"/>\s*', "", page)
    return page


class OfflineMap:
    """A map that Jupyter shows without internet: Leaflet inlined, in a sandboxed frame
    (``offline(m)`` as a cell's last line; only the basemap tiles need a connection)."""

    def __init__(self, m: folium.Map, *, height_px: int = 560) -> None:
        self.map = m
        self.height_px = height_px

    def _repr_html_(self) -> str:
        page = html.escape(self_contained_html(self.map), quote=True)
        return f'<iframe srcdoc="{page}" style="width:100%;height:{self.height_px}px;border:0"></iframe>'


def offline(m: folium.Map, *, height_px: int = 560) -> OfflineMap:
    """Return ``m`` for display in Jupyter without internet (see :class:`OfflineMap`)."""
    return OfflineMap(m, height_px=height_px)


def save_map(m: folium.Map, path: str | Path) -> Path:
    """Write a map as one self-contained HTML file (atomically)."""
    from .tables import write_text

    return write_text(self_contained_html(m), path)
