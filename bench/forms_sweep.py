"""The shipped reports in the other forms they may arrive in: does each read to the same data?

    python bench/forms_sweep.py            # text, web page and Word forms (~1 min)
    python bench/forms_sweep.py --pdf      # and PDFs printed by headless Chromium (+ ~1 min)

Not a speed bench: a sweep for robustness, since textmine is judged on reports it has never
seen. Every shipped text report is rewritten as: GB18030, UTF-16 and UTF-8 with BOM bytes; CR LF
and CR line ends; full-width digits; non-breaking spaces; an empty line after every line (a web
copy that doubles line breaks); an HTML page with a <p> per line (UTF-8, and GB2312 declared in a
<meta>, with page chrome around it); a Word document with a paragraph per line, and one whose
一、/（一） headings are a Word list (numbers drawn by Word, not typed; the reports whose headings
stand on lines of their own). With ``--pdf``,
each of those HTML pages, the 2019 Shanghai page (A4, A4 landscape, A6) and the shipped 2021
PDFs rebuilt as HTML tables are printed to PDF by Chromium (needs ``chromium`` and a CJK font).

Each variant is analysed and compared with its original: year, layout, issuer, section ids,
every table cell's value, and the numbers of sentences, problems and commitments. A line ending
in ``<<<`` differs; what differs follows it. Known and expected: a form that drops an empty table
cell (a web page with a <p> per cell) leaves that row unreadable, which is reported, not guessed.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cn2an  # noqa: E402

import textmine  # noqa: E402
from textmine.ingest import read_document  # noqa: E402

CORPUS = ROOT / "corpora"
WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def paragraphs_page(text: str, head: str = '<meta charset="utf-8">', chrome: bool = False) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    if chrome:
        body = ('<div class="nav"><a href="/">首页</a> &gt; <a>政府信息公开</a> &gt; <a>年度报告</a></div>'
                "<div>字号：大 中 小</div>" + body + "<div>打印本页 关闭窗口</div>")
    return f"<html><head>{head}</head><body>{body}</body></html>"


def table_page(text: str, title: str = "") -> str:
    """The text convention (TAB-led cell lines, rows between empty lines) as an HTML page with
    real tables, ruled."""
    out, table, row = [], [], []

    def end_row() -> None:
        nonlocal row
        if row:
            table.append(row)
            row = []

    def end_table() -> None:
        nonlocal table
        end_row()
        if table:
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                                           for r in table) + "</table>")
            table = []

    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:])
        elif not line.strip():
            end_row()
        else:
            end_table()
            out.append(f"<p>{html.escape(line)}</p>")
    end_table()
    rules = ("<style>table{border-collapse:collapse} "
             "td{border:1px solid #000;padding:2px;font-size:9pt}</style>")
    return (f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>{rules}</head><body>'
            + "".join(out) + "</body></html>")


_TOP = re.compile("^([一二三四五六七八九十]+)、")
_SUB = re.compile("^[（(]([一二三四五六七八九十]+)[)）]")


def docx_bytes(text: str, numbered: bool = False) -> bytes:
    """A Word file with a paragraph per line; ``numbered``: the lines that start 一、 or （一）
    become paragraphs of a Word list (chineseCounting, ``%1、`` and ``（%2）``) whose numbers are
    drawn by Word, not typed — where the typed numbers run in order, as a list would draw them."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    if numbered:
        document.part.numbering_part.element.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
        document.part.numbering_part.element.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    expected = {0: 1, 1: 1}  # the number a list would draw next, per level
    for line in text.split("\n"):
        line = line.strip("\t")
        match = (_TOP.match(line), _SUB.match(line)) if numbered else (None, None)
        level = 0 if match[0] else 1 if match[1] else None
        if level is not None and cn2an.cn2an(match[level].group(1), "smart") == expected[level]:
            paragraph = document.add_paragraph(line[match[level].end():])
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
            expected[level] += 1
            if level == 0:
                expected[1] = 1
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_NO_LINE_START = "，。；：、！？”’）》,.;:!?)"  # marks typesetting keeps off a line's start


def hard_wrapped(text: str, width: int = 28) -> str:
    """``text`` as a PDF's text copied out line by line: every line longer than ``width`` cut
    into lines of about ``width`` characters, a punctuation mark kept at the end of the line
    before (避头), as the Shanghai 2024/2025 reports of a public repository come."""
    out = []
    for line in text.split("\n"):
        start = 0
        while len(line) - start > width:
            cut = start + width
            while cut < len(line) and line[cut] in _NO_LINE_START:
                cut += 1
            out.append(line[start:cut])
            start = cut
        out.append(line[start:])
    return "\n".join(out)


def text_variants(text: str) -> Iterator[tuple[str, str, bytes]]:
    """(variant name, file suffix, bytes) of one text report."""
    yield "gb18030", ".txt", text.encode("gb18030")
    yield "utf-16", ".txt", text.encode("utf-16")
    yield "utf-8 bom", ".txt", b"\xef\xbb\xbf" + text.encode("utf-8")
    yield "crlf", ".txt", text.replace("\n", "\r\n").encode("utf-8")
    yield "cr", ".txt", text.replace("\n", "\r").encode("utf-8")
    yield "wide digits", ".txt", text.translate(WIDE_DIGITS).encode("utf-8")
    yield "nbsp", ".txt", text.replace(" ", "\u00a0").encode("utf-8")
    yield "doubled lines", ".txt", text.replace("\n", "\n\n").encode("utf-8")
    yield "hard-wrapped", ".txt", hard_wrapped(text).encode("utf-8")
    yield "<p> page", ".html", paragraphs_page(text).encode("utf-8")
    yield "gb2312 page", ".html", paragraphs_page(
        text, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', chrome=True,
    ).encode("gb18030")
    yield "word", ".docx", docx_bytes(text)
    if any(_TOP.match(line.strip("\t")) for line in text.split("\n")):  # headings on lines of their own
        yield "word, numbered", ".docx", docx_bytes(text, numbered=True)


def print_pdf(page: str, dest: Path, work: Path, css: str = "") -> Path:
    source = work / "page.html"
    source.write_text(page.replace("</head>", css + "</head>", 1) if css else page, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={dest}", source.as_uri()], check=True, capture_output=True)
    return dest


def summary(report: textmine.Report) -> dict:
    return {"meta": (report.year, report.layout, report.issuer),
            "sections": [s.id for s in report.sections],
            "cells": {k: c.value for k, c in report.cells.items()},
            "counts": (len(report.sentences), len(report.problems), len(report.commitments))}


def compare(name: str, variant: str, original: dict, path: Path) -> bool:
    try:
        got = summary(textmine.analyze_file(path))
    except Exception as exc:  # a sweep reports every failure and goes on
        print(f"{name:36s} {variant:22s} ERROR {type(exc).__name__}: {exc}  <<<")
        return False
    diff = sorted(k for k in original["cells"].keys() | got["cells"].keys()
                  if original["cells"].get(k) != got["cells"].get(k))
    same = (not diff and original["sections"] == got["sections"] and original["meta"] == got["meta"]
            and original["counts"] == got["counts"])
    print(f"{name:36s} {variant:22s} cells {len(original['cells'])}/{len(got['cells'])} differ {len(diff)}; "
          f"sentences/problems/commitments {original['counts']} {got['counts']}" + ("" if same else "  <<<"))
    if not same:
        if original["meta"] != got["meta"]:
            print(f"    metadata {original['meta']} → {got['meta']}")
        if original["sections"] != got["sections"]:
            print(f"    sections {original['sections']} → {got['sections']}")
        for k in diff[:6]:
            print(f"    {k}: {original['cells'].get(k)!r} → {got['cells'].get(k)!r}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", action="store_true", help="also print PDFs with headless Chromium")
    args = parser.parse_args()
    if args.pdf and shutil.which("chromium") is None:
        raise SystemExit("--pdf needs chromium on the PATH")
    total = same = 0
    with tempfile.TemporaryDirectory(prefix="textmine-forms-") as tmp:
        work = Path(tmp)
        shutil.copy(CORPUS / "MANIFEST.csv", work / "MANIFEST.csv")  # same metadata as the originals
        for src in sorted(CORPUS.glob("*.txt")):
            original = summary(textmine.analyze_file(src))
            text = src.read_text(encoding="utf-8")
            variants = list(text_variants(text))
            for variant, suffix, data in variants:
                path = work / (src.stem + suffix)
                path.write_bytes(data)
                total += 1
                same += compare(src.name, variant, original, path)
                if args.pdf and variant == "<p> page":
                    total += 1
                    pdf = print_pdf(data.decode("utf-8"), work / (src.stem + ".pdf"), work)
                    same += compare(src.name, "<p> page → pdf", original, pdf)
                    pdf.unlink()
                path.unlink()
        if args.pdf:
            shanghai = CORPUS / "2019_shanghai_szfbgt.html"
            original = summary(textmine.analyze_file(shanghai))
            page = shanghai.read_text(encoding="utf-8")
            ruled = "<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px}</style>"
            for size in ("A4", "A4 landscape", "A6"):
                css = ruled + f"<style>@page {{ size: {size}; margin: 8mm }}</style>"
                pdf = print_pdf(page, work / f"{shanghai.stem}.pdf", work, css)
                total += 1
                same += compare(shanghai.name, f"printed {size}", original, pdf)
            for src in sorted(CORPUS.glob("*.pdf")):
                original = summary(textmine.analyze_file(src))
                document = read_document(src)
                rebuilt = table_page(document.text, document.title or "")
                page_path = work / (src.stem + ".html")
                page_path.write_text(rebuilt, encoding="utf-8")
                total += 2
                same += compare(src.name, "as html tables", original, page_path)
                same += compare(src.name, "html tables → pdf", original,
                                print_pdf(rebuilt, work / f"{src.stem}_reprint.pdf", work))
    print(f"{same} of {total} variants read to the same data as their originals")


if __name__ == "__main__":
    main()
