"""Bad input to the matrix API of the optimizer: refused as bad input (``ValidationError``, exit 2
on the command line), said in both languages, never a traceback from numpy nor a silent answer."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from carefac import InfeasibleError, ValidationError
from carefac.optimize import (
    capacitated_p_median,
    lscp,
    max_attendance,
    mclp,
    p_center,
    p_median,
    ratio_target,
    shortfall,
)

COST = np.arange(24, dtype=float).reshape(8, 3)


def models(cost, *, p=2, radius=10.0, weights=None, fixed=(), time_limit_s=None):
    """Each model called on the same input."""
    limit = {"time_limit_s": time_limit_s}
    return {
        "mclp": lambda: mclp(cost, radius, p, weights=weights, fixed=fixed, **limit),
        "lscp": lambda: lscp(cost, radius, fixed=fixed, **limit),
        "p_median": lambda: p_median(cost, p, weights=weights, fixed=fixed, **limit),
        "p_center": lambda: p_center(cost, p, weights=weights, fixed=fixed, **limit),
        "attendance": lambda: max_attendance(cost, p, cutoff=radius, weights=weights, fixed=fixed, **limit),
        "capacitated": lambda: capacitated_p_median(
            cost, p, capacities=np.full(np.shape(cost)[-1], 1e6), weights=weights, fixed=fixed, **limit
        ),
        "shortfall": lambda: shortfall(
            cost, radius, p, capacities=np.ones(np.shape(cost)[-1]), candidate_area=np.zeros(np.shape(cost)[-1]),
            area_deficit=[1.0], weights=weights, fixed=fixed, **limit,
        ),  # fmt: skip
        "ratio_target": lambda: ratio_target(
            cost, radius, capacities=np.ones(np.shape(cost)[-1]), candidate_area=np.zeros(np.shape(cost)[-1]),
            area_deficit=[1.0], weights=weights, fixed=fixed, **limit,
        ),  # fmt: skip
    }


def refused(call, english: str, chinese: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert english in caught.value.text("en"), caught.value.text("en")
    assert chinese in caught.value.text("zh"), caught.value.text("zh")
    assert "优化模型输入" in caught.value.text("zh")


@pytest.mark.parametrize("model", list(models(COST)))
def test_negative_costs_name_the_first_pair(model):
    cost = COST.copy()
    cost[5, 2] = -3.0
    refused(models(cost)[model], "1 costs are negative (the first at demand row 5, candidate column 2: -3)", "成本为负数")


@pytest.mark.parametrize("model", list(models(COST)))
def test_negative_sparse_costs_too(model):
    cost = sp.csr_matrix(COST)
    cost[4, 1] = -1.0
    refused(models(cost)[model], "demand row 4, candidate column 1", "成本为负数")


@pytest.mark.parametrize("model", list(models(COST)))
def test_inf_stored_in_a_sparse_matrix(model):
    cost = sp.csr_matrix(COST + 1.0)  # every pair stored: entry 7 is row 2, column 1
    cost.data[7] = np.inf
    refused(models(cost)[model], "inf or NaN (the first at demand row 2, candidate column 1)", "无穷大或非数值")


@pytest.mark.parametrize("model", list(models(COST)))
@pytest.mark.parametrize("shape", [(0, 3), (8, 0)])
def test_an_empty_matrix(model, shape):
    refused(models(np.zeros(shape))[model], f"{shape[0]} demand rows and {shape[1]} candidate columns", "无可选择")


@pytest.mark.parametrize("model", list(models(COST)))
def test_a_matrix_that_is_not_2d(model):
    refused(models(COST[0])[model], "must be 2-D", "二维")


@pytest.mark.parametrize("model", [m for m in models(COST) if m not in ("lscp", "ratio_target")])
def test_negative_or_missing_weights(model):
    weights = np.ones(8)
    weights[[3, 6]] = [-1.0, np.nan]
    refused(models(COST, weights=weights)[model], "demand rows 3, 6 are not", "第 3, 6 个需求点行")


@pytest.mark.parametrize("model", [m for m in models(COST) if m not in ("lscp", "ratio_target")])
def test_weights_of_the_wrong_length(model):
    refused(models(COST, weights=np.ones(5))[model], "weights have 5 values but the cost matrix has 8", "权重有 5 个值")


@pytest.mark.parametrize("model", list(models(COST)))
def test_fixed_sites_outside_the_columns(model):
    refused(models(COST, fixed=[1, 3])[model], "fixed sites 3 are not candidate columns (0 … 2)", "固定站点 3")


@pytest.mark.parametrize("p", [1.5, float("inf"), float("nan")])
@pytest.mark.parametrize("model", ["mclp", "p_median", "p_center", "attendance", "capacitated", "shortfall"])
def test_a_number_of_sites_that_is_not_whole(model, p):
    refused(models(COST, p=p)[model], f"whole number, got {p!r}", "应为整数")
    assert models(COST, p=np.float64(2.0))[model]().new.size == 2  # 2.0 is 2


@pytest.mark.parametrize("radius", [-1.0, float("nan"), float("inf"), "300m"])
@pytest.mark.parametrize("model", ["mclp", "lscp", "shortfall", "ratio_target", "attendance"])
def test_a_radius_that_is_not_a_distance(model, radius):
    refused(models(COST, radius=radius)[model], "must be a finite number ≥ 0", "服务半径")


def test_a_zero_attendance_cutoff():
    refused(lambda: max_attendance(COST, 2, cutoff=0), "cutoff is 0", "截止距离为 0")


@pytest.mark.parametrize("bad", [[1.0, np.nan, 1.0], [1.0, -2.0, 1.0], [1.0, 1.0]])
def test_candidate_values(bad):
    area, deficit = np.zeros(3), [1.0]
    for call in (
        lambda: capacitated_p_median(COST, 2, capacities=bad),
        lambda: shortfall(COST, 10.0, 2, capacities=bad, candidate_area=area, area_deficit=deficit),
        lambda: ratio_target(COST, 10.0, capacities=bad, candidate_area=area, area_deficit=deficit),
    ):
        refused(call, "capacities", "容量")


def test_candidate_areas_are_whole_numbers_and_deficits_finite():
    refused(
        lambda: ratio_target(COST, 10.0, capacities=np.ones(3), candidate_area=[0, 0.5, 0], area_deficit=[1.0]),
        "candidate_area must be whole numbers, and the values at positions 1",
        "候选站点所属区域编号应为整数",
    )
    refused(
        lambda: shortfall(COST, 10.0, 1, capacities=np.ones(3), candidate_area=[0, 1, 0], area_deficit=[1.0, np.nan]),
        "area_deficit must be finite",
        "各区域托位缺口应为有限值",
    )


def test_an_infeasible_request_is_not_bad_input():
    """Valid input that asks for the impossible stays an InfeasibleError (a different message)."""
    with pytest.raises(InfeasibleError) as caught:
        mclp(COST, 10.0, 4)
    assert not isinstance(caught.value, ValidationError)


@pytest.mark.parametrize("model", ["p_median", "p_center", "attendance", "capacitated"])
def test_no_site_open_is_refused_by_the_models_measuring_a_distance_to_one(model):
    """p = 0 and no fixed site: no nearest site, so no distance to minimise (p-center raised numpy's
    'zero-size array to reduction operation' before; the capacitated model blamed the capacity)."""
    with pytest.raises(InfeasibleError) as caught:
        models(COST, p=0)[model]()
    assert "no site would be open" in caught.value.sentence("en")
    assert "没有任何站点开放" in caught.value.sentence("zh")
    with_fixed = models(COST, p=0, fixed=[1])[model]()  # a fixed site alone is an answer
    assert with_fixed.selected.tolist() == [1] and with_fixed.new.size == 0


@pytest.mark.parametrize("model", ["mclp", "shortfall"])
def test_no_site_open_covers_nothing_in_the_covering_models(model):
    """The covering models count what is covered: with no site, nothing (0, optimal)."""
    result = models(COST, p=0)[model]()
    assert result.objective == 0.0 and result.status == "optimal" and result.selected.size == 0


@pytest.mark.parametrize("limit", [float("nan"), -1.0, "soon", True])
@pytest.mark.parametrize("model", list(models(COST)))
def test_a_time_limit_that_is_not_seconds(model, limit):
    """A NaN limit raised ``cannot convert float NaN to integer`` in three models and ran as no
    limit or as 0 s in the others; a negative one ran as 0 s; a string raised a TypeError."""
    refused(models(COST, time_limit_s=limit)[model], f"time limit must be a number of seconds ≥ 0, got {limit!r}", "时间限制")


@pytest.mark.parametrize("model", list(models(COST)))
def test_an_infinite_time_limit_is_no_limit(model):
    """``inf`` is no limit (three models raised an OverflowError): the same answer as ``None``."""
    endless, unlimited = models(COST, time_limit_s=float("inf"))[model](), models(COST)[model]()
    assert (endless.objective, endless.status) == (unlimited.objective, unlimited.status)
    assert endless.selected.tolist() == unlimited.selected.tolist()


@pytest.mark.parametrize("layout", ["coo", "csr"])
@pytest.mark.parametrize("model", list(models(COST)))
def test_a_pair_stored_twice_in_a_sparse_matrix(model, layout):
    """Pair (1, 2) given twice (120 m and 150 m, as a table with a repeated row would give it):
    scipy adds repeats up, so the models read 270 m (a doubled distance, silently); now refused."""
    rows, cols, values = [0, 1, 1, 2, 3], [0, 2, 2, 1, 0], [5.0, 120.0, 150.0, 7.0, 9.0]
    if layout == "coo":
        cost = sp.coo_matrix((values, (rows, cols)), shape=(8, 3))
    else:  # CSR arrays written directly, the repeat kept as two entries
        indptr = np.searchsorted(rows, np.arange(9))
        cost = sp.csr_matrix((np.array(values), np.array(cols), indptr), shape=(8, 3))
    kept = cost.copy()
    refused(models(cost)[model], "stores 1 demand–candidate pairs more than once (the first at demand row 1, "
            "candidate column 2, with costs [120.0, 150.0])", "被重复存入")  # fmt: skip
    assert cost.nnz == kept.nnz and np.array_equal(cost.toarray(), kept.toarray())  # the caller's matrix as it was


@pytest.mark.parametrize("model", list(models(COST)))
def test_fixed_sites_as_one_column_none_or_a_mask(model):
    """One column number, ``None`` or a true/false mask per column mean what numpy would make of
    them (an int or ``None`` raised a TypeError; a mask was read as columns 1, 0, 1 and refused)."""
    as_list = models(COST, p=1, fixed=[0, 2])[model]()
    for fixed in ([True, False, True], np.array([True, False, True])):
        assert models(COST, p=1, fixed=fixed)[model]().selected.tolist() == as_list.selected.tolist()
    assert models(COST, p=1, fixed=2)[model]().selected.tolist() == models(COST, p=1, fixed=[2])[model]().selected.tolist()
    assert models(COST, p=1, fixed=None)[model]().selected.tolist() == models(COST, p=1)[model]().selected.tolist()
    refused(models(COST, p=1, fixed=[True, False])[model], "true/false mask of 2 values, but there are 3 candidate columns", "掩码")
    refused(models(COST, p=1, fixed=True)[model], "fixed sites True are not candidate columns", "固定站点")
