"""The per-report pipeline (file → text → structure → tables → checks) and the corpus pass that
links each issuer's consecutive years.

A corpus run never dies on one bad file: :func:`analyze_paths` records a :class:`Failure` (file,
stage, one-line error) and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import crossyear
from .checks import run_checks
from .errors import NotAReportError, TextmineError
from .ingest import DEFAULT_MAX_BYTES, HTML_SUFFIXES, SUPPORTED, UNREAD_DOCUMENTS, read_document
from .metadata import infer
from .model import Finding, Report, Section
from .structure import find_blocks, find_sections, find_sentences
from .tables import read_tables
from .zh import REPORT_WORDS

CANONICAL_SECTIONS = ("overview", "proactive", "requests", "appeals", "problems", "other")


@dataclass
class Failure:
    """A file that could not be analysed, and why."""

    source: str
    stage: str
    code: str
    error: str


def analyze_file(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES,
                 text_mining: bool = True) -> Report:
    """One report file → a checked :class:`Report`. Raises :class:`TextmineError` on input that
    is not a readable annual report. ``text_mining=False`` skips themes and keywords (tables,
    structure and checks only)."""
    path = Path(path)
    doc = read_document(path, max_bytes)
    meta = infer(path, doc.title, doc.text, doc.meta.get("publisher"))
    sections = find_sections(doc.text)
    tables = read_tables(doc.text, meta.layout, sections)
    found_cells = any(c.state != "unreadable" for c in tables.cells.values())
    if not found_cells and (not sections or not _mentions_report(doc.text)):
        raise NotAReportError(path, "no section headings (一、总体情况…) or statistical tables found")
    if not sections:
        sections = [Section("body", "", 0, len(doc.text), doc.text)]
    report = Report(
        source=str(path), format=doc.format, text=doc.text, title=doc.title, layout=meta.layout,
        year=meta.year, issuer=meta.issuer, region=meta.region, province=meta.province, level=meta.level,
        meta={**doc.meta, **({"aliases": list(meta.aliases)} if meta.aliases else {}),
              **({"warnings": doc.warnings} if doc.warnings else {})},
        sections=sections,
    )
    report.blocks = find_blocks(doc.text, sections, tables.spans)
    report.sentences = find_sentences(doc.text, sections, tables.spans)
    report.cells = tables.cells
    report.parse_findings = [*tables.findings, *_structure_findings(report)]
    for name, reading in tables.readings.items():
        for rid, row in reading.rows.items():
            survivors = reading.survivors.get(rid, row.split.candidates)
            if len(survivors) > 1:
                report.row_candidates[f"{name}.{rid}"] = (row.columns, survivors, row.raw)
    refresh(report)
    if text_mining:
        mine_text(report)
    return report


def mine_text(report: Report, keywords: int = 20) -> None:
    """Theme tags on every sentence, the indicators (tables and narrative), the problems and
    commitments of section 五, and the report's keywords (TF-IDF and TextRank). Each sentence is
    segmented once; the tagger and both keyword methods share its tokens."""
    from .commitments import extract as extract_commitments
    from .indicators import report_indicators
    from .keywords import keep_content, keyword_scores, own_names
    from .themes import tag_texts
    from .tokens import tokenize_many

    texts = [s.text for s in report.sentences]
    tokens = tokenize_many(texts)
    for sentence, tags in zip(report.sentences, tag_texts(texts, tokens=tokens), strict=True):
        sentence.themes, sentence.evidence, sentence.confidence = (
            tags.themes, tags.evidence, tags.confidence)
    report.mined = True
    report.indicators = report_indicators(report)
    report.problems, report.commitments, found = extract_commitments(report)
    report.parse_findings.extend(found)
    report.findings.extend(found)
    own = own_names(report.issuer, report.region)
    content = [t for t in keep_content([t for sentence_tokens in tokens for t in sentence_tokens])
               if t not in own]
    report.keywords = [
        {"term": term, "score": round(score, 4), "method": method}
        for method, scored in keyword_scores(content, keywords).items()
        for term, score in scored
    ]


def warm_up() -> None:
    """Load every model and table an analysis uses (segmenter and lexicon, theme model and
    rules, keyword IDF, indicator and commitment catalogues), as the first report would. The
    local engine's forkserver calls it once (``textmine.preload``), so that each worker it forks
    starts with them in memory instead of loading its own copy."""
    import cn2an  # noqa: F401 - Chinese numerals (indicators, checks): slow to import

    from . import checks, commitments, indicators, keywords, structure, themes, tokens

    tokens.tokenize_many(["warm", "up"])
    keywords.keep_content(["warm"])
    keywords._place_names()  # the divisions, for the keyword filter
    keywords.load_idf()
    themes.tag_texts(["warm", "up"])
    model = themes.load_model()
    if model is not None:
        model._evidence_weights()
        model._vocabulary_terms()
        model._stop_columns()
    indicators.catalogue()
    commitments.rules()
    structure._title_patterns()
    checks._narrative_patterns()


def _mentions_report(text: str) -> bool:
    head = text[:5000]
    return any(word in head for word in REPORT_WORDS)


def _structure_findings(report: Report) -> list[Finding]:
    if report.layout not in ("2019", "2021"):
        return []
    found = {s.id for s in report.sections}
    missing = [s for s in CANONICAL_SECTIONS if s not in found]
    if not missing:
        return []
    return [Finding("structure.section_missing", "warning", [], list(CANONICAL_SECTIONS),
                    sorted(found & set(CANONICAL_SECTIONS)),
                    f"sections not found: {', '.join(missing)}", "textmine")]


def refresh(report: Report) -> None:
    """Re-run the checks and rebuild ``findings`` (after cells changed, e.g. cross-year); when
    the text was mined, the table indicators and the commitments' linked values follow."""
    report.checks, check_findings = run_checks(report)
    report.findings = [*report.parse_findings, *check_findings, *report.cross_findings]
    if report.mined:  # the narrative's quantities do not depend on the cells: kept
        from .commitments import relink
        from .indicators import table_indicators

        narrative = [i for i in report.indicators if i.source == "narrative"]
        report.indicators = [*table_indicators(report), *narrative]
        relink(report)


def iter_report_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files and folders (recursively) → the report files, in a stable order: the supported
    ones, and the documents of a format textmine does not read (.doc, .ofd…), which then fail
    with what to do about them instead of being passed over in silence."""
    wanted = (SUPPORTED - {""}) | set(UNREAD_DOCUMENTS)
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (f.is_file() and f.suffix.lower() in wanted and f.name != "MANIFEST.csv"
                        and not is_own_page(f)):
                    yield f
        else:
            yield p


_OWN_PAGE = b'<meta name="generator" content="textmine">'


def is_own_page(path: Path) -> bool:
    """A page of textmine's own HTML report (``textmine report``), which a corpus folder may
    hold from an earlier run: not a report to analyse. Its head says so."""
    if path.suffix.lower() not in HTML_SUFFIXES:
        return False
    try:
        with open(path, "rb") as fh:
            return _OWN_PAGE in fh.read(2048)
    except OSError:
        return False  # unreadable: analysing it reports why


def analyze_paths(paths: Iterable[Path | str], max_bytes: int = DEFAULT_MAX_BYTES,
                  link_years: bool = True,
                  progress: Callable[[Path], None] | None = None,
                  text_mining: bool = True,
                  ) -> tuple[list[Report], list[Failure]]:
    """Analyse every report under ``paths``; failures are recorded, never raised. Consecutive
    years of one issuer are then linked (schema rules 3.5 and 3.6)."""
    reports: list[Report] = []
    failures: list[Failure] = []
    for f in iter_report_files(paths):
        if progress:
            progress(f)
        try:
            reports.append(analyze_file(f, max_bytes, text_mining))
        except TextmineError as exc:
            failures.append(Failure(str(f), exc.stage, exc.code, exc.one_line()))
        except Exception as exc:  # a bug must not end a corpus run: record it, go on
            failures.append(Failure(str(f), "internal", "TM999",
                                    f"{f}: [internal] TM999 {type(exc).__name__}: {exc}"))
    crossyear.assign_issuer_keys(reports)
    if link_years:
        for report in crossyear.link(reports):
            refresh(report)
    return reports, failures
