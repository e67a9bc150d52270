"""Running the per-file analysis of a corpus in parallel: local processes, or a Dask cluster.

Each engine takes :class:`Job` s (one file each) and hands back one :class:`Outcome` per job, in
completion order, to a callback in the calling process; the analysis itself lands in the cache
(:mod:`textmine.cache`). Which engine ran never shows in the results: both call
:func:`analyze_one` on the same bytes, under the same file name and ``MANIFEST.csv`` row.

- ``local`` (one machine): a :class:`~concurrent.futures.ProcessPoolExecutor` whose workers read
  the files and write the cache entries themselves, so the calling process only counts. Workers
  start from a ``forkserver`` (a clean single-threaded process with textmine imported), not by
  forking the caller, whose progress-bar thread could hold a lock at fork time. A worker that dies
  (a segfault in a PDF library, the kernel's OOM killer) breaks the pool: the jobs it may have been
  running are then re-run one at a time in a fresh pool, so the culprit is named in ``failures``
  and the rest of the corpus is analysed as usual.
- ``dask`` (many machines): the file's bytes and its manifest row travel with the task, so workers
  need textmine installed but no access to the corpus folder; the entry comes back to the caller,
  which writes the cache. A worker running another textmine (another analysis version) is refused.

Both keep a bounded number of jobs in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import contextlib
import csv
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .cache import FailureInfo, Header, analysis_version, dump_entry, write_entry_bytes

ENGINES = ("local", "dask")
HASH_SEED = "6640"  # PYTHONHASHSEED of the analysing processes (dask.distributed's own choice)
_IN_FLIGHT_PER_WORKER = 4
DEFAULT_TIMEOUT = 600.0  # seconds for one file (the slowest shipped report takes well under 1 s)
T = TypeVar("T")
R = TypeVar("R")


class EngineError(RuntimeError):
    """The engine itself cannot run (a misconfigured cluster), as opposed to one bad file."""


@dataclass(frozen=True)
class Job:
    """One file to analyse, and everything its analysis depends on (see :func:`cache_key`)."""

    source: str  # path relative to the corpus folder, "/"-separated
    path: str  # where the file is on this machine
    sha256: str
    key: str  # cache key
    manifest_row: dict[str, str] | None
    max_bytes: int
    text_mining: bool
    version: str  # analysis_version() of the process that planned the run
    timeout: float | None = None  # seconds one analysis may take (local engine), None: no limit


@dataclass(frozen=True)
class Outcome:
    """What the calling process learns about a job: report or failure, and whether it is cached.
    ``data`` is the cache entry when the engine returns it instead of writing it."""

    source: str
    key: str
    kind: str  # "report" | "failure"
    failure: FailureInfo | None = None
    cached: bool = False
    data: bytes | None = None
    version: str = ""


def default_workers() -> int:
    """The cores this process may run on (affinity-aware where the OS says), else cpu_count()."""
    if hasattr(os, "process_cpu_count"):
        n = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:
        n = os.cpu_count()
    return max(1, n or 1)


# --------------------------------------------------------------------------- one file
_limits: Any = None


def _limit_threads() -> None:
    """One BLAS/OpenMP thread per analysing process: the engines already use every core, and
    nested thread pools only oversubscribe them."""
    global _limits
    if _limits is None:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
            _limits = False
            return
        _limits = threadpool_limits(limits=1)


class AnalysisTimeout(BaseException):
    """One file's analysis ran past ``Job.timeout``. A BaseException, like KeyboardInterrupt:
    the readers' ``except Exception`` (a PDF backend falling back to another, an unreadable
    file becoming an input error) must not take it for a fault of the file."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`AnalysisTimeout` in this thread once ``seconds`` have passed (a real-time
    interval timer and SIGALRM), so that a file sending a parser into a near-endless loop becomes
    a row of ``failures`` instead of holding a worker, and the run, forever.

    Python runs a signal handler between bytecodes: code inside one C call (a regex
    backtracking, PDFium) is stopped only when it returns. The alarm repeats every second until
    disarmed, should one be raised where it is swallowed (inside a ``__del__``). Only where
    signals can be used: the main thread of a Unix process, as in the local engine's workers;
    elsewhere (Dask workers run tasks in threads) there is no limit."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    armed = [True]

    def expired(signum: int, frame: Any) -> None:
        if armed[0]:
            raise AnalysisTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        armed[0] = False  # from here an alarm already on its way raises nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def analyze_one(job: Job, path: Path) -> tuple[Header, Any, bool]:
    """Analyse the file at ``path`` as ``job.source``: (header, Report or FailureInfo, cacheable).

    Input errors are cacheable (the same bytes fail the same way); unexpected exceptions are not
    (they may be transient, like running out of memory), so the next run tries the file again."""
    from .analyze import analyze_file
    from .errors import TextmineError

    try:
        with _deadline(job.timeout):
            report = analyze_file(path, job.max_bytes, job.text_mining)
    except AnalysisTimeout:  # not cached: on a less busy machine it may pass
        detail = f"analysis stopped after {job.timeout:g} s; --timeout allows more"
        return Header("failure", job.sha256), FailureInfo("internal", "TM901", detail), False
    except TextmineError as exc:
        detail = exc.detail.replace(str(path), job.source)
        return Header("failure", job.sha256), FailureInfo(exc.stage, exc.code, detail), True
    except Exception as exc:  # a bug must not end a corpus run: record it, go on
        detail = f"{type(exc).__name__}: {exc}".replace(str(path), job.source)
        return Header("failure", job.sha256), FailureInfo("internal", "TM999", detail), False
    report.source = job.source
    aliases = tuple(report.meta.get("aliases", ()))
    return Header("report", job.sha256, report.issuer, report.year, aliases), report, True


def _outcome(job: Job, header: Header, payload: Any, cached: bool, data: bytes | None) -> Outcome:
    failure = payload if isinstance(payload, FailureInfo) else None
    return Outcome(job.source, job.key, header.kind, failure, cached, data, analysis_version())


def _local_task(job: Job, cache_dir: str) -> Outcome:
    """Worker side of the local engine: analyse, write the cache entry, return only the verdict."""
    _limit_threads()
    header, payload, cacheable = analyze_one(job, Path(job.path))
    if cacheable:
        write_entry_bytes(Path(cache_dir), job.key, dump_entry(header, payload))
    return _outcome(job, header, payload, cacheable, None)


def _shipped_task(job: Job, data: bytes) -> Outcome:
    """Worker side of the Dask engine: the file arrives as bytes and is analysed from a private
    folder under its own name, beside a one-row ``MANIFEST.csv`` when the corpus has one."""
    _limit_threads()
    name = Path(job.source).name
    with tempfile.TemporaryDirectory(prefix="textmine-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        if job.manifest_row:
            with open(Path(tmp) / "MANIFEST.csv", "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(job.manifest_row))
                writer.writeheader()
                writer.writerow(job.manifest_row)
        header, payload, cacheable = analyze_one(job, path)
    entry = dump_entry(header, payload) if cacheable else None
    return _outcome(job, header, payload, cacheable, entry)


def _died(job: Job, exc: BaseException) -> Outcome:
    detail = f"the process analysing it died ({type(exc).__name__}: {exc})".replace(job.path, job.source)
    return Outcome(job.source, job.key, "failure", FailureInfo("internal", "TM999", detail))


# --------------------------------------------------------------------------- local engine
def _start_method() -> str:
    """``forkserver`` where there is one, but ``fork`` when the main module cannot be imported
    again by a new process (a script read from stdin): forkserver and spawn re-import it.
    Scripts that use the engines need the usual ``if __name__ == "__main__":`` guard."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:  # pragma: no cover - Windows
        return "spawn"
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if getattr(main, "__spec__", None) is None and path and not os.path.isfile(path):
        return "fork"
    return "forkserver"


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context(_start_method())
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["textmine.engines", "textmine.analyze", "textmine.preload"])
        _start_forkserver()
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _start_forkserver() -> None:
    """Start the forkserver (once per process) with a fixed ``PYTHONHASHSEED``, so that every
    worker forked from it iterates sets of strings in the same order. A file's result must not
    depend on which process analysed it, and string hashing is randomised per interpreter: an
    order taken from a set (ties in a ranking, say) would otherwise differ between a run and its
    rerun after a kill. The seed is the one dask.distributed gives its workers, so both engines
    agree."""
    from multiprocessing import forkserver

    saved = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = HASH_SEED
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = saved


def pool_run(fn: Callable[[T], R], items: Iterable[T], workers: int,
             on_result: Callable[[T, R], None], on_crash: Callable[[T, BaseException], None],
             order: Callable[[T], Any] = id) -> None:
    """``fn(item)`` for every item in ``workers`` local processes, ``on_result`` in this process
    as each finishes. A worker that dies breaks the pool; the items that were in flight are then
    run one at a time in a fresh pool, so ``on_crash`` is called for the item that kills a
    process and for no other. ``fn`` and the items must pickle (module-level functions)."""
    queue = deque(items)
    while queue:
        suspects = _run_pool(fn, queue, min(workers, len(queue)), on_result, None, order)
        for item in suspects:
            _run_pool(fn, deque([item]), 1, on_result, on_crash, order)


def _run_pool(fn: Callable[[T], R], queue: deque[T], workers: int,
              on_result: Callable[[T, R], None],
              on_crash: Callable[[T, BaseException], None] | None, order: Callable[[T], Any]) -> list[T]:
    """Run items from ``queue`` until it is empty or the pool breaks; returns the items that were
    in flight when a worker died (all of them may have been running in it). With ``on_crash``,
    a broken pool is that item's failure instead."""
    pool = _pool(workers)
    inflight: dict[Future, T] = {}
    try:
        while queue or inflight:
            while queue and len(inflight) < workers * _IN_FLIGHT_PER_WORKER:
                item = queue.popleft()
                inflight[pool.submit(fn, item)] = item
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken: list[T] = []
            for fut in sorted(done, key=lambda f: order(inflight[f])):
                item = inflight.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool as exc:
                    if on_crash is None:
                        broken.append(item)
                    else:
                        on_crash(item, exc)
                    continue
                on_result(item, result)
            if broken:
                return broken + sorted(inflight.values(), key=order)
        return []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_local(jobs: Iterable[Job], workers: int, cache_dir: Path,
              on_done: Callable[[Outcome], None]) -> None:
    """Analyse ``jobs`` in ``workers`` processes; ``on_done`` is called in this process."""
    pool_run(partial(_local_task, cache_dir=str(cache_dir)), jobs, workers,
             on_result=lambda job, outcome: on_done(outcome),
             on_crash=lambda job, exc: on_done(_died(job, exc)),
             order=lambda job: job.source)


# --------------------------------------------------------------------------- dask engine
def _dask_client(scheduler: Any, workers: int) -> tuple[Any, list[Any]]:
    """A client for ``scheduler``: an address (``tcp://host:8786``), a ``Client``, a cluster
    object, or None for a new ``LocalCluster`` of ``workers`` single-threaded processes. Returns
    the client and what to close afterwards (only what was made here)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("the dask engine needs dask.distributed: "
                          "python3 -m pip install 'textmine[dask]'") from exc
    if scheduler is None:
        import logging

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        return client, [client, cluster]
    if isinstance(scheduler, str):
        client = Client(scheduler)
        return client, [client]
    if isinstance(scheduler, Client):
        return scheduler, []
    client = Client(scheduler)  # a cluster object
    return client, [client]


def run_dask(jobs: Iterable[Job], workers: int, cache_dir: Path, on_done: Callable[[Outcome], None],
             scheduler: Any = None) -> None:
    """Analyse ``jobs`` on a Dask cluster; entries come back here and are cached here."""
    from distributed import as_completed

    client, owned = _dask_client(scheduler, workers)
    try:
        slots = max(1, sum(client.nthreads().values()) or workers) * _IN_FLIGHT_PER_WORKER
        queue = deque(jobs)
        running: dict[Any, Job] = {}
        pending = as_completed()

        def submit() -> None:
            while queue and len(running) < slots:
                job = queue.popleft()
                try:
                    data = Path(job.path).read_bytes()
                except OSError as exc:
                    on_done(Outcome(job.source, job.key, "failure", FailureInfo(
                        "internal", "TM999", f"{type(exc).__name__}: {exc}".replace(job.path, job.source))))
                    continue
                arg = client.scatter(data) if len(data) > (1 << 20) else data
                fut = client.submit(_shipped_task, job, arg, pure=False, key=f"textmine-{job.key}")
                running[fut] = job
                pending.add(fut)

        submit()
        for fut in pending:
            job = running.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:  # KilledWorker and the like: this file, not the run
                outcome = _died(job, exc)
            finally:
                fut.release()
            if outcome.version and outcome.version != job.version:
                raise EngineError(f"a dask worker runs another textmine (analysis version "
                                  f"{outcome.version}, here {job.version}); install the same "
                                  "textmine and models on every worker")
            if outcome.data is not None:
                write_entry_bytes(cache_dir, job.key, outcome.data)
                outcome = Outcome(outcome.source, outcome.key, outcome.kind, outcome.failure, True,
                                  None, outcome.version)
            on_done(outcome)
            submit()
    finally:
        for obj in owned:
            obj.close()
