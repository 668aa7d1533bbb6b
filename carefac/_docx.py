"""Tables of Word documents (.docx): an office's list or a report's table, read as a sheet would be.

A ``.docx`` is a zip of XML; its tables are ``w:tbl`` elements of rows (``w:tr``) of cells
(``w:tc``). A cell spanning columns (``w:gridSpan``) or merged down the rows (``w:vMerge``) is
returned as the merged ranges of a sheet (``A1:C1``), so that the sheet's rules for merged cells
apply to it unchanged. Read with the standard library only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["DocumentTable", "document_tables"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class DocumentTable:
    """One table of a document: its cells on the table's grid (``None`` where blank or covered by a
    merged cell) and its merged ranges in a sheet's A1 notation (row 1 is the table's first)."""

    rows: list[list[str | None]]
    merged: list[str]


def _tables_in(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Yield the tables under ``element`` that are not inside another table."""
    for child in element:
        if child.tag == f"{_W}tbl":
            yield child
        else:
            yield from _tables_in(child)


def _number(element: ElementTree.Element | None, default: int) -> int:
    value = None if element is None else element.get(f"{_W}val")
    return int(value) if value is not None and value.isdigit() else default


def _cell_text(cell: ElementTree.Element) -> str | None:
    """Return a cell's text, its paragraphs on lines of their own (as a wrapped sheet cell)."""
    lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in cell.iter(f"{_W}p")]
    text = "\n".join(line for line in lines if line.strip()).strip()
    return text or None


def _cells_of(row: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Yield a row's cells in order, those wrapped in a content control (``w:sdt``, as form
    templates wrap a cell to fill in) too: left out, the cells after it would shift a column."""
    for child in row:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            yield from child.iter(f"{_W}tc")


def _a1(column: int, row: int) -> str:
    """Return the A1 name of a cell (column and row counted from 0)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _table(element: ElementTree.Element) -> DocumentTable:
    rows: list[list[str | None]] = []
    merged: list[str] = []
    down: dict[int, list[int]] = {}  # a column's open vertical merge: [first row, last row, width]

    def close(column: int) -> None:
        first, last, width = down.pop(column)
        if last > first or width > 1:
            merged.append(f"{_a1(column, first)}:{_a1(column + width - 1, last)}")

    for r, tr in enumerate(element.findall(f"{_W}tr")):
        properties = tr.find(f"{_W}trPr")
        row: list[str | None] = [None] * _number(None if properties is None else properties.find(f"{_W}gridBefore"), 0)
        for tc in _cells_of(tr):
            cell = tc.find(f"{_W}tcPr")
            width = _number(None if cell is None else cell.find(f"{_W}gridSpan"), 1)
            vertical = None if cell is None else cell.find(f"{_W}vMerge")
            column = len(row)
            continues = vertical is not None and vertical.get(f"{_W}val") != "restart" and column in down
            if continues:
                down[column][1] = r
                row += [None] * width
                continue
            if column in down:
                close(column)
            row += [_cell_text(tc)] + [None] * (width - 1)
            if vertical is not None:
                down[column] = [r, r, width]
            elif width > 1:
                merged.append(f"{_a1(column, r)}:{_a1(column + width - 1, r)}")
        for column in [c for c, (_, last, _) in down.items() if last < r]:
            close(column)
        rows.append(row)
    for column in list(down):
        close(column)
    return DocumentTable(rows, merged)


def document_tables(path: Path) -> list[DocumentTable]:
    """Return the tables of the Word document ``path`` in their order (tables nested in a cell are
    left in their cell's text)."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{_W}body")
    return [] if body is None else [_table(t) for t in _tables_in(body)]
