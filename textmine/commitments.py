"""Section 五: each problem and each commitment as an item, linked to indicators.

How a section is cut (patterns in ``models/commitments.toml``, rules from the annotation
guidelines ``models/labels/COMMITMENTS_GUIDELINES.md``):

1. Enumerators mark items: level 1 （一）…, level 2 一是 / 1、 / （1） / ①. A level-1 heading
   followed by its own level-2 items is a group heading, not an item; a short level-1 heading
   that names a part (（一）存在的主要问题, （二）改进措施) sets the zone of what follows.
2. Text between enumerated items is cut into sentences, and a sentence into its ；-clauses;
   a problem list framed in one sentence (存在A、B、C等问题, 如A、B、C等, 主要是：A，B，C等) gives one
   problem per member, and so does a sentence joining shortfalls with subjects of their own
   (政务公开质量水平有待提高，政务公开渠道有限，…); a sentence naming a shortfall and then its fix
   (…更新不够及时，下一步将加强督促检查) is cut into the problem and the promise.
3. Zones: problems until a heading or a sentence opens the promises (下一步, 针对…问题, 以下措施…),
   commitments after. Where a zone has enumerated items, its unenumerated sentences are framing
   (introductions, generic admissions, orientation paragraphs), not items.
4. Each commitment gets its action verb, its object, a target or deadline if stated, the problem
   it answers when the text pairs them (针对存在问题, 加以改进 …) and one problem clearly matches,
   and the indicators of its themes with their values in this report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .model import Commitment, Finding, Indicator, Problem, Report

SECTION_ID = "problems"


@dataclass(frozen=True)
class _Rules:
    level1: re.Pattern
    level2: re.Pattern
    level2_anywhere: re.Pattern  # level 2 without the boundary before it (glued to a heading)
    problem_heading: re.Pattern
    commitment_heading: re.Pattern
    glued_headings: tuple[tuple[str, re.Pattern], ...]  # (part, heading run into its text)
    commitment_signals: tuple[str, ...]
    pairing_signals: tuple[str, ...]
    frames: tuple[re.Pattern, ...]
    generic: tuple[str, ...]
    problem_cues: tuple[str, ...]
    commitment_cues: tuple[str, ...]
    lead_ins: tuple[re.Pattern, ...]
    actions: tuple[str, ...]
    adverbs: tuple[str, ...]
    targets: tuple[re.Pattern, ...]
    signature: re.Pattern
    signature_name: re.Pattern
    opening: re.Pattern
    list_intro: re.Pattern
    list_end: re.Pattern
    retrospect: re.Pattern
    admission: re.Pattern
    short_parts: tuple[tuple[str, re.Pattern], ...]  # (part, a heading ended by a space, whole)
    promise_words: tuple[str, ...]
    promise_clause_starts: tuple[str, ...]
    future_starts: tuple[str, ...]  # what may follow the future 将: actions, adverbs, frames
    ba_jiang: re.Pattern
    concessive: tuple[str, ...]
    remark_starts: tuple[str, ...]
    whole_work: re.Pattern  # 政务公开工作仍有待进一步完善: the whole work, no shortfall named
    subject_starts: tuple[str, ...]  # …but 不少单位… has a subject
    numbered_parts: tuple[tuple[str, re.Pattern], ...]  # (part, 1、…'s heading naming it whole)
    part_heading_words: tuple[str, ...]
    promise_frames: tuple[str, ...]
    own_predicate: re.Pattern
    not_ru_words: tuple[str, ...]
    consequence_after_list: re.Pattern
    areas_named: re.Pattern
    unnumbered_list_openers: tuple[str, ...]
    framed_promise: re.Pattern
    bare_subject: re.Pattern
    continuations: tuple[str, ...]  # a clause opening so has no subject: it continues a shortfall
    list_heads: tuple[str, ...]  # 主要是/如…: a shortfall of its own follows


@cache
def rules() -> _Rules:
    from .resources import load

    cfg = load("commitments")
    before = r"(?:(?<=^)|(?<=[。；;：:！？\s，,]))"
    return _Rules(
        re.compile(before + "(?:" + "|".join(cfg["level1"]) + ")"),
        re.compile(before + "(?:" + "|".join(cfg["level2"]) + ")"),
        re.compile("(?:" + "|".join(cfg["level2"]) + ")"),
        re.compile(cfg["problem_heading"]), re.compile(cfg["commitment_heading"]),
        (("problem", re.compile(cfg["glued_problem_heading"])),
         ("commitment", re.compile(cfg["glued_commitment_heading"]))),
        tuple(cfg["commitment_signals"]), tuple(cfg["pairing_signals"]),
        tuple(re.compile(p) for p in cfg["problem_frames"]), tuple(cfg["generic_admissions"]),
        tuple(cfg["problem_cues"]), tuple(cfg["commitment_cues"]),
        tuple(re.compile(p) for p in cfg["lead_ins"]),
        tuple(sorted(cfg["actions"], key=len, reverse=True)), tuple(cfg["adverbs"]),
        tuple(re.compile(p) for p in cfg["targets"]),
        re.compile(cfg["signature"]), re.compile(cfg["signature_name"]),
        re.compile(cfg["commitment_opening"]), re.compile(cfg["problem_list_intro"]),
        re.compile(cfg["list_end"]), re.compile(cfg["retrospect"]),
        re.compile(cfg["problem_admission"]),
        tuple(zip(("problem", "commitment"), map(re.compile, cfg["short_part_headings"]), strict=True)),
        tuple(cfg["promise_words"]), tuple(cfg["promise_clause_starts"]),
        (*sorted(cfg["actions"], key=len, reverse=True), *cfg["adverbs"], *cfg["future_frames"]),
        re.compile(cfg["ba_jiang"]), tuple(cfg["concessive_admissions"]), tuple(cfg["remark_starts"]),
        re.compile(cfg["whole_work_admission"]), tuple(cfg["shortfall_subject_starts"]),
        tuple(zip(("problem", "commitment"), map(re.compile, cfg["numbered_part_headings"]), strict=True)),
        tuple(cfg["part_heading_words"]), tuple(cfg["promise_frames"]), re.compile(cfg["own_predicate"]),
        tuple(cfg["not_ru_words"]), re.compile(cfg["consequence_after_list"]),
        re.compile(cfg["areas_named"]), tuple(cfg["unnumbered_list_openers"]),
        re.compile(cfg["framed_promise"]), re.compile(cfg["bare_subject"]),
        tuple(cfg["shortfall_continuations"]),
        tuple(sorted(cfg["shortfall_list_heads"], key=len, reverse=True)),
    )


@dataclass
class Item:
    """A candidate span of the section: an enumerated item or a sentence / clause."""

    start: int
    end: int
    enumerated: bool
    zone: str | None  # "problem" | "commitment" | None (not known yet)
    kind: str | None = None  # decided kind, or None (framing)
    intro: bool = False  # the words before a list's colon (但仍存在一些不足，如： / 拟采取如下措施：)
    listed: bool = False  # a member of that list (the clauses after the colon)


_TRAIL = "。；;，,：: \t\r\n"
_DIGIT_ITEM = re.compile(r"(?<=[\u4e00-\u9fff])[1-9][、.．](?=[\u4e00-\u9fff])")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRAIL + "、":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


# --------------------------------------------------------------------------- segmentation
@dataclass(frozen=True)
class _Mark:
    start: int  # where the label starts
    body: int  # where the item's text starts
    level: int


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    r = rules()
    body = text[lo:hi]  # searched as its own string, so that ^ is the section body's start
    marks = [_Mark(lo + m.start(), lo + m.end(), 1) for m in r.level1.finditer(body)]
    marks += [_Mark(lo + m.start(), lo + m.end(), 2) for m in r.level2.finditer(body)]
    # 1、 directly after a heading's last word (…规范政府信息公开行为1、加强…): an enumerator too
    seen = {m.start for m in marks}
    marks += [_Mark(m.start(), m.end(), 2) for m in _DIGIT_ITEM.finditer(text, lo, hi)
              if m.start() not in seen and text[m.start() - 1] not in "第0123456789"]
    marks += _glued_items(text, [m for m in marks if m.level == 1], hi, seen)
    marks.sort(key=lambda m: m.start)
    # a label right after a digit is not an enumerator (2019年1、2月)
    return [m for m in marks if not (m.start and text[m.start - 1].isdigit())]


def _glued_items(text: str, heads: list[_Mark], hi: int, seen: set[int]) -> list[_Mark]:
    """The first item of a part whose heading lost its line break (web text run together:
    （二）改进措施一是加强…): an enumerator right after a part heading run into its text starts
    an item although no punctuation precedes it, and so ends the heading. Only where the
    section's level-1 marks are its list of parts (:func:`_parts_list`)."""
    if not _parts_list(text, heads, hi):
        return []
    r = rules()
    out = []
    for head in heads:
        glued = _glued_heading(text, head.body, hi)
        m = r.level2_anywhere.match(text, glued[1], hi) if glued else None
        if m is not None and m.start() not in seen:
            out.append(_Mark(m.start(), m.end(), 2))
    return out


def _glued_heading(text: str, body: int, hi: int) -> tuple[str, int] | None:
    """(part, where its text starts) when a level-1 heading naming a part runs straight into
    that text (（一）存在的主要问题基层政务公开…): the line break after it was lost. Only the
    unambiguous heading forms (``glued_*_heading``); spaces after the numeral are skipped."""
    while body < hi and text[body] in " \t\u3000":
        body += 1
    for part, pattern in rules().glued_headings:
        m = pattern.match(text, body, hi)
        if m is not None:
            return part, m.end()
    return None


def _short_part(heading: str) -> str | None:
    """The part a heading ended by a space names (（一）工作中存在的问题 / （二）今后工作打算 /
    （二）下一步的改进措施), or None: an item's own title (（一）专业人员不足) names no part."""
    return next((part for part, pattern in rules().short_parts if pattern.fullmatch(heading)), None)


_SHORT_HEADING = re.compile(r"[ \t\u3000]*([^\s。，,：:；;]{2,16})[ \t\u3000]+")


def _part_named(text: str, body: int, hi: int) -> str | None:
    """The part a level-1 heading names: in a heading of its own (up to its 。/：), or run into
    its text; None for an ordinary item."""
    end = body
    while end < hi and end - body <= _HEADING_MAX and text[end] not in "。：:；;\n":
        end += 1
    part = _names_part(text[body:end].strip())
    if part is None and (glued := _glued_heading(text, body, hi)) is not None:
        part = glued[0]
    return part


def _parts_list(text: str, heads: list[_Mark], hi: int) -> bool:
    """Whether the section's level-1 marks are its list of parts — two or more, each naming a
    part, problems among them and promises among them (（一）存在问题…（二）改进措施…) — and
    not items that merely start with such words (（一）存在问题整改不到位，（二）下一步工作安排不细):
    only then may a heading run into its text."""
    parts = [_part_named(text, head.body, hi) for head in heads]
    return len(parts) >= 2 and None not in parts and {"problem", "commitment"} <= set(parts)


_HEADING_MAX = 16  # characters: a longer level-1 text is an item, not a heading naming a part


def _names_part(heading: str) -> str | None:
    """"problem" / "commitment" when a level-1 heading names that part of the section
    (（一）存在的主要问题, （二）改进措施), else None."""
    r = rules()
    if len(heading) > _HEADING_MAX:
        return None
    if r.problem_heading.search(heading):
        return "problem"
    if r.commitment_heading.search(heading):
        return "commitment"
    return None


def _numbered_part(heading: str) -> str | None:
    """The part a level-2 item's heading sentence names whole (1、工作中存在的主要问题和困难。),
    else None: an item ending like a part's name (一是工作力量不足。, 三是制定年度工作计划。) is none."""
    if not _has_any(heading, rules().part_heading_words):
        return None
    named = heading.strip().rstrip("。：:")
    for part, pattern in rules().numbered_parts:
        if pattern.fullmatch(named):
            return part
    return _part_line(heading)


def _part_line(sentence: str) -> str | None:
    """"problem" / "commitment" when an unnumbered sentence is nothing but the name of a part
    (存在的主要问题：, 改进措施：, 下一步工作打算), else None."""
    line = _PART_NUMERAL.sub("", sentence.strip())  # 七、下一步工作思路: section 五's second part
    if not line or len(line) > _HEADING_MAX:
        return None
    r = rules()
    if r.problem_heading.fullmatch(line):
        return "problem"
    if r.commitment_heading.fullmatch(line):
        return "commitment"
    return _short_part(line.rstrip("：:。"))  # 今后工作打算, 2020年工作计划, 主要改进措施 …


# a part's name run into its text after a colon (整改措施：加强…)
_PART_COLON = re.compile(r"\s*([^。，,：:；;\s]{2,16})[：:]\s*")


_PART_NUMERAL = re.compile(r"^[一二三四五六七八九十]{1,3}、")


def _heading_end(text: str, body: int, hi: int, next_mark: int) -> int:
    """End of a level-1 heading: its first 。/：/；, or the next enumerator, whichever first."""
    for i in range(body, min(hi, next_mark)):
        if text[i] in "。：:；;\n":
            return i
    return min(hi, next_mark)


def _pieces(text: str, lo: int, hi: int, stops: str, keep_stop: bool) -> list[tuple[int, int]]:
    """text[lo:hi] cut after (``keep_stop``) or at each character of ``stops``, trimmed; empty
    pieces dropped."""
    out, start = [], lo
    for i in range(lo, hi):
        if text[i] in stops:
            a, b = _trim(text, start, i + 1 if keep_stop else i)
            if b > a:
                out.append((a, b))
            start = i + 1
    a, b = _trim(text, start, hi)
    if b > a:
        out.append((a, b))
    return out


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentences of text[lo:hi] (ending at 。！？ or a line break)."""
    return _pieces(text, lo, hi, "。！？!?\n", keep_stop=True)


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The ；-separated clauses of text[lo:hi]."""
    return _pieces(text, lo, hi, "；;", keep_stop=False)


def segment(text: str, lo: int, hi: int) -> list[Item]:
    """The candidate items of the section body text[lo:hi], in text order, with zones from
    headings (None where no heading says)."""
    marks = _marks(text, lo, hi)
    parts_list = _parts_list(text, [m for m in marks if m.level == 1], hi)
    items: list[Item] = []
    zone: str | None = None
    cursor = lo

    def free_text(a: int, b: int) -> None:
        nonlocal zone
        for s, e in _sentences(text, a, b):
            part = _part_line(text[s:e])
            if part is not None:  # a line that is only a part's name (存在的主要问题：)
                zone = part
                continue
            named = _PART_COLON.match(text, s, e)
            if named and _part_line(named.group(1)) == "commitment":
                zone, s = "commitment", named.end()  # 整改措施：加强…: the part's name, its text after
                # (存在问题：A；B is a problem list, read below with its members)
            listed = _problem_list(text, s, e)
            if listed is not None:  # …但仍存在一些不足，如：A；B；C。
                items.extend(listed)
                continue
            for cs, ce in _clauses(text, s, e):
                fix = _fix_after_shortfall(text, cs, ce) if zone != "commitment" else None
                if fix is not None:  # …更新不够及时，下一步将加强督促检查: the problem, then its fix
                    items.append(Item(*_trim(text, cs, fix), False, "problem"))
                    cs = fix
                items.append(Item(cs, ce, False, zone))

    for k, mark in enumerate(marks):
        nxt = marks[k + 1].start if k + 1 < len(marks) else hi
        if mark.start < cursor:
            continue
        free_text(cursor, mark.start)
        if mark.level == 1:
            head_end = _heading_end(text, mark.body, hi, nxt)
            stopped = head_end < min(hi, nxt)  # at its 。/：, not at the next enumerator
            heading = text[mark.body:head_end + 1 if stopped else head_end].strip()
            after = head_end + 1 if stopped else head_end
            part = _names_part(heading)
            if part is None and (short := _SHORT_HEADING.match(text, mark.body, after)):
                # a heading ended by a space, its text after it (（二）下一步的改进措施 针对上述问题，…)
                part = _short_part(short.group(1))  # a part's name, not an item's (专业人员不足)
                after = short.end() if part is not None else after
            if part is not None:
                zone, cursor = part, after
                continue
            glued = _glued_heading(text, mark.body, hi) if parts_list else None
            if glued is not None:
                zone, cursor = glued
                continue
            # a group heading: level-2 items follow before the next level-1 mark
            following = [m for m in marks[k + 1:] if m.level == 1]
            group_end = following[0].start if following else hi
            if any(m.level == 2 and mark.start < m.start < group_end for m in marks[k + 1:]):
                # its words after a part's name run into it (（二）下一步改进措施针对上述问题，我局将…：)
                # are read as text; otherwise the whole heading is skipped
                glued = _glued_heading(text, mark.body, hi)
                if glued is not None and glued[0] == "commitment":  # (not 存在问题整改不到位, an item's)
                    zone, cursor = glued
                else:
                    cursor = after
                continue
            a, b = _trim(text, mark.body, nxt)
        else:
            head_end = _heading_end(text, mark.body, hi, nxt)
            heading = text[mark.body:head_end + 1].strip()
            if head_end < min(hi, nxt) and (part := _numbered_part(heading)) is not None:
                # 1、工作中存在的主要问题和困难。… / 2、具体解决办法和改进措施。…: a part's name
                zone, cursor = part, head_end + 1
                free_text(cursor, nxt)
                cursor = nxt
                continue
            a, b = _trim(text, mark.body, nxt)
        cut = _item_end(text, a, b)
        if cut > a:
            items.append(Item(a, cut, True, zone))
        if cut < b:
            free_text(cut, nxt)
        cursor = nxt
    free_text(cursor, hi)
    return items


# a problem list announced inside a sentence: the colon after 不足/问题… (…存在一些不足，如：/
# …不足之处，主要表现在：), with the members after it
# where a frame's list really starts when the frame's words come first: …，如A、B… / …，主要是A…
_LIST_START = re.compile(r"[，,](?:诸如|如|主要是|主要有|主要表现在|主要表现为|表现为|包括)[：:]?")


def _problem_list(text: str, s: int, e: int) -> list[Item] | None:
    """The sentence text[s:e] as a problem list announced after a colon (…存在一些不足，如：A；B；C):
    its introduction, then each ；-clause a problem. None when the sentence is not one, or when
    its one clause is a list a frame splits (主要是：A，B，C等)."""
    r = rules()
    intro = r.list_intro.search(text, s, e)
    if intro is None or _promises(text[s:intro.end()]):
        return _promise_list(text, s, e)
    clauses = _clauses(text, intro.end(), e)
    rest = next((k for k, (cs, ce) in enumerate(clauses) if _clause_opens_promises(text[cs:ce])),
                len(clauses))
    clauses, after = clauses[:rest], clauses[rest:]  # …；对此，我区将…: the promises begin
    if not clauses or (len(clauses) < 2 and any(f.search(text, s, e) for f in r.frames)):
        return None
    framed = False
    if clauses:
        a, b = clauses[-1]
        frame_end = r.list_end.search(text, a, b)
        if frame_end and frame_end.start() > a:
            clauses[-1] = _trim(text, a, frame_end.start())
            framed = True
    if len(clauses) == 1 and framed:  # …不足，如：A，B，C等。: each member a problem (rule 1.4a)
        a, b = clauses[0]  # members parted by ，when the list has any, else by 、
        clauses = _pieces(text, a, b, "，," if re.search("[，,]", text[a:b]) else "、", keep_stop=False)
    elif len(clauses) == 1:  # one member (…不足，主要是：A，B，C。): its shortfalls (rule 1.4)
        whole = Item(*clauses[0], False, "problem")
        clauses = [(x.start, x.end) for x in _shortfall_clauses(text, whole, in_list=True)]
    a, b = _trim(text, s, intro.end())
    return [Item(a, b, False, "problem", intro=True),
            *(Item(cs, ce, False, "problem", listed=True) for cs, ce in clauses),
            *(Item(cs, ce, False, "commitment") for cs, ce in after)]


_MID_COLON = re.compile(r"[：:](?=[^。\n]{4})")


def _promise_list(text: str, s: int, e: int) -> list[Item] | None:
    """The sentence text[s:e] as promises announced after a colon inside it (为解决上述问题，拟采取
    如下措施：A；B): the introduction, then each ；-clause in the promises' part. None otherwise."""
    colon = _MID_COLON.search(text, s, e)
    if colon is None or not _promises(text[s:colon.start()]):
        return None
    a, b = _trim(text, s, colon.end())
    return [Item(a, b, False, "commitment", intro=True),
            *(Item(cs, ce, False, "commitment", listed=True) for cs, ce in _clauses(text, colon.end(), e))]


def _fix_after_shortfall(text: str, s: int, e: int) -> int | None:
    """Where the promise starts in an unenumerated clause text[s:e] that first names a shortfall,
    then its fix (部分单位信息更新不够及时，下一步将加强督促检查): guideline 3 splits such a sentence
    at the clause boundary. None when it is not one: a promise that names the problem it answers
    (针对信息更新不及时的问题，我局将…), an admission naming no shortfall (但仍存在一些不足，下一步将…)."""
    pieces = _pieces(text, s, e, "，,", keep_stop=False)
    for cs, ce in pieces[1:]:
        if not _clause_opens_promises(text[cs:ce]):
            continue
        before = text[s:cs]
        if ("将" in before or before.startswith(rules().promise_clause_starts) or _has_signal(before)
                or before.startswith(rules().promise_frames)
                or not (_names_shortfall(before) or rules().admission.search(before))):
            return None
        return cs  # (an admission naming none, 但仍存在一些不足，下一步将…, is then dropped)
    return None


# A shortfall clause has a subject of its own when a noun phrase this long precedes its shortfall
# word (政务公开渠道|有限, 部分单位信息更新|不及时); a short one is an attribute of the topic before
# it (…公开的范围还需扩大，时效性|有待进一步增强; …身兼数职，…，政策把握|有待提高).
_SUBJECT_MIN = 5


def _continues(clause: str) -> bool:
    """A clause opening without a subject of its own (在…方面, 未能…, 导致…), not 不少单位…."""
    r = rules()
    return clause.startswith(r.continuations) and not clause.startswith(r.subject_starts)


def _subject_length(clause: str) -> int:
    """Characters before the first shortfall word of ``clause``."""
    return min((i for w in rules().problem_cues if (i := clause.find(w)) >= 0), default=0)


def _shortfall_clauses(text: str, item: Item, in_list: bool = False) -> list[Item]:
    """Rule 1.4(b): an unenumerated problem sentence joining shortfall clauses with different
    subjects (政务公开质量水平有待提高，政务公开渠道有限，在利用…方面还难以满足群众需要) → one
    problem per shortfall. A clause belongs to the shortfall before it when it names none or has
    no subject of its own (opens with 在…/未能…/导致…); words that open a list (主要是, 如) start
    one. Outside a list, a subject shorter than ``_SUBJECT_MIN`` is an attribute of the topic
    before it; in a list (``in_list``: the one member after 主要是：, or once 主要是 opened it)
    any subject will do (…主要是：公开内容不够全面，政策解读形式单一，队伍建设有待加强).
    Clauses naming no shortfall of their own (但仍存在一些不足) are dropped when the sentence is
    split; a sentence with fewer than two named shortfalls stays whole, and so does one a frame
    has read (政策解读质量不高，部分解读材料存在照搬照抄等问题: its one member explains the
    shortfall before it)."""
    r = rules()
    if any(f.search(text, item.start, item.end) for f in r.frames):
        return [item]
    end = r.list_end.search(text, item.start, item.end)
    if end is not None and re.search("[，,]", text[item.start:end.start()]):
        # A，B，C等: the 等 marks the clauses a list (rule 1.4a without 存在/如), cut from the last
        item, in_list = Item(*_trim(text, item.start, end.start()), False, item.zone), True
    groups: list[list] = []  # [start, end, names a shortfall]
    heads: set[int] = set()  # where a clause after a list's opening word starts
    for cs, ce in _pieces(text, item.start, item.end, "，,", keep_stop=False):
        clause = text[cs:ce]
        head = next((h for h in r.list_heads if clause.startswith(h)
                     and not (h == "如" and clause.startswith(rules().not_ru_words))), None)
        if head is not None:
            in_list = in_list or head.startswith(("主要", "表现"))  # 如 gives examples, not a list
            cs, ce = _trim(text, cs + len(head), ce)
            if text.startswith("着", cs):  # 但也存在着…
                cs += 1
            if ce <= cs:
                continue
            clause = text[cs:ce]
            heads.add(cs)
        cue = _has_any(clause, r.problem_cues)
        # after an admission naming none (…还存在一些不足，信息公开不够及时), any subject will do
        after_admission = bool(groups) and not _names_shortfall(text[groups[-1][0]:groups[-1][1]])
        own = head is not None or (not _continues(clause) and (
            in_list or after_admission or _subject_length(clause) >= _SUBJECT_MIN))
        if groups and cue and own and (groups[-1][2] or head is not None):
            groups.append([cs, ce, True])
        elif groups:
            groups[-1][1], groups[-1][2] = ce, groups[-1][2] or cue
        else:
            groups.append([cs, ce, cue])
    named = [(a, b) for a, b, _ in groups if _names_shortfall(text[a:b])]
    if len(named) == 1 and len(groups) > 1 and (named[0][0] in heads or any(
            _has_any(text[g[0]:g[1]], r.generic) for g in groups)):
        # …但还存在一些不足之处，因机构改革，我局存在个别干部对政务公开不熟悉: the one shortfall
        # named beside an admission naming none
        # …但也存在着一些问题，主要表现在A都需要进一步加强: the one shortfall the list names
        return [Item(*named[0], False, "problem", "problem")]
    if len(named) < 2:
        return [item]
    return [Item(a, b, False, "problem", "problem") for a, b in named]


def _promises(intro: str) -> bool:
    """An introduction that announces promises, whatever problem it names (针对上述问题：…,
    为解决上述问题，拟采取如下措施：)."""
    back = rules().retrospect.search(intro)
    if back and _looks_back(intro[back.end():]):
        return False  # 针对2017年度…问题，我区采取了以下措施：
    if _ANNOUNCES_SHORTFALLS.search(intro):
        return False  # …还存在以下几个方面的不足： / 对照即将施行的新《条例》…还存在一些不足：
    return _looks_ahead(intro) or _has_any(intro, rules().promise_words)


_ANNOUNCES_SHORTFALLS = re.compile(r"(?:不足|问题|短板|差距|困难)(?:之处)?\s*[：:]?\s*$")
_PERFECTIVE = re.compile(r"(?<![为除])了(?![解])")  # 采取了, 开展了; not 为了, 了解


def _concedes(span: str) -> bool:
    """…取得了一定成绩，但也存在一些问题和不足，需要…加以改进: a concessive admission, whatever
    remark on improving it carries; no opening of the promises."""
    but = span.find("但")
    return (but > 0 and _has_any(span[:but], ("成效", "成绩", "进展"))
            and rules().admission.search(span, but) is not None and "将" not in span)


def _looks_back(rest: str) -> bool:
    """After 针对<last year>…: what was done (采取了以下措施：…, 采取措施，扎实改进), not what will
    be (下一步重点做好以下工作：, 2024年我局将…)."""
    return "将" not in rest and (_PERFECTIVE.search(rest) is not None or not _looks_ahead(rest))


def _clause_opens_promises(clause: str) -> bool:
    """A ；-clause inside a problem list that opens the promises (对此，我区将… / 下一步…)."""
    if clause.startswith(rules().promise_clause_starts) or opens_promises(clause):
        return True
    if _has_any(clause, rules().problem_cues) or _has_any(clause, ("未能", "没有", "未将")):
        return False  # 部分单位未能将主动公开信息及时上网: a shortfall, 将 as 把
    jiang = clause.find("将", 0, 20)  # 针对存在的问题，我区将加强… / 我们将…
    return jiang >= 0 and _future_after(clause, jiang + 1)


def _looks_ahead(text: str) -> bool:
    """Words of what will be done (下一步, 将…): a sentence with none looks back (…采取措施，扎实改进。)."""
    return _has_signal(text) or opens_promises(text) or "将" in text


def _item_end(text: str, a: int, b: int) -> int:
    """Where an enumerated item really ends: before a line break, or before a later sentence
    that introduces what follows (…采取以下措施加以改进：) or opens the promises (下一步，…),
    which belong to no item or to the next zone."""
    end = b
    newline = text.find("\n", a, b)
    if newline > a:
        end = newline
    sentences = _sentences(text, a, end)
    signals = rules().commitment_signals
    for s, e in sentences[1:]:
        sentence = text[s:e]
        if ((e < len(text) and text[e] in "：:") or _is_intro(sentence)
                or sentence.startswith(signals)
                or (opens_promises(sentence) and not _worded_as_promise(text[a:s]))  # (not 我局将…
                # elaborating a promise: （一）加强…学习培训。我局将指定专人…)
                or ("但" in sentence and rules().admission.search(sentence)
                    and _has_any(sentence, ("成效", "成绩", "进展")))
                or ("将" in sentence and sentence.startswith(("上述问题", "针对")))
                or (sentence.startswith(("对此", "为此")) and _names_shortfall(text[a:s]))
                or _part_line(sentence) is not None  # …申请查询。七、下一步工作思路
                or (_admits_shortfalls(sentence) and not _names_shortfall(text[a:s]))):
            # a promise, then 当然，…还存在着一定的差距。: the problems begin
            # …存在公民身份信息泄露问题。对此，我局…: what answers the problem is no part of it
            # …取得了一定的成效，但也存在一些问题。: the problems begin
            # 下一步，我们将… / 2015年，我区将…: the promises begin
            return _trim(text, a, s)[1]
    return _trim(text, a, end)[1]


# --------------------------------------------------------------------------- kinds
def _worded_as_promise(span: str) -> bool:
    """An item opening like a promise (加强…, 进一步…), not a shortfall (公开制度有待完善)."""
    r = rules()
    return span.startswith((*r.actions, *r.adverbs)) and not _has_any(span, r.problem_cues)


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _has_signal(text: str) -> bool:
    """A word that opens the promises (下一步, 针对…); 针对性 (a quality: 解读针对性不强) is none."""
    return _has_any(text.replace("针对性", ""), rules().commitment_signals)


def opens_promises(sentence: str) -> bool:
    """A sentence that opens the promises by the time it speaks of: 2015年，我区将… / 今后，我局将…
    — the future 将, followed by what is to be done (:func:`_future_after`), not 将 as 把
    (2018年，我区将政务公开工作纳入绩效考核: what was done)."""
    m = rules().opening.match(sentence)
    if m is None or sentence.startswith("近", m.end()):
        return False
    return _future_after(sentence, m.end()) or rules().ba_jiang.match(sentence, m.end()) is None


def _future_after(text: str, pos: int) -> bool:
    """Whether text[pos:], right after a 将, is what will be done: an action, an adverb or a
    frame (加强…, 进一步…, 更加…, 通过…, 从以下方面…). Anything else is 将 as 把 (将政务公开工作纳入…,
    将各部门信息统一发布…) or 将近."""
    return text.startswith(rules().future_starts, pos) and not text.startswith("近", pos)


def _is_intro(span: str) -> bool:
    """A sentence that announces a list: it ends with a colon (trimmed off) or promises 以下….
    The colon is trimmed from spans, so the text right after decides in :func:`_item_end`."""
    return span.endswith(("：", ":")) or bool(re.search(r"以下[^，。]{0,8}(?:方面|措施|工作|几点)", span))


def _split_frames(text: str, item: Item) -> list[Item]:
    """A problem list framed in one sentence → one item per member."""
    span = text[item.start:item.end]
    for frame in rules().frames:
        m = frame.search(span)
        if not m:
            continue
        a = item.start + m.start("list")
        out = []
        inner = _LIST_START.search(text, a, item.start + m.end("list"))
        if inner is not None:  # 存在一些问题，如A、B等问题 / 存在的问题也不容忽视，主要是A、B等问题
            head = _trim(text, a, inner.start())  # …队伍建设有待加强，如A、B等问题: a problem itself
            if _is_named_problem(text[head[0]:head[1]]):
                out.append(Item(*head, False, "problem", "problem"))
            a = inner.end()
        listed = text[a:item.start + m.end("list")]
        # members are parted by ，when the list has any (a member may hold 、: 形式还不够多样、内容
        # 不够完整), else by 、
        listed = re.sub(r"[，,]?等等?$", "", listed)  # …重视不够，等等
        by_comma = re.search(r"[，,]", listed) is not None
        members = [(x.start(), x.end()) for x in re.finditer(r"[^，,]+" if by_comma else r"[^、]+", listed)]
        cued = [_has_any(listed[s:e], rules().problem_cues) for s, e in members]
        if not by_comma and not all(cued):  # 公开信息深度、广度有待提升 / 政策解读、舆情回应工作有待
            members = _join_members(members, [  # 加强: a bare noun shares the next predicate
                not cue and not rules().own_predicate.search(listed[s:e])
                for (s, e), cue in zip(members, cued, strict=True)])
        elif by_comma:  # 注重对办事程序的公布，对公开办事的结果重视不够: a member naming none
            members = _join_members(members, [  # one shortfall when the member after it has no
                not cued[k] and k + 1 < len(members)  # subject of its own
                and _continues(listed[members[k + 1][0]:members[k + 1][1]].strip())
                for k in range(len(members))])
        before = text[item.start:item.start + m.start()]
        if len(members) == 1 and not out and _names_shortfall(before):
            continue  # one member: the frame's own sentence (…仍存在一些不足，主要是A等), not a
            # problem named before it (政策解读质量不高，部分材料存在照搬照抄等问题)
        # the clause just before the frame names a problem of its own: 认识不足，存在A、B等问题
        # (not a concession: …取得一定的成绩，但仍存在不足的地方，如A、B等)
        cut = max(before.rstrip("，, ").rfind(ch) for ch in "：:，,。；;")
        head = _trim(text, item.start + cut + 1, item.start + m.start())
        clause = text[head[0]:head[1]]
        if (not out and len(members) > 1 and _is_named_problem(clause)
                and not _has_any(clause, ("但", "相比", "虽"))):
            out.append(Item(*head, False, "problem", "problem"))
        for k, (ms, me) in enumerate(members):  # one member is a problem too (…问题和不足，如A等)
            s, e = _trim(text, a + ms, a + me)
            if k == len(members) - 1 and (end := rules().list_end.search(text, s, e)) and end.start() > s:
                s, e = _trim(text, s, end.start())  # …有待提高等 (the frame's 等)
            for ps, pe in _shortfalls_at_commas(text, s, e) if by_comma else [(s, e)]:
                if pe > ps and not (_has_any(text[ps:pe], rules().generic) and pe - ps < 12):
                    out.append(Item(ps, pe, False, "problem", "problem"))
        if out:
            rest = _trim(text, item.start + m.end(), item.end)  # …等问题，政策解读质量也有待提高
            if rest[1] > rest[0] and _is_named_problem(text[rest[0]:rest[1]]):
                out.append(Item(*rest, False, "problem", "problem"))
            return out
    return [item]


def _join_members(members: list[tuple[int, int]], joins_next: list[bool]) -> list[tuple[int, int]]:
    """Members (start, end) of a list, each one flagged in ``joins_next`` run into the member after
    it (the last ones into the one before)."""
    out: list[list[int]] = []
    pending = None
    for (s, e), join in zip(members, joins_next, strict=True):
        if join:
            pending = s if pending is None else pending
            continue
        out.append([s if pending is None else pending, e])
        pending = None
    if pending is not None:
        if out:
            out[-1][1] = members[-1][1]
        else:
            out.append([members[0][0], members[-1][1]])
    return [(s, e) for s, e in out]


def _shortfalls_at_commas(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A comma-parted member split at its 、 where both sides are whole shortfalls and the second
    has a subject of its own (业务能力还有待于提升、干部职工政府信息公开的意识不够强); kept whole
    where the 、 joins attributes of one topic (形式还不够多样、内容不够完整)."""
    cues = rules().problem_cues
    parts = _pieces(text, s, e, "、", keep_stop=False)
    if len(parts) < 2 or not all(_has_any(text[a:b], cues) for a, b in parts):
        return [(s, e)]
    out = [list(parts[0])]
    for a, b in parts[1:]:
        if _subject_length(text[a:b]) >= _SUBJECT_MIN:
            out.append([a, b])
        else:
            out[-1][1] = b
    return [(a, b) for a, b in out]


def _is_named_problem(span: str) -> bool:
    """A clause naming a shortfall of its own (队伍建设有待加强), not a generic admission (一些短板和
    不足, 仍存在一些问题) nor a remark on the problems (仍需在今后工作中逐步解决, 有待进一步改进)."""
    r = rules()
    return (len(span) >= 4 and _has_any(span, r.problem_cues) and not _has_any(span, r.generic)
            and not _has_any(span, rules().concessive) and r.whole_work.search(span) is None
            and _BARE_SHORTFALL.search(span) is None
            and not span.startswith(rules().remark_starts) and "今后" not in span)


# a shortfall named by nothing but a quantity (一些短板和不足, 不少问题): 工作力量不足 names one
_BARE_SHORTFALL = re.compile(r"^(?:存在|仍有|还有|也有|仍存在|还存在)?(?:一些|不少|若干|诸多|许多|一定的?)?"
                             r"(?:短板|不足|问题|差距|困难)(?:[和与及](?:短板|不足|问题|差距|困难))?[:：]?$")


def _names_shortfall(span: str) -> bool:
    """Whether a clause of ``span`` names a shortfall (政策解读质量不高 / 解读形式单一), apart from
    admissions, remarks (有待进一步改进) and concessions (但与新形势新要求相比还有差距)."""
    return any(_is_named_problem(c) for c in re.split(r"[，,；;。：:]", span)
               if "但" not in c and "相比" not in c)


def classify(text: str, items: list[Item], year: int | None = None) -> list[Item]:
    """Decide each item's kind: zones from headings, else problems until the promises open;
    unenumerated sentences in a zone that has enumerated items are framing."""
    r = rules()
    zone = None
    heading = None  # the zone the last part heading set
    opened = None  # the promises opened inside a problems part (…将从以下几个方面加以改进：)
    for item in items:
        span = text[item.start:item.end]
        if item.zone is not None and item.zone != heading:
            heading, opened = item.zone, None  # a new part
        if item.intro:
            zone = item.zone  # what the introduction announces: problems or promises
            if heading == "problem" and zone == "commitment":
                opened = zone
        elif (not item.enumerated and (back := r.retrospect.search(span))
              and _looks_back(span[back.end():])):
            # last year's problems and what was done: neither; when the same sentence admits
            # problems still there (…进行了整改，但仍存在一些不足。), those begin
            but = span.find("但")
            zone = "problem" if but > 0 and r.admission.search(span, but) else "retrospect"
        elif (zone == "retrospect" and not item.enumerated and r.admission.search(span)
              and not _has_signal(span)):
            zone = "problem"  # …但也存在一些问题。: the problems begin
        elif not item.enumerated and _is_intro(span):
            # an introduction says what follows: problems (存在的问题主要有以下几个方面：) or promises
            promising = _has_any(span, r.commitment_cues) or "措施" in span or "改进" in span
            zone = "problem" if (_has_any(span, ("问题", "不足")) and not promising) else "commitment"
            if heading == "problem" and zone == "commitment":
                opened = zone
        elif (not item.enumerated and (_has_signal(span) or opens_promises(span) or _framed_promise(span)
                                       or _opens_next_year(span, year))
              and not _concedes(span)):
            zone = "commitment"  # (inside a problems part only an introduction opens promises)
        elif item.zone is not None:
            zone = item.zone
        item.zone = opened or item.zone or zone or _undecided_zone(span, item.enumerated)
        if (item.enumerated and item.zone == "commitment" and _names_shortfall(span)
                and not re.search(r"[，,。；;]", span)  # the shortfall alone, nothing done about it
                and _has_any(span, tuple(c for c in r.problem_cues if c != "问题"))
                and not _has_any(span, r.commitment_cues) and not _has_action_clause(span)):
            item.zone = "problem"  # 一是…不及时。对此，我局将…。二是政策解读形式比较单一。
    enumerated_zones = {i.zone for i in items if i.enumerated}
    out: list[Item] = []
    for item in items:
        span = text[item.start:item.end]
        if item.zone == "retrospect":
            continue
        if item.intro or (not item.enumerated and _is_intro(span)):
            continue  # an introduction
        if item.listed:
            item.kind = item.zone or "problem"  # a member of a list the text announced
            out.append(item)  # the report's own grouping: never split further (rule 1.1)
            continue
        if not item.enumerated and item.zone in enumerated_zones:
            if item.zone == "problem" and _has_any(span, rules().unnumbered_list_openers):
                parts = _shortfall_clauses(text, item)
                if parts != [item]:  # …仍存在需要提升改进之处，如：A，…；二是B: A is the first item
                    out.extend(parts)
            continue  # framing around enumerated items
        if re.fullmatch(r"[\s〇○零一二三四五六七八九十年月日0-9]+", span):
            continue  # a date line
        if item.zone == "problem":
            if not item.enumerated:
                if not _has_any(span, r.problem_cues):
                    continue
                if "将" in span and _has_any(span, r.pairing_signals):
                    continue  # 上述问题，我们将…切实加以改进: it points at the problems, names none
                if span.startswith(r.remark_starts) and not _names_shortfall(span):
                    continue  # 这些问题都需要我们认真研究，切实解决: a remark on the problems
                parts = _split_frames(text, item)
                if parts == [item]:
                    parts = _shortfall_clauses(text, item)
                if parts != [item]:  # the frame's members, one or more; the shortfalls of a sentence
                    out.extend(parts)
                    continue
                concessive = _has_any(span, ("成效", "成绩", "进展"))
                if (_has_any(span, r.generic) and (len(span) < 40 or concessive)
                        and not rules().areas_named.search(span)):
                    continue  # a generic admission (…取得一定成效，但仍存在一定差距)
                if _has_any(span, rules().concessive) and not _names_shortfall(span):
                    continue  # 但也存在一些困难和问题，有待进一步改进 / 还存在一些问题。 (none named)
            item.kind = "problem"
        else:
            if not item.enumerated and not (_has_any(span, r.commitment_cues) or span.startswith(r.actions)):
                continue
            item.kind = "commitment"
        out.append(item)
    return out


def _opens_next_year(span: str, year: int | None) -> bool:
    """A sentence opening with the year after the report's (2017年，我局围绕问题抓整改… in the 2016
    report): what will be done, with or without 将."""
    if year is None or re.match(rf"(?:在)?{year + 1}年度?[，,]", span) is None:
        return False  # (2019年1月…, 2019年以来…, 2019年初…: dates of what was done)
    head = span[:40]
    shortfalls = tuple(c for c in rules().problem_cues if c != "问题")  # (围绕问题抓整改 is a promise)
    return (_PERFECTIVE.search(head) is None and "已" not in head
            and not _has_any(span, shortfalls))  # 2019年，我局及时调整…，明确了…: done


def _has_action_clause(span: str) -> bool:
    """Whether a clause of ``span`` opens with an action (…的问题，丰富解读形式)."""
    starts = (*rules().actions, *rules().adverbs, "解决", "针对")
    return any(c.strip().startswith(starts) for c in re.split(r"[，,；;。]", span))


def _framed_promise(sentence: str) -> bool:
    """A promise naming the problem it answers before its subject and the future 将 (对照上级考核中
    发现的…等问题，我局将逐项整改…)."""
    m = rules().framed_promise.match(sentence)  # the frame makes 将 the future (将…纳入考核 too), not 将近
    return m is not None and not sentence.startswith("近", m.end())


def _admits_shortfalls(sentence: str) -> bool:
    """A generic admission that problems remain (…离群众的要求还存在着一定的差距), not a promise
    that names a weak spot (加大对…薄弱环节的指导推进力度) nor a shortfall inside a promise's
    elaboration (目前各单位虽已建立公开目录，但仍存在更新不及时的问题)."""
    if "将" in sentence:
        return False
    last = re.split(r"[，,]", sentence.rstrip("。！ "))[-1]
    return (any(last.endswith(g) for g in rules().generic)
            and _has_any(last, ("存在", "还有", "仍有")) and not last.startswith(("对", "针对")))


def _undecided_zone(span: str, enumerated: bool) -> str:
    """The kind of an item no heading, introduction or signal has placed: a problem, unless it is
    an enumerated item worded as a promise — opening with an action or 进一步/继续, naming no
    shortfall (四、存在的主要问题和改进措施 1、进一步拓宽公开渠道 …, the problems after them)."""
    r = rules()
    if (enumerated and span.startswith((*r.actions, *r.adverbs))
            and not _has_any(span, r.problem_cues)):
        return "commitment"
    return "problem"


def _strip_lead_in(text: str, item: Item) -> Item:
    """The span without its lead-in: a promise's (下一步，我区将…), a problem's list word (如…)
    and the consequence after its list's 等."""
    if item.kind == "problem" and not item.enumerated:
        start, end = item.start, item.end
        head = next((h for h in ("比如", "例如", "如") if text.startswith(h, start)
                     and not text.startswith(rules().not_ru_words, start)), None)
        if head is not None and end - start > len(head) + 4:
            start += len(head)  # 如信息公开的时效性有待进一步提升；…: a list the sentence before announced
        m = rules().consequence_after_list.search(text, start, end)
        if m is not None and m.start() - start >= 4:
            end = m.start()
        return Item(*_trim(text, start, end), item.enumerated, item.zone, item.kind)
    if item.kind != "commitment":
        return item
    start = item.start
    changed = True
    while changed:
        changed = False
        for lead in rules().lead_ins:
            m = lead.match(text, start, item.end)
            if m and m.end() > start and m.end() < item.end:
                start, changed = m.end(), True
    subject = rules().bare_subject.match(text, start, item.end)
    if subject and text.startswith(rules().future_starts, subject.end()):
        start = subject.end()  # 2017年，我局围绕问题抓整改…: the subject before what it will do
    start, end = _trim(text, start, item.end)
    return Item(start, end, item.enumerated, item.zone, item.kind)


def _without_signature(text: str, lo: int, hi: int, issuer: str | None = None) -> int:
    """The end of section 五 without the report's closing signature (issuer and date), which
    follows it when it is the report's last part. The signature may be a name alone: the
    report's ``issuer``, or a government's name (``signature_name``), after the last sentence."""
    body = text[lo:hi].rstrip()
    m = rules().signature.search(body)
    if m:
        return lo + m.start()
    if issuer and body.endswith(issuer):
        before = body[:-len(issuer)]
        if not before or before[-1] in "。！ \t\n\u3000":
            return lo + len(before)
    m = rules().signature_name.search(body)
    return lo + m.start() if m else hi


# --------------------------------------------------------------------------- details
# 整合后，… / 成立以来，…: a time clause, not the promise (the word ends its clause; 后续, 时限 do not)
_TEMPORAL = re.compile(r"(?:后|以后|之后|时|以来)(?:[，,、。；;]|$)")


def action_of(span: str) -> tuple[str | None, str | None]:
    """(action verb, its object): the first action verb of the promise that does not open a
    time clause (区县单位整合后，…将邀请… → 邀请), adverbs skipped, and the words after it up
    to the clause end."""
    r = rules()
    best = None
    for verb in r.actions:
        p = span.find(verb)
        while p >= 0 and _TEMPORAL.match(span, p + len(verb)):
            p = span.find(verb, p + 1)
        if p >= 0 and (best is None or p < best[0] or (p == best[0] and len(verb) > len(best[1]))):
            best = (p, verb)
    if best is None:
        return None, None
    p, verb = best
    rest = span[p + len(verb):]
    obj = re.split(r"[，。；,;：:]", rest, maxsplit=1)[0].strip()
    return verb, (obj[:30] or None)


def target_of(span: str) -> tuple[str | None, str | None]:
    """(target, deadline) stated in a promise: the first marker-headed clause; a deadline is a
    target clause naming a time (年底前, 年内…)."""
    r = rules()
    target = deadline = None
    for pattern in r.targets:
        m = pattern.search(span)
        if m and (target is None or m.start() < span.find(target)):
            target = m.group(0).strip() or None
    if target and re.search(r"年底前|年内|月底前|之前|前完成|[0-9]{4}年", target):
        deadline = target
    return target, deadline


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in pairwise(chars)}


def similarity(a: str, b: str) -> float:
    """Overlap of two texts' Chinese character bigrams (Dice): 1 for the same wording. Used to
    find a problem repeated in a later report, where the wording is what repeats."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def pair_problems(text: str, lo: int, hi: int, problems: list[Problem],
                  commitments: list[Commitment], min_similarity: float = 0.12) -> None:
    """Pair each commitment with the one problem it answers, when the text links the promises
    to the problems (针对存在问题, 加以改进…) and one problem clearly matches it best."""
    if not problems or not _has_any(text[lo:hi], rules().pairing_signals):
        return
    for c in commitments:
        head = re.split(r"[。；]", c.text, maxsplit=1)[0]
        scores = sorted(((similarity(head, p.text), k) for k, p in enumerate(problems)), reverse=True)
        best, k = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if best >= min_similarity and best >= 1.5 * runner_up:
            c.problem = k


# --------------------------------------------------------------------------- linking
def link_indicators(commitment: Commitment, indicators: list[Indicator],
                    heads: dict[str, Indicator] | None = None) -> list[dict]:
    """The indicators that would show the promise's progress, with their values in this
    report: the catalogue indicators of the commitment's themes, or whose cue it names, plus
    the headline table indicators of its themes; one entry per id (its headline value)."""
    from .indicators import catalogue, headline

    cat = catalogue()
    themes = set(commitment.themes)
    wanted: set[str] = set()
    for ind_id, spec in cat.indicators.items():
        if themes & set(spec["themes"]) or any(c in commitment.text for c in spec["cues"] if len(c) >= 3):
            wanted.add(ind_id)
    table_ids = {t for theme in themes for t in cat.table_links.get(theme, [])}
    heads = heads if heads is not None else headline(indicators)
    return [{"id": ind.id, "value": ind.value, "unit": ind.unit, "source": ind.source}
            for ind in heads.values()
            if ind.id in (wanted if ind.source == "narrative" else table_ids)]


def relink(report: Report, commitments: list[Commitment] | None = None) -> None:
    """(Re)link every commitment to the report's indicators (after they changed)."""
    from .indicators import headline

    heads = headline(report.indicators)
    for c in commitments if commitments is not None else report.commitments:
        c.indicators = link_indicators(c, report.indicators, heads)


def _item_themes(report: Report, items: list[Item]) -> list[list[str]]:
    """The themes of each item: those of the sentences it spans, or, where several items share
    a sentence (the members of a problem list, ；-clauses), tagged on the item's own text, as
    they are about different things."""
    from .themes import tag_texts

    spans = [[s for s in report.sentences if s.start < i.end and i.start < s.end] for i in items]
    shared = {id(s) for k, a in enumerate(spans) for s in a
              if any(s is t for other in spans[k + 1:] for t in other)}
    own = [k for k, a in enumerate(spans) if not a or any(id(s) in shared for s in a)]
    tagged = dict(zip(own, tag_texts([report.text[items[k].start:items[k].end] for k in own]),
                      strict=True)) if own else {}
    out = []
    for k, a in enumerate(spans):
        if k in tagged:
            out.append(tagged[k].themes)
        else:
            out.append(list(dict.fromkeys(t for s in a for t in s.themes)))
    return out


# --------------------------------------------------------------------------- entry point
def extract(report: Report) -> tuple[list[Problem], list[Commitment], list[Finding]]:
    """Problems and commitments of the report's section 五, with findings when there is none."""
    section = report.section(SECTION_ID)
    if section is None:
        return [], [], [Finding("commitments.no_section", "info", [], "a problems section (五)", None,
                                "no section on problems and improvements (五、存在的主要问题及改进情况)",
                                "report")]
    text = report.text
    titled = text.startswith(section.title, section.start)
    lo = section.start + len(section.title) if titled else section.start
    body = text[lo:section.end].strip()
    if not body or re.fullmatch(r"[无無]。?|暂无。?|/", body):
        return [], [], [Finding("commitments.empty_section", "info", [], "problems and commitments", body,
                                f"the section on problems and improvements is empty ({body or 'no text'})",
                                "report")]
    hi = _without_signature(text, lo, section.end, report.issuer)
    items = [_strip_lead_in(text, i) for i in classify(text, segment(text, lo, hi), report.year)]
    themes = _item_themes(report, items)
    problems = [Problem(text[i.start:i.end], i.start, i.end, t)
                for i, t in zip(items, themes, strict=True) if i.kind == "problem"]
    commitments = []
    for i, t in zip(items, themes, strict=True):
        if i.kind != "commitment":
            continue
        span = text[i.start:i.end]
        action, obj = action_of(span)
        target, deadline = target_of(span)
        commitments.append(Commitment(span, i.start, i.end, t, action, obj, target, deadline))
    pair_problems(text, lo, section.end, problems, commitments)
    relink(report, commitments)
    findings = []
    if not problems and not commitments:
        findings.append(Finding("commitments.none_found", "info", [], "problems and commitments", None,
                                "no problem or commitment found in the section on problems", "textmine"))
    return problems, commitments, findings
