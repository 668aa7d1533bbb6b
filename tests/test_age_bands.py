"""Children under 3 from columns by age (0岁, 1岁, 2岁; 0岁 and 1-2岁; the census's 0岁 and 1-4岁)."""

import pandas as pd
import pytest

from carefac._age_bands import under3_from_age_bands, under3_from_share


@pytest.mark.parametrize(
    "columns, expected",
    [({"0岁": [10], "1岁": [12], "2岁": [14]}, 36), ({"0周岁人口": [10], "1-2岁人口(人)": [26]}, 36),
     ({"0～1岁儿童数": [22], "2岁儿童数": [14]}, 36), ({"0岁": [10], "1-4岁": [52]}, 36)],
)  # fmt: skip
def test_bands_that_make_ages_0_to_2_are_added(columns, expected):
    under3, problems, notices = under3_from_age_bands(pd.DataFrame(columns), "t.csv", 2)
    assert under3.tolist() == [expected] and not problems and len(notices) == 1


def test_the_census_bands_are_said_as_an_estimate_and_exact_bands_are_preferred():
    census = pd.DataFrame({"0岁": [10], "1-4岁": [52]})
    (said,) = under3_from_age_bands(census, "t.csv", 2)[2]
    assert said.code == "under3_from_census_bands"
    both = census.assign(**{"1岁": [12], "2岁": [14]})  # 0, 1, 2 given too: added exactly
    under3, _, (said,) = under3_from_age_bands(both, "t.csv", 2)
    assert under3.tolist() == [36] and said.code == "under3_from_age_columns"


@pytest.mark.parametrize("columns", [{"0岁": [10], "1岁": [12]}, {"0-3岁以上": [1]}, {"1-4岁": [52]}, {"3岁": [9]}])
def test_bands_that_do_not_make_ages_0_to_2_give_nothing(columns):
    assert under3_from_age_bands(pd.DataFrame(columns), "t.csv", 2) == (None, [], [])


def test_a_cell_that_is_no_number_is_named_and_a_blank_age_leaves_the_area_unknown():
    frame = pd.DataFrame({"0岁": ["10", "约20", "5"], "1岁": ["12", "8", ""], "2岁": ["14", "9", "7"]})
    under3, problems, _ = under3_from_age_bands(frame, "t.csv", 2)
    (bad,) = problems
    assert bad.code == "values_not_numbers" and bad.column == "0岁" and bad.rows == (3,)
    assert under3.iloc[0] == 36 and under3.iloc[1:].isna().all()


@pytest.mark.parametrize(
    "header",
    ["3周岁以下婴幼儿数", "0-3周岁婴幼儿数", "0至3岁常住人口", "三周岁以下幼儿数量", "3岁以下人口数", "0～2岁儿童人数",
     "3 岁以下婴幼儿(人)"],
)  # fmt: skip
def test_children_under_3_are_read_however_the_header_writes_them(tmp_path, header):
    """Tables write the under-3s many ways (周岁, 0至3岁, 以下 …): each is the column read, not an
    estimate from census shares put in its place."""
    import geopandas as gpd
    import shapely

    from carefac import read_layer

    frame = gpd.GeoDataFrame({"area_id": ["350601"], "name": ["东县"], "population": [60000], header: [1807]},
                             geometry=[shapely.box(117.6, 24.5, 117.7, 24.6)], crs=4326)  # fmt: skip
    frame.to_file(tmp_path / "a.geojson")
    assert read_layer(tmp_path / "a.geojson", "areas")["pop_under3"].tolist() == [1807]


@pytest.mark.parametrize("header", ["3岁人口", "0-4岁", "3岁以上人口", "1-3岁"])
def test_headers_of_other_ages_are_not_children_under_3(header):
    from carefac._age_bands import under3_header

    assert not under3_header(header)


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("3岁以下人口占比(%)", ["3.0", "2.5"], [1800.0, 500.0]),  # a percentage by its header
        ("婴幼儿比例", ["3%", "2.5%"], [1800.0, 500.0]),  # by its cells
        ("0-3岁人口占总人口比重", ["0.03", "0.025"], [1800.0, 500.0]),  # fractions
        ("3岁以下婴幼儿占比", ["3", ""], [1800.0, None]),  # a value above 1 is a percentage; a blank stays unknown
    ],
)
def test_the_under3s_share_gives_them_as_residents_times_it(header, cells, expected):
    frame = pd.DataFrame({"常住人口(万人)": ["6", "2"], header: cells})
    under3, problems, notices = under3_from_share(frame, "常住人口(万人)", 10_000.0, "a.csv", 2)
    assert not problems
    assert [None if pd.isna(v) else v for v in under3] == expected  # 60,000 × 3 % = 1,800 by hand
    assert "60,000 × 3.00% = 1,800" in notices[0].en


def test_no_share_column_gives_nothing_and_an_unreadable_share_is_named():
    assert under3_from_share(pd.DataFrame({"人口": ["1"], "出生率": ["0.8"]}), "人口", 1.0, "a.csv", 2)[0] is None
    _, problems, _ = under3_from_share(pd.DataFrame({"人口": ["1", "2"], "婴幼儿占比": ["3", "约三"]}), "人口", 1.0, "a.csv", 2)
    assert [(p.code, p.column, p.rows) for p in problems] == [("values_not_numbers", "婴幼儿占比", (3,))]
