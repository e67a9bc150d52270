"""The rule layer alone on the TRAINING reports (held-out ones of SPLIT.toml skipped by name,
never opened): micro P/R/F1 and macro F1 of ``rule_evidence_many`` + boilerplate flags against
the gold themes, as ``tag_texts`` without a model does.

    python models/rules_alone.py            # scores
    python models/rules_alone.py --fp CUE…  # also the false positives a cue makes, per theme
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.themes import boilerplate_flags, rule_evidence_many, theme_ids  # noqa: E402

LABELS = ROOT / "models" / "labels"


def training_rows() -> list[dict]:
    test = set(tomllib.loads((LABELS / "SPLIT.toml").read_text())["test"])
    rows = []
    for f in sorted((LABELS / "themes").glob("*.jsonl")):
        if f.name.removesuffix(".jsonl") in test:
            continue  # held out: never opened
        part = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert part[0]["source"] not in test
        rows += part
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fp", nargs="*", default=[], help="list the false positives these cues make")
    a = ap.parse_args()
    rows = training_rows()
    texts = [r["text"] for r in rows]
    ev = [{} if b else e for e, b in zip(rule_evidence_many(texts), boilerplate_flags(texts), strict=True)]
    tp = fp = fn = 0
    f1s = []
    for t in theme_ids():
        a_tp = sum(1 for r, e in zip(rows, ev, strict=True) if t in e and t in r["themes"])
        a_fp = sum(1 for r, e in zip(rows, ev, strict=True) if t in e and t not in r["themes"])
        a_fn = sum(1 for r, e in zip(rows, ev, strict=True) if t not in e and t in r["themes"])
        tp, fp, fn = tp + a_tp, fp + a_fp, fn + a_fn
        if a_tp + a_fn:
            f1s.append(2 * a_tp / (2 * a_tp + a_fp + a_fn))
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"{len(rows)} sentences: tp {tp} fp {fp} fn {fn}  P {p:.3f} R {r:.3f} "
          f"micro F1 {2 * p * r / (p + r):.3f} macro F1 {sum(f1s) / len(f1s):.3f}")
    for cue in a.fp:
        for row, e in zip(rows, ev, strict=True):
            for t, cues in e.items():
                if cue in cues and t not in row["themes"]:
                    print(f"FP {t} [{cue}] {row['source']}: {row['text']}")


if __name__ == "__main__":
    main()
