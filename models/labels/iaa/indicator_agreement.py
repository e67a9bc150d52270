"""Agreement between the indicator ids of models/labels/indicator_ids and a second, blind
annotation of a random sample of 120 gold numbers (models/labels/iaa/indicator_ids_b.jsonl):
how consistent the labels are that textmine's naming of numbers is scored against.

    python models/labels/iaa/indicator_agreement.py

The sample (``indicator_sample.jsonl``: each number in its sentence, as the annotator saw it)
is 120 of the rows of ``models/labels/export_indicator_task.py`` drawn with
``random.Random(20261126).shuffle`` and put back in text order.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE.parent


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def agreement(gold: dict[tuple, str], other: dict[tuple, str]) -> dict:
    """Accuracy over the shared numbers, Cohen's kappa, and P/R/F1 of the ids (``none`` the
    negative class) with ``gold`` as reference: the measure eval_commitments.py uses."""
    keys = sorted(other)
    a = [gold[k] for k in keys]
    b = [other[k] for k in keys]
    n = len(keys)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[c] * cb[c] for c in ca) / (n * n)
    tp = sum(x == y != "none" for x, y in zip(a, b, strict=True))
    n_gold, n_other = sum(x != "none" for x in a), sum(y != "none" for y in b)
    p, r = tp / n_other, tp / n_gold
    return {"n": n, "accuracy": observed, "kappa": (observed - expected) / (1 - expected),
            "P": p, "R": r, "F1": 2 * p * r / (p + r),
            "disagreements": [(k, gold[k], other[k]) for k in keys if gold[k] != other[k]]}


def main() -> None:
    gold = {(r["source"], r["start"], r["end"]): r["indicator"]
            for f in sorted((LABELS / "indicator_ids").glob("*.jsonl")) for r in _rows(f)}
    other = {(r["source"], r["start"], r["end"]): r["indicator"]
             for r in _rows(HERE / "indicator_ids_b.jsonl")}
    out = agreement(gold, other)
    print(f"n={out['n']} accuracy {out['accuracy']:.3f} kappa {out['kappa']:.3f} "
          f"ids P {out['P']:.3f} R {out['R']:.3f} F1 {out['F1']:.3f}")
    for (source, start, _), g, o in out["disagreements"]:
        print(f"  {source[:22]:<22} {start:>6}  first {g:<30} second {o}")


if __name__ == "__main__":
    main()
