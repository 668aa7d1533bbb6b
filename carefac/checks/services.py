"""Services for families: parent-child rooms in 乡镇, nursing rooms in public venues, smart vaccination."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..model import StudyArea
from ..network import EUCLIDEAN, Distances
from ..policy import Policy
from ._areas import township_unit_kinds
from ._registry import rule
from ._rows import county_facilities, facilities_of, flag_row, flag_table, meets, skipped_table

__all__ = ["nursing_room", "smart_vaccination", "township_parent_child_room"]


@rule(
    "township_parent_child_room",
    title_zh="乡镇向日葵亲子小屋",
    title_en="township parent-child rooms",
    clause="(三)8: “支持社区、机构建设“向日葵亲子小屋”，人口数3万以上的乡镇至少建成1所”",
    subject=("township",),
    thresholds=("township_room_min_population", "parent_child_room_unit_kinds"),
    needs=("townships", "unit_kind", "parent_child_room"),
    comparison="at_least",
)
def township_parent_child_room(
    study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN
) -> pd.DataFrame:
    """Check that every 乡镇 of ``township_room_min_population``+ residents has a parent-child room.

    (三)8: "人口数3万以上的乡镇至少建成1所'向日葵亲子小屋'". The rule is for 乡镇 — 乡 and 镇
    (and units like 乡, per the profile's ``parent_child_room_unit_kinds``); 街道 are
    ``not_applicable`` with that reason. A room counts for a township when it lies inside it or
    on its boundary (a room on a shared boundary counts for both). Only existing rooms count.
    Townships below the threshold (by the profile's comparison; 以上 includes the number) are
    ``not_applicable``, not passing; a unit whose kind is unknown is ``skipped``.
    """
    name = "township_parent_child_room"
    townships = study.areas_at("township")
    if townships.empty:
        return skipped_table(name, "townships")
    rooms = facilities_of(study, "parent_child_room")
    if rooms is None:
        return skipped_table(name, "parent_child_rooms")
    counts = np.zeros(len(townships), dtype=np.int64)
    if len(rooms):
        township_idx, _room_idx = rooms.sindex.query(townships.geometry.to_numpy(), predicate="covers")
        counts = np.bincount(township_idx, minlength=len(townships))
    kinds = township_unit_kinds(townships).to_numpy()
    subjects = set(policy.parent_child_room_unit_kinds)
    threshold = policy.township_room_min_population
    rows = []
    for t, count, kind in zip(townships.itertuples(index=False), counts, kinds, strict=True):
        facts = {"population": int(t.population), "threshold": threshold, "count": int(count), "kind": kind}
        # measured and threshold are residents (the rule applies from the threshold up); the rooms
        # found are in the reason, the rooms missing in the shortfall
        common = dict(rule=name, subject_id=t.area_id, subject_name=t.name, measured=int(t.population),
                      threshold=threshold, unit="residents", facts=facts)  # fmt: skip
        if kind is None:
            rows.append(flag_row(**common, status="skipped", code="unit_kind_unknown"))
        elif kind not in subjects:
            rows.append(flag_row(**common, status="not_applicable", code="not_a_xiang_or_zhen"))
        elif not meets(policy, name, t.population, threshold):
            rows.append(flag_row(**common, status="not_applicable", code="below_threshold"))
        elif count == 0:
            rows.append(flag_row(**common, status="flagged", code="no_room", shortfall=1))
        else:
            rows.append(flag_row(**common, status="ok", code="has_room"))
    return flag_table(rows)


@rule(
    "nursing_room",
    title_zh="妈妈小屋",
    title_en="nursing rooms in public venues",
    clause="(三)8: “公共场所、A级旅游景区和女职工较多的用人单位应配置母婴设施，在医院、商超、车站、学校等场所建设“妈妈小屋””",
    subject=("venue",),
    thresholds=("nursing_room_venue_types", "nursing_room_distance_m"),
    needs=("venues", "nursing_room"),
)
def nursing_room(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Check that hospitals, malls, stations, schools, public places, A-level scenic spots and employers
    with many women workers (the profile's ``nursing_room_venue_types``) have a nursing room.

    A venue passes when a ``nursing_room`` facility lies inside its polygon or within
    ``nursing_room_distance_m`` of it, or when its ``has_nursing_room`` column says so.
    """
    name = "nursing_room"
    if study.venues is None:
        return skipped_table(name, "venues")
    venues = study.venues[study.venues["venue_type"].isin(policy.nursing_room_venue_types)]
    venues = venues.reset_index(drop=True)
    rooms = facilities_of(study, "nursing_room")
    rooms = gpd.GeoDataFrame(geometry=[], crs=study.crs) if rooms is None else rooms
    limit = policy.nursing_room_distance_m
    pairs = distance.pairs(venues, rooms, cutoff_m=limit)
    nearest = np.full(len(venues), np.inf)
    np.minimum.at(nearest, pairs.origin, pairs.distance_m)
    declared = (
        venues["has_nursing_room"].fillna(False).to_numpy(dtype=bool)
        if "has_nursing_room" in venues
        else np.zeros(len(venues), bool)
    )
    rows = []
    for i, v in enumerate(venues.itertuples(index=False)):
        found = np.isfinite(nearest[i])
        facts = {"distance_m": float(nearest[i]) if found else None, "limit_m": limit}
        common = dict(
            rule=name, subject_id=v.venue_id, subject_name=v.name, threshold=limit, unit="m", facts=facts
        )
        if found:
            rows.append(
                flag_row(**common, status="ok", code="room_nearby", measured=round(float(nearest[i]), 1))
            )
        elif declared[i]:
            rows.append(flag_row(**common, status="ok", code="declared"))
        else:
            rows.append(flag_row(**common, status="flagged", code="no_nursing_room", shortfall=1))
    return flag_table(rows)


@rule(
    "smart_vaccination",
    title_zh="智慧化预防接种门诊",
    title_en="smart vaccination clinics",
    clause="(二)4: “2025年全市智慧化预防接种门诊建成率达到100%”",
    subject=("county",),
    thresholds=("smart_vaccination_target_share",),
    needs=("counties", "vaccination_clinic"),
    comparison="at_least",
)
def smart_vaccination(study: StudyArea, policy: Policy, *, distance: Distances = EUCLIDEAN) -> pd.DataFrame:
    """Check the share of smart (智慧化) vaccination clinics per county against the 2025 target.

    A clinic whose ``smart`` value is unknown stays in the denominator (it is not known smart)."""
    name = "smart_vaccination"
    clinics = county_facilities(study, "vaccination_clinic")
    if clinics is None:
        return skipped_table(name, "vaccination_clinics")
    if "smart" not in clinics:
        return skipped_table(name, "smart_column")
    target = policy.smart_vaccination_target_share
    rows = []
    for c in study.areas_at("county").itertuples(index=False):
        own = clinics[clinics["serves_county"] == c.area_id]
        common = dict(rule=name, subject_id=c.area_id, subject_name=c.name, threshold=target, unit="share")
        if own.empty:
            rows.append(flag_row(**common, status="skipped", code="no_clinics"))
            continue
        known = own["smart"].dropna()
        smart = int(known.astype(bool).sum())
        share = smart / len(own)
        facts = {"smart": smart, "clinics": len(own), "share": share, "unknown": len(own) - len(known),
                 "target": target}  # fmt: skip
        if meets(policy, name, share, target):
            rows.append(
                flag_row(**common, status="ok", code="share_met", measured=round(share, 4), facts=facts)
            )
        else:
            missing = float(int(np.ceil(target * len(own) - 1e-9)) - smart)
            rows.append(flag_row(**common, status="flagged", code="share_below", measured=round(share, 4),
                                 shortfall=missing, facts=facts))  # fmt: skip
    return flag_table(rows)
