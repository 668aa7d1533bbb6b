"""Take the README's screenshot of the demo map: ``python scripts/screenshot_demo_map.py``.

Runs ``carefac demo`` into a temporary folder and photographs ``map.html`` in headless Chromium
(Debian's package) with tiles blocked, so the PNG shows carefac's own layers.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from carefac.cli import main as carefac

OUT = Path(__file__).resolve().parents[1] / "docs" / "demo_map.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert carefac(["demo", "--out", tmp]) == 0
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 760})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
            )
            page.goto((Path(tmp) / "map.html").as_uri())
            page.wait_for_timeout(800)
            page.screenshot(path=str(OUT), type="png")
            browser.close()
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
