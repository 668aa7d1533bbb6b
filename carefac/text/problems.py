"""What is wrong with an input and how to fix it, in Chinese and English.

Every problem a reader finds has a code here; the reader gives the code and the facts (file
values, counts, names), :func:`problem_sentences` fills the sentences in the run's language.
Facts that are the user's own text (file names, column names, values) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .console import CONSOLE
from .notices import one_in_the_singular

__all__ = [
    "ERRORS",
    "FRAME",
    "ITEMS",
    "PROBLEMS",
    "SOURCE_WORDS_ZH",
    "Listed",
    "error_sentence",
    "problem_sentences",
]

#: the frame around problems: the head line, where (column, rows) and the fix
FRAME: dict[str, dict[str, str]] = {
    "en": {
        "head": "carefac: {n} problem{s} in the input.",
        "plain": "carefac: {text}",
        "column": ", column '{column}'",
        "rows": ", rows {rows}{more}",
        "row": ", row {rows}",
        "row_sep": ", ",
        "more": " and {n} more",
        "line": "{where}: {message}",
        "fix": " Fix: {fix}",
    },
    "zh": {
        "head": "carefac：输入中有 {n} 个问题。",
        "plain": "carefac：{text}",
        "column": "，列“{column}”",
        "rows": "，第 {rows}{more} 行",
        "row": "，第 {rows} 行",
        "row_sep": "、",
        "more": " 等（另有 {n} 行）",
        "line": "{where}：{message}",
        "fix": "修改方法：{fix}",
    },
}

#: problem sources that are carefac's own words (a file name is shown as it is)
SOURCE_WORDS_ZH: dict[str, str] = {
    "command line": "命令行",
    "rules": "规则",
    "optimizer input": "优化模型输入",
}

# code → {"en": (what is wrong, the fix), "zh": (…, …)}; fields in braces are the facts
PROBLEMS: dict[str, dict[str, tuple[str, str]]] = {
    # -- files -----------------------------------------------------------------------------------
    "file_missing": {
        "en": (
            "the file does not exist.",
            "check the path (paths in a config are relative to the config file).",
        ),
        "zh": ("文件不存在。", "检查路径（配置文件中的路径相对于配置文件所在文件夹）。"),
    },
    "file_missing_near": {
        "en": (
            "the file does not exist; beside it: {near}.",
            "write the name as the folder has it ({name} must match letter for letter, extension too), or rename the file.",
        ),
        "zh": ("文件不存在；同一文件夹中有：{near}。", "按文件夹中的名称填写（{name} 须逐字一致，包括大小写和扩展名），或重命名该文件。"),
    },
    "file_missing_folder": {
        "en": ("the file does not exist: its folder {folder} does not exist either.",
               "check the folder (paths in a config are relative to the config file)."),
        "zh": ("文件不存在：其所在文件夹 {folder} 也不存在。", "检查文件夹路径（配置文件中的路径相对于配置文件所在文件夹）。"),
    },
    "file_unopenable": {
        "en": ("the file cannot be opened: {reason}.", "point the config at the real file."),
        "zh": ("文件无法打开：{reason}。", "在配置中指向实际的数据文件。"),
    },
    "file_empty": {
        "en": ("the file is empty (0 bytes).", "export the table again; it holds no header and no rows."),
        "zh": ("文件是空的（0 字节）。", "重新导出表格；该文件既无表头也无数据行。"),
    },
    "workbook_encrypted": {
        "en": (
            "the workbook is protected by a password (encrypted): its cells cannot be read.",
            "open it in Excel or WPS with the password, remove it (File → Info → Protect Workbook → Encrypt with "
            "Password, left empty) and save again as .xlsx.",
        ),
        "zh": ("该工作簿设置了打开密码（已加密），无法读取其中的单元格。",
               "用 Excel 或 WPS 输入密码打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx。"),
    },
    "workbook_unreadable": {
        "en": (
            "the workbook cannot be read ({reason}).",
            "open it in Excel or WPS and save it again as .xlsx.",
        ),
        "zh": ("无法读取该工作簿（{reason}）。", "用 Excel 或 WPS 打开，另存为 .xlsx。"),
    },
    "workbook_is_html": {
        "en": (
            "the file is a web page (HTML) with no table, not an Excel workbook.",
            "save the table from Excel or WPS as .xlsx.",
        ),
        "zh": (
            "该文件是不含表格的网页（HTML），不是 Excel 工作簿。",
            "在 Excel 或 WPS 中将表格另存为 .xlsx。",
        ),
    },
    "workbook_not_excel": {
        "en": (
            "the file is not an Excel workbook (its bytes are neither .xlsx nor .xls).",
            "open it in Excel or WPS and save it as .xlsx, or as UTF-8 CSV.",
        ),
        "zh": (
            "该文件不是 Excel 工作簿（内容既不是 .xlsx 也不是 .xls）。",
            "用 Excel 或 WPS 打开，另存为 .xlsx 或 UTF-8 编码的 CSV。",
        ),
    },
    "sheet_missing": {
        "en": (
            "the workbook has no sheet {sheet!r}; its sheets are: {sheets}.",
            'set sheet = "<one of them>" for the layer or table.',
        ),
        "zh": (
            "工作簿中没有工作表 {sheet!r}；现有工作表：{sheets}。",
            '为该图层或表格设置 sheet = "<其中之一>"。',
        ),
    },
    "sheet_number_missing": {
        "en": (
            "the workbook has {n} sheets, so it has no sheet {sheet} (sheets are counted from 1, as their tabs "
            "are: 1 is the first); its sheets are: {sheets}.",
            'set sheet = <a number from 1 to {n}>, or sheet = "<its name>", for the layer or table.',
        ),
        "zh": (
            "工作簿只有 {n} 个工作表，没有第 {sheet} 个（按标签从 1 开始数：1 为第一个）；现有工作表：{sheets}。",
            '为该图层或表格设置 sheet = <1 到 {n} 之间的数>，或 sheet = "<工作表名称>"。',
        ),
    },
    "shapefile_names_cut_alike": {
        "en": (
            "the shapefile's field names were cut at 10 bytes (UTF-8 Chinese takes 3 bytes a character), and "
            "several now read the same: {names}.",
            "rename the fields with short names in QGIS or ArcGIS (人口, 代码 …), or export the layer as "
            "GeoPackage, which keeps whole names.",
        ),
        "zh": (
            "该 shapefile 的字段名被截断为 10 个字节（UTF-8 编码的汉字每个占 3 个字节），有几个字段截断后名称相同：{names}。",
            "在 QGIS 或 ArcGIS 中把字段改为较短的名称（如 人口、代码），或将图层导出为 GeoPackage（保留完整字段名）。",
        ),
    },
    "shapefile_part_given": {
        "en": ("a {suffix} file is one part of a shapefile.", "give the shapefile's .shp as path ({shp}); keep its "
               ".dbf, .shx and .prj beside it."),
        "zh": ("{suffix} 文件只是 shapefile 的一部分。", "把 shapefile 的 .shp 文件设为 path（{shp}），并把 .dbf、.shx、.prj 放在同一文件夹。"),
    },
    "workbook_other_program": {
        "en": ("a {suffix} workbook (a WPS, LibreOffice, Numbers or Excel binary format) is not read.",
               "open it and save it as .xlsx (WPS: 文件 → 另存为 → Excel 工作簿 .xlsx)."),
        "zh": ("不能读取 {suffix} 格式的工作簿（WPS、LibreOffice 等其他软件的格式，或 Excel 二进制格式）。",
               "打开后另存为 .xlsx（WPS：文件 → 另存为 → Excel 工作簿 .xlsx）。"),
    },
    "document_unreadable": {
        "en": ("the file is not a Word document carefac can open (.docx).",
               "open it in Word or WPS and save it again as .docx, or copy its table into a sheet saved as .xlsx."),
        "zh": ("该文件不是 carefac 能打开的 Word 文档（.docx）。",
               "用 Word 或 WPS 打开后重新另存为 .docx，或把其中的表格复制到表格软件并另存为 .xlsx。"),
    },
    "document_without_table": {
        "en": ("the document holds no table: carefac reads a document's table, not its text.",
               "put the list in a table (one row per facility or area, headers in the first row), or give a .xlsx."),
        "zh": ("该文档中没有表格：carefac 只读取文档中的表格，不读取正文。",
               "把名单做成表格（每个设施或区域一行，首行为表头），或提供 .xlsx 文件。"),
    },
    "document_table_missing": {
        "en": ("the document has no table {table}: it holds {n} tables.",
               "set sheet to the table's number, counted from 1 in the document's order (sheet = 2), or leave it "
               "out to read the longest table."),
        "zh": ("文档中没有第 {table} 个表格：共有 {n} 个表格。",
               "将 sheet 设为表格在文档中的序号（从 1 数起，如 sheet = 2），或不设以读取行数最多的表格。"),
    },
    "document_table_guessed": {
        "en": ("read table {table} of the document's {n} tables (the one with most rows).",
               "if the data are in another table, set sheet = <its number> for the layer, counted from 1 in the "
               "document's order."),
        "zh": ("读取的是文档 {n} 个表格中的第 {table} 个（行数最多的一个）。",
               "如果数据在另一个表格中，为该图层设置 sheet = <表格序号>（按文档中的顺序从 1 数起）。"),
    },
    "document_other_format": {
        "en": ("a {suffix} document is not read (carefac reads the tables of .docx documents).",
               "open it in Word or WPS and save it as .docx (文件 → 另存为 → Word 文档 .docx); a PDF's table: "
               "copy it into a sheet and save it as .xlsx."),
        "zh": ("不能读取 {suffix} 格式的文档（carefac 读取 .docx 文档中的表格）。",
               "用 Word 或 WPS 打开后另存为 .docx（文件 → 另存为 → Word 文档 .docx）；PDF 中的表格请复制到表格软件并另存为 .xlsx。"),
    },
    "zip_unreadable": {
        "en": ("the file is not a zip archive carefac can open.", "unpack it and give the file inside as path."),
        "zh": ("该文件不是 carefac 能打开的 zip 压缩包。", "解压后把其中的文件设为 path。"),
    },
    "zip_no_layer": {
        "en": ("the zip archive holds no layer or table carefac reads (it holds: {files}).",
               "give the boundary file (.shp with its .dbf, .shx, .prj; .gpkg; .geojson) or table as path."),
        "zh": ("该 zip 压缩包中没有 carefac 能读取的图层或表格（其中的文件：{files}）。",
               "把边界文件（.shp 及其 .dbf、.shx、.prj；.gpkg；.geojson）或表格设为 path。"),
    },
    "zip_several_layers": {
        "en": ("the zip archive holds several layers ({names}).", 'name the one to read: layer = "{first}".'),
        "zh": ("该 zip 压缩包中有多个图层（{names}）。", '指定要读取的图层：layer = "{first}"。'),
    },
    "sheets_alike": {
        "en": (
            "other sheets have the same columns as the sheet '{sheet}', with rows under them ({others}), but "
            "only '{sheet}' is read: their rows would be left out.",
            'to read them all as one list, set sheet = "*" for the layer; if \'{sheet}\' alone is the list (the '
            'others are older copies), say so with sheet = "{sheet}".',
        ),
        "zh": (
            "其他工作表（{others}）与工作表“{sheet}”的列相同，下面也有数据，但只会读取“{sheet}”：这些工作表的行将被漏掉。",
            '如需把它们合并为一份名单读取，请为该图层设置 sheet = "*"；如果只有“{sheet}”是要用的名单（其他是旧版本），'
            '请设置 sheet = "{sheet}"。',
        ),
    },
    "formulas_not_computed": {
        "en": (
            "formulas without a calculated result ({cells}): the workbook was written by a program and never "
            "calculated in Excel or WPS, so these cells would read as blank (or 0).",
            "open the workbook in Excel or WPS and save it (the formulas are calculated and their results saved), "
            "or write the values instead of the formulas.",
        ),
        "zh": (
            "有公式没有计算结果（{cells}）：该工作簿由程序生成，从未在 Excel 或 WPS 中计算过，这些单元格会被读成空白（或 0）。",
            "用 Excel 或 WPS 打开该工作簿并保存（公式会被计算并保存结果），或直接填写数值而不是公式。",
        ),
    },
    "sheet_guessed": {
        "en": (
            "read sheet '{sheet}'; the workbook has the sheets: {sheets}.",
            'if the data are on another sheet (say after a 填表说明 sheet), set sheet = "<its name>" for the layer.',
        ),
        "zh": (
            "读取的是工作表“{sheet}”；工作簿中的工作表有：{sheets}。",
            '如果数据在另一张工作表中（例如在“填表说明”之后），为该图层设置 sheet = "<工作表名>"。',
        ),
    },
    "encoding_unknown": {
        "en": ("unknown text encoding {encoding!r}.", 'use encoding = "utf-8" or "gbk".'),
        "zh": ("未知的文本编码 {encoding!r}。", '使用 encoding = "utf-8" 或 "gbk"。'),
    },
    "csv_ragged": {
        "en": (
            "the rows do not have the same number of columns ({reason}).",
            "check for stray separators or quotes, or save it again as CSV from Excel.",
        ),
        "zh": ("各行的列数不一致（{reason}）。", "检查多余的分隔符或引号，或从 Excel 重新另存为 CSV。"),
    },
    "csv_cells_past_header": {
        "en": (
            "rows have cells past the header's last column (it has {width}; e.g. '{example}'): a separator too "
            "many in the row shifts its cells.",
            "remove the stray separator (a comma inside a name or a number, 1,200, needs the cell in quotes), or "
            "save it again as CSV from Excel.",
        ),
        "zh": (
            "有行在表头最后一列之后还有内容（表头共{width}列；如“{example}”）：行内多出的分隔符会使各列错位。",
            "删除多余的分隔符（名称或数字中的逗号，如1,200，需给该单元格加引号），或从 Excel 重新另存为 CSV。",
        ),
    },
    "csv_quote_unclosed": {
        "en": ("a quote (\") opens a cell here and is never closed: the rest of the file would be read into that cell.",
               "close the quote or remove it, or save the file again as CSV from Excel."),
        "zh": ("此处有引号（\"）开始了一个单元格但没有闭合：文件其余部分都会被读入该单元格。", "补上或删除该引号，或从 Excel 重新另存为 CSV。"),
    },
    "encoding_not_text": {
        "en": ("the file is neither UTF-8 nor GBK text.", "save it as UTF-8 CSV."),
        "zh": ("文件既不是 UTF-8 也不是 GBK 编码的文本。", "另存为 UTF-8 编码的 CSV。"),
    },
    "header_two_candidates": {
        "en": (
            "the columns {columns} could each be '{canonical}' (the same header with a different year or notes in brackets): "
            "carefac does not guess which is meant.",
            'say which with a columns table for the layer, e.g. [layers.{kind}.columns] {canonical} = "{first}".',
        ),
        "zh": (
            "列 {columns} 都可能是“{canonical}”（表头相同，年份或括号中的说明不同）：carefac 不猜测用哪一列。",
            '请在该图层的 columns 中指明，例如 [layers.{kind}.columns] {canonical} = "{first}"。',
        ),
    },
    "header_alias_candidates": {
        "en": (
            "the columns {columns} could each be '{canonical}' and hold different values in these rows: "
            "carefac does not guess which is meant.",
            'say which with a columns table for the layer, e.g. [layers.{kind}.columns] {canonical} = "{first}".',
        ),
        "zh": (
            "列 {columns} 都可能是“{canonical}”，且这些行中数值不同：carefac 不猜测用哪一列。",
            '请在该图层的 columns 中指明，例如 [layers.{kind}.columns] {canonical} = "{first}"。',
        ),
    },
    "header_repeated": {
        "en": (
            "the header names {names} more than once; carefac cannot tell which column is meant.",
            "give every column its own name in the first row.",
        ),
        "zh": (
            "表头中 {names} 出现了不止一次，carefac 无法判断指的是哪一列。",
            "在第一行中给每一列起不同的名称。",
        ),
    },
    "header_merged": {
        "en": (
            "the header row has {n} empty or merged cells ({cells}).",
            "give every column a name: unmerge the header cells so that one row holds one column name per column, "
            "or put the names in the row under the merged cells (a header of two rows, 坐标 over 经度 and 纬度, is read).",
        ),
        "zh": (
            "表头行有 {n} 个空白或合并的单元格（{cells}）。",
            "为每一列写上列名：取消表头的合并单元格，使一行表头每列各有一个列名；或在合并单元格下一行写出各列名称"
            "（两行表头如“坐标”下分“经度”“纬度”，可以读取）。",
        ),
    },
    "every_row_not_column": {
        "en": ("[layers.{kind}] {key} = … gives a value for a column this layer does not have.",
               "remove the key ({kind}: kind is for facilities, venue_type for venues, status for facilities and "
               "residential districts)."),
        "zh": ("[layers.{kind}] 中的 {key} = … 为该图层没有的列给出了取值。",
               "删除该项（kind 用于设施，venue_type 用于公共场所，status 用于设施和居住区）。"),
    },
    "every_row_and_column": {
        "en": ("the file has a column '{header}' and the config gives {key} = '{value}' for every row: which is meant "
               "is not guessed.", "remove {key} from [layers.{kind}], or the column from the file."),
        "zh": ("文件中已有“{header}”列，配置又为每一行指定了 {key} = '{value}'：carefac 不猜测以哪个为准。",
               "删除 [layers.{kind}] 中的 {key}，或删除文件中的该列。"),
    },
    "rows_by_year": {
        "en": (
            "the table gives each area once per year ({column}: {years}); carefac reads one row per area.",
            "keep the rows of the year meant (e.g. {column} = {latest}) and delete the others, or save them as a "
            "table of their own.",
        ),
        "zh": (
            "表中每个区域按年份各有一行（{column}：{years}）；carefac 每个区域只读一行。",
            "只保留所需年份的行（如 {column} = {latest}），删除其他年份的行，或将其另存为一张表。",
        ),
    },
    "folder_no_data": {
        "en": ("the folder holds no file carefac reads as a layer ({files}).",
               "put the layer's files (.xlsx, .csv, .shp, .geojson, .gpkg …) in it, or name a file."),
        "zh": ("该文件夹中没有可作为图层读取的文件（{files}）。", "放入图层文件（.xlsx、.csv、.shp、.geojson、.gpkg 等），或指定一个文件。"),
    },
    "layer_file_twice": {
        "en": ("the list of files names {files} twice: its rows would count twice.", "name each file once."),
        "zh": ("文件列表中 {files} 出现了两次：其中的行会被重复计算。", "每个文件只写一次。"),
    },
    "rows_repeated_across_files": {
        "en": (
            "rows repeat a row of another file exactly ({pairs}): the same place in two files counts twice.",
            "keep each row in one file only.",
        ),
        "zh": ("有行与另一个文件中的行完全相同（{pairs}）：同一处在两个文件中会被重复计算。", "每一行只保留在一个文件中。"),
    },
    "household_size_implausible": {
        "en": (
            "persons per household outside 1–10 ({examples}): per 100 households, a population, or a typo?",
            "write the persons per household of each district (2.9), or leave the cell blank for the profile's.",
        ),
        "zh": (
            "户均人口不在 1–10 之间（{examples}）：是否按每百户填写、填成了人口数或输入有误？",
            "填写每个小区的户均人口（如 2.9），或留空以使用配置中的户均人口。",
        ),
    },
    "years_implausible": {
        "en": (
            "years outside 1900–2100 ({examples}): a date kept as the spreadsheet's day number, or a year in two digits?",
            "write the four-digit year (2024), or format the cells as dates.",
        ),
        "zh": (
            "年份不在 1900–2100 之间（{examples}）：是否为表格中日期的序号，或只写了两位年份？",
            "填写四位年份（如 2024），或把单元格设为日期格式。",
        ),
    },
    "level_not_the_codes": {
        "en": (
            "the level written is not the one the code gives ({areas}): a 9-digit code is a township's, a 6-digit "
            "code ending in 00 a city's, any other 6-digit code a county's (a county-level city, 县级市, is a county).",
            "correct the level, or leave the cell blank to take it from the code.",
        ),
        "zh": (
            "所填级别与区划代码所示级别不符（{areas}）：9位代码为乡镇（街道），以00结尾的6位代码为地级市，其他6位代码为县区"
            "（县级市属于县区）。",
            "改正级别，或留空以按代码确定级别。",
        ),
    },
    "vector_unreadable": {
        "en": (
            "cannot be read as a vector layer ({reason}).",
            "open it in QGIS to check it, or export it again as GeoPackage.",
        ),
        "zh": ("无法作为矢量图层读取（{reason}）。", "在 QGIS 中打开检查，或重新导出为 GeoPackage。"),
    },
    "cad_drawing": {
        "en": (
            "'{suffix}' is a CAD drawing: its lines carry none of the codes, names and figures a layer needs.",
            "export the polygons or points with their attributes and coordinate system as a Shapefile or "
            "GeoPackage (ArcGIS, QGIS, or AutoCAD Map 3D's MAPEXPORT), and name that file.",
        ),
        "zh": (
            "“{suffix}”是 CAD 图纸：其中的线条不带图层所需的代码、名称和数值。",
            "将面或点连同属性和坐标系导出为 Shapefile 或 GeoPackage（ArcGIS、QGIS 或 AutoCAD Map 3D 的 MAPEXPORT），"
            "再在配置中指定该文件。",
        ),
    },
    "file_type_unsupported": {
        "en": ("unsupported file type '{suffix}'.", "use one of {allowed}."),
        "zh": ("不支持的文件类型“{suffix}”。", "使用以下类型之一：{allowed}。"),
    },
    "layer_empty": {
        "en": ("the layer has no rows.", "check that the right file, sheet or layer is named."),
        "zh": ("该图层没有数据行。", "检查配置中的文件、工作表或图层名称是否正确。"),
    },
    "gpkg_layer_unnamed": {
        "en": (
            "the file has {n} layers ({names}) and the config names none.",
            'name the one to read: layer = "{first}" (or another of them) for this layer.',
        ),
        "zh": (
            "该文件有 {n} 个图层（{names}），配置中没有指定读取哪一个。",
            '为该图层指定要读取的图层：layer = "{first}"（或其中另一个）。',
        ),
    },
    # -- columns ---------------------------------------------------------------------------------
    "mapping_unknown_key": {
        "en": (
            "the column mapping names '{key}', which is not a column of layer '{kind}'.",
            "use one of: {known}.",
        ),
        "zh": ("列映射中的“{key}”不是图层“{kind}”的列。", "使用以下之一：{known}。"),
    },
    "mapping_missing_column": {
        "en": (
            "the column mapping says {canonical} = '{given}', but the file has no such column.",
            "use one of the file's columns: {columns}.",
        ),
        "zh": ("列映射写的是 {canonical} = “{given}”，但文件中没有这一列。", "使用文件中的列：{columns}。"),
    },
    "population_total_by_sex": {
        "en": (
            "the table gives '{column}' beside 男 and 女 (a census table by sex) but no title or header says whether "
            "it counts residents (常住人口) or registered people (户籍人口): carefac does not guess.",
            "rename the header '{column}' to 常住人口 if it counts the residents, or give the table its title "
            "(各乡镇（街道）常住人口) in its first row.",
        ),
        "zh": (
            "该表在“男”“女”旁给出“{column}”（按性别分的人口表），但标题和表头都未说明是常住人口还是户籍人口：carefac 不作猜测。",
            "如为常住人口，请将表头“{column}”改为“常住人口”，或在首行写明表格标题（如“各乡镇（街道）常住人口”）。",
        ),
    },
    "population_not_resident": {
        "en": (
            "there is no resident population (常住人口) column; '{other}' is registered or planned "
            "population, which is not the plan's denominator.",
            "add a 常住人口 column, or, to use '{other}' on purpose, map it: "
            '[layers.{kind}.columns] population = "{other}".',
        ),
        "zh": (
            "没有常住人口列；“{other}”是户籍或规划人口，不是规划指标的分母。",
            '增加“常住人口”列；如确需使用“{other}”，请映射：[layers.{kind}.columns] population = "{other}"。',
        ),
    },
    "coordinate_column_missing": {
        "en": (
            "no {axis} column (the columns are: {columns}).",
            'name the coordinate columns lon and lat (经度/纬度), or set x = "..." and y = "..." for the layer.',
        ),
        "zh": (
            "没有 {axis} 坐标列（现有列：{columns}）。",
            '将坐标列命名为 经度/纬度（lon/lat），或为该图层设置 x = "..." 和 y = "..."。',
        ),
    },
    "coordinates_address_only": {
        "en": (
            "the list gives addresses but no coordinates: carefac places rows by longitude and latitude and "
            "does not look addresses up (it works offline).",
            "add 经度 and 纬度 columns: look the addresses up in a map service's batch tool (Amap or Baidu give "
            'their own coordinates: declare crs = "gcj02" or "bd09", converted on read) or pick the points in QGIS.',
        ),
        "zh": (
            "该表只有地址，没有坐标：carefac 按经纬度定位，不进行地址解析（离线运行）。",
            '请增加“经度”“纬度”两列：可用地图服务的批量地址解析工具获取（高德、百度为其自有坐标：声明 crs = "gcj02" 或 '
            '"bd09"，读取时转换），或在 QGIS 中取点。',
        ),
    },
    "coordinate_column_named_missing": {
        "en": (
            "no {axis} column named {given!r}.",
            'name the coordinate columns lon and lat (经度/纬度), or set x = "..." and y = "..." for the layer.',
        ),
        "zh": (
            "没有名为 {given!r} 的 {axis} 坐标列。",
            '将坐标列命名为 经度/纬度（lon/lat），或为该图层设置 x = "..." 和 y = "..."。',
        ),
    },
    "coordinates_zero": {
        "en": ("coordinates are 0: a blank that a system filled with zero, not a place in China.",
               "fill in the real coordinates, or remove the rows."),
        "zh": ("坐标为0：多为系统用0填充的空白，不是国内的位置。", "填写真实坐标，或删除这些行。"),
    },
    "coordinates_not_numbers": {
        "en": ("coordinates are missing or not numbers.", "fill in numeric coordinates or remove the rows."),
        "zh": ("坐标缺失或不是数字。", "填写数字坐标，或删除这些行。"),
    },
    "column_required": {
        "en": (
            "the required column '{column}' is missing.",
            'add it, or map it with [layers.{kind}.columns] {column} = "<column in the file>".',
        ),
        "zh": (
            "缺少必需的列“{column}”。",
            '增加该列，或用 [layers.{kind}.columns] {column} = "<文件中的列名>" 映射。',
        ),
    },
    "column_required_one_value": {
        "en": (
            "the required column '{column}' is missing.",
            'add it, map it with [layers.{kind}.columns] {column} = "<column in the file>", or, when every row '
            'has the same, say so under [layers.{kind}]: {column} = "{example}".',
        ),
        "zh": (
            "缺少必需的列“{column}”。",
            '增加该列，或用 [layers.{kind}.columns] {column} = "<文件中的列名>" 映射；如每一行都相同，'
            '可在 [layers.{kind}] 中写明：{column} = "{example}"。',
        ),
    },
    "column_required_near": {
        "en": (
            "the required column '{column}' is missing; the columns {columns} hold its name in a longer "
            "header, and none is read for it without being named.",
            'map the one meant: [layers.{kind}.columns] {column} = "{first}".',
        ),
        "zh": (
            "缺少必需的列“{column}”；{columns} 等列的表头含有它的名称，但未经指明不会读作该列。",
            '映射所指的列：[layers.{kind}.columns] {column} = "{first}"。',
        ),
    },
    "column_required_cut": {
        "en": (
            "the required column '{column}' is missing; '{first}' looks like one of its names cut short ({longer}), "
            "as a shapefile cuts field names at 10 bytes, but it could be another column's too.",
            'map it if it is: [layers.{kind}.columns] {column} = "{first}".',
        ),
        "zh": (
            "缺少必需的列“{column}”；“{first}”像是被截短的列名（{longer}），Shapefile 的字段名最多10个字节，"
            "但它也可能是其他列的名称。",
            '如是，请映射：[layers.{kind}.columns] {column} = "{first}"。',
        ),
    },
    "column_required_prefix": {
        "en": (
            "the required column '{column}' is missing; '{first}' may be it: the start of one of its names ({longer}), "
            "but it could name another column too.",
            'map it if it is: [layers.{kind}.columns] {column} = "{first}".',
        ),
        "zh": (
            "缺少必需的列“{column}”；“{first}”可能就是它（{longer} 的前半部分），但也可能是其他列的名称。",
            '如是，请映射：[layers.{kind}.columns] {column} = "{first}"。',
        ),
    },
    # -- coordinate systems ----------------------------------------------------------------------
    "crs_zone_prefix": {
        "en": (
            "eastings start with the zone number {zone} ({minx:,.0f}…{maxx:,.0f} m): they are CGCS2000 "
            "Gauss-Krüger coordinates with the zone prefix, not {crs}.",
            'declare crs = "EPSG:{epsg}" (CGCS2000 / Gauss-Krüger zone {zone}, eastings with the zone prefix); '
            "EPSG:4548-type codes (CM 117E) are for eastings without it.",
        ),
        "zh": (
            "横坐标以带号 {zone} 开头（{minx:,.0f}…{maxx:,.0f} 米）：这是带带号的 CGCS2000 高斯-克吕格坐标，"
            "不是 {crs}。",
            '声明 crs = "EPSG:{epsg}"（CGCS2000 高斯-克吕格第 {zone} 带，横坐标含带号）；'
            "EPSG:4548 一类的代码（中央经线 117°E）用于不含带号的横坐标。",
        ),
    },
    "crs_swapped": {
        "en": (
            "longitude and latitude look swapped (latitude beyond ±90°).",
            "swap the x and y columns (x = longitude 经度, y = latitude 纬度).",
        ),
        "zh": ("经度和纬度似乎填反了（纬度超出 ±90°）。", "交换 x 和 y 列（x 为经度，y 为纬度）。"),
    },
    "crs_swapped_in_rows": {
        "en": (
            "longitude and latitude look swapped in the rows named (latitude beyond ±90°), while the other rows read "
            "right.",
            "swap the two values in those rows (经度 takes the longitude, 纬度 the latitude).",
        ),
        "zh": ("所列行的经度和纬度似乎填反了（纬度超出 ±90°），其他行正常。", "交换这些行中的两个数值（经度列填经度，纬度列填纬度）。"),
    },
    "crs_swapped_in_file": {
        "en": (
            "the file's points give latitude as x and longitude as y (latitude beyond ±90°): the tool that wrote it "
            "swapped the axes.",
            "export the layer again with longitude as x (QGIS: Export → Save Features As, or build the points from "
            "the table with X = 经度, Y = 纬度).",
        ),
        "zh": (
            "该文件中的点把纬度作为 x、经度作为 y（纬度超出 ±90°）：生成文件的工具把坐标轴写反了。",
            "重新导出图层，使经度为 x（QGIS：导出 → 要素另存为；或由表格生成点时 X 选经度、Y 选纬度）。",
        ),
    },
    "crs_surveying_axes": {
        "en": (
            "the column read as x ('{x}', from {minx:,.0f} m) holds northings and the one read as y ('{y}', from "
            "{miny:,.0f} m) eastings: in Chinese surveying X is north and Y east.",
            'set x = "{y}" and y = "{x}" for the layer (x is the easting).',
        ),
        "zh": (
            "作为 x 读取的列（“{x}”，{minx:,.0f} 米起）是纵坐标（北向），作为 y 读取的列（“{y}”，{miny:,.0f} 米起）是横坐标（东向）："
            "测量坐标中 X 指北、Y 指东。",
            '为该图层设置 x = "{y}"、y = "{x}"（x 为东向坐标）。',
        ),
    },
    "crs_web_map_geojson": {
        "en": (
            "the GeoJSON declares no coordinate system but comes from a Chinese web map ({evidence}), whose "
            "coordinates are offset ({system}); read as WGS84, its borders would sit some 500 m off.",
            'declare crs = "{system}" for the layer (converted on read), or crs = "wgs84" if the file was '
            "already converted.",
        ),
        "zh": (
            "该 GeoJSON 未声明坐标系，但来自国内网络地图（{evidence}），其坐标经过偏移（{system}）；按 WGS84 读取，"
            "边界将偏移约 500 米。",
            '为该图层声明 crs = "{system}"（读取时转换），如文件已转换为 WGS84，则声明 crs = "wgs84"。',
        ),
    },
    "crs_web_mercator": {
        "en": (
            "the coordinate system is geographic ({crs}) but coordinates reach x {minx:,.0f}…{maxx:,.0f}, "
            "y {miny:,.0f}…{maxy:,.0f}: Web Mercator metres, as web maps and their exports give them, not degrees.",
            'declare crs = "EPSG:3857" (Web Mercator); Baidu\'s own Mercator metres are not read: export '
            "longitude and latitude (bd09) instead.",
        ),
        "zh": (
            "坐标系是地理坐标系（{crs}），但坐标范围为 x {minx:,.0f}…{maxx:,.0f}、y {miny:,.0f}…{maxy:,.0f}："
            "这是网络地图及其导出数据常用的 Web 墨卡托米制坐标，不是经纬度。",
            '声明 crs = "EPSG:3857"（Web 墨卡托）；百度自有的墨卡托坐标不能直接读取，请导出经纬度（bd09）。',
        ),
    },
    "crs_not_degrees": {
        "en": (
            "the coordinate system is geographic ({crs}) but coordinates reach "
            "x {minx:.0f}…{maxx:.0f}, y {miny:.0f}…{maxy:.0f}, which are not degrees.",
            'declare the projected system the coordinates are in, e.g. crs = "EPSG:4548" (CGCS2000 / 117°E).',
        ),
        "zh": (
            "坐标系是地理坐标系（{crs}），但坐标范围为 x {minx:.0f}…{maxx:.0f}、y {miny:.0f}…{maxy:.0f}，不是经纬度。",
            '声明坐标实际所用的投影坐标系，例如 crs = "EPSG:4548"（CGCS2000 / 117°E）。',
        ),
    },
    "crs_looks_degrees": {
        "en": (
            "the coordinate system is projected ({crs}) but every coordinate lies within "
            "±180/±90, which looks like degrees.",
            'declare crs = "wgs84" (or "gcj02"/"bd09" for Amap/Baidu coordinates).',
        ),
        "zh": (
            "坐标系是投影坐标系（{crs}），但所有坐标都在 ±180/±90 以内，看起来是经纬度。",
            '声明 crs = "wgs84"（高德坐标用 "gcj02"，百度坐标用 "bd09"）。',
        ),
    },
    "crs_invalid": {
        "en": ("{reason}.", "correct the crs value of the layer."),
        "zh": ("坐标系无法识别：{reason}。", "改正该图层的 crs 值。"),
    },
    "crs_missing_header_names_it": {
        "en": (
            "the layer declares no coordinate system; its column '{header}' names one: {system}.",
            'declare crs = "{system}" for the layer (gcj02 and bd09 are converted on read), or the system the '
            "values are really in if they were converted.",
        ),
        "zh": (
            "该图层没有声明坐标系；其列“{header}”表明坐标系为 {system}。",
            '为该图层声明 crs = "{system}"（gcj02 和 bd09 读取时转换）；如果数值已经转换过，请声明实际的坐标系。',
        ),
    },
    "crs_header_disagrees": {
        "en": (
            "the column '{header}' names the coordinate system {system}, but the layer is declared {declared}: read "
            "in the wrong one, every point would sit some 500 m to 1 km off.",
            'if the values are in {system}, declare crs = "{system}" (gcj02 and bd09 are converted on read); if they '
            "were converted to {declared}, rename the column (say 经度/纬度) so that it says so.",
        ),
        "zh": (
            "列“{header}”表明坐标系为 {system}，但该图层声明为 {declared}：按错误的坐标系读取，每个点将偏移约 500 米至 1 公里。",
            '如果数值确为 {system}，请声明 crs = "{system}"（gcj02 和 bd09 读取时转换）；如果已转换为 {declared}，'
            "请把列名改为不带坐标系的名称（如 经度/纬度）。",
        ),
    },
    "crs_missing": {
        "en": (
            "the layer has no coordinate system and none is declared.",
            'declare it, e.g. crs = "wgs84" (GPS), "gcj02" (Amap/Tencent), "bd09" (Baidu), "cgcs2000" or "EPSG:4548".',
        ),
        "zh": (
            "该图层没有坐标系，配置中也没有声明。",
            '声明坐标系，例如 crs = "wgs84"（GPS）、"gcj02"（高德/腾讯）、"bd09"（百度）、"cgcs2000" 或 "EPSG:4548"。',
        ),
    },
    "crs_offset": {
        "en": (
            "{outside:.0%} of the points lie outside the area their declared_area column names, by a consistent "
            "offset of a few hundred metres; read as {label} {fixed:.0%} of them fall in place.",
            'declare the layer\'s coordinate system: crs = "{system}".',
        ),
        "zh": (
            "{outside:.0%} 的点落在其 declared_area 列所写区域之外，且一致偏移几百米；按 {label} 读取时有 "
            "{fixed:.0%} 落在正确位置。",
            '声明该图层的坐标系：crs = "{system}"。',
        ),
    },
    # -- values ----------------------------------------------------------------------------------
    "ids_blank": {
        "en": ("ids are blank.", "give every row a unique {column}."),
        "zh": ("编号为空。", "为每一行填写唯一的 {column}。"),
    },
    "codes_scientific": {
        "en": (
            "codes are written in scientific notation ({example}): Excel shows a long code that way and saves it "
            "so in a CSV file, and its last digits are lost.",
            "take the codes again from their source: format the column as text before pasting them (or keep the "
            "file as .xlsx instead of CSV).",
        ),
        "zh": (
            "代码以科学计数法书写（{example}）：Excel 把长代码显示成这样，另存为 CSV 时也照此保存，末尾的数字已丢失。",
            "从原始资料重新取得代码：粘贴前先把该列设为文本格式（或保存为 .xlsx 而不是 CSV）。",
        ),
    },
    "ids_repeated": {
        "en": (
            "ids are not unique ({values}).",
            "give every row its own {column} (after an administrative change, keep only the current code).",
        ),
        "zh": ("编号不唯一（{values}）。", "每一行使用各自的 {column}（行政区划调整后只保留现行代码）。"),
    },
    "values_not_numbers": {
        "en": (
            "values are not numbers ({examples}).",
            "write plain numbers (1234, 1,234, １２３４, 52人 and 4.5万 are read; a comma is only a "
            "thousands separator, so write decimals with a point: 24.55).",
        ),
        "zh": (
            "数值不是数字（{examples}）。",
            "填写普通数字（可识别 1234、1,234、１２３４、52人、4.5万；逗号只作千位分隔符，小数请用小数点：24.55）。",
        ),
    },
    "indicator_not_numbers": {
        "en": (
            "values are not numbers ({examples}).",
            "write plain numbers (95.2 or 95.2%); a comma is only a thousands separator, so write "
            "decimals with a point (24.55, not 24，55).",
        ),
        "zh": (
            "数值不是数字（{examples}）。",
            "填写普通数字（95.2 或 95.2%）；逗号只作千位分隔符，小数请用小数点（24.55，而不是 24，55）。",
        ),
    },
    "members_not_numbers": {
        "en": ("values are not numbers ({examples}).", "write the number of members (52 or 52人)."),
        "zh": ("数值不是数字（{examples}）。", "填写人数（52 或 52人）。"),
    },
    "members_above_residents_share": {
        "en": ("{n} counties give more special-assistance family members than {share:g} % of their residents "
               "(members / residents: {examples}; nationwide they are about 0.07 %): the residents' figure, a sum or "
               "a typo in the special-families table?",
               "write each county's number of members."),
        "zh": ("{n}个县区的计划生育特殊家庭成员数超过常住人口的 {share:g}%（成员数 / 常住人口：{examples}；全国约为 0.07%）："
               "是否把人口数、合计或错误数字填进了特扶表？", "填写各县区的成员人数。"),
    },
    "members_beyond_any_county": {
        "en": ("counts beyond any county ({examples}; a county's special-assistance families count tens to a few "
               "thousand members, never {most:,}): a code, a sum or a population typed into the column?",
               "write each county's number of members."),
        "zh": ("人数超出任何县区的可能（{examples}；一个县区的计划生育特殊家庭成员一般为几十至几千人，不会达到 {most:,}）："
               "是否把代码、合计或人口数填进了这一列？", "填写各县区的成员人数。"),
    },
    "values_negative": {
        "en": ("values are negative.", "correct them; counts and rates cannot be below 0."),
        "zh": ("数值为负。", "改正这些数值；人数、数量和比率都不能小于 0。"),
    },
    "values_fractional": {
        "en": ("values are not whole numbers.", "give whole counts."),
        "zh": ("数值不是整数。", "填写整数。"),
    },
    "years_not_read": {
        "en": ("values are not years ({examples}).",
               "write the year the district was or will be completed (2018, 2024年, 2024-06, 预计2025年); a district "
               "not built yet keeps its expected year, and its status says 在建 or 规划."),
        "zh": ("不是年份（{examples}）。",
               "填写居住区竣工或预计竣工的年份（2018、2024年、2024-06、预计2025年）；尚未建成的居住区填预计年份，"
               "并在状态中写明在建或规划。"),
    },
    "under3_share_absurd": {
        "en": ("children under 3 are more than {most:.0%} of the residents (e.g. {example}): no district or area has "
               "that many.", "check the column: a count of another age group, the households, the residents typed "
               "twice, or a typo?"),
        "zh": ("3岁以下人口超过常住人口的{most:.0%}（如 {example}）：任何居住区或区域都不会有这么多。",
               "请核对该列：是否填成了其他年龄段、户数、重复填写了常住人口，或输入有误？"),
    },
    "values_too_large": {
        "en": ("values too large to be figures of a city ({examples}).",
               "write the figure itself (an exponent such as 1e308 or 3.5E+20 is a typo or a code in the wrong column)."),
        "zh": ("数值过大，不可能是一个城市的数据（{examples}）。", "填写实际数值（1e308、3.5E+20 之类的指数写法多为输入错误或填错了列）。"),
    },
    "values_not_yes_no": {
        "en": ("values are not yes/no ({examples}).", "write true/false (是/否, 1/0)."),
        "zh": ("数值不是“是/否”（{examples}）。", "填写 是/否（true/false 或 1/0）。"),
    },
    "values_unknown": {
        "en": ("unknown {column} values ({examples}).", "use one of: {allowed}."),
        "zh": ("{column} 的取值无法识别（{examples}）。", "使用以下之一：{allowed}。"),
    },
    "kind_early_education": {
        "en": (
            "an early-education centre (早教) runs classes a parent attends with the child: it keeps no children in "
            "care, and its places are not 托位.",
            "drop these rows; if one does take children under 3 in care, give its kind as 托育机构 and its slots.",
        ),
        "zh": (
            "早教机构开设家长陪同参加的课程，不提供照护，其名额不是托位。",
            "删除这些行；如某机构确实提供3岁以下婴幼儿照护，将其类型填为托育机构并填写托位数。",
        ),
    },
    "kind_kindergarten": {
        "en": (
            "a kindergarten (幼儿园) serves children of 3 to 6: its places are not 托位 for children under 3.",
            "give the kindergarten's under-3 class (托班) as a row of kind kindergarten_class (托班) with its slots, "
            "or drop the row.",
        ),
        "zh": (
            "幼儿园面向3至6岁儿童，其学位不是3岁以下婴幼儿托位。",
            "将幼儿园的托班单列一行，类型列填 kindergarten_class（托班）并填写托位数；否则删除该行。",
        ),
    },
    "value_blank": {
        "en": ("{column} is blank.", "fill it in with one of: {allowed}."),
        "zh": ("{column} 为空。", "填写以下之一：{allowed}。"),
    },
    "population_blank": {
        "en": ("population is blank.", "give every area its resident population (常住人口)."),
        "zh": ("人口为空。", "为每个区域填写常住人口。"),
    },
    "slots_blank": {
        "en": (
            "childcare facilities have no number of slots.",
            "give slots (托位数) for every childcare facility.",
        ),
        "zh": ("托育机构没有托位数。", "为每个托育机构填写托位数。"),
    },
    "slots_column_missing": {
        "en": (
            "no column is read as the number of slots (托位数).",
            'name the header 托位数, or map the column: [layers.facilities.columns] {canonical} = "<column in the file>".',
        ),
        "zh": (
            "没有读到托位数列。",
            '把表头写作“托位数”，或映射该列：[layers.facilities.columns] {canonical} = "<文件中的列名>"。',
        ),
    },
    "slots_column_missing_near": {
        "en": (
            "no column is read as the number of slots (托位数); the columns {columns} mention 托 but none is "
            "taken for the slots without being named.",
            'map the column of slots: [layers.facilities.columns] {canonical} = "<column in the file>". Slots given '
            "by class are added up when headed 乳儿班托位数, 托小班托位数, 托大班托位数 (numbers only); children "
            "enrolled (在托人数, 收托人数) are not slots.",
        ),
        "zh": (
            "没有读到托位数列；{columns} 等列含“托”字，但未经指明不会当作托位数。",
            '映射托位数列：[layers.facilities.columns] {canonical} = "<文件中的列名>"。按班级分列的托位，表头写作'
            "乳儿班托位数、托小班托位数、托大班托位数（只填数字）时自动相加；在托人数、收托人数不是托位数。",
        ),
    },
    "serves_unknown": {
        "en": (
            "the area these facilities serve is not an area of the layer ({values}): they would count for no "
            "county.",
            "give a county's code or name (350602 or 芗城区), the city's code ({city}) or 全市 for the whole city, "
            "or leave the cell empty (the county the facility lies in).",
        ),
        "zh": (
            "这些设施的服务区划不是区划图层中的区域（{values}）：它们将不计入任何县(区)。",
            "填写县(区)的代码或名称（如 350602 或 芗城区）、全市的代码（{city}）或“全市”，或留空（按设施所在县(区)）。",
        ),
    },
    "layer_needs_boundaries": {
        "en": (
            "this layer needs the areas' boundaries (polygons), which a {suffix} table cannot hold.",
            "give a boundary file (GeoJSON, Shapefile or GeoPackage) as path, and this table as its figures: "
            'join = "{name}" under [layers.areas] (joined by code).',
        ),
        "zh": (
            "该图层需要区域边界（面），{suffix} 表格无法包含边界。",
            '请以边界文件（GeoJSON、Shapefile 或 GeoPackage）作为 path，并在 [layers.areas] 下设置 join = "{name}"，'
            "按区划代码读取该表中的数据。",
        ),
    },
    "template_example_left": {
        "en": (
            "the template's example row is still among your rows ({names}): it would be counted as real.",
            "delete the example row (its name starts with 示例).",
        ),
        "zh": ("模板中的示例行仍在您的数据中（{names}）：它会被当作真实数据计算。", "删除示例行（名称以“示例”开头）。"),
    },
    "join_no_row": {
        "en": (
            "{n} areas have no row in {table} ({missing}); its rows that match no area: {others}.",
            "give every area a row in {table} with its code as the boundary file writes it (12-digit codes are "
            "read too), or remove the areas that are not studied.",
        ),
        "zh": (
            "有 {n} 个区域在 {table} 中没有对应行（{missing}）；该表中未对应任何区域的行：{others}。",
            "请在 {table} 中为每个区域填写一行，区划代码与边界文件一致（12 位代码也可识别），或删除不研究的区域。",
        ),
    },
    "join_code_name_crossed": {
        "en": (
            "{n} rows give a code and a name that are two different areas of the boundaries ({pairs}): whose figures "
            "the row holds is not guessed.",
            "correct the code or the name of each of these rows (a column pasted or sorted apart from the others?).",
        ),
        "zh": (
            "有 {n} 行的区划代码与名称分属边界中两个不同的区域（{pairs}）：carefac 不猜测该行数据属于哪个区域。",
            "请逐行更正代码或名称（是否有一列粘贴或排序时错位？）。",
        ),
    },
    "areas_names_not_official": {
        "en": (
            "{n} areas carry a code and a name that are two different units of the lists carefac ships (the 2020 "
            "census's counties, the 2023 township codes) ({pairs}): the tables, census figures and rules go by code "
            "and would describe one unit under the other's name; which is right is not guessed.",
            "correct the code or the name of each area named in the boundary file.",
        ),
        "zh": (
            "有 {n} 个区域的区划代码与名称分属 carefac 所附名录（2020 年人口普查县(区)、2023 年乡镇代码）中两个不同的单位（{pairs}）："
            "表格、普查数据和规则均按代码对应，会把一个单位的情况标上另一个的名称；carefac 不猜测哪个正确。",
            "请在边界文件中逐一更正这些区域的代码或名称。",
        ),
    },
    "join_names_shared": {
        "en": (
            "the table gives areas by name, and two areas of the boundaries share the names {names}: which is meant is "
            "not guessed.",
            "add a column 区划代码 with each area's code.",
        ),
        "zh": ("表格按名称给出区域，而边界中有两个区域同名（{names}）：carefac 不猜测指的是哪一个。", "增加“区划代码”列，填写各区域的代码。"),
    },
    "join_no_area_code": {
        "en": (
            "the table joined to the areas has no area code column (区划代码, area_id …) to match the boundaries by.",
            "add a column 区划代码 with each area's code, as the boundary file writes it.",
        ),
        "zh": ("与区划边界连接的表格没有区划代码列（区划代码等），无法与边界对应。", "增加“区划代码”列，填写与边界文件一致的各区域代码。"),
    },
    "join_not_areas": {
        "en": ("join is read for the areas layer only, not for {kind}.", "remove join from this layer."),
        "zh": ("join 只适用于区划图层（areas），不适用于 {kind}。", "删除该图层的 join 设置。"),
    },
    "table_county_repeated": {
        "en": (
            "the table gives a county more than once ({values}); only one row could be read.",
            "keep one row per county (the current figures).",
        ),
        "zh": ("表中同一县(区)出现多次（{values}），只能读取其中一行。", "每个县(区)只保留一行（现行数据）。"),
    },
    "table_codes_unmatched": {
        "en": (
            "codes that are no county of the areas layer ({codes}), while counties of the layer have "
            "no row ({missing}); their figures would be left out.",
            "use the areas layer's county codes (after an administrative change the current code, e.g. "
            "350604 龙海区 for 350681 龙海市); the table is read per county, not per township.",
        ),
        "zh": (
            "表中有的区划代码不是区划图层中的县(区)（{codes}），而图层中有的县(区)在表中没有对应行"
            "（{missing}）；这些数据将无法使用。",
            "使用区划图层中的县(区)代码（行政区划调整后使用现行代码，如龙海区 350604 而非龙海市 350681）；该表按县(区)"
            "逐行填写，不按乡镇。",
        ),
    },
    "sheet_repeats_others": {
        "en": (
            "the sheets {sheets} repeat, row for row, rows of the other sheets: a summary sheet (汇总) read with "
            "the others counts each facility twice.",
            "read the other sheets only: delete or move the summary sheet, or set sheet to one sheet's name.",
        ),
        "zh": (
            "{sheets} 工作表的每一行都与其他工作表中的行相同：汇总表与其他工作表一起读取，每个机构都会被重复计算。",
            "只读取其他工作表：删除或移走汇总表，或将 sheet 设为某一个工作表的名称。",
        ),
    },
    "rows_repeated_across_sheets": {
        "en": (
            "rows repeat a row of another sheet exactly ({pairs}): one facility listed under two sheets would "
            "count twice.",
            "keep each facility on one sheet (if they are really different facilities, give each its own name).",
        ),
        "zh": (
            "有行与另一工作表中的行完全相同（{pairs}）：同一机构列在两个工作表中会被重复计算。",
            "每个机构只保留在一个工作表中（如确为不同机构，请分别命名）。",
        ),
    },
    "number_merged": {
        "en": (
            "cells {cells} are merged over several rows and hold one figure ({value}) under '{header}': carefac cannot "
            "tell whether it is one row's, the rows' together or each row's.",
            "unmerge the cells (Excel: Merge & Center → Unmerge Cells) and give each row its own figure, or put the "
            "rows together on one row.",
        ),
        "zh": (
            "单元格 {cells} 跨多行合并，在“{header}”下只有一个数字（{value}）：无法判断它是其中一行的、几行合计的还是每行各自的。",
            "请取消合并单元格（Excel/WPS：合并后居中 → 取消单元格合并），为每行填写各自的数字，或把这几行合为一行。",
        ),
    },
    "rows_repeated": {
        "en": (
            "{n} rows repeat another row exactly ({pairs}); each copy would count twice.",
            "delete the copies (or, if they are really different facilities, give each its own id and name).",
        ),
        "zh": (
            "{n} 行与另一行完全相同（{pairs}）；每个副本都会被重复计算。",
            "删除重复行（如果确实是不同的机构，请给每个机构各自的编号和名称）。",
        ),
    },
    "under3_above_population": {
        "en": (
            "children under 3 exceed the population (e.g. {under3:,.0f} children under 3 in an area of "
            "{population:,.0f} residents); the columns may be swapped.",
            "check that pop_under3 (3岁以下人口) and population (常住人口) are the right columns.",
        ),
        "zh": (
            "3岁以下人口超过了常住人口（例如一个常住人口 {population:,.0f} 人的区域有 {under3:,.0f} 名 3 岁以下儿童）；"
            "两列可能填反了。",
            "检查 pop_under3（3岁以下人口）和 population（常住人口）是否对应正确的列。",
        ),
    },
    "table_one_column": {
        "en": (
            "the file reads as a single column headed '{header}': its columns are not separated by a comma, tab, "
            "semicolon or bar.",
            "save it again from Excel or WPS as CSV (comma-separated), or separate the columns with commas.",
        ),
        "zh": (
            "该文件只读出一列，表头为“{header}”：各列之间不是用逗号、制表符、分号或竖线分隔的。",
            "用 Excel 或 WPS 重新另存为 CSV（逗号分隔），或用逗号分隔各列。",
        ),
    },
    "values_sheet_errors": {
        "en": (
            "cells hold the spreadsheet's error values ({errors}): the formulas that made them failed "
            "(a lookup that found nothing, a reference to deleted cells, a division by zero).",
            "correct the formulas in the workbook (or type the figures) and save again.",
        ),
        "zh": (
            "单元格中是表格软件的错误值（{errors}）：生成这些数值的公式出错（查找不到、引用的单元格已删除、除以零等）。",
            "在工作簿中改正公式（或直接填写数值）后重新保存。",
        ),
    },
    "header_unit_unknown": {
        "en": (
            "the header gives the unit '{unit}', a scale carefac does not read: its figures would be taken as "
            "single persons or places.",
            "give the figures as plain counts, or head the column with a unit carefac reads: (万人), (千人), (百人), "
            "(万户), (千户).",
        ),
        "zh": (
            "表头写明的单位“{unit}”不是 carefac 能识别的计量单位：其数值会被当作单个的人数或个数。",
            "按实际数量填写，或在表头使用可识别的单位：(万人)、(千人)、(百人)、(万户)、(千户)。",
        ),
    },
    "population_unit_of_one_cell": {
        "en": (
            "{level} areas with fewer than {few} residents where the median {level} has {median:,.0f} ({areas}): a "
            "figure in 万人 or 千人 typed into these cells (2 for 20,000), or a typo? Counted so, each would have "
            "thousands of slots per 1000.",
            "give these residents in persons (2 万人 is 20,000).",
        ),
        "zh": (
            "有{level}的常住人口少于 {few} 人，而该级区域的中位数为 {median:,.0f} 人（{areas}）：这些单元格是否按万人或千人"
            "填写（如 2 表示 20,000），或为录入错误？按此计算，每千人口托位数将达数千。",
            "以“人”为单位填写这些区域的常住人口（2 万人即 20,000）。",
        ),
    },
    "population_in_wan": {
        "en": (
            "every {level} has fewer than {floor:,} residents (largest {largest:g}): "
            "the figures look like 万人 (tens of thousands) or thousands, not persons.",
            "give residents in persons, or name the unit in the header: 常住人口(万人) is multiplied by 10,000, "
            "常住人口(千人) by 1,000.",
        ),
        "zh": (
            "每个{level}的常住人口都少于 {floor:,} 人（最大 {largest:g}）：这些数字看起来以万人或千人为单位，而不是人。",
            "以“人”为单位填写常住人口，或在表头写明单位：“常住人口(万人)”乘以 10,000，“常住人口(千人)”乘以 1,000。",
        ),
    },
    "population_beyond_any_place": {
        "en": (
            "residents beyond any {level} of China (e.g. {example}: {value:,.0f}; the most populous hold some "
            "{most:,}): a code, a sum or another figure typed into the column?",
            "check the figures and correct them.",
        ),
        "zh": (
            "常住人口超出全国任何{level}（如 {example}：{value:,.0f}；人口最多的约 {most:,}）：是否把代码、合计或其他数字"
            "填进了这一列？",
            "请核对并改正这些数字。",
        ),
    },
    "population_beyond_any_place_scaled": {
        "en": (
            "residents beyond any {level} of China once the header's unit is applied ({header}: × {factor:,.0f}; "
            "e.g. {example}: {value:,.0f}, where the most populous hold some {most:,}): are the figures persons already?",
            "if they are persons, take the unit out of the header (常住人口, not {header}); else correct the figures.",
        ),
        "zh": (
            "按表头单位换算后（{header}：× {factor:,.0f}）常住人口超出全国任何{level}（如 {example}：{value:,.0f}；"
            "人口最多的约 {most:,}）：这些数字是否本来就以“人”为单位？",
            "如已是人数，请去掉表头中的单位（写“常住人口”，不写“{header}”）；否则请改正数字。",
        ),
    },
    "under3_unknown": {
        "en": (
            "children under 3 are unknown for {n} of {total} demand points (e.g. {examples}): the input gives no "
            "pop_under3 and no under-3 share exists for their area (neither in the areas layer nor in the 2020 "
            "census table carefac ships for Zhangzhou and Xiamen).",
            "add pop_under3 (3岁以下人口) to the areas layer (county or township) or the districts, or set "
            '[optimize] weight = "population" to weight by residents instead (said in every output).',
        ),
        "zh": (
            "{total} 个需求点中有 {n} 个的 3 岁以下人口未知（例如 {examples}）：输入中没有 pop_under3，"
            "其所在区域也没有 3 岁以下人口比例（区域图层中没有，carefac 附带的漳州、厦门 2020 年人口普查表中也没有）。",
            '在区域图层（县区或乡镇）或小区图层中增加 pop_under3（3岁以下人口），或设置 [optimize] weight = "population"'
            "改按常住人口加权（所有输出中都会注明）。",
        ),
    },
    # -- geometry --------------------------------------------------------------------------------
    "geometry_missing": {
        "en": ("geometries are missing or empty.", "draw the features or remove the rows."),
        "zh": ("几何图形缺失或为空。", "绘制这些要素，或删除这些行。"),
    },
    "geometry_invalid": {
        "en": (
            "geometries are invalid (first: {reason}).",
            "repair them (QGIS 'Fix geometries', or shapely.make_valid).",
        ),
        "zh": (
            "几何图形无效（第一处：{reason}）。",
            "修复几何图形（QGIS“修复几何图形”，或 shapely.make_valid）。",
        ),
    },
    "geometry_wrong_type": {
        "en": (
            "this layer needs {expected} geometries but has {found}.",
            "give {expected}s only (split mixed layers into one file per geometry type).",
        ),
        "zh": (
            "该图层需要{expected}几何，但包含 {found}。",
            "只保留{expected}要素（将混合图层按几何类型拆分为不同文件）。",
        ),
    },
    "points_outside_most": {
        "en": (
            "{n} of {total} points lie outside every area.",
            "all or most points are outside: check the coordinate system (GCJ-02 declared as WGS84?) "
            "and whether lon and lat are swapped.",
        ),
        "zh": (
            "{total} 个点中有 {n} 个不在任何区域内。",
            "全部或大部分点都在区域外：检查坐标系（是否把 GCJ-02 声明成了 WGS84？）以及经纬度是否填反。",
        ),
    },
    "points_outside_some": {
        "en": (
            "{n} of {total} points lie outside every area.",
            'correct their coordinates, or keep them out of the area figures with outside = "report" for the layer.',
        ),
        "zh": (
            "{total} 个点中有 {n} 个不在任何区域内。",
            '改正这些点的坐标，或为该图层设置 outside = "report"，不计入区域统计。',
        ),
    },
    "county_without_townships": {
        "en": (
            "the layer gives townships for some counties but none for these ({n}: {counties}): their places would "
            "be in no township, and the township figures and rules would leave them out.",
            "add their townships, or give the counties alone (no township rows) for county figures only.",
        ),
        "zh": (
            "图层中部分县区有乡镇，但以下县区没有乡镇（{n}个：{counties}）：其中的点不属于任何乡镇，乡镇统计和规则会遗漏它们。",
            "补充这些县区的乡镇；或只提供县区（删除乡镇行），仅计算县区统计。",
        ),
    },
    "points_in_township_gap": {
        "en": (
            "{n} of {total} points lie inside a county ({counties}) but in no township: the township polygons leave "
            "a gap there, and these points would be missing from the township figures.",
            "close the gap in the township layer (QGIS: Vector > Geometry tools > Check validity / snapping), or "
            'keep the points out with outside = "report" for the layer.',
        ),
        "zh": (
            "{total} 个点中有 {n} 个位于县区（{counties}）内但不在任何乡镇内：乡镇面在此处有空隙，这些点将不计入乡镇统计。",
            '补齐乡镇图层中的空隙（QGIS：矢量 > 几何工具 > 检查有效性 / 捕捉），或为该图层设置 outside = "report" 将这些点排除。',
        ),
    },
    "level_unknown": {
        "en": ("the level of some areas is unknown.", "add a level column (city/county/township)."),
        "zh": ("部分区域的层级未知。", "增加 level 列（city/county/township，即市/县区/乡镇）。"),
    },
    "areas_of_several_cities": {
        "en": (
            "the areas are the counties of {n} cities ({cities}): the plan's targets are one city's, and the "
            "whole-city figures and rules would add the cities together.",
            "give one city's areas (remove the other cities' rows, or clip the layer to the city); to study "
            'several cities, run carefac once per city: carefac batch does it in one go with split = {{ config = '
            '"this.toml", by = "prefix4" }}.',
        ),
        "zh": (
            "图层中的区域属于 {n} 个地级市的县区（{cities}）：规划的目标针对一个市，全市的数字和规则会把几个市加在一起。",
            "只保留一个市的区域（删除其他市的行，或把图层裁剪到该市范围）；研究多个市时，请每个市分别运行一次 carefac："
            'carefac batch 可一次完成，设置 split = {{ config = "本配置.toml", by = "prefix4" }}。',
        ),
    },
    "district_above_its_area": {
        "en": (
            "residential districts have more residents than the area they lie in ({examples}): a township's or "
            "county's figure entered for one district, or a slip of units.",
            "give each district its own residents (常住人口, or 规划人口 for a new one).",
        ),
        "zh": (
            "有居住区的人口多于其所在区域的常住人口（{examples}）：可能把乡镇或县区的数字填给了一个居住区，或单位有误。",
            "为每个居住区填写其自身的人口（常住人口，新建居住区为规划人口）。",
        ),
    },
    "parent_missing": {
        "en": (
            "townships name a parent county that is not in the layer.",
            "give parent_id as the 6-digit code of a county in the layer.",
        ),
        "zh": ("乡镇所属的县区不在该图层中。", "将 parent_id 填为图层中某个县区的 6 位代码。"),
    },
    "townships_overlap": {
        "en": (
            "townships overlap: {pairs}. Residents and facilities there would count twice "
            "(a merged township kept beside the ones it replaced?).",
            "keep only the current townships and remove the overlap.",
        ),
        "zh": (
            "乡镇相互重叠：{pairs}。重叠处的人口和机构会被重复计算（是否保留了已撤并的乡镇？）。",
            "只保留现行乡镇，去掉重叠部分。",
        ),
    },
    "townships_wrong_county": {
        "en": (
            "{n} townships lie in another county than their code or parent_id says: {listed}.",
            "correct the township's parent_id (or code), or its geometry.",
        ),
        "zh": (
            "{n} 个乡镇位于其代码或 parent_id 所示县区之外：{listed}。",
            "改正乡镇的 parent_id（或代码），或其几何图形。",
        ),
    },
    "townships_leave_gap": {
        "en": (
            "the townships of {county} leave {gap_km2:,.3f} km² ({share:.2%}) of it uncovered; facilities there "
            "would count for the county but for no township.",
            "draw the missing township area (or snap the township boundaries to the county's).",
        ),
        "zh": (
            "{county} 的乡镇未覆盖其中 {gap_km2:,.3f} 平方千米（{share:.2%}）；位于此处的机构只计入县区，不计入任何乡镇。",
            "补绘缺失的乡镇范围（或将乡镇边界捕捉到县区边界）。",
        ),
    },
    "population_sums": {
        "en": (
            "{county} has {own:,.0f} residents but its townships add up to {total:,.0f} ({diff:+,.0f}, {share:+.1%}).",
            "make the township figures add up to the county (same year and source), or, if the difference is "
            'known and accepted, set area_sums = "warn" under [layers.areas].',
        ),
        "zh": (
            "{county} 常住人口 {own:,.0f} 人，但其各乡镇合计 {total:,.0f} 人（{diff:+,.0f}，{share:+.1%}）。",
            "使乡镇数据与县区合计一致（同一年份和来源）；如差异已知且可接受，在 [layers.areas] 下设置 "
            'area_sums = "warn"。',
        ),
    },
    # -- config ----------------------------------------------------------------------------------
    "config_missing": {
        "en": ("the config file does not exist.", "check the path."),
        "zh": ("配置文件不存在。", "检查路径。"),
    },
    "config_not_utf8": {
        "en": (
            "the config is not UTF-8 text (saved as GBK/ANSI?).",
            "save it as UTF-8 (Notepad: Save as > Encoding UTF-8; WPS/VS Code: UTF-8).",
        ),
        "zh": (
            "配置文件不是 UTF-8 编码（是否存成了 GBK/ANSI？）。",
            "另存为 UTF-8 编码（记事本：另存为 > 编码 UTF-8；WPS/VS Code：UTF-8）。",
        ),
    },
    "config_unreadable": {
        "en": ("the config cannot be read ({reason}).", "check the path."),
        "zh": ("无法读取配置文件（{reason}）。", "检查路径。"),
    },
    "toml_backslash": {
        "en": (
            "line {line} ({text}) writes a Windows path with \\ inside double quotes, where TOML reads \\ as the "
            "start of an escape.",
            "write the path with / (data/areas.shp) or in single quotes ('data\\areas.shp').",
        ),
        "zh": (
            "第 {line} 行（{text}）在双引号中写了带 \\ 的 Windows 路径，TOML 会把 \\ 当作转义符。",
            "路径改用 /（如 data/areas.shp），或改用单引号（'data\\areas.shp'）。",
        ),
    },
    "toml_full_width": {
        "en": (
            "line {line} ({text}) has full-width punctuation (“ ” ＝ ：), typed in Chinese input mode, where TOML "
            "needs the plain \" and =.",
            'switch the input method to English for the punctuation: path = "facilities.xlsx".',
        ),
        "zh": (
            "第 {line} 行（{text}）含有全角标点（“ ” ＝ ：），是在中文输入法下输入的，而 TOML 需要半角的 \" 和 =。",
            '把输入法切换到英文状态输入标点：path = "facilities.xlsx"。',
        ),
    },
    "toml_unquoted": {
        "en": ("line {line} ({text}) gives a text value without quotes.", 'put text in double quotes: path = "facilities.xlsx".'),
        "zh": ("第 {line} 行（{text}）的文字值没有加引号。", '文字值要加双引号：path = "facilities.xlsx"。'),
    },
    "toml_invalid_line": {
        "en": ("line {line} ({text}) is not valid TOML.", 'write one key = value per line, text in double quotes, tables as [layers.areas].'),
        "zh": ("第 {line} 行（{text}）不是有效的 TOML。", '每行写一个 键 = 值，文字加双引号，表名写成 [layers.areas]。'),
    },
    "toml_invalid": {
        "en": ("not valid TOML ({reason}).", "correct the syntax."),
        "zh": ("不是有效的 TOML（{reason}）。", "改正语法。"),
    },
    "config_unknown_key": {
        "en": ("unknown key '{key}' in [{where}].", "remove it; allowed: {allowed}."),
        "zh": ("[{where}] 中有未知的键“{key}”。", "删除它；允许的键：{allowed}。"),
    },
    "config_unknown_table": {
        "en": ("unknown table [{key}].", "remove it; allowed: {allowed}."),
        "zh": ("未知的表 [{key}]。", "删除它；允许的表：{allowed}。"),
    },
    "config_unknown_entry": {
        "en": ("unknown {kind} [{group}.{name}].", "use one of: {names}."),
        "zh": ("未知的{kind} [{group}.{name}]。", "使用以下之一：{names}。"),
    },
    "config_no_path": {
        "en": ("[{group}.{name}] has no path.", 'add path = "..." to [{group}.{name}].'),
        "zh": ("[{group}.{name}] 没有 path。", '在 [{group}.{name}] 中添加 path = "..."。'),
    },
    "config_path_not_text": {
        "en": ("{where} {key} = {value!r} is not a file path.", '{key} = "data/areas.geojson" (in quotes).'),
        "zh": ("{where} {key} = {value!r} 不是文件路径。", '应写为 {key} = "data/areas.geojson"（带引号）。'),
    },
    "config_no_areas": {
        "en": ("no [layers.areas] table.", "add [layers.areas] with the path of the area polygons."),
        "zh": ("没有 [layers.areas] 表。", "添加 [layers.areas]，写明区域面文件的路径。"),
    },
    "distance_method_unknown": {
        "en": ("[distance] method = {method!r} is not known.", 'use "euclidean" or "network".'),
        "zh": ("[distance] method = {method!r} 无法识别。", '使用 "euclidean"（直线）或 "network"（路网）。'),
    },
    "distance_no_graph": {
        "en": (
            '[distance] method = "network" needs a graph.',
            'add graph = "roads.osm.pbf" (or .osm, .osm.bz2, .graphml).',
        ),
        "zh": (
            '[distance] method = "network" 需要路网文件。',
            '添加 graph = "roads.osm.pbf"（或 .osm、.osm.bz2、.graphml）。',
        ),
    },
    "graph_missing": {
        "en": (
            "the road graph file does not exist.",
            "check [distance] graph (relative to the config file).",
        ),
        "zh": ("路网文件不存在。", "检查 [distance] graph（路径相对于配置文件）。"),
    },
    "graph_too_far": {
        "en": (
            "the road graph does not cover the study area: {n} of {total} areas are more than {limit_m:g} m from "
            "any road node (median {median_m:,.0f} m).",
            'use an extract of the study area\'s own roads, or [distance] method = "euclidean".',
        ),
        "zh": (
            "路网没有覆盖研究区域：{total} 个区域中有 {n} 个距最近的路网节点超过 {limit_m:g} 米（中位数 {median_m:,.0f} 米）。",
            '使用本研究区域的路网数据，或设置 [distance] method = "euclidean"。',
        ),
    },
    "table_no_area_code": {
        "en": (
            "the {name} table has no area code column (area_id / 区划代码).",
            "add a column 区划代码 with each county's 6-digit code.",
        ),
        "zh": (
            "{name} 表没有区划代码列（area_id / 区划代码）。",
            "增加“区划代码”列，填写各县区的 6 位代码。",
        ),
    },
    "special_families_vague": {
        "en": (
            "'{vague}' does not say whose members it counts: the warm-home rule counts special-assistance "
            "members of families bereaved of their only child (独生子女死亡), not every special-assistance family.",
            "name the column 独生子女死亡特扶人数, or, if '{vague}' counts exactly those, map it: "
            '[tables.special_families.columns] special_assistance_members = "{vague}".',
        ),
        "zh": (
            "“{vague}”没有说明统计的是哪些人：暖心家园规则统计的是独生子女死亡家庭的特别扶助人员，而不是所有特扶家庭。",
            "将列命名为“独生子女死亡特扶人数”；如“{vague}”统计的正是这些人，请映射："
            '[tables.special_families.columns] special_assistance_members = "{vague}"。',
        ),
    },
    "special_families_column_near": {
        "en": (
            "no column is read as the special-assistance members of families bereaved of their only child; the "
            "columns {columns} may hold them under another header.",
            "name the column 独生子女死亡特扶人数, or map it: "
            '[tables.special_families.columns] special_assistance_members = "{first}".',
        ),
        "zh": (
            "没有读到独生子女死亡特别扶助对象人数列；{columns} 等列可能以其他表头填写了该数。",
            "将列命名为“独生子女死亡特扶人数”，或映射："
            '[tables.special_families.columns] special_assistance_members = "{first}"。',
        ),
    },
    "special_families_none_read": {
        "en": (
            "no column is read as the special-assistance members of families bereaved of their only child (the "
            "columns: {columns}).",
            "give the column 独生子女死亡特扶人数, one row per county.",
        ),
        "zh": ("没有读到独生子女死亡特别扶助对象人数列（现有列：{columns}）。", "增加“独生子女死亡特扶人数”列，每县区一行。"),
    },
    "indicator_no_area_id": {
        "en": ("the indicator table has no area_id column.", "add area_id (县区代码) to key the rows."),
        "zh": ("指标表没有 area_id 列。", "增加 area_id（县区代码）列以对应各行。"),
    },
    "indicator_table_long": {
        "en": (
            "the indicators are given one per row (their names in the column '{column}'): carefac reads one row "
            "per county, one column per indicator.",
            "give each indicator its own column headed with its name (孕产妇死亡率, 婴儿死亡率, 婚前医学检查率, "
            "孕前优生健康检查目标人群覆盖率, 产前筛查率), one row per county.",
        ),
        "zh": (
            "指标按行排列（指标名称在“{column}”列中）：carefac 按每县区一行、每个指标一列读取。",
            "每个指标单独一列，以指标名称为表头（孕产妇死亡率、婴儿死亡率、婚前医学检查率、孕前优生健康检查目标人群覆盖率、"
            "产前筛查率），每县区一行。",
        ),
    },
    "indicator_province_unread": {
        "en": (
            "the columns {columns} look like an indicator's provincial average but are not read (their unit is not "
            "the indicator's, or their header names more): the plan's \"better than the provincial average\" would "
            "go unchecked.",
            "head each as the indicator's name and 全省平均 (婴儿死亡率全省平均), in the indicator's unit.",
        ),
        "zh": (
            "{columns} 等列像是指标的全省平均值，但未读取（单位与指标不同，或表头另有文字）：规划要求的“优于全省平均水平”将无法检查。",
            "将表头改为“指标名称+全省平均”（如“婴儿死亡率全省平均”），并使用与指标相同的单位。",
        ),
    },
    "indicator_columns_near": {
        "en": (
            "the columns {columns} hold an indicator's name in a longer header: they are not read.",
            "head each with the indicator's name alone (孕产妇死亡率 …), the year being the plan's 2025; or map "
            'each: [tables.indicators.columns] {name} = "{first}".',
        ),
        "zh": (
            "{columns} 等列的表头含有指标名称但另有文字：未读取。",
            '将表头改为指标名称本身（如“孕产妇死亡率”，年份即规划的2025年）；或逐列映射：'
            '[tables.indicators.columns] {name} = "{first}"。',
        ),
    },
    "indicator_none_read": {
        "en": (
            "no column is read as an indicator (the columns: {columns}).",
            "head each indicator's column with its name: {known}.",
        ),
        "zh": ("没有读到任何指标列（现有列：{columns}）。", "以指标名称作为各列表头：{known}。"),
    },
    "indicator_implausible": {
        "en": (
            "'{column}' gives {examples} {unit}, above what any Chinese county records today (at most about "
            "{most:g}): the values may be in another unit (per 10,000, or a percentage written without %).",
            "check the unit and write each value {unit}.",
        ),
        "zh": (
            "“{column}”的数值为 {examples}（按{unit}计），高于当今国内任何县区的水平（最多约 {most:g}）："
            "这些数值可能用了另一种单位（如万分率，或省略了 % 的百分比）。",
            "请核对单位，统一按{unit}填写。",
        ),
    },
    "indicator_province_differs": {
        "en": (
            "the provincial average differs between rows ({examples} here, {usual} in {n} rows): a province has one "
            "average, and a county is checked against it (优于全省平均水平).",
            "give the same provincial average in every row.",
        ),
        "zh": (
            "各行的全省平均值不一致（此处为 {examples}，另有 {n} 行为 {usual}）：一个省只有一个平均值，各县区都要与它比较"
            "（优于全省平均水平）。",
            "请在每一行填写同一个全省平均值。",
        ),
    },
    "indicator_other_unit": {
        "en": (
            "'{column}' is a rate {unit}, and these cells are written in another rate's unit (e.g. /10万 in a "
            "‰ column).",
            "write each value {unit} (1.8 or 1.8‰ for 1.8 per 1,000; 8.5 or 8.5/10万 for 8.5 per 100,000).",
        ),
        "zh": (
            "“{column}”是按{unit}计的比率，这些单元格却用了另一种单位（如在‰列中写了/10万）。",
            "请统一按{unit}填写（千分率写 1.8 或 1.8‰；十万分率写 8.5 或 8.5/10万）。",
        ),
    },
    "indicator_mixed_scale": {
        "en": (
            "'{column}' mixes fractions (≤ 1, e.g. 0.7) with percentages (e.g. 70).",
            "write every value on one scale, e.g. 70 for 70 %.",
        ),
        "zh": (
            "“{column}”中混有小数（≤ 1，如 0.7）和百分数（如 70）。",
            "统一用一种写法，例如 70 表示 70%。",
        ),
    },
    # -- settings (config tables and the command line) -------------------------------------------
    "config_path_escape": {
        "en": (
            "{where} path is read as '{shown}': in TOML, a backslash inside \"…\" starts an escape (\\f is a form "
            "feed, \\t a tab), so a Windows path loses its letters.",
            "write the path with forward slashes (data/facilities.csv), doubled backslashes (data\\\\facilities.csv) "
            "or in single quotes ('data\\facilities.csv').",
        ),
        "zh": (
            "{where} 的 path 被读成了 '{shown}'：TOML 双引号字符串中的反斜杠表示转义（\\f 为换页符，\\t 为制表符），"
            "Windows 路径因此丢了字母。",
            "请用正斜杠（data/facilities.csv）、双反斜杠（data\\\\facilities.csv）或单引号（'data\\facilities.csv'）书写路径。",
        ),
    },
    "setting_not_number": {
        "en": (
            "{setting} must be {kind}{unit_text}, got {value!r}: write the bare number, without quotes or units.",
            "{fix_setting}.",
        ),
        "zh": (
            "{setting} 应为{kind}{unit_text}，实际为 {value!r}：请直接写数字，不加引号或单位。",
            "请{fix_setting}。",
        ),
    },
    "setting_not_number_example": {
        "en": (
            "{setting} must be {kind}{unit_text}, got {value!r}: write the bare number, without quotes or "
            "units, e.g. {example}.",
            "{fix_setting}.",
        ),
        "zh": (
            "{setting} 应为{kind}{unit_text}，实际为 {value!r}：请直接写数字，不加引号或单位，例如 {example}。",
            "请{fix_setting}。",
        ),
    },
    "setting_not_finite": {
        "en": (
            "{setting} must be a finite number{unit_text}, got {value!r}.",
            "{fix_setting}.",
        ),
        "zh": ("{setting} 应为有限的数字{unit_text}，实际为 {value!r}。", "请{fix_setting}。"),
    },
    "setting_not_whole": {
        "en": ("{setting} must be a whole number, got {value!r}.", "{fix_setting}."),
        "zh": ("{setting} 应为整数，实际为 {value!r}。", "请{fix_setting}。"),
    },
    "setting_out_of_range": {
        "en": (
            "{setting} must be {low} and ≤ {high:g}{unit_text}, got {value!r}.",
            "{fix_setting}.",
        ),
        "zh": (
            "{setting} 应 {low} 且 ≤ {high:g}{unit_text}，实际为 {value!r}。",
            "请{fix_setting}。",
        ),
    },
    "setting_sites_not_taken": {
        "en": (
            "{setting} = {value!r}: the {model} model finds the number of sites itself (the fewest that reach its "
            "aim), so it takes no number of new sites.",
            "{fix_setting}: drop it, or choose a model that takes a number of sites ({models}).",
        ),
        "zh": (
            "{setting} = {value!r}：{model} 模型自行确定站点数（达到目标所需的最少站点），不接受新建站点数。",
            "请{fix_setting}：删去该项，或改用以站点数为参数的模型（{models}）。",
        ),
    },
    "setting_not_text": {
        "en": ("{setting} = {value!r} is not text.", '{fix_setting}: write it in quotes, e.g. {key} = "{sample}".'),
        "zh": ("{setting} = {value!r} 不是文本。", '请{fix_setting}：加上引号，例如 {key} = "{sample}"。'),
    },
    "setting_not_names": {
        "en": (
            "{setting} = {value!r} is not a table of names.",
            '{fix_setting}: a table, e.g. {key} = {{ slots = "核定托位" }} (carefac\'s name = your header).',
        ),
        "zh": (
            "{setting} = {value!r} 不是列名对照表。",
            '请{fix_setting}：写成表，例如 {key} = {{ slots = "核定托位" }}（carefac 的列名 = 您的表头）。',
        ),
    },
    "setting_not_choice": {
        "en": ("{setting} must be one of {allowed}, got {value!r}.", "{fix_setting}."),
        "zh": ("{setting} 应为以下之一：{allowed}，实际为 {value!r}。", "请{fix_setting}。"),
    },
    "curve_not_range": {
        "en": ("--curve {value!r} is not A:B, two whole numbers of new sites.", "write e.g. --curve 1:30."),
        "zh": ("--curve {value!r} 不是 A:B 形式（两个表示新建站点数的整数）。", "例如写成 --curve 1:30。"),
    },
    "curve_model_without_sites": {
        "en": (
            "--curve draws the best plan for each number of new sites, and the {model} model finds its number of "
            "sites itself (the fewest that reach its aim).",
            "drop --curve, or choose a model that takes a number of sites (--model {models}).",
        ),
        "zh": (
            "--curve 对每个新建站点数给出最优方案，而 {model} 模型自行确定站点数（达到目标所需的最少站点）。",
            "请删去 --curve，或改用以站点数为参数的模型（--model {models}）。",
        ),
    },
    "curve_bad_order": {
        "en": ("--curve {value!r}: A and B must be whole numbers with 1 ≤ A ≤ B.", "write e.g. --curve 1:30."),
        "zh": ("--curve {value!r}：A、B 应为整数且 1 ≤ A ≤ B。", "例如写成 --curve 1:30。"),
    },
    "demand_weight_zero": {
        "en": (
            "every one of the {n} demand points weighs 0: the {model} model would propose sites at random, each as "
            "good as any other.",
            "check the column (all zeros, or the wrong column mapped), or choose a model whose first aim is not "
            "the children ({models}).",
        ),
        "zh": (
            "全部{n}个需求点的权重均为0：{model} 模型提出的站点将是任意的，任何站点都一样好。",
            "请检查该列（是否整列为0，或映射了错误的列），或改用首要目标不是婴幼儿数的模型（{models}）。",
        ),
    },
    "capacity_column_missing": {
        "en": (
            "the {model} model needs each candidate's capacity in slots, and the list has no column of it (its "
            "columns: {columns}); a floor area (建筑面积, ㎡) is not slots.",
            "add a column 托位数 (or 容量) with each candidate's slots, or map yours: [layers.candidates.columns] "
            "{key} = \"<your header>\"; or choose a model that does not use it ({models}).",
        ),
        "zh": (
            "{model} 模型需要每个候选站点的容量（托位数），而该表没有这一列（现有列：{columns}）；建筑面积（㎡）不是托位数。",
            "请增加“托位数”（或“容量”）列填写各候选站点的托位，或映射已有的列：[layers.candidates.columns] "
            "{key} = \"<列名>\"；或改用不需要容量的模型（{models}）。",
        ),
    },
    "capacity_missing": {
        "en": (
            "the {model} model needs every candidate's capacity (slots), and these rows have none.",
            "fill in the capacity, or choose a model that does not use it ({models}).",
        ),
        "zh": (
            "{model} 模型需要每个候选站点的容量（托位数），这些行未填写。",
            "请填写容量，或改用不需要容量的模型（{models}）。",
        ),
    },
    # -- policy profiles and rules ---------------------------------------------------------------
    "profile_unknown": {
        "en": ("no such policy profile.", "use one of {profiles} or the path of a TOML profile."),
        "zh": ("没有这个政策配置。", "使用 {profiles} 之一，或 TOML 政策配置文件的路径。"),
    },
    "profile_not_list": {
        "en": ("'{key}' must be a list of strings, got {value!r}.", 'write {key} = ["..."].'),
        "zh": ("“{key}”应为字符串列表，实际为 {value!r}。", '写作 {key} = ["..."]。'),
    },
    "profile_wrong_type": {
        "en": ("'{key}' must be {expected}, got {value!r}.", "give {key} as {expected}."),
        "zh": ("“{key}”应为{expected}，实际为 {value!r}。", "将 {key} 写为{expected}。"),
    },
    "profile_implausible": {
        "en": (
            "'{key}' = {value!r} is outside the plausible range {low:g} … {high:g}.",
            "give {key} a value between {low:g} and {high:g}.",
        ),
        "zh": (
            "“{key}” = {value!r} 超出合理范围 {low:g} … {high:g}。",
            "将 {key} 设为 {low:g} 到 {high:g} 之间的值。",
        ),
    },
    "profile_years": {
        "en": ("'target_year' is before 'start_year'.", "correct the years."),
        "zh": ("target_year（目标年份）早于 start_year（起始年份）。", "改正年份。"),
    },
    "profile_unknown_values": {
        "en": ("'{key}' names unknown values {unknown}.", "use only: {allowed}."),
        "zh": ("“{key}”中有无法识别的取值 {unknown}。", "只使用：{allowed}。"),
    },
    "profile_unknown_key": {
        "en": ("unknown policy key '{key}'.", "remove it; known keys: {known}."),
        "zh": ("未知的政策键“{key}”。", "删除它；可用的键：{known}。"),
    },
    "profile_incomplete": {
        "en": (
            "the profile does not set {missing}.",
            'set every one (with its source), or start the profile with extends = "<profile>" to take '
            "another profile's values ({profiles}).",
        ),
        "zh": (
            "政策配置没有设置 {missing}。",
            '逐一设置（并注明来源），或在配置开头写 extends = "<政策配置>" 沿用另一配置的取值（{profiles}）。',
        ),
    },
    "profile_extends_loop": {
        "en": (
            "extends = {parent!r} loops or is not a profile name.",
            "name a built-in profile or the path of another profile.",
        ),
        "zh": (
            "extends = {parent!r} 形成循环，或不是政策配置名称。",
            "写内置政策配置的名称，或另一个政策配置文件的路径。",
        ),
    },
    "rules_not_table": {
        "en": ("[rules] must be a table.", "write [rules] with rule_id = true/false."),
        "zh": ("[rules] 应为表。", "在 [rules] 下写 规则代码 = true/false。"),
    },
    "rule_switch_invalid": {
        "en": (
            "[rules] {rule} must be true/false or a table with enabled and comparison.",
            'write [rules] {rule} = true, or [rules.{rule}] comparison = "at_least".',
        ),
        "zh": (
            "[rules] {rule} 应为 true/false，或含 enabled 和 comparison 的表。",
            '写作 [rules] {rule} = true，或 [rules.{rule}] comparison = "at_least"。',
        ),
    },
    "rule_enabled_invalid": {
        "en": ("[rules.{rule}] enabled must be true or false.", "write enabled = true."),
        "zh": ("[rules.{rule}] enabled 应为 true 或 false。", "写作 enabled = true。"),
    },
    "rules_unknown": {
        "en": (
            "[rules] names unknown rules {unknown}.",
            "use rule ids from: {known} (carefac rules lists them).",
        ),
        "zh": ("[rules] 中有未知的规则 {unknown}。", "使用以下规则代码：{known}（carefac rules 可列出）。"),
    },
    "rules_unknown_ids": {
        "en": ("unknown rules {unknown}.", "use rule ids from: {known}."),
        "zh": ("未知的规则 {unknown}。", "使用以下规则代码：{known}。"),
    },
    "rule_no_comparison": {
        "en": ("rule '{rule}' has no comparison to set.", "remove [rules.{rule}] comparison."),
        "zh": ("规则“{rule}”没有可设置的比较方式。", "删除 [rules.{rule}] comparison。"),
    },
    "rule_comparison_unknown": {
        "en": ("[rules.{rule}] comparison = {comparison!r} is not known.", "use one of: {known}."),
        "zh": ("[rules.{rule}] comparison = {comparison!r} 无法识别。", "使用以下之一：{known}。"),
    },
    "rule_thresholds_unset": {
        "en": (
            "rule '{rule}' is enabled but the profile does not set {missing}.",
            'set {missing} (with its source), add extends = "<profile>", or disable the rule: [rules] {rule} = false.',
        ),
        "zh": (
            "规则“{rule}”已启用，但政策配置没有设置 {missing}。",
            '设置 {missing}（并注明来源），添加 extends = "<政策配置>"，或停用该规则：[rules] {rule} = false。',
        ),
    },
    # -- batch -----------------------------------------------------------------------------------
    "batch_unreadable": {
        "en": ("the batch file cannot be read ({reason}).", "check the path and the TOML syntax."),
        "zh": ("无法读取批处理文件（{reason}）。", "检查路径和 TOML 语法。"),
    },
    "batch_no_table": {
        "en": ("no [batch] table.", 'add [batch] with out = "..." and configs = ["..."].'),
        "zh": ("没有 [batch] 表。", '添加 [batch]，写明 out = "..." 和 configs = ["..."]。'),
    },
    "batch_unknown_keys": {
        "en": ("unknown keys {unknown}.", "remove them (see carefac batch --help)."),
        "zh": ("未知的键 {unknown}。", "删除它们（见 carefac batch --help）。"),
    },
    "batch_lang": {
        "en": ("[batch] lang = {lang!r} is not zh or en.", 'write lang = "zh" or "en".'),
        "zh": ("[batch] lang = {lang!r} 不是 zh 或 en。", '写作 lang = "zh" 或 "en"。'),
    },
    "batch_no_match": {
        "en": ("configs: {pattern!r} matches no file.", "correct the path or glob."),
        "zh": ("configs：{pattern!r} 没有匹配到任何文件。", "改正路径或通配符。"),
    },
    "batch_empty": {
        "en": ("the batch names no study area.", 'add configs = ["cities/*/carefac.toml"].'),
        "zh": ("批处理中没有任何研究区域。", '添加 configs = ["cities/*/carefac.toml"]。'),
    },
    "batch_same_names": {
        "en": (
            "study areas {names} have the same name.",
            "name their config files or folders apart (the name is the folder of carefac.toml).",
        ),
        "zh": (
            "研究区域 {names} 同名。",
            "将其配置文件或文件夹改为不同名称（名称取自 carefac.toml 所在文件夹）。",
        ),
    },
    "batch_split_no_config": {
        "en": ("split needs a config.", 'write split = {{ config = "fujian.toml", by = "prefix4" }}.'),
        "zh": ("split 需要一个配置文件。", '写作 split = {{ config = "fujian.toml", by = "prefix4" }}。'),
    },
    "batch_split_by": {
        "en": ("split by = {by!r} is not known.", 'use "prefix4" (cities) or "prefix6" (counties).'),
        "zh": ("split by = {by!r} 无法识别。", '使用 "prefix4"（按市）或 "prefix6"（按县区）。'),
    },
    "batch_split_missing": {
        "en": ("split config {config!r} does not exist.", "correct the path."),
        "zh": ("split 配置文件 {config!r} 不存在。", "改正路径。"),
    },
    "batch_split_no_area_id": {
        "en": ("the split config's areas have no area_id column.", "name it area_id."),
        "zh": ("split 配置文件的区域图层没有 area_id 列。", "将该列命名为 area_id。"),
    },
    # -- optimizer inputs (the matrix API: carefac.optimize) -------------------------------------
    "optimizer_cost_not_2d": {
        "en": (
            "the cost matrix must be 2-D (demand rows × candidate columns), got shape {shape}.",
            "give one row per demand point and one column per candidate site.",
        ),
        "zh": (
            "成本矩阵应为二维（需求点行 × 候选站点列），实际形状为 {shape}。",
            "每个需求点一行，每个候选站点一列。",
        ),
    },
    "optimizer_cost_empty": {
        "en": (
            "the cost matrix has {n} demand rows and {m} candidate columns: there is nothing to choose.",
            "give at least one demand point and one candidate site.",
        ),
        "zh": (
            "成本矩阵有 {n} 个需求点行、{m} 个候选站点列：无可选择。",
            "至少给出一个需求点和一个候选站点。",
        ),
    },
    "optimizer_cost_negative": {
        "en": (
            "{n} costs are negative (the first at demand row {row}, candidate column {col}: {value:g}).",
            "costs are distances or travel times, ≥ 0: check the matrix's sign and units.",
        ),
        "zh": (
            "有 {n} 个成本为负数（第一个在需求点行 {row}、候选站点列 {col}：{value:g}）。",
            "成本是距离或出行时间，应 ≥ 0：检查矩阵的符号和单位。",
        ),
    },
    "optimizer_sparse_pair_repeated": {
        "en": (
            "the sparse cost matrix stores {n} demand–candidate pairs more than once (the first at demand "
            "row {row}, candidate column {col}, with costs {values}); scipy would add them up.",
            "give each pair once, with its shortest cost (for example, drop the repeated rows of the "
            "table the matrix was built from).",
        ),
        "zh": (
            "稀疏成本矩阵中有 {n} 个需求点—候选站点对被重复存入（第一个在需求点行 {row}、候选站点列 {col}，"
            "成本为 {values}）；重复项会被相加。",
            "每个点对只给一次，取最短成本（例如删去构建矩阵所用表格中的重复行）。",
        ),
    },
    "optimizer_sparse_cost_not_finite": {
        "en": (
            "the sparse cost matrix stores {n} entries that are inf or NaN (the first at demand row {row}, "
            "candidate column {col}).",
            "leave unreachable pairs out of a sparse matrix: a stored entry is a reachable pair.",
        ),
        "zh": (
            "稀疏成本矩阵中存有 {n} 个无穷大或非数值（第一个在需求点行 {row}、候选站点列 {col}）。",
            "不可达的点对不要存入稀疏矩阵：存入的每一项都是可达的点对。",
        ),
    },
    "optimizer_values_per_row": {
        "en": (
            "{label} have {got} values but the cost matrix has {n} demand rows.",
            "give one value per demand row.",
        ),
        "zh": ("{label}有 {got} 个值，但成本矩阵有 {n} 个需求点行。", "每个需求点行给一个值。"),
    },
    "optimizer_weights_bad": {
        "en": (
            "{label} must be finite and ≥ 0, and demand rows {indices} are not (counted from 0; {n} in all).",
            "give each demand row its number of children (0 when there are none).",
        ),
        "zh": (
            "{label}应为有限值且 ≥ 0，但第 {indices} 个需求点行不是（从 0 起算；共 {n} 个）。",
            "为每个需求点行给出婴幼儿人数（没有则为 0）。",
        ),
    },
    "optimizer_values_per_column": {
        "en": (
            "{label} need one value per candidate column ({m}), got {got}.",
            "give one value per candidate column.",
        ),
        "zh": (
            "{label}应每个候选站点列一个值（共 {m} 个），实际为 {got} 个。",
            "成本矩阵的每个候选站点列给一个值。",
        ),
    },
    "optimizer_column_values_bad": {
        "en": (
            "{label} must be {rule}, and the values at positions {cols} are not (counted from 0; {n} in all).",
            "correct those values.",
        ),
        "zh": ("{label}应为{rule}，但第 {cols} 个值不是（从 0 起算；共 {n} 个）。", "改正这些值。"),
    },
    "optimizer_fixed_mask_length": {
        "en": (
            "the fixed sites are given as a true/false mask of {got} values, but there are {m} candidate columns.",
            "give one true/false per candidate column, or the fixed sites' column numbers.",
        ),
        "zh": (
            "固定站点以 {got} 个真/假值的掩码给出，但候选站点列共有 {m} 个。",
            "每个候选站点列给一个真/假值，或给出固定站点的列号。",
        ),
    },
    "optimizer_fixed_outside": {
        "en": (
            "fixed sites {bad} are not candidate columns (0 … {last}).",
            "give fixed sites as column numbers of the cost matrix, counted from 0.",
        ),
        "zh": ("固定站点 {bad} 不是候选站点列（0 … {last}）。", "固定站点应为成本矩阵的列号，从 0 开始。"),
    },
    "optimizer_cutoff_zero": {
        "en": (
            "the attendance cutoff is 0: no one would attend any site.",
            "give the distance at which attendance falls to 0, e.g. 1000.",
        ),
        "zh": ("到访截止距离为 0：没有人会前往任何站点。", "给出到访率降为 0 的距离，例如 1000。"),
    },
    "access_cost_shape": {
        "en": (
            "the cost matrix is {n_rows} × {cols}, but there are {n_demand} demand and {n_supply} supply values.",
            "give the costs as demand (or supply) rows × location columns, one row per value.",
        ),
        "zh": (
            "成本矩阵为 {n_rows} × {cols}，但需求值有 {n_demand} 个、供给值有 {n_supply} 个。",
            "成本矩阵应为需求（或供给）行 × 位置列，每个值一行。",
        ),
    },
    "optimizer_sites_not_whole": {
        "en": (
            "the number of new sites must be a whole number, got {p!r}.",
            "give a whole number such as 5.",
        ),
        "zh": ("新建站点数应为整数，实际为 {p!r}。", "给出整数，例如 5。"),
    },
    "optimizer_time_limit_bad": {
        "en": (
            "the time limit must be a number of seconds ≥ 0, got {value!r}.",
            "give seconds such as 60, or time_limit_s=None (or infinity) for no limit.",
        ),
        "zh": ("时间限制应为 ≥ 0 的秒数，实际为 {value!r}。", "给出秒数，例如 60；不限时请给 time_limit_s=None（或无穷大）。"),
    },
    "optimizer_radius_bad": {
        "en": (
            "the service radius must be a finite number ≥ 0 (in the costs' unit), got {radius!r}.",
            "give it in the costs' unit (metres for distances), e.g. 300.",
        ),
        "zh": (
            "服务半径应为 ≥ 0 的有限数（与成本同单位），实际为 {radius!r}。",
            "以成本的单位给出（距离为米），例如 300。",
        ),
    },
}


#: items of a listed fact (see :class:`Listed`), and what is said of those not shown
ITEMS: dict[str, dict[str, str]] = {
    "repeated_row": {"en": "row {row} repeats row {first}", "zh": "第 {row} 行与第 {first} 行相同"},
    "overlap_pair": {"en": "{a} and {b} share {km2:,.3f} km²", "zh": "{a} 与 {b} 重叠 {km2:,.3f} 平方千米"},
    "misplaced_township": {
        "en": "{town} lies in {found_name} ({found}), its code says {parent_name} ({parent})",
        "zh": "{town} 位于 {found_name}（{found}），其代码所示为 {parent_name}（{parent}）",
    },
    "area_short": {
        "en": "{area}: needs {needed:,.0f} more slots, its candidates offer {offered:,.0f}",
        "zh": "{area}：还需托位 {needed:,.0f} 个，其候选站点只能提供 {offered:,.0f} 个",
    },
    "table_code": {"en": "{code}", "zh": "{code}"},
    "table_code_named": {"en": "{code} ({name})", "zh": "{code}（{name}）"},
    "table_code_township": {"en": "{code} ({name}, a township)", "zh": "{code}（{name}，乡镇）"},
    "county_named": {"en": "{code} {name}", "zh": "{code} {name}"},
    "code_name_crossed": {
        "en": "row {row}: {code} is {own} there, the row names {written} ({other})",
        "zh": "第 {row} 行：{code} 在边界中为{own}，该行写作{written}（{other}）",
    },
    "code_name_official": {
        "en": "feature {row}: {code} is {own} there, the feature names {written} ({other})",
        "zh": "第 {row} 个要素：{code} 在其中为{own}，该要素名称为{written}（{other}）",
    },
    "declared_elsewhere": {
        "en": "row {row} names {named} ({code}), its point lies in {found} ({found_code})",
        "zh": "第 {row} 行填写为{named}（{code}），点位于{found}（{found_code}）",
    },
    "declared_unknown": {"en": "row {row}: '{value}'", "zh": "第 {row} 行：“{value}”"},
    "more": {"en": " and {n} more", "zh": " 等（另有 {n} 项）"},
}
_ITEM_SEPARATOR = {"en": "; ", "zh": "；"}


@dataclass(frozen=True)
class Listed:
    """A fact that is a list of items, each said by the template ``ITEMS[item]`` in the run's
    language (an item's own ``item`` key picks another template); ``more`` counts the items not shown."""

    item: str
    items: Sequence[Mapping[str, Any]]
    more: int = 0

    def render(self, lang: str) -> str:
        """Return the items joined, in ``lang``."""
        key = "zh" if lang == "zh" else "en"
        text = _ITEM_SEPARATOR[key].join(
            ITEMS[facts.get("item", self.item)][key].format(**facts) for facts in self.items
        )
        return text + (ITEMS["more"][key].format(n=self.more) if self.more else "")


#: fact values that are carefac's own words (a level, a unit, a travel mode …), said in Chinese in a
#: Chinese run; the area levels are the console's words
FACT_WORDS_ZH: dict[str, str] = {
    "city": "市级区域",
    "county": CONSOLE["level_county"]["zh"],
    "township": CONSOLE["level_township"]["zh"],
    "walk": "步行",
    "drive": "车行",
    "point": "点",
    "polygon": "面",
    "polygon or point": "面或点",
    "a number": "数字",
    "a whole number": "整数",
    "a string": "文本",
    "true or false": "true 或 false",
    "metres": "米",
    "seconds": "秒",
    "sites": "个",
    "GCJ-02 (Amap/Tencent)": "GCJ-02（高德/腾讯）",
    "BD-09 (Baidu)": "BD-09（百度）",
    "layer": "图层",
    "table": "表",
    "weights": "权重",
    "demand": "需求量",
    "capacities": "容量",
    "candidate_area": "候选站点所属区域编号",
    "candidate_costs": "候选站点成本",
    "area_deficit": "各区域托位缺口",
    "finite and ≥ 0": "有限值且 ≥ 0",
    "finite": "有限值",
    "whole numbers": "整数",
    "x (longitude)": "x（经度）",
    "y (latitude)": "y（纬度）",
    "per 1,000": "千分率（‰）",
    "per 100,000": "十万分率（/10万）",
    "residential district": "居住区",
    "area of any level": "任何一级区域",
}
#: facts translated through :data:`FACT_WORDS_ZH`
_WORD_FACTS = ("level", "kind", "expected", "unit", "label", "rule", "axis")


def _filled(facts: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Return ``facts`` with listed items rendered in ``lang``."""
    return {k: v.render(lang) if isinstance(v, Listed) else v for k, v in facts.items()}


def _said(value: Any, lang: str) -> Any:
    """Return one of carefac's words in ``lang`` (any other value as it is)."""
    return FACT_WORDS_ZH.get(value, value) if lang == "zh" and isinstance(value, str) else value


def problem_sentences(code: str, facts: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """Return (what is wrong, the fix) of problem ``code`` in ``lang``, filled with ``facts``.

    A ``unit`` fact becomes ``unit_text`` (" (metres)" / "（米）", empty without a unit).
    """
    zh = lang == "zh"
    filled = _filled(facts, lang)
    filled.update({key: _said(filled[key], lang) for key in _WORD_FACTS if key in filled})
    unit = filled.get("unit") or ""
    filled["unit_text"] = (f"（{unit}）" if zh else f" ({unit})") if unit else ""
    if code.startswith("setting_"):
        filled.update(_setting_place(filled, lang))
    message, fix = PROBLEMS[code]["zh" if zh else "en"]
    if zh:
        return message.format(**filled), fix.format(**filled)
    return one_in_the_singular(message.format(**filled)), fix.format(**filled)


#: how a setting is named in its problem: a config key (``[optimize] new_sites``) or, when the value
#: came from the command line, its option (``--new-sites``): (subject, fix, example) per language
_SETTING_PLACES = {
    "config": {
        "en": ("{where} {key}", "correct {key} in {where}", "{key} = {digits}"),
        "zh": ("{where} {key}", "改正 {where} 中的 {key}", "{key} = {digits}"),
    },
    "flag": {
        "en": ("{flag}", "correct {flag} on the command line", "{flag} {digits}"),
        "zh": ("{flag}", "改正命令行选项 {flag}", "{flag} {digits}"),
    },
}


def _setting_place(filled: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Return ``setting``, ``fix_setting`` and ``example`` of a setting's problem in ``lang``."""
    subject, fix, example = _SETTING_PLACES["flag" if filled.get("flag") else "config"][lang if lang == "zh" else "en"]
    values = {"digits": "", "where": "", "key": "", "flag": "", **filled}
    return {"setting": subject.format(**values), "fix_setting": fix.format(**values), "example": example.format(**values)}


#: errors that stop a run without being a list of input problems (a model that cannot be solved
#: as posed, a folder in use, a road file that cannot serve): code → {"en": …, "zh": …}
ERRORS: dict[str, dict[str, str]] = {
    "level_missing_cli": {
        "en": "--level {level}: the areas layer has no {level} areas (it has {levels}); add them with "
        "level = {level}, or drop --level",
        "zh": "--level {level}：区域图层中没有{level_word}（现有：{levels}）；请以 level = {level} 补充，或去掉 --level",
    },
    "prefix_missing": {
        "en": "no area has a code starting with {prefix}",
        "zh": "没有区划代码以 {prefix} 开头的区域",
    },
    "crs_unknown": {
        "en": "unknown coordinate system {declared!r}; use wgs84, cgcs2000 (in degrees), gcj02 (Amap), bd09 (Baidu) "
        "an EPSG code such as 'EPSG:4548' (CGCS2000 3-degree zone, central meridian 117°E, in metres), or a "
        "Gauss-Krüger system by datum, band and zone or central meridian ('CGCS2000 3-degree zone 39', 'Xian 1980 "
        "3-degree CM 117E', or as written in Chinese)",
        "zh": "无法识别的坐标系 {declared!r}；请使用 wgs84、cgcs2000（国家2000，经纬度）、gcj02（高德）、bd09（百度）"
        "、EPSG 代码（如 'EPSG:4548'，国家2000三度带中央经线117°，单位米），或按基准、分带和带号（或中央经线）书写的"
        "高斯-克吕格投影（如 'CGCS2000 3度带 39带'、'西安80 3度带 中央经线117'）",
    },
    "crs_conversion": {
        "en": "cannot convert coordinates from {source!r} to {target!r}",
        "zh": "无法将坐标从 {source!r} 转换为 {target!r}",
    },
    "crs_no_longitude": {
        "en": "cannot choose a working CRS: the data have no finite longitude",
        "zh": "无法选择计算用坐标系：数据中没有有效的经度",
    },
    "sample_missing": {
        "en": "the Zhangzhou sample was not found at {folder}; reinstall carefac (the sample is package data: "
        "pip install carefac, or pip install -e . from a clone)",
        "zh": "在 {folder} 找不到漳州示例数据；请重新安装 carefac（示例随软件包安装：pip install carefac，"
        "或在源码目录中 pip install -e .）",
    },
    "graph_lengths": {
        "en": "{bad} of the road graph's {total} edges have no usable 'length' (missing, negative or not a number), "
        "e.g. the edge {u} → {v}; give every edge its length in metres (osmnx: ox.distance.add_edge_lengths(G)), "
        "or load the roads with carefac.roads.load_graph, which does",
        "zh": "路网的 {total} 条边中有 {bad} 条没有可用的长度 length（缺失、为负或不是数字），例如边 {u} → {v}；"
        "请给每条边以米为单位的长度（osmnx：ox.distance.add_edge_lengths(G)），或用 carefac.roads.load_graph 读取路网",
    },
    "roads_unsupported": {
        "en": "{file}: unsupported road graph file; use .osm, .osm.bz2, .osm.pbf, .graphml, or road centre lines "
        "as .shp (also zipped), .geojson or .gpkg",
        "zh": "{file}：不支持的路网文件；请使用 .osm、.osm.bz2、.osm.pbf、.graphml，或 .shp（可压缩为 .zip）、.geojson、.gpkg 格式的道路中心线",
    },
    "roads_no_crs": {
        "en": "{file}: the road lines do not say their coordinate system; declare it in the config: [distance] crs = "
        "\"cgcs2000\" (or wgs84, gcj02, bd09, an EPSG code)",
        "zh": "{file}：道路中心线未注明坐标系；请在配置中声明：[distance] crs = \"cgcs2000\"（或 wgs84、gcj02、bd09、EPSG 代码）",
    },
    "roads_no_lines": {
        "en": "{file}: the file holds no road lines (LineString or MultiLineString); give the road centre lines",
        "zh": "{file}：文件中没有道路线要素（LineString 或 MultiLineString）；请提供道路中心线",
    },
    "roads_layers": {
        "en": "{file}: the file has several layers ({layers}) and not one of road lines; save the roads alone",
        "zh": "{file}：文件有多个图层（{layers}），无法确定道路线图层；请单独保存道路图层",
    },
    "roads_none": {
        "en": "{file}: no {mode} roads in the file; check the extract covers the study area",
        "zh": "{file}：文件中没有{mode_word}道路；请检查路网数据是否覆盖研究区域",
    },
    "roads_missing": {
        "en": "{path}: the road graph file does not exist; check [distance] graph in the config",
        "zh": "{path}：路网文件不存在；请检查配置中的 [distance] graph",
    },
    "roads_save_format": {
        "en": "{file}: save road graphs as .graphml or .gpkg",
        "zh": "{file}：路网请保存为 .graphml 或 .gpkg",
    },
    "roads_offline": {
        "en": "could not download the {mode} network from OpenStreetMap ({kind}); this machine may be offline: "
        "give a saved graph or an .osm/.osm.pbf extract instead",
        "zh": "无法从 OpenStreetMap 下载{mode_word}路网（{kind}）；本机可能未联网：请改用已保存的路网或 .osm/.osm.pbf 数据",
    },
    "folder_locked": {
        "en": "another carefac run (process {holder}) is writing to {folder}; wait for it to finish or use another "
        "--out folder. If no carefac run is writing there, delete {lock} and run again",
        "zh": "另一个 carefac 运行（进程 {holder}）正在写入 {folder}；请等待其完成或换用其他 --out 文件夹。"
        "如果没有 carefac 正在写入，请删除 {lock} 后重新运行",
    },
    "folder_unlockable": {
        "en": "could not lock {folder}; remove {lock} if no carefac run is writing there",
        "zh": "无法锁定 {folder}；如果没有 carefac 正在写入，请删除 {lock}",
    },
    "output_foreign": {
        "en": "{target} exists and was not written by carefac; move it away or choose another output folder (--out)",
        "zh": "{target} 已存在且不是 carefac 写入的；请移走它或另选输出文件夹（--out）",
    },
    "output_replaces_input": {
        "en": "the output folder holds an input of this run: writing {names} there would replace {inputs}; choose "
        "another output folder (--out), or move the input",
        "zh": "输出文件夹中有本次运行的输入文件：写入 {names} 会覆盖 {inputs}；请另选输出文件夹（--out），或移走该输入文件",
    },
    "project_exists": {
        "en": "{config} exists; choose an empty folder for a new project",
        "zh": "{config} 已存在；请为新项目选择一个空文件夹",
    },
    "no_candidates": {
        "en": "no candidate sites: add [layers.candidates] with the sites that could host a facility",
        "zh": "没有候选站点：请添加 [layers.candidates]，列出可建设施的站点",
    },
    "candidates_are_facilities": {
        "en": "every candidate site ({n}) stands on a facility of the facilities layer: none is a new site. Is the "
        "candidates file the facilities file? Give the sites where new facilities could be built",
        "zh": "全部 {n} 个候选站点都与设施图层中的设施重合：没有一个是新站点。候选站点文件是否误用了设施文件？"
        "请给出可新建设施的站点",
    },
    "candidates_on_childcare": {
        "en": "every candidate site ({n}) stands on an existing or planned childcare facility ({examples}): none "
        "is a new site. Give the sites where new facilities could be built",
        "zh": "全部 {n} 个候选站点都与现有或规划中的托育机构重合（{examples}）：没有一个是新站点。请给出可新建设施的站点",
    },
    "level_missing": {
        "en": "the areas layer has no {level} level (it has {levels})",
        "zh": "区域图层中没有{level_word}层级（现有：{levels}）",
    },
    "sites_needed": {
        "en": "model {model} needs the number of new sites (new_sites / --new-sites)",
        "zh": "{model} 模型需要新建站点数（new_sites / --new-sites）",
    },
    "too_many_sites": {
        "en": "cannot open {n} new sites: the candidate layer has {candidates} sites; ask for fewer or add candidates",
        "zh": "无法新建 {n} 个站点：候选站点图层只有 {candidates} 个站点；请减少站点数或增加候选站点",
    },
    "too_many_sites_fixed": {
        "en": "cannot open {n} new sites: there are {m} candidates of which {fixed} are already open (fixed), so "
        "at most {most} new sites are possible",
        "zh": "无法新建 {n} 个站点：共有 {m} 个候选站点，其中 {fixed} 个已开放（固定），最多只能新建 {most} 个",
    },
    "negative_sites": {
        "en": "the number of new sites must be ≥ 0, got {n}",
        "zh": "新建站点数应 ≥ 0，实际为 {n}",
    },
    "curve_too_many_sites": {
        "en": "the curve asks for up to {n} new sites: the candidate layer has {candidates} sites; end the curve at "
        "{candidates} or fewer (--curve {low}:{candidates}) or add candidates",
        "zh": "曲线要求最多新建 {n} 个站点，但候选站点图层只有 {candidates} 个站点；请让曲线止于 {candidates} 个或更少"
        "（--curve {low}:{candidates}），或增加候选站点",
    },
    "curve_needs_sites": {
        "en": "model {model} does not take a number of sites; a curve needs one that does",
        "zh": "{model} 模型不以站点数为参数；曲线需要以站点数为参数的模型",
    },
    "demand_unreachable": {
        "en": "{n} demand points cannot reach any candidate (rows {rows}); add candidates near them or raise the cutoff",
        "zh": "{n} 个需求点无法到达任何候选站点（行 {rows}）；请在其附近增加候选站点或提高距离上限",
    },
    "demand_unreachable_costs": {
        "en": "{n} demand points cannot reach any candidate within the costs given (rows {rows}); add candidates "
        "near them, raise the cutoff, or drop them from the demand",
        "zh": "{n} 个需求点在给定距离内无法到达任何候选站点（行 {rows}）；请在其附近增加候选站点、提高距离上限，"
        "或将其从需求中去掉",
    },
    "demand_unreachable_center": {
        "en": "{n} demand points reach no candidate (rows {rows}): the largest distance is unbounded",
        "zh": "{n} 个需求点无法到达任何候选站点（行 {rows}）：最大距离无上限",
    },
    "capacity_short": {
        "en": "capacity is short: total demand is {total:,.0f} but the existing sites ({fixed}) and the {p} largest "
        "candidates offer at most {most:,.0f}; add {short:,.0f} capacity, more sites, or larger candidates",
        "zh": "容量不足：总需求为 {total:,.0f}，而现有站点（{fixed} 个）和最大的 {p} 个候选站点最多只能提供 "
        "{most:,.0f}；请增加 {short:,.0f} 的容量、更多站点或更大的候选站点",
    },
    "demand_above_capacity": {
        "en": "{n} demand points need more than the largest capacity ({largest:,.0f}) and cannot be served by one "
        "site (rows {rows}); split them or use single_source=False",
        "zh": "{n} 个需求点的需求超过最大容量（{largest:,.0f}），无法由一个站点服务（行 {rows}）；请拆分它们或使用 "
        "single_source=False",
    },
    "capacity_unassignable": {
        "en": "no assignment fits the capacities with {p} new sites (total demand {total:,.0f}); the demand near "
        "some candidates may exceed what the reachable sites can take",
        "zh": "新建 {p} 个站点时找不到满足容量的分配（总需求 {total:,.0f}）；部分候选站点附近的需求可能超过可达站点的容量",
    },
    "dense_too_large": {
        "en": "this model works on the full demand × candidate matrix: {n:,} × {m:,} needs about {needed_gb:,.1f} GB "
        "of memory and {free_gb:,.1f} GB is free. Merge demand points (by residential district or road node), give "
        "fewer candidates, or use a covering model (mclp, lscp, shortfall), which keeps only the pairs within the radius",
        "zh": "该模型使用完整的需求点 × 候选站点矩阵：{n:,} × {m:,} 约需 {needed_gb:,.1f} GB 内存，当前可用 {free_gb:,.1f} GB。"
        "请合并需求点（按居住小区或路网节点），减少候选站点，或改用覆盖类模型（mclp、lscp、shortfall），它们只保留服务半径内的点对",
    },
    "capacitated_too_large": {
        "en": "the capacitated model cannot answer {n:,} demand points × {m:,} candidates within {limit} s: its quick "
        "answer works on at most {most:,} demand–candidate cells, and its MILP of {pairs:,} reachable pairs does not "
        "fit the limit. Merge demand points (by residential district or road node), give fewer candidates, or give "
        "costs only within a reach (sparse) and a longer time limit",
        "zh": "容量约束p中位模型无法在 {limit} 秒内求解 {n:,} 个需求点 × {m:,} 个候选站点：其快速解最多处理 {most:,} 个需求点–候选站点组合，"
        "而 {pairs:,} 个可达点对的混合整数规划在该时间上限内放不下。请合并需求点（按居住小区或路网节点），减少候选站点，"
        "或只给出可达范围内的成本（稀疏矩阵）并放宽时间上限",
    },
    "attendance_too_large": {
        "en": "max_attendance cannot answer {n:,} demand points × {m:,} candidates within {limit} s: building its "
        "attendance matrix alone would take most of the limit. Give a longer time limit, merge demand points (by "
        "residential district or road node), or give fewer candidates",
        "zh": "距离衰减就近入托模型无法在 {limit} 秒内求解 {n:,} 个需求点 × {m:,} 个候选站点：仅构建其入托比例矩阵就会用去大部分时间上限。"
        "请放宽时间上限，合并需求点（按居住小区或路网节点），或减少候选站点",
    },
    "no_solution_in_time": {
        "en": "no feasible solution found within the time limit ({limit} s)",
        "zh": "在时间上限（{limit} 秒）内没有找到可行解",
    },
    "center_unreachable": {
        "en": "no {p} new sites reach every demand (time limit or too few candidates)",
        "zh": "没有 {p} 个新站点能到达所有需求点（时间上限或候选站点太少）",
    },
    "no_site_open": {
        "en": "no site would be open: ask for at least one new site or give fixed sites",
        "zh": "没有任何站点开放：请至少新建一个站点，或给出固定站点",
    },
    "heuristic_unreachable": {
        "en": "the heuristic found no {p} new sites that leave every demand within reach of an open site; run with "
        "method='exact' to decide whether any choice does, or add candidates",
        "zh": "启发式算法没有找到能让所有需求点都可到达开放站点的 {p} 个新站点；请用 method='exact' 判断是否存在这样的选择，"
        "或增加候选站点",
    },
    "no_choice_reaches": {
        "en": "no choice of {p} new sites (with {fixed} existing) puts every demand within reach of an open site: "
        "some demand points can reach only a few candidates; add candidates near them or allow more sites",
        "zh": "任何 {p} 个新站点（加上 {fixed} 个现有站点）的选择都无法让所有需求点到达开放站点：部分需求点只能到达少数"
        "候选站点；请在其附近增加候选站点或允许更多站点",
    },
    "districts_beyond_reach": {
        "en": "{n} demand points have no candidate site or facility within {cutoff_m:,.0f} m along the roads, "
        "as far as the {model} model measures (ten times the service radius of {radius_m:,.0f} m): {shown}. Add "
        "candidate sites close by, give a larger --radius-m, or measure in straight lines ([distance] method = "
        "\"euclidean\")",
        "zh": "{n} 个需求点沿道路 {cutoff_m:,.0f} 米内没有任何候选站点或现有设施（{model} 模型沿道路最远计算到服务半径 "
        "{radius_m:,.0f} 米的十倍）：{shown}。请在其附近增加候选站点、增大服务半径（--radius-m），或改用直线距离"
        "（[distance] method = \"euclidean\"）",
    },
    "target_unreachable": {
        "en": "the target cannot be reached with the candidate sites in {n} areas: {shown}. Add candidate sites (or "
        "larger capacities) in those areas, or set the target at a coarser level",
        "zh": "{n} 个区域的候选站点无法达到目标：{shown}。请在这些区域增加候选站点（或更大的容量），或在更高一级区域设定目标",
    },
    "model_unsolved": {
        "en": "the {model} model could not be solved ({status})",
        "zh": "{model} 模型无法求解（{status}）",
    },
}


def error_sentence(code: str, facts: Mapping[str, Any], lang: str) -> str:
    """Return the error ``code`` of :data:`ERRORS` in ``lang``, filled with ``facts``
    (``level_word``/``mode_word`` are ``level``/``mode`` said in that language; ``level`` and
    ``mode`` themselves stay the values a config or the command line takes)."""
    filled = _filled(facts, lang)
    filled.update({f"{fact}_word": _said(filled[fact], lang) for fact in ("level", "mode") if fact in filled})
    if lang == "zh":
        return ERRORS[code]["zh"].format(**filled)
    return one_in_the_singular(ERRORS[code]["en"].format(**filled))
