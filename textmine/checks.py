"""The report's own arithmetic, checked: every rule of schema section 3, and the signs of a
number nobody really counted (placeholders, blanks, negative counts, narrative contradictions).

A check never alters a printed number. Each evaluation is kept as a :class:`Check` (pass, fail or
not checkable) and every failure or warning becomes a :class:`~textmine.model.Finding` naming the
rule, the cells, the expected and found values, and whether the report or textmine is at fault.

Blank cells are unknown non-negative counts: a sum over blanks is *not checkable*, unless the
printed addends already exceed the total, which no blank can repair (then it fails).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .model import Cell, Finding, Report, Section
from .resources import load

T3_COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service",
              "other_org", "total"]
T4_ROWS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


@dataclass
class Check:
    """One evaluation of one rule: ``status`` is pass | fail | not_checkable."""

    rule: str
    cells: list[str]
    expected: object
    found: object
    status: str
    note: str = ""


# --------------------------------------------------------------------------- sums with unknowns
def _sum_check(rule: str, report: Report, left: list[str], right: list[str],
               describe: str) -> tuple[Check, Finding | None]:
    """Check ``sum(left) == sum(right)``. Unknown cells (blank, na, unreadable, absent) count as
    unknown non-negative values."""
    cells = left + right
    lk, lu = _known(report, left)
    rk, ru = _known(report, right)
    expected, found = rk, lk
    if not lu and not ru:
        if abs(lk - rk) < 1e-6:
            return Check(rule, cells, _n(rk), _n(lk), "pass"), None
        msg = f"{describe}: {_n(lk)} ≠ {_n(rk)}"
        return (Check(rule, cells, _n(rk), _n(lk), "fail"),
                Finding(rule, "error", cells, _n(expected), _n(found), msg, "report"))
    # only one side has unknowns and its known part already exceeds the other side: fails
    if lu and not ru and lk > rk + 1e-6:
        msg = (f"{describe}: printed addends already sum to {_n(lk)} > {_n(rk)} "
               f"(blank/unreadable: {', '.join(lu)})")
        return (Check(rule, cells, _n(rk), _n(lk), "fail", "exceeds despite blanks"),
                Finding(rule, "error", cells, _n(rk), _n(lk), msg, "report"))
    if ru and not lu and rk > lk + 1e-6:
        msg = (f"{describe}: {_n(lk)} < printed {_n(rk)} "
               f"(blank/unreadable: {', '.join(ru)})")
        return (Check(rule, cells, _n(rk), _n(lk), "fail", "exceeds despite blanks"),
                Finding(rule, "error", cells, _n(rk), _n(lk), msg, "report"))
    unknown = lu + ru
    return Check(rule, cells, _n(rk), _n(lk), "not_checkable",
                 f"blank/unreadable: {', '.join(unknown)}"), None


def _known(report: Report, ids: list[str]) -> tuple[float, list[str]]:
    """Sum of the cells that hold a number, and the ids of those that do not."""
    total, unknown = 0.0, []
    cells = report.cells
    for cid in ids:
        cell = cells.get(cid)
        value = None if cell is None else cell.value
        if value is None or isinstance(value, str):
            unknown.append(cid)
        else:
            total += value
    return total, unknown


def _n(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


# --------------------------------------------------------------------------- table rules
def _t3_rows(report: Report) -> list[str]:
    return sorted({c.row for c in report.cells.values() if c.table == "t3"})


def _result_rows(report: Report) -> list[str]:
    """The result rows (三、本年度办理结果) as this report printed them: the 2021 layout's three
    其他处理 rows, or the single 2019 row (some 2021-layout reports still print one)."""
    cfg = load("template")["t3"]["result_rows"]
    present = set(_t3_rows(report))
    if any(r.startswith("other_handling.") for r in present):
        return cfg["2021"]
    if "other_handling" in present or report.layout == "2019":
        return cfg["2019"]
    return cfg["2021"]


def check_t3(report: Report) -> Iterable[tuple[Check, Finding | None]]:
    rows = set(_t3_rows(report))
    if not rows:
        return
    results = _result_rows(report)
    for col in T3_COLUMNS:
        if {"new_received", "carried_over", "total", "carried_forward"} <= rows:
            yield _sum_check(
                "t3.identity", report,
                [f"t3.new_received.{col}", f"t3.carried_over.{col}"],
                [f"t3.total.{col}", f"t3.carried_forward.{col}"],
                f"表三 {col}: 新收+上年结转 vs 总计+结转下年度")
        if "total" in rows:
            yield _sum_check(
                "t3.results_sum", report, [f"t3.{r}.{col}" for r in results], [f"t3.total.{col}"],
                f"表三 {col}: sum of the result rows vs （七）总计")
    for row in sorted(rows):
        yield _sum_check(
            "t3.row_sum", report, [f"t3.{row}.{c}" for c in T3_COLUMNS[:-1]], [f"t3.{row}.total"],
            f"表三 {row}: applicant columns vs 总计")


def check_t4(report: Report) -> Iterable[tuple[Check, Finding | None]]:
    for row in T4_ROWS:
        if f"t4.{row}.total" not in report.cells:
            continue
        yield _sum_check(
            "t4.row_sum", report, [f"t4.{row}.{c}" for c in T4_COLUMNS[:-1]], [f"t4.{row}.total"],
            f"表四 {row}: 维持+纠正+其他+尚未审结 vs 总计")


def check_values(report: Report) -> Iterable[tuple[Check, Finding | None]]:
    """Counts whole and non-negative (a change may be negative, an amount fractional);
    placeholder-looking numbers."""
    kinds = load("template")["t2"]["column_kinds"]
    for cell in report.cells.values():
        if cell.number is None:
            continue
        kind = kinds.get(cell.column) if cell.table == "t2" else None
        if cell.table == "t_pre2019" and cell.row.startswith("fees"):
            kind = "amount"
        v = cell.number
        if v < 0 and kind != "change":
            yield (Check("values.non_negative", [cell.id], ">= 0", v, "fail"),
                   Finding("values.non_negative", "error", [cell.id], ">= 0", v,
                           f"{cell.id} is negative ({v}): a count cannot be", "report"))
        if isinstance(v, float) and not v.is_integer() and kind not in ("amount",):
            yield (Check("values.whole", [cell.id], "whole number", v, "fail"),
                   Finding("values.whole", "error", [cell.id], "whole number", v,
                           f"{cell.id} = {v} is not a whole count", "report"))
        if _placeholder(v):
            yield (Check("values.placeholder", [cell.id], "a counted value", v, "fail"),
                   Finding("values.placeholder", "warning", [cell.id], "a counted value", v,
                           f"{cell.id} = {v} looks like a placeholder, not a count", "report"))


def _placeholder(v: float) -> bool:
    if not float(v).is_integer():
        return False
    s = str(abs(int(v)))
    if len(s) < load("checks")["placeholders"]["min_digits"]:
        return False
    if len(set(s)) == 1:
        return True
    steps = {int(b) - int(a) for a, b in itertools.pairwise(s)}
    return steps in ({1}, {-1})


def check_blanks(report: Report) -> Iterable[tuple[Check, Finding | None]]:
    """Blank cells where the template expects a number: one warning per table, naming whole
    columns left empty."""
    if report.layout not in ("2019", "2021"):
        return
    for table in ("t2", "t3", "t4"):
        blanks = [c for c in report.cells.values() if c.table == table and c.state == "blank"]
        if not blanks:
            continue
        ids = [c.id for c in blanks]
        by_col: dict[str, int] = {}
        n_rows: dict[str, int] = {}
        for c in report.cells.values():
            if c.table == table:
                n_rows[c.column] = n_rows.get(c.column, 0) + 1
        for c in blanks:
            by_col[c.column] = by_col.get(c.column, 0) + 1
        empty_cols = [col for col, k in by_col.items() if k == n_rows[col] and k > 1]
        extra = f"; columns left entirely blank: {', '.join(empty_cols)}" if empty_cols else ""
        shown = ", ".join(ids[:8]) + (f" (+{len(ids) - 8} more)" if len(ids) > 8 else "")
        yield (Check("values.blank", ids, "a number (0 if none)", "blank", "fail"),
               Finding("values.blank", "warning", ids, "a number (0 if none)", "blank",
                       f"{len(ids)} blank cells where the template expects a number: {shown}{extra}",
                       "report"))


@cache
def _narrative_patterns() -> list[tuple[str, str, list[re.Pattern], bool]]:
    """(cell id, what it counts, patterns, whether a disagreement is a finding)."""
    return [(n["cell"], n["what"], [re.compile(p) for p in n["patterns"]], n.get("check", True))
            for n in load("checks")["narrative"]]


def _to_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    try:
        import cn2an  # imported when a Chinese numeral is met: it is slow to import

        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def narrative_statements(text: str, sections: list[Section], cells: Iterable[str] | None = None
                         ) -> dict[str, list[tuple[int, str]]]:
    """Cell id → the (value, quote) of each statement of it in the narrative (共收到申请70件,
    现行有效规范性文件698件…: ``[[narrative]]`` of ``models/checks.toml``) of a report's ``text``,
    in text order; ``cells``: only these cell ids."""
    wanted = set(cells) if cells is not None else None
    spans = [(s.start, s.end) for s in sections if s.id in _NARRATIVE_SECTIONS]
    out: dict[str, list[tuple[int, str]]] = {}
    for cell_id, _, patterns, _ in _narrative_patterns():
        if wanted is not None and cell_id not in wanted:
            continue
        seen: set[int] = set()
        for start, end in spans:
            for pattern in patterns:
                for m in pattern.finditer(text, start, end):
                    value = _to_number(m.group("n"))
                    if value is None or m.start() in seen:
                        continue
                    seen.add(m.start())
                    quote = text[max(m.start() - 10, start): m.end()]
                    out.setdefault(cell_id, []).append((value, quote))
    return out


# the sections whose narrative states the tables' numbers (pre-2019 reports do so under 二、主动公开)
_NARRATIVE_SECTIONS = ("overview", "requests", "preamble", "proactive")


def _sum_of(report: Report, cell_ids: list[str]) -> float | None:
    """The sum of these cells when every one holds a number (``or_sum``: another total a
    narrative number may state)."""
    values = [c.number for i in cell_ids if (c := report.cells.get(i)) is not None]
    return sum(values) if cell_ids and len(values) == len(cell_ids) and None not in values else None


def check_narrative(report: Report) -> Iterable[tuple[Check, Finding | None]]:
    """Numbers stated in the narrative (共收到申请70件…) against the table (rule 7)."""
    what_of = {cell_id: what for cell_id, what, _, check in _narrative_patterns() if check}
    sums = {n["cell"]: n["or_sum"] for n in load("checks")["narrative"] if "or_sum" in n}
    present = [c for c in what_of if (cell := report.cells.get(c)) is not None and cell.number is not None]
    for cell_id, stated in narrative_statements(report.text, report.sections, present).items():
        cell: Cell = report.cells[cell_id]
        also = _sum_of(report, sums.get(cell_id, []))
        for value, quote in stated:
            if value == cell.number or value == also:
                yield Check("narrative.agrees", [cell_id], cell.number, value, "pass", quote), None
            else:
                yield (Check("narrative.agrees", [cell_id], cell.number, value, "fail", quote),
                       Finding("narrative.agrees", "warning", [cell_id], _n(cell.number), value,
                               f"narrative says {what_of[cell_id]} {value} (“…{quote}”) but {cell_id} = "
                               f"{_n(cell.number)}", "report"))


CHECKS = (check_t3, check_t4, check_values, check_blanks, check_narrative)


def run_checks(report: Report) -> tuple[list[Check], list[Finding]]:
    """All single-report checks."""
    checks: list[Check] = []
    findings: list[Finding] = []
    for fn in CHECKS:
        for check, finding in fn(report):
            checks.append(check)
            if finding is not None:
                findings.append(finding)
    return checks, findings
