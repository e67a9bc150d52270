"""Loading the domain data under ``models/`` once per process.

Code holds algorithms; every Chinese label, title and pattern lives in ``models/*.toml`` so a
researcher can add a variant without touching Python. Loaders are cached: the first call reads
the file, later calls are free.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_REGEX_META = set(".^$*+?{}[]\\|()")


def models_dir() -> Path:
    """``$TEXTMINE_MODELS`` or the repository's ``models/`` folder."""
    env = os.environ.get("TEXTMINE_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "models"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``models/<name>.toml``."""
    with open(models_dir() / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@cache
def spaced(literal: str) -> str:
    """A regex matching ``literal`` with any whitespace between its characters: PDF text and
    copy-pasted tables break labels anywhere ("总 计", "本年新\\n\\n制作数量")."""
    return r"\s*".join(re.escape(ch) for ch in literal)


@cache
def compiled(pattern: str) -> re.Pattern:
    """``re.compile`` with an unbounded cache (``re``'s own cache holds only 512 patterns)."""
    return re.compile(pattern)


def tolerant(core: str) -> str:
    """Turn each plain alternative of ``core`` into its whitespace-tolerant form; alternatives
    that already use regex syntax are kept as written."""
    parts = []
    for alt in core.split("|"):
        parts.append(alt if any(ch in _REGEX_META for ch in alt) else spaced(alt))
    return "|".join(parts)


@cache
def label_regex(core: str, item: int | str | None = None, item_required: bool = False) -> re.Pattern:
    """The regex of one row label: an optional (or required) item number, then the core.

    ``item`` is the row's number in the template, or ``"any"`` where numbering varies between
    reports (pre-2019 tables)."""
    body = f"(?:{tolerant(core)})"
    if item is None:
        return re.compile(body)
    number = (r"\d" if item == "any" else str(item)) + r"\s*[.．、]\s*"
    return re.compile(f"{number}{body}" if item_required else f"(?:{number})?{body}")


@dataclass(frozen=True, eq=False)  # hashed by identity: memo tables key on the loaded model
class FittedVocabulary:
    """What prediction needs of a fitted scikit-learn ``TfidfVectorizer``: its vocabulary, IDF
    and weighting settings, under the same attribute names. The models under ``models/`` are
    saved with these in place of the vectorisers, so that loading them imports neither
    scikit-learn nor SciPy: that import alone took longer than analysing a report, in every
    process that analyses one (the CLI, each corpus worker)."""

    vocabulary_: dict[str, int]
    idf_: Any  # numpy array, one IDF per vocabulary id
    sublinear_tf: bool = False
    norm: str | None = "l2"
    ngram_range: tuple[int, int] = (1, 1)

    @staticmethod
    def of(vectorizer: Any) -> FittedVocabulary:
        """The prediction-time part of a fitted ``TfidfVectorizer`` (or of itself)."""
        return FittedVocabulary(dict(vectorizer.vocabulary_), vectorizer.idf_, vectorizer.sublinear_tf,
                                vectorizer.norm, tuple(vectorizer.ngram_range))


def load_artifact(name: str) -> Any:
    """A saved model under ``models/`` (joblib), or None when it has not been built."""
    path = models_dir() / name
    if not path.is_file():
        return None
    import joblib

    return joblib.load(path)
