"""The per-file analysis as the engines run it: time limits."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import CORPUS

from textmine.engines import Job, analyze_one
from textmine.ingest import DEFAULT_MAX_BYTES

PDF = CORPUS / "2024_huaian_szf.pdf"  # the slowest shipped report to read (a PDF)


def _job(path: Path, timeout: float | None) -> Job:
    return Job(path.name, str(path), "0" * 64, "k" * 64, None, DEFAULT_MAX_BYTES, True, "v", timeout)


def test_an_analysis_past_its_time_limit_is_a_failure_that_is_not_cached():
    started = time.perf_counter()
    header, info, cacheable = analyze_one(_job(PDF, 0.02), PDF)
    assert time.perf_counter() - started < 5  # stopped, not run to the end
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
