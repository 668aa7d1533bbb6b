"""Data contracts: canonical columns of each layer, their aliases, and value vocabularies."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["FACILITY_KINDS", "LAYER_SPECS", "TOTAL_WORDS", "LayerSpec", "canonical_value"]

FACILITY_KINDS = (
    "childcare",
    "kindergarten_class",
    "workplace_childcare",
    "community_childcare",
    "family_childcare",
    "parent_child_room",
    "nursing_room",
    "mch_institution",
    "vaccination_clinic",
    "warm_home",
    "prenatal_screening",
    "prenatal_diagnosis",
    "newborn_hearing_centre",
    "hospital",
)

#: venue types; ``other`` (其他: a park, a library, a service hall) is read and checked by no rule
#: unless a profile's ``nursing_room_venue_types`` names it
#: (三)8: 妈妈小屋 in hospitals, malls, stations and schools; 母婴设施 in public places (公共场所), A-level
#: scenic spots and employers with many women workers (女职工较多的用人单位); ``other``: places no rule checks
VENUE_TYPES = ("hospital", "mall", "station", "school", "scenic_a", "public_place", "employer", "other")

#: Written grades (一级/二级/三级, 1级 …) → number.
GRADE_WORDS = {"一": "1", "二": "2", "三": "3", "级": "", "甲": "", "乙": "", "丙": "", "等": ""}

#: Cell values read as true / false in boolean columns (after folding case and spaces).
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "有", "t", "√", "✓", "✔", "对"})  # a tick marks yes
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "无", "f", "×", "✗", "✘", "不是"})  # a cross marks no
#: More words of a yes/no column that names its two sides (urban: 城镇 or 乡村).
COLUMN_YES_NO_WORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # the statistics bureau's urban-rural classification (统计用城乡划分代码): 1xx 城镇, 2xx 乡村
    "urban": (frozenset({"城镇", "城市", "城区", "镇区", "主城区", "城乡结合区", "镇中心区", "镇乡结合区", "特殊区域",
                         "111", "112", "121", "122", "123", "urban"}),
              frozenset({"乡村", "农村", "村庄", "乡中心区", "210", "220", "rural"})),
    "inclusive": (frozenset({"普惠", "普惠性"}), frozenset({"非普惠", "非普惠性", "营利性"})),
    "smart": (frozenset({"智慧化", "已智慧化"}), frozenset({"非智慧化", "未智慧化"})),
    "designated": (frozenset({"定点", "是定点"}), frozenset({"非定点"})),
    "has_nursing_room": (frozenset({"已有", "已建", "已设置", "已设", "已配置", "已配备", "已建成"}),
                         frozenset({"未建", "没有", "未设置", "未设", "未配置", "未配备"})),
}

#: Yes/no columns that answer whether a facility is open, read as its status when the list has no
#: status column: True where 是 means open (是否运营), False where 是 means closed (是否停业).
STATUS_QUESTIONS: dict[str, bool] = {
    **dict.fromkeys(("是否运营", "是否开业", "是否营业", "是否在营", "是否正常运营", "是否正常营业", "是否已开业",
                     "是否已运营", "是否投入运营", "是否投用", "是否开园", "是否收托", "open", "isopen"), True),
    **dict.fromkeys(("是否停业", "是否关闭", "是否注销", "是否关停", "是否歇业", "是否已停业", "是否已关闭", "是否停办",
                     "closed", "isclosed"), False),
}  # fmt: skip

#: The example rows of ``carefac init``'s templates (id, name): left among a user's rows they would
#: count (a 120-slot centre that does not exist), so they are refused there.
TEMPLATE_EXAMPLES = frozenset({
    ("350699", "示例县"), ("350699100", "示例镇"), ("R001", "示例花园"), ("F001", "示例托育中心"),
    ("C001", "示例社区服务中心"), ("V001", "示例医院"),
})  # fmt: skip

#: Column aliases (matched case-insensitively, spaces and underscores ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    # XZQDM / XZQMC: the 行政区 layers of the land surveys (三调) and territorial plans
    "area_id": ("area_id", "区划代码", "行政区划代码", "代码", "编码", "adcode", "code", "gb", "XZQDM", "行政区代码", "统计用区划代码", "统计用区划码", "区划编码", "行政区划编码"),
    "name": ("name", "名称", "名字", "机构名称", "小区名称", "场所名称", "区划名称", "地名", "XZQMC", "行政区名称",
             "设施名称", "托育机构名称", "居住区名称", "项目名称", "单位名称", "机构全称"),
    "level": ("level", "级别", "层级", "行政级别"),
    "parent_id": ("parent_id", "上级代码", "上级区划代码", "parent", "parent_code", "county_code", "上级区划",
                  "所属县区", "所属区县", "所属县（市、区）"),
    # 年末常住人口: the statistics bureau's own term; CZRK: its pinyin initials, as GIS fields write it
    "population": ("population", "常住人口", "常住人口数", "人口", "人口数", "pop", "pop_total", "年末常住人口",
                   "年末常住人口数", "常住人口总数", "常住人口合计", "人口数合计", "常住总人口", "CZRK"),
    "pop_under3": ("pop_under3", "3岁以下人口", "三岁以下人口", "0-3岁人口", "婴幼儿人口", "under3",
                   "3岁以下婴幼儿数", "3岁以下婴幼儿", "三岁以下婴幼儿", "0-3岁婴幼儿数", "0～3岁人口", "0~3岁人口",
                   "0-3岁婴幼儿", "0-3岁儿童", "0-3岁儿童数", "3岁以下儿童", "3岁以下儿童数", "三岁以下儿童",
                   "0-2岁人口", "0-2岁婴幼儿", "0-2岁婴幼儿数", "0-2岁儿童", "0-2岁儿童数"),
    "facility_id": ("facility_id", "机构编号", "设施编号", "编号", "id", "fid"),
    "kind": ("kind", "类型", "机构类型", "设施类型", "type", "类别", "机构类别", "设施类别"),
    "slots": ("slots", "托位数", "托位", "托位数量", "床位", "核定托位数", "备案托位数", "总托位数", "托位总数",
              "现有托位数", "实有托位数", "托位数合计", "核定托位", "备案托位", "实际托位数", "可提供托位数",
              "提供托位数", "设置托位数", "开设托位数", "托位规模"),
    "status": ("status", "状态", "建设状态", "运营状态", "经营状态", "营业状态", "机构状态", "当前状态"),
    "inclusive": ("inclusive", "普惠", "是否普惠"),
    "grade": ("grade", "等级", "级别等级"),
    "smart": ("smart", "智慧化", "是否智慧化"),
    "designated": ("designated", "定点", "是否定点"),
    "serves": ("serves", "服务区划", "辖区代码"),
    "declared_area": (
        "declared_area",
        "area_id",
        "township_id",
        "county_id",
        "所属区划代码",
        "所属乡镇代码",
        "所属区划",
        "所属乡镇",
        "所在乡镇",
        "所属街道",
        "所属乡镇（街道）",
        "所在乡镇（街道）",
    ),
    "district_id": ("district_id", "小区编号", "居住区编号", "编号", "id"),
    # a date read as its year (竣工时间 2019-06-30: 2019)
    "completion_year": ("completion_year", "竣工年份", "建成年份", "交付年份", "year", "竣工时间", "竣工日期", "建成时间",
                        "建成日期", "交付时间", "交付日期", "竣工验收时间", "竣工验收日期", "交房时间", "交房日期", "交房年份",
                        "竣工备案时间", "竣工备案日期", "建成年代"),
    "households": ("households", "户数", "住户数", "规划户数", "总户数", "户数合计", "规划总户数", "ZHS"),
    "persons_per_household": ("persons_per_household", "户均人口", "户均人口数", "户均人数", "平均每户人口", "每户人口",
                              "户均规模", "平均家庭户规模"),
    "candidate_id": ("candidate_id", "候选编号", "选址编号", "编号", "id"),
    "capacity": ("capacity", "容量", "规划托位", "托位数", "托位", "拟建托位数", "规划托位数", "设计托位数", "新增托位数",
                 "拟建托位", "设计托位", "新增托位", "计划托位数", "计划托位", "可提供托位数"),
    "cost": ("cost", "成本", "造价", "费用"),
    "venue_id": ("venue_id", "场所编号", "编号", "id"),
    "venue_type": ("venue_type", "场所类型", "类型", "type", "场所类别", "类别"),
    "has_nursing_room": ("has_nursing_room", "有母婴室", "是否有母婴室"),
    "unit_kind": ("unit_kind", "乡镇类型", "区划类型", "乡级类型", "街乡镇类型"),
    "ownership": ("ownership", "所有制", "性质", "公立民营", "举办性质", "经济类型"),
    "urban": ("urban", "城镇", "是否城镇", "城乡", "城乡属性", "城乡分类", "城乡分类代码", "城乡划分代码"),
    "floor_area_m2": ("floor_area_m2", "建筑面积", "建筑面积(平方米)", "建筑面积（平方米）", "floor_area"),
}

#: Township-level unit kinds (乡级区划): 街道, 镇, 乡, and units treated like 乡 (农场, 开发区 …).
#: headers read for a layer kind only: in a facility list 乡镇名称 names the township a centre lies in
#: (not the centre), in the areas layer the area itself; 小区名 names a residential district
KIND_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    # QHMC / XZMC: 区划名称 / 乡镇名称 as GIS fields write them in pinyin initials
    ("areas", "name"): ("乡镇名称", "街道名称", "乡镇（街道）名称", "乡镇（街道）", "行政区划名称", "区划名", "县区名称",
                        "QHMC", "XZMC", "地区", "地区名称", "区域名称", "行政区", "乡镇街道", "乡镇街道名称", "乡镇名",
                        "街道名", "镇街名称", "街镇名称", "乡镇（街道）名"),  # (not 镇街 alone: it may hold 镇 / 街道)
    # QHDM / XZDM: 区划代码 / 乡镇代码 in pinyin initials; PAC: 天地图's boundaries
    ("areas", "area_id"): ("QHDM", "XZDM", "PAC", "乡镇代码", "街道代码"),
    ("residential", "name"): ("小区名", "楼盘名称", "住宅小区名称", "项目名", "楼盘名"),
    # whether a district is new or old, as a housing bureau's list heads it (新建 / 老旧 under it)
    # (not 小区类型: it may hold 商品房 / 安置房 beside a 状态 column)
    ("residential", "status"): ("新建/老旧", "新建或老旧", "新建/老旧小区", "新老小区", "新旧", "新建老旧"),
    # a childcare or kindergarten list's own words for its name column
    ("facilities", "name"): ("机构名", "托育机构名", "园所名称", "园所名", "园名", "托育园名称", "托育点名称",
                             "幼儿园名称", "托育机构全称", "机构（园所）名称", "场所名", "设施名"),
    ("candidates", "name"): ("地块名称", "地块名", "候选点名称", "选址名称", "用地名称", "场地名称", "点位名称"),
    # the people who live in a district now, as housing and community offices count them
    ("residential", "population"): ("居住人口", "入住人口", "现状人口", "实际居住人口", "现状居住人口", "实住人口"),
    # a centre's 配建 link as offices write it: the district's name (matched to its id) or id
    ("facilities", "district_id"): ("所属小区", "配建小区", "所在小区", "配套小区", "所属居住区", "配建居住区", "所在居住区"),
}

UNIT_KINDS = ("subdistrict", "town", "xiang", "xiang_like")
OWNERSHIPS = ("public", "private")

#: Population headers that are not resident population (常住人口, the plan's denominator):
#: read for areas only when the config maps them; for residential districts the planned
#: population is what the new-district rule needs.
NOT_RESIDENT_POPULATION = ("户籍人口", "户籍人口数", "规划人口", "规划人口数", "户籍人数", "规划人数", "HJRK", "hjrk")

X_ALIASES = ("lon", "lng", "longitude", "经度", "x", "long", "point_x", "x坐标", "坐标x", "xcoord", "x_coord")
Y_ALIASES = ("lat", "latitude", "纬度", "y", "point_y", "y坐标", "坐标y", "ycoord", "y_coord")
#: one column holding both, "longitude,latitude" as Amap and Baidu export it
XY_ALIASES = ("经纬度", "经纬度坐标", "坐标", "location", "lnglat", "lonlat", "lng_lat", "lon_lat", "wkt")

#: Value aliases for vocabulary columns (Chinese and English spellings → canonical value).
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "kind": {
        "托育机构": "childcare",
        "托育中心": "childcare",
        "托育": "childcare",
        "托儿所": "childcare",
        "托育园": "childcare",
        "托育服务机构": "childcare",
        "托育服务中心": "childcare",
        "托育早教中心": "childcare",  # care and early education both: its slots are the care's
        "早教托育中心": "childcare",
        "托育早教机构": "childcare",
        "托育综合服务中心": "childcare",
        "综合托育服务中心": "childcare",
        "普惠托育": "childcare",
        "普惠托育机构": "childcare",
        "普惠性托育机构": "childcare",
        "婴幼儿照护服务机构": "childcare",
        "托育点": "childcare",
        "托育服务点": "childcare",
        "婴幼儿托育中心": "childcare",
        "托育综合体": "childcare",
        "社区托育服务中心": "community_childcare",
        "幼儿园（含托班）": "kindergarten_class",
        "幼儿园(含托班)": "kindergarten_class",
        "哺乳室": "nursing_room",
        "母婴设施": "nursing_room",
        "妇幼保健计划生育服务中心": "mch_institution",
        "妇幼保健院计划生育服务中心": "mch_institution",
        "婴幼儿托育机构": "childcare",
        "婴幼儿托育服务机构": "childcare",
        "托班": "kindergarten_class",
        "托幼一体": "kindergarten_class",
        "托幼一体化": "kindergarten_class",
        "托幼一体幼儿园": "kindergarten_class",
        "幼儿园托育部": "kindergarten_class",
        "幼儿园托班": "kindergarten_class",
        "幼儿园(托班)": "kindergarten_class",
        "幼儿园（托班）": "kindergarten_class",
        "幼儿园托育班": "kindergarten_class",
        "幼儿园附设托班": "kindergarten_class",
        "幼儿园开设托班": "kindergarten_class",
        "幼儿园设托班": "kindergarten_class",
        "托幼一体园": "kindergarten_class",
        "单位托育": "workplace_childcare",
        "单位托育中心": "workplace_childcare",
        "企业托育": "workplace_childcare",
        "企业托育中心": "workplace_childcare",
        "机关托育": "workplace_childcare",
        "园区托育": "workplace_childcare",
        "园区托育中心": "workplace_childcare",
        "工会托育": "workplace_childcare",
        "职工托育": "workplace_childcare",
        "用人单位托育": "workplace_childcare",
        "单位托育点": "workplace_childcare",
        "用人单位托育点": "workplace_childcare",
        "单位办托": "workplace_childcare",
        "用人单位办托": "workplace_childcare",
        "社区托育": "community_childcare",
        "社区托育服务点": "community_childcare",
        "社区托育服务站": "community_childcare",
        "嵌入式托育点": "community_childcare",
        "社区嵌入式托育点": "community_childcare",
        "托育驿站": "community_childcare",
        "社区托育点": "community_childcare",
        "社区托育中心": "community_childcare",
        "嵌入式托育": "community_childcare",
        "社区嵌入式托育": "community_childcare",
        "家庭托育点": "family_childcare",
        "家庭托育服务点": "family_childcare",
        "家庭式托育点": "family_childcare",
        "家庭托育": "family_childcare",
        "家庭式托育": "family_childcare",
        "亲子小屋": "parent_child_room",
        "向日葵亲子小屋": "parent_child_room",
        "妈妈小屋": "nursing_room",
        "母婴室": "nursing_room",
        "妇幼保健院": "mch_institution",
        "妇幼保健机构": "mch_institution",
        "预防接种门诊": "vaccination_clinic",
        "接种门诊": "vaccination_clinic",
        "暖心家园": "warm_home",
        "心理慰藉援助中心": "warm_home",
        "产前筛查机构": "prenatal_screening",
        "产前诊断机构": "prenatal_diagnosis",
        "新生儿听力诊断中心": "newborn_hearing_centre",
        "医院": "hospital",
    },
    "status": {
        "现有": "existing",
        "已建": "existing",
        "已建成": "existing",
        "运营": "existing",
        "运营中": "existing",
        "已运营": "existing",
        "正常运营": "existing",
        "营业中": "existing",
        "开业": "existing",
        "已开业": "existing",
        "在营": "existing",
        "已投用": "existing",
        "已投入使用": "existing",
        "已交付": "existing",
        "已入住": "existing",
        "正常": "existing",
        "老旧": "existing",
        "既有": "existing",
        "存量": "existing",
        "营业": "existing",
        "试运营": "existing",
        "试营业": "existing",
        "正常营业": "existing",
        "在营业": "existing",
        "投入运营": "existing",
        "已投入运营": "existing",
        "已备案": "existing",
        # the business register's words (企业信用信息公示): 存续 and 在业 are a business that runs
        "存续": "existing",
        "在业": "existing",
        "开园": "existing",
        "已开园": "existing",
        "停业": "closed",
        "暂停营业": "closed",
        "暂停": "closed",
        "已停业": "closed",
        "歇业": "closed",
        "关闭": "closed",
        "已关闭": "closed",
        "关停": "closed",
        "已关停": "closed",
        "注销": "closed",
        "已注销": "closed",
        "吊销": "closed",
        "已吊销": "closed",
        "停办": "closed",
        "已停办": "closed",
        "撤销": "closed",
        "已撤销": "closed",
        "撤并": "closed",
        "已撤并": "closed",
        "规划": "planned",
        "拟建": "planned",
        "筹建": "planned",
        "筹备": "planned",
        "规划中": "planned",
        "筹建中": "planned",
        "待建": "planned",
        "拟建中": "planned",
        "拟开办": "planned",
        "待开园": "planned",
        "在建": "under_construction",
        "建设中": "under_construction",
        "装修中": "under_construction",
        "待验收": "under_construction",
        "待开业": "under_construction",  # built, not open yet: its slots are not there today
        "未开业": "under_construction",
        "新建": "new",
        "under construction": "under_construction",
        # a housing bureau's words for its districts: built, not yet handed over, land granted
        "已竣工": "existing",
        "竣工": "existing",
        "已竣工验收": "existing",
        "未交付": "under_construction",
        "待交付": "under_construction",
        "已建未交付": "under_construction",
        "已竣工未交付": "under_construction",
        "已批未建": "planned",
        "已出让": "planned",
        "已供地": "planned",
        "规划新建": "planned",
    },
    "level": {
        "市": "city",
        "地级市": "city",
        "地级": "city",
        "全市": "city",
        "县": "county",
        "区": "county",
        "区县": "county",
        "县区": "county",
        "市辖区": "county",
        "县级市": "county",
        "县级": "county",
        "区县级": "county",
        "县区级": "county",
        "乡镇": "township",
        "街道": "township",
        "镇": "township",
        "乡": "township",
        "街道办事处": "township",
        "乡级": "township",
        "乡镇街道": "township",
        "街道办": "township",
        "民族乡": "township",
        "镇街": "township",
        "农场": "township",
        "林场": "township",
        "district": "county",  # DataV (阿里云) boundaries: district = county level, street = township level
        "street": "township",
    },
    "unit_kind": {
        "街道": "subdistrict",
        "街道办事处": "subdistrict",
        "镇": "town",
        "乡": "xiang",
        "民族乡": "xiang",
        "苏木": "xiang",
        "农场": "xiang_like",
        "林场": "xiang_like",
        "开发区": "xiang_like",
        "管委会": "xiang_like",
        "类似乡级单位": "xiang_like",
    },
    "ownership": {
        "公立": "public",
        "公办": "public",
        "国有": "public",
        "政府办": "public",
        "民营": "private",
        "私立": "private",
        "民办": "private",
        "社会办": "private",
    },
    "venue_type": {
        "医院": "hospital",
        "妇幼保健院": "hospital",
        "卫生院": "hospital",
        "商场": "mall",
        "商超": "mall",
        "购物中心": "mall",
        "超市": "mall",
        "车站": "station",
        "火车站": "station",
        "高铁站": "station",
        "动车站": "station",
        "汽车站": "station",
        "客运站": "station",
        "学校": "school",
        "小学": "school",
        "中学": "school",
        "大学": "school",
        "高校": "school",
        "综合医院": "hospital",
        # a hospital written with its grade: 三甲医院, 二级医院, 三级甲等医院
        **{f"{grade}医院": "hospital" for grade in ("三甲", "二甲", "三级", "二级", "一级", "三级甲等", "二级甲等", "三乙", "二乙")},
        "大型商场": "mall",
        "中医院": "hospital",
        "专科医院": "hospital",
        "百货商场": "mall",
        "商业综合体": "mall",
        "商场超市": "mall",
        "地铁站": "station",
        "公交枢纽": "station",
        "交通枢纽": "station",
        "高中": "school",
        "初中": "school",
        "中小学": "school",
        "职业学校": "school",
        "中职学校": "school",
        "高等院校": "school",
        "其他": "other",
        "其它": "other",
        "公共场所": "public_place",
        "其他公共场所": "public_place",
        "公共服务场所": "public_place",
        "政务服务中心": "public_place",
        "图书馆": "public_place",
        "博物馆": "public_place",
        "文化馆": "public_place",
        "体育馆": "public_place",
        "机场": "station",
        "女职工较多的用人单位": "employer",
        "女职工较多单位": "employer",
        "用人单位": "employer",
        "企事业单位": "employer",
        "A级景区": "scenic_a",
        "A级旅游景区": "scenic_a",
        "旅游景区": "scenic_a",
        "景区": "scenic_a",
        # 3A, 4A, 5A景区, 4A级景区, 5A级旅游景区 …
        **{f"{k}a{grade}{kind}": "scenic_a" for k in range(1, 6) for grade in ("", "级") for kind in ("景区", "旅游景区")},
        # AAAA级旅游景区, AAAAA景区: the grade written in letters
        **{f"{'a' * k}{grade}{kind}": "scenic_a" for k in range(1, 6) for grade in ("", "级") for kind in ("景区", "旅游景区")},
    },
}


@dataclass(frozen=True)
class LayerSpec:
    """What a layer must and may contain."""

    id_column: str
    required: tuple[str, ...]
    integer_columns: tuple[str, ...] = ()
    number_columns: tuple[str, ...] = ()
    boolean_columns: tuple[str, ...] = ()
    vocabularies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    geometry: str = "point"  # "point", "polygon", "polygon or point" or "any"
    optional: tuple[str, ...] = ()

    @property
    def known_columns(self) -> tuple[str, ...]:
        """Return every canonical column of the layer."""
        numbers = self.integer_columns + self.number_columns + self.boolean_columns
        vocab = tuple(c for c, _ in self.vocabularies)
        return tuple(dict.fromkeys((self.id_column, *self.required, *numbers, *vocab, *self.optional)))


LAYER_SPECS: dict[str, LayerSpec] = {
    "areas": LayerSpec(
        id_column="area_id",
        required=("name", "population"),
        integer_columns=("population", "pop_under3"),
        vocabularies=(("level", ("city", "county", "township")), ("unit_kind", UNIT_KINDS)),
        geometry="polygon",
        optional=("parent_id", "level"),
    ),
    "facilities": LayerSpec(
        id_column="facility_id",
        required=("name", "kind"),
        integer_columns=("slots", "grade"),
        number_columns=("floor_area_m2",),
        boolean_columns=("inclusive", "smart", "designated"),
        vocabularies=(
            ("kind", FACILITY_KINDS),
            ("status", ("existing", "planned", "under_construction", "closed")),
            ("ownership", OWNERSHIPS),
        ),
        optional=("status", "serves", "declared_area", "district_id"),
    ),
    "residential": LayerSpec(
        id_column="district_id",
        required=("name", "status"),
        integer_columns=("households", "population", "completion_year", "pop_under3"),
        number_columns=("persons_per_household",),
        boolean_columns=("urban",),
        vocabularies=(("status", ("existing", "new", "planned", "under_construction")),),
        geometry="polygon or point",  # outlines; a list of points is read too (said: see _validate)
    ),
    "candidates": LayerSpec(
        id_column="candidate_id",
        required=("name",),
        integer_columns=("capacity",),
        number_columns=("cost",),
        optional=("declared_area",),
    ),
    "venues": LayerSpec(
        id_column="venue_id",
        required=("name", "venue_type"),
        boolean_columns=("has_nursing_room",),
        vocabularies=(("venue_type", VENUE_TYPES),),
        geometry="any",
    ),
}


#: left out of a folded name: spaces, underscores, the dashes and tildes of ranges (0-3岁, 0～3岁, 0—3岁),
#: the line breaks of a header wrapped in its cell (托位\n数) and the invisible characters a web page
#: or a Word document leaves in a pasted cell (zero-width spaces, a byte-order mark, a soft hyphen)
_KEY_FOLDED = str.maketrans("", "", " _-~～—–－\u3000\n\r\t\u200b\u200c\u200d\u2060\ufeff\u00ad")


def normalise_key(text: str) -> str:
    """Return a column or value name folded for alias matching."""
    return str(text).strip().lower().translate(_KEY_FOLDED)


#: a DBF field name holds this many bytes: longer Chinese names are cut (常住人口 → 常住人 in UTF-8)
DBF_NAME_BYTES = 10


#: cells that mark a row as the sum of the others (or the whole city's), not one county
TOTAL_WORDS = frozenset(
    normalise_key(w)
    for w in ("合计", "总计", "小计", "汇总", "总数", "全市", "全区", "全县", "全省", "市合计", "全市合计",
              "total", "totals", "sum", "subtotal", "grand total", "all")
)  # fmt: skip


def headers_holding(columns, words) -> list[str]:
    """Return the headers among ``columns`` that hold one of ``words`` (folded as aliases are):
    2022年末常住人口 holds 常住人口, 乳儿班托位 holds 托."""
    folded = [normalise_key(w) for w in words]
    return [str(c) for c in columns if any(w in normalise_key(str(c)) for w in folded)]


@functools.cache
def _folded_aliases(column: str) -> dict[str, str]:
    """Return a vocabulary column's value aliases keyed by their folded spelling (made once)."""
    return {normalise_key(k): v for k, v in VALUE_ALIASES.get(column, {}).items()}


def canonical_value(column: str, value: str) -> str:
    """Return the canonical spelling of a vocabulary value (unchanged when unknown); a bracketed
    qualifier is read past when the rest is known (托育机构（普惠）, 社区托育点(嵌入式)), unless it
    is a status (托育机构（已停业）stays unknown: read past, a closed centre would count); a status
    written with the word for a district after it (新建小区, 老旧小区) is read as that status, and a
    kind with who runs it before it (民办托育机构, 公办托育园) as that kind."""
    text = str(value).strip()
    folded = _folded_aliases(column)
    found = folded.get(normalise_key(text))
    if found is None:
        brackets = r"\s*[(（【\[]([^)）】\]]*)[)）】\]]\s*"
        bare = re.sub(brackets, "", text)
        said = [normalise_key(q) for q in re.findall(brackets, text)]
        telling = column != "status" and any(q in _folded_aliases("status") for q in said)  # 托育机构（已停业）
        found = folded.get(normalise_key(bare)) if bare and bare != text and not telling else None
    if found is None and column == "kind":  # 民办托育机构, 公办托育园: who runs it says nothing of the kind
        run_by = re.sub(r"^(公建民营|公办民营|民办公助|公办|民办|公立|私立|国有|集体|非营利性|营利性|普惠性|普惠|示范性|示范"
                        r"|独立设置的|独立设置|单独设置|独立)", "", text)
        found = folded.get(normalise_key(run_by)) if run_by and run_by != text else None
    if found is None and column in ("level", "unit_kind"):  # 畲族乡, 回族镇: an ethnic township is a township
        ethnic = re.fullmatch(r".{1,5}族(乡|镇)", text)
        found = folded.get(normalise_key("民族乡" if ethnic[1] == "乡" else "镇")) if ethnic else None
    if found is None and column == "status":  # 新建小区, 已建成居住区, 老旧小区: the status of a district
        district = re.sub(r"(小区|居住区|住宅区|住宅小区|楼盘)$", "", text)
        found = folded.get(normalise_key(district)) if district and district != text else None
    return found if found is not None else text.lower().replace(" ", "_")
