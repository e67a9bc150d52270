"""Analysis throughput on one core: reports/s and MB/s over the shipped corpus.

    python bench/bench_analyze.py            # text/HTML reports, then PDFs
    python bench/bench_analyze.py --repeat 20

Two configurations: tables + structure + checks (``text_mining=False``), and the full analysis
with theme tagging and keywords. The files are analysed for two seconds to warm caches (model
files, compiled patterns) and the CPU clock, then ``--repeat`` rounds are timed; the figure is
single-process, single-thread (the process is pinned to one core). Reported: the mean over all
rounds and the best round.
Results are printed and written to bench/results/analyze.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from textmine.analyze import analyze_file, iter_report_files

ROOT = Path(__file__).resolve().parent.parent


def measure(files: list[Path], repeat: int, warmup_s: float = 2.0, text_mining: bool = False) -> dict:
    """Warm up (caches, and the CPU's clock, which on this machine takes a second or two to
    settle), then time ``repeat`` rounds over ``files``; report the mean and the best round."""
    deadline = time.perf_counter() + warmup_s
    while time.perf_counter() < deadline:
        for f in files:
            analyze_file(f, text_mining=text_mining)
    size = sum(f.stat().st_size for f in files)
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for f in files:
            analyze_file(f, text_mining=text_mining)
        rounds.append(time.perf_counter() - start)
    elapsed = sum(rounds)
    n = len(files) * repeat
    best = min(rounds)
    return {"files": len(files), "analyses": n, "seconds": round(elapsed, 3),
            "reports_per_s": round(n / elapsed, 1),
            "mb_per_s": round(size * repeat / elapsed / 2**20, 2),
            "best_round_reports_per_s": round(len(files) / best, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "corpora"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = list(iter_report_files([args.corpus]))
    text = [f for f in files if f.suffix.lower() != ".pdf"]
    pdf = [f for f in files if f.suffix.lower() == ".pdf"]
    results = {"python": platform.python_version(), "machine": platform.machine()}
    # tables, structure and checks (issue "Read any annual report into exact, checked data")
    results["text_html"] = measure(text, args.repeat)
    # the same plus theme tagging and keywords
    results["text_html_with_themes_keywords"] = measure(text, max(1, args.repeat // 2), text_mining=True)
    if pdf:
        results["pdf"] = measure(pdf, max(1, args.repeat // 10), warmup_s=0)
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "analyze.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
