"""Comparisons across reports (``textmine.compare`` and ``textmine compare``), on the shipped
reports: the Pingtan series (平潭县人民政府 2011, then 平潭综合实验区管委会 2015, 2018–2023: one
issuer_key through the manifest's alias) and the rest of the corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from textmine import compare as cmp
from textmine import store
from textmine.cli import app

PINGTAN = "平潭综合实验区管委会"


@pytest.fixture(scope="module")
def tables(corpus):
    """The store's tables of the whole corpus (``textmine.store.frames`` over the session's
    analysed reports: the rows ``textmine run`` writes, without analysing the corpus again)."""
    return store.frames(list(corpus.values()))


@pytest.fixture(scope="module")
def by_issuer(tables):
    return cmp.compare(tables, by="issuer")


def name(source: str) -> str:
    return Path(source).name


def pingtan_text(year: int) -> str:
    return (CORPUS / f"{year}_fujian-pingtan_gwh.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- theme shares
def test_pingtan_theme_shares_per_year_are_each_reports_shares(by_issuer, corpus):
    trend = by_issuer.theme_trend
    pingtan = trend[trend["group"] == PINGTAN]
    # 2011 is 平潭县人民政府's report, joined through the alias; 2013 is the tax bureau's
    assert sorted(pingtan["year"].unique()) == [2011, 2015, 2018, 2019, 2020, 2021, 2022, 2023]
    reports = {r.year: r for r in corpus.values() if r.issuer_key == PINGTAN}
    for year, rows in pingtan.groupby("year"):
        assert dict(zip(rows["theme"], rows["share"], strict=True)) == reports[year].theme_shares
        assert (rows["sentences"] == len(reports[year].sentences)).all()


def test_theme_shares_pool_the_groups_sentences(by_issuer, corpus):
    shares = by_issuer.theme_shares
    pingtan = shares[shares["group"] == PINGTAN]
    n = sum(len(r.sentences) for r in corpus.values() if r.issuer_key == PINGTAN)
    tagged = sum(1 for r in corpus.values() if r.issuer_key == PINGTAN
                 for s in r.sentences if "request_handling" in s.themes)
    row = pingtan[pingtan["theme"] == "request_handling"].iloc[0]
    assert (row["sentences"], row["tagged"]) == (n, tagged)
    assert row["share"] == round(tagged / n, 4)
    assert set(shares["group"]) == {r.issuer_key for r in corpus.values()}


def test_2020_pingtan_is_about_key_areas(by_issuer):
    """The 2020 report (the year of 疫情防控, 复工复产) spends more sentences on 重点领域 than on
    any other theme."""
    trend = by_issuer.theme_trend
    year = trend[(trend["group"] == PINGTAN) & (trend["year"] == 2020)]
    assert year.sort_values("share", ascending=False)["theme"].iloc[0] == "key_areas"
    assert "疫情防控" in pingtan_text(2020)


# --------------------------------------------------------------------------- keyness
def test_keyness_one_year_against_the_rest(tables):
    key = cmp.group_keyness(tables["documents"], tables["sentences"], "year", top=5)
    top = key.groupby("group")["term"].first()
    assert top[2020] == "疫情"  # 6 times in 2020, in no other year's report
    row = key[(key["group"] == 2020) & (key["term"] == "疫情")].iloc[0]
    assert (row["target"], row["reference"]) == (6, 0)
    assert top[2013] == "纳税人"  # the tax bureau's report
    assert (key["chi2"] > 0).all()


def test_one_group_has_nothing_to_compare_with(tables):
    docs = tables["documents"]
    one = docs[docs["issuer_key"] == PINGTAN]
    assert cmp.group_keyness(one, tables["sentences"], "issuer").empty


# --------------------------------------------------------------------------- text reuse
def test_reuse_of_the_previous_pingtan_report(by_issuer):
    reuse = by_issuer.reuse
    pingtan = reuse[reuse["issuer_key"] == PINGTAN].set_index("year")
    assert list(pingtan.index) == [2015, 2018, 2019, 2020, 2021, 2022, 2023]
    assert pingtan.loc[2015, "prev_year"] == 2011  # across the renaming
    # the most reused: 2023 repeats 2022's opening, its 主动公开 paragraph with new figures, …
    assert pingtan["reused_share"].idxmax() == 2023
    # (its framing opener, …思想为指导…, is boilerplate and not compared)
    assert (pingtan.loc[2023, "reused"], pingtan.loc[2023, "sentences"]) == (4, 26)
    # the first report on the 2019 template was written anew, and so was 2021's
    assert pingtan.loc[2019, "reused"] == 0 and pingtan.loc[2021, "reused"] == 0


def test_reused_sentences_are_the_copied_ones(by_issuer):
    copied = by_issuer.reuse_sentences
    y2023 = copied[copied["year"] == 2023]
    pairs = dict(zip(y2023["text"], y2023["prev_text"], strict=True))
    assert pairs["一是做好规范性文件公开。"] == "一是做好规范性文件公开。"
    # the same sentence with this year's figures (digits are masked)
    assert pairs["2023年，无收取信息处理费情况。"] == "2022年，无收取信息处理费情况。"
    for text, prev in pairs.items():
        assert text in pingtan_text(2023) and prev in pingtan_text(2022)


def test_only_hongze_2024_is_flagged(by_issuer):
    """洪泽区 2024 repeats 2023 paragraph by paragraph (严格执行“分级审核、先审后发”程序…);
    6 of its 16 comparable sentences."""
    flagged = by_issuer.reuse[by_issuer.reuse["flagged"]]
    assert list(zip(flagged["issuer_key"], flagged["year"], flagged["reused"], strict=True)) == [
        ("淮安市洪泽区人民政府", 2024, 6)]


def test_boilerplate_and_headings_are_not_compared(tables):
    comparable = cmp.comparable_sentences(tables["sentences"], tables["sections"], tables["documents"])
    texts = set(comparable["text"])
    assert "（一）主动公开情况。" not in texts  # a template sub-heading
    assert not any(t.startswith("本报告所列数据的统计期限") for t in texts)  # boilerplate
    # a section title at the start is cut off, the sentence stays
    assert "2023年，无收取信息处理费情况。" in texts


# --------------------------------------------------------------------------- indicator panels
def test_pingtan_2023_disclosure_rate_agrees_with_its_narrative(by_issuer):
    panel = by_issuer.panel
    p2023 = panel[(panel["issuer_key"] == PINGTAN) & (panel["year"] == 2023)].set_index("indicator")
    assert p2023.loc["t3.new_received.total", "value"] == 81
    assert p2023.loc["t3.granted.total", "value"] + p2023.loc["t3.partially_granted.total", "value"] == 42
    assert p2023.loc["requests.disclosure_rate", "value"] == pytest.approx(100 * 42 / 81)  # percent
    # the report says so itself: 办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%
    assert "办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%" in pingtan_text(2023)


def test_yunnan_review_correction_rate(by_issuer):
    panel = by_issuer.panel.set_index(["issuer_key", "indicator"])
    # 表四 行政复议: 纠正 61, 总计 238, 尚未审结 19 → 61 / (238 - 19)
    rate = panel.loc[("云南省人民政府", "appeals.review_correction_rate"), "value"]
    assert rate == pytest.approx(100 * 61 / 219)  # percent
    assert panel.loc[("云南省人民政府", "t4.review.total"), "value"] == 238


def test_panel_wide_years_as_columns(by_issuer):
    wide = cmp.panel_wide(by_issuer.panel, min_years=2)
    assert set(wide["issuer_key"]) == {PINGTAN, "淮安市洪泽区人民政府"}
    row = wide[(wide["issuer_key"] == PINGTAN) & (wide["indicator"] == "t3.new_received.total")].iloc[0]
    assert [row[y] for y in (2019, 2020, 2021, 2022, 2023)] == [23, 21, 70, 74, 81]
    shown = cmp.format_panel(wide)
    rate = shown[(shown["issuer_key"] == PINGTAN) & (shown["indicator"] == "requests.disclosure_rate")]
    assert rate.iloc[0][2023] == "51.9%" and rate.iloc[0][2011] == ""


def test_a_rate_over_a_blank_cell_is_empty():
    rate = "appeals.review_correction_rate"  # corrected / (total - pending)
    assert cmp.rate({"t4.review.corrected": 1.0, "t4.review.total": 4.0, "t4.review.pending": 2.0},
                    rate) == 50.0  # percent, as the indicators table holds rates
    # total blank or unreadable: not 0
    assert cmp.rate({"t4.review.corrected": 1.0, "t4.review.pending": 0.0}, rate) is None
    assert cmp.rate({"t4.review.corrected": 0.0, "t4.review.total": 2.0, "t4.review.pending": 2.0},
                    rate) is None  # 0 denominator


# --------------------------------------------------------------------------- recurring problems
# The problems of section 五 as the three Pingtan reports print them (一是…二是…).
PROBLEMS = {
    2021: ["政策解读形式不够丰富，未能充分运用数字化、图表图解等方式通俗易懂地解读政策文件。",
           "政务公开质量水平有待提高，政务公开渠道有限，在利用政务新媒体开展宣传方面还难以满足群众需要。"],
    2022: ["重大行政决策预公开程度需进一步加强，意见征集形式较为单一。",
           "部分重点领域信息公开深度不足，重点项目建设未进行全流程信息公开。",
           "政策解读形式单一，缺少多个角度多种形式的解读。"],
    2023: ["部分单位信息发布属性界定还不够精确，部分栏目存在信息噪音；",
           "政策解读的质量有待提高，形式还要更加多样、更加“接地气”。"],
}


def test_policy_interpretation_is_a_problem_three_years_running(tables):
    docs = tables["documents"]
    source = {y: docs[docs["source"].map(name) == f"{y}_fujian-pingtan_gwh.txt"]["source"].iloc[0]
              for y in PROBLEMS}
    rows = []
    for year, texts in PROBLEMS.items():
        for no, text in enumerate(texts):
            assert text in pingtan_text(year)
            rows.append({"source": source[year], "problem_no": no, "text": text, "start": 0, "end": 0,
                         "themes": ""})
    recurring = cmp.recurring_problems(docs, pd.DataFrame(rows))
    assert list(zip(recurring["year"], recurring["text"].str[:6], recurring["prev_text"].str[:6],
                    recurring["match"], recurring["shared"], strict=True)) == [
        (2022, "政策解读形式", "政策解读形式", "cue", "政策解读"),
        (2023, "政策解读的质", "政策解读形式", "cue", "政策解读"),
    ]
    assert (recurring["similarity"] < cmp.PROBLEM_THRESHOLD).all()  # other words, same problem


def test_recurring_problems_of_the_store(by_issuer):
    """From the problems the store holds: 2015 copies three of 2011's problems (under the
    county's old name), and 政策解读 is named again in 2022 and 2023."""
    rec = by_issuer.recurring_problems
    copied = rec[(rec["year"] == 2015) & (rec["match"] == "text")]
    assert "部分单位信息公开属性界定不准确，主动公开内容不够深化" in set(copied["prev_text"])
    assert (copied["prev_year"] == 2011).all() and len(copied) == 3
    again = rec[rec["shared"].str.contains("政策解读") & rec["text"].str.startswith("政策解读")]
    assert sorted(again["year"]) == [2022, 2023]


def test_no_problems_gives_an_empty_frame_with_its_columns(tables):
    frame = cmp.recurring_problems(tables["documents"], cmp.empty("problems"))
    assert frame.empty
    assert list(frame.columns) == [
        "issuer_key", "year", "source", "problem_no", "text", "themes", "prev_year", "prev_source",
        "prev_problem_no", "prev_text", "similarity", "match", "shared"]


# --------------------------------------------------------------------------- the command
def test_compare_command_writes_csv_and_parquet(small_store, tmp_path):
    folder = tmp_path / "cmp"
    result = CliRunner().invoke(app, ["compare", str(small_store), "--by", "issuer", "--csv", str(folder)])
    assert result.exit_code == 0, result.output
    assert "text reused from the issuer's previous report" in result.stdout
    for table in ("theme_shares", "theme_trend", "keyness", "panel", "reuse", "reuse_sentences",
                  "recurring_problems"):
        assert (folder / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM
        assert (folder / f"{table}.parquet").is_file()
    reuse = pd.read_parquet(folder / "reuse.parquet")
    assert list(zip(reuse["year"], reuse["prev_year"], reuse["reused"], strict=True)) == [(2023, 2022, 4)]
    panel = pd.read_csv(folder / "panel.csv", encoding="utf-8-sig")
    hit = panel[(panel["indicator"] == "t3.total.total") & (panel["issuer_key"] == "云南省人民政府")]
    assert hit["value"].tolist() == [2675]


def test_compare_command_defaults_to_out_compare(small_store):
    result = CliRunner().invoke(app, ["compare", str(small_store)])
    assert result.exit_code == 0, result.output
    assert (small_store / "compare" / "theme_shares.csv").is_file()


def test_compare_without_a_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["compare", str(tmp_path)])
    assert result.exit_code == 2
    assert "no store here" in result.output


def test_theme_shares_by_province(tables):
    """--by province: the manifest's regions give 福建省 (Pingtan), 江苏省 (Huai'an and Hongze),
    云南省 and 上海市; each province's share pools its reports' sentences."""
    shares = cmp.compare(tables, by="province").theme_shares
    assert set(shares["group"]) == {"福建省", "江苏省", "云南省", "上海市"}
    docs = tables["documents"]
    jiangsu = set(docs.loc[docs["province"] == "江苏省", "source"].map(name))
    assert jiangsu == {"2023_huaian-hongze_qzf.pdf", "2024_huaian-hongze_qzf.pdf", "2024_huaian_szf.pdf"}


def test_values_read_with_their_units():
    """Rates and shares in percent with one decimal and the sign %, the same in the panel, the
    report pages and the CSV; a change of a rate in percentage points."""
    from textmine.htmlreport import _change, _quantity

    assert cmp.format_value(19.047619, "requests.disclosure_rate") == "19.0%"
    assert cmp.format_value(0.34, "proactive.share", "%") == "0.3%"
    assert cmp.format_value(219062.78, "fees.amount", "元") == "219062.78"
    assert cmp.format_value(25.1) == "25.1" and cmp.format_value(2218.0) == "2218"
    assert _quantity(2218, "new_media.accounts", "个") == "2218 个"
    assert _quantity(62.105263, "requests.disclosure_rate", "%") == "62.1%"
    assert _change(43.057, "requests.disclosure_rate", "%") == "+43.1 个百分点"
    assert _change(-15, "t2.fees.items_change") == "-15" and _change(74.0) == "+74"


def test_panel_takes_a_reports_largest_statement_of_an_indicator(by_issuer):
    """2018 Pingtan states 主动公开 numbers five times (公开立项审批信息…123件 first, then
    主动公开政府信息2069条 and its parts): the panel holds the total, 2069, as the
    follow-through does."""
    panel = by_issuer.panel
    row = panel[(panel.issuer_key == PINGTAN) & (panel.year == 2018)
                & (panel.indicator == "proactive.items_published")]
    assert list(row.value) == [2069.0]


def test_a_problem_that_skipped_a_year_still_recurs(tables):
    """2015 Pingtan's 受人员编制限制… is named again in 2019 though not in 2018: matched with the
    most recent earlier report that names it."""
    recurring = cmp.recurring_problems(tables["documents"], tables["problems"])
    staff = recurring[(recurring.issuer_key == PINGTAN) & (recurring.year == 2019)
                      & recurring.text.str.startswith("受人员编制限制")]
    assert list(staff.prev_year) == [2015] and list(staff.match) == ["text"]


def test_panel_keeps_one_series_per_indicator_whatever_its_unit(by_issuer):
    """Pingtan counts its normative documents in 条 some years and 件 others: one panel row, one
    value per year, the unit of the latest report."""
    wide = cmp.panel_wide(by_issuer.panel, min_years=2)
    rows = wide[(wide.issuer_key == PINGTAN) & (wide.indicator == "normative_documents.published")]
    assert len(rows) == 1 and rows.iloc[0]["unit"] == "件"


def test_series_with_an_old_and_a_new_name_in_one_year():
    """The Pingtan archive holds both 平潭县人民政府 and 平潭综合实验区管委会 reports for 2011–2013,
    joined as one issuer by the manifest's alias. Each report's predecessor is the one under its
    own printed name, the next year's lone report follows both, and no report is dropped: before,
    one of each year's two was left out of the reuse table, and the 2012 管委会 report was
    compared with the 2011 county report (first by source) in follow-through and the cross-year
    checks."""
    import pandas as pd

    from textmine.compare import earlier_reports, previous_reports
    from textmine.crossyear import series_links

    key, county, zone = "平潭综合实验区管委会", "平潭县人民政府", "平潭综合实验区管委会"
    rows = [(key, 2011, county, "2011_xian.txt"), (key, 2011, zone, "2011_zone.txt"),
            (key, 2012, county, "2012_xian.txt"), (key, 2012, zone, "2012_zone.txt"),
            (key, 2014, zone, "2014_zone.txt")]
    assert series_links(rows) == {"2012_xian.txt": "2011_xian.txt", "2012_zone.txt": "2011_zone.txt",
                                  "2014_zone.txt": "2012_zone.txt"}
    assert series_links(rows, later=True) == {
        "2011_xian.txt": "2012_xian.txt", "2011_zone.txt": "2012_zone.txt",
        "2012_xian.txt": "2014_zone.txt", "2012_zone.txt": "2014_zone.txt"}
    documents = pd.DataFrame(rows, columns=["issuer_key", "year", "issuer", "source"])
    pairs = previous_reports(documents)
    assert list(zip(pairs["source"], pairs["prev_source"], strict=True)) == [
        ("2012_xian.txt", "2011_xian.txt"), ("2012_zone.txt", "2011_zone.txt"),
        ("2014_zone.txt", "2012_zone.txt")]
    chain = earlier_reports(documents)
    assert chain[chain["source"] == "2014_zone.txt"]["prev_source"].tolist() == [
        "2012_zone.txt", "2011_zone.txt"]
