"""Every number and choice of a project config and the command line: type, sign, range, allowed values.

A value is read as written or refused with its key named: ``radius_m = "300米"`` is refused
(write ``radius_m = 300``), ``model = "MCLP"`` is read as ``mclp``, ``radius_m = -300`` and
``nan`` are refused with the range.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from ._errors import ConfigError, Problem, problem, raise_if_any

__all__ = ["DEFAULT_MODEL", "check_section", "checked_options", "config_value_problems", "optimize_options"]


def _models() -> tuple[str, ...]:
    """Return the location models of the geo front's registry (imported when first needed)."""
    from .optimize.geo import MODELS

    return MODELS


@dataclass(frozen=True)
class Number:
    """A number setting: ``low`` < value ≤ ``high`` (``low`` included when ``closed``)."""

    low: float
    high: float
    unit: str = ""
    integer: bool = False
    closed: bool = False

    def check(self, key: str, value: Any) -> tuple[Any, tuple[str, dict] | None]:
        """Return the value normalised and None, or None and the problem (code and facts)."""
        facts = {"kind": "a whole number" if self.integer else "a number", "unit": self.unit, "value": value}
        if isinstance(value, bool) or not isinstance(value, int | float):
            digits = re.match(r"\s*([0-9]+(?:\.[0-9]+)?)", str(value))
            if digits:
                return None, ("setting_not_number_example", {**facts, "digits": digits.group(1)})
            return None, ("setting_not_number", facts)
        if not math.isfinite(value):
            return None, ("setting_not_finite", facts)
        if self.integer and value != int(value):
            return None, ("setting_not_whole", facts)
        above_low = value >= self.low if self.closed else value > self.low
        if not above_low or value > self.high:
            low = f"≥ {self.low:g}" if self.closed else f"> {self.low:g}"
            return None, ("setting_out_of_range", {**facts, "low": low, "high": self.high})
        return (int(value) if self.integer else float(value)), None


@functools.cache
def _chinese_choices() -> dict[str, str]:
    """Return the choices as Chinese offices write them (:data:`carefac.text.SETTING_WORDS` and the
    models' Chinese names), keyed by their folded spelling."""
    from .text import MODEL_WORDS, SETTING_WORDS

    words = {**SETTING_WORDS, **{zh: model for model, (_, zh) in MODEL_WORDS.items()}}
    return {unicodedata.normalize("NFKC", k).lower().replace(" ", ""): v for k, v in words.items()}


@dataclass(frozen=True)
class Choice:
    """A setting with allowed values (or a function returning them); spellings are folded
    (``MCLP`` → ``mclp``, ``p_median`` → ``p-median``)."""

    allowed: tuple[str, ...] | Callable[[], tuple[str, ...]]

    def check(self, key: str, value: Any) -> tuple[Any, tuple[str, dict] | None]:
        """Return the allowed spelling and None, or None and the problem (code and facts)."""
        allowed = self.allowed() if callable(self.allowed) else self.allowed
        if isinstance(value, str):
            folded = value.strip().lower().replace("_", "-").replace(" ", "-")
            for option in allowed:
                if folded == option.lower():
                    return option, None
            written = _chinese_choices().get(unicodedata.normalize("NFKC", value).strip().lower().replace(" ", ""))
            if written in allowed:  # 乡镇, 3岁以下, 中文, 最大覆盖模型
                return written, None
        return None, ("setting_not_choice", {"allowed": ", ".join(repr(a) for a in allowed), "value": value})


@dataclass(frozen=True)
class CrsChoice:
    """A coordinate system setting: one of ``names``, or an EPSG code PROJ knows (``EPSG:4548``)."""

    names: tuple[str, ...]

    def check(self, key: str, value: Any) -> tuple[Any, tuple[str, dict] | None]:
        """Return the name or ``EPSG:<code>`` and None, or None and the problem (code and facts)."""
        if isinstance(value, str):
            folded = value.strip().lower()
            if folded in self.names:
                return folded, None
            from .coords import named_system

            named = named_system(folded)  # 国家2000, 高德, WGS 84, EPSG 4548
            canonical = {"EPSG:4490": "cgcs2000", "EPSG:4326": "wgs84"}.get(named, named)
            if canonical in self.names:
                return canonical, None
            if canonical is not None and canonical.startswith("EPSG:"):
                from pyproj import CRS
                from pyproj.exceptions import CRSError

                try:
                    CRS.from_epsg(int(canonical[5:]))
                    return canonical, None
                except CRSError:
                    pass
        allowed = ", ".join([*(repr(n) for n in self.names), "'EPSG:<code>' (e.g. 'EPSG:4548')"])
        return None, ("setting_not_choice", {"allowed": allowed, "value": value})


@dataclass(frozen=True)
class Text:
    """A text setting (a file path, a profile name): a number or a table there is refused."""

    example: str

    def check(self, key: str, value: Any) -> tuple[Any, tuple[str, dict] | None]:
        """Return the text and None, or None and the problem (code and facts)."""
        if isinstance(value, str):
            return value, None
        return None, ("setting_not_text", {"value": value, "sample": self.example})


@dataclass(frozen=True)
class Names:
    """A table of names (``[layers.x.columns]``: canonical name = the file's header), text to text."""

    def check(self, key: str, value: Any) -> tuple[Any, tuple[str, dict] | None]:
        """Return the table and None, or None and the problem (code and facts)."""
        if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
            return value, None
        return None, ("setting_not_names", {"value": value})


Setting = Number | Choice | CrsChoice | Text | Names

#: [section] key → rule. Keys not listed are checked by their own readers (paths, crs, columns).
SECTION_SETTINGS: dict[str, dict[str, Setting]] = {
    "optimize": {
        "model": Choice(_models),
        "new_sites": Number(0, 100_000, "sites", integer=True),
        "radius_m": Number(10, 50_000, "metres", closed=True),  # below 10 m: kilometres typed as metres (0.3)
        "time_limit_s": Number(0, 7 * 86_400, "seconds"),
        "method": Choice(("auto", "exact", "heuristic")),
        "level": Choice(("county", "township")),
        "demand": Choice(("auto", "residential", "areas")),
        "weight": Choice(("under3", "population")),
    },
    "distance": {
        "graph": Text("roads.osm.pbf"),
        "method": Choice(("euclidean", "network")),
        "mode": Choice(("walk", "drive")),
        "snap_limit_m": Number(0, 10_000, "metres"),
        "crs": Text("cgcs2000"),
    },
    "output": {"lang": Choice(("zh", "en")), "crs": CrsChoice(("cgcs2000", "wgs84", "gcj02")), "dir": Text("outputs/run")},
    "policy": {"profile": Text("zhangzhou-2023")},
}
LAYER_SETTINGS: dict[str, Setting] = {
    "outside": Choice(("error", "report")),
    "encoding": Text("gbk"),
    "x": Text("经度"),
    "y": Text("纬度"),
    "layer": Text("XZQ"),
    "columns": Names(),
    "kind": Text("托育机构"),
    "venue_type": Text("医院"),
    "status": Text("现有"),
}
TABLE_SETTINGS: dict[str, Setting] = {"encoding": Text("gbk"), "columns": Names()}
AREA_SETTINGS: dict[str, Setting] = {"area_sums": Choice(("error", "warn"))}


def check_section(
    values: MutableMapping[str, Any], rules: Mapping[str, Setting], where: str, source: str, *, flags: bool = False
) -> list[Problem]:
    """Check and normalise ``values`` in place against ``rules``; return a problem per bad value
    (naming the command-line option, ``--new-sites``, rather than the config key when ``flags``)."""
    problems = []
    for key, rule in rules.items():
        if key not in values:
            continue
        value, error = rule.check(key, values[key])
        if error:
            code, facts = error
            flag = "--" + key.replace("_", "-") if flags else None
            problems.append(problem(source, code, where=where, key=key, flag=flag, **facts))
        else:
            values[key] = value
    return problems


def _finds_its_own_sites(model: str) -> bool:
    """Return whether ``model`` takes no number of new sites (lscp, ratio-target: the fewest)."""
    from .optimize.geo import REGISTRY

    return model in REGISTRY and not REGISTRY[model].needs_sites


def _sites_not_taken(options: Mapping[str, Any], source: str, *, flags: bool) -> list[Problem]:
    """Return a problem when ``options`` give a number of new sites to a model that finds its own
    (lscp, ratio-target): the number would be dropped without a word."""
    from .optimize.geo import REGISTRY

    model = options.get("model", DEFAULT_MODEL)
    if "new_sites" not in options or not _finds_its_own_sites(model):
        return []
    takes = ", ".join(name for name, spec in REGISTRY.items() if spec.needs_sites)
    flag = "--new-sites" if flags else None
    return [
        problem(source, "setting_sites_not_taken", where="[optimize]", key="new_sites", flag=flag,
                value=options["new_sites"], model=model, models=takes)
    ]  # fmt: skip


def config_value_problems(raw: MutableMapping[str, Any], source: str) -> list[Problem]:
    """Check (and normalise in place) every value of a raw config that has a rule."""
    problems = []
    for section, rules in SECTION_SETTINGS.items():
        if isinstance(raw.get(section), MutableMapping):
            problems += check_section(raw[section], rules, f"[{section}]", source)
    optimize = raw.get("optimize")
    if isinstance(optimize, MutableMapping) and not problems:
        problems += _sites_not_taken(optimize, source, flags=False)
    for name, entry in raw.get("layers", {}).items():
        if isinstance(entry, MutableMapping):
            rules = {**LAYER_SETTINGS, **(AREA_SETTINGS if name == "areas" else {})}
            problems += check_section(entry, rules, f"[layers.{name}]", source)
    for name, entry in raw.get("tables", {}).items():
        if isinstance(entry, MutableMapping):
            problems += check_section(entry, TABLE_SETTINGS, f"[tables.{name}]", source)
    return problems


def checked_options(options: MutableMapping[str, Any], source: str = "command line") -> dict[str, Any]:
    """Return optimizer options checked like the config's [optimize] table, or raise ConfigError."""
    options = dict(options)
    on_command_line = source == "command line"
    problems = check_section(options, SECTION_SETTINGS["optimize"], "[optimize]", source, flags=on_command_line)
    raise_if_any(problems, ConfigError)
    return options


#: the model a run uses when the config and the command line name none
DEFAULT_MODEL = "shortfall"


def optimize_options(
    section: Mapping[str, Any], given: Mapping[str, Any] | None = None, *, source: str = "command line"
) -> dict[str, Any]:
    """Return the optimizer options of a run: the config's ``[optimize]`` table (checked when the
    config was read), then ``given`` (the command line, checked here), the model defaulting to
    :data:`DEFAULT_MODEL`. ``carefac run``, ``demo``, ``optimize`` and ``batch`` all use this."""
    options = dict(section)
    given = checked_options(dict(given or {}), source=source)
    options.update(given)
    options.setdefault("model", DEFAULT_MODEL)
    if "new_sites" in given:  # the config's own pair was checked when it was read
        raise_if_any(_sites_not_taken(options, source, flags=source == "command line"), ConfigError)
    elif "model" in given and "new_sites" in options and _finds_its_own_sites(options["model"]):
        options.pop("new_sites")  # the config's number of sites was for its own model, not the one asked
    return options
