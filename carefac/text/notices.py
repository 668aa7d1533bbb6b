"""The notices' sentences in both languages: every estimate, substitution or conversion that
changed a number (see :class:`carefac._notices.Notice`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["NOTICES", "NOTICE_WORDS", "notice_sentence"]

#: code → {"en": …, "zh": …}, filled with the notice's facts
NOTICES: dict[str, dict[str, str]] = {
    "population_column": {
        "en": "population is read from '{column}' as mapped in the config; the plan's denominator is resident "
        "population (常住人口), so the ratios are per 1000 of that column instead.",
        "zh": "人口取自配置中指定的“{column}”列；规划的分母是常住人口，比值按该列计算。",
    },
    "column_of_a_year": {
        "en": "'{column}' is read as {header}, the figures of {year}.",
        "zh": "“{column}”读作{header}（{year}年的数）。",
    },
    "unit_converted": {
        "en": "'{column}' is in {unit}: its values are multiplied by {factor:,.0f}.",
        "zh": "“{column}”的单位是{unit}，数值已乘以{factor:,.0f}。",
    },
    "unit_converted_wan": {
        "en": "column '{column}': {n} values are written with 万 (e.g. '{example}', read as {first:,.0f}): each is "
        "multiplied by 10,000.",
        "zh": "“{column}”列有{n}个以“万”书写的数值（如“{example}”读作{first:,.0f}），已按×10000读取。",
    },
    "closed_lines_as_polygons": {
        "en": "{n} of {total} outlines are drawn as closed lines (rows {rows}), as CAD drawings are: read as the "
        "areas they close.",
        "zh": "{total}个要素中有{n}个以闭合线绘制（第 {rows} 行，如 CAD 图纸导出）：按其围成的面读取。",
    },
    "every_row_from_config": {
        "en": "the file has no {key} column: its {n} rows are read as {key} = '{value}', as [layers.{kind}] says.",
        "zh": "文件中没有 {key} 列：按 [layers.{kind}] 的设置，{n} 行均读作 {key} = '{value}'。",
    },
    "title_unit_read": {
        "en": "the title above the table gives the figures' unit ({unit}): read as the unit of {headers}.",
        "zh": "表格上方的标题注明“单位：{unit}”：已作为 {headers} 的单位读取。",
    },
    "kml_descriptions_read": {
        "en": "the placemarks' descriptions hold their attributes: read as the columns {columns}.",
        "zh": "各标注的描述中写有属性，已读作以下列：{columns}。",
    },
    "join_codes_by_name": {
        "en": "{n} rows have no area code: each is matched to the one area of the boundaries with its name (rows {rows}; "
        "e.g. {example}).",
        "zh": "有{n}行没有区划代码：已按名称与边界中唯一同名的区域对应（第 {rows} 行；如 {example}）。",
    },
    "join_names_differ": {
        "en": "{n} rows name their area otherwise than the boundaries do (code, name in the boundaries / in the table: "
        "{pairs}): joined by code — a renamed place, or a code typed for another area? Check these rows.",
        "zh": "有{n}行的区域名称与边界不同（代码 边界中的名称 / 表中的名称：{pairs}）：按区划代码对应——是地名变更，"
        "还是代码填成了其他区域的？请核对这些行。",
    },
    "join_by_name": {
        "en": "the table has no area codes: its {n} rows are matched to the boundaries by name.",
        "zh": "表格没有区划代码：其{n}行按名称与边界对应。",
    },
    "files_read_together": {
        "en": "{n} files are read as one layer of {total} rows: {files}; rows are named with their file, e.g. 3 ({first}).",
        "zh": "{n}个文件合并为一个图层读取，共{total}行：{files}；行号后注明文件，如 3 ({first})。",
    },
    "ids_qualified_by_file": {
        "en": "{n} rows have an id another file also uses (each file numbers its own): they are named with their "
        "file, e.g. {example}.",
        "zh": "有{n}行的编号在另一个文件中也有（各文件各自编号）：编号前加上文件名，如 {example}。",
    },
    "under3_from_share": {
        "en": "children under 3 are each area's residents times their share in '{column}' (e.g. {example}): an "
        "estimate as good as the share.",
        "zh": "3岁以下人口按各区域常住人口乘以“{column}”中的比例得出（如 {example}）：其准确程度取决于该比例。",
    },
    "under3_from_age_columns": {
        "en": "children under 3 are the sum of the columns {columns}.",
        "zh": "3岁以下婴幼儿数为 {columns} 各列之和。",
    },
    "under3_from_census_bands": {
        "en": "children under 3 are estimated as '{zero}' + ½ × '{band}' (ages 1–2 taken as half of ages 1–4, as "
        "carefac estimates them from the 2020 census).",
        "zh": "3岁以下婴幼儿数按“{zero}” + ½ × “{band}”估算（1–2岁按1–4岁的一半计，与 carefac 用2020年人口普查估算的方法相同）。",
    },
    "population_from_own_household_size": {
        "en": "the population of {n} of {total} residential districts is estimated as households × their own "
        "persons per household (户均人口).",
        "zh": "{total}个居住区中有{n}个的人口按户数 × 本小区户均人口估算。",
    },
    "population_from_households": {
        "en": "the population of {n} of {total} residential districts is estimated as households × {persons:g} "
        "persons per household (the profile's persons_per_household).",
        "zh": "{total}个居住区中有{n}个的人口按户数 × {persons:g}人/户（配置中的户均人口）估算。",
    },
    "population_from_planned": {
        "en": "residential districts without residents take their planned population from '{column}' ({n}; "
        "{districts}): a new district's residents-to-be.",
        "zh": "没有常住人口的居住区已按“{column}”列的规划人口计算（{n}个；{districts}）：即新建居住区将入住的人口。",
    },
    "under3_estimated": {
        "en": "children under 3 of {n} of {total} demand points are estimated: residents × the under-3 share of the "
        "township or county they lie in (weight_basis = estimated_under3).",
        "zh": "{total}个需求点中有{n}个的3岁以下婴幼儿数为估算值：常住人口 × 所在乡镇或县区的3岁以下人口比例"
        "（权重来源 = 按所在区域比例估算）。",
    },
    "under3_estimated_census": {
        "en": "children under 3 of {n} of {total} demand points are estimated from the 2020 census age structure of "
        "their county: residents × (0-year-olds + ½ × 1–4-year-olds) ÷ residents "
        "(weight_basis = estimated_census2020).",
        "zh": "{total}个需求点中有{n}个的3岁以下婴幼儿数按2020年人口普查所在县区的年龄结构估算："
        "常住人口 ×（0岁 + ½ × 1–4岁）÷ 常住人口（权重来源 = 按2020年普查估算）。",
    },
    "demand_at_area_points": {
        "en": "there is no residential layer: the demand is one point per {level} ({n} points, each holding all "
        "its area's children under 3), so coverage within the service distance and every distance are measured "
        "from that one point; give the residential districts (居住区) for answers at a neighbourhood's scale.",
        "zh": "没有居住区图层：需求按每个{level}一个点计算（共{n}个点，每个点代表该区域全部3岁以下婴幼儿），"
        "服务半径内的覆盖和所有距离都从这一个点量起；如需社区尺度的结果，请提供居住区图层。",
    },
    "weight_population": {
        "en": 'demand is weighted by residents, not children under 3, as the config asks (weight = "population"): '
        "'children served' figures are residents.",
        "zh": '按配置（weight = "population"）以常住人口而非3岁以下婴幼儿作为需求权重：“服务人数”为常住人口。',
    },
    "stacked_points": {
        "en": "{count} rows share one identical point ({x:.6f}, {y:.6f}; rows {rows}): often a geocoder's fallback "
        "to a county seat or town centre. Check their addresses; distances from them are not real.",
        "zh": "{count}行位于同一坐标点（{x:.6f}, {y:.6f}；行{rows}），常见于地址解析失败后回落到县城或镇中心，"
        "请核对地址，这些点的距离不可靠。",
    },
    "points_in_other_area": {
        "en": "points lie in another area than their row's '{column}' names ({n}: {places}); each is counted "
        "where its point lies: check the coordinates or the column.",
        "zh": "有{n}个点不在其“{column}”所填的区域内（{places}）：按点所在区域计入；请核对坐标或该列。",
    },
    "declared_area_unknown": {
        "en": "cells of '{column}' name no single area of the areas layer by code or name ({n}: {values}); not "
        "checked.",
        "zh": "“{column}”列有{n}个单元格的代码或名称不能对应区划图层中唯一的区域（{values}）：未核对。",
    },
    "slots_zero": {
        "en": "{n} rows give 0 for '{column}' (rows {rows}): counted with none; give the number if it is only "
        "not known.",
        "zh": "有{n}行的“{column}”为 0（第{rows}行）：按 0 计入；如只是数字未知，请填写实际数字。",
    },
    "areas_no_residents": {
        "en": "{n} areas have 0 residents ({names}; rows {rows}): their slots per 1000 are not computed and they "
        "are not counted among the areas below target.",
        "zh": "有{n}个区域常住人口为 0（{names}；第{rows}行）：不计算其每千人口托位数，也不计入未达标区域。",
    },
    "residential_no_residents": {
        "en": "{n} residential districts have 0 residents ({names}; rows {rows}): the slots they need are not "
        "known, so their rules are not checked.",
        "zh": "有{n}个居住区人口为 0（{names}；第{rows}行）：所需托位未知，不检查其相关规则。",
    },
    "crs_old_datum": {
        "en": "the layer is in {crs}, an older national system with no exact shift to CGCS2000/WGS84 available "
        "offline: converted approximately, positions may be some tens of metres off. For exact positions, convert "
        "it to CGCS2000 in your GIS with your bureau's parameters.",
        "zh": "该图层采用 {crs}，为旧国家坐标系，离线无法精确转换到 CGCS2000/WGS84：已近似转换，位置可能偏差数十米。"
        "如需精确位置，请在 QGIS 等软件中用本单位的转换参数转为 CGCS2000。",
    },
    "coordinates_coarse": {
        "en": "{n} of {total} points are given to two decimals of a degree or fewer (rows {rows}, e.g. {x}, {y}): "
        "each may lie some 700 m from where it is, enough to move it across a service distance or into the next "
        "township. A spreadsheet saved as CSV keeps only the decimals it shows: show six decimals and save again.",
        "zh": "{total} 个点中有 {n} 个坐标只有两位或更少的小数（第 {rows} 行，如 {x}, {y}）：位置可能偏差约 700 米，"
        "足以跨过服务半径或落入相邻乡镇。表格另存为 CSV 时只保存显示出的小数：请将坐标显示为六位小数后重新保存。",
    },
    "residential_fewer_residents_than_households": {
        "en": "residential districts with no more residents than households ({n}; rows {rows}; the first {population} "
        "residents in {households} households): are the columns swapped, or households typed as residents? "
        "Counted as given.",
        "zh": "有{n}个居住区的人口不多于户数（第 {rows} 行；第一个为 {households} 户 {population} 人）：是否两列填反，"
        "或把户数填入了人口列？按所填数值计算。",
    },
    "areas_part_of_a_city": {
        "en": "the areas hold {n} of the {total} counties of {city} in the 2020 census (not in the layer: {missing}): "
        "the whole-city figures and the city's rules describe the counties in the layer, not the whole of {city}.",
        "zh": "区域图层只含{city}（2020年人口普查）{total}个县区中的{n}个（图层中没有：{missing}）：“全市”的数值和"
        "市级规则只反映这{n}个县区，而非{city}全市。",
    },
    "areas_far_from_census": {
        "en": "counties with under half or over twice their residents in the 2020 census ({n}; given / census: "
        "{counties}): a figure in another unit, a township's figure or a typo? Counted as given.",
        "zh": "有{n}个县区的常住人口不到2020年人口普查数的一半或超过两倍（所填 / 普查：{counties}）：是否单位不同、"
        "填成了乡镇的数或输入有误？按所填数值计算。",
    },
    "area_codes_twelve_digits": {
        "en": "areas with codes in the 12-digit statistical form ({n}; e.g. {example}) are read in their short form, "
        "as the outputs write them and the census and the other tables key them.",
        "zh": "有区域使用12位统计用区划代码（{n}个；如{example}）按短代码读取，输出、人口普查数据和其他表均使用短代码。",
    },
    "table_keyed_by_name": {
        "en": "the table has no code column: its rows are matched to the counties by their names in '{column}'.",
        "zh": "该表没有区划代码列：按“{column}”列中的名称对应各县区。",
    },
    "slots_not_childcare": {
        "en": "slots written for facilities of a kind that is no childcare ({n}; {facilities}; {slots:,} slots in all): "
        "not counted in the slots per 1000, as the plan's 托位 are childcare places. If they are, correct the kind.",
        "zh": "有非托育类设施填写了托位数（{n}处；{facilities}；共{slots:,}个）：规划中的托位指托育服务机构的托位，"
        "未计入每千人口托位数。如确为托育托位，请更正设施类型。",
    },
    "existing_districts_recent": {
        "en": "residential districts marked existing but completed in or after {year} ({n}; {districts}): checked as new "
        "districts, whose childcare is to be delivered with the housing.",
        "zh": "有居住区标为已建成，但竣工年份在{year}年或之后（{n}个；{districts}）：按新建居住区检查（托育设施应与住宅同步交付）。",
    },
    "new_districts_completed_before": {
        "en": "residential districts marked new but completed before {year} ({n}; {districts}): checked as new, as "
        "marked. If they were delivered before the plan, mark them existing: the rule for old districts applies.",
        "zh": "有居住区标为新建，但竣工年份早于{year}年（{n}个；{districts}）：按标注作为新建居住区检查。"
        "如在规划实施前已交付，请标为已建成，适用老旧居住区的规定。",
    },
    "planned_not_counted": {
        "en": "childcare facilities planned or under construction ({n}, {slots:,} slots): not counted in the "
        "slots per 1000 of today; --include-planned counts them.",
        "zh": "有{n}个托育机构为规划或在建（托位{slots:,}个）：未计入当前每千人口托位数；如需计入，请使用“同时计入规划和在建设施”选项。",
    },
    "planned_counted": {
        "en": "childcare facilities planned or under construction ({n}, {slots:,} slots) are counted, as asked "
        "(--include-planned).",
        "zh": "按“同时计入规划和在建设施”选项，计入了{n}个规划或在建的托育机构（托位{slots:,}个）。",
    },
    "demand_districts_leave_out": {
        "en": "the demand points are the {d} residential districts ({in_districts:,} of the {all:,} residents); {n} of "
        "the {total} {level} areas hold none ({residents:,} residents): children there count in no figure of "
        "children within reach, only in the slots per 1000.",
        "zh": "需求点为{d}个居住区（常住人口{in_districts:,}人，全部{all:,}人）；{total}个{level}中有{n}个没有居住区"
        "（常住人口{residents:,}人）：这些地方的婴幼儿不计入任何“服务范围内婴幼儿”数，只计入每千人口托位数。",
    },
    "indicator_province_filled": {
        "en": "the provincial average of {indicator} is not given for {n} counties ({codes}; written once, or in a "
        "cell merged down the column): each county is compared with the one average given.",
        "zh": "{indicator}的全省平均值有{n}个县区未填（{codes}；只写一次，或为向下合并的单元格）：各县区均与所填的"
        "平均值比较。",
    },
    "table_notes_skipped": {
        "en": "rows holding a note only, not a place ({n}; {notes}): passed over.",
        "zh": "表中有只含注释的行（{n}行。{notes}）：未读取。",
    },
    "section_rows_skipped": {
        "en": "{n} rows hold a section heading only, not a place (rows {rows}): passed over.",
        "zh": "表中有{n}行是分组标题，不是设施（第{rows}行）：未读取。",
    },
    "shapefile_cpg_wrong": {
        "en": "the shapefile's .cpg says its text is {cpg}, but its bytes are not: read as {encoding} (names and "
        "headers would otherwise be garbled or unreadable).",
        "zh": "该 shapefile 的 .cpg 声明文字编码为 {cpg}，但内容并非如此：已按 {encoding} 读取（否则名称和表头会乱码或无法读取）。",
    },
    "shapefile_names_completed": {
        "en": "field names cut at the shapefile's 10 bytes are read as the headers they begin: {names}.",
        "zh": "该图层的字段名被截断为 10 个字节，按其开头对应的表头读取：{names}。",
    },
    "outlines_as_points": {
        "en": "{n} of {total} rows are outlines (a parcel, a footprint; rows {rows}): each is placed at a point "
        "inside it, from which distances are measured.",
        "zh": "{total}行中有{n}行为面（地块、建筑轮廓；第{rows}行）：各取其内部一点作为位置，距离从该点量起。",
    },
    "district_link_unknown": {
        "en": "{n} facilities name a district_id that is no district of the residential layer ({values}; rows "
        "{rows}): the link (配建) is not used, so the district they were built with may look unserved.",
        "zh": "有{n}个设施填写的居住区编号不在居住区图层中（{values}；第{rows}行）：该配建关联未使用，其所属居住区可能显示为未配建。",
    },
    "area_parts_joined": {
        "en": "{n} areas are drawn as several features with the same code and figures (code name (parts; rows): "
        "{areas}): each is read as one area.",
        "zh": "有{n}个区域由多个代码和数据相同的要素组成（代码 名称（部分数；行）：{areas}）：各合并为一个区域读取。",
    },
    "join_by_other_code_column": {
        "en": "its code column '{header}' does not hold every area's code, '{column}' does: the table is joined by "
        "'{column}' (a census table keeps both the codes of its year and today's).",
        "zh": "表中的代码列“{header}”未包含全部区域的代码，“{column}”列包含：已按“{column}”列对应（人口普查表常同时保留普查年份和现行的区划代码）。",
    },
    "parents_by_name": {
        "en": "parents written as names are read as the codes of the areas of that name ({n}; {parents}).",
        "zh": "以名称填写的上级区划已按同名区域的代码读取（{n}个；{parents}）。",
    },
    "district_parts_joined": {
        "en": "{n} residential districts are drawn as several polygons with the same id and figures (id name (parts; "
        "rows): {districts}): each is read as one district, its residents counted once.",
        "zh": "有{n}个居住区由多个编号和数据相同的多边形组成（编号 名称（部分数；行）：{districts}）：各合并为一个居住区读取，人口只计一次。",
    },
    "counties_from_townships": {
        "en": "the areas layer gives townships only: {n} counties are made from them, each the union of its "
        "townships with their residents added up (code name (townships, residents): {counties}); {unnamed} "
        "not in the shipped census list are named by their code.",
        "zh": "区划图层只有乡镇：由其组成{n}个县(区)，各为所辖乡镇之和，常住人口相加（代码 名称（乡镇数，常住人口）：{counties}）；"
        "{unnamed}个不在内置普查名录中的县(区)以代码为名。",
    },
    "areas_joined": {
        "en": "the {n} areas' {columns} are read from {table}, joined by {key}.",
        "zh": "{n}个区域的 {columns} 取自 {table}，按{key}连接。",
    },
    "areas_joined_replacing": {
        "en": "the {n} areas' {columns} are read from {table}, joined by {key} (taken from the table over the "
        "boundary file's own: {replaced}).",
        "zh": "{n}个区域的 {columns} 取自 {table}，按{key}连接（以该表为准、替换边界文件中的同名列：{replaced}）。",
    },
    "join_rows_unused": {
        "en": "{n} rows match no area of the boundaries ({codes}; rows {rows}): not read (totals, or places "
        "outside the study).",
        "zh": "有{n}行未对应边界中的任何区域（{codes}；第{rows}行）：未读取（合计行或研究区以外的区域）。",
    },
    "counties_not_made": {
        "en": "the areas layer gives townships only, but they hold only part of their county's residents "
        "(code name: townships / 2020 census: {counties}): no county is made of them, and the county rules are "
        "skipped; add the county rows to check them.",
        "zh": "区划图层只有乡镇，且其常住人口只占所属县(区)的一部分（代码 名称：乡镇合计 / 2020年普查：{counties}）："
        "不据此组成县(区)，县级规则不检查；如需检查，请添加县(区)行。",
    },
    "table_total_rows": {
        "en": "totals or the whole city's figures (合计, 全市 …; rows {rows}), not a county: not read.",
        "zh": "合计或全市数据（合计、全市等；第 {rows} 行），不是县(区)：未读取。",
    },
    "table_rows_outside": {
        "en": "areas outside the study ({codes}; rows {rows}): not read (every county of the study has "
        "its row).",
        "zh": "研究区以外的区域（{codes}；第 {rows} 行）：未读取（研究区各县(区)均有对应行）。",
    },
    "status_column_missing": {
        "en": "the list has no status column (状态): all {n} facilities are counted as open. Give a 状态 column "
        "(现有, 在建, 规划, 停业) when some are planned, being built or closed.",
        "zh": "名单没有状态列：全部{n}个设施按正常运营计。如有规划、在建或停业的设施，请增加“状态”列"
        "（现有、在建、规划、停业）。",
    },
    "status_from_question": {
        "en": "no status column: the yes/no column '{column}' is read as each facility's status (open or closed).",
        "zh": "没有状态列：以“是/否”列“{column}”判断各设施是否正常运营。",
    },
    "number_notes_read_past": {
        "en": "column '{column}': the number before a note in brackets is read, the note is not (rows {rows}: "
        "{examples}).",
        "zh": "“{column}”列：读取括号注释前的数字，注释不读取（第{rows}行：{examples}）。",
    },
    "completion_decades": {
        "en": "completion years given as a decade (rows {rows}, e.g. {example}) are read as its first year: a district "
        "of a decade before 2020 was completed before the plan either way (2020年代 is asked for as a year).",
        "zh": "以年代填写的竣工年份（第{rows}行，如 {example}）按该年代的第一年读取：2020年以前年代建成的居住区均早于规划"
        "（“2020年代”须填写具体年份）。",
    },
    "population_from_total_by_sex": {
        "en": "'{column}' beside 男 and 女 is read as the residents (常住人口), as the table's title says ('{title}').",
        "zh": "按表格标题（“{title}”），将“男”“女”旁的“{column}”读作常住人口。",
    },
    "facilities_closed": {
        "en": "{n} facilities are marked closed (停业, 关闭, 注销 …; rows {rows}) and left out of the slots and "
        "services counted.",
        "zh": "{n}个设施标为停业（停业、关闭、注销等；行{rows}）：其托位和服务不计入。",
    },
    "district_childcare_columns_not_read": {
        "en": "the districts' own columns on their childcare ({columns}) are not read: a district's childcare is "
        "counted from the facility list (a centre inside its outline, or linked by 所属小区 / district_id). A "
        "district whose column says it has childcare but whose centre is missing from that list is flagged: "
        "add the centre to the facility list.",
        "zh": "居住区自填的托育情况列（{columns}）未读取：居住区的托育按设施名单计算（位于其范围内、或以“所属小区”/"
        "district_id 关联的托育机构）。某居住区此列填有托育、但其机构不在设施名单中的，会被标记为不达标：请将该机构"
        "补入设施名单。",
    },
    "residential_points": {
        "en": "{n} of {total} residential districts are points, not outlines: a facility counts as a new "
        "district's own (配建) only when its district_id links it or it stands on the district's very point "
        "(inside the outline cannot be told), and distances are measured from the point. Outlines give both.",
        "zh": "{total}个居住区中有{n}个是点而非轮廓面：新建居住区的配建托育只认设施上填写的居住区编号、或与居住区点位"
        "完全重合的设施（无法判断是否位于区内），距离从该点量起。提供居住区轮廓面可两者兼顾。",
    },
    "coordinates_one_column": {
        "en": "coordinates are read from the one column '{column}' as longitude, latitude (e.g. {example}).",
        "zh": "坐标取自“{column}”一列，按“经度,纬度”读取（如 {example}）。",
    },
    "coordinates_one_column_latitude_first": {
        "en": "coordinates are read from the one column '{column}', written latitude first (e.g. {example}): in "
        "China a latitude (3–54°) cannot be a longitude (73–136°), so each pair is read as latitude, longitude.",
        "zh": "坐标取自“{column}”一列，写法为纬度在前（如 {example}）：在中国纬度（3–54°）与经度（73–136°）不会混淆，"
        "因此每对数值按“纬度,经度”读取。",
    },
    "coordinates_second_pair": {
        "en": "the coordinates are read from {read}; {other} is a second pair of coordinates and is not read (if it "
        "is the one meant, map it: x = \"{x}\", y = \"{y}\", with its crs).",
        "zh": "坐标取自{read}；{other}是另一组坐标，未读取（如应使用该组，请在配置中指定：x = \"{x}\"，y = \"{y}\"，并注明其坐标系 crs）。",
    },
    "coordinates_dms": {
        "en": "{n} rows give their coordinates in degrees, minutes and seconds or with hemisphere letters (e.g. {x}, "
        "{y}): read as decimal degrees ({lon:.6f}, {lat:.6f}).",
        "zh": "{n}行的坐标以度分秒或带方位字母书写（如 {x}、{y}）：已换算为十进制度（{lon:.6f}, {lat:.6f}）。",
    },
    "workbook_named_as_text": {
        "en": "the file is an Excel workbook though its name says text (renamed, not saved as CSV): read as the workbook.",
        "zh": "该文件名为文本文件，实为 Excel 工作簿（改了扩展名而非另存为 CSV）：按工作簿读取。",
    },
    "empty_sheet_skipped": {
        "en": "the sheet '{skipped}' is empty: the data are read from the sheet '{sheet}' (name another with sheet = \"…\").",
        "zh": "工作表“{skipped}”为空：数据取自工作表“{sheet}”（如需其他工作表，请设置 sheet = \"…\"）。",
    },
    "instruction_sheet_skipped": {
        "en": "the sheet '{skipped}' reads as instructions or a cover page: the data are read from the sheet '{sheet}' "
        "(name another with sheet = \"…\").",
        "zh": "工作表“{skipped}”是说明页或封面：数据取自工作表“{sheet}”（如需其他工作表，请设置 sheet = \"…\"）。",
    },
    "rows_hidden": {
        "en": "{n} rows are hidden or filtered out in sheet '{sheet}' of the workbook (rows {rows}): read and "
        "counted like the others; delete any that should not count.",
        "zh": "工作表“{sheet}”中有{n}行被隐藏或筛选掉（第{rows}行）：这些行同样读取并计入；如不应计入，请删除。",
    },
    "merged_cells_filled": {
        "en": "{n} merged cell ranges ({ranges}) are filled in: every row under a merged range takes its value, "
        "as the sheet shows it.",
        "zh": "{n}处合并单元格（{ranges}）按表中所见读取：所跨的每一行都取该值。",
    },
    "column_headerless": {
        "en": "column {column} has no header and is not read (its first value: '{example}'); give it a header "
        "if carefac should read it.",
        "zh": "第 {column} 列没有表头，未读取（首个值：“{example}”）；如需读取，请为其填写表头。",
    },
    "sheets_read_together": {
        "en": "{n} sheets with the same columns are read as one list of {total} rows (sheet = \"*\"): {sheets}; "
        "rows are named with their sheet, e.g. 3 (西县).",
        "zh": "{n}张列相同的工作表合并为一份名单读取，共{total}行（sheet = \"*\"）：{sheets}；行号后注明工作表，如 3 (西县)。",
    },
    "join_townships_summed": {
        "en": "the table gives no row of its own for {n} townships but rows of their villages and communities (村/社区, "
        "12-digit codes; {villages} rows): each township's residents are its villages' added up ({townships}; villages, "
        "residents). A village left out of the table lowers its township's figure: check the counts.",
        "zh": "表中没有{n}个乡镇（街道）本身的行，只有其所辖村/社区的行（12位代码，共{villages}行）：各乡镇的常住人口按所辖村/社区"
        "相加得出（{townships}；村/社区数、常住人口）。表中缺少的村/社区会使所属乡镇的人口偏低，请核对村/社区数。",
    },
    "join_counties_summed": {
        "en": "the table gives no row of its own for {n} counties ({counties}; townships, residents): each county's "
        "residents (and children under 3, where every township gives them) are its townships' added up (their outlines "
        "cover it; a yearbook's 小计 rows are not read).",
        "zh": "表中没有{n}个县（区）本身的行（{counties}；乡镇数、常住人口）：其常住人口（以及各乡镇均有时的3岁以下人口）"
        "按所辖乡镇相加得出（乡镇范围覆盖全县；统计年鉴中的“小计”行不读取）。",
    },
    "boundaries_coded_by_name": {
        "en": "the boundaries have names but no codes: {n} areas take their code from this table's row of the same name.",
        "zh": "边界文件只有名称、没有区划代码：{n}个区域按名称取用本表中的区划代码。",
    },
    "district_links_by_name": {
        "en": "{n} facilities name a residential district where its id belongs ({links}): linked to it by name.",
        "zh": "有{n}个设施填写的是所属居住区的名称而不是编号（{links}）：已按名称关联。",
    },
    "header_rows_skipped": {
        "en": "the header is repeated on rows {rows} (lists pasted one under another, each with its header): passed over.",
        "zh": "第{rows}行重复了表头（多个名单上下粘贴，各带表头）：已跳过。",
    },
    "template_example_only": {
        "en": "the layer holds only the template's example ({names}): the results describe the example, not your "
        "city; replace it with your rows.",
        "zh": "该图层只有模板的示例行（{names}）：结果描述的是示例，而不是您的城市；请换成您的数据。",
    },
    "indicators_turned": {
        "en": "the table gives its {n} indicators in rows and the counties in columns ({counties}): read turned, a "
        "row per county.",
        "zh": "该表按行列出{n}个指标、按列列出各县区（{counties}）：已转置读取，每县区一行。",
    },
    "notes_say_not_open": {
        "en": "{n} facilities have a note in '{column}' saying closed or not open yet beside a status counted as open (rows "
        "{rows}): their slots are counted, as the status says; if the note is right, set the status ('停业', '筹建', "
        "'在建').",
        "zh": "有{n}个按状态计为运营的设施，其“{column}”写明已停业或尚未开业（{rows}）：仍按状态计入其托位；如备注属实，"
        "请修改状态（停业、筹建、在建）。",
    },
    "slots_of_classes_added": {
        "en": "no column of slots: each row's slots are its classes' added up ({columns}; a class left blank is none).",
        "zh": "没有托位数列：各行托位数按班级相加（{columns}；空白的班级按没有该班计）。",
    },
    "slots_classes_disagree": {
        "en": "{n} rows give slots by class that add up to another figure than '{column}' (rows {rows}; row {row}: "
        "{added} by class, {total} in '{column}'; classes: {classes}): '{column}' is counted. A class left out, or "
        "a figure mistyped?",
        "zh": "有{n}行按班级填写的托位数之和与“{column}”不同（第 {rows} 行；第 {row} 行：班级合计{added}，“{column}”为{total}；"
        "班级列：{classes}）：按“{column}”计。是漏填了班级，还是数字填错？",
    },
    "total_rows_passed_over": {
        "en": "total rows without coordinates passed over: rows {rows} (sums of the rows, not places: their figures "
        "are not counted again).",
        "zh": "已跳过没有坐标的合计行：{rows}（各行之和，不是设施：其数字不重复计算）。",
    },
    "total_rows_passed_over_differ": {
        "en": "the total row without coordinates (row {rows}) is passed over, but its {column} ({given:,.0f}) is not "
        "the sum of the rows ({added:,.0f}): are rows missing from the list, or typed twice?",
        "zh": "没有坐标的合计行（{rows}）已跳过，但其“{column}”（{given:,.0f}）与各行之和（{added:,.0f}）不一致："
        "是否缺少行或有重复录入？",
    },
    "two_row_header_read": {
        "en": "the header is two rows ({first} and {second}: group labels over the columns they hold): read as one "
        "({headers}); the data start below row {second}.",
        "zh": "表头为两行（第{first}、{second}行：上行为分组，下行为各列名称）：已合为一行读取（{headers}）；数据从第{second}行之后开始。",
    },
    "units_row_read": {
        "en": "row {row} under the headers gives units only: read as the headers' units ({headers}); the data "
        "start below it.",
        "zh": "表头下方第{row}行只有单位：已作为表头的单位读取（{headers}）；数据从其下一行开始。",
    },
    "title_rows_skipped": {
        "en": "the headers are read from row {row}: the title rows above them ({n}; '{title}') are skipped.",
        "zh": "表头上方的{n}行标题（“{title}”）已跳过：从第{row}行读取表头。",
    },
    "rows_repeat_but_id": {
        "en": "{n} rows repeat another row in everything but the {column} (row = the row it repeats: {pairs}): "
        "each is counted; delete the copies if they are copies.",
        "zh": "{n}行除{column}外与另一行完全相同（行 = 所重复的行：{pairs}）：均已计入；如为重复录入请删除。",
    },
    "rows_near_copies": {
        "en": "{n} pairs of rows have the same name, kind and slots, within {most:.0f} m of each other "
        "({pairs}): one place entered twice? Each is counted; delete the copies if they are copies.",
        "zh": "有{n}对行的名称、类型和托位数相同，且相距不到{most:.0f}米（{pairs}）：是否同一处录入了两次？均已计入；"
        "如为重复录入请删除。",
    },
    "slots_implausible": {
        "en": "{n} rows give more than {most:,} slots in '{column}' (rows {rows}; the largest {largest:,.0f}): one "
        "childcare facility rarely has more than a few hundred. Check for a typo or an area's total entered as one "
        "facility; they are counted as given.",
        "zh": "{n}行的“{column}”超过{most:,}个托位（行{rows}；最大{largest:,.0f}）：单个托育机构通常不超过几百个托位，"
        "请核对是否录入错误或把区域合计填成了一个机构；目前按所填数值计算。",
    },
    "under3_share_implausible": {
        "en": "{n} rows (rows {rows}; e.g. {example}) give children under 3 as a share of residents outside "
        "{low:.1%}–{high:.0%} (the 2020 census counties of Fujian: about 2–5 %): percentages, another unit or a typo? "
        "Counted as given.",
        "zh": "有{n}行（第{rows}行；如 {example}）3岁以下人口占常住人口的比例不在{low:.1%}–{high:.0%}之间"
        "（2020年普查福建各县约2%–5%）：是否填成了百分比、用了其他单位或录入错误？目前按所填数值计算。",
    },
    "population_sum_differs": {
        "en": "{name} ({area_id}) has {own:,.0f} residents but its townships add up to {total:,.0f} "
        "({diff:+,.0f}, {share:+.1%}).",
        "zh": "{name}（{area_id}）常住人口{own:,.0f}人，所辖乡镇合计{total:,.0f}人（差{diff:+,.0f}，{share:+.1%}）。",
    },
    "access_skipped": {
        "en": "accessibility not computed: {reason}",
        "zh": "未计算可达性：{reason}",
    },
    "sites_without_capacity": {
        "en": "proposed sites without a capacity ({n}; {sites}) count as no new slots in the slots per 1000 after "
        "the plan: give their capacity (slots) in the candidates layer.",
        "zh": "有拟建站点没有容量（{n}个；{sites}）：规划后的每千人口托位数按未新增托位计算；请在候选站点图层中填写其容量（托位数）。",
    },
    "demand_out_of_reach": {
        "en": "{n} of the {total} demand points have no candidate site or facility within {radius:g} m ({shown}): no "
        "choice of sites covers them, and the {model} model's sites cover every other one. Add candidate sites "
        "close to them, or give a larger service radius.",
        "zh": "{total}个需求点中有{n}个在{radius:g}米内没有任何候选站点或现有设施（{shown}）：任何选址都无法覆盖它们，"
        "{model}的站点覆盖其余全部需求点。请在其附近增加候选站点，或增大服务半径。",
    },
    "sites_add_nothing": {
        "en": "none of the proposed sites ({n}) adds to the {model} model's aim: what they could serve is served "
        "already by the existing facilities, or beyond every candidate's reach. Any other candidates would do "
        "as well: widen the candidates, the service distance or the model.",
        "zh": "拟建站点（{n}个）均未改善{model}的目标：它们可服务的对象已由现有设施服务，或不在任何候选站点的服务范围内；"
        "换成其他候选站点结果相同。请扩充候选站点、调整服务半径或更换模型。",
    },
    "sites_some_add_nothing": {
        "en": "proposed sites that add nothing to the {model} model's aim and serve no one ({n}; {sites}): more "
        "sites were asked than the aim can use, and these are any candidates. Fewer sites do as well.",
        "zh": "有拟建站点对{model}的目标没有贡献，也不服务任何对象（{n}个；{sites}）：要求的站点数多于目标所需，"
        "这些站点可换成任意候选点。减少站点数效果相同。",
    },
    "access_after_unknown": {
        "en": "accessibility after the plan is not computed: proposed sites have no capacity (slots) in the "
        "candidates layer ({n}); give their capacity to see it.",
        "zh": "未计算规划后的可达性：候选站点图层中有{n}个拟建站点没有容量（托位数）；填写容量后即可计算。",
    },
    "candidates_dropped": {
        "en": "{n} of {total} candidates stand on an existing or planned childcare facility ({examples}) and are "
        "not proposed as new sites (their slots are already counted).",
        "zh": "{total}个候选点中有{n}个与现有或规划托育机构位置相同（{examples}），不作为新建站点（其托位已计入）。",
    },
    "roads_in_pieces": {
        "en": "the road network falls apart: its largest connected piece holds {share:.0%} of its nodes. A place on "
        "one piece cannot reach a facility on another and reads as beyond every service distance: check the "
        "roads cover the study area and join where they should.",
        "zh": "路网不连通：最大的连通部分只包含{share:.0%}的节点。位于不同部分的地点之间无法到达，会被视为超出服务距离；"
        "请检查路网是否覆盖研究区域、道路是否在应连接处相连。",
    },
    "road_crossings_joined": {
        "en": "road lines that cross without a shared point are joined where they cross ({n} crossings): a bridge "
        "over a road or a tunnel under it is joined too. Split the lines at their junctions yourself to decide.",
        "zh": "相交但没有共同节点的道路线已在交叉处连接（{n}处）：跨线桥、隧道也会被连接。如需区分，请自行在交叉口处打断道路线。",
    },
    "slots_above_children": {
        "en": "townships with more childcare slots than children under 3 ({n}; slots / children under 3: {areas}): an "
        "area's total entered for one facility, a facility placed in the wrong township, or the children in another "
        "unit? Counted as given.",
        "zh": "有乡镇的托位数多于3岁以下婴幼儿数（{n}个；托位 / 3岁以下婴幼儿：{areas}）：是否把区域合计填成了一个机构、"
        "机构位置落错了乡镇，或婴幼儿数的单位不同？目前按所填数值计算。",
    },
    "districts_above_their_area": {
        "en": "areas whose residential districts hold more residents than the area itself ({n}; districts' residents / "
        "the area's: {areas}): a district drawn twice, planned figures of new districts, or an old figure for the "
        "area? Counted as given.",
        "zh": "有区域内各居住区的人口合计超过该区域的常住人口（{n}个；居住区合计 / 区域：{areas}）：是否有居住区重复绘制、"
        "新建居住区按规划人口填写，或区域人口数据过旧？目前按所填数值计算。",
    },
    "districts_overlap": {
        "en": "pairs of residential districts overlapping by {share}% or more of the smaller one ({n}; rows {pairs}): one "
        "district drawn twice under two ids? Both are counted, their residents and children twice.",
        "zh": "有{n}对居住区相互重叠，重叠面积达较小者的{share}%以上（第 {pairs} 行）：是否同一居住区以两个编号画了两次？"
        "两者都会计入，其人口和婴幼儿被重复计算。",
    },
    "districts_oversized": {
        "en": "{n} residential districts cover more than {most:g} km² ({districts}): a township's outline among the "
        "districts? A district's distance to a facility is measured to its edge, so 'within the service distance' "
        "holds almost anywhere inside such a one. Check them.",
        "zh": "有{n}个居住区面积超过{most:g}平方公里（{districts}）：是否把乡镇边界放进了居住区图层？居住区到设施的距离量到其边界，"
        "对这样的居住区，“在服务半径内”几乎处处成立。请核对。",
    },
    "points_snapped": {
        "en": "{n} points lie just outside every area (at most {far:.0f} m; {points}): each is counted in the nearest "
        "area, as a simplified boundary or coastline leaves waterfront sites out (points more than {most:.0f} m "
        "away are refused).",
        "zh": "有{n}个点位于所有区域之外不远处（最远{far:.0f}米；{points}）：均计入最近的区域（简化的边界或海岸线会把临水的点划在外面；"
        "超出{most:.0f}米的点仍会报错）。",
    },
    "points_in_gap_placed": {
        "en": "points in a sliver between the township outlines of their county ({n}; at most {far:.0f} m from one; "
        "{points}): each is counted in the nearest township (a gap wider than {most:.0f} m, a township left out, is "
        "refused).",
        "zh": "有{n}个点位于所在县区各乡镇（街道）边界之间的狭缝中（距最近乡镇最远{far:.0f}米；{points}）：均计入最近的乡镇"
        "（街道）（超过{most:.0f}米的空隙视为缺少乡镇，仍会报错）。",
    },
    "candidates_near_facilities": {
        "en": "{n} candidates lie within {most:.0f} m of a childcare facility ({pairs}): the same building, or the "
        "same address placed twice? They are kept as new sites; drop them if their slots are already counted.",
        "zh": "有{n}个候选点距离现有托育机构不到{most:.0f}米（{pairs}）：是否同一栋楼，或同一地址被定位了两次？"
        "仍作为新建站点；如其托位已计入，请删除这些候选点。",
    },
    "second_aim_unproven": {
        "en": "{model}: the slot aim (objective {objective:,.1f}) is {proof}; among plans as good on it, the one "
        "reaching the most children within {radius:g} m was not proven ({why}): this plan reaches {covered:,.1f}, "
        "{most}. A longer time_limit_s can change which sites are proposed.",
        "zh": "{model}：托位目标（目标值{objective:,.1f}）{proof}；在托位目标同样好的方案中，{radius:g}米内服务婴幼儿"
        "最多的方案未得到证明（{why}）：本方案服务{covered:,.1f}人，{most}。延长 time_limit_s 可能改变拟建站点。",
    },
}

#: words a notice's facts name by key (``proof="proven_best"``), in both languages
NOTICE_WORDS: dict[str, dict[str, str]] = {
    "proven_best": {"en": "proven best", "zh": "已证明最优"},
    "not_proven_best": {"en": "not proven best", "zh": "未证明最优"},
    "ran_out_of_time": {"en": "it ran out of time", "zh": "已到时间上限"},
    "no_time_to_start": {"en": "the time left was too short to start it", "zh": "剩余时间不足以开始"},
    "at_most": {"en": "at most {bound:,.1f}", "zh": "最多{bound:,.1f}"},
    "no_bound": {"en": "no bound computed", "zh": "未算出上界"},
}


def notice_sentence(code: str, facts: Mapping[str, Any], lang: str, words: Mapping[str, str] | None = None) -> str:
    """Return notice ``code`` in ``lang`` filled with ``facts`` (a fact given as ``{"en": …, "zh": …}``
    is taken in ``lang``); each of ``words`` (fact → word key of :data:`NOTICE_WORDS`) is said in
    ``lang`` first, filled with the same facts."""
    lang = "zh" if lang == "zh" else "en"
    filled = {k: v[lang] if isinstance(v, Mapping) and set(v) == {"en", "zh"} else v for k, v in facts.items()}
    for fact, key in (words or {}).items():
        filled[fact] = NOTICE_WORDS[key][lang].format(**filled)
    sentence = NOTICES[code][lang].format(**filled)
    return one_in_the_singular(sentence) if lang == "en" else sentence


#: the counted nouns of the English sentences, plural → singular
_NOUNS_OF_ONE = {"row(s)": "row", "merged cell ranges": "merged cell range",
                 "pairs of rows": "pair of rows", "residential districts": "residential district", "rows": "row",
                 "values": "value", "areas": "area", "areas'": "area's", "facilities": "facility", "points": "point",
                 "candidates": "candidate", "counties": "county", "demand points": "demand point"}  # fmt: skip
#: … and the verbs that follow them, plural → singular
_VERBS_OF_ONE = {"are": "is", "have": "has", "hold": "holds", "give": "gives", "lie": "lies", "repeat": "repeats", "name": "names",
                 "cover": "covers", "match": "matches", "carry": "carries"}  # fmt: skip
_ONE = re.compile(
    r"(?<![\d.,])\b1 (" + "|".join(re.escape(n) for n in sorted(_NOUNS_OF_ONE, key=len, reverse=True)) + r")(?![\w(])"
    r"((?: \([^()]*\))? (?:" + "|".join(_VERBS_OF_ONE) + r")\b)?"
)


#: "rows 2" naming one row ("rows 2, 3", "rows 2 & 3", "rows 2 …", "rows 2 (合计), 9 (小计)" name several)
_ONE_ROW = re.compile(r"\brows (\d+)(?![\d.]|,\s?\d| & \d| …| -| \([^()]*\),\s?\d)")


def one_in_the_singular(sentence: str) -> str:
    """Return an English sentence with "1 rows are" said "1 row is" (the sentences count in the plural)."""

    def singular(match: re.Match) -> str:
        verb = match.group(2) or ""
        if verb:
            head, _, word = verb.rpartition(" ")
            verb = f"{head} {_VERBS_OF_ONE[word]}"
        return f"1 {_NOUNS_OF_ONE[match.group(1)]}{verb}"

    return _ONE_ROW.sub(r"row \1", _ONE.sub(singular, sentence))
