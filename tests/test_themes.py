"""Theme tags with evidence, and keywords, on real sentences of the shipped corpus."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
from conftest import CORPUS

from textmine.keywords import content_tokens, keyness, tfidf_keywords
from textmine.themes import rule_evidence, tag_texts, theme_ids


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


# --------------------------------------------------------------------------- context: headings
def _context_of(report):
    from textmine.themes import sentence_context
    from textmine.tokens import tokenize_many

    texts = [s.text for s in report.sentences]
    context = sentence_context(texts, [s.section for s in report.sentences], tokenize_many(texts))
    return lambda needle: next(c for t, c in zip(texts, context, strict=True) if needle in t)


def test_context_is_the_headings_a_sentence_sits_under(corpus):
    # a training report in the national template: （三）…方面。 then 一是…。 lead sentences
    of = _context_of(corpus["2021_fujian-pingtan_gwh.txt"])
    c = of("全区政府信息公开单位均明确一名分管领导和一名经办人员")
    assert c.section == "overview"
    assert (c.heading.title, c.subheading.title) == ("政府信息管理方面", "加强组织领导")
    assert c.heading.tokens == ("政府信息管理", "方面") and c.heading.level == 1
    assert of("二是规范审核审核发布机制").subheading is None  # a heading's own context: its parents
    c = of("常态化开展督查检查，组织4次季度政务公开检查")
    assert (c.heading.title, c.subheading) == ("监督保障方面", None)
    assert of("（五）监督保障方面").heading is None
    # headings do not cross a top-level section; a heading merged with its body ends at the colon
    assert of("五、存在的主要问题及改进情况").heading is None
    assert of("政务公开质量水平有待提高").heading.title == "存在的主要问题"


def test_context_of_a_chain_of_markers(corpus):
    # （一）…工作1.…（1）…。 opens three levels at once; （2） closes （1） only
    of = _context_of(corpus["2018_fujian-pingtan_gwh.txt"])
    c = of("（2）政策执行阳光透明。")
    assert c.heading.title == "着力加强公开解读回应工作"
    assert c.subheading.title == "围绕建设法治政府全面推进政务公开"
    assert of("对涉及公共利益、公众权益的政策文件进行全方位公开").subheading.title == "政策执行阳光透明"


def test_context_without_tokens_segments_only_the_titles(yunnan):
    from textmine.themes import sentence_context

    texts = [s.text for s in yunnan.sentences]
    sections = [s.section for s in yunnan.sentences]
    alone = sentence_context(texts, sections)
    c = next(c for t, c in zip(texts, alone, strict=True) if t.startswith("省人民政府常务会议、专题会议"))
    assert (c.heading.title, c.subheading.title) == ("着力夯实公开业务支撑保障", "抓工作推进")
    assert c.subheading.tokens == ("抓", "工作", "推进")


def test_shipped_model_tags_alike_with_or_without_sections(yunnan):
    from textmine.tokens import tokenize_many

    texts = [s.text for s in yunnan.sentences]
    tokens = tokenize_many(texts)
    assert (tag_texts(texts, tokens=tokens, sections=[s.section for s in yunnan.sentences])
            == tag_texts(texts, tokens=tokens))


def test_a_context_model_tags_a_body_sentence_by_its_heading(corpus):
    """A model reading the headings (fitted here on the other training reports) tags a body
    sentence of a training report that names no theme by the heading it sits under:
    面对公众提出的各类信息公开诉求… under 二是坚持柔性答复。 is request_handling. Its prediction
    path (compact, numpy) agrees with its training features (SciPy)."""
    import tomllib

    from conftest import ROOT

    from textmine.themes import ThemeModel, sentence_context
    from textmine.tokens import tokenize_many

    labels = ROOT / "models" / "labels"
    held_out = set(tomllib.loads((labels / "SPLIT.toml").read_text())["test"])
    texts, themes, context = [], [], []
    for f in sorted((labels / "themes").glob("*.jsonl")):
        if f.stem in held_out or f.stem == "2020_fujian-pingtan_gwh.txt":
            continue
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        report_texts = [r["text"] for r in rows]
        texts += report_texts
        themes += [r["themes"] for r in rows]
        context += sentence_context(report_texts, [r["section"] for r in rows], tokenize_many(report_texts))
    fitted = ThemeModel(subheading_weight=0.5).fit(texts, themes, context=context)
    model = fitted.compact()
    assert model.uses_context()

    r = corpus["2020_fujian-pingtan_gwh.txt"]
    report_texts = [s.text for s in r.sentences]
    sections = [s.section for s in r.sentences]
    tokens = tokenize_many(report_texts)
    i = next(k for k, t in enumerate(report_texts) if t.startswith("面对公众提出的各类信息公开诉求"))
    tags = tag_texts(report_texts, model=model, tokens=tokens, sections=sections)
    assert tags[i].themes == ["request_handling"]
    assert tag_texts(report_texts, model=model, tokens=tokens)[i].themes == []

    ctx = sentence_context(report_texts, sections, tokens)
    fast = model._decision(report_texts, None, tokens, ctx)[0] + model.bias_
    full = fitted.clf_.decision_function(fitted._features(report_texts, context=ctx))
    assert np.allclose(fast, full)
    # no context: a sentence under no heading
    none = [type(c)(c.section) for c in ctx]
    assert np.allclose(model._decision(report_texts, None, tokens, None)[0],
                       model._decision(report_texts, None, tokens, none)[0])
