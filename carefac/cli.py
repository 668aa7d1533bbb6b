"""The ``carefac`` command line: argument parsing, logging, exit codes. No logic of its own.

Exit codes: 0 success, 2 bad input (one paragraph on stderr, no traceback), 1 unexpected error,
130 interrupted (Ctrl-C: one line, nothing half-written).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ._errors import CarefacError, ConfigError, ValidationError, error_paragraph, raise_if_any
from .text import (
    INPUT_LAYER_WORDS,
    MODEL_WORDS,
    command_line_problem,
    help_text,
    say,
    word,
)

__all__ = ["main"]

logger = logging.getLogger("carefac")

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class _CommandLineError(Exception):
    """argparse's complaint about the command line (said in the run's language by :func:`main`)."""

    def __init__(self, prog: str, message: str):
        super().__init__(message)
        self.prog, self.message = prog, message


class _Parser(argparse.ArgumentParser):
    """An argument parser in one language: its help from :mod:`carefac.text.cli_help` (argparse's
    own headings too), its errors sent to :func:`main` (one sentence in the run's language, exit 2)
    instead of argparse's English usage block. Commands it adds are parsers of the same language."""

    def __init__(self, *args, lang: str = "zh", **kwargs):
        kwargs.setdefault("formatter_class", _formatter(lang))
        super().__init__(*args, add_help=False, **kwargs)
        self.lang = lang
        self._positionals.title = help_text("positionals", lang)
        self._optionals.title = help_text("options", lang)
        self.add_argument("-h", "--help", action="help", help=help_text("help", lang))

    def error(self, message: str):  # noqa: D102 - argparse's hook
        raise _CommandLineError(self.prog, message)


def _formatter(lang: str, *, raw: bool = False) -> type[argparse.HelpFormatter]:
    """Return a help formatter whose usage line starts in ``lang`` (the description kept as
    written when ``raw``)."""

    class Formatter(argparse.RawDescriptionHelpFormatter if raw else argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102 - argparse's hook
            super().add_usage(usage, actions, groups, prefix=help_text("usage", lang) if prefix is None else prefix)

    return Formatter


def _common(parser: _Parser, *, default_out: str | None) -> None:
    """Add the options every command shares."""
    lang = parser.lang
    default = default_out or help_text("out_config", lang)
    parser.add_argument("--out", type=Path, default=default_out, help=help_text("out", lang, default=default))
    parser.add_argument("--lang", type=_language, choices=("zh", "en"), default=None, help=help_text("lang", lang))
    parser.add_argument("--include-planned", action="store_true", help=help_text("include_planned", lang))
    _log_options(parser)


def _log_options(parser: _Parser) -> None:
    """Add ``-v/--verbose`` and ``--debug`` (every command has them)."""
    parser.add_argument("-v", "--verbose", action="store_true", help=help_text("verbose", parser.lang))
    parser.add_argument("--debug", action="store_true", help=help_text("debug", parser.lang))


def _version() -> str:
    """Return the installed carefac version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("carefac")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _parser(lang: str = "zh") -> _Parser:
    """Return the command line's parser, its help in ``lang``."""

    def said(key: str, **facts) -> str:
        return help_text(key, lang, **facts)

    parser = _Parser(prog="carefac", description=said("carefac"), lang=lang)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}", help=said("version"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, **kwargs) -> _Parser:
        return sub.add_parser(name, help=said(name), description=said(f"{name}_about"), lang=lang, **kwargs)

    _common(command("demo"), default_out="outputs/demo")
    coverage = command("coverage")
    coverage.add_argument("config", type=Path, help=said("config"))
    coverage.add_argument("--level", choices=("county", "township"), default=None, help=said("level_only"))
    _common(coverage, default_out=None)
    for name in ("check", "run"):
        chosen = command(name)
        chosen.add_argument("config", type=Path, help=said("config"))
        _common(chosen, default_out=None)
    optimize = command("optimize")
    optimize.add_argument("config", type=Path, help=said("config"))
    _optimize_options(optimize)
    _common(optimize, default_out=None)
    init = command("init")
    init.add_argument("folder", type=Path, metavar="DIR", help=said("folder"))
    init.add_argument("--lang", type=_language, choices=("zh", "en"), default="zh", help=said("lang_init"))
    validate = command("validate")
    validate.add_argument("config", type=Path, help=said("config"))
    validate.add_argument("--lang", type=_language, choices=("zh", "en"), default=None, help=said("lang_plain"))
    for chosen in (init, validate):
        _log_options(chosen)
    batch = sub.add_parser(
        "batch", help=said("batch"), formatter_class=_formatter(lang, raw=True),
        description=_batch_doc(lang), lang=lang,
    )  # fmt: skip
    batch.add_argument("batch_file", type=Path, metavar="BATCH.toml", help=said("batch_file"))
    batch.add_argument("--scheduler", default=None, help=said("scheduler"))
    batch.add_argument("--workers", type=int, default=None, help=said("workers"))
    batch.add_argument("--force", action="store_true", help=said("force"))
    _log_options(batch)
    rules = command("rules")
    rules.add_argument("--profile", default=None, help=said("profile"))
    rules.add_argument("--lang", type=_language, choices=("zh", "en"), default="zh", help=said("lang_plain"))
    _log_options(rules)
    return parser


def _number(text: str) -> int | float | str:
    """Return a command-line number, or the text as written when it is none: it is then refused
    with the option named, like a config value (:mod:`carefac._settings`), in the run's language."""
    for kind in (int, float):  # 300 stays 300 in a message, not 300.0
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _whole(text: str) -> float | int | str:
    """Return a command-line count as written (checked as a whole number with the option named):
    an int when whole (``-3``, not ``-3.0``, in a message)."""
    value = _number(text)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _curve_range(text: str | None) -> tuple[range | None, list]:
    """Return ``--curve A:B`` (or ``A-B``) as range(A, B + 1) and no problem, or None and the problem."""
    from ._errors import problem

    if text is None:
        return None, []
    try:  # 1:30, also written 1-30, 1–30, 1~30, 1：30
        low, high = (int(part) for part in re.split(r"\s*[:：\-–—~～]\s*", text.strip()))
    except ValueError:
        return None, [problem("command line", "curve_not_range", value=text)]
    if not 1 <= low <= high:
        return None, [problem("command line", "curve_bad_order", value=text)]
    return range(low, high + 1), []


def _optimize_options(parser: _Parser) -> None:
    """Add the options of the optimizer (each overrides the config's [optimize] value)."""
    lang = parser.lang
    parser.add_argument("--model", type=str, default=None, help=help_text("model", lang, models=", ".join(MODEL_WORDS)))
    parser.add_argument("--new-sites", type=_whole, default=None, help=help_text("new_sites", lang))
    parser.add_argument("--radius-m", type=_number, default=None, help=help_text("radius_m", lang))
    parser.add_argument("--time-limit-s", type=_number, default=None, help=help_text("time_limit_s", lang))
    parser.add_argument(
        "--method", choices=("auto", "exact", "heuristic"), default=None, help=help_text("method", lang)
    )
    parser.add_argument(
        "--level", choices=("county", "township"), default=None, help=help_text("level_plan", lang)
    )
    parser.add_argument("--curve", default=None, metavar="A:B", help=help_text("curve", lang))


def _optimize_settings(args: argparse.Namespace, section, *, default_sites: int | None = None) -> dict:
    """Return locate_facilities options from the config's [optimize] table and the command line,
    each value checked (type, sign, range, allowed values) with its option named."""
    from ._errors import problem
    from ._settings import optimize_options
    from .optimize import REGISTRY

    names = ("model", "new_sites", "radius_m", "time_limit_s", "method", "level")
    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    curve, problems = _curve_range(getattr(args, "curve", None))
    try:
        options = optimize_options(section, given)
    except ConfigError as exc:
        problems = [*exc.problems, *problems]
    raise_if_any(problems, ConfigError)
    if curve is not None and not REGISTRY[options["model"]].needs_sites:  # lscp, ratio-target: no number to vary
        takes = ", ".join(name for name, spec in REGISTRY.items() if spec.needs_sites)
        raise ConfigError([problem("command line", "curve_model_without_sites", model=options["model"], models=takes)])
    if curve is not None:
        args.curve = curve  # the parsed range, for the run
        options.setdefault("new_sites", curve[-1])  # the plan itself: the curve's largest number of sites
    if REGISTRY[options["model"]].needs_sites and default_sites is not None:
        options.setdefault("new_sites", default_sites)
    return options


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _summarise(results, lang: str) -> str:
    """Return a short human summary of the run, in ``lang`` (words from :mod:`carefac.text`)."""
    from .checks import rule_title, summarise_flags
    from .tables import area_name

    city = results.coverage["city"].iloc[0]
    lines = [
        say("city", lang, name=area_name(city["name"], lang), population=int(city["population"]), slots=int(city["slots"]),
            per1000=city["slots_per_1000"], target=city["target_per_1000"], needed=int(city["slots_needed"]))
    ]  # fmt: skip
    for level in ("county", "township"):
        if level in results.coverage:
            table = results.coverage[level]
            below = int((~table["meets_target"]).sum())
            lines.append(say("below", lang, level=say(f"level_{level}", lang), below=below, total=len(table)))
    if results.flags is not None:
        from .checks.describe import whole_plan_table

        lines.append(say("checks", lang))
        for row in summarise_flags(results.flags).itertuples(index=False):
            skipped = say("skipped", lang, n=row.skipped) if row.skipped else ""
            lines.append(
                say("check_row", lang, title=rule_title(row.rule, lang), flagged=row.flagged,
                    checked=row.flagged + row.ok, skipped=skipped)
            )  # fmt: skip
        lines.append(say("whole_plan", lang))
        lines.append(whole_plan_table(results.flags, results.study, lang).to_string(index=False))
    if results.plan is not None:
        from .tables import plan_sentence

        plan = results.plan
        lines.append(plan_sentence(plan, lang))
        lines.append(
            say("before_after", lang, level=say(f"level_{plan.level}", lang),
                before=int((~plan.before["meets_target"]).sum()), after=int((~plan.after["meets_target"]).sum()),
                total=len(plan.before), need_before=int(plan.before["slots_needed"].sum()),
                need_after=int(plan.after["slots_needed"].sum()))
        )  # fmt: skip
        from .optimize import REGISTRY

        spec = REGISTRY[plan.model]
        sentence = "site_slots" if spec.slot_aim else "site"
        # the children a site serves are those it is nearest to within the radius (all of them for p-median)
        reach = say("site_reach", lang, radius=plan.radius_m) if spec.within_radius_only and plan.radius_m else ""
        for row in plan.sites.head(5).itertuples(index=False):
            known = row.capacity is not None and row.capacity == row.capacity  # NaN: not given
            slots = say("site_capacity", lang, capacity=row.capacity) if known else say("site_capacity_unknown", lang)
            lines.append(
                say(sentence, lang, rank=row.rank, name=row.name, candidate_id=row.candidate_id,
                    slots=slots, served=row.demand_served, closed=row.marginal_gain,
                    level=say(f"level_{plan.level}", lang), reach=reach)
            )  # fmt: skip
    summary = getattr(results, "access_summary", None)
    if summary:

        def both(key: str, fmt: str) -> str:
            after = summary.get(f"{key}_after")
            before = format(summary[f"{key}_before"], fmt)
            return before if after is None else f"{before} → {format(after, fmt)}"

        lines.append(say("access", lang, catchment=results.policy.service_distance_m, gini=both("gini", ".3f"),
                         share=both("share_below", ".1%")))  # fmt: skip
    return "\n".join(lines)


EXIT_SOME_FAILED = 3


def _batch_doc(lang: str) -> str:
    """Return ``carefac batch --help``'s description: the batch module's documentation (English),
    or its summary in Chinese."""
    if lang == "zh":
        return help_text("batch_about_zh", lang)
    import importlib.util

    spec = importlib.util.find_spec("carefac.batch")
    text = Path(spec.origin).read_text("utf-8").split('"""')[1] if spec and spec.origin else ""
    return text + help_text("batch_exit", lang)


def _batch(args: argparse.Namespace) -> int:
    """Run a batch file on a dask cluster with one progress bar over study areas."""
    from tqdm import tqdm

    from .batch import read_batch, run_batch

    if not args.verbose:  # dask's own INFO lines are for operators; -v shows them
        for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core",
                     "distributed.http.proxy", "distributed.worker"):  # fmt: skip
            logging.getLogger(name).setLevel(logging.WARNING)
    tasks, _out, _cluster = read_batch(args.batch_file)
    lang = _error_lang(args)
    with tqdm(total=len(tasks), desc=say("step_batch", lang), unit="", disable=not sys.stderr.isatty()) as bar:

        def progress(done: int, failed: int, total: int) -> None:
            bar.update(done - bar.n)
            bar.set_postfix_str(say("step_failed", lang, n=failed))

        result = run_batch(args.batch_file, scheduler=args.scheduler, workers=args.workers, force=args.force,
                           progress=progress)  # fmt: skip
    counts = {s: sum(r["status"] == s for r in result.records) for s in ("ok", "skipped", "failed")}
    print(say("batch", result.lang, folder=result.out, **counts))
    for record in result.failed:
        print(f"{record['study_area']}: {record['message']}", file=sys.stderr)
    return EXIT_SOME_FAILED if counts["failed"] else EXIT_OK


def _init(args: argparse.Namespace) -> int:
    """Write a new project folder (config and templates)."""
    from .templates import write_project

    written = write_project(args.folder, lang=args.lang)
    print(say("init", args.lang, count=len(written), folder=args.folder))
    return EXIT_OK


def _collect(read, problems: list):
    """Return ``read()``, or None with its problems added (a structure error is already listed)."""
    try:
        return read()
    except (ValidationError, ConfigError) as exc:
        problems += exc.problems
    except (KeyError, TypeError):  # a config whose tables are missing: read_config said so
        pass
    return None


def _validate(args: argparse.Namespace) -> int:
    """Read and check everything a run would read; print what was read, or raise with every problem."""
    from .config import read_config

    config, problems = read_config(args.config)
    lang = args.lang if args.lang else config.lang if config.lang in ("zh", "en") else "zh"
    _collect(config.policy, problems)
    study = _collect(config.study_area, problems)
    raise_if_any(problems)
    layers = {"areas": study.areas, "facilities": study.facilities, "residential": study.residential,
              "candidates": study.candidates, "venues": study.venues, **study.tables}  # fmt: skip
    counts = {name: len(layer) for name, layer in layers.items() if layer is not None}
    for note in study.notices:
        print(say("note", lang, text=note.text(lang)), file=sys.stderr)
    read = [say("valid_layer", lang, name=word(INPUT_LAYER_WORDS, k, lang), n=n) for k, n in counts.items()]
    print(say("valid", lang, file=args.config.name, layers=say("list_separator", lang).join(read)))
    return EXIT_OK


def _list_rules(args: argparse.Namespace) -> int:
    """Print every rule of the registry as the chosen profile sets it."""
    from .checks import profile_problems
    from .checks.describe import rules_listing
    from .policy import DEFAULT_PROFILE, load_policy

    policy = load_policy(args.profile or DEFAULT_PROFILE)
    raise_if_any(profile_problems(policy), ConfigError)
    print(rules_listing(policy, lang=args.lang))
    return EXIT_OK


def _run_pipeline(
    args: argparse.Namespace,
    config_path: Path,
    command: str,
    *,
    checks: bool,
    optimize: dict | None = None,
    maps: bool = False,
) -> int:
    from tqdm import tqdm

    from .config import load_config
    from .pipeline import run, write_results

    config = load_config(config_path)
    lang = args.lang or config.lang
    levels = (
        ("county", "township") if optimize is not None or not getattr(args, "level", None) else (args.level,)
    )
    with tqdm(
        desc=say("step_read", lang), unit="", disable=optimize is None or not sys.stderr.isatty(), leave=False
    ) as bar:
        results = run(
            config,
            levels=levels,
            include_planned=args.include_planned,
            checks=checks,
            optimize=optimize,
            progress=bar,
            lang=lang,
            curve=getattr(args, "curve", None),
            access=maps,
        )
    requested = getattr(args, "level", None)
    if requested and requested not in results.study.levels:
        raise CarefacError.said("level_missing_cli", level=requested, levels=", ".join(results.study.levels))
    out = config.output_dir(args.out)
    written = write_results(results, out, lang=lang, command=command, maps=maps)
    for notice in results.notices:
        print(say("note", lang, text=notice.text(lang)), file=sys.stderr)
    print(_summarise(results, lang))
    print(say("wrote", lang, count=len(written), folder=out))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_command_line_lang(words))  # --help in the run's language too
    try:
        args = parser.parse_args(words)
    except _CommandLineError as exc:
        print(command_line_problem(exc.prog, exc.message, parser.lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    _configure_logging(args.verbose)
    command = "carefac " + " ".join(sys.argv[1:] if argv is None else argv)
    from .config import load_config
    from .datasets import zhangzhou_sample_config

    try:
        if args.command == "demo":  # `carefac run` on the embedded sample's config
            sample = zhangzhou_sample_config()
            settings = _optimize_settings(args, load_config(sample).section("optimize"))
            return _run_pipeline(args, sample, command, checks=True, optimize=settings, maps=True)
        if args.command == "coverage":
            return _run_pipeline(args, args.config, command, checks=False)
        if args.command == "check":
            return _run_pipeline(args, args.config, command, checks=True)
        if args.command == "run":
            section = load_config(args.config).section("optimize")
            settings = _optimize_settings(args, section) if section else None
            return _run_pipeline(args, args.config, command, checks=True, optimize=settings, maps=True)
        if args.command == "rules":
            return _list_rules(args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "init":
            return _init(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "optimize":
            settings = _optimize_settings(args, load_config(args.config).section("optimize"))
            return _run_pipeline(args, args.config, command, checks=False, optimize=settings, maps=True)
    except KeyboardInterrupt:
        print(say("interrupted", _error_lang(args)), file=sys.stderr)
        return EXIT_INTERRUPTED
    except CarefacError as exc:
        print(error_paragraph(exc, _error_lang(args)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(say("os_error", _error_lang(args), error=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # last resort: no traceback for users unless asked
        if args.debug:
            raise
        print(say("unexpected", _error_lang(args), kind=type(exc).__name__, error=exc), file=sys.stderr)
        return EXIT_ERROR
    print(command_line_problem("carefac", f"unknown command {args.command}", _error_lang(args)), file=sys.stderr)
    return EXIT_BAD_INPUT


def _error_lang(args: argparse.Namespace) -> str:
    """Return the language to report an error in: ``--lang``, else the config's (or the batch
    file's) ``lang`` when it can be read, else Chinese (carefac's default)."""
    given = getattr(args, "lang", None)
    if given in ("zh", "en"):
        return given
    return _file_lang(getattr(args, "config", None) or getattr(args, "batch_file", None))


def _language(written: str) -> str:
    """Return ``--lang`` as written (zh, en) or as a Chinese office writes it (中文, 英文, English)."""
    from ._settings import SECTION_SETTINGS

    read, _ = SECTION_SETTINGS["output"]["lang"].check("lang", written)
    return read or written


def _command_line_lang(words: Sequence[str]) -> str:
    """Return the language of a command line argparse could not read: its ``--lang`` (when zh or
    en), else the ``lang`` of the first TOML file it names, else Chinese."""
    for index, token in enumerate(words):
        given = token.split("=", 1)[1] if token.startswith("--lang=") else None
        if token == "--lang" and index + 1 < len(words):
            given = words[index + 1]
        if given in ("zh", "en"):
            return given
    tomls = [word for word in words if word.lower().endswith(".toml") and Path(word).is_file()]
    return _file_lang(tomls[0] if tomls else None)


def _file_lang(path) -> str:
    """Return the ``lang`` of a config's [output] (or a batch file's [batch]) table, else ``zh``."""
    import tomllib

    try:
        raw = tomllib.loads(Path(path).read_text("utf-8-sig")) if path else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raw = {}
    tables = [raw.get(name) for name in ("output", "batch")]
    langs = [table.get("lang") for table in tables if isinstance(table, dict)]
    return next((lang for lang in langs if lang in ("zh", "en")), "zh")


if __name__ == "__main__":
    sys.exit(main())
