"""Tables → cells under canonical ids, from every form a table arrives in.

The reader is template-driven: it knows the rows of 表二/表三/表四 (``models/template.toml``),
finds each row's label in the text, and reads the numbers between that label and the next one.
This one mechanism covers every form of schema section 4:

- one cell per line (TAB-led lines, an empty line between rows): the seed's web copy, and what
  :mod:`textmine.formats` makes of HTML, PDF and DOCX tables;
- numbers on the label's line separated by spaces (PDF text);
- digits run together (``640020470``): split by :mod:`textmine.digits` under the row's
  arithmetic, then jointly under the table's column arithmetic.

A cell whose reading stays ambiguous is published as ``unreadable`` with its candidates, and a
finding says so; nothing is guessed, and printed numbers are never adjusted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .digits import UNREADABLE, ColumnSpec, Group, RowRules, RowSplit, Value, split_row
from .model import Cell, Finding, Report, Section
from .resources import compiled, label_regex, load, spaced
from .zh import CJK, NA_TEXTS
from .zh import TABLE_NAMES as _TABLE_NAMES

_VALUE_START = set("0123456789-/—–")
_LABEL_CONTINUATION = re.compile(r"(?:\n+[^\t\n\d]{1,40}(?=\n))+")
_HEADER_ROW_REST = re.compile(r"(?:\n\t[ \t]*)+(?=\n\n)")  # empty cells closing a header row
_INLINE_RUN = re.compile(r"[0-9\s.,\-/—–|｜]*")
_CELL_SEPARATOR = re.compile(r"[ ]*[\t|｜][ ]*")
_TWO_CJK = re.compile(f"[{CJK}]{{2}}")  # a label, not a value
_EDGE_BARS = re.compile(r"^\s*[|｜]|[|｜]\s*$")  # the outer borders of a "| a | b |" row
# a Markdown table's rule line (|---|:---:|): never values
_MARKDOWN_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_ROW_WINDOW = 3000
_JOINT_LIMIT = 200_000

T3_SUM = RowRules(sums=(((0, 1, 2, 3, 4, 5), 6),))
T4_SUM = RowRules(sums=(((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)))
PRE2019_ORDER = RowRules(orders=((0, 1),))


@dataclass
class RowRead:
    """One template row as found in the text: where, what was printed, and its readings."""

    table: str
    row: str
    columns: list[str]
    label_start: int
    end: int
    raw: str
    split: RowSplit
    cell_count: int | None = None  # cells seen in one-cell-per-line form

    @property
    def empty(self) -> bool:
        return not self.raw.strip()


@dataclass
class TableReading:
    """All rows read for one table; ``survivors`` are each row's readings after the table's
    joint arithmetic (and, later, cross-year rules) have been applied."""

    table: str
    rows: dict[str, RowRead] = field(default_factory=dict)
    survivors: dict[str, list[tuple[Value, ...]]] = field(default_factory=dict)
    joint_score: tuple[int, int] | None = None  # (satisfied, checkable) column rules
    start: int | None = None  # where the table's header begins, before its first row

    @property
    def span(self) -> tuple[int, int] | None:
        if not self.rows:
            return None
        first = min(r.label_start for r in self.rows.values())
        return (min(first, self.start) if self.start is not None else first,
                max(r.end for r in self.rows.values()))


@dataclass
class TablesResult:
    cells: dict[str, Cell]
    findings: list[Finding]
    spans: list[tuple[int, int]]
    readings: dict[str, TableReading]


# --------------------------------------------------------------------------- region → groups
def region_groups(text: str, start: int, end: int, n: int) -> tuple[list[Group], str, int, int | None]:
    """The printed cells between a label's end and the next label.

    Returns (groups, raw text of the values, end offset of the values, number of cells when the
    region is in one-cell-per-line form, else None).

    A Markdown rule line (|---|---|) where the values would start is skipped for the line below
    it; when nothing is found below, the rule line itself is read as the row, as before Markdown
    was known (a row of --- blank marks under a header: read, and unreadable, not absent).
    """
    found = _region_groups(text, start, end, n, skip_rules=True)
    return found if found[0] else _region_groups(text, start, end, n, skip_rules=False)


def _region_groups(text: str, start: int, end: int, n: int,
                   skip_rules: bool) -> tuple[list[Group], str, int, int | None]:
    while True:
        i = start
        while i < end and text[i] not in _VALUE_START and text[i] != "\n":
            i += 1
        if i < end and text[i] == "\n":
            # a label broken over lines ("一、本年新收政府信息\n公开申请数量") before its cells
            cont = _LABEL_CONTINUATION.match(text, i, end)
            j = cont.end() if cont else i
            if re.match(r"\n+\t", text[j:end]):
                return _line_cells(text, j, end, n)
        j = i
        while j < end and text[j] == "\n":
            j += 1
        below = _below_markdown_rule(text, j, end) if skip_rules else None
        if below is None:
            break
        start = below  # the values are on a line below the rule
    m = _INLINE_RUN.match(text, j, end)
    run = m.group(0) if m else ""
    first_line = run.split("\n", 1)[0]
    if _CELL_SEPARATOR.search(first_line.strip(" ")):
        # TABs or bars between cells: a real row on one line; blank pieces are blank cells
        body = _EDGE_BARS.sub("", first_line.strip(" ").lstrip("\t"))
        lead = text[start:j]
        # blank cells between the label's cell and the first value, on the label's line
        # (| 一、本年新收… |  | 102 | …; TABs as bars); a piece with text there is the label's
        # own overflow (| 一、本年新收政府信息 | 公开申请数量 | 2488 |), no cell
        blank_first = (sum(1 for p in _CELL_SEPARATOR.split(lead)[1:-1] if not p.strip())
                       if "\n" not in lead else 0)
        pieces = [""] * blank_first + [p.strip() for p in _CELL_SEPARATOR.split(body)]
        groups = [Group(p, atomic=True) for p in _drop_surplus_blanks(pieces, n)]
        return groups, first_line.strip(), j + len(first_line), len(groups)
    stripped = run.rstrip()
    groups = [Group(g.replace(",", ""), atomic=True) if _THOUSANDS.match(g) else Group(g)
              for g in stripped.split()]
    return groups, stripped.strip(), j + len(stripped), None


def _below_markdown_rule(text: str, j: int, end: int) -> int | None:
    """Where the line after a Markdown rule line starts, when the line holding ``j`` is one:
    ``|---|---|`` under a row with bars (a table's header or row, as Markdown writes it). A
    line of dashes alone, or one under no row, may be a row of blank marks: not skipped."""
    line_start = text.rfind("\n", 0, j) + 1
    line_end = text.find("\n", j, end)
    if line_end <= j or line_start == 0 or "|" not in text[line_start:line_end]:
        return None
    if not _MARKDOWN_RULE.fullmatch(text, line_start, line_end):
        return None
    above = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
    return line_end if "|" in above else None


def _drop_surplus_blanks(pieces: list[str], n: int) -> list[str]:
    """A bar-separated row's pieces without the blank ones beyond the ``n`` cells expected, when
    they stand at one end only (an empty column a PDF-to-Markdown conversion added at the end,
    | 4 | 0 | … | 4 |  |; a merged label cell's remnant at the start), or when exactly ``n``
    pieces stand between the first and the last piece with text. Otherwise blank pieces at
    both ends leave the row as it is (more pieces than cells: unreadable): which end is surplus
    is unknown."""
    extra = len(pieces) - n
    if extra <= 0:
        return pieces
    leading = next((k for k, p in enumerate(pieces) if p), len(pieces))
    trailing = next((k for k, p in enumerate(reversed(pieces)) if p), len(pieces))
    if len(pieces) - leading - trailing == n:
        return pieces[leading:len(pieces) - trailing]  # n cells between the blanks: all surplus
    if trailing >= extra and not leading:
        return pieces[:n]
    if leading >= extra and not trailing:
        return pieces[extra:]
    return pieces


def _line_cells(text: str, i: int, end: int, n: int) -> tuple[list[Group], str, int, int]:
    """Cells in one-cell-per-line form: TAB-led lines up to the row's end (an empty line or the
    next label). A TAB alone is an empty cell. Blank cells in front of the values, beyond the
    ``n`` expected, are merged-cell remnants of the label column (PDF tables) and dropped."""
    cells: list[tuple[Group, int]] = []
    pos = i + 1
    for line in text[i + 1 : end].split("\n"):
        line_end = pos + len(line)
        pos = line_end + 1
        if line == "":
            if cells:
                break
            continue
        body = line.strip()
        if not body:
            if line.startswith("\t"):
                cells.append((Group("", atomic=True), line_end))
            continue
        if not (body[0] in _VALUE_START or body in NA_TEXTS) or _TWO_CJK.search(body):
            break
        cells.append((Group(body, atomic=True), line_end))
    while len(cells) > n and not cells[0][0].text:
        cells.pop(0)
    cells = cells[:n]
    groups = [g for g, _ in cells]
    raw = " | ".join(g.text or "∅" for g in groups)
    return groups, raw, (cells[-1][1] if cells else i), len(groups)


# --------------------------------------------------------------------------- finding labels
@cache
def _rows_of(table: str, layout: str) -> list[dict]:
    cfg = load("template")[table]
    return [r for r in cfg["rows"] if layout in r.get("layouts", [layout])]


def _specs(columns: list[str], kinds: dict[str, str]) -> list[ColumnSpec]:
    return list(_specs_cached(tuple(columns), tuple(sorted(kinds.items()))))


@cache
def _specs_cached(columns: tuple[str, ...], kinds: tuple[tuple[str, str], ...]) -> tuple[ColumnSpec, ...]:
    kind = dict(kinds)
    return tuple(ColumnSpec(negative=kind.get(c) == "change", decimal=kind.get(c) == "amount")
                 for c in columns)


def _read_sequential(text: str, table: str, rows: list[dict], pos: int, limit: int,
                     columns: Callable[[dict], list[str]], rules: RowRules,
                     kinds: dict[str, str]) -> dict[str, RowRead]:
    """Find each row's label in order, each after the previous one, then read between labels."""
    found: list[tuple[dict, re.Match]] = []
    cursor = pos
    for row in rows:
        rx = label_regex(row["core"], row.get("item"), row.get("item_required", False))
        window_end = min(limit, cursor + (_ROW_WINDOW if found else 2 * _ROW_WINDOW))
        m = rx.search(text, cursor, window_end)
        if m:
            found.append((row, m))
            cursor = m.end()
    return _read_found(text, table, found, limit, columns, rules, kinds)


def _read_found(text, table, found, limit, columns, rules, kinds) -> dict[str, RowRead]:
    out: dict[str, RowRead] = {}
    for k, (row, m) in enumerate(found):
        nxt = found[k + 1][1].start() if k + 1 < len(found) else min(limit, m.end() + 400)
        cols = columns(row)
        groups, raw, end, count = region_groups(text, m.end(), nxt, len(cols))
        row_kinds = dict(kinds)
        if row.get("kind"):
            row_kinds.update(dict.fromkeys(cols, row["kind"]))
        split = _split(groups, cols, rules, row_kinds, count)
        out[row["id"]] = RowRead(table, row["id"], cols, m.start(), max(end, m.end()), raw, split, count)
    return out


def _split(groups: list[Group], cols: list[str], rules: RowRules, kinds: dict[str, str],
           count: int | None) -> RowSplit:
    n = len(cols)
    if not groups:
        return RowSplit([], False)
    if count is not None and count < n:
        # a real row with cells missing: which columns the printed cells belong to is unknown
        # (an empty first cell trimmed away, a transposed table…), so none is published
        return RowSplit([], False)
    return split_row(groups, n, _specs(cols, kinds), rules)


# --------------------------------------------------------------------------- the tables
def read_t2(text: str, layout: str, start: int, limit: int) -> TableReading:
    cfg = load("template")["t2"]
    reading = TableReading("t2")
    begin = _first(text, cfg["start"], start, limit)
    if begin is None:
        return reading
    reading.start = begin
    rows = _rows_of("t2", layout)
    reading.rows = _read_sequential(
        text, "t2", rows, begin, limit, lambda r: r["columns"][layout], RowRules(),
        cfg["column_kinds"])
    return reading


def read_t3(text: str, layout: str, start: int, limit: int) -> TableReading:
    cfg = load("template")["t3"]
    reading = TableReading("t3")
    rows = [r for r in cfg["rows"] if layout in r.get("layouts", [layout])
            or (r["id"] == "other_handling" and layout == "2021")]
    reading.rows = _read_sequential(
        text, "t3", rows, start, limit, lambda r: cfg["columns"], T3_SUM, {})
    if reading.rows:
        first = min(r.label_start for r in reading.rows.values())
        reading.start = _first(text, cfg["header"], max(0, first - 600), first)
    # 2021 layout: （六）其他处理 is a group header over three rows, unless the report printed
    # it as one row (some do); keep whichever carries numbers.
    if layout == "2021" and "other_handling" in reading.rows:
        subs = [r for r in reading.rows if r.startswith("other_handling.")]
        if reading.rows["other_handling"].empty or subs:
            del reading.rows["other_handling"]
    return reading


def _layout_notes(reading: TableReading, layout: str) -> list[Finding]:
    """Departures from the template that are not errors but change which cells exist."""
    if reading.table == "t3" and layout == "2021" and "other_handling" in reading.rows:
        return [Finding(
            "parse.layout_variant", "info", [f"t3.other_handling.{c}" for c in
                                             load("template")["t3"]["columns"]],
            "三 rows under （六）其他处理 (2021 layout)", "one row",
            "表三 （六）其他处理 is printed as one row, as in the 2019 layout: its cells are "
            "published as t3.other_handling.*, the three 2021 sub-rows do not exist here",
            "report")]
    return []


def read_t4(text: str, start: int, limit: int) -> TableReading:
    cfg = load("template")["t4"]
    reading = TableReading("t4")
    words = sorted(cfg["header_words"], key=len, reverse=True)
    # between the header's words: spaces, bars, and a Markdown table's rule lines (|---|---|)
    header = compiled(r"(?:[\s|｜:-]*(?:" + "|".join(spaced(w) for w in words) + r"))+")
    for m in header.finditer(text, start, limit):
        if not any(word in m.group(0) for word in cfg["header_must_contain"]):
            continue
        cols = [f"{r}.{c}" for r in cfg["rows"] for c in cfg["columns"]]
        pos = m.end()
        rest = _HEADER_ROW_REST.match(text, pos, limit)
        if rest:
            pos = rest.end()
        groups, raw, end, count = region_groups(text, pos, limit, len(cols))
        if not groups:
            continue
        split = _split(groups, cols, T4_SUM, {}, count)
        reading.rows["all"] = RowRead("t4", "all", cols, m.start(), end, raw, split, count)
        break
    return reading


def read_pre2019(text: str, start: int, limit: int) -> TableReading:
    cfg = load("template")["t_pre2019"]
    reading = TableReading("t_pre2019")
    # the table's own header (指标名称) before the word 统计表, which a preamble also uses
    # (本报告由概述…和统计表共六个部分组成) when no heading marks the statistics part
    begin = next((b for mk in cfg["start"] if (b := _first(text, [mk], start, limit)) is not None), None)
    if begin is None:
        return reading
    if compiled(spaced(cfg["start"][0])).match(text, begin):
        reading.start = begin  # the header row (指标名称 计量单位…) is part of the table
    matches: list[tuple[dict, re.Match]] = []
    taken: list[tuple[int, int]] = []
    for row in cfg["rows"]:
        for m in label_regex(row["core"], "any").finditer(text, begin, limit):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            matches.append((row, m))
            taken.append((m.start(), m.end()))
            break
    matches.sort(key=lambda rm: rm[1].start())
    reading.rows = _read_found(text, "t_pre2019", matches, limit, lambda r: cfg["columns"],
                               PRE2019_ORDER, {})
    # tables of one column (no 历年累计): read again as one cell per row
    for rid, row in list(reading.rows.items()):
        if not row.split.candidates and not row.empty:
            split = split_row([Group(g) for g in row.raw.split()], 1)
            if split.candidates:
                reading.rows[rid] = RowRead(row.table, rid, ["year"], row.label_start, row.end,
                                            row.raw, split, row.cell_count)
    return reading


def _first(text: str, markers: list[str], start: int, limit: int) -> int | None:
    hits = [m.start() for mk in markers if (m := compiled(spaced(mk)).search(text, start, limit))]
    return min(hits) if hits else None


# --------------------------------------------------------------------------- joint arithmetic
def _t3_column_rules(layout_rows: set[str]) -> list[tuple[str, Callable]]:
    cfg = load("template")["t3"]
    if any(r.startswith("other_handling.") for r in layout_rows):
        results = cfg["result_rows"]["2021"]
    else:
        results = cfg["result_rows"]["2019"]
    results = [r for r in results if r in layout_rows]
    rules: list[tuple[str, Callable]] = []
    for c in range(7):
        def identity(a, c=c):
            return _eq([a.get("new_received"), a.get("carried_over")],
                       [a.get("total"), a.get("carried_forward")], c)

        def results_sum(a, c=c):
            return _eq([a.get(r) for r in results], [a.get("total")], c)

        rules += [("t3.identity", identity), ("t3.results_sum", results_sum)]
    return rules


def _eq(left: list, right: list, c: int) -> bool | None:
    """Column ``c`` of the rows in ``left`` sums to that of ``right``; None if not checkable."""
    if any(v is None for v in left + right):
        return None
    vals_l = [row[c] for row in left]
    vals_r = [row[c] for row in right]
    if any(isinstance(v, str) for v in vals_l + vals_r):
        return None
    return abs(sum(vals_l) - sum(vals_r)) < 1e-6


def _pre2019_rules(rows: set[str]) -> list[tuple[str, Callable]]:
    parts = load("template")["t_pre2019"]["parts"]
    rules: list[tuple[str, Callable]] = []
    for parent, children in parts.items():
        kids = [k for k in children if k in rows]
        if parent not in rows or not kids:
            continue
        for c in range(2):
            def part_le(a, parent=parent, kids=kids, c=c):
                try:
                    vals = [a[k][c] for k in kids]
                    top = a[parent][c]
                except (KeyError, IndexError):
                    return None
                if any(isinstance(v, str) for v in [*vals, top]):
                    return None
                return sum(vals) <= top + 1e-6
            rules.append(("t_pre2019.parts", part_le))
    return rules


def joint_resolve(candidates: dict[str, list[tuple]], rules: list[tuple[str, Callable]],
                  ) -> tuple[dict[str, list[tuple]], tuple[int, int] | None]:
    """Keep, for every row, the readings that take part in the assignments satisfying the most
    column rules. Rows with one reading are fixed; the ambiguous ones are enumerated jointly."""
    fixed = {r: c[0] for r, c in candidates.items() if len(c) == 1}
    open_rows = [r for r, c in candidates.items() if len(c) > 1]
    total = 1
    for r in open_rows:
        total *= len(candidates[r])
    if total > _JOINT_LIMIT or not rules or not open_rows:
        return candidates, None
    best = -1
    best_assignments: list[dict] = []
    checkable = 0
    for combo in itertools.product(*(candidates[r] for r in open_rows)):
        assign = dict(fixed)
        assign.update(zip(open_rows, combo, strict=True))
        verdicts = [fn(assign) for _, fn in rules]
        score = sum(1 for v in verdicts if v)
        if score > best:
            best, best_assignments = score, [assign]
            checkable = sum(1 for v in verdicts if v is not None)
        elif score == best:
            best_assignments.append(assign)
    survivors = {r: sorted({a[r] for a in best_assignments}, key=str) if r in open_rows
                 else candidates[r] for r in candidates}
    return survivors, (best, checkable)


# --------------------------------------------------------------------------- cells and findings
def _to_cells(reading: TableReading, findings: list[Finding]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for rid, row in reading.rows.items():
        survivors = reading.survivors.get(rid, row.split.candidates)
        row_cells, row_findings = row_to_cells(reading.table, rid, row.columns, survivors, row.raw,
                                               row.split.satisfied, row.cell_count,
                                               row.split.exhaustive)
        _convert_yuan(row.raw, row_cells, row_findings)
        cells.update(row_cells)
        findings.extend(row_findings)
    return cells


_IN_YUAN = re.compile(r"\s*-?[0-9][0-9,，]*(?:\.[0-9]+)?\s*元\s*")
TEN_THOUSAND_YUAN = "_10k_yuan"  # the column ids of amounts the template states in 万元


def _convert_yuan(raw: str, cells: dict[str, Cell], findings: list[Finding]) -> None:
    """An amount printed in 元 (251000元) in a column the template states in 万元: stored in
    万元 (25.1), with a finding that names the printed value. Only when the row's printed cells
    are known one by one (``a | b``), so that the unit belongs to that cell."""
    groups = raw.split(" | ")
    if len(groups) != len(cells):
        return
    for (cid, cell), group in zip(cells.items(), groups, strict=True):
        if (cid.endswith(TEN_THOUSAND_YUAN) and isinstance(cell.value, int | float)
                and not isinstance(cell.value, bool) and _IN_YUAN.fullmatch(group)):
            value = round(cell.value / 10_000, 6)
            findings.append(Finding(
                "values.unit", "info", [cid], "万元", group.strip(),
                f"{cid}: printed {group.strip()!r} in a column of 万元; stored as {value:g} 万元"))
            cell.value = int(value) if value == int(value) else value


def row_to_cells(table: str, rid: str, columns: list[str], survivors: list[tuple], raw: str,
                 satisfied: bool = True, cell_count: int | None = None,
                 exhaustive: bool = True) -> tuple[dict[str, Cell], list[Finding]]:
    """The cells of one row from its surviving readings: a value where every reading agrees,
    else ``unreadable`` with the candidates; plus the findings that say so."""
    ids = [_cell_id(table, rid, col) for col in columns]
    cells: dict[str, Cell] = {}
    findings: list[Finding] = []
    if not survivors:
        for cid in ids:
            cells[cid] = _cell(cid, UNREADABLE, raw)
        why = (f"only {cell_count} of {len(ids)} cells printed, and which columns they belong to "
               f"is unknown" if cell_count is not None and cell_count < len(ids)
               else f"cannot be read as {len(ids)} cells")
        findings.append(Finding(
            "parse.unreadable_row", "warning", ids, f"{len(ids)} cells", raw or "(nothing)",
            f"{_label(table, rid)}: printed values {raw!r} {why}", "textmine"))
        return cells, findings
    if len(survivors) == 1:
        for cid, col, value in zip(ids, columns, survivors[0], strict=True):
            cells[cid] = Cell(table, rid if table != "t4" else col.split(".")[0],
                              col if table != "t4" else col.split(".")[1], value, raw)
    else:
        for j, cid in enumerate(ids):
            values = sorted({s[j] for s in survivors}, key=lambda v: (isinstance(v, str), str(v)))
            cell = _cell(cid, values[0] if len(values) == 1 else UNREADABLE, raw)
            if len(values) > 1:
                cell.candidates = values
            cells[cid] = cell
    if cell_count is not None and cell_count < len(ids):
        findings.append(Finding(
            "parse.missing_cells", "warning", ids[cell_count:], len(ids), cell_count,
            f"{_label(table, rid)}: {cell_count} of {len(ids)} cells printed", "textmine"))
    if len(survivors) > 1:
        shown = [list(s) for s in survivors[:10]]
        more = f" (+{len(survivors) - 10} more)" if len(survivors) > 10 else ""
        if not exhaustive:
            more += ", the search stopped at its limit: there may be more"
        why = "no reading satisfies the row's arithmetic; " if not satisfied else ""
        findings.append(Finding(
            "parse.ambiguous_split", "warning", [c for c in ids if cells[c].candidates],
            "one reading", shown,
            f"{_label(table, rid)}: run-together digits {raw!r} have {len(survivors)} "
            f"readings{more}; {why}published as unreadable with candidates", "textmine"))
    return cells, findings


def _cell_id(table: str, row: str, col: str) -> str:
    if table == "t4":
        return f"t4.{col}"
    return f"{table}.{row}.{col}"


def _cell(cid: str, value: Value, raw: str) -> Cell:
    table, rest = cid.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return Cell(table, row, col, value, raw)




def _label(table: str, row: str) -> str:
    return f"{_TABLE_NAMES.get(table, table)} {row}" if row != "all" else _TABLE_NAMES[table]


# --------------------------------------------------------------------------- entry point
def _section_bounds(sections: list[Section], sid: str, default: tuple[int, int]) -> tuple[int, int]:
    sec = next((s for s in sections if s.id == sid), None)
    return (sec.start, sec.end) if sec else default


def read_tables(text: str, layout: str, sections: list[Section]) -> TablesResult:
    """Every table of the report as canonical cells, with findings about the reading itself."""
    n = len(text)
    readings: dict[str, TableReading] = {}
    if layout in ("2019", "2021"):
        p_start, _ = _section_bounds(sections, "proactive", (0, n))
        t3_anchor = compiled(spaced(load("template")["t3"]["start"][0])).search(text, p_start)
        r_start, _r_end = _section_bounds(sections, "requests", (t3_anchor.start() if t3_anchor else n, n))
        t2_limit = t3_anchor.start() if t3_anchor else r_start
        readings["t2"] = read_t2(text, layout, p_start, max(t2_limit, p_start))
        t3 = read_t3(text, layout, min(r_start, t3_anchor.start() if t3_anchor else n), n)
        readings["t3"] = t3
        t3_end = t3.span[1] if t3.span else r_start
        a_start, _ = _section_bounds(sections, "appeals", (t3_end, n))
        problems = _section_bounds(sections, "problems", (n, n))[0]
        t4_limit = problems if problems > max(a_start, t3_end) else n
        readings["t4"] = read_t4(text, max(min(a_start, n), t3_end), t4_limit)
    else:
        s_start, _ = _section_bounds(sections, "statistics", (0, n))
        readings["t_pre2019"] = read_pre2019(text, s_start, n)

    findings: list[Finding] = []
    cells: dict[str, Cell] = {}
    for name, reading in readings.items():
        candidates = {rid: row.split.candidates for rid, row in reading.rows.items()
                      if row.split.candidates}
        _narrow_by_narrative(text, sections, reading, candidates, findings)
        if name == "t3":
            rules = _t3_column_rules(set(reading.rows))
        elif name == "t_pre2019":
            rules = _pre2019_rules(set(reading.rows))
        else:
            rules = []
        reading.survivors, reading.joint_score = joint_resolve(candidates, rules)
        cells.update(_to_cells(reading, findings))
        findings.extend(_missing_rows(reading, layout))
        findings.extend(_layout_notes(reading, layout))
    spans = [r.span for r in readings.values() if r.span]
    return TablesResult(cells, findings, spans, readings)


def _narrow_by_narrative(text: str, sections: list[Section], reading: TableReading,
                         candidates: dict[str, list[tuple]], findings: list[Finding]) -> None:
    """Rows read from run-together digits that have several readings keep those whose cells hold
    what the narrative states of them (``checks.narrative_statements``), before the table's
    column rules are applied: 2022 Pingtan's 表二 规范性文件 row 8855698 has 15 readings, and its
    集中公开现行有效行政规范性文件698件 and 制发的规范性文件88件 leave one, 88 | 55 | 698; 2018
    Pingtan's 主动公开政府信息2069条 picks 2069 | 12106 for 206912106, and the parts rule then reads
    its 政府网站 row the same way. Only narrows: a statement no reading holds (it may speak of
    another scope) changes nothing."""
    from .checks import narrative_statements

    open_rows = [rid for rid, c in candidates.items() if len(c) > 1]
    if not open_rows:
        return
    wanted = {f"{reading.table}.{rid}.{col}" for rid in open_rows for col in reading.rows[rid].columns}
    stated = narrative_statements(text, sections, wanted)
    for rid in open_rows:
        columns = reading.rows[rid].columns
        said = [(i, stated[f"{reading.table}.{rid}.{col}"]) for i, col in enumerate(columns)
                if f"{reading.table}.{rid}.{col}" in stated]
        if not said:
            continue
        kept = [r for r in candidates[rid] if all(r[i] in {v for v, _ in s} for i, s in said)]
        if kept and len(kept) < len(candidates[rid]):
            quotes = "; ".join(f"“…{s[0][1]}”" for _, s in said)
            findings.append(Finding(
                "parse.narrowed_by_narrative", "info",
                [f"{reading.table}.{rid}.{c}" for c in columns], len(candidates[rid]), len(kept),
                f"{reading.table}.{rid}: {len(candidates[rid])} readings narrowed to {len(kept)} by "
                f"what the narrative states ({quotes})", "textmine"))
            candidates[rid] = kept


def _missing_rows(reading: TableReading, layout: str) -> list[Finding]:
    """Template rows that were not found: the table is cut off, or printed in a form textmine
    does not read yet. Either way the user must know those cells are absent."""
    if reading.table == "t_pre2019":
        return []
    if reading.table == "t4":
        expected = ["all"]
    else:
        expected = [r["id"] for r in _rows_of(reading.table, layout)]
        if reading.table == "t3" and layout == "2021" and "other_handling" in reading.rows:
            expected = [r for r in expected if not r.startswith("other_handling.")] + ["other_handling"]
    missing = [r for r in expected if r not in reading.rows]
    if not missing:
        return []
    name = _TABLE_NAMES[reading.table]
    if len(missing) == len(expected):
        return [Finding("parse.table_missing", "warning", [], name, None,
                        f"{name} not found in the text (missing, cut off, or an image)", "textmine")]
    return [Finding("parse.row_missing", "warning", [f"{reading.table}.{r}" for r in missing],
                    "row present", None, f"{name}: rows not found: {', '.join(missing)}", "textmine")]


def narrow_row(report: Report, table: str, row: str, columns: list[str], survivors: list[tuple],
               raw: str, before: int, rule: str, because: str) -> None:
    """Keep only ``survivors`` of an ambiguous row's readings (``report.row_candidates``): its
    cells are read again from them (a value where one reading is left), the ambiguity finding is
    replaced by an ``info`` finding ``rule`` saying what narrowed it (``because``)."""
    cells, findings = row_to_cells(table, row, columns, survivors, raw)
    report.cells.update(cells)
    ids = set(cells)
    report.parse_findings = [f for f in report.parse_findings
                             if not (f.rule == "parse.ambiguous_split" and set(f.cells) <= ids)]
    report.parse_findings.extend(findings)
    report.parse_findings.append(Finding(
        rule, "info", sorted(ids), before, len(survivors),
        f"{table}.{row}: {before} readings narrowed to {len(survivors)} by {because}", "textmine"))
    if len(survivors) > 1:
        report.row_candidates[f"{table}.{row}"] = (columns, survivors, raw)
    else:
        report.row_candidates.pop(f"{table}.{row}", None)
