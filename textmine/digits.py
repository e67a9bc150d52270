"""Reading the numbers of one table row, including rows whose digits are run together.

Web pages often lose the table grid: ``一、本年新收政府信息公开申请数量640020470`` is the seven cells
64, 0, 0, 2, 0, 4, 70. The only honest way back is to enumerate the digit splits and keep those
that satisfy the arithmetic the template imposes (a row's applicant columns add up to its total,
表四's four results add up to their total...). Where several splits survive, all of them are
returned: the caller publishes the cell as ambiguous with its candidates, never a guess.

Everything here is pure: strings in, tuples of numbers out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .zh import NA_TEXTS, UNIT_SUFFIXES

Number = int | float
# A cell value: a number, or one of the explicit states of the schema.
Value = Number | str  # str is "blank" | "na" | "unreadable"

BLANK = "blank"
NA = "na"
UNREADABLE = "unreadable"

_NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_UNIT_SUFFIX_RE = re.compile("(?:" + "|".join(UNIT_SUFFIXES) + ")$")


def parse_cell(text: str) -> Value:
    """One printed cell to a value: a number, ``blank`` (empty), ``na`` ("/", "—", "无") or
    ``unreadable``. Thousands separators and a trailing unit are tolerated; nothing else."""
    if text.isdigit() and text.isascii():  # the common case: "0", "651"
        return int(text)
    s = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not s:
        return BLANK
    if s in NA_TEXTS:
        return NA
    s = _UNIT_SUFFIX_RE.sub("", s)
    if s.startswith("−"):
        s = "-" + s[1:]
    if _NUMBER_RE.match(s):
        return float(s) if "." in s else int(s)
    return UNREADABLE


@dataclass(frozen=True)
class ColumnSpec:
    """What a column may hold: a change column may be negative, an amount fractional."""

    negative: bool = False
    decimal: bool = False


@dataclass(frozen=True)
class RowRules:
    """The arithmetic one row must satisfy.

    ``sums``: (addend indices, total index) pairs, e.g. ((0..5), 6) for a 表三 row.
    ``orders``: (small, big) pairs, e.g. (0, 1) for pre-2019 "this year <= cumulative".
    """

    sums: tuple[tuple[tuple[int, ...], int], ...] = ()
    orders: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Group:
    """A piece of printed text holding one cell (``atomic``: a real table cell) or an unknown
    number of run-together cells (a whitespace-separated run of digits)."""

    text: str
    atomic: bool = False


@dataclass
class RowSplit:
    """The readings of one row. ``satisfied`` says whether the candidates meet the row's
    arithmetic (False: no split does, and the candidates are the unconstrained ones)."""

    candidates: list[tuple[Value, ...]] = field(default_factory=list)
    satisfied: bool = True
    exhaustive: bool = True  # False: the search stopped at its limit, more readings may exist


def _is_num(v: Value) -> bool:
    return not isinstance(v, str)


def rules_hold(values: tuple[Value, ...], rules: RowRules) -> bool:
    """True when every checkable rule holds (rules over non-numbers are not checkable)."""
    for addends, total in rules.sums:
        parts = [values[i] for i in addends]
        if not _is_num(values[total]) or not all(_is_num(p) for p in parts):
            continue
        if abs(sum(parts) - values[total]) > 1e-6:  # type: ignore[arg-type, operator]
            return False
    for small, big in rules.orders:
        a, b = values[small], values[big]
        if _is_num(a) and _is_num(b) and a > b:  # type: ignore[operator]
            return False
    return True


def _tokens_at(s: str, p: int, spec: ColumnSpec) -> list[tuple[str, Value]]:
    """All tokens that can start at ``s[p]``: a number without leading zeros (optionally
    negative / with decimals where the column allows it), or an explicit n/a mark."""
    out: list[tuple[str, Value]] = []
    ch = s[p]
    if ch in "/／—－–":
        return [(ch, NA)]
    start = p
    if ch == "-":
        if p + 1 >= len(s) or not s[p + 1].isdigit():
            return [(ch, NA)]
        if not spec.negative:  # a minus sign before digits, in a column that cannot be negative
            return []
        p += 1
    if p >= len(s) or not s[p].isdigit():
        return out
    if s[p] == "0":
        ints = [p + 1]
    else:
        ints = []
        q = p
        while q < len(s) and s[q].isdigit():
            q += 1
            ints.append(q)
    for end in ints:
        text = s[start:end]
        if text != "-0":
            out.append((text, int(text)))
        if spec.decimal and end < len(s) and s[end] == ".":
            q = end + 1
            while q < len(s) and s[q].isdigit():
                q += 1
                text = s[start:q]
                out.append((text, float(text)))
    return out


def _forced_cells(groups: list[Group], n: int, specs: list[ColumnSpec]) -> list[str] | None:
    """The cells' texts when the printing leaves a single possible split, else None."""
    if len(groups) == n:
        texts = [g.text for g in groups]
        if all(g.atomic for g in groups):
            return texts
        if all(g.atomic or any(len(t) == len(g.text) for t, _ in _tokens_at(g.text, 0, spec))
               for g, spec in zip(groups, specs, strict=True) if g.text):
            return texts
        return None
    if not any(g.atomic for g in groups) and sum(len(g.text) for g in groups) == n:
        joined = "".join(g.text for g in groups)
        if joined.isdigit():
            return list(joined)
    return None


def _is_plain_row_sum(groups: list[Group], n: int, specs: list[ColumnSpec], rules: RowRules) -> bool:
    """One run of digits whose last cell is the sum of all the others (a 表三 row)."""
    return (len(groups) == 1 and not groups[0].atomic and groups[0].text.isdigit()
            and not rules.orders and rules.sums == ((tuple(range(n - 1)), n - 1),)
            and not any(sp.negative or sp.decimal for sp in specs))


def _is_plain_free_row(groups: list[Group], specs: list[ColumnSpec], rules: RowRules) -> bool:
    """One run of digits under no arithmetic at all (a 表二 row): plain compositions."""
    return (len(groups) == 1 and not groups[0].atomic and groups[0].text.isdigit()
            and not rules.sums and not rules.orders
            and not any(sp.negative or sp.decimal for sp in specs))


def _split_free(s: str, n: int, limit: int) -> list[tuple[Value, ...]]:
    """Every split of ``s`` into ``n`` numbers without leading zeros (up to ``limit``)."""
    out: list[tuple[Value, ...]] = []
    for cuts in itertools.combinations(range(1, len(s)), n - 1):
        bounds = (0, *cuts, len(s))
        parts = [s[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        out.append(tuple(int(p) for p in parts))
        if len(out) >= limit:
            break
    return out


def _split_row_sum(s: str, n: int, limit: int) -> list[tuple[Value, ...]]:
    """Readings of ``s`` as n-1 addends followed by their total: the total is tried first, as
    a suffix, and bounds the addends (none may exceed it, their running sum neither)."""
    out: list[tuple[Value, ...]] = []
    for length in range(1, len(s) - (n - 1) + 1):
        tail = s[len(s) - length:]
        if len(tail) > 1 and tail[0] == "0":
            continue
        total = int(tail)
        for addends in _addends(s[: len(s) - length], n - 1, total):
            out.append((*addends, total))
            if len(out) >= limit:
                return out
    return out


def _addends(head: str, k: int, total: int, acc: int = 0) -> Iterator[tuple[int, ...]]:
    """Splits of ``head`` into ``k`` numbers (no leading zeros) summing to ``total - acc``."""
    if k == 0:
        if not head and acc == total:
            yield ()
        return
    if len(head) < k:
        return
    ends = [1] if head[0] == "0" else range(1, len(head) - k + 2)
    for end in ends:
        v = int(head[:end])
        if acc + v > total:
            break
        for rest in _addends(head[end:], k - 1, total, acc + v):
            yield (v, *rest)


class _Search:
    def __init__(self, groups, n, specs, rules, hard, limit_nodes, limit_candidates):
        self.groups = groups
        self.n = n
        self.specs = specs
        self.rules = rules
        self.hard = hard
        self.nodes = 0
        self.limit_nodes = limit_nodes
        self.limit_candidates = limit_candidates
        self.out: list[tuple[Value, ...]] = []
        self.token_cache: dict[tuple, list[tuple[str, Value]]] = {}
        self.exhaustive = True
        # rules closing at each cell index: checked as soon as their last cell is known
        self.closing: dict[int, list] = {}
        for addends, total in rules.sums:
            self.closing.setdefault(max((*addends, total)), []).append(("sum", addends, total))
        for small, big in rules.orders:
            self.closing.setdefault(max(small, big), []).append(("order", small, big))
        # a total printed after all its addends can only be their sum: no need to try others
        self.forced_total = {total: addends for addends, total in rules.sums
                             if max(addends) < total}
        # an addend has no more digits than its total: the nearest total after each cell
        self.total_after: dict[int, int] = {}
        for addends, total in rules.sums:
            for a in addends:
                if a < total:
                    self.total_after[a] = min(self.total_after.get(a, total), total)
        # characters left from group g on: each remaining cell needs at least one
        self.chars_after = [0] * (len(groups) + 1)
        for k in range(len(groups) - 1, -1, -1):
            self.chars_after[k] = self.chars_after[k + 1] + max(len(groups[k].text), 1)

    def _ok(self, values: list[Value], i: int) -> bool:
        for rule in self.closing.get(i, ()):
            if rule[0] == "sum":
                _, addends, total = rule
                parts = [values[k] for k in addends]
                checkable = _is_num(values[total]) and all(_is_num(x) for x in parts)
                if checkable and abs(sum(parts) - values[total]) > 1e-6:  # type: ignore[arg-type, operator]
                    return False
            else:
                _, small, big = rule
                a, b = values[small], values[big]
                if _is_num(a) and _is_num(b) and a > b:  # type: ignore[operator]
                    return False
        return True

    def run(self) -> None:
        self._dfs(0, 0, [])

    def _dfs(self, g: int, p: int, values: list[Value]) -> None:
        if len(self.out) >= self.limit_candidates:
            self.exhaustive = False
            return
        self.nodes += 1
        if self.nodes > self.limit_nodes:
            self.exhaustive = False
            return
        i = len(values)
        if g == len(self.groups):
            if i == self.n:
                self.out.append(tuple(values))
            return
        remaining_groups = len(self.groups) - g - (1 if p > 0 else 0)
        if i + max(remaining_groups, 0) > self.n or i >= self.n:
            return
        group = self.groups[g]
        if group.atomic:
            values.append(parse_cell(group.text))
            if not self.hard or self._ok(values, i):
                self._dfs(g + 1, 0, values)
            values.pop()
            return
        s = group.text
        if (len(s) - p) + self.chars_after[g + 1] < self.n - i:
            return
        key = (g, p, self.specs[i])
        tokens = self.token_cache.get(key)
        if tokens is None:
            tokens = self.token_cache[key] = _tokens_at(s, p, self.specs[i])
        addends = self.forced_total.get(i) if self.hard else None
        if addends is not None:
            parts = [values[k] for k in addends]
            if all(isinstance(x, int) for x in parts):
                want = str(sum(parts))  # type: ignore[arg-type]
                tokens = [(t, v) for t, v in tokens if t == want]
        total = self.total_after.get(i) if self.hard else None
        left = (len(s) - p) + self.chars_after[g + 1]
        for text, value in tokens:
            if not self.specs[i].negative and _is_num(value) and value < 0:  # type: ignore[operator]
                continue
            if total is not None and _is_num(value):
                # the total keeps at most what is left after this cell and the cells between
                room = left - len(text) - (total - i - 1) - (self.n - 1 - total)
                if len(text.lstrip("-")) > room:
                    continue
            values.append(value)
            if not self.hard or self._ok(values, i):
                end = p + len(text)
                if end == len(s):
                    self._dfs(g + 1, 0, values)
                else:
                    self._dfs(g, end, values)
            values.pop()


def split_row(
    groups: list[Group],
    n: int,
    specs: list[ColumnSpec] | None = None,
    rules: RowRules | None = None,
    limit_nodes: int = 400_000,
    limit_candidates: int = 64,
) -> RowSplit:
    """Every reading of ``groups`` as ``n`` cells that satisfies ``rules``.

    When no reading satisfies the rules (the report's own arithmetic may be wrong), the readings
    that ignore them are returned with ``satisfied=False``: a single one of those is still the
    report's printed row (its arithmetic error is then a finding, not a parse fix).
    """
    specs = specs or [ColumnSpec()] * n
    rules = rules or RowRules()
    forced = _forced_cells(groups, n, specs)
    if forced is not None:
        # one printed cell per column (a real table, spaces between every cell, or exactly one
        # digit per cell as in "0000000"): no search
        values = tuple(parse_cell(t) for t in forced)
        if not any(_is_num(v) and v < 0 and not spec.negative  # type: ignore[operator]
                   for v, spec in zip(values, specs, strict=True)):
            return RowSplit([values], rules_hold(values, rules), True)
    if _is_plain_free_row(groups, specs, rules):
        found = _split_free(groups[0].text, n, limit_candidates)
        return RowSplit(found, True, len(found) < limit_candidates)
    if _is_plain_row_sum(groups, n, specs, rules):
        found = _split_row_sum(groups[0].text, n, limit_candidates)
        if found:
            return RowSplit(found, True, len(found) < limit_candidates)
    hard = _Search(groups, n, specs, rules, True, limit_nodes, limit_candidates)
    hard.run()
    if hard.out:
        return RowSplit(hard.out, True, hard.exhaustive)
    soft = _Search(groups, n, specs, rules, False, limit_nodes, limit_candidates)
    soft.run()
    return RowSplit(soft.out, False, soft.exhaustive and hard.exhaustive)
