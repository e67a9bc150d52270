"""Regenerate the small fixtures next to this file (run: python tests/data/make_fixtures.py).

* report_part.docx - heading, two paragraphs and a 3-row 表三-like table taken from the 2019
  Shanghai report (corpora/2019_shanghai_szfbgt.html), with one horizontal merge (gridSpan), one
  vertical merge (vMerge), a line break inside a cell and an empty cell.
* scanned.pdf - an image saved as PDF: pages but no text layer.
* corrupt.pdf - a %PDF header followed by random bytes.
* encrypted.pdf - a one-page PDF under the standard security handler whose user password is not
  empty (its /U entry matches no password we know), so it cannot be opened without one.
* 2019_shanghai_printed.pdf - the 2019 Shanghai web page (corpora/2019_shanghai_szfbgt.html)
  printed to PDF by headless Chromium, its table cells ruled: a 2019-layout report as a PDF
  (the shipped PDFs are all of the 2021 layout), with a browser's CID fonts and row spans.
  Needs ``chromium`` on the PATH and a CJK font (Debian: fonts-wqy-microhei).
* 2024_huaian_template.html / .docx - the 2024 Huai'an report (corpora/2024_huaian_szf.pdf) as
  most sites publish the 2021 template: its narrative paragraphs and its 200 table cells in the
  official 表二/表三/表四 grids with merged cells (HTML row/colspans in Word-exported markup; Word
  gridSpan/vMerge), so a test can check every cell reads back as the PDF's.
* 2024_huaian_numbered.docx - the same report as 2024_huaian_template.docx with its headings
  numbered by Word, not typed: 一、… through the 标题 1 style's list (%1、, chineseCounting),
  （一）… through a list of their own (（%2）); the numbers are in numbering.xml only.
"""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).parent


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    document.add_heading("2019年上海市人民政府办公厅政府信息公开工作年度报告", level=1)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    header = table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan=2: one cell
    header.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 2).text = "自然人"
    run = table.cell(0, 3).paragraphs[0].add_run("商业")
    run.add_break()  # <w:br/> inside a cell: joined, not a new line
    table.cell(0, 3).paragraphs[0].add_run("企业")
    table.cell(0, 4).text = "总 计"
    label = table.cell(1, 0).merge(table.cell(2, 0))  # vMerge restart / continue
    label.text = "三、本年度办理结果"
    for col, value in enumerate(["（一）予以公开", "258", "12", "270"], start=1):
        table.cell(1, col).text = value
    for col, value in enumerate(["（二）部分公开", "3", "", "3"], start=1):
        table.cell(2, col).text = value
    document.add_paragraph(
        "2019 年，上海市人民政府办公厅收到政府信息公开申请859件，"
        "上年结转18件。"
    )
    document.save(path)


def make_printed_pdf(path: Path) -> None:
    import shutil
    import subprocess
    import tempfile

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is needed to print 2019_shanghai_printed.pdf")
    page = (HERE.parent.parent / "corpora" / "2019_shanghai_szfbgt.html").read_text(encoding="utf-8")
    rules = "<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px}</style>"
    page = page.replace("</head>", rules + "</head>", 1) if "</head>" in page else (
        '<html><head><meta charset="utf-8">' + rules + "</head><body>" + page + "</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={path}", source.as_uri()], check=True, capture_output=True)


def make_scanned_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (240, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 230, 110), outline=0)
    for y in range(25, 100, 12):
        draw.line((20, y, 220, y), fill=0)
    image.save(path, "PDF", resolution=72)


def make_corrupt_pdf(path: Path) -> None:
    rng = random.Random(20240226)
    path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(4096))


def make_encrypted_pdf(path: Path) -> None:
    rng = random.Random(711)
    owner, user, file_id = rng.randbytes(32).hex(), rng.randbytes(32).hex(), rng.randbytes(16).hex()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        f"<< /Filter /Standard /V 1 /R 2 /O <{owner}> /U <{user}> /P -4 >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    path.write_bytes(bytes(out))


# --------------------------------------------------------------------------- the 2021 template
T3_COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org",
              "total"]
T3_GROUPS = [
    ("（三）不予公开", [
        ("1.属于国家秘密", "withheld.state_secret"),
        ("2.其他法律行政法规禁止公开", "withheld.prohibited_by_law"),
        ("3.危及“三安全一稳定”", "withheld.security_stability"),
        ("4.保护第三方合法权益", "withheld.third_party_rights"),
        ("5.属于三类内部事务信息", "withheld.internal_affairs"),
        ("6.属于四类过程性信息", "withheld.process_information"),
        ("7.属于行政执法案卷", "withheld.enforcement_files"),
        ("8.属于行政查询事项", "withheld.inquiry_matters")]),
    ("（四）无法提供", [
        ("1.本机关不掌握相关政府信息", "unavailable.not_held"),
        ("2.没有现成信息需要另行制作", "unavailable.needs_creation"),
        ("3.补正后申请内容仍不明确", "unavailable.unclear_after_correction")]),
    ("（五）不予处理", [
        ("1.信访举报投诉类申请", "not_processed.petition_complaint"),
        ("2.重复申请", "not_processed.duplicate"),
        ("3.要求提供公开出版物", "not_processed.publications"),
        ("4.无正当理由大量反复申请", "not_processed.excessive_repeated"),
        ("5.要求行政机关确认或重新出具已获取信息", "not_processed.confirm_or_reissue")]),
    ("（六）其他处理", [
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other_handling.overdue_correction"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other_handling.unpaid_fee"),
        ("3.其他", "other_handling.other")]),
]
Cell = tuple[str, int, int]  # text, rowspan, colspan


def template_tables(value) -> list[list[list[Cell]]]:
    """表二, 表三 and 表四 of the 2021 template (国办公开办函〔2021〕30号) as rows of (text, rowspan,
    colspan), filled by ``value(cell_id) -> str``."""
    def c(text: str, rs: int = 1, cs: int = 1) -> Cell:
        return (text, rs, cs)

    t2 = [[c("第二十条第（一）项", cs=4)],
          [c("信息内容"), c("本年制发件数"), c("本年废止件数"), c("现行有效件数")]]
    for rid, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        t2.append([c(label)] + [c(value(f"t2.{rid}.{k}")) for k in ("issued", "repealed", "in_force")])
    for item, head, rows in (("（五）", "本年处理决定数量", [("licensing", "行政许可", "decisions")]),
                             ("（六）", "本年处理决定数量", [("penalties", "行政处罚", "decisions"),
                                                      ("enforcement", "行政强制", "decisions")]),
                             ("（八）", "本年收费金额（单位：万元）",
                              [("fees", "行政事业性收费", "amount_10k_yuan")])):
        t2 += [[c(f"第二十条第{item}项", cs=4)], [c("信息内容"), c(head, cs=3)]]
        t2 += [[c(label), c(value(f"t2.{rid}.{col}"), cs=3)] for rid, label, col in rows]

    def nums(rid: str) -> list[Cell]:
        return [c(value(f"t3.{rid}.{k}")) for k in T3_COLUMNS]

    header = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t3 = [[c(header, rs=3, cs=3), c("申请人情况", cs=7)],
          [c("自然人", rs=2), c("法人或其他组织", cs=5), c("总计", rs=2)],
          [c(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
          [c("一、本年新收政府信息公开申请数量", cs=3), *nums("new_received")],
          [c("二、上年结转政府信息公开申请数量", cs=3), *nums("carried_over")]]
    results = [[c("（一）予以公开", cs=2), *nums("granted")],
               [c("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", cs=2),
                *nums("partially_granted")]]
    for group, items in T3_GROUPS:
        for k, (label, rid) in enumerate(items):
            results.append(([c(group, rs=len(items))] if k == 0 else []) + [c(label), *nums(rid)])
    results.append([c("（七）总计", cs=2), *nums("total")])
    results[0].insert(0, c("三、本年度办理结果", rs=len(results)))
    t3 += [*results, [c("四、结转下年度继续办理", cs=3), *nums("carried_forward")]]

    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4 = [[c("行政复议", cs=5), c("行政诉讼", cs=10)],
          [*(c(n, rs=2) for n in names), c("未经复议直接起诉", cs=5), c("复议后起诉", cs=5)],
          [c(n) for n in names * 2],
          [c(value(f"t4.{r}.{k}")) for r in ("review", "litigation_direct", "litigation_after_review")
           for k in ("upheld", "corrected", "other", "pending", "total")]]
    return [t2, t3, t4]


def _template_report():
    """The 2024 Huai'an report: its title, its narrative paragraphs split where 表二/表三/表四 go,
    and its cells' printed values."""
    import sys

    sys.path.insert(0, str(HERE.parent.parent))
    import textmine

    report = textmine.analyze_file(HERE.parent.parent / "corpora" / "2024_huaian_szf.pdf", text_mining=False)

    def value(cid: str) -> str:
        cell = report.cells.get(cid)
        if cell is None or cell.state == "blank":
            return ""
        if cell.state == "na":
            return "/"
        return str(int(cell.value)) if float(cell.value).is_integer() else str(cell.value)

    sections = {s.id: s for s in report.sections}
    cuts = [sections[k].start for k in ("proactive", "requests", "appeals")] + [sections["appeals"].end]
    text = report.text

    def paragraphs(a: int, b: int) -> list[str]:
        return [line.strip() for line in text[a:b].split("\n") if line.strip() and "\t" not in line]

    # before 表二; the heading of each table's section (the table goes after it); after 表四
    parts = [paragraphs(0, cuts[0])]
    parts += [paragraphs(a, b)[:1] for a, b in pairwise(cuts)]
    parts.append(paragraphs(cuts[3], len(text)))
    return report.title, parts, template_tables(value)


def make_template_page(path: Path) -> None:
    import html

    title, parts, tables = _template_report()

    def td(text: str, rs: int, cs: int) -> str:
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        return (f'<td{span} style="border:solid windowtext 1.0pt"><p class="MsoNormal" align="center">'
                f'<span style="font-family:宋体">{html.escape(text)}</span></p></td>')

    body = ["".join(f'<p class="MsoNormal">{html.escape(p)}</p>' for p in parts[0])]
    for heading, table in zip(parts[1:4], tables, strict=True):
        body.append("".join(f'<p class="MsoNormal">{html.escape(p)}</p>' for p in heading))
        rows = "".join("<tr>" + "".join(td(*cell) for cell in row) + "</tr>" for row in table)
        body.append(f'<table class="MsoNormalTable" border="1" cellspacing="0">{rows}</table>')
    body.append("".join(f'<p class="MsoNormal">{html.escape(p)}</p>' for p in parts[4]))
    path.write_text(f'<html><head><meta charset="utf-8"><title>{html.escape(title or "")}</title></head>'
                    f'<body><div class="TRS_Editor">{"".join(body)}</div></body></html>', encoding="utf-8")


def _grid(table: list[list[Cell]]) -> tuple[int, list[tuple[int, int, Cell]]]:
    """Place row/colspan cells on a grid: (columns, [(row, column, cell)])."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            _, rs, cs = cell
            taken |= {(r + i, col + j) for i in range(rs) for j in range(cs)}
            placed.append((r, col, cell))
            col += cs
    return max(c for _, c in taken) + 1, placed


def make_template_docx(path: Path) -> None:
    import docx

    title, parts, tables = _template_report()
    document = docx.Document()
    document.core_properties.title = title or ""
    for p in parts[0]:
        document.add_paragraph(p)
    for heading, table in zip(parts[1:4], tables, strict=True):
        for p in heading:
            document.add_paragraph(p)
        width, placed = _grid(table)
        grid = document.add_table(rows=len(table), cols=width)
        grid.style = "Table Grid"
        for r, col, (text, rs, cs) in placed:
            cell = grid.cell(r, col)
            if rs > 1 or cs > 1:
                cell = cell.merge(grid.cell(r + rs - 1, col + cs - 1))
            cell.text = text
    for p in parts[4]:
        document.add_paragraph(p)
    document.save(path)


def make_numbered_docx(path: Path) -> None:
    """2024_huaian_template.docx's headings numbered by Word's lists instead of typed."""
    import re

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    make_template_docx(path)
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    heading = document.styles["Heading 1"].element
    heading.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    top, sub = re.compile("^[一二三四五六七八九十]+、"), re.compile("^（[一二三四五六七八九十]+）")
    for p in document.paragraphs:
        if top.match(p.text):
            text = top.sub("", p.text)
            p.style = document.styles["Heading 1"]
        elif sub.match(p.text):
            text = sub.sub("", p.text)
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr>'))
        else:
            continue
        for run in p.runs[1:]:
            run._r.getparent().remove(run._r)
        p.runs[0].text = text
    assert not [p for p in document.paragraphs if top.match(p.text)]
    document.save(path)


if __name__ == "__main__":
    make_docx(HERE / "report_part.docx")
    make_scanned_pdf(HERE / "scanned.pdf")
    make_corrupt_pdf(HERE / "corrupt.pdf")
    make_encrypted_pdf(HERE / "encrypted.pdf")
    make_printed_pdf(HERE / "2019_shanghai_printed.pdf")
    make_template_page(HERE / "2024_huaian_template.html")
    make_template_docx(HERE / "2024_huaian_template.docx")
    make_numbered_docx(HERE / "2024_huaian_numbered.docx")
