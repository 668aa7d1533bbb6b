"""The one registry of policy rules: each rule's id, titles, clause, subject, profile keys and inputs.

A rule is a function ``(study, policy, *, distance) -> flags table`` decorated with :func:`rule`.
Registration order is report order. Nothing else names a rule: tables, maps, the report, the
console and ``carefac rules`` read titles and clauses from here, and reasons from
:mod:`carefac.text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..text import INPUTS, SUBJECTS

__all__ = ["COMPARISONS", "REGISTRY", "Rule", "rule", "rule_title"]

#: How a measured value meets a threshold. 以上、以下、以内 include the number itself (Civil Code
#: art. 1259: 民法所称的"以上""以下""以内""届满"，包括本数; "超过" and "不满" do not).
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "at_least": lambda value, threshold: value >= threshold - 1e-9,  # 以上, 不低于, 达到
    "at_most": lambda value, threshold: value <= threshold + 1e-9,  # 以下, 以内, 不高于
    "more_than": lambda value, threshold: value > threshold + 1e-9,  # 超过
    "less_than": lambda value, threshold: value < threshold - 1e-9,  # 不满, 低于
}


@dataclass(frozen=True)
class Rule:
    """One rule of a plan.

    Attributes
    ----------
    id
        The rule id (``slots_per_1000``).
    check
        The function computing its flag rows.
    title_zh, title_en
        Its name in each language.
    clause
        The plan's words it checks, with the clause number (quoted verbatim; a test finds them).
    subject
        What rows are about (keys of :data:`carefac.text.SUBJECTS`: ``city``, ``county`` …).
    thresholds
        The profile keys the rule reads; a profile that enables the rule must set them.
    needs
        The inputs it reads (keys of :data:`carefac.text.INPUTS`).
    comparison
        The profile key of its comparison, and the default (``"at_least"`` …), or ``None``.
    """

    id: str
    check: Callable[..., pd.DataFrame]
    title_zh: str
    title_en: str
    clause: str
    subject: tuple[str, ...]
    thresholds: tuple[str, ...]
    needs: tuple[str, ...]
    comparison: str | None = None

    def title(self, lang: str) -> str:
        """Return the rule's title in ``lang`` (``zh`` or ``en``)."""
        return self.title_zh if lang == "zh" else self.title_en


#: rule id → rule, in report order.
REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    title_zh: str,
    title_en: str,
    clause: str,
    subject: tuple[str, ...],
    thresholds: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
    comparison: str | None = None,
) -> Callable[[Callable[..., pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Return a decorator registering a rule function under ``id`` (see :class:`Rule`)."""
    if comparison is not None and comparison not in COMPARISONS:
        raise ValueError(f"comparison must be one of {list(COMPARISONS)}, got {comparison!r}")

    def register(check: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        if id in REGISTRY:
            raise ValueError(f"rule {id!r} is registered twice")
        unknown = [k for k in (*subject, *needs) if k not in SUBJECTS and k not in INPUTS]
        if unknown:
            raise ValueError(
                f"rule {id!r}: {unknown} are not in the catalogue (carefac.text SUBJECTS/INPUTS)"
            )
        REGISTRY[id] = Rule(id, check, title_zh, title_en, clause, subject, thresholds, needs, comparison)
        return check

    return register


def rule_title(rule_id: str, lang: str = "zh") -> str:
    """Return the title of a rule in ``lang`` (its id when unknown)."""
    found = REGISTRY.get(rule_id)
    return found.title(lang) if found else rule_id
