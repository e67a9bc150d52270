"""textmine.tokens: the tokenizer with the domain lexicon, on real sentences of the corpus.

The rule for overlapping terms (see textmine/tokens.py): two lexicon terms that overlap in a
sentence cannot both be one token; the longer one wins, and between terms of equal length the
one that starts first. So an occurrence of a lexicon term in a sentence must come out as one
token, unless it overlaps a token that is itself a lexicon term and is longer, or as long and
starting earlier (政府信息公开申请 over 信息公开; 政府信息公开 over 信息公开平台 in
政府信息公开平台).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

import textmine
from textmine import tokens

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
SEED = "2019_yunnan_szf.txt"
SEED_TERMS = ["政务新媒体", "12345政务热线", "依申请公开", "政务公开", "营商环境", "数字云南",
              "一部手机办事通", "放管服", "双随机、一公开"]


@pytest.fixture(scope="module")
def reports():
    """{file name: Report} for every shipped report (tables, structure; no text mining)."""
    out = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix.lower() in {".txt", ".html", ".pdf"}:
            out[path.name] = textmine.analyze_file(path, text_mining=False)
    assert len(out) == 14
    return out


@pytest.fixture(scope="module")
def sentences(reports):
    return [s.text for r in reports.values() for s in r.sentences]


def _spans(toks: list[str]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for t in toks:
        out.append((pos, pos + len(t), t))
        pos += len(t)
    return out


def _occurrences(text: str, term: str):
    start = text.find(term)
    while start != -1:
        yield start, start + len(term)
        start = text.find(term, start + 1)


def test_every_lexicon_term_whole_in_context(sentences):
    """Must-show: every lexicon term that occurs in a corpus sentence is one token when that
    sentence is tokenized, unless a longer (or as long and earlier) overlapping lexicon term
    won the place."""
    terms = {e.term for e in tokens.entries()}
    checked, whole, lost, failures = set(), 0, 0, []
    for sentence in sentences:
        spans = _spans(tokens.tokens_with_space(sentence))
        exact = {(a, b) for a, b, _ in spans}
        for term in terms:
            for p, q in _occurrences(sentence, term):
                checked.add(term)
                if (p, q) in exact:
                    whole += 1
                    continue
                winners = [t for a, b, t in spans if a < q and b > p and t in terms
                           and (len(t) > len(term) or (len(t) == len(term) and a < p))]
                if winners:
                    lost += 1
                else:
                    cut = "/".join(t for a, b, t in spans if a < q and b > p)
                    failures.append(f"{term}: {cut} in {sentence[max(0, p - 8):q + 8]}")
    assert failures == []
    assert len(checked) >= 400, len(checked)  # most of the lexicon is exercised
    assert whole > lost > 0


@pytest.mark.parametrize("term", SEED_TERMS)
def test_seed_terms_whole_in_yunnan(reports, term):
    """Each seed term is a token of the Yunnan report; in every sentence holding it, it is one
    token or inside a longer lexicon term (法治化营商环境, 政务新媒体备案系统)."""
    seed = reports[SEED]
    holding = [s.text for s in seed.sentences if term in s.text]
    assert holding, f"{term} not in the Yunnan report"
    terms = {e.term for e in tokens.entries()}
    whole = 0
    for sentence in holding:
        toks = tokens.tokenize(sentence)
        whole += toks.count(term)
        for p, q in _occurrences(sentence, term):
            covering = [t for a, b, t in _spans(tokens.tokens_with_space(sentence)) if a <= p and b >= q]
            assert covering and (covering[0] == term or covering[0] in terms), (term, covering, sentence)
    assert whole > 0
    assert term in tokens.tokenize(seed.text)


def test_default_dictionary_splits_them():
    """Why the lexicon exists: the segmenter's own dictionary splits these terms."""
    rjieba = pytest.importorskip("rjieba")
    plain = rjieba.Jieba()  # a fresh dictionary, without the lexicon
    for term in ("政务新媒体", "12345政务热线", "依申请公开", "政务公开", "营商环境", "数字云南",
                 "一部手机办事通", "互联网+政务服务", "双随机、一公开"):
        assert term not in plain.cut(f"推进{term}建设"), term


def test_punctuated_terms_joined_above_tokens():
    text = "深化“放管服”改革，推进“双随机、一公开”监管和互联网+政务服务，坚持以公开为常态，不公开为例外。"
    toks = tokens.tokenize(text)
    assert "双随机、一公开" in toks
    assert "互联网+政务服务" in toks
    assert "以公开为常态，不公开为例外" in toks
    assert "、" not in toks[toks.index("双随机、一公开") - 1: toks.index("双随机、一公开") + 2]


def test_canonical():
    c = tokens.canonical
    assert c("12345政务热线") == c("12345热线") == "12345热线"
    for variant in ("12345政务服务便民热线", "12345市民服务热线"):
        assert c(variant) == "12345热线"
    assert c("互联网＋政务服务") == "互联网+政务服务"
    assert c("双随机一公开") == "双随机、一公开"
    assert c("不在词表里的词") == "不在词表里的词"


def test_lexicon_file():
    lex = tokens.lexicon()
    assert list(lex.columns) == ["term", "canonical", "freq", "tag", "theme"]
    assert len(lex) >= 400
    assert lex.term.is_unique
    assert set(lex.canonical) <= set(lex.term)  # every canonical form is itself a term
    assert (lex.freq >= 50000).all()
    assert set(lex.tag) <= {"slogan", "platform", "instrument", "legal", "org", "doc", "metric", "area"}
    themes_md = (ROOT / "models" / "labels" / "themes.md").read_text(encoding="utf-8")
    theme_ids = set(re.findall(r"^\| `([a-z_0-9]+)` \|", themes_md, flags=re.M))
    assert len(theme_ids) == 21
    assert set(lex.theme) - {""} <= theme_ids
    assert {"双随机、一公开", "互联网+政务服务"} <= set(lex.term)
    assert not any(t.strip() != t or not t for t in lex.term)


def test_lexicon_file_is_built_by_the_script(reports):
    """models/lexicon.tsv is exactly what models/build_lexicon.py writes."""
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "models" / "build_lexicon.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows = build.build(list(reports.values()))
    on_disk = [tuple(line.split("\t")) for line in
               (ROOT / "models" / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]
    assert [(t, c, str(f), g, h) for t, c, f, g, h in rows] == on_disk


def test_stopwords():
    stop = tokens.stopwords()
    assert isinstance(stop, frozenset)
    for w in ("进一步", "加强", "推进", "工作", "开展", "不断", "有关", "相关", "积极", "全面",
              "切实", "认真", "及时", "坚持", "落实", "的", "和", "，", "。"):
        assert w in stop, w
    assert not stop & {e.term for e in tokens.entries()}  # no domain term is a stop word
    assert not any(w.startswith("#") for w in stop)


def test_no_whitespace_tokens_and_lossless(reports):
    for r in reports.values():
        assert "".join(tokens.tokens_with_space(r.text)) == r.text
        toks = tokens.tokenize(r.text)
        assert toks and not any(t.isspace() or not t for t in toks)
    assert tokens.tokenize("") == []
    assert tokens.tokenize(" \n\t ") == []


def test_deterministic(reports):
    text = reports[SEED].text
    first = tokens.tokenize(text)
    assert tokens.tokenize(text) == first
    assert tokens.Tokenizer()(text) == first


def test_deterministic_across_processes(reports):
    """Same tokens in a fresh process with another hash seed."""
    code = ("import json, sys, textmine; from textmine.tokens import tokenize; "
            f"r = textmine.analyze_file({str(CORPUS / SEED)!r}, text_mining=False); "
            "json.dump(tokenize(r.text), sys.stdout, ensure_ascii=False)")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env, cwd=ROOT, encoding="utf-8")
    assert json.loads(out.stdout) == tokens.tokenize(reports[SEED].text)


def test_jieba_fallback_agrees(reports):
    """Without rjieba, jieba itself segments; on Chinese text the two agree (they differ only on
    ASCII runs with dots and dashes: rjieba keeps 4.2.1 and 0591-23165255 whole)."""
    pytest.importorskip("jieba")
    code = ("import json, sys; sys.modules['rjieba'] = None; import textmine; "
            "from textmine import tokens; "
            f"r = textmine.analyze_file({str(CORPUS / SEED)!r}, text_mining=False); "
            "json.dump([tokens.backend(), tokens.tokenize(r.text)], sys.stdout, ensure_ascii=False)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, encoding="utf-8")
    backend, toks = json.loads(out.stdout)
    assert backend == "jieba"

    def cjk(ts):
        return [t for t in ts if re.search(r"[\u4e00-\u9fff]", t)]

    assert cjk(toks) == cjk(tokens.tokenize(reports[SEED].text))
    for term in SEED_TERMS:
        assert term in toks


def test_sklearn_vectorizer(reports):
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    texts = ["\n".join(s.text for s in r.sentences) for r in reports.values()]
    vec = sklearn_text.TfidfVectorizer(tokenizer=tokens.Tokenizer(), lowercase=False, token_pattern=None)
    matrix = vec.fit_transform(texts)
    assert matrix.shape[0] == len(texts)
    vocab = vec.vocabulary_
    for term in ("双随机、一公开", "12345政务热线", "政务新媒体", "依申请公开", "一部手机办事通"):
        assert term in vocab, term
    # a fitted vectoriser pickles (the tokenizer pickles as its options) and gives the same matrix
    again = pickle.loads(pickle.dumps(vec))
    assert (again.transform(texts[:2]) != vec.transform(texts[:2])).nnz == 0

    canon = sklearn_text.CountVectorizer(tokenizer=tokens.Tokenizer(canonical=True), lowercase=False,
                                         token_pattern=None)
    canon.fit(texts)
    assert "12345热线" in canon.vocabulary_ and "12345政务热线" not in canon.vocabulary_


def test_spacy_doc_round_trips(reports):
    pytest.importorskip("spacy")
    nlp = tokens.make_nlp()
    for r in reports.values():
        doc = nlp(r.text)
        assert doc.text == r.text
        assert [t.text for t in doc if not t.text.isspace()] == tokens.tokenize(r.text)
    doc = nlp("推进12345政务热线集约融合发展。\n\n依申请公开\t双随机、一公开")
    by_text = {t.text: t for t in doc}
    assert by_text["12345政务热线"].norm_ == "12345热线"
    assert "双随机、一公开" in by_text
    assert nlp("").text == ""
    texts = ["政务公开 工作", "互联网+政务服务"]
    assert [d.text for d in nlp.pipe(texts)] == texts
