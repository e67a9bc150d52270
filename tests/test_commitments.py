"""Section 五 (problems, commitments), indicators and next-year follow-through, on the real
reports of corpora/ (the 2019 Yunnan report is the issue's seed; Pingtan 2011–2023 the series)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

import textmine
from textmine.cli import app
from textmine.commitments import similarity
from textmine.followthrough import follow_through_frame, recurring_problems
from textmine.indicators import chinese_value, find_quantities

PINGTAN = "平潭综合实验区管委会"


def narrative(report, indicator_id):
    return [i for i in report.indicators if i.source == "narrative" and i.id == indicator_id]


# --------------------------------------------------------------------------- the seed's numbers
def test_seed_websites_are_a_before_after_pair(yunnan):
    [sites] = narrative(yunnan, "web.sites")
    assert (sites.before, sites.value, sites.unit) == (4622, 307, "个")
    assert sites.text == "由2015年初的4622个整合至当前的307个"
    assert yunnan.text[sites.start:sites.end] == sites.text
    assert sites.theme == "gov_websites"


@pytest.mark.parametrize(("indicator_id", "value", "unit", "qualifier"), [
    ("new_media.accounts", 2218, "个", None),
    ("hotline.contacts", 692987, "件", None),
    ("gazette.issues", 24, "期", None),
    ("gazette.documents", 335, "件", None),
    ("gazette.copies", 600000, "份", "余"),
    ("press.conferences", 76, "场", None),
    ("web.items_published", 18458, "条", None),
])
def test_seed_narrative_indicators(yunnan, indicator_id, value, unit, qualifier):
    found = narrative(yunnan, indicator_id)
    assert found, indicator_id
    assert (found[0].value, found[0].unit, found[0].qualifier) == (value, unit, qualifier)


def test_seed_numbers_that_are_not_quantities_are_skipped(yunnan):
    texts = {i.text for i in yunnan.indicators if i.source == "narrative"}
    # 12345 is the hotline's name, 2019年 a date, 一是 an enumerator
    assert not any(t.startswith("12345") or t.endswith("年") for t in texts)
    assert "8916万条" in texts  # 万 applied: 89160000
    [records] = [i for i in yunnan.indicators if i.text == "8916万条"]
    assert records.value == 89_160_000 and records.id == "data.records"


@pytest.mark.parametrize(("report", "text", "before", "indicator_id"), [
    # the counted noun after the measure word names it (收到70件申请, 70个新媒体, 6期《问政平潭》)
    ("2021_fujian-pingtan_gwh.txt", "70件", "本年度全区共收到", "requests.received"),
    ("2018_fujian-pingtan_gwh.txt", "70个", "目前，", "new_media.accounts"),
    ("2020_fujian-pingtan_gwh.txt", "6期", "共组织开展", "response.interviews"),
    ("2020_fujian-pingtan_gwh.txt", "290个", "不动产等部门", "services.items"),
    # the verb decides between applications received and answered; the list continues its head
    ("2023_fujian-pingtan_gwh.txt", "81件", "办结依申请公开", "requests.answered"),
    ("2023_fujian-pingtan_gwh.txt", "42件", "予以公开及部分公开", "requests.answered"),
    # a generic verb after a channel named earlier in the sentence: the channel's items
    ("2018_fujian-pingtan_gwh.txt", "1992条", "其中微博29个，共发布信息", "new_media.items_published"),
    # 占 is the share of the count before it: of published information, not of applications
    ("2011_fujian-pingtan-xian_xzf.txt", "34.8%", "148条，占", "proactive.share"),
    ("2023_fujian-pingtan_gwh.txt", "51.85%", "42件，占", "unclassified"),
    # one compound count (8大类348项公共服务事项); an item of a list of categories of information
    ("2019_fujian-pingtan_gwh.txt", "8大类", "一企一证”改革，将", "services.items"),
    ("2018_fujian-pingtan_gwh.txt", "15条", "规划计划类信息", "proactive.items_published"),
    ("2018_fujian-pingtan_gwh.txt", "1029条", "其他信息", "proactive.items_published"),
    # places counted (16个州（市）): no indicator
    ("2019_yunnan_szf.txt", "16个", "有关数据采取省本级、", "unclassified"),
    # parts of the report, documents repealed: no indicator
    ("2011_fujian-pingtan-xian_xzf.txt", "五个", "统计表共", "unclassified"),
    ("2020_fujian-pingtan_gwh.txt", "5件", "已宣布废止规范性文件", "unclassified"),
])
def test_narrative_numbers_are_named_by_what_they_count(corpus, report, text, before, indicator_id):
    doc = corpus[report]
    [found] = [i for i in doc.indicators if i.source == "narrative" and i.text == text
               and doc.text[:i.start].endswith(before)]
    assert found.id == indicator_id


def test_table_indicators_and_derived_rates(yunnan):
    by_id = {i.id: i for i in yunnan.indicators if i.source == "table"}
    assert by_id["t3.unavailable.not_held.total"].value == 651
    assert "t3.not_processed.publications.total" not in by_id  # printed blank: not a number
    # rates need every cell they use: the disclosure rate is (granted + partially) / total
    granted = by_id["t3.granted.total"].value + by_id["t3.partially_granted.total"].value
    assert by_id["requests.disclosure_rate"].value == round(100 * granted / by_id["t3.total.total"].value, 4)
    assert by_id["requests.disclosure_rate"].unit == "%"


def test_quantities_in_real_sentences():
    # 2019 Pingtan: a before→after pair of durations; 2013 税务: 约4900人次 and a money amount
    [wait] = find_quantities("群众等候时间由42分钟缩至19分钟")
    assert (wait.before, wait.value, wait.unit) == (42, 19, "分钟")
    found = find_quantities("2013年有约4900人次到我局咨询，共计减免金额219062.78元")
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (4900, "人次", "约"), (219062.78, "元", "累计")]
    assert chinese_value("十一") == 11 and chinese_value("两") == 2
    assert [q.value for q in find_quantities("其他十一个区，两条微信，第三次会议，一是加强")] == [11, 2]


# --------------------------------------------------------------------------- section 五
def test_seed_problems_and_commitments_one_by_one(yunnan):
    assert len(yunnan.problems) == 5
    assert yunnan.problems[0].text.startswith("政务公开体制机制需要进一步健全")
    assert yunnan.problems[4].text.startswith("政府信息管理水平需要提高")
    # three group headings （一）–（三） hold 4 + 3 + 3 promises; the orientation paragraph is none
    assert len(yunnan.commitments) == 10
    first = yunnan.commitments[0]
    assert first.text.startswith("强化公开机构机制建设")
    assert (first.action, first.object) == ("强化", "公开机构机制建设")
    assert yunnan.text[first.start:first.end] == first.text
    platforms = yunnan.commitments[5]
    assert platforms.text.startswith("推进公开平台建管健康有序规范")
    assert platforms.target and platforms.target.startswith("以政府办事更加透明")
    linked = {i["id"]: i["value"] for i in platforms.indicators}
    assert linked["web.sites"] == 307 and linked["hotline.contacts"] == 692987


def test_lead_in_is_cut_and_problem_lists_are_split(corpus):
    hongze = corpus["2024_huaian-hongze_qzf.pdf"]
    # 主要是：A，B，C，D，E等 → five problems
    assert len(hongze.problems) == 5
    assert hongze.problems[1].text == "答复文书规范性有待提升"
    pingtan = corpus["2018_fujian-pingtan_gwh.txt"]
    # 下一步，我区将加强队伍建设… → the promise starts at 加强
    assert [c.text[:6] for c in pingtan.commitments] == ["加强队伍建设"]
    assert [p.text for p in pingtan.problems][:1] == ["个别公开单位责任意识不强"]


def test_pairing_only_where_the_text_links(corpus):
    hongze = corpus["2023_huaian-hongze_qzf.pdf"]  # 针对存在问题，下一步，将切实抓好以下工作
    assert hongze.commitments[0].problem == 0  # 依申请公开 ↔ 依申请公开工作规范性
    shanghai = corpus["2019_shanghai_szfbgt.html"]  # only a （二）改进措施 heading: no link
    assert all(c.problem is None for c in shanghai.commitments)


def test_no_section_five_is_a_finding_not_an_error(corpus):
    tax = corpus["2013_fujian-pingtan_dsj.txt"]
    assert tax.problems == [] and tax.commitments == []
    assert [f.rule for f in tax.findings if f.rule.startswith("commitments.")] == ["commitments.no_section"]


def test_empty_section_five_is_a_finding(tmp_path):
    text = (CORPUS / "2021_fujian-pingtan_gwh.txt").read_text(encoding="utf-8")
    start = text.index("五、存在的主要问题及改进情况")
    end = text.index("六、其他需要报告的事项")
    copy = tmp_path / "2021_fujian-pingtan_gwh.txt"
    copy.write_text(text[:start] + "五、存在的主要问题及改进情况\n无。\n" + text[end:], encoding="utf-8")
    report = textmine.analyze_file(copy)
    assert report.problems == [] and report.commitments == []
    assert [f.rule for f in report.findings if f.rule.startswith("commitments.")] == [
        "commitments.empty_section"]


# --------------------------------------------------------------------------- follow-through
def test_issuer_identity_across_the_renaming(corpus):
    assert corpus["2011_fujian-pingtan-xian_xzf.txt"].issuer == "平潭县人民政府"
    assert corpus["2011_fujian-pingtan-xian_xzf.txt"].issuer_key == PINGTAN


def test_pingtan_follow_through_values_next_year(corpus):
    frame = follow_through_frame(list(corpus.values()))
    pingtan = frame[frame.issuer_key == PINGTAN]
    assert {2011, 2018, 2019, 2020, 2021, 2022, 2023} <= set(pingtan.year)
    # 2019's promise on 依申请公开 (its second) → the disclosure rate of 2019 and of 2020
    row = pingtan[(pingtan.year == 2019) & (pingtan.indicator_id == "requests.disclosure_rate")].iloc[0]
    # (7 + 1) / 23 granted in 2019, (7 + 6) / 21 in 2020
    assert row.value == pytest.approx(100 * 8 / 23, abs=1e-4)
    assert row.next_value == pytest.approx(100 * 13 / 21, abs=1e-4)
    assert row.next_source.endswith("2020_fujian-pingtan_gwh.txt")
    assert row.change == pytest.approx(100 * (13 / 21 - 8 / 23), abs=1e-3)
    assert row.next_year == 2020
    # the corpus lacks 2012 and 2016-2017: 2011 is followed by 2015, 2015 by 2018
    assert set(pingtan[pingtan.year == 2011].next_year) == {2015}
    assert set(pingtan[pingtan.year == 2015].next_year) == {2018}
    assert pingtan[pingtan.year == 2011].problem_repeated.notna().all()
    # 2023 is the series' last year: no next report
    last = pingtan[pingtan.year == 2023]
    assert last.next_source.isna().all() and last.problem_repeated.isna().all()


def test_recurring_problems_of_the_pingtan_series(corpus):
    recurring = recurring_problems(list(corpus.values()))
    pingtan = recurring[recurring.issuer_key == PINGTAN]
    # 政策解读形式不够丰富 (2021) → 政策解读形式单一 (2022) → 政策解读的质量有待提高，形式还要更加多样 (2023)
    interp = pingtan[pingtan.problem.str.contains("政策解读")]
    assert [(int(a), int(b)) for a, b in zip(interp.year, interp.next_year, strict=True)] == [
        (2021, 2022), (2022, 2023)]
    assert similarity("政策解读形式单一", "政策解读形式单一") == 1.0


# --------------------------------------------------------------------------- interfaces
def test_json_document_has_the_issue_keys(yunnan):
    doc = json.loads(yunnan.to_json())
    assert {"problems", "commitments", "indicators"} <= doc.keys()
    c = doc["commitments"][5]
    assert {"text", "start", "end", "themes", "action", "object", "target", "indicators"} <= c.keys()
    assert {"id", "value", "unit", "source"} == set(c["indicators"][0])
    ind = next(i for i in doc["indicators"] if i["id"] == "web.sites")
    assert (ind["value"], ind["before"], ind["source"]) == (307, 4622, "narrative")


def test_frames_for_notebook_users(yunnan):
    assert len(textmine.problems_frame([yunnan])) == 5
    frame = textmine.commitments_frame([yunnan])
    assert list(frame.action[:2]) == ["强化", "促进"]
    indicators = textmine.indicators_frame([yunnan])
    assert indicators[indicators.id == "gazette.copies"].value.iloc[0] == 600000


def test_cli_commitments_file_and_folder(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["commitments", str(CORPUS / "2019_yunnan_szf.txt")])
    assert result.exit_code == 0, result.output
    assert "commitment 9" in result.output and "web.sites = 307个" in result.output
    folder = tmp_path / "pingtan"
    folder.mkdir()
    for name in ("2019_fujian-pingtan_gwh.txt", "2020_fujian-pingtan_gwh.txt", "MANIFEST.csv"):
        shutil.copy(CORPUS / name, folder / name)
    out = tmp_path / "follow.csv"
    result = runner.invoke(app, ["commitments", str(folder), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(out, encoding="utf-8-sig")
    rate = table[(table.year == 2019) & (table.indicator_id == "requests.disclosure_rate")]
    assert list(rate.next_value) == [round(100 * 13 / 21, 4)]
    # sources as the store names them (relative to the folder), so the two join
    assert list(rate.source) == ["2019_fujian-pingtan_gwh.txt"]
    assert list(rate.next_source) == ["2020_fujian-pingtan_gwh.txt"]
    assert Path(out).read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("variant", ["ascii_parens", "digits", "circled", "line_per_item"])
def test_section_five_survives_other_enumerator_forms(tmp_path, variant):
    """The seed rewritten as other sites print it: (一), 1./①, one item per line; the same
    5 problems and 10 commitments."""
    import re

    digits = dict(zip("一二三四五", "12345", strict=True))
    circled = dict(zip("一二三四五", "①②③④⑤", strict=True))
    text = (CORPUS / "2019_yunnan_szf.txt").read_text(encoding="utf-8")
    text = {
        "ascii_parens": lambda t: re.sub(r"（([一二三])）", r"(\1)", t),
        "digits": lambda t: re.sub(r"([一二三四五])是", lambda m: digits[m.group(1)] + ".", t),
        "circled": lambda t: re.sub(r"([一二三四五])是", lambda m: circled[m.group(1)], t),
        "line_per_item": lambda t: re.sub(r"。([一二三四五])是", r"。\n\1是", t),
    }[variant](text)
    path = tmp_path / "2019_yunnan_szf.txt"
    path.write_text(text, encoding="utf-8")
    report = textmine.analyze_file(path)
    assert (len(report.problems), len(report.commitments)) == (5, 10)
    assert report.commitments[0].text.startswith("强化公开机构机制建设")


@pytest.mark.parametrize("year", [2020, 2021])
def test_part_headings_run_into_their_text(tmp_path, year):
    """Web text that lost the line break after （一）存在的主要问题 / （二）改进措施 (and its colon):
    the heading still opens its part, and the first item glued to it (改进措施一是…) is an item."""
    import re

    source = CORPUS / f"{year}_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    glued = r"([（(][一二][)）](?:存在的主要问题|改进措施))[:：。]?\s*"
    text = re.sub(glued, r"\1", source.read_text(encoding="utf-8"))
    assert "改进措施一是" in text
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    glued = textmine.analyze_file(path)
    assert [p.text for p in glued.problems] == [p.text for p in original.problems]
    assert [c.text for c in glued.commitments] == [c.text for c in original.commitments]
    assert len(original.commitments) == {2020: 4, 2021: 3}[year]


@pytest.mark.parametrize("title", [
    "存在问题及下一步工作打算", "存在的不足和下一步工作打算", "存在问题和整改措施", "问题与不足及改进方向",
    "工作中存在的不足及改进措施", "存在的主要问题和2022年工作打算", "下一步工作计划"])
def test_section_five_under_other_titles(tmp_path, title):
    """Section 五 as other issuers title it: the same section, problems and commitments as
    2021 Pingtan's own 存在的主要问题及改进情况 (the title ends at 打算/方向/计划 too)."""
    source = CORPUS / "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    text = source.read_text(encoding="utf-8").replace("五、存在的主要问题及改进情况", f"五、{title}")
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    renamed = textmine.analyze_file(path)
    [section] = [s for s in renamed.sections if s.id == "problems"]
    assert section.title == f"五、{title}"
    assert [p.text for p in renamed.problems] == [p.text for p in original.problems]
    assert [c.text for c in renamed.commitments] == [c.text for c in original.commitments]
    # its second sentence names two shortfalls (guideline 1.4b)
    assert (len(original.problems), len(original.commitments)) == (3, 3)


def test_glued_part_headings_of_a_real_report(corpus):
    pingtan = corpus["2015_fujian-pingtan_gwh.txt"]  # …(一)存在问题虽然…（二）改进措施一是重点推进…
    assert len(pingtan.problems) == 3
    assert [c.text[:6] for c in pingtan.commitments] == [
        "重点推进与社", "结合电子政务", "抓好主动公开", "区县单位整合"]
    assert pingtan.problems[-1].text == "政府信息公开宣传力度还不够，造成公众查阅点利用率不高"


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # items that merely start with a part's words are items, not part headings
    ("（一）存在问题整改不到位。部分单位对检查发现的问题整改不及时。下一步，我们将：一是加强培训。二是强化督查。",
     ["部分单位对检查发现的问题整改不及时"], ["加强培训", "强化督查"]),
    ("针对上述问题，下一步将采取以下措施加以改进：（一）存在问题整改落实。对照问题清单逐项整改。"
     "（二）加强队伍建设。配齐配强工作人员。",
     [], ["存在问题整改落实。对照问题清单逐项整改", "加强队伍建设。配齐配强工作人员"]),
    ("存在的问题主要有：（一）公开内容不够全面。（二）整改措施落实不到位。下一步，我们将加强培训。",
     ["公开内容不够全面", "整改措施落实不到位"], ["加强培训"]),
    # a list of parts whose headings ran into their text (a space after the numeral too)
    ("（一） 存在的主要问题公开不够及时；解读形式单一。（二） 改进措施一是加强统筹协调。二是丰富解读形式。",
     ["公开不够及时", "解读形式单一"], ["加强统筹协调", "丰富解读形式"]),
])
def test_part_headings_only_where_the_parts_are_listed(tmp_path, body, problems, commitments):
    source = CORPUS / "2020_fujian-pingtan_gwh.txt"
    text = source.read_text(encoding="utf-8")
    start, end = text.index("五、存在的主要问题及改进情况"), text.index("六、其他需要报告的事项")
    path = tmp_path / source.name
    section = "五、存在的主要问题及改进情况\n" + body + "\n"
    path.write_text(text[:start] + section + text[end:], encoding="utf-8")
    report = textmine.analyze_file(path)
    assert [p.text for p in report.problems] == problems
    assert [c.text for c in report.commitments] == commitments


def test_signature_and_time_clauses_stay_out_of_promises(corpus):
    """2011 Pingtan ends its section 五 with the report's date (二○一二年二月二十日): not part of
    the last promise. 2015 Pingtan's 区县单位整合后，…我区将邀请省公开办… promises to invite
    (邀请), 整合后 being a time clause."""
    last = corpus["2011_fujian-pingtan-xian_xzf.txt"].commitments[-1]
    assert last.text.endswith("将信息公开评议和考核工作常规化、日常化")
    training = corpus["2015_fujian-pingtan_gwh.txt"].commitments[-1]
    assert (training.action, training.object) == ("邀请", "省公开办来岚开展信息公开培训指导工作")


@pytest.mark.parametrize(("sentence", "ids"), [
    # a generic verb after the number is not its noun; the list's head names the items
    ("收到申请20件，其中10件予以公开，2件部分公开，8件不予公开。",
     ["requests.received"] * 4),
    # a verb before that outranks the noun after (answered, not received)
    ("共办结81件申请。", ["requests.answered"]),
    # a list ends at ；: the head of the first list does not name the second's numbers
    ("全年主动公开政府信息2000条，其中政策文件50条；收到群众诉求348件，现场解决162件。",
     ["proactive.items_published", "normative_documents.published", "response.messages",
      "response.messages"]),
    # 已办结 is the 7's noun phrase, not a cue for the pending 1
    ("受理政府信息公开申请8件，其中7件已办结，1件正在办理中。",
     ["requests.received", "requests.answered", "requests.received"]),
    # a request-side disclosure rate is not the share of proactive disclosure
    ("受理申请50件，实质公开率达60%。", ["requests.received", "unclassified"]),
])
def test_naming_rules_on_counter_examples(sentence, ids):
    """Sentences a review built to break the naming rules (forms the reports use)."""
    from textmine.indicators import narrative_indicators
    from textmine.model import Sentence

    found = narrative_indicators([Sentence("requests", 0, len(sentence), sentence)])
    assert [i.id for i in found] == ids


@pytest.mark.parametrize(("promise", "action"), [
    ("明确时间节点，压实工作责任。", "明确"), ("做好后续跟踪问效工作。", "做好"), ("严格时限要求。", "严格"),
    ("加强后台管理。", "加强"), ("区县单位整合后，我区将邀请省公开办开展培训。", "邀请")])
def test_a_time_clause_is_skipped_only_where_it_is_one(promise, action):
    """整合后， opens a time clause; 时间节点, 后续, 时限, 后台 are the object of the verb."""
    from textmine.commitments import action_of

    assert action_of(promise)[0] == action


def test_promises_under_a_heading_of_their_own(tmp_path):
    """Problems and promises as two numbered parts (五、存在的主要问题 / 六、下一步工作打算, then
    七、其他…): the second heading continues section 五, and its promises are found; before, it
    became a part of its own and every promise was lost."""
    source = CORPUS / "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    text = source.read_text(encoding="utf-8")
    text = text.replace("五、存在的主要问题及改进情况（一）存在的主要问题:", "五、存在的主要问题\n", 1)
    text = text.replace("（二）改进措施：", "\n六、下一步工作打算\n", 1)
    text = text.replace("六、其他需要报告的事项", "七、其他需要报告的事项", 1)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    split = textmine.analyze_file(path)
    assert [s.id for s in split.sections][-2:] == ["problems", "other"]
    assert [p.text for p in split.problems] == [p.text for p in original.problems]
    assert [c.text for c in split.commitments] == [c.text for c in original.commitments]


@pytest.mark.parametrize("replacements", [
    # the parts named on lines of their own, without numerals
    [("（一）存在的主要问题:", "\n存在的主要问题：\n"), ("（二）改进措施：", "\n改进措施：\n")],
    # no second heading: an introduction opens the promises inside the problems part
    [("（二）改进措施：", "下一步，我区将从以下几个方面加以改进：")],
])
def test_parts_named_otherwise(tmp_path, replacements):
    """2021 Pingtan's section 五 with its parts named as other reports name them: the same 2
    problems and 3 promises (before: the part's name was a problem; the promises were problems)."""
    source = CORPUS / "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    other = textmine.analyze_file(path)
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


# 2011 Pingtan county: section 五 then the annex table, as the archive prints it
_XIAN_2011 = "2011_fujian-pingtan-xian_xzf.txt"
_XIAN_ANNEX = " 二○一二年二月二十日 附件1：平潭县人民政府2011年政府信息公开情况统计表 指标名称计量单位"


def _variant(tmp_path: Path, name: str, replacements: list[tuple[str, str]]) -> textmine.Report:
    text = (CORPUS / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return textmine.analyze_file(path)


@pytest.mark.parametrize("annex", [
    # the annex's title with a long issuer name first (平潭综合实验区管委会2011年…: 23 characters)
    " 二○一二年二月二十日 附件1：平潭综合实验区管委会办公室2011年度政府信息公开情况统计表 指标名称计量单位",
    # the annex is the table itself (平潭县财政局 2009)
    " 平潭县人民政府 二○一○年四月十日 附表： 指标名称 计量单位",
    # the table's title without an annex mark (平潭综合实验区 2012, 2013)
    " 二○一三年一月二十日 平潭综合实验区政府信息公开情况统计表 指标名称计量单位",
    # 统计数据 for 统计表, the header spaced out (平潭综合实验区公安局 2013)
    " 附件：平潭县人民政府2011年度政府信息公开工作统计数据 平潭县人民政府 2012年3月3日 指 标 名 称 计量 单位",
    # the header straight after the date
    " 二○一二年二月二十日 指标名称计量单位",
    # signed with the issuer's name alone
    " 平潭县人民政府 附件1：平潭县人民政府2011年政府信息公开情况统计表 指标名称计量单位",
])
def test_the_annex_table_ends_section_five(tmp_path, annex):
    """The pre-2019 statistics table as other Pingtan reports of the archive print it after
    section 五 (no numeral, other titles, or none): before, its rows were read as promises
    (网站公开 条6, 当面申请数 条0…). Section 五 ends at the table, the promises are the
    original's (the signature cut), and every cell is read as in the original."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    other = _variant(tmp_path, _XIAN_2011, [(_XIAN_ANNEX, annex)])
    statistics = other.section("statistics")
    assert statistics is not None and other.section("problems").end == statistics.start
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]
    assert other.commitments[-1].text.endswith("常规化、日常化")
    assert {k: c.value for k, c in other.cells.items()} == {k: c.value for k, c in original.cells.items()}


@pytest.mark.parametrize(("label", "printed"), [
    ("3.否决公开答复数条00", "3．否决公开答复总数条00"),  # 平潭县财政局 2009
    ("4.网上申请数条00", "4.网络申请数条00"),  # 平潭综合实验区行政审批局 2016
])
def test_row_labels_as_other_reports_print_them(tmp_path, label, printed):
    """否决公开答复总数 is the row 否决公开答复数, 网络申请数 the row 网上申请数: before, the row was
    not found and its numeral (3．) read as a cell of the row above ('0 3.' cannot be read as 2
    cells)."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    other = _variant(tmp_path, _XIAN_2011, [(label, printed)])
    assert [f.rule for f in other.findings] == [f.rule for f in original.findings]
    assert other.cells["t_pre2019.responses.refused.year"].value == 0
    assert other.cells["t_pre2019.responses.partially_granted.year"].value == 0


@pytest.mark.parametrize("opening", [
    "2012年，我县将",  # 2014 Pingtan
    "我们在今年的工作中，将",  # 道县文广新局 2013
    "在以后的工作中，我县将",  # 郑州市中原区审计局 2015
])
def test_promises_opened_by_the_coming_year(tmp_path, opening):
    """2014 Pingtan's form and others': the problems enumerated, then one sentence of promises
    opened by the time it speaks of (2015年，我区将… / 在以后的工作中，我局将…), no heading, no
    下一步. Before, the last problem swallowed it and there was no promise."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    start = "因此，我们考虑从以下三个方面作进一步的改进："
    text = (CORPUS / _XIAN_2011).read_text(encoding="utf-8")
    promises = text[text.index(start):text.index(_XIAN_ANNEX)]
    promise = "进一步深化政府信息公开内容，拓展公开形式，加强信息公开培训指导工作"
    other = _variant(tmp_path, _XIAN_2011, [(promises, f"{opening}{promise}。")])
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [promise]
    assert other.commitments[0].action == "深化"


@pytest.mark.parametrize(("intro", "sep", "end"), [
    ("仍存在一些不足，如：", "；", "。"),  # 2025 Pingtan
    ("但在工作中仍有不足，如", "；", "等。"),  # 2024 Pingtan: no colon, ；between, 等 closing the frame
])
def test_problems_listed_in_one_sentence(tmp_path, intro, sep, end):
    """The problems as later Pingtan reports list them in one sentence, without 一是: each member a
    problem, the frame (如…等, 主要是…等问题) outside the spans. Before, the introduction and the
    first problem were one item (dropped as a generic admission, or kept with the intro), the
    frame's 等 stayed in the last, and a short problem with 仍有不足 was taken for an admission."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    other = _variant(tmp_path, _XIAN_2011, [
        ("仍存在一些不足。一是受人员", f"{intro}受人员"), ("；二是部分单位", f"{sep}部分单位"),
        ("；三是依申请", f"{sep}依申请"),
        ("；四是政府信息公开宣传力度还不够，造成公众查阅点利用率不高。", f"{sep}宣传仍有不足{end}")])
    assert [p.text for p in other.problems] == [p.text for p in original.problems[:3]] + ["宣传仍有不足"]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_problems_listed_with_commas_after_zhuyaoshi(tmp_path):
    """2016 Pingtan: …仍存在一些不足和薄弱环节。主要是A，B，C等问题。 (主要是 without the colon the
    frame asked for): one problem per member; before, one problem holding the frame and all."""
    text = (CORPUS / _XIAN_2011).read_text(encoding="utf-8")
    problems = text[text.index("仍存在一些不足。"):text.index("因此，我们考虑")]
    members = ["经办人员流动性大", "信息公开属性界定不准确", "依申请公开工作机制仍需进一步规范",
               "公众查阅点利用率不高"]
    other = _variant(tmp_path, _XIAN_2011, [
        (problems, f"仍存在一些不足和薄弱环节。主要是{'，'.join(members)}等问题。")])
    assert [p.text for p in other.problems] == members


def test_a_part_heading_ended_by_a_space(tmp_path):
    """（二）下一步的改进措施 针对上述问题，我局将…：一是… (2020 国有资产管理局 of the archive): the
    heading names the promises' part though a space, not a 。 or ：, ends it. Before, the
    promises were read as problems."""
    source = CORPUS / "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    heading = "（二）下一步的改进措施 针对上述问题，我区将主动加强学习交流，不断提升政府信息公开工作水平。"
    other = _variant(tmp_path, source.name, [("（二）改进措施：", heading)])
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_items_numbered_1_dot_after_a_group_heading(tmp_path):
    """（三）进一步规范政府信息公开行为1.加强… (2018 财政金融局 of the archive): 1. run into the
    heading's last word numbers an item, as 1、 does. Before, the first promise was lost in the
    group heading."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    other = _variant(tmp_path, _XIAN_2011, [("行为1、加强", "行为1.加强"), ("。2、规范", "。2.规范"),
                                            ("。3、做好", "。3.做好"), ("。4、建立", "。4.建立")])
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_last_years_measures_are_neither_problems_nor_promises(tmp_path):
    """A section 五 that first looks back (我县针对2010年…存在的问题，采取措施，扎实改进。一是成立了…
    — 2021 行政审批局 and 2023 交通与建设局 of the archive): what was done is neither a problem nor
    a promise; the problems begin at the admission (…取得了一定成效，但仍存在一些不足。)."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    looking_back = ("我县针对2010年政府信息公开工作中存在的问题，采取措施，扎实改进。一是成立了政府信息公开"
                    "工作领导小组，重新梳理了公开目录。二是组织集中学习了《条例》，提升业务水平。")
    other = _variant(tmp_path, _XIAN_2011, [(
        "目前，我县在政府信息公开工作的开展中，仍存在一些不足。",
        looking_back + "目前，我县在政府信息公开工作的开展中取得了一定成效，但仍存在一些不足。")])
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_a_problem_list_after_ru_without_deng(tmp_path):
    """郑州市中原区审计局 2015: …存在一些不足，如A、B，与政府的要求还有差距。 (no 等): the members
    are problems, the comparison after them is not one. Before, the whole sentence was one
    problem."""
    text = (CORPUS / _XIAN_2011).read_text(encoding="utf-8")
    problems = text[text.index("仍存在一些不足。"):text.index("因此，我们考虑")]
    other = _variant(tmp_path, _XIAN_2011, [
        (problems, "存在一些不足，如信息更新不够及时、公开内容还有待进一步完善，与上级的要求还有差距。")])
    assert [p.text for p in other.problems] == ["信息更新不够及时", "公开内容还有待进一步完善"]


def test_a_sentence_pointing_at_the_problems_is_neither(tmp_path):
    """蚌埠 2016: 上述问题，我们将采取有力措施，在今后的工作中切实加以改进。 after the problems names
    no problem and is no measure. Before, it was a problem."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    link = "上述问题，我们将采取有力措施，在今后的工作中切实加以改进。"
    other = _variant(tmp_path, _XIAN_2011, [("因此，我们考虑", link + "因此，我们考虑")])
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_other_matters_titled_the_other_way_round(tmp_path):
    """六、需要说明的其他事项与附表 (平潭综合实验区农业农村局 2023): the part after section 五 under
    its words in the other order. Before, section 五 ran on into it."""
    source = CORPUS / "2021_fujian-pingtan_gwh.txt"
    original = textmine.analyze_file(source)
    other = _variant(tmp_path, source.name, [("六、其他需要报告的事项", "六、需要说明的其他事项与附表")])
    assert other.section("other").title.startswith("六、需要说明的其他事项")
    assert other.section("problems").end == original.section("problems").end
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_items_numbered_yi_yao(tmp_path):
    """一要…二要… (平潭综合实验区农村发展局 2017) numbers items as 一是…二是… does: before, each
    sentence of an item was a promise of its own and the numeral stayed in the first."""
    text = (CORPUS / _XIAN_2011).read_text(encoding="utf-8")
    promises = text[text.index("因此，我们考虑"):text.index(_XIAN_ANNEX)]
    other = _variant(tmp_path, _XIAN_2011, [(promises, (
        "下一步，我县将从以下方面改进：一要加强宣传教育，进一步扩大政府信息公开范围。加大宣传力度，强化公开意识。"
        "二要创新工作思路，进一步丰富政府信息公开方式。"))])
    assert [c.text for c in other.commitments] == [
        "加强宣传教育，进一步扩大政府信息公开范围。加大宣传力度，强化公开意识",
        "创新工作思路，进一步丰富政府信息公开方式"]


@pytest.mark.parametrize(("sentence", "problems"), [
    # one member after 如, the frame's 等 cut (平潭综合实验区农业农村局 2023)
    ("但仍存在一些问题和不足，如政策解读质量还有待提高等。", ["政策解读质量还有待提高"]),
    # an admission naming no problem (平潭综合实验区综合执法与应急管理局 2021)
    ("虽然取得一定成绩，但也存在一些困难和问题。", []),
])
def test_problem_sentences_of_department_reports(tmp_path, sentence, problems):
    text = (CORPUS / _XIAN_2011).read_text(encoding="utf-8")
    listed = text[text.index("仍存在一些不足。"):text.index("因此，我们考虑")]
    other = _variant(tmp_path, _XIAN_2011, [(listed, sentence)])
    assert [p.text for p in other.problems] == problems


# ---- from the review of this session's rules: forms they must leave alone
_PT_2018 = "2018_fujian-pingtan_gwh.txt"
_PT_2018_PROBLEMS = ["个别公开单位责任意识不强", "政务公开工作队伍建设有待加强", "便民服务仍有差距"]
_PT_2018_LIST = "但还存在个别公开单位责任意识不强、政务公开工作队伍建设有待加强、便民服务仍有差距等问题"


@pytest.mark.parametrize("replacement", [
    # 统计数据 in a sentence under a numbered heading is no statistics table
    ("一、 概述2015年，", "一、 概述 本报告所列统计数据均截至2015年12月31日。2015年，"),
    ("2015年全区未收到有关政府信息公开申请。", "2015年全区未收到有关政府信息公开申请（见统计表）。"),
])
def test_a_mention_of_the_table_opens_no_statistics_part(tmp_path, replacement):
    original = textmine.analyze_file(CORPUS / "2015_fujian-pingtan_gwh.txt", text_mining=False)
    other = _variant(tmp_path, "2015_fujian-pingtan_gwh.txt", [replacement])
    assert [s.id for s in other.sections] == [s.id for s in original.sections]
    assert other.section("statistics").title == original.section("statistics").title


@pytest.mark.parametrize("replacement", [
    # 将 as 把 (what was done), not the future 将
    ("虽然，我区2018年度政务公开工作取得了一定成效，但还存在",
     "2018年，我区将政务公开工作纳入绩效考核，取得了一定成效，但还存在"),
    # the frame's words inside its list: …一些问题，如A、B、C等问题
    (_PT_2018_LIST, "但仍存在一些问题，如" + _PT_2018_LIST[4:] + "，需要在今后工作中加以解决"),
    # …不足，如A、B、C等 (the frame's 等 not in the last)
    (_PT_2018_LIST, "但仍存在一些不足，如" + _PT_2018_LIST[4:-2]),
])
def test_problem_forms_the_new_rules_must_not_break(tmp_path, replacement):
    other = _variant(tmp_path, _PT_2018, [replacement])
    assert [p.text for p in other.problems] == _PT_2018_PROBLEMS
    assert len(other.commitments) == 1


@pytest.mark.parametrize("replacement", [
    # a promise introduction that starts with 针对以往…
    ("因此，我们考虑从以下三个方面作进一步的改进：",
     "针对以往工作中存在的不足，下一步重点做好以下三个方面工作："),
    # a look back that admits the problems still there in the same sentence
    ("目前，我县在政府信息公开工作的开展中，仍存在一些不足。一是",
     "针对去年报告中提出的问题，我县进行了整改，但仍存在一些不足。一是"),
])
def test_a_look_back_only_where_it_is_one(tmp_path, replacement):
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    other = _variant(tmp_path, _XIAN_2011, [replacement])
    assert [p.text for p in other.problems] == [p.text for p in original.problems]
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_a_short_item_title_is_no_part_heading(tmp_path):
    """（一）专业人员不足 各单位…: an item whose title ends in 不足 before a space is an item, not
    the heading of the problems part (it was dropped)."""
    items = ["专业人员不足 各单位信息公开工作多由办公室人员兼职经办，流动性较大",
             "主动公开内容不够深化 部分单位信息公开属性界定不准确"]
    body = "".join(f"（{n}）{item}。" for n, item in zip("一二", items, strict=True))
    other = _section_five(tmp_path, body)
    assert [p.text for p in other.problems] == items


@pytest.mark.parametrize(("new", "problems", "commitments"), [
    # promises listed after a colon: not problems
    ("但还存在A。为解决上述问题，拟采取如下措施：加强队伍建设，提升业务素质；"
     "完善运行机制，推动政务公开再上新台阶。",
     None, ["加强队伍建设，提升业务素质", "完善运行机制，推动政务公开再上新台阶"]),
    # a promise clause after the problem list
    ("但还存在一些不足，主要是个别公开单位责任意识不强；政务公开工作队伍建设有待加强；"
     "对此，我区将加强队伍建设，提升业务素质。",
     ["个别公开单位责任意识不强", "政务公开工作队伍建设有待加强"], ["加强队伍建设，提升业务素质"]),
])
def test_promises_after_a_problem_list(tmp_path, new, problems, commitments):
    text = (CORPUS / _PT_2018).read_text(encoding="utf-8")
    start = text.index("但还存在个别公开单位")
    old = text[start:text.index("六、政府信息公开情况统计表")]
    other = _variant(tmp_path, _PT_2018, [(old, new.replace("A", "个别公开单位责任意识不强") + " ")])
    if problems is not None:
        assert [p.text for p in other.problems] == problems
    assert [c.text for c in other.commitments] == commitments


def test_a_shortfall_inside_a_promise_stays_in_it(tmp_path):
    """…，但仍存在更新不及时的问题。 inside a promise's elaboration does not end the promise: only a
    concessive summary (取得…成效，但…存在…问题) opens the problems."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    shortfall = "目前各单位虽已建立公开目录，但仍存在更新不及时的问题。"
    other = _variant(tmp_path, _XIAN_2011, [("按照《条例》要求，", shortfall + "按照《条例》要求，")])
    assert other.commitments[0].text.startswith("进一步深化政府信息公开内容。目前各单位")
    assert other.commitments[0].text.endswith(original.commitments[0].text[-20:])


# ---- from the second review: problem sentences the newer rules must leave alone
_PT_2018_L = _PT_2018_LIST + "。"


@pytest.mark.parametrize(("new", "problems"), [
    ("但还存在以下不足：公开内容不够全面；保障措施落实不到位；信息公开制度不完善。",
     ["公开内容不够全面", "保障措施落实不到位", "信息公开制度不完善"]),
    ("但还存在以下不足：政策解读针对性不强；公开内容不够全面；便民服务仍有差距。",  # 针对性 is no 针对
     ["政策解读针对性不强", "公开内容不够全面", "便民服务仍有差距"]),
    ("但还存在以下不足：个别单位未将政务公开纳入年度考核；便民服务仍有差距。",  # 将 as 把
     ["个别单位未将政务公开纳入年度考核", "便民服务仍有差距"]),
    ("但还存在一些不足。部分单位的政策解读存在一些问题，解读形式单一，内容空泛。",
     ["部分单位的政策解读存在一些问题，解读形式单一，内容空泛"]),
    # one member, no frame of its own
    ("但还存在一些不足。政策解读质量不高，部分解读材料存在照搬照抄政策原文等问题。",
     ["政策解读质量不高，部分解读材料存在照搬照抄政策原文等问题"]),
    ("但还存在一些不足。部分单位行政处罚结果公示不规范，五要素不齐全，公开质量不高。",  # 五要素, no 一要
     ["部分单位行政处罚结果公示不规范，五要素不齐全，公开质量不高"]),
    ("但还存在个别单位公开不及时等问题，政策解读质量也有待提高。",  # the problem after the frame
     ["个别单位公开不及时", "政策解读质量也有待提高"]),
    ("但还存在政务公开工作队伍建设有待加强，如个别单位人员流动性大、业务不熟等问题。",  # the one before 如
     ["政务公开工作队伍建设有待加强", "个别单位人员流动性大", "业务不熟"]),
])
def test_problem_sentences_the_rules_must_not_misread(tmp_path, new, problems):
    original = textmine.analyze_file(CORPUS / _PT_2018)
    other = _variant(tmp_path, _PT_2018, [(_PT_2018_L, new)])
    assert [p.text for p in other.problems] == problems
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


@pytest.mark.parametrize(("old", "new", "promise_starts"), [
    ("下一步，我区将加强队伍建设，提升业务素质，",
     "2019年，我区将更加注重队伍建设，着力解决业务素质不高的问题，", "更加注重队伍建设"),
    ("下一步，我区将加强队伍建设", "今后，我区将通过加强队伍建设", "通过加强队伍建设"),
])
def test_openings_with_any_verb_after_jiang(tmp_path, old, new, promise_starts):
    other = _variant(tmp_path, _PT_2018, [(old, new)])
    assert [p.text for p in other.problems] == _PT_2018_PROBLEMS
    assert len(other.commitments) == 1 and other.commitments[0].text.startswith(promise_starts)


@pytest.mark.parametrize("looking_back", [
    "针对2017年度报告中提出的问题，我区采取了以下措施：开展业务培训；完善考核制度。",
    "针对2017年度报告中提出的问题，我区采取了以下措施：一是组织开展业务培训3期；二是健全完善考核制度。",
])
def test_last_years_measures_listed_after_a_colon(tmp_path, looking_back):
    original = textmine.analyze_file(CORPUS / _PT_2018)
    other = _variant(tmp_path, _PT_2018, [("虽然，我区2018年度", looking_back + "虽然，我区2018年度")])
    assert [p.text for p in other.problems] == _PT_2018_PROBLEMS
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_part_headings_ended_by_a_space(tmp_path):
    other = _section_five(tmp_path, (
        "（一）工作中存在的问题 "
        "个别公开单位责任意识不强，政务公开工作队伍建设有待加强。"
        "（二）今后工作打算 我区将加强队伍建设，提升业务素质。"))
    # two shortfalls with subjects of their own: two problems (guideline 1.4b)
    assert [p.text for p in other.problems] == ["个别公开单位责任意识不强", "政务公开工作队伍建设有待加强"]
    assert [c.text for c in other.commitments] == ["加强队伍建设，提升业务素质"]


@pytest.mark.parametrize("title", ["六、平潭综合实验区管理委员会2018年度政府信息公开工作情况统计表 ",
                                   "六、2018年度政府信息公开工作统计数据 "])
def test_a_numbered_statistics_title_with_the_issuer_first(tmp_path, title):
    original = textmine.analyze_file(CORPUS / _PT_2018)
    other = _variant(tmp_path, _PT_2018, [("六、政府信息公开情况统计表", title)])
    assert other.section("statistics").title == title.strip()
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


# ---- from the third review
_PT_2018_NEXT = ("下一步，我区将加强队伍建设，提升业务素质，不断拓宽主动公开信息领域，丰富信息公开形式，"
                 "完善运行机制，推动政务公开工作水平再上新台阶。")
_PT_2018_HEAD = "虽然，我区2018年度政务公开工作取得了一定成效，"
_TWO_PROMISES = "加强队伍建设，提升业务素质；完善运行机制，推动政务公开再上新台阶。"


@pytest.mark.parametrize(("old", "new", "problems", "commitments"), [
    # an introduction naming the shortfall it answers still announces promises
    (_PT_2018_NEXT, "针对上述不足，拟采取如下措施：" + _TWO_PROMISES, _PT_2018_PROBLEMS,
     ["加强队伍建设，提升业务素质", "完善运行机制，推动政务公开再上新台阶"]),
    (_PT_2018_NEXT, "针对以上不足，我们将从以下几方面改进：" + _TWO_PROMISES, _PT_2018_PROBLEMS,
     ["加强队伍建设，提升业务素质", "完善运行机制，推动政务公开再上新台阶"]),
    # 将 as 把 with any verb, and 将近, are no openings
    ("虽然，我区2018年度政务公开工作取得了一定成效，但还存在",
     "2018年，我区将政务公开工作与业务工作同部署、同推进，取得了一定成效，但还存在",
     _PT_2018_PROBLEMS, None),
    (_PT_2018_L, "但还存在一些不足。今年将近一半的单位未配备专职人员，队伍建设有待加强。",
     ["今年将近一半的单位未配备专职人员，队伍建设有待加强"], None),
    # a promise clause closing a problem list
    (_PT_2018_L + _PT_2018_NEXT,
     "但还存在以下不足：个别公开单位责任意识不强；政务公开工作队伍建设有待加强；"
     "针对存在的问题，我区将加强队伍建设，提升业务素质。",
     _PT_2018_PROBLEMS[:2], ["加强队伍建设，提升业务素质"]),
    # one member in a frame of its own; the generic head before 如; a remark after 等问题; a bare admission
    (_PT_2018_HEAD + _PT_2018_L, "当前，我区政务公开工作仍存在一些不足，主要是政策解读质量不高等。",
     ["政策解读质量不高"], None),
    (_PT_2018_L, "但仍存在一些短板和不足，如个别公开单位责任意识不强、便民服务仍有差距等问题。",
     ["个别公开单位责任意识不强", "便民服务仍有差距"], None),
    (_PT_2018_L,
     "但还存在个别公开单位责任意识不强、政务公开工作队伍建设有待加强等问题，仍需在今后工作中逐步解决。",
     _PT_2018_PROBLEMS[:2], None),
    (_PT_2018_HEAD + _PT_2018_L,
     "当前，我区政务公开工作还存在一些问题。个别公开单位责任意识不强，政务公开工作队伍建设有待加强。",
     ["个别公开单位责任意识不强", "政务公开工作队伍建设有待加强"], None),
])
def test_forms_of_the_third_review(tmp_path, old, new, problems, commitments):
    original = textmine.analyze_file(CORPUS / _PT_2018)
    other = _variant(tmp_path, _PT_2018, [(old, new)])
    assert [p.text for p in other.problems] == problems
    assert [c.text for c in other.commitments] == (
        commitments if commitments is not None else [c.text for c in original.commitments])


def test_a_forward_introduction_with_weile(tmp_path):
    """为了 (and 了解) in an introduction that starts 针对以往… is no sign of a look back."""
    original = textmine.analyze_file(CORPUS / _XIAN_2011)
    forward = "针对以往工作中存在的不足，为了更好地满足公众需求，下一步重点做好以下三个方面工作："
    other = _variant(tmp_path, _XIAN_2011, [("因此，我们考虑从以下三个方面作进一步的改进：", forward)])
    assert [c.text for c in other.commitments] == [c.text for c in original.commitments]


def test_item_titles_ending_like_part_names(tmp_path):
    """（一）专业人员配备存在不足 …, （一）明确工作方向 …: item titles, not part headings."""
    _assert_section_five(tmp_path, (
        "主要存在以下问题：（一）专业人员配备存在不足 各单位多由办公室人员兼职经办。"
        "（二）队伍建设有待加强。下一步，我区将从以下方面改进："
        "（一）明确工作方向 进一步拓宽主动公开信息领域。"
        "（二）细化整改措施 推动政务公开工作水平再上新台阶。"),
        ["专业人员配备存在不足 各单位多由办公室人员兼职经办", "队伍建设有待加强"],
        ["明确工作方向 进一步拓宽主动公开信息领域", "细化整改措施 推动政务公开工作水平再上新台阶"])


# ---- from the fourth review: common wordings of section 五
_PT_2018_FIVE_START, _PT_2018_FIVE_END = "五、主要问题和改进措施", "六、政府信息公开情况统计表"
_NEXT_SHORT = "下一步，我区将加强队伍建设，提升业务素质，不断拓宽主动公开信息领域。"


def _section_five(tmp_path: Path, body: str) -> textmine.Report:
    text = (CORPUS / _PT_2018).read_text(encoding="utf-8")
    five = text[text.index(_PT_2018_FIVE_START):text.index(_PT_2018_FIVE_END)]
    return _variant(tmp_path, _PT_2018, [(five, _PT_2018_FIVE_START + body + " ")])


def _assert_section_five(tmp_path: Path, body: str, problems: list[str], commitments: list[str]) -> None:
    """The 2018 report with ``body`` for its section 五 gives exactly these problems and commitments."""
    other = _section_five(tmp_path, body)
    assert [p.text for p in other.problems] == problems
    assert [c.text for c in other.commitments] == commitments


def _assert_problems_before_next_short(tmp_path: Path, body: str, problems: list[str]) -> None:
    """``body`` followed by the short promise :data:`_NEXT_SHORT` gives exactly these problems
    and that one commitment."""
    _assert_section_five(tmp_path, body + _NEXT_SHORT, problems,
                         ["加强队伍建设，提升业务素质，不断拓宽主动公开信息领域"])


@pytest.mark.parametrize(("body", "problems"), [
    # an admission with a remark on improving it names no problem
    ("虽然我区2018年度政务公开工作取得了一定成效，但也存在一些问题，有待进一步改进。", []),
    ("我区政务公开工作还存在一些问题，需进一步改进和完善。", []),
    # shortfalls named before the admission
    ("虽然取得一定成效，但仍有不足。部分单位信息更新不及时，政策解读质量不高，在回应社会关切方面也还存在一些问题。",
     ["部分单位信息更新不及时", "政策解读质量不高，在回应社会关切方面也还存在一些问题"]),
    # the concession is no problem of its own; one member after it
    ("我区政务公开工作虽取得一定成效，但与新形势新要求相比还有差距，个别单位存在信息更新不及时等问题。",
     ["信息更新不及时"]),
    # X不足 names a shortfall
    ("虽然取得一定成效，但还存在一些不足。基层政务公开工作人员配备不足，存在一人多岗等问题。",
     ["基层政务公开工作人员配备不足，存在一人多岗等问题"]),
    # the list after the last 存在
    ("虽然取得一定成效，但仍存在一些不足，部分单位存在信息公开不及时、政策解读不到位等问题。",
     ["信息公开不及时", "政策解读不到位"]),
    # an introduction announcing shortfalls with 以下几个方面 and 即将
    ("目前，我区政府信息公开工作还存在以下几个方面的不足：公开内容不够全面；政策解读形式单一；队伍建设有待加强。",
     ["公开内容不够全面", "政策解读形式单一", "队伍建设有待加强"]),
    # 将 as 把 inside a shortfall
    ("目前，我区政务公开工作还存在一些不足，主要表现在：公开内容不够全面；部分单位未能将主动公开信息及时上网；"
     "队伍建设有待加强。",
     ["公开内容不够全面", "部分单位未能将主动公开信息及时上网", "队伍建设有待加强"]),
])
def test_common_problem_wordings(tmp_path, body, problems):
    _assert_problems_before_next_short(tmp_path, body, problems)


@pytest.mark.parametrize("heading", ["改进情况", "整改情况", "2019年工作打算", "下一步工作重点"])
def test_promise_part_headings_ended_by_a_space(tmp_path, heading):
    other = _section_five(tmp_path, "（一）存在的主要问题 政策解读形式不够丰富。政务公开质量水平有待提高。"
                                    f"（二）{heading} 丰富政策解读形式，提升政策解读质量。"
                                    "加强重点领域信息公开。")
    assert [p.text for p in other.problems] == ["政策解读形式不够丰富", "政务公开质量水平有待提高"]
    assert [c.text for c in other.commitments] == ["丰富政策解读形式，提升政策解读质量",
                                                   "加强重点领域信息公开"]


def test_an_opening_with_any_adverb(tmp_path):
    other = _section_five(tmp_path, "虽然取得一定成效，但还存在个别单位责任意识不强等问题。"
                                    "今后，我区将一如既往地加强队伍建设，提升业务素质。")
    assert [c.text for c in other.commitments] == ["一如既往地加强队伍建设，提升业务素质"]


def test_a_concession_with_jiayi_gaijin_is_no_opening(tmp_path):
    other = _section_five(tmp_path, "2018年，我区政务公开工作取得了一定成绩，但也存在一些问题和不足，"
                                    "需要在今后的工作中进一步加以改进。一是个别单位责任意识不强。二是队伍建设有待加强。"
                                    + _NEXT_SHORT)
    assert [p.text for p in other.problems] == ["个别单位责任意识不强", "队伍建设有待加强"]
    assert [c.text for c in other.commitments] == ["加强队伍建设，提升业务素质，不断拓宽主动公开信息领域"]


# ---- from the fifth review: common wordings
_FIVE_PROBLEMS = "虽然取得了一定成效，但还存在公开内容不够全面、政策解读不够深入等问题。"


@pytest.mark.parametrize(("promises", "commitments"), [
    ("我区将继续拓展公开内容，丰富公开形式。", ["继续拓展公开内容，丰富公开形式"]),
    ("为此，我区将进一步拓展公开内容，丰富公开形式。", ["进一步拓展公开内容，丰富公开形式"]),
    ("为解决上述问题，我区将进一步拓展公开内容，丰富公开形式。", ["进一步拓展公开内容，丰富公开形式"]),
    # promises listed after a colon without 一是, each a promise whatever its verb
    ("针对上述问题，我区将采取以下措施：提高政策解读质量；丰富信息公开形式；规范依申请公开办理流程。",
     ["提高政策解读质量", "丰富信息公开形式", "规范依申请公开办理流程"]),
])
def test_common_promise_wordings(tmp_path, promises, commitments):
    other = _section_five(tmp_path, _FIVE_PROBLEMS + promises)
    assert [p.text for p in other.problems] == ["公开内容不够全面", "政策解读不够深入"]
    assert [c.text for c in other.commitments] == commitments


@pytest.mark.parametrize("heading", ["今后工作打算", "2019年工作计划：", "主要改进措施", "下步工作"])
def test_part_names_on_lines_of_their_own(tmp_path, heading):
    other = _section_five(tmp_path, "\n存在的主要问题\n部分单位政策解读质量有待提高。\n"
                                    f"{heading}\n一是加强政策解读。二是提高解读质量。\n")
    assert [p.text for p in other.problems] == ["部分单位政策解读质量有待提高"]
    assert [c.text for c in other.commitments] == ["加强政策解读", "提高解读质量"]


@pytest.mark.parametrize(("body", "problems"), [
    ("虽然取得一定成效，但仍存在一些问题。部分单位信息更新不及时，公开内容不规范。",
     ["部分单位信息更新不及时，公开内容不规范"]),
    ("虽然取得一定成效，但仍存在一些问题。政策解读缺乏深度。工作人员多为兼职，流动性大。",
     ["政策解读缺乏深度", "工作人员多为兼职，流动性大"]),
])
def test_shortfalls_worded_without_the_first_cues(tmp_path, body, problems):
    """不及时, 不规范, 缺乏, 多为兼职: shortfalls as many reports word them (the fifth review).
    Before, such sentences were dropped as naming no problem."""
    other = _section_five(tmp_path, body + _NEXT_SHORT)
    assert [p.text for p in other.problems] == problems


def test_shortfall_clauses_with_subjects_of_their_own_split_in_2021_pingtan():
    """Guideline 1.4(b) on the report it quotes: 政务公开质量水平有待提高 | 政务公开渠道有限，在利用
    政务新媒体开展宣传方面还难以满足群众需要 (the 在…方面 clause continues the second shortfall)."""
    report = textmine.analyze_file(CORPUS / "2021_fujian-pingtan_gwh.txt")
    assert [p.text for p in report.problems][1:] == [
        "政务公开质量水平有待提高", "政务公开渠道有限，在利用政务新媒体开展宣传方面还难以满足群众需要"]


@pytest.mark.parametrize(("body", "problems"), [
    # 主要是 opens a list without 等, with or without a colon; the admission names none
    ("虽然取得了一定成效，但仍存在一些不足，主要是：公开内容不够全面，政策解读形式单一，队伍建设有待加强。",
     ["公开内容不够全面", "政策解读形式单一", "队伍建设有待加强"]),
    ("工作中还存在一些问题，主要是公开内容不够全面，政策解读形式单一，工作人员业务水平不高。",
     ["公开内容不够全面", "政策解读形式单一", "工作人员业务水平不高"]),
    # shortfalls after an admission naming none
    ("我局政务公开工作还存在一些不足，信息公开不够及时，政策解读形式单一，公众参与度不高。",
     ["信息公开不够及时", "政策解读形式单一", "公众参与度不高"]),
    # what stays one problem: a short attribute of the topic before it, a clause without a
    # subject (未能…), a cause before the shortfall, a frame's one member explaining the shortfall
    ("对群众关心的热点问题公开的范围还需扩大，时效性有待进一步增强。",
     ["对群众关心的热点问题公开的范围还需扩大，时效性有待进一步增强"]),
    ("政策解读形式不够丰富，未能充分运用数字化、图表图解等方式通俗易懂地解读政策文件。",
     ["政策解读形式不够丰富，未能充分运用数字化、图表图解等方式通俗易懂地解读政策文件"]),
    ("由于人员少、任务重，部分单位信息更新不及时。", ["由于人员少、任务重，部分单位信息更新不及时"]),
    ("政策解读质量不高，部分解读材料存在照搬照抄政策原文等问题。",
     ["政策解读质量不高，部分解读材料存在照搬照抄政策原文等问题"]),
])
def test_shortfalls_of_one_sentence(tmp_path, body, problems):
    _assert_problems_before_next_short(tmp_path, body, problems)


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # a shortfall, then its fix in the same sentence: split at the clause (guideline 3)
    ("部分单位信息更新不够及时，下一步将加强督促检查。", ["部分单位信息更新不够及时"], ["加强督促检查"]),
    ("部分单位信息更新不够及时，我局将加强督促检查。政策解读形式单一，今后将丰富解读形式。",
     ["部分单位信息更新不够及时", "政策解读形式单一"], ["加强督促检查", "丰富解读形式"]),
    ("我区在信息公开的及时性、全面性等方面还存在一些差距，下一步将进一步加强信息发布审核。",
     ["我区在信息公开的及时性、全面性等方面还存在一些差距"], ["进一步加强信息发布审核"]),
    # not split: a promise naming the problem it answers; an admission naming none
    ("针对部分单位信息更新不及时的问题，我局将加强督促检查。", [], ["加强督促检查"]),
    ("虽然取得了一定成效，但仍存在一些不足，下一步将加强督促检查。", [], ["加强督促检查"]),
])
def test_a_shortfall_and_its_fix_in_one_sentence(tmp_path, body, problems, commitments):
    _assert_section_five(tmp_path, body, problems, commitments)


@pytest.mark.parametrize("body", [
    # a numbered part named by its year's work points / arrangements
    "（一）存在问题。部分单位政策解读质量有待提高。（二）2020年工作要点。一是加强政策解读。二是提高解读质量。",
    "（一）存在问题。部分单位政策解读质量有待提高。（二）下一步工作安排 一是加强政策解读。二是提高解读质量。",
    # a part's name run into its text after a colon
    "部分单位政策解读质量有待提高。整改措施：一是加强政策解读；二是提高解读质量。",
])
def test_promise_parts_named_otherwise(tmp_path, body):
    other = _section_five(tmp_path, body)
    assert [p.text for p in other.problems] == ["部分单位政策解读质量有待提高"]
    assert [c.text for c in other.commitments] == ["加强政策解读", "提高解读质量"]


def test_a_promise_part_named_before_a_colon(tmp_path):
    other = _section_five(tmp_path, "（一）存在问题：部分单位政策解读质量有待提高。"
                                    "（二）2020年工作要点：加强政策解读，提高解读质量。")
    assert [p.text for p in other.problems] == ["部分单位政策解读质量有待提高"]
    assert [c.text for c in other.commitments] == ["加强政策解读，提高解读质量"]


@pytest.mark.parametrize(("body", "problems"), [
    # a list after 如： ended by 等: every member, whatever its wording (不熟 is a shortfall too)
    ("我局虽取得了一定成效，但还存在一些不足，如：信息公开相关工作机制尚未完善，经办人员对信息公开相关业务不熟，"
     "监督保障机制欠缺等。",
     ["信息公开相关工作机制尚未完善", "经办人员对信息公开相关业务不熟", "监督保障机制欠缺"]),
    # the one shortfall 主要表现在 names, the admission before it dropped
    ("2011年，我局政府信息公开工作稳步推进，但也存在着一些问题，主要表现在政府信息公开的信息项目、内容、形式、"
     "力度都需要进一步加强和完善。", ["政府信息公开的信息项目、内容、形式、力度都需要进一步加强和完善"]),
    # an admission of 亟待解决的问题 names none; the list the next sentence opens with 如, its
    # consequence after 等 cut
    ("过去一年中，我局在政府信息公开工作中取得了一定成效，也仍存在一些亟待解决的问题。如信息公开的时效性有待进一步"
     "提升；工作人员的专业能力参差不齐等，影响了信息公开工作整体质量。",
     ["信息公开的时效性有待进一步提升", "工作人员的专业能力参差不齐"]),
    # 无法满足 names a shortfall
    ("原有部门网站政务公开栏目和政府信息公开目录结构无法满足机构改革后的政务信息发布需要。",
     ["原有部门网站政务公开栏目和政府信息公开目录结构无法满足机构改革后的政务信息发布需要"]),
])
def test_problem_lists_as_department_reports_word_them(tmp_path, body, problems):
    _assert_problems_before_next_short(tmp_path, body, problems)


@pytest.mark.parametrize("promise", [
    "为了进一步做好我局信息公开工作，我局在今后的政府信息公开工作中，要不断加大工作力度，及时对单位工作动态进行公开。",
    "我局在今后的政府信息公开工作中，将不断加大工作力度，及时对单位工作动态进行公开。",
])
def test_promises_opened_by_what_is_to_be_done_from_now_on(tmp_path, promise):
    """今后…要 opens the promises as 今后…将 does, also after the subject, a purpose and a long
    frame (我局在今后的政府信息公开工作中); before, it stayed in the last enumerated problem."""
    problems = "一是信息公开内容有待进一步深化。二是在区信息公开网站公开的内容不多。"
    other = _section_five(tmp_path, problems + promise)
    assert [p.text for p in other.problems] == ["信息公开内容有待进一步深化",
                                                  "在区信息公开网站公开的内容不多"]
    assert [c.text for c in other.commitments] == ["不断加大工作力度，及时对单位工作动态进行公开"]


def test_parts_named_by_numbered_headings(tmp_path):
    """1、…主要问题和困难。 / 2、具体解决办法和改进措施。 name the two parts (平潭县科技文体局 2012);
    a list ended by 等 gives each of its shortfalls."""
    other = _section_five(tmp_path, (
        "1、工作中存在的主要问题和困难。宣传力度还不够到位，各项制度、机制还不够完善，工作流程不够规范等。"
        "2、具体解决办法和改进措施。下阶段，我局将加大力度，认真查找分析存在问题和困难，积极整改。"
        "一是继续做好《条例》的宣传。二是进一步健全完善信息公开实施方案。"))
    assert [p.text for p in other.problems] == ["宣传力度还不够到位", "各项制度、机制还不够完善",
                                                "工作流程不够规范"]
    assert [c.text for c in other.commitments] == ["继续做好《条例》的宣传", "进一步健全完善信息公开实施方案"]


def test_a_short_numbered_promise_naming_a_measure_is_no_part_heading(tmp_path):
    other = _section_five(tmp_path, "部分单位政策解读质量有待提高。下一步，我区将从以下方面改进："
                                    "1、完善保障措施。2、加强业务培训。")
    assert [c.text for c in other.commitments] == ["完善保障措施", "加强业务培训"]


def test_promises_in_a_numbered_part_of_their_own(tmp_path):
    """The pre-2019 seven-part layout: 六、存在的问题 then 七、下一步工作思路 (平潭县工商局 2013), the
    second part's heading run into the last problem's item."""
    _assert_section_five(tmp_path, (
        "1.部分信息员对政府信息公开工作了解不够深入、操作不够熟练。2.企业和群众对我局政府信息公开工作还不是很了解。"
        "七、下一步工作思路1.要求全体干部深入学习政府信息公开工作相关知识。2.继续加强对政府信息公开工作的宣传。"),
        ["部分信息员对政府信息公开工作了解不够深入、操作不够熟练",
         "企业和群众对我局政府信息公开工作还不是很了解"],
        ["要求全体干部深入学习政府信息公开工作相关知识", "继续加强对政府信息公开工作的宣传"])


def test_what_answers_a_problem_is_no_part_of_it(tmp_path):
    """四是…存在公民身份信息泄露问题。对此，我局…: the problem ends before 对此 (社会事业局 2019)."""
    other = _section_five(tmp_path, (
        "但同时也存在一些不足：一是网站更新不及时，个别栏目更新相对滞后。二是保密性审查不够严格，存在公民身份信息"
        "泄露问题。对此，我局高度重视，立即着手整改，要求各处室加强对公文的公开属性把控。"))
    assert [p.text for p in other.problems] == ["网站更新不及时，个别栏目更新相对滞后",
                                                "保密性审查不够严格，存在公民身份信息泄露问题"]


def test_promises_numbered_first_then_second_then_last(tmp_path):
    """首先要…其次要…第三要…最后要 number the promises under a group heading (平潭环境与国土资源局 2012)."""
    other = _section_five(tmp_path, (
        "目前，我局在信息公开工作中仍存在一些问题。一是我局信息公开经办人员不足；二是依法申请公开工作机制仍需进一步规范。"
        "因此，我们考虑从以下两个方面做进一步的改进： （一）进一步深化政府信息公开内容。"
        "按照《条例》要求，加大公开的力度。"
        " （二）进一步规范政府信息公开行为。首先要加强信息公开培训指导工作。其次要规范政府信息公开行为。"
        "最后要建立健全政府信息公开社会评议制度。"))
    assert [c.text for c in other.commitments] == [
        "进一步深化政府信息公开内容。按照《条例》要求，加大公开的力度", "加强信息公开培训指导工作",
        "规范政府信息公开行为", "建立健全政府信息公开社会评议制度"]


@pytest.mark.parametrize(("body", "problems"), [
    # nouns sharing one predicate stay one problem
    ("一年来，我局政府信息公开工作取得了一定的成绩。但也存在公开信息深度、广度有待进一步提升等问题。",
     ["公开信息深度、广度有待进一步提升"]),
    # two whole shortfalls joined by 、, the second with a subject of its own
    ("虽然取得了一定成效，但离上级政府和人民群众的要求还有一定的差距，主要存在政府信息公开业务能力还有待于提升、"
     "干部职工政府信息公开的意识不够强，政府信息公开内容不够全面等问题。",
     ["政府信息公开业务能力还有待于提升", "干部职工政府信息公开的意识不够强", "政府信息公开内容不够全面"]),
    # an admission about the whole work before a list is none of its problems
    ("2022年我局政府信息公开工作得到有效落实，但由于业务工作职能涉及范围广、领域多，政务公开工作仍有待进一步完善"
     "和规范，如政府信息公开的深度和广度仍需进一步提升、微信公众号宣传推广力度仍有待加强等。",
     ["政府信息公开的深度和广度仍需进一步提升", "微信公众号宣传推广力度仍有待加强"]),
    # the shortfalls a concession's 但还存在 lists, ended by 等 without 问题
    ("2025年，我局政府信息公开工作虽然取得一定成效，但还存在部分主动公开内容精准性、及时性不够，政策解读形式单一、"
     "内容解读不够透彻，政府信息公开渠道多样性、数字化水平不够等。",
     ["部分主动公开内容精准性、及时性不够", "政策解读形式单一、内容解读不够透彻",
      "政府信息公开渠道多样性、数字化水平不够"]),
    # a list ended by 等等; a member naming none goes with the shortfall after it; a remark names none
    ("当然，我们的政务公开工作离群众的要求还存在着一定的差距。主要表现在注重对办事程序的公布，对公开办事的结果重视"
     "不够，等等。这些问题都需要我们认真研究，切实解决。",
     ["注重对办事程序的公布，对公开办事的结果重视不够"]),
])
def test_problem_lists_of_the_fifth_and_sixth_sets(tmp_path, body, problems):
    other = _section_five(tmp_path, body + _NEXT_SHORT)
    assert [p.text for p in other.problems] == problems


def test_section_five_after_parts_of_a_reports_own(tmp_path):
    """A report that numbers parts of its own (二、突出重点，规范程序 …) and then 五、主要问题和改进措施:
    section 五 is found though its numeral is far from the last one found; promise-worded items
    before any heading are promises, and an admission after them begins the problems (平潭县建设局
    2011)."""
    other = _variant(tmp_path, _PT_2018, [
        ("二、主动公开政府信息情况", "二、突出重点，规范程序，不断深化政务公开工作 "),
        ("三、政府信息依申请公开工作情况", "三、创新思路，真抓实干 "),
        ("四、因政府信息公开申请行政复议、提起行政诉讼的情况", "四、加强宣传，营造氛围 "),
        (_PT_2018_L, "1、进一步拓宽公开渠道 进一步梳理、整合政府信息。 2、规范工作流程 规范公开行为，"
                     "逐级细化政府信息公开审核、发布工作流程。 当然，我们的政务公开工作离群众的要求还存在着"
                     "一定的差距。主要表现在注重对办事程序的公布，对公开办事的结果重视不够，等等。")])
    assert "problems" in [s.id for s in other.sections]
    assert [c.text for c in other.commitments] == [
        "进一步拓宽公开渠道 进一步梳理、整合政府信息",
        "规范工作流程 规范公开行为，逐级细化政府信息公开审核、发布工作流程"]
    assert [p.text for p in other.problems] == ["注重对办事程序的公布，对公开办事的结果重视不够"]


_TWO_PROBLEMS = "（一）存在的问题 一是部分单位信息更新不够及时；二是政策解读形式比较单一。 "


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # short numbered items ending like a part's name are items, not part headings (review 8)
    ("我区政务公开工作还存在一些问题：一是工作力量不足。二是宣传力度不够。三是部分单位信息更新不及时。"
     "下一步，我区将加强队伍建设，加大宣传力度。",
     ["工作力量不足", "宣传力度不够", "部分单位信息更新不及时"], ["加强队伍建设，加大宣传力度"]),
    (_TWO_PROBLEMS + "（二）改进措施 一是理清工作思路。二是完善整改措施。三是制定年度工作计划。",
     ["部分单位信息更新不够及时", "政策解读形式比较单一"],
     ["理清工作思路", "完善整改措施", "制定年度工作计划"]),
    (_TWO_PROBLEMS + "（二）改进措施 一是回应群众关心的问题。二是丰富解读形式。",
     ["部分单位信息更新不够及时", "政策解读形式比较单一"], ["回应群众关心的问题", "丰富解读形式"]),
    # each problem followed by its fix
    ("一是部分单位信息更新不及时。对此，我局将加强督查。二是政策解读形式比较单一。对此，我局将丰富解读形式。",
     ["部分单位信息更新不及时", "政策解读形式比较单一"], ["加强督查", "丰富解读形式"]),
    # a promise naming the problem it answers before its 将 is a promise, its frame cut
    ("2018年，我区政务公开工作取得了一定成效，但仍存在一些不足。对照上级考核中发现的公开不及时、内容不规范等问题，"
     "我局将逐项整改，建立长效机制。", [], ["逐项整改，建立长效机制"]),
    # in the promises part a shortfall named inside a promise does not split it
    ("（一）存在的主要问题 部分单位对政务公开重视不够。 （二）改进措施 完善考核机制，"
     "解决部分单位重视不够的问题，下一步将把政务公开纳入绩效考核；加强业务培训，提升工作人员业务水平。",
     ["部分单位对政务公开重视不够"],
     ["完善考核机制，解决部分单位重视不够的问题，下一步将把政务公开纳入绩效考核",
      "加强业务培训，提升工作人员业务水平"]),
    # a concession's 成效有限 names no problem; 不少单位 has a subject of its own; 如期 is no 如
    ("一年来，我区在政务公开工作上做了大量工作，取得的成效有限。部分单位公开意识不强，不少乡镇公开栏目长期未更新，"
     "如期公开率有待提高。下一步，我区将加强督查。",
     ["部分单位公开意识不强", "不少乡镇公开栏目长期未更新", "如期公开率有待提高"], ["加强督查"]),
    # 今后…要 with the whole lead-in cut
    ("部分单位信息更新不及时。今后的工作中，要进一步加强督查。",
     ["部分单位信息更新不及时"], ["进一步加强督查"]),
    ("部分单位信息更新不及时。今后一个时期，我们要进一步加强督查。",
     ["部分单位信息更新不及时"], ["进一步加强督查"]),
    # 如A，B，C等 without a colon lists each member
    ("我区政务公开工作还存在一些不足，如部分单位公开意识不强，信息更新不及时，政策解读形式单一等。"
     "下一步，我区将加强培训。",
     ["部分单位公开意识不强", "信息更新不及时", "政策解读形式单一"], ["加强培训"]),
])
def test_forms_of_the_eighth_review(tmp_path, body, problems, commitments):
    """Section-五 forms a review of this session's rules found misread (reproducers of review 8)."""
    _assert_section_five(tmp_path, body, problems, commitments)


_ONE_PROBLEM = "（一）存在的问题 公开内容不够全面。 （二）改进措施 "


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # every member of a frame, also one worded without a cue (慢, 不稳定, 较弱)
    ("我区政务公开工作取得了一定成效，但还存在信息更新慢、公开内容不够全面、政策解读形式单调等问题。"
     "下一步，我区将加强队伍建设。",
     ["信息更新慢", "公开内容不够全面", "政策解读形式单调"], ["加强队伍建设"]),
    # a frame and its 将 inside a promise item are the promise's (将 as 把)
    (_ONE_PROBLEM + "一是围绕群众关切，加大政策解读力度，将解读材料与政策文件同步发布。"
     "二是结合机构改革，将政务公开工作纳入绩效考核。", ["公开内容不够全面"],
     ["围绕群众关切，加大政策解读力度，将解读材料与政策文件同步发布",
      "结合机构改革，将政务公开工作纳入绩效考核"]),
    # promise items opening with a noun heading and the state they improve stay promises
    (_ONE_PROBLEM + "一是网站栏目建设。目前网站部分栏目更新不够及时，要安排专人负责。",
     ["公开内容不够全面"], ["网站栏目建设。目前网站部分栏目更新不够及时，要安排专人负责"]),
    # a weak spot a promise addresses is no admission ending it
    (_ONE_PROBLEM + "一是加强平台建设。对工作中存在的薄弱环节，及时督促整改。",
     ["公开内容不够全面"], ["加强平台建设。对工作中存在的薄弱环节，及时督促整改"]),
    # a shortfall whose subject starts like a verb (重点领域…, 组织培训…), then its fix
    ("重点领域信息公开不够深入，下一步将进一步加大公开力度。",
     ["重点领域信息公开不够深入"], ["进一步加大公开力度"]),
    # numbered part headings as reports word them
    ("1、存在的困难和问题。一是公开内容不够全面；二是政策解读质量不高。2、今后的改进措施。一是加强队伍建设；"
     "二是丰富解读形式。",
     ["公开内容不够全面", "政策解读质量不高"], ["加强队伍建设", "丰富解读形式"]),
    # 第一要务 and a 首先要 inside prose number nothing
    ("部分单位认为业务工作是第一位的，首先要完成业务工作，信息公开重视不够。"
     "下一步，我区将坚持把公开透明作为基本制度，第一要务是加强队伍建设。",
     ["部分单位认为业务工作是第一位的，首先要完成业务工作，信息公开重视不够"],
     ["坚持把公开透明作为基本制度，第一要务是加强队伍建设"]),
])
def test_forms_of_the_ninth_review(tmp_path, body, problems, commitments):
    """Reproducers of a second review of this session's rules: what its first fixes broke."""
    _assert_section_five(tmp_path, body, problems, commitments)


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # 我办在今后的…工作中，不断加大… opens the promises without 将 or 要
    ("一是信息公开内容有待进一步深化。二是面向社会宣传力度不够，群众对政府信息公开工作知晓率不高。"
     "为了进一步做好我办信息公开工作，我办在今后的政府信息公开工作中，不断加大工作力度，及时对单位工作动态进行公开。",
     ["信息公开内容有待进一步深化", "面向社会宣传力度不够，群众对政府信息公开工作知晓率不高"],
     ["不断加大工作力度，及时对单位工作动态进行公开"]),
    # the year after the report's (2018 here) opens the promises, the subject cut
    ("我局的政府信息公开工作还有不少差距，诸如：公开信息深度、广度不够，公开内容还不够丰富等问题。"
     "2019年，我局围绕问题抓整改、抓提升，持续强化内部信息资源整合。",
     ["公开信息深度、广度不够", "公开内容还不够丰富"], ["围绕问题抓整改、抓提升，持续强化内部信息资源整合"]),
    # a group heading run into the words that open the promises
    ("（一）工作中存在主要问题和困难目前，我局仍有一些不足之处，主要体现在：一是配备的人员少、力量薄，亟待加强；"
     "二是政府信息公开内容单一化、不够充实。（二）下一步改进措施针对上述问题，我局将严格按政府信息公开的规定和要求，"
     "不断完善我局政府信息公开工作体系。1.进一步加强信息公开工作机构建设。2.进一步丰富公开内容。",
     ["配备的人员少、力量薄，亟待加强", "政府信息公开内容单一化、不够充实"],
     ["进一步加强信息公开工作机构建设", "进一步丰富公开内容"]),
    # the one shortfall named beside an admission naming none
    ("今年以来，尽管我局在政务公开方面做了许多工作，取得了一些成绩，但还存在一些不足之处，因机构改革、职能调整，"
     "我局存在个别干部对政务公开不熟悉、不重视，对政务公开目录还很模糊。下一步，我们将加强组织领导。",
     ["我局存在个别干部对政务公开不熟悉、不重视，对政务公开目录还很模糊"], ["加强组织领导"]),
    # a list's first item the report left unnumbered, then 二是
    ("2018年，我局政务公开工作取得了一定的成效，但在实际工作中仍存在需要提升改进之处，如：政府信息公开意识有待提升，"
     "办理效率有待进一步提升；二是依申请公开工作在日常指导监督上力度不够。针对以上问题，我局将采取以下措施进行改进："
     "一是明确职责。二是完善监管。",
     ["政府信息公开意识有待提升，办理效率有待进一步提升", "依申请公开工作在日常指导监督上力度不够"],
     ["明确职责", "完善监管"]),
])
def test_forms_of_the_seventh_set(tmp_path, body, problems, commitments):
    """Forms of a seventh blind set of 12 Pingtan reports (2009–2025), after its blind score."""
    _assert_section_five(tmp_path, body, problems, commitments)


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # a promise item's elaboration opening with 我局将… stays in it
    ("一是工作人员业务不精；二是信息公开不够全面。下一步，我局将从以下两个方面予以改进。 "
     "（一）加强政府信息公开工作人员的学习培训。我局将指定专人负责信息公开工作，派其到区里参加学习培训。 "
     "（二）进一步规范政府信息公开工作。",
     ["工作人员业务不精", "信息公开不够全面"],
     ["加强政府信息公开工作人员的学习培训。我局将指定专人负责信息公开工作，派其到区里参加学习培训",
      "进一步规范政府信息公开工作"]),
    # 存在着A、B，C等突出问题; 还有不少差距 names none
    ("但我们也清醒地认识到，我局的政府信息公开工作还有不少差距，存在着公开信息深度、广度不够，"
     "公开内容还不够丰富等突出问题。下一步，我局将从薄弱环节抓起。",
     ["公开信息深度、广度不够", "公开内容还不够丰富"], ["从薄弱环节抓起"]),
    # an admission naming the areas it concerns names a problem
    ("虽然取得一定成绩，但也存在一些困难和问题。如，在政务公开网络系统维护方面、学习培训方面还存在薄弱环节。"
     "下一步将加强政务公开业务培训学习。",
     ["在政务公开网络系统维护方面、学习培训方面还存在薄弱环节"], ["加强政务公开业务培训学习"]),
    # the shortfall after a concession's 但
    ("2018年，我局政府信息公开工作规范有序、及时高效，但在政策解读方式上还不够多样化。"
     "2019年，我局将通过运用图表、H5等方式拓宽政策解读方式。",
     ["在政策解读方式上还不够多样化"], ["通过运用图表、H5等方式拓宽政策解读方式"]),
    # 未运用… names a shortfall; part headings 具体的解决办法和改进措施 with a space
    ("（一）存在的主要问题：政策解读质量不高；未运用动画、音频、视频、H5等形式开展解读。"
     "（二）具体的解决办法和改进措施 一是加强业务培训。二是丰富解读形式。",
     ["政策解读质量不高", "未运用动画、音频、视频、H5等形式开展解读"], ["加强业务培训", "丰富解读形式"]),
])
def test_forms_of_the_eighth_set(tmp_path, body, problems, commitments):
    """Forms of an eighth blind set of 12 Pingtan reports (2012–2025), after its blind score."""
    _assert_section_five(tmp_path, body, problems, commitments)


_TWO_SHORTFALLS = "我区政务公开工作还存在一些不足，主要是部分单位信息更新不及时，政策解读形式单一。"


@pytest.mark.parametrize(("body", "problems", "commitments"), [
    # a promise after two frames (对照…，结合…，我区将…)
    (_TWO_SHORTFALLS + "对照新《条例》要求，结合我区实际，我区将进一步加强培训，丰富解读形式。",
     ["部分单位信息更新不及时", "政策解读形式单一"], ["进一步加强培训，丰富解读形式"]),
    # the year after the report's as the date of what was done opens nothing
    ("2019年1月，我区对照新《条例》开展自查，发现部分单位信息更新不及时，政策解读形式单一。" + _NEXT_SHORT,
     ["2019年1月，我区对照新《条例》开展自查，发现部分单位信息更新不及时", "政策解读形式单一"],
     ["加强队伍建设，提升业务素质，不断拓宽主动公开信息领域"]),
    (_TWO_SHORTFALLS + "2019年初，我区已及时调整政务公开领导小组，进一步加强了组织领导。",
     ["部分单位信息更新不及时", "政策解读形式单一"], []),
    # a bare noun shares the predicate after it
    ("但还存在政策解读、舆情回应工作有待加强等问题。" + _NEXT_SHORT,
     ["政策解读、舆情回应工作有待加强"], ["加强队伍建设，提升业务素质，不断拓宽主动公开信息领域"]),
    # 首先要 after a comma numbers the promises when 其次要 follows
    (_TWO_SHORTFALLS + "下一步，我区将加强政务公开工作。具体来说，首先要加强业务培训，提升队伍素质；"
     "其次要完善考核机制；最后要丰富解读形式。",
     ["部分单位信息更新不及时", "政策解读形式单一"],
     ["加强业务培训，提升队伍素质", "完善考核机制", "丰富解读形式"]),
    # a cause sentence announcing the list is no problem of its own
    ("经自查，我区政务公开工作还存在一些不足，原因主要是部分单位重视程度不够，工作人员不够稳定，具体表现为："
     "一是信息更新不及时；二是解读形式单一。" + _NEXT_SHORT,
     ["信息更新不及时", "解读形式单一"], ["加强队伍建设，提升业务素质，不断拓宽主动公开信息领域"]),
])
def test_forms_of_the_tenth_review(tmp_path, body, problems, commitments):
    """Reproducers of a third review of this session's rules."""
    _assert_section_five(tmp_path, body, problems, commitments)
