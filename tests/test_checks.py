"""The report's own arithmetic, checked on real reports."""

from __future__ import annotations

from textmine.checks import run_checks
from textmine.model import Cell, Report


def findings(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_yunnan_result_rows_do_not_add_up(yunnan):
    by_cell = {f.cells[-1]: f for f in findings(yunnan, "t3.results_sum")}
    natural = by_cell["t3.total.natural_person"]
    assert (natural.found, natural.expected) == (2409, 2396)
    assert natural.severity == "error" and natural.origin == "report"
    total = by_cell["t3.total.total"]
    # publications.total is blank; the printed addends already exceed 总计, so it fails anyway
    assert (total.found, total.expected) == (2688, 2675)
    assert set(by_cell) == {"t3.total.natural_person", "t3.total.total"}


def test_yunnan_identity_holds(yunnan):
    identity_total = [c for c in yunnan.checks
                      if c.rule == "t3.identity" and "t3.total.total" in c.cells]
    assert len(identity_total) == 1
    assert identity_total[0].status == "pass"
    assert identity_total[0].found == identity_total[0].expected == 2775
    assert findings(yunnan, "t3.identity") == []


def test_yunnan_t4_consistent_and_placeholder_flagged(yunnan):
    assert findings(yunnan, "t4.row_sum") == []
    assert [c.status for c in yunnan.checks if c.rule == "t4.row_sum"] == ["pass"] * 3
    placeholder = findings(yunnan, "values.placeholder")
    assert [f.cells for f in placeholder] == [["t2.enforcement.decisions"]]
    assert placeholder[0].found == 123456


def test_yunnan_blank_is_a_warning_and_not_checkable(yunnan):
    blank = findings(yunnan, "values.blank")
    assert blank and blank[0].cells == ["t3.not_processed.publications.total"]
    row_check = [c for c in yunnan.checks
                 if c.rule == "t3.row_sum" and "t3.not_processed.publications.total" in c.cells]
    assert row_check[0].status == "not_checkable"


def test_yunnan_narrative_numbers_agree(yunnan):
    agree = [c for c in yunnan.checks if c.rule == "narrative.agrees"]
    assert {(c.cells[0], c.found) for c in agree} >= {
        ("t3.new_received.total", 2768), ("t3.carried_over.total", 7),
        ("t3.carried_forward.total", 100)}
    assert all(c.status == "pass" for c in agree)


def test_pingtan_2021_narrative_and_clean_tables(corpus):
    r = corpus["2021_fujian-pingtan_gwh.txt"]
    agree = {c.cells[0]: (c.found, c.status) for c in r.checks if c.rule == "narrative.agrees"}
    assert agree["t3.new_received.total"] == (70, "pass")  # 共收到70件申请
    assert agree["t3.total.total"] == (69, "pass")  # 办结69件
    assert agree["t3.carried_forward.total"] == (1, "pass")  # 1件结转下年度
    assert not r.has_errors


def test_narrative_total_may_include_last_years_applications(corpus):
    """2022 Pingtan: 全区收到政府信息公开申请75件 = 74 new + 1 carried over from 2021 (its
    1件结转下年度): that agrees; no warning."""
    r = corpus["2022_fujian-pingtan_gwh.txt"]
    assert r.cells["t3.new_received.total"].number == 74 and r.cells["t3.carried_over.total"].number == 1
    agree = {c.cells[0]: (c.found, c.status) for c in r.checks if c.rule == "narrative.agrees"}
    assert agree["t3.new_received.total"] == (75, "pass")
    assert not findings(r, "narrative.agrees")


def test_narrative_contradiction_is_a_warning(corpus):
    """2024 Hongze: the office received 17 (区政府办代表区政府受理…申请17件), the table 95: a
    warning, not an error — the sentence may speak of a narrower scope than the table."""
    r = corpus["2024_huaian-hongze_qzf.pdf"]
    (f,) = findings(r, "narrative.agrees")
    assert (f.found, f.expected, f.severity) == (17, 95, "warning")


def test_hongze_2023_t4_printed_total_wrong(corpus):
    r = corpus["2023_huaian-hongze_qzf.pdf"]
    review = [f for f in findings(r, "t4.row_sum") if "t4.review.total" in f.cells]
    assert (review[0].found, review[0].expected) == (11, 0)
    assert r.value("t4.review.total") == 0  # printed numbers are never altered


def test_pingtan_2020_results_do_not_add_up(corpus):
    r = corpus["2020_fujian-pingtan_gwh.txt"]
    by_cell = {f.cells[-1]: (f.found, f.expected) for f in findings(r, "t3.results_sum")}
    assert by_cell["t3.total.natural_person"] == (26, 20)


def test_cross_year_carry_over_consistent_in_pingtan(corpus):
    for name in ("2020", "2021", "2022", "2023"):
        r = corpus[f"{name}_fujian-pingtan_gwh.txt"]
        assert findings(r, "cross_year.carry_over") == []
    # Hongze 2023 → 2024: 5 + 3 − 0 = 8 normative documents in force: consistent
    assert findings(corpus["2024_huaian-hongze_qzf.pdf"], "cross_year.in_force") == []


def _report(cells):
    r = Report("mem", "txt", "", layout="2021")
    for cid, v in cells.items():
        table, rest = cid.split(".", 1)
        row, col = rest.rsplit(".", 1)
        r.cells[cid] = Cell(table, row, col, v)
    return r


def test_negative_and_fractional_counts_are_errors():
    r = _report({"t3.new_received.total": -3, "t4.review.total": 2.5, "t2.licensing.items_change": -7})
    _, found = run_checks(r)
    rules = {(f.rule, f.cells[0]) for f in found}
    assert ("values.non_negative", "t3.new_received.total") in rules
    assert ("values.whole", "t4.review.total") in rules
    assert not any(f.cells == ["t2.licensing.items_change"] for f in found)  # a change may be < 0


def test_blank_total_is_not_checkable_not_failed():
    cells = {f"t4.review.{c}": v for c, v in
             zip(["upheld", "corrected", "other", "pending", "total"], [1, 2, 0, 0, "blank"], strict=True)}
    r = _report(cells)
    checks, found = run_checks(r)
    assert [c.status for c in checks if c.rule == "t4.row_sum"] == ["not_checkable"]
    assert not any(f.rule == "t4.row_sum" for f in found)


def test_narrative_picks_the_reading_of_a_run_together_row(corpus):
    """2022 Pingtan prints 表二's 规范性文件 row as 8855698 (15 splits fit the column rules); its
    narrative says 集中公开现行有效行政规范性文件698件 and 本年度制发的规范性文件88件, which leaves
    one reading: 88 issued, 55 repealed, 698 in force, with an info finding saying why."""
    r = corpus["2022_fujian-pingtan_gwh.txt"]
    columns = ("issued", "repealed", "in_force")
    assert [r.value(f"t2.normative_documents.{c}") for c in columns] == [88, 55, 698]
    found = [f for f in r.findings if f.rule == "parse.narrowed_by_narrative"]
    assert len(found) == 1 and found[0].severity == "info"
    assert "15 readings narrowed to 1" in found[0].message and "698件" in found[0].message
    assert "t2.normative_documents" not in " ".join(r.row_candidates)


def test_a_narrative_number_no_reading_holds_changes_nothing(corpus):
    """Yunnan states 现行有效规范性文件 nowhere as a count of its own table; no row of its tables
    is narrowed by the narrative, and its ambiguous rows stay as they were read."""
    r = corpus["2019_yunnan_szf.txt"]
    assert not [f for f in r.findings if f.rule == "parse.narrowed_by_narrative"]


def test_cumulative_counts_never_fall(corpus):
    """历年累计 of the pre-2019 table: 2015 Pingtan printed 81916 items proactively published
    since the start, 2018 Pingtan 12106 — a warning on 2018. Not across the renaming 2011 平潭县
    人民政府 → 2015 管委会 (a reorganised body may count afresh)."""
    found = {f.cells[1]: (f.expected, f.found) for f in corpus["2018_fujian-pingtan_gwh.txt"].findings
             if f.rule == "cross_year.cumulative"}
    assert found["t_pre2019.proactive.total.cumulative"] == (81916, 12106)
    assert all(f.severity == "warning" for f in corpus["2018_fujian-pingtan_gwh.txt"].findings
               if f.rule == "cross_year.cumulative")
    earlier = corpus["2015_fujian-pingtan_gwh.txt"].findings
    assert not [f for f in earlier if f.rule == "cross_year.cumulative"]
