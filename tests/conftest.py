"""Shared fixtures: the shipped corpus, analysed once per test session (as a corpus, so the
cross-year rules apply exactly as in ``textmine run``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import textmine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus():
    """{file name: Report} for every shipped report."""
    reports, failures = textmine.analyze_paths([CORPUS])
    assert failures == []
    return {Path(r.source).name: r for r in reports}


@pytest.fixture(scope="session")
def yunnan(corpus):
    return corpus["2019_yunnan_szf.txt"]
