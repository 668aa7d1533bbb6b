"""Policy profiles: every threshold of a city's plan, as a frozen value loaded from TOML.

Built-in profiles live in ``carefac/profiles/*.toml``; a project may name one of them or a
path to its own TOML file, and override any value. Unknown keys and values of the wrong type
are errors that name the key.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from ._errors import ConfigError, Problem, raise_if_any
from ._schema import FACILITY_KINDS, UNIT_KINDS, VENUE_TYPES

__all__ = ["DEFAULT_PROFILE", "Policy", "available_profiles", "load_policy"]

DEFAULT_PROFILE = "zhangzhou-2023"


@dataclass(frozen=True)
class Policy:
    """Thresholds of a policy profile. See ``carefac/profiles/zhangzhou-2023.toml``."""

    name: str
    title: str = ""
    start_year: int = 2023
    target_year: int = 2025
    slots_per_1000_target: float = 4.5
    childcare_kinds: tuple[str, ...] = (
        "childcare",
        "kindergarten_class",
        "workplace_childcare",
        "community_childcare",
        "family_childcare",
    )
    new_district_slots_per_1000: float = 4.5
    new_district_nearby_counts: bool = False
    persons_per_household: float = 2.9
    service_distance_m: float = 300.0
    township_room_min_population: int = 30000
    parent_child_room_unit_kinds: tuple[str, ...] = ("town", "xiang", "xiang_like")
    county_mch_grade2_min_population: int = 300000
    county_mch_required_grade: int = 2
    county_mch_min_floor_area_m2: float | None = None
    warm_home_min_members: int = 50
    nursing_room_venue_types: tuple[str, ...] = ("hospital", "mall", "station", "school", "scenic_a")
    nursing_room_distance_m: float = 50.0
    smart_vaccination_target_share: float = 1.0
    city_mch_required_grade: int = 3
    designated_hospital_min_grade: int = 2
    maternal_mortality_max_per_100k: float = 8.0
    infant_mortality_max_per_1000: float = 2.0
    premarital_check_min_pct: float = 70.0
    prepregnancy_check_min_pct: float = 93.0
    prenatal_screening_min_pct: float = 92.0
    source: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        """Return the profile values as plain Python types (for ``run.json``)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}


def available_profiles() -> list[str]:
    """Return the names of the built-in profiles."""
    folder = resources.files("carefac") / "profiles"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def _read_profile(profile: str | Path) -> tuple[dict[str, Any], str]:
    """Return the raw TOML values of a built-in profile name or a profile file."""
    if isinstance(profile, str) and profile in available_profiles():
        text = (resources.files("carefac") / "profiles" / f"{profile}.toml").read_text("utf-8")
        return tomllib.loads(text), f"built-in profile '{profile}'"
    path = Path(profile)
    if not path.is_file():
        raise ConfigError(
            [
                Problem(
                    str(profile),
                    "no such policy profile.",
                    f"use one of {', '.join(available_profiles())} or the path of a TOML profile.",
                )
            ]
        )
    try:
        return tomllib.loads(path.read_text("utf-8")), str(path)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(str(path), f"not valid TOML ({exc}).", "correct the syntax.")]) from exc


def _coerce(key: str, value: Any, hint: Any, source: str) -> tuple[Any, Problem | None]:
    """Return ``value`` converted to the field type ``hint``, or a problem naming ``key``."""
    if hint == tuple[str, ...]:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value), None
        return None, Problem(
            source, f"'{key}' must be a list of strings, got {value!r}.", f'write {key} = ["..."].'
        )
    if hint in (float, float | None) and isinstance(value, int | float) and not isinstance(value, bool):
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
    return None, Problem(source, f"'{key}' must be {expected}, got {value!r}.", f"give {key} as {expected}.")


#: Plausible range of every numeric policy value: (lowest, highest), both allowed.
RANGES: dict[str, tuple[float, float]] = {
    "start_year": (2000, 2100),
    "target_year": (2000, 2100),
    "slots_per_1000_target": (0.1, 100.0),
    "new_district_slots_per_1000": (0.1, 100.0),
    "persons_per_household": (1.0, 10.0),
    "service_distance_m": (1.0, 50_000.0),
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
            problems.append(
                Problem(
                    source,
                    f"'{key}' = {value!r} is outside the plausible range {low:g} … {high:g}.",
                    f"give {key} a value between {low:g} and {high:g}.",
                )
            )
    if {"start_year", "target_year"} <= set(values) and values["target_year"] < values["start_year"]:
        problems.append(Problem(source, "'target_year' is before 'start_year'.", "correct the years."))
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
                Problem(
                    source, f"'{key}' names unknown values {unknown}.", f"use only: {', '.join(allowed)}."
                )
            )
    return problems


def _policy_from_values(values: Mapping[str, Any], source: str) -> Policy:
    """Return a Policy from raw values, collecting every unknown key and type error."""
    hints = get_type_hints(Policy)
    known = {f.name for f in dataclasses.fields(Policy)} - {"source"}
    problems: list[Problem] = []
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            problems.append(
                Problem(
                    source,
                    f"unknown policy key '{key}'.",
                    f"remove it; known keys: {', '.join(sorted(known))}.",
                )
            )
            continue
        converted, problem = _coerce(key, value, hints[key], source)
        if problem:
            problems.append(problem)
        else:
            kwargs[key] = converted
    problems += _vocabulary_problems(kwargs, source) + _range_problems(kwargs, source)
    if "name" not in kwargs and not any("'name'" in p.message for p in problems):
        problems.append(Problem(source, "the profile has no 'name'.", 'add name = "...".'))
    raise_if_any(problems, ConfigError)
    return Policy(source=source, **kwargs)


def load_policy(
    profile: str | Path = DEFAULT_PROFILE, *, overrides: Mapping[str, Any] | None = None
) -> Policy:
    """Load a policy profile.

    Parameters
    ----------
    profile
        A built-in profile name (see :func:`available_profiles`) or the path of a TOML file.
    overrides
        Values replacing the profile's, with the same keys.

    Returns
    -------
    Policy
        The frozen profile.

    Raises
    ------
    ConfigError
        Unknown profile, unknown key, or a value of the wrong type (all problems at once).
    """
    values, source = _read_profile(profile)
    merged = {**values, **dict(overrides or {})}
    if overrides:
        source += f" with overrides {sorted(overrides)}"
    return _policy_from_values(merged, source)
