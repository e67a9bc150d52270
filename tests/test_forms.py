"""The same report in the other forms tables arrive in (schema section 4): rows on one line with
TABs or bars between cells, and a Word document with real tables. Each variant is made from the
shipped Yunnan web copy (one cell per line) and must read to the same cells."""

from __future__ import annotations

import shutil
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


def _markdown_row(row: list[str]) -> str:
    """A row as a PDF-to-Markdown conversion writes it (上海市人民政府办公厅 2025): an empty
    column at its end and a rule line under it."""
    return "| " + " | ".join([*row, ""]) + " |\n" + "|---" * (len(row) + 1) + "|"


def test_markdown_rows_with_rules_and_an_empty_column(tmp_path, seed):
    r = textmine.analyze_file(_write(tmp_path, "yn_markdown.txt", _markdown_row))
    assert {c: r.value(c) for c in KEY_CELLS} == {c: seed.value(c) for c in KEY_CELLS}
    assert r.value("t4.review.total") == 238  # 表四's values read below its rule line, not the rule
    assert r.value("t3.not_processed.publications.total") == "blank"  # a blank cell of the row kept
    assert not [f for f in r.findings if f.rule.startswith("parse.")]


def _seed_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The seed with bars between the cells of each row, a row's label in its first cell
    (| 一、本年新收… | 2488 | … |), ``old`` replaced by ``new``."""
    path = _write(tmp_path, name, lambda row: "| " + " | ".join(row) + " |")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_bar_row_with_a_blank_first_cell_on_the_labels_line(tmp_path):
    """| label |  | 102 | …: the blank between the label's cell and the first value is a cell
    (it was dropped, which shifted the row by one column); with an empty column at the end as
    well, which end is surplus is unknown: unreadable, not guessed (review 11)."""
    r = textmine.analyze_file(_seed_with(tmp_path, "yn_first_blank.txt", "| 2488 | 102", "|  | 102"))
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [
        "blank", 102, 2768]
    both_ends = _seed_with(tmp_path, "yn_both_ends.txt", "| 2488 | 102 | 36 | 61 | 65 | 16 | 2768 |",
                           "|  | 102 | 36 | 61 | 65 | 16 | 2768 |  |")
    r = textmine.analyze_file(both_ends)
    assert r.value("t3.new_received.commercial") == "unreadable"
    assert r.value("t3.carried_over.total") == 7


def test_bar_row_with_the_label_spilling_into_a_cell_or_a_blank_one_and_an_empty_column(tmp_path):
    """A label cut into two cells (| 一、本年新收政府信息 | 公开申请数量 | 2488 |) or followed by
    a merged cell's blank remnant, in a Markdown table with the converter's empty last column:
    seven values between the blanks, all of them read (review 12)."""
    row = "| 2488 | 102 | 36 | 61 | 65 | 16 | 2768 |"
    for name, label_end in (("spill", "政府信息 | 公开申请数量 "), ("remnant", "政府信息公开申请数量 |  ")):
        path = _seed_with(tmp_path, f"yn_{name}.txt", "政府信息公开申请数量 " + row,
                          label_end.rstrip() + " " + row + "  |")
        r = textmine.analyze_file(path)
        assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "total")] == [2488, 2768], name


def test_tab_row_with_a_blank_first_cell(tmp_path):
    """label<TAB><TAB>102…: the blank first cell of a TAB-separated row is a cell, as with bars."""
    path = _write(tmp_path, "yn_tab_blank.txt", "\t".join)
    text = path.read_text(encoding="utf-8")
    old = "一、本年新收政府信息公开申请数量\t2488\t102"
    assert old in text
    path.write_text(text.replace(old, "一、本年新收政府信息公开申请数量\t\t102"), encoding="utf-8")
    r = textmine.analyze_file(path)
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [
        "blank", 102, 2768]


def test_a_row_of_dashes_under_a_header_is_read_not_lost(tmp_path):
    """表四's values printed as --- under its header, in a table with bars: unreadable cells, as
    before Markdown rule lines were skipped, not a missing table."""
    values = "| 97 | 61 | 61 | 19 | 238 | 39 | 12 | 7 | 22 | 80 | 0 | 0 | 0 | 0 | 0 |"
    r = textmine.analyze_file(_seed_with(tmp_path, "yn_t4_dashes.txt", values, "|" + " --- |" * 15))
    assert r.value("t4.review.total") == "unreadable"
    assert not [f for f in r.findings if f.rule == "parse.table_missing"]


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


def test_label_broken_over_lines(tmp_path, seed):
    label = "\t一、本年新收政府信息公开申请数量"
    text = SEED.read_text().replace(label, "\t一、本年新收政府信息\n公开申请数量")
    path = tmp_path / "yn_broken_label.txt"
    path.write_text(text, encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert [r.value(f"t3.new_received.{c}") for c in ("natural_person", "total")] == [2488, 2768]


def test_short_row_is_not_shifted_into_the_wrong_columns(tmp_path):
    """A row whose first (empty) cell was lost: the six printed numbers cannot be placed, so
    none is published as a value (no wrong number with a wrong id)."""
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
    text = SEED.read_text().replace(label + "\t169\n", label)
    path = tmp_path / "yn_short_row.txt"
    path.write_text(text, encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert r.value("t3.partially_granted.natural_person") == "unreadable"
    assert r.value("t3.partially_granted.total") == "unreadable"
    assert any(f.rule == "parse.unreadable_row" and "partially_granted" in f.message for f in r.findings)


def test_t4_header_row_padded_with_empty_cells(tmp_path, seed):
    text = SEED.read_text().replace("\t尚未审结\n\t总计\n\n\t97", "\t尚未审结\n\t总计\n\t\n\t\n\n\t97")
    assert text != SEED.read_text()
    path = tmp_path / "yn_t4_pad.txt"
    path.write_text(text, encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert [r.value(f"t4.review.{c}") for c in ("upheld", "total")] == [97, 238]


def test_year_from_statistics_period_before_links_to_other_years(tmp_path):
    html = (CORPUS / "2019_shanghai_szfbgt.html").read_text()
    page = ("<html><head><title>中国上海</title></head><body><ul><li>2020年上海市人民政府办公厅"
            "政府信息公开工作年度报告</li></ul>" + html + "</body></html>")
    path = tmp_path / "sidebar.html"
    path.write_text(page, encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert r.year == 2019


def test_a_borderless_pdf_table_read_as_one_paragraph(tmp_path):
    """A PDF table printed without ruling is narrative to the PDF reader: its rows come out as
    lines of space-separated cells, which paragraph re-joining may run into one line. Every
    cell of the 2024 Huai'an report reads the same from that as from its ruled table."""
    from textmine.formats import pdf_to_text

    pdf = CORPUS / "2024_huaian_szf.pdf"
    lines: list[str] = []
    table: list[str] = []
    for line in pdf_to_text(pdf).text.split("\n"):
        if line.startswith("\t"):
            table.append(line[1:])
        elif line.strip():
            if table:
                lines.append(" ".join(table))
                table = []
            lines.append(line)
    path = tmp_path / "2024_huaian_szf.txt"
    path.write_text("\n".join([*lines, " ".join(table)]), encoding="utf-8")
    ruled, flat = textmine.analyze_file(pdf), textmine.analyze_file(path)
    assert len(flat.cells) == len(ruled.cells) == 200
    assert {k: c.value for k, c in flat.cells.items()} == {k: c.value for k, c in ruled.cells.items()}
    assert flat.value("t3.new_received.total") == 3119


def test_web_copy_with_an_empty_line_after_every_line(tmp_path, seed):
    """A copy that doubles every line break (each <p> a line and an empty line) loses what an
    empty line means (the end of a one-cell-per-line row); the doubling is undone."""
    path = tmp_path / "yn_doubled.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert {c: r.value(c) for c in KEY_CELLS} == {c: seed.value(c) for c in KEY_CELLS}
    assert r.value("t3.unavailable.not_held.total") == 651
    assert r.value("t3.total.total") == 2675
    assert [s.id for s in r.sections] == [s.id for s in seed.sections]


def test_pre2019_report_without_a_manifest_keeps_its_layout(tmp_path):
    """2018 Pingtan names 政府集中采购项目类信息 in its narrative, one of the 2019 table's header
    words; one word does not overrule the year: the pre-2019 table is read (no MANIFEST.csv)."""
    path = tmp_path / "2018_fujian-pingtan_gwh.txt"
    shutil.copy(CORPUS / path.name, path)
    r = textmine.analyze_file(path, text_mining=False)
    assert (r.year, r.layout) == (2018, "pre2019")
    # 206912106 run together; the narrative's 主动公开政府信息2069条 picks 2069 | 12106
    assert (r.value("t_pre2019.proactive.total.year"), r.value("t_pre2019.proactive.total.cumulative")) == (
        2069, 12106)
    assert r.value("t_pre2019.appeals.review.year") == 0
    with_manifest = textmine.analyze_file(CORPUS / path.name, text_mining=False)
    assert {k: c.value for k, c in r.cells.items()} == {k: c.value for k, c in with_manifest.cells.items()}


def test_web_page_keeps_the_space_between_an_unknown_heading_and_its_text(tmp_path):
    """The 2013 地税局 report as a web page, a paragraph per line: 四、审批事项及处理情况 (a title
    of its own) is told from its text only by the page's space, which must survive."""
    text = (CORPUS / "2013_fujian-pingtan_dsj.txt").read_text(encoding="utf-8")
    path = tmp_path / "dsj.html"
    path.write_text("<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n"))
                    + "</body></html>", encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    seed = textmine.analyze_file(CORPUS / "2013_fujian-pingtan_dsj.txt", text_mining=False)
    assert [s.id for s in r.sections] == [s.id for s in seed.sections]
    assert "section4" in [s.id for s in r.sections]


def test_web_page_with_a_paragraph_per_cell(tmp_path, seed):
    """The Yunnan report as a web page whose every line is a <p>: TABs and empty lines are gone.
    The 表三 row label 四、结转下年度继续办理 (a number on the next line) is not taken for section
    四; the row whose empty 总计 cell left no trace is reported unreadable, not guessed."""
    path = tmp_path / "yn_paragraphs.html"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    path.write_text("<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>",
                    encoding="utf-8")
    r = textmine.analyze_file(path, text_mining=False)
    assert [s.id for s in r.sections] == [s.id for s in seed.sections]
    keys = [c for c in KEY_CELLS if ".publications." not in c]
    assert {c: r.value(c) for c in keys} == {c: seed.value(c) for c in keys}
    assert r.cells["t3.not_processed.publications.natural_person"].state == "unreadable"
