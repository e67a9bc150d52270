"""Does the context of a sentence (the headings it sits under) help the theme model? Leave-one-
report-out (LORO) cross-validation on the TRAINING reports only: the held-out reports of
models/labels/SPLIT.toml are not even read.

    python models/cv_themes.py                     # every variant (~5 min on one core)
    python models/cv_themes.py --nested            # also the shipped protocol, for NESTED (~2 min each)
    python models/cv_themes.py --only NAME [NAME…]  # some variants

Each training report in turn is predicted by a model fitted on the other nine. Printed, as rows
of a Markdown table: micro-F1 at threshold 0.5; micro-F1 with per-theme thresholds tuned on those
same out-of-report probabilities (optimistic, alike for every variant); with ``--nested``, the
protocol of models/train_themes.py inside each fold (thresholds tuned by LORO on the nine fitting
reports, applied to the tenth) and its macro-F1. Boilerplate carries no theme, as in tagging.
Figures and the choice: models/labels/CV_THEMES.md.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_themes import (
    LABELS,
    best_thresholds,
    fit_model,
    load_labels,
    loro_proba,
    predict_proba,
    report_context,
    scores,
)

from textmine.themes import Context, ThemeModel, is_boilerplate, theme_ids

# name → (which context: "leads" = sentence_context as shipped; "every" = leads_only=False, every
# marked item below level 1 is a heading, long ones too; "nearest" = only the nearest heading of any
# level, as the subheading), ThemeModel parameters
VARIANTS: dict[str, tuple[str, dict]] = {
    "baseline (sentence alone)": ("leads", {}),
    # the headings' tokens (H:…, S:…) and the section id (§…) in a TF-IDF block of their own
    "block: heading": ("leads", {"context": ("heading",)}),
    "block: heading x0.5": ("leads", {"context": ("heading",), "context_weight": 0.5}),
    "block: heading + subheading": ("leads", {"context": ("heading", "subheading")}),
    "block: heading + subheading, every item": ("every", {"context": ("heading", "subheading")}),
    "block: heading + subheading + section": ("leads", {"context": ("heading", "subheading", "section")}),
    "block: section": ("leads", {"context": ("section",)}),
    "block: heading + heading's rule verdicts": ("leads", {"context": ("heading", "heading_rules")}),
    # the headings' text mixed into the sentence's own features, weighted (heading, subheading)
    "mixed: heading 0.5": ("leads", {"heading_weight": 0.5}),
    "mixed: subheading 0.3": ("leads", {"subheading_weight": 0.3}),
    "mixed: subheading 0.5": ("leads", {"subheading_weight": 0.5}),
    "mixed: subheading 0.7": ("leads", {"subheading_weight": 0.7}),
    "mixed: heading 0.3 + subheading 0.5": ("leads", {"heading_weight": 0.3, "subheading_weight": 0.5}),
    "mixed: heading 0.5 + subheading 0.5": ("leads", {"heading_weight": 0.5, "subheading_weight": 0.5}),
    "mixed: heading 0.5 + subheading 0.5, every item": ("every", {"heading_weight": 0.5,
                                                                  "subheading_weight": 0.5}),
    "mixed: heading 1 + subheading 1": ("leads", {"heading_weight": 1.0, "subheading_weight": 1.0}),
    "mixed: nearest heading 0.3": ("nearest", {"subheading_weight": 0.3}),
    "mixed: nearest heading 0.5": ("nearest", {"subheading_weight": 0.5}),
}
# the stacked variant, at these weights: the nearest heading's theme probabilities by a
# sentence-alone model, cross-fitted, as 21 features
STACKED = (0.5, 1.0)
# the variants --nested runs (the baseline and the best of the others by the tuned column)
NESTED = ("baseline (sentence alone)", "mixed: subheading 0.3", "mixed: subheading 0.5",
          "mixed: nearest heading 0.3")


def predictions(proba: np.ndarray, texts: list[str], thresholds: dict[str, float], ids) -> list[list[str]]:
    th = np.array([thresholds.get(t, 0.5) for t in ids])
    return [[] if is_boilerplate(text) else [t for j, t in enumerate(ids) if row[j] >= th[j]]
            for text, row in zip(texts, proba, strict=True)]


def nested(train, context, params, ids) -> list[list[str]]:
    """Each report predicted as the shipped model predicts a held-out report: fitted on the other
    reports, with thresholds tuned by leave-one-report-out on them."""
    preds = []
    for held in train:
        rest = {k: v for k, v in train.items() if k != held}
        thresholds = best_thresholds(*loro_proba(rest, context, params), ids)
        model = fit_model(rest, context, params)
        rows = train[held]
        preds += predictions(predict_proba(model, rows, context[held]), [r["text"] for r in rows],
                             thresholds, ids)
    return preds


class _HeadingScores(ThemeModel):
    """The model with, in place of the rule verdicts of the level-1 heading ("heading_rules"),
    a first model's probabilities for the sentence's nearest heading (``scores``: id of the
    :class:`Heading` → probability per theme, cross-fitted: never from a model that saw the
    heading's report)."""

    scores: dict[int, np.ndarray]

    def _heading_rules(self, context, n):
        m = np.zeros((n, len(self.classes_)), dtype=np.float32)
        for i, c in enumerate(context or ()):
            h = c.subheading or c.heading
            if h is not None:
                m[i] = self.scores[id(h)]
        return m


def _title_scores(model: ThemeModel, context: list[Context]) -> dict[int, np.ndarray]:
    headings = list({id(h): h for c in context for h in (c.heading, c.subheading) if h is not None}.values())
    if not headings:
        return {}
    proba = model.predict_proba([h.title for h in headings], tokens=[list(h.tokens) for h in headings])
    return {id(h): row for h, row in zip(headings, proba, strict=True)}


def stacked_proba(train, context, weights) -> dict[float, np.ndarray]:
    """LORO probabilities of the stacked variant, per weight. In each fold, the fitting reports'
    headings are scored by leave-one-report-out among them, the held-out report's by a
    sentence-alone model fitted on them all."""
    probs: dict[float, list[np.ndarray]] = {w: [] for w in weights}
    for held in train:
        rest = [k for k in train if k != held]
        found: dict[int, np.ndarray] = {}
        for k in rest:
            inner = fit_model(train, context, {}, [o for o in rest if o != k])
            found.update(_title_scores(inner, context[k]))
        found.update(_title_scores(fit_model(train, context, {}, rest), context[held]))
        rows = [r for k in rest for r in train[k]]
        for w in weights:
            model = _HeadingScores(context=("heading_rules",), context_weight=w)
            model.scores = found
            model.fit([r["text"] for r in rows], [r["themes"] for r in rows],
                      context=[c for k in rest for c in context[k]])
            probs[w].append(predict_proba(model, train[held], context[held]))
    return {w: np.vstack(p) for w, p in probs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nested", action="store_true", help="also the nested protocol (NESTED)")
    parser.add_argument("--only", nargs="*", help="variants to run (names as printed)")
    args = parser.parse_args()
    split = tomllib.loads((LABELS / "SPLIT.toml").read_text())
    train = load_labels(skip=frozenset(split["test"]))
    assert not set(train) & set(split["test"])
    ids = theme_ids()
    contexts = {"leads": {k: report_context(v) for k, v in train.items()},
                "every": {k: report_context(v, leads_only=False) for k, v in train.items()}}
    contexts["nearest"] = {k: [Context(c.section, None, c.subheading or c.heading) for c in v]
                           for k, v in contexts["leads"].items()}
    gold = [r["themes"] for rows in train.values() for r in rows]
    texts = [r["text"] for rows in train.values() for r in rows]
    print(f"{len(train)} training reports, {len(gold)} sentences; LORO micro-F1\n")
    print("| variant | @0.5 | tuned | nested | nested macro |\n|---|---|---|---|---|")

    def row(name: str, proba: np.ndarray, extra: str = "| | |") -> None:
        at_half = scores(gold, predictions(proba, texts, {}, ids), ids)["micro_f1"]
        tuned_th = best_thresholds(proba, gold, ids)
        tuned = scores(gold, predictions(proba, texts, tuned_th, ids), ids)["micro_f1"]
        print(f"| {name} | {at_half:.3f} | {tuned:.3f} {extra}", flush=True)

    for name, (which, params) in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        t0 = time.time()
        proba, _ = loro_proba(train, contexts[which], params)
        extra = "| | |"
        if args.nested and name in NESTED:
            s = scores(gold, nested(train, contexts[which], params, ids), ids)
            extra = f"| {s['micro_f1']:.3f} | {s['macro_f1']:.3f} |"
        row(name, proba, extra)
        print(f"<!-- {time.time() - t0:.0f}s -->", file=sys.stderr)
    names = {w: f"stacked: nearest heading's probabilities x{w:g}" for w in STACKED}
    weights = [w for w in STACKED if not args.only or names[w] in args.only]
    if weights:
        for w, proba in stacked_proba(train, contexts["leads"], weights).items():
            row(names[w], proba)


if __name__ == "__main__":
    main()
