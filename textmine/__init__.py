"""textmine: Chinese government information-disclosure annual reports (政府信息公开工作年度报告)
made into checked data.

    >>> import textmine
    >>> report = textmine.analyze_file("corpora/2019_yunnan_szf.txt")
    >>> report.value("t3.unavailable.not_held.total")
    651
    >>> reports, failures = textmine.analyze_paths(["corpora"])
    >>> textmine.cells_frame(reports)  # tidy pandas DataFrame
    >>> corpus = textmine.Corpus("corpora", out="out").analyze()   # the store (DuckDB + Parquet)
    >>> corpus.cells, corpus.findings, corpus.sql("SELECT count(*) FROM sentences")
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Where each public name lives. They are imported on first use (PEP 562): ``import textmine``
# (and so every ``textmine`` command and worker) does not pay for pandas, DuckDB and the store
# until it needs them.
_EXPORTS = {
    "analyze": ("Failure", "analyze_file", "analyze_paths"),
    "corpus": ("Corpus", "open_store"),
    "errors": ("IngestError", "NotAReportError", "TextmineError"),
    "followthrough": ("follow_through_frame", "recurring_problems"),
    "model": ("Block", "Cell", "Commitment", "Finding", "Indicator", "Problem", "Report", "Section",
              "Sentence"),
    "output": ("cells_frame", "commitments_frame", "documents_frame", "failures_frame",
               "findings_frame", "indicators_frame", "problems_frame"),
    "store": ("read_table",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:
    from .analyze import Failure, analyze_file, analyze_paths
    from .corpus import Corpus, open_store
    from .errors import IngestError, NotAReportError, TextmineError
    from .followthrough import follow_through_frame, recurring_problems
    from .model import Block, Cell, Commitment, Finding, Indicator, Problem, Report, Section, Sentence
    from .output import (
        cells_frame,
        commitments_frame,
        documents_frame,
        failures_frame,
        findings_frame,
        indicators_frame,
        problems_frame,
    )
    from .store import read_table


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'textmine' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


__version__ = "0.1.0"

__all__ = [
    "Block", "Cell", "Commitment", "Corpus", "Failure", "Finding", "Indicator", "IngestError",
    "NotAReportError", "Problem", "Report", "Section", "Sentence", "TextmineError", "analyze_file",
    "analyze_paths", "cells_frame", "commitments_frame", "documents_frame", "failures_frame",
    "findings_frame", "follow_through_frame", "indicators_frame", "open_store", "problems_frame",
    "read_table", "recurring_problems",
]
