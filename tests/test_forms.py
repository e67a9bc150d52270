"""The same report in the other forms tables arrive in (schema section 4): rows on one line with
TABs or bars between cells, and a Word document with real tables. Each variant is made from the
shipped Yunnan web copy (one cell per line) and must read to the same cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

import textmine

SEED = CORPUS / "2019_yunnan_szf.txt"
KEY_CELLS = ["t3.new_received.total", "t3.unavailable.not_held.natural_person",
             "t3.not_processed.publications.total", "t4.review.total", "t4.litigation_direct.upheld",
             "t2.licensing.items_change", "t2.procurement.amount_10k_yuan"]


def _rows(text: str) -> list[str | list[str]]:
    """The seed as narrative lines and table rows (lists of cells)."""
    out: list[str | list[str]] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:])
            continue
        if row:
            out.append(row)
            row = []
        if line.strip():
            out.append(line)
    if row:
        out.append(row)
    return out


def _write(tmp_path: Path, name: str, render) -> Path:
    path = tmp_path / name
    lines = [render(item) if isinstance(item, list) else item for item in _rows(SEED.read_text())]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed():
    return textmine.analyze_file(SEED)


def test_tab_separated_rows(tmp_path, seed):
    r = textmine.analyze_file(_write(tmp_path, "yn_tabs.txt", "\t".join))
    assert {c: r.value(c) for c in KEY_CELLS} == {c: seed.value(c) for c in KEY_CELLS}
    assert r.value("t3.not_processed.publications.total") == "blank"  # trailing TAB kept
    assert [s.id for s in r.sections] == [s.id for s in seed.sections]


def test_bar_separated_rows(tmp_path, seed):
    r = textmine.analyze_file(_write(tmp_path, "yn_bars.txt", lambda row: "| " + " | ".join(row) + " |"))
    assert {c: r.value(c) for c in KEY_CELLS} == {c: seed.value(c) for c in KEY_CELLS}


def test_space_separated_rows_with_thousands_separators(tmp_path, seed):
    def render(row):
        return " ".join(f"{int(c):,}" if c.isdigit() else c for c in row)

    r = textmine.analyze_file(_write(tmp_path, "yn_spaces.txt", render))
    assert r.value("t3.new_received.natural_person") == 2488  # printed "2,488"
    assert r.value("t3.new_received.total") == 2768


def test_docx_with_real_tables(tmp_path, seed):
    import docx

    document = docx.Document()
    table_rows: list[list[str]] = []

    def flush():
        if not table_rows:
            return
        width = max(len(r) for r in table_rows)
        table = document.add_table(rows=len(table_rows), cols=width)
        for i, cells in enumerate(table_rows):
            for j, value in enumerate(cells):
                table.cell(i, j).text = value
        table_rows.clear()

    for item in _rows(SEED.read_text()):
        if isinstance(item, list):
            table_rows.append(item)
        else:
            flush()
            document.add_paragraph(item)
    flush()
    path = tmp_path / "2019_yunnan_szf.docx"
    document.save(path)
    r = textmine.analyze_file(path)
    assert r.format == "docx"
    assert (r.layout, r.year, r.issuer) == ("2019", 2019, "云南省人民政府")
    for cid in ("t3.new_received.total", "t3.unavailable.not_held.natural_person",
                "t4.review.total", "t2.licensing.items_change"):
        assert r.value(cid) == seed.value(cid), cid
    assert {f.rule for f in r.findings if f.severity == "error"} == {"t3.results_sum"}
