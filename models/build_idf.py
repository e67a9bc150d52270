"""Fit the keyword IDF on the shipped corpus and save it as models/idf.joblib.

    python models/build_idf.py

One document per report: its narrative sentences (tables excluded), tokenised by textmine's
tokenizer with the domain lexicon, stop words removed (textmine.keywords.content_tokens).
"""

from __future__ import annotations

import sys
from pathlib import Path

import joblib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import textmine  # noqa: E402
from textmine.keywords import IDF_FILE, fit_idf  # noqa: E402
from textmine.resources import FittedVocabulary  # noqa: E402


def main() -> None:
    reports, _ = textmine.analyze_paths([ROOT / "corpora"], link_years=False, text_mining=False)
    docs = ["\n".join(s.text for s in r.sentences) for r in reports]
    vec = fit_idf(docs)
    joblib.dump(FittedVocabulary.of(vec), ROOT / "models" / IDF_FILE, compress=3)
    print(f"IDF over {len(docs)} reports, {len(vec.vocabulary_)} terms -> models/{IDF_FILE}")


if __name__ == "__main__":
    main()
