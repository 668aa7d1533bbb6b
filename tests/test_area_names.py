"""A row's name against the name the boundaries give its code (``carefac._area_names``)."""

from __future__ import annotations

import pytest

from carefac._area_names import checked_names, name_stem

LAYER = {"350602": "芗城区", "350604": "龙海区", "350602001": "石亭镇", "350602002": "芝山街道", "350602003": "浦南镇"}


@pytest.mark.parametrize(
    ("written", "stem"),
    [
        ("芗城区", "芗城"),
        ("芗 城 区", "芗城"),  # a yearbook's aligned name
        ("福建省漳州市芗城区", "芗城"),
        ("漳州市芗城区", "芗城"),
        ("龙海市", "龙海"),  # a city whose name is all there is: not taken for a prefix
        ("芝山街道办事处", "芝山"),
        ("石亭镇人民政府", "石亭"),
        ("漳州市", "漳州"),
        ("", ""),
        (None, ""),
        (350602, ""),
    ],
)
def test_name_stem(written, stem):
    assert name_stem(written) == stem


def test_rows_whose_name_is_another_areas_are_crossed():
    codes = ["350602001", "350602002", "350602003"]
    written = ["芝山街道", "芗城区石亭镇", "浦南镇"]  # the first two names swapped, as a sorted column leaves them
    check = checked_names(codes, written, LAYER)
    assert check.crossed == [(0, "350602001", "石亭镇", "350602002", "芝山街道"), (1, "350602002", "芝山街道", "350602001", "石亭镇")]
    assert checked_names(["350602003"], ["新石亭镇"], LAYER).crossed == []  # a name ending in another's is no prefix
    assert check.differing == []


def test_names_written_otherwise_agree():
    codes = ["350602", "350604", "350602001", "350602002"]
    written = ["漳州市芗城区", "龙海市", "芗城区石亭镇人民政府", "芝山"]  # prefixes, a level changed, an office, a bare stem
    check = checked_names(codes, written, LAYER)
    assert check.crossed == [] and check.differing == []


def test_a_name_of_no_area_differs_and_unchecked_rows_are_left():
    codes = ["350602003", "350699", "350602001", None]
    written = ["新圩镇", "某区", None, "芗城区"]  # no such area; a code not in the layer; no name; no code
    check = checked_names(codes, written, LAYER)
    assert check.crossed == []
    assert check.differing == [(0, "350602003", "浦南镇", "新圩镇")]


def test_boundary_counties_whose_names_are_other_census_counties_are_refused():
    """The shipped census gives 350602 as 芗城区 and 350603 as 龙文区: a boundary file drawing them
    the other way round is refused, naming both; the census's names written otherwise agree."""
    from carefac._errors import ValidationError
    from carefac.model import StudyArea

    def study(names):
        import geopandas as gpd
        import shapely

        frame = gpd.GeoDataFrame(
            {"area_id": ["350602", "350603"], "name": names, "level": ["county"] * 2, "population": [600_000, 200_000]},
            geometry=[shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)], crs=4326,
        )
        return StudyArea.from_layers(frame)

    with pytest.raises(ValidationError) as caught:
        study(["龙文区", "芗城区"])
    text = caught.value.problems[0].text("en")
    assert "350602 is 芗城区 there, the feature names 龙文区 (350603)" in text
    assert "350603 is 龙文区 there, the feature names 芗城区 (350602)" in text
    assert study(["漳州市芗城区", "龙文"]).areas["name"].tolist() == ["漳州市芗城区", "龙文"]


def test_boundary_townships_whose_names_are_other_townships_of_the_code_list_are_refused():
    """The shipped 2023 code list gives 350602001 as 东铺头街道 and 350602002 as 西桥街道."""
    import geopandas as gpd
    import shapely

    from carefac._errors import ValidationError
    from carefac.model import StudyArea

    frame = gpd.GeoDataFrame(
        {"area_id": ["350602", "350602001", "350602002"], "name": ["芗城区", "西桥街道", "东铺头街道办事处"],
         "level": ["county", "township", "township"], "parent_id": [None, "350602", "350602"],
         "population": [90_000, 50_000, 40_000]},
        geometry=[shapely.box(117.6, 24.5, 117.8, 24.6), shapely.box(117.6, 24.5, 117.7, 24.6), shapely.box(117.7, 24.5, 117.8, 24.6)],
        crs=4326,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        StudyArea.from_layers(frame)
    text = caught.value.problems[0].text("en")
    assert "350602001 is 东铺头街道 there, the feature names 西桥街道 (350602002)" in text
    assert "350602002 is 西桥街道 there, the feature names 东铺头街道办事处 (350602001)" in text
