"""Problems with the input are said in the run's language: every problem code has Chinese and
English sentences filled from the same facts, every code the readers raise is catalogued, and a
Chinese run reports a broken project in Chinese (an English run in English)."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from carefac._errors import CarefacError, LayerSource, ValidationError, error_paragraph, problem
from carefac.text.problems import ERRORS, ITEMS, PROBLEMS, Listed, error_sentence, problem_sentences

PACKAGE = Path(__file__).resolve().parents[1] / "carefac"
CJK = re.compile(r"[\u4e00-\u9fff]")
# names of formats, programs and systems that a Chinese sentence keeps in Latin letters
LATIN_NAMES = {
    "excel", "wps", "word", "docx", "pdf", "qgis", "toml", "utf", "gbk", "csv", "html", "geopackage", "epsg", "cgcs2000",
    "wgs84", "gcj", "bd", "carefac", "true", "false", "xlsx", "xls", "ansi", "code", "notepad", "gps", "web", "shapefile", "join", "areas",
    "shapely", "make_valid", "osm", "pbf", "bz2", "graphml", "lon", "lat", "id", "area_id", "level",
    "city", "county", "township", "pop_under3", "population", "parent_id", "declared_area", "rules",
    "enabled", "comparison", "extends", "path", "graph", "method", "split", "configs", "sheet",
    "encoding", "layer", "crs", "weight", "outside", "area_sums", "warn", "report", "lang", "help",
    "batch", "vs", "euclidean", "network", "prefix4", "prefix6", "target_year", "start_year", "cm",
    "special_assistance_members", "tables", "special_families", "columns", "layers", "optimize",
    "distance", "json", "geojson", "fujian", "cities", "at_least", "zh", "en", "utf-8", "gcj-02",
    "bd-09", "out", "windows", "arcgis", "zip", "libreoffice", "cad", "autocad", "map", "mapexport", "kind", "status", "venue_type",
}  # fmt: skip


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_problem_has_both_languages_on_the_same_facts(code):
    entry = PROBLEMS[code]
    assert set(entry) == {"en", "zh"}
    en = _fields(entry["en"][0]) | _fields(entry["en"][1])
    zh = _fields(entry["zh"][0]) | _fields(entry["zh"][1])
    assert zh == en, f"{code}: the Chinese sentences use {zh}, the English ones {en}"
    assert all(name.isidentifier() for name in en), f"{code}: a brace in the text is not a fact ({en})"
    assert CJK.search(entry["zh"][0]) and CJK.search(entry["zh"][1]), (
        f"{code}: Chinese sentences without Chinese"
    )


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_chinese_sentences_leave_no_english_words(code):
    for sentence in PROBLEMS[code]["zh"]:
        bare = re.sub(r"\{[^}]*\}", " ", sentence)
        bare = re.sub(r"\"[^\"]*\"|'[^']*'|\[[^\]]*\]|\S*[=_./<>]\S*|--[a-z][a-z-]*", " ", bare)  # config text, paths, options
        words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*", bare)}
        left = {w for w in words if w not in LATIN_NAMES and not re.fullmatch(r"[a-z]{1,2}|[a-z]+\d+", w)}
        assert not left, f"{code}: English left in the Chinese sentence {sentence!r}: {left}"


def _codes_raised() -> set[str]:
    """Return the problem codes given to ``problem``/``_problem``/``_unknown_values``/``input_error`` calls and the
    ``(code, facts)`` pairs settings return, read from carefac's source."""
    codes: set[str] = set()

    def constants(node) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return constants(node.body) + constants(node.orelse)
        return []

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                position = {"problem": 1, "_problem": 1, "_unknown_values": 4, "input_error": 0}.get(name)
                if position is not None and len(node.args) > position:
                    codes.update(constants(node.args[position]))
            if isinstance(node, ast.Tuple) and node.elts and constants(node.elts[0]):
                first = constants(node.elts[0])[0]
                if first.startswith("setting_"):
                    codes.add(first)
    return codes


def test_every_call_gives_the_facts_its_sentences_need():
    """A fact a sentence names but the call does not give would fail while reporting the error."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("problem", "_problem")):
                continue
            given = {k.arg for k in node.keywords}
            if None in given or len(node.args) < 2:  # facts passed on as **facts: checked at their source
                continue
            branches = (
                [node.args[1].body, node.args[1].orelse]
                if isinstance(node.args[1], ast.IfExp)
                else [node.args[1]]
            )
            for code in (b.value for b in branches if isinstance(b, ast.Constant)):
                needed = set().union(*(_fields(t) for t in PROBLEMS[code]["en"] + PROBLEMS[code]["zh"]))
                derived = {"setting", "fix_setting", "example"} if code.startswith("setting_") else set()  # from where/key/flag
                missing = needed - given - {"unit_text", "column"} - derived
                assert not missing, f"{path.name}:{node.lineno} {code} needs {missing}"
    for code in PROBLEMS:  # every sentence formats once its facts are given
        facts = {name: 1 for t in PROBLEMS[code]["en"] for name in _fields(t)}
        for lang in ("en", "zh"):
            problem_sentences(code, facts, lang)


def test_every_code_raised_is_catalogued_and_every_catalogued_code_is_raised():
    raised = _codes_raised()
    assert len(raised) > 80
    assert not sorted(raised - set(PROBLEMS)), "codes raised but not catalogued"
    assert not sorted(set(PROBLEMS) - raised), "catalogued codes no reader raises"


def test_a_problem_reads_in_both_languages_with_user_rows_and_listed_items():
    found = problem(
        LayerSource("设施.xlsx", "facilities"),
        "rows_repeated",
        rows=(3, 4, 5),
        n=2,
        pairs=Listed("repeated_row", [{"row": 4, "first": 3}, {"row": 5, "first": 3}]),
    )
    zh, en = found.text("zh"), found.text("en")
    assert zh == (
        "设施.xlsx（设施图层），第 3、4、5 行：2 行与另一行完全相同（第 4 行与第 3 行相同；第 5 行与第 3 行相同）；"
        "每个副本都会被重复计算。修改方法：删除重复行（如果确实是不同的机构，请给每个机构各自的编号和名称）。"
    )
    assert en.startswith(
        "设施.xlsx (layer 'facilities'), rows 3, 4, 5: 2 rows repeat another row exactly (row 4 repeats row 3; row 5 repeats row 3)"
    )
    assert str(found) == en and found.message.startswith("2 rows repeat")
    one = problem("a.csv", "values_negative", column="slots", rows=(7,))
    assert (
        one.text("en")
        == "a.csv, column 'slots', row 7: values are negative. Fix: correct them; counts and rates cannot be below 0."
    )
    assert (
        one.text("zh")
        == "a.csv，列“slots”，第 7 行：数值为负。修改方法：改正这些数值；人数、数量和比率都不能小于 0。"
    )
    paragraph = error_paragraph(ValidationError([found, one]), "zh")
    assert ValidationError([found, one]).text("zh") == paragraph
    assert paragraph.splitlines()[0] == "carefac：输入中有 2 个问题。"
    assert error_paragraph(ValidationError([one]), "en").splitlines()[0] == "carefac: 1 problem in the input."
    assert set(ITEMS) >= {"repeated_row", "overlap_pair", "misplaced_township", "more"}
    profile = problem("built-in profile 'zhangzhou-2023' with overrides ['radius']", "profile_years")
    assert profile.text("zh").startswith("内置配置 'zhangzhou-2023' 覆盖项 ['radius']：target_year")
    assert problem("command line", "batch_empty").text("zh").startswith("命令行：")


def _broken_project(folder: Path, lang: str) -> Path:
    subprocess.run([sys.executable, "-m", "carefac", "init", str(folder), "--lang", lang], check=True,
                   capture_output=True)  # fmt: skip
    table = pd.read_csv(folder / "facilities.csv", dtype=str)
    table = pd.concat([table, table], ignore_index=True)  # the same id twice, every cell repeated
    slots = [c for c in table.columns if c in ("托位数", "slots")][0]
    table.loc[1, slots] = "二十" if lang == "zh" else "twenty"
    table.to_csv(folder / "facilities.csv", index=False)
    config = folder / "carefac.toml"
    text = config.read_text("utf-8").replace('path = "facilities.xlsx"', 'path = "facilities.csv"')
    text = re.sub(
        r"(?m)^new_sites = 1", 'new_sites = "3个"' if lang == "zh" else 'new_sites = "3 sites"', text
    )
    config.write_text(text, "utf-8")
    return config


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_project_is_reported_in_the_run_language(tmp_path, lang):
    config = _broken_project(tmp_path / "project", lang)
    done = subprocess.run([sys.executable, "-m", "carefac", "validate", str(config)], capture_output=True,
                          text=True, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert len(lines) >= 3  # the head, the repeated id, the unreadable slots, the quoted new_sites
    if lang == "zh":
        assert lines[0].startswith("carefac：输入中有")
        assert all("修改方法：" in line for line in lines[1:]), done.stderr
        assert not re.search(r"\b(Fix|rows?|column|must|values|problems?)\b", done.stderr), done.stderr
        assert "第 3 行" in done.stderr and "设施图层" in done.stderr
    else:
        assert lines[0].startswith("carefac:") and "problem" in lines[0]
        assert all("Fix:" in line for line in lines[1:]), done.stderr
        # Chinese only where an English sentence glosses a Chinese header, in parentheses
        assert not CJK.search(re.sub(r"\([^)]*\)", "", done.stderr)), done.stderr


def test_every_error_said_is_catalogued_with_its_facts_and_in_both_languages():
    """Errors that stop a run (``CarefacError.said``): each code is in ERRORS, each call gives the
    facts its sentences name, each sentence has Chinese; no catalogued error goes unused."""
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "said"):
                continue
            if getattr(node.func.value, "id", "") == "Notice":  # notices: their own catalogue
                continue
            code = node.args[0].value
            used.add(code)
            assert code in ERRORS, f"{path.name}:{node.lineno} {code} is not catalogued"
            needed = _fields(ERRORS[code]["en"]) | _fields(ERRORS[code]["zh"])
            missing = needed - {k.arg for k in node.keywords} - {"level_word", "mode_word"}
            assert not missing, f"{path.name}:{node.lineno} {code} needs {missing}"
    assert used == set(ERRORS)
    for code, entry in ERRORS.items():
        assert CJK.search(entry["zh"]) and not CJK.search(entry["en"]), code
        facts = {name: 1 for name in _fields(entry["en"]) | _fields(entry["zh"])}
        assert error_sentence(code, facts, "zh") and error_sentence(code, facts, "en")


def test_an_error_reads_in_the_run_language():
    error = CarefacError.said("too_many_sites", n=5, candidates=3)
    assert (
        str(error)
        == "cannot open 5 new sites: the candidate layer has 3 sites; ask for fewer or add candidates"
    )
    assert (
        error_paragraph(error, "zh")
        == "carefac：无法新建 5 个站点：候选站点图层只有 3 个站点；请减少站点数或增加候选站点"
    )
    assert CarefacError("plain").sentence("zh") == "plain"
    assert (
        error_sentence("roads_none", {"file": "a.osm", "mode": "walk"}, "zh")
        == "a.osm：文件中没有步行道路；请检查路网数据是否覆盖研究区域"
    )


def _notice_codes_said() -> set[str]:
    """Return the codes given to ``Notice.said`` in carefac's source (each call checked to give the
    facts its sentences name)."""
    from carefac.text.notices import NOTICE_WORDS, NOTICES

    codes = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "said"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "Notice"
            ):
                code = node.args[0].value
                codes.add(code)
                given = {k.arg for k in node.keywords}
                words = next((k.value for k in node.keywords if k.arg == "words"), None)
                named = {key.value for key in words.keys} if isinstance(words, ast.Dict) else set()
                needed = (_fields(NOTICES[code]["en"]) | _fields(NOTICES[code]["zh"])) - named
                for value in words.values if isinstance(words, ast.Dict) else []:  # a word's facts: the call's too
                    keys = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and n.value in NOTICE_WORDS]
                    needed |= set().union(*(_fields(t) for key in keys for t in NOTICE_WORDS[key].values()))
                assert not needed - given, f"{path.name}:{node.lineno} {code} needs {needed - given}"
    return codes


def test_every_notice_is_catalogued_in_both_languages_on_the_same_facts():
    """Notices (estimates, conversions, substitutions) are said from the catalogue, like problems:
    no sentence of them is written in the analysis."""
    from carefac.text.notices import NOTICE_WORDS, NOTICES

    said = _notice_codes_said()
    assert said == set(NOTICES), f"said but not catalogued: {said - set(NOTICES)}; unused: {set(NOTICES) - said}"
    for code, entry in {**NOTICES, **NOTICE_WORDS}.items():
        assert set(entry) == {"en", "zh"}
        assert _fields(entry["en"]) == _fields(entry["zh"]), code
        assert CJK.search(entry["zh"]), f"{code}: a Chinese sentence without Chinese"
        bare = re.sub(r"\{[^}]*\}", " ", entry["zh"])
        bare = re.sub(r"\"[^\"]*\"|'[^']*'|\[[^\]]*\]|\S*[=_./<>]\S*", " ", bare)
        words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*", bare)}
        assert not {w for w in words if w not in LATIN_NAMES and len(w) > 2}, f"{code}: English in {entry['zh']!r}"
    for path in PACKAGE.rglob("*.py"):
        if "text" not in path.parts:
            written = re.search(r"Notice\(\s*\"\w+\",\s*f?[\"']", path.read_text("utf-8"))
            assert not written, f"{path.name} writes a notice's sentence"


def test_a_problem_counting_one_row_says_it_in_the_singular():
    """"row 3: 1 rows repeat another row exactly" read as a slip: a count of one takes the singular."""
    message, _ = problem_sentences("rows_repeated", {"n": 1, "pairs": "row 3 repeats row 2"}, "en")
    assert message.startswith("1 row repeats another row exactly")
    message, _ = problem_sentences("rows_repeated", {"n": 2, "pairs": "rows 3, 4"}, "en")
    assert message.startswith("2 rows repeat another row exactly")
