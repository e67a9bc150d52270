"""Turn an HTML page, a text-layer PDF or a DOCX file into one plain-text convention.

Annual reports (政府信息公开工作年度报告) arrive as web pages, PDFs and Word files. The table
parser downstream is template-aware: it finds 表三 / 表四 rows by their labels, so all it needs
from a file format is the *order* of the cells and which cell is really there. Each reader below
therefore reduces its format to the same text, and nothing downstream knows where it came from.

The convention (a public contract with the parser; do not change it lightly):

* Narrative: one paragraph per line. PDF visual lines are re-joined into paragraphs, page-number
  lines are dropped, and spaces next to CJK characters are removed ("2023 年" -> "2023年",
  "总 计" -> "总计"); spaces between two numbers or Latin words are kept. In web pages and Word
  documents the spaces are the author's: one is kept between Chinese characters ("一、概述 推进…");
  those between a digit and a Chinese character go, and the HTML source's line breaks next to
  Chinese characters.
  Table cells are normalised as in PDFs whatever the format.
* A table is preceded and followed by an empty line. Each row is a run of lines, one per cell,
  each line a TAB followed by the cell text (newlines inside the cell removed); an empty cell is a
  lone TAB; rows are separated by one empty line. A cell merely covered by another cell's
  rowspan/colspan is not emitted, so every printed cell appears exactly once.
* A table continued on the next PDF page simply continues with its next rows.

Example::

    三、收到和处理政府信息公开申请情况
    <empty>
    \\t一、本年新收政府信息公开申请数量
    \\t21
    \\t0
    <empty>
    \\t二、上年结转政府信息公开申请数量
    ...
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from .zh import BRANCHES, ENCLOSED_COUNT, ENCLOSED_FIRST, FULL_WIDTH_DIGITS, IDEOGRAPH_DIGITS, STEMS

# pdfplumber and python-docx are imported inside their readers: together they take a good part
# of a second to import, and a run over web pages never needs them.

__all__ = [
    "Extracted",
    "ExtractionError",
    "docx_to_text",
    "html_to_text",
    "join_pieces",
    "normalize_spaces",
    "pdf_to_text",
]


@dataclass
class Extracted:
    """Text of one document in the convention of this module, plus what the format told us.

    ``text`` ends with a newline unless it is empty. ``warnings`` are one-line notes about content
    that may be missing (a page without text layer, text the table grid could not place), so a
    corpus run can report them instead of failing.
    """

    text: str
    title: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


class ExtractionError(Exception):
    """The file cannot be turned into text. The message is one line; the caller adds the file."""


# --------------------------------------------------------------------------------------------
# Text normalisation shared by all formats
# --------------------------------------------------------------------------------------------

# Characters around which a space is never meaningful in Chinese text: CJK ideographs and
# punctuation, kana, full-width forms, and the curly quotes / dashes / ellipsis Chinese text uses.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
    "\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2027\U00020000-\U0003134f"
)
_WHITESPACE = re.compile(r"\s+")  # str patterns are Unicode-aware: \xa0 and \u3000 match too
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_NEXT_TO_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


def normalize_spaces(text: str) -> str:
    """Collapse whitespace to single spaces and drop the spaces next to CJK characters.

    PDF extraction inserts spaces wherever glyphs are spread out (justified lines: "号 ， 邮 编"),
    and web pages carry source-code line breaks inside sentences; neither is in the text a reader
    sees. Spaces between two non-CJK tokens ("2019 2020", "Open Data") are real and are kept.
    """
    if _NOTHING_TO_DO.match(text):  # most table cells: "13", "规章"
        return text
    text = _INVISIBLE.sub("", text)
    text = _WHITESPACE.sub(" ", text)
    return _SPACE_NEXT_TO_CJK.sub("", text).strip()


_NOTHING_TO_DO = re.compile(r"[^\s\u00ad\u200b-\u200d\u2060\ufeff]*\Z")


def normalize_typed_spaces(text: str) -> str:
    """:func:`normalize_spaces` for the narrative of a web page or a Word document, which differs
    in one point: a space the author typed between two Chinese characters is kept (one, however
    many there were). Browser and Word show it, and reports use it as their only separator
    between a heading and its text ("一、概述 推进…", "四、审批事项及处理情况 我局…"); dropping
    it glues an unknown heading to its body. (A PDF's spaces are the layout's, not the author's:
    :func:`normalize_spaces`.) What a page does not show, a line break of its HTML source (with
    the indentation after it) next to a Chinese character, still goes."""
    if _NOTHING_TO_DO.match(text):
        return text
    text = _INVISIBLE.sub("", text)
    text = _SOURCE_BREAK_NEXT_TO_CJK.sub("", text)
    text = _WHITESPACE.sub(" ", text)
    return _SPACE_BETWEEN_DIGIT_AND_CJK.sub("", text).strip()  # "2023 年", "第 711 号"


_SPACE_BETWEEN_DIGIT_AND_CJK = re.compile(f"(?<=[0-9]) (?=[{_CJK}])|(?<=[{_CJK}]) (?=[0-9])")
_SOURCE_BREAK_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n]\s*|\s*[\r\n][ \t]*(?=[{_CJK}])")


def join_pieces(pieces: Iterable[str], *, glue_digits: bool = False) -> str:
    """Join the lines of one paragraph or one table cell into a single line.

    Chinese wraps anywhere and has no word spaces, so pieces are joined without a space; only
    between two ASCII letters/digits, where the break replaced a real space, is one inserted.
    With ``glue_digits`` two digits are joined without a space: in a narrow PDF table cell a long
    number is wrapped character-wise ("39857" / "58"), and a space would split it in two.
    """
    out = ""
    for raw in pieces:
        piece = normalize_spaces(raw)
        if not piece:
            continue
        if out and _needs_space(out[-1], piece[0], glue_digits):
            out += " "
        out += piece
    return out


def _needs_space(left: str, right: str, glue_digits: bool) -> bool:
    if not (left.isascii() and right.isascii() and left.isalnum() and right.isalnum()):
        return False
    return not (glue_digits and left.isdigit() and right.isdigit())


class _Writer:
    """Accumulates paragraphs and tables and renders them in the convention."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def paragraph(self, text: str, spaces: Callable[[str], str] = normalize_spaces) -> None:
        """A narrative line; ``spaces``: how its white space is normalised (by format)."""
        text = spaces(text)
        if text:
            self.lines.append(text)

    def table(self, rows: Iterable[list[str]]) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        self.lines.append("")
        for row in rows:
            self.lines.extend("\t" + cell for cell in row)
            self.lines.append("")

    def render(self) -> str:
        # Adjacent tables (a table continued on the next page, or two tables with nothing in
        # between) would give two empty lines; one is enough, since it also separates rows.
        out: list[str] = []
        for line in self.lines:
            if line or (out and out[-1]):
                out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out) + "\n" if out else ""


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

# Elements that never hold report text. Only trivially identifiable chrome is dropped here;
# site-specific chrome (breadcrumbs, share bars, footers) is the caller's business.
_HTML_SKIP = frozenset(
    {
        *("head", "script", "style", "noscript", "template", "nav", "iframe", "frame"),
        *("frameset", "object", "embed", "svg", "math", "canvas", "select", "button"),
        *("textarea", "audio", "video", "map"),
    }
)
# Elements that start a new line of text (the CSS display:block family, plus table parts so a
# layout table's cells become paragraphs).
_HTML_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "center", "dd", "details"),
        *("dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html"),
        *("legend", "li", "listing", "main", "menu", "ol", "p", "plaintext", "pre", "section"),
        *("summary", "ul", "xmp", "table", "thead", "tbody", "tfoot", "tr", "td", "th"),
        *("caption", "option"),
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A "table" with a cell this long holds page layout, not data.
_LAYOUT_CELL_CHARS = 400


def html_to_text(html: str) -> Extracted:
    """Convert an HTML page or fragment (already decoded to ``str``) to the convention.

    Accepts a bare fragment (``<p>..</p><table>..``, as web archives store report bodies) as well
    as a full page. ``<br>`` ends a line in narrative but not inside a table cell, where it only
    wraps the label. Each ``<td>``/``<th>`` is emitted once in document order, which is exactly
    "skip the cells covered by a rowspan/colspan". A table that holds a nested table, has only
    one column, or has a cell with a long text is a layout table: its cells are read as
    paragraphs. The page ``<title>`` is returned separately, not in the text.
    """
    source = _CONTROL.sub("", _XML_DECLARATION.sub("", html, count=1))
    if not source.strip():
        raise ExtractionError("HTML document is empty")
    try:
        root = lxml.html.document_fromstring(source)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"cannot parse HTML ({_one_line(exc)})") from exc

    titles = root.xpath("//title[not(ancestor::svg)]")
    title = normalize_spaces(titles[0].text_content()) if titles else ""

    writer = _Writer()
    flow = _HtmlFlow(writer)
    body = root.find("body")
    flow.walk(body if body is not None else root)
    flow.flush()
    return Extracted(text=writer.render(), title=title or None)


def _tag(el: Any) -> str | None:
    """Lower-case tag name, or None for comments and processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(el: Any) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


class _HtmlFlow:
    """One pass over the element tree, collecting inline text until a block boundary."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.buffer: list[str] = []
        self.in_pre = 0

    def flush(self) -> None:
        if self.buffer:
            self.writer.paragraph("".join(self.buffer), normalize_typed_spaces)
            self.buffer = []

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        if not self.in_pre:
            self.buffer.append(text)
            return
        first, *rest = text.split("\n")
        self.buffer.append(first)
        for line in rest:
            self.flush()
            self.buffer.append(line)

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag is None or tag in _HTML_SKIP or _hidden(el):
            pass
        elif tag == "br":
            self.flush()
        elif tag == "table" and (rows := _html_data_table(el)) is not None:
            self.flush()
            caption = el.find("caption")
            if caption is not None:
                self.writer.paragraph(caption.text_content())
            self.writer.table([[_html_cell_text(cell) for cell in row] for row in rows])
        else:
            block = tag in _HTML_BLOCK
            if block:
                self.flush()
            self.in_pre += tag == "pre"
            self.add_text(el.text)
            for child in el:
                self.walk(child)
            self.in_pre -= tag == "pre"
            if block:
                self.flush()
        self.add_text(el.tail)  # the tail belongs to the parent's flow, even after a skipped child


def _html_rows(table: Any) -> list[list[Any]]:
    """The ``<tr>`` rows of this table (not of nested tables), each as its td/th elements."""
    rows: list[list[Any]] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = _tag(child)
            if tag == "tr":
                rows.append([c for c in child if _tag(c) in ("td", "th") and not _hidden(c)])
            elif tag not in (None, "table", "caption") and not _hidden(child):
                visit(child)  # thead/tbody/tfoot, or a stray wrapper from sloppy markup

    visit(table)
    return rows


def _html_data_table(table: Any) -> list[list[Any]] | None:
    """The rows of a data table, or None when the table only lays out the page."""
    if table.find(".//table") is not None:
        return None
    rows = _html_rows(table)
    if max((len(row) for row in rows), default=0) < 2:
        return None
    for row in rows:
        for cell in row:
            if len(cell.text_content()) > _LAYOUT_CELL_CHARS:
                return None
    return rows


def _html_cell_text(cell: Any) -> str:
    """Cell text with <br> and block boundaries joined: a cell is one value on one line."""
    pieces: list[str] = []

    def visit(el: Any) -> None:
        tag = _tag(el)
        if tag is not None and tag not in _HTML_SKIP and not _hidden(el):
            if tag == "br" or tag in _HTML_BLOCK:
                pieces.append("\n")
            if el.text:
                pieces.append(el.text)
            for child in el:
                visit(child)
            if tag in _HTML_BLOCK:
                pieces.append("\n")
        if el.tail:
            pieces.append(el.tail)

    if cell.text:
        pieces.append(cell.text)
    for child in cell:
        visit(child)
    return join_pieces("".join(pieces).split("\n"))


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


_BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass
class _PdfLine:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    margin_number: bool = False  # a bare number in the top or bottom margin: a page number?


@dataclass
class _PdfTable:
    page: int
    top: float
    rows: list[list[str]]


@dataclass
class _PdfLayout:
    """Document-wide typography, used to decide where paragraphs start."""

    body_size: float
    left: float
    right: float


# Page numbers: "- 3 -", "— 3 —", "第3页", "第 3 页 共 5 页", "共5页 第3页" anywhere; a bare
# "3" or "3/5" only in the top or bottom margin, and only when such numbers run with the pages
# (:func:`_drop_page_numbers`): a table printed a value a line may put one of its cells there.
_PAGE_NUMBER = re.compile(
    r"[-—–－―~～·•]+ ?\d{1,4} ?[-—–－―~～·•]+"
    r"|第\d{1,4}页(?:[,，/／]?共\d{1,4}页)?|共\d{1,4}页[,，/／]?第\d{1,4}页"
    r"|(?:page|p\.) ?\d{1,4}(?: ?(?:of|/) ?\d{1,4})?",
    re.IGNORECASE,
)
_MARGIN_PAGE_NUMBER = re.compile(r"\d{1,4}(?: ?[/／] ?\d{1,4})?")
# A line starting like this starts a paragraph: 一、 （一） (1) 1. 1、 第一章 ①
_HEADING_START = re.compile(
    r"[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|[（(]\d{1,2}[）)]"
    r"|\d{1,2}[、．.](?!\d)"
    r"|第[一二三四五六七八九十百零\d]+[章节部分条]"
    r"|[①-⑳]"
)
# A line ending a sentence ends its paragraph. A colon or semicolon does so only on a short
# line (caught by the short-line rule): at the end of a full line it is as often mid-sentence
# ("电子邮箱：" / "hzzwgk@126.com）。", "一是…；" / "二是…").
_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』）)]*$")
_NUMERIC = re.compile(r"[-+]?\d[\d,，.]*%?")
_TITLE_SIZE_STEP = 3.0  # points above the body size that make a line a title


def pdf_to_text(path: Path) -> Extracted:
    """Convert a PDF with a text layer to the convention.

    Tables are found from the *visible* ruling only (drawn lines, stroked rectangles, thin
    filled bars). WPS/Word exports often paint a white rectangle behind every text line or a
    frame around the page; counting those as ruling turns whole pages of narrative into a
    one-column "table" (and merges it with the real table below). Each ruled region is then
    closed with its bounding box, because a table broken across pages has no bottom border on
    the first page and no top border on the next, which would otherwise drop the last and first
    row. A region counts as a table only with two or more columns and a numeric cell.

    Everything outside the tables is narrative, re-joined into paragraphs across lines and pages.
    Raises ExtractionError for an encrypted or corrupt file and for a PDF without any text.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    read = None
    if _pdf_backend() == "pdfium":
        read = _read_pdf_pdfium(path)
    if read is None:
        read = _read_pdf_pdfminer(path)
    if read.page_count == 0:
        raise ExtractionError("PDF has no pages (corrupt file?)")
    if read.text_pages == 0:
        raise ExtractionError("PDF has no text layer (scanned image?)")

    writer = _Writer()
    items = _drop_page_numbers(read.items)
    _write_pdf_items(items, _pdf_layout(items), writer)
    return Extracted(
        text=writer.render(), title=read.title, pages=read.page_count, warnings=read.warnings
    )


@dataclass
class _PdfRead:
    """What the page readers found, before paragraphs are re-joined across pages."""

    title: str | None
    page_count: int = 0
    items: list[_PdfLine | _PdfTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text_pages: int = 0

    def add(self, page: Any) -> None:
        page_items, page_warnings, has_text = _read_pdf_page(page)
        page.close()  # drop pdfplumber's per-page object cache: long PDFs stay small
        self.page_count += 1
        self.items.extend(page_items)
        self.warnings.extend(page_warnings)
        self.text_pages += has_text


def _pdf_backend() -> str:
    """``pdfium`` (default: PDFium reads the page objects, pdfplumber analyses them) or
    ``pdfminer`` (pdfplumber's own reader, about ten times slower; kept as the fallback and for
    comparison), from the TEXTMINE_PDF_BACKEND environment variable."""
    import os

    backend = os.environ.get("TEXTMINE_PDF_BACKEND", "pdfium").strip().lower()
    return "pdfminer" if backend == "pdfminer" else "pdfium"


def _read_pdf_pdfminer(path: Path) -> _PdfRead:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            read = _PdfRead(_pdf_title(pdf))
            for page in pdf.pages:
                read.add(page)
    except Exception as exc:  # only pdfminer/pdfplumber run in here: any failure is the file's
        raise ExtractionError(_pdf_error_message(exc)) from exc
    return read


def _read_pdf_pdfium(path: Path) -> _PdfRead | None:
    """The PDF read with PDFium's page objects, or None to read it with pdfminer instead.

    None when pypdfium2 is missing, when PDFium cannot open the file (pdfminer then gives the
    error message, the same for either backend, or reads a file PDFium refuses), when a page
    needs what ``textmine.pdfobjects`` does not reproduce exactly (rotated pages or text), and
    on any other failure, so that a PDFium problem never costs a document.
    """
    try:
        import pypdfium2 as pdfium

        from textmine import pdfobjects
    except ImportError:
        return None
    with _PDFIUM_LOCK:  # PDFium is not thread-safe, even across documents (Dask threads)
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError:
            return None
        try:
            title = _utf8_title(pdf.get_metadata_value("Title"))
            read = _PdfRead(_pdf_title_text(title) if title is not None else _pdfminer_title(path))
            for page in pdfobjects.pages(pdf):
                read.add(page)
        except Exception as exc:
            import logging

            logging.getLogger(__name__).debug("PDFium cannot read %s (%r): pdfminer reads it", path, exc)
            return None
        finally:
            pdf.close()
    return read


_PDFIUM_LOCK = threading.Lock()


def _pdfminer_title(path: Path) -> str | None:
    """The Title as pdfminer decodes it, from the document's trailer and Info dictionary only
    (no page is parsed): for the titles PDFium's decoding loses (see :func:`_utf8_title`)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as fh:
        return _title_of(PDFDocument(PDFParser(fh)).info)


def _pdf_error_message(exc: BaseException) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in chain):
        return "PDF is encrypted (password required or unsupported encryption)"
    root = chain[-1]
    kind = "corrupt PDF" if isinstance(root, PDFSyntaxError | PSException) else "cannot read PDF"
    return f"{kind} ({_one_line(root)})"


def _one_line(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split()) or "no detail"
    text = f"{type(exc).__name__}: {text}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pdf_title(pdf: Any) -> str | None:
    """The Info dictionary's Title of a pdfplumber document (see :func:`_title_of`)."""
    return _title_of(pdf.doc.info)


def _title_of(infos: list[Any]) -> str | None:
    """The Title of pdfminer's Info dictionaries, decoded by its byte-order mark.

    Some Chinese producers (WPS, Jisupdf) write UTF-16LE with an FF FE mark, which the PDF spec
    does not allow and pdfplumber's ``metadata`` therefore shows as mojibake.
    """
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in infos:
        raw = resolve1(info.get("Title"))
        if isinstance(raw, bytes):
            if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
                text = raw.decode("utf-16", errors="replace")
            else:
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = decode_text(raw)
        elif isinstance(raw, str):
            text = raw
        else:
            continue
        title = _pdf_title_text(text)
        if title:
            return title
    return None


def _pdf_title_text(text: str) -> str | None:
    """A decoded Title, cleaned: PDFium decodes both byte-order marks itself (and PDFDocEncoding
    otherwise); ``_pdf_title`` does the same for pdfminer's raw bytes."""
    text = normalize_spaces(text.replace("\x00", ""))
    return text or None


def _utf8_title(text: str) -> str | None:
    """A Title PDFium decoded as PDFDocEncoding that was really UTF-8 bytes (no BOM), as some
    producers write it, decoded as UTF-8 like ``_pdf_title`` does; any other title as is. None
    when the bytes cannot be told from PDFium's text: PDFDocEncoding gives one character to
    several bytes (U+0000 to 0x00, 0x7F, 0x9F, 0xAD), and UTF-8 Chinese holds 0x9F and 0xAD
    (盟 is E7 9B 9F): the caller then reads the Title with pdfminer."""
    from pdfminer.utils import PDFDocEncoding

    codes: dict[str, int] = {}
    ambiguous: set[str] = set()
    for code, char in enumerate(PDFDocEncoding):
        if char in codes:
            ambiguous.add(char)
        else:
            codes[char] = code
    if text.isascii() or any(char not in codes for char in text):
        return text
    if any(char in ambiguous for char in text):
        return None
    try:
        return bytes(codes[char] for char in text).decode("utf-8-sig")
    except UnicodeDecodeError:
        return text


def _is_visible_ruling(obj: dict[str, Any]) -> bool:
    """Keep every object except filled, unstroked rectangles wider than a rule (backgrounds)."""
    if obj.get("object_type") != "rect":
        return True
    return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= 2.0


def _grow_region(bbox: _BBox, edges: list[dict[str, Any]]) -> _BBox:
    """Extend a table bbox over the ruling that touches it (e.g. verticals past a missing
    bottom border)."""
    x0, top, x1, bottom = bbox
    tol = 2.0
    for e in edges:
        touches = e["x1"] >= x0 - tol and e["x0"] <= x1 + tol
        if touches and e["bottom"] >= top - tol and e["top"] <= bottom + tol:
            x0, top = min(x0, e["x0"]), min(top, e["top"])
            x1, bottom = max(x1, e["x1"]), max(bottom, e["bottom"])
    return x0, top, x1, bottom


def _frame_lines(regions: list[_BBox]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Explicit vertical and horizontal lines that close each region's box."""

    def line(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
        return {
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
        }

    vertical = [line(x, top, x, bottom) for x0, top, x1, bottom in regions for x in (x0, x1)]
    horizontal = [line(x0, y, x1, y) for x0, top, x1, bottom in regions for y in (top, bottom)]
    return vertical, horizontal


def _is_data_table(rows: list[list[str | None]]) -> bool:
    """Two or more columns and at least one number: rules out page frames and boxed notes."""
    if max((sum(cell is not None for cell in row) for row in rows), default=0) < 2:
        return False
    return any(
        cell is not None and _NUMERIC.fullmatch(normalize_spaces(cell))
        for row in rows
        for cell in row
    )


def _pdf_cell(text: str) -> str:
    return join_pieces(text.split("\n"), glue_digits=True)


def _inside(obj: dict[str, Any], bbox: _BBox) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _extract_table(table: Any, bbox: _BBox) -> list[list[str | None]]:
    """``table.extract()``, scanning only the chars inside the table's bbox.

    pdfplumber scans every char of the page once per table row. A char it places in a row lies
    in the table's bbox by the same half-open midpoint test (a row's bbox is within the
    table's), so the rows see the same chars in the same order.
    """
    from pdfplumber.table import Table

    x0, top, x1, bottom = bbox
    chars = [
        c
        for c in table.page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
    ]
    return Table(_CharsOnly(chars), table.cells).extract()


@dataclass
class _CharsOnly:
    """The one thing ``Table.extract`` reads of its page."""

    chars: list[dict[str, Any]]


def _stray_text(chars: list[dict[str, Any]], bbox: _BBox, cells: list[_BBox]) -> str:
    """The text of the chars whose midpoint is in ``bbox`` but in none of ``cells`` (both
    bounds inclusive, as ``_inside``).

    Chars come in reading order, so a char is mostly in the cell of the char before: that cell
    is tried first. Otherwise the cells are searched by row band (the few bands the char's
    midpoint is in, then their cells), not one by one.
    """
    bands: dict[tuple[float, float], list[_BBox]] = {}
    for cell in cells:
        bands.setdefault((cell[1], cell[3]), []).append(cell)
    band_list = list(bands.items())
    left, upper, right, lower = bbox
    last: _BBox = (1.0, 1.0, 0.0, 0.0)  # contains nothing
    stray = []
    for c in chars:
        cx = (c["x0"] + c["x1"]) / 2
        cy = (c["top"] + c["bottom"]) / 2
        if not (left <= cx <= right and upper <= cy <= lower):
            continue
        if last[0] <= cx <= last[2] and last[1] <= cy <= last[3]:
            continue
        found = next(
            (
                cell
                for (top, bottom), band in band_list
                if top <= cy <= bottom
                for cell in band
                if cell[0] <= cx <= cell[2]
            ),
            None,
        )
        if found is None:
            stray.append(c["text"])
        else:
            last = found
    return "".join(stray)


class _CharList(list):  # type: ignore[type-arg]
    """A page's chars whose ``index`` is a dict look-up instead of a scan.

    pdfplumber's ``dedupe_chars`` restores page order with ``sorted(kept, key=chars.index)``:
    one linear scan, comparing dicts, per kept char, which made deduplication the costliest
    step of reading a page. The position of the object itself is the same answer: a kept char
    is the first of its duplicates (equal chars share text, font, size and position, so they
    fall in one cluster, and pdfplumber keeps the first by a stable sort), so no equal dict
    precedes it. Anything not in the list is left to ``list.index``.
    """

    def __init__(self, chars: Iterable[dict[str, Any]]) -> None:
        super().__init__(chars)
        self._positions: dict[int, int] = {}
        for position, char in enumerate(self):
            self._positions.setdefault(id(char), position)

    def index(self, value: Any, *args: Any) -> int:
        position = None if args else self._positions.get(id(value))
        return super().index(value, *args) if position is None else position


_DEDUPE_KEY = itemgetter("upright", "text", "fontname", "size")  # pdfplumber's default


def _dedupe_chars(page: Any) -> Any:
    """``page.dedupe_chars()``: the same page, the same chars in the same order, faster."""
    deduped = page.filter(_keep)
    deduped._objects = {**page.objects, "char": _deduped_chars(page.chars)}
    return deduped


def _keep(obj: dict[str, Any]) -> bool:
    return True


def _deduped_chars(chars: list[dict[str, Any]], tolerance: float = 1) -> list[dict[str, Any]]:
    """pdfplumber's ``dedupe_chars(chars)``, run only over the chars that can have a duplicate.

    pdfplumber groups chars by text, font, size and uprightness, clusters each group by
    ``doctop`` (values within ``tolerance`` of the previous one chain into a cluster), then by
    ``x0``, and keeps the first char of each cluster, in page order. A char with no char of its
    group within ``tolerance`` above or below is a cluster of its own and always kept, and that
    is most chars of a page (a CJK page has hundreds of distinct glyphs, and a repeated glyph
    is mostly on another line): clustering hundreds of one-char groups was most of the cost.
    So only the chars with such a neighbour go to pdfplumber (taking the others out leaves
    every other cluster as it was), and its choice is merged back in page order (an object
    listed twice kept once, at its first place, as pdfplumber's ``chars.index`` ordering does).
    """
    from pdfplumber.utils import dedupe_chars

    close = _close_to_same_glyph(chars, tolerance)
    candidates = [c for c, flag in zip(chars, close, strict=True) if flag]
    if not candidates:
        return list(chars)
    kept = {id(c) for c in dedupe_chars(_CharList(candidates), tolerance)}
    deduped = []
    for c, flag in zip(chars, close, strict=True):
        if not flag:
            deduped.append(c)
        elif id(c) in kept:
            kept.discard(id(c))
            deduped.append(c)
    return deduped


def _close_to_same_glyph(chars: list[dict[str, Any]], tolerance: float) -> list[bool]:
    """For each char, whether another char of its dedupe group (``_DEDUPE_KEY``) chains to it
    in pdfplumber's ``doctop`` clustering: consecutive sorted values ``a <= b`` with
    ``b <= a + tolerance``, the test ``cluster_list`` makes."""
    keys = list(map(_DEDUPE_KEY, chars))
    counts = Counter(keys)
    groups: dict[tuple[Any, ...], list[tuple[float, int]]] = {}
    for position, key in enumerate(keys):
        if counts[key] > 1:  # most glyphs of a CJK page occur once
            groups.setdefault(key, []).append((chars[position]["doctop"], position))
    close = [False] * len(chars)
    for members in groups.values():
        members.sort()
        for (a, i), (b, j) in pairwise(members):
            if b <= a + tolerance:
                close[i] = close[j] = True
    return close


def _read_pdf_page(page: Any) -> tuple[list[_PdfLine | _PdfTable], list[str], bool]:
    """Tables and narrative lines of one page, in vertical order, with warnings."""
    number = page.page_number
    if not page.chars:
        return [], [f"page {number}: no text layer"], False
    page = _dedupe_chars(page)  # fake-bold headings print every glyph twice
    warnings: list[str] = []
    items: list[_PdfLine | _PdfTable] = []

    ruled = page.filter(_is_visible_ruling)
    boxes: list[_BBox] = []
    candidates = ruled.find_tables()
    if candidates:
        edges = ruled.edges  # a property that rebuilds every edge dict on each access
        regions = [_grow_region(t.bbox, edges) for t in candidates]
        vertical, horizontal = _frame_lines(regions)
        settings = {"explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
        for table in ruled.find_tables(settings):
            bbox = table.bbox
            raw_rows = _extract_table(table, bbox)
            if not _is_data_table(raw_rows):
                continue  # a boxed paragraph or a page frame: its text stays narrative
            boxes.append(bbox)
            rows = [[_pdf_cell(cell) for cell in row if cell is not None] for row in raw_rows]
            items.append(_PdfTable(number, bbox[1], rows))
            stray = _stray_text(page.chars, bbox, table.cells)
            if stray.strip():
                warnings.append(
                    f"page {number}: text in a table but outside its cells dropped: "
                    f"{normalize_spaces(stray)[:60]!r}"
                )

    narrative = page
    if boxes:
        in_tables = {id(c) for c in page.chars if any(_inside(c, b) for b in boxes)}
        narrative = page.filter(lambda o: id(o) not in in_tables)
    height = float(page.height)
    for line in narrative.extract_text_lines(strip=True, return_chars=True):
        text = normalize_spaces(line["text"])
        if not text or _PAGE_NUMBER.fullmatch(text):
            continue
        sizes = sorted(c["size"] for c in line["chars"] if not c["text"].isspace())
        size = sizes[len(sizes) // 2] if sizes else 0.0
        items.append(
            _PdfLine(number, line["top"], line["bottom"], line["x0"], line["x1"], size, text,
                     _in_margin(line["top"], line["bottom"], height)
                     and bool(_MARGIN_PAGE_NUMBER.fullmatch(text)))
        )
    items.sort(key=lambda item: item.top)
    return items, warnings, True


def _in_margin(top: float, bottom: float, height: float) -> bool:
    return top > height * 0.88 or bottom < height * 0.08


def _drop_page_numbers(items: list[_PdfLine | _PdfTable]) -> list[_PdfLine | _PdfTable]:
    """The items without the bare numbers in page margins that number the pages.

    Page numbers run with the pages: their value minus the page's index is the same offset on
    every page that prints one (a cover may be unnumbered, the count may start at 0 or 1). So
    the margin numbers at the most common offset, if two or more pages share it, are page
    numbers; on a one-page document a margin number is one when it is that page's number. Any
    other margin number is text, kept: a table printed a value a line puts cells there too."""
    numbers = [it for it in items if isinstance(it, _PdfLine) and it.margin_number]
    if not numbers:
        return items
    offsets = Counter(_leading_number(it.text) - it.page for it in numbers)
    offset, pages = offsets.most_common(1)[0]
    if pages < 2 and not (len({it.page for it in items}) == 1 and offset in (-1, 0)):
        return items
    drop = {id(it) for it in numbers if _leading_number(it.text) - it.page == offset}
    return [it for it in items if id(it) not in drop]


def _leading_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _pdf_layout(items: list[_PdfLine | _PdfTable]) -> _PdfLayout:
    """Body font size and text margins: the most common values over the whole document."""
    lines = [item for item in items if isinstance(item, _PdfLine)]
    if not lines:
        return _PdfLayout(0.0, 0.0, 0.0)
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size)] += len(line.text)
    body = float(sizes.most_common(1)[0][0])
    body_lines = [line for line in lines if abs(line.size - body) <= 1] or lines
    left = Counter(round(line.x0) for line in body_lines).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in body_lines).most_common(1)[0][0]
    return _PdfLayout(body, float(left), float(right))


def _continues(prev: _PdfLine, line: _PdfLine, layout: _PdfLayout) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?

    A wrong join only makes a paragraph longer; a wrong split cuts a sentence, which breaks
    downstream sentence matching, so every rule below is a positive sign of a new paragraph.
    """
    if _HEADING_START.match(line.text) or _ENDS_SENTENCE.search(prev.text):
        return False
    full_line = prev.x1 >= layout.right - 2 * prev.size
    same_page_gap = line.page == prev.page and (
        line.top - prev.bottom > 1.5 * max(prev.size, line.size)
    )
    title_size = layout.body_size + _TITLE_SIZE_STEP
    prev_title, line_title = prev.size >= title_size, line.size >= title_size
    if prev_title or line_title:  # a title wrapped over two centred lines is one title
        same_title = prev_title and line_title and abs(prev.size - line.size) < 1
        return same_title and line.page == prev.page and not same_page_gap
    if abs(prev.size - line.size) > 1.5 or same_page_gap:
        return False
    if line.x0 > layout.left + 0.9 * line.size:  # first-line indent
        return False
    if full_line:
        return True
    # A line ending short of the right margin ends its paragraph, unless it is short by a number
    # or Latin word that the typesetter moved to the next line whole ("…占" / "1.9%；…",
    # "…邮编：" / "350400，电话…"): it is then short by about that word's width.
    word = _LEADING_UNBROKEN.match(line.text)
    if word is None:
        return False
    width = (0.6 * len(word.group()) + 1) * line.size  # ASCII is about half an em wide
    return prev.x1 >= layout.right - 2 * prev.size - width


_LEADING_UNBROKEN = re.compile(r"[0-9A-Za-z.%‰@/_+\-]+[，。；：、）,;:)]?")


def _write_pdf_items(
    items: list[_PdfLine | _PdfTable], layout: _PdfLayout, writer: _Writer
) -> None:
    paragraph: list[_PdfLine] = []

    def flush() -> None:
        if paragraph:
            writer.paragraph(join_pieces(line.text for line in paragraph))
            paragraph.clear()

    previous: _PdfLine | _PdfTable | None = None
    for item in items:
        if isinstance(item, _PdfTable):
            flush()
            rows = item.rows
            if isinstance(previous, _PdfTable) and previous.page < item.page and rows:
                rows = [_drop_leading_blanks(rows[0]), *rows[1:]]
            writer.table(rows)
        elif paragraph and _continues(paragraph[-1], item, layout):
            paragraph.append(item)
        else:
            flush()
            paragraph.append(item)
        previous = item
    flush()


def _drop_leading_blanks(row: list[str]) -> list[str]:
    """First row of a table continued from the previous page: its leading empty cells are the
    rest of row-spanning label cells printed above the break, not cells of their own."""
    for i, cell in enumerate(row):
        if cell:
            return row[i:]
    return row


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def docx_to_text(path: Path) -> Extracted:
    """Convert a Word (.docx) file to the convention.

    The body's children are walked in order, so a table stays between the paragraphs that
    surround it (``Document.paragraphs`` and ``Document.tables`` would lose that). A line break
    inside a paragraph starts a new line, as ``<br>`` does in HTML. In tables each ``<w:tc>`` is
    emitted once (a horizontally merged cell is one ``<w:tc>``) and the ``vMerge="continue"``
    cells that a vertical merge covers are skipped. The numbers Word draws in front of list
    paragraphs (一、 （一） 1.) are not in the text: they are rendered from the numbering
    definitions (:class:`_WordNumbering`), since a report's section headings are often such a list.
    """
    import docx
    from docx.oxml.ns import qn

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        document = docx.Document(str(path))
        body = document.element.body
    except Exception as exc:  # only python-docx/zipfile/lxml run in here
        raise ExtractionError(f"cannot read DOCX ({_one_line(exc)})") from exc

    p_tag, tbl_tag, tr_tag, tc_tag = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    sdt_tags = (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))
    text_tags = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}

    def paragraph_text(p: Any) -> str:
        # Every <w:t> of the paragraph, also those inside hyperlinks, tracked insertions, smart
        # tags and fields (python-docx's Paragraph.text skips some of these); deleted text and
        # field codes live in <w:delText>/<w:instrText> and are therefore left out.
        return "".join(
            el.text or "" if (mark := text_tags[el.tag]) is None else mark
            for el in p.iter(*text_tags)
        )

    def blocks(parent: Any) -> Iterator[Any]:
        for child in parent.iterchildren():
            if child.tag in (p_tag, tbl_tag):
                yield child
            elif child.tag in sdt_tags:  # content controls wrap ordinary paragraphs/tables
                yield from blocks(child)

    def cells(tr: Any) -> Iterator[Any]:
        for child in tr.iterchildren():
            if child.tag == tc_tag:
                yield child
            elif child.tag in sdt_tags:
                yield from cells(child)

    def rows(tbl: Any) -> Iterator[list[str]]:
        for tr in tbl.iter(tr_tag):
            if _nearest(tr, tbl_tag) is not tbl:
                continue  # a row of a table nested in a cell: part of that cell's text
            row = []
            for tc in cells(tr):
                if tc.vMerge == "continue":
                    continue
                texts = (numbering.label(p) + paragraph_text(p) for p in tc.iter(p_tag))
                row.append(join_pieces(piece for t in texts for piece in t.split("\n")))
            yield row

    numbering = _WordNumbering.of(document)
    writer = _Writer()
    for block in blocks(body):
        if block.tag == p_tag:
            for line in (numbering.label(block) + paragraph_text(block)).split("\n"):
                writer.paragraph(line, normalize_typed_spaces)
        else:
            writer.table(rows(block))
    title = normalize_spaces(document.core_properties.title or "")
    return Extracted(text=writer.render(), title=title or None)


# Word's number formats (w:numFmt) → the number as text; the Chinese counting ones through cn2an
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_CHINESE_FORMATS = ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                    "chineseLegalSimplified", "ideographLegalTraditional")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def word_number(n: int, fmt: str) -> str:
    """``n`` as Word draws it in the number format ``fmt`` (3, 三, ③, ⑶, ㈢, 丙, c, iii …);
    a format not known here is drawn in digits."""
    if fmt in _CHINESE_FORMATS:
        import cn2an

        return cn2an.an2cn(n, "up" if fmt.endswith(("LegalSimplified", "LegalTraditional")) else "low")
    if fmt == "ideographDigital":  # digit by digit: 一〇
        return "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n))
    first = ENCLOSED_FIRST.get(fmt)
    if first is not None and 1 <= n <= ENCLOSED_COUNT[first]:
        return chr(first + n - 1)
    for series, fmt_name in ((STEMS, "ideographTraditional"), (BRANCHES, "ideographZodiac")):
        if fmt == fmt_name and 1 <= n <= len(series):
            return series[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(FULL_WIDTH_DIGITS)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _int(value: str | None, default: int) -> int:
    """An integer attribute of the numbering XML, ``default`` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


Level = tuple[int, str, str, bool]  # start, w:numFmt, w:lvlText, w:isLgl


class _WordNumbering:
    """The numbers Word draws in front of list paragraphs, rendered as Word does: a paragraph's
    list (``w:numPr``: its own, or its style's) and level pick a definition in the numbering part
    (start, ``w:numFmt``, ``w:lvlText`` such as ``%1、`` or ``（%1）``); a counter per list and
    level counts the paragraphs, and a paragraph resets the levels below its own. Bullets draw
    nothing. Not modelled: numbering shared between separate instances of one abstract list,
    and ``w:lvlRestart``: reports number their headings with one list."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_lists: dict[str, tuple[str, int]] = {}
        if document is None:
            return
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return  # no numbering part: no list paragraphs
        abstract = {a.get(qn("w:abstractNumId")): self._level_table(a)
                    for a in numbering.iterchildren(qn("w:abstractNum"))}
        for num in numbering.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            table = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                table.update(self._level_table(override))
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in table:
                    table[ilvl] = (_int(start.get(qn("w:val")), 1), *table[ilvl][1:])
            self.levels[num.get(qn("w:numId"))] = table
        self._read_styles(document)

    @staticmethod
    def of(document: Any) -> _WordNumbering:
        """The document's numbering; none at all when its definitions cannot be read (the text
        is still read, as it would be without list numbers)."""
        try:
            return _WordNumbering(document)
        except Exception:  # python-docx/lxml on a damaged part: the numbers are a nicety
            return _WordNumbering(None)

    def _level_table(self, parent: Any) -> dict[int, Level]:
        qn = self._qn
        table = {}
        for lvl in parent.iterchildren(qn("w:lvl")):
            def val(tag: str, default: str, lvl: Any = lvl) -> str:
                el = lvl.find(qn(tag))
                return default if el is None else el.get(qn("w:val"), default)

            table[_int(lvl.get(qn("w:ilvl")), 0)] = (
                _int(val("w:start", "1"), 1), val("w:numFmt", "decimal"), val("w:lvlText", ""),
                lvl.find(qn("w:isLgl")) is not None)
        return table

    def _read_styles(self, document: Any) -> None:
        """Paragraph styles that carry a list (标题 1 numbered 一、…), through ``w:basedOn``."""
        qn = self._qn
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in document.styles.element.iterchildren(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                own[sid] = self._num_pr(num_pr)
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                based[sid] = parent.get(qn("w:val"))
        for sid in {*own, *based}:
            seen, cur = set(), sid
            while cur is not None and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            num_id, ilvl = own.get(cur, (None, None)) if cur is not None else (None, None)
            if num_id is not None:
                self.style_lists[sid] = (num_id, ilvl or 0)

    def _num_pr(self, num_pr: Any) -> tuple[str | None, int | None]:
        qn = self._qn
        num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        return (None if num_id is None else num_id.get(qn("w:val")),
                None if ilvl is None else _int(ilvl.get(qn("w:val")), 0))

    def label(self, p: Any) -> str:
        """The number Word draws before paragraph ``p`` ("" for none), counting it."""
        if not self.levels:
            return ""
        qn = self._qn
        num_id, ilvl = None, None
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is not None:
                num_id, ilvl = self._num_pr(num_pr)
            style = ppr.find(qn("w:pStyle"))
            listed = self.style_lists.get(style.get(qn("w:val"))) if style is not None else None
            if listed is not None:
                num_id = num_id or listed[0]
                ilvl = listed[1] if ilvl is None else ilvl
        ilvl = ilvl or 0
        table = self.levels.get(num_id or "")
        if not table or ilvl not in table:  # no list, or numId 0 (numbering taken off)
            return ""
        counts = self.counters.setdefault(num_id or "", {})
        counts[ilvl] = counts.get(ilvl, table[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        _, fmt, text, legal = table[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in table:
                return ""
            # w:isLgl: every level of this number in digits (1.1, not 一.1)
            return word_number(counts.get(k, table[k][0]), "decimal" if legal else table[k][1])

        return re.sub(r"%([1-9])", number, text)


def _nearest(el: Any, tag: str) -> Any:
    """The closest ancestor of ``el`` with ``tag``."""
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent
