"""Location-allocation: a pure matrix core (numpy / scipy.sparse costs) solved exactly with HiGHS
or by fast heuristics with a reported bound."""

from ._core import LocationResult
from .pmedian import p_median

__all__ = ["LocationResult", "p_median"]
