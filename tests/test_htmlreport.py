"""``textmine report OUT --html DIR`` as a reader sees it: the site of a store of three shipped
reports, opened from disk in real headless Chromium (Debian's ``chromium``).

Each page is loaded once: Chromium writes a screenshot and dumps the DOM it rendered. The
screenshots are kept in ``tests/output/`` (git-ignored) for a person to look at. Without
Chromium the browser tests are skipped, except in CI (``CI`` set), where ``.ci/run`` installs it
and a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from textmine import htmlreport
from textmine.cli import app
from textmine.store import read_table

OUTPUT = Path(__file__).resolve().parent / "output"
YUNNAN = "2019_yunnan_szf.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,2000"]


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@pytest.fixture(scope="module")
def chromium():
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium not found: apt-get install -y chromium (CI installs it)")
    return exe


@pytest.fixture(scope="module")
def site(small_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "html"
    result = CliRunner().invoke(app, ["report", str(small_store), "--html", str(folder)])
    assert result.exit_code == 0, result.output
    assert "3 report pages" in result.stdout and "theme pages" in result.stdout
    return folder


def page_of(site: Path, name: str) -> Path:
    return site / "reports" / htmlreport.page_name(name)


def open_in_chromium(chromium: str, page: Path, shot: Path, profile: Path) -> lxml_html.HtmlElement:
    """Load ``page`` (file://) in headless Chromium: keep its screenshot at ``shot`` and return
    the DOM Chromium rendered."""
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    run = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                          "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return lxml_html.fromstring(run.stdout)


def svgs(dom, element_id: str) -> list:
    return dom.xpath(f'//*[@id="{element_id}"]//*[local-name()="svg"]')


def text_of(dom, xpath: str) -> str:
    return " ".join(" ".join(e.itertext()) for e in dom.xpath(xpath))


def screenshot_is_a_page(shot: Path) -> None:
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (1280, 2000)
        assert len(im.convert("RGB").getcolors(1 << 24)) > 200  # text and charts, not a blank page


# --------------------------------------------------------------------------- the files
def test_site_has_an_index_and_a_page_per_report(site):
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in (site / "reports").glob("*.html")) == [
        "2019_yunnan_szf.txt.html", "2022_fujian-pingtan_gwh.txt.html", "2023_fujian-pingtan_gwh.txt.html"]


def test_pages_fetch_nothing(site):
    for page in [site / "index.html", *(site / "reports").glob("*.html"), *(site / "themes").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in text
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text), page.name
        assert "<script" not in text and "<link" not in text


def test_a_page_per_theme(site, small_store):
    """A theme's page: its share by year and by report, the quantities stated for it, the
    commitments about it and every sentence that carries it, its evidence highlighted."""
    themes = read_table(small_store, "sentence_themes")
    assert sorted(p.stem for p in (site / "themes").glob("*.html")) == sorted(set(themes["theme"]))
    index = lxml_html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    links = index.xpath('//p[@id="theme-pages"]/a')
    assert "themes/new_media.html" in [a.get("href") for a in links]
    assert "政务新媒体" in [a.text_content() for a in links]
    dom = lxml_html.fromstring((site / "themes" / "new_media.html").read_text(encoding="utf-8"))
    assert svgs(dom, "theme-years")
    rows = {r.xpath("./td")[1].text_content(): [c.text_content().strip() for c in r.xpath("./td")]
            for r in dom.xpath('//h2[@id="reports"]/following-sibling::table[1]//tr[td]')}
    yunnan = rows["2019年云南省政府信息公开工作年度报告"]
    tagged = themes[(themes["source"] == YUNNAN) & (themes["theme"] == "new_media")]
    assert yunnan[0] == "2019" and int(yunnan[4]) == tagged["sentence_no"].nunique()
    stated = text_of(dom, '//h2[@id="indicators"]/following-sibling::table[1]')
    assert "政务新媒体账号" in stated and "2218个" in stated  # the seed's 政务新媒体…2218个, as printed
    sentences = dom.xpath('//div[@class="narrative"]//div[@class="spans"]')
    carrying = themes[themes["theme"] == "new_media"].drop_duplicates(["source", "sentence_no"])
    assert len(sentences) == len(carrying)
    # cue terms, and the model's words for 2022 Pingtan's 一是健全信息发布平台管理机制。 (labelled
    # gov_websites + new_media; no new_media cue in it)
    labels = {e.text_content() for e in dom.xpath('//span[@class="tm-label"]')}
    assert labels == {"政务新媒体", "政务新媒体·模型"}


def test_evidence_the_model_chose_is_marked_as_such(site):
    """2022 Pingtan's 一是做好规范性文件公开。 is proactive_disclosure by the model (evidence
    model:规范性文件): its highlight says 模型, a cue term's does not."""
    name = htmlreport.label("proactive_disclosure")
    for page in (page_of(site, "2022_fujian-pingtan_gwh.txt"), site / "themes" / "proactive_disclosure.html"):
        dom = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        sentence = next(d for d in dom.xpath('//div[@class="spans"]')  # its text holds the labels
                        if d.text_content().startswith("一是做好") and "规范性文件" in d.text_content())
        assert {e.text_content() for e in sentence.xpath('.//span[@class="tm-label"]')} == {f"{name}·模型"}
    labels = {e.text_content() for e in dom.xpath('//span[@class="tm-label"]')}
    assert name in labels  # sentences a rule's cue tagged keep the plain name


def test_theme_page_in_chromium(chromium, site, tmp_path):
    dom = open_in_chromium(chromium, site / "themes" / "new_media.html", OUTPUT / "theme.png",
                           tmp_path / "profile")
    assert dom.findtext(".//title").startswith("政务新媒体")
    assert len(svgs(dom, "theme-years")) == 1
    assert "2019" in text_of(dom, '//*[@id="theme-years"]')  # the years drawn as text
    screenshot_is_a_page(OUTPUT / "theme.png")


def test_reuse_section_lists_the_copied_sentences(site):
    dom = lxml_html.fromstring(page_of(site, "2023_fujian-pingtan_gwh.txt").read_text(encoding="utf-8"))
    reuse = text_of(dom, '//h2[@id="reuse"]/following-sibling::*[1]')
    assert "4 / 26 个句子重复（15.4%）" in reuse
    copied = text_of(dom, '//ol[@class="sentences"]')
    assert "一是做好规范性文件公开。" in copied and "2022：2022年，无收取信息处理费情况。" in copied


# --------------------------------------------------------------------------- in the browser
def test_index_in_chromium(chromium, site, tmp_path):
    dom = open_in_chromium(chromium, site / "index.html", OUTPUT / "index.png", tmp_path / "profile")
    assert dom.findtext(".//title") == "textmine：3 份政府信息公开工作年度报告"
    for chart in ("corpus-themes", "theme-trend", "reuse-chart"):
        assert len(svgs(dom, chart)) == 1, chart
    # the chart's text is text (svg.fonttype none), drawn by the browser in its own fonts
    assert "2022→2023" in text_of(dom, '//*[@id="reuse-chart"]')
    assert "依申请公开" in text_of(dom, '//*[@id="corpus-themes"]')
    checks = text_of(dom, '//h2[@id="checks"]/following-sibling::table[1]')
    assert checks.count("t3.results_sum") == 2 and "2688 > 2675" in checks
    assert "表三 自然人：应为 2396，实为 2409" in checks and "表三 总计：应为 2675，实为 2688" in checks
    panel = text_of(dom, '//table[@class="panel"]')
    assert "实质公开率" in panel and "51.9%" in panel  # Pingtan 2023: 42 of 81
    reuse = text_of(dom, '//table[@id="reuse"]')
    assert "15.4%" in reuse
    screenshot_is_a_page(OUTPUT / "index.png")


def test_yunnan_page_in_chromium(chromium, site, small_store, tmp_path):
    dom = open_in_chromium(chromium, page_of(site, YUNNAN), OUTPUT / "yunnan.png", tmp_path / "profile")
    assert dom.findtext(".//title") == "2019年云南省政府信息公开工作年度报告"
    assert dom.findtext('.//h1[@id="title"]') == "2019年云南省政府信息公开工作年度报告"
    assert len(svgs(dom, "theme-chart")) == 1
    findings = dom.xpath('//div[@class="finding"]')
    errors = [f for f in findings if f.xpath('.//span[@class="sev-error"]')]
    assert len(errors) == 2
    total = " ".join(" ".join(errors[1].itertext()).split())
    # in Chinese first (the rule, severity, who is at fault, each cell as the template prints
    # it), the rule id and textmine's own message after
    assert "错误 表三：各项办理结果之和应等于（七）总计 （报告本身）" in total
    assert "t3.results_sum" in total and "表三 总计：应为 2675，实为 2688" in total
    cells = {li.findtext("code"): (li.text.strip(), li.findtext("b")) for li in errors[1].xpath(".//li")}
    assert cells["t3.total.total"] == ("表三 （七）总计 · 总计 =", "2675")
    assert cells["t3.granted.total"] == ("表三 （一）予以公开 · 总计 =", "1515")
    assert cells["t3.not_processed.publications.total"][1] == "空白"  # blank: not a 0
    warnings = [f for f in findings if f.xpath('.//span[@class="sev-warning"]')]
    placeholder = {li.findtext("code"): li.findtext("b") for f in warnings for li in f.xpath(".//li")}
    assert placeholder["t2.enforcement.decisions"] == "123456"
    # section 五 as the store holds it: every problem and commitment, in order
    problems = read_table(small_store, "problems")
    problems = problems[problems["source"] == YUNNAN]["text"].tolist()
    assert problems and [li.text_content() for li in dom.xpath(
        '//h2[@id="commitments"]/following-sibling::ol[1]/li')] == problems
    commitments = read_table(small_store, "commitments")
    assert len(dom.xpath('//div[@class="commitment"]')) == (commitments["source"] == YUNNAN).sum()
    # the narrative: displaCy spans, the evidence labelled with the theme's name
    narrative = dom.xpath('//div[@class="narrative"]')[0]
    assert narrative.xpath('.//div[@class="spans"]')
    labels = {e.text_content() for e in narrative.xpath('.//span[@class="tm-label"]')}
    assert {"政府网站", "依申请公开", "政务新媒体"} <= labels
    for tag in narrative.xpath('.//span[@class="tm-label"]'):
        tag.drop_tree()  # the text itself, whole, around the labels
    assert "12345政务热线省级平台全年共接受群众咨询" in re.sub(r"\s", "", narrative.text_content())
    screenshot_is_a_page(OUTPUT / "yunnan.png")


# --------------------------------------------------------------------------- commitments
HONGZE = ("2023_huaian-hongze_qzf.pdf", "2024_huaian-hongze_qzf.pdf")


def test_commitments_with_this_and_next_years_values(corpus, tmp_path):
    """洪泽区 2023's commitments and their indicators as the store holds them, followed into the
    2024 report (a followthrough row with both reports' 表三: 21 applications, then 95)."""
    import pandas as pd

    from textmine import store

    reports = [corpus[n] for n in HONGZE]
    tables = store.frames(reports)
    src, nxt = (r.source for r in reports)
    before, after = (r.value("t3.new_received.total") for r in reports)
    assert (before, after) == (21, 95)
    mine = tables["commitments"][tables["commitments"]["source"] == src]
    first = mine[mine["text"].str.contains("扎实推进依申请公开工作")]
    assert len(first) == 1
    no = int(first["commitment_no"].iloc[0])
    tables["followthrough"] = pd.DataFrame([{
        "issuer_key": "淮安市洪泽区人民政府", "year": 2023, "source": src, "commitment_no": no,
        "commitment": first["text"].iloc[0], "indicator_id": "t3.new_received.total", "value": before,
        "next_source": nxt, "next_year": 2024, "next_value": after, "change": after - before,
        "problem_repeated": False,
        "similarity": None, "matched_text": None}])
    site = htmlreport.build_site(tables, tmp_path / "html")
    dom = lxml_html.fromstring(site.pages[src].read_text(encoding="utf-8"))
    blocks = dom.xpath('//div[@class="commitment"]')
    assert len(blocks) == len(mine)
    block = blocks[[b.text_content() for b in blocks].index(
        next(b.text_content() for b in blocks if "扎实推进依申请公开工作" in b.text_content()))]
    rows = {r.xpath("./td/code")[0].text: [c.text_content().strip() for c in r.xpath("./td")]
            for r in block.xpath(".//tr[td]")}
    assert rows["t3.new_received.total"] == [
        "表三 一、本年新收政府信息公开申请数量 · 总计 t3.new_received.total", "21", "95 2024年", "+74"]
    assert block.xpath(".//a/@href") == [htmlreport.page_name(nxt)]
    # the problems of section 五 are listed above the commitments
    problems = text_of(dom, '//h2[@id="commitments"]/following-sibling::ol[1]')
    assert "依申请公开工作规范性还有待提高" in problems


# --------------------------------------------------------------------------- safety
def test_everything_is_escaped(small_store, tmp_path):
    """A title or a sentence holding markup is shown as text, never run."""
    from textmine.compare import STORE_COLUMNS, load_tables

    tables = load_tables(small_store, tuple(STORE_COLUMNS))
    keep = tables["documents"]["source"].str.endswith(YUNNAN)
    tables = {n: (t[t["source"].isin(tables["documents"][keep]["source"])] if "source" in t else t)
              for n, t in tables.items()}
    tables["documents"] = tables["documents"].assign(title="<script>alert(1)</script>")
    first = tables["sentences"].index[0]
    tables["sentences"].loc[first, "text"] = "<img src=x onerror=alert(2)>政府网站"
    site = htmlreport.build_site(tables, tmp_path / "html")
    for page in [site.index, *site.pages.values()]:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site.pages[tables["documents"]["source"].iloc[0]] \
        .read_text(encoding="utf-8")


def test_an_empty_store_gives_an_index_that_says_so(tmp_path):
    import pandas as pd

    from textmine.compare import STORE_COLUMNS

    site = htmlreport.build_site({n: pd.DataFrame(columns=c) for n, c in STORE_COLUMNS.items()},
                                 tmp_path / "html")
    dom = lxml_html.fromstring(site.index.read_text(encoding="utf-8"))
    assert dom.findtext(".//h1") == "0 份政府信息公开工作年度报告"
    assert site.pages == {}
    assert "未发现" in text_of(dom, '//h2[@id="checks"]/following-sibling::p[1]')


def test_report_without_a_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["report", str(tmp_path), "--html", str(tmp_path / "html")])
    assert result.exit_code == 2
    assert "no store here" in result.output
    assert not (tmp_path / "html").exists()


def test_index_counts_reports_by_province_and_names_levels_in_chinese(site):
    """The overview groups the small store's reports (Yunnan 2019, Pingtan 2022 and 2023, whose
    manifest region is 福建省平潭综合实验区) by province, and says 省级 / 市级, not province / city."""
    dom = lxml_html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    tables = {t.xpath("string(.//th[1])"): t for t in dom.xpath('//div[@class="grid"]/table')}
    provinces = {r.xpath("string(td[1])"): r.xpath("string(td[2])")
                 for r in tables["省份"].xpath(".//tr[td]")}
    assert provinces == {"云南省": "1", "福建省": "2"}
    levels = {r.xpath("string(td[1])") for r in tables["层级"].xpath(".//tr[td]")}
    assert levels == {"省级", "市级"}
    assert "province" not in text_of(dom, '//table[@id="reports"]')
    layouts = {r.xpath("string(td[1])") for r in tables["表格格式"].xpath(".//tr[td]")}
    assert layouts == {"2019年版模板", "2021年版模板"}


def test_report_page_speaks_chinese(site):
    """No English section id (preamble) as a heading; the template named in Chinese; textmine's
    English message folded away under each finding."""
    dom = lxml_html.fromstring(page_of(site, "2019_yunnan_szf.txt").read_text(encoding="utf-8"))
    headings = [h.text_content() for h in dom.xpath("//h3")]
    assert "preamble" not in headings and "报告开头" in headings
    assert "2019年版模板" in text_of(dom, "//p[1]")
    assert dom.xpath('//div[@class="finding"]/details/summary')


def test_cells_and_findings_have_chinese_names(corpus):
    """Every finding the shipped corpus gives, and every cell it names, has a Chinese name for
    the pages (models/findings.toml, the `name`s of models/template.toml)."""
    from textmine.names import cell_name, rule_name

    secret = "表三 （三）不予公开 1.属于国家秘密 · 自然人"
    assert cell_name("t3.withheld.state_secret.natural_person") == secret
    assert cell_name("2020:t3.carried_forward.total") == "2020年报告 表三 四、结转下年度继续办理 · 总计"
    assert cell_name("t4.litigation_direct.pending") == "表四 行政诉讼·未经复议直接起诉 · 尚未审结"
    assert cell_name("t_pre2019.responses.refused.year") == "统计表 其中：否决公开答复数 · 本年"
    assert cell_name("not.a.cell") == "not.a.cell"
    # rows and tables as parse.row_missing names them
    assert cell_name("t3.granted") == "表三 （一）予以公开" and cell_name("t4.all") == "表四"
    findings = [f for r in corpus.values() for f in r.findings]
    assert {rule for f in findings if rule_name(rule := f.rule) == rule} == set()
    from textmine.indicators import catalogue
    from textmine.names import indicator_name

    assert indicator_name("web.sites") == "政府网站数量"
    assert indicator_name("requests.disclosure_rate") == "实质公开率"
    ids = [*catalogue().indicators, *catalogue().rates]
    assert [i for i in ids if indicator_name(i) == i] == []
    named = [cell_name(c) for f in findings for c in f.cells]
    named += [cell_name(c) for r in corpus.values() for c in r.cells]
    assert named and [n for n in named if re.search("[a-z_]", n)] == []  # no id left in a name


def test_finding_detail_in_chinese(corpus):
    from dataclasses import asdict

    def details(name):
        return {(f.rule, f.cells[-1]): htmlreport.finding_detail(asdict(f))
                for f in corpus[name].findings if f.cells}

    pingtan = details("2019_fujian-pingtan_gwh.txt")
    # 898989 run together: ten readings, none picked
    readings = pingtan[("parse.ambiguous_split", "t2.normative_documents.in_force_total")]
    assert readings.startswith("表二 行政规范性文件：可能的读法：8 | 9 | 8989；8 | 98 | 989")
    assert readings.endswith(" 等")  # ten readings, five shown
    yunnan = details("2019_yunnan_szf.txt")
    assert yunnan[("t3.results_sum", "t3.total.natural_person")] == "表三 自然人：应为 2396，实为 2409"
    placeholder = yunnan[("values.placeholder", "t2.enforcement.decisions")]
    assert placeholder == "表二 行政强制 · 处理决定数量：印出 123456"
    # as the store gives them back: JSON text, and NaN for a NULL (no "nan" on the page)
    stored = {"rule": "parse.table_missing", "cells": "[]", "expected": '"t4"', "found": float("nan")}
    assert htmlreport.finding_detail(stored) == ""
    stored = {"rule": "values.placeholder", "cells": '["t2.penalties.decisions"]', "found": 3985758.0}
    assert htmlreport.finding_detail(stored) == "表二 行政处罚 · 处理决定数量：印出 3985758"
    hongze = details("2024_huaian-hongze_qzf.pdf")  # the table says 95, the narrative 17
    assert hongze[("narrative.agrees", "t3.new_received.total")] == (
        "表三 一、本年新收政府信息公开申请数量 · 总计：表格 95，正文 17")


def test_theme_pages_of_a_store_without_commitments_or_years(corpus, tmp_path):
    """A report with no section 五 (2013 Pingtan's tax bureau) and one with no year still give
    every page; a quantity's context never cuts a number (…共计减免金额219062.78元…)."""
    import pandas as pd

    from textmine import store

    tax = corpus["2013_fujian-pingtan_dsj.txt"]
    tables = store.frames([tax])
    assert tables["commitments"].empty
    site = htmlreport.build_site(tables, tmp_path / "html")
    assert site.themes and "request_handling" in site.themes
    page = site.themes["request_handling"].read_text(encoding="utf-8")
    assert "219062.78元" in page and "219…" not in page
    undated = tables["documents"].assign(year=pd.array([None], dtype="Int32"))
    site = htmlreport.build_site({**tables, "documents": undated}, tmp_path / "undated")
    assert "年度未知" in site.pages[tax.source].read_text(encoding="utf-8")
