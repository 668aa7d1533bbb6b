"""Accessibility (2SFCA family) against PySAL access, hand-computed grids and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from access import fca
from access import weights as pysal_weights

from carefac.access import gaussian, gini, gravity, lorenz, stepwise, three_step_fca, two_step_fca

STEPS = {100.0: 1.0, 200.0: 0.68, 300.0: 0.22}
KINDS = {
    "none": (None, None),
    "step": (stepwise(STEPS), pysal_weights.step_fn(STEPS)),
    "gaussian": (gaussian(120.0), pysal_weights.gaussian(120.0)),
    "gravity": (gravity(50.0, -1.5, min_cost=10.0), pysal_weights.gravity(50.0, -1.5, min_dist=10.0)),
}


def instance(seed: int, n: int = 150, m: int = 30):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(0, 1000, (n, m))
    cost[rng.random((n, m)) < 0.2] = np.inf  # unreachable pairs
    return cost, rng.integers(1, 120, n).astype(float), rng.integers(1, 60, m).astype(float)


def pysal(step, cost, demand, supply, catchment, weight_fn):
    rows, cols = np.nonzero(np.isfinite(cost) & (cost <= catchment))
    cost_df = pd.DataFrame({"origin": rows, "dest": cols, "cost": cost[rows, cols]})
    demand_df = pd.DataFrame({"geoid": np.arange(demand.size), "demand": demand})
    supply_df = pd.DataFrame({"supply": supply}, index=pd.Index(np.arange(supply.size), name="geoid"))
    result = step(demand_df, supply_df, cost_df, max_cost=catchment, weight_fn=weight_fn)
    return result.reindex(np.arange(demand.size)).fillna(0.0).to_numpy()


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_step_equals_pysal_access(kind, seed):
    ours, theirs = KINDS[kind]
    cost, demand, supply = instance(seed)
    expected = pysal(fca.two_stage_fca, cost, demand, supply, 300.0, theirs)
    assert np.allclose(two_step_fca(cost, demand, supply, catchment=300.0, weight=ours), expected, rtol=0, atol=1e-9)
    sparse = sp.csr_matrix((cost[np.isfinite(cost)], np.nonzero(np.isfinite(cost))), shape=cost.shape)
    assert np.allclose(two_step_fca(sparse, demand, supply, catchment=300.0, weight=ours), expected, atol=1e-9)


@pytest.mark.parametrize("kind", ["step", "gaussian", "gravity"])
@pytest.mark.parametrize("seed", [4, 5])
def test_three_step_equals_pysal_access(kind, seed):
    ours, theirs = KINDS[kind]
    cost, demand, supply = instance(seed)
    expected = pysal(fca.three_stage_fca, cost, demand, supply, 300.0, theirs)
    assert np.allclose(three_step_fca(cost, demand, supply, catchment=300.0, weight=ours), expected, atol=1e-9)


def test_a_hand_computed_grid():
    """Two districts (10 and 30 children), two centres (20 and 40 slots); centre A reaches both
    districts, centre B only the second.  R_A = 20 / 40 = 0.5, R_B = 40 / 30 = 4/3;
    A_1 = 0.5, A_2 = 0.5 + 4/3."""
    cost = np.array([[100.0, 900.0], [200.0, 250.0]])
    access = two_step_fca(cost, [10, 30], [20, 40], catchment=300)
    assert np.allclose(access, [0.5, 0.5 + 4 / 3])
    # enhanced: weights 1 within 150, 0.5 within 300 — R_A = 20/(10·1 + 30·0.5) = 0.8,
    # R_B = 40/(30·0.5) = 8/3; A_1 = 0.8, A_2 = 0.5·0.8 + 0.5·8/3
    enhanced = two_step_fca(cost, [10, 30], [20, 40], catchment=300, weight=stepwise({150: 1.0, 300: 0.5}))
    assert np.allclose(enhanced, [0.8, 0.4 + 4 / 3])
    # three-step: district 2 splits its pull 0.5/1.0 and 0.5/1.0 → G = 0.5 each
    three = three_step_fca(cost, [10, 30], [20, 40], catchment=300, weight=stepwise({150: 1.0, 300: 0.5}))
    r_a = 20 / (10 * 1 * 1 + 30 * 0.5 * 0.5)
    r_b = 40 / (30 * 0.5 * 0.5)
    assert np.allclose(three, [r_a, 0.25 * r_a + 0.25 * r_b])


def test_a_catchment_is_inclusive_and_zero_cost_pairs_count():
    cost = sp.csr_matrix(([0.0, 300.0], ([0, 1], [0, 0])), shape=(2, 1))
    assert np.allclose(two_step_fca(cost, [1, 1], [10], catchment=300), [5, 5])
    assert np.allclose(two_step_fca(cost, [1, 1], [10], catchment=299.9), [10, 0])


def test_more_supply_never_lowers_accessibility():
    rng = np.random.default_rng(11)
    for _ in range(50):
        cost, demand, supply = instance(int(rng.integers(1_000_000)), n=40, m=8)
        more = supply + rng.integers(0, 20, supply.size)
        before = two_step_fca(cost, demand, supply, catchment=400)
        after = two_step_fca(cost, demand, more, catchment=400)
        assert np.all(after >= before - 1e-12)


def test_total_accessibility_times_demand_is_total_supply_when_all_reach_all():
    rng = np.random.default_rng(3)
    cost = rng.uniform(0, 100, (60, 12))
    demand, supply = rng.integers(1, 50, 60).astype(float), rng.integers(1, 50, 12).astype(float)
    access = two_step_fca(cost, demand, supply, catchment=100)
    assert np.isclose(access @ demand, supply.sum())


def test_gini_and_lorenz():
    assert gini([3, 3, 3]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)  # (n − 1) / n when one has everything
    # weights count people: a weight of 2 is the same as the value twice
    assert gini([1, 5, 9], [2, 1, 1]) == pytest.approx(gini([1, 1, 5, 9]))
    x, y = lorenz([1, 3], [1, 1])
    assert np.allclose(x, [0, 0.5, 1]) and np.allclose(y, [0, 0.25, 1])


def test_bad_inputs_are_refused_with_the_argument_named():
    from carefac import ValidationError

    with pytest.raises(ValidationError, match="demand"):
        two_step_fca(np.ones((2, 2)), [1, -1], [1, 1], catchment=1)
    with pytest.raises(ValidationError, match="cost matrix"):
        two_step_fca(np.ones((2, 3)), [1, 1], [1, 1], catchment=1)


# -- the geo front on the sample -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_access():
    from carefac import load_policy, load_zhangzhou_sample
    from carefac.access import accessibility
    from carefac.optimize import locate_facilities

    study, policy = load_zhangzhou_sample(), load_policy()
    plan = locate_facilities(study, policy, model="mclp", new_sites=5)
    return study, policy, plan, accessibility(study, policy, plan=plan)


def test_the_sample_districts_match_pysal_with_the_checks_distance(sample_access):
    """Same distances as the checks (Distances.costs), same 2SFCA as PySAL access."""
    from carefac.coverage import childcare_facilities
    from carefac.demand import demand_points
    from carefac.network import EUCLIDEAN

    study, policy, _plan, table = sample_access
    points = demand_points(study, policy)
    facilities = childcare_facilities(study, policy)
    cost = EUCLIDEAN.costs(points, facilities, cutoff_m=None)  # dense, every pair
    expected = pysal(fca.two_stage_fca, cost, points["weight"].to_numpy(), facilities["slots"].fillna(0).to_numpy(),
                     policy.service_distance_m, None)  # fmt: skip
    assert np.allclose(table["access_before"], expected, atol=1e-9)
    assert (table["access_before"] > 0).any() and (table["access_before"] == 0).any()


def test_proposed_sites_never_lower_a_districts_access(sample_access):
    *_, table = sample_access
    assert np.all(table["access_after"] >= table["access_before"] - 1e-12)
    assert (table["access_after"] > table["access_before"] + 1e-9).any()


def test_the_demo_writes_accessibility_the_lorenz_curve_and_a_report_section(tmp_path):
    import json

    from carefac.cli import main

    assert main(["demo", "--out", str(tmp_path), "--lang", "en"]) == 0
    table = pd.read_csv(tmp_path / "accessibility.csv", encoding="utf-8-sig")
    assert {"access_before", "access_after", "weight"} <= set(table.columns)
    summary = json.loads((tmp_path / "run.json").read_text("utf-8"))["accessibility"]
    assert summary["gini_before"] == pytest.approx(gini(table["access_before"], table["weight"]), abs=1e-3)
    below = table.loc[table["access_before"] < summary["threshold_per_child"], "weight"].sum()
    assert summary["share_below_before"] == pytest.approx(below / table["weight"].sum(), abs=1e-3)
    assert (tmp_path / "lorenz.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (tmp_path / "report.html").read_text("utf-8")
    assert "two-step floating catchment" in report.lower() and "Districts with the least access" in report


@pytest.mark.parametrize("kind", ["none", "gaussian"])
def test_the_plain_catchment_ratio_equals_pysal_fca_ratio(kind):
    from carefac.access import catchment_ratio

    ours, theirs = KINDS[kind]
    rng = np.random.default_rng(9)
    demand_xy, supply_xy = rng.uniform(0, 2000, (80, 2)), rng.uniform(0, 2000, (15, 2))
    demand, supply = rng.integers(1, 90, 80).astype(float), rng.integers(5, 60, 15).astype(float)
    dd = np.hypot(*(demand_xy[:, None, :] - demand_xy[None, :, :]).transpose(2, 0, 1))
    sd = np.hypot(*(supply_xy[:, None, :] - demand_xy[None, :, :]).transpose(2, 0, 1))

    def frame(cost):
        rows, cols = np.nonzero(cost <= 400)
        return pd.DataFrame({"origin": cols, "dest": rows, "cost": cost[rows, cols]})

    expected = fca.fca_ratio(
        pd.DataFrame({"geoid": np.arange(80), "demand": demand}),
        pd.DataFrame({"geoid": np.arange(15), "supply": supply}),
        frame(dd), frame(sd), 400.0, weight_fn=theirs,
    ).reindex(np.arange(80)).fillna(0.0).to_numpy()  # fmt: skip
    assert np.allclose(catchment_ratio(sd, dd, demand, supply, catchment=400, weight=ours), expected, atol=1e-9)


def test_access_by_township_is_the_child_weighted_mean_of_its_districts(sample_access):
    from carefac.access import access_by_area
    from carefac.model import locate_points

    study, _policy, _plan, table = sample_access
    towns = access_by_area(table, study, level="township").set_index("area_id")
    where = locate_points(table.geometry.representative_point(), study.areas_at("township"))
    for area_id, group in table.assign(area_id=where.to_numpy()).dropna(subset=["area_id"]).groupby("area_id"):
        expected = (group["access_before"] * group["weight"]).sum() / group["weight"].sum()
        assert towns.loc[area_id, "access_before"] == pytest.approx(expected)
        assert towns.loc[area_id, "weight"] == pytest.approx(group["weight"].sum())
    assert towns["no_access_share"].between(0, 1).all()


def test_a_run_without_children_under_3_says_accessibility_was_not_computed(tmp_path, capsys):
    """No pop_under3 anywhere and an area the shipped census does not cover: the run finishes,
    and says why there is no accessibility (console, run.json) instead of inventing children."""
    import json

    from carefac.cli import main

    folder = tmp_path / "p"
    assert main(["init", str(folder)]) == 0
    areas = json.loads((folder / "areas.geojson").read_text("utf-8"))
    for feature in areas["features"]:
        feature["properties"].pop("3岁以下人口", None)
    (folder / "areas.geojson").write_text(json.dumps(areas, ensure_ascii=False), "utf-8")
    config = (folder / "carefac.toml").read_text("utf-8")
    config = config[: config.index("[optimize]")] + config[config.index("[output]") :]
    (folder / "carefac.toml").write_text(config, "utf-8")
    assert main(["run", str(folder / "carefac.toml"), "--out", str(tmp_path / "out")]) == 0
    assert "未计算可达性" in capsys.readouterr().err
    record = json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))
    assert record["accessibility"] is None and "access_skipped" in [n["code"] for n in record["notices"]]
    assert not (tmp_path / "out" / "accessibility.csv").exists()


def test_a_run_without_a_plan_says_children_under_3_were_estimated(tmp_path):
    """Districts without pop_under3, no optimizer: accessibility weighs each by residents × its
    township's under-3 share; the estimate was said only when a plan was made."""
    import json

    from carefac.cli import main

    folder = tmp_path / "p"
    assert main(["init", str(folder)]) == 0
    config = (folder / "carefac.toml").read_text("utf-8")
    config = config[: config.index("[optimize]")] + config[config.index("[output]") :]
    (folder / "carefac.toml").write_text(config, "utf-8")
    assert main(["run", str(folder / "carefac.toml"), "--out", str(tmp_path / "out")]) == 0
    table = pd.read_csv(tmp_path / "out" / "accessibility.csv", encoding="utf-8-sig", dtype=str)
    estimated = int((table["权重来源"] == "按所在区域比例估算").sum())
    record = json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))
    (said,) = [n for n in record["notices"] if n["code"] == "under3_estimated"]
    assert estimated >= 1 and f"{len(table)}个需求点中有{estimated}个" in said["zh"]
