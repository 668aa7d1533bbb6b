"""Error types raised by carefac.

Every error is a :class:`ValueError` so that callers who only know the standard library can
still catch it. A :class:`ValidationError` carries every problem found in one pass, so the user
fixes everything at once instead of one problem per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "error_paragraph",
    "CarefacError",
    "ConfigError",
    "CRSError",
    "InfeasibleError",
    "Problem",
    "ValidationError",
]

_MAX_ROWS_SHOWN = 8


class CarefacError(ValueError):
    """Base class of every error carefac raises on purpose."""


class CRSError(CarefacError):
    """A layer has no coordinate system, or one that cannot be used as declared."""


class InfeasibleError(CarefacError):
    """An optimisation cannot be solved as posed; the message gives the numbers."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Attributes
    ----------
    source
        File (or layer name) the problem is in.
    message
        What is wrong, in one sentence.
    fix
        What the user can do about it.
    column
        Column concerned, if any.
    rows
        Zero-based data row numbers concerned (the first data row is row 0), if any.
    """

    source: str
    message: str
    fix: str = ""
    column: str | None = None
    rows: tuple[int, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        where = self.source
        if self.column:
            where += f", column '{self.column}'"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:_MAX_ROWS_SHOWN])
            more = f" and {len(self.rows) - _MAX_ROWS_SHOWN} more" if len(self.rows) > _MAX_ROWS_SHOWN else ""
            where += f", rows {shown}{more}"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class ValidationError(CarefacError):
    """One or more problems in the inputs, collected before anything is computed.

    Parameters
    ----------
    problems
        Every problem found.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input"
        super().__init__(head + ":\n" + "\n".join(f"- {p}" for p in self.problems))


class ConfigError(ValidationError):
    """A project configuration or policy profile is not valid."""


def raise_if_any(problems: Sequence[Problem], error: type[ValidationError] = ValidationError) -> None:
    """Raise ``error`` with all ``problems`` when there is at least one."""
    if problems:
        raise error(problems)


def error_paragraph(exc: Exception) -> str:
    """Return an error as the one paragraph the command line prints (every problem on a line)."""
    if isinstance(exc, ValidationError):
        head = f"carefac: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} in the input."
        return "\n".join([head, *(f"- {p}" for p in exc.problems)])
    return f"carefac: {exc}"
