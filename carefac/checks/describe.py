"""Rules described from the registry: the ``carefac rules`` listing and the README's rule table."""

from __future__ import annotations

import pandas as pd

from ..policy import Policy
from ..text import INPUTS, RULES_WORDS, SUBJECTS, TABLE_WORDS, rule_summary, word
from ._registry import REGISTRY, rule_title

__all__ = ["readme_rule_table", "rules_listing", "whole_plan_table"]


def _word(key: str, lang: str) -> str:
    return RULES_WORDS[key][1 if lang == "zh" else 0]


def _in(words: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    return words[key][1 if lang == "zh" else 0]


def _joined(items: list[str], lang: str, zh: str = "、", en: str = ", ") -> str:
    return (zh if lang == "zh" else en).join(items)


def _value(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, tuple):
        return ", ".join(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def rules_listing(policy: Policy, *, lang: str = "zh") -> str:
    """Return every registered rule with its clause, subject, what it checks, thresholds (the
    profile's values), comparison and inputs, and whether the profile runs it."""
    values = policy.as_dict()
    lines = [f"{_word('profile', lang)}: {policy.name} — {policy.title}", ""]
    for rule in REGISTRY.values():
        state = _word("on" if policy.rule_enabled(rule.id) else "off", lang)
        lines.append(f"{rule.id}  {rule.title(lang)}  [{state}]")
        lines.append(f"  {_word('clause', lang)}: {policy.clause(rule.id, rule.clause)}")
        lines.append(
            f"  {_word('subject', lang)}: {_joined([_in(SUBJECTS, k, lang) for k in rule.subject], lang)}"
        )
        lines.append(f"  {_word('checks', lang)}: {rule_summary(rule.id, values, lang)}")
        if rule.thresholds:
            shown = ", ".join(
                f"{k} = {_value(getattr(policy, k)) if getattr(policy, k) is not None else _word('unset', lang)}"
                for k in rule.thresholds
            )
            lines.append(f"  {_word('thresholds', lang)}: {shown}")
        comparison = policy.comparison(rule.id, rule.comparison)
        if comparison:
            lines.append(f"  {_word('comparison', lang)}: {_word(comparison, lang)}")
        lines.append(
            f"  {_word('inputs', lang)}: {_joined([_in(INPUTS, k, lang) for k in rule.needs], lang, '；', '; ')}"
        )
        lines.append("")
    return "\n".join(lines)


def readme_rule_table(policy: Policy) -> str:
    """Return the README's rule table (Markdown) for ``policy``: rule, quoted clause, what is checked."""
    values = policy.as_dict()
    lines = [
        f"| rule | clause of the plan ({policy.title.split(' (')[-1].rstrip(')') or policy.name}, quoted) | what is checked |",
        "|---|---|---|",
    ]
    for rule in REGISTRY.values():
        if policy.rule_enabled(rule.id):
            lines.append(
                f"| `{rule.id}` | {policy.clause(rule.id, rule.clause)} | {rule_summary(rule.id, values, 'en')} |"
            )
    return "\n".join(lines)


_MARKS = {"ok": "✔", "flagged": "✘", "not_applicable": "–", "skipped": "?"}


def whole_plan_table(flags: pd.DataFrame, study, lang: str = "zh") -> pd.DataFrame:
    """Return one row per county and one column per county-level rule: ✔ met, ✘ missed, – not
    applicable, ? not checked."""
    counties = study.areas_at("county")[["area_id", "name"]]
    county_rules = flags[flags["subject_id"].isin(counties["area_id"])]
    grid = county_rules.pivot_table(index="subject_id", columns="rule", values="status", aggfunc="first")
    order = [r for r in REGISTRY if r in grid.columns]
    grid = grid[order].apply(lambda col: col.map(lambda v: _MARKS.get(v, "")))
    grid.columns = [rule_title(c, lang) for c in grid.columns]
    names = counties.set_index("area_id")["name"]
    grid.insert(0, word(TABLE_WORDS, "area_name", lang), names.reindex(grid.index).to_numpy())
    return grid.reset_index().rename(columns={"subject_id": word(TABLE_WORDS, "area_code", lang)})
