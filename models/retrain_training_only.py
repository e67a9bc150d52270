"""Retrain models/themes_model.joblib exactly as models/train_themes.py does (same thresholds
tuning, same fit, same dump), reading only the TRAINING reports: the held-out label files of
models/labels/SPLIT.toml are skipped by name before anything is read, and nothing is scored,
so models/labels/EVAL.md is not rewritten (run models/train_themes.py for it).

    python models/retrain_training_only.py OUT     # OUT: where to save it (the shipped
                                                   # models/themes_model.joblib is the all-reports
                                                   # model; this one is not written over it unless
                                                   # named)
"""

from __future__ import annotations

import sys
from pathlib import Path

import joblib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))

from train_themes import fit_tuned, load_labels  # noqa: E402

from textmine.themes import MODEL_FILE, theme_ids  # noqa: E402


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(f"usage: python models/retrain_training_only.py OUT  (e.g. /tmp/{MODEL_FILE})")
    out = Path(sys.argv[1])
    train = load_labels(skip_held_out=True)
    model, thresholds = fit_tuned(train, theme_ids())
    train_rows = [r for rows in train.values() for r in rows]
    joblib.dump(model.compact(), out, compress=3)
    print(f"{out}: {len(train)} reports, {len(train_rows)} sentences; thresholds {thresholds}")


if __name__ == "__main__":
    main()
