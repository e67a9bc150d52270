"""Report structure: sections under canonical ids, sub-sections, numbered items and sentences,
each with character offsets into the normalised text so later stages can point at evidence.

Headings are found by meaning (the title words of ``models/template.toml``), in increasing
numeral order, so a table label such as 三、本年度办理结果 or a numbered list inside a paragraph
cannot open a section. Works both on line-broken text and on web text where the whole report is
one line.
"""

from __future__ import annotations

import re
from functools import cache

from .model import Block, Section, Sentence
from .resources import load
from .zh import NOT_BEFORE_HEADING, UNIT_SUFFIXES
from .zh import NUMERALS as _NUMERALS

# a heading numeral and its mark; not a list of numerals (二、三季度, 一、二月份: the 、 joins two)
_HEADING_RE = re.compile(rf"([{_NUMERALS}]{{1,3}})\s*[、.．]\s*(?![{_NUMERALS}][{_NUMERALS}、]*[季月年项批])")
# a sub-section or item label opens a line or follows the end of a sentence or a colon
_SUBSECTION_RE = re.compile(rf"(?<![^。；;！？\s：:])([（(][{_NUMERALS}]{{1,3}}[）)])")
_ITEM_RE = re.compile(
    rf"(?<![^。；;！？\s：:])(\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]|[{_NUMERALS}]{{1,2}}是)"
)
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONE_UNIT = re.compile(r"[(（\s]*(?:" + "|".join(UNIT_SUFFIXES) + r")[)）。\s]*")
# a title that ends at white space within 30 characters ("四、审批事项及处理情况 我局…")
# a table row label, not a heading: its cell follows, on its line or the next (not "2013年…")
_FOLLOWED_BY_NUMBER = re.compile(r"[ \t]*[\d-]|\s*-?\d[\d.,]*(?:\s|$)")
_SPACED_TITLE_RE = re.compile(r"[^\s。，；：:]{1,30}(?=\s)")


def numeral_value(numeral: str) -> int:
    """一 → 1 … 十九 → 19: enough for section and sub-section numbering."""
    digits = {ch: i + 1 for i, ch in enumerate(_NUMERALS[:9])}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(numeral, 0)


@cache
def _title_patterns() -> tuple[list[tuple[str, re.Pattern]], re.Pattern, re.Pattern]:
    cfg = load("template")
    by_id = {s["id"]: s for s in cfg["sections"]}
    order = cfg["section_title"]["order"]
    patterns = [(sid, re.compile(rf"\s*(?:{by_id[sid]['title']})")) for sid in order]
    tail = re.compile(cfg["section_title"]["tail"])
    annex = re.compile(cfg["section_title"]["annex"])
    return patterns, tail, annex


@cache
def _section_tails() -> dict[str, re.Pattern]:
    """The sections whose titles end on words of their own (``tail`` in template.toml)."""
    return {s["id"]: re.compile(s["tail"]) for s in load("template")["sections"] if "tail" in s}


def _classify_title(text: str, pos: int) -> tuple[str, int, bool] | None:
    """(section id, end of the title, whether the title reached a known ending like 情况)."""
    patterns, tail, _ = _title_patterns()
    for sid, pattern in patterns:
        m = pattern.match(text, pos)
        if m:
            t = _section_tails().get(sid, tail).match(text, m.end())
            return sid, (t.end() if t else m.end()), t is not None
    return None


# parts whose whole title is taken after numbered parts of a report's own making (一、加强领导，
# 明确责任… in a free-form report): the template's later parts, unmistakable by their titles
_FAR_TITLES = ("problems", "other")
# …but not a part on last year's problems (四、上年度存在问题整改落实情况)
_LOOKS_BACK = re.compile(r"上一?年|去年|以往|往年")


def find_sections(text: str) -> list[Section]:
    """The report's sections in order, with a ``preamble`` for the text before the first."""
    heads: list[tuple[int, str, int]] = []  # (start, id, title_end)
    numerals: list[int] = []  # each head's numeral
    last_numeral = 0
    used: set[str] = set()
    for m in _HEADING_RE.finditer(text):
        start = m.start()
        prev = text[start - 1] if start else "\n"
        if prev in NOT_BEFORE_HEADING:
            continue
        value = numeral_value(m.group(1))
        if value <= last_numeral:
            continue
        hit = _classify_title(text, m.end())
        if value > last_numeral + 3 and not (hit and hit[0] in _FAR_TITLES and hit[2]
                                             and not _LOOKS_BACK.search(text, m.end(), hit[1])):
            continue  # a numeral far ahead is an inline list's, unless a whole part title follows
            # (一、加强领导…三、创新思路… of a report's own, then 四、存在的主要问题和改进措施)
        spaced_title = _SPACED_TITLE_RE.match(text, m.end())
        if (hit is None and value == last_numeral + 1 and prev in "\n 。" and spaced_title
                and not _FOLLOWED_BY_NUMBER.match(text, spaced_title.end())):
            # a numbered part with a title of its own (pre-2019: 审批事项, 人员及支出…)
            hit = (f"section{value}", spaced_title.end(), True)
        if hit is None or hit[0] in used:
            continue
        sid, title_end, complete = hit
        if not complete and spaced_title and spaced_title.end() > title_end:
            title_end = spaced_title.end()
        heads.append((start, sid, title_end))
        numerals.append(value)
        used.add(sid)
        last_numeral = value
    heads = _fill_numbering_gaps(text, heads, numerals, used)
    if len(heads) < 2:  # the numerals may have been lost (Word or HTML list numbering)
        unnumbered = _unnumbered_heads(text)
        if len(unnumbered) >= _MIN_UNNUMBERED:  # a numbered heading found as well is kept
            found = {sid for _, sid, _ in unnumbered}
            heads = sorted([*unnumbered, *(h for h in heads if h[1] not in found)])
            used = {sid for _, sid, _ in heads}
    if "problems" not in used and (head := _unnumbered_problems_head(text, heads)) is not None:
        heads = sorted([*heads, head])
        used.add("problems")
    if "statistics" not in used:
        head = _statistics_head(text, heads[-1][0] if heads else 0)
        if head is not None:
            # a numbered part already found there (七、附表 read as a part of its own) is the table
            heads = [h for h in heads if h[0] != head[0]]
            heads.append(head)
    sections: list[Section] = []
    if heads and heads[0][0] > 0 and text[: heads[0][0]].strip():
        sections.append(Section("preamble", "", 0, heads[0][0], text[: heads[0][0]]))
    for i, (start, sid, title_end) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        title = text[start:title_end].strip()
        sections.append(Section(sid, title, start, end, text[start:end]))
    return sections


# a line opening with the first sub-heading of section 五 (（一）主要问题, （一）2024年工作中存在问题的
# 改进情况): where the section starts when its own numbered title is missing
_FIRST_SUBHEADING = re.compile(r"(?m)^[ \t\u3000]*(?:（一）|\(一\))(?=[^\n]{2,30}$)")


def _unnumbered_problems_head(text: str, heads: list[tuple[int, str, int]]) -> tuple[int, str, int] | None:
    """Section 五 whose numbered title a conversion lost (a PDF's text with 五、 dropped, the
    section starting at its sub-heading （一）主要问题): the first line after the requests and
    appeals parts, before any later part, that is a （一） sub-heading with a problems title."""
    after = max((start for start, sid, _ in heads if sid in ("requests", "appeals")), default=None)
    if after is None:
        return None
    before = min((start for start, sid, _ in heads if start > after and sid in ("other", "statistics")),
                 default=len(text))
    for m in _FIRST_SUBHEADING.finditer(text, after, before):
        hit = _classify_title(text, m.end())
        if hit is not None and hit[0] == "problems":
            line_end = text.find("\n", m.end())
            return m.start(), "problems", line_end if line_end > 0 else len(text)
    return None


def _statistics_head(text: str, after: int) -> tuple[int, str, int] | None:
    """The pre-2019 statistics table printed after the last numbered part, without a numeral:
    an annex titled as a table (附件1：平潭综合实验区管委会2011年政府信息公开情况统计表), an annex
    that is the table itself (附表： 指标名称 计量单位…), or the table's header row alone, straight
    after the closing signature. Whichever comes first; ``None`` when there is none."""
    _, _, annex = _title_patterns()
    header = _table_header()
    found: list[tuple[int, str, int]] = []
    annex_title = _annex_statistics_title()
    for m in annex.finditer(text, after):
        titled = annex_title.match(text, m.end())
        if titled:
            found.append((m.start(), "statistics", titled.end()))
            break
        if header.match(text, m.end()):
            found.append((m.start(), "statistics", m.end()))
            break
    bare = header.search(text, after)
    if bare:
        begin = bare.start()
        # its title on the line before or run into it (平潭综合实验区政府信息公开情况统计表 指标名称…)
        titled = _TITLE_BEFORE_HEADER.search(text, max(after, begin - 60), begin)
        if titled:
            begin = titled.start(1)
        found.append((begin, "statistics", bare.start() if titled is None else titled.end(1)))
    if not found:
        return None
    start, sid, title_end = min(found)
    numeral = _NUMERAL_BEFORE.search(text, max(after, start - 6), start)  # 六、附表: its numeral too
    return (numeral.start() if numeral else start), sid, title_end


_NUMERAL_BEFORE = re.compile(rf"(?<![^\s。])[{_NUMERALS}]{{1,3}}\s*[、.．]\s*$")
# a table's own title just before its header row: no sentence mark in it, only space after it
_TITLE_BEFORE_HEADER = re.compile(r"([^。，；：:\s]{2,40}(?:统计表|统计数据))\s*$")


@cache
def _annex_statistics_title() -> re.Pattern:
    return re.compile(r"\s*(?:" + load("template")["section_title"]["annex_statistics_title"] + ")")


@cache
def _table_header() -> re.Pattern:
    return re.compile(r"\s*(?:" + load("template")["section_title"]["table_header"] + ")")


def _fill_numbering_gaps(text: str, heads: list[tuple[int, str, int]], numerals: list[int],
                         used: set[str]) -> list[tuple[int, str, int]]:
    """Add the heading that a one-numeral gap between two found headings (三 … 五) leaves out:
    a part with a title of its own glued to its text, which neither a known title nor a space
    after it delimits ("四、审批事项及处理情况我局严格按照…", a PDF or a web page without the
    space). Only the missing numeral, after the end of a sentence or a line, is taken; its
    title runs to the last 情况/措施/事项… within a few characters."""
    glued_tail = _glued_tail()
    out = list(heads)
    for (_, _, title_end), (next_start, _, _), value, next_value in zip(
            heads, heads[1:], numerals, numerals[1:], strict=False):
        if next_value != value + 2 or f"section{value + 1}" in used:
            continue
        for m in _HEADING_RE.finditer(text, title_end, next_start):
            prev = text[m.start() - 1]
            if numeral_value(m.group(1)) == value + 1 and prev in "。\n \u3000":
                hit = _classify_title(text, m.end())
                if hit is not None and hit[0] in used:
                    break  # a second heading of a part already found (六、下一步工作打算 after
                    # 五、存在的主要问题): it continues that part, not a part of its own
                tail = glued_tail.match(text, m.end())
                out.append((m.start(), f"section{value + 1}", tail.end() if tail else m.end()))
                break
    return sorted(out)


@cache
def _glued_tail() -> re.Pattern:
    return re.compile(load("template")["section_title"]["glued_tail"])


_MIN_UNNUMBERED = 3  # whole-line titles it takes to read a report's skeleton without numerals
_LINE_START = re.compile(r"(?m)^[ \t\u3000]*(?=\S)")
_LINE_END = re.compile(r"[ \t\u3000]*(?:\n|$)")


def _unnumbered_heads(text: str) -> list[tuple[int, str, int]]:
    """Section headings printed without their numerals: a Word document whose 一、二、 come from
    list numbering (not in its text), an HTML ``<ol>``. Only a line that is a whole title
    (总体情况, 主动公开政府信息情况…) counts, each section once and in reading order; a line
    directly followed by another title line is a table of contents, not a heading. The caller
    takes them only when they are several, as a report's skeleton, never one stray line."""
    _, tail, _ = _title_patterns()
    lines: list[tuple[int, str, int]] = []  # every whole-line title: (start, id, end)
    for m in _LINE_START.finditer(text):
        hit = _classify_title(text, m.end())
        if hit is None or not _LINE_END.match(text, hit[1]):
            continue
        sid, end, complete = hit
        if complete or tail.fullmatch(text[m.end():end].strip()):  # 总体情况, not a table's 行政复议
            lines.append((m.end(), sid, end))

    def next_line(a: int, b: int) -> bool:  # only a line break between a and b, no blank line
        gap = text[a:b]
        return not gap.strip() and gap.count("\n") <= 1

    heads: list[tuple[int, str, int]] = []
    used: set[str] = set()
    for k, (start, sid, end) in enumerate(lines):
        if ((k > 0 and next_line(lines[k - 1][2], start))
                or (k + 1 < len(lines) and next_line(end, lines[k + 1][0]))):
            continue  # a line of a list of titles
        if sid not in used:
            heads.append((start, sid, end))
            used.add(sid)
    return heads


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_blocks(text: str, sections: list[Section],
                exclude: list[tuple[int, int]] = ()) -> list[Block]:  # type: ignore[assignment]
    """Sub-sections （一）… and numbered items (1. / （1） / 一是…) inside each section."""
    blocks: list[Block] = []
    for sec in sections:
        body_start = sec.start + len(sec.title)
        for kind, regex in (("subsection", _SUBSECTION_RE), ("item", _ITEM_RE)):
            starts = [
                (m.start(1), m.group(1))
                for m in regex.finditer(text, body_start, sec.end)
                if not _in(exclude, m.start(1))
            ]
            for i, (start, label) in enumerate(starts):
                end = starts[i + 1][0] if i + 1 < len(starts) else sec.end
                if kind == "item":
                    # an item ends at the next item, or at the next sub-section
                    nxt = _SUBSECTION_RE.search(text, start + len(label), end)
                    if nxt:
                        end = nxt.start(1)
                for a, _b in exclude:
                    if start < a < end:
                        end = a
                blocks.append(Block(kind, sec.id, label, start, end, text[start:end].rstrip()))
    return blocks


def find_sentences(text: str, sections: list[Section],
                   exclude: list[tuple[int, int]] = ()) -> list[Sentence]:  # type: ignore[assignment]
    """The narrative's sentences, ended by 。！？ or a line break: not the section titles (a
    heading is not a sentence of the narrative, even when its text runs on after it: 一、总体情况
    2021年，我区… starts at 2021年), not the table regions, not a unit left alone between them
    (元)."""
    out: list[Sentence] = []
    for sec in sections:
        pieces = [(sec.start + len(sec.title), sec.end)] if sec.title and text.startswith(
            sec.title, sec.start) else [(sec.start, sec.end)]
        for a, b in sorted(exclude):
            nxt = []
            for s, e in pieces:
                if b <= s or a >= e:
                    nxt.append((s, e))
                    continue
                if s < a:
                    nxt.append((s, a))
                if b < e:
                    nxt.append((b, e))
            pieces = nxt
        for s, e in pieces:
            for m in _SENTENCE_RE.finditer(text, s, e):
                line_start = text.rfind("\n", 0, m.start()) + 1
                if text.startswith("\t", line_start):
                    continue  # a table cell (one TAB-led line per cell), not narrative
                raw = m.group(0)
                stripped = raw.strip()
                if (not stripped or not _HAS_CJK.search(stripped)
                        or _LONE_UNIT.fullmatch(stripped)):
                    continue
                lead = len(raw) - len(raw.lstrip())
                start = m.start() + lead
                out.append(Sentence(sec.id, start, start + len(stripped), stripped))
    return out
