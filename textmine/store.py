"""Reports → the corpus store: one DuckDB database and one Parquet file per table (the contract of
``docs/store-schema.md``), built incrementally and never left half-written.

Reading: :func:`read_table` (a table of an ``OUT`` folder as a DataFrame) and :func:`query` (SQL,
read-only) are all a later stage needs; :class:`textmine.Corpus` wraps them.

Writing (:func:`build_store`) in two phases:

1. **Analyse** every file whose cache entry is missing (:mod:`textmine.cache`; the key covers the
   bytes, the name, the manifest row, the settings and textmine's analysis version), in parallel
   (:mod:`textmine.engines`). Unchanged files cost a sha256 and nothing else.
2. **Build** a new database from the cache, issuer by issuer: cross-year linking needs all years of
   one issuer (renamings joined through manifest aliases) and nothing else, so memory is bounded
   by the largest issuer, not by the corpus. Only the cache headers (issuer, year, aliases) are
   read to form the groups; each group is then loaded, linked, written as JSON documents and
   turned into typed Arrow tables by :func:`build_group`, in worker processes when the corpus is
   large (unpickling and row-building cost more than the inserts). This process only streams
   the Arrow tables into staging tables of a temporary database in ``OUT``; the final tables are
   sorted (by ``source``, then the row's position in its report) so two runs give identical
   tables whatever the order the workers finished in, then copied to Parquet. The new files
   replace the old ones by ``os.replace``, Parquet first and the database last: the database is
   the commit point.

Why rebuild rather than update rows in place: a changed file can change its issuer's other years
(cross-year narrowing and checks), a removed file must take its rows along, and a rebuild from
the cache is cheap (no file is read again). A run killed at any moment leaves the previous store
current, its finished cache entries reusable and some ``.tmp-*`` files, which the next run deletes
(one run at a time per ``OUT``, under a lock). So a rerun after ``kill -9`` gives exactly the
tables of an uninterrupted run.

A rerun with nothing to analyse skips phase 2 when the store is provably the one a rebuild would
write (:func:`current_build`): the last completed build recorded a signature of everything it
read (:func:`inputs_signature`) and digests of the files it wrote, and a build drops that record
before it changes anything, so a killed, edited or half-swapped store is always built again.
The same record lets a build take the rows of an issuer group whose members' cache keys all
stayed the same from the previous database (:meth:`_Writer.reuse`, :func:`reusable_build`)
instead of loading, linking and converting its reports again: a group's rows depend on its
members alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import crossyear
from .analyze import Failure
from .cache import (
    SUFFIX,
    TMP_PREFIX,
    Entry,
    FailureInfo,
    Header,
    analysis_version,
    atomic_write,
    cache_key,
    dump_entry,
    entry_path,
    file_sha256,
    read_entry,
    read_header,
    write_entry_bytes,
)
from .engines import DEFAULT_TIMEOUT
from .ingest import DEFAULT_MAX_BYTES
from .model import Report

DB_NAME = "textmine.duckdb"
MARKER = ".textmine-store.json"
LOCK = ".textmine.lock"

# --------------------------------------------------------------------------- the contract
# name -> ((column, DuckDB type), …), in the order of docs/store-schema.md
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("source", "VARCHAR"), ("sha256", "VARCHAR"), ("format", "VARCHAR"), ("title", "VARCHAR"),
        ("layout", "VARCHAR"), ("year", "INTEGER"), ("issuer", "VARCHAR"), ("issuer_key", "VARCHAR"),
        ("region", "VARCHAR"), ("province", "VARCHAR"), ("level", "VARCHAR"), ("chars", "INTEGER"),
        ("sections", "INTEGER"), ("sentences", "INTEGER"), ("cells", "INTEGER"),
        ("unreadable_cells", "INTEGER"), ("errors", "INTEGER"), ("warnings", "INTEGER")),
    "sections": (
        ("source", "VARCHAR"), ("id", "VARCHAR"), ("title", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("text", "VARCHAR")),
    "sentences": (
        ("source", "VARCHAR"), ("sentence_no", "INTEGER"), ("section", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("themes", "VARCHAR")),
    "sentence_themes": (
        ("source", "VARCHAR"), ("sentence_no", "INTEGER"), ("theme", "VARCHAR"),
        ("confidence", "DOUBLE"), ("evidence", "VARCHAR")),
    "keywords": (
        ("source", "VARCHAR"), ("method", "VARCHAR"), ("rank", "INTEGER"), ("term", "VARCHAR"),
        ("score", "DOUBLE")),
    "cells": (
        ("source", "VARCHAR"), ("cell_id", "VARCHAR"), ("table", "VARCHAR"), ("row", "VARCHAR"),
        ("column", "VARCHAR"), ("value", "DOUBLE"), ("state", "VARCHAR"), ("raw", "VARCHAR"),
        ("candidates", "VARCHAR")),
    "findings": (
        ("source", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"), ("origin", "VARCHAR"),
        ("message", "VARCHAR"), ("cells", "VARCHAR"), ("expected", "VARCHAR"), ("found", "VARCHAR")),
    "indicators": (
        ("source", "VARCHAR"), ("indicator_no", "INTEGER"), ("id", "VARCHAR"), ("value", "DOUBLE"),
        ("before", "DOUBLE"), ("unit", "VARCHAR"), ("qualifier", "VARCHAR"), ("theme", "VARCHAR"),
        ("text", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("origin", "VARCHAR")),
    "problems": (
        ("source", "VARCHAR"), ("problem_no", "INTEGER"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("themes", "VARCHAR")),
    "commitments": (
        ("source", "VARCHAR"), ("commitment_no", "INTEGER"), ("text", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("themes", "VARCHAR"), ("action", "VARCHAR"),
        ("object", "VARCHAR"), ("target", "VARCHAR"), ("deadline", "VARCHAR"),
        ("problem_no", "INTEGER")),
    "commitment_indicators": (
        ("source", "VARCHAR"), ("commitment_no", "INTEGER"), ("indicator_id", "VARCHAR"),
        ("value", "DOUBLE"), ("unit", "VARCHAR"), ("origin", "VARCHAR")),
    "followthrough": (
        ("issuer_key", "VARCHAR"), ("year", "INTEGER"), ("source", "VARCHAR"),
        ("commitment_no", "INTEGER"), ("commitment", "VARCHAR"), ("indicator_id", "VARCHAR"),
        ("value", "DOUBLE"), ("next_source", "VARCHAR"), ("next_year", "INTEGER"), ("next_value", "DOUBLE"),
        ("change", "DOUBLE"), ("problem_repeated", "BOOLEAN"), ("similarity", "DOUBLE"),
        ("matched_text", "VARCHAR")),
    "failures": (
        ("source", "VARCHAR"), ("sha256", "VARCHAR"), ("stage", "VARCHAR"), ("code", "VARCHAR"),
        ("error", "VARCHAR")),
}


def columns(name: str) -> list[str]:
    """The contract's columns of a table, in order."""
    return [c for c, _ in _spec(name)]


def _spec(name: str) -> tuple[tuple[str, str], ...]:
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"no table {name!r}; the store has: {', '.join(TABLES)}") from None


def _q(identifier: str) -> str:
    """Quoted SQL identifier: the contract uses words DuckDB reserves (table, row, column, end)."""
    return '"' + identifier.replace('"', '""') + '"'


# --------------------------------------------------------------------------- reading
class StoreNotFoundError(FileNotFoundError):
    """``OUT`` holds no store (yet)."""


class StoreError(RuntimeError):
    """``OUT`` cannot be written as a store (in use by another run, or holding another file)."""


def db_path(out: Path | str) -> Path:
    return Path(out) / DB_NAME


def parquet_path(out: Path | str, name: str) -> Path:
    return Path(out) / "parquet" / f"{name}.parquet"


@contextlib.contextmanager
def connect(out: Path | str) -> Iterator[Any]:
    """A read-only DuckDB connection to the current store of ``out``, closed on exit. A run in
    progress writes elsewhere and replaces the file at the end, so readers never see it half-way."""
    import duckdb

    path = db_path(out)
    if not path.is_file():
        raise StoreNotFoundError(f"{path}: no store here; run `textmine run CORPUS --out {out}` "
                                 "or textmine.Corpus(CORPUS, out).analyze()")
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def read_table(out: Path | str, name: str) -> Any:
    """One table of the store in ``out`` as a pandas DataFrame, rows in the store's order (by
    ``source``, then position in the report). A column of the contract that a store written by
    an older textmine lacks (``followthrough.next_year``) comes back empty (NULL), so reading
    and reporting still work until the next ``textmine run`` rebuilds the store."""
    wanted = columns(name)
    with connect(out) as con:
        present = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]).fetchall()}
        have = [c for c in wanted if c in present] or wanted
        frame = con.execute(f"SELECT {', '.join(_q(c) for c in have)} FROM {_q(name)}").df()
    for column in wanted:
        if column not in frame.columns:
            frame[column] = None
    return frame[wanted]


def query(out: Path | str, sql: str, params: list[Any] | None = None) -> Any:
    """The result of an SQL query over the store (read-only connection) as a DataFrame."""
    with connect(out) as con:
        return con.execute(sql, params or []).df()


# --------------------------------------------------------------------------- rows of one report
def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _float(value: Any) -> float | None:
    """A number as a float; anything else (None, a state word, NaN) as NULL."""
    if type(value) is float:  # the common case, ~10^5 calls per corpus: no isinstance chain
        return None if value != value else value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return None if math.isnan(value) else value


def report_rows(report: Report, sha256: str | None) -> dict[str, list[tuple]]:
    """Every row one (linked) report contributes, per table, in the contract's column order.
    ``*_no`` columns are 0-based positions in the report's JSON lists; keyword ``rank`` is 1-based
    within its method."""
    s = report.source
    severities = Counter(f.severity for f in report.findings)
    unreadable = sum(1 for c in report.cells.values() if c.state == "unreadable")
    rows: dict[str, list[tuple]] = {
        "documents": [(
            s, sha256, report.format, report.title, report.layout, report.year, report.issuer,
            report.issuer_key, report.region, report.province, report.level, len(report.text),
            len(report.sections), len(report.sentences), len(report.cells), unreadable,
            severities["error"], severities["warning"])],
        "sections": [(s, x.id, x.title, x.start, x.end, x.text) for x in report.sections],
        "sentences": [(s, i, x.section, x.start, x.end, x.text, ";".join(x.themes))
                      for i, x in enumerate(report.sentences)],
        "sentence_themes": [
            (s, i, t, _float(x.confidence.get(t)), ";".join(x.evidence.get(t, [])))
            for i, x in enumerate(report.sentences) for t in x.themes],
        "keywords": _keyword_rows(report),
        "cells": [_cell_row(s, cid, c) for cid, c in report.cells.items()],
        "findings": [(s, f.rule, f.severity, f.origin, f.message, _json(f.cells), _json(f.expected),
                      _json(f.found)) for f in report.findings],
        "indicators": [(s, i, x.id, _float(x.value), _float(x.before), x.unit, x.qualifier, x.theme,
                        x.text, x.start, x.end, x.source) for i, x in enumerate(report.indicators)],
        "problems": [(s, i, x.text, x.start, x.end, ";".join(x.themes))
                     for i, x in enumerate(report.problems)],
        "commitments": [(s, i, x.text, x.start, x.end, ";".join(x.themes), x.action, x.object,
                         x.target, x.deadline, x.problem) for i, x in enumerate(report.commitments)],
        "commitment_indicators": [
            (s, i, ind.get("id"), _float(ind.get("value")), ind.get("unit"), ind.get("source"))
            for i, x in enumerate(report.commitments) for ind in x.indicators],
    }
    return rows


_UNREADABLE = columns("documents").index("unreadable_cells")


def _cell_row(source: str, cell_id: str, c: Any) -> tuple:
    """One cell (the store's largest table: kept to plain attribute reads, no properties)."""
    v = c.value
    if isinstance(v, str):
        value, state = None, v
    else:
        value, state = float(v), "value"
    return (source, cell_id, c.table, c.row, c.column, value, state, c.raw,
            _json(c.candidates) if c.candidates else None)


def _keyword_rows(report: Report) -> list[tuple]:
    ranks: Counter[str] = Counter()
    rows = []
    for k in report.keywords:
        ranks[k["method"]] += 1
        rows.append((report.source, k["method"], ranks[k["method"]], k["term"], _float(k["score"])))
    return rows


def failure_row(source: str, sha256: str | None, info: FailureInfo) -> tuple:
    return (source, sha256, info.stage, info.code, failure_line(source, info))


def failure_line(source: str, info: FailureInfo) -> str:
    """The one-line error as textmine prints it: ``FILE: [stage] CODE message``."""
    return f"{source}: [{info.stage}] {info.code} {info.detail}"


def followthrough_rows(reports: list[Report]) -> list[tuple]:
    """Rows of ``followthrough`` for the reports of one issuer: the rows
    ``textmine.followthrough.follow_through_frame`` is made of (commitments followed into the
    issuer's next report), taken as tuples without the DataFrame. NaN → NULL and numpy scalars →
    Python values, as a frame's cells would have been read."""
    from .followthrough import follow_through_rows  # rows in COLUMNS order = the store's (a test)

    return [row if all(type(v) in _PLAIN for v in row) else tuple(_plain(v) for v in row)
            for row in follow_through_rows(reports)]


_PLAIN = frozenset({str, int, bool, type(None)})  # need no conversion (floats may be NaN)


def _plain(value: Any) -> Any:
    """numpy scalars → Python values, NaN/NA → None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    try:
        if value != value:  # NaN, pd.NA raises TypeError
            return None
    except TypeError:
        return None
    return value


def frames(reports: list[Report], failures: Iterable[Failure] = ()) -> dict[str, Any]:
    """The store's tables for reports in memory (e.g. from :func:`textmine.analyze_paths`), as
    DataFrames with the contract's columns; ``sha256`` is NULL (the bytes are not known here)."""
    import pandas as pd

    rows: dict[str, list[tuple]] = defaultdict(list)
    for r in sorted(reports, key=lambda r: r.source):
        for name, table_rows in report_rows(r, None).items():
            rows[name].extend(table_rows)
    rows["failures"] = [(f.source, None, f.stage, f.code, f.error) for f in failures]
    return {name: pd.DataFrame(rows.get(name, []), columns=columns(name)) for name in TABLES}


# --------------------------------------------------------------------------- writing
_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "BOOLEAN": "bool_"}


@cache
def arrow_schema(name: str) -> Any:
    """The Arrow schema of a table's rows as they travel to the database: the contract's columns
    plus ``_seq``, the row's position in its report (the second sort key)."""
    import pyarrow as pa

    return pa.schema([(c, getattr(pa, _ARROW_TYPES[t])()) for c, t in _spec(name)]
                     + [("_seq", pa.int64())])


def arrow_table(name: str, rows: list[tuple], seq: list[int]) -> Any:
    """Rows (contract order) and their ``_seq`` → a typed Arrow table; NULLs stay NULLs."""
    import pyarrow as pa

    schema = arrow_schema(name)
    cols = [*zip(*rows, strict=True), seq] if rows else [[] for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(col, type=schema.field(i).type) for i, col in enumerate(cols)], schema=schema)


class _Writer:
    """Streams Arrow batches into staging tables, then sorts them into the final tables of a new
    database file and copies those to Parquet.

    Staging tables are TEMP tables: in memory up to DuckDB's ``memory_limit``, spilled to
    ``spill_dir`` beyond it, never written to the database file (whose only writes are then the
    final, sorted tables: half the insert time, no dead pages left in the file). Batches are
    buffered up to ``batch_rows`` so DuckDB sees few, large, single-chunk inserts rather than one
    small insert per report and table. The memory limit bounds this process's memory whatever
    the size of the corpus."""

    def __init__(self, path: Path, spill_dir: Path, batch_rows: int = 50_000,
                 memory_limit: str = "128MB"):
        import duckdb

        self.path = path
        self.con = duckdb.connect(str(path))
        self.con.execute(f"SET temp_directory = '{_sql_str(spill_dir)}'")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = true")
        # one thread while batches stream in: the inserts are serial anyway, and the build's
        # worker processes need the cores (two threads here cost ~20% of phase 2 on two cores);
        # finish() gives the sort and the copies all of them back
        self.con.execute("SET threads = 1")
        self.batch_rows = batch_rows
        self.buffers: dict[str, list[Any]] = {name: [] for name in TABLES}
        self.buffered = 0
        for name, spec in TABLES.items():
            cols = ", ".join(f"{_q(c)} {t}" for c, t in spec)
            self.con.execute(f"CREATE TEMP TABLE {_q('stage_' + name)} ({cols}, _seq BIGINT)")

    def add(self, name: str, table: Any) -> None:
        if table.num_rows:
            self.buffers[name].append(table)
            self.buffered += table.num_rows
            if self.buffered >= self.batch_rows:
                self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        for name, tables in self.buffers.items():
            if tables:
                batch = pa.concat_tables(tables).combine_chunks()
                self.con.register("_batch", batch)
                self.con.execute(f"INSERT INTO {_q('stage_' + name)} SELECT * FROM _batch")
                self.con.unregister("_batch")
                tables.clear()
        self.buffered = 0

    def attach(self, old_db: Path) -> bool:
        """Open the database of the previous build for :meth:`reuse` (read-only); False when it
        cannot be opened, e.g. another process holds it open for writing: the run then builds
        every group itself rather than fail."""
        import duckdb

        try:
            self.con.execute(f"ATTACH '{_sql_str(old_db)}' AS prev (READ_ONLY)")
        except duckdb.Error:
            return False
        return True

    def reuse(self, sources: list[str]) -> tuple[int, int, int, int]:
        """Stage the rows of ``sources`` from the database of the previous build (every table but
        ``failures``; :meth:`attach` first, detached here), without a round trip through Python.
        Their ``_seq`` is the row's ``rowid`` there: that table was written sorted, so within a
        source (which no new row shares) it orders rows as their first ``_seq`` did. Returns the
        documents' counts for the run's summary: reports, cells, unreadable cells, reports with
        errors."""
        import pyarrow as pa

        self.con.register("_reuse", pa.table({"source": pa.array(sources, pa.string())}))
        try:
            for name in TABLES:
                if name != "failures":
                    cols = ", ".join(_q(c) for c in columns(name))
                    self.con.execute(
                        f"INSERT INTO {_q('stage_' + name)} SELECT {cols}, rowid FROM prev.{_q(name)} "
                        "WHERE source IN (SELECT source FROM _reuse)")
            reports, cells, unreadable, with_errors = self.con.execute(
                "SELECT count(*), coalesce(sum(cells), 0), coalesce(sum(unreadable_cells), 0), "
                "count(*) FILTER (WHERE errors > 0) FROM prev.documents "
                "WHERE source IN (SELECT source FROM _reuse)").fetchall()[0]
        finally:
            self.con.unregister("_reuse")
            self.con.execute("DETACH prev")
        return int(reports), int(cells), int(unreadable), int(with_errors)

    def finish(self, parquet: dict[str, Path]) -> dict[str, int]:
        """Final tables in a stable order, Parquet copies, file closed and synced; row counts."""
        self.flush()
        self.con.execute("RESET threads")
        counts = {}
        for name in TABLES:
            cols = ", ".join(_q(c) for c in columns(name))
            stage = _q("stage_" + name)
            # (source, _seq) is unique but in followthrough, whose rows come one frame per issuer
            tiebreak = f", {cols}" if name == "followthrough" else ""
            self.con.execute(f"CREATE TABLE {_q(name)} AS SELECT {cols} FROM {stage} "
                             f"ORDER BY source NULLS LAST, _seq{tiebreak}")
            self.con.execute(f"DROP TABLE {stage}")
            self.con.execute(f"COPY {_q(name)} TO '{_sql_str(parquet[name])}' "
                             "(FORMAT parquet, COMPRESSION zstd)")
            counts[name] = self.con.execute(f"SELECT count(*) FROM {_q(name)}").fetchone()[0]
        self.con.execute("CHECKPOINT")
        self.con.close()
        for p in [self.path, *parquet.values()]:
            _fsync(p)
        return counts

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    """Flush a file (or folder entry) to disk, so a rename published after it survives a crash."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - folders cannot be opened on some systems
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- the OUT folder
@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer per ``OUT`` at a time (an advisory lock, released by the OS if the run dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    fh = open(out / LOCK, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{out}: another textmine run is writing this store") from None
        yield
    finally:
        fh.close()


def _read_marker(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_marker(out: Path, marker: dict[str, Any]) -> None:
    atomic_write(out / MARKER, json.dumps(marker, ensure_ascii=False, indent=1).encode("utf-8"))


def _claim(out: Path) -> dict[str, Any]:
    """Mark ``out`` as a textmine store before anything is written there, and refuse a folder
    whose ``textmine.duckdb`` textmine did not write (nothing a user gave is overwritten)."""
    marker = _read_marker(out)
    if marker.get("store") == 1:
        return marker
    if db_path(out).exists():
        raise StoreError(f"{db_path(out)} exists and was not written by textmine run; "
                         "choose another --out")
    marker = {"store": 1, "reports": {}}
    _write_marker(out, marker)
    return marker


def _clean_temps(out: Path) -> None:
    """Delete what killed runs left: ``.tmp-*`` files and folders in the store's folders."""
    for folder in (out, out / "parquet", out / "cache"):
        if folder.is_dir():
            for p in folder.glob(f"{TMP_PREFIX}*"):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    if (out / "reports").is_dir():
        for p in (out / "reports").rglob(f"{TMP_PREFIX}*"):
            p.unlink(missing_ok=True)


def report_json_path(source: str) -> str:
    """Where a report's JSON document goes under ``OUT/reports``: its path in the corpus with
    unsafe characters replaced (top-level files: ``reports/<file>.json``)."""
    parts = [re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", p) for p in source.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) + ".json"


# --------------------------------------------------------------------------- planning
@dataclass
class Planned:
    """One file of the corpus in this run."""

    source: str
    path: Path
    sha256: str | None
    key: str | None
    manifest_row: dict[str, str] | None = None
    failure: FailureInfo | None = None  # known before analysis (unreadable) or not cacheable


def corpus_files(corpus: Path, out: Path) -> tuple[Path, list[Path]]:
    """The corpus root and its report files in a stable order, leaving out the ``OUT`` folder
    when it lies inside the corpus. When the corpus is ``OUT`` itself (or inside it) nothing is
    left out: what textmine writes there is JSON, Parquet, DuckDB and pickles, never a report
    file, and its own HTML pages are left out wherever they are (``iter_report_files``)."""
    from .analyze import iter_report_files

    root = corpus if corpus.is_dir() else corpus.parent
    out_r = out.resolve()
    if root.resolve().is_relative_to(out_r):
        return root, list(iter_report_files([corpus]))
    return root, [f for f in iter_report_files([corpus]) if not f.resolve().is_relative_to(out_r)]


def plan(corpus: Path, out: Path, max_bytes: int, text_mining: bool) -> list[Planned]:
    """Every report file of the corpus with its hash and cache key, sorted by ``source``."""
    from .metadata import manifest_entry

    root, files = corpus_files(corpus, out)
    version = analysis_version()
    planned = []
    for f in files:
        source = f.relative_to(root).as_posix()
        try:
            sha = file_sha256(f)
        except FileNotFoundError:
            continue  # gone since the folder was listed: not part of this corpus any more
        except OSError as exc:
            planned.append(Planned(source, f, None, None, failure=FailureInfo(
                "ingest", "TM107", f"cannot extract text: {exc.strerror or exc}")))
            continue
        row = manifest_entry(f)
        key = cache_key(sha, source, row, max_bytes, text_mining, version)
        planned.append(Planned(source, f, sha, key, row))
    return sorted(planned, key=lambda p: p.source)


# --------------------------------------------------------------------------- one issuer group
Settings = tuple[int, bool, float | None]  # max_bytes, text_mining, timeout: how a file is analysed


@dataclass(frozen=True)
class GroupTask:
    """The reports of one issuer (all its years, renamings joined), to be linked and turned into
    rows together. ``reports_dir`` is where their JSON documents go, None to leave them as they
    are (unchanged since the last run, or not wanted)."""

    items: tuple[Planned, ...]
    cache_dir: str
    reports_dir: str | None
    settings: Settings  # for re-analysing an unreadable entry


@dataclass
class GroupResult:
    tables: dict[str, Any]  # name -> Arrow table (contract columns + _seq)
    reports: int = 0
    cells: int = 0
    unreadable_cells: int = 0
    with_errors: int = 0
    reanalysed: int = 0
    failures: list[tuple[Planned, FailureInfo]] = field(default_factory=list)


def load_entry(p: Planned, cache_dir: Path, settings: Settings,
               header_only: bool = False) -> tuple[Header | Entry | FailureInfo, bool]:
    """A file's cache entry (or only its header), and whether it had to be analysed again: an
    entry that cannot be read (a disk error, a foreign file under that name) is analysed here and
    rewritten. A failure that is not cached comes back as the FailureInfo itself."""
    from .engines import Job, analyze_one

    path = entry_path(cache_dir, p.key or "")
    try:
        return (read_header(path) if header_only else read_entry(path)), False
    except Exception:
        pass
    max_bytes, text_mining, timeout = settings
    job = Job(p.source, str(p.path), p.sha256 or "", p.key or "", p.manifest_row, max_bytes,
              text_mining, analysis_version(), timeout)
    with _one_thread():
        header, payload, cacheable = analyze_one(job, p.path)
    if not cacheable:
        return payload, True
    write_entry_bytes(cache_dir, job.key, dump_entry(header, payload))
    return (header if header_only else Entry(header, payload)), True


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """One BLAS thread for an analysis in this process, as in the engines' workers."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1):
        yield


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: unpickling a group's reports and turning them into
    rows allocates hundreds of thousands of objects, each allocation burst triggering collections
    that walk every live report again (half the time of :func:`build_group`). The reports hold
    no reference cycles of note; whatever does is collected once the collector is back on."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_group(task: GroupTask) -> GroupResult:
    """Phase 2 for one issuer: load its reports from the cache, link the years (issuer key,
    cross-year narrowing and checks), write their JSON documents, and return their rows as Arrow
    tables. Runs in a worker process or in the caller; the result is the same."""
    with _gc_paused():
        return _build_group(task)


def _build_group(task: GroupTask) -> GroupResult:
    from .analyze import refresh

    cache_dir = Path(task.cache_dir)
    result = GroupResult({})
    reports: list[tuple[Report, Planned]] = []
    for p in task.items:
        entry, again = load_entry(p, cache_dir, task.settings)
        result.reanalysed += again
        if isinstance(entry, Entry) and isinstance(entry.payload, Report):
            entry.payload.source = p.source
            reports.append((entry.payload, p))
        else:  # became a failure when analysed again
            info = entry.payload if isinstance(entry, Entry) else entry
            result.failures.append((p, info))
    linked = [r for r, _ in reports]
    crossyear.assign_issuer_keys(linked)
    for r in crossyear.link(linked):
        refresh(r)
    rows: dict[str, list[tuple]] = defaultdict(list)
    seqs: dict[str, list[int]] = defaultdict(list)
    for r, p in reports:
        report_tables = report_rows(r, p.sha256)
        documents = report_tables["documents"]
        for name, table_rows in report_tables.items():
            rows[name].extend(table_rows)
            seqs[name].extend(range(len(table_rows)))
        result.reports += 1
        result.cells += len(r.cells)
        result.unreadable_cells += documents[0][_UNREADABLE]
        result.with_errors += r.has_errors
        if task.reports_dir is not None:
            path = Path(task.reports_dir) / report_json_path(r.source)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, r.to_json(indent=None).encode("utf-8"))
    rows["followthrough"] = followthrough_rows(linked)
    seqs["followthrough"] = list(range(len(rows["followthrough"])))
    result.tables = {name: arrow_table(name, rows.get(name, []), seqs.get(name, [])) for name in TABLES}
    return result


def _components(items: list[tuple[Planned, Header]]) -> list[list[Planned]]:
    """Reports grouped as cross-year linking groups them (issuer names joined through aliases,
    reports without an issuer alone), each sorted by source, groups by their first source."""
    find = crossyear.alias_root([(h.issuer, list(h.aliases)) for _, h in items if h.issuer])
    groups: dict[str, list[Planned]] = defaultdict(list)
    for p, h in items:
        groups["\0issuer\0" + find(h.issuer) if h.issuer else "\0file\0" + p.source].append(p)
    return sorted((sorted(g, key=lambda p: p.source) for g in groups.values()),
                  key=lambda g: g[0].source)


def _signature(group: list[Planned]) -> str:
    """What a group's JSON documents depend on: its members' cache keys (bytes, names, manifest
    rows, settings, analysis version). Same signature as last run: the documents are unchanged."""
    return hashlib.sha256("\n".join(sorted(p.key or "" for p in group)).encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- the store as last built
BUILT = "built"  # the marker's key for the BuildRecord of the current store


@cache
def builder_version() -> str:
    """What the store's contents depend on besides the cache entries: the analysis version (the
    linking, checks and follow-through modules), this module (rows, order, types; left out of
    the analysis version) and the libraries that write the files."""
    from importlib.metadata import PackageNotFoundError, version

    libs = []
    for lib in ("duckdb", "pyarrow"):
        try:
            libs.append(f"{lib} {version(lib)}")
        except PackageNotFoundError:  # pragma: no cover
            libs.append(f"{lib} ?")
    h = hashlib.sha256(f"{analysis_version()} {' '.join(libs)}".encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def inputs_signature(planned: list[Planned], write_json: bool) -> str:
    """Everything a store build reads: every file's source, bytes and cache key (the key covers
    its manifest row, the settings and the analysis version), the input errors known without a
    cache entry, whether JSON documents are wanted, and :func:`builder_version`. Two runs with
    one signature build identical stores."""
    spec = [builder_version(), write_json,
            [[p.source, p.sha256, p.key, None if p.failure is None else asdict(p.failure)]
             for p in planned]]
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False).encode()).hexdigest()


def store_digests(out: Path) -> dict[str, str] | None:
    """sha256 of the database and of each Parquet file; None when one is missing or the database
    has a write-ahead log (someone wrote to it since: its contents are not the file's alone)."""
    paths = {DB_NAME: db_path(out), **{f"parquet/{n}": parquet_path(out, n) for n in TABLES}}
    if Path(f"{paths[DB_NAME]}.wal").exists():
        return None
    try:
        return {name: file_sha256(p) for name, p in paths.items()}
    except OSError:
        return None


@dataclass
class BuildRecord:
    """What the last completed build of a store was made from and what it wrote, kept in the
    marker (``.textmine-store.json``) next to the JSON documents' signatures, and written in
    the same atomic write, after the swap. The digests tie it to the files it describes: a
    store replaced, edited or half-swapped since no longer matches. The counts make the run's
    summary without opening the database."""

    inputs: str
    digests: dict[str, str]
    reports: int = 0
    cells: int = 0
    unreadable_cells: int = 0
    with_errors: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    failures: list[list[str]] = field(default_factory=list)  # source, stage, code, error
    builder: str = ""  # builder_version() of the build
    groups: list[str] = field(default_factory=list)  # _signature of each group built cleanly

    @staticmethod
    def of(marker: dict[str, Any]) -> BuildRecord | None:
        """The record in a marker, or None when there is none or it is not what a build writes
        (a hand-edited or foreign marker: then the store is simply built again)."""
        try:
            record = BuildRecord(**marker[BUILT])
        except (KeyError, TypeError):
            return None
        fields_ok = (isinstance(record.inputs, str) and isinstance(record.digests, dict)
                     and isinstance(record.builder, str) and isinstance(record.rows, dict)
                     and isinstance(record.groups, list) and isinstance(record.failures, list)
                     and all(isinstance(f, list) and len(f) == 4 for f in record.failures))
        return record if fields_ok else None

    def fill(self, summary: RunSummary) -> None:
        """The summary of a run that found the store current: the counts of its build."""
        summary.rebuilt = False
        summary.reports, summary.cells = self.reports, self.cells
        summary.unreadable_cells, summary.with_errors = self.unreadable_cells, self.with_errors
        summary.rows = dict(self.rows)
        summary.failures = [Failure(*f) for f in self.failures]


def current_build(out: Path, marker: dict[str, Any], inputs: str) -> BuildRecord | None:
    """The record of the store in ``out`` when it is exactly what a build from ``inputs`` would
    write, else None: a record exists (the last build completed; a build drops it before
    touching anything), for the same inputs signature, the database and Parquet files are
    those it wrote (sha256; ~30 ms for 500 reports), and every JSON document it signed is
    there (the same check a rebuild makes before leaving a document as it is)."""
    record = BuildRecord.of(marker)
    if record is None:
        return None
    if record.inputs != inputs or not record.digests:
        return None
    reports = marker.get("reports")
    if not isinstance(reports, dict) or any(
            not sig or not (out / "reports" / name).is_file() for name, sig in reports.items()):
        return None
    return record if store_digests(out) == record.digests else None


def reusable_build(out: Path, marker: dict[str, Any]) -> BuildRecord | None:
    """The record of the store in ``out`` when its database can lend rows to a new build: the
    last build completed, with this :func:`builder_version`, and the database is the file it
    wrote. Then a group of reports whose signature (its members' cache keys) it lists has, in
    that database, exactly the rows a new :func:`build_group` would make (the rows of a group
    depend on its members alone)."""
    record = BuildRecord.of(marker)
    if record is None:
        return None
    path = db_path(out)
    if record.builder != builder_version() or Path(f"{path}.wal").exists():
        return None
    try:
        return record if file_sha256(path) == record.digests.get(DB_NAME) else None
    except OSError:
        return None


# --------------------------------------------------------------------------- the run
@dataclass
class RunSummary:
    """What a run did: how many files, how many analysed now vs taken from the cache, the
    failures (grouped by stage and code for the summary), and where the store is."""

    out: Path
    files: int = 0
    reports: int = 0
    analysed: int = 0
    reused: int = 0
    failures: list[Failure] = field(default_factory=list)
    cells: int = 0
    unreadable_cells: int = 0
    with_errors: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    analyse_seconds: float = 0.0  # phase 1: the files analysed now
    build_seconds: float = 0.0  # phase 2: linking, rows, database, Parquet, JSON
    rebuilt: bool = True  # False: the store was already what a rebuild would give (left as is)

    def failures_by_kind(self) -> list[tuple[str, str, int]]:
        """(stage, code, count), most frequent first."""
        counts = Counter((f.stage, f.code) for f in self.failures)
        return [(s, c, n) for (s, c), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


Progress = Callable[[str, int, int, str], None]  # (phase "analyse"/"build", done, total, source)


def build_store(corpus: Path | str, out: Path | str, *, workers: int | None = None,
                engine: str = "local", scheduler: Any = None, max_bytes: int = DEFAULT_MAX_BYTES,
                text_mining: bool = True, write_json: bool = True,
                progress: Progress | None = None, parallel_build_min: int = 64,
                rebuild: bool = False, timeout: float | None = DEFAULT_TIMEOUT) -> RunSummary:
    """Analyse the corpus under ``corpus`` into the store in ``out`` (see the module docstring).

    ``engine``: ``local`` (``workers`` processes, default: the usable cores) or ``dask``
    (``scheduler``: an address, a ``distributed.Client`` or cluster, or None for a local cluster
    of ``workers`` processes). Bad files become rows of ``failures``; the run goes on.
    ``write_json``: also ``OUT/reports/<file>.json`` (one document per report). Phase 2 runs in
    local processes from ``parallel_build_min`` reports on (below that, starting them costs more
    than it saves). When no file was analysed and the store in ``out`` is still the one built
    from exactly these inputs (:func:`current_build`), phase 2 is skipped (``summary.rebuilt``
    is False), and issuer groups unchanged since the last build take their rows from its
    database; ``rebuild=True`` builds every group again from the cache. ``timeout``: seconds one
    file's analysis may take in the local engine (None: no limit); past it the file is a failure
    (``TM901``, not cached)."""
    from .engines import ENGINES, Job, Outcome, default_workers, run_dask, run_local

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    started = time.perf_counter()
    corpus, out = Path(corpus), Path(out)
    if not corpus.exists():
        raise FileNotFoundError(f"{corpus}: no such file or folder")
    workers = workers or default_workers()
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(out)
    tick = progress or (lambda phase, done, total, source: None)
    with _locked(out):
        marker = _claim(out)
        _clean_temps(out)
        cache_dir = out / "cache"
        cache_dir.mkdir(exist_ok=True)
        planned = plan(corpus, out, max_bytes, text_mining)
        summary.files = len(planned)
        version = analysis_version()
        todo = [p for p in planned if p.key and not entry_path(cache_dir, p.key).exists()]
        summary.analysed = len(todo)
        summary.reused = sum(1 for p in planned if p.key) - len(todo)
        by_key = {p.key: p for p in planned if p.key}
        jobs = [Job(p.source, str(p.path), p.sha256 or "", p.key or "", p.manifest_row, max_bytes,
                    text_mining, version, timeout or None) for p in todo]
        done = 0

        def on_done(outcome: Outcome) -> None:
            nonlocal done
            done += 1
            if not outcome.cached and outcome.failure is not None:
                by_key[outcome.key].failure = outcome.failure
            tick("analyse", done, len(jobs), outcome.source)

        if jobs:
            tick("analyse", 0, len(jobs), "")
            if engine == "dask":
                run_dask(jobs, workers, cache_dir, on_done, scheduler)
            else:
                run_local(jobs, workers, cache_dir, on_done)
        built = time.perf_counter()
        summary.analyse_seconds = built - started
        inputs = inputs_signature(planned, write_json)
        recorded = None if jobs or rebuild else current_build(out, marker, inputs)
        if recorded is not None:
            recorded.fill(summary)
        else:
            settings: Settings = (max_bytes, text_mining, timeout or None)
            _build(planned, out, cache_dir, summary, marker, settings, write_json,
                   default_workers() if engine == "dask" else workers, parallel_build_min, tick,
                   inputs, reuse_rows=not rebuild)
        _prune_cache(cache_dir, {p.key for p in planned if p.key})
    summary.seconds = time.perf_counter() - started
    summary.build_seconds = summary.seconds - summary.analyse_seconds
    return summary


def _build(planned: list[Planned], out: Path, cache_dir: Path, summary: RunSummary,
           marker: dict[str, Any], settings: Settings, write_json: bool, workers: int,
           parallel_min: int, tick: Progress, inputs: str, reuse_rows: bool = True) -> None:
    """Phase 2: a new database from the cache, issuer group by issuer group, then the swap. The
    marker's build record (:class:`BuildRecord`) is dropped before anything of the store may
    change and written again once all is in place: a run killed in between leaves none."""
    from .engines import pool_run

    previous = reusable_build(out, marker) if reuse_rows else None
    if BUILT in marker:
        marker = {k: v for k, v in marker.items() if k != BUILT}
        _write_marker(out, marker)

    pid = os.getpid()
    tmp_db = out / f"{TMP_PREFIX}{DB_NAME}.{pid}"
    (out / "parquet").mkdir(exist_ok=True)
    tmp_parquet = {name: out / "parquet" / f"{TMP_PREFIX}{name}.{pid}.parquet" for name in TABLES}
    spill = out / f"{TMP_PREFIX}spill.{pid}"
    writer = _Writer(tmp_db, spill)
    failures: list[tuple[Planned, FailureInfo]] = []
    try:
        items: list[tuple[Planned, Header]] = []
        for p in planned:
            if p.failure is None and p.key:
                header, again = load_entry(p, cache_dir, settings, header_only=True)
                summary.analysed += again
                if isinstance(header, Header) and header.kind == "report":
                    items.append((p, header))
                    continue
                if isinstance(header, Header):  # a cached input error
                    entry, again = load_entry(p, cache_dir, settings)
                    summary.analysed += again
                    header = entry.payload if isinstance(entry, Entry) else entry
                p.failure = header if isinstance(header, FailureInfo) else FailureInfo(
                    "internal", "TM999", "unreadable cache entry")
            if p.failure is not None:
                failures.append((p, p.failure))
        groups = _components(items)
        old_json: dict[str, str] = marker.get("reports") if isinstance(marker.get("reports"), dict) else {}
        new_json = {report_json_path(p.source): _signature(g) for g in groups for p in g}
        rewrite = [write_json and _stale(g, new_json, old_json, out) for g in groups]
        if write_json:
            # before any document is written: every document this run may rewrite is marked as
            # unsigned, so that a run killed half-way never leaves a document whose content and
            # signature disagree (a later run with the old inputs would otherwise skip it)
            unsigned = {report_json_path(p.source) for g, again in zip(groups, rewrite, strict=True)
                        if again for p in g}
            _write_marker(out, {**marker, "reports": {**old_json, **dict.fromkeys(unsigned, "")}})
        signatures = [_signature(g) for g in groups]
        lendable = set(previous.groups) if previous is not None else set()
        reuse = [not again and sig in lendable for sig, again in zip(signatures, rewrite, strict=True)]
        if any(reuse) and not writer.attach(db_path(out)):
            reuse = [False] * len(groups)
        tasks = [GroupTask(tuple(g), str(cache_dir), str(out / "reports") if again else None, settings)
                 for g, again, lend in zip(groups, rewrite, reuse, strict=True) if not lend]
        clean = {sig for sig, lend in zip(signatures, reuse, strict=True) if lend}
        done = 0
        if any(reuse):  # groups unchanged since the previous build: their rows from its database
            lent = [p.source for g, lend in zip(groups, reuse, strict=True) if lend for p in g]
            reused = writer.reuse(lent)
            summary.reports, summary.cells, summary.unreadable_cells, summary.with_errors = reused
            done = reused[0]
            tick("build", done, len(items), "")

        def collect(task: GroupTask, result: GroupResult) -> None:
            nonlocal done
            for name, table in result.tables.items():
                writer.add(name, table)
            summary.reports += result.reports
            summary.cells += result.cells
            summary.unreadable_cells += result.unreadable_cells
            summary.with_errors += result.with_errors
            summary.analysed += result.reanalysed
            failures.extend(result.failures)
            if not result.failures and not result.reanalysed:
                clean.add(_signature(list(task.items)))
            done += len(task.items)
            tick("build", done, len(items), task.items[-1].source)

        def crashed(task: GroupTask, exc: BaseException) -> None:
            raise StoreError(f"building the rows of {task.items[0].source}… killed its process "
                             f"({type(exc).__name__})") from exc

        if workers > 1 and sum(len(t.items) for t in tasks) >= parallel_min:  # what is left to build
            pool_run(build_group, tasks, workers, collect, crashed, order=lambda t: t.items[0].source)
        else:
            for task in tasks:
                collect(task, build_group(task))
        failures.sort(key=lambda f: f[0].source)
        for p, info in failures:
            summary.failures.append(Failure(p.source, info.stage, info.code, failure_line(p.source, info)))
        writer.add("failures", arrow_table(
            "failures", [failure_row(p.source, p.sha256, info) for p, info in failures], [0] * len(failures)))
        summary.rows = writer.finish(tmp_parquet)
    except BaseException:
        writer.abort()
        raise
    # the swap: every new file is whole before it takes a current name; the database goes last
    for name, tmp in tmp_parquet.items():
        os.replace(tmp, parquet_path(out, name))
    os.replace(tmp_db, db_path(out))
    _fsync(out / "parquet")
    _fsync(out)
    shutil.rmtree(spill, ignore_errors=True)
    keep = new_json if write_json else {}
    for stale in set(old_json) - set(keep):
        (out / "reports" / stale).unlink(missing_ok=True)
    record = BuildRecord(inputs, store_digests(out) or {}, summary.reports, summary.cells,
                         summary.unreadable_cells, summary.with_errors, dict(summary.rows),
                         [[f.source, f.stage, f.code, f.error] for f in summary.failures],
                         builder_version(), sorted(clean))
    _write_marker(out, {**marker, "reports": keep, BUILT: asdict(record)})


def _stale(group: list[Planned], new: dict[str, str], old: dict[str, str], out: Path) -> bool:
    """Whether a group's JSON documents must be (re)written."""
    for p in group:
        name = report_json_path(p.source)
        if old.get(name) != new[name] or not (out / "reports" / name).is_file():
            return True
    return False


def _prune_cache(cache_dir: Path, keep: set[str | None]) -> None:
    """Drop entries no file of the corpus uses any more (removed or changed files, old versions),
    so the cache does not grow with every edit."""
    for p in cache_dir.glob(f"*{SUFFIX}"):
        if p.name[: -len(SUFFIX)] not in keep:
            p.unlink(missing_ok=True)
