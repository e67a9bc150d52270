"""The ``textmine`` command: a thin layer over the Python API.

- ``textmine run CORPUS --out OUT``: analyse a folder into the store (DuckDB + Parquet, JSON).
- ``textmine analyze FILE``: one report as the JSON document.
- ``textmine check PATH…``: a findings table; exits 1 when a report has errors or a file fails,
  so a 政务公开 office can run it before publishing.
- ``textmine compare OUT --by year|province|region|level|issuer``: comparisons across reports of a store.
- ``textmine report OUT --html DIR``: the store as a static web site.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from .analyze import analyze_file, analyze_paths, iter_report_files
from .engines import DEFAULT_TIMEOUT
from .errors import TextmineError
from .ingest import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Mine Chinese government information-disclosure annual reports.")
err = Console(stderr=True)


def _console() -> Console:
    """stdout console; wide when piped, so findings tables and summaries are not folded."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=200, soft_wrap=True)
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
MaxMB = Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this (MB).")]


class Fmt(StrEnum):
    json = "json"
    text = "text"


def _progress(total: int):
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[file]}"), console=err, transient=True,
                    disable=not err.is_terminal)


def _analyze_with_progress(paths: list[Path], max_bytes: int, text_mining: bool = True):
    files = list(iter_report_files(paths))
    with _progress(len(files)) as bar:
        task = bar.add_task("analysing", total=len(files), file="")

        def tick(f: Path) -> None:
            bar.update(task, advance=1, file=f.name)

        return analyze_paths(files, max_bytes, progress=tick, text_mining=text_mining)


@contextmanager
def _exit_on(error: type[Exception]) -> Iterator[None]:
    """An ``error`` becomes its one-line message on stderr and exit code 2 (no traceback)."""
    try:
        yield
    except error as exc:
        line = exc.one_line() if isinstance(exc, TextmineError) else str(exc)
        err.print(f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _analyze_one(file: Path, max_mb: float):
    """One report, or a one-line error and exit code 2."""
    if file.is_dir():
        err.print(f"[red]error[/red] {escape(str(file))}: is a folder; this command reads one report "
                  "(for a folder: textmine run, check or keywords)", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    with _exit_on(TextmineError):
        return analyze_file(file, int(max_mb * 2**20))


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .html, .pdf or .docx")],
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.json,
    compact: Annotated[bool, typer.Option(help="One-line JSON")] = False,
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Analyse one report and print it (JSON: sections, cells, ambiguous cells, findings)."""
    report = _analyze_one(file, max_mb)
    if format is Fmt.json:
        sys.stdout.write(report.to_json(indent=None if compact else 2) + "\n")
        return
    console = _console()
    console.print(f"[bold]{escape(report.title or report.source)}[/bold]")
    console.print(f"layout {report.layout} · year {report.year} · {report.issuer} · "
                  f"{report.region} · {report.level}")
    for s in report.sections:
        console.print(f"  {s.id:<12} {s.title[:40]}  [{s.start}:{s.end}]")
    console.print(f"{len(report.cells)} cells, {len(report.ambiguous)} ambiguous, "
                  f"{len(report.findings)} findings")
    _print_findings(console, [report], "info")


def _print_findings(console: Console, reports, min_severity: str, chinese: bool = False) -> None:
    """The findings as a table: textmine's English messages, or (``chinese``) each rule said in
    Chinese with its numbers (表三：各项办理结果之和应等于（七）总计 — 表三 自然人：应为 2396，实为 2409),
    as the HTML report words them."""
    from .names import finding_text, origin_name, rule_name, severity_name
    from .resources import load

    rank = SEVERITY_RANK[min_severity]
    table = Table(show_lines=False, expand=False)
    heads = ("report", "severity", "rule", "origin", "message")
    for col in load("findings")["text"]["columns"] if chinese else heads:
        table.add_column(col, overflow="fold")
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    n = 0
    for r in reports:
        for f in sorted(r.findings, key=lambda f: SEVERITY_RANK[f.severity]):
            if SEVERITY_RANK[f.severity] > rank:
                continue
            n += 1
            severity, origin, said = f.severity, f.origin, f.message
            said = escape(said)
            if chinese:  # the numbers in words; textmine's own message where they say nothing
                detail = finding_text(f.rule, f.cells, f.expected, f.found)
                severity, origin = severity_name(severity), origin_name(origin)
                said = escape(rule_name(f.rule)) + "\n" + (escape(detail) if detail else f"[dim]{said}[/dim]")
            table.add_row(escape(Path(r.source).name), f"[{colours[f.severity]}]{severity}[/]",
                          f.rule, origin, said)
    if n:
        console.print(table)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders")],
    show: Annotated[str, typer.Option(help="Lowest severity shown: error, warning or info")] = "warning",
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
    zh: Annotated[bool, typer.Option("--zh", help="Findings in Chinese, as the HTML report")] = False,
) -> None:
    """Check reports' arithmetic and consistency; exit 1 if any report has errors or fails."""
    if show not in SEVERITY_RANK:
        raise typer.BadParameter("--show must be error, warning or info")
    # the checks need tables and structure only: no theme tagging or keywords
    reports, failures = _analyze_with_progress(paths, int(max_mb * 2**20), text_mining=False)
    console = _console()
    _print_findings(console, reports, show, chinese=zh)
    for f in failures:
        console.print(f"[red]failed[/red] {escape(f.error)}", highlight=False, soft_wrap=True)
    with_errors = [r for r in reports if r.has_errors]
    console.print(f"{len(reports)} reports checked: {len(with_errors)} with errors, "
                  f"{len(reports) - len(with_errors)} without; {len(failures)} files failed")
    if not reports and not failures:
        err.print(f"[red]error[/red] no report files under {escape(', '.join(map(str, paths)))} "
                  f"({_SUFFIXES})", highlight=False, soft_wrap=True)
    if with_errors or failures or not reports:
        raise typer.Exit(1)


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def run(
    corpus: Annotated[Path, typer.Argument(help="Folder of reports (MANIFEST.csv optional)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (the store)")] = Path("out"),
    workers: Annotated[int | None, typer.Option(
        "--workers", "-j", min=1, help="Processes (local) or local-cluster workers (dask); "
        "default: the machine's cores")] = None,
    engine: Annotated[Engine, typer.Option(
        help="local: processes on this machine; dask: a Dask cluster (many machines)")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); default: a local cluster")] = None,
    json_docs: Annotated[bool, typer.Option(
        "--json/--no-json", help="Also write reports/<file>.json, one document per report")] = True,
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
    timeout: Annotated[float, typer.Option(
        min=0, help="Seconds one file's analysis may take (local engine; 0: no limit); past it "
        "the file is a failure, tried again on the next run")] = DEFAULT_TIMEOUT,
) -> None:
    """Analyse a corpus into OUT/textmine.duckdb and OUT/parquet/<table>.parquet (incremental:
    unchanged files are not analysed again), plus OUT/reports/<file>.json."""
    from .engines import EngineError
    from .store import StoreError, build_store

    if not corpus.exists():
        err.print(f"[red]error[/red] {escape(str(corpus))}: no such file or folder", soft_wrap=True)
        raise typer.Exit(2)
    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask")
    from .store import corpus_files

    if not corpus_files(corpus, out)[1]:  # before the store: an empty store must not replace one
        err.print(f"[red]error[/red] no report files under {escape(str(corpus))} ({_SUFFIXES}); "
                  f"{escape(str(out))} left as it was", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    with _store_progress() as tick:
        try:
            summary = build_store(corpus, out, workers=workers, engine=engine.value,
                                  scheduler=scheduler, max_bytes=int(max_mb * 2**20),
                                  write_json=json_docs, progress=tick, timeout=timeout or None)
        except (StoreError, EngineError) as exc:
            err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    _print_run_summary(_console(), summary)
    if summary.reports == 0:  # every file failed: the store holds no report
        raise typer.Exit(1)


_SUFFIXES = ".txt, .html/.htm, .pdf or .docx"
_PHASES = {"analyse": "analysing", "build": "building store"}


class _StoreProgress:
    """A rich progress bar per phase of a store run (analysing files, building the store)."""

    def __init__(self, bar: Progress):
        self.bar = bar
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, phase: str, done: int, total: int, source: str) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(_PHASES.get(phase, phase), total=total, file="")
        self.bar.update(self.tasks[phase], completed=done, total=total, file=Path(source).name)


@contextmanager
def _store_progress() -> Iterator[_StoreProgress]:
    with _progress(0) as bar:
        yield _StoreProgress(bar)


def _print_run_summary(console: Console, summary, examples: int = 3) -> None:
    """Counts, then the failures grouped by stage and code (how many, and a few examples)."""
    console.print(
        f"{summary.files} files: {summary.reports} reports ({summary.cells} cells, "
        f"{summary.unreadable_cells} unreadable/ambiguous), {summary.with_errors} with arithmetic "
        f"errors; {len(summary.failures)} files failed. {summary.analysed} analysed now, "
        f"{summary.reused} unchanged (from the cache); {summary.seconds:.1f} s", highlight=False)
    for stage, code, n in summary.failures_by_kind():
        console.print(f"  [red]failed[/red] {n} × {escape(f'[{stage}] {code}')}", highlight=False)
        for f in [f for f in summary.failures if (f.stage, f.code) == (stage, code)][:examples]:
            console.print(f"      {escape(f.error)}", highlight=False, soft_wrap=True)
    done = "wrote" if summary.rebuilt else "nothing changed: kept the current"
    console.print(f"{done} {escape(str(summary.out))}/textmine.duckdb and parquet/*.parquet "
                  f"({', '.join(summary.rows)})", highlight=False)


_THEME_COLOURS = ["red", "green", "yellow", "blue", "magenta", "cyan", "bright_red", "bright_green",
                  "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan", "orange3", "purple",
                  "turquoise2", "gold1", "deep_pink3", "chartreuse3", "dodger_blue2", "salmon1", "plum2"]


@app.command()
def themes(
    file: Annotated[Path, typer.Argument(help="A report")],
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """The report's sentences coloured by theme, with the evidence that tagged them."""
    from .themes import theme_ids

    report = _analyze_one(file, max_mb)
    colour = {t: _THEME_COLOURS[i % len(_THEME_COLOURS)] for i, t in enumerate(theme_ids())}
    console = _console()
    section = None
    for s in report.sentences:
        if s.section != section:
            section = s.section
            title = next((x.title for x in report.sections if x.id == section), section)
            console.print(f"\n[bold]{escape(title or section)}[/bold]")
        if not s.themes:
            console.print(f"  [dim]{escape(s.text)}[/dim]", highlight=False)
            continue
        first = colour[s.themes[0]]
        tags = " ".join(f"[{colour[t]}]{t}[/]({escape('、'.join(s.evidence.get(t, [])))})"
                        for t in s.themes)
        console.print(f"  [{first}]{escape(s.text)}[/]  {tags}", highlight=False)
    shares = ", ".join(f"{t} {v:.0%}" for t, v in report.theme_shares.items())
    console.print(f"\n[bold]theme shares[/bold] {shares}")


@app.command()
def keywords(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders")],
    top: Annotated[int, typer.Option("--top", "-k", help="Keywords per report and method")] = 15,
    method: Annotated[str, typer.Option(help="tfidf, textrank or both")] = "both",
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Keywords of each report (TF-IDF with the corpus IDF, and TextRank)."""
    reports, failures = _analyze_with_progress(paths, int(max_mb * 2**20))
    console = _console()
    for r in reports:
        table = Table(title=escape(Path(r.source).name), show_lines=False)
        table.add_column("method")
        table.add_column("keywords", overflow="fold")
        for m in ("tfidf", "textrank"):
            if method not in (m, "both"):
                continue
            terms = [k["term"] for k in r.keywords if k["method"] == m][:top]
            table.add_row(m, escape("、".join(terms)))
        console.print(table)
    for f in failures:
        console.print(f"[red]failed[/red] {escape(f.error)}", highlight=False, soft_wrap=True)


@app.command()
def commitments(
    paths: Annotated[list[Path], typer.Argument(help="A report file, or files and/or folders")],
    csv: Annotated[Path | None, typer.Option("--csv", help="Also write the table to this CSV file")] = None,
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Section 五: for one file, its problems and commitments with linked indicators; for
    several reports, the follow-through table (issuer, year, commitment, indicator, value t,
    value t+1, change, problem repeated?)."""
    from .followthrough import follow_through_frame
    from .output import commitments_frame

    console = _console()
    files = list(iter_report_files(paths))
    if len(files) == 1 and paths[0].is_file():
        report = _analyze_one(files[0], max_mb)
        console.print(f"[bold]{escape(report.title or report.source)}[/bold]")
        for k, p in enumerate(report.problems):
            themes = ", ".join(p.themes)
            console.print(f"  [yellow]problem {k}[/yellow] {escape(p.text)}  [dim]{themes}[/dim]",
                          highlight=False)
        for k, c in enumerate(report.commitments):
            answered = f" → problem {c.problem}" if c.problem is not None else ""
            console.print(f"  [green]commitment {k}[/green]{answered} [bold]{escape(c.action or '')}[/bold] "
                          f"{escape(c.text)}", highlight=False)
            if c.target:
                console.print(f"      target: {escape(c.target)}", highlight=False)
            if c.indicators:
                values = "; ".join(f"{i['id']} = {i['value']:g}{i['unit']}" for i in c.indicators)
                console.print(f"      indicators: {escape(values)}", highlight=False)
        for f in report.findings:
            if f.rule.startswith("commitments."):
                console.print(f"  [cyan]{f.rule}[/cyan] {escape(f.message)}", highlight=False)
        frame = commitments_frame([report])
    else:
        reports, failures = _analyze_with_progress(paths, int(max_mb * 2**20))
        frame = follow_through_frame(reports)
        # sources as the store names them: relative to the folder given (2019_yunnan_szf.txt)
        frame["source"] = frame["source"].map(lambda s: _store_source(s, paths))
        frame["next_source"] = frame["next_source"].map(lambda s: _store_source(s, paths))
        shown = frame.assign(commitment=frame["commitment"].str.slice(0, 30),
                             source=frame["source"].map(lambda s: Path(s).name))
        console.print(_rich_frame(shown.drop(columns=["matched_text", "next_source"]), "follow-through",
                                  max_rows=60))
        for f in failures:
            console.print(f"[red]failed[/red] {escape(f.error)}", highlight=False, soft_wrap=True)
    if csv is not None:
        from .output import write_csv

        write_csv(csv, frame)
        console.print(f"wrote {escape(str(csv))}", highlight=False)


def _store_source(source: object, paths: list[Path]) -> object:
    """A report's path as ``textmine run`` stores it: relative to the folder it was found in
    (the first of ``paths`` that holds it); a file given by itself by its name."""
    if not isinstance(source, str):
        return source
    path = Path(source).resolve()
    for folder in paths:
        if folder.is_dir() and path.is_relative_to(folder.resolve()):
            return path.relative_to(folder.resolve()).as_posix()
    return path.name


class By(StrEnum):
    year = "year"
    province = "province"
    region = "region"
    level = "level"
    issuer = "issuer"


def _rich_frame(frame, title: str, percent: tuple[str, ...] = (), max_rows: int = 40) -> Table:
    """A DataFrame as a compact rich table: numbers right-aligned, ``percent`` columns as %."""
    import pandas as pd

    table = Table(title=escape(title), show_lines=False, title_justify="left", pad_edge=False)
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col])
        table.add_column(escape(str(col)), justify="right" if numeric else "left", overflow="fold")
    for _, row in frame.head(max_rows).iterrows():
        cells = []
        for col, v in row.items():
            if v is None or (isinstance(v, float) and v != v):
                cells.append("")
            elif col in percent or (isinstance(col, str) and col.endswith("_share")):
                cells.append(f"{float(v):.0%}")
            elif isinstance(v, float):
                cells.append(f"{v:.4g}")
            else:
                cells.append(escape(str(v)))
        table.add_row(*cells)
    if len(frame) > max_rows:
        table.caption = f"… {len(frame) - max_rows} more rows in the CSV"
    return table


def _load_store(out: Path, names: tuple[str, ...]):
    from .compare import load_tables
    from .store import StoreNotFoundError

    with _exit_on(StoreNotFoundError):
        return load_tables(out, names)


@app.command()
def compare(
    out: Annotated[Path, typer.Argument(help="Store folder written by `textmine run`")],
    by: Annotated[By, typer.Option(
        "--by", help="Group reports by year, province, region, level or issuer")] = By.year,
    csv: Annotated[Path | None, typer.Option("--csv", help="Folder for the CSV and Parquet files "
                                                          "(default OUT/compare)")] = None,
    top: Annotated[int, typer.Option("--top", help="Key terms per group")] = 20,
) -> None:
    """Compare reports: theme shares and key terms per group, issuer × year indicator panels,
    text reused from the previous year, problems that recur."""
    from .compare import compare as run_compare
    from .compare import format_panel, panel_wide, share_matrix, write_frames

    tables = _load_store(out, ("documents", "sections", "sentences", "sentence_themes", "cells",
                               "indicators", "problems"))
    result = run_compare(tables, by=by.value, top=top)
    folder = csv if csv is not None else out / "compare"
    write_frames(result.frames(), folder)
    console = _console()
    matrix = share_matrix(result.theme_shares)
    if not matrix.empty:
        from .names import theme_name

        shown = matrix.iloc[:, :8].reset_index().rename(
            columns={"group": by.value, **{t: theme_name(t) for t in matrix.columns}})
        console.print(_rich_frame(shown, f"theme shares by {by.value} (top 8 themes)",
                                  percent=tuple(shown.columns[1:])))
    if not result.keyness.empty:
        terms = (result.keyness.groupby("group")["term"].agg(lambda t: "、".join(t.head(8)))
                 .reset_index().rename(columns={"group": by.value, "term": "key terms (chi², vs the rest)"}))
        console.print(_rich_frame(terms, f"key terms by {by.value}"))
    tables_only = result.panel[result.panel["origin"] != "narrative"]  # narrative ones: in the CSV
    wide = format_panel(panel_wide(tables_only, min_years=2))
    if not wide.empty:
        console.print(_rich_frame(wide.drop(columns=["indicator", "origin"]),
                                  "indicator panel from the tables (issuers with two years or more)"))
    if not result.reuse.empty:
        console.print(_rich_frame(result.reuse.drop(columns=["source", "prev_source"]),
                                  "text reused from the issuer's previous report"))
    console.print(f"{len(result.recurring_problems)} problems an earlier report already named; "
                  f"wrote {escape(str(folder))}/" + "{" + ",".join(result.frames()) + "}.csv/.parquet",
                  highlight=False)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Store folder written by `textmine run`")],
    html: Annotated[Path | None,
                    typer.Option("--html", help="Folder for the site (default OUT/html)")] = None,
) -> None:
    """A static HTML report of the store: index.html (the corpus, checks, themes, comparisons)
    and one page per report; opens from disk, fetches nothing."""
    from .compare import STORE_COLUMNS
    from .htmlreport import build_site

    tables = _load_store(out, tuple(STORE_COLUMNS))
    site = build_site(tables, html if html is not None else out / "html")
    _console().print(f"wrote {escape(str(site.index))}, {len(site.pages)} report pages and "
                     f"{len(site.themes)} theme pages",
                     highlight=False)


def main() -> None:  # pragma: no cover
    app()
