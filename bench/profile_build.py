"""Phase 2 of ``textmine run`` (the store build) alone: timed, and optionally profiled.

    python bench/profile_build.py --reports 110 --rounds 3            # warm-rerun build times
    python bench/profile_build.py --reports 110 --profile             # cProfile of one warm rerun
    python bench/profile_build.py --reports 110 --cold                # cold build (cache kept)
    python bench/profile_build.py --reports 110 --rebuild --workers 1 2   # phase 2 in full, A/B

The corpus is the shipped one replicated (``bench_run.replicate``) under ``--tmp``; the first run
analyses it (its time is not reported). A warm round is a second ``build_store`` over the same
inputs: only hashing and phase 2. ``--cold`` deletes the store (not the cache) before each round,
so the build runs in full however clever the rerun detection is. CPU time of this process and of
its (finished) children is printed next to wall time: the machine is shared and wall time noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def cpu() -> float:
    self_, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + kids.ru_utime + kids.ru_stime


def drop_store(out: Path) -> None:
    """Everything but the cache: the next build is a full one."""
    for p in out.iterdir():
        if p.name != "cache":
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def main() -> None:
    from bench_run import replicate

    from textmine.store import build_store

    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=110)
    ap.add_argument("--workers", type=int, nargs="+", default=[1])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-json", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--tmp", default="/tmp/textmine-profile")
    args = ap.parse_args()
    tmp = Path(args.tmp)
    corpus, out = tmp / f"corpus-{args.reports}", tmp / f"out-{args.reports}"
    if not corpus.is_dir():
        replicate(corpus, args.reports, pdf=False)
    first = build_store(corpus, out, workers=2, write_json=not args.no_json)
    print(f"first run: {first.reports} reports, analysed {first.analysed}")
    for k in range(args.rounds * len(args.workers)):
        workers = args.workers[k % len(args.workers)]
        if args.cold:
            drop_store(out)
        prof = cProfile.Profile() if args.profile else None
        c0, w0 = cpu(), time.perf_counter()
        if prof:
            prof.enable()
        s = build_store(corpus, out, workers=workers, write_json=not args.no_json, rebuild=args.rebuild)
        if prof:
            prof.disable()
        print(f"round {k}, {workers} workers: wall {time.perf_counter() - w0:.3f} s, "
              f"build {s.build_seconds:.3f} s, cpu {cpu() - c0:.3f} s, analysed {s.analysed}")
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
            break


if __name__ == "__main__":
    main()
