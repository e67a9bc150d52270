"""A corpus and its store, from Python: analyse a folder, then read its tables as DataFrames.

    >>> import textmine
    >>> corpus = textmine.Corpus("corpora", out="out").analyze()
    >>> corpus.cells.query("cell_id == 't3.unavailable.not_held.total'")
    >>> corpus.sql("SELECT source, count(*) FROM findings GROUP BY source")
    >>> textmine.open_store("out").documents          # a store written earlier

Every accessor reads the current store (``textmine.store.read_table``), so it always shows the
last finished run and returns a fresh DataFrame the caller may change freely.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from .store import TABLES, RunSummary, build_store, db_path, query, read_table


def default_out(path: Path | str) -> Path:
    """Where a corpus's store goes when no ``out`` is given: under the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``, else the system temp folder), one folder per corpus
    path, so analysing the same corpus again reuses its cache."""
    resolved = Path(path).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(base) / "textmine" / "stores"
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        root = Path(tempfile.gettempdir()) / "textmine-stores"
    return root / f"{resolved.name or 'corpus'}-{digest}"


class _Table:
    """An accessor for one table of the store, as a property of :class:`Corpus`."""

    def __init__(self, name: str):
        self.name = name
        self.__doc__ = f"The ``{name}`` table of the store (see docs/store-schema.md)."

    def __get__(self, corpus: Corpus | None, owner: type | None = None) -> Any:
        if corpus is None:
            return self
        return corpus.table(self.name)


class Corpus:
    """A folder of reports (``path``) and the store it is analysed into (``out``).

    ``out`` defaults to :func:`default_out` (the user's cache folder). ``Corpus.open(out)`` (or
    :func:`open_store`) reads a store written before, without the corpus."""

    documents = _Table("documents")
    sections = _Table("sections")
    sentences = _Table("sentences")
    sentence_themes = _Table("sentence_themes")
    keywords = _Table("keywords")
    cells = _Table("cells")
    findings = _Table("findings")
    indicators = _Table("indicators")
    problems = _Table("problems")
    commitments = _Table("commitments")
    commitment_indicators = _Table("commitment_indicators")
    followthrough = _Table("followthrough")
    failures = _Table("failures")

    def __init__(self, path: Path | str | None, out: Path | str | None = None):
        if path is None and out is None:
            raise ValueError("give the corpus folder, the store folder (out), or both")
        self.path = Path(path) if path is not None else None
        self.out = Path(out) if out is not None else default_out(self.path)  # type: ignore[arg-type]
        self.summary: RunSummary | None = None  # of the last analyze() of this object

    @classmethod
    def open(cls, out: Path | str) -> Corpus:
        """The store written earlier in ``out`` (raises StoreNotFoundError if there is none)."""
        corpus = cls(None, out)
        if not db_path(corpus.out).is_file():
            from .store import StoreNotFoundError

            raise StoreNotFoundError(f"{db_path(corpus.out)}: no store here")
        return corpus

    def analyze(self, workers: int | None = None, engine: str = "local", *,
                scheduler: Any = None, write_json: bool = True, progress: Any = None) -> Corpus:
        """Analyse the corpus into the store (incrementally: unchanged files are not read again)
        and return self. ``engine``: ``local`` (processes on this machine, ``workers`` of them,
        default all cores) or ``dask`` (``scheduler``: address, Client or cluster; default a
        local cluster). The run's counts are in ``self.summary``."""
        if self.path is None:
            raise ValueError("this Corpus was opened from a store; it has no folder to analyse")
        self.summary = build_store(self.path, self.out, workers=workers, engine=engine,
                                   scheduler=scheduler, write_json=write_json, progress=progress)
        return self

    def table(self, name: str) -> Any:
        """A table of the store by name, as a pandas DataFrame."""
        return read_table(self.out, name)

    def sql(self, sql: str, params: list[Any] | None = None) -> Any:
        """An SQL query over the store's tables (DuckDB, read-only connection) as a DataFrame."""
        return query(self.out, sql, params)

    @property
    def tables(self) -> list[str]:
        return list(TABLES)

    def __repr__(self) -> str:
        return f"Corpus(path={str(self.path) if self.path else None!r}, out={str(self.out)!r})"


def open_store(out: Path | str) -> Corpus:
    """The store in ``out`` (written by ``textmine run`` or ``Corpus.analyze``)."""
    return Corpus.open(out)
