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


# The reports of the small store: Yunnan 2019 (its 表三 does not add up) and two consecutive
# Pingtan years (text reuse, an indicator panel of two years).
SMALL_STORE_FILES = ("2019_yunnan_szf.txt", "2022_fujian-pingtan_gwh.txt", "2023_fujian-pingtan_gwh.txt")


@pytest.fixture(scope="session")
def small_store(tmp_path_factory):
    """A store written by ``textmine run`` over a copy of three shipped reports (with the
    manifest), as a user makes one: the folder ``out`` to read it from."""
    import shutil

    from typer.testing import CliRunner

    from textmine.cli import app

    root = tmp_path_factory.mktemp("small_store")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (*SMALL_STORE_FILES, "MANIFEST.csv"):
        shutil.copy(CORPUS / name, corpus / name)
    out = root / "out"
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
