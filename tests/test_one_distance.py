"""One definition of a district's distance to a facility: the checks and the optimizer agree.

The plan's "配建" check passes a new district when childcare lies inside it or within 300 m of
it; the optimizer's allocation must find the same facilities within the same distance.
"""

from __future__ import annotations

import numpy as np
import pytest

from carefac import load_policy, load_zhangzhou_sample
from carefac.checks import BUILT_OR_PLANNED, facilities_of, new_districts
from carefac.network import EUCLIDEAN
from carefac.optimize import locate_facilities

POLICY = load_policy()


@pytest.fixture(scope="module")
def sample():
    study = load_zhangzhou_sample()
    return study, locate_facilities(study, POLICY, model="mclp", new_sites=10)


def test_every_district_the_check_reaches_is_within_the_radius_in_the_allocation(sample):
    study, plan = sample
    existing = facilities_of(study, POLICY.childcare_kinds).reset_index(drop=True)
    districts = study.residential.reset_index(drop=True)
    pairs = EUCLIDEAN.pairs(districts, existing, cutoff_m=POLICY.service_distance_m)
    reached = np.zeros(len(districts), dtype=bool)
    reached[pairs.origin] = True
    allocation = plan.allocation.set_index("demand_id").loc[districts["district_id"]]
    within = allocation["within_radius"].to_numpy(dtype=bool)
    assert reached.sum() > 10  # the sample has districts on both sides
    assert not (reached & ~within).any(), districts["district_id"][reached & ~within].tolist()


def test_allocation_distances_are_the_checks_distances(sample):
    study, plan = sample
    districts = study.residential.reset_index(drop=True)
    supply = study.facilities.set_index("facility_id")
    assigned = plan.allocation[plan.allocation["facility_kind"] == "existing"]
    assert len(assigned) > 10
    for row in assigned.itertuples(index=False):
        district = districts.loc[districts["district_id"] == row.demand_id, "geometry"].iloc[0]
        expected = district.distance(supply.loc[row.facility_id, "geometry"])  # 0 inside, else to the edge
        assert row.distance_m == pytest.approx(expected, abs=0.06)


def test_new_districts_the_check_passes_are_within_the_radius(sample):
    study, plan = sample
    from carefac.checks import new_residential_childcare

    flags = new_residential_childcare(study, POLICY)
    passed = set(flags.loc[flags["status"] == "ok", "subject_id"])
    built = facilities_of(study, POLICY.childcare_kinds, BUILT_OR_PLANNED)
    only_existing = set(built["status"]) == {"existing"}
    allocation = plan.allocation.set_index("demand_id")
    assert passed
    if only_existing:
        assert allocation.loc[sorted(passed), "within_radius"].all()
    assert len(new_districts(study.residential, POLICY)) == len(flags)


def test_no_district_counts_its_residents_as_children(sample):
    _, plan = sample
    demand = plan.demand
    assert (demand["weight_basis"] != "population").all()
    assert (demand["weight"] < 0.1 * demand["population"]).all()
    assert {n.code for n in plan.notices} >= {"under3_estimated"}


def test_the_default_plan_serves_the_target():
    """The default model puts new sites where areas are below 4.5 per 1000 and closes shortfall."""
    study = load_zhangzhou_sample()
    plan = locate_facilities(study, POLICY, new_sites=10)
    assert plan.model == "shortfall"
    below = set(plan.before.loc[~plan.before["meets_target"], "area_id"])
    assert set(plan.sites["area_id"]) <= below
    need_before, need_after = plan.before["slots_needed"].sum(), plan.after["slots_needed"].sum()
    assert need_before - need_after == plan.result.objective > 0
    coverage = locate_facilities(study, POLICY, model="mclp", new_sites=10)
    assert coverage.after["slots_needed"].sum() > need_after  # covering children alone closes less
