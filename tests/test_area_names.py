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
    written = ["芝山街道", "石亭镇", "浦南镇"]  # the first two names swapped, as a sorted column leaves them
    check = checked_names(codes, written, LAYER)
    assert check.crossed == [(0, "350602001", "石亭镇", "350602002", "芝山街道"), (1, "350602002", "芝山街道", "350602001", "石亭镇")]
    assert check.differing == []


def test_names_written_otherwise_agree():
    codes = ["350602", "350604", "350602001", "350602002"]
    written = ["漳州市芗城区", "龙海市", "石亭镇人民政府", "芝山"]  # prefix, a level changed, an office, a bare stem
    check = checked_names(codes, written, LAYER)
    assert check.crossed == [] and check.differing == []


def test_a_name_of_no_area_differs_and_unchecked_rows_are_left():
    codes = ["350602003", "350699", "350602001", None]
    written = ["新圩镇", "某区", None, "芗城区"]  # no such area; a code not in the layer; no name; no code
    check = checked_names(codes, written, LAYER)
    assert check.crossed == []
    assert check.differing == [(0, "350602003", "浦南镇", "新圩镇")]
