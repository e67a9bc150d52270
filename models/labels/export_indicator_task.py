"""Export the gold narrative numbers in their sentences, for labelling the indicator each
measures (INDICATORS_GUIDELINES.md). Nothing textmine infers about the numbers is exported:
the annotator sees the number, its sentence and the sentence before, not textmine's ids.

    python models/labels/export_indicator_task.py OUT.jsonl

Each line: {"source", "start", "end", "text", "value", "unit", "section", "previous", "sentence"}
where ``sentence`` marks the number as 【…】.
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from pathlib import Path

import textmine

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = ROOT / "models" / "labels" / "numbers"


def main(out_path: str) -> None:
    rows = []
    for gold in sorted(NUMBERS.glob("*.jsonl")):
        source = gold.name.removesuffix(".jsonl")
        report = textmine.analyze_file(ROOT / "corpora" / source, text_mining=False)
        starts = [s.start for s in report.sentences]
        for line in gold.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            k = bisect_right(starts, g["start"]) - 1
            s = report.sentences[k]
            marked = (report.text[s.start:g["start"]] + "【" + g["text"] + "】"
                      + report.text[g["end"]:s.end])
            previous = report.sentences[k - 1].text if k > 0 else ""
            rows.append({"source": source, "start": g["start"], "end": g["end"], "text": g["text"],
                         "value": g["value"], "unit": g["unit"], "section": s.section,
                         "previous": previous, "sentence": marked})
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), "numbers →", out_path)


if __name__ == "__main__":
    main(sys.argv[1])
