"""How the theme model's held-out micro-F1 grows with the number of labelled training reports.

    python models/learning_curve.py          # about 2 minutes; writes models/labels/LEARNING_CURVE.md

Random subsets of k of the training reports of SPLIT.toml (six draws per k, seeded) fit the model
of ``models/train_themes.py``; each is scored on the held-out reports. To keep the run short the
thresholds are not tuned again per subset: every subset uses those tuned (leave-one-report-out)
on all the training reports. Nothing here is chosen from the held-out figures: the curve answers
one question, whether more labelled reports would still help, and by how much.
"""

from __future__ import annotations

import random
import sys
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))

from train_themes import LABELS, load_labels, scores, tune_thresholds  # noqa: E402

from textmine.themes import ThemeModel, is_boilerplate, theme_ids  # noqa: E402

SIZES = (2, 4, 6, 8, 10)
DRAWS = 6
SEED = 0


def main() -> None:
    split = tomllib.loads((LABELS / "SPLIT.toml").read_text())
    data = load_labels()
    held_out = [r for name, rows in data.items() if name in split["test"] for r in rows]
    train = {name: rows for name, rows in data.items() if name not in split["test"]}
    ids = theme_ids()
    thresholds = tune_thresholds(train, ids)
    texts, gold = [r["text"] for r in held_out], [r["themes"] for r in held_out]
    boiler = [is_boilerplate(t) for t in texts]
    rng = random.Random(SEED)
    curve: list[tuple[int, float]] = []
    names = sorted(train)
    lines = ["# Theme tagging: learning curve", "",
             f"Written by `python models/learning_curve.py`. Held-out: {len(held_out)} sentences of "
             f"{len(split['test'])} reports (SPLIT.toml). Each row: {DRAWS} random subsets of k training "
             "reports (one when k is all of them), the model of train_themes.py fitted on each, "
             "thresholds those tuned on all the training reports.", "",
             "| training reports | sentences (mean) | held-out micro-F1 mean | min | max |",
             "|---|---|---|---|---|"]
    for k in SIZES:
        if k > len(names):
            break
        results = []
        for _ in range(1 if k == len(names) else DRAWS):
            rows = [r for name in rng.sample(names, k) for r in train[name]]
            model = ThemeModel().fit([r["text"] for r in rows], [r["themes"] for r in rows])
            model.thresholds_ = {t: thresholds[t] for t in model.thresholds_}
            pred = [[] if b else p for b, p in zip(boiler, model.predict(texts), strict=True)]
            results.append((scores(gold, pred, ids)["micro_f1"], len(rows)))
        f1 = [r[0] for r in results]
        curve.append((k, float(np.mean(f1))))
        lines.append(f"| {k} | {np.mean([r[1] for r in results]):.0f} | {np.mean(f1):.3f} | "
                     f"{min(f1):.3f} | {max(f1):.3f} |")
        print(lines[-1], flush=True)
    slope, intercept = np.polyfit(np.log2([k for k, _ in curve[1:]]), [f for _, f in curve[1:]], 1)
    needed = 2 ** ((0.85 - intercept) / slope)
    lines += ["", f"A straight line through the means from 4 reports on, against log2(reports): "
              f"{slope:+.3f} micro-F1 per doubling of the training reports. Extrapolated (a guess, "
              f"not a measure): 0.85 would need about {needed:.0f} labelled reports of this kind; the "
              f"corpus holds {len(data)}, all labelled."]
    print(lines[-1])
    (LABELS / "LEARNING_CURVE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
