"""A Word document's tables read as a sheet's cells and merged ranges, from XML written by hand."""

from __future__ import annotations

import zipfile

from carefac._docx import document_tables

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def cell(text: str = "", *, span: int = 1, merge: str | None = None) -> str:
    """Return a w:tc: ``span`` columns wide (w:gridSpan), ``merge`` "restart" or "" (w:vMerge continuing)."""
    properties = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        "" if merge is None else ('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"))  # fmt: skip
    runs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n")) or "<w:p/>"
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{runs}</w:tc>"


def document(tmp_path, *tables: list[str]):
    body = "".join("<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>" for rows in tables)
    path = tmp_path / "名单.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body><w:p/>{body}</w:body></w:document>')
    return path


def test_spans_merges_and_content_controls_keep_every_cell_in_its_column(tmp_path):
    rows = [
        cell("2023年名单", span=4),  # a title across the table
        cell("名称", merge="restart") + cell("托位数", merge="restart") + cell("坐标", span=2),
        cell(merge="") + cell(merge="") + cell("经度") + cell("纬度"),
        cell("甲") + f"<w:sdt><w:sdtContent>{cell('120')}</w:sdtContent></w:sdt>" + cell("117.62") + cell("24.55"),
        "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + cell("60") + cell("117.67") + cell("24.56"),
        cell("托\n位"),  # a wrapped cell: its lines kept
    ]
    (table,) = document_tables(document(tmp_path, rows))
    assert table.rows == [
        ["2023年名单", None, None, None],
        ["名称", "托位数", "坐标", None],
        [None, None, "经度", "纬度"],
        ["甲", "120", "117.62", "24.55"],
        [None, "60", "117.67", "24.56"],
        ["托\n位"],
    ]
    # A1:D1 and C2:D2 across; A2:A3 and B2:B3 down (rows and columns as a sheet numbers them)
    assert sorted(table.merged) == ["A1:D1", "A2:A3", "B2:B3", "C2:D2"]


def test_tables_are_returned_in_order_and_a_table_in_a_cell_stays_in_its_cells_text(tmp_path):
    inner = "<w:tbl><w:tr>" + cell("内") + "</w:tr></w:tbl>"
    outer = [cell("外") + f"<w:tc>{inner}<w:p/></w:tc>"]
    tables = document_tables(document(tmp_path, [cell("一")], outer))
    assert [t.rows for t in tables] == [[["一"]], [["外", "内"]]]
