"""Childcare provision: slots per 1000 residents, and childcare of new and old residential districts."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .._notices import Notice, shown
from ..coverage import city_slots_per_1000, slots_per_1000
from ..demand import district_population, under3_share
from ..model import StudyArea, locate_points
from ..network import EUCLIDEAN, Distances
from ..policy import Policy
from ._areas import township_unit_kinds
from ._registry import rule
from ._rows import BUILT_OR_PLANNED, NEW_STATUSES, facilities_of, flag_row, flag_table, skipped_table

__all__ = [
    "allocate_slots_by_distance",
    "new_district_notices",
    "new_districts",
    "new_residential_childcare",
    "old_residential_childcare",
    "slots_per_1000_rule",
]


def _city_table(study: StudyArea, policy: Policy) -> pd.DataFrame:
    """Return the one-row city total (一、总体目标 sets the target for the whole city: 全市)."""
    area_id, name = study.city()
    return city_slots_per_1000(study, policy, area_id=area_id, name=name)


@rule(
    "slots_per_1000",
    title_zh="每千人口托位数",
    title_en="slots per 1000 residents",
    clause="一、总体目标: “实现每千人口拥有3岁以下婴幼儿托位数4.5个的目标”",
    subject=("city", "county", "township"),
    thresholds=("slots_per_1000_target",),
    needs=("areas_population", "childcare"),
)
def slots_per_1000_rule(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Flag the city, its counties and townships below the policy's slots per 1000 residents.

    一、总体目标: "实现每千人口拥有3岁以下婴幼儿托位数4.5个的目标" is the city's target; the city row
    comes first, then every county and township (the plan's target applied to each area). At
    least the target meets it (the slots still needed are zero)."""
    rows = []
    tables = [_city_table(study, policy)] + [
        slots_per_1000(study, policy, level=level)
        for level in ("county", "township")
        if level in study.levels
    ]
    for table in tables:
        for r in table.itertuples(index=False):
            common = dict(rule="slots_per_1000", subject_id=r.area_id, subject_name=r.name,
                          threshold=r.target_per_1000, unit="slots per 1000")  # fmt: skip
            if r.population == 0:
                rows.append(flag_row(**common, status="not_applicable", code="no_population"))
                continue
            measured = round(float(r.slots_per_1000), 3)
            facts = {"measured": measured, "target": r.target_per_1000, "needed": int(r.slots_needed)}
            if r.meets_target:
                rows.append(
                    flag_row(**common, status="ok", code="meets_target", measured=measured, facts=facts)
                )
            else:
                rows.append(flag_row(**common, status="flagged", code="below_target", measured=measured,
                                     shortfall=float(r.slots_needed), facts=facts))  # fmt: skip
    return flag_table(rows)


def new_districts(districts: gpd.GeoDataFrame, policy: Policy) -> gpd.GeoDataFrame:
    """Return the districts the new-district rule applies to.

    Those whose status is ``new``, ``planned`` or ``under_construction``, and ``existing`` ones
    completed in or after the profile's ``start_year``.
    """
    recent = districts["completion_year"] >= policy.start_year if "completion_year" in districts else False
    return districts[districts["status"].isin(NEW_STATUSES) | ((districts["status"] == "existing") & recent)]


def new_district_notices(districts: pd.DataFrame | None, policy: Policy, source: str = "") -> list[Notice]:
    """Return notices where a district's status and completion year tell different things: marked
    existing but completed in or after the plan's ``start_year`` (checked as new, see
    :func:`new_districts`), or marked new but completed before it (checked as new, as marked)."""
    if districts is None or "completion_year" not in districts or policy.start_year is None or districts.empty:
        return []
    year = pd.to_numeric(districts["completion_year"], errors="coerce").astype(float)  # NaN where not given
    status = districts["status"].astype(object)
    ids = districts["district_id"].astype(str) if "district_id" in districts else districts.index.astype(str)
    def listed(mask: np.ndarray) -> str:
        return shown((f"{i} {y:.0f}" for i, y in zip(ids[mask], year[mask], strict=True)), most=5)

    notices = []
    recent = ((status == "existing") & (year >= policy.start_year)).to_numpy(dtype=bool)
    if recent.any():
        notices.append(Notice.said("existing_districts_recent", source, n=int(recent.sum()), districts=listed(recent),
                                   year=policy.start_year))  # fmt: skip
    early = (status.isin(NEW_STATUSES) & (year < policy.start_year)).to_numpy(dtype=bool)
    if early.any():
        notices.append(Notice.said("new_districts_completed_before", source, n=int(early.sum()),
                                   districts=listed(early), year=policy.start_year))  # fmt: skip
    return notices


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


def _required_slots(districts: gpd.GeoDataFrame, policy: Policy) -> np.ndarray:
    """Return the slots each district needs: ``ceil(population × new_district_slots_per_1000 / 1000)``
    (NaN where the population is unknown or 0)."""
    population = district_population(districts, policy).to_numpy(dtype=float)
    population = np.where(population > 0, population, np.nan)  # 0 residents: the need is not known
    return np.ceil(np.round(population * policy.new_district_slots_per_1000 / 1000.0, 9))


@rule(
    "new_residential_childcare",
    title_zh="新建居住区配建托育",
    title_en="new districts' own childcare",
    clause=(
        "(三)6: “新建城镇居住区在规划管理建设实施中将托育服务设施纳入居住区配建公共服务设施。"
        "新建城镇居住区配套建设的托育服务设施应当与住宅同步验收、同步交付使用”"
    ),
    subject=("district",),
    thresholds=("new_district_slots_per_1000", "new_district_nearby_counts", "start_year",
                "service_distance_m", "persons_per_household"),
    needs=("residential", "childcare", "urban"),
)  # fmt: skip
def new_residential_childcare(
    study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN
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
    name = "new_residential_childcare"
    if study.residential is None:
        return skipped_table(name, "residential")
    districts = new_districts(study.residential, policy).reset_index(drop=True)
    required = _required_slots(districts, policy)
    facilities = facilities_of(study, policy.childcare_kinds, BUILT_OR_PLANNED)
    if facilities is None:
        facilities = gpd.GeoDataFrame({"slots": [], "status": []}, geometry=[], crs=study.crs)
    facilities = facilities.reset_index(drop=True)
    radius = policy.service_distance_m
    pairs = distance.pairs(districts, facilities, cutoff_m=radius)
    delivered = (districts["status"] == "existing").to_numpy()
    usable = ~(delivered[pairs.origin] & (facilities["status"].to_numpy()[pairs.destination] != "existing"))
    own = _own_pairs(districts, facilities, pairs)
    nearby_counts = bool(policy.new_district_nearby_counts)
    counted = usable & (own | nearby_counts)
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
    # a district given as a point contains no facility: without a district_id link its own
    # childcare cannot be told from a neighbour's (unless the profile counts neighbours)
    unlinked_point = (districts.geom_type == "Point").to_numpy() & ~has_own & ~nearby_counts
    has_near = np.bincount(pairs.origin[usable & ~own], minlength=len(districts)) > 0
    only_planned = np.bincount(pairs.origin[~usable], minlength=len(districts)) > 0
    urban = _district_is_urban(study, districts)
    rows = []
    for i, d in enumerate(districts.itertuples(index=False)):
        common = dict(rule=name, subject_id=d.district_id, subject_name=d.name, unit="slots")
        if urban[i] is False:
            rows.append(flag_row(**common, status="not_applicable", code="rural_district"))
            continue
        if not known[i]:
            rows.append(flag_row(**common, status="skipped", code="no_population"))
            continue
        if unlinked_point[i]:
            rows.append(flag_row(**common, status="skipped", code="point_district_unlinked"))
            continue
        need, got = float(required[i]), float(received[i])
        facts = {"need": need, "got": got, "radius": radius, "distance": distance.method,
                 "own": bool(has_own[i]), "nearby_counts": nearby_counts}  # fmt: skip
        if got >= need:
            code = "own_provision" if has_own[i] else "nearby_provision"
            rows.append(flag_row(**common, status="ok", code=code, measured=got, threshold=need,
                                 shortfall=0.0, facts=facts))  # fmt: skip
            continue
        if got > 0:
            code = "insufficient_slots"
        elif has_near[i] and not nearby_counts:
            code = "only_nearby"
        elif delivered[i] and only_planned[i]:
            code = "only_planned"
        else:
            code = "no_facility"
        rows.append(flag_row(**common, status="flagged", code=code, measured=got, threshold=need,
                             shortfall=need - got, facts=facts))  # fmt: skip
    return flag_table(rows)


@rule(
    "old_residential_childcare",
    title_zh="老城区和已建成居住区托育缺口",
    title_en="old districts' childcare gaps",
    clause="(三)6: “老城区和已建成居住区无托育服务设施或者现有设施未达到标准的，通过购置、置换、租赁等方式予以解决”",
    subject=("district",),
    thresholds=("new_district_slots_per_1000", "start_year", "service_distance_m", "persons_per_household"),
    needs=("residential", "childcare"),
)
def old_residential_childcare(
    study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN
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
    name = "old_residential_childcare"
    if study.residential is None:
        return skipped_table(name, "residential")
    recent = new_districts(study.residential, policy).index
    districts = study.residential.drop(index=recent).reset_index(drop=True)
    facilities = facilities_of(study, policy.childcare_kinds)
    if facilities is None:
        facilities = gpd.GeoDataFrame({"slots": []}, geometry=[], crs=study.crs)
    facilities = facilities[facilities["slots"].fillna(0) > 0].reset_index(drop=True)
    radius = policy.service_distance_m
    pairs = distance.pairs(districts, facilities, cutoff_m=radius * 10)
    nearest = np.full(len(districts), np.inf)
    np.minimum.at(nearest, pairs.origin, pairs.distance_m)
    required = _required_slots(districts, policy)
    within = pairs.distance_m <= radius
    received = allocate_slots_by_distance(
        pairs.origin[within],
        pairs.destination[within],
        pairs.distance_m[within],
        np.nan_to_num(required),
        facilities["slots"].fillna(0).to_numpy(),
        districts["district_id"].to_numpy(),
    )
    population = district_population(districts, policy).to_numpy()
    under3 = (
        districts["pop_under3"].astype(float).to_numpy()
        if "pop_under3" in districts
        else np.full(len(districts), np.nan)
    )
    estimate = population * under3_share(study, districts.geometry.representative_point())[0]
    under3 = np.where(np.isnan(under3), estimate, under3)
    rows = []
    for i, d in enumerate(districts.itertuples(index=False)):
        rank = None if np.isnan(under3[i]) else float(round(under3[i]))
        need, got = float(np.nan_to_num(required[i])), float(received[i])
        facts = {"need": need, "got": got, "radius": radius, "distance": distance.method,
                 "children": None if np.isnan(under3[i]) else float(under3[i]),
                 "nearest_m": None if np.isinf(nearest[i]) else round(float(nearest[i]), 1)}  # fmt: skip
        common = dict(rule=name, subject_id=d.district_id, subject_name=d.name, unit="slots", threshold=need,
                      facts=facts)  # fmt: skip
        if population[i] == 0 or (np.isnan(population[i]) and nearest[i] <= radius):
            # no residents: nothing to provide for (said when the layer is read); residents unknown: the
            # standard is, though childcare is within reach (with none within reach, it is flagged either way)
            rows.append(flag_row(**{**common, "threshold": None}, status="skipped", code="no_population"))
        elif nearest[i] <= radius and got >= need:
            rows.append(flag_row(**common, status="ok", code="slots_within", measured=got))
        elif nearest[i] <= radius:
            rows.append(
                flag_row(**common, status="flagged", code="insufficient_slots", measured=got, shortfall=rank)
            )
        else:
            rows.append(
                flag_row(**common, status="flagged", code="no_slot_within", measured=0.0, shortfall=rank)
            )
    table = flag_table(rows)
    flagged = table["status"] == "flagged"
    ranked = table[flagged].sort_values("shortfall", ascending=False, na_position="last", kind="stable")
    return pd.concat([ranked, table[~flagged]], ignore_index=True)
