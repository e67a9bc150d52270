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
    indicators: dict[str, dict]  # id → {themes, units, cues, unless, outranks}
    rates: dict[str, dict]
    table_links: dict[str, list[str]]
    name_scanner: object  # ahocorasick.Automaton over the names: end → length
    cue_scanner: object  # ahocorasick.Automaton over the cues: end → cue
    cue_uses: dict[str, tuple[tuple[str, int, frozenset[str]], ...]]  # cue → (id, priority, units)
    naming: _Naming


@dataclass(frozen=True)
class _Naming:
    """The ``[naming]`` rules of ``models/indicators.toml``: how cues around a number name it."""

    after_start: int
    after_window: int
    not_counted: re.Pattern | None
    places_counted: re.Pattern | None
    generic_cues: frozenset[str]  # category cues included
    category_cues: frozenset[str]
    list_markers: tuple[str, ...]
    share_cue: str
    share_of: dict[str, frozenset[str]]


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
        own = spec.get("cue_priority", {})  # a cue weaker (or stronger) than its indicator's
        for cue in spec["cues"]:
            priority = own.get(cue, spec.get("priority", 1))
            uses.setdefault(cue, []).append((ind_id, priority, frozenset(spec["units"])))
    return _Catalogue(
        pattern,
        tuple(sorted(num["prefix_qualifiers"], key=len, reverse=True)),
        tuple(num["suffix_qualifiers"]), dict(num["qualifier_alias"]), tuple(num["bare_number_cues"]),
        tuple(num["not_after"]), tuple(num["not_before"]),
        indicators, dict(cfg["rates"]), {k: list(v) for k, v in cfg["table_links"].items()},
        _automaton({n: len(n) for n in num["names"]}), _automaton({c: c for c in uses}),
        {c: tuple(u) for c, u in uses.items()},
        _naming(cfg.get("naming", {})),
    )


def _naming(cfg: dict) -> _Naming:
    return _Naming(int(cfg.get("after_start", 0)), int(cfg.get("after_window", 0)),
                   re.compile(cfg["not_counted"]) if cfg.get("not_counted") else None,
                   re.compile(cfg["places_counted"]) if cfg.get("places_counted") else None,
                   frozenset(cfg.get("generic_cues", ())) | frozenset(cfg.get("category_cues", ())),
                   frozenset(cfg.get("category_cues", ())),
                   tuple(cfg.get("list_markers", ())), cfg.get("share_cue", ""),
                   {k: frozenset(v) for k, v in cfg.get("share_of", {}).items()})


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
             cues: list[tuple[int, int, str]] | None = None, end: int | None = None,
             head: str | None = None, previous: str | None = None) -> str:
    """The catalogue id of a quantity at ``pos`` of ``text`` (its sentence), among the
    indicators whose unit fits:

    1. the counted noun right after it (``end``: where the quantity ends): 70个新媒体, 收到70件申请;
       a number followed by a word of ``not_counted`` (五个部分) counts no indicator;
    2. else the cue in its clause (highest priority, then nearest), unless that cue is a generic
       verb (公开, 发布);
    3. else a specific cue since the previous number of the sentence (``since``: in a list
       机构职能类信息211条，…其他信息1029条 each count has its own cue or none);
    4. else the id of the head of its list (``head``: the number before 其中, 涉及…), the units
       being alike;
    5. else a channel's cue (priority 2) earlier in the sentence: 微博29个，共发布信息1992条;
    6. else a category of information named in its clause (规划计划类信息15条);
    7. else the id of the number before it (``previous``), the units being alike:
       收到群众诉求348件，现场解决162件; 新制作规章10件，公开10件;
    8. else the generic cue of its clause.

    A share named by 占 is the share indicator only when the count before it is one it is the
    share of.
    ``cues``: the sentence's cue occurrences (start, end, cue), when already found."""
    cat = catalogue()
    rules = cat.naming
    if cues is None:
        cues = sentence_cues(text)
    lo = _clause_start(text, pos)
    hi = _clause_end(text, end) if end is not None else pos
    vetoed = _vetoed(text[lo:hi])
    counted = previous if head is None else head  # what a share is the share of
    clause = _best_cue(cues, lo, pos, unit, vetoed=vetoed)
    if end is not None:
        if any(p is not None and p.match(text, end) for p in (rules.not_counted, rules.places_counted)):
            return UNCLASSIFIED
        after = _after_noun(text, end, unit, cues, vetoed)
        if after is not None and not (clause is not None and clause[1] not in rules.generic_cues
                                      and after[0] in cat.indicators[clause[0]].get("outranks", ())):
            return _share_checked(after, counted)
    if clause is not None and clause[1] not in rules.generic_cues:
        return _share_checked(clause, counted)
    window = _best_cue(cues, min(since, pos), pos, unit, skip=rules.generic_cues, vetoed=vetoed)
    if window is not None:
        return _share_checked(window, counted)
    if _continues(head, unit):
        return head
    channel = _best_cue(cues, 0, pos, unit, skip=rules.generic_cues, vetoed=vetoed)
    if channel is not None and cat.indicators[channel[0]].get("priority", 1) >= 2:
        return channel[0]
    if clause is not None and clause[1] in rules.category_cues:
        return clause[0]
    if _continues(previous, unit):
        return previous
    return _share_checked(clause, counted) if clause is not None else UNCLASSIFIED


def _continues(ind_id: str | None, unit: str) -> bool:
    """May a number in ``unit`` take the id of the number it continues?"""
    return ind_id is not None and ind_id != UNCLASSIFIED and unit in catalogue().indicators[ind_id]["units"]


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in _CLAUSE_END:
        i += 1
    return i


def _vetoed(clause: str) -> frozenset[str]:
    """The indicators an ``unless`` word of theirs rules out in this clause."""
    return frozenset(ind_id for ind_id, words in _unless() if any(w in clause for w in words))


@cache
def _unless() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(id, unless words) of the indicators that have any: the few to test per number."""
    return tuple((ind_id, tuple(spec["unless"])) for ind_id, spec in catalogue().indicators.items()
                 if spec.get("unless"))


_NONE = ((-1, -1), "")


def _best_cue(cues: list[tuple[int, int, str]], lo: int, hi: int, unit: str,
              skip: frozenset[str] = frozenset(),
              vetoed: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(id, cue) of the best cue wholly inside ``[lo, hi)`` whose indicator's unit fits: the
    highest priority, then the one ending last; an indicator that ``outranks`` another with a
    cue there wins over it whatever their priorities."""
    cat = catalogue()
    found: dict[str, tuple[tuple[int, int], str]] = {}  # id → (rank, cue) of its best cue
    for start, end, cue in cues:
        if start < lo or end > hi or cue in skip:
            continue
        for ind_id, priority, units in cat.cue_uses[cue]:
            if unit in units and ind_id not in vetoed and (priority, end) > found.get(ind_id, _NONE)[0]:
                found[ind_id] = ((priority, end), cue)
    if not found:
        return None
    outranked = {o for ind_id in found for o in cat.indicators[ind_id].get("outranks", ())}
    candidates = [i for i in found if i not in outranked] or list(found)  # (a cycle outranks all)
    best = max(candidates, key=lambda i: found[i][0])
    return best, found[best][1]


def _after_noun(text: str, end: int, unit: str, cues: list[tuple[int, int, str]],
                vetoed: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(id, cue) named by the noun right after a number (see ``[naming]``): the cue starting
    nearest after it, within reach and before any clause end or digit."""
    cat = catalogue()
    rules = cat.naming
    stop = end
    limit = min(len(text), end + rules.after_window)
    while stop < limit and text[stop] not in _CLAUSE_END and not text[stop].isdigit():
        stop += 1
    best, best_rank = None, (-len(text) - 1, -1)
    for start, cue_end, cue in cues:
        if start < end or start >= end + rules.after_start or cue_end > stop or cue in rules.generic_cues:
            continue
        for ind_id, priority, units in cat.cue_uses[cue]:
            rank = (-start, priority)  # the nearest, then the highest priority
            if unit in units and ind_id not in vetoed and rank > best_rank:
                best, best_rank = (ind_id, cue), rank
    return best


def _share_checked(found: tuple[str, str], head: str | None) -> str:
    """A share named by 占 belongs to the count before it (``head``): the share indicator only
    when that count is one it is the share of."""
    ind_id, cue = found
    rules = catalogue().naming
    if cue == rules.share_cue and ind_id in rules.share_of and head not in rules.share_of[ind_id]:
        return UNCLASSIFIED
    return ind_id


def sentence_cues(text: str) -> list[tuple[int, int, str]]:
    """Every cue occurrence of the catalogue in ``text``: (start, end, cue)."""
    if not text:
        return []
    return [(end - len(cue) + 1, end + 1, cue) for end, cue in catalogue().cue_scanner.iter(text)]


def _owned_until(text: str, end: int, cues: list[tuple[int, int, str]]) -> int:
    """Where the words that belong to a number end: after its counted noun when a cue stands
    there (7件已办结，1件… — 已办结 is the 7's, not a cue for the 1), else at the number."""
    rules = catalogue().naming
    stop = _clause_end(text, end)
    owned = [e for s, e, cue in cues if end <= s < end + rules.after_start and e <= stop
             and cue not in rules.generic_cues]
    return max(owned, default=end)


def _noun_at(quantities: list[Quantity], k: int) -> int:
    """Where the noun counted by quantity ``k`` stands: after it, or after the numbers written
    on to it (8大类348项公共服务事项, 229大项539小项行政审批…: one compound count)."""
    end = quantities[k].end
    for q in quantities[k + 1:]:
        if q.start != end:
            break
        end = q.end
    return end


def narrative_indicators(sentences: list[Sentence]) -> list[Indicator]:
    """The quantified statements of the narrative sentences, named by the catalogue; the theme
    is the indicator's, or for an unclassified number its sentence's first theme."""
    cat = catalogue()
    markers = cat.naming.list_markers
    out: list[Indicator] = []
    for s in sentences:
        quantities = find_quantities(s.text, s.start)
        cues = sentence_cues(s.text) if quantities else []
        since, previous, head = 0, None, None  # previous / head: the id of that number
        for k, q in enumerate(quantities):
            pos = q.start - s.start
            unit = "%" if q.unit in ("%", "％") else q.unit
            gap = s.text[since:pos]
            if "；" in gap or ";" in gap:
                head = None  # a list ends with its clause group
            if previous is not None and any(m in gap for m in markers):
                head = previous  # a list marker: the number before it heads what follows
            noun = _noun_at(quantities, k) - s.start
            ind = classify(s.text, pos, unit, since, cues, noun, head, previous)
            since = _owned_until(s.text, noun, cues)
            if unit != "%":  # a share (占4.9%) is not the count the next item continues
                previous = ind
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
