"""Analysis throughput on one core: reports/s and MB/s over the shipped corpus.

    python bench/bench_analyze.py            # text/HTML reports, then PDFs
    python bench/bench_analyze.py --repeat 20

Each file is analysed once to warm caches (model files, compiled patterns), then ``--repeat``
times; the figure is single-process, single-thread (the machine's second core stays idle).
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


def measure(files: list[Path], repeat: int) -> dict:
    for f in files:  # warm-up
        analyze_file(f)
    size = sum(f.stat().st_size for f in files)
    start = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            analyze_file(f)
    elapsed = time.perf_counter() - start
    n = len(files) * repeat
    return {"files": len(files), "analyses": n, "seconds": round(elapsed, 3),
            "reports_per_s": round(n / elapsed, 1),
            "mb_per_s": round(size * repeat / elapsed / 2**20, 2)}


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
    results["text_html"] = measure(text, args.repeat)
    if pdf:
        results["pdf"] = measure(pdf, max(1, args.repeat // 10))
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "analyze.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
