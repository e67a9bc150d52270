"""The spaCy pipeline on a real sentence of the seed report."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")


def test_terms_and_themes_spans():
    from textmine.pipeline import make_pipeline

    nlp = make_pipeline()
    assert nlp.pipe_names == ["textmine_terms", "textmine_themes"]
    text = ("12345政务热线省级平台全年共接受群众咨询692987件。"
            "截止2019年12月31日，全省政务新媒体备案系统登记在册共2218个。")
    doc = nlp(text)
    assert doc.text == text
    terms = {s.text: s.label_ for s in doc.spans["terms"]}
    assert terms["12345政务热线"] == "12345热线"  # a variant, labelled with its canonical form
    assert "政务新媒体备案系统" in terms  # the longer lexicon term wins over 政务新媒体
    assert len(doc.spans["sentences"]) == 2
    themes = {(s.text[:5], s.label_) for s in doc.spans["themes"]}
    assert ("12345", "hotline_12345") in themes
    assert ("截止201", "new_media") in themes
    hotline = next(s for s in doc.spans["themes"] if s.label_ == "hotline_12345")
    assert "12345" in hotline._.evidence


def test_displacy_renders_theme_spans():
    from spacy import displacy

    from textmine.pipeline import make_pipeline

    doc = make_pipeline()("深化“放管服”改革，全面推行“双随机、一公开”监管。")
    html = displacy.render(doc, style="span", options={"spans_key": "themes"})
    assert "deregulation_business" in html
