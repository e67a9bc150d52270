"""Export the narrative sentences of the shipped corpus for labelling (one JSONL per report).

    python models/labels/export_sentences.py          # writes models/labels/sentences/*.jsonl

Each line: {"id": "<file>:<start>", "source": file name, "section", "start", "end", "text"}.
Offsets are into textmine's normalised text of that report; ``text`` is kept so a label can be
matched again by text if normalisation ever changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import textmine

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    out = ROOT / "models" / "labels" / "sentences"
    out.mkdir(parents=True, exist_ok=True)
    reports, _ = textmine.analyze_paths([ROOT / "corpora"], link_years=False)
    for r in reports:
        name = Path(r.source).name
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for s in r.sentences:
                row = {"id": f"{name}:{s.start}", "source": name, "section": s.section,
                       "start": s.start, "end": s.end, "text": s.text}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, len(r.sentences))


if __name__ == "__main__":
    main()
