"""Agreement between the theme labels of models/labels/themes and a second, blind annotation of
a random sample of 200 sentences (models/labels/iaa/labels_b.jsonl): how consistent the gold
labels are, i.e. the ceiling a tagger can be measured against.

    python models/labels/iaa/agreement.py
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE.parent


def draw_sample(gold_by_file: list[list[dict]], n: int = 200, seed: int = 20261126) -> list[str]:
    """The ids of the sample (``sample.jsonl``): ``n`` labelled sentences drawn at random from
    every file of models/labels/themes, read in sorted file order, sorted back into text order."""
    import random

    rows = [r for rows in gold_by_file for r in rows]
    random.seed(seed)
    picked = random.sample(rows, n)
    return [r["id"] for r in sorted(picked, key=lambda r: (r["source"], r["start"]))]


def micro(pairs: list[tuple[list[str], list[str]]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for gold, other in pairs:
        g, o = set(gold), set(other)
        tp, fp, fn = tp + len(g & o), fp + len(o - g), fn + len(g - o)
    p, r = tp / (tp + fp), tp / (tp + fn)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    by_file = [[json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
               for f in sorted((LABELS / "themes").glob("*.jsonl"))]
    gold = {r["id"]: r for rows in by_file for r in rows}
    lines = (HERE / "labels_b.jsonl").read_text(encoding="utf-8").splitlines()
    second = [json.loads(x) for x in lines if x.strip()]
    assert [x["id"] for x in second] == draw_sample(by_file), "labels_b.jsonl is not the sample"
    test = set(tomllib.loads((LABELS / "SPLIT.toml").read_text())["test"])
    groups = {"all": second,
              "held-out reports": [x for x in second if gold[x["id"]]["source"] in test],
              "training reports": [x for x in second if gold[x["id"]]["source"] not in test]}
    print("| sentences | n | P | R | micro-F1 | same label set |")
    print("|---|---|---|---|---|---|")
    for name, rows in groups.items():
        pairs = [(gold[x["id"]]["themes"], x["themes"]) for x in rows]
        p, r, f = micro(pairs)
        same = sum(set(g) == set(o) for g, o in pairs)
        print(f"| {name} | {len(rows)} | {p:.3f} | {r:.3f} | {f:.3f} | {same}/{len(rows)} |")
    diff = Counter()
    for x in second:
        g, o = set(gold[x["id"]]["themes"]), set(x["themes"])
        diff.update(f"only gold: {t}" for t in g - o)
        diff.update(f"only second: {t}" for t in o - g)
    print()
    print("Disagreements: " + ", ".join(f"{k} {v}" for k, v in diff.most_common()))


if __name__ == "__main__":
    main()
