"""Follow-through: each commitment's indicators read again in the same issuer's next-year report,
and whether that report names the same problem again.

Issuers are matched by ``Report.issuer_key`` (one name across renamings, from the manifest's
``aliases``); the next report is the issuer's report for the following year, when the corpus has
it. A problem counts as repeated when a problem of the next report says much the same thing:
the Dice overlap of their Chinese character bigrams is at least ``REPEAT_SIMILARITY`` (reports
that repeat a problem mostly copy its wording; a reworded repeat scores lower and is missed).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from .commitments import similarity
from .model import Commitment, Report

REPEAT_SIMILARITY = 0.5
REPEAT_SIMILARITY_SAME_THEME = 0.15
COLUMNS = ["issuer_key", "year", "source", "commitment_no", "commitment", "indicator_id", "value",
           "next_source", "next_value", "change", "problem_repeated", "similarity", "matched_text"]


def next_reports(reports: list[Report]) -> dict[int, Report]:
    """id(report) → the same issuer's report of the following year, where the corpus has one
    (two reports of one issuer and year: the first by source, so the answer never depends on
    the order the reports come in)."""
    by_issuer: dict[str, dict[int, list[Report]]] = defaultdict(lambda: defaultdict(list))
    for r in reports:
        if (r.issuer_key or r.issuer) and r.year:
            by_issuer[r.issuer_key or r.issuer][r.year].append(r)
    out = {}
    for years in by_issuer.values():
        for year, same_year in years.items():
            if year + 1 in years:
                following = min(years[year + 1], key=lambda r: r.source)
                for r in same_year:
                    out[id(r)] = following
    return out


def headline_values(report: Report) -> dict[str, tuple[float, str]]:
    """Indicator id → (value, unit) of its headline occurrence in the report (as linked)."""
    from .indicators import headline

    return {k: (ind.value, ind.unit) for k, ind in headline(report.indicators).items()}


def is_repeat(score: float, themes_a: list[str], themes_b: list[str]) -> bool:
    return score >= REPEAT_SIMILARITY or (score >= REPEAT_SIMILARITY_SAME_THEME
                                          and bool(set(themes_a) & set(themes_b)))


def repeated_problem(report: Report, commitment: Commitment,
                     later: Report) -> tuple[bool, float, str | None]:
    """(repeated?, similarity, the later problem's text) between what the commitment answers
    (its paired problem, else the commitment itself) and the best-matching later problem."""
    about = report.problems[commitment.problem] if commitment.problem is not None else commitment
    best, match = 0.0, None
    for p in later.problems:
        s = similarity(about.text, p.text)
        if s > best or (s == best and match is None):
            best, match = s, p
    if match is None:
        return False, 0.0, None
    return is_repeat(best, about.themes, match.themes), round(best, 3), match.text


def follow_through_frame(reports: list[Report]) -> pd.DataFrame:
    """One row per (commitment, linked indicator), with the next-year value and change; a
    commitment without linked indicators still gets one row (indicator columns empty)."""
    following = next_reports(reports)
    rows = []
    for r in sorted(reports, key=lambda r: (r.issuer_key or "", r.year or 0, r.source)):
        later = following.get(id(r))
        later_values = headline_values(later) if later else {}
        for no, c in enumerate(r.commitments):
            repeated, sim, matched = repeated_problem(r, c, later) if later else (None, None, None)
            base = {"issuer_key": r.issuer_key, "year": r.year, "source": r.source, "commitment_no": no,
                    "commitment": c.text, "next_source": later.source if later else None,
                    "problem_repeated": repeated, "similarity": sim, "matched_text": matched}
            if not c.indicators:
                rows.append({**base, "indicator_id": None, "value": None, "next_value": None, "change": None})
            for ind in c.indicators:
                nxt = later_values.get(ind["id"], (None, None))[0]
                change = None if nxt is None else round(nxt - ind["value"], 6)
                rows.append({**base, "indicator_id": ind["id"], "value": ind["value"],
                             "next_value": nxt, "change": change})
    return pd.DataFrame(rows, columns=COLUMNS)


def recurring_problems(reports: list[Report]) -> pd.DataFrame:
    """Problems that a report names again the following year (:func:`is_repeat`): issuer_key,
    year, problem, next_year, next_problem, similarity."""
    following = next_reports(reports)
    rows = []
    for r in sorted(reports, key=lambda r: (r.issuer_key or "", r.year or 0)):
        later = following.get(id(r))
        if not later:
            continue
        for p in r.problems:
            for q in later.problems:
                score = similarity(p.text, q.text)
                if is_repeat(score, p.themes, q.themes):
                    rows.append({"issuer_key": r.issuer_key, "year": r.year, "problem": p.text,
                                 "next_year": later.year, "next_problem": q.text,
                                 "similarity": round(score, 3)})
    return pd.DataFrame(rows, columns=["issuer_key", "year", "problem", "next_year", "next_problem",
                                       "similarity"])
