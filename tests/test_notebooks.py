"""The planner notebooks run from top to bottom on a fresh install."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks_without_outputs():
    assert [p.name for p in NOTEBOOKS] == [
        "01_slots_per_1000.ipynb",
        "02_policy_checks.ipynb",
        "03_site_selection.ipynb",
    ]
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        assert all(not c.get("outputs") for c in cells if c.cell_type == "code"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    pages = ["".join(o["data"]["text/html"]) for o in html]
    assert any("leaflet" in page.lower() for page in pages)  # an inline map
    for page in pages:  # that shows without internet: no script or style fetched from a CDN
        for cdn in ("cdn.jsdelivr.net", "unpkg.com", "code.jquery.com", "cdnjs.cloudflare.com", "netdna"):
            assert cdn not in page, cdn
