"""Follow-through: each commitment's indicators read again in the same issuer's next report,
and whether that report names the same problem again.

Issuers are matched by ``Report.issuer_key`` (one name across renamings, from the manifest's
``aliases``); the next report is the issuer's report of the nearest later year the corpus holds
(the following year, or after a gap when the corpus lacks years: ``next_year`` says which), as
``textmine compare`` pairs each report with the previous one. A problem counts as repeated when
a problem of the next report says much the same thing: the Dice overlap of their Chinese
character bigrams is at least ``REPEAT_SIMILARITY`` (reports that repeat a problem mostly copy
its wording; a reworded repeat scores lower and is missed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .commitments import similarity
from .crossyear import series_links
from .model import Commitment, Report

if TYPE_CHECKING:  # pandas is imported where a frame is made: the store's workers never need it
    import pandas as pd

REPEAT_SIMILARITY = 0.5
COLUMNS = ["issuer_key", "year", "source", "commitment_no", "commitment", "indicator_id", "value",
           "next_source", "next_year", "next_value", "change", "problem_repeated", "similarity",
           "matched_text"]


def next_reports(reports: list[Report]) -> dict[int, Report]:
    """id(report) → the same issuer's report of the nearest later year in the corpus (several
    reports of one issuer and year: the one under the same printed name, else the first by
    source — :func:`textmine.crossyear.series_links`; never dependent on input order)."""
    dated = [r for r in reports if (r.issuer_key or r.issuer) and r.year]
    by_source = {r.source: r for r in dated}
    links = series_links([(r.issuer_key or r.issuer, r.year, r.issuer or "", r.source) for r in dated],
                         later=True)
    return {id(by_source[source]): by_source[nxt] for source, nxt in links.items()}


def headline_values(report: Report) -> dict[str, tuple[float, str]]:
    """Indicator id → (value, unit) of its headline occurrence in the report (as linked)."""
    from .indicators import headline

    return {k: (ind.value, ind.unit) for k, ind in headline(report.indicators).items()}


def is_repeat(score: float, cues_a: frozenset[str], cues_b: frozenset[str]) -> bool:
    return score >= REPEAT_SIMILARITY or bool(cues_a & cues_b)


def repeated_problem(report: Report, commitment: Commitment,
                     later: Report) -> tuple[bool, float, str | None]:
    """(repeated?, similarity, the later problem's text) between what the commitment answers
    (its paired problem, else the commitment itself) and the later problems: the closest in
    words among those that repeat it, else the closest."""
    from .themes import strong_cues

    if not later.problems:
        return False, 0.0, None
    about = report.problems[commitment.problem].text if commitment.problem is not None else commitment.text
    cues = strong_cues([about, *(p.text for p in later.problems)])
    scored = [(is_repeat(s, cues[0], c), s, p.text) for p, c in zip(later.problems, cues[1:], strict=True)
              for s in [similarity(about, p.text)]]
    repeated, best, text = max(scored, key=lambda x: (x[0], x[1]))
    return repeated, round(best, 3), text


def follow_through_rows(reports: list[Report]) -> list[tuple]:
    """The rows of :func:`follow_through_frame` as plain tuples in :data:`COLUMNS` order (the
    store takes them as they are: building and taking apart a DataFrame per issuer cost more
    than computing them). One row per (commitment, linked indicator), with the next report's
    value and change; a commitment without linked indicators still gets one row (indicator columns
    empty)."""
    following = next_reports(reports)
    rows: list[tuple] = []
    for r in sorted(reports, key=lambda r: (r.issuer_key or "", r.year or 0, r.source)):
        later = following.get(id(r))
        later_values = headline_values(later) if later else {}
        next_source = later.source if later else None
        next_year = later.year if later else None
        for no, c in enumerate(r.commitments):
            repeated, sim, matched = repeated_problem(r, c, later) if later else (None, None, None)
            if not c.indicators:
                rows.append((r.issuer_key, r.year, r.source, no, c.text, None, None, next_source,
                             next_year, None, None, repeated, sim, matched))
            for ind in c.indicators:
                nxt = later_values.get(ind["id"], (None, None))[0]
                change = None if nxt is None else round(nxt - ind["value"], 6)
                rows.append((r.issuer_key, r.year, r.source, no, c.text, ind["id"], ind["value"],
                             next_source, next_year, nxt, change, repeated, sim, matched))
    return rows


def follow_through_frame(reports: list[Report]) -> pd.DataFrame:
    """:func:`follow_through_rows` as a DataFrame (columns :data:`COLUMNS`)."""
    import pandas as pd

    return pd.DataFrame(follow_through_rows(reports), columns=COLUMNS)


def recurring_problems(reports: list[Report]) -> pd.DataFrame:
    """Problems that a report names again in the issuer's next report (:func:`is_repeat`):
    issuer_key, year, problem, next_year, next_problem, similarity."""
    import pandas as pd

    from .themes import strong_cues

    following = next_reports(reports)
    rows = []
    for r in sorted(reports, key=lambda r: (r.issuer_key or "", r.year or 0, r.source)):
        later = following.get(id(r))
        if not later:
            continue
        cues = strong_cues([p.text for p in r.problems])
        later_cues = strong_cues([q.text for q in later.problems])
        for p, c in zip(r.problems, cues, strict=True):
            for q, d in zip(later.problems, later_cues, strict=True):
                score = similarity(p.text, q.text)
                if is_repeat(score, c, d):
                    rows.append({"issuer_key": r.issuer_key, "year": r.year, "problem": p.text,
                                 "next_year": later.year, "next_problem": q.text,
                                 "similarity": round(score, 3)})
    return pd.DataFrame(rows, columns=["issuer_key", "year", "problem", "next_year", "next_problem",
                                       "similarity"])
