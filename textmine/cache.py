"""The per-file analysis cache under ``OUT/cache/``: what makes a corpus rerun incremental.

One entry per file, ``OUT/cache/<key>.pkl``, holding the file's :class:`~textmine.model.Report`
*before* cross-year linking (or the input error that stopped it). Cross-year linking is not cached
because it depends on the issuer's other years: every run links again from these entries, which
costs little next to reading a file.

The key is a hash of everything the per-file result depends on, so an entry can never be stale:

- the file's bytes (sha256), its path relative to the corpus (metadata is inferred from the file
  name, and the report's ``source`` is that path) and its ``MANIFEST.csv`` row;
- the analysis settings (``max_bytes``, ``text_mining``);
- :func:`analysis_version`: textmine's version, its own source files and the model files. The
  source files are in it because a developer changing ``tables.py`` without bumping the version
  must not be served yesterday's cells; hashing ~30 small files costs about a millisecond.
  Modules that only read or print the store (:data:`NOT_ANALYSIS`) are left out.

An entry is a pickle *stream* of two objects: a small header (kind, issuer, year, aliases) and the
payload. Grouping the corpus by issuer reads only the headers, so the builder never has to hold
every report in memory at once. Entries are written to a temporary name in the same folder and
renamed (``os.replace``), so a process killed mid-write leaves either no entry or a whole one.
Pickles are trusted here because the cache is the user's own output folder, written by textmine.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ENTRY_FORMAT = 1
SUFFIX = ".pkl"
TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class Header:
    """What the store builder needs of an entry without loading the report: how to group it."""

    kind: str  # "report" | "failure"
    sha256: str
    issuer: str | None = None
    year: int | None = None
    aliases: tuple[str, ...] = ()
    format: int = ENTRY_FORMAT


@dataclass(frozen=True)
class FailureInfo:
    """An input error, cached like a report: the same bytes fail the same way next time."""

    stage: str
    code: str
    detail: str


@dataclass
class Entry:
    header: Header
    payload: Any = field(repr=False)  # Report | FailureInfo


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MiB blocks (reports may be PDFs of tens of MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _hash_files(h: Any, root: Path, files: list[Path]) -> None:
    for f in sorted(files):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())


# Modules that never run while one file is analysed (they read the store or print): editing
# them must not make a corpus be analysed again. Anything else counts, new modules included.
NOT_ANALYSIS = frozenset({"__main__.py", "cli.py", "store.py", "corpus.py", "output.py",
                          "compare.py", "htmlreport.py"})


@cache
def analysis_version() -> str:
    """A hash of what the analysis of one file depends on besides the file: textmine's version,
    the package's ``*.py`` files (but :data:`NOT_ANALYSIS`) and the model files (``models/``,
    minus ``labels/``: training data, read only by the training scripts, edited often).
    Computed once per process."""
    from . import __version__
    from .resources import models_dir

    h = hashlib.sha256(f"textmine {__version__} entry {ENTRY_FORMAT}".encode())
    package = Path(__file__).resolve().parent
    _hash_files(h, package, [f for f in package.glob("*.py") if f.name not in NOT_ANALYSIS])
    models = models_dir()
    if models.is_dir():
        _hash_files(h, models, [f for f in models.rglob("*") if f.is_file()
                                and "labels" not in f.relative_to(models).parts[:1]
                                and "__pycache__" not in f.parts])
    return h.hexdigest()[:16]


def cache_key(sha256: str, source: str, manifest_row: dict[str, str] | None, max_bytes: int,
              text_mining: bool, version: str) -> str:
    """The entry name for one file's analysis under one version and one set of settings."""
    spec = json.dumps([sha256, source, manifest_row or {}, max_bytes, text_mining, version],
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(spec.encode()).hexdigest()


def entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{key}{SUFFIX}"


def dump_entry(header: Header, payload: Any) -> bytes:
    """The bytes of an entry (header then payload, one pickle stream)."""
    return pickle.dumps(header, protocol=5) + pickle.dumps(payload, protocol=5)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a new ``.tmp-*`` name in the same folder (created with
    the user's umask, unlike ``mkstemp``'s 0600), then ``os.replace`` over the final name. A
    process killed half-way leaves only the temporary file, which the next run deletes."""
    tmp = path.parent / f"{TMP_PREFIX}{path.name[:60]}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_entry_bytes(cache_dir: Path, key: str, data: bytes) -> Path:
    """Write an entry atomically (see :func:`atomic_write`)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = entry_path(cache_dir, key)
    atomic_write(final, data)
    return final


def _load_header(fh, path: Path) -> Header:
    header = pickle.load(fh)
    if not isinstance(header, Header) or header.format != ENTRY_FORMAT:
        raise ValueError(f"{path}: not a textmine cache entry of format {ENTRY_FORMAT}")
    return header


def read_header(path: Path) -> Header:
    """The header of an entry, without unpickling the report behind it."""
    with open(path, "rb") as fh:
        return _load_header(fh, path)


def read_entry(path: Path) -> Entry:
    with open(path, "rb") as fh:
        header = _load_header(fh, path)
        return Entry(header, pickle.load(fh))
