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
"""

from __future__ import annotations

import random
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


if __name__ == "__main__":
    make_docx(HERE / "report_part.docx")
    make_scanned_pdf(HERE / "scanned.pdf")
    make_corrupt_pdf(HERE / "corrupt.pdf")
    make_encrypted_pdf(HERE / "encrypted.pdf")
    make_printed_pdf(HERE / "2019_shanghai_printed.pdf")
