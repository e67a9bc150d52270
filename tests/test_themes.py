"""Theme tags with evidence, and keywords, on real sentences of the shipped corpus."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import CORPUS

from textmine.keywords import content_tokens, keyness, tfidf_keywords
from textmine.resources import load
from textmine.themes import (
    _Boilerplate,
    boilerplate_flags,
    is_boilerplate,
    rule_evidence,
    tag_texts,
    theme_ids,
)


def sentence(report, needle):
    return next(s for s in report.sentences if needle in s.text)


def test_theme_ids_are_the_public_contract():
    assert len(theme_ids()) == 21
    assert {"hotline_12345", "new_media", "deregulation_business", "request_handling"} <= set(theme_ids())


def test_seed_hotline_sentence(yunnan):
    s = sentence(yunnan, "12345政务热线省级平台全年共接受群众咨询692987件")
    assert "hotline_12345" in s.themes
    assert "12345" in s.evidence["hotline_12345"]
    assert 0 < s.confidence["hotline_12345"] <= 1


def test_seed_new_media_sentence(yunnan):
    s = sentence(yunnan, "全省政务新媒体备案系统登记在册共2218个")
    assert s.themes == ["new_media"]
    assert s.evidence["new_media"] == ["政务新媒体"]


def test_seed_fangguanfu_sentence(yunnan):
    s = sentence(yunnan, "围绕“放管服”改革和营商环境优化")
    assert "deregulation_business" in s.themes
    assert {"放管服", "双随机、一公开"} <= set(s.evidence["deregulation_business"])


@pytest.mark.parametrize(("sentence", "themes"), [
    # what the report is, as department reports word it (guideline: boilerplate carries none)
    ("报告全文由概述、主动公开政府信息的情况、政府信息依申请公开办理情况、政府信息公开的收费及减免情况、"
     "因政府信息公开申请行政复议和提起行政诉讼的情况等六个部分组成。", []),
    ("本报告的电子版在平潭综合实验区门户网站（www.pingtan.gov.cn）公布。", []),
    ("本年报由工作概述、主动公开情况、依申请公开政府信息情况、收费及减免情况、存在的主要问题和改进措施、"
     "附表等六个部分组成。", []),
    ("本年度报告由总体情况、主动公开政府信息情况等六个部分组成。", []),
    ("本年度报告共分6个部分。", []),
    # work, though the words are near: 平台由…三个部分组成, 政府工作报告电子版
    ("在门户网站全文公开政府工作报告电子版，并配发图解解读。", ["policy_interpretation", "gov_websites"]),
    ("平台由门户网站、政务微博、政务微信三个部分组成。", ["gov_websites", "new_media"]),
    ("组织编制2018年度部门预决算报告，报告由部门收支总表、财政拨款收支表等八个部分组成，均在门户网站公开。",
     ["key_areas", "gov_websites"]),
    ("2019年，在门户网站发布2018年度政府信息公开工作年度报告电子版，并通过政务微博同步推送。",
     ["gov_websites", "new_media"]),
    # zero reports and fees carry request_handling (guideline 7.16)
    ("2016年我局未收到有关政府信息公开的申请。", ["request_handling"]),
    ("2016年我局无政府信息公开收费及减免情况。", ["request_handling"]),
    # (eighth session, 12 more reports) the fee as 信息公开处理费 / 信息公开收费
    ("2025年度本机关未收取信息公开处理费。", ["request_handling"]),
    ("2024年，市科委未发生政府信息公开收费事项。", ["request_handling"]),
    # what the report is: 报告全文包括…; the template's note under 表四 and its header cut into lines
    ("根据《中华人民共和国政府信息公开条例》和《上海市政府信息公开规定》的要求，市科委编制了2024年度政务公开工作"
     "报告，报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、"
     "行政诉讼情况、存在的主要问题及改进情况以及其他需要报告的事项等六个部分。", []),
    ("注：行政复议、行政诉讼数量含上年度结转数量。", []),
    ("### 行政诉讼（复议后起诉）", []),
    ("未经复议直接起诉复议后起诉", []),
    # a sentence on the work keeps its themes
    ("2022年，本机关未发生政府信息公开行政复议、行政诉讼情况。", ["appeals_litigation"]),
    # the same words about the work, not the report (review 8)
    ("2018年，我区共受理政府信息公开申请120件，全部按时答复（办理数量含上年度结转申请5件）。",
     ["request_handling"]),
    ("政策文件全文包括解读材料，在门户网站同步发布。", ["policy_interpretation", "gov_websites"]),
    # (ninth session, 海坛片区 2025) the signature line with its release mark is no work in an
    # area; 纠错 of a website's text is no review's correction
    ("平潭综合实验区海坛片区管理局 2026年1月26日 （此件主动公开）", []),
    ("下一步，我局将紧密结合工作实际，持续规范政府信息公开工作流程，严格“三审三校”制度，完善读网纠错机制，"
     "切实保障公开的信息质量。", ["information_management"]),
    ("2024年市科委有1件涉及政府信息公开工作的行政复议，该行政复议件未被复议审查机关纠错。",
     ["appeals_litigation"]),
    # (ninth session, a fourth blind set's errors) where the report is published; part 四's
    # template name is no request; the request as 公开政府信息申请; staff as 配备的人员
    ("本报告在“平潭综合实验区党工委管委会”门户网站（https://www.pingtan.gov.cn）公布。", []),
    # … but not a sentence on work that names a report (review 11)
    ("本年报在统计依申请公开数量时，以收到申请的时间为准，上年度结转申请计入本年度。", ["request_handling"]),
    ("我市指导各区各部门按时编制年度报告，该年报于3月31日前全部在政府门户网站公开，接受社会监督。",
     ["gov_websites"]),
    ("该年报于3月31日前全部在政府门户网站公开。", ["gov_websites"]),
    ("我局制定印发《政务公开工作要点》（此件公开发布），明确年度重点任务。", ["organization_leadership"]),
    ("2012年度我局无因政府信息公开申请行政复议、提起行政诉讼的情况。", ["appeals_litigation"]),
    ("2016年，我局未收到公民提出的公开政府信息申请。", ["request_handling"]),
    ("（一）主要问题1.配备的人员少、力量薄，信息公开工作的质量和水平有待提高。", ["organization_leadership"]),
])
def test_department_report_sentences(sentence, themes):
    """Sentences of Pingtan department reports outside the corpus (行政审批局 2016, 交通局 2010):
    before, the structure and e-version statements were tagged by the parts they list
    (依申请, 行政复议…) and the zero request and the fees went untagged."""
    [tags] = tag_texts([sentence])
    assert tags.themes == themes


def _one_alternation(patterns: list[str], texts: list[str]) -> list[bool]:
    rx = re.compile("|".join(patterns))
    return [bool(rx.search(t)) for t in texts]


def test_boilerplate_scanners_agree_with_one_alternation(corpus):
    """The boilerplate patterns run as three scanners (plain strings, line-start patterns,
    the rest) flag exactly the sentences one alternation of them all flags."""
    patterns = load("themes")["boilerplate"]
    texts = [s.text for r in corpus.values() for s in r.sentences]
    flags = boilerplate_flags(texts)
    assert flags == _one_alternation(patterns, texts) == [is_boilerplate(t) for t in texts]
    assert 40 < sum(flags) < len(texts) / 4  # 统计期限, 联系电话, table headers… and not the narrative


def test_boilerplate_scanners_keep_each_patterns_meaning():
    # a top-level | anchors only its first branch; a ] first in a class is a character; a plain
    # string with no regex syntax; a pattern with some
    patterns = ["(?<![^\\n])ab|cd", "(?<![^\\n])[^]|]x", "(?<![^\\n])(?:#|[^\\S\\n])*总计$", "联系电话",
                "可在.*下载"]
    texts = ["zcd", "zab", "ab", "]x", "qx", "z]x", "### 总计", "a 总计", "联系电话：1", "可在网站下载", ""]
    scanners = _Boilerplate.of(patterns)
    assert [next(scanners.starts(t), None) is not None for t in texts] == _one_alternation(patterns, texts)
    # one scan of the texts joined: $ is each text's end, a comment's ( and | are no syntax
    assert scanners.flags(texts) == _one_alternation(patterns, texts)
    assert scanners.flags(["### 总计", "x"]) == [True, False]
    commented = ["(?<![^\\n])ab(?#()|cd"]
    assert _Boilerplate.of(commented).flags(["xcd", "zz"]) == _one_alternation(commented, ["xcd", "zz"])
    for empty in ("", "(?:)", "a*"):
        with pytest.raises(ValueError, match="matches an empty text"):
            _Boilerplate.of(["统计期限", empty])


def test_boilerplate_carries_no_theme(corpus):
    r = corpus["2021_fujian-pingtan_gwh.txt"]
    for needle in ("本报告所列数据的统计期限", "联系地址", "本报告的电子版可在"):
        assert sentence(r, needle).themes == [], needle


def test_theme_shares_and_json(corpus):
    r = corpus["2021_fujian-pingtan_gwh.txt"]
    shares = r.theme_shares
    assert shares and all(0 < v <= 1 for v in shares.values())
    doc = json.loads(r.to_json())
    assert {"themes", "evidence"} <= set(doc["sentences"][0])
    assert {k["method"] for k in doc["keywords"]} == {"tfidf", "textrank"}
    assert doc["theme_shares"] == shares


def test_rule_layer_matches_above_tokens():
    # 双随机、一公开 is cut at 、 by every segmenter; the rule layer matches the text
    assert "deregulation_business" in rule_evidence("全面推行“双随机、一公开”监管")


def test_model_and_rules_agree_on_clear_cases():
    tags = tag_texts(["依托12345政务服务便民热线受理群众咨询", "区政府门户网站全年发布信息1136条"])
    assert "hotline_12345" in tags[0].themes
    assert "gov_websites" in tags[1].themes


def test_keywords_count_domain_terms_whole(yunnan):
    narrative = "\n".join(s.text for s in yunnan.sentences)
    frame = tfidf_keywords(narrative, k=5000)
    assert {"政务新媒体", "12345政务热线", "双随机、一公开"} <= set(frame.term)
    assert list(frame.columns) == ["term", "score", "method"]
    assert frame.score.is_monotonic_decreasing
    counts = Counter(content_tokens(narrative))
    assert counts["政务新媒体"] >= 10 and counts["新媒体"] <= 1  # counted whole, not as 新媒体


def test_keywords_leave_out_who_wrote_the_report(corpus):
    """Places and government bodies (every report names its own), e-mail fragments and numerals
    are not keywords; platforms named after a place and the genre's own terms are."""
    def terms(name):
        return {k["term"] for k in corpus[name].keywords}

    hongze, yunnan, shanghai = (terms(n) for n in (
        "2023_huaian-hongze_qzf.pdf", "2019_yunnan_szf.txt", "2019_shanghai_szfbgt.html"))
    # before: 洪泽、淮安市、区政府、人民政府办公室 … 126.com、hzzwgk (the office's e-mail) in the top 20
    assert not {"洪泽", "淮安市", "区政府", "人民政府办公室", "人民政府", "126.com", "hzzwgk"} & hongze
    assert {"政务新媒体", "依申请公开", "三审三校"} <= hongze
    assert not {"云南省", "云南", "云南省人民政府", "省政府", "各州", "起来"} & yunnan
    assert "12345政务热线" in yunnan
    assert {"上海发布", "一网通办", "中国上海"} <= shanghai and not {"上海", "上海市"} & shanghai
    assert not {"十九", "三五年", "一名"} & terms("2021_fujian-pingtan_gwh.txt")
    # a run of numerals that is no number names a plan: 2022 Pingtan's 设立“十四五”规划和专项规划
    assert content_tokens("设立“十四五”规划和专项规划") == ["设立", "十四五", "规划", "专项规划"]
    assert content_tokens("老城区改造") == ["老城区", "改造"]  # a division's name, a word first


def test_keyness_between_groups(corpus):
    pingtan = ["\n".join(s.text for s in r.sentences) for n, r in corpus.items() if "pingtan" in n]
    others = ["\n".join(s.text for s in r.sentences) for n, r in corpus.items() if "pingtan" not in n]
    k = keyness(pingtan, others)
    top = k.head(20).term.tolist()
    assert any("平潭" in t for t in top)
    assert (k.head(20).chi2 > 0).all()
    assert list(k.columns) == ["term", "target", "reference", "chi2", "g2", "p"]


def test_cli_themes_prints_sentences():
    from typer.testing import CliRunner

    from textmine.cli import app

    result = CliRunner().invoke(app, ["themes", str(CORPUS / "2021_fujian-pingtan_gwh.txt")])
    assert result.exit_code == 0, result.output
    assert "theme shares" in result.stdout
    assert "request_handling" in result.stdout


def test_model_evidence_prefers_telling_words_to_the_genres_stop_words(corpus):
    """2022 Pingtan's 一是做好规范性文件公开。 is tagged proactive_disclosure by the model; its
    evidence is 规范性文件, not 做好 or 公开 (stop words of the genre, shown only when a sentence
    has nothing else)."""
    report = corpus["2022_fujian-pingtan_gwh.txt"]
    sentence = next(s for s in report.sentences if s.text == "一是做好规范性文件公开。")
    assert sentence.themes == ["proactive_disclosure"]
    assert sentence.evidence["proactive_disclosure"] == ["model:规范性文件"]


# --------------------------------------------------------------------------- cue exclusions
@pytest.fixture
def toy_rules(monkeypatch):
    """A rule layer of three themes, with the exclusions given, in place of models/themes.toml
    (``extra``: more strong cues of theme c)."""
    import re

    import textmine.themes as th

    def use(exclude, extra=()):
        toy = th._Rules(("a", "b", "c"), {"a": ("公开栏", "栏目"), "b": ("公开栏",), "c": tuple(extra)},
                        {"a": (), "b": (), "c": ("热线", "电话")}, re.compile("统计期限"), exclude)
        monkeypatch.setattr(th, "rules", lambda: toy)
        th._scanner.cache_clear()
        th._evidence_of.cache_clear()

    yield use
    th._scanner.cache_clear()
    th._evidence_of.cache_clear()


def test_exclusion_masks_a_cue_for_its_theme_only(toy_rules):
    from textmine.themes import rule_evidence_many

    toy_rules({"a": {"公开栏": ("公开栏目",)}, "c": {"热线": ("服务热线",)}})
    texts = ["设置了信息公开栏目", "更新公开栏", "设置信息公开栏目和公开栏", "",
             "开通服务热线电话", "开通热线电话", "统计期限"]
    got = rule_evidence_many(texts)
    assert got == [rule_evidence(t) for t in texts]  # the vectorised path agrees
    # 公开栏 inside 公开栏目 no longer counts for a, still for b; 栏目 (a longer cue's part) still does
    assert got[0] == {"a": ["栏目"], "b": ["公开栏"]}
    assert got[1] == {"a": ["公开栏"], "b": ["公开栏"]}
    assert got[2] == {"a": ["公开栏", "栏目"], "b": ["公开栏"]}  # an occurrence outside counts
    # a weak cue masked: 服务热线电话 holds one weak cue of c, 热线电话 two
    assert got[4] == {} and got[5] == {"c": ["热线", "电话"]}


def test_exclusion_that_is_a_cue_itself_counts_as_one(toy_rules):
    from textmine.themes import rule_evidence_many

    # 公开栏目 masks 公开栏 for a and b (both: the occurrence is dropped) and is a cue of c
    toy_rules({"a": {"公开栏": ("公开栏目",)}, "b": {"公开栏": ("公开栏目",)}}, extra=("公开栏目",))
    texts = ["信息公开栏目", "信息公开栏目与公开栏"]
    assert rule_evidence_many(texts) == [rule_evidence(t) for t in texts]
    assert rule_evidence(texts[0]) == {"a": ["栏目"], "c": ["公开栏目"]}
    assert rule_evidence(texts[1]) == {"a": ["公开栏", "栏目"], "b": ["公开栏"], "c": ["公开栏目"]}


def test_exclusion_must_name_a_cue_of_its_theme_inside_a_longer_string(monkeypatch):
    import textmine.themes as th

    def cfg(exclude):
        return {"boilerplate": ["x"], "themes": {"a": {"strong": ["公开栏"], "exclude": exclude}}}

    try:
        for bad in ({"栏目": ["公开栏目"]}, {"公开栏": ["公开"]}, {"公开栏": ["公开栏"]}):
            monkeypatch.setattr(th, "load", lambda _name, bad=bad: cfg(bad))
            th.rules.cache_clear()
            with pytest.raises(ValueError, match="exclude"):
                th.rules()
    finally:
        th.rules.cache_clear()


# Sentences of training reports (models/labels/SPLIT.toml) whose cue sits in a longer word that
# means something else (models/themes.toml `exclude`, GUIDELINES.md 7.x as cited there)
def test_website_column_is_no_notice_board():
    # 2011 Pingtan county: 信息公开栏目 is a website column (7.6), not a 公开栏 (7.9)
    s = ("（三）主动公开政府信息的主要形式1.门户网站在“平潭综合实验区管委会网站”首页页面上专门开辟了"
         "“政府信息公开”模块，并根据需要设置了相关的信息公开栏目。")
    ev = rule_evidence(s)
    assert "offline_access" not in ev
    assert ev["gov_websites"] == ["门户网站", "栏目"]
    # 2011 Pingtan county: a notice board still is one
    assert rule_evidence("2011年刊出政务公开栏12期。")["offline_access"] == ["公开栏"]


def test_checks_outside_the_disclosure_work_are_no_supervision():
    cases = [
        # 2018 Pingtan: a technical security check is the platform's theme only (7.8)
        "二是实验区政府门户网站群已通过三级等保评估。",
        # 2019 Pingtan: the 业绩考核 of state firms is key-area information (7.5, 7.7)
        "区国有资产管理局依法依规向社会公开国有企业基本信息、生产经营、业绩考核等总体情况，推动国有企业改制"
        "重组、产权交易、增资扩股、保值增值等方面的信息公开和结果公示",
        # 2019 Yunnan: 舆情监测 is public_response (7.13)
        "完善政府网站网民留言受理、转办及反馈机制，强化舆情监测、研判、回应，及时解疑释惑。",
    ]
    for s in cases:
        assert "supervision_evaluation" not in rule_evidence(s), s
    assert "key_areas" in rule_evidence(cases[1]) and "public_response" in rule_evidence(cases[2])
    # the same cue about the disclosure work still counts (2019 Yunnan, 巡查 of websites)
    assert rule_evidence("坚持日常读网巡查")["supervision_evaluation"] == ["巡查"]


def test_other_words_holding_a_cue():
    # 2019 Yunnan: 涉密不上网，上网不涉密 is the secrecy review's rule (7.12), no website channel
    s = "要求各地各部门严格落实“谁发布谁负责、谁审核谁负责”、“涉密不上网，上网不涉密”工作原则"
    assert "gov_websites" not in rule_evidence(s)
    # 2019 Pingtan: 三公经费 are fiscal information (7.5), not the disclosure work's funding (7.7)
    s = ("其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、"
         "债券发行4条。")
    assert list(rule_evidence(s)) == ["key_areas"]
