"""carefac: plan childcare facilities in Chinese cities.

Slots per 1000 residents by area against a policy target, policy checks, location-allocation,
maps and reports. The first city is Zhangzhou (漳州), with the 2023 plan as default profile.
"""

from importlib import import_module

from ._errors import CarefacError, ConfigError, CRSError, InfeasibleError, Problem, ValidationError

#: public name → the module that defines it, imported when the name is first used (so that
#: ``carefac --help`` and light scripts do not pay for pandas, geopandas and scipy)
_LAZY = {
    "ProjectConfig": "config",
    "load_config": "config",
    "bd09_to_wgs84": "coords",
    "gcj02_to_wgs84": "coords",
    "wgs84_to_gcj02": "coords",
    "working_crs_for_longitude": "coords",
    "city_slots_per_1000": "coverage",
    "slots_per_1000": "coverage",
    "load_zhangzhou_sample": "datasets",
    "zhangzhou_sample_config": "datasets",
    "read_layer": "io",
    "StudyArea": "model",
    "Policy": "policy",
    "available_profiles": "policy",
    "load_policy": "policy",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'carefac' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "CRSError",
    "CarefacError",
    "ConfigError",
    "InfeasibleError",
    "Policy",
    "Problem",
    "ProjectConfig",
    "StudyArea",
    "ValidationError",
    "__version__",
    "available_profiles",
    "bd09_to_wgs84",
    "city_slots_per_1000",
    "gcj02_to_wgs84",
    "load_config",
    "load_policy",
    "load_zhangzhou_sample",
    "read_layer",
    "slots_per_1000",
    "wgs84_to_gcj02",
    "working_crs_for_longitude",
    "zhangzhou_sample_config",
]
