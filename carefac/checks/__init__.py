"""Policy checks: one registered function per rule of the plan, each returning a tidy flags table.

Every table has the columns of :data:`FLAG_COLUMNS`: ``rule, subject_id, subject_name, status,
measured, threshold, unit, reason, reason_zh, reason_code, shortfall, better_than_province``.
``status`` is ``flagged``, ``ok``, ``not_applicable`` or ``skipped``. A rule whose input is
absent returns one ``skipped`` row naming the missing input; it never passes silently.

Rules live in modules by theme — :mod:`.provision` (slots per 1000, new and old districts),
:mod:`.services` (parent-child rooms, nursing rooms, smart vaccination), :mod:`.county`
(MCH institutions, prenatal screening, designated hospitals, warm homes) and :mod:`.indicators`
— and register themselves in :data:`REGISTRY` (:func:`rule`); their words are in
:mod:`carefac.text`. Adding a rule touches one of these modules and the catalogue.
"""

from __future__ import annotations

import pandas as pd

from .._errors import ConfigError, Problem, problem, raise_if_any
from ..model import StudyArea
from ..network import EUCLIDEAN, Distances
from ..policy import Policy, load_policy

# registration order is report order: provision, services, county, indicators
from . import provision  # noqa: F401

# isort: split
from . import services  # noqa: F401

# isort: split
from . import county  # noqa: F401

# isort: split
from . import indicators  # noqa: F401

# isort: split
from ._areas import township_unit_kinds
from ._registry import COMPARISONS, REGISTRY, Rule, rule, rule_title
from ._rows import BUILT_OR_PLANNED, FLAG_COLUMNS, NEW_STATUSES, STATUSES, facilities_of
from .county import (
    AMBIGUOUS_MEMBER_COLUMNS,
    MEMBER_COLUMNS,
    city_mch_grade,
    county_mch_grade,
    designated_hospital_per_county,
    prenatal_screening_per_county,
    read_member_counts,
    warm_home,
)
from .indicators import INDICATORS, indicator_rules, read_indicator_table
from .provision import (
    allocate_slots_by_distance,
    new_districts,
    new_residential_childcare,
    old_residential_childcare,
    slots_per_1000_rule,
)
from .services import nursing_room, smart_vaccination, township_parent_child_room

__all__ = [
    "AMBIGUOUS_MEMBER_COLUMNS",
    "BUILT_OR_PLANNED",
    "COMPARISONS",
    "FLAG_COLUMNS",
    "INDICATORS",
    "MEMBER_COLUMNS",
    "NEW_STATUSES",
    "REGISTRY",
    "STATUSES",
    "Rule",
    "allocate_slots_by_distance",
    "city_mch_grade",
    "county_mch_grade",
    "designated_hospital_per_county",
    "enabled_rules",
    "indicator_rules",
    "facilities_of",
    "new_districts",
    "new_residential_childcare",
    "nursing_room",
    "old_residential_childcare",
    "prenatal_screening_per_county",
    "profile_problems",
    "read_indicator_table",
    "read_member_counts",
    "rule",
    "rule_ids",
    "rule_title",
    "run_checks",
    "slots_per_1000_rule",
    "smart_vaccination",
    "summarise_flags",
    "township_parent_child_room",
    "township_unit_kinds",
    "warm_home",
]


def rule_ids() -> list[str]:
    """Return every registered rule id, in report order."""
    return list(REGISTRY)


def enabled_rules(policy: Policy) -> list[str]:
    """Return the ids of the rules the profile enables, in report order."""
    return [r for r in REGISTRY if policy.rule_enabled(r)]


def profile_problems(policy: Policy, rules: list[str] | None = None) -> list[Problem]:
    """Return a problem per rule setting of the profile that cannot work.

    A profile names only known rules (in ``[rules]``), gives comparisons only to rules that have
    one, and sets every key its enabled rules (or the ``rules`` named) read (a profile without ``extends`` inherits
    nothing: a forgotten key is an error, never another city's number).
    """
    problems = []
    unknown = sorted(set(policy.rule_settings_named()) - set(REGISTRY))
    if unknown:
        problems.append(problem(policy.source, "rules_unknown", unknown=unknown, known=", ".join(REGISTRY)))
    for rule_id, comparison in policy.comparisons:
        if rule_id in REGISTRY and REGISTRY[rule_id].comparison is None:
            problems.append(problem(policy.source, "rule_no_comparison", rule=rule_id))
        elif comparison not in COMPARISONS:
            problems.append(problem(policy.source, "rule_comparison_unknown", rule=rule_id,
                                    comparison=comparison, known=", ".join(COMPARISONS)))  # fmt: skip
    for rule_id in [r for r in rules if r in REGISTRY] if rules is not None else enabled_rules(policy):
        missing = [k for k in REGISTRY[rule_id].thresholds if getattr(policy, k) is None]
        if missing:
            problems.append(
                problem(policy.source, "rule_thresholds_unset", rule=rule_id, missing=", ".join(missing))
            )
    return problems


def run_checks(
    study: StudyArea,
    policy: Policy | None = None,
    *,
    rules: list[str] | None = None,
    distance: Distances = EUCLIDEAN,
) -> pd.DataFrame:
    """Run the profile's enabled rules (or those named, see :func:`rule_ids`) and return one flags table.

    ``distance`` says how service distances are measured: straight-line by default, or along a
    road network (see :class:`carefac.network.Distances`).

    Raises
    ------
    ConfigError
        A rule id that is not known (the known ones are listed), or a profile that cannot run
        its rules (see :func:`profile_problems`).
    """
    policy = policy or load_policy()
    names = list(rules) if rules is not None else enabled_rules(policy)
    unknown = [n for n in names if n not in REGISTRY]
    problems = (
        [problem("rules", "rules_unknown_ids", unknown=unknown, known=", ".join(REGISTRY))] if unknown else []
    )
    raise_if_any(problems + profile_problems(policy, rules), ConfigError)
    tables = [REGISTRY[name].check(study, policy, distance=distance) for name in names]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=FLAG_COLUMNS)


def summarise_flags(flags: pd.DataFrame) -> pd.DataFrame:
    """Return counts per rule and status (one row per rule, one column per status), in report order."""
    counts = pd.crosstab(flags["rule"], flags["status"]).reindex(columns=list(STATUSES), fill_value=0)
    order = [r for r in REGISTRY if r in counts.index] + sorted(r for r in counts.index if r not in REGISTRY)
    return counts.reindex(order).reset_index().rename_axis(columns=None)
