"""The Chinese-script constants textmine's code relies on, in one place.

Domain labels (row labels, section titles, chrome, lexicons) live in ``models/*.toml``; what is
here is script-level knowledge the algorithms need: numerals, punctuation, the characters that
mark a cell as empty, the words around names. Change it here and every stage follows.
"""

from __future__ import annotations

CJK = "\u4e00-\u9fff"  # a regex character range
NUMERALS = "一二三四五六七八九十"  # heading numerals 一、… 十、
YEAR_DIGITS = "〇○零一二三四五六七八九"  # 二〇一九年
YEAR_DIGITS_VALUE = "0001234567" "89"  # translation of YEAR_DIGITS

# A sentence or clause ends with one of these (a line ending otherwise was cut mid-sentence).
SENTENCE_END = "。！？；：…”」）)!?;:"

# A heading numeral preceded by one of these is inside a phrase (第一、其二、), not a heading.
NOT_BEFORE_HEADING = "第其之和及与或的"

# Printed in a table cell for "not applicable".
NA_TEXTS = frozenset({"/", "／", "—", "——", "-", "－", "–", "无", "空", "\\", "、"})
# Units that may trail a number in a cell ("251000元").
UNIT_SUFFIXES = ("万元", "元", "件", "条", "个", "项", "次", "期", "份", "人次", "人")

# Characters that precede a name in running text (请与…联系, 由…编制) and are not part of it.
FUNCTION_CHARS = "请与和及在对向由的是为将从经"
GOVERNMENT = "人民政府"
PROVINCE_OR_CITY_END = "省市州盟"  # the last character of a province / city name
CITY_END = "市州盟"
# the level of government in a report's own words (the HTML report is in Chinese)
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "department": "部门"}
# the template a report's tables follow, and the parts of a report with no printed title
LAYOUT_NAMES = {"pre2019": "2019年以前模板", "2019": "2019年版模板", "2021": "2021年版模板"}
SECTION_NAMES = {"preamble": "报告开头"}
COUNTY_END = "区县旗"
PLACE_END = "省市州盟区县旗"  # a bare place name ends with one of these

# Words that make a text a disclosure report at all.
REPORT_WORDS = ("政府信息公开", "政务公开", "信息公开")

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四", "t_pre2019": "统计表"}

# How an administrative division's name ends (云南省, 淮安市, 洪泽区, 红河哈尼族彝族自治州): stripped
# for its short form (云南, 淮安, 洪泽), longest first.
DIVISION_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                     "地区", "林区", "省", "市", "州", "盟", "区", "县", "旗")
# A place name followed by one of these is a government body (云南省人民政府, 洪泽区人民政府办公室).
ORGAN_SUFFIXES = ("人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室", "政府",
                  "管委会", "委员会", "办公厅", "办公室", "委")
# A level of government before an organ's name (省政府办公厅, 县人民政府); "" for none (人民政府).
LEVEL_CHARS = ("", "省", "市", "县", "区", "州", "乡", "镇", "乡镇", "街道")
# Chinese numerals, and what may precede or follow one in an ordinal or a count (第一, 一名, 三五年)
NUMERAL_CHARS = "〇○零一二三四五六七八九十百千万亿两"
ORDINAL_PREFIX = "第"
COUNT_WORDS = "名个年次项条件届期批位家户人月日号"
# Division names that are also ordinary words (老城区改造, 矿区治理): never taken for a place
COMMON_PLACE_WORDS = frozenset({"城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "新城区",
                                "老城区", "市辖区", "开发区", "高新区"})
# Word's list number formats that are not digits (w:numFmt): the heavenly stems, the earthly
# branches, and the enclosed forms (①, ⑴, ⒈, ㈠) from their first code point
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ENCLOSED_FIRST = {"decimalEnclosedCircle": 0x2460, "decimalEnclosedCircleChinese": 0x2460,
                  "decimalEnclosedParen": 0x2474, "decimalEnclosedFullstop": 0x2488,
                  "ideographEnclosedCircle": 0x3220}
ENCLOSED_COUNT = {0x2460: 20, 0x2474: 20, 0x2488: 20, 0x3220: 10}
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
