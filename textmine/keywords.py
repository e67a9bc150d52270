"""Keywords of a report or section, and keyness between groups of reports.

- TF-IDF: term frequency in the text × IDF fitted on the corpus (``models/build_idf.py`` fits it
  with the textmine tokenizer and saves ``models/idf.joblib``);
- TextRank: PageRank over the co-occurrence graph of content tokens (window of 5);
- keyness between two groups of texts (provinces, years): chi² and log-likelihood (G²) per term,
  as quanteda's ``textstat_keyness``.

Domain terms of the lexicon come out of the tokenizer whole, so they count as one keyword. Stop
words (``models/stopwords.txt``), punctuation, numbers and single characters are not keywords.
Results are pandas DataFrames.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from .resources import FittedVocabulary, load_artifact
from .zh import (
    COMMON_PLACE_WORDS,
    COUNT_WORDS,
    DIVISION_SUFFIXES,
    LEVEL_CHARS,
    NUMERAL_CHARS,
    ORDINAL_PREFIX,
    ORGAN_SUFFIXES,
)

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: analysing a report needs none
    import pandas as pd

IDF_FILE = "idf.joblib"
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# numbers, dates and counts ("2019年", "76场") are not keywords; "12345政务热线" is
_NUMBERISH = re.compile(r"^[\d.%,，。、]+$|^[\d.]+[年月日号件条个项次期份场名人家户余多万亿元%]?$")


def content_tokens(text: str) -> list[str]:
    """Tokens that can be keywords: not stop words, not punctuation or numbers, and at least
    two characters (a lexicon term of any length counts)."""
    from .tokens import tokenize

    return keep_content(tokenize(text))


def keep_content(tokens: list[str]) -> list[str]:
    """The tokens of :func:`content_tokens` among already-segmented ``tokens``."""
    memo = _CONTENT_MEMO
    unseen = set(tokens).difference(memo)
    if len(memo) + len(unseen) > 500_000:
        memo.clear()
    for t in unseen:
        memo[t] = _is_content(t)
    return [t for t in tokens if memo[t]]


_CONTENT_MEMO: dict[str, bool] = {}  # token → _is_content: a report repeats its words


def _is_content(token: str) -> bool:
    from .tokens import stopwords

    return (len(token) >= 2 and token not in stopwords() and bool(_CONTENT.search(token))
            and not _NUMBERISH.match(token) and not _is_chinese_count(token)
            and not _MACHINE.search(token) and not _names_a_government(token))


# lowercase Latin or a dot: pieces of an e-mail or web address (hzzwgk, 126.com), never a keyword
# (APP, OA系统 are kept)
_MACHINE = re.compile(r"^[a-z0-9._@\-]+$|[.@]")
_CHINESE_NUMERAL = re.compile(f"^({ORDINAL_PREFIX})?([{NUMERAL_CHARS}]+)([{COUNT_WORDS}])?$")


def _is_chinese_count(token: str) -> bool:
    """A number in Chinese numerals: an ordinal or a count (第一, 一名, 三五年) or a well-formed
    number (十九, 二十). A run of numerals that is no number names a plan or a programme
    (十四五, 百千万) and stays a keyword."""
    m = _CHINESE_NUMERAL.match(token)
    if m is None:
        return False
    if m.group(1) or m.group(3):
        return True
    import cn2an

    try:
        cn2an.cn2an(m.group(2), "strict")
    except ValueError:
        return False
    return True


def _names_a_government(token: str) -> bool:
    """A place (云南省, 云南, 淮安市, 洪泽区) or a government body, of a place or of a level
    (云南省人民政府, 洪泽区人民政府办公室, 人民政府, 省政府办公厅, 管委会): every report names its own, so
    for keywords and keyness they say who wrote the report, not what it is about. A platform
    named after a place (上海发布, 数字云南, 平潭通) is kept; so are other bodies (网信办)."""
    places = _place_names()
    if token in places:
        return True
    for suffix in ORGAN_SUFFIXES:
        if token.endswith(suffix):
            head = token[: -len(suffix)]
            return (head in LEVEL_CHARS or head in places  # 省, 云南省; or two places: 淮安市洪泽区
                    or any(head[:k] in places and head[k:] in places for k in range(1, len(head) - 1)))
    return False


@cache
def own_names(issuer: str | None, region: str | None) -> frozenset[str]:
    """What a report calls itself: its issuer (平潭综合实验区管委会), its region below the province
    (平潭综合实验区), the tails it shortens them to (实验区管委会, 实验区) and the short forms of the
    counties in it or that it is named after (江苏省淮安市洪泽区 → 洪泽, 平潭综合实验区 → 平潭), left out
    of its keywords like other places."""
    from .metadata import division_names

    names = {n for n in (issuer, region) if n}
    rest = region or ""
    for name, level in division_names() if region else ():
        if level != "county" and region.startswith(name) and len(region) > len(name):
            rest = min(rest, region[len(name):], key=len)  # 福建省平潭综合实验区 → 平潭综合实验区
    names.add(rest)
    # how the report shortens itself: a tail of its name (实验区管委会, 实验区)
    names.update(n[i:] for n in (issuer or "", rest) for i in range(1, len(n) - 2))
    for name, level in division_names() if region else ():
        short = _short_form(name) if level == "county" else None
        if short and (name in region or rest.startswith(short)):
            names.add(short)  # 洪泽区 in 江苏省淮安市洪泽区; 平潭综合实验区 is 平潭县's
    return frozenset(names)


def _short_form(name: str) -> str | None:
    """云南省 → 云南, 淮安市 → 淮安, 洪泽区 → 洪泽; None when nothing of two characters is left."""
    for suffix in DIVISION_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] if len(name) - len(suffix) >= 2 else None
    return None


@cache
def _place_names() -> frozenset[str]:
    """Every division of ``models/divisions.tsv`` by its full name, and provinces and prefectures
    also by their short form (云南, 淮安): county short forms are left out, since many are common
    words too (平安, 和平), and so are division names that are ordinary words first (城区, 矿区).
    Some prefecture short forms are words too (大同, 中山, 安康): for keywords that loss is taken."""
    from .metadata import division_names

    names = set()
    for name, level in division_names():
        if name in COMMON_PLACE_WORDS or (level == "county" and len(name) <= 2):
            continue  # 城区, 矿区: words before they are places
        names.add(name)
        short = _short_form(name) if level in ("province", "prefecture") else None
        if short:
            names.add(short)
    return frozenset(names)


@cache
def load_idf() -> FittedVocabulary | None:
    """The corpus IDF (vocabulary and weights of the fitted vectoriser), or None when
    ``models/idf.joblib`` has not been built."""
    vec = load_artifact(IDF_FILE)
    return vec if vec is None or isinstance(vec, FittedVocabulary) else FittedVocabulary.of(vec)


def fit_idf(texts: list[str]):
    """A TfidfVectorizer over content tokens, fitted on ``texts`` (one text per report)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=content_tokens, lowercase=False, token_pattern=None,
                          sublinear_tf=True, norm=None)
    vec.fit(texts)
    return vec


def tfidf_keywords(text: str, k: int = 20, vectorizer=None,
                   tokens: list[str] | None = None) -> pd.DataFrame:
    """Top-k terms of ``text`` by TF-IDF (corpus IDF; terms unseen in the corpus get the
    largest IDF the corpus has). ``tokens``: its content tokens, when already computed."""
    return _frame(tfidf_scores(tokens if tokens is not None else content_tokens(text), k, vectorizer),
                  "tfidf")


def tfidf_scores(tokens: list[str], k: int = 20, vectorizer=None) -> list[tuple[str, float]]:
    """(term, score) of the top-k content ``tokens`` by TF-IDF: :func:`tfidf_keywords` as a list."""
    return _tfidf_top(Interned.of(tokens), k, vectorizer)


@dataclass(frozen=True)
class Interned:
    """Tokens as integer ids (first-occurrence order), shared by both keyword methods so that a
    report's tokens are looked up once."""

    terms: list[str]
    ids: np.ndarray

    @staticmethod
    def of(tokens: list[str]) -> Interned:
        vocab = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
        ids = np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        return Interned(list(vocab), ids)


@cache
def _idf_table(vectorizer) -> tuple[dict[str, float], float]:
    """Term → IDF of a fitted vectoriser, and the largest IDF (for unseen terms)."""
    idf = vectorizer.idf_
    return {t: float(idf[j]) for t, j in vectorizer.vocabulary_.items()}, float(idf.max())


def _tfidf_top(interned: Interned, k: int, vectorizer=None) -> list[tuple[str, float]]:
    if not interned.terms:
        return []
    vec = vectorizer if vectorizer is not None else load_idf()
    counts = np.bincount(interned.ids, minlength=len(interned.terms))
    if vec is None:
        idf = np.ones(len(interned.terms))
    else:
        table, default = _idf_table(vec)
        idf = np.fromiter(map(table.get, interned.terms, repeat(default)), dtype=np.float64,
                          count=len(interned.terms))
    return _top(interned.terms, (1.0 + np.log(counts)) * idf, k)


def _top(terms: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The k best (term, score): highest score first, equal scores in term order. Only the
    terms scoring at least the k-th best are sorted."""
    if len(terms) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        candidates = np.flatnonzero(scores >= kth)
    else:
        candidates = np.arange(len(terms))
    return heapq.nsmallest(k, ((terms[i], float(scores[i])) for i in candidates.tolist()), key=_rank_key)


def keyword_scores(tokens: list[str], k: int = 20) -> dict[str, list[tuple[str, float]]]:
    """Both methods' top-k (term, score) of one text's content tokens, interned once."""
    interned = Interned.of(tokens)
    return {"tfidf": _tfidf_top(interned, k), "textrank": _textrank_top(interned, k)}


def textrank_keywords(text: str, k: int = 20, window: int = 5, damping: float = 0.85,
                      iterations: int = 100, tokens: list[str] | None = None) -> pd.DataFrame:
    """Top-k terms by TextRank over the co-occurrence graph of content tokens (a sparse graph:
    an edge per pair of tokens at most ``window - 1`` apart)."""
    tokens = tokens if tokens is not None else content_tokens(text)
    return _frame(textrank_scores(tokens, k, window, damping, iterations), "textrank")


def textrank_scores(tokens: list[str], k: int = 20, window: int = 5, damping: float = 0.85,
                    iterations: int = 100) -> list[tuple[str, float]]:
    """(term, score) of the top-k content ``tokens`` by TextRank: :func:`textrank_keywords` as a
    list."""
    return _textrank_top(Interned.of(tokens), k, window, damping, iterations)


def _textrank_top(interned: Interned, k: int, window: int = 5, damping: float = 0.85,
                  iterations: int = 100) -> list[tuple[str, float]]:
    if not interned.terms:
        return []
    n = len(interned.terms)
    source, target, weight = _cooccurrence(interned.ids, n, window)
    degree = np.bincount(source, weights=weight, minlength=n)
    # the graph is undirected (edges listed both ways), so the transposed transition matrix is
    # the weights scaled by column: per round, each node sums score / out-degree over its edges
    # (np.bincount; SciPy is not needed to analyse a report, and importing it costs more than
    # the arithmetic). An edge's share of its source's score is fixed: computed once.
    share = weight * (1 / np.where(degree == 0, 1, degree))[source]
    base = (1 - damping) / n
    score = np.full(n, 1.0 / n)
    flow = np.empty(len(source))
    for _ in range(iterations):
        np.take(score, source, out=flow)
        flow *= share
        previous, score = score, np.bincount(target, weights=flow, minlength=n)
        score *= damping
        score += base
        # Mihalcea & Tarau's stop: every score (mean 1) changed by less than 1e-4
        if np.abs(score - previous).max() * n < 1e-4:
            break
    return _top(interned.terms, score, k)


def _cooccurrence(ids: np.ndarray, n: int, window: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The co-occurrence graph of a token sequence as weighted edges (source, target, count):
    one per ordered pair of distinct terms at most ``window - 1`` tokens apart, both ways."""
    pairs = [np.zeros(0, dtype=np.int64)]
    for d in range(1, window):
        a, b = ids[:-d], ids[d:]
        keep = a != b
        pairs += [a[keep] * n + b[keep], b[keep] * n + a[keep]]
    keys, counts = np.unique(np.concatenate(pairs), return_counts=True)
    return keys // n, keys % n, counts.astype(np.float64)


def _rank_key(item: tuple[str, float]) -> tuple[float, str]:
    """Highest score first; equal scores in term order (a stable, reproducible ranking)."""
    return -item[1], item[0]


def keyness(target: list[str], reference: list[str], min_count: int = 3) -> pd.DataFrame:
    """Terms over-used in ``target`` texts relative to ``reference`` texts: chi² (with Yates'
    correction) and log-likelihood G², signed positive where the target uses the term more.
    Columns: term, target, reference, chi2, g2, p (of chi², 1 d.f.)."""
    a = Counter(t for text in target for t in content_tokens(text))
    b = Counter(t for text in reference for t in content_tokens(text))
    return keyness_counts(a, b, min_count)


def keyness_counts(a: Counter, b: Counter, min_count: int = 3) -> pd.DataFrame:
    """:func:`keyness` over term counts already made: comparing many groups (each against the
    rest) then tokenizes every text once instead of once per group."""
    from scipy.stats import chi2 as chi2_dist

    na, nb = sum(a.values()), sum(b.values())
    rows = []
    for term in set(a) | set(b):
        o11, o21 = a[term], b[term]
        if o11 + o21 < min_count:
            continue
        o12, o22 = na - o11, nb - o21
        n = na + nb
        e11 = (o11 + o21) * (o11 + o12) / n
        e12 = (o12 + o22) * (o11 + o12) / n
        e21 = (o11 + o21) * (o21 + o22) / n
        e22 = (o12 + o22) * (o21 + o22) / n
        yates = max(0.0, abs(o11 * o22 - o12 * o21) - n / 2) ** 2 * n
        denom = (o11 + o12) * (o21 + o22) * (o11 + o21) * (o12 + o22)
        chi2 = yates / denom if denom else 0.0
        g2 = 2 * sum(o * math.log(o / e) for o, e in ((o11, e11), (o12, e12), (o21, e21), (o22, e22))
                     if o > 0 and e > 0)
        sign = 1 if o11 > e11 else -1
        rows.append((term, o11, o21, sign * chi2, sign * g2))
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["term", "target", "reference", "chi2", "g2"])
    frame["p"] = chi2_dist.sf(frame["chi2"].abs().to_numpy(dtype=float), 1)  # one call, not one per term
    return frame.sort_values(["chi2", "term"], ascending=[False, True], ignore_index=True)


def _frame(rows: list[tuple[str, float]], method: str) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["term", "score"])
    frame["method"] = method
    return frame
