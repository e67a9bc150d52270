"""Rules across consecutive years of one issuer (schema 3.5 and 3.6), used twice: to narrow the
readings of run-together rows that one year alone leaves ambiguous, and to check the reports.

- 3.6: ``carried_forward(t-1) == carried_over(t)`` in every 表三 column;
- 3.5: ``in_force(t) == in_force(t-1) + issued(t) - repealed(t)`` for 表二 规章 and 规范性文件
  (2021 layout on both sides: the 2019 layout's 对外公开总数量 is another quantity);
- the same stock rule for the 2019 layout's item counts, which follows from the column
  definitions (上一年项目数量 + 本年增/减 = next year's 上一年项目数量):
  ``items_last_year(t) == items_last_year(t-1) + items_change(t-1)``. Not in the schema's list,
  so a break of it is a warning, not an error.

Issuer identity tolerates renamings: a manifest ``aliases`` column lists a report's other names.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable

from .digits import Value
from .model import Finding, Report
from .tables import narrow_row

T3_COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service",
              "other_org", "total"]
T2_STOCK_ROWS = ["regulations", "normative_documents"]
T2_ITEM_ROWS = {"licensing": 3, "other_services": 3, "penalties": 3, "enforcement": 3, "fees": 2}
ITEM_COLUMNS = ["items_last_year", "items_change", "decisions"]


def alias_root(names: list[tuple[str, list[str]]]) -> Callable[[str], str]:
    """Union-find over (issuer, aliases) pairs: a function giving each name its group's
    representative, so that renamed issuers (平潭县人民政府 → 平潭综合实验区管委会) are one."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for issuer, aliases in names:
        for alias in aliases:
            parent[find(alias)] = find(issuer)
    return find


def _alias_groups(reports: list[Report]) -> dict[str, list[Report]]:
    """Reports with an issuer and a year, grouped by issuer with names joined through aliases,
    each group sorted by year."""
    find = alias_root([(r.issuer, r.meta.get("aliases", [])) for r in reports if r.issuer])
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if r.issuer and r.year:
            groups[find(r.issuer)].append(r)
    return {k: sorted(g, key=lambda r: r.year or 0) for k, g in groups.items()}


def issuer_groups(reports: list[Report]) -> list[list[Report]]:
    """Groups of two or more years of one issuer (renamings joined), sorted by year."""
    return [g for g in _alias_groups(reports).values() if len(g) > 1]


# (issuer key, year, issuer as printed, source) of one report
SeriesRow = tuple[str, int, str, str]


def series_links(rows: list[SeriesRow], later: bool = False) -> dict[str, str]:
    """source → the source of the report before it in its issuer's series (``later``: after
    it): the issuer's report of the nearest earlier (later) year in the corpus. When that year
    holds several reports of the issuer key — an old and a new name both publishing
    (平潭县人民政府 and 平潭综合实验区管委会, 2011–2013) — the one under the same printed name, else
    the first by source; so a report is never compared with another body's report of its own
    year, and every report has its own predecessor."""
    by_key: dict[str, dict[int, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for key, year, issuer, source in rows:
        by_key[key][year].append((issuer, source))
    out: dict[str, str] = {}
    for years in by_key.values():
        for earlier, year in itertools.pairwise(sorted(years)):
            this, other = (earlier, year) if later else (year, earlier)
            for issuer, source in years[this]:
                out[source] = _same_issuer_first(years[other], issuer)
    return out


def _same_issuer_first(candidates: list[tuple[str, str]], issuer: str) -> str:
    same = [source for name, source in candidates if name == issuer]
    return min(same) if same else min(source for _, source in candidates)


def series_pairs(group: list[Report]) -> list[tuple[Report, Report]]:
    """(previous, report) for every report of an issuer group that has a previous one
    (:func:`series_links`)."""
    by_source = {r.source: r for r in group}
    links = series_links([("", r.year or 0, r.issuer or "", r.source) for r in group])
    return [(by_source[prev], by_source[cur]) for cur, prev in sorted(
        links.items(), key=lambda kv: (by_source[kv[0]].year or 0, kv[0]))]


def assign_issuer_keys(reports: list[Report]) -> None:
    """Give every report one name for its issuer across renamings: the name its latest report
    uses (平潭县人民政府 2011… and 平潭综合实验区管委会 2021… → 平潭综合实验区管委会). A report
    without a year still joins its issuer (it counts as the earliest)."""
    find = alias_root([(r.issuer, r.meta.get("aliases", [])) for r in reports if r.issuer])
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if r.issuer:
            groups[find(r.issuer)].append(r)
    for group in groups.values():
        key = max(group, key=lambda r: (r.year or 0, r.source)).issuer
        for r in group:
            r.issuer_key = key
        _complete_provinces(group)
    for r in reports:
        if r.issuer_key is None:
            r.issuer_key = r.issuer


def _complete_provinces(group: list[Report]) -> None:
    """A report whose text names no province (平潭综合实验区 2024: region 平潭综合实验区, province
    unknown) takes it from its issuer's other reports whose region ends with its own
    (福建省平潭综合实验区) when they name one place and the name is not one several divisions bear:
    one issuer, one place, whatever each year's text says."""
    from .metadata import is_ambiguous_division

    known = {(r.region, r.province) for r in group if r.province and r.region}
    for r in group:
        if r.province or not r.region or is_ambiguous_division(r.region):
            continue  # 朝阳区, 鼓楼区: several places bear the name, the series does not decide
        places = {k for k in known if k[0].endswith(r.region)}
        if len(places) == 1:  # one place only: two would be a guess
            r.region, r.province = next(iter(places))
        elif len({province for _, province in places}) == 1:  # two spellings, one province
            r.province = next(iter(places))[1]


def _row(report: Report, table: str, row: str, columns: list[str]) -> list[tuple] | None:
    """The readings of a row: its candidates if ambiguous, else its single printed reading."""
    key = f"{table}.{row}"
    if key in report.row_candidates:
        return list(report.row_candidates[key][1])
    ids = [f"{table}.{row}.{c}" for c in columns]
    if not all(i in report.cells for i in ids):
        return None
    return [tuple(report.cells[i].value for i in ids)]


def _num(v: Value) -> bool:
    return not isinstance(v, str)


def _narrow(prev: Report, cur: Report, prev_key: tuple[str, str], cur_key: tuple[str, str],
            columns_prev: list[str], columns_cur: list[str],
            ok: Callable[[tuple, tuple], bool | None]) -> set[Report]:
    """Keep the readings of two rows that satisfy ``ok`` together (when any pair does)."""
    a = _row(prev, *prev_key, columns_prev)
    b = _row(cur, *cur_key, columns_cur)
    if not a or not b or (len(a) == 1 and len(b) == 1):
        return set()
    pairs = [(x, y) for x in a for y in b if ok(x, y)]
    if not pairs:
        return set()
    changed = set()
    for report, key, keep, cols in ((prev, prev_key, {p[0] for p in pairs}, columns_prev),
                                    (cur, cur_key, {p[1] for p in pairs}, columns_cur)):
        rk = f"{key[0]}.{key[1]}"
        if rk not in report.row_candidates:
            continue
        _, old, raw = report.row_candidates[rk]
        new = [c for c in old if c in keep]
        if len(new) < len(old):
            narrow_row(report, key[0], key[1], cols, new, raw, len(old), "parse.narrowed_across_years",
                       "the same issuer's adjacent-year report")
            changed.add(report)
    return changed


def _carry_ok(x: tuple, y: tuple) -> bool:
    return all(_num(a) and _num(b) and a == b for a, b in zip(x, y, strict=False))


def _stock_ok(prev: tuple, cur: tuple) -> bool:
    """cur = (issued, repealed, in_force); prev's in_force is its last value."""
    vals = (prev[2], *cur)
    if not all(_num(v) for v in vals):
        return False
    return abs(cur[2] - (prev[2] + cur[0] - cur[1])) < 1e-6  # type: ignore[operator]


def _items_ok(prev: tuple, cur: tuple) -> bool:
    """prev = (items_last_year, items_change, …) of t-1; cur's first value = items_last_year(t)."""
    vals = (prev[0], prev[1], cur[0])
    if not all(_num(v) for v in vals):
        return False
    return abs(cur[0] - (prev[0] + prev[1])) < 1e-6  # type: ignore[operator]


def link(reports: list[Report]) -> set[Report]:
    """Narrow and check every consecutive-year pair; returns the reports whose cells or
    findings changed (the caller re-runs their checks)."""
    changed: set[Report] = set()
    pairs = []
    for group in issuer_groups(reports):
        for prev, cur in series_pairs(group):
            if cur.year == (prev.year or 0) + 1:
                pairs.append((prev, cur))
    for prev, cur in pairs:
        if {prev.layout, cur.layout} <= {"2019", "2021"}:
            changed |= _narrow(prev, cur, ("t3", "carried_forward"), ("t3", "carried_over"),
                               T3_COLUMNS, T3_COLUMNS, _carry_ok)
        if prev.layout == cur.layout == "2021":
            cols = ["issued", "repealed", "in_force"]
            for row in T2_STOCK_ROWS:
                changed |= _narrow(prev, cur, ("t2", row), ("t2", row), cols, cols, _stock_ok)
        if prev.layout == cur.layout == "2019":
            for row, n in T2_ITEM_ROWS.items():
                cols = ITEM_COLUMNS[:n]
                changed |= _narrow(prev, cur, ("t2", row), ("t2", row), cols, cols, _items_ok)
    for prev, cur in pairs:
        new = _check_pair(prev, cur)
        if new:
            cur.cross_findings.extend(new)
            changed.add(cur)
    for group in issuer_groups(reports):  # any two successive reports, gaps included
        for prev, cur in series_pairs(group):
            new = _check_cumulative(prev, cur)
            if new:
                cur.cross_findings.extend(new)
                changed.add(cur)
    return changed


def _check_cumulative(prev: Report, cur: Report) -> list[Finding]:
    """A pre-2019 table's 历年累计 counts everything since the start: it cannot be smaller in a
    later report of the same issuer (2015 Pingtan 81916, 2018 12106). Not across a renaming
    (平潭县人民政府 → 平潭综合实验区管委会): a body reorganised may count afresh."""
    if (prev.layout != "pre2019" or cur.layout != "pre2019" or (cur.year or 0) <= (prev.year or 0)
            or prev.issuer != cur.issuer):
        return []
    out = []
    for cid, cell in cur.cells.items():
        before = prev.cells.get(cid)
        if (not cid.endswith(".cumulative") or before is None or before.number is None
                or cell.number is None or cell.number >= before.number):
            continue
        out.append(Finding(
            "cross_year.cumulative", "warning", [f"{prev.year}:{cid}", cid], _n(before.number),
            cell.number, f"统计表 {cid}: 历年累计 {_n(cell.number)} < {_n(before.number)} in the "
            f"{prev.year} report ({prev.source})", "report"))
    return out


def _n(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _check_pair(prev: Report, cur: Report) -> list[Finding]:
    out: list[Finding] = []
    where = f"{prev.year} report ({prev.source})"
    if {prev.layout, cur.layout} <= {"2019", "2021"}:
        for col in T3_COLUMNS:
            a = prev.cells.get(f"t3.carried_forward.{col}")
            b = cur.cells.get(f"t3.carried_over.{col}")
            if a is None or b is None or a.number is None or b.number is None:
                continue
            if a.number != b.number:
                out.append(Finding(
                    "cross_year.carry_over", "error",
                    [f"{prev.year}:t3.carried_forward.{col}", f"t3.carried_over.{col}"],
                    a.number, b.number,
                    f"表三 {col}: 上年结转 {b.number} ≠ 结转下年度 {a.number} in the {where}",
                    "report"))
    if prev.layout == cur.layout == "2021":
        for row in T2_STOCK_ROWS:
            vals = [cur.cells.get(f"t2.{row}.{c}") for c in ("issued", "repealed", "in_force")]
            before = prev.cells.get(f"t2.{row}.in_force")
            if before is None or any(v is None or v.number is None for v in vals) or before.number is None:
                continue
            issued, repealed, in_force = (v.number for v in vals)  # type: ignore[union-attr]
            expected = before.number + issued - repealed
            if abs(expected - in_force) > 1e-6:
                out.append(Finding(
                    "cross_year.in_force", "error",
                    [f"{prev.year}:t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed",
                     f"t2.{row}.in_force"], expected, in_force,
                    f"表二 {row}: 现行有效 {in_force} ≠ {before.number} (in the {where}) + "
                    f"制发 {issued} − 废止 {repealed} = {expected}", "report"))
    if prev.layout == cur.layout == "2019":
        for row in T2_ITEM_ROWS:
            a = prev.cells.get(f"t2.{row}.items_last_year")
            d = prev.cells.get(f"t2.{row}.items_change")
            b = cur.cells.get(f"t2.{row}.items_last_year")
            if None in (a, d, b) or None in (a.number, d.number, b.number):  # type: ignore[union-attr]
                continue
            expected = a.number + d.number  # type: ignore[union-attr, operator]
            if abs(expected - b.number) > 1e-6:  # type: ignore[union-attr, operator]
                out.append(Finding(
                    "cross_year.items", "warning",
                    [f"{prev.year}:t2.{row}.items_last_year", f"{prev.year}:t2.{row}.items_change",
                     f"t2.{row}.items_last_year"], expected, b.number,  # type: ignore[union-attr]
                    f"表二 {row}: 上一年项目数量 {b.number} ≠ {a.number} + {d.number} "  # type: ignore[union-attr]
                    f"(上一年项目数量 + 本年增/减 in the {where})", "report"))
    return out
