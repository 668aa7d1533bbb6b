"""The console's sentences in both languages."""

from __future__ import annotations

import re

__all__ = ["CONSOLE", "command_line_problem", "say"]

CONSOLE: dict[str, dict[str, str]] = {
    "city": {
        "zh": "{name}：常住人口{population:,}人，托位{slots:,}个，每千人口{per1000:.2f}个（目标{target:g}），尚需托位{needed:,}个",
        "en": "{name}: {population:,} residents, {slots:,} slots, {per1000:.2f} per 1000 (target {target:g}), {needed:,} slots still needed",
    },
    "below": {"zh": "{level}：{below}/{total}个未达标", "en": "{level}: {below} of {total} below target"},
    "checks": {"zh": "政策检查（不达标/已检查）：", "en": "policy checks (flagged of checked):"},
    "check_row": {
        "zh": "  {title}：{flagged}/{checked}个不达标{skipped}",
        "en": "  {title}: {flagged} of {checked} flagged{skipped}",
    },
    "skipped": {"zh": "（{n}个未检查）", "en": " ({n} skipped)"},
    "whole_plan": {
        "zh": "各县(区)全面对照（✔ 达标，✘ 未达标，– 不适用，? 未检查）：",
        "en": "whole plan by county (✔ met, ✘ missed, – not applicable, ? not checked):",
    },
    "plan": {
        "zh": "{model}：拟建站点{sites}个，服务半径{radius:g}米（{distance}）；目标值{objective:,.1f}（{unit}），界{bound:,.1f}，差距{gap:.2%}，{status}（{method}）",
        "en": "{model}: {sites} proposed sites, service radius {radius:g} m ({distance}); objective {objective:,.1f} ({unit}), bound {bound:,.1f}, gap {gap:.2%}, {status} ({method})",
    },
    # what each model's objective counts (the plan line's unit); {who}: children under 3 or residents
    "objective_shortfall": {"zh": "补足的托位缺口", "en": "slots of shortfall closed"},
    "objective_mclp": {"zh": "{radius:g}米内的{who}", "en": "{who} within {radius:g} m"},
    "objective_p-median": {"zh": "{who}×米", "en": "{who} × metres"},
    "objective_capacitated": {"zh": "{who}×米", "en": "{who} × metres"},
    "mean_distance": {"zh": "{unit}，平均每人{mean:,.0f}米", "en": "{unit}: {mean:,.0f} m each on average"},
    "objective_p-center": {"zh": "最远需求点的距离，米", "en": "metres to the farthest demand point"},
    "objective_attendance": {
        "zh": "按距离衰减计的{who}，{radius:g}米处降为0",
        "en": "{who} attending, falling to none at {radius:g} m",
    },
    "objective_lscp": {"zh": "站点数", "en": "sites"},
    "objective_ratio-target": {"zh": "站点数", "en": "sites"},
    "who_under3": {"zh": "3岁以下婴幼儿", "en": "children under 3"},
    "who_population": {"zh": "常住人口", "en": "residents"},
    "before_after": {
        "zh": "  未达标{level}：{before} → {after}（共{total}个）；尚需托位合计：{need_before:,} → {need_after:,}",
        "en": "  {level} below target: {before} → {after} of {total}; slots still needed (sum over areas below target): {need_before:,} → {need_after:,}",
    },
    "site": {
        "zh": "  {rank}. {name}（{candidate_id}）：{slots}，服务{reach}3岁以下婴幼儿{served:,.0f}人",
        "en": "  {rank}. {name} ({candidate_id}): {slots}, serves {served:,.0f} children under 3{reach}",
    },
    "site_slots": {
        "zh": "  {rank}. {name}（{candidate_id}）：{slots}，补足所在{level}缺口托位{closed:,.0f}个，服务{reach}3岁以下婴幼儿{served:,.0f}人",
        "en": "  {rank}. {name} ({candidate_id}): {slots}, closes {closed:,.0f} slots of its {level}'s shortfall, serves {served:,.0f} children under 3{reach}",
    },
    "site_capacity": {"zh": "托位{capacity:g}个", "en": "{capacity:g} slots"},
    "site_capacity_unknown": {"zh": "托位数未填", "en": "slots not given"},
    "site_reach": {"zh": "{radius:,.0f}米内", "en": " within {radius:,.0f} m"},
    "access": {
        "zh": "托位可达性（两步移动搜寻法，{catchment:g}米）：基尼系数{gini}；低于规划目标的3岁以下婴幼儿占比{share}",
        "en": "access to slots (2SFCA, {catchment:g} m): Gini {gini}; children under 3 below the plan's target {share}",
    },
    "wrote": {"zh": "已写入{count}个文件：{folder}", "en": "wrote {count} files to {folder}"},
    "note": {"zh": "注意：{text}", "en": "note: {text}"},
    "batch": {
        "zh": "{folder}：完成{ok}个研究区，跳过{skipped}个（已完成且输入未变），失败{failed}个（见 failures.csv）",
        "en": "{folder}: {ok} study areas finished, {skipped} skipped (already done with the same inputs), {failed} failed (see failures.csv)",
    },
    "init": {
        "zh": "已在{folder}写入{count}个文件：carefac.toml 和各输入模板（每个含一行示例和填表说明）。填好后运行 carefac validate {folder}/carefac.toml",
        "en": "wrote {count} files to {folder}: carefac.toml and a template per input (each with an example row and its columns). Fill them in, then run carefac validate {folder}/carefac.toml",
    },
    "valid": {
        "zh": "{file}：配置和数据均可读取，未发现问题（{layers}）",
        "en": "{file}: the config and data read without problems (rows: {layers})",
    },
    "step_read": {"zh": "读取数据", "en": "reading"},
    "step_coverage": {"zh": "计算每千人口托位", "en": "slots per 1000"},
    "step_checks": {"zh": "政策检查", "en": "policy checks"},
    "step_optimize": {"zh": "选址优化", "en": "optimising"},
    "step_curve": {"zh": "站点数曲线", "en": "sites curve"},
    "step_access": {"zh": "可达性", "en": "accessibility"},
    "step_batch": {"zh": "研究区域", "en": "study areas"},
    "step_failed": {"zh": "失败{n}个", "en": "failed {n}"},
    "step_of": {"zh": "{step} {done}/{total}", "en": "{step} {done}/{total}"},
    "valid_layer": {"zh": "{name} {n}行", "en": "{name} {n}"},
    "list_separator": {"zh": "，", "en": ", "},
    "level_county": {"zh": "县(区)", "en": "county"},
    "level_township": {"zh": "乡镇(街道)", "en": "township"},
    "status_optimal": {"zh": "已证明最优", "en": "optimal"},
    "status_feasible": {"zh": "可行（未证明最优）", "en": "feasible"},
    "status_time_limit": {"zh": "达到时间上限", "en": "time_limit"},
    "interrupted": {
        "zh": "carefac：已中断；未写入任何文件（输出只在全部完成后才移入目标文件夹）。",
        "en": "carefac: interrupted; nothing was written (outputs are moved into place only when complete).",
    },
    "os_error": {
        "zh": "carefac：无法读写文件：{error}。请检查路径和权限。",
        "en": "carefac: cannot read or write a file: {error}. Check the path and its permissions.",
    },
    "unexpected": {
        "zh": "carefac：意外错误（{kind}：{error}）。请加 --debug 重新运行查看详情，并报告此问题。",
        "en": "carefac: unexpected error ({kind}: {error}). Rerun with --debug for details and report it.",
    },
    "usage_error": {
        "zh": "{prog}：命令行有误：{detail}。运行 {prog} --help 查看用法。",
        "en": "{prog}: {detail}. Run {prog} --help for the usage.",
    },
}

#: argparse's own messages (Python 3.11–3.13 wording) → the same in both languages; a message not
#: listed is shown as argparse wrote it
_ARGPARSE: tuple[tuple[re.Pattern, dict[str, str]], ...] = tuple(
    (re.compile(pattern), said)
    for pattern, said in (
        (
            r"argument (?P<option>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<allowed>.+)\)",
            {"zh": "{option} 的取值 {value} 无效，可选：{allowed}", "en": "{option}: {value} is not one of {allowed}"},
        ),
        (
            r"argument (?P<option>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)",
            {"zh": "{option} 的取值 {value} 无效（应为{kind}）", "en": "{option}: {value} is not a valid {kind}"},
        ),
        (
            r"argument (?P<option>\S+): expected one argument",
            {
                "zh": "{option} 后面需要一个值（以 - 开头的值写成 {option}=值）",
                "en": "{option} needs a value (one starting with - is written {option}=VALUE)",
            },
        ),
        (
            r"argument (?P<option>\S+): expected .*argument",
            {"zh": "{option} 后面缺少取值", "en": "{option} is missing its value"},
        ),
        (
            r"argument (?P<option>\S+): ignored explicit argument (?P<value>.+)",
            {"zh": "{option} 不接受取值（{value}）", "en": "{option} takes no value ({value} given)"},
        ),
        (
            r"the following arguments are required: (?P<names>.+)",
            {"zh": "缺少必需的参数：{names}", "en": "missing the required {names}"},
        ),
        (
            r"unrecognized arguments: (?P<names>.+)",
            {"zh": "无法识别的参数：{names}", "en": "unrecognised arguments: {names}"},
        ),
        (
            r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
            {"zh": "选项 {option} 有歧义，可能是：{matches}", "en": "{option} is ambiguous: it could be {matches}"},
        ),
    )
)


_KINDS = {"int": {"zh": "整数", "en": "whole number"}, "float": {"zh": "数字", "en": "number"}}


def command_line_problem(prog: str, message: str, lang: str) -> str:
    """Return argparse's complaint ``message`` about the command line as one sentence in ``lang``."""
    lang = "zh" if lang == "zh" else "en"
    detail = message
    for pattern, said in _ARGPARSE:
        match = pattern.fullmatch(message.strip())
        if match:
            facts = match.groupdict()
            if "kind" in facts:
                facts["kind"] = _KINDS.get(facts["kind"], {}).get(lang, facts["kind"])
            detail = said[lang].format(**facts)
            break
    return say("usage_error", lang, prog=prog, detail=detail)


def say(key: str, lang: str, **fields) -> str:
    """Return the catalogue's sentence ``key`` in ``lang`` (``zh`` or ``en``) with ``fields`` filled in."""
    return CONSOLE[key]["zh" if lang == "zh" else "en"].format(**fields)
