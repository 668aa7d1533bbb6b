"""Open a local HTML file in headless Chromium (Debian's package, driven by Playwright), offline."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageReport:
    """What the page did: JavaScript errors, console errors, and values read from the DOM."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)


def open_page(path: Path, screenshot: Path, queries: dict[str, str], *, frame: bool = False) -> PageReport:
    """Load ``path`` with every non-file request blocked, evaluate ``queries`` (JS expressions) and screenshot."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    report = PageReport()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.on("pageerror", lambda exc: report.page_errors.append(str(exc)))
        page.on(
            "console", lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None
        )
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:", "about:"))
                else route.abort()
            ),
        )
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        target = page.frames[1] if frame and len(page.frames) > 1 else page
        for name, expression in queries.items():
            report.values[name] = target.evaluate(expression)
        page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    # tile requests are blocked on purpose: their failures are network errors, not page errors
    report.console_errors = [
        e for e in report.console_errors if "Failed to load resource" not in e and "ERR_" not in e
    ]
    return report
