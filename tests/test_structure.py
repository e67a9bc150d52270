"""Metadata, layout and sections of every shipped report, and offsets that point into the text."""

from __future__ import annotations

import pytest

EXPECTED = {
    # file: (layout, year, issuer, level)
    "2011_fujian-pingtan-xian_xzf.txt": ("pre2019", 2011, "平潭县人民政府", "county"),
    "2013_fujian-pingtan_dsj.txt": ("pre2019", 2013, "平潭综合实验区地方税务局", "department"),
    "2015_fujian-pingtan_gwh.txt": ("pre2019", 2015, "平潭综合实验区管委会", "city"),
    "2018_fujian-pingtan_gwh.txt": ("pre2019", 2018, "平潭综合实验区管委会", "city"),
    "2019_fujian-pingtan_gwh.txt": ("2019", 2019, "平潭综合实验区管委会", "city"),
    "2019_shanghai_szfbgt.html": ("2019", 2019, "上海市人民政府办公厅", "province"),
    "2019_yunnan_szf.txt": ("2019", 2019, "云南省人民政府", "province"),
    "2020_fujian-pingtan_gwh.txt": ("2019", 2020, "平潭综合实验区管委会", "city"),
    "2021_fujian-pingtan_gwh.txt": ("2021", 2021, "平潭综合实验区管委会", "city"),
    "2022_fujian-pingtan_gwh.txt": ("2021", 2022, "平潭综合实验区管委会", "city"),
    "2023_fujian-pingtan_gwh.txt": ("2021", 2023, "平潭综合实验区管委会", "city"),
    "2023_huaian-hongze_qzf.pdf": ("2021", 2023, "淮安市洪泽区人民政府", "county"),
    "2024_huaian-hongze_qzf.pdf": ("2021", 2024, "淮安市洪泽区人民政府", "county"),
    "2024_huaian_szf.pdf": ("2021", 2024, "淮安市人民政府", "city"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(corpus, name):
    r = corpus[name]
    assert (r.layout, r.year, r.issuer, r.level) == EXPECTED[name]


def test_metadata_inferred_without_manifest(tmp_path):
    """Without MANIFEST.csv the title and text alone give year, layout and issuer."""
    import shutil

    from conftest import CORPUS

    import textmine

    # the region gets its province from the list of divisions where the place is one of a kind;
    # 平潭综合实验区 is not a division: its province is the one its text names (2021: 《福建省人民
    # 政府办公厅关于…》), none when the text names none (2023)
    expected = {
        "2021_fujian-pingtan_gwh.txt": ("2021", 2021, "平潭综合实验区管委会", "county",
                                        "福建省平潭综合实验区", "福建省"),
        "2019_yunnan_szf.txt": ("2019", 2019, "云南省人民政府", "province", "云南省", "云南省"),
        "2023_fujian-pingtan_gwh.txt": ("2021", 2023, "平潭综合实验区管委会", "county", "平潭综合实验区",
                                        None),
        "2023_huaian-hongze_qzf.pdf": ("2021", 2023, "淮安市洪泽区人民政府", "county", "江苏省淮安市洪泽区",
                                       "江苏省"),
        "2024_huaian_szf.pdf": ("2021", 2024, "淮安市人民政府", "city", "江苏省淮安市", "江苏省"),
        "2011_fujian-pingtan-xian_xzf.txt": ("pre2019", 2011, "平潭县人民政府", "county",
                                             "福建省福州市平潭县", "福建省"),
        "2019_shanghai_szfbgt.html": ("2019", 2019, "上海市人民政府办公厅", "province", "上海市", "上海市"),
    }
    for name, (layout, year, issuer, level, region, province) in expected.items():
        shutil.copy(CORPUS / name, tmp_path / name)
        r = textmine.analyze_file(tmp_path / name, text_mining=False)
        assert (r.layout, r.year) == (layout, year), name
        # 2023 Pingtan: the title says only 平潭综合实验区; the text's “请与平潭综合实验区管委会
        # 办公室联系” completes it (without taking 请与 along)
        assert (r.issuer, r.level, r.region, r.province) == (issuer, level, region, province), name


def test_issuer_from_the_pages_publisher(tmp_path):
    """2023 Pingtan without the sentence that names 平潭综合实验区管委会 (2024 and 2025 Pingtan
    do not name it): the title gives only the place, the page's 发布机构 平潭综合实验区管委会办公室
    is its government's office, so the issuer is 平潭综合实验区管委会 — before, an invented
    平潭综合实验区人民政府, which no follow-through could join to the earlier years."""
    from conftest import CORPUS

    import textmine

    name = "2023_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert "请与平潭综合实验区管委会办公室联系" in text
    path = tmp_path / name  # no MANIFEST.csv beside it
    path.write_text(text.replace("请与平潭综合实验区管委会办公室联系", "请与我办联系"), encoding="utf-8")
    assert textmine.analyze_file(path, text_mining=False).issuer == "平潭综合实验区管委会"
    other = text.replace("请与平潭综合实验区管委会办公室联系", "请与我办联系")
    path.write_text(other.replace("发布机构: 平潭综合实验区管委会办公室", "发布机构: 平潭县财政局"),
                    encoding="utf-8")
    assert textmine.analyze_file(path, text_mining=False).issuer == "平潭综合实验区人民政府"


def test_province_from_the_issuers_other_reports(tmp_path):
    """2022 Pingtan, read without the manifest, names no province in its text (nor do 2024 and
    2025 Pingtan of the archive); its issuer's 2021 report does (福建省平潭综合实验区). In a corpus
    the issuer's place is one: 2022 takes 福建省 from 2021. Alone it stays unknown."""
    from conftest import CORPUS

    import textmine

    for year in (2021, 2022):
        name = f"{year}_fujian-pingtan_gwh.txt"
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    alone = textmine.analyze_file(tmp_path / "2022_fujian-pingtan_gwh.txt", text_mining=False)
    assert (alone.region, alone.province) == ("平潭综合实验区", None)
    reports, _ = textmine.analyze_paths([tmp_path], text_mining=False)
    assert {(r.year, r.region, r.province) for r in reports} == {
        (2021, "福建省平潭综合实验区", "福建省"), (2022, "福建省平潭综合实验区", "福建省")}


def test_no_province_guessed_for_a_name_several_places_bear(tmp_path):
    """朝阳区 is a district of Beijing, of Changchun, of Chaoyang city…: a report of it that names
    no province does not take one from another report of the issuer (the names of the 2022 and
    2023 Pingtan reports changed to 朝阳区, 2023 alone naming 北京市)."""
    from conftest import CORPUS

    import textmine

    for year in (2022, 2023):
        text = (CORPUS / f"{year}_fujian-pingtan_gwh.txt").read_text(encoding="utf-8")
        text = text.replace("平潭综合实验区", "朝阳区").replace("福建省", "").replace("福建", "")
        if year == 2023:
            text = text.replace("一、总体情况 ", "一、总体情况 按照北京市政府办公厅要求开展工作。", 1)
        (tmp_path / f"{year}_chaoyang.txt").write_text(text, encoding="utf-8")
    reports, _ = textmine.analyze_paths([tmp_path], text_mining=False)
    by_year = {r.year: r for r in reports}
    assert by_year[2023].province == "北京市"
    assert (by_year[2022].region, by_year[2022].province) == ("朝阳区", None)


def test_province_from_two_spellings_of_one_place():
    """Two earlier reports spell the place two ways (福建省平潭综合实验区, 福建省福州市平潭综合实验区):
    the region stays as printed, the province, the same in both, is taken."""
    from textmine.crossyear import assign_issuer_keys
    from textmine.model import Report

    def report(year, region, province):
        return Report(source=f"{year}.txt", format="txt", text="", year=year, issuer="平潭综合实验区管委会",
                      region=region, province=province)

    reports = [report(2021, "福建省平潭综合实验区", "福建省"), report(2022, "平潭综合实验区", None),
               report(2023, "福建省福州市平潭综合实验区", "福建省")]
    assign_issuer_keys(reports)
    assert (reports[1].region, reports[1].province) == ("平潭综合实验区", "福建省")


@pytest.mark.parametrize(("region", "completed"), [
    ("淮安市洪泽区", ("江苏省淮安市洪泽区", "江苏省")),
    ("洪泽区", ("江苏省淮安市洪泽区", "江苏省")),  # one 洪泽区 in China
    ("延边朝鲜族自治州", ("吉林省延边朝鲜族自治州", "吉林省")),
    ("吉林市", ("吉林省吉林市", "吉林省")),
    ("福州市鼓楼区", ("福建省福州市鼓楼区", "福建省")),
    ("鼓楼区", ("鼓楼区", None)),  # Fuzhou, Nanjing, Kaifeng, Xuzhou…: not guessed
    ("北京市朝阳区", ("北京市朝阳区", "北京市")),
    ("福建省平潭综合实验区", ("福建省平潭综合实验区", "福建省")),
])
def test_region_completed_with_its_province(region, completed):
    from textmine.metadata import complete_region

    assert complete_region(region) == completed


def test_archive_header_and_chrome_become_metadata(corpus):
    r = corpus["2021_fujian-pingtan_gwh.txt"]
    assert r.meta["published"] == "2022-02-08 16:34"
    assert r.meta["source_org"] == "平潭县人民政府"
    assert r.meta["url"].endswith("t20220208_80613.htm")
    for chrome in ("当前位置", "微信 微博", "原文链接", "附件下载", "标题:"):
        assert chrome not in r.text
    assert r.text.startswith("根据《中华人民共和国政府信息公开条例》")


def test_canonical_sections_2019_2021(corpus):
    for name, r in corpus.items():
        if r.layout in ("2019", "2021"):
            ids = [s.id for s in r.sections if s.id != "preamble"]
            assert ids == ["overview", "proactive", "requests", "appeals", "problems", "other"], name


def test_pre2019_sections_keep_their_own_parts(corpus):
    ids = [s.id for s in corpus["2015_fujian-pingtan_gwh.txt"].sections]
    assert ids == ["preamble", "overview", "proactive", "requests", "fees", "appeals", "problems",
                   "statistics"]
    dsj = corpus["2013_fujian-pingtan_dsj.txt"]
    titles = {s.id: s.title for s in dsj.sections}
    assert titles["section4"] == "四、审批事项及处理情况"
    assert titles["staffing"] == "六、工作人员及信息公开事务支出情况"
    assert [s.id for s in corpus["2011_fujian-pingtan-xian_xzf.txt"].sections][-2:] == [
        "problems", "statistics"]


def test_offsets_point_into_text(corpus):
    for r in corpus.values():
        for s in r.sections:
            assert r.text[s.start:s.end] == s.text
        for s in r.sentences:
            assert r.text[s.start:s.end] == s.text
        for b in r.blocks:
            assert r.text[b.start:b.end].rstrip() == b.text


def test_yunnan_structure(yunnan):
    problems = yunnan.section("problems")
    assert problems.title == "五、存在的问题及改进情况"
    subs = [b for b in yunnan.blocks if b.kind == "subsection" and b.section == "problems"]
    assert [b.label for b in subs] == ["（一）", "（二）", "（三）"]
    assert subs[0].text.startswith("（一）在加强组织领导上下功夫")
    items = [b for b in yunnan.blocks if b.kind == "item" and b.section == "problems"]
    assert [b.label for b in items[:5]] == ["一是", "二是", "三是", "四是", "五是"]
    # a sentence broken across lines in the web copy is joined again
    assert any("切实保障了人民群众的知情权" in s.text for s in yunnan.sentences)
    # table cells are not narrative sentences
    assert not any(s.text.startswith("1.本机关不掌握") for s in yunnan.sentences)


def test_pdf_text_normalised(corpus):
    r = corpus["2023_huaian-hongze_qzf.pdf"]
    assert "2023年政府信息公开工作年度报告" in r.text
    assert "2023 年" not in r.text
    assert "- 1 -" not in r.text


def test_section_headings_without_their_numerals_still_open_the_sections(tmp_path, yunnan):
    """Word list numbering and HTML <ol> keep 一、二、 out of the text: the whole-line titles
    alone give the report's skeleton, and the tables and section 五 read as before."""
    from conftest import CORPUS

    from textmine.analyze import analyze_file

    text = (CORPUS / "2019_yunnan_szf.txt").read_text(encoding="utf-8")
    titles = [s.title for s in yunnan.sections if s.title]
    for title in titles:
        text = text.replace(title, title.split("、", 1)[1], 1)
    assert not any(t in text for t in titles)  # the numbered titles are gone
    path = tmp_path / "2019_yunnan_szf.txt"
    path.write_text(text, encoding="utf-8")
    report = analyze_file(path)
    assert [s.id for s in report.sections] == [s.id for s in yunnan.sections]
    assert report.section("problems").title == "存在的问题及改进情况"
    assert report.cells["t3.total.total"].value == 2675
    assert {k: c.value for k, c in report.cells.items()} == {k: c.value for k, c in yunnan.cells.items()}
    assert len(report.problems) == len(yunnan.problems) == 5


def test_one_stray_title_line_does_not_make_a_skeleton():
    from textmine.structure import find_sections

    text = "某县人民政府\n主动公开政府信息情况\n本年共发布信息120条。\n"
    assert [s.id for s in find_sections(text)] == []


def test_unnumbered_headings_start_at_the_title_and_a_table_of_contents_is_not_a_skeleton():
    from textmine.structure import find_sections

    body = "本年度工作有序开展。\n"
    toc = "目录\n总体情况\n主动公开政府信息情况\n存在的主要问题及改进情况\n\n"
    text = (f"某县人民政府\n\n{toc}总体情况\n{body}\n主动公开政府信息情况\n{body}"
            f"存在的主要问题及改进情况\n{body}")
    sections = {s.id: s for s in find_sections(text)}
    assert list(sections) == ["preamble", "overview", "proactive", "problems"]
    assert sections["overview"].text.startswith("总体情况\n本年度")  # not the blank line, not the TOC
    assert toc in sections["preamble"].text


def test_a_glued_heading_of_its_own_fills_the_numbering_gap(tmp_path):
    """2013 地税局 with the space after 四、审批事项及处理情况 lost (a PDF or a web page may drop
    it): sections 三 and 五 are found by their titles, and the 四 between them by its numeral."""
    from conftest import CORPUS

    import textmine

    text = (CORPUS / "2013_fujian-pingtan_dsj.txt").read_text(encoding="utf-8")
    assert "四、审批事项及处理情况 我局" in text
    path = tmp_path / "2013_glued.txt"
    glued = text.replace("四、审批事项及处理情况 我局", "四、审批事项及处理情况我局")
    path.write_text(glued, encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert [(s.id, s.title) for s in r.sections][3:6] == [
        ("requests", "三、依申请公开、不予公开及咨询政府信息情况"), ("section4", "四、审批事项及处理情况"),
        ("appeals", "五、申请行政复议、提起行政诉讼和申诉的情况")]


def test_page_end_chrome_is_cut_in_any_order():
    """A page that ends 附件下载 then 打印本页 关闭窗口 loses both, not only the last."""
    from textmine.ingest import strip_chrome

    body = "六、其他需要报告的事项\n无。"
    for tail in ("\n附件下载\n打印本页 关闭窗口", "\n打印本页 关闭窗口\n附件下载", "\n附件下载"):
        assert strip_chrome(body + tail)[0] == body


@pytest.mark.parametrize(("old", "new"), [
    ("一、总体情况", "一、政府信息公开工作总体情况"),
    ("一、总体情况", "一、2021年政府信息公开工作总体情况"),
    ("一、总体情况", "一、工作概况"),
    ("二、主动公开政府信息情况", "二、政府信息主动公开情况"),
    ("三、收到和处理政府信息公开申请情况", "三、受理政府信息公开申请情况"),
    ("三、收到和处理政府信息公开申请情况", "三、政府信息公开申请办理情况"),
    ("四、政府信息公开行政复议、行政诉讼情况", "四、行政复议和行政诉讼情况"),
    ("六、其他需要报告的事项", "六、其他需要说明的事项"),
    ("六、其他需要报告的事项", "六、其他情况"),
])
def test_sections_under_other_issuers_titles(tmp_path, old, new):
    """2021 Pingtan with one heading titled as other issuers title it: the same sections, the
    renamed one with its whole title, and the same table cells. (行政复议和行政诉讼情况 is short
    enough that a table row's 四、 twenty characters before it once took the heading.) Both read
    alone: in the corpus run the year before settles an ambiguous 表二 row."""
    from conftest import CORPUS

    import textmine

    name = "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(CORPUS / name, text_mining=False)
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    renamed = textmine.analyze_file(path, text_mining=False)
    assert [s.id for s in renamed.sections] == [s.id for s in original.sections]
    assert new in [s.title for s in renamed.sections]
    assert {k: c.number for k, c in renamed.cells.items()} == {k: c.number for k, c in original.cells.items()}


def test_pre2019_long_requests_title_is_whole(tmp_path):
    """The 2008–2018 template's 依申请公开政府信息和不予公开政府信息情况 is one title, not
    依申请公开 followed by text."""
    from conftest import CORPUS

    import textmine

    name = "2018_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    path = tmp_path / name
    title = "三、依申请公开政府信息和不予公开政府信息情况"
    path.write_text(text.replace("三、政府信息依申请公开工作情况", title, 1), encoding="utf-8")
    report = textmine.analyze_file(path, text_mining=False)
    [requests] = [s for s in report.sections if s.id == "requests"]
    assert requests.title == title


# 平潭综合实验区行政审批局 2016 prints 七、附表 指标名称…: the spaced title is a part of its own too
@pytest.mark.parametrize("retitled", ["六、附表", "六、附表 "])
def test_pre2019_table_without_a_statistics_heading(tmp_path, retitled):
    """2018 Pingtan with its 六、政府信息公开情况统计表 retitled 六、附表: the table is still read
    from its header 指标名称, not from the preamble's mention of 统计表 (which let a number of
    the narrative into 政府网站公开数), and the part 六、附表 is the statistics part: section 五
    ends before it (its rows were read as promises)."""
    from conftest import CORPUS

    import textmine

    name = "2018_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(CORPUS / name, text_mining=False)
    assert original.cells["t_pre2019.proactive.website.year"].number == 2069
    text = (CORPUS / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text.replace("六、政府信息公开情况统计表", retitled, 1), encoding="utf-8")
    report = textmine.analyze_file(path, text_mining=False)
    assert [s.id for s in report.sections][-2:] == ["problems", "statistics"]  # no empty 六、 part
    statistics = report.section("statistics")
    assert statistics.title == "六、附表"
    assert report.section("problems").end == statistics.start == original.section("statistics").start
    assert {k: c.number for k, c in report.cells.items()} == {k: c.number for k, c in original.cells.items()}


def test_section_titles_and_table_leftovers_are_not_sentences(corpus):
    """A heading is not a sentence of the narrative: Hongze 2023's 33 'sentences' held its six
    section titles; a title run into its text (一、总体情况2021年，我区…) starts at the text; the
    pre-2019 table header (指标名称计量单位…) and a unit left between tables (元) are not
    narrative either."""
    hongze = corpus["2023_huaian-hongze_qzf.pdf"]
    titles = {s.title for s in hongze.sections if s.title}
    assert not titles & {s.text for s in hongze.sentences}
    assert len(hongze.sentences) == 27
    pingtan = corpus["2021_fujian-pingtan_gwh.txt"]
    first = next(s for s in pingtan.sentences if s.section == "overview")
    assert first.text.startswith("2021年，我区以习近平新时代中国特色社会主义思想为指导")
    assert pingtan.text[first.start:first.end] == first.text
    assert not any(s.text == "元" for s in corpus["2019_fujian-pingtan_gwh.txt"].sentences)
    assert not any("指标名称" in s.text for s in corpus["2018_fujian-pingtan_gwh.txt"].sentences)


@pytest.mark.parametrize("inserted", [
    "二、三季度共收到政府信息公开申请152件。", "二、三季度主动公开政府信息3万余条。",
    "二、加大主动公开力度，三、认真办理依申请公开。"])
def test_numerals_inside_the_text_are_not_headings(tmp_path, inserted):
    """A list of numerals (二、三季度) or an inline list item (二、加大主动公开力度) inside section 一
    of Yunnan 2019 opens no section: the sections stay those of the report."""
    from conftest import CORPUS

    import textmine

    name = "2019_yunnan_szf.txt"
    original = textmine.analyze_file(CORPUS / name, text_mining=False)
    text = (CORPUS / name).read_text(encoding="utf-8")
    anchor = "1.审慎稳妥接办信息公开申请。"
    assert anchor in text
    path = tmp_path / name
    path.write_text(text.replace(anchor, anchor + inserted, 1), encoding="utf-8")
    report = textmine.analyze_file(path, text_mining=False)
    assert [(s.id, s.title) for s in report.sections] == [(s.id, s.title) for s in original.sections]


def _wrap(text: str, width: int) -> str:
    """``text`` hard-wrapped near ``width`` characters, as a PDF's text copied out line by line:
    a break never falls before an enumerator (一是, （二）) or a punctuation mark, which
    typesetting keeps off a line's start, nor right after an opening one or an enumerator."""
    import re

    lines, start = [], 0
    while len(text) - start > width:
        cut = start + width
        while cut < len(text) and (text[cut] in "，。；：、”）" or text[cut - 1] in "（）“"
                                   or re.match(r"[一二三四五六七八九十]是|（", text[cut:])):
            cut += 1
        lines.append(text[start:cut])
        start = cut
    return "\n".join([*lines, text[start:]])


def test_a_hard_wrapped_section_reads_as_the_report_prints_it(tmp_path):
    """Section 五 of 2021 Pingtan cut into lines of 28 characters (a PDF copied out line by line,
    as the 2024/2025 Shanghai reports of a public repository come): the lines are joined again and
    the section gives the same problems and commitments. Without the wrap width, lines under 40
    characters stayed apart and each line became an item of its own."""
    from conftest import CORPUS

    import textmine

    name = "2021_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    original = textmine.analyze_file(CORPUS / name)
    five = original.section("problems").text.split("改进情况", 1)[1]
    five = five[: five.index("。", five.index("三是")) + 1]  # to the end of its last promise
    assert five in text
    path = tmp_path / name
    path.write_text(text.replace(five, "\n" + _wrap(five, 28) + "\n"), encoding="utf-8")
    wrapped = textmine.analyze_file(path)
    assert [p.text for p in wrapped.problems] == [p.text for p in original.problems]
    assert [c.text for c in wrapped.commitments] == [c.text for c in original.commitments]
    assert len(original.commitments) == 3


def test_section_five_whose_numbered_title_was_lost(tmp_path):
    """A conversion that dropped 五、存在的主要问题及改进情况 and kept its sub-headings on lines of
    their own: the section starts at （一）存在的主要问题, after the appeals part."""
    from conftest import CORPUS

    import textmine

    name = "2021_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    original = textmine.analyze_file(CORPUS / name)
    heading = "五、存在的主要问题及改进情况（一）存在的主要问题:"
    assert heading in text
    path = tmp_path / name
    lost_title = text.replace(heading, "\n（一）存在的主要问题\n")
    lost_title = lost_title.replace("（二）改进措施：", "\n（二）改进措施\n")
    path.write_text(lost_title, encoding="utf-8")
    lost = textmine.analyze_file(path)
    section = lost.section("problems")
    assert section is not None and section.title == "（一）存在的主要问题"
    assert [p.text for p in lost.problems] == [p.text for p in original.problems]
    assert [c.text for c in lost.commitments] == [c.text for c in original.commitments]


@pytest.mark.parametrize(("old", "new", "sections"), [
    # section 五 in two numbered parts, the second named by its measures (2025 君山片区管理局)
    ("五、存在的主要问题及改进情况（一）存在的主要问题:", "五、当前存在的突出问题",
     ["appeals", "problems", "other"]),
    ("五、存在的主要问题及改进情况（一）存在的主要问题:", "五、存在的突出问题 ",
     ["appeals", "problems", "other"]),
])
def test_section_five_titled_by_its_outstanding_problems(tmp_path, old, new, sections):
    from conftest import CORPUS

    import textmine

    name = "2021_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    original = textmine.analyze_file(CORPUS / name)
    assert old in text and "（二）改进措施：" in text
    path = tmp_path / name
    two_parts = text.replace(old, new).replace("（二）改进措施：", "六、下一步改进举措 ")
    path.write_text(two_parts, encoding="utf-8")
    other = textmine.analyze_file(path)
    assert [s.id for s in other.sections][-3:] == sections
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_overview_titled_by_the_years_results(tmp_path):
    from conftest import CORPUS

    import textmine

    name = "2021_fujian-pingtan_gwh.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert text.count("一、总体情况") == 1
    path = tmp_path / name
    path.write_text(text.replace("一、总体情况", "一、年度工作核心成效"), encoding="utf-8")
    other = textmine.analyze_file(path, text_mining=False)
    assert [(s.id, s.title) for s in other.sections][1] == ("overview", "一、年度工作核心成效")


@pytest.mark.parametrize("head", [
    "正文\n2019年云南省政府信息公开\n工作年度报告\n",  # a PDF's text copied line by line
    "# 2019 年云南省政府信息公开工作年度报告\n\n",  # Markdown, spaces around the year
])
def test_title_cut_over_two_lines_or_marked_up(tmp_path, head):
    """The title names the issuer when no manifest does: also when a copy of the PDF cut it over
    two lines, or a conversion spaced it and made it a Markdown heading (上海市科委 2024,
    沭阳县 2025 as a public repository holds them)."""
    from conftest import CORPUS

    import textmine

    text = (CORPUS / "2019_yunnan_szf.txt").read_text(encoding="utf-8")
    first = "2019年云南省政府信息公开工作年度报告\n"
    assert text.startswith(first)
    path = tmp_path / "2019_yunnan_szf.txt"
    path.write_text(head + text[len(first):], encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert r.title == "2019年云南省政府信息公开工作年度报告"
    assert (r.issuer, r.level, r.province) == ("云南省人民政府", "province", "云南省")


def test_a_title_the_wrapping_would_run_on_and_a_title_over_three_lines(tmp_path):
    """A hard-wrapped copy: the title is read from the lines as printed, before they are joined
    (else it runs on into the first paragraph); a title printed over three lines, the issuer on
    the first, keeps the issuer (review 8)."""
    import sys

    from conftest import CORPUS, ROOT

    import textmine

    sys.path.insert(0, str(ROOT / "bench"))
    from forms_sweep import hard_wrapped

    text = (CORPUS / "2019_yunnan_szf.txt").read_text(encoding="utf-8")
    first = "2019年云南省政府信息公开工作年度报告\n"
    body = text[len(first):]
    path = tmp_path / "2019_yunnan_szf.txt"
    heads = ("2019年云南省政府信息公开工作年度报告\n", "云南省人民政府\n2019年政府信息公开工作\n年度报告\n")
    titles = ("2019年云南省政府信息公开工作年度报告", "云南省人民政府2019年政府信息公开工作年度报告")
    for head in heads:
        path.write_text(hard_wrapped(head + body), encoding="utf-8")
        r = textmine.analyze_file(path, text_mining=False)
        assert r.issuer == "云南省人民政府", head
        assert r.title in titles
        assert r.value("t3.unavailable.not_held.total") == 651


def test_a_date_line_is_no_part_of_the_title_and_last_years_problems_no_section_five(tmp_path):
    """review 9: a department line and a date line above the title; a report of its own parts
    whose 四 is on last year's problems and whose 五 is section 五."""
    from textmine.ingest import _guess_title
    from textmine.structure import find_sections

    assert _guess_title("平潭综合实验区经济发展局\n2019年1月\n2018年度政府信息公开工作年度报告\n") == \
        "平潭综合实验区经济发展局2018年度政府信息公开工作年度报告"
    text = ("一、加强组织领导，健全工作机制 我局成立了领导小组。\n二、突出公开重点 我局公开了预算。\n"
            "四、上年度存在问题整改落实情况 针对去年的问题，我局进行了整改。\n"
            "五、存在的主要问题和改进措施 我局还存在公开内容不够全面等问题。下一步，我局将加强培训。")
    sections = find_sections(text)
    problems = [s for s in sections if s.id == "problems"]
    assert [s.title for s in problems] == ["五、存在的主要问题和改进措施"]


def test_a_title_wrapped_inside_the_issuers_name():
    """平潭综合实验区管理委员会 / 办公室2018年…报告: the title runs on over the two lines (review 10)."""
    from textmine.ingest import _guess_title

    assert _guess_title("平潭综合实验区管理委员会\n办公室2018年政府信息公开工作年度报告\n根据《条例》") == \
        "平潭综合实验区管理委员会办公室2018年政府信息公开工作年度报告"
