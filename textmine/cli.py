"""The ``textmine`` command: a thin layer over the Python API.

- ``textmine run CORPUS --out OUT``: analyse a folder, write JSON + CSV tables.
- ``textmine analyze FILE``: one report as the JSON document.
- ``textmine check PATH…``: a findings table; exits 1 when a report has errors or a file fails,
  so a 政务公开 office can run it before publishing.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from .analyze import analyze_file, analyze_paths, iter_report_files
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


def _analyze_one(file: Path, max_mb: float):
    """One report, or a one-line error and exit code 2."""
    try:
        return analyze_file(file, int(max_mb * 2**20))
    except TextmineError as exc:
        err.print(f"[red]error[/red] {escape(exc.one_line())}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


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


def _print_findings(console: Console, reports, min_severity: str) -> None:
    rank = SEVERITY_RANK[min_severity]
    table = Table(show_lines=False, expand=False)
    for col in ("report", "severity", "rule", "origin", "message"):
        table.add_column(col, overflow="fold")
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    n = 0
    for r in reports:
        for f in sorted(r.findings, key=lambda f: SEVERITY_RANK[f.severity]):
            if SEVERITY_RANK[f.severity] > rank:
                continue
            n += 1
            table.add_row(escape(Path(r.source).name), f"[{colours[f.severity]}]{f.severity}[/]",
                          f.rule, f.origin, escape(f.message))
    if n:
        console.print(table)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders")],
    show: Annotated[str, typer.Option(help="Lowest severity shown: error, warning or info")] = "warning",
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Check reports' arithmetic and consistency; exit 1 if any report has errors or fails."""
    if show not in SEVERITY_RANK:
        raise typer.BadParameter("--show must be error, warning or info")
    # the checks need tables and structure only: no theme tagging or keywords
    reports, failures = _analyze_with_progress(paths, int(max_mb * 2**20), text_mining=False)
    console = _console()
    _print_findings(console, reports, show)
    for f in failures:
        console.print(f"[red]failed[/red] {escape(f.error)}", highlight=False, soft_wrap=True)
    with_errors = [r for r in reports if r.has_errors]
    console.print(f"{len(reports)} reports checked: {len(with_errors)} with errors, "
                  f"{len(reports) - len(with_errors)} without; {len(failures)} files failed")
    if with_errors or failures:
        raise typer.Exit(1)


@app.command()
def run(
    corpus: Annotated[Path, typer.Argument(help="Folder of reports (MANIFEST.csv optional)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = Path("out"),
    max_mb: MaxMB = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Analyse a corpus: reports/<file>.json plus documents/cells/findings/sections/failures CSV."""
    from .output import write_outputs

    if not corpus.exists():
        err.print(f"[red]error[/red] {escape(str(corpus))}: no such file or folder", soft_wrap=True)
        raise typer.Exit(2)
    reports, failures = _analyze_with_progress([corpus], int(max_mb * 2**20))
    written = write_outputs(out, reports, failures)
    console = _console()
    errors = sum(1 for r in reports if r.has_errors)
    cells = sum(len(r.cells) for r in reports)
    unreadable = sum(1 for r in reports for c in r.cells.values() if c.state == "unreadable")
    console.print(f"{len(reports)} reports analysed ({cells} cells, {unreadable} unreadable/ambiguous); "
                  f"{errors} with arithmetic errors; {len(failures)} files failed")
    for f in failures:
        console.print(f"  [red]failed[/red] {escape(f.error)}", highlight=False, soft_wrap=True)
    console.print(f"wrote {escape(str(out))}/reports/*.json and "
                  + ", ".join(p.name for p in written.values()), highlight=False)


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


def main() -> None:  # pragma: no cover
    app()
