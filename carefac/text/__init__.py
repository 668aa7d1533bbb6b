"""carefac's one text catalogue: every word a user reads, in Chinese and English.

A Chinese run prints Chinese, an English run English. The analysis gives codes and numbers; the
sentences are built here: :mod:`.console` (the console), :mod:`.reasons` (why a flag row has its
status), :mod:`.rules` (what each rule checks), :mod:`.outputs` (tables, maps, the report) and
:mod:`.contract` (the columns of every input layer and table).
"""

from __future__ import annotations

from .cli_help import HELP, help_text
from .console import CONSOLE, command_line_problem, say
from .outputs import (
    BATCH_WORDS,
    DISTANCE_WORDS,
    HEADERS,
    INPUT_LAYER_WORDS,
    MAP_WORDS,
    METHOD_WORDS_ZH,
    MODEL_WORDS,
    PLOT_WORDS,
    POLICY_WORDS,
    REPORT_WORDS,
    SETTING_WORDS,
    SHEET_NAMES,
    TABLE_WORDS,
    VALUE_LABELS_ZH,
    chart_characters,
    code_label,
    distance_name,
    method_name,
    model_name,
    setting_text,
    word,
)
from .reasons import INDICATOR_WORDS, MISSING_INPUTS, REASONS, reason
from .rules import (
    CITY_TOTAL_EN,
    INPUTS,
    RULE_SUMMARIES,
    RULES_WORDS,
    STATUS_WORDS,
    SUBJECTS,
    UNITS,
    rule_summary,
)

__all__ = [
    "BATCH_WORDS",
    "CITY_TOTAL_EN",
    "CONSOLE",
    "command_line_problem",
    "help_text",
    "DISTANCE_WORDS",
    "HEADERS",
    "HELP",
    "INDICATOR_WORDS",
    "INPUTS",
    "INPUT_LAYER_WORDS",
    "MAP_WORDS",
    "METHOD_WORDS_ZH",
    "MISSING_INPUTS",
    "MODEL_WORDS",
    "PLOT_WORDS",
    "POLICY_WORDS",
    "REASONS",
    "REPORT_WORDS",
    "RULES_WORDS",
    "RULE_SUMMARIES",
    "SETTING_WORDS",
    "SHEET_NAMES",
    "STATUS_WORDS",
    "SUBJECTS",
    "TABLE_WORDS",
    "UNITS",
    "VALUE_LABELS_ZH",
    "chart_characters",
    "code_label",
    "distance_name",
    "method_name",
    "model_name",
    "reason",
    "rule_summary",
    "say",
    "setting_text",
    "word",
]
