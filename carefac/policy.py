"""Policy profiles: every threshold of a city's plan, as a frozen value loaded from TOML.

Built-in profiles live in ``carefac/profiles/*.toml``; a project may name one of them or a
path to its own TOML file, and override any value. Unknown keys and values of the wrong type
are errors that name the key.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from ._errors import ConfigError, Problem, problem, raise_if_any
from ._schema import FACILITY_KINDS, UNIT_KINDS, VENUE_TYPES

__all__ = ["CORE_KEYS", "DEFAULT_PROFILE", "Policy", "available_profiles", "load_policy"]

DEFAULT_PROFILE = "zhangzhou-2023"


#: Keys every profile sets (directly or through ``extends``): the analysis, maps and optimizer
#: read them whatever rules are enabled.
CORE_KEYS = (
    "name",
    "slots_per_1000_target",
    "childcare_kinds",
    "service_distance_m",
    "persons_per_household",
)


@dataclass(frozen=True)
class Policy:
    """A policy profile: a city's plan as thresholds, rule switches and comparisons.

    Every threshold is ``None`` until the profile sets it: a profile inherits only from the one it
    names in ``extends``, never silently from another city. Which keys a rule needs is in its
    registry entry (:data:`carefac.checks.REGISTRY`). See ``carefac/profiles/zhangzhou-2023.toml``.
    """

    name: str
    title: str = ""
    extends: str = ""
    start_year: int | None = None
    target_year: int | None = None
    slots_per_1000_target: float | None = None
    childcare_kinds: tuple[str, ...] | None = None
    new_district_slots_per_1000: float | None = None
    new_district_nearby_counts: bool | None = None
    persons_per_household: float | None = None
    service_distance_m: float | None = None
    township_room_min_population: int | None = None
    parent_child_room_unit_kinds: tuple[str, ...] | None = None
    county_mch_grade2_min_population: int | None = None
    county_mch_required_grade: int | None = None
    county_mch_min_floor_area_m2: float | None = None
    warm_home_min_members: int | None = None
    nursing_room_venue_types: tuple[str, ...] | None = None
    nursing_room_distance_m: float | None = None
    smart_vaccination_target_share: float | None = None
    city_mch_required_grade: int | None = None
    designated_hospital_min_grade: int | None = None
    maternal_mortality_max_per_100k: float | None = None
    infant_mortality_max_per_1000: float | None = None
    premarital_check_min_pct: float | None = None
    prepregnancy_check_min_pct: float | None = None
    prenatal_screening_min_pct: float | None = None
    #: ``[rules]``: (rule id, enabled) pairs; the key ``all`` sets rules not named (default on)
    rules: tuple[tuple[str, bool], ...] = ()
    #: ``[rules.<id>] comparison``: (rule id, comparison) pairs
    comparisons: tuple[tuple[str, str], ...] = ()
    #: ``[rules.<id>] clause``: (rule id, the words of this profile's document the rule checks)
    clauses: tuple[tuple[str, str], ...] = ()
    source: str = field(default="", compare=False)

    def rule_enabled(self, rule_id: str) -> bool:
        """Return whether the profile runs the rule (``[rules]``; rules not named follow ``all``)."""
        settings = dict(self.rules)
        return settings.get(rule_id, settings.get("all", True))

    def rule_settings_named(self) -> list[str]:
        """Return the rule ids named in ``[rules]`` (switches and comparisons)."""
        return [r for r, _ in self.rules if r != "all"] + [r for r, _ in (*self.comparisons, *self.clauses)]

    def comparison(self, rule_id: str, default: str | None) -> str | None:
        """Return the rule's comparison (``at_least`` …): the profile's, else the rule's default."""
        return dict(self.comparisons).get(rule_id, default)

    def clause(self, rule_id: str, default: str) -> str:
        """Return the words of the profile's document a rule checks (the rule's own clause by default)."""
        return dict(self.clauses).get(rule_id, default)

    def as_dict(self) -> dict[str, Any]:
        """Return the profile values as plain Python types (for ``run.json``)."""
        out = {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}
        out["rules"], out["comparisons"], out["clauses"] = (
            dict(self.rules),
            dict(self.comparisons),
            dict(self.clauses),
        )
        return out


def available_profiles() -> list[str]:
    """Return the names of the built-in profiles."""
    folder = resources.files("carefac") / "profiles"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def _read_profile(profile: str | Path) -> tuple[dict[str, Any], str]:
    """Return the raw TOML values of a built-in profile name or a profile file."""
    if isinstance(profile, str) and profile in available_profiles():
        path = resources.files("carefac") / "profiles" / f"{profile}.toml"
        source = f"built-in profile '{profile}'"
    else:
        path, source = Path(profile), str(profile)
    if not path.is_file():
        raise ConfigError(
            [problem(str(profile), "profile_unknown", profiles=", ".join(available_profiles()))]
        )
    try:
        return tomllib.loads(path.read_text("utf-8")), source
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([problem(source, "toml_invalid", reason=exc)]) from exc


def _coerce(key: str, value: Any, hint: Any, source: str) -> tuple[Any, Problem | None]:
    """Return ``value`` converted to the field type ``hint`` (``X | None`` read as ``X``), or a
    problem naming ``key``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if hint not in (str,) and len(args) == 1 and typing.get_origin(hint) in (types.UnionType, typing.Union):
        hint = args[0]
    if hint == tuple[str, ...]:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value), None
        return None, problem(source, "profile_not_list", key=key, value=value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value, None
    if hint is str and isinstance(value, str):
        return value, None
    if hint is bool and isinstance(value, bool):
        return value, None
    expected = {float: "a number", int: "a whole number", str: "a string", bool: "true or false"}.get(
        hint, str(hint)
    )
    return None, problem(source, "profile_wrong_type", key=key, value=value, expected=expected)


#: Plausible range of every numeric policy value: (lowest, highest), both allowed.
RANGES: dict[str, tuple[float, float]] = {
    "start_year": (2000, 2100),
    "target_year": (2000, 2100),
    # slots per 1000 residents: national and city targets lie between 1 and 10 (45 is 4.5 mistyped)
    "slots_per_1000_target": (0.5, 20.0),
    "new_district_slots_per_1000": (0.5, 20.0),
    "persons_per_household": (1.0, 10.0),
    "service_distance_m": (10.0, 50_000.0),  # as [optimize] radius_m: 0.3 is kilometres typed as metres
    "township_room_min_population": (1, 10_000_000),
    "county_mch_grade2_min_population": (1, 100_000_000),
    "county_mch_required_grade": (1, 3),
    "county_mch_min_floor_area_m2": (1.0, 1_000_000.0),
    "warm_home_min_members": (1, 1_000_000),
    "nursing_room_distance_m": (0.0, 5_000.0),
    "smart_vaccination_target_share": (0.0, 1.0),
    "city_mch_required_grade": (1, 3),
    "designated_hospital_min_grade": (1, 3),
    "maternal_mortality_max_per_100k": (0.0, 100_000.0),
    "infant_mortality_max_per_1000": (0.0, 1_000.0),
    "premarital_check_min_pct": (0.0, 100.0),
    "prepregnancy_check_min_pct": (0.0, 100.0),
    "prenatal_screening_min_pct": (0.0, 100.0),
}


def _range_problems(values: Mapping[str, Any], source: str) -> list[Problem]:
    """Return a problem per numeric policy value that is not finite or outside its plausible range."""
    problems = []
    for key, (low, high) in RANGES.items():
        value = values.get(key)
        if value is None:
            continue
        if not math.isfinite(value) or not low <= value <= high:
            problems.append(problem(source, "profile_implausible", key=key, value=value, low=low, high=high))
    if {"start_year", "target_year"} <= set(values) and values["target_year"] < values["start_year"]:
        problems.append(problem(source, "profile_years"))
    return problems


def _vocabulary_problems(values: Mapping[str, Any], source: str) -> list[Problem]:
    """Return problems of profile lists that name unknown facility kinds or venue types."""
    problems = []
    for key, allowed in (
        ("childcare_kinds", FACILITY_KINDS),
        ("nursing_room_venue_types", VENUE_TYPES),
        ("parent_child_room_unit_kinds", UNIT_KINDS),
    ):
        unknown = [v for v in values.get(key, ()) if v not in allowed]
        if unknown:
            problems.append(
                problem(
                    source, "profile_unknown_values", key=key, unknown=unknown, allowed=", ".join(allowed)
                )
            )
    return problems


def _rule_settings(
    raw: Any, source: str
) -> tuple[dict[str, bool], dict[str, str], dict[str, str], list[Problem]]:
    """Return the ``[rules]`` switches and comparisons of a profile, and problems of their form.

    ``[rules]`` holds ``rule_id = true/false`` (``all = false`` switches off every rule not
    named) and tables ``[rules.<rule_id>]`` with ``enabled``, ``comparison`` and ``clause``.
    """
    switches: dict[str, bool] = {}
    comparisons: dict[str, str] = {}
    clauses: dict[str, str] = {}
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return (
            switches,
            comparisons,
            clauses,
            [problem(source, "rules_not_table")],
        )
    for rule_id, value in raw.items():
        if isinstance(value, bool):
            switches[rule_id] = value
            continue
        if not isinstance(value, dict) or set(value) - {"enabled", "comparison", "clause"}:
            problems.append(problem(source, "rule_switch_invalid", rule=rule_id))
            continue
        if "enabled" in value:
            if not isinstance(value["enabled"], bool):
                problems.append(problem(source, "rule_enabled_invalid", rule=rule_id))
            else:
                switches[rule_id] = value["enabled"]
        if "comparison" in value:
            comparisons[rule_id] = str(value["comparison"])
        if "clause" in value:
            clauses[rule_id] = str(value["clause"])
    return switches, comparisons, clauses, problems


def _policy_from_values(values: Mapping[str, Any], source: str) -> Policy:
    """Return a Policy from raw values, collecting every unknown key, type error and missing core key."""
    hints = get_type_hints(Policy)
    known = {f.name for f in dataclasses.fields(Policy)} - {"source", "rules", "comparisons", "clauses"}
    problems: list[Problem] = []
    kwargs: dict[str, Any] = {}
    switches, comparisons, clauses, rule_problems = _rule_settings(values.get("rules", {}), source)
    problems += rule_problems
    for key, value in values.items():
        if key == "rules":
            continue
        if key not in known:
            problems.append(problem(source, "profile_unknown_key", key=key, known=", ".join(sorted(known))))
            continue
        converted, bad = _coerce(key, value, hints[key], source)
        if bad:
            problems.append(bad)
        else:
            kwargs[key] = converted
    problems += _vocabulary_problems(kwargs, source) + _range_problems(kwargs, source)
    typed = {p.facts["key"] for p in problems if p.facts.get("key")}  # set, but of the wrong type or range
    missing = [k for k in CORE_KEYS if k not in kwargs and k not in typed]
    if missing:
        problems.append(
            problem(
                source,
                "profile_incomplete",
                missing=", ".join(missing),
                profiles=", ".join(available_profiles()),
            )
        )
    raise_if_any(problems, ConfigError)
    return Policy(
        source=source,
        rules=tuple(switches.items()),
        comparisons=tuple(comparisons.items()),
        clauses=tuple(clauses.items()),
        **kwargs,
    )


def _merge(base: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``values`` over ``base``; ``[rules]`` tables merge rule by rule."""
    merged = {**base, **values}
    if "rules" in base or "rules" in values:
        rules = dict(base.get("rules", {}))
        for rule_id, setting in dict(values.get("rules", {})).items():
            earlier = rules.get(rule_id)
            if isinstance(setting, dict) and isinstance(earlier, dict):
                rules[rule_id] = {**earlier, **setting}
            elif isinstance(setting, dict) and isinstance(earlier, bool):
                rules[rule_id] = {"enabled": earlier, **setting}
            else:
                rules[rule_id] = setting
        merged["rules"] = rules
    return merged


def _resolved_values(profile: str | Path, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    """Return a profile's raw values with those of the profiles it ``extends`` beneath them."""
    values, source = _read_profile(profile)
    parent = values.get("extends")
    if not parent:
        return values, source
    if not isinstance(parent, str) or parent in seen or str(profile) in seen:
        raise ConfigError([problem(source, "profile_extends_loop", parent=parent)])
    if isinstance(profile, Path | str) and not (isinstance(profile, str) and profile in available_profiles()):
        relative = Path(profile).parent / parent
        parent = str(relative) if relative.is_file() else parent
    base, base_source = _resolved_values(parent, (*seen, str(profile)))
    base.pop("title", None)
    return _merge(base, values), f"{source} (extends {base_source})"


def load_policy(
    profile: str | Path = DEFAULT_PROFILE, *, overrides: Mapping[str, Any] | None = None
) -> Policy:
    """Load a policy profile.

    Parameters
    ----------
    profile
        A built-in profile name (see :func:`available_profiles`) or the path of a TOML file. A
        profile sets every key of :data:`CORE_KEYS` and the keys of the rules it enables, or names
        the profile it builds on with ``extends``.
    overrides
        Values replacing the profile's, with the same keys (``rules`` merges rule by rule).

    Returns
    -------
    Policy
        The frozen profile.

    Raises
    ------
    ConfigError
        Unknown profile, unknown key, a value of the wrong type or range, or a core key missing
        (all problems at once). Rules whose keys are missing are found by
        :func:`carefac.checks.profile_problems` (run before any check).
    """
    values, source = _resolved_values(profile)
    merged = _merge(values, dict(overrides or {}))
    if overrides:
        source += f" with overrides {sorted(overrides)}"
    return _policy_from_values(merged, source)
