"""The data contract of every input layer and table, as tables: for the README, ``carefac init``'s
templates (填表说明) and anyone who asks ``carefac.contract.contract_table("facilities")``."""

from __future__ import annotations

import pandas as pd

from ._schema import COLUMN_ALIASES, KIND_ALIASES, LAYER_SPECS, VALUE_ALIASES
from .checks import INDICATORS, MEMBER_COLUMNS, rule_title
from .text import code_label
from .text.contract import COLUMN_DOCS, CONTRACT_HEADERS, KIND_WORDS, LAYER_DOCS, STEPS, TABLE_COLUMNS

__all__ = ["INPUT_NAMES", "chinese_header", "contract_markdown", "contract_table", "layer_columns"]

#: every input, layers then county tables
INPUT_NAMES = (*LAYER_SPECS, *TABLE_COLUMNS)


def _aliases(column: str, layer: str | None = None) -> tuple[str, ...]:
    """Return every spelling carefac reads for ``column`` (the canonical name first), in ``layer``
    those read there only too (乡镇名称 names an area, not a facility)."""
    if column == "special_assistance_members":
        return MEMBER_COLUMNS
    indicator = next((i for i in INDICATORS if i.name == column), None)
    if indicator is not None:
        return indicator.aliases
    return COLUMN_ALIASES.get(column, (column,)) + KIND_ALIASES.get((layer, column), ())


def chinese_header(column: str) -> str:
    """Return the Chinese header a template uses for ``column`` (its first Chinese alias)."""
    return next((a for a in _aliases(column) if not a.isascii()), column)


def layer_columns(name: str) -> list[tuple[str, bool]]:
    """Return the columns of a layer or table: (canonical name, required), id column first."""
    if name in TABLE_COLUMNS:
        return [(c, c in ("area_id", "special_assistance_members")) for c in TABLE_COLUMNS[name]]
    spec = LAYER_SPECS[name]
    required = {spec.id_column, *spec.required}
    return [(c, c in required) for c in spec.known_columns]


def _kind(name: str, column: str) -> tuple[str, tuple[str, ...]]:
    """Return a column's value type and its allowed values (codes) when it has a vocabulary."""
    if name in LAYER_SPECS:
        spec = LAYER_SPECS[name]
        vocab = dict(spec.vocabularies)
        if column in vocab:
            return "choice", vocab[column]
        if column in spec.boolean_columns:
            return "yes/no", ()
        if column in spec.integer_columns:
            return "whole number", ()
        if column in spec.number_columns:
            return "number", ()
        return "text", ()
    return ("text", ()) if column == "area_id" else ("number", ())


def _allowed(column: str, codes: tuple[str, ...], lang: str) -> str:
    if not codes:
        return ""
    if lang == "zh":
        return "、".join(f"{code_label(c, 'zh')}（{c}）" if code_label(c, "zh") != c else c for c in codes)
    return ", ".join(codes)


def _used_by(keys: tuple[str, ...], lang: str) -> str:
    """Return the rules (titles in Chinese, ids in English) and steps that read a column."""
    index = 1 if lang == "zh" else 0
    words = [STEPS[k][index] if k in STEPS else (rule_title(k, "zh") if lang == "zh" else k) for k in keys]
    return "、".join(words) if lang == "zh" else ", ".join(words)


def contract_table(name: str, lang: str = "zh") -> pd.DataFrame:
    """Return the contract of one layer or table: a row per column with its Chinese and English
    names, other spellings read, type, unit, allowed values, whether required, meaning and use."""
    index = 1 if lang == "zh" else 0
    head = {key: words[index] for key, words in CONTRACT_HEADERS.items()}
    joiner = "、" if lang == "zh" else ", "
    rows = []
    for column, required in layer_columns(name):
        unit, meaning_en, meaning_zh, used = COLUMN_DOCS[column]
        kind, codes = _kind(name, column)
        others = [a for a in _aliases(column, name) if a not in (column, chinese_header(column))]
        rows.append(
            {
                head["chinese"]: chinese_header(column),
                head["column"]: column,
                head["aliases"]: joiner.join(others),
                head["kind"]: KIND_WORDS[kind][index],
                head["unit"]: unit,
                head["allowed"]: _allowed(column, codes, lang),
                head["required"]: KIND_WORDS["required_yes" if required else "required_no"][index],
                head["meaning"]: meaning_zh if lang == "zh" else meaning_en,
                head["used_by"]: _used_by(used, lang),
            }
        )
    return pd.DataFrame(rows)


def contract_markdown() -> str:
    """Return the README's data contract: one table per layer and county table (English, with the
    Chinese headers and value words carefac reads)."""
    parts = []
    for name in INPUT_NAMES:
        en, _zh, geometry = LAYER_DOCS[name]
        where = f"[layers.{name}]" if name in LAYER_SPECS else f"[tables.{name}]"
        parts.append(f"**`{where}`** — {en} ({geometry}).\n")
        table = contract_table(name, "en")
        zh_words = {
            c: "、".join(k for k, v in VALUE_ALIASES.get(c, {}).items() if not k.isascii())
            for c in table["column"]
        }
        table["allowed values"] = [
            f"{a} ({zh_words[c]})" if a and zh_words.get(c) else a
            for a, c in zip(table["allowed values"], table["column"], strict=True)
        ]
        header = "| " + " | ".join(table.columns) + " |"
        lines = [header, "|" + "---|" * len(table.columns)]
        for row in table.itertuples(index=False):
            cells = [str(v).replace("|", "\\|") for v in row]
            cells[1] = f"`{cells[1]}`"
            lines.append("| " + " | ".join(cells) + " |")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
