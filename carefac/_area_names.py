"""An area's name as tables write it, against the name the boundaries give its code.

A statistics bureau's table often gives both a code and a name per row (区划代码 | 名称). Rows are
joined by code; the name is then a check on the code: a row whose name is another area's (a code
column pasted in another order, a row sorted apart from its code) would give its figures to the
wrong area without a word. Names are compared by their stem — without spaces, the office after
the place (办事处, 人民政府), the province and city before it (福建省漳州市) and the level word after
it (街道, 镇, 乡, 区, 县, 市) — so 芗城 / 漳州市芗城区 and 龙海市 / 龙海区 (a county that changed level)
agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ._notices import Notice, shown
from .text.problems import Listed

__all__ = ["PROVINCE_CITY", "NameCheck", "checked_names", "name_stem"]

_LISTED = 6  # rows named in one sentence

_OFFICE = re.compile(r"(?<=.)(?:办事处|人民政府)$")
#: a province's and a city's names written before a place's: 福建省漳州市芗城区 → 芗城区
PROVINCE_CITY = re.compile(r"^(?:[^省]{2,8}省)?(?:[^市]{2,8}市)?(.+)$")
_LEVEL_WORD = re.compile(r"(?<=.)(?:街道|镇|乡|区|县|市)$")


def name_stem(name: object) -> str:
    """Return a name's stem ("" for a blank or non-text cell): 漳州市芗城区 → 芗城, 石码街道办事处 → 石码."""
    if not isinstance(name, str):
        return ""
    text = _OFFICE.sub("", "".join(name.split()))
    match = PROVINCE_CITY.match(text)
    if match and match.group(1) and _LEVEL_WORD.sub("", match.group(1)):
        text = match.group(1)
    return _LEVEL_WORD.sub("", text)


def _tails(stem: str) -> list[str]:
    """Return a stem and what follows each county or township word inside it (芗城区石亭 → 芗城区石亭,
    石亭: a township written after its county), of two characters or more."""
    return [stem, *(stem[k + 1 :] for k, ch in enumerate(stem[:-2]) if ch in "区县市镇乡")]


@dataclass
class NameCheck:
    """The rows whose written name is another area's (``crossed``: position, code, own name, the
    other area's code and name) and those whose name is no area's (``differing``: position, code,
    own name, written name)."""

    crossed: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    differing: list[tuple[int, str, str, str]] = field(default_factory=list)

    def crossed_rows(self, written: Sequence[object], rows: Sequence[object], item: str) -> tuple[tuple, Listed]:
        """Return the crossed rows as the user's table numbers them (``rows`` numbering the checked
        rows) and the :class:`Listed` fact naming each, said by the template ``item``."""
        items = [{"row": rows[k] if isinstance(rows[k], str) else int(rows[k]), "code": code, "own": own,
                  "written": str(written[k]).strip(), "other": other} for k, code, own, other, _ in self.crossed]  # fmt: skip
        return tuple(i["row"] for i in items), Listed(item, items[:_LISTED], max(0, len(items) - _LISTED))

    def notices(self, source: str) -> list[Notice]:
        """Return the notice of the rows whose name is no area's (joined by their code)."""
        if not self.differing:
            return []
        items = [f"{code} {own} / {name}" for _, code, own, name in self.differing]
        return [Notice.said("join_names_differ", source, n=len(items), pairs=shown(items, _LISTED, "; "))]


def checked_names(codes: Sequence[object], written: Sequence[object], layer_names: Mapping[str, object]) -> NameCheck:
    """Return how each row's written name agrees with the name ``layer_names`` gives its code.

    Parameters
    ----------
    codes
        Each row's area code as the layer writes it (rows whose code is not in ``layer_names``,
        and rows without a written name, are not checked).
    written
        Each row's name as the table writes it.
    layer_names
        The layer's name of each code.
    """
    disagreeing = []
    for position, (code, name) in enumerate(zip(codes, written, strict=True)):
        code = str(code) if code is not None else ""
        if code not in layer_names or name == layer_names[code]:  # the common case: the same name
            continue
        stem, own = name_stem(name), name_stem(layer_names[code])
        if stem and own not in _tails(stem) and stem not in _tails(own):  # 芗城区石亭镇 for 石亭镇 agrees
            disagreeing.append((position, code, name, stem))
    check = NameCheck()
    if not disagreeing:
        return check
    stems: dict[str, list[str]] = {}
    for code, name in layer_names.items():
        stems.setdefault(name_stem(name), []).append(str(code))
    for position, code, name, stem in disagreeing:
        others = [c for tail in _tails(stem) for c in stems.get(tail, []) if c != code]
        if others:
            check.crossed.append((position, code, str(layer_names[code]), others[0], str(layer_names[others[0]])))
        else:
            check.differing.append((position, code, str(layer_names[code]), "".join(str(name).split())))
    return check
