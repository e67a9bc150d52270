"""Tokenisation and text-mining throughput against plain ``jieba.lcut``.

    python bench/bench_tokens.py              # ~5 MB, best of 2 rounds each
    python bench/bench_tokens.py --mb 10 --repeat 3

Two measures:

1. Tokenisation alone on one long text (below).
2. Per report, as ``textmine`` works: every report's narrative sentences, (a) tokenised
   (``tokenize_many``), (b) tokenised and theme-tagged, (c) tokenised, tagged and keywords
   (TF-IDF + TextRank) extracted: the issue's "tokenise + tag + keywords"; against
   ``jieba.lcut`` of the same narrative. Rounds alternate between the contenders and CPU time
   of this process is counted, so a busy machine slows both alike; the median ratio is reported.

The text is the narrative of the shipped corpus (every report's sentences) repeated to ``--mb``
megabytes (UTF-8). Both tokenizers run on the same text in the same process, pinned to one core,
after a warm-up call (dictionaries loaded); the figure is the best of ``--repeat`` rounds. The
raw segmenter under textmine (rjieba or jieba, with the lexicon, without the pass that joins
terms above the tokens) is timed too, to show what that pass costs.

Cold start: the first ``tokenize`` call in a fresh Python process (``import textmine.tokens``
is reported apart: it imports the textmine package, pandas included), against the first
``jieba.lcut`` call in a fresh process (dictionary load; jieba's cache file already built).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD_TEXTMINE = """
import json, time
t0 = time.perf_counter()
from textmine.tokens import backend, tokenize
t1 = time.perf_counter()
tokenize("推进政务公开，做好12345政务热线和双随机、一公开。")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_call_s": t2 - t1, "backend": backend()}))
"""

COLD_JIEBA = """
import json, logging, time
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(logging.WARNING)
t1 = time.perf_counter()
jieba.lcut("推进政务公开，做好12345政务热线和双随机、一公开。")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_call_s": t2 - t1}))
"""


def corpus_narrative() -> str:
    import textmine
    from textmine.analyze import iter_report_files

    parts = []
    for path in iter_report_files([ROOT / "corpora"]):
        report = textmine.analyze_file(path, text_mining=False)
        parts.append("\n".join(s.text for s in report.sentences))
    return "\n".join(parts)


def best_mb_per_s(fn, text: str, repeat: int) -> tuple[float, int]:
    size = len(text.encode("utf-8")) / 2**20
    times, n = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        n = len(fn(text))
        times.append(time.perf_counter() - start)
    return size / min(times), n


def cold(code: str, runs: int) -> dict:
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary = {k: round(statistics.median(r[k] for r in rows), 3) for k in ("import_s", "first_call_s")}
    if "backend" in rows[0]:
        summary["backend"] = rows[0]["backend"]
    return summary


def per_report(rounds: int) -> dict:
    """MB/s of tokenise / +tag / +keywords per report, and of jieba.lcut, on the corpus narratives."""
    import logging
    import statistics as st

    import jieba

    import textmine
    from textmine.analyze import iter_report_files
    from textmine.keywords import keep_content, keyword_scores
    from textmine.themes import tag_texts
    from textmine.tokens import tokenize_many

    jieba.setLogLevel(logging.WARNING)
    reports = [textmine.analyze_file(p, text_mining=False) for p in iter_report_files([ROOT / "corpora"])]
    sentences = [[s.text for s in r.sentences] for r in reports]
    sections = [[s.section for s in r.sentences] for r in reports]  # as the analysis tags them
    narratives = ["\n".join(x) for x in sentences]
    size = sum(len(t.encode("utf-8")) for t in narratives) / 2**20

    def tokenise():
        for x in sentences:
            tokenize_many(x)

    def tag():
        for x, sec in zip(sentences, sections, strict=True):
            tag_texts(x, tokens=tokenize_many(x), sections=sec)

    def mine():
        for x, sec in zip(sentences, sections, strict=True):
            tokens = tokenize_many(x)
            tag_texts(x, tokens=tokens, sections=sec)
            keyword_scores(keep_content([t for s in tokens for t in s]))

    def plain():
        for t in narratives:
            jieba.lcut(t)

    contenders = {"tokenise": tokenise, "tokenise+tag": tag, "tokenise+tag+keywords": mine,
                  "jieba.lcut": plain}
    for fn in contenders.values():
        fn()  # warm: models, dictionaries, caches
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    ratios = {k: st.median(j / t for j, t in zip(times["jieba.lcut"], v, strict=True))
              for k, v in times.items() if k != "jieba.lcut"}
    return {"narrative_mb": round(size, 3), "reports": len(reports),
            **{f"{k}_mb_per_s": round(size / st.median(v), 2) for k, v in times.items()},
            **{f"ratio_{k}_over_jieba": round(r, 2) for k, r in ratios.items()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0, help="size of the benchmark text (MB)")
    parser.add_argument("--repeat", type=int, default=2, help="timed rounds per tokenizer (best kept)")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes for cold start (median)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    import logging

    import jieba

    from textmine import tokens

    jieba.setLogLevel(logging.WARNING)
    seed = corpus_narrative()
    reps = max(1, round(args.mb * 2**20 / len(seed.encode("utf-8"))))
    text = "\n".join([seed] * reps)
    size = len(text.encode("utf-8")) / 2**20

    tokens.tokenize("预热")  # load the lexicon and the segmenter
    jieba.lcut("预热")  # load jieba's dictionary
    cut = tokens._segmenter()[1]

    ours, n_ours = best_mb_per_s(tokens.tokenize, text, args.repeat)
    raw, _ = best_mb_per_s(cut, text, args.repeat)
    plain, n_plain = best_mb_per_s(jieba.lcut, text, args.repeat)
    results = {
        "python": platform.python_version(),
        "text_mb": round(size, 2),
        "backend": tokens.backend(),
        "textmine_tokenize_mb_per_s": round(ours, 2),
        "segmenter_only_mb_per_s": round(raw, 2),
        "jieba_lcut_mb_per_s": round(plain, 2),
        "ratio_tokenize_over_jieba": round(ours / plain, 1),
        "tokens_textmine": n_ours,
        "tokens_jieba": n_plain,
        "cold_textmine": cold(COLD_TEXTMINE, args.cold_runs),
        "cold_jieba": cold(COLD_JIEBA, args.cold_runs),
    }
    print(f"text: corpus narrative x{reps} = {size:.2f} MB, one core")
    print(f"textmine.tokens.tokenize ({results['backend']} + lexicon + join pass): {ours:8.2f} MB/s")
    print(f"  segmenter alone ({results['backend']} + lexicon):                 {raw:8.2f} MB/s")
    print(f"jieba.lcut (default dictionary):                                  {plain:8.2f} MB/s")
    print(f"ratio tokenize / jieba.lcut: {ours / plain:.1f}x")
    ct, cj = results["cold_textmine"], results["cold_jieba"]
    print(f"cold start, first tokenize() call: {ct['first_call_s']:.3f} s "
          f"(+ import textmine.tokens {ct['import_s']:.3f} s)")
    print(f"cold start, first jieba.lcut() call: {cj['first_call_s']:.3f} s "
          f"(+ import jieba {cj['import_s']:.3f} s)")
    results["per_report"] = pr = per_report(max(5, args.repeat * 3))
    print(f"per report ({pr['reports']} reports, {pr['narrative_mb']} MB of narrative; "
          "CPU time, median of rounds):")
    for k in ("tokenise", "tokenise+tag", "tokenise+tag+keywords"):
        ratio = pr["ratio_" + k + "_over_jieba"]
        print(f"  {k:<24} {pr[k + '_mb_per_s']:6.2f} MB/s  = {ratio:.2f}x jieba.lcut")
    print(f"  {'jieba.lcut':<24} {pr['jieba.lcut_mb_per_s']:6.2f} MB/s")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
