"""Chinese word segmentation with the domain lexicon of the annual reports.

jieba's segmentation semantics (dictionary DAG + HMM for unknown words), run by rjieba (jieba-rs,
an order of magnitude faster, same output as jieba on Chinese text) when it is installed, else by
jieba itself. The terms of ``models/lexicon.tsv`` are added to the segmenter's dictionary once per
process (the loaders are cached: no document ever reloads anything), with a frequency high
enough that the segmenter keeps them whole: 政务新媒体, 12345政务热线, 依申请公开, 数字云南 …

Above the tokens, one pass makes every lexicon term whole that the segmenter still cut: those it
always cuts, at 、 ， ＋ (双随机、一公开, 以公开为常态，不公开为例外, 互联网＋政务服务), and those
it cut in some context (政府信息/公开平台). The pass looks only at runs of tokens whose boundaries
fall between two characters that are adjacent inside some term; in such a run it takes the term
occurrences longest first, so the result is a longest-match over the run.

The rule for overlapping terms, which the tests check on every corpus sentence: two lexicon terms
that overlap cannot both be one token; the longer one wins, and between equal lengths the one that
starts first (政府信息公开平台 → 政府信息公开 + 平台, 依申请公开渠道 → 依申请公开 + 渠道). A term
inside a longer word of the segmenter's own dictionary stays inside it (云南省人民政府 is one
token); the lexicon lists such words of the corpus so that they are lexicon terms too.

    >>> tokenize("深化“放管服”改革，推进“双随机、一公开”监管")
    ['深化', '“', '放管服', '”', '改革', '，', '推进', '“', '双随机、一公开', '”', '监管']

The segmenter is rjieba's process-wide default instance when rjieba is used (building a second
dictionary would add ~0.1 s to the cold start); the jieba fallback uses a private
``jieba.Tokenizer`` so that plain ``jieba.lcut`` elsewhere keeps jieba's default dictionary.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain

import numpy as np

from .resources import models_dir

LEXICON_FILE = "lexicon.tsv"
STOPWORDS_FILE = "stopwords.txt"

# What one jieba "block" may hold (jieba's re_han_default): a dictionary word can only match
# inside such a block, so terms with other characters (、 ， ＋ 《) are joined above the tokens.
_BLOCK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9+#&._%\-]+")


@dataclass(frozen=True)
class Entry:
    """One row of ``models/lexicon.tsv``."""

    term: str
    canonical: str
    freq: int
    tag: str
    theme: str


@cache
def entries() -> tuple[Entry, ...]:
    """The lexicon's rows, in file order (``#`` lines are comments)."""
    rows = []
    with open(models_dir() / LEXICON_FILE, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3:
                raise ValueError(f"{LEXICON_FILE}:{n}: expected term<TAB>canonical<TAB>freq…")
            parts += [""] * (5 - len(parts))
            term, canon, freq, tag, theme = parts[:5]
            rows.append(Entry(term, canon or term, int(freq), tag, theme))
    return tuple(rows)


def lexicon():
    """The lexicon as a pandas DataFrame: term, canonical, freq, tag, theme."""
    import pandas as pd

    return pd.DataFrame([e.__dict__ for e in entries()],
                        columns=["term", "canonical", "freq", "tag", "theme"])


@cache
def _canonical_of() -> dict[str, str]:
    return {e.term: e.canonical for e in entries()}


def canonical(term: str) -> str:
    """The canonical form of a lexicon variant (12345政务热线 → 12345热线); any other string is
    returned unchanged."""
    return _canonical_of().get(term, term)


@cache
def stopwords() -> frozenset[str]:
    """Stop words for keyword extraction (``models/stopwords.txt``): noise for keywords, not for
    commitments (加强, 推进, 落实 are how a commitment starts)."""
    with open(models_dir() / STOPWORDS_FILE, encoding="utf-8") as fh:
        words = {w.strip() for w in fh if w.strip() and not w.lstrip().startswith("#")}
    return frozenset(words)


@dataclass(frozen=True)
class _Lexicon:
    terms: frozenset[str]
    prefixes: frozenset[str]  # proper prefixes of the terms: a run may still grow into a term
    bigrams: frozenset[str]  # every two adjacent characters inside a term
    automaton: object  # ahocorasick.Automaton over the terms: end offset → term length


@cache
def _lex() -> _Lexicon:
    terms = frozenset(e.term for e in entries())
    prefixes = frozenset(t[:i] for t in terms for i in range(1, len(t)))
    bigrams = frozenset(t[i:i + 2] for t in terms for i in range(len(t) - 1))
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for t in terms:
        if len(t) > 1:
            automaton.add_word(t, len(t))
    automaton.make_automaton()
    return _Lexicon(terms, prefixes, bigrams, automaton)


@cache
def _segmenter() -> tuple[str, Callable[[str], list[str]]]:
    """(backend name, cut function) with the lexicon added; built once per process."""
    words = [e for e in entries() if _BLOCK.fullmatch(e.term)]
    try:
        import rjieba
    except ImportError:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        for e in words:
            tk.add_word(e.term, e.freq, e.tag or None)
        return "jieba", tk.lcut
    for e in words:
        rjieba.add_word(e.term, e.freq, e.tag or None)
    return "rjieba", rjieba.cut


def backend() -> str:
    """``"rjieba"`` or ``"jieba"``: which segmenter this process uses."""
    return _segmenter()[0]


def _repair(tokens: list[str], lex: _Lexicon, cut: Callable[[str], list[str]]) -> list[str]:
    """The pass above the tokens. A term that the segmenter split crosses a token boundary; all
    boundaries inside it join two characters adjacent inside the term (the bigram test). The
    runs of tokens joined by such boundaries that hold a crossing term are re-cut by
    :func:`_resolve`; every other token passes as it is.

    The crossing occurrences are found by one Aho-Corasick pass over the text (C speed) and a
    look at the token boundaries inside each; only around those are boundaries tested, so the
    cost is that of the text scan, not a Python step per token."""
    if len(tokens) < 2:
        return tokens
    text = "".join(tokens)
    ends = list(accumulate(map(len, tokens)))
    crossing = _crossing(text, ends, lex)
    if not crossing:
        return tokens
    bigrams = lex.bigrams

    def joined(k: int) -> bool:  # the boundary after token k may be inside a term
        return k + 1 < len(tokens) and tokens[k][-1] + tokens[k + 1][0] in bigrams

    out: list[str] = []
    last = 0  # tokens before ``last`` are in ``out``
    for p, _ in sorted(crossing):
        first = bisect_right(ends, p)  # the token holding character p
        if first < last:
            continue  # inside a run already re-cut
        i = first
        while i > last and joined(i - 1):
            i -= 1
        j = first
        while joined(j):
            j += 1
        out.extend(tokens[last:i])
        out.extend(_resolve(tokens[i:j + 1], lex, cut))
        last = j + 1
    out.extend(tokens[last:])
    return out


def _crossing(text: str, ends: list[int], lex: _Lexicon) -> list[tuple[int, int]]:
    """The (start, end) of every lexicon occurrence in ``text`` with a token boundary strictly
    inside it (``ends``: the offset after each token). The occurrences come from the automaton;
    the boundary test is one prefix-sum lookup per occurrence, in numpy (a report holds
    thousands of occurrences, nearly all of them already whole tokens)."""
    hits = np.fromiter(chain.from_iterable(lex.automaton.iter(text)), dtype=np.int64)
    if not len(hits):
        return []
    last, length = hits[0::2], hits[1::2]  # offset of each occurrence's last character, length
    boundaries = np.zeros(len(text) + 1, dtype=np.int32)
    boundaries[ends] = 1
    below = np.cumsum(boundaries)  # below[p]: boundaries at offsets 0..p
    start = last - length + 1
    inside = below[last] - below[start] > 0  # boundaries at offsets start+1 … last
    return list(zip(start[inside].tolist(), (last[inside] + 1).tolist(), strict=True))


def _resolve(toks: list[str], lex: _Lexicon, cut: Callable[[str], list[str]]) -> list[str]:
    """Re-cut a run of tokens so that lexicon terms are whole: every occurrence of a term in the
    run (except those strictly inside one token) is a candidate; the longest are taken first,
    between equal lengths the leftmost, and a candidate overlapping one already taken is
    dropped. Tokens outside the taken spans are kept; pieces of tokens cut by a taken span are
    segmented again."""
    text = "".join(toks)
    starts, ends = [], []
    pos = 0
    for t in toks:
        starts.append(pos)
        pos += len(t)
        ends.append(pos)
    owner = [k for k, t in enumerate(toks) for _ in t]  # char position → token index
    terms, prefixes = lex.terms, lex.prefixes
    found = []
    crossing = False
    size = len(text)
    for p in range(size):
        q = p + 1
        while q <= size:
            s = text[p:q]
            if s in terms:
                a, b = owner[p], owner[q - 1]
                if a != b:
                    crossing = True
                    found.append((p, q))
                elif starts[a] == p and ends[a] == q:
                    found.append((p, q))
            if s not in prefixes:
                break
            q += 1
    if not crossing:
        return toks
    taken: list[tuple[int, int]] = []
    used = bytearray(size)
    for p, q in sorted(found, key=lambda pq: (pq[0] - pq[1], pq[0])):
        if not any(used[p:q]):
            taken.append((p, q))
            used[p:q] = b"\x01" * (q - p)
    taken.sort()
    out: list[str] = []
    cursor = 0
    for p, q in [*taken, (size, size)]:
        if cursor < p:  # a gap: whole tokens are kept, cut pieces segmented again
            k = owner[cursor]
            while cursor < p:
                end = min(ends[k], p)
                if cursor == starts[k] and end == ends[k]:
                    out.append(toks[k])
                else:
                    out.extend(cut(text[cursor:end]))
                cursor = end
                k += 1
        if p < q:
            out.append(text[p:q])
        cursor = q
    return out


def tokens_with_space(text: str) -> list[str]:
    """Every token, whitespace included: ``"".join(tokens_with_space(t)) == t``."""
    if not text:
        return []
    cut = _segmenter()[1]
    return _repair(cut(text), _lex(), cut)


def tokenize(text: str) -> list[str]:
    """The words of ``text`` (no whitespace tokens), lexicon terms whole."""
    return [t for t in tokens_with_space(text) if not t.isspace()]


_SEPARATOR = "\u2029"  # PARAGRAPH SEPARATOR: whitespace, so always a token of its own
_HAS_SPACE = re.compile(r"\s")


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """:func:`tokenize` of each text, in one segmenter call over them all (a report's sentences:
    one call instead of one per sentence). Texts holding the separator are cut one by one."""
    if any(_SEPARATOR in t for t in texts):
        return [tokenize(t) for t in texts]
    if not texts:
        return []
    toks = tokens_with_space(_SEPARATOR.join(texts))
    out: list[list[str]] = []
    start = 0
    for text in texts:
        end = toks.index(_SEPARATOR, start) if len(out) < len(texts) - 1 else len(toks)
        piece = toks[start:end]
        out.append([t for t in piece if not t.isspace()] if _HAS_SPACE.search(text) else piece)
        start = end + 1
    return out


class Tokenizer:
    """A callable tokenizer holding the segmenter and the lexicon, for scikit-learn::

        TfidfVectorizer(tokenizer=Tokenizer(), lowercase=False, token_pattern=None)

    ``canonical=True`` maps each lexicon variant to its canonical form (12345政务热线 and
    12345热线 count as one feature). Pickles as its options only: the segmenter is rebuilt (once
    per process) where it is unpickled.
    """

    def __init__(self, canonical: bool = False) -> None:
        self.canonical = canonical
        self._cut = _segmenter()[1]
        self._lex = _lex()
        self._canon = _canonical_of() if canonical else None

    def __call__(self, text: str) -> list[str]:
        if not text:
            return []
        toks = [t for t in _repair(self._cut(text), self._lex, self._cut) if not t.isspace()]
        if self._canon is not None:
            canon = self._canon
            return [canon.get(t, t) for t in toks]
        return toks

    def __reduce__(self):
        return (Tokenizer, (self.canonical,))

    def __repr__(self) -> str:
        return f"Tokenizer(canonical={self.canonical})"


class SpacyTokenizer:
    """A spaCy tokenizer that cuts with :func:`tokens_with_space`; whitespace runs are tokens of
    their own, so ``doc.text == text``. A lexicon variant's ``token.norm_`` is its canonical form."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words = tokens_with_space(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        canon = _canonical_of()
        for token in doc:
            c = canon.get(token.text)
            if c is not None and c != token.text:
                token.norm_ = c
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # A pipeline saved with nlp.to_disk/to_bytes: nothing of ours to save (the lexicon lives in
    # models/), but spaCy calls these.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> SpacyTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> SpacyTokenizer:
        return self


def spacy_tokenizer(nlp) -> SpacyTokenizer:
    """A :class:`SpacyTokenizer` for ``nlp``'s vocabulary: ``nlp.tokenizer = spacy_tokenizer(nlp)``."""
    return SpacyTokenizer(nlp.vocab)


def make_nlp():
    """A blank Chinese spaCy pipeline (no model weights) whose tokenizer is :func:`tokenize`'s.

    ``spacy.blank("zh")`` is built with the ``char`` segmenter so that spaCy never looks for
    pkuseg or jieba itself; the tokenizer is then replaced."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = spacy_tokenizer(nlp)
    return nlp
