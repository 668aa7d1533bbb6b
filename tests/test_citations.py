"""Every clause carefac quotes from the plan is in the plan's text, word for word."""

from __future__ import annotations

import re
import tomllib

import pytest

from .conftest import REPO

PLAN = (REPO / "docs" / "zhangzhou-2023-policy.md").read_text("utf-8")


def squeeze(text: str) -> str:
    """Return text without whitespace and markdown emphasis (the plan breaks lines mid-clause)."""
    return re.sub(r"[\s*]", "", text)


def readme_rule_table() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("| rule | clause of the plan")
    table = readme[start : readme.index("\n\n", start)]
    return [line for line in table.splitlines()[2:] if line.startswith("|")]


def quotes(cell: str) -> list[str]:
    """Return the text of each “…” quotation in a cell (nested “” kept), split at … into fragments."""
    out, depth, current = [], 0, ""
    for ch in cell:
        if ch == "“":
            depth += 1
            if depth == 1:
                current = ""
                continue
        elif ch == "”":
            depth -= 1
            if depth == 0:
                out.append(current)
                continue
        if depth:
            current += ch
    return out


@pytest.mark.parametrize("row", readme_rule_table(), ids=lambda r: r.split("|")[1].strip(" `"))
def test_each_quoted_clause_is_in_the_plan(row):
    clause = row.split("|")[2]
    found = quotes(clause)
    assert found, f"no quotation in {clause!r}"
    plan = squeeze(PLAN)
    for quotation in found:
        assert squeeze(quotation) in plan, quotation


@pytest.mark.parametrize("row", readme_rule_table(), ids=lambda r: r.split("|")[1].strip(" `"))
def test_each_clause_is_cited_under_its_own_heading(row):
    """The section or item a quotation is cited under is the one it stands in (一、总体目标, (三)6 …)."""
    clause = row.split("|")[2].strip()
    where = clause.split(":")[0].strip()
    first = squeeze(quotes(clause)[0])
    plan = squeeze(PLAN)
    position = plan.index(first)
    if where.startswith("一、"):
        assert plan.index("一、总体目标") < position < plan.index("二、主要任务和措施")
        return
    section, item = re.match(r"\((.)\)(\d+)", where).groups()
    heading = plan.index(f"（{section}）")
    assert heading < plan.index(f"{item}.", heading) <= position
    following = plan.find(f"{int(item) + 1}.", plan.index(f"{item}.", heading))
    assert following == -1 or position < following


def test_the_profile_title_is_the_plans():
    profile = tomllib.loads((REPO / "carefac" / "profiles" / "zhangzhou-2023.toml").read_text("utf-8"))
    title = profile["title"].split(" (")[0]
    assert title in squeeze(PLAN) and "进一步" not in title
