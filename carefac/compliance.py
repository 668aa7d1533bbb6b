"""Policy checks: one function per rule of the plan, each returning a tidy table.

Every table has the columns of :data:`FLAG_COLUMNS`: ``rule, subject_id, subject_name, status,
measured, threshold, unit, reason`` (plus ``reason_zh``, ``reason_code`` and ``shortfall``).
``status`` is ``flagged``, ``ok``, ``not_applicable`` or ``skipped``. A rule whose input is
absent returns one ``skipped`` row naming the missing input; it never passes silently.
Distances are straight-line in the study's metric CRS.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd

from ._flagrows import (
    BUILT_OR_PLANNED,
    FLAG_COLUMNS,
    NEW_STATUSES,
    STATUSES,
    _county_facilities,
    _facilities_of,
    _fmt,
    _how,
    _row,
    _skipped,
    _table,
)
from .coverage import city_slots_per_1000, slots_per_1000
from .demand import district_population, under3_share
from .model import StudyArea, locate_points
from .network import EUCLIDEAN, Distances
from .policy import Policy, load_policy

__all__ = [
    "FLAG_COLUMNS",
    "RULES",
    "county_mch_grade",
    "new_residential_childcare",
    "nursing_room",
    "old_residential_childcare",
    "run_checks",
    "slots_per_1000_rule",
    "smart_vaccination",
    "summarise_flags",
    "township_parent_child_room",
    "warm_home",
]

# -- slots per 1000 --------------------------------------------------------------------------------


def _city_table(study: StudyArea, policy: Policy) -> pd.DataFrame:
    """Return the one-row city total (一、总体目标 sets the target for the whole city: 全市)."""
    city = study.areas_at("city")
    if len(city) == 1:
        area_id, name = str(city["area_id"].iloc[0]), str(city["name"].iloc[0])
    else:
        parents = set(study.areas_at("county")["parent_id"].dropna()) if "county" in study.levels else set()
        area_id, name = (parents.pop() if len(parents) == 1 else "city"), "全市"
    return city_slots_per_1000(study, policy, area_id=area_id, name=name)


def slots_per_1000_rule(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Flag the city, its counties and townships below the policy's slots per 1000 residents.

    一、总体目标: "实现每千人口拥有3岁以下婴幼儿托位数4.5个的目标" is the city's target; the city row
    comes first, then every county and township (the plan's target applied to each area)."""
    policy = policy or load_policy()
    rows = []
    tables = [_city_table(study, policy)] + [
        slots_per_1000(study, policy, level=level)
        for level in ("county", "township")
        if level in study.levels
    ]
    for table in tables:
        for r in table.itertuples(index=False):
            if r.population == 0:
                rows.append(
                    _row(
                        "slots_per_1000",
                        r.area_id,
                        r.name,
                        "not_applicable",
                        None,
                        r.target_per_1000,
                        "slots per 1000",
                        "no_population",
                        "no residents",
                        "无常住人口",
                    )
                )
                continue
            measured = round(float(r.slots_per_1000), 3)
            if r.meets_target:
                rows.append(
                    _row(
                        "slots_per_1000",
                        r.area_id,
                        r.name,
                        "ok",
                        measured,
                        r.target_per_1000,
                        "slots per 1000",
                        "meets_target",
                        f"{measured:.2f} slots per 1000 residents meets the target {r.target_per_1000}",
                        f"每千人口托位数{measured:.2f}，达到目标{r.target_per_1000}",
                    )
                )
            else:
                rows.append(
                    _row(
                        "slots_per_1000",
                        r.area_id,
                        r.name,
                        "flagged",
                        measured,
                        r.target_per_1000,
                        "slots per 1000",
                        "below_target",
                        f"{measured:.2f} slots per 1000 residents, below the target {r.target_per_1000}: {r.slots_needed:,} more slots needed",
                        f"每千人口托位数{measured:.2f}，低于目标{r.target_per_1000}，尚需{r.slots_needed:,}个托位",
                        shortfall=float(r.slots_needed),
                    )
                )
    return _table(rows)


# -- residential districts -------------------------------------------------------------------------


def new_districts(districts: gpd.GeoDataFrame, policy: Policy) -> gpd.GeoDataFrame:
    """Return the districts the new-district rule applies to.

    Those whose status is ``new``, ``planned`` or ``under_construction``, and ``existing`` ones
    completed in or after the profile's ``start_year``.
    """
    recent = districts["completion_year"] >= policy.start_year if "completion_year" in districts else False
    return districts[districts["status"].isin(NEW_STATUSES) | ((districts["status"] == "existing") & recent)]


def allocate_slots_by_distance(
    pair_district: np.ndarray,
    pair_facility: np.ndarray,
    pair_distance: np.ndarray,
    required: np.ndarray,
    capacity: np.ndarray,
    district_ids: np.ndarray,
) -> np.ndarray:
    """Return the slots each district receives when facilities' slots are shared by distance.

    Pairs are taken from the shortest distance up (ties: district id, then facility position);
    each pair moves ``min(slots the facility still has, slots the district still needs)``. A
    facility's slots are therefore never counted twice, and go first to the districts nearest to
    it.
    """
    remaining_capacity = capacity.astype(float).copy()
    remaining_need = required.astype(float).copy()
    received = np.zeros(len(required))
    order = np.lexsort((pair_facility, district_ids[pair_district], pair_distance))
    for k in order:
        d, f = pair_district[k], pair_facility[k]
        moved = min(remaining_capacity[f], remaining_need[d])
        if moved > 0:
            remaining_capacity[f] -= moved
            remaining_need[d] -= moved
            received[d] += moved
    return received


def _district_is_urban(study: StudyArea, districts: gpd.GeoDataFrame) -> np.ndarray:
    """Return per district: True (城镇), False (乡村) or None (unknown).

    The ``urban`` column where given; else the kind of the township it lies in: 街道 and 镇 are
    城镇, 乡 (and units like 乡) 乡村.
    """
    urban = np.full(len(districts), None, dtype=object)
    townships = study.areas_at("township")
    if len(townships) and len(districts):
        kinds = dict(zip(townships["area_id"], township_unit_kinds(townships), strict=True))
        where = locate_points(districts.geometry.representative_point(), townships)
        kind = where.map(lambda a: kinds.get(a) if a is not None else None).to_numpy()
        urban = np.where(
            np.isin(kind, ["subdistrict", "town"]),
            True,
            np.where(np.isin(kind, ["xiang", "xiang_like"]), False, None),
        )
    if "urban" in districts:
        given = districts["urban"].to_numpy(dtype=object)
        urban = np.where(pd.isna(given), urban, given)
    return urban


def _own_pairs(districts: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame, pairs) -> np.ndarray:
    """Return, per pair, whether the facility is the district's own: inside it, or linked by ``district_id``."""
    own = pairs.distance_m <= 0.0
    if "district_id" in facilities and len(pairs):
        linked = facilities["district_id"].astype(object).to_numpy()[pairs.destination]
        own |= linked == districts["district_id"].to_numpy()[pairs.origin]
    return own


def new_residential_childcare(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check that new urban residential districts have their own childcare (配建), delivered with them.

    (三)6: "新建城镇居住区…将托育服务设施纳入居住区配建公共服务设施…应当与住宅同步验收、同步交付使用".
    A district needs ``ceil(population × new_district_slots_per_1000 / 1000)`` slots (population
    from ``households × persons_per_household`` where only households are given).

    - 配建: a childcare facility inside the district, or linked to it by a ``district_id`` on the
      facility, is the district's own. A nearby facility (within ``service_distance_m``, measured
      as everywhere in carefac) counts only where the profile's ``new_district_nearby_counts`` is
      true; the flag row says which kind of provision it found (``reason_code``).
    - 同步交付: a district already delivered (status ``existing``, completed since the plan's start)
      needs existing facilities; for one still planned or under construction, planned facilities
      count too.
    - 城镇: rural districts (``urban`` false, or lying in a 乡) are ``not_applicable``.

    A facility serving several districts shares its slots by distance (see
    :func:`allocate_slots_by_distance`), so no slot counts twice.
    """
    rule = "new_residential_childcare"
    policy = policy or load_policy()
    if study.residential is None:
        return _skipped(rule, "residential", "add [layers.residential] with district polygons")
    districts = new_districts(study.residential, policy).reset_index(drop=True)
    population = district_population(districts, policy).to_numpy()
    required = np.ceil(np.round(population * policy.new_district_slots_per_1000 / 1000.0, 9))
    facilities = _facilities_of(study, policy.childcare_kinds, BUILT_OR_PLANNED)
    if facilities is None:
        facilities = gpd.GeoDataFrame({"slots": [], "status": []}, geometry=[], crs=study.crs)
    facilities = facilities.reset_index(drop=True)
    en, zh = _how(distance)
    pairs = distance.pairs(districts, facilities, cutoff_m=policy.service_distance_m)
    radius = policy.service_distance_m
    delivered = (districts["status"] == "existing").to_numpy()
    usable = ~(delivered[pairs.origin] & (facilities["status"].to_numpy()[pairs.destination] != "existing"))
    own = _own_pairs(districts, facilities, pairs)
    counted = usable & (own | bool(policy.new_district_nearby_counts))
    known = ~np.isnan(required)
    received = allocate_slots_by_distance(
        pairs.origin[counted],
        pairs.destination[counted],
        pairs.distance_m[counted],
        np.where(known, required, 0),
        facilities["slots"].fillna(0).to_numpy(),
        districts["district_id"].to_numpy(),
    )
    has_own = np.bincount(pairs.origin[usable & own], minlength=len(districts)) > 0
    has_near = np.bincount(pairs.origin[usable & ~own], minlength=len(districts)) > 0
    only_planned = np.bincount(pairs.origin[~usable], minlength=len(districts)) > 0
    urban = _district_is_urban(study, districts)
    nearby_ok = bool(policy.new_district_nearby_counts)
    rows = []
    for i, d in enumerate(districts.itertuples(index=False)):
        if urban[i] is False:
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "not_applicable",
                    None,
                    None,
                    "slots",
                    "rural_district",
                    "a rural district (乡村): the rule is for new urban (城镇) districts",
                    "乡村居住区，本条适用于新建城镇居住区",
                )  # fmt: skip
            )
            continue
        if not known[i]:
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "skipped",
                    None,
                    None,
                    "slots",
                    "no_population",
                    "not checked: the district gives neither population nor households",
                    "未检查：该居住区既无人口也无户数",
                )
            )
            continue
        need, got = float(required[i]), float(received[i])
        kind_en, kind_zh = (
            ("its own facility", "配建设施")
            if has_own[i]
            else (f"facilities within {radius:g} m{en}", f"{zh}{radius:g}米内设施")
        )
        if got >= need:
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "ok",
                    got,
                    need,
                    "slots",
                    "own_provision" if has_own[i] else "nearby_provision",
                    f"{_fmt(got)} of {_fmt(need)} required slots from {kind_en}",
                    f"{kind_zh}提供托位{_fmt(got)}个，满足配建要求{_fmt(need)}个",
                    shortfall=0.0,
                )  # fmt: skip
            )
            continue
        if got > 0:
            code, text_en, text_zh = (
                "insufficient_slots",
                f"{_fmt(got)} of {_fmt(need)} required slots from {kind_en} (short by {_fmt(need - got)})",
                f"{kind_zh}提供托位{_fmt(got)}个，低于配建要求{_fmt(need)}个，缺{_fmt(need - got)}个",
            )
        elif has_near[i] and not nearby_ok:
            code, text_en, text_zh = (
                "only_nearby",
                f"no childcare of its own (配建): facilities within {radius:g} m{en} do not count under this profile; {_fmt(need)} slots required",
                f"未配建托育设施（{zh}{radius:g}米内的周边设施按本规划不计），应配建托位{_fmt(need)}个",
            )
        elif delivered[i] and only_planned[i]:
            code, text_en, text_zh = (
                "only_planned",
                f"delivered, but its childcare is only planned or under construction (同步交付); {_fmt(need)} slots required",
                f"住宅已交付但托育设施仍为规划或在建（未同步交付），应配建托位{_fmt(need)}个",
            )
        else:
            code, text_en, text_zh = (
                "no_facility",
                f"no childcare facility inside{'' if not nearby_ok else f' or within {radius:g} m{en}'}; {_fmt(need)} slots required",
                f"区内{'' if not nearby_ok else f'及{zh}{radius:g}米内'}无托育设施，应配建托位{_fmt(need)}个",
            )
        rows.append(
            _row(
                rule,
                d.district_id,
                d.name,
                "flagged",
                got,
                need,
                "slots",
                code,
                text_en,
                text_zh,
                shortfall=need - got,
            )
        )
    return _table(rows)


def old_residential_childcare(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """List existing districts without childcare, or whose childcare falls short of the standard.

    (三)6: "老城区和已建成居住区无托育服务设施或者现有设施未达到标准的，通过购置、置换、租赁等方式解决".
    A district needs ``ceil(population × new_district_slots_per_1000 / 1000)`` slots; existing
    childcare within ``service_distance_m`` supplies it, a facility's slots shared by distance
    among the districts it reaches (never counted twice). Flagged: ``no_slot_within`` (none
    within reach) and ``insufficient_slots`` (short of the standard), first, ranked by their
    children under 3 (``pop_under3`` of the district, else its population × the under-3 share of
    its township or county). ``measured`` is the slots received; the reason gives the distance to
    the nearest childcare when none is within reach (up to ten times the service distance).
    """
    rule = "old_residential_childcare"
    policy = policy or load_policy()
    if study.residential is None:
        return _skipped(rule, "residential", "add [layers.residential] with district polygons")
    recent = new_districts(study.residential, policy).index
    districts = study.residential.drop(index=recent).reset_index(drop=True)
    facilities = _facilities_of(study, policy.childcare_kinds)
    if facilities is None:
        facilities = gpd.GeoDataFrame({"slots": []}, geometry=[], crs=study.crs)
    facilities = facilities[facilities["slots"].fillna(0) > 0].reset_index(drop=True)
    en, zh = _how(distance)
    radius = policy.service_distance_m
    pairs = distance.pairs(districts, facilities, cutoff_m=radius * 10)
    nearest = np.full(len(districts), np.inf)
    np.minimum.at(nearest, pairs.origin, pairs.distance_m)
    population = district_population(districts, policy).to_numpy()
    required = np.ceil(np.round(population * policy.new_district_slots_per_1000 / 1000.0, 9))
    within = pairs.distance_m <= radius
    received = allocate_slots_by_distance(
        pairs.origin[within],
        pairs.destination[within],
        pairs.distance_m[within],
        np.nan_to_num(required),
        facilities["slots"].fillna(0).to_numpy(),
        districts["district_id"].to_numpy(),
    )
    under3 = (
        districts["pop_under3"].astype(float).to_numpy()
        if "pop_under3" in districts
        else np.full(len(districts), np.nan)
    )
    estimate = population * under3_share(study, districts.geometry.representative_point())[0]
    under3 = np.where(np.isnan(under3), estimate, under3)
    rows = []
    for i, d in enumerate(districts.itertuples(index=False)):
        children = "unknown" if np.isnan(under3[i]) else f"{under3[i]:,.0f}"
        children_zh = "未知" if np.isnan(under3[i]) else f"{under3[i]:,.0f}"
        rank = None if np.isnan(under3[i]) else float(round(under3[i]))
        need, got = float(np.nan_to_num(required[i])), float(received[i])
        if nearest[i] <= radius and (np.isnan(required[i]) or got >= need):
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "ok",
                    got,
                    need,
                    "slots",
                    "slots_within",
                    f"{_fmt(got)} childcare slots within {radius:g} m{en} (standard {_fmt(need)})",
                    f"{zh}{radius:g}米内有托位{_fmt(got)}个（标准{_fmt(need)}个）",
                )  # fmt: skip
            )
        elif nearest[i] <= radius:
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "flagged",
                    got,
                    need,
                    "slots",
                    "insufficient_slots",
                    f"{_fmt(got)} childcare slots within {radius:g} m{en}, below the standard {_fmt(need)}; about {children} children under 3",
                    f"{zh}{radius:g}米内托位{_fmt(got)}个，未达标准{_fmt(need)}个，3岁以下婴幼儿约{children_zh}人",
                    shortfall=rank,
                )  # fmt: skip
            )
        else:
            near = None if np.isinf(nearest[i]) else round(float(nearest[i]), 1)
            where = f"nearest {near:g} m" if near is not None else f"none within {radius * 10:g} m"
            where_zh = f"最近{near:g}米" if near is not None else f"{radius * 10:g}米内均无"
            rows.append(
                _row(
                    rule,
                    d.district_id,
                    d.name,
                    "flagged",
                    0.0,
                    need,
                    "slots",
                    "no_slot_within",
                    f"no childcare slot within {radius:g} m{en} ({where}); about {children} children under 3",
                    f"{zh}{radius:g}米内无托育托位（{where_zh}），3岁以下婴幼儿约{children_zh}人",
                    shortfall=rank,
                )  # fmt: skip
            )
    table = _table(rows)
    flagged = table["status"] == "flagged"
    ranked = table[flagged].sort_values("shortfall", ascending=False, na_position="last", kind="stable")
    return pd.concat([ranked, table[~flagged]], ignore_index=True)


# -- townships and counties -----------------------------------------------------------------------


def township_unit_kinds(townships: pd.DataFrame) -> pd.Series:
    """Return each township-level unit's kind: ``subdistrict`` (街道), ``town`` (镇), ``xiang`` (乡)
    or ``xiang_like`` (农场, 开发区 … counted like 乡); ``None`` when unknown.

    From the ``unit_kind`` column where given, else from the statistical code (GB/T 10114):
    digits 7–9 are 0xx for 街道, 1xx for 镇, 2xx for 乡, 4xx–5xx for units like 乡.
    """
    by_code = {"0": "subdistrict", "1": "town", "2": "xiang", "4": "xiang_like", "5": "xiang_like"}
    codes = townships["area_id"].astype(str)
    from_code = codes.map(lambda c: by_code.get(c[6]) if len(c) == 9 and c.isdigit() else None)
    if "unit_kind" in townships:
        given = townships["unit_kind"].where(townships["unit_kind"].notna(), None)
        return given.where(given.notna(), from_code)
    return from_code


_UNIT_WORDS = {"subdistrict": ("subdistrict (街道)", "街道"), "town": ("town", "镇"), "xiang": ("xiang", "乡"),
               "xiang_like": ("unit like a xiang", "类似乡级单位")}  # fmt: skip


def township_parent_child_room(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check that every 乡镇 of ``township_room_min_population``+ residents has a parent-child room.

    (三)8: "人口数3万以上的乡镇至少建成1所'向日葵亲子小屋'". The rule is for 乡镇 — 乡 and 镇
    (and units like 乡, per the profile's ``parent_child_room_unit_kinds``); 街道 are
    ``not_applicable`` with that reason. A room counts for a township when it lies inside it or
    on its boundary (a room on a shared boundary counts for both). Only existing rooms count.
    Townships below the threshold are ``not_applicable``, not passing; a unit whose kind is
    unknown (no ``unit_kind``, no statistical code) is ``skipped``.
    """
    rule = "township_parent_child_room"
    policy = policy or load_policy()
    townships = study.areas_at("township")
    if townships.empty:
        return _skipped(rule, "township areas", "add township polygons (level = township) to [layers.areas]")
    rooms = _facilities_of(study, "parent_child_room")
    if rooms is None:
        return _skipped(rule, "facilities", "add [layers.facilities] with kind = parent_child_room")
    counts = np.zeros(len(townships), dtype=np.int64)
    if len(rooms):
        township_idx, _room_idx = rooms.sindex.query(townships.geometry.to_numpy(), predicate="covers")
        counts = np.bincount(township_idx, minlength=len(townships))
    kinds = township_unit_kinds(townships).to_numpy()
    subjects = set(policy.parent_child_room_unit_kinds)
    threshold = policy.township_room_min_population
    rows = []
    for t, count, kind in zip(townships.itertuples(index=False), counts, kinds, strict=True):
        if kind is None:
            rows.append(
                _row(
                    rule,
                    t.area_id,
                    t.name,
                    "skipped",
                    int(count),
                    threshold,
                    "rooms",
                    "unit_kind_unknown",
                    "not checked: whether the unit is a 乡, 镇 or 街道 is unknown (give unit_kind or the 9-digit code)",
                    "未检查：无法判断该单位是乡、镇还是街道（请提供乡镇类型或9位区划代码）",
                )  # fmt: skip
            )
        elif kind not in subjects:
            en, zh = _UNIT_WORDS.get(kind, (kind, kind))
            rows.append(
                _row(
                    rule,
                    t.area_id,
                    t.name,
                    "not_applicable",
                    int(count),
                    threshold,
                    "rooms",
                    "not_a_xiang_or_zhen",
                    f"a {en}: the rule is for 乡镇 (xiang and towns)",
                    f"{zh}，本条适用于乡镇",
                )  # fmt: skip
            )
        elif t.population < threshold:
            rows.append(
                _row(
                    rule,
                    t.area_id,
                    t.name,
                    "not_applicable",
                    int(count),
                    threshold,
                    "rooms",
                    "below_threshold",
                    f"{t.population:,} residents, below {threshold:,}: the rule does not apply",
                    f"常住人口{t.population:,}人，不足{threshold:,}人，不适用",
                )
            )
        elif count == 0:
            rows.append(
                _row(
                    rule,
                    t.area_id,
                    t.name,
                    "flagged",
                    0,
                    threshold,
                    "rooms",
                    "no_room",
                    f"{t.population:,} residents (at least {threshold:,}) and no parent-child room",
                    f"常住人口{t.population:,}人（≥{threshold:,}人），尚无向日葵亲子小屋",
                    shortfall=1,
                )
            )
        else:
            rows.append(
                _row(
                    rule,
                    t.area_id,
                    t.name,
                    "ok",
                    int(count),
                    threshold,
                    "rooms",
                    "has_room",
                    f"{count} parent-child room{'s' if count > 1 else ''} for {t.population:,} residents",
                    f"已建向日葵亲子小屋{count}所（常住人口{t.population:,}人）",
                )
            )
    return _table(rows)


def county_mch_grade(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check each county's maternal and child health (MCH) institution grade.

    Counties of ``county_mch_grade2_min_population``+ residents need an institution of grade
    ``county_mch_required_grade`` or higher; smaller counties need an institution (outpatient
    clinic) of any grade. An institution belongs to the county in its ``serves`` column, else to
    the county it lies in (give ``serves`` for a city-level institution that lies in a county).
    """
    rule = "county_mch_grade"
    policy = policy or load_policy()
    counties = study.areas_at("county")
    if counties.empty:
        return _skipped(rule, "county areas", "add county polygons (level = county) to [layers.areas]")
    institutions = _county_facilities(study, "mch_institution")
    if institutions is None:
        return _skipped(rule, "facilities", "add [layers.facilities] with kind = mch_institution")
    grades = institutions["grade"] if "grade" in institutions else pd.Series(np.nan, index=institutions.index)
    best = grades.astype(float).groupby(institutions["serves_county"]).max()
    areas_m2 = (
        institutions["floor_area_m2"]
        if "floor_area_m2" in institutions
        else pd.Series(np.nan, index=institutions.index)
    )
    floor_area = areas_m2.astype(float).groupby(institutions["serves_county"]).max().to_dict()
    present = set(institutions["serves_county"].dropna())
    rows = []
    for c in counties.itertuples(index=False):
        large = c.population >= policy.county_mch_grade2_min_population
        required = policy.county_mch_required_grade if large else 0
        need_en = (
            f"grade {required} (population {c.population:,} ≥ {policy.county_mch_grade2_min_population:,})"
            if large
            else "an outpatient clinic"
        )
        need_zh = (
            f"二级标准（常住人口{c.population:,}人）"
            if large and required == 2
            else (f"{required}级标准" if large else "开设门诊")
        )
        if c.area_id not in present:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "flagged",
                    None,
                    required,
                    "grade",
                    "no_institution",
                    f"no MCH institution; needs {need_en}",
                    f"无妇幼保健机构，应达到{need_zh}",
                )
            )
            continue
        grade = best.get(c.area_id)
        if large and (pd.isna(grade) or grade < required):
            shown = "unknown" if pd.isna(grade) else f"{grade:g}"
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "flagged",
                    None if pd.isna(grade) else float(grade),
                    required,
                    "grade",
                    "grade_below",
                    f"MCH institution grade {shown}, needs {need_en}",
                    f"妇幼保健机构等级{'未知' if pd.isna(grade) else f'{grade:g}级'}，应达到{need_zh}",
                    shortfall=None if pd.isna(grade) else float(required - grade),
                )
            )
        elif large:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "ok",
                    None if pd.isna(grade) else float(grade),
                    required,
                    "grade",
                    "grade_met",
                    f"MCH institution meets {need_en}",
                    f"妇幼保健机构达到{need_zh}",
                )
            )
        else:
            rows.append(
                _outpatient_row(rule, c, floor_area.get(c.area_id), policy.county_mch_min_floor_area_m2)
            )
    return _table(rows)


def _outpatient_row(rule: str, county, area_m2: float | None, minimum: float | None) -> dict:
    """Return the row of a county under 300,000: "开设门诊且建筑面积达标" — an institution with an
    outpatient clinic, and its floor area against the profile's standard where both are known."""
    if minimum is None:
        return _row(rule, county.area_id, county.name, "ok", None, 0, "grade", "outpatient_floor_area_unchecked",
                    "MCH institution with an outpatient clinic; floor area not checked (the profile sets no standard)",
                    "妇幼保健机构已开设门诊；建筑面积未核查（配置中无面积标准）")  # fmt: skip
    if area_m2 is None or pd.isna(area_m2):
        return _row(rule, county.area_id, county.name, "skipped", None, minimum, "m²", "floor_area_unknown",
                    f"not checked: the MCH institution's floor area is unknown (standard {minimum:,.0f} m²)",
                    f"未检查：妇幼保健机构建筑面积未知（标准{minimum:,.0f}平方米）")  # fmt: skip
    ok = area_m2 >= minimum
    return _row(rule, county.area_id, county.name, "ok" if ok else "flagged", float(area_m2), minimum, "m²",
                "floor_area_met" if ok else "floor_area_below",
                f"MCH institution of {area_m2:,.0f} m², standard {minimum:,.0f} m²",
                f"妇幼保健机构建筑面积{area_m2:,.0f}平方米，标准{minimum:,.0f}平方米",
                shortfall=None if ok else float(minimum - area_m2))  # fmt: skip


#: Columns of special-assistance members of families bereaved of their only child (独生子女死亡).
#: A bare 人数 or members is ambiguous (every special-assistance family? every member?) and refused.
MEMBER_COLUMNS = (
    "special_assistance_members",
    "独生子女死亡特别扶助对象人数",
    "独生子女死亡特扶人数",
    "独生子女死亡特扶对象人数",
)
AMBIGUOUS_MEMBER_COLUMNS = ("人数", "members", "对象人数", "特扶人数", "扶助人数", "特别扶助对象人数")


def _members_column(table: pd.DataFrame) -> str | None:
    """Return the column of a special-families table that holds the member counts."""
    return next((c for c in MEMBER_COLUMNS if c in table.columns), None)


def warm_home(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check that counties with ``warm_home_min_members``+ special-assistance members have a 暖心家园.

    Members come from the county table ``special_families`` (columns ``area_id`` and
    ``special_assistance_members``); a county missing from the table is ``skipped``.
    """
    rule = "warm_home"
    policy = policy or load_policy()
    table = study.tables.get("special_families")
    if table is None:
        return _skipped(
            rule,
            "special_families table",
            "add [tables.special_families] with area_id and special_assistance_members",
        )
    column = _members_column(table)
    if column is None or "area_id" not in table:
        return _skipped(
            rule, "special_families columns", "the table needs area_id and special_assistance_members"
        )
    from .io import to_number

    members = dict(zip(table["area_id"].astype(str).str.strip(), to_number(table[column]), strict=True))
    homes = _county_facilities(study, "warm_home")
    with_home = set() if homes is None else set(homes["serves_county"].dropna())
    threshold = policy.warm_home_min_members
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        count = members.get(c.area_id)
        if count is None or pd.isna(count):
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "skipped",
                    None,
                    threshold,
                    "members",
                    "no_row",
                    "not checked: the county has no row in the special_families table",
                    "未检查：特别扶助对象表中无该县(区)",
                )
            )
        elif count < threshold:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "not_applicable",
                    float(count),
                    threshold,
                    "members",
                    "below_threshold",
                    f"{count:g} special-assistance members, below {threshold}: the rule does not apply",
                    f"特别扶助对象{count:g}人，不足{threshold}人，不适用",
                )
            )
        elif c.area_id in with_home:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "ok",
                    float(count),
                    threshold,
                    "members",
                    "has_warm_home",
                    f"{count:g} special-assistance members and a warm home",
                    f"特别扶助对象{count:g}人，已建暖心家园",
                )
            )
        else:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "flagged",
                    float(count),
                    threshold,
                    "members",
                    "no_warm_home",
                    f"{count:g} special-assistance members (at least {threshold}) and no warm home",
                    f"特别扶助对象{count:g}人（≥{threshold}人），尚未建设暖心家园",
                    shortfall=1,
                )
            )
    return _table(rows)


def nursing_room(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check that hospitals, malls, stations, schools and A-level scenic spots have a nursing room.

    A venue passes when a ``nursing_room`` facility lies inside its polygon or within
    ``nursing_room_distance_m`` of it, or when its ``has_nursing_room`` column says so.
    """
    rule = "nursing_room"
    policy = policy or load_policy()
    if study.venues is None:
        return _skipped(rule, "venues", "add [layers.venues] with hospitals, malls, stations, schools")
    venues = study.venues[study.venues["venue_type"].isin(policy.nursing_room_venue_types)].reset_index(
        drop=True
    )
    rooms = _facilities_of(study, "nursing_room")
    rooms = gpd.GeoDataFrame(geometry=[], crs=study.crs) if rooms is None else rooms
    pairs = distance.pairs(venues, rooms, cutoff_m=policy.nursing_room_distance_m)
    nearest = np.full(len(venues), np.inf)
    np.minimum.at(nearest, pairs.origin, pairs.distance_m)
    declared = (
        venues["has_nursing_room"].fillna(False).to_numpy(dtype=bool)
        if "has_nursing_room" in venues
        else np.zeros(len(venues), bool)
    )
    limit = policy.nursing_room_distance_m
    rows = []
    for i, v in enumerate(venues.itertuples(index=False)):
        if np.isfinite(nearest[i]):
            rows.append(
                _row(
                    rule,
                    v.venue_id,
                    v.name,
                    "ok",
                    round(float(nearest[i]), 1),
                    limit,
                    "m",
                    "room_nearby",
                    f"nursing room {nearest[i]:.0f} m away",
                    f"{nearest[i]:.0f}米内有妈妈小屋",
                )
            )
        elif declared[i]:
            rows.append(
                _row(
                    rule,
                    v.venue_id,
                    v.name,
                    "ok",
                    None,
                    limit,
                    "m",
                    "declared",
                    "nursing room declared by the venue (has_nursing_room)",
                    "场所登记有母婴室",
                )
            )
        else:
            rows.append(
                _row(
                    rule,
                    v.venue_id,
                    v.name,
                    "flagged",
                    None,
                    limit,
                    "m",
                    "no_nursing_room",
                    f"no nursing room inside or within {limit:g} m",
                    f"场所内及{limit:g}米内无妈妈小屋",
                    shortfall=1,
                )
            )
    return _table(rows)


def smart_vaccination(
    study: StudyArea, policy: Policy | None = None, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check the share of smart (智慧化) vaccination clinics per county against the 2025 target."""
    rule = "smart_vaccination"
    policy = policy or load_policy()
    clinics = _county_facilities(study, "vaccination_clinic")
    if clinics is None:
        return _skipped(rule, "facilities", "add [layers.facilities] with kind = vaccination_clinic")
    if "smart" not in clinics:
        return _skipped(rule, "smart column", "give vaccination clinics a smart column (true/false)")
    target = policy.smart_vaccination_target_share
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        own = clinics[clinics["serves_county"] == c.area_id]
        known = own["smart"].dropna()
        if own.empty:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "skipped",
                    None,
                    target,
                    "share",
                    "no_clinics",
                    "not checked: no vaccination clinic in the county",
                    "未检查：该县(区)无预防接种门诊",
                )
            )
            continue
        smart = int(known.astype(bool).sum())
        share = smart / len(own)  # a clinic whose smart value is unknown stays in the denominator
        unknown = len(own) - len(known)
        note_en = f", {unknown} unknown" if unknown else ""
        note_zh = f"，{unknown}个未知" if unknown else ""
        text_en = (
            f"{smart} of {len(own)} vaccination clinics smart ({share:.0%}{note_en}; target {target:.0%})"
        )
        text_zh = f"智慧化预防接种门诊{smart}/{len(own)}（{share:.0%}{note_zh}，目标{target:.0%}）"
        if share + 1e-12 >= target:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "ok",
                    round(share, 4),
                    target,
                    "share",
                    "share_met",
                    text_en,
                    text_zh,
                )
            )
        else:
            rows.append(
                _row(
                    rule,
                    c.area_id,
                    c.name,
                    "flagged",
                    round(share, 4),
                    target,
                    "share",
                    "share_below",
                    text_en,
                    text_zh,
                    shortfall=float(int(np.ceil(target * len(own) - 1e-9)) - smart),
                )
            )
    return _table(rows)


#: Every rule, in report order.
RULES: dict[str, Callable[..., pd.DataFrame]] = {
    "slots_per_1000": slots_per_1000_rule,
    "new_residential_childcare": new_residential_childcare,
    "old_residential_childcare": old_residential_childcare,
    "township_parent_child_room": township_parent_child_room,
    "county_mch_grade": county_mch_grade,
    "warm_home": warm_home,
    "nursing_room": nursing_room,
    "smart_vaccination": smart_vaccination,
}


def _plan_rules() -> dict[str, Callable[..., pd.DataFrame]]:
    """Return the county service and indicator rules (defined in :mod:`carefac.indicators`)."""
    from . import indicators

    return {
        "prenatal_screening_per_county": indicators.prenatal_screening_per_county,
        "designated_hospital_per_county": indicators.designated_hospital_per_county,
        "city_mch_grade": indicators.city_mch_grade,
        "indicators": indicators.indicator_rules,
    }


def rule_ids() -> list[str]:
    """Return every rule id, in report order (each indicator is a rule of its own)."""
    from .indicators import INDICATORS

    plan = [k for k in _plan_rules() if k != "indicators"]
    return [*RULES, *plan, *(f"indicator_{i.name}" for i in INDICATORS)]


def run_checks(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    rules: list[str] | None = None,
    distance: Distances = EUCLIDEAN,
) -> pd.DataFrame:
    """Run every rule (or those named, see :func:`rule_ids`) and return one tidy flags table.

    ``distance`` says how service distances are measured: straight-line by default, or along a
    road network (see :class:`carefac.network.Distances`).

    Raises
    ------
    ConfigError
        A rule id that is not known (the known ones are listed).
    """
    from ._errors import ConfigError, Problem

    policy = policy or load_policy()
    functions = {**RULES, **_plan_rules()}
    names = rules or rule_ids()
    unknown = [n for n in names if n not in rule_ids()]
    if unknown:
        raise ConfigError(
            [Problem("rules", f"unknown rules {unknown}.", f"use rule ids from: {', '.join(rule_ids())}.")]
        )
    tables, indicator_names = [], [n for n in names if n.startswith("indicator_")]
    for name in names:
        if name in functions:
            tables.append(functions[name](study, policy, distance=distance))
        elif name == indicator_names[0]:  # the indicators are read once, then kept as asked
            every = functions["indicators"](study, policy, distance=distance)
            tables.append(every[every["rule"].isin(indicator_names)])
    return pd.concat(tables, ignore_index=True)


def summarise_flags(flags: pd.DataFrame) -> pd.DataFrame:
    """Return counts per rule and status (one row per rule, one column per status)."""
    counts = pd.crosstab(flags["rule"], flags["status"]).reindex(columns=list(STATUSES), fill_value=0)
    known = [*RULES, "prenatal_screening_per_county", "designated_hospital_per_county", "city_mch_grade"]
    order = [r for r in known if r in counts.index] + sorted(r for r in counts.index if r not in known)
    return counts.reindex(order).reset_index().rename_axis(columns=None)
