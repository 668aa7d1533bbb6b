"""Error types raised by carefac.

Every error is a :class:`ValueError` so that callers who only know the standard library can
still catch it. A :class:`ValidationError` carries every problem found in one pass, so the user
fixes everything at once instead of one problem per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "error_paragraph",
    "CarefacError",
    "ConfigError",
    "CRSError",
    "InfeasibleError",
    "LayerSource",
    "Problem",
    "ValidationError",
    "problem",
]

_MAX_ROWS_SHOWN = 8


class CarefacError(ValueError):
    """Base class of every error carefac raises on purpose.

    An error made by :meth:`said` carries the code of its sentence in
    :data:`carefac.text.problems.ERRORS` and the facts, so it can be said in either language
    (:meth:`sentence`); its text (``str``) is the English one.
    """

    code: str = ""
    facts: Mapping[str, Any] = {}

    @classmethod
    def said(cls, code: str, **facts: Any) -> CarefacError:
        """Return the error ``code`` filled with ``facts``."""
        from .text.problems import error_sentence

        error = cls(error_sentence(code, facts, "en"))
        error.code, error.facts = code, dict(facts)
        return error

    def sentence(self, lang: str) -> str:
        """Return what went wrong in ``lang`` (as raised when the error has no code)."""
        if not self.code:
            return str(self)
        from .text.problems import error_sentence

        return error_sentence(self.code, self.facts, lang)


class CRSError(CarefacError):
    """A layer has no coordinate system, or one that cannot be used as declared."""


class InfeasibleError(CarefacError):
    """An optimisation cannot be solved as posed; the message gives the numbers."""


class LayerSource(str):
    """The source of a problem in an input layer: the file and the layer it is read as.

    It is the text ``"<file> (layer '<kind>')"``, so it prints as before wherever a source is
    a string; :meth:`text` says it in either language.
    """

    def __new__(cls, file: str, kind: str, sheet: str | None = None) -> LayerSource:
        where = f"{file}, sheet '{sheet}'" if sheet else file
        self = super().__new__(cls, f"{where} (layer '{kind}')")
        self.file, self.kind, self.sheet = file, kind, sheet
        return self

    def __getnewargs__(self) -> tuple[str, str, str | None]:  # pickled to dask workers as itself
        return (self.file, self.kind, self.sheet)

    def text(self, lang: str) -> str:
        """Return the source in ``lang``: the file name (and sheet) and the layer's name in that language."""
        if lang != "zh":
            return str(self)
        from .text import INPUT_LAYER_WORDS, word

        where = f"{self.file} 工作表“{self.sheet}”" if self.sheet else self.file
        return f"{where}（{word(INPUT_LAYER_WORDS, self.kind, 'zh')}图层）"


def row_labels(layer: Any) -> Any:
    """Return each row of a layer as the user's file numbers it (an object array, for a problem's
    ``rows``): ``source_row`` (2 for the first row under a spreadsheet's header), ``"3 (西县)"`` when
    the layer was read from several sheets (``source_sheet``) or files (``source_file``: ``"3
    (东县.xlsx)"``), else the index labels."""
    import numpy as np

    rows = [int(r) for r in (layer["source_row"] if "source_row" in layer else layer.index)]
    parts = [layer[c].astype(str).tolist() for c in ("source_sheet", "source_file") if c in layer]
    if parts:  # 3 (西县), 3 (东县.xlsx), 3 (西县, 各县.xlsx)
        rows = [f"{r} ({', '.join(where)})" for r, *where in zip(rows, *parts, strict=True)]
    return np.array(rows, dtype=object)


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
        Row numbers concerned, as the user's spreadsheet numbers them (2 for the first data row
        under a header), if any.
    code
        Key of the problem's sentences in :mod:`carefac.text.problems` (empty for a problem built
        from a plain message, which is then shown as given in every language).
    facts
        The values the sentences are filled with.
    """

    source: str
    message: str
    fix: str = ""
    column: str | None = None
    rows: tuple[int | str, ...] = field(default_factory=tuple)
    code: str = ""
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return self.text("en")

    def sentences(self, lang: str) -> tuple[str, str]:
        """Return (what is wrong, the fix) in ``lang`` (as given for a problem without a code)."""
        from .text.problems import problem_sentences

        return problem_sentences(self.code, self.facts, lang) if self.code else (self.message, self.fix)

    def text(self, lang: str) -> str:
        """Return the problem as one line in ``lang`` (``zh`` or ``en``): where, what, the fix."""
        from .text.problems import FRAME, SOURCE_WORDS_ZH

        words = FRAME["zh" if lang == "zh" else "en"]
        message, fix = self.sentences(lang)
        if isinstance(self.source, LayerSource):
            where = self.source.text(lang)
        elif lang == "zh":  # carefac's words in a source ("built-in profile '…' with overrides") in Chinese
            from .text import setting_text

            where = setting_text(SOURCE_WORDS_ZH.get(self.source, self.source), "zh")
        else:
            where = self.source
        if self.column:
            where += words["column"].format(column=self.column)
        if self.rows:
            shown = words["row_sep"].join(str(r) for r in self.rows[:_MAX_ROWS_SHOWN])
            more = (
                words["more"].format(n=len(self.rows) - _MAX_ROWS_SHOWN)
                if len(self.rows) > _MAX_ROWS_SHOWN
                else ""
            )
            where += words["rows" if len(self.rows) > 1 else "row"].format(rows=shown, more=more)
        text = words["line"].format(where=where, message=message)
        if fix:
            text += words["fix"].format(fix=fix)
        return text


def problem(
    source: str, code: str, *, column: str | None = None, rows: Iterable[int] = (), **facts: Any
) -> Problem:
    """Return the problem ``code`` of :mod:`carefac.text.problems` filled with ``facts``.

    ``message`` and ``fix`` hold the English sentences; :meth:`Problem.text` gives either language.
    """
    from .text.problems import problem_sentences

    facts = {"column": column, **facts}
    message, fix = problem_sentences(code, facts, "en")
    return Problem(source, message, fix, column, tuple(rows), code, facts)


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

    def text(self, lang: str) -> str:
        """Return every problem in ``lang`` (``zh`` or ``en``), one per line under a head line —
        what the command line prints (in a notebook: ``print(exc.text("zh"))``)."""
        return error_paragraph(self, lang)


class ConfigError(ValidationError):
    """A project configuration or policy profile is not valid."""


def raise_if_any(problems: Sequence[Problem], error: type[ValidationError] = ValidationError) -> None:
    """Raise ``error`` with all ``problems`` when there is at least one."""
    if problems:
        raise error(problems)


def error_paragraph(exc: Exception, lang: str = "en") -> str:
    """Return an error as the one paragraph the command line prints (every problem on a line),
    in ``lang`` (``zh`` or ``en``)."""
    from .text.problems import FRAME

    words = FRAME["zh" if lang == "zh" else "en"]
    if isinstance(exc, ValidationError):
        count = len(exc.problems)
        head = words["head"].format(n=count, s="s" if count != 1 else "")
        return "\n".join([head, *(f"- {p.text(lang)}" for p in exc.problems)])
    return words["plain"].format(text=exc.sentence(lang) if isinstance(exc, CarefacError) else exc)
