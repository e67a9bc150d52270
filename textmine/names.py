"""Chinese names for what textmine publishes under ids, for pages people read: a table cell as
the template prints it (``t3.total.natural_person`` → 表三 （七）总计 · 自然人) and a finding's
rule, severity and origin. The names are data (``models/template.toml``, ``models/findings.toml``);
an id without a name is shown as itself, so a page never fails for want of one.
"""

from __future__ import annotations

from functools import cache

from .resources import load
from .zh import TABLE_NAMES


@cache
def _cell_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Table id → (row id → name, column id → name)."""
    template = load("template")
    out = {}
    for table in TABLE_NAMES:
        spec = template.get(table, {})
        rows = {r["id"]: r["name"] for r in spec.get("rows", []) if isinstance(r, dict) and "name" in r}
        rows.update(spec.get("row_names", {}))
        out[table] = (rows, dict(spec.get("column_names", {})))
    return out


def _parts(cell_id: str) -> tuple[str, str, str, str]:
    """(year, table, row, column) of a cell id (year: "" unless cross-year, ``2020:t3.…``)."""
    year, _, bare = cell_id.rpartition(":")
    table, _, rest = bare.partition(".")
    row, _, column = rest.rpartition(".")
    return year, table, row, column


def cell_name(cell_id: str) -> str:
    """``t3.withheld.state_secret.natural_person`` → ``表三 （三）不予公开 1.属于国家秘密 · 自然人``;
    a cross-year id ``2020:t3.carried_forward.total`` names the year's report first."""
    year, table, row, column = _parts(cell_id)
    names = _cell_tables().get(table)
    if names is None or not row:
        return cell_id
    rows, columns = names
    name = f"{TABLE_NAMES[table]} {rows.get(row, row)} · {columns.get(column, column)}"
    return f"{year}年报告 {name}" if year else name


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
    """What a check's cells have in common, named: their column (自然人, for a 表三 column sum),
    else their row (表四 行政复议, for a row sum), else their table; "" when nothing."""
    parts = [_parts(cid)[1:] for cid in cell_ids]
    tables = {t for t, _, _ in parts}
    if len(tables) != 1 or not parts:
        return ""
    table = tables.pop()
    names = _cell_tables().get(table)
    if names is None:
        return ""
    rows, columns = names
    if len({c for _, _, c in parts}) == 1 and len(parts) > 1:
        return f"{TABLE_NAMES[table]} {columns.get(parts[0][2], parts[0][2])}"
    if len({r for _, r, _ in parts}) == 1:
        return f"{TABLE_NAMES[table]} {rows.get(parts[0][1], parts[0][1])}"
    return TABLE_NAMES[table]


def indicator_name(indicator_id: str) -> str:
    """A table cell's name (:func:`cell_name`), a rate's or a narrative indicator's ``label``
    in ``models/indicators.toml`` (政府网站数量, 实质公开率); the id when it has none."""
    table = indicator_id.partition(".")[0]
    if table in TABLE_NAMES:
        return cell_name(indicator_id)
    cfg = load("indicators")
    spec = cfg["indicators"].get(indicator_id) or cfg["rates"].get(indicator_id) or {}
    return spec.get("label", indicator_id)
