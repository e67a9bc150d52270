"""Retrain models/themes_model.joblib exactly as models/train_themes.py does (same thresholds
tuning, same fit, same dump), reading only the TRAINING reports: the held-out label files of
models/labels/SPLIT.toml are skipped by name before anything is read, and nothing is scored,
so models/labels/EVAL.md is not rewritten (run models/train_themes.py for it).

    python models/retrain_training_only.py [OUT]   # default: models/themes_model.joblib
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import joblib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))

from train_themes import LABELS, tune_thresholds  # noqa: E402

from textmine.themes import MODEL_FILE, ThemeModel, theme_ids  # noqa: E402


def load_training() -> dict[str, list[dict]]:
    """train_themes.load_labels, held-out files skipped before reading (same order)."""
    test = set(tomllib.loads((LABELS / "SPLIT.toml").read_text())["test"])
    by_report: dict[str, list[dict]] = {}
    for f in sorted((LABELS / "themes").glob("*.jsonl")):
        if f.name.removesuffix(".jsonl") in test:
            continue  # held out: never opened
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert rows[0]["source"] not in test
        by_report[rows[0]["source"]] = rows
    return by_report


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "models" / MODEL_FILE
    train = load_training()
    ids = theme_ids()
    train_rows = [r for rows in train.values() for r in rows]
    thresholds = tune_thresholds(train, ids)
    model = ThemeModel().fit([r["text"] for r in train_rows], [r["themes"] for r in train_rows])
    model.thresholds_ = {t: thresholds[t] for t in model.thresholds_}
    joblib.dump(model.compact(), out, compress=3)
    print(f"{out}: {len(train)} reports, {len(train_rows)} sentences; thresholds {thresholds}")


if __name__ == "__main__":
    main()
