"""textmine: Chinese government information-disclosure annual reports (政府信息公开工作年度报告)
made into checked data.

    >>> import textmine
    >>> report = textmine.analyze_file("corpora/2019_yunnan_szf.txt")
    >>> report.value("t3.unavailable.not_held.total")
    651
    >>> reports, failures = textmine.analyze_paths(["corpora"])
    >>> textmine.cells_frame(reports)  # tidy pandas DataFrame
"""

from .analyze import Failure, analyze_file, analyze_paths
from .errors import IngestError, NotAReportError, TextmineError
from .model import Block, Cell, Finding, Report, Section, Sentence
from .output import cells_frame, documents_frame, failures_frame, findings_frame

__version__ = "0.1.0"

__all__ = [
    "Block", "Cell", "Failure", "Finding", "IngestError", "NotAReportError", "Report", "Section",
    "Sentence", "TextmineError", "analyze_file", "analyze_paths", "cells_frame", "documents_frame",
    "failures_frame", "findings_frame",
]
