"""One self-contained HTML report per run: headline figures, tables, the map, policy, inputs."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pandas as pd

from .checks import rule_title, summarise_flags
from .checks.describe import whole_plan_table
from .maps import combined_map, self_contained_html
from .tables import area_name, localise, localise_curve, localise_flags, plan_sentence, write_text
from .text import (
    INPUT_LAYER_WORDS,
    POLICY_WORDS,
    REPORT_WORDS,
    TABLE_WORDS,
    distance_name,
    setting_text,
    word,
)

__all__ = ["report_html", "whole_plan_table", "write_report"]

_CSS = """
body{font:14px/1.5 -apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}
th{background:#f3f3f3}td:nth-child(2),td:first-child{text-align:left}.headline{display:flex;gap:24px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px}.card b{font-size:20px;display:block}
iframe{width:100%;height:640px;border:1px solid #ccc}.bad{color:#b2182b}.good{color:#1a9641}
"""


_ROWS_SHOWN = 200



def _input_name(name: str, lang: str) -> str:
    """Return an input's name in ``lang``: its layer or table (设施), a layer's second file with its
    number (facilities (2): 设施（2）)."""
    base, number = re.fullmatch(r"(.+?)(?: \((\d+)\))?", str(name)).groups()
    said = word(INPUT_LAYER_WORDS, base, lang)
    return said if number is None else (f"{said}（{number}）" if lang == "zh" else f"{said} ({number})")


def _table(frame: pd.DataFrame, *, more: str = "", limit: int = _ROWS_SHOWN) -> str:
    """Return an HTML table of ``frame`` with every cell escaped; past ``limit`` rows, say how
    many more there are and where (``more`` is a template with ``{n}``), never cut silently."""
    text = frame.head(limit).round(3).to_html(index=False, escape=True, na_rep="", border=0)
    if len(frame) > limit:
        note = (more or "{n} more").format(n=len(frame) - limit)
        text += f"<p class='more'>{html.escape(note)}</p>"
    return text


def _flag_tables(flags: pd.DataFrame, lang: str, w: dict) -> list[str]:
    """Return one table per rule listing every flagged subject (or the count left to flags.xlsx)."""
    parts = []
    flagged = flags[flags["status"] == "flagged"]
    for rule, table in flagged.groupby("rule", sort=False):
        local = localise_flags(table, lang)
        parts.append(f"<h3>{html.escape(rule_title(str(rule), lang))} ({len(table)})</h3>")
        parts.append(_table(local[local.columns[:8]], more=w["more"].replace("{file}", "flags.xlsx")))
    return parts


def _gross_need(coverage: pd.DataFrame | None) -> int | None:
    """Return the sum of the shortfalls of the areas below target (None without the level)."""
    return None if coverage is None else int(coverage["slots_needed"].sum())


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return ``frame`` with the report's small-table headers in ``lang``."""
    return frame.rename(columns={c: word(TABLE_WORDS, c, lang) for c in frame.columns})


def _policy_table(policy, lang: str) -> pd.DataFrame:
    """Return the profile's values as (setting, value) rows in ``lang``; empty rule settings left out."""
    rows = [
        (word(POLICY_WORDS, k, lang), setting_text(v, lang))
        for k, v in policy.as_dict().items()
        if not (isinstance(v, dict | str) and not v)
    ]
    return _headed(pd.DataFrame(rows, columns=["key", "value"]), lang)


def _size(n) -> str:
    """Return a byte count as a reader says it: 450 KB, 2.3 MB."""
    if n is None or n != n:
        return ""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if n < 10 * scale else f"{n / scale:.0f} {unit}"
    return f"{int(n)} B"


def _inputs_table(inputs: list[dict], lang: str) -> pd.DataFrame:
    """Return the run's inputs (name, file, checksum, size) with names and headers in ``lang``."""
    frame = pd.DataFrame(inputs)
    if "bytes" in frame:
        frame["bytes"] = frame["bytes"].map(_size)
    if "name" in frame:
        frame["name"] = frame["name"].map(lambda n: _input_name(n, lang))
    return _headed(frame, lang)


def _before_after(summary: dict, key: str, fmt: str) -> str:
    """Return ``before → after`` of one equity figure (``before`` alone without a plan)."""
    before = format(summary[f"{key}_before"], fmt)
    return f"{before} → {format(summary[f'{key}_after'], fmt)}" if f"{key}_after" in summary else before


def _access_section(results, lang: str, w: dict, images: dict | None) -> list[str]:
    """Return the accessibility section: the equity figures, the Lorenz curve, the worst districts."""
    access, summary = getattr(results, "access", None), getattr(results, "access_summary", None)
    if access is None or not summary:
        return []
    text = w["access_text"].format(
        catchment=results.policy.service_distance_m, distance=distance_name(results.distance.method, lang),
        gini=_before_after(summary, "gini", ".3f"), threshold=summary["threshold_per_child"],
        target=results.policy.slots_per_1000_target, share=_before_after(summary, "share_below", ".1%"),
        none=_before_after(summary, "children_without_access", ",.0f"),
    )  # fmt: skip
    parts = [f"<h2>{html.escape(w['access'])}</h2><p class='access'>{html.escape(text)}</p>"]
    if images and "lorenz" in images:
        data = base64.b64encode(images["lorenz"]).decode("ascii")
        parts.append(f"<img alt='{html.escape(w['access'])}' src='data:image/png;base64,{data}'>")
    columns = ["demand_id", "name", "weight", *[c for c in ("access_before", "access_after") if c in access]]
    worst = pd.DataFrame(access[columns]).sort_values(["access_before", "weight"], ascending=[True, False]).head(10)
    parts.append(f"<h3>{html.escape(w['access_worst'].format(n=len(worst)))}</h3>" + _table(localise(worst, lang)))
    return parts


def report_html(
    results,
    *,
    lang: str = "zh",
    record: dict | None = None,
    map_html: str | None = None,
    images: dict[str, bytes] | None = None,
) -> str:
    """Return the report of a run as one HTML page (the map embedded, self-contained)."""
    w = REPORT_WORDS[lang]
    city = results.coverage["city"].iloc[0]
    county = results.coverage.get("county")
    parts = [
        f"<h1>{html.escape(w['title'])} — {html.escape(area_name(str(city['name']), lang))}</h1>",
        f"<h2>{w['headline']}</h2><div class='headline'>",
    ]
    below = int((~county["meets_target"]).sum()) if county is not None else 0
    cards = [
        (w["city"], f"{city['slots_per_1000']:.2f} / {city['target_per_1000']:g}", city["meets_target"]),
        (w["needed"], f"{int(city['slots_needed']):,}", city["slots_needed"] == 0),
        (w["counties"], f"{below} / {0 if county is None else len(county)}", below == 0),
    ]
    for level in ("county", "township"):
        gross = _gross_need(results.coverage.get(level))
        if gross is not None:
            cards.append((w[f"gross_{level}"], f"{gross:,}", gross == 0))
    for label, value, good in cards:
        parts.append(
            f"<div class='card'>{html.escape(label)}<b class='{'good' if good else 'bad'}'>{html.escape(value)}</b></div>"
        )
    parts.append("</div>")
    notices = getattr(results, "notices", ())
    if notices:
        items = "".join(f"<li>{html.escape(n.text(lang))}</li>" for n in notices)
        parts.append(f"<h2>{w['notices']}</h2><ul class='notices'>{items}</ul>")
    if map_html is None:
        map_html = self_contained_html(combined_map(results, lang=lang))
    parts.append(
        f"<h2>{w['map']}</h2><iframe title='map' srcdoc=\"{html.escape(map_html, quote=True)}\"></iframe>"
    )
    if county is not None:
        parts.append(f"<h2>{w['county']}</h2>" + _table(localise(county, lang)))
    township = results.coverage.get("township")
    if township is not None:
        worst = township[~township["meets_target"]].sort_values("slots_needed", ascending=False)
        more = w["more"].replace("{file}", "slots_per_1000_township.csv")
        parts.append(f"<h2>{w['township']}</h2>" + _table(localise(worst, lang), more=more))
    if results.flags is not None:
        summary = summarise_flags(results.flags)
        summary.insert(1, "rule_title", summary["rule"].map(lambda r: rule_title(r, lang)))  # headed as in flags.csv
        parts.append(f"<h2>{w['flags']}</h2>" + _table(localise(summary, lang)))
        parts.append(f"<h2>{w['plan']}</h2>" + _table(whole_plan_table(results.flags, results.study, lang)))
        parts += _flag_tables(results.flags, lang, w)
    if results.plan is not None:
        plan = results.plan
        sentence = plan_sentence(plan, lang)
        parts.append(f"<h2>{w['sites']}</h2><p>{html.escape(sentence)}</p>")
        before, after = int((~plan.before["meets_target"]).sum()), int((~plan.after["meets_target"]).sum())
        parts.append(
            f"<p class='before-after'>{html.escape(w['below_before_after'].format(before=before, after=after, total=len(plan.before), need_before=int(plan.before['slots_needed'].sum()), need_after=int(plan.after['slots_needed'].sum())))}</p>"
        )
        parts.append(_table(localise(pd.DataFrame(plan.sites.drop(columns="geometry")), lang)))
    parts += _access_section(results, lang, w, images)
    curve = getattr(results, "curve", None)
    if curve is not None:
        parts.append(f"<h2>{w['curve']}</h2>")
        if images and "curve" in images:
            data = base64.b64encode(images["curve"]).decode("ascii")
            parts.append(f"<img alt='{html.escape(w['curve'])}' src='data:image/png;base64,{data}'>")
        parts.append(_table(localise_curve(curve, lang)))
    parts.append(f"<h2>{w['policy']}</h2>" + _table(_policy_table(results.policy, lang)))
    if record:
        distance = distance_name(str(record.get("distance")), lang)
        parts.append(f"<p>{w['distance']}: {html.escape(distance)}</p>")
        parts.append(f"<h2>{w['inputs']}</h2>" + _table(_inputs_table(record.get("inputs", []), lang)))
        versions = pd.DataFrame(sorted(record.get("versions", {}).items()), columns=["package", "version"])
        parts.append(f"<h2>{w['versions']}</h2>" + _table(_headed(versions, lang)))
    body = "\n".join(parts)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(w['title'])}</title>"
        f"<style>{_CSS}</style></head><body>{body}<p style='color:#888'>{w['generated']}</p></body></html>"
    )


def write_report(
    results,
    path: str | Path,
    *,
    lang: str = "zh",
    record: dict | None = None,
    map_html: str | None = None,
    images: dict[str, bytes] | None = None,
) -> Path:
    """Write the run report as one self-contained HTML file (atomically)."""
    text = report_html(results, lang=lang, record=record, map_html=map_html, images=images)
    return write_text(text, path)
