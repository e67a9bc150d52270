"""Cell values read from real reports, in every layout and format (values checked by hand
against the printed reports)."""

from __future__ import annotations

import pytest

T3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service",
           "other_org", "total"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def row(report, table_row, cols=T3_COLS):
    return [report.value(f"{table_row}.{c}") for c in cols]


# --------------------------------------------------------------------------- txt, one cell per line
def test_yunnan_t3_rows(yunnan):
    assert row(yunnan, "t3.new_received") == [2488, 102, 36, 61, 65, 16, 2768]
    assert row(yunnan, "t3.carried_over") == [7, 0, 0, 0, 0, 0, 7]
    assert row(yunnan, "t3.unavailable.not_held") == [606, 22, 1, 11, 9, 2, 651]
    assert row(yunnan, "t3.total") == [2396, 101, 36, 61, 65, 16, 2675]
    assert row(yunnan, "t3.carried_forward") == [99, 1, 0, 0, 0, 0, 100]


def test_yunnan_blank_stays_blank(yunnan):
    assert yunnan.value("t3.not_processed.publications.total") == "blank"
    assert yunnan.value("t3.not_processed.publications.natural_person") == 0


def test_yunnan_t2_and_t4(yunnan):
    assert row(yunnan, "t2.licensing", ["items_last_year", "items_change", "decisions"]) == [
        430, -18, 4405632]
    assert yunnan.value("t2.enforcement.decisions") == 123456
    assert yunnan.value("t2.procurement.amount_10k_yuan") == pytest.approx(2939239.689)
    assert row(yunnan, "t4.review", T4_COLS) == [97, 61, 61, 19, 238]
    assert row(yunnan, "t4.litigation_direct", T4_COLS) == [39, 12, 7, 22, 80]
    assert row(yunnan, "t4.litigation_after_review", T4_COLS) == [0, 0, 0, 0, 0]


def test_every_2019_2021_report_yields_all_t3_t4_cells(corpus):
    for name, report in corpus.items():
        if report.layout not in ("2019", "2021"):
            continue
        t3 = [c for c in report.cells.values() if c.table == "t3"]
        t4 = [c for c in report.cells.values() if c.table == "t4"]
        assert len(t4) == 15, name
        assert len(t3) in (25 * 7, 23 * 7), name  # 2021 layout: 25 rows; 2019 (or one 其他处理 row): 23
        unreadable = [c.id for c in t3 + t4 if c.state == "unreadable"]
        assert unreadable == [], (name, unreadable)


# --------------------------------------------------------------------------- run-together web text
def test_pingtan_2021_run_together_rows(corpus):
    r = corpus["2021_fujian-pingtan_gwh.txt"]
    assert row(r, "t3.new_received") == [64, 0, 0, 2, 0, 4, 70]
    assert row(r, "t3.granted") == [27, 0, 0, 2, 0, 1, 30]  # 2,7,0,0,20,1,30 fails the columns
    assert row(r, "t3.unavailable.not_held") == [22, 0, 0, 0, 0, 3, 25]
    assert row(r, "t3.partially_granted") == [5, 0, 0, 0, 0, 0, 5]  # printed "500000 5"
    assert row(r, "t3.total") == [63, 0, 0, 2, 0, 4, 69]
    assert row(r, "t3.other_handling.other") == [1, 0, 0, 0, 0, 0, 1]
    assert row(r, "t4.litigation_direct", T4_COLS) == [12, 0, 0, 0, 12]
    assert row(r, "t4.review", T4_COLS) == [1, 0, 2, 0, 3]
    assert r.value("t2.fees.amount_10k_yuan") == pytest.approx(24252.311082)


def test_pingtan_2019_spaced_groups(corpus):
    r = corpus["2019_fujian-pingtan_gwh.txt"]
    assert row(r, "t3.new_received") == [23, 0, 0, 0, 0, 0, 23]  # printed "230 000023"
    assert row(r, "t3.total") == [23, 0, 0, 0, 0, 0, 23]  # printed "23 0 00 0 023"
    assert row(r, "t3.unavailable.unclear_after_correction") == [5, 0, 0, 0, 0, 0, 5]


def test_pingtan_2020_negative_change_stays_ambiguous(corpus):
    r = corpus["2020_fujian-pingtan_gwh.txt"]
    # "2648-18538": 上一年项目数量 2648 is certain (and agrees with 2019), the rest is not
    assert r.value("t2.penalties.items_last_year") == 2648
    assert r.value("t2.penalties.items_change") == "unreadable"
    assert r.ambiguous["t2.penalties.items_change"] == [-1, -18, -185, -1853]
    assert r.value("t2.fees.items_change") == -15
    assert row(r, "t3.new_received") == [20, 0, 0, 0, 0, 1, 21]


def test_pingtan_2022_space_separated_t4(corpus):
    r = corpus["2022_fujian-pingtan_gwh.txt"]
    assert row(r, "t4.review", T4_COLS) == [0, 1, 1, 0, 2]
    assert row(r, "t4.litigation_direct", T4_COLS) == [1, 0, 0, 0, 1]
    assert row(r, "t3.new_received") == [71, 3, 0, 0, 0, 0, 74]
    assert row(r, "t3.carried_over") == [1, 0, 0, 0, 0, 0, 1]


def test_pingtan_2023(corpus):
    r = corpus["2023_fujian-pingtan_gwh.txt"]
    assert row(r, "t3.new_received") == [80, 1, 0, 0, 0, 0, 81]
    assert row(r, "t3.partially_granted") == [19, 1, 0, 0, 0, 0, 20]
    assert row(r, "t4.litigation_after_review", T4_COLS) == [1, 0, 1, 0, 2]


def test_cross_year_narrows_t2_stock(corpus):
    """2021 "693665" and 2022 "8855698" are ambiguous alone. 2022's narrative (现行有效…698件,
    制发…88件) picks 88 | 55 | 698; then 现行有效 665 + 88 − 55 = 698 is the only chain the two
    reports share, which reads 2021's stock as 665."""
    r21, r22 = corpus["2021_fujian-pingtan_gwh.txt"], corpus["2022_fujian-pingtan_gwh.txt"]
    assert row(r22, "t2.normative_documents", ["issued", "repealed", "in_force"]) == [88, 55, 698]
    assert r21.value("t2.normative_documents.in_force") == 665
    assert r21.ambiguous["t2.normative_documents.issued"] == [6, 69]
    assert any(f.rule == "parse.narrowed_by_narrative" for f in r22.findings)
    assert any(f.rule == "parse.narrowed_across_years" for f in r21.findings)


def test_cross_year_narrows_2019_item_counts(corpus):
    r19 = corpus["2019_fujian-pingtan_gwh.txt"]
    assert row(r19, "t2.penalties", ["items_last_year", "items_change", "decisions"]) == [2648, 0, 430]
    assert row(r19, "t2.licensing", ["items_last_year", "items_change", "decisions"]) == [396, 0, 181]


# --------------------------------------------------------------------------- HTML and PDF
def test_shanghai_html_tables(corpus):
    r = corpus["2019_shanghai_szfbgt.html"]
    assert row(r, "t3.new_received") == [821, 35, "blank", "blank", 2, 1, 859]
    assert row(r, "t4.review", T4_COLS) == [5, "blank", "blank", 2, 7]
    assert row(r, "t2.regulations", ["made", "published", "in_force_total"]) == [13, 13, 524]
    assert r.value("t2.procurement.amount_10k_yuan") == 25.1  # printed "251000元": in 万元


def test_hongze_2023_pdf(corpus):
    r = corpus["2023_huaian-hongze_qzf.pdf"]
    assert row(r, "t3.new_received") == [21, 0, 0, 0, 0, 0, 21]
    assert row(r, "t3.unavailable.not_held") == [10, 0, 0, 0, 0, 0, 10]
    assert row(r, "t3.other_handling") == [0, 0, 0, 0, 0, 0, 0]  # printed as one row
    assert row(r, "t4.review", T4_COLS) == [10, 1, 0, 0, 0]
    assert r.value("t2.licensing.decisions") == 550
    assert r.value("t2.fees.amount_10k_yuan") == pytest.approx(7730.28)


def test_hongze_2024_pdf_merged_label_cells(corpus):
    r = corpus["2024_huaian-hongze_qzf.pdf"]
    assert row(r, "t3.total") == [95, 0, 0, 0, 0, 0, 95]
    assert row(r, "t4.litigation_after_review", T4_COLS) == [2, 0, 1, 0, 3]


def test_huaian_2024_pdf(corpus):
    r = corpus["2024_huaian_szf.pdf"]
    assert row(r, "t3.new_received") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(r, "t3.total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert row(r, "t4.review", T4_COLS) == [72, 64, 178, 37, 351]
    assert row(r, "t2.normative_documents", ["issued", "repealed", "in_force"]) == [8, 26, 66]


# --------------------------------------------------------------------------- pre-2019 统计表
def test_pingtan_2011_statistics_table(corpus):
    r = corpus["2011_fujian-pingtan-xian_xzf.txt"]
    assert r.value("t_pre2019.proactive.total.year") == 425
    assert r.value("t_pre2019.proactive.total.cumulative") == 1516
    assert r.value("t_pre2019.proactive.website.year") == 418
    assert r.value("t_pre2019.proactive.gazette.cumulative") == 7
    assert r.value("t_pre2019.requests.email.year") == 0


def test_pingtan_2015_statistics_table_ambiguous_not_guessed(corpus):
    """294981916 run together fits several splits; the narrative's 2015年主动公开政府信息2949条
    picks one (not a guess: the finding quotes it)."""
    r = corpus["2015_fujian-pingtan_gwh.txt"]
    assert r.value("t_pre2019.proactive.total.year") == 2949
    assert r.value("t_pre2019.proactive.total.cumulative") == 81916
    assert any(f.rule == "parse.narrowed_by_narrative" and "2949条" in f.message for f in r.findings)
    # and the parts rule (政府网站 ≤ 主动公开文件数) then reads the website row the same way
    website = [r.value(f"t_pre2019.proactive.website.{c}") for c in ("year", "cumulative")]
    assert website == [2949, 81916]
    assert r.value("t_pre2019.requests.letter_fax.cumulative") == 1
    assert r.value("t_pre2019.fees.waived.year") == 0


def test_amount_printed_in_yuan_is_stored_in_10k_yuan(corpus):
    """Shanghai 2019 prints its procurement total as 251000元 in the column the template states in
    万元: stored as 25.1 (万元), with a finding quoting what was printed."""
    report = corpus["2019_shanghai_szfbgt.html"]
    assert report.cells["t2.procurement.projects"].number == 6
    assert report.cells["t2.procurement.amount_10k_yuan"].number == 25.1
    [unit] = [f for f in report.findings if f.rule == "values.unit"]
    assert unit.cells == ["t2.procurement.amount_10k_yuan"] and unit.found == "251000元"
    assert unit.severity == "info" and unit.origin == "report"
