"""End-to-end corpus runs (``textmine run``): reports/s and peak memory, 1 and 2 processes.

    python bench/bench_run.py                  # text/HTML ×≥500, then with PDFs
    python bench/bench_run.py --no-pdf --reports 1000

The shipped corpus is replicated into a temporary folder until it holds ``--reports`` reports:
whole copies of it, each file renamed ``<stem>__rNNN<suffix>`` and given a ``MANIFEST.csv`` row
whose issuer (and aliases) carry the copy's tag (``云南省人民政府#r007``). So every copy is its own
set of issuers with the shipped corpus's year series: cross-year linking groups stay as large as in
the shipped corpus instead of one issuer gathering 40 copies of the same year, which is what a real
corpus of 500 issuers looks like.

Each run is a fresh process (``bench_run.py --child``: ``textmine.store.build_store``, the body of
``textmine run``) on a fresh ``OUT``: a cold run (every file analysed, process start and model
loading included), then a warm rerun (nothing changed: hashing, and the store found current), a
forced rebuild (``rebuild=True``: phase 2 in full from the cache) and a rerun after one file
changed (one file analysed, its issuer's group rebuilt, the others' rows copied). Memory is
sampled every 20 ms with psutil over the process tree: peak RSS of the main process, of the
largest worker, and of the whole tree. "bare analysis" is ``analyze_file`` in one warm process
over the same files, no store: the ceiling the store's overhead is measured against.

Every process runs a snapshot of ``textmine/`` and ``models/`` copied at the start
(``PYTHONPATH``): the analysis version is a hash of those files, so an edit made in the work tree
while the bench runs would otherwise make the warm rerun analyse everything again.

Results are printed and written to bench/results/run.json. The machine's load average is
recorded too: figures taken while other jobs run are lower.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
ENV = dict(os.environ)


def snapshot(dest: Path) -> None:
    """Freeze the code and models the bench runs (see the module docstring)."""
    shutil.copytree(ROOT / "textmine", dest / "textmine", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "models", dest / "models", ignore=shutil.ignore_patterns("labels", "__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join([str(dest), *filter(None, [os.environ.get("PYTHONPATH")])])


def replicate(dest: Path, target: int, pdf: bool) -> int:
    """Whole copies of the shipped corpus (with or without its PDFs) until ``target`` reports;
    returns the number of report files."""
    with open(CORPUS / "MANIFEST.csv", newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if pdf or not r["file"].lower().endswith(".pdf")]
    copies = math.ceil(target / len(rows))
    out_rows = []
    dest.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        tag = f"#r{k:03d}"
        for row in rows:
            src = Path(row["file"])
            name = f"{src.stem}__r{k:03d}{src.suffix}"
            shutil.copyfile(CORPUS / src, dest / name)
            aliases = ";".join(a + tag for a in row.get("aliases", "").split(";") if a.strip())
            out_rows.append({**row, "file": name, "issuer": row["issuer"] + tag, "aliases": aliases})
    with open(dest / "MANIFEST.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(out_rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)
    return len(out_rows)


class TreeMemory:
    """Peak RSS of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.02):
        import psutil

        self.proc = psutil.Process(pid)
        self.every = every
        self.main = self.worker = self.tree = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                kids = [c.memory_info().rss for c in self.proc.children(recursive=True)]
            except psutil.Error:
                kids, main = [], 0
            self.main = max(self.main, main)
            self.worker = max([self.worker, *kids])
            self.tree = max(self.tree, main + sum(kids))
            self._stop.wait(self.every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_child(corpus: Path, out: Path, workers: int, json_docs: bool, rebuild: bool = False) -> dict:
    """One ``build_store`` in a fresh process; its summary, wall time and peak memory."""
    cmd = [sys.executable, __file__, "--child", str(corpus), str(out), str(workers),
           "json" if json_docs else "nojson", "rebuild" if rebuild else "run"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT, text=True, env=ENV)
    try:
        import psutil  # noqa: F401

        with TreeMemory(proc.pid) as mem:
            stdout, _ = proc.communicate()
        memory = {"main_peak_mb": mem.main / 2**20, "worker_peak_mb": mem.worker / 2**20,
                  "tree_peak_mb": mem.tree / 2**20}
    except ImportError:  # without psutil: the largest finished descendant (RUSAGE_CHILDREN)
        import resource

        stdout, _ = proc.communicate()
        memory = {"largest_process_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"child failed: {' '.join(cmd)}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return {"wall_s": round(wall, 2), **{k: round(v, 1) for k, v in memory.items()}, **summary}


def child(corpus: str, out: str, workers: str, json_docs: str, mode: str) -> None:
    import textmine
    from textmine.store import build_store

    assert not textmine.__file__.startswith(str(ROOT / "textmine")), "not running the snapshot"
    s = build_store(corpus, out, workers=int(workers), write_json=json_docs == "json",
                    rebuild=mode == "rebuild")
    print(json.dumps({"reports": s.reports, "failed": len(s.failures), "analysed": s.analysed,
                      "analyse_s": round(s.analyse_seconds, 2), "build_s": round(s.build_seconds, 2),
                      "rebuilt": s.rebuilt}))


def change_one_file(corpus: Path) -> None:
    """Append an empty line to one report: new bytes, new cache key, same content."""
    f = next(f for f in sorted(corpus.iterdir()) if f.suffix == ".txt")
    f.write_bytes(f.read_bytes() + b"\n")


def bare_analysis(pdf: bool, rounds: int) -> dict:
    """Reports/s of ``analyze_file`` alone, one warm process, over the shipped files."""
    code = f"""
import time, json
from textmine.analyze import analyze_file, iter_report_files
files = [f for f in iter_report_files([{str(CORPUS)!r}]) if {pdf!r} or f.suffix.lower() != ".pdf"]
for f in files: analyze_file(f)
start = time.perf_counter()
for _ in range({rounds}):
    for f in files: analyze_file(f)
print(json.dumps(len(files) * {rounds} / (time.perf_counter() - start)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=ENV)
    return {"reports_per_s_one_process": round(json.loads(out.stdout), 1)}


def measure(label: str, target: int, pdf: bool, workers_list: list[int], json_docs: bool,
            tmp: Path) -> list[dict]:
    corpus = tmp / f"corpus-{label}"
    n = replicate(corpus, target, pdf)
    rows = []
    for workers in workers_list:
        out = tmp / f"out-{label}-{workers}"
        cold = run_child(corpus, out, workers, json_docs)
        warm = run_child(corpus, out, workers, json_docs)
        rebuild = run_child(corpus, out, workers, json_docs, rebuild=True)
        change_one_file(corpus)
        changed = run_child(corpus, out, workers, json_docs)
        rows.append({"config": label, "reports": n, "workers": workers, "json": json_docs,
                     "reports_per_s": round(n / cold["wall_s"], 1), "cold": cold,
                     "warm_rerun": warm, "rebuild": rebuild, "one_changed": changed})
        shutil.rmtree(out)
    shutil.rmtree(corpus)
    return rows


def print_table(rows: list[dict]) -> None:
    head = (f"{'config':<16}{'reports':>8}{'workers':>8}{'json':>6}{'reports/s':>10}{'cold s':>8}"
            f"{'analyse s':>10}{'build s':>8}{'rerun s':>8}{'again':>6}{'rebuild s':>10}{'1 chg s':>8}"
            f"{'main MB':>9}{'worker MB':>10}{'tree MB':>9}")
    print(head)
    for r in rows:
        c = r["cold"]
        print(f"{r['config']:<16}{r['reports']:>8}{r['workers']:>8}{'yes' if r['json'] else 'no':>6}"
              f"{r['reports_per_s']:>10}{c['wall_s']:>8}{c['analyse_s']:>10}{c['build_s']:>8}"
              f"{r['warm_rerun']['wall_s']:>8}{r['warm_rerun']['analysed']:>6}"
              f"{r['rebuild']['build_s']:>10}{r['one_changed']['wall_s']:>8}"
              f"{c.get('main_peak_mb', 0):>9.0f}{c.get('worker_peak_mb', 0):>10.0f}"
              f"{c.get('tree_peak_mb', 0):>9.0f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-pdf", action="store_true", help="skip the (slow) runs with PDFs")
    args = parser.parse_args()
    results: dict = {"python": platform.python_version(), "machine": platform.machine(),
                     "cores": os.cpu_count(), "load_average_before": os.getloadavg()}
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="textmine-bench-") as tmp_name:
        tmp = Path(tmp_name)
        snapshot(tmp / "snapshot")
        results["bare_analysis_text_html"] = bare_analysis(False, 5)
        rows += measure("text+html", args.reports, False, args.workers, True, tmp)
        rows += measure("text+html", args.reports, False, [max(args.workers)], False, tmp)
        # does memory grow with the corpus? the same at half the size
        rows += measure("text+html-half", args.reports // 2, False, [max(args.workers)], True, tmp)
        if not args.no_pdf:
            results["bare_analysis_with_pdf"] = bare_analysis(True, 1)
            rows += measure("with pdf", args.reports, True, args.workers, True, tmp)
    results["runs"] = rows
    results["load_average_after"] = os.getloadavg()
    print_table(rows)
    print(json.dumps({k: v for k, v in results.items() if k != "runs"}, indent=1))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "run.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
