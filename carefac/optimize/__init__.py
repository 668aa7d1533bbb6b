"""Location-allocation: a pure matrix core (numpy / scipy.sparse costs, no geometry) solved
exactly with HiGHS or by fast heuristics with a reported bound, and a geo front."""

from ._core import LocationResult
from .capacitated import capacitated_p_median
from .center import linear_decay, max_attendance, p_center
from .covering import lscp, mclp
from .geo import MODELS, REGISTRY, ModelSpec, SitePlan, locate_facilities, site_curve
from .pmedian import p_median
from .ratio import ratio_target
from .shortfall import shortfall

__all__ = [
    "MODELS",
    "REGISTRY",
    "LocationResult",
    "ModelSpec",
    "SitePlan",
    "capacitated_p_median",
    "linear_decay",
    "locate_facilities",
    "max_attendance",
    "p_center",
    "lscp",
    "mclp",
    "p_median",
    "ratio_target",
    "shortfall",
    "site_curve",
]
