"""Config choices written as a Chinese office writes them (level = "乡镇", lang = "中文")."""

import pytest

from carefac._settings import SECTION_SETTINGS


@pytest.mark.parametrize(
    "section, key, written, read",
    [("optimize", "level", "乡镇", "township"), ("optimize", "level", "县（区）", "county"),
     ("optimize", "weight", "3岁以下", "under3"), ("optimize", "model", "最大覆盖模型", "mclp"),
     ("optimize", "model", "P中位", "p-median"), ("optimize", "method", "精确", "exact"),
     ("optimize", "demand", "居住区", "residential"), ("distance", "method", "路网", "network"),
     ("distance", "mode", "步行", "walk"), ("output", "lang", "中文", "zh"), ("output", "lang", "English", "en")],
)  # fmt: skip
def test_a_choice_written_in_chinese_is_read(section, key, written, read):
    """level = "乡镇", weight = "3岁以下", lang = "中文" were 'should be one of county, township'."""
    assert SECTION_SETTINGS[section][key].check(key, written) == (read, None)


@pytest.mark.parametrize("section, key, written", [("optimize", "level", "中文"), ("output", "lang", "乡镇")])
def test_a_chinese_word_of_another_setting_is_still_refused(section, key, written):
    value, said = SECTION_SETTINGS[section][key].check(key, written)
    assert value is None and said[0] == "setting_not_choice"


@pytest.mark.parametrize("written, first", [("英文", "profile:"), ("English", "profile:"), ("中文", "配置:")])
def test_the_command_lines_language_written_in_chinese_is_read(capsys, written, first):
    """carefac rules --lang 英文 was 'invalid choice'."""
    from carefac.cli import main

    assert main(["rules", "--lang", written]) == 0
    assert capsys.readouterr().out.startswith(first)
