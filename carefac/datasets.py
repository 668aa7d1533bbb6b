"""The embedded Zhangzhou sample (real boundaries and census totals, synthetic details)."""

from __future__ import annotations

from pathlib import Path

from ._errors import CarefacError
from .config import load_config
from .model import StudyArea

__all__ = ["load_zhangzhou_sample", "zhangzhou_sample_config"]

_SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "zhangzhou"


def zhangzhou_sample_config() -> Path:
    """Return the path of the sample's project config (``carefac/data/zhangzhou/carefac.toml``, installed with the package).

    Raises
    ------
    CarefacError
        When carefac was installed without its source tree (the sample lives in the repository).
    """
    path = _SAMPLE_DIR / "carefac.toml"
    if not path.is_file():
        raise CarefacError.said("sample_missing", folder=_SAMPLE_DIR)
    return path


def load_zhangzhou_sample() -> StudyArea:
    """Return the Zhangzhou sample as a study area (EPSG:4548, 11 counties, 146 townships).

    Real: county boundaries, 2020 census populations and under-3 estimates, township names and
    codes. Synthetic and labelled so (column ``synthetic``): township polygons and populations,
    facilities, residential districts, candidate sites, venues and the county table.
    """
    return load_config(zhangzhou_sample_config()).study_area()
