"""Notices: every estimate, substitution or conversion that changed a number, said out loud.

A notice is not an error: the run goes on. Each one is printed on the console, written to
``run.json`` and listed in the report, in the run's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Notice", "shown"]


@dataclass(frozen=True)
class Notice:
    """One thing carefac did to the numbers that the user did not write.

    Attributes
    ----------
    code
        Stable identifier (``under3_estimated``, ``unit_converted``, ``candidates_dropped`` …).
    en, zh
        The message in English and Chinese (one sentence, with the numbers).
    source
        File or layer it concerns (may be empty).
    """

    code: str
    en: str
    zh: str
    source: str = ""

    @classmethod
    def said(cls, code: str, source: str = "", *, words: Mapping[str, str] | None = None, **facts: Any) -> Notice:
        """Return notice ``code`` of :mod:`carefac.text.notices` filled with ``facts`` in both languages."""
        from .text.notices import notice_sentence

        return cls(code, notice_sentence(code, facts, "en", words), notice_sentence(code, facts, "zh", words), source)

    def text(self, lang: str = "en") -> str:
        """Return the message in ``lang`` (``zh`` or ``en``), prefixed by its source."""
        message = self.zh if lang == "zh" else self.en
        source = self.source.text(lang) if hasattr(self.source, "text") else self.source  # a layer, named in lang
        colon = "：" if lang == "zh" else ": "
        return f"{source}{colon}{message}" if source else message

    def as_dict(self) -> dict[str, str]:
        """Return the notice for ``run.json``."""
        return {"code": self.code, "source": self.source, "en": self.en, "zh": self.zh}


def quoted(names, most: int | None = None) -> str:
    """Return column names as a problem lists them: each in quotes, the first ``most`` of them."""
    return ", ".join(f"'{name}'" for name in list(names)[:most])


def shown(items, most: int = 8, sep: str = ", ") -> str:
    """Return the first ``most`` of ``items`` joined as a notice lists them, `` …`` when there are more."""
    items = [str(item) for item in items]
    return sep.join(items[:most]) + (" …" if len(items) > most else "")
