"""Every error textmine raises about a user's input, defined in one place.

A message names the file, the stage and the cause on one line, with a stable code (TM1xx for
reading a file, TM2xx for recognising a report), so a user can search for it and a corpus run can
record it as a row instead of dying.
"""

from __future__ import annotations

from pathlib import Path

MESSAGES: dict[str, str] = {
    "TM101": "file not found",
    "TM102": "empty file",
    "TM103": "binary data, not a text report (found NUL/control bytes)",
    "TM104": "cannot decode the text (tried BOMs, UTF-8, GB18030 and charset detection)",
    "TM105": "file too large ({size_mb:.0f} MB > limit {limit_mb:.0f} MB); "
    "annual reports are a few MB at most",
    "TM106": "unsupported file type {suffix!r} (expected .txt, .html/.htm, .pdf or .docx){hint}",
    "TM107": "cannot extract text: {detail}",
    "TM201": "not an annual report: {detail}",
}


class TextmineError(Exception):
    """An input problem, reported as ``FILE: [stage] CODE message`` on one line."""

    def __init__(self, code: str, path: Path | str | None = None, stage: str = "ingest", **kw):
        self.code = code
        self.path = str(path) if path is not None else None
        self.stage = stage
        self.detail = MESSAGES[code].format(**kw)
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}[{self.stage}] {self.code} {self.detail}"


class IngestError(TextmineError):
    """The file could not be read into text."""


class NotAReportError(TextmineError):
    """The text was read but is not a 政府信息公开工作年度报告."""

    def __init__(self, path: Path | str | None, detail: str):
        super().__init__("TM201", path, stage="structure", detail=detail)
