"""File → normalised text: decode, extract, normalise, strip page chrome (keeping it as metadata).

The text produced here is the one every later stage points into with character offsets, so every
change to it happens here, once. Tables keep the convention of :mod:`textmine.formats` (one
TAB-prefixed line per cell, an empty line between rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IngestError
from .resources import compiled, load
from .zh import CJK as _CJK
from .zh import NUMERALS as _NUMERALS
from .zh import SENTENCE_END as _SENTENCE_END
from .zh import YEAR_DIGITS

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
# Document formats a report folder may hold that textmine does not read. A folder run lists them
# as failures (TM106, with what to do) rather than passing over them in silence; other files
# (images, style sheets of a saved web page) are not reports and are left alone.
UNREAD_DOCUMENTS: dict[str, str] = {
    ".doc": "save it as .docx (Word or WPS: 另存为; or: soffice --headless --convert-to docx)",
    ".wps": "save it as .docx (WPS: 另存为)",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx (soffice --headless --convert-to docx)",
    ".ofd": "export it as PDF (OFD readers: 另存为 PDF)",
    ".caj": "export it as PDF",
}

# Full-width forms folded to ASCII: digits, letters and the symbols that occur inside numbers,
# dates and addresses. Chinese punctuation （）：，；、。 is kept: labels are quoted with it.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({"．": ".", "／": "/", "－": "-", "＠": "@", "％": "%", "＋": "+", "＝": "=",
               "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
               "\ufeff": "", "\u2212": "-"})
_WIDE = re.compile("[" + "".join(re.escape(c) for c in _WIDTH) + "]")

@dataclass
class Document:
    """A report's text, ready for structure and tables, with what was stripped kept as ``meta``."""

    source: str
    format: str
    text: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes, path: Path | str | None = None) -> str:
    """Decode a text file: BOM first (UTF-8/UTF-16/UTF-32), then strict UTF-8, then GB18030
    (a superset of GBK/GB2312, the usual encodings of government sites), then detection."""
    boms = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
            (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError("TM104", path) from exc
    if _looks_binary(data):
        raise IngestError("TM103", path)
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("TM104", path)
    return str(best)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > max(8, len(head) // 100)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


# --------------------------------------------------------------------------- normalising
def normalise(text: str) -> str:
    """Fold widths, unify line ends and remove the spaces PDF and web copies put between CJK
    and digits ("2024 年"). Table cell lines (TAB-led) keep their spacing."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _WIDE.sub(lambda m: _WIDTH[m.group()], text)
    text = _SPACES.sub(_drop_space, text)
    # trailing white space; a line that is a lone TAB (an empty table cell) keeps its TAB
    return _TRAILING_SPACE.sub(_drop_trailing, text)


_SPACES = re.compile(" +")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)  # a trailing TAB after text is kept (a blank cell)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _drop_space(m: re.Match) -> str:
    """Spaces between a Chinese character and a digit go ("2024 年"); others stay."""
    text, start, end = m.string, m.start(), m.end()
    if start == 0 or end == len(text):
        return m.group()
    before, after = text[start - 1], text[end]
    if (_is_cjk(before) and after.isdigit()) or (before.isdigit() and _is_cjk(after)):
        return ""
    return m.group()


def _drop_trailing(m: re.Match) -> str:
    """Trailing spaces go; TABs stay, for they end a row whose last cells are empty ("0\t")
    or make a line that is one empty cell."""
    return m.group().replace(" ", "")


def undouble_lines(text: str) -> str:
    """Halve every run of line breaks when (nearly) every line break of the text is doubled.

    Web copies that turn each ``<p>`` into a line and an empty line lose what an empty line means
    in a report's text: the end of a table row in one-cell-per-line form (2019 Yunnan), the end
    of a paragraph. In such a copy a report's single breaks arrive as two and its empty lines as
    three or four; halving the runs gives the report's own line structure back. A text with
    fewer than ``_DOUBLED_MIN_RUNS`` line breaks is left as it is (nothing to judge by)."""
    runs = _LINE_BREAKS.findall(text)
    if len(runs) < _DOUBLED_MIN_RUNS:
        return text
    single = sum(1 for r in runs if len(r) == 1)
    if single > len(runs) * _DOUBLED_MAX_SINGLE:
        return text
    return _LINE_BREAKS.sub(lambda m: "\n" * max(1, len(m.group()) // 2), text)


_LINE_BREAKS = re.compile(r"\n+")
_DOUBLED_MIN_RUNS = 20
_DOUBLED_MAX_SINGLE = 0.02  # share of single line breaks still taken for a doubled text


def join_broken_lines(text: str) -> str:
    """Join a paragraph line cut mid-sentence to the next one ("…保障了人\\n\\n民群众…").

    Only long prose lines that do not end a sentence are joined, and only to a line that starts
    with a Chinese character and not with a heading marker: headings and table cells stay put.
    Long means 40+ characters, or near the width a hard-wrapped text was cut at (the text of a
    PDF copied out line by line, 26–30 characters a line: :func:`wrap_width`).
    """
    width = wrap_width(text)
    if width is None:
        return _LINE_BREAK.sub(_join_if_broken, text)
    # a wrapped line may go on with a number or a quotation (…截至\n2024年…, …开设\n“张江…”)
    shortest = min(_PROSE_LINE, width - _WRAP_SLACK)
    return _WRAPPED_LINE_BREAK.sub(lambda m: _join_if_broken(m, shortest), text)


_PROSE_LINE = 40  # characters of a line taken for prose when the text has no wrap width
_WRAP_SLACK = 4  # a wrapped line may run this much shorter than the width (wider ASCII, punctuation)
_WRAP_MIN = 20  # narrower lines are a table's or a list's, not a wrap width
_WRAP_SHARE = 0.4  # share of the text's longer lines within the slack of the width


def wrap_width(text: str) -> int | None:
    """The width at which a text was hard-wrapped, if it was: the commonest length of its lines
    of 10+ characters (table rows aside), when at least ``_WRAP_SHARE`` of them lie within
    ``_WRAP_SLACK`` of it. None for a text whose lines are its paragraphs."""
    lengths = [len(line) for raw in text.split("\n")
               if len(line := raw.strip()) >= 10 and not line.startswith("|")]
    if len(lengths) < 10:
        return None
    width = max(set(lengths), key=lambda n: (lengths.count(n), n))
    near = sum(1 for n in lengths if abs(n - width) <= _WRAP_SLACK)
    return width if width >= _WRAP_MIN and near >= _WRAP_SHARE * len(lengths) else None


# A line end after a character that does not end a sentence, up to three blank lines, then a
# line starting with a Chinese character that is not a heading (一、 / 一是 / 第一…).
_LINE_BREAK = re.compile(
    rf"\n(?:[ \t]*\n){{0,3}} *(?=[{_CJK}])(?![{_NUMERALS}]+[、.．]|[{_NUMERALS}]是|第[{_NUMERALS}]+)"
)


_WRAPPED_LINE_BREAK = re.compile(
    rf"\n(?:[ \t]*\n){{0,3}} *(?=[{_CJK}0-9“‘《（(])"
    rf"(?![{_NUMERALS}]+[、.．]|[{_NUMERALS}]是|第[{_NUMERALS}]+|[0-9]{{1,2}}[、.．]|[（(][{_NUMERALS}0-9]{{1,3}}[）)])"
)


def _join_if_broken(m: re.Match, shortest: int = _PROSE_LINE) -> str:
    """Join only when the line before is prose: ``shortest``+ characters and not a table cell."""
    text = m.string
    line_start = text.rfind("\n", 0, m.start()) + 1
    line = text[line_start : m.start()].strip()
    if (text.startswith(("\t", "|"), line_start) or len(line) < shortest
            or line[-1] in _SENTENCE_END):
        return m.group()
    return ""


# --------------------------------------------------------------------------- chrome
def strip_archive_header(text: str) -> tuple[str, dict[str, str]]:
    """Remove a web archiver's header block ("标题: …", "原文链接: …", "=== 正文 ===") and
    return its fields as metadata."""
    cfg = load("ingest")["archive_header"]
    marker = re.compile(cfg["body_marker"], re.M)
    m = marker.search(text[:4000])
    head_end = m.end() if m else 0
    head = text[:head_end] if m else text[:2000]
    meta: dict[str, str] = {}
    keys = [k for k in cfg if isinstance(cfg[k], str) and k != "body_marker"]
    key_re = re.compile(rf"^\s*({'|'.join(map(re.escape, keys))})\s*[:：]\s*(.*)$")
    drop = [re.compile(p) for p in cfg["drop_lines"]]
    kept: list[str] = []
    lines = head.split("\n")
    consumed = 0
    for idx, line in enumerate(lines):
        km = key_re.match(line)
        if km and (m or idx == consumed):
            value = km.group(2).strip()
            if value:
                meta[cfg[km.group(1)]] = value
            consumed = idx + 1
        elif any(p.search(line) for p in drop) or marker.match(line):
            consumed = idx + 1
        elif m:
            kept.append(line)
    if m:
        return "\n".join([*kept, text[head_end:]]).lstrip("\n"), meta
    if consumed:
        return "\n".join(lines[consumed:]) + text[len(head):], meta
    return text, {}


def strip_chrome(text: str) -> tuple[str, dict[str, str]]:
    """Remove page chrome (breadcrumb, share bar, 字号, 附件下载…) and keep its 来源/时间."""
    cfg = load("ingest")["chrome"]
    meta: dict[str, str] = {}
    stripped = text.lstrip()
    window = stripped[: cfg["window"]]
    if any(window.startswith(lead) for lead in cfg["lead"]):
        for key, name in cfg["fields"].items():
            fm = re.search(rf"{key}[：:]\s*(\S+(?:\s+\d{{1,2}}:\d{{2}})?)", window)
            if fm and name not in meta:
                meta[name] = fm.group(1)
        crumb = re.search(r"([^>›»\s]*\d{4}\s*年[^>›»\s]*(?:年度报告|年报))", window)
        if crumb:
            meta["breadcrumb_title"] = crumb.group(1)
        end = 0
        for token in cfg["tokens"]:
            for tm in re.finditer(token, window):
                end = max(end, tm.end())
        if end:
            text = stripped[end:].lstrip(" ：:")
    # page-end chrome comes in any order ("附件下载" / "打印本页 关闭窗口"): cut until none is left
    tail_start = max(0, len(text) - cfg["tail_window"])
    while True:
        tail_cut = len(text)
        for pattern in cfg["tail"]:
            tm = re.compile(pattern, re.S).search(text, tail_start)
            if tm:
                tail_cut = min(tail_cut, tm.start())
        if tail_cut == len(text):
            break
        text = text[:tail_cut].rstrip()
    links = compiled(cfg["links"]) if "links" in cfg else None
    if links is not None:
        start = int(len(text) * (1 - cfg["links_fraction"]))
        lm = re.compile(links.pattern, re.M).search(text, start)
        if lm:
            text = text[: lm.start()].rstrip()
    line_res = [compiled(p) for p in cfg["lines"]]
    lines = [ln for ln in text.split("\n")
             if not (ln.strip() and len(ln) < 60 and any(p.match(ln) for p in line_res))]
    return "\n".join(lines), meta


_TITLE_LINE = re.compile(rf"\S{{0,40}}?(?:\d{{4}}|[{YEAR_DIGITS}]{{4}})\s*年度?\S{{0,30}}?(?:年度报告|年报)")


_LABEL_LINES = {"正文", "全文", "标题", "内容", "附件"}
_STARTS_WITH_YEAR = re.compile(rf"(?:\d{{4}}|[{YEAR_DIGITS}]{{4}})")
_DATE_LINE = re.compile(r"[(（]?[0-9〇○零一二三四五六七八九十]{2,4}年[0-9一二三四五六七八九十]{1,2}月"
                        r"(?:[0-9一二三四五六七八九十]{1,3}日)?[)）]?")


def _guess_title(text: str) -> str | None:
    """The title-like line nearest the body among the first lines (links to other years'
    reports in a page's head come before the report's own title). A title may be cut over two
    lines (2024年上海市科委政府信息公开工作 / 年度报告: a PDF's text copied line by line), carry
    spaces (沭阳县人民政府 2025 年 政府信息公开工作年度报告) or a Markdown heading's #."""
    lines = [re.sub(r"\s+", "", line.strip().lstrip("#")) for line in text.split("\n")[:12]]
    # 正文 heads a body and a date line (2019年1月) dates it: neither is part of a title
    lines = ["" if line in _LABEL_LINES or _DATE_LINE.fullmatch(line) else line for line in lines]
    found, found_to = None, -1  # the title found and the last line it covers
    for k in range(len(lines)):
        for n in (1, 2, 3):  # the title on this line, or run on over the next one or two
            candidate = "".join(lines[k:k + n])
            m = _TITLE_LINE.search(candidate) if len(candidate) <= 80 else None  # not a paragraph
            if m:
                # a line with issuer and year is a title of its own, unless the one found runs on
                # over it (平潭综合实验区管理委员会 / 办公室2018年…报告); else not the end of the one found
                whole = n == 1 and not _STARTS_WITH_YEAR.match(m.group(0)) and k > found_to
                if whole or not (found and found.endswith(m.group(0))):
                    found, found_to = m.group(0), k + n - 1
                break
    return found


# --------------------------------------------------------------------------- entry point
def read_document(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read any supported file into a :class:`Document`, or raise :class:`IngestError` with a
    one-line reason naming the file."""
    from . import formats

    path = Path(path)
    if not path.is_file():
        raise IngestError("TM101", path)
    size = path.stat().st_size
    if size == 0:
        raise IngestError("TM102", path)
    if size > max_bytes:
        raise IngestError("TM105", path, size_mb=size / 2**20, limit_mb=max_bytes / 2**20)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = UNREAD_DOCUMENTS.get(suffix)
        raise IngestError("TM106", path, suffix=suffix, hint=f"; {hint}" if hint else "")
    warnings: list[str] = []
    title: str | None = None
    meta: dict[str, Any] = {}
    try:
        if suffix == ".pdf":
            ext = formats.pdf_to_text(path)
            fmt, raw = "pdf", ext.text
            title, warnings = ext.title, list(ext.warnings)
            meta["pages"] = ext.pages
        elif suffix == ".docx":
            ext = formats.docx_to_text(path)
            fmt, raw, title, warnings = "docx", ext.text, ext.title, list(ext.warnings)
        else:
            decoded = decode_bytes(path.read_bytes(), path)
            if suffix in HTML_SUFFIXES or _looks_like_html(decoded):
                ext = formats.html_to_text(decoded)
                fmt, raw, title, warnings = "html", ext.text, ext.title, list(ext.warnings)
            else:
                fmt, raw = "txt", decoded
    except formats.ExtractionError as exc:
        raise IngestError("TM107", path, detail=str(exc)) from exc
    text = normalise(raw)
    if fmt == "txt":
        text = undouble_lines(text)
    text, header = strip_archive_header(text)
    text, chrome = strip_chrome(text)
    unjoined = text  # the title is guessed from the lines as printed: joining may run it on
    text = join_broken_lines(text)
    meta.update(chrome)
    meta.update(header)
    if not text.strip():
        raise IngestError("TM102", path)
    title = meta.get("title") or meta.get("breadcrumb_title") or _guess_title(unjoined) or title
    return Document(str(path), fmt, text.strip("\n"), title, meta, warnings)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return head.lstrip().startswith("<") and any(t in head for t in ("<p", "<table", "<div", "<html"))
