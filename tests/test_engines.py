"""The per-file analysis as the engines run it: time limits."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS

from textmine.engines import Job, analyze_one
from textmine.ingest import DEFAULT_MAX_BYTES

PDF = CORPUS / "2024_huaian_szf.pdf"  # the slowest shipped report to read (a PDF)


def _job(path: Path, timeout: float | None) -> Job:
    return Job(path.name, str(path), "0" * 64, "k" * 64, None, DEFAULT_MAX_BYTES, True, "v", timeout)


def test_an_analysis_past_its_time_limit_is_a_failure_that_is_not_cached():
    analyze_one(_job(CORPUS / "2023_fujian-pingtan_gwh.txt", None), CORPUS / "2023_fujian-pingtan_gwh.txt")
    header, info, cacheable = analyze_one(_job(PDF, 0.02), PDF)  # models loaded: the PDF alone
    assert header.kind == "failure"
    assert (info.stage, info.code) == ("internal", "TM901")
    assert "0.02 s" in info.detail
    assert not cacheable  # a busy machine may have caused it: the next run tries again


def test_within_the_limit_the_report_is_analysed_and_no_alarm_is_left_armed():
    header, report, cacheable = analyze_one(_job(PDF, 120), PDF)
    assert header.kind == "report" and cacheable
    assert report.cells["t3.new_received.total"].value == 3119
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_corpus_run_records_a_file_past_the_limit_and_stores_the_others(tmp_path):
    import shutil

    from textmine.store import build_store, read_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("2024_huaian_szf.pdf", "2021_fujian-pingtan_gwh.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    summary = build_store(corpus, tmp_path / "out", workers=1, timeout=0.05, write_json=False)
    failures = read_table(tmp_path / "out", "failures")
    # the PDF cannot be read in 50 ms; the short text report may or may not be
    assert "2024_huaian_szf.pdf" in set(failures["source"])
    assert set(failures["code"]) == {"TM901"}
    assert summary.reports + len(summary.failures) == 2
    again = build_store(corpus, tmp_path / "out", workers=1, timeout=None, write_json=False)
    assert again.analysed == len(summary.failures)  # not cached: tried again, now without a limit
    assert again.reports == 2 and not again.failures


def test_warm_up_loads_what_the_first_report_would():
    """The forkserver's preload: after it, the models are in memory (a renamed loader would
    otherwise silently leave every worker to load its own)."""
    from textmine import analyze, keywords, themes, tokens

    analyze.warm_up()
    assert themes.load_model.cache_info().currsize == 1
    assert keywords.load_idf.cache_info().currsize == 1
    assert tokens._segmenter.cache_info().currsize == 1
    assert themes.load_model()._bigram_table.width > 0


def test_an_unreadable_cache_entry_is_analysed_again_when_the_store_is_built(tmp_path):
    """Phase 2 reads each file's analysis from the cache; an entry it cannot read (a disk error,
    a foreign file under its name) is analysed again there, with the run's settings."""
    import shutil

    from textmine.store import build_store, read_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "2021_fujian-pingtan_gwh.txt", corpus)
    out = tmp_path / "out"
    build_store(corpus, out, workers=1, write_json=False)
    (entry,) = (out / "cache").glob("*.pkl")
    entry.write_bytes(b"not a cache entry")
    summary = build_store(corpus, out, workers=1, write_json=False, rebuild=True, timeout=60)
    assert summary.analysed == 1 and summary.reports == 1 and not summary.failures
    assert entry.read_bytes() != b"not a cache entry"
    cells = read_table(out, "cells").set_index("cell_id")
    assert cells.loc["t3.new_received.total", "value"] == 70
