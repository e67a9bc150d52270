"""PDF page objects read by PDFium, in the dict shape pdfplumber's algorithms take.

pdfplumber gets its chars, lines, rects and curves from pdfminer, whose pure-Python content-stream
interpreter is most of the time of reading a PDF. PDFium (C++, via pypdfium2) reads the same
content streams about twenty times faster. This module rebuilds, from PDFium, the object dicts that
pdfplumber's ``Page.parse_objects`` would have built, and wraps them in a pdfplumber ``Page`` whose
object cache is already filled, so that pdfplumber's table finder, ``dedupe_chars``,
``extract_text_lines`` and ``filter`` run unchanged and never start pdfminer.

Each object gets the keys those algorithms read, with pdfminer's geometry: ``x0 x1 y0 y1 top
bottom doctop width height`` (``top`` from the page top, ``doctop`` over the pages before),
``object_type``, ``page_number``; chars also ``text fontname size upright matrix adv``; paths
``pts path linewidth stroke fill evenodd``. Colours, marked-content ids and images are left out:
nothing in textmine reads them and PDFium does not report them in pdfminer's form.

What is reproduced faithfully, and what is not (``UnsupportedPage`` then sends the caller back
to pdfminer, so a reader never gets a silently different result):

* chars: one per glyph of the content stream; PDFium's generated spaces and line breaks
  (``FPDFText_IsGenerated``) are not glyphs and pdfminer has none, so they are dropped. The box
  is pdfminer's: advance width horizontally, ``[descent, descent + font size]`` vertically (the
  font descriptor's Descent), mapped through the glyph's text-rendering matrix.
* only text drawn with an axis-aligned matrix and pages without /Rotate; rotated or skewed text
  and rotated pages raise ``UnsupportedPage``.
* paths: split into subpaths at each move-to and classified like pdfminer's ``paint_path``
  (a two-point segment is a line, a closed axis-aligned four-corner path a rect, anything else a
  curve), after the same "drop a redundant line-to before close" step.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pdfplumber.page
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Objects = dict[str, list[dict[str, Any]]]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SEGMENT_OP = {
    pdfium_c.FPDF_SEGMENT_LINETO: "l",
    pdfium_c.FPDF_SEGMENT_BEZIERTO: "c",
    pdfium_c.FPDF_SEGMENT_MOVETO: "m",
}


class UnsupportedPage(Exception):
    """A page this reader cannot give exactly as pdfminer would (rotation, rotated text)."""


class PdfiumPage(pdfplumber.page.Page):
    """A pdfplumber page whose objects come from PDFium instead of pdfminer.

    Only the attributes pdfplumber's geometry and text code read are set; ``pdf`` and
    ``page_obj`` are None, so anything that needs pdfminer's document (``layout``, ``annots``,
    ``structure_tree``) is unavailable, and so are the objects after ``close()``.
    """

    def __init__(self, number: int, mediabox: tuple[float, float, float, float],
                 initial_doctop: float, objects: Objects) -> None:
        x0, y0, x1, y1 = mediabox
        height = y1 - y0
        self.pdf = None  # type: ignore[assignment]
        self.page_obj = None  # type: ignore[assignment]
        self.root_page = self
        self.page_number = number
        self.initial_doctop = initial_doctop
        self.rotation = 0
        self.mediabox = (x0, height - y1, x1, height - y0)  # pdfplumber's _invert_box
        self.cropbox = self.mediabox
        self.bbox = self.mediabox
        self.get_textmap = lru_cache()(self._get_textmap)
        self._objects = objects


def pages(pdf: pdfium.PdfDocument) -> Iterator[PdfiumPage]:
    """Every page of ``pdf`` as a pdfplumber page, numbered from 1, ``doctop`` accumulated."""
    doctop = 0.0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            if page.get_rotation() % 360:
                raise UnsupportedPage(f"page {index + 1} has /Rotate {page.get_rotation()}")
            mediabox = _normalized(page.get_mediabox())
            geometry = _Geometry(index + 1, mediabox, doctop)
            objects = page_objects(page, geometry)
        finally:
            page.close()
        yield PdfiumPage(index + 1, mediabox, doctop, objects)
        doctop += mediabox[3] - mediabox[1]


def _normalized(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Any two opposite corners, as pdfplumber's ``_normalize_box`` accepts them."""
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    return x0, y0, x1, y1


class _Geometry:
    """Maps PDF user space (origin bottom-left) to pdfminer's and pdfplumber's coordinates.

    pdfminer shifts everything by the MediaBox origin; pdfplumber adds the x shift back and
    measures ``top`` from the page top: ``top = height - y`` in user space.
    """

    def __init__(self, number: int, mediabox: tuple[float, float, float, float], doctop: float):
        self.number = number
        self.x0, self.y0 = mediabox[0], mediabox[1]
        self.height = mediabox[3] - mediabox[1]
        self.top_of_box = mediabox[3]
        self.doctop = doctop

    def box(self, kind: str, x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
        """The position keys of an object whose user-space box is (x0, y0)-(x1, y1)."""
        top = self.top_of_box - y1
        return {
            "object_type": kind,
            "page_number": self.number,
            "x0": x0,
            "y0": y0 - self.y0,
            "x1": x1,
            "y1": y1 - self.y0,
            "width": x1 - x0,
            "height": y1 - y0,
            "top": top,
            "bottom": self.top_of_box - y0,
            "doctop": self.doctop + top,
        }

    def point(self, pt: Point) -> Point:
        """pdfplumber's ``point2coord``: x as is, y from the page top."""
        return pt[0], self.top_of_box - pt[1]


def page_objects(page: pdfium.PdfPage, geometry: _Geometry) -> Objects:
    """The page's chars, lines, rects and curves; kinds without objects are left out, as in
    pdfplumber."""
    objects: Objects = {}
    textpage = page.get_textpage()
    try:
        chars = list(_chars(textpage, geometry))
    finally:
        textpage.close()
    if chars:
        objects["char"] = chars
    for obj in _paths(page, geometry):
        objects.setdefault(obj["object_type"], []).append(obj)
    return objects


# ------------------------------------------------------------------------------------ chars


def _with_plain_handles(function: Any) -> Any:
    """``function`` (a pypdfium2 binding) re-declared with its PDFium handles as ``void *``.

    pypdfium2's bindings take and return typed pointer objects: each returned handle is a new
    Python object, turning one into an address (the key of a per-object or per-font cache)
    takes ``ctypes.cast``, which costs twice the call itself, and checking a typed argument
    costs more than passing an int. The same C function declared with ``c_void_p`` handles
    takes and gives plain ints (None for NULL); other arguments keep their declared types.
    """

    def plain(kind: Any) -> Any:
        is_handle = (
            isinstance(kind, type)
            and issubclass(kind, ctypes._Pointer)
            and kind._type_.__name__.startswith("struct_fpdf_")
        )
        return ctypes.c_void_p if is_handle else kind

    prototype = ctypes.CFUNCTYPE(plain(function.restype), *map(plain, function.argtypes))
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


class _PlainHandles:
    """``pdfium_c`` with plain-address handles (``_with_plain_handles``), declared on first use."""

    def __getattr__(self, name: str) -> Any:
        function = _with_plain_handles(getattr(pdfium_c, name))
        setattr(self, name, function)
        return function


_plain = _PlainHandles()


def _address(handle: Any) -> int:
    """The address of a pypdfium2 helper's raw handle (a page, a text page)."""
    return ctypes.cast(handle.raw, ctypes.c_void_p).value or 0


_Style = tuple[int, str, float]  # font address (0: none), BaseFont name, descent per point


def _chars(textpage: pdfium.PdfTextPage, geometry: _Geometry) -> Iterator[dict[str, Any]]:
    """One char dict per glyph, in PDFium's text order.

    Per glyph this costs the calls that differ per glyph (generated?, unicode, text object,
    font size, matrix, origin); the font's name and descent are read once per font and each
    advance once per font and char, since CJK reports draw most glyphs as a text object of
    their own.
    """
    raw = _address(textpage)
    is_generated, get_unicode = _plain.FPDFText_IsGenerated, _plain.FPDFText_GetUnicode
    get_size, get_matrix = _plain.FPDFText_GetFontSize, _plain.FPDFText_GetMatrix
    get_origin, text_object = _plain.FPDFText_GetCharOrigin, _plain.FPDFText_GetTextObject
    styles: dict[int | None, _Style] = {}  # per text object
    fonts: dict[int, _Style] = {}  # per font
    widths: dict[tuple[int, str], float] = {}  # per font and char: advance per point of size
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    pending_high = ""
    for i in range(_plain.FPDFText_CountChars(raw)):
        if is_generated(raw, i):
            continue  # a space or line break PDFium inferred: not a glyph of the content stream
        code = get_unicode(raw, i)
        if 0xD800 <= code < 0xDC00:  # first half of a surrogate pair: the glyph is the next char
            pending_high = chr(code)
            continue
        text = _glyph_text(pending_high, code)
        pending_high = ""
        obj = text_object(raw, i)
        style = styles.get(obj)
        if style is None:
            style = styles[obj] = _style(obj, fonts)
        font, fontname, descent = style
        if (font, text) not in widths:
            widths[font, text] = _advance(font, text, geometry)
        get_matrix(raw, i, matrix)
        get_origin(raw, i, origin_x, origin_y)
        yield _char(
            geometry,
            text,
            fontname,
            get_size(raw, i),
            descent,
            widths[font, text],
            (matrix.a, matrix.b, matrix.c, matrix.d, origin_x.value, origin_y.value),
        )


def _glyph_text(pending_high: str, code: int) -> str:
    """The text of a glyph whose (last) UTF-16 unit is ``code``: a surrogate pair joined; a
    lone low surrogate raises UnicodeDecodeError, as decoding it always did."""
    if pending_high or 0xDC00 <= code < 0xE000:
        return (pending_high + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16")
    return chr(code)


def _style(text_object: int | None, fonts: dict[int, _Style]) -> _Style:
    """The text object's font (address), its name and descent, read once per font."""
    font = _plain.FPDFTextObj_GetFont(text_object) if text_object else None
    if not font:
        return 0, "", 0.0
    if font not in fonts:
        fonts[font] = (font, *_font(font))
    return fonts[font]


def _font(font: int) -> tuple[str, float]:
    """The font's BaseFont name (subset prefix included, as pdfminer gives it) and its
    descriptor Descent per point of font size (negative, below the baseline)."""
    length = _plain.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(length, 1))
    _plain.FPDFFont_GetBaseFontName(font, buffer, length)
    name = buffer.value.decode("utf-8", errors="replace")
    descent = ctypes.c_float()
    if not _plain.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), ctypes.byref(descent)):
        return name, 0.0
    return name, descent.value / 1000.0


def _advance(font: int, text: str, geometry: _Geometry) -> float:
    """The glyph's advance per point of font size, from the font's /W or /Widths as pdfminer
    reads it (PDFium's loose char box is no substitute: it stretches over glyphs whose ink
    overhangs the advance). Negative for a vertical-writing font: its vertical advance.

    PDFium looks the char code up from the Unicode text, so a char without a single code
    cannot be measured: that page goes to pdfminer.
    """
    width = ctypes.c_float()
    if not font or len(text) != 1 or not _plain.FPDFFont_GetGlyphWidth(
        font, ord(text), _THOUSAND, width
    ):
        raise UnsupportedPage(f"page {geometry.number}: no width for {text!r}")
    return width.value / 1000.0


_THOUSAND = ctypes.c_float(1000.0)  # the font size that gives widths in glyph units


def _char(
    geometry: _Geometry,
    text: str,
    fontname: str,
    fontsize: float,
    descent: float,
    advance: float,
    matrix: Matrix,
) -> dict[str, Any]:
    """One char dict, with pdfminer's ``LTChar`` box.

    Horizontal writing: in text space ``(0, descent) - (advance, descent + fontsize)`` from the
    pen position, mapped by the glyph's matrix. Vertical writing (negative advance): a
    ``fontsize``-wide column from PDFium's origin (already the box's lower-left corner) down by
    the vertical advance; pdfminer then takes the width as the size. Only upright, axis-aligned
    matrices are handled.
    """
    a, b, c, d, e, f = matrix
    if b or c or a <= 0 or d <= 0:
        raise UnsupportedPage(f"page {geometry.number}: rotated, mirrored or skewed text")
    if advance >= 0:
        x0, x1 = e, e + a * advance * fontsize
        y0 = f + d * descent * fontsize
        y1 = f + d * (descent * fontsize + fontsize)
    else:
        x0, x1 = e, e + a * fontsize
        y0, y1 = f, f - d * advance * fontsize
    top = geometry.top_of_box - y1
    width, height = x1 - x0, y1 - y0
    return {  # geometry.box's keys, written out: this runs once per glyph
        "object_type": "char",
        "page_number": geometry.number,
        "x0": x0,
        "y0": y0 - geometry.y0,
        "x1": x1,
        "y1": y1 - geometry.y0,
        "width": width,
        "height": height,
        "top": top,
        "bottom": geometry.top_of_box - y0,
        "doctop": geometry.doctop + top,
        "text": text,
        "fontname": fontname,
        "size": height if advance >= 0 else width,
        "adv": advance * fontsize,
        "upright": True,
        "matrix": matrix,
    }


# ------------------------------------------------------------------------------------ paths


def _page_paths(page: pdfium.PdfPage) -> Iterator[tuple[int, Matrix]]:
    """Every path object (its address) with the matrix from its own space to page space,
    descending into form XObjects (whose children are placed by the form's matrix)."""
    get_type = _plain.FPDFPageObj_GetType
    path_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count: int, get: Any, parent: int, outer: Matrix, depth: int) -> Iterator[Any]:
        for i in range(count):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind == path_type:
                yield obj, _compose(_matrix(obj), outer)
            elif kind == form_type and depth < 15:
                inner = _compose(_matrix(obj), outer)
                count_inner = _plain.FPDFFormObj_CountObjects(obj)
                yield from walk(count_inner, _plain.FPDFFormObj_GetObject, obj, inner, depth + 1)

    raw = _address(page)
    yield from walk(
        _plain.FPDFPage_CountObjects(raw), _plain.FPDFPage_GetObject, raw, _IDENTITY, 0
    )


def _matrix(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _plain.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (row-vector convention, as PDF writes ``cm``)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C, a * B + b * D,
        c * A + d * C, c * B + d * D,
        e * A + f * C + E, e * B + f * D + F,
    )


def _apply(m: Matrix, x: float, y: float) -> Point:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _subpaths(obj: int, matrix: Matrix) -> list[list[tuple[str, Point]]]:
    """The path's subpaths as pdfminer sees them: operators ``m l c h`` with their end point in
    page space (a Bézier segment's two control points are dropped, as pdfminer drops them for
    classification; a close ``h`` carries the subpath's start point)."""
    subpaths: list[list[tuple[str, Point]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier_points = 0
    get_segment, get_type = _plain.FPDFPath_GetPathSegment, _plain.FPDFPathSegment_GetType
    get_point, get_close = _plain.FPDFPathSegment_GetPoint, _plain.FPDFPathSegment_GetClose
    for k in range(_plain.FPDFPath_CountSegments(obj)):
        segment = get_segment(obj, k)
        op = _SEGMENT_OP.get(get_type(segment))
        if op is None:
            continue
        get_point(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        if op == "c":  # PDFium gives a Bézier as three segments: control, control, end point
            bezier_points += 1
            if bezier_points % 3:
                continue
        else:
            bezier_points = 0
        if op == "m" or not subpaths:
            subpaths.append([])
        subpaths[-1].append((op, point))
        if get_close(segment):
            subpaths[-1].append(("h", subpaths[-1][0][1]))
    return subpaths


def _paths(page: pdfium.PdfPage, geometry: _Geometry) -> Iterator[dict[str, Any]]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj, matrix in _page_paths(page):
        if not _plain.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            continue
        width = ctypes.c_float()
        _plain.FPDFPageObj_GetStrokeWidth(obj, width)
        paint = {
            "linewidth": width.value,
            "stroke": bool(stroke.value),
            "fill": fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE,
            "evenodd": fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE,
        }
        for subpath in _subpaths(obj, matrix):
            shaped = _classify(subpath, geometry)
            if shaped is not None:
                shaped.update(paint)
                yield shaped


def _classify(subpath: list[tuple[str, Point]], geometry: _Geometry) -> dict[str, Any] | None:
    """pdfminer's ``paint_path`` for one subpath: a line, a rect or a curve (or nothing for a
    subpath that is a lone move-to)."""
    shape = "".join(op for op, _ in subpath)
    if shape[:1] != "m" or len(shape) < 2:
        return None
    pts = [pt for _, pt in subpath]
    path = [(op, geometry.point(pt)) if op != "h" else ("h",) for op, pt in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        kind, pts = "line", pts[:2]
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        kind = "rect" if pts[0] == pts[4] and square else "curve"
        if kind == "rect":  # pdfminer's LTRect: the corners from the first and third point
            (x0, y0), (x2, y2) = pts[0], pts[2]
            pts = [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
    else:
        kind = "curve"
    xs = [pt[0] for pt in pts]
    ys = [pt[1] for pt in pts]
    obj = geometry.box(kind, min(xs), min(ys), max(xs), max(ys))
    obj["pts"] = [geometry.point(pt) for pt in pts]
    obj["path"] = path
    return obj
