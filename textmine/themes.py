"""Policy themes per narrative sentence, with the evidence that tagged it.

Two layers, combined:

- a rule layer (``models/themes.toml``): cue terms per theme, matched on the sentence text (so
  terms a segmenter would split, like 双随机、一公开, still match); it is transparent and its
  evidence is the cue that fired;
- a scikit-learn model (one-vs-rest logistic regression on TF-IDF of textmine tokens plus the
  rule layer's verdicts as features), trained on the labelled sentences in
  ``models/labels/themes/`` by ``models/train_themes.py`` and saved in ``models/themes_model.joblib``.

A theme is assigned when the model's probability passes the theme's threshold; the evidence is
the rule cues that fired for it, or else the sentence's tokens that weigh most for it in the
model. Boilerplate (统计期限, 联系方式, 电子版下载…) carries no theme.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from .resources import FittedVocabulary, load, models_dir

MODEL_FILE = "themes_model.joblib"
_HAS_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass
class ThemeTags:
    """The themes of one sentence: ids, the evidence per theme, and a confidence per theme."""

    themes: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- rule layer
@dataclass(frozen=True)
class _Rules:
    ids: tuple[str, ...]
    strong: dict[str, tuple[str, ...]]
    weak: dict[str, tuple[str, ...]]
    boilerplate: re.Pattern


@cache
def rules() -> _Rules:
    cfg = load("themes")
    ids = tuple(cfg["themes"])
    strong = {t: tuple(cfg["themes"][t].get("strong", ())) for t in ids}
    weak = {t: tuple(cfg["themes"][t].get("weak", ())) for t in ids}
    boiler = re.compile("|".join(cfg["boilerplate"]))
    return _Rules(ids, strong, weak, boiler)


def theme_ids() -> tuple[str, ...]:
    """The public theme ids, in the order of ``models/themes.toml``."""
    return rules().ids


def is_boilerplate(text: str) -> bool:
    return bool(rules().boilerplate.search(text))


@dataclass(frozen=True)
class _CueScanner:
    """Every cue of the rule layer found in one pass over the text (an Aho-Corasick automaton:
    all occurrences, overlapping ones included, whatever the number of cues)."""

    automaton: object  # ahocorasick.Automaton: end position → the cue ending there
    # cue → (theme, is strong, rank of the cue in that theme's list)
    uses: dict[str, tuple[tuple[str, bool, int], ...]]

    def find(self, text: str) -> set[str]:
        return {cue for _, cue in self.automaton.iter(text)} if text else set()


@cache
def _scanner() -> _CueScanner:
    import ahocorasick

    r = rules()
    cues = sorted({c for t in r.ids for c in (*r.strong[t], *r.weak[t])})
    automaton = ahocorasick.Automaton()
    for c in cues:
        automaton.add_word(c, c)
    automaton.make_automaton()
    uses: dict[str, list[tuple[str, bool, int]]] = {c: [] for c in cues}
    for theme in r.ids:
        for strong, lst in ((True, r.strong[theme]), (False, r.weak[theme])):
            for rank, c in enumerate(lst):
                uses[c].append((theme, strong, rank))
    return _CueScanner(automaton, {c: tuple(u) for c, u in uses.items()})


def rule_evidence(text: str) -> dict[str, list[str]]:
    """Theme → the cue terms found in ``text`` (strong cues, or two weak ones), in the order of
    ``models/themes.toml``. A cue inside a longer cue found for the same theme is not repeated."""
    return {t: list(c) for t, c in _evidence(frozenset(_scanner().find(text))).items()}


def _line_index(texts: list[str]) -> tuple[str, list[int]]:
    """The texts joined by newlines (no cue or boilerplate pattern spans one) and where each
    starts, so that one regex scan serves every sentence of a report."""
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return "\n".join(texts), starts


def boilerplate_flags(texts: list[str]) -> list[bool]:
    """:func:`is_boilerplate` of each text, in one scan."""
    joined, starts = _line_index(texts)
    flags = [False] * len(texts)
    for m in rules().boilerplate.finditer(joined):
        flags[bisect_right(starts, m.start()) - 1] = True
    return flags


def rule_evidence_many(texts: list[str]) -> list[dict[str, list[str]]]:
    """:func:`rule_evidence` of each text (one automaton pass per text; the verdict for a set of
    cues is memoised, as a report repeats the same few combinations)."""
    iterate = _scanner().automaton.iter
    return [_evidence(frozenset([cue for _, cue in iterate(t)])) if t else {} for t in texts]


@lru_cache(maxsize=65536)
def _evidence(found: frozenset[str]) -> dict[str, list[str]]:
    """Theme → cues from the set of cues found in a text (shared: treat as read-only)."""
    if not found:
        return {}
    scanner = _scanner()
    strong: dict[str, list[tuple[int, str]]] = {}
    weak: dict[str, list[tuple[int, str]]] = {}
    for cue in found:
        for theme, is_strong, rank in scanner.uses[cue]:
            (strong if is_strong else weak).setdefault(theme, []).append((rank, cue))
    out: dict[str, list[str]] = {}
    for theme in rules().ids:
        if theme not in strong and theme not in weak:
            continue
        ranked = strong.get(theme) or (weak[theme] if len(weak.get(theme, ())) >= 2 else None)
        if ranked:
            hits = [c for _, c in sorted(ranked)]
            if len(hits) > 1:
                hits = [h for h in hits if not any(h != o and h in o for o in hits)]
            out[theme] = hits
    return out


def strong_cues(texts: list[str]) -> list[frozenset[str]]:
    """The strong cue terms of the theme rules that each text holds: what a sentence is about
    (政策解读, 队伍建设), without the weak cues (公开, 信息) every sentence of the genre holds.
    Two problems sharing one name the same subject (``textmine compare`` and the follow-through
    both use this to find a problem named again)."""
    strong = rules().strong
    return [frozenset(c for theme, found in ev.items() for c in found if c in strong[theme])
            for ev in rule_evidence_many(texts)]


def rule_matrix(texts: list[str], evidence: list[dict[str, list[str]]] | None = None) -> np.ndarray:
    """One 0/1 column per theme: did the rule layer fire (the model's lexicon features).
    ``evidence``: the rule layer's verdicts, already computed (empty for boilerplate)."""
    ids = theme_ids()
    m = np.zeros((len(texts), len(ids)), dtype=np.float32)
    for i, text in enumerate(texts):
        if evidence is None and is_boilerplate(text):
            continue
        for theme in (evidence[i] if evidence is not None else rule_evidence(text)):
            m[i, ids.index(theme)] = 1.0
    return m


# --------------------------------------------------------------------------- context
@dataclass(frozen=True)
class Heading:
    """A heading a sentence sits under: its marker level (1: （一）, 2: 1., 3: （1）, 4: 一是, the
    ``levels`` of ``[headings]`` in ``models/themes.toml``), its title and the title's tokens."""

    level: int
    title: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What a sentence's theme may depend on beyond its own text: its top-level section id, the
    level-1 heading it sits under (（一）主动公开方面) and the nearest heading below that level
    (1.抓组织领导。, 一是压实工作责任。), if any. A heading sentence's own context is its parents'."""

    section: str | None = None
    heading: Heading | None = None
    subheading: Heading | None = None


@dataclass(frozen=True)
class _HeadingPatterns:
    levels: tuple[re.Pattern, ...]
    part: re.Pattern
    stop: re.Pattern
    max_title: int
    opens: re.Pattern  # does a text begin with any marker (most sentences do not)


@cache
def _heading_patterns() -> _HeadingPatterns:
    cfg = load("themes")["headings"]
    opens = re.compile(r"\s*(?:" + "|".join([cfg["part"], *cfg["levels"]]) + ")")
    return _HeadingPatterns(tuple(re.compile(p) for p in cfg["levels"]), re.compile(cfg["part"]),
                            re.compile(cfg["title_stop"]), int(cfg["max_title"]), opens)


_LEADING_SPACE = re.compile(r"\s*")


def _heads(text: str, leads_only: bool) -> list[tuple[int, int, int, bool]]:
    """The chain of headings a sentence begins with: (level, title start, title end, is a
    heading) each. The title runs from the marker to the first stop (or ``max_title``
    characters). Below level 1, with ``leads_only``, a marked sentence is a heading only when its
    title ends at a stop (一是压实工作责任。), not at the length limit (一是受人员编制限制，各单位…):
    a long list item still closes the heading before it but is no heading itself."""
    pat = _heading_patterns()
    out: list[tuple[int, int, int, bool]] = []
    pos = _LEADING_SPACE.match(text).end()
    part = pat.part.match(text, pos)
    if part:  # a top-level part's title: skipped, a heading may follow it
        stop = pat.stop.search(text, part.end(), min(len(text), part.end() + pat.max_title))
        if stop is None:
            return out
        pos = stop.start()
    while pos < len(text):
        level, m = next(((k, m) for k, p in enumerate(pat.levels, 1) if (m := p.match(text, pos))),
                        (0, None))
        if m is None:
            break
        a = m.end()
        limit = min(len(text), a + pat.max_title)
        stop = pat.stop.search(text, a, limit)
        b = stop.start() if stop else limit
        ended = stop is not None or limit == len(text)
        out.append((level, a, b, level == 1 or ended or not leads_only))
        if b <= a and not stop:
            break
        pos = b + 1 if text.startswith(("：", ":"), b) else b  # （二）改进措施：一是…
    return out


def _span_tokens(text: str, tokens: list[str], a: int, b: int) -> tuple[str, ...]:
    """The tokens of ``text[a:b]`` with a word character, from the text's tokens (in order,
    whitespace dropped), without segmenting again."""
    out, pos = [], 0
    for tok in tokens:
        at = text.find(tok, pos)
        if at < 0:
            continue
        if at >= b:
            break
        pos = at + len(tok)
        if at >= a and _HAS_WORD.search(tok):
            out.append(tok)
    return tuple(out)


def sentence_context(texts: list[str], sections: list[str | None],
                     tokens: list[list[str]] | None = None, leads_only: bool = True) -> list[Context]:
    """Each sentence's :class:`Context`, from a report's sentences in text order and their
    top-level section ids (headings do not carry over a section boundary). ``tokens``: each
    text's tokens, when the caller has them (a heading's tokens are then a slice of its
    sentence's; otherwise only the few titles are segmented). One pass; consecutive sentences
    under the same headings share one :class:`Context`."""
    opens = _heading_patterns().opens.match
    found: list[tuple[int, list[tuple[int, int, int, bool]]]] = []
    for i, text in enumerate(texts):
        heads = _heads(text, leads_only) if opens(text) else []
        if heads:
            found.append((i, heads))
    titles: dict[tuple[int, int], tuple[str, ...]] = {}
    if tokens is None:
        spans = [(i, a, b) for i, heads in found for _, a, b, ok in heads if ok]
        from .tokens import tokenize_many

        cut = tokenize_many([texts[i][a:b] for i, a, b in spans])
        titles = {(i, a): tuple(t for t in toks if _HAS_WORD.search(t))
                  for (i, a, _), toks in zip(spans, cut, strict=True)}
    heads_at = dict(found)
    out: list[Context] = []
    stack: list[Heading] = []
    section: object = object()
    current = Context()
    for i, text in enumerate(texts):
        if sections[i] != section:
            section, stack = sections[i], []
            current = Context(sections[i])
        heads = heads_at.get(i)
        if heads:
            first = heads[0][0]
            if stack and stack[-1].level >= first:
                stack = [h for h in stack if h.level < first]
                current = _context_of(sections[i], stack)
        out.append(current)
        if heads:
            for level, a, b, ok in heads:
                stack = [h for h in stack if h.level < level]
                if ok:
                    toks = (titles[(i, a)] if tokens is None
                            else _span_tokens(text, tokens[i], a, b))
                    stack.append(Heading(level, text[a:b], toks))
            current = _context_of(sections[i], stack)
    return out


def _context_of(section: str | None, stack: list[Heading]) -> Context:
    heading = stack[0] if stack and stack[0].level == 1 else None
    sub = stack[-1] if stack and stack[-1].level > 1 else None
    return Context(section, heading, sub)


# --------------------------------------------------------------------------- the model
class ThemeModel:
    """TF-IDF (textmine tokens) + rule features → one-vs-rest logistic regression.

    scikit-learn estimator style: parameters in ``__init__``, learning in ``fit``, learned state
    in attributes ending in ``_``.
    """

    def __init__(self, C: float = 4.0, threshold: float = 0.5, min_df: int = 2,
                 chars: bool = True, char_ngrams: tuple[int, int] = (2, 2), rule_weight: float = 1.0,
                 context: tuple[str, ...] = (), context_weight: float = 1.0,
                 heading_weight: float = 0.0, subheading_weight: float = 0.0):
        self.C = C
        self.threshold = threshold
        self.min_df = min_df
        self.chars = chars
        # character bigrams: nearly all that 2-3-grams add to the held-out F1 (0.766 vs 0.769 on
        # the adjudicated labels, 0.748 without), at half the features to count per sentence
        self.char_ngrams = char_ngrams
        self.rule_weight = rule_weight
        # what of a sentence's :class:`Context` is a feature: "heading" (the level-1 heading's
        # tokens), "subheading" (the nearest lower heading's), "section" (the top-level section
        # id), all in one TF-IDF block; "heading_rules" (the rule layer's verdicts on the level-1
        # heading's title, one 0/1 column per theme). () : the sentence alone.
        self.context = tuple(context)
        self.context_weight = context_weight
        # the headings read as text in the sentence's own feature space: a sentence's features
        # plus ``heading_weight`` times its level-1 heading's title features (tokens, character
        # bigrams, rule verdicts) and ``subheading_weight`` times its subheading's, so that what
        # the model learnt of 公报 in any sentence counts for a sentence under 推进政府公报…发展
        self.heading_weight = heading_weight
        self.subheading_weight = subheading_weight

    def _features(self, texts: list[str], evidence: list[dict[str, list[str]]] | None = None,
                  context: list[Context] | None = None):
        """The stacked feature matrix, through the fitted vectorisers (training; prediction
        from already-segmented tokens goes part by part, see :meth:`_decision`)."""
        from scipy.sparse import csr_matrix, hstack

        parts = [self.vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            parts.append(self.char_vectorizer_.transform(texts))
        parts.append(csr_matrix(rule_matrix(texts, evidence) * self.rule_weight))
        if self._context_vectorizer() is not None:
            parts.append(self.context_vectorizer_.transform(self._context_docs(context, len(texts)))
                         * self.context_weight)
        if "heading_rules" in self._context_parts():
            parts.append(csr_matrix(self._heading_rules(context, len(texts)) * self.context_weight))
        x = hstack(parts).tocsr()
        mix = self._heading_mix(context, len(texts))
        if mix is not None:
            select, headings = mix
            titles = [h.title for h in headings]
            hx = [_as_csr(tfidf_rows([list(h.tokens) for h in headings], self.vectorizer_),
                          len(self.vectorizer_.idf_))]
            if self.char_vectorizer_ is not None:
                hx.append(self.char_vectorizer_.transform(titles))
            hx.append(csr_matrix(rule_matrix(titles) * self.rule_weight))
            hx.append(csr_matrix((len(headings), x.shape[1] - sum(m.shape[1] for m in hx))))
            x = (x + select @ hstack(hx).tocsr()).tocsr()
        return x

    def _heading_weights(self) -> tuple[float, float]:
        return getattr(self, "heading_weight", 0.0), getattr(self, "subheading_weight", 0.0)

    def _heading_mix(self, context: list[Context] | None, n: int):
        """(A sparse n × k matrix of weights, the k distinct headings): row i weighs the headings
        sentence i sits under by ``heading_weight`` / ``subheading_weight``; None when there is
        nothing to mix in."""
        w1, w2 = self._heading_weights()
        if context is None or not (w1 or w2):
            return None
        from scipy.sparse import csr_matrix

        index: dict[int, int] = {}
        headings: list[Heading] = []
        rows, cols, vals = [], [], []
        for i, c in enumerate(context):
            for h, w in ((c.heading, w1), (c.subheading, w2)):
                if h is not None and w:
                    k = index.setdefault(id(h), len(headings))
                    if k == len(headings):
                        headings.append(h)
                    rows.append(i)
                    cols.append(k)
                    vals.append(w)
        if not headings:
            return None
        return csr_matrix((vals, (rows, cols)), shape=(n, len(headings))), headings

    def uses_context(self) -> bool:
        """Does the model read a sentence's :class:`Context` (else it is ignored)?"""
        return bool(self._context_parts()) or any(self._heading_weights())

    def _context_parts(self) -> tuple[str, ...]:
        return getattr(self, "context", ())  # a model saved before context features: none

    def _context_vectorizer(self):
        return getattr(self, "context_vectorizer_", None)

    def _context_docs(self, context: list[Context] | None, n: int) -> list[list[str]]:
        """Each sentence's context features as tokens (H:… heading, S:… subheading, §section);
        no context: none."""
        if context is None:
            return [[] for _ in range(n)]
        parts = self._context_parts()
        heading, sub, section = "heading" in parts, "subheading" in parts, "section" in parts
        memo: dict[int, list[str]] = {}  # consecutive sentences share one Context
        out = []
        for c in context:
            doc = memo.get(id(c))
            if doc is None:
                doc = []
                if heading and c.heading is not None:
                    doc += ["H:" + t for t in c.heading.tokens]
                if sub and c.subheading is not None:
                    doc += ["S:" + t for t in c.subheading.tokens]
                if section and c.section:
                    doc.append("§" + c.section)
                memo[id(c)] = doc
            out.append(doc)
        return out

    def _heading_rules(self, context: list[Context] | None, n: int) -> np.ndarray:
        """One 0/1 column per theme: did the rule layer fire on the level-1 heading's title."""
        ids = theme_ids()
        m = np.zeros((n, len(ids)), dtype=np.float32)
        if context is None:
            return m
        titles = list(dict.fromkeys(c.heading.title for c in context if c.heading is not None))
        verdicts = dict(zip(titles, rule_evidence_many(titles), strict=True))
        for i, c in enumerate(context):
            if c.heading is not None:
                for theme in verdicts[c.heading.title]:
                    m[i, ids.index(theme)] = 1.0
        return m

    def fit(self, texts: list[str], labels: list[list[str]],
            context: list[Context] | None = None) -> ThemeModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        from .tokens import Tokenizer

        self.classes_ = list(theme_ids())
        self.binarizer_ = MultiLabelBinarizer(classes=self.classes_)
        y = self.binarizer_.fit_transform(labels)
        self.vectorizer_ = TfidfVectorizer(tokenizer=Tokenizer(), lowercase=False, token_pattern=None,
                                           min_df=self.min_df, sublinear_tf=True)
        self.vectorizer_.fit(texts)
        # character n-grams catch what segmentation splits or merges (短语, 新词)
        self.char_vectorizer_ = (TfidfVectorizer(analyzer="char", ngram_range=self.char_ngrams,
                                                 min_df=self.min_df, sublinear_tf=True).fit(texts)
                                 if self.chars else None)
        parts = self._context_parts()
        self.context_vectorizer_ = (
            TfidfVectorizer(analyzer=_as_tokens, min_df=self.min_df, sublinear_tf=True)
            .fit(self._context_docs(context, len(texts)))
            if {"heading", "subheading", "section"} & set(parts) else None)
        x = self._features(texts, context=context)
        # themes absent from the training labels keep a constant-0 column; skip them
        self.active_ = [j for j in range(len(self.classes_)) if 0 < y[:, j].sum() < len(y)]
        self.clf_ = OneVsRestClassifier(LogisticRegression(C=self.C, class_weight="balanced",
                                                           max_iter=2000))
        self.clf_.fit(x, y[:, self.active_])
        self.thresholds_ = {self.classes_[j]: self.threshold for j in self.active_}
        # the binary models stacked: one sparse product predicts every theme at once
        self.weights_ = np.column_stack([e.coef_.ravel() for e in self.clf_.estimators_])
        self.bias_ = np.array([e.intercept_[0] for e in self.clf_.estimators_])
        return self

    def predict_proba(self, texts: list[str],
                      evidence: list[dict[str, list[str]]] | None = None,
                      tokens: list[list[str]] | None = None,
                      context: list[Context] | None = None) -> np.ndarray:
        if tokens is None:
            from .tokens import tokenize_many

            tokens = tokenize_many(texts)
        return self._proba(self._decision(texts, evidence, tokens, context)[0])

    def compact(self) -> ThemeModel:
        """The model as it is saved: what prediction needs, without the scikit-learn objects
        (the vectorisers become :class:`~textmine.resources.FittedVocabulary`, the fitted
        classifiers are already stacked in ``weights_``), so that loading it imports neither
        scikit-learn nor SciPy. Predictions are the same; only :meth:`fit` needs the originals."""
        out = ThemeModel(self.C, self.threshold, self.min_df, self.chars, self.char_ngrams,
                         self.rule_weight, self._context_parts(), getattr(self, "context_weight", 1.0),
                         *self._heading_weights())
        out.classes_, out.active_ = list(self.classes_), list(self.active_)
        out.thresholds_ = dict(self.thresholds_)
        out.weights_, out.bias_ = self.weights_, self.bias_
        out.vectorizer_ = FittedVocabulary.of(self.vectorizer_)
        out.char_vectorizer_ = (FittedVocabulary.of(self.char_vectorizer_)
                                if self.char_vectorizer_ is not None else None)
        out.context_vectorizer_ = (FittedVocabulary.of(self._context_vectorizer())
                                   if self._context_vectorizer() is not None else None)
        return out

    def _threshold_row(self) -> np.ndarray:
        """Each class's threshold (infinite for a theme absent from the training labels, which
        therefore never fires), as one row to compare a probability matrix with."""
        row = getattr(self, "_thresholds_row", None)
        if row is None:
            row = self._thresholds_row = np.array([self.thresholds_.get(c, np.inf) for c in self.classes_])
        return row

    def _proba(self, decision: np.ndarray) -> np.ndarray:
        out = np.zeros((decision.shape[0], len(self.classes_)), dtype=np.float64)
        out[:, self.active_] = 1.0 / (1.0 + np.exp(-(decision + self.bias_)))
        return out

    def _decision(self, texts: list[str], evidence: list[dict[str, list[str]]] | None,
                  tokens: list[list[str]], context: list[Context] | None = None,
                  ) -> tuple[np.ndarray, SparseRows]:
        """The linear model part by part (no stacked feature matrix to build); also returns the
        token TF-IDF rows, whose columns say which vocabulary tokens each sentence holds.
        ``context``: each sentence's :class:`Context` (None: none, as for a sentence under no
        heading)."""
        decision, token_rows = self._text_decision(texts, evidence, tokens)
        offset = len(self.vectorizer_.idf_) + len(self.classes_)
        if self.char_vectorizer_ is not None:
            offset += len(self.char_vectorizer_.idf_)
        if context is None:
            return decision, token_rows
        w1, w2 = self._heading_weights()
        if w1 or w2:
            self._add_headings(decision, context, w1, w2)
        if offset == len(self.weights_):
            return decision, token_rows
        vectorizer = self._context_vectorizer()
        n_rules = len(self.classes_)
        if vectorizer is not None:
            n_ctx = len(vectorizer.idf_)
            rows = tfidf_rows(self._context_docs(context, len(texts)), vectorizer)
            decision += rows.dot(self.weights_[offset:offset + n_ctx]) * self.context_weight
            offset += n_ctx
        if "heading_rules" in self._context_parts():
            decision += (self._heading_rules(context, len(texts)) * self.context_weight
                         ) @ self.weights_[offset:offset + n_rules]
        return decision, token_rows

    def _add_headings(self, decision: np.ndarray, context: list[Context], w1: float, w2: float) -> None:
        """Adds to each sentence's decision its headings' (without the bias), weighted: the
        linear form of mixing the headings' features into the sentence's (see :meth:`_features`).
        Each distinct heading is scored once."""
        index: dict[int, int] = {}
        headings: list[Heading] = []
        for c in context:
            for h in (c.heading, c.subheading):
                if h is not None and id(h) not in index:
                    index[id(h)] = len(headings)
                    headings.append(h)
        if not headings:
            return
        scored, _ = self._text_decision([h.title for h in headings], None, [list(h.tokens) for h in headings])
        for i, c in enumerate(context):
            if c.heading is not None and w1:
                decision[i] += w1 * scored[index[id(c.heading)]]
            if c.subheading is not None and w2:
                decision[i] += w2 * scored[index[id(c.subheading)]]

    def _text_decision(self, texts: list[str], evidence: list[dict[str, list[str]]] | None,
                       tokens: list[list[str]]) -> tuple[np.ndarray, SparseRows]:
        """The decision (without bias) of the texts' own features: tokens, characters, rules."""
        n_tok = len(self.vectorizer_.idf_)
        token_rows = tfidf_rows(tokens, self.vectorizer_)
        decision = token_rows.dot(self.weights_[:n_tok])
        offset = n_tok
        if self.char_vectorizer_ is not None:
            n_char = len(self.char_vectorizer_.idf_)
            decision += self._char_rows(texts).dot(self.weights_[offset:offset + n_char])
            offset += n_char
        n_rules = len(self.classes_)
        decision += (rule_matrix(texts, evidence) * self.rule_weight) @ self.weights_[offset:offset + n_rules]
        return decision, token_rows

    def top_columns(self, columns: list[int], theme: str, k: int = 3) -> list[str]:
        """The tokens (vocabulary ``columns`` of one sentence) that weigh most for ``theme``:
        the evidence of a tag the rule layer did not make."""
        weights = self._evidence_weights()[theme]
        scored = [(-weights[c], c) for c in columns if c in weights]
        terms = self._vocabulary_terms()
        return [terms[c] for _, c in heapq.nsmallest(k, scored)]

    def _evidence_weights(self) -> dict[str, dict[int, float]]:
        """Theme → {vocabulary id: weight} of the tokens that may be shown as its evidence
        (positive weight, two characters or more, a word character). Computed once per model:
        a tag's evidence is then a few dictionary lookups."""
        table = getattr(self, "_evidence_table", None)
        if table is None:
            ok = self._evidence_terms()
            n_tok = len(ok)
            table = {}
            for j, cls in enumerate(self.active_):
                coef = self.weights_[:n_tok, j]
                keep = np.flatnonzero(ok & (coef > 0))
                table[self.classes_[cls]] = dict(zip(keep.tolist(), coef[keep].tolist(), strict=True))
            self._evidence_table = table
        return table

    def _vocabulary_terms(self) -> list[str]:
        terms = getattr(self, "_terms", None)
        if terms is None:
            terms = [""] * len(self.vectorizer_.vocabulary_)
            for t, i in self.vectorizer_.vocabulary_.items():
                terms[i] = t
            self._terms = terms
        return terms

    def predict(self, texts: list[str], context: list[Context] | None = None) -> list[list[str]]:
        proba = self.predict_proba(texts, context=context)
        return [[c for j, c in enumerate(self.classes_)
                 if c in self.thresholds_ and proba[i, j] >= self.thresholds_[c]]
                for i in range(len(texts))]

    def _char_rows(self, texts: list[str]):
        low, high = self.char_vectorizer_.ngram_range
        if (low, high) == (2, 2):
            table = getattr(self, "_bigram_table", None)
            if table is None:
                table = self._bigram_table = _BigramTable.of(self.char_vectorizer_)
            return char_bigram_rows(texts, self.char_vectorizer_, table)
        return tfidf_rows([_char_ngrams(t, low, high) for t in texts], self.char_vectorizer_)

    def _evidence_terms(self) -> np.ndarray:
        """Per vocabulary id: may the token be shown as evidence (two characters or more, with a
        word character)? Computed once per model."""
        ok = getattr(self, "_evidence_ok", None)
        if ok is None:
            ok = np.zeros(len(self.vectorizer_.vocabulary_), dtype=bool)
            for t, i in self.vectorizer_.vocabulary_.items():
                ok[i] = len(t) >= 2 and bool(_HAS_WORD.search(t))
            self._evidence_ok = ok
        return ok


def _as_csr(rows: SparseRows, width: int):
    """The rows as a SciPy CSR matrix ``width`` columns wide (training)."""
    from scipy.sparse import csr_matrix

    return csr_matrix((rows.values, rows.columns, rows.indptr), shape=(len(rows.indptr) - 1, width))


def _as_tokens(doc: list[str]) -> list[str]:
    """The analyzer of the context block: its documents are already token lists."""
    return doc


_SPACES = re.compile(r"\s\s+")


def _char_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams exactly as scikit-learn's ``analyzer="char"`` makes them (lower-cased,
    whitespace runs folded), for :func:`tfidf_rows`."""
    text = _SPACES.sub(" ", text.lower())
    if low == high == 2:  # the common case, without the slicing loop
        return list(map(str.__add__, text, text[1:]))
    return [text[i:i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


def tfidf_rows(docs: list[list[str]], vectorizer) -> SparseRows:
    """TF-IDF rows of already-analysed documents under a fitted ``TfidfVectorizer`` (its
    vocabulary, IDF, ``sublinear_tf`` and l2 norm): what ``vectorizer.transform`` gives, without
    running its analyzer again, and in a few numpy operations (a report's sentences are many
    small rows: per-row or per-scipy-call overheads would dominate)."""
    flat = list(chain.from_iterable(docs))
    cols = np.fromiter(map(vectorizer.vocabulary_.get, flat, repeat(-1, len(flat))), dtype=np.int64,
                       count=len(flat))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
    return SparseRows.of(cols, rows, len(docs), vectorizer)


@dataclass(frozen=True)
class SparseRows:
    """TF-IDF rows as the flat arrays a CSR matrix holds (``indptr``, ``columns``, ``values``),
    multiplied by a dense weight matrix in numpy: for a report's few dozen short sentences,
    building and multiplying a scipy matrix costs more in call overhead than the arithmetic."""

    indptr: np.ndarray  # row i's entries are [indptr[i], indptr[i + 1])
    columns: np.ndarray
    values: np.ndarray

    @staticmethod
    def of(cols: np.ndarray, rows: np.ndarray, n_docs: int, vectorizer) -> SparseRows:
        """Rows from the (row, column) of every feature occurrence (column -1: not in the
        vocabulary): counts, ``sublinear_tf``, IDF and l2 norm as the vectoriser does."""
        idf = vectorizer.idf_
        width = len(idf)
        keep = cols >= 0
        keys, counts = np.unique(rows[keep] * width + cols[keep], return_counts=True)
        row_of, col_of = keys // width, keys % width
        values = counts.astype(np.float64)
        if vectorizer.sublinear_tf:
            values = np.log(values) + 1.0
        values *= idf[col_of]
        if vectorizer.norm == "l2":
            norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=n_docs))
            values /= norms[row_of]
        return SparseRows(np.searchsorted(row_of, np.arange(n_docs + 1)), col_of, values)

    def row(self, i: int) -> np.ndarray:
        return self.columns[self.indptr[i]:self.indptr[i + 1]]

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``rows @ weights`` (one output row per input row, empty rows give zeros)."""
        n = len(self.indptr) - 1
        out = np.zeros((n, weights.shape[1]), dtype=np.float64)
        if not len(self.values):
            return out
        starts = self.indptr[:-1]
        filled = np.flatnonzero(self.indptr[1:] > starts)
        out[filled] = np.add.reduceat(weights[self.columns] * self.values[:, None], starts[filled])
        return out


@dataclass(frozen=True)
class _BigramTable:
    """The character-bigram vocabulary as a dense table: each character of the vocabulary's
    bigrams gets a small id (``char_ids``, indexed by code point), and ``columns[a * width + b]``
    is the column of the bigram of ids a, b (-1: not in the vocabulary). A text's bigrams are
    then two array look-ups each, without a Python step per character."""

    char_ids: np.ndarray  # code point → char id; -1 for characters in no vocabulary bigram
    width: int
    columns: np.ndarray

    @staticmethod
    def of(vectorizer) -> _BigramTable:
        grams = [(g, j) for g, j in vectorizer.vocabulary_.items() if len(g) == 2]
        chars = sorted({c for g, _ in grams for c in g})
        size = max([0xFFFF, *map(ord, chars)]) + 2  # the last slot: any code point above
        char_ids = np.full(size, -1, dtype=np.int32)
        char_ids[[ord(c) for c in chars]] = np.arange(len(chars), dtype=np.int32)
        width = len(chars)
        dtype = np.int16 if len(vectorizer.vocabulary_) < 2**15 else np.int32
        columns = np.full(max(width * width, 1), -1, dtype=dtype)
        for g, j in grams:
            columns[char_ids[ord(g[0])] * width + char_ids[ord(g[1])]] = j
        return _BigramTable(char_ids, width, columns)

    def columns_of(self, text: str) -> np.ndarray:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        ids = self.char_ids[np.minimum(codes, len(self.char_ids) - 1)].astype(np.int64)
        first, second = ids[:-1], ids[1:]
        known = (first >= 0) & (second >= 0)
        return np.where(known, self.columns[np.where(known, first * self.width + second, 0)], -1)


def char_bigram_rows(texts: list[str], vectorizer, table: _BigramTable | None = None) -> SparseRows:
    """:func:`tfidf_rows` of the texts' character bigrams (``analyzer="char"``, ``(2, 2)``):
    the texts joined by a separator no vocabulary bigram holds, looked up in one numpy pass."""
    table = table if table is not None else _BigramTable.of(vectorizer)
    normal = [_SPACES.sub(" ", t.lower()) for t in texts]
    joined = "\x00".join(normal)
    if len(joined) < 2 or not table.width:
        return SparseRows.of(np.zeros(0, np.int64), np.zeros(0, np.int64), len(texts), vectorizer)
    cols = table.columns_of(joined).astype(np.int64)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) + 1 for t in normal])[:len(cols)]
    return SparseRows.of(cols, rows, len(texts), vectorizer)


def model_path() -> Path:
    return models_dir() / MODEL_FILE


@cache
def load_model() -> ThemeModel | None:
    """The trained model, or None when ``models/themes_model.joblib`` has not been built."""
    path = model_path()
    if not path.is_file():
        return None
    import warnings

    import joblib

    try:
        model = joblib.load(path)
        if not isinstance(model.vectorizer_, FittedVocabulary):  # saved whole by an older textmine
            model = model.compact()
    except Exception as exc:  # an unreadable model must not stop an analysis: rules still tag
        warnings.warn(f"{path}: theme model not loaded ({type(exc).__name__}: {exc}); "
                      f"rebuild it with `python models/train_themes.py`; using the rule layer",
                      stacklevel=2)
        return None
    return model


# --------------------------------------------------------------------------- tagging
def tag_texts(texts: list[str], model: ThemeModel | None = None,
              tokens: list[list[str]] | None = None,
              sections: list[str | None] | None = None) -> list[ThemeTags]:
    """Themes of each sentence text. ``tokens``: each text's tokens (``textmine.tokenize``),
    when the caller has them, so that nothing is segmented twice. ``sections``: when the texts
    are a report's sentences in text order, each one's top-level section id: the model then also
    sees the headings each sentence sits under (:func:`sentence_context`); without them each
    text is tagged alone. Without a trained model the rule layer alone decides."""
    model = model if model is not None else load_model()
    out: list[ThemeTags] = []
    boiler = boilerplate_flags(texts)
    all_evidence = [{} if b else e for e, b in zip(rule_evidence_many(texts), boiler, strict=True)]
    if model is not None and texts and tokens is None:
        from .tokens import tokenize_many

        tokens = tokenize_many(texts)
    fired: dict[int, list[tuple[str, float]]] = {}  # sentence → (theme, probability) over threshold
    if model is not None and texts:
        context = (sentence_context(texts, sections, tokens)
                   if sections is not None and model.uses_context() else None)
        decision, token_rows = model._decision(texts, all_evidence, tokens, context)
        proba = model._proba(decision)
        rows, cols = np.nonzero(proba >= model._threshold_row())
        for i, j, p in zip(rows.tolist(), cols.tolist(), proba[rows, cols].tolist(), strict=True):
            fired.setdefault(i, []).append((model.classes_[j], p))
    for i in range(len(texts)):
        tags = ThemeTags()
        if boiler[i]:
            out.append(tags)
            continue
        evidence = all_evidence[i]
        if model is None:
            for theme, cues in evidence.items():
                tags.themes.append(theme)
                tags.evidence[theme] = list(cues)
                tags.confidence[theme] = 0.6
        else:
            for theme, p in fired.get(i, ()):
                tags.themes.append(theme)
                cues = evidence.get(theme)
                tags.evidence[theme] = list(cues) if cues else [
                    f"model:{t}" for t in model.top_columns(token_rows.row(i).tolist(), theme)]
                tags.confidence[theme] = round(p, 3)
        out.append(tags)
    return out
