"""Answers by enumeration, shared by the tests that check the models against them."""

from __future__ import annotations

import itertools

import numpy as np


def fewest_sites_meeting(capacity: np.ndarray, area: np.ndarray, deficit: np.ndarray) -> int | None:
    """Return the fewest sites whose capacities make up every area's deficit (``None``: none do)."""
    for k in range(capacity.size + 1):
        for sites in itertools.combinations(range(capacity.size), k):
            chosen = list(sites)
            added = np.bincount(area[chosen], weights=capacity[chosen], minlength=deficit.size)
            if (added >= deficit).all():
                return k
    return None
