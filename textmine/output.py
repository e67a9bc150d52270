"""Analysis results as pandas tables (the Python API for reports held in memory), and a table
as a CSV file written to a temporary name and renamed, so a killed command never leaves a
half-written file. A corpus run writes the store instead (``textmine.store``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from .analyze import Failure
from .model import Report


def documents_frame(reports: list[Report]) -> pd.DataFrame:
    rows = []
    for r in reports:
        counts = {s: sum(1 for f in r.findings if f.severity == s) for s in ("error", "warning")}
        rows.append({
            "source": r.source, "format": r.format, "title": r.title, "layout": r.layout,
            "year": r.year, "issuer": r.issuer, "region": r.region, "province": r.province, "level": r.level,
            "sections": len(r.sections), "cells": len(r.cells),
            "unreadable_cells": sum(1 for c in r.cells.values() if c.state == "unreadable"),
            "errors": counts["error"], "warnings": counts["warning"],
        })
    return pd.DataFrame(rows, columns=[
        "source", "format", "title", "layout", "year", "issuer", "region", "province", "level", "sections",
        "cells", "unreadable_cells", "errors", "warnings"])


def cells_frame(reports: list[Report]) -> pd.DataFrame:
    """Tidy cells of all reports: source, cell_id, table, row, column, value, state, candidates."""
    frames = [r.cells_frame() for r in reports if r.cells]
    if not frames:
        return Report("", "", "").cells_frame()
    return pd.concat(frames, ignore_index=True)


def findings_frame(reports: list[Report]) -> pd.DataFrame:
    frames = [r.findings_frame() for r in reports if r.findings]
    if not frames:
        return Report("", "", "").findings_frame()
    return pd.concat(frames, ignore_index=True)


def sentences_frame(reports: list[Report]) -> pd.DataFrame:
    """One row per narrative sentence: source, section, offsets, text, themes (``;``-joined)."""
    rows = [{"source": r.source, "section": s.section, "start": s.start, "end": s.end,
             "text": s.text, "themes": ";".join(s.themes)} for r in reports for s in r.sentences]
    return pd.DataFrame(rows, columns=["source", "section", "start", "end", "text", "themes"])


def keywords_frame(reports: list[Report]) -> pd.DataFrame:
    rows = [{"source": r.source, **k} for r in reports for k in r.keywords]
    return pd.DataFrame(rows, columns=["source", "term", "score", "method"])


def problems_frame(reports: list[Report]) -> pd.DataFrame:
    """Section-五 problems: source, problem_no, text, start, end, themes (``;``-joined)."""
    rows = [{"source": r.source, "problem_no": k, "text": p.text, "start": p.start, "end": p.end,
             "themes": ";".join(p.themes)} for r in reports for k, p in enumerate(r.problems)]
    return pd.DataFrame(rows, columns=["source", "problem_no", "text", "start", "end", "themes"])


def commitments_frame(reports: list[Report]) -> pd.DataFrame:
    """Section-五 commitments, one row each, with their linked indicators as ``id=value`` text."""
    rows = [{"source": r.source, "commitment_no": k, "text": c.text, "start": c.start, "end": c.end,
             "themes": ";".join(c.themes), "action": c.action, "object": c.object, "target": c.target,
             "deadline": c.deadline, "problem_no": c.problem,
             "indicators": "; ".join(f"{i['id']}={i['value']:g}{i['unit']}" for i in c.indicators)}
            for r in reports for k, c in enumerate(r.commitments)]
    return pd.DataFrame(rows, columns=["source", "commitment_no", "text", "start", "end", "themes", "action",
                                       "object", "target", "deadline", "problem_no", "indicators"])


INDICATOR_COLUMNS = ["source", "id", "value", "before", "unit", "qualifier", "theme", "text", "start", "end",
                     "origin"]


def indicators_frame(reports: list[Report]) -> pd.DataFrame:
    """Every indicator (table cells, derived rates, narrative quantities) of the reports;
    ``origin`` is the indicator's own ``source`` (table / narrative)."""
    rows = [{"source": r.source, "id": i.id, "value": i.value, "before": i.before, "unit": i.unit,
             "qualifier": i.qualifier, "theme": i.theme, "text": i.text, "start": i.start, "end": i.end,
             "origin": i.source} for r in reports for i in r.indicators]
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def json_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose list and dict values are JSON strings (for CSV and Parquet)."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, list | dict)).any():
            frame[col] = frame[col].map(
                lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
    return frame


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """A table as CSV, UTF-8 with BOM (spreadsheet programs then show the Chinese), written
    atomically; lists and dicts as JSON."""
    from .cache import atomic_write

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json_cells(frame).to_csv(index=False, lineterminator="\n")
    atomic_write(path, text.encode("utf-8-sig"))


def failures_frame(failures: list[Failure]) -> pd.DataFrame:
    return pd.DataFrame([asdict(f) for f in failures], columns=["source", "stage", "code", "error"])
