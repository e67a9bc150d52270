"""Indicators: every measured quantity of a report, under the ids of ``models/indicators.toml``.

Two sources:

- the tables: every numeric canonical cell (its id is the cell id) and the derived rates of the
  schema's section 5 (``requests.disclosure_rate``…), computed only when every cell they need
  holds a number (a blank is not a zero);
- the narrative: every quantified statement (发布信息18458条, 60余万份, 增长12.5%, 由4622个整合至
  307个) read as value, unit and qualifier, then named by the catalogue: the indicator whose cue
  word stands nearest before the number, in its clause or else its sentence, and whose unit fits.

What is a quantity and what is not (dates, document numbers, ordinals, names such as 12345热线 or
一网通办) follows the annotation guidelines (``models/labels/NUMBERS_GUIDELINES.md``); the
evaluation script ``models/eval_commitments.py`` measures the recall against those labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .model import Indicator, Report, Sentence
from .resources import load

UNCLASSIFIED = "unclassified"
_MULTIPLIER = {"万": 10_000, "亿": 100_000_000}
_CLAUSE_END = "，。；：！？（）()、,;:!?"


@dataclass(frozen=True)
class Quantity:
    """A number stated in running text, with offsets into the report text."""

    start: int
    end: int
    text: str
    value: int | float
    unit: str
    qualifier: str | None = None
    before: int | float | None = None


@dataclass(frozen=True)
class _Catalogue:
    pattern: re.Pattern
    prefix: tuple[str, ...]
    suffix: tuple[str, ...]
    alias: dict[str, str]
    bare_cues: tuple[str, ...]
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    indicators: dict[str, dict]  # id → {themes, units, cues}
    rates: dict[str, dict]
    table_links: dict[str, list[str]]
    name_scanner: object  # ahocorasick.Automaton over the names: end → length
    cue_scanner: object  # ahocorasick.Automaton over the cues: end → cue
    cue_uses: dict[str, tuple[tuple[str, int, frozenset[str]], ...]]  # cue → (id, priority, units)


@cache
def catalogue() -> _Catalogue:
    cfg = load("indicators")
    num = cfg["numbers"]
    units = sorted(num["units"], key=len, reverse=True)
    unit_alt = "|".join(map(re.escape, units))
    # a Chinese numeral is read only when a measure word follows (the lookahead keeps the
    # 一 of 进一步 and 统一 from being a candidate at all)
    chinese = num["chinese_numeral"] + r"(?=(?:余|多)?(?:万|亿)?(?:" + unit_alt + "))"
    pattern = re.compile(
        r"(?P<num>\d+(?:[,，]\d{3})*(?:\.\d+)?|" + chinese + r")"
        r"(?P<approx>余|多)?(?P<mult>万|亿)?(?P<unit>" + unit_alt + ")?")
    indicators = {k: dict(v) for k, v in cfg["indicators"].items()}
    uses: dict[str, list[tuple[str, int, frozenset[str]]]] = {}
    for ind_id, spec in indicators.items():
        for cue in spec["cues"]:
            uses.setdefault(cue, []).append((ind_id, spec.get("priority", 1), frozenset(spec["units"])))
    return _Catalogue(
        pattern,
        tuple(sorted(num["prefix_qualifiers"], key=len, reverse=True)),
        tuple(num["suffix_qualifiers"]), dict(num["qualifier_alias"]), tuple(num["bare_number_cues"]),
        tuple(num["not_after"]), tuple(num["not_before"]),
        indicators, dict(cfg["rates"]), {k: list(v) for k, v in cfg["table_links"].items()},
        _automaton({n: len(n) for n in num["names"]}), _automaton({c: c for c in uses}),
        {c: tuple(u) for c, u in uses.items()},
    )


def _automaton(words: dict[str, object]):
    """An Aho-Corasick automaton: one pass over a text finds every word (overlaps included)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


# --------------------------------------------------------------------------- numbers
def chinese_value(numeral: str) -> int | None:
    """十一 → 11, 两 → 2, 百 → 100 (cn2an, with the forms it refuses normalised first)."""
    import cn2an

    text = numeral.replace("两", "二").replace("〇", "零")
    if text[0] in "十百千":
        text = "一" + text
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):
        return None
    return int(value)


def _number(num: str, mult: str | None) -> int | float | None:
    if num[0].isdigit():
        value: float = float(num.replace(",", "").replace("，", ""))
    else:
        cn = chinese_value(num)
        if cn is None:
            return None
        value = cn
    if mult:
        value *= _MULTIPLIER[mult]
    return int(value) if float(value).is_integer() else round(value, 6)


def _blocked(text: str) -> bytearray:
    """1 where a number cannot be a quantity: inside 《titles》 and inside names."""
    mask = bytearray(len(text))
    if "《" in text:
        for m in re.finditer(r"《[^》]{0,80}》", text):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for end, n in catalogue().name_scanner.iter(text) if text else ():
        mask[end - n + 1:end + 1] = b"\x01" * n
    return mask


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantified statement of ``text`` (one sentence or more); offsets are ``offset`` +
    the position in ``text``. A before→after pair (由…至…) comes out as one quantity."""
    blocked: bytearray | None = None  # made at the first candidate: most sentences have none
    found: list[Quantity] = []
    for m in catalogue().pattern.finditer(text):
        if blocked is None:
            blocked = _blocked(text)
        if 1 in blocked[m.start():m.end()] or not _is_quantity(text, m):
            continue
        num, approx, mult, unit = m.group("num", "approx", "mult", "unit")
        value = _number(num, mult)
        if value is None:
            continue
        found.append(Quantity(offset + m.start(), offset + m.end(), m.group(0), value, unit or "",
                              _qualifier(text, m.start(), m.end(), approx)))
    return _pairs(text, offset, found) if len(found) > 1 else found


def _is_quantity(text: str, m: re.Match) -> bool:
    """Whether a number match states a quantity (the exclusions of the guidelines)."""
    cat = catalogue()
    num, approx, mult, unit = m.group("num", "approx", "mult", "unit")
    a = m.start()
    before = text[max(0, a - 4):a]
    after_num = m.end("num")
    arabic = num[0].isdigit()
    if arabic and a and text[a - 1].isascii() and text[a - 1].isalnum():
        return False  # IPv6, H5, part of a code
    if before.endswith(cat.not_before):
        return False  # 第3, 〔2019〕, 附件1
    if not unit and not mult and text.startswith(cat.not_after, after_num):
        return False  # 2019年, 1月, 12号, 1、
    if not arabic and (not unit or num == "一" or text.startswith("是", after_num)):
        return False  # a Chinese numeral counts only with a measure word; 一 is an article
    if arabic and not (unit or mult or approx) and not before.endswith(cat.bare_cues):
        return False  # a bare number: only after 数/量/达/突破…
    return not (unit == "周" and text.startswith("年", m.end()))  # 70周年: an anniversary


def _qualifier(text: str, a: int, b: int, approx: str | None) -> str | None:
    cat = catalogue()
    if approx:
        return approx
    window = text[_clause_start(text, a):a][-6:]
    best, best_pos = None, -1
    for q in cat.prefix:
        pos = window.rfind(q)
        if pos >= 0 and pos + len(q) > best_pos:
            best, best_pos = q, pos + len(q)
    if best is not None:
        return cat.alias.get(best, best)
    for q in cat.suffix:
        if text.startswith(q, b):
            return cat.alias.get(q, q)
    return None


_PAIR_FROM = re.compile(r"[由从]")
_PAIR_TO = re.compile(r"(?:至|到|为)[^，。；]{0,6}$")


def _pairs(text: str, offset: int, found: list[Quantity]) -> list[Quantity]:
    """由X…至Y → one quantity (value Y, before X), span from 由 to the end of Y."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        if i + 1 < len(found):
            nxt = found[i + 1]
            between = text[q.end - offset:nxt.start - offset]
            lead = text[_clause_start(text, q.start - offset):q.start - offset]
            opener = list(_PAIR_FROM.finditer(lead))
            if (opener and not any(ch in between for ch in "，。；") and _PAIR_TO.search(between)
                    and len(between) <= 12):
                start = _clause_start(text, q.start - offset) + opener[-1].start() + offset
                out.append(Quantity(start, nxt.end, text[start - offset:nxt.end - offset], nxt.value,
                                    nxt.unit, nxt.qualifier or q.qualifier, q.value))
                i += 2
                continue
        out.append(q)
        i += 1
    return out


# --------------------------------------------------------------------------- catalogue ids
def classify(text: str, pos: int, unit: str, since: int = 0,
             cues: list[tuple[int, int, str]] | None = None) -> str:
    """The catalogue id of a quantity at ``pos`` of ``text`` (its sentence): among the
    indicators whose unit fits, the one whose cue stands in the number's clause, else back to
    the previous number of the sentence (``since``: in a list 机构职能类信息211条，…其他信息1029条
    each count has its own cue or none); the highest priority, then the cue nearest the number.
    ``cues``: the sentence's cue occurrences (start, end, cue), when already found."""
    cat = catalogue()
    if cues is None:
        cues = sentence_cues(text)
    for lo in (_clause_start(text, pos), min(since, pos)):
        best, best_rank = UNCLASSIFIED, (-1, -1)
        for start, end, cue in cues:
            if start < lo or end > pos:
                continue
            for ind_id, priority, units in cat.cue_uses[cue]:
                if unit in units and (priority, end) > best_rank:
                    best, best_rank = ind_id, (priority, end)
        if best != UNCLASSIFIED:
            return best
    return UNCLASSIFIED


def sentence_cues(text: str) -> list[tuple[int, int, str]]:
    """Every cue occurrence of the catalogue in ``text``: (start, end, cue)."""
    if not text:
        return []
    return [(end - len(cue) + 1, end + 1, cue) for end, cue in catalogue().cue_scanner.iter(text)]


def narrative_indicators(sentences: list[Sentence]) -> list[Indicator]:
    """The quantified statements of the narrative sentences, named by the catalogue; the theme
    is the indicator's, or for an unclassified number its sentence's first theme."""
    cat = catalogue()
    out: list[Indicator] = []
    for s in sentences:
        since = 0
        quantities = find_quantities(s.text, s.start)
        cues = sentence_cues(s.text) if quantities else []
        for q in quantities:
            unit = "%" if q.unit in ("%", "％") else q.unit
            ind = classify(s.text, q.start - s.start, unit, since, cues)
            since = q.end - s.start
            theme = (cat.indicators[ind]["themes"][0] if ind in cat.indicators
                     else (s.themes[0] if s.themes else None))
            out.append(Indicator(ind, q.value, unit, "narrative", q.qualifier, theme, q.text,
                                 q.start, q.end, q.before))
    return out


# --------------------------------------------------------------------------- tables
_TABLE_THEME = {"t3": "request_handling", "t4": "appeals_litigation", "t2": "information_management"}
_PRE2019_THEME = {"requests": "request_handling", "responses": "request_handling",
                  "appeals": "appeals_litigation", "fees": "request_handling",
                  "proactive": "proactive_disclosure"}


def table_indicators(report: Report) -> list[Indicator]:
    """Every numeric cell, then the derived rates whose cells are all numbers."""
    out = []
    for cid, cell in report.cells.items():
        if cell.number is None:
            continue
        theme = _TABLE_THEME.get(cell.table)
        if cell.table == "t_pre2019":
            theme = _PRE2019_THEME.get(cell.row.split(".")[0])
        if cell.table == "t2" and cell.row in ("licensing", "penalties", "enforcement", "other_services"):
            theme = "deregulation_business"
        out.append(Indicator(cid, cell.number, "", "table", None, theme, cell.raw))
    values = {cid: c.number for cid, c in report.cells.items()}
    for rate_id, spec in catalogue().rates.items():
        value = rate_of(values, spec)
        if value is not None:
            out.append(Indicator(rate_id, round(value, 4), "%", "table", None, spec.get("theme")))
    return out


def rate_of(values: Mapping[str, float | None], spec: dict) -> float | None:
    """100 × sum(num) / (sum(den) − sum(minus)) over cell values; None when a cell is missing
    or not a number (a blank is not 0), or the denominator is 0. The one definition of the
    schema's derived rates: the indicators and ``textmine compare``'s panels both use it."""
    def total(ids: list[str]) -> float | None:
        found = [values.get(i) for i in ids]
        if any(v is None or v != v for v in found):
            return None
        return float(sum(found))

    num, den, minus = total(spec["num"]), total(spec["den"]), total(spec.get("minus", []))
    if num is None or den is None or minus is None or den - minus <= 0:
        return None
    return 100.0 * num / (den - minus)


def report_indicators(report: Report) -> list[Indicator]:
    """Table indicators first, then the narrative's in text order."""
    return [*table_indicators(report), *narrative_indicators(report.sentences)]


def headline(indicators: list[Indicator]) -> dict[str, Indicator]:
    """One indicator per id: its largest value. A report states a total before or after its
    parts (主动公开政府信息2069条, 其中…1592条), so the largest is the total far more often than
    the first; a table id occurs once anyway."""
    out: dict[str, Indicator] = {}
    for ind in indicators:
        best = out.get(ind.id)
        if best is None or ind.value > best.value:
            out[ind.id] = ind
    return out
