"""Build the embedded Zhangzhou sample in ``carefac/data/zhangzhou/`` from the real files in
``carefac/data/zhangzhou/source/``. Deterministic: the same inputs always give the same bytes.

Real: county boundaries, county populations and young-child counts (2020 census), township
names and codes (NBS 2023). Synthetic (column ``synthetic`` = true): township polygons and
populations (summing exactly to each county's census total), every facility, residential
district, candidate site, venue and county table.

Run: ``python scripts/build_zhangzhou_sample.py`` (add ``--out DIR`` to write elsewhere).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
import shapely.prepared
from pyproj import Transformer
from shapely.geometry import mapping, shape

from carefac.coords import wgs84_to_gcj02

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "carefac" / "data" / "zhangzhou"
SEED = 20231101
WORKING_EPSG = 4548  # CGCS2000 / 3-degree Gauss-Kruger CM 117E

# Slots per 1000 each county is built to reach (synthetic): some meet 4.5, some do not.
COUNTY_RATIO = {
    "350602": 5.6,
    "350603": 4.9,
    "350604": 3.6,
    "350605": 4.7,
    "350622": 3.1,
    "350623": 2.8,
    "350624": 3.4,
    "350626": 4.6,
    "350627": 4.2,
    "350628": 2.5,
    "350629": 5.1,
}
CHILDCARE_KIND_MIX = (
    ("childcare", 0.50),
    ("kindergarten_class", 0.25),
    ("community_childcare", 0.10),
    ("workplace_childcare", 0.08),
    ("family_childcare", 0.07),
)
KIND_ZH = {
    "childcare": "托育中心",
    "kindergarten_class": "幼儿园托班",
    "community_childcare": "社区托育点",
    "workplace_childcare": "单位托育点",
    "family_childcare": "家庭托育点",
}


DISTRICT_WORDS = (
    "锦绣",
    "阳光",
    "翠湖",
    "龙江",
    "金山",
    "碧水",
    "香山",
    "东方",
    "滨江",
    "丽景",
    "书香",
    "九龙",
    "丹霞",
    "南山",
)
DISTRICT_SUFFIXES = ("花园", "小区", "苑", "家园", "新城", "府")


def township_weight(code: str) -> float:
    """Return the mean population weight of a township-level unit from its code class."""
    kind = int(code[6])
    return {0: 2.6, 1: 1.0, 2: 0.45}.get(kind, 0.12)  # street, town, township, farm/zone


def split_exactly(total: int, weights: np.ndarray) -> np.ndarray:
    """Return integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder)."""
    raw = total * weights / weights.sum()
    base = np.floor(raw).astype(np.int64)
    remainder = total - int(base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:remainder]] += 1
    return base


def random_points_in(polygon, count: int, rng: np.random.Generator) -> list:
    """Return ``count`` random points inside ``polygon`` (rejection sampling)."""
    minx, miny, maxx, maxy = polygon.bounds
    prepared = shapely.prepared.prep(polygon)
    points = []
    while len(points) < count:
        xs = rng.uniform(minx, maxx, 64)
        ys = rng.uniform(miny, maxy, 64)
        points += [p for p in shapely.points(xs, ys) if prepared.contains(p)]
    return points[:count]


def load_sources(source: Path):
    """Return counties (adcode → dict) and townships (list of dict) from the real files."""
    boundaries = json.loads((source / "zhangzhou_counties_wgs84.geojson").read_text("utf-8"))
    census = {
        row["adcode_2023"]: row
        for row in csv.DictReader(open(source / "census2020_zhangzhou_counties.csv", encoding="utf-8"))
    }
    counties = {}
    for feature in boundaries["features"]:
        code = feature["properties"]["adcode"]
        row = census[code]
        counties[code] = {
            "name": feature["properties"]["name"],
            "geometry": shape(feature["geometry"]),
            "population": int(row["pop_total"]),
            # children under 3 = 0-year-olds + half of the 1-4-year-olds (ages 1 and 2 of 1-4)
            "pop_under3": int(row["pop_age0"]) + int(row["pop_age1_4"]) // 2,
        }
    townships = list(csv.DictReader(open(source / "zhangzhou_townships_2023.csv", encoding="utf-8")))
    return dict(sorted(counties.items())), townships


class Builder:
    """Generate every synthetic layer in the working CRS, deterministically."""

    def __init__(self, counties, townships, rng):
        self.rng = rng
        self.to_work = Transformer.from_crs(4326, WORKING_EPSG, always_xy=True)
        self.to_wgs = Transformer.from_crs(WORKING_EPSG, 4326, always_xy=True)
        self.counties = counties
        for county in counties.values():
            county["work"] = reproject(self.to_work, county["geometry"])
        self.townships = townships
        self.land = shapely.prepared.prep(
            shapely.union_all([c["work"] for c in counties.values()]).buffer(-2.0)
        )
        self.facilities: list[dict] = []
        self.residential: list[dict] = []
        self.candidates: list[dict] = []
        self.venues: list[dict] = []

    # -- areas -------------------------------------------------------------------------------
    def build_townships(self) -> None:
        """Voronoi township polygons inside each county, with populations summing to its total."""
        for code, county in self.counties.items():
            units = [t for t in self.townships if t["areaCode"] == code]
            polygon = county["work"]
            centre = polygon.representative_point()
            seeds = []
            for unit in units:
                if unit["code"][6] == "0":  # urban street: near the county seat
                    while True:
                        r = self.rng.uniform(500, 6000)
                        a = self.rng.uniform(0, 2 * np.pi)
                        p = shapely.Point(centre.x + r * np.cos(a), centre.y + r * np.sin(a))
                        if polygon.contains(p):
                            break
                else:
                    p = random_points_in(polygon, 1, self.rng)[0]
                seeds.append(p)
            cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=polygon)
            weights = np.array([township_weight(u["code"]) for u in units]) * self.rng.lognormal(
                0.0, 0.45, len(units)
            )
            populations = split_exactly(county["population"], weights)
            under3 = split_exactly(county["pop_under3"], populations.astype(float))
            for unit, seed, pop, u3 in zip(units, seeds, populations, under3, strict=True):
                cell = next(c for c in cells.geoms if c.contains(seed) or c.touches(seed))
                unit.update(
                    work=shapely.make_valid(cell.intersection(polygon)),
                    population=int(pop),
                    pop_under3=int(u3),
                    county=code,
                )

    # -- facilities ----------------------------------------------------------------------------
    def add_facility(self, kind, name, point, **attrs) -> None:
        self.facilities.append(
            {
                "facility_id": f"F{len(self.facilities) + 1:05d}",
                "name": name,
                "kind": kind,
                "point": point,
                **attrs,
            }
        )

    def build_childcare(self) -> None:
        """Childcare facilities per township so that each county reaches its built ratio."""
        kinds, shares = zip(*CHILDCARE_KIND_MIX, strict=True)
        for code, county in self.counties.items():
            units = [t for t in self.townships if t["county"] == code]
            total_slots = int(round(COUNTY_RATIO[code] * county["population"] / 1000))
            weights = np.array([u["population"] for u in units], float) * self.rng.lognormal(
                0, 0.5, len(units)
            )
            for unit, slots in zip(units, split_exactly(total_slots, weights), strict=True):
                remaining = int(slots)
                sizes = []
                while remaining > 0:
                    size = int(min(remaining, self.rng.integers(20, 121)))
                    sizes.append(size)
                    remaining -= size
                for i, (size, point) in enumerate(
                    zip(sizes, random_points_in(unit["work"], len(sizes), self.rng), strict=True)
                ):
                    kind = str(self.rng.choice(kinds, p=shares))
                    self.add_facility(
                        kind,
                        f"{unit['name']}{KIND_ZH[kind]}{i + 1}",
                        point,
                        slots=size,
                        status="existing",
                        inclusive=bool(self.rng.random() < 0.6),
                    )
            for unit in self.rng.choice(units, size=max(1, len(units) // 4), replace=False):
                point = random_points_in(unit["work"], 1, self.rng)[0]
                self.add_facility(
                    "childcare",
                    f"{unit['name']}规划托育中心",
                    point,
                    slots=int(self.rng.integers(60, 151)),
                    status="planned",
                    inclusive=True,
                )

    def build_rooms_and_services(self) -> None:
        """Parent-child rooms, MCH institutions, vaccination clinics, warm homes, hospitals."""
        for unit in self.townships:
            share = 0.7 if unit["population"] >= 30000 else 0.3
            if self.rng.random() < share:
                point = random_points_in(unit["work"], 1, self.rng)[0]
                self.add_facility(
                    "parent_child_room", f"{unit['name']}向日葵亲子小屋", point, status="existing"
                )
        grades = [2, 1, 2, 2, 1, 2, 2, 2, 1, 2, 1]
        for (code, county), grade in zip(self.counties.items(), grades, strict=True):
            seat = county["work"].representative_point()
            name = county["name"]
            self.add_facility(
                "mch_institution", f"{name}妇幼保健院", seat, status="existing", grade=grade, serves=code
            )
            for i, point in enumerate(
                random_points_in(county["work"], int(self.rng.integers(2, 6)), self.rng)
            ):
                self.add_facility(
                    "vaccination_clinic",
                    f"{name}预防接种门诊{i + 1}",
                    point,
                    status="existing",
                    smart=bool(self.rng.random() < 0.75),
                )
            if self.rng.random() < 0.5:
                self.add_facility(
                    "warm_home",
                    f"{name}暖心家园",
                    random_points_in(county["work"], 1, self.rng)[0],
                    status="existing",
                )
            if code != "350629":
                self.add_facility(
                    "prenatal_screening",
                    f"{name}产前筛查机构",
                    random_points_in(county["work"], 1, self.rng)[0],
                    status="existing",
                )
            self.add_facility(
                "hospital",
                f"{name}医院",
                random_points_in(county["work"], 1, self.rng)[0],
                status="existing",
                grade=int(self.rng.choice([2, 3])),
                designated=bool(code not in ("350626", "350628")),
                ownership="private" if code == "350627" else "public",
            )
        seat = self.counties["350602"]["work"].representative_point()
        self.add_facility(
            "mch_institution",
            "漳州市妇幼保健院",
            shapely.Point(seat.x + 800, seat.y + 300),
            status="existing",
            grade=3,
            serves="350600",
        )
        self.add_facility(
            "prenatal_diagnosis",
            "漳州市产前诊断中心",
            shapely.Point(seat.x + 900, seat.y + 350),
            status="existing",
        )
        self.add_facility(
            "newborn_hearing_centre",
            "漳州市新生儿听力诊断中心",
            shapely.Point(seat.x + 950, seat.y + 250),
            status="existing",
        )

    # -- residential districts -------------------------------------------------------------------
    def district_polygon(self, centre) -> shapely.Polygon:
        w, h = self.rng.uniform(150, 450, 2)
        box = shapely.box(centre.x - w / 2, centre.y - h / 2, centre.x + w / 2, centre.y + h / 2)
        return shapely.affinity.rotate(box, float(self.rng.uniform(0, 90)))

    def build_residential(self) -> None:
        """Existing and new districts in urban townships; some new ones get matching childcare."""
        urban = [u for u in self.townships if u["code"][6] in "01"]
        statuses = ["existing"] * 6 + ["new", "planned", "under_construction"]
        for unit in self.rng.choice(urban, size=60, replace=False):
            for _ in range(int(self.rng.integers(1, 4))):
                centre = random_points_in(unit["work"], 1, self.rng)[0]
                polygon = self.district_polygon(centre).intersection(unit["work"])
                if polygon.is_empty or polygon.geom_type != "Polygon":
                    continue
                status = str(self.rng.choice(statuses))
                households = int(self.rng.integers(300, 3001))
                record = {
                    "district_id": f"R{len(self.residential) + 1:04d}",
                    "name": f"{unit['name']}{self.rng.choice(DISTRICT_WORDS)}{self.rng.choice(DISTRICT_SUFFIXES)}",
                    "status": status,
                    "completion_year": int(self.rng.integers(1995, 2023))
                    if status == "existing"
                    else int(self.rng.integers(2023, 2027)),
                    "households": households,
                    "population": int(round(households * 2.9)) if self.rng.random() < 0.7 else None,
                    "polygon": polygon,
                }
                self.residential.append(record)
                if status != "existing":
                    self.match_new_district(record)
                elif self.rng.random() < 0.5:  # about half of the old districts have a centre nearby
                    c = polygon.centroid
                    angle = self.rng.uniform(0, 2 * np.pi)
                    r = self.rng.uniform(0, 250)
                    point = shapely.Point(c.x + r * np.cos(angle), c.y + r * np.sin(angle))
                    if unit["work"].contains(point):
                        self.add_facility(
                            "childcare",
                            f"{record['name']}托育中心",
                            point,
                            slots=int(self.rng.integers(20, 81)),
                            status="existing",
                            inclusive=True,
                        )

    def match_new_district(self, district: dict) -> None:
        """Give about half of the new districts a facility inside (some with too few slots)."""
        draw = self.rng.random()
        if draw < 0.5:
            population = district["population"] or district["households"] * 2.9
            required = int(np.ceil(4.5 * population / 1000))
            slots = required if draw < 0.35 else max(5, required // 3)
            point = district["polygon"].representative_point()
            self.add_facility(
                "childcare",
                f"{district['name']}配建托育点",
                point,
                slots=slots,
                status="existing" if district["status"] == "new" else "planned",
                inclusive=True,
            )

    # -- candidates and venues -------------------------------------------------------------------
    def build_candidates_and_venues(self) -> None:
        for district in self.residential:
            if self.rng.random() < 0.6:
                c = district["polygon"].centroid
                point = shapely.Point(c.x + self.rng.normal(0, 250), c.y + self.rng.normal(0, 250))
                if not self.land.contains(point):
                    point = district["polygon"].representative_point()
                self.candidates.append({"name": f"{district['name']}周边候选点", "point": point})
        for unit in self.townships:
            if unit["population"] >= 20000:
                self.candidates.append(
                    {"name": f"{unit['name']}社区服务中心", "point": unit["work"].representative_point()}
                )
        for i, cand in enumerate(self.candidates):
            cand.update(
                candidate_id=f"C{i + 1:04d}",
                capacity=int(self.rng.choice([60, 80, 100, 120, 150])),
                cost=float(self.rng.integers(80, 400)) * 10000,
            )
        venue_names = {
            "hospital": "医院",
            "mall": "商场",
            "station": "车站",
            "school": "学校",
            "scenic_a": "A级景区",
        }
        for county in self.counties.values():
            for venue_type, zh in venue_names.items():
                for point in random_points_in(county["work"], int(self.rng.integers(1, 4)), self.rng):
                    venue_id = f"V{len(self.venues) + 1:04d}"
                    self.venues.append(
                        {
                            "venue_id": venue_id,
                            "name": f"{county['name']}{zh}{venue_id[1:]}",
                            "venue_type": venue_type,
                            "point": point,
                        }
                    )
                    if self.rng.random() < 0.6:
                        room = shapely.Point(
                            point.x + self.rng.uniform(-30, 30), point.y + self.rng.uniform(-30, 30)
                        )
                        room = room if self.land.contains(room) else point
                        self.add_facility(
                            "nursing_room",
                            f"{county['name']}{zh}{venue_id[1:]}妈妈小屋",
                            room,
                            status="existing",
                        )


def reproject(transformer: Transformer, geometry):
    """Return ``geometry`` with every vertex passed through ``transformer``."""
    return shapely.transform(geometry, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def lonlat(builder: Builder, point) -> tuple[float, float]:
    """Return a working-CRS point as WGS84 lon/lat."""
    lon, lat = builder.to_wgs.transform(point.x, point.y)
    return float(lon), float(lat)


def feature(geometry, properties: dict) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": mapping(shapely.set_precision(geometry, 1e-6)),
    }


def write_geojson(path: Path, name: str, features: list[dict]) -> None:
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    path.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def to_wgs(builder: Builder, geometry):
    return reproject(builder.to_wgs, geometry)


def write_sample(builder: Builder, out: Path) -> None:
    """Write every layer of the sample to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    areas = [
        feature(
            county["geometry"],
            {
                "area_id": code,
                "name": county["name"],
                "level": "county",
                "parent_id": "350600",
                "population": county["population"],
                "pop_under3": county["pop_under3"],
                "synthetic": False,
            },
        )
        for code, county in builder.counties.items()
    ]
    areas += [
        feature(
            to_wgs(builder, unit["work"]),
            {
                "area_id": unit["code"],
                "name": unit["name"],
                "level": "township",
                "parent_id": unit["county"],
                "population": unit["population"],
                "pop_under3": unit["pop_under3"],
                "synthetic": True,
            },
        )
        for unit in builder.townships
    ]
    write_geojson(out / "areas.geojson", "zhangzhou_areas", areas)

    facility_rows = []
    for record in builder.facilities:
        lon, lat = lonlat(builder, record["point"])
        glon, glat = wgs84_to_gcj02(np.array([lon]), np.array([lat]))
        facility_rows.append(
            {
                "facility_id": record["facility_id"],
                "name": record["name"],
                "kind": record["kind"],
                "slots": record.get("slots", ""),
                "status": record["status"],
                "inclusive": record.get("inclusive", ""),
                "grade": record.get("grade", ""),
                "smart": record.get("smart", ""),
                "designated": record.get("designated", ""),
                "ownership": record.get("ownership", ""),
                "serves": record.get("serves", ""),
                "lon_gcj02": f"{glon[0]:.6f}",
                "lat_gcj02": f"{glat[0]:.6f}",
                "synthetic": True,
            }
        )
    write_csv(out / "facilities.csv", facility_rows)

    residential = [
        feature(
            to_wgs(builder, r["polygon"]),
            {
                k: r[k]
                for k in ("district_id", "name", "status", "completion_year", "households", "population")
            }
            | {"synthetic": True},
        )
        for r in builder.residential
    ]
    write_geojson(out / "residential.geojson", "zhangzhou_residential", residential)
    write_csv(
        out / "candidates.csv",
        [
            {
                "candidate_id": c["candidate_id"],
                "name": c["name"],
                "capacity": c["capacity"],
                "cost": f"{c['cost']:.0f}",
                "lon": f"{lonlat(builder, c['point'])[0]:.6f}",
                "lat": f"{lonlat(builder, c['point'])[1]:.6f}",
                "synthetic": True,
            }
            for c in builder.candidates
        ],
    )
    write_csv(
        out / "venues.csv",
        [
            {
                "venue_id": v["venue_id"],
                "name": v["name"],
                "venue_type": v["venue_type"],
                "lon": f"{lonlat(builder, v['point'])[0]:.6f}",
                "lat": f"{lonlat(builder, v['point'])[1]:.6f}",
                "synthetic": True,
            }
            for v in builder.venues
        ],
    )
    write_indicators(builder, out)
    members = builder.rng.integers(10, 140, len(builder.counties))
    write_csv(
        out / "special_families.csv",
        [
            {"area_id": code, "name": county["name"], "special_assistance_members": int(m), "synthetic": True}
            for (code, county), m in zip(builder.counties.items(), members, strict=True)
        ],
    )


PROVINCE_AVERAGE = {
    "孕产妇死亡率": 9.5,
    "婴儿死亡率": 2.3,
    "婚前医学检查率": 68.0,
    "孕前优生健康检查目标人群覆盖率": 92.0,
    "产前筛查率": 90.0,
}


def write_indicators(builder: Builder, out: Path) -> None:
    """Write a synthetic 2025 indicator table (Chinese headers, with provincial averages)."""
    rng = np.random.default_rng(SEED + 7)
    ranges = {
        "孕产妇死亡率": (0.0, 14.0),
        "婴儿死亡率": (0.8, 3.0),
        "婚前医学检查率": (55.0, 95.0),
        "孕前优生健康检查目标人群覆盖率": (86.0, 99.0),
        "产前筛查率": (86.0, 99.0),
    }
    rows = []
    for code, county in builder.counties.items():
        row = {"区划代码": code, "名称": county["name"]}
        for name, (low, high) in ranges.items():
            row[name] = f"{rng.uniform(low, high):.1f}"
            row[f"{name}全省平均"] = PROVINCE_AVERAGE[name]
        row["synthetic"] = True
        rows.append(row)
    write_csv(out / "indicators.csv", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLE)
    parser.add_argument("--source", type=Path, default=SAMPLE / "source")
    args = parser.parse_args()
    counties, townships = load_sources(args.source)
    builder = Builder(counties, townships, np.random.default_rng(SEED))
    builder.build_townships()
    builder.build_childcare()
    builder.build_rooms_and_services()
    builder.build_residential()
    builder.build_candidates_and_venues()
    write_sample(builder, args.out)
    print(
        f"wrote the Zhangzhou sample to {args.out}: {len(townships)} townships, {len(builder.facilities)} facilities, "
        f"{len(builder.residential)} districts, {len(builder.candidates)} candidates, {len(builder.venues)} venues"
    )


if __name__ == "__main__":
    main()
