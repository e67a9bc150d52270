"""Which theme model does best? Nested leave-one-report-out (LORO) cross-validation on the
TRAINING reports only: the held-out reports of models/labels/SPLIT.toml are never opened (their
label files are skipped by name before anything is read).

    python models/cv_models.py --list                   # the variants' names
    python models/cv_models.py                          # every variant (~40 min on one core)
    python models/cv_models.py --only baseline "C=2"    # some variants (~1 min each, more for
                                                        # chains / SVC / char 1-3)
    python models/cv_models.py --check                  # the harness's baseline model against
                                                        # textmine.themes.ThemeModel (same probabilities)

What it computes, per *model variant* (features, classifier, regularisation, sample weights):

- for each training report h (outer fold), the probabilities of h's sentences by a model fitted on
  the other nine, and the probabilities of those nine by leave-one-report-out among them (inner
  folds: 10 × 9 + 10 = 100 fits a variant);
- then, per *decision rule* (how probabilities, thresholds and the rule layer make the tags), the
  nested score: the rule's parameters (thresholds…) are tuned on the inner out-of-report
  probabilities of the nine fitting reports and applied to h — what models/train_themes.py does
  for a held-out report. Micro- and macro-F1 over all ten reports' predictions; boilerplate
  sentences carry no theme, as in ``tag_texts``.

Also printed: LORO micro-F1 at threshold 0.5 and with per-theme thresholds tuned on the same
out-of-report probabilities (optimistic), as in CV_THEMES.md. Decision rules reuse the fits, so
they cost nothing; every model variant is scored with the shipped rule ("per-theme") and the
rules named in ``--rules`` (default: all) for the baseline.

"baseline" is the model shipped until 2026-11-26 (C=4: nested micro-F1 0.729, as in CV_THEMES.md);
"C=1000" is the one shipped since. Uses one core (BLAS limited to one thread, no worker pools).
Figures and the choice: models/labels/CV_THEMES.md.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: no BLAS thread pools

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))  # train_themes: the labels loader

from textmine.themes import ThemeModel, is_boilerplate, rule_evidence, theme_ids  # noqa: E402
from textmine.tokens import Tokenizer  # noqa: E402

LABELS = ROOT / "models" / "labels"
GRID = np.arange(0.15, 0.86, 0.05)


# --------------------------------------------------------------------------- data
@dataclass
class Data:
    reports: list[str]
    texts: list[str]
    gold: list[list[str]]
    y: np.ndarray  # sentences × themes, 0/1
    report: np.ndarray  # report index of each sentence
    tokens: list[list[str]]
    boiler: np.ndarray  # bool
    strong: np.ndarray  # sentences × themes: a strong cue of the theme fired
    weak: np.ndarray  # … two weak cues (and no strong one)
    rules: np.ndarray  # the rule layer's verdict (strong or two weak), 0 for boilerplate
    ids: tuple[str, ...] = field(default_factory=tuple)


def load_training() -> Data:
    from train_themes import load_labels  # models/ is on sys.path (below)

    by_report = load_labels(skip_held_out=True)
    ids = theme_ids()
    reports = list(by_report)
    rows = [r for k in reports for r in by_report[k]]
    texts = [r["text"] for r in rows]
    tok = Tokenizer()
    boiler = np.array([is_boilerplate(t) for t in texts])
    from textmine.themes import _scanner

    sc = _scanner()
    strong = np.zeros((len(texts), len(ids)), np.float32)
    weak = np.zeros_like(strong)
    rules = np.zeros_like(strong)
    for i, t in enumerate(texts):
        if boiler[i]:
            continue
        found = sc.find(t)
        nweak = np.zeros(len(ids))
        for c in found:
            for theme, is_strong, _ in sc.uses[c]:
                j = ids.index(theme)
                if is_strong:
                    strong[i, j] = 1
                else:
                    nweak[j] += 1
        for theme in rule_evidence(t):
            rules[i, ids.index(theme)] = 1
        weak[i] = (nweak >= 2) & (strong[i] == 0)
    y = np.array([[t in r["themes"] for t in ids] for r in rows], dtype=int)
    return Data(reports, texts, [r["themes"] for r in rows], y,
                np.array([reports.index(r["source"]) for r in rows]), [tok(t) for t in texts],
                boiler, strong, weak, rules, ids)


# --------------------------------------------------------------------------- model variants
def _identity(x):
    return x


# list markers (一是, （二）, 3.): where a sentence sits in a list, not what it is about
import re as _re  # noqa: E402

_MARKER = _re.compile(r"[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                      r"|(?<![\d.])\d{1,2}[.、．](?!\d)|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,3}、")
_MARKER_TOKEN = _re.compile(r"^(?:[一二三四五六七八九十]+是|[（(）)]|[一二三四五六七八九十\d]{1,3}|[.、．])$")


def _word_docs(d: Data, idx, word_ngrams: int, strip: bool = False):
    docs = [d.tokens[i] for i in idx]
    if strip:
        docs = [[t for t in doc if not _MARKER_TOKEN.match(t)] for doc in docs]
    if word_ngrams == 1:
        return docs
    return [t + [a + " " + b for a, b in pairwise(t)] for t in docs]


class Variant:
    """Features + classifier, fitted on sentence indices, giving probabilities per theme."""

    def __init__(self, C=4.0, min_df=2, words=True, word_ngrams=1, chars=(2, 2), rule_weight=1.0,
                 rule_feats="verdict", clf="lr", class_weight="balanced", sample_weight=None,
                 chain=0, char_weight=1.0, strip_markers=False):
        self.p = dict(C=C, min_df=min_df, words=words, word_ngrams=word_ngrams, chars=chars,
                      rule_weight=rule_weight, rule_feats=rule_feats, clf=clf,
                      class_weight=class_weight, sample_weight=sample_weight, chain=chain,
                      char_weight=char_weight, strip_markers=strip_markers)

    # features
    def _rule_block(self, d: Data, idx):
        p = self.p
        if p["rule_feats"] == "verdict":
            m = d.rules[idx]
        elif p["rule_feats"] == "strong+weak":
            m = np.hstack([d.strong[idx], d.weak[idx]])
        elif p["rule_feats"] == "none":
            m = np.zeros((len(idx), 0), np.float32)
        else:
            raise ValueError(p["rule_feats"])
        return m * p["rule_weight"]

    def features(self, d: Data, idx, fit: bool):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        p = self.p
        parts = []
        if p["words"]:
            docs = _word_docs(d, idx, p["word_ngrams"], p["strip_markers"])
            if fit:
                self.wv = TfidfVectorizer(analyzer=_identity, min_df=p["min_df"], sublinear_tf=True).fit(docs)
            parts.append(self.wv.transform(docs))
        if p["chars"]:
            texts = [d.texts[i] for i in idx]
            if p["strip_markers"]:
                texts = [_MARKER.sub(" ", t) for t in texts]
            if fit:
                self.cv = TfidfVectorizer(analyzer="char", ngram_range=p["chars"], min_df=p["min_df"],
                                          sublinear_tf=True).fit(texts)
            parts.append(self.cv.transform(texts) * p["char_weight"])
        parts.append(csr_matrix(self._rule_block(d, idx)))
        return hstack(parts).tocsr()

    def _estimator(self):
        from sklearn.linear_model import LogisticRegression, RidgeClassifier
        from sklearn.svm import LinearSVC

        p = self.p
        if p["clf"] == "lr":
            return LogisticRegression(C=p["C"], class_weight=p["class_weight"], max_iter=2000)
        if p["clf"] == "svc":
            return LinearSVC(C=p["C"], class_weight=p["class_weight"], max_iter=20000)
        if p["clf"] == "ridge":
            return RidgeClassifier(alpha=1.0 / p["C"], class_weight=p["class_weight"])
        if p["clf"] == "cnb":
            from sklearn.naive_bayes import ComplementNB

            return ComplementNB(alpha=1.0 / p["C"])
        raise ValueError(p["clf"])

    def _weights(self, d: Data, idx):
        sw = self.p["sample_weight"]
        if sw is None:
            return None
        if sw == "report":  # every report weighs the same in total
            rep = d.report[idx]
            counts = np.bincount(rep, minlength=len(d.reports))
            w = (len(idx) / (counts[rep] * len(set(rep.tolist()))))
            return w
        if sw == "sqrt-report":
            rep = d.report[idx]
            counts = np.bincount(rep, minlength=len(d.reports))
            w = 1.0 / np.sqrt(counts[rep])
            return w * len(idx) / w.sum()
        raise ValueError(sw)

    def fit(self, d: Data, idx):
        idx = np.asarray(idx)
        x = self.features(d, idx, fit=True)
        y = d.y[idx]
        self.active = [j for j in range(y.shape[1]) if 0 < y[:, j].sum() < len(y)]
        sw = self._weights(d, idx)
        if self.p["chain"]:
            self._fit_chain(x, y, sw)
            return self
        self.models = []
        for j in self.active:
            est = self._estimator()
            est.fit(x, y[:, j], **({"sample_weight": sw} if sw is not None else {}))
            self.models.append(est)
        if self.p["clf"] in ("svc", "ridge"):
            # Platt scaling of the decision values, fitted on inner LORO decisions of the fitting
            # reports (cv by report), so that thresholds live on a probability scale
            self._platt(d, idx, x, y, sw)
        return self

    def _platt(self, d, idx, x, y, sw):
        from sklearn.linear_model import LogisticRegression

        rep = d.report[idx]
        groups = sorted(set(rep.tolist()))
        dec = np.zeros((len(idx), len(self.active)))
        folds = np.array_split(np.array(groups), 3)  # 3 folds of whole reports
        for fold in folds:
            te = np.isin(rep, fold)
            for k, j in enumerate(self.active):
                if y[~te, j].sum() == 0:
                    dec[te, k] = -1.0
                    continue
                est = self._estimator()
                est.fit(x[~te], y[~te, j], **({"sample_weight": sw[~te]} if sw is not None else {}))
                dec[te, k] = est.decision_function(x[te])
        self.platt = []
        for k, j in enumerate(self.active):
            lr = LogisticRegression(C=100.0).fit(dec[:, [k]], y[:, j])
            self.platt.append((lr.coef_[0, 0], lr.intercept_[0]))

    def _fit_chain(self, x, y, sw):
        from sklearn.multioutput import ClassifierChain

        yy = y[:, self.active]
        rng = np.random.RandomState(0)
        self.chains = []
        for _ in range(self.p["chain"]):
            order = rng.permutation(len(self.active))
            ch = ClassifierChain(self._estimator(), order=order)
            ch.fit(x, yy, **({"sample_weight": sw} if sw is not None else {}))
            self.chains.append(ch)

    def proba(self, d: Data, idx) -> np.ndarray:
        idx = np.asarray(idx)
        x = self.features(d, idx, fit=False)
        out = np.zeros((len(idx), len(d.ids)))
        if self.p["chain"]:
            out[:, self.active] = np.mean([ch.predict_proba(x) for ch in self.chains], axis=0)
            return out
        for k, (j, est) in enumerate(zip(self.active, self.models, strict=True)):
            if self.p["clf"] in ("svc", "ridge"):
                a, b = self.platt[k]
                out[:, j] = 1 / (1 + np.exp(-(a * est.decision_function(x) + b)))
            else:
                out[:, j] = est.predict_proba(x)[:, 1]
        return out


class Shipped:
    """textmine.themes.ThemeModel itself (for --check)."""

    def __init__(self, **kw):
        self.kw = kw

    def fit(self, d, idx):
        self.m = ThemeModel(**self.kw).fit([d.texts[i] for i in idx], [d.gold[i] for i in idx])
        return self

    def proba(self, d, idx):
        return self.m.predict_proba([d.texts[i] for i in idx])


# --------------------------------------------------------------------------- decision rules
def _f1(pred, gold):
    tp = (pred & gold).sum()
    s = pred.sum() + gold.sum()
    return 2 * tp / s if s else 0.0


def tune_per_theme(proba, y, grid=GRID, min_support=3):
    """train_themes.tune_thresholds on given out-of-report probabilities."""
    th = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        gold = y[:, j].astype(bool)
        if gold.sum() < min_support:
            continue
        best, best_f1 = 0.5, -1.0
        for t in grid:
            f = _f1(proba[:, j] >= t, gold)
            if f > best_f1 + 1e-9:
                best, best_f1 = float(t), f
        th[j] = round(best, 2)
    return th


def tune_global(proba, y, grid=GRID):
    gold = y.astype(bool)
    best, best_f1 = 0.5, -1.0
    for t in grid:
        f = _f1(proba >= t, gold)
        if f > best_f1 + 1e-9:
            best, best_f1 = float(t), f
    return np.full(y.shape[1], round(best, 2))


class Rule:
    """A decision rule: ``tune(inner proba, inner y, inner rules)`` → state;
    ``apply(state, proba, rules)`` → 0/1 predictions."""

    def tune(self, p, y, r):
        raise NotImplementedError

    def apply(self, s, p, r):
        raise NotImplementedError


class PerTheme(Rule):  # the shipped rule
    def __init__(self, min_support=3):
        self.min_support = min_support

    def tune(self, p, y, r):
        return tune_per_theme(p, y, min_support=self.min_support)

    def apply(self, s, p, r):
        return p >= s


class Fixed(Rule):
    def __init__(self, t=0.5):
        self.t = t

    def tune(self, p, y, r):
        return None

    def apply(self, s, p, r):
        return p >= self.t


class Global(Rule):
    def tune(self, p, y, r):
        return tune_global(p, y)

    def apply(self, s, p, r):
        return p >= s


class Shrunk(Rule):
    """Per-theme threshold pulled towards the global one: w·theme + (1-w)·global."""

    def __init__(self, w=0.5):
        self.w = w

    def tune(self, p, y, r):
        return self.w * tune_per_theme(p, y) + (1 - self.w) * tune_global(p, y)

    def apply(self, s, p, r):
        return p >= s


class Union(Rule):
    """Model tags (per-theme thresholds, tuned for the union) or the rule layer's verdict."""

    def tune(self, p, y, r):
        return tune_per_theme(np.where(r > 0, 1.0, p), y)

    def apply(self, s, p, r):
        return (p >= s) | (r > 0)


class RulePrior(Rule):
    """A threshold lowered by ``delta`` where the rule layer fired for the theme (tuned: a
    global delta on the inner predictions, per-theme thresholds tuned given it)."""

    def __init__(self, deltas=(0.0, 0.05, 0.1, 0.15, 0.2)):
        self.deltas = deltas

    def tune(self, p, y, r):
        best = None
        for dlt in self.deltas:
            shifted = np.clip(p + dlt * (r > 0), 0, 1)
            th = tune_per_theme(shifted, y)
            f = _f1(shifted >= th, y.astype(bool))
            if best is None or f > best[0] + 1e-9:
                best = (f, dlt, th)
        return best[1:]

    def apply(self, s, p, r):
        dlt, th = s
        return np.clip(p + dlt * (r > 0), 0, 1) >= th


class SplitThresholds(Rule):
    """Separate per-theme thresholds for sentences where the rule fired and where it did not
    (each tuned where it has >= 3 positives, else the theme's common threshold)."""

    def tune(self, p, y, r):
        common = tune_per_theme(p, y)
        on, off = common.copy(), common.copy()
        for j in range(y.shape[1]):
            for mask, out in ((r[:, j] > 0, on), (r[:, j] == 0, off)):
                if y[mask, j].sum() >= 3:
                    out[j] = tune_per_theme(p[mask][:, [j]], y[mask][:, [j]])[0]
        return on, off

    def apply(self, s, p, r):
        on, off = s
        return np.where(r > 0, p >= on, p >= off)


class RareFallback(Rule):
    """Per-theme thresholds; for a theme with fewer than ``k`` positives among the fitting
    sentences (the model barely knows it) the rule layer's verdict is added (union)."""

    def __init__(self, k=10):
        self.k = k

    def tune(self, p, y, r):
        return tune_per_theme(p, y), y.sum(axis=0) < self.k

    def apply(self, s, p, r):
        th, rare = s
        return (p >= th) | ((r > 0) & rare)


class PerThemeSource(Rule):
    """Per theme, the better on the inner out-of-report predictions of: the model (per-theme
    threshold), the model or the rule layer (union), the rule layer alone."""

    def tune(self, p, y, r):
        th = tune_per_theme(p, y)
        uth = tune_per_theme(np.where(r > 0, 1.0, p), y)
        choice = np.zeros(y.shape[1], int)
        for j in range(y.shape[1]):
            g = y[:, j].astype(bool)
            fs = [_f1(p[:, j] >= th[j], g), _f1((p[:, j] >= uth[j]) | (r[:, j] > 0), g),
                  _f1(r[:, j] > 0, g)]
            choice[j] = int(np.argmax(fs))
        return th, uth, choice

    def apply(self, s, p, r):
        th, uth, choice = s
        out = np.where(choice == 0, p >= th, (p >= uth) | (r > 0))
        return np.where(choice == 2, r > 0, out)


class RulesOnly(Rule):
    def tune(self, p, y, r):
        return None

    def apply(self, s, p, r):
        return r > 0


RULES: dict[str, Rule] = {
    "per-theme": PerTheme(),
    "fixed 0.5": Fixed(0.5),
    "global": Global(),
    "shrunk 0.5": Shrunk(0.5),
    "per-theme min5": PerTheme(min_support=5),
    "union with rules": Union(),
    "rule prior": RulePrior(),
    "split thresholds": SplitThresholds(),
    "rules alone": RulesOnly(),
    "union where rare (<5)": RareFallback(5),
    "union where rare (<10)": RareFallback(10),
    "union where rare (<20)": RareFallback(20),
    "per-theme source": PerThemeSource(),
}

VARIANTS: dict[str, dict] = {
    "baseline": {},
    # regularisation
    "C=1": {"C": 1.0},
    "C=2": {"C": 2.0},
    "C=8": {"C": 8.0},
    "C=16": {"C": 16.0},
    "C=32": {"C": 32.0},
    "C=64": {"C": 64.0},
    "C=128": {"C": 128.0},
    "C=256": {"C": 256.0},
    "C=500": {"C": 500.0},
    "C=1000": {"C": 1000.0},
    "C=2000": {"C": 2000.0},
    "C=5000": {"C": 5000.0},
    "C=10000": {"C": 10000.0},
    # class weights, sample weights
    "no class_weight": {"class_weight": None},
    "no class_weight C=16": {"class_weight": None, "C": 16.0},
    "report-balanced weights": {"sample_weight": "report"},
    "sqrt-report weights": {"sample_weight": "sqrt-report"},
    # features
    "words only": {"chars": None},
    "chars 2-2 only": {"words": False},
    "chars 1-3 only": {"words": False, "chars": (1, 3)},
    "words + chars 1-2": {"chars": (1, 2)},
    "words + chars 1-3": {"chars": (1, 3)},
    "words + chars 2-3": {"chars": (2, 3)},
    "words 1-2 + chars 2-2": {"word_ngrams": 2},
    "min_df=1": {"min_df": 1},
    "min_df=3": {"min_df": 3},
    "chars x0.5": {"char_weight": 0.5},
    # rule layer as features
    "no rule features": {"rule_feats": "none"},
    "rule weight 0.5": {"rule_weight": 0.5},
    "rule weight 2": {"rule_weight": 2.0},
    "rule weight 3": {"rule_weight": 3.0},
    "rules strong+weak": {"rule_feats": "strong+weak"},
    "rules strong+weak x2": {"rule_feats": "strong+weak", "rule_weight": 2.0},
    # classifiers
    "LinearSVC C=0.1 + Platt": {"clf": "svc", "C": 0.1},
    "LinearSVC C=0.5 + Platt": {"clf": "svc", "C": 0.5},
    "ridge a=1 + Platt": {"clf": "ridge", "C": 1.0},
    "complement NB a=0.1": {"clf": "cnb", "C": 10.0},
    "complement NB a=1": {"clf": "cnb", "C": 1.0},
    # combinations with a weaker penalty
    "C=32 rules strong+weak": {"C": 32.0, "rule_feats": "strong+weak"},
    "C=64 rules strong+weak": {"C": 64.0, "rule_feats": "strong+weak"},
    "C=32 rule weight 0.5": {"C": 32.0, "rule_weight": 0.5},
    "C=32 rule weight 2": {"C": 32.0, "rule_weight": 2.0},
    "C=32 words + chars 2-3": {"C": 32.0, "chars": (2, 3)},
    "C=32 words 1-2 + chars 2-2": {"C": 32.0, "word_ngrams": 2},
    "C=32 no class_weight": {"C": 32.0, "class_weight": None},
    "C=1000 rules strong+weak": {"C": 1000.0, "rule_feats": "strong+weak"},
    "C=1000 words 1-2 + chars 2-2": {"C": 1000.0, "word_ngrams": 2},
    "C=1000 words + chars 2-3": {"C": 1000.0, "chars": (2, 3)},
    "C=1000 rule weight 0.5": {"C": 1000.0, "rule_weight": 0.5},
    "C=1000 rule weight 2": {"C": 1000.0, "rule_weight": 2.0},
    "C=1000 rules strong+weak x0.5": {"C": 1000.0, "rule_feats": "strong+weak", "rule_weight": 0.5},
    "C=256 rules strong+weak": {"C": 256.0, "rule_feats": "strong+weak"},
    "C=1000 no list markers": {"C": 1000.0, "strip_markers": True},
    # label co-occurrence
    "classifier chains x3": {"chain": 3},
}


# --------------------------------------------------------------------------- protocol
def fits(d: Data, make) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Per outer report h: (indices of the nine fitting reports' sentences, their inner LORO
    probabilities), and h's probabilities by the model fitted on the nine."""
    n = len(d.reports)
    inner_idx, inner_p, outer_p = [], [], []
    for h in range(n):
        rest = [k for k in range(n) if k != h]
        idx_rest = np.flatnonzero(d.report != h)
        p = np.zeros((len(idx_rest), len(d.ids)))
        for k in rest:
            fit_idx = np.flatnonzero((d.report != h) & (d.report != k))
            pred_mask = d.report[idx_rest] == k
            p[pred_mask] = make().fit(d, fit_idx).proba(d, idx_rest[pred_mask])
        inner_idx.append(idx_rest)
        inner_p.append(p)
        outer_p.append(make().fit(d, idx_rest).proba(d, np.flatnonzero(d.report == h)))
    return inner_idx, inner_p, outer_p


def micro_macro(pred: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    gold = y.astype(bool)
    micro = _f1(pred, gold)
    f1s = [_f1(pred[:, j], gold[:, j]) for j in range(y.shape[1]) if gold[:, j].sum()]
    return micro, float(np.mean(f1s))


def nested_score(d: Data, inner_idx, inner_p, outer_p, rule: Rule) -> tuple[float, float]:
    preds = np.zeros(d.y.shape, dtype=bool)
    for h in range(len(d.reports)):
        ii = inner_idx[h]
        state = rule.tune(inner_p[h], d.y[ii], d.rules[ii])
        oi = np.flatnonzero(d.report == h)
        preds[oi] = rule.apply(state, outer_p[h], d.rules[oi])
    preds[d.boiler] = False
    return micro_macro(preds, d.y)


def loro_columns(d: Data, outer_p) -> tuple[float, float]:
    proba = np.zeros(d.y.shape)
    for h in range(len(d.reports)):
        proba[d.report == h] = outer_p[h]
    at_half = proba >= 0.5
    at_half[d.boiler] = False
    tuned = proba >= tune_per_theme(proba, d.y)
    tuned[d.boiler] = False
    return micro_macro(at_half, d.y)[0], micro_macro(tuned, d.y)[0]


def check(d: Data) -> None:
    """The harness's model against ThemeModel on one LORO fold, at the old (C=4, "baseline") and
    the shipped (ThemeModel's default) penalty: the same probabilities?"""
    h = 0
    fit_idx, te = np.flatnonzero(d.report != h), np.flatnonzero(d.report == h)
    for c in (4.0, ThemeModel().C):
        a = Variant(C=c).fit(d, fit_idx).proba(d, te)
        b = Shipped(C=c).fit(d, fit_idx).proba(d, te)
        print(f"C={c:g}: max |harness - ThemeModel| on {d.reports[h]}: {np.abs(a - b).max():.2e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="model variants (names as --list prints)")
    ap.add_argument("--rules", nargs="*", help="decision rules for the baseline (default: all)")
    ap.add_argument("--all-rules", action="store_true", help="every decision rule for every variant")
    ap.add_argument("--shipped", action="store_true", help="also ThemeModel itself (slow: segments)")
    ap.add_argument("--cache", help="folder keeping each variant's fold probabilities (a rerun with "
                    "other --rules then fits nothing); delete it when the labels or the code change")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    if a.list:
        print("\n".join(VARIANTS), "\n\nrules:", ", ".join(RULES))
        return
    t0 = time.time()
    d = load_training()
    print(f"{len(d.reports)} training reports, {len(d.texts)} sentences "
          f"(loaded in {time.time() - t0:.0f}s)", file=sys.stderr)
    if a.check:
        check(d)
        return
    print("| variant | decision rule | LORO @0.5 | LORO tuned | nested micro | nested macro | s |")
    print("|---|---|---|---|---|---|---|")
    todo = [(n, (lambda p=p: Variant(**p))) for n, p in VARIANTS.items() if not a.only or n in a.only]
    if a.shipped:
        todo.insert(0, ("ThemeModel (shipped code)", Shipped))
    for name, make in todo:
        t0 = time.time()
        cache = Path(a.cache) / (name.replace("/", "_") + ".pkl") if a.cache else None
        if cache is not None and cache.is_file():
            inner_idx, inner_p, outer_p = pickle.loads(cache.read_bytes())
        else:
            inner_idx, inner_p, outer_p = fits(d, make)
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                cache.write_bytes(pickle.dumps((inner_idx, inner_p, outer_p)))
        half, tuned = loro_columns(d, outer_p)
        rules = list(RULES) if (a.all_rules or name == "baseline") else ["per-theme"]
        if a.rules is not None and (a.all_rules or name == "baseline"):
            rules = ["per-theme", *[r for r in a.rules if r != "per-theme"]]
        secs = time.time() - t0
        for r in rules:
            mi, ma = nested_score(d, inner_idx, inner_p, outer_p, RULES[r])
            print(f"| {name} | {r} | {half:.3f} | {tuned:.3f} | {mi:.3f} | {ma:.3f} | {secs:.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
