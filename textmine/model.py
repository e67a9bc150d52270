"""The data passed between textmine's stages: a report, its sections, cells and findings.

Every collection has a ``to_frame()`` (pandas) and the report serialises to the JSON document of
``textmine analyze`` (later stages add keys to the same document).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .digits import Value


@dataclass
class Section:
    """One of the report's parts; ``id`` is canonical (``overview``…``other``) where the title
    maps to one, else the pre-2019 part's own id (``fees``, ``statistics``…) or ``section.N``."""

    id: str
    title: str
    start: int
    end: int
    text: str


@dataclass
class Block:
    """A sub-section （一）… or a numbered item (1. / 一是…), with offsets into the text."""

    kind: str  # "subsection" | "item"
    section: str
    label: str
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    """A narrative sentence; ``themes`` with their ``evidence`` (cue terms) and ``confidence``
    are filled by the theme tagger."""

    section: str
    start: int
    end: int
    text: str
    themes: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


@dataclass
class Cell:
    """A table cell under its canonical id ``table.row.column``.

    ``state`` is ``value`` when ``value`` holds a number, else ``blank`` (printed empty), ``na``
    (printed "/", "—", "无") or ``unreadable`` (missing, or ambiguous: see ``candidates``).
    """

    table: str
    row: str
    column: str
    value: Value
    raw: str = ""
    candidates: list[Value] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"

    @property
    def state(self) -> str:
        return self.value if isinstance(self.value, str) else "value"

    @property
    def number(self) -> int | float | None:
        return None if isinstance(self.value, str) else self.value


@dataclass
class Finding:
    """A check's verdict on the report, or textmine's own uncertainty about its reading.

    ``origin`` says which: ``report`` (the printed numbers break a rule) or ``textmine`` (the
    reading is ambiguous or incomplete). ``severity``: error | warning | info.
    """

    rule: str
    severity: str
    cells: list[str]
    expected: Any
    found: Any
    message: str
    origin: str = "report"


@dataclass
class Indicator:
    """A measured quantity: a table cell, a derived rate, or a number stated in the narrative.

    ``id`` is a catalogue id of ``models/indicators.toml`` (``web.sites``, ``hotline.contacts``…)
    or, for ``source == "table"``, the canonical cell id / derived-rate id. A before→after pair
    (由4622个整合至307个) is one indicator with ``value`` the after and ``before`` the before.
    Offsets are into the report text; ``None`` for derived table rates.
    """

    id: str
    value: int | float
    unit: str
    source: str  # "table" | "narrative"
    qualifier: str | None = None  # 余 / 约 / 以上 / 累计 / 同比…
    theme: str | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None
    before: int | float | None = None


@dataclass
class Problem:
    """One problem named in section 五 (存在的主要问题), with offsets and themes."""

    text: str
    start: int
    end: int
    themes: list[str] = field(default_factory=list)


@dataclass
class Commitment:
    """One promise of section 五 (改进情况 / 下一步…): its action verb, object, stated target or
    deadline, the problem it answers (index into ``Report.problems``) and the indicators that
    would show progress (with their values in this report)."""

    text: str
    start: int
    end: int
    themes: list[str] = field(default_factory=list)
    action: str | None = None
    object: str | None = None
    target: str | None = None
    deadline: str | None = None
    problem: int | None = None
    indicators: list[dict[str, Any]] = field(default_factory=list)  # {id, value, unit, source}


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, shallow: the values are plain lists, dicts and scalars
    (``asdict`` would deep-copy them all, the dominant cost of writing a report's JSON)."""
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}


@dataclass(eq=False)
class Report:
    """Everything textmine knows about one annual report."""

    source: str
    format: str
    text: str
    title: str | None = None
    layout: str | None = None
    year: int | None = None
    issuer: str | None = None
    region: str | None = None
    level: str | None = None
    province: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    cells: dict[str, Cell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # keywords of the report: {term, score, method} (tfidf / textrank)
    keywords: list[dict[str, Any]] = field(default_factory=list)
    # section 五: problems and commitments; quantified indicators (tables and narrative)
    problems: list[Problem] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # one name for the issuer across renamings (manifest aliases), set by a corpus run
    issuer_key: str | None = None
    # whether the text was mined (themes, keywords, indicators, commitments), so that a later
    # change of the cells (cross-year narrowing) also updates what was derived from them
    mined: bool = field(default=False, repr=False)
    # every check evaluated (pass / fail / not_checkable), for auditing what was verified
    checks: list[Any] = field(default_factory=list, repr=False)
    # "table.row" -> (columns, joint readings, printed text) of rows still ambiguous, kept so
    # cross-year rules can narrow them
    row_candidates: dict[str, tuple] = field(default_factory=dict, repr=False)
    # findings about the reading itself, and from cross-year rules; ``findings`` = these + checks
    parse_findings: list[Finding] = field(default_factory=list, repr=False)
    cross_findings: list[Finding] = field(default_factory=list, repr=False)

    # ----------------------------------------------------------------- accessors
    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def value(self, cell_id: str) -> Value | None:
        cell = self.cells.get(cell_id)
        return None if cell is None else cell.value

    @property
    def ambiguous(self) -> dict[str, list[Value]]:
        return {cid: c.candidates for cid, c in self.cells.items() if c.candidates}

    @property
    def theme_shares(self) -> dict[str, float]:
        """Share of the narrative's sentences that carry each theme."""
        if not self.sentences:
            return {}
        counts: dict[str, int] = {}
        for s in self.sentences:
            for t in s.themes:
                counts[t] = counts.get(t, 0) + 1
        n = len(self.sentences)
        return {t: round(c / n, 4) for t, c in sorted(counts.items(), key=lambda x: -x[1])}

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    # ----------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "title": self.title,
            "layout": self.layout,
            "year": self.year,
            "issuer": self.issuer,
            "region": self.region,
            "province": self.province,
            "level": self.level,
            "meta": self.meta,
            "sections": [_fields(s) for s in self.sections],
            "blocks": [_fields(b) for b in self.blocks],
            "sentences": [_fields(s) for s in self.sentences],
            "cells": {cid: c.value for cid, c in self.cells.items()},
            "ambiguous": self.ambiguous,
            "findings": [_fields(f) for f in self.findings],
            "checks": [_fields(c) for c in self.checks],
            "keywords": self.keywords,
            "theme_shares": self.theme_shares,
            "problems": [_fields(p) for p in self.problems],
            "commitments": [_fields(c) for c in self.commitments],
            "indicators": [_fields(i) for i in self.indicators],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def cells_frame(self):
        """Tidy cells: one row per cell (source, table, row, column, value, state, candidates)."""
        import pandas as pd

        rows = [
            {
                "source": self.source,
                "cell_id": c.id,
                "table": c.table,
                "row": c.row,
                "column": c.column,
                "value": c.number,
                "state": c.state,
                "candidates": c.candidates or None,
            }
            for c in self.cells.values()
        ]
        return pd.DataFrame(rows, columns=[
            "source", "cell_id", "table", "row", "column", "value", "state", "candidates"])

    def findings_frame(self):
        import pandas as pd

        rows = [{"source": self.source, **asdict(f)} for f in self.findings]
        return pd.DataFrame(rows, columns=[
            "source", "rule", "severity", "cells", "expected", "found", "message", "origin"])

    def sections_frame(self):
        import pandas as pd

        rows = [{"source": self.source, **asdict(s)} for s in self.sections]
        return pd.DataFrame(rows, columns=["source", "id", "title", "start", "end", "text"])
