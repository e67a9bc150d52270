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
_LINE_START = "(?<![^\\n])"  # how a boilerplate pattern of themes.toml says "at a line's start"
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")


def _has_top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` hold a | outside any group and character class (``a|b``: then only its
    first branch is anchored by a leading lookbehind)?"""
    depth, class_start, escaped = 0, -1, False  # class_start: where the open [ is, -1 outside
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif class_start >= 0:
            # a ] first in the class ([]…], [^]…]) is one of its characters
            if ch == "]" and i > class_start + 1 + (pattern[class_start + 1] == "^"):
                class_start = -1
        elif ch == "[":
            class_start = i
        elif pattern.startswith("(?#", i):  # a comment: its ( and | are no syntax
            return _has_top_level_bar(pattern[:i] + pattern[pattern.index(")", i) + 1:])
        elif ch == "(" and re.match(r"\(\?[aiLmsux]*x", pattern[i:]):
            return True  # verbose mode, where # starts a comment: not parsed, kept with the others
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


@dataclass(frozen=True)
class _Boilerplate:
    """The boilerplate patterns of ``models/themes.toml`` in three scanners, so that a report
    is scanned at C speed: the plain strings (most of them) in one Aho-Corasick automaton, the
    patterns anchored at a line's start in one regex, the others in one regex. One alternation
    of all of them would try every pattern at every character (its lookbehind branches keep
    Python's regex engine from skipping ahead to a first character): twice the time. Each
    regex scanner is an alternation of some of the patterns as written, each inside (?m:…), so
    a line holds a match of one of them exactly when that line alone holds a match of the single
    alternation (no pattern matches across a line break: ``_line_index``)."""

    literals: object  # ahocorasick.Automaton: end offset → length of the string found
    anchored: re.Pattern | None
    other: re.Pattern | None

    @staticmethod
    def of(patterns: list[str]) -> _Boilerplate:
        import ahocorasick

        literals = ahocorasick.Automaton()
        anchored, other = [], []
        for pattern in patterns:
            if re.compile(pattern).search("") is not None:  # a broken pattern is named by the error
                raise ValueError(f"themes.toml: boilerplate pattern {pattern!r} matches an empty "
                                 "text, so it would match every sentence")
            # (?m:…): ^ and $ of a pattern mean a sentence's start and end in the texts joined
            # by newlines as in one text alone (a global flag such as (?i) is an error there)
            if pattern.startswith(_LINE_START) and not _has_top_level_bar(pattern):
                anchored.append("(?m:" + pattern + ")")
            elif _REGEX_SYNTAX.search(pattern):
                other.append("(?m:" + pattern + ")")
            else:
                literals.add_word(pattern, len(pattern))
        literals.make_automaton()
        # (?m:^) in front asks for the line starts the patterns' lookbehind asks for, in a form
        # Python's regex engine checks before trying any pattern: 20x faster
        return _Boilerplate(literals,
                            re.compile("(?m:^)(?:" + "|".join(anchored) + ")") if anchored else None,
                            re.compile("|".join(other)) if other else None)

    def flags(self, texts: list[str]) -> list[bool]:
        """Does each text hold a match, found in one scan of the texts joined by newlines."""
        joined, starts = _line_index(texts)
        flags = [False] * len(texts)
        for start in self.starts(joined):
            flags[bisect_right(starts, start) - 1] = True
        return flags

    def starts(self, text: str):
        """Where a boilerplate pattern matches in ``text`` (some offsets, not necessarily all:
        enough to tell the lines that hold one)."""
        if len(self.literals):
            for end, length in self.literals.iter(text):
                yield end - length + 1
        for pattern in (self.anchored, self.other):
            if pattern is not None:
                for m in pattern.finditer(text):
                    yield m.start()


@dataclass(frozen=True)
class _Rules:
    ids: tuple[str, ...]
    strong: dict[str, tuple[str, ...]]
    weak: dict[str, tuple[str, ...]]
    boilerplate: _Boilerplate
    # theme → cue → the longer strings in which an occurrence of the cue does not count for the
    # theme (信息公开栏目 holds 公开栏 but is no 公开栏)
    exclude: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


@cache
def rules() -> _Rules:
    cfg = load("themes")
    ids = tuple(cfg["themes"])
    strong = {t: tuple(cfg["themes"][t].get("strong", ())) for t in ids}
    weak = {t: tuple(cfg["themes"][t].get("weak", ())) for t in ids}
    exclude: dict[str, dict[str, tuple[str, ...]]] = {}
    for t in ids:
        for cue, longer in cfg["themes"][t].get("exclude", {}).items():
            if cue not in strong[t] and cue not in weak[t]:
                raise ValueError(f"themes.toml: {t}.exclude names {cue!r}, not a cue of {t}")
            for e in longer:
                if cue not in e or cue == e:
                    raise ValueError(f"themes.toml: {t}.exclude: {e!r} is no longer string holding {cue!r}")
            exclude.setdefault(t, {})[cue] = tuple(longer)
    return _Rules(ids, strong, weak, _Boilerplate.of(list(cfg["boilerplate"])), exclude)


def theme_ids() -> tuple[str, ...]:
    """The public theme ids, in the order of ``models/themes.toml``."""
    return rules().ids


def is_boilerplate(text: str) -> bool:
    return next(rules().boilerplate.starts(text), None) is not None


@dataclass(frozen=True)
class _CueScanner:
    """Every cue of the rule layer found in one pass over the text (an Aho-Corasick automaton:
    all occurrences, overlapping ones included, whatever the number of cues).

    The automaton also holds the exclusions (``exclude`` in ``models/themes.toml``): an
    occurrence of an excluded longer string masks the cue occurrences it contains, for the
    themes that exclude them. A masked occurrence becomes a *variant* of its cue, whose uses
    are the cue's less those themes (none left: the occurrence is dropped). Ids: the
    automaton's strings first (the cues, then the exclusions that are no cue, which have no
    uses), then the variants."""

    automaton: object  # ahocorasick.Automaton: end position → id of the string ending there
    cues: tuple[str, ...]  # id → its text (a variant's is its cue's)
    # id → (theme, is strong, rank of the cue in that theme's list)
    uses: tuple[tuple[tuple[str, bool, int], ...], ...]
    n_words: int  # how many strings the automaton holds (ids below it)
    is_exclusion: np.ndarray  # id → is it an excluded longer string
    counts: np.ndarray  # id → has it uses (an exclusion that is no cue has none)
    # word index of an exclusion → (distance from the exclusion's end back to the cue's end,
    # cue id, bit mask of the themes the occurrence no longer counts for)
    masks: dict[int, tuple[tuple[int, int, int], ...]]
    variant: dict[tuple[int, int], int]  # (cue id, theme mask) → variant id, -1: dropped

    def find(self, text: str) -> set[int]:
        """The cue ids found in ``text`` (read their text in ``cues``, their themes in ``uses``)."""
        if not text:
            return set()
        hits = list(self.automaton.iter(text))
        masked = self._masked([(end, w) for end, w in hits if self.is_exclusion[w]])
        out = {self._cue_at(end, w, masked) for end, w in hits} if masked else {w for _, w in hits}
        return {c for c in out if c >= 0 and self.counts[c]}

    def _masked(self, exclusion_hits) -> dict[tuple[int, int], int]:
        """(end position, cue id) → theme mask, of the cue occurrences the exclusions found
        cover (exclusions are rare: a Python step each)."""
        masked: dict[tuple[int, int], int] = {}
        for end, w in exclusion_hits:
            for back, cue, mask in self.masks[w]:
                key = (end - back, cue)
                masked[key] = masked.get(key, 0) | mask
        return masked

    def _cue_at(self, end: int, cue: int, masked: dict[tuple[int, int], int]) -> int:
        mask = masked.get((end, cue))
        return cue if mask is None else self.variant[(cue, mask)]


@cache
def _scanner() -> _CueScanner:
    import ahocorasick

    r = rules()
    cues = sorted({c for t in r.ids for c in (*r.strong[t], *r.weak[t])})
    exclusions = sorted({e for ex in r.exclude.values() for longer in ex.values() for e in longer})
    words = [*cues, *sorted(set(exclusions) - set(cues))]
    index = {w: i for i, w in enumerate(words)}
    automaton = ahocorasick.Automaton()
    for i, w in enumerate(words):
        automaton.add_word(w, i)
    automaton.make_automaton()
    uses: dict[str, list[tuple[str, bool, int]]] = {c: [] for c in cues}
    for theme in r.ids:
        for strong, lst in ((True, r.strong[theme]), (False, r.weak[theme])):
            for rank, c in enumerate(lst):
                uses[c].append((theme, strong, rank))
    bit = {t: 1 << j for j, t in enumerate(r.ids)}
    masks: dict[int, list[tuple[int, int, int]]] = {}
    for theme, ex in r.exclude.items():
        for cue, longer in ex.items():
            for e in longer:
                for o in (i for i in range(len(e) - len(cue) + 1) if e.startswith(cue, i)):
                    masks.setdefault(index[e], []).append((len(e) - o - len(cue), index[cue], bit[theme]))
    # every combination of themes an occurrence may lose (one theme per cue, in practice)
    names, all_uses = list(words), [tuple(uses.get(w, ())) for w in words]
    variant: dict[tuple[int, int], int] = {}
    by_cue: dict[int, set[int]] = {}
    for entries in masks.values():
        for _, cue, mask in entries:
            by_cue.setdefault(cue, set()).add(mask)
    for cue, single in by_cue.items():
        combos = {0}
        for m in single:
            combos |= {c | m for c in combos}
        for mask in sorted(combos - {0}):
            kept = tuple(u for u in all_uses[cue] if not bit[u[0]] & mask)
            if kept:
                variant[(cue, mask)] = len(names)
                names.append(cues[cue])
                all_uses.append(kept)
            else:
                variant[(cue, mask)] = -1
    is_exclusion = np.zeros(len(names), dtype=bool)
    is_exclusion[[index[e] for e in exclusions]] = True
    counts = np.array([bool(u) for u in all_uses], dtype=bool)
    return _CueScanner(automaton, tuple(names), tuple(all_uses), len(words), is_exclusion, counts,
                       {w: tuple(m) for w, m in masks.items()}, variant)


def rule_evidence(text: str) -> dict[str, list[str]]:
    """Theme → the cue terms found in ``text`` (strong cues, or two weak ones), in the order of
    ``models/themes.toml``. A cue inside a longer cue found for the same theme is not repeated;
    a cue inside one of the theme's exclusions (信息公开栏目 for 公开栏) does not count."""
    return {t: list(c) for t, c in _evidence_of(tuple(sorted(_scanner().find(text)))).items()}


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
    return rules().boilerplate.flags(texts)


def rule_evidence_many(texts: list[str]) -> list[dict[str, list[str]]]:
    """:func:`rule_evidence` of each text (shared dicts: treat as read-only). One automaton pass
    over the texts joined by newlines (no cue holds one); the matches are sorted into sentences
    and de-duplicated in numpy, so Python steps once per sentence, not once per match; the
    verdict for a set of cues is memoised, as a report repeats the same few combinations."""
    out: list[dict[str, list[str]]] = [{}] * len(texts)
    if not texts:
        return out
    scanner = _scanner()
    joined, starts = _line_index(texts)
    hits = np.fromiter(chain.from_iterable(scanner.automaton.iter(joined)), dtype=np.int64)
    if not len(hits):
        return out
    ends, words = hits[0::2], hits[1::2]
    if scanner.masks:
        excl = scanner.is_exclusion[words]
        if excl.any():  # rare: only the masked cue occurrences take a Python step
            masked = scanner._masked(zip(ends[excl].tolist(), words[excl].tolist(), strict=True))
            width = scanner.n_words
            keys = np.array([end * width + cue for end, cue in masked], dtype=np.int64)
            words = words.copy()
            for k in np.flatnonzero(np.isin(ends * width + words, keys)).tolist():
                words[k] = scanner._cue_at(int(ends[k]), int(words[k]), masked)
            keep = (words >= 0) & scanner.counts[np.maximum(words, 0)]
            ends, words = ends[keep], words[keep]
            if not len(words):
                return out
    n_cues = len(scanner.cues)
    sentence = np.searchsorted(np.array(starts), ends, side="right") - 1
    keys = np.unique(sentence * n_cues + words)  # (sentence, cue) pairs, sorted
    of_sentence, cue = keys // n_cues, (keys % n_cues).tolist()
    cuts = (np.flatnonzero(np.diff(of_sentence)) + 1).tolist()  # where the next sentence's cues start
    for first, end, i in zip([0, *cuts], [*cuts, len(cue)], of_sentence[[0, *cuts]].tolist(), strict=True):
        out[i] = _evidence_of(tuple(cue[first:end]))
    return out


@lru_cache(maxsize=65536)
def _evidence_of(cue_ids: tuple[int, ...]) -> dict[str, list[str]]:
    """Theme → cues from the ids (in the scanner's ``cues``, sorted) of the cues found in a text
    (shared: treat as read-only)."""
    if not cue_ids:
        return {}
    scanner = _scanner()
    strong: dict[str, set[tuple[int, str]]] = {}
    weak: dict[str, set[tuple[int, str]]] = {}
    for i in cue_ids:
        cue = scanner.cues[i]
        for theme, is_strong, rank in scanner.uses[i]:
            # a set: a cue and a masked variant of it found in one text count once
            (strong if is_strong else weak).setdefault(theme, set()).add((rank, cue))
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


# --------------------------------------------------------------------------- the model
class ThemeModel:
    """TF-IDF (textmine tokens) + rule features → one-vs-rest logistic regression.

    scikit-learn estimator style: parameters in ``__init__``, learning in ``fit``, learned state
    in attributes ending in ``_``.
    """

    def __init__(self, C: float = 1000.0, threshold: float = 0.5, min_df: int = 2,
                 chars: bool = True, char_ngrams: tuple[int, int] = (2, 2), rule_weight: float = 1.0):
        # a weak penalty: nested LORO micro-F1 0.748 against 0.729 at C=4, flat from C=500 to
        # 10000 (models/labels/CV_THEMES.md); its near-0/1 probabilities make the per-theme
        # thresholds tuned on nine reports carry over to a tenth
        self.C = C
        self.threshold = threshold
        self.min_df = min_df
        self.chars = chars
        # character bigrams: nearly all that 2-3-grams add to the held-out F1 (0.766 vs 0.769 on
        # the adjudicated labels, 0.748 without), at half the features to count per sentence
        self.char_ngrams = char_ngrams
        self.rule_weight = rule_weight

    def _features(self, texts: list[str], evidence: list[dict[str, list[str]]] | None = None):
        """The stacked feature matrix, through the fitted vectorisers (training; prediction
        from already-segmented tokens goes part by part, see :meth:`_decision`)."""
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
        # character n-grams catch what segmentation splits or merges (短语, 新词)
        self.char_vectorizer_ = (TfidfVectorizer(analyzer="char", ngram_range=self.char_ngrams,
                                                 min_df=self.min_df, sublinear_tf=True).fit(texts)
                                 if self.chars else None)
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
                      evidence: list[dict[str, list[str]]] | None = None,
                      tokens: list[list[str]] | None = None) -> np.ndarray:
        if tokens is None:
            from .tokens import tokenize_many

            tokens = tokenize_many(texts)
        return self._proba(self._decision(texts, evidence, tokens)[0])

    def compact(self) -> ThemeModel:
        """The model as it is saved: what prediction needs, without the scikit-learn objects
        (the vectorisers become :class:`~textmine.resources.FittedVocabulary`, the fitted
        classifiers are already stacked in ``weights_``), so that loading it imports neither
        scikit-learn nor SciPy. Predictions are the same; only :meth:`fit` needs the originals."""
        out = ThemeModel(self.C, self.threshold, self.min_df, self.chars, self.char_ngrams,
                         self.rule_weight)
        out.classes_, out.active_ = list(self.classes_), list(self.active_)
        out.thresholds_ = dict(self.thresholds_)
        out.weights_, out.bias_ = self.weights_, self.bias_
        out.vectorizer_ = FittedVocabulary.of(self.vectorizer_)
        out.char_vectorizer_ = (FittedVocabulary.of(self.char_vectorizer_)
                                if self.char_vectorizer_ is not None else None)
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
                  tokens: list[list[str]]) -> tuple[np.ndarray, SparseRows]:
        """The linear model part by part (no stacked feature matrix to build); also returns the
        token TF-IDF rows, whose columns say which vocabulary tokens each sentence holds."""
        n_tok = len(self.vectorizer_.idf_)
        token_rows = tfidf_rows(tokens, self.vectorizer_)
        decision = token_rows.dot(self.weights_[:n_tok])
        offset = n_tok
        if self.char_vectorizer_ is not None:
            n_char = len(self.char_vectorizer_.idf_)
            decision += self._char_rows(texts).dot(self.weights_[offset:offset + n_char])
            offset += n_char
        decision += (rule_matrix(texts, evidence) * self.rule_weight) @ self.weights_[offset:]
        return decision, token_rows

    def top_columns(self, columns: list[int], theme: str, k: int = 3) -> list[str]:
        """The tokens (vocabulary ``columns`` of one sentence) that weigh most for ``theme``:
        the evidence of a tag the rule layer did not make. Words of the genre's stop list
        (做好, 二是, 各类, 公开…) are shown only when the sentence has no other."""
        weights = self._evidence_weights()[theme]
        scored = [(-weights[c], c) for c in columns if c in weights]
        terms = self._vocabulary_terms()
        stop = self._stop_columns()
        telling = [item for item in scored if item[1] not in stop]
        return [terms[c] for _, c in heapq.nsmallest(k, telling or scored)]

    def _stop_columns(self) -> frozenset[int]:
        """Vocabulary ids of the stop words (``models/stopwords.txt``). Computed once per model."""
        stop = getattr(self, "_stop_ids", None)
        if stop is None:
            from .tokens import stopwords

            words = stopwords()
            stop = self._stop_ids = frozenset(
                i for t, i in self.vectorizer_.vocabulary_.items() if t in words)
        return stop

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

    def predict(self, texts: list[str]) -> list[list[str]]:
        proba = self.predict_proba(texts)
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
        terms = weights.take(self.columns, axis=0)  # a fresh array: scaled in place
        terms *= self.values[:, None]
        out[filled] = np.add.reduceat(terms, starts[filled])
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
              tokens: list[list[str]] | None = None) -> list[ThemeTags]:
    """Themes of each sentence text. ``tokens``: each text's tokens (``textmine.tokenize``),
    when the caller has them, so that nothing is segmented twice. Without a trained model the
    rule layer alone decides."""
    model = model if model is not None else load_model()
    out: list[ThemeTags] = []
    boiler = boilerplate_flags(texts)
    all_evidence = [{} if b else e for e, b in zip(rule_evidence_many(texts), boiler, strict=True)]
    if model is not None and texts and tokens is None:
        from .tokens import tokenize_many

        tokens = tokenize_many(texts)
    fired: dict[int, list[tuple[str, float]]] = {}  # sentence → (theme, probability) over threshold
    if model is not None and texts:
        decision, token_rows = model._decision(texts, all_evidence, tokens)
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
