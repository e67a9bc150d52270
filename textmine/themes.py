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

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from .resources import load, models_dir

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


def rule_evidence(text: str) -> dict[str, list[str]]:
    """Theme → the cue terms found in ``text`` (strong cues, or two weak ones). A cue inside a
    longer cue found for the same theme is not repeated."""
    r = rules()
    out: dict[str, list[str]] = {}
    for theme in r.ids:
        hits = [c for c in r.strong[theme] if c in text]
        weak = [c for c in r.weak[theme] if c in text]
        if not hits and len(weak) >= 2:
            hits = weak
        if hits:
            hits = [h for h in hits if not any(h != o and h in o for o in hits)]
            out[theme] = hits
    return out


def rule_matrix(texts: list[str], evidence: list[dict[str, list[str]]] | None = None) -> np.ndarray:
    """One 0/1 column per theme: did the rule layer fire (the model's lexicon features)."""
    ids = theme_ids()
    m = np.zeros((len(texts), len(ids)), dtype=np.float32)
    for i, text in enumerate(texts):
        if is_boilerplate(text):
            continue
        for theme in (evidence[i] if evidence is not None else rule_evidence(text)):
            m[i, ids.index(theme)] = 1.0
    return m


# --------------------------------------------------------------------------- the model
class ThemeModel:
    """TF-IDF (textmine tokens) + rule features → one-vs-rest logistic regression.

    scikit-learn estimator style: parameters in ``__init__``, learning in ``fit``, learned state
    in attributes ending in ``_``.
    """

    def __init__(self, C: float = 4.0, threshold: float = 0.5, min_df: int = 2,
                 chars: bool = True, rule_weight: float = 1.0):
        self.C = C
        self.threshold = threshold
        self.min_df = min_df
        self.chars = chars
        self.rule_weight = rule_weight

    def _features(self, texts: list[str], evidence: list[dict[str, list[str]]] | None = None):
        from scipy.sparse import csr_matrix, hstack

        parts = [self.vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            parts.append(self.char_vectorizer_.transform(texts))
        parts.append(csr_matrix(rule_matrix(texts, evidence) * self.rule_weight))
        return hstack(parts).tocsr()

    def fit(self, texts: list[str], labels: list[list[str]]) -> ThemeModel:
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
        # character 2-3-grams catch what segmentation splits or merges (短语, 新词)
        self.char_vectorizer_ = (TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=self.min_df,
                                                 sublinear_tf=True).fit(texts) if self.chars else None)
        x = self._features(texts)
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
                      evidence: list[dict[str, list[str]]] | None = None) -> np.ndarray:
        x = self._features(texts, evidence)
        out = np.zeros((len(texts), len(self.classes_)), dtype=np.float64)
        out[:, self.active_] = 1.0 / (1.0 + np.exp(-(x @ self.weights_ + self.bias_)))
        return out

    def predict(self, texts: list[str]) -> list[list[str]]:
        proba = self.predict_proba(texts)
        return [[c for j, c in enumerate(self.classes_)
                 if c in self.thresholds_ and proba[i, j] >= self.thresholds_[c]]
                for i in range(len(texts))]

    def top_terms(self, text: str, theme: str, k: int = 3) -> list[str]:
        """The sentence's tokens that weigh most for ``theme`` (evidence for model-only tags)."""
        j = self.active_.index(self.classes_.index(theme))
        coef = self.clf_.estimators_[j].coef_.ravel()[: len(self.vectorizer_.vocabulary_)]
        vocab = self.vectorizer_.vocabulary_
        tokens = {t for t in self.vectorizer_.build_analyzer()(text)
                  if t in vocab and len(t) >= 2 and _HAS_WORD.search(t)}
        ranked = sorted(tokens, key=lambda t: coef[vocab[t]], reverse=True)
        return [t for t in ranked[:k] if coef[vocab[t]] > 0]


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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn version notes: the model is plain LR
            model = joblib.load(path)
        model.weights_  # noqa: B018 - a model saved by an older textmine lacks it
    except Exception as exc:  # an unreadable model must not stop an analysis: rules still tag
        warnings.warn(f"{path}: theme model not loaded ({type(exc).__name__}: {exc}); "
                      f"rebuild it with `python models/train_themes.py`; using the rule layer",
                      stacklevel=2)
        return None
    return model


# --------------------------------------------------------------------------- tagging
def tag_texts(texts: list[str], model: ThemeModel | None = None) -> list[ThemeTags]:
    """Themes of each sentence text. Without a trained model the rule layer alone decides."""
    model = model if model is not None else load_model()
    out: list[ThemeTags] = []
    all_evidence = [rule_evidence(t) for t in texts]
    proba = model.predict_proba(texts, all_evidence) if (model is not None and texts) else None
    for i, text in enumerate(texts):
        tags = ThemeTags()
        if is_boilerplate(text):
            out.append(tags)
            continue
        evidence = all_evidence[i]
        if proba is None:
            for theme, cues in evidence.items():
                tags.themes.append(theme)
                tags.evidence[theme] = cues
                tags.confidence[theme] = 0.6
        else:
            for j, theme in enumerate(model.classes_):
                p = float(proba[i, j])
                if theme in model.thresholds_ and p >= model.thresholds_[theme]:
                    tags.themes.append(theme)
                    tags.evidence[theme] = evidence.get(theme) or [
                        f"model:{t}" for t in model.top_terms(text, theme)]
                    tags.confidence[theme] = round(p, 3)
        out.append(tags)
    return out
