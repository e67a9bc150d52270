"""Chinese names for what textmine publishes under ids, for pages people read: a table cell as
the template prints it (``t3.total.natural_person`` → 表三 （七）总计 · 自然人) and a finding's
rule, severity and origin. The names are data (``models/template.toml``, ``models/findings.toml``);
an id without a name is shown as itself, so a page never fails for want of one.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .resources import load
from .zh import TABLE_NAMES


@cache
def _cell_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Table id → (row id → name, column id → name); a row's own column names (表二's 金额 is
    本年收费金额 in one row, 采购总金额 in another) under the key ``row:column``."""
    template = load("template")
    out = {}
    for table in TABLE_NAMES:
        spec = template.get(table, {})
        rows = [r for r in spec.get("rows", []) if isinstance(r, dict)]
        names = {r["id"]: r["name"] for r in rows if "name" in r}
        names.update(spec.get("row_names", {}))
        columns = dict(spec.get("column_names", {}))
        columns.update({f"{r['id']}:{c}": n for r in rows for c, n in r.get("column_names", {}).items()})
        out[table] = (names, columns)
    return out


def _parts(cell_id: str) -> tuple[str, str, str, str]:
    """(year, table, row, column) of a cell id (year: "" unless cross-year, ``2020:t3.…``).
    A row id (``t3.granted``, as ``parse.row_missing`` names rows) has no column; ``t4.all``
    (a whole table) neither row nor column."""
    year, _, bare = cell_id.rpartition(":")
    table, _, rest = bare.partition(".")
    if "." not in rest:  # table.row
        return year, table, "" if rest == "all" else rest, ""
    row, _, column = rest.rpartition(".")
    return year, table, row, column


def cell_name(cell_id: str) -> str:
    """``t3.withheld.state_secret.natural_person`` → ``表三 （三）不予公开 1.属于国家秘密 · 自然人``;
    a cross-year id ``2020:t3.carried_forward.total`` names the year's report first."""
    year, table, row, column = _parts(cell_id)
    names = _cell_tables().get(table)
    if names is None:
        return cell_id
    rows, columns = names
    name = " ".join(x for x in (TABLE_NAMES[table], rows.get(row, row)) if x)
    if column:
        name += f" · {columns.get(f'{row}:{column}') or columns.get(column, column)}"
    return _text("cross_year_cell").format(year=year, name=name) if year else name


def rule_name(rule: str) -> str:
    """What a finding's rule says, in Chinese (its id when ``models/findings.toml`` has none)."""
    return load("findings")["rules"].get(rule, rule)


def severity_name(severity: str) -> str:
    return load("findings")["severity"].get(severity, severity)


def origin_name(origin: str) -> str:
    """Who is at fault: the report's own numbers, or textmine's reading of them."""
    return load("findings")["origin"].get(origin, origin)


def state_name(state: str) -> str:
    """A cell without a number: 空白 (blank), 不适用 (na), 无法读取 (unreadable)."""
    return load("findings")["cell_state"].get(state, state)


def scope_name(cell_ids: list[str]) -> str:
    """What a check's cells have in common, named: the cell itself when there is one, else their
    column (表三 自然人, for a 表三 column sum), else their row (表四 行政复议, for a row sum), else
    their table; "" when nothing."""
    if len(cell_ids) == 1:
        return cell_name(cell_ids[0])
    parts = [_parts(cid)[1:] for cid in cell_ids]
    tables = {t for t, _, _ in parts}
    if len(tables) != 1 or tables.pop() not in _cell_tables():
        return ""
    table, row, column = parts[0]
    rows, columns = _cell_tables()[table]
    if column and all(c == column for _, _, c in parts):
        return f"{TABLE_NAMES[table]} {columns.get(column, column)}"
    if row and all(r == row for _, r, _ in parts):
        return f"{TABLE_NAMES[table]} {rows.get(row, row)}"
    return TABLE_NAMES[table]


def finding_text(rule: str, cells: list[str], expected: Any, found: Any) -> str:
    """A finding's numbers in words, for a page: what its cells share, then the values as its
    rule's ``details`` template in ``models/findings.toml`` reads them (表三 自然人：应为 2396，实为
    2409; 表三 一、本年新收…：表格 74，正文 75); a run-together row's candidate readings
    (表二 行政规范性文件：可能的读法：8 | 9 | 8989；…). None stands for a missing value."""
    scope = scope_name(cells)
    if isinstance(found, list) and found and all(isinstance(x, list) for x in found):
        shown = "；".join(" | ".join(map(number_text, reading)) for reading in found[:5])
        numbers = _text("readings").format(shown=shown)
        numbers += _text("more_readings") if len(found) > 5 else ""
    else:
        template = load("findings")["details"].get(rule)
        numbers = "" if template is None or found is None else template.format(
            expected=number_text(expected), found=number_text(found))
    if scope and numbers:
        return _text("scope").format(scope=scope, numbers=numbers)
    return numbers or ("" if scope in TABLE_NAMES.values() else scope)  # a bare 表三 says nothing


def number_text(value: Any) -> str:
    """A value as printed: whole numbers without a decimal point or an exponent (3985758, not
    3.98576e+06), a cell state by its name (空白)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return state_name(value)
    return str(value)


def _text(key: str) -> str:
    return load("findings")["text"][key]


def indicator_name(indicator_id: str) -> str:
    """A table cell's name (:func:`cell_name`), a rate's or a narrative indicator's ``label``
    in ``models/indicators.toml`` (政府网站数量, 实质公开率); the id when it has none."""
    table = indicator_id.partition(".")[0]
    if table in TABLE_NAMES:
        return cell_name(indicator_id)
    cfg = load("indicators")
    spec = cfg["indicators"].get(indicator_id) or cfg["rates"].get(indicator_id) or {}
    return spec.get("label", indicator_id)


@cache
def theme_labels() -> dict[str, str]:
    """theme id → its Chinese name, from the table of ``models/labels/themes.md`` (the
    document that defines the ids), in its order."""
    import re

    from .resources import models_dir

    labels = {}
    text = (models_dir() / "labels" / "themes.md").read_text(encoding="utf-8")
    for m in re.finditer(r"^\|\s*`([a-z0-9_]+)`\s*\|\s*([^|]+?)\s*\|", text, re.M):
        labels[m.group(1)] = m.group(2)
    return labels


def theme_name(theme: str) -> str:
    """A theme id in Chinese (政务新媒体 for new_media); an unknown id as it is."""
    return theme_labels().get(theme, theme)
