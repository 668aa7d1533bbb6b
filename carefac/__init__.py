"""carefac: plan childcare facilities in Chinese cities.

Slots per 1000 residents by area against a policy target, policy checks, location-allocation,
maps and reports. The first city is Zhangzhou (漳州), with the 2023 plan as default profile.
"""

from ._errors import CarefacError, ConfigError, CRSError, InfeasibleError, Problem, ValidationError
from .config import ProjectConfig, load_config
from .coords import bd09_to_wgs84, gcj02_to_wgs84, wgs84_to_gcj02, working_crs_for_longitude
from .coverage import city_slots_per_1000, slots_per_1000
from .datasets import load_zhangzhou_sample, zhangzhou_sample_config
from .io import read_layer
from .model import StudyArea
from .policy import Policy, available_profiles, load_policy

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
