"""``carefac --help`` in both languages: every command's and option's description, and argparse's
own headings (a Chinese run's help is Chinese, like its output)."""

from __future__ import annotations

__all__ = ["HELP", "help_text"]

#: key → {"en": …, "zh": …}; ``{facts}`` are filled by :func:`help_text`
HELP: dict[str, dict[str, str]] = {
    # argparse's own words
    "usage": {"en": "usage: ", "zh": "用法："},
    "positionals": {"en": "positional arguments", "zh": "位置参数"},
    "options": {"en": "options", "zh": "选项"},
    "help": {"en": "show this help message and exit", "zh": "显示本帮助并退出"},
    "version": {"en": "show program's version number and exit", "zh": "显示版本号并退出"},
    # the program and its commands
    "carefac": {
        "en": "Plan childcare facilities: slots per 1000 residents, policy checks, site selection.",
        "zh": "托育服务设施规划：每千人口托位数、政策检查、选址优化。",
    },
    "demo": {"en": "run on the embedded Zhangzhou sample", "zh": "在内置的漳州样例数据上运行"},
    "demo_about": {
        "en": "Run every step on the embedded Zhangzhou sample and write the results.",
        "zh": "在内置的漳州样例数据上运行全部步骤并写出结果。",
    },
    "coverage": {"en": "slots per 1000 residents by area", "zh": "按区域计算每千人口托位数"},
    "coverage_about": {
        "en": "Compute childcare slots per 1000 residents by area against the policy target.",
        "zh": "按区域计算每千常住人口托位数，并与规划目标对照。",
    },
    "check": {"en": "policy checks (flags)", "zh": "政策检查（不达标项）"},
    "check_about": {
        "en": "Check every rule of the policy profile; write flags.csv and flags.xlsx along with the "
        "slots-per-1000 tables.",
        "zh": "逐条检查规划配置中的规则，写出 flags.csv、flags.xlsx 及每千人口托位数表。",
    },
    "run": {"en": "everything the config asks for", "zh": "运行配置要求的全部步骤"},
    "run_about": {
        "en": "Slots per 1000, every policy check, the optimizer when the config has an [optimize] table, and "
        "the map and report (map.html, report.html).",
        "zh": "每千人口托位数、全部政策检查、配置含 [optimize] 表时的选址优化，以及地图和报告（map.html、report.html）。",
    },
    "optimize": {"en": "propose new childcare sites", "zh": "提出新建托育设施站点"},
    "optimize_about": {
        "en": "Choose new childcare sites among the candidates, existing facilities fixed; write "
        "proposed_sites.csv/.geojson/.xlsx, allocation.csv and slots_per_1000_after.csv.",
        "zh": "在候选站点中选择新建托育设施（现有设施保留），写出 proposed_sites.csv/.geojson/.xlsx、"
        "allocation.csv 和 slots_per_1000_after.csv。",
    },
    "init": {"en": "start a project: config and data templates", "zh": "新建项目：配置文件和数据模板"},
    "init_about": {
        "en": "Write a commented carefac.toml and a template for every layer and table (XLSX with a 填表说明 "
        "sheet and one example row, CSV twins, GeoJSON for polygons) into DIR.",
        "zh": "在 DIR 中写出带注释的 carefac.toml 和每个图层、表格的模板（含“填表说明”工作表和一行示例的 XLSX，"
        "对应的 CSV，面图层为 GeoJSON）。",
    },
    "validate": {"en": "check a project's config and data without computing", "zh": "只检查项目配置和数据，不计算"},
    "validate_about": {
        "en": "Read and check the config, the policy profile and every layer and table; list every problem at "
        "once (exit 2), or say what was read (exit 0).",
        "zh": "读取并检查配置、规划配置和每个图层、表格；一次列出全部问题（退出码 2），或说明读取了什么（退出码 0）。",
    },
    "batch": {"en": "many study areas at once, on a Dask cluster", "zh": "在 Dask 集群上一次处理多个研究区域"},
    "batch_about_zh": {
        "en": "",
        "zh": "批处理文件列出各研究区域（配置路径或通配符，或按区划代码前缀拆分一个\n"
        "省级配置）和输出文件夹。每个研究区域作为 dask.distributed 上的一个任务\n"
        "运行 carefac run 的流程（默认本机 LocalCluster，或指定的调度器）。\n"
        "数据有误的区域写入 failures.csv，其余照常完成；输入、配置和版本均未变\n"
        "的已完成区域将跳过（--force 重新运行），中断后可从停下处继续。\n\n"
        "退出码：0 全部完成（或因已完成而跳过），2 批处理文件有误，\n"
        "3 部分区域失败（见 failures.csv，其余已完成）。",
    },
    "batch_exit": {
        "en": "\nExit codes: 0 every study area finished (or was skipped as already done), 2 the batch file is "
        "bad, 3 some study areas failed (listed in failures.csv; the others finished).",
        "zh": "",
    },
    "rules": {"en": "list the policy rules", "zh": "列出政策规则"},
    "rules_about": {
        "en": "List every rule with its clause, subject, what it checks, the profile's thresholds, comparison "
        "and inputs, and whether the profile runs it.",
        "zh": "列出每条规则：条文、对象、检查内容、配置中的阈值、比较方式和所需输入，以及配置是否启用。",
    },
    # arguments
    "config": {"en": "project config (TOML)", "zh": "项目配置文件（TOML）"},
    "out": {"en": "output folder (default: {default})", "zh": "输出文件夹（默认：{default}）"},
    "out_config": {"en": "the config [output] dir", "zh": "配置 [output] 中的 dir"},
    "lang": {"en": "language of table headers: zh (default) or en", "zh": "输出语言：zh（默认，中文）或 en（英文）"},
    "lang_plain": {"en": "language: zh (default) or en", "zh": "语言：zh（默认，中文）或 en（英文）"},
    "lang_init": {
        "en": "language of the templates: zh (default) or en",
        "zh": "模板语言：zh（默认，中文）或 en（英文）",
    },
    "include_planned": {
        "en": "also count planned and under-construction facilities",
        "zh": "同时计入规划和在建设施",
    },
    "verbose": {"en": "log each step", "zh": "记录每个步骤"},
    "debug": {"en": "show tracebacks of unexpected errors", "zh": "意外错误时显示调用栈"},
    "level_only": {
        "en": "only this area level (default: every level present)",
        "zh": "只计算该层级（默认：数据中的全部层级）",
    },
    "folder": {"en": "folder for the new project (created)", "zh": "新项目的文件夹（将新建）"},
    "batch_file": {"en": "the batch file", "zh": "批处理文件"},
    "scheduler": {
        "en": "address of an existing dask scheduler (default: a LocalCluster)",
        "zh": "已有 dask 调度器的地址（默认：本机 LocalCluster）",
    },
    "workers": {
        "en": "workers of the LocalCluster (default: [cluster] workers, else cores)",
        "zh": "LocalCluster 的进程数（默认：[cluster] 中的 workers，否则为 CPU 核数）",
    },
    "force": {
        "en": "rerun study areas that already finished with the same inputs",
        "zh": "重新运行输入未变且已完成的研究区域",
    },
    "profile": {
        "en": "built-in profile name or TOML path (default: zhangzhou-2023)",
        "zh": "内置规划配置名称或 TOML 路径（默认：zhangzhou-2023）",
    },
    "model": {
        "en": "location model: {models} (default: config, else shortfall)",
        "zh": "选址模型：{models}（默认：配置中的，否则 shortfall）",
    },
    "new_sites": {
        "en": "number of new sites (every model but lscp and ratio-target, which find the fewest)",
        "zh": "新建站点数（lscp 和 ratio-target 自行确定最少站点数，不用此项）",
    },
    "radius_m": {
        "en": "service distance in metres (default: the policy's)",
        "zh": "服务半径（米；默认取规划配置中的服务半径）",
    },
    "time_limit_s": {"en": "time limit of the exact solve (default 60)", "zh": "优化求解时间上限（秒，默认 60）"},
    "method": {"en": "solver choice", "zh": "求解方式"},
    "level_plan": {"en": "area level of the before/after table", "zh": "前后对比表的区域层级"},
    "curve": {
        "en": "also solve for A, A+1, …, B new sites and write curve.csv and curve.png (pick the number of sites)",
        "zh": "另外求解新建 A、A+1……B 个站点的方案，写出 curve.csv 和 curve.png（用于选定站点数）",
    },
}


def help_text(key: str, lang: str, **facts) -> str:
    """Return help text ``key`` in ``lang`` (``zh`` or ``en``) with ``facts`` filled in."""
    return HELP[key]["zh" if lang == "zh" else "en"].format(**facts)
