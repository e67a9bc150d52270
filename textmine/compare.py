"""Comparisons across reports: groups (year, region, level, issuer) and an issuer's years.

Every function here is pure: store tables (pandas DataFrames shaped as in
``docs/store-schema.md``) in, a DataFrame out. :func:`compare` runs them all; :func:`load_tables`
reads what they need from a store written by ``textmine run``.

- theme shares: the share of a group's narrative sentences that carry each theme (the same
  measure as ``Report.theme_shares``, pooled over the group's reports), per group and per group
  and year;
- keyness: the terms one group over-uses against all the other groups (chi², G²);
- indicator panels: issuer × year for the 表三/表四 totals, the derived rates of
  report-schema.md section 5 (``models/compare.toml``) and narrative indicators;
- text reuse: how much of a report repeats its issuer's previous report, sentence by sentence;
- recurring problems: section-五 problems an earlier report of the issuer already named.

Text similarity is TF-IDF cosine over character 2–3-grams, not over words. Reuse is a surface
property (the same characters in the same order), so surface features measure it: a segmenter
may cut one phrase differently in two contexts, which char n-grams never do, and a sentence
with one word changed keeps most of its n-grams. Digit runs are masked first: a sentence that
differs from last year's only in its figures (统计期限自2023年… / 2022年…; 办理申请81件 / 75件)
is the same sentence with the figures updated — which is exactly what a reader looking for
copied text wants to find.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .names import indicator_name
from .resources import load
from .themes import strong_cues
from .zh import NUMERALS

BY = ("year", "province", "region", "level", "issuer")
# the documents column each grouping reads (issuer: one name across renamings)
GROUP_COLUMN = {"year": "year", "province": "province", "region": "region", "level": "level",
                "issuer": "issuer_key"}

# The store's tables and columns (docs/store-schema.md): what the pure functions below expect,
# and the empty frame :func:`compare` uses for a table it is not given.
STORE_COLUMNS: dict[str, list[str]] = {
    "documents": ["source", "sha256", "format", "title", "layout", "year", "issuer", "issuer_key",
                  "region", "province", "level", "chars", "sections", "sentences", "cells",
                  "unreadable_cells", "errors", "warnings"],
    "sections": ["source", "id", "title", "start", "end", "text"],
    "sentences": ["source", "sentence_no", "section", "start", "end", "text", "themes"],
    "sentence_themes": ["source", "sentence_no", "theme", "confidence", "evidence"],
    "keywords": ["source", "method", "rank", "term", "score"],
    "cells": ["source", "cell_id", "table", "row", "column", "value", "state", "raw", "candidates"],
    "findings": ["source", "rule", "severity", "origin", "message", "cells", "expected", "found"],
    "indicators": ["source", "indicator_no", "id", "value", "before", "unit", "qualifier", "theme",
                   "text", "start", "end", "origin"],
    "problems": ["source", "problem_no", "text", "start", "end", "themes"],
    "commitments": ["source", "commitment_no", "text", "start", "end", "themes", "action", "object",
                    "target", "deadline", "problem_no"],
    "commitment_indicators": ["source", "commitment_no", "indicator_id", "value", "unit", "origin"],
    "followthrough": ["issuer_key", "year", "source", "commitment_no", "commitment", "indicator_id",
                      "value", "next_source", "next_year", "next_value", "change", "problem_repeated",
                      "similarity", "matched_text"],
    "failures": ["source", "sha256", "stage", "code", "error"],
}
# the tables compare() reads
COMPARE_TABLES = ("documents", "sections", "sentences", "sentence_themes", "cells", "indicators",
                  "problems")

UNCLASSIFIED = "unclassified"  # the indicator id of a narrative number no catalogue entry claims
REUSE_THRESHOLD = 0.8  # a sentence is reused when its best match last year is at least this close
FLAG_SHARE = 0.25  # a report is flagged when at least this share of its sentences is reused
MIN_CHARS = 10  # shorter sentences (headings, 特此报告。) say nothing about copying
PROBLEM_THRESHOLD = 0.5  # problems are restated in other words more than sentences are copied
# a sub-heading the template prescribes: （一）主动公开情况。 / 二、… / 3. …, short and one clause
_HEADING = re.compile(rf"^(?:[（(][{NUMERALS}\d]{{1,3}}[）)]|[{NUMERALS}]{{1,3}}、|\d{{1,2}}[.、．])"
                      r"[^，,；;：:]{0,16}[。]?$")


@dataclass
class Comparison:
    """The frames of ``textmine compare`` (each one CSV/Parquet file of the same name)."""

    theme_shares: pd.DataFrame  # group, theme, tagged, sentences, share
    theme_trend: pd.DataFrame  # group, year, theme, tagged, sentences, share
    keyness: pd.DataFrame  # group, term, target, reference, chi2, g2, p
    panel: pd.DataFrame  # issuer_key, year, source, indicator, label, value, unit, origin
    reuse: pd.DataFrame  # issuer_key, year, source, prev_year, prev_source, …, reused_share, flagged
    reuse_sentences: pd.DataFrame  # the reused sentences with their match last year
    recurring_problems: pd.DataFrame  # problems an earlier report of the issuer already named

    def frames(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- loading
def load_tables(out: Path, names: tuple[str, ...] = COMPARE_TABLES) -> dict[str, pd.DataFrame]:
    """The store tables ``names`` of ``out``, read through ``textmine.store.read_table`` (which
    raises ``StoreNotFoundError`` when ``out`` holds no store). A column that a store built by an
    older textmine lacks (``documents.province``) is added empty: its comparisons still run."""
    from .store import read_table

    tables = {n: read_table(out, n) for n in names}
    for n, frame in tables.items():
        for column in STORE_COLUMNS.get(n, ()):
            if column not in frame.columns:
                frame[column] = pd.NA
    return tables


def empty(name: str) -> pd.DataFrame:
    """An empty store table ``name`` with its schema columns."""
    return pd.DataFrame(columns=STORE_COLUMNS[name])


# --------------------------------------------------------------------------- groups
def groups(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    """source → group (and year), for the reports that have a value for ``by``."""
    if by not in GROUP_COLUMN:
        raise ValueError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    frame = pd.DataFrame({"source": documents["source"], "year": documents["year"],
                          "group": documents[GROUP_COLUMN[by]]})
    return frame.dropna(subset=["group"]).reset_index(drop=True)


# --------------------------------------------------------------------------- themes
def theme_shares(documents: pd.DataFrame, sentences: pd.DataFrame, sentence_themes: pd.DataFrame,
                 by: str, per_year: bool = False) -> pd.DataFrame:
    """Share of each group's narrative sentences that carry each theme (pooled over its reports,
    so a long report weighs more than a short one — the share of the group's text). With
    ``per_year``, per group and year (a theme's trend). Columns: group, [year,] theme, tagged
    (sentences with the theme), sentences (all the group's sentences), share."""
    keys = ["group", "year"] if per_year else ["group"]
    cols = [*keys, "theme", "tagged", "sentences", "share"]
    g = groups(documents, by)
    totals = (sentences[["source"]].merge(g, on="source").groupby(keys).size().rename("sentences"))
    tagged = (sentence_themes.drop_duplicates(["source", "sentence_no", "theme"])
              .merge(g, on="source").groupby([*keys, "theme"]).size().rename("tagged"))
    if tagged.empty:
        return pd.DataFrame(columns=cols)
    frame = tagged.reset_index().merge(totals.reset_index(), on=keys)
    frame["share"] = (frame["tagged"] / frame["sentences"]).round(4)
    return (frame.sort_values([*keys, "share", "theme"], ascending=[*[True] * len(keys), False, True])
            [cols].reset_index(drop=True))


def share_matrix(shares: pd.DataFrame, index: str = "group") -> pd.DataFrame:
    """Long theme shares → a group × theme matrix (0 where a group has no sentence of a theme),
    themes ordered by their share over all groups."""
    if shares.empty:
        return pd.DataFrame()
    matrix = shares.pivot_table(index=index, columns="theme", values="share", aggfunc="first",
                                fill_value=0.0)
    return matrix[matrix.mean().sort_values(ascending=False).index]


# --------------------------------------------------------------------------- keyness
def narratives(sentences: pd.DataFrame) -> pd.Series:
    """source → its narrative (sentences in order, one per line)."""
    order = sentences.sort_values(["source", "sentence_no"])
    return order.groupby("source")["text"].agg(lambda t: "\n".join(t.astype(str)))


def group_keyness(documents: pd.DataFrame, sentences: pd.DataFrame, by: str, top: int = 20,
                  min_count: int = 3) -> pd.DataFrame:
    """The ``top`` terms each group over-uses against all the other groups (one vs the rest),
    by chi² (Yates) with G² beside it; only terms the group uses more than expected. Each
    report's narrative is tokenized once. Columns: group, term, target, reference, chi2, g2, p."""
    from .keywords import content_tokens, keyness_counts

    cols = ["group", "term", "target", "reference", "chi2", "g2", "p"]
    g = groups(documents, by)
    texts = narratives(sentences)
    counts = {src: Counter(content_tokens(texts.get(src, ""))) for src in g["source"]}
    per_group: dict[object, Counter] = {}
    for row in g.itertuples():
        per_group.setdefault(row.group, Counter()).update(counts[row.source])
    if len(per_group) < 2:
        return pd.DataFrame(columns=cols)
    everything = sum(per_group.values(), Counter())
    out = []
    for name in sorted(per_group, key=str):
        target = per_group[name]
        frame = keyness_counts(target, everything - target, min_count)
        frame = frame[frame["chi2"] > 0].head(top)
        out.append(frame.assign(group=name))
    return pd.concat(out, ignore_index=True)[cols]


# --------------------------------------------------------------------------- indicator panels
@cache
def panel_spec() -> dict:
    """``models/compare.toml``: the cells and rates of the panels (and the report's chart
    titles)."""
    return load("compare")


def rate(values: Mapping[str, float], rate_id: str) -> float | None:
    """A derived rate of the schema (defined once, in ``models/indicators.toml``), in percent as
    the ``indicators`` table holds it; None when a cell it needs has no number (a blank is not
    0) or the denominator is 0."""
    from .indicators import catalogue, rate_of

    return rate_of(values, catalogue().rates[rate_id])


def _rate_cells(rate_id: str) -> list[str]:
    from .indicators import catalogue

    spec = catalogue().rates[rate_id]
    return [*spec["num"], *spec["den"], *spec.get("minus", [])]


def indicator_panel(documents: pd.DataFrame, cells: pd.DataFrame,
                    indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Issuer × year panel, long: the cells and derived rates of ``models/compare.toml`` from
    every report's tables, plus the narrative indicators (``indicators.origin == narrative``;
    an id stated several times in a report counts once, its largest value; numbers no
    catalogue indicator claims, ``unclassified``, compare nothing and are left out). Columns:
    issuer_key, year, source, indicator, label, value, unit, origin (table / rate / narrative)."""
    cols = ["issuer_key", "year", "source", "indicator", "label", "value", "unit", "origin"]
    spec = panel_spec()
    wanted = {c["id"] for c in spec["cells"]}
    for r in spec["rates"]:
        wanted.update(_rate_cells(r["id"]))
    numbers = cells[(cells["cell_id"].isin(wanted)) & (cells["state"] == "value")]
    by_source = {src: dict(zip(f["cell_id"], f["value"], strict=True))
                 for src, f in numbers.groupby("source")}
    rows = []
    for doc in documents.itertuples():
        values = by_source.get(doc.source, {})
        key = {"issuer_key": doc.issuer_key, "year": doc.year, "source": doc.source}
        for c in spec["cells"]:
            if c["id"] in values:
                rows.append({**key, "indicator": c["id"], "label": c["label"],
                             "value": float(values[c["id"]]), "unit": c.get("unit", ""),
                             "origin": "table"})
        for r in spec["rates"]:
            v = rate(values, r["id"])
            if v is not None:
                rows.append({**key, "indicator": r["id"], "label": indicator_name(r["id"]), "value": v,
                             "unit": "%", "origin": "rate"})
    if indicators is not None and not indicators.empty:
        # an id stated several times: its largest value, the total rather than a part (主动公开
        # 2069条, 其中…1592条), as the follow-through reads it (indicators.headline); a share
        # (占34.8%) its first: the largest of a report's shares is no total
        narrative = indicators[(indicators["origin"] == "narrative") & (indicators["id"] != UNCLASSIFIED)]
        share = narrative["unit"].isin(["%", "％"])
        narrative = (narrative.assign(_rank=(-narrative["value"]).where(~share, narrative["indicator_no"]))
                     .sort_values(["source", "_rank", "indicator_no"]).drop_duplicates(["source", "id"]))
        meta = documents.set_index("source")[["issuer_key", "year"]]
        for ind in narrative.itertuples():
            if ind.source in meta.index:
                m = meta.loc[ind.source]
                rows.append({"issuer_key": m["issuer_key"], "year": m["year"], "source": ind.source,
                             "indicator": ind.id, "label": indicator_name(ind.id), "value": float(ind.value),
                             "unit": ind.unit or "", "origin": "narrative"})
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["issuer_key", "indicator", "year"], ignore_index=True)


# The columns of a wide panel that are not years: which issuer, which indicator, its name, its
# unit (the latest report's: one series per indicator even where reports count it in 件 one year
# and 份 another), and where its values come from (table, rate or narrative).
PANEL_KEYS = ("issuer_key", "indicator", "label", "unit", "origin")
_PIVOT_KEYS = ["issuer_key", "indicator", "label", "origin"]


def panel_wide(panel: pd.DataFrame, min_years: int = 1) -> pd.DataFrame:
    """The long panel as issuer × indicator rows and one column per year; only the issuers with
    at least ``min_years`` reports (a panel of one year compares nothing)."""
    if panel.empty:
        return pd.DataFrame()
    years = panel.groupby("issuer_key")["year"].nunique()
    keep = panel[panel["issuer_key"].isin(years[years >= min_years].index)]
    if keep.empty:
        return pd.DataFrame()
    order = {ind: i for i, ind in enumerate(dict.fromkeys(_spec_order() + list(keep["indicator"])))}
    wide = keep.pivot_table(index=_PIVOT_KEYS, columns="year", values="value", aggfunc="first")
    wide = wide.reset_index()
    units = (keep.sort_values("year").groupby(["issuer_key", "indicator"])["unit"].last()
             .rename("unit").reset_index())
    wide = wide.merge(units, on=["issuer_key", "indicator"], how="left")
    wide.insert(3, "unit", wide.pop("unit"))
    wide["_order"] = wide["indicator"].map(order)
    return wide.sort_values(["issuer_key", "_order"]).drop(columns="_order").reset_index(drop=True)


def format_panel(wide: pd.DataFrame) -> pd.DataFrame:
    """:func:`panel_wide` for reading: rates as percentages, counts as whole numbers, empty
    where a report has no value."""
    if wide.empty:
        return wide
    years = [c for c in wide.columns if c not in PANEL_KEYS]
    out = wide.copy()
    for col in years:
        out[col] = [format_value(v, ind, unit)
                    for v, ind, unit in zip(wide[col], wide["indicator"], wide["unit"], strict=True)]
    return out


def format_value(value: object, indicator: str = "", unit: str = "") -> str:
    """One value as text: a rate (``…_rate``, in percent) or a value in ``%`` with one decimal
    and its sign (51.9%), a whole number without decimals, another at most four decimals
    (25.1, 219062.78), nothing for a missing value."""
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    if indicator.endswith("_rate") or unit in ("%", "％"):
        return f"{v:.1f}%".replace("-0.0%", "0.0%")
    v = round(v, 4) + 0.0  # + 0.0: no "-0"
    return str(int(v)) if v.is_integer() else f"{v:.4f}".rstrip("0").rstrip(".")


def _spec_order() -> list[str]:
    spec = panel_spec()
    return [c["id"] for c in spec["cells"]] + [r["id"] for r in spec["rates"]]


# --------------------------------------------------------------------------- text similarity
def mask_digits(text: str) -> str:
    """Digit runs → ``0``: the figures change every year, the sentence around them is the text."""
    return re.sub(r"\d+(?:\.\d+)?", "0", text)


def char_tfidf(texts: list[str]):
    """Rows of TF-IDF over character 2–3-grams of digit-masked ``texts`` (L2-normalised, so a dot
    product is a cosine), IDF fitted on the same texts: the n-grams every report uses (政府,
    公开) count for little. Each text is vectorised once, whatever the number of pairs."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                          preprocessor=mask_digits, lowercase=False)
    return vec.fit_transform(texts)


def best_matches(current, previous) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``current``: the index of its most similar row of ``previous`` and that
    cosine (rows L2-normalised)."""
    n = current.shape[0]
    if n == 0 or previous.shape[0] == 0:
        return np.zeros(n, dtype=int), np.zeros(n)
    sim = (current @ previous.T).toarray()
    return sim.argmax(axis=1), sim.max(axis=1)


def whole_cosine(current, previous) -> float:
    """Cosine of two texts as wholes: the sums of their sentences' vectors."""
    a, b = np.asarray(current.sum(axis=0)).ravel(), np.asarray(previous.sum(axis=0)).ravel()
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else 0.0


def previous_reports(documents: pd.DataFrame) -> pd.DataFrame:
    """Each report with its issuer's latest earlier report (issuer_key, so renamings join):
    source, issuer_key, year, prev_source, prev_year. Reports of the issuer's first year in the
    corpus are left out. With several reports of one issuer key and year (an old and a new name
    both publishing), each takes the earlier report under its own printed name when there is
    one (:func:`textmine.crossyear.series_links`)."""
    return _chains(documents, depth=1)


def _series(documents: pd.DataFrame) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    from .crossyear import series_links

    docs = documents.dropna(subset=["issuer_key", "year"])
    issuers = docs["issuer"] if "issuer" in docs else docs["issuer_key"]
    rows = [(k, int(y), i if isinstance(i, str) else k, src) for k, y, i, src in
            zip(docs["issuer_key"], docs["year"], issuers, docs["source"], strict=True)]
    info = {src: (k, y) for k, y, _, src in rows}
    return series_links(rows), info


def _chains(documents: pd.DataFrame, depth: int | None = None) -> pd.DataFrame:
    """Each report with its predecessors along its issuer's series, the most recent first (at
    most ``depth`` of them): source, issuer_key, year, prev_source, prev_year."""
    links, info = _series(documents)
    rows = []
    for source in sorted(info, key=lambda s: (info[s][0], info[s][1], s)):
        key, year = info[source]
        prev, taken = links.get(source), 0
        while prev is not None and (depth is None or taken < depth):
            rows.append({"source": source, "issuer_key": key, "year": year,
                         "prev_source": prev, "prev_year": info[prev][1]})
            prev, taken = links.get(prev), taken + 1
    return pd.DataFrame(rows, columns=["source", "issuer_key", "year", "prev_source", "prev_year"])


def comparable_sentences(sentences: pd.DataFrame, sections: pd.DataFrame | None = None,
                         documents: pd.DataFrame | None = None,
                         min_chars: int = MIN_CHARS) -> pd.DataFrame:
    """The sentences that can show copying. Every report repeats the template's words whether
    or not it copies last year's, so these are left out: the report's title and a section title
    at a sentence's start (六、其他需要报告的事项2023年，无… → 2023年，无…), the sub-headings
    (（一）主动公开情况。), the boilerplate of ``models/themes.toml`` (统计期限, 电子版下载,
    联系电话…), and what is shorter than ``min_chars``."""
    from .themes import boilerplate_flags

    frame = sentences[["source", "sentence_no", "text"]].copy()
    if frame.empty:
        return frame
    frame["text"] = frame["text"].astype(str)
    titles: dict[str, list[str]] = {}
    if sections is not None and not sections.empty:
        titles = sections.dropna(subset=["title"]).groupby("source")["title"].agg(list).to_dict()
    if documents is not None and not documents.empty:
        for src, title in zip(documents["source"], documents["title"], strict=True):
            if isinstance(title, str) and title:
                titles.setdefault(src, []).append(title)
    frame["text"] = [_strip_title(t, titles.get(s, [])) for s, t in
                     zip(frame["source"], frame["text"], strict=True)]
    text = frame["text"]
    keep = (text.str.len().ge(min_chars) & ~pd.Series(boilerplate_flags(text.tolist()), index=text.index)
            & ~text.map(lambda t: bool(_HEADING.match(t))))
    return frame[keep].reset_index(drop=True)


def _strip_title(text: str, titles: list[str]) -> str:
    for title in sorted(titles, key=len, reverse=True):
        if title and text.startswith(title):
            return text[len(title):].strip()
    return text


def reuse_scores(documents: pd.DataFrame, sentences: pd.DataFrame,
                 sections: pd.DataFrame | None = None, threshold: float = REUSE_THRESHOLD,
                 flag_share: float = FLAG_SHARE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How much of each report repeats its issuer's previous report.

    Per report: ``reused_share`` — the share of its comparable sentences whose best match in the
    previous report has cosine ≥ ``threshold``; ``mean_best`` — the mean of those best cosines;
    ``doc_cosine`` — the two narratives as wholes; ``flagged`` when ``reused_share ≥
    flag_share``. Returns (scores, reused sentences with their matches)."""
    score_cols = ["issuer_key", "year", "source", "prev_year", "prev_source", "sentences", "reused",
                  "reused_share", "mean_best", "doc_cosine", "flagged"]
    match_cols = ["issuer_key", "year", "source", "sentence_no", "text", "prev_year", "prev_source",
                  "prev_sentence_no", "prev_text", "similarity"]
    pairs = previous_reports(documents)
    comparable = comparable_sentences(sentences, sections, documents) if not pairs.empty else sentences
    if pairs.empty or comparable.empty:
        return pd.DataFrame(columns=score_cols), pd.DataFrame(columns=match_cols)
    matrix = char_tfidf(comparable["text"].tolist())
    rows = {src: np.asarray(idx) for src, idx in comparable.groupby("source").indices.items()}
    none = np.array([], dtype=int)
    scores, matches = [], []
    for p in pairs.itertuples():
        mine, theirs = rows.get(p.source, none), rows.get(p.prev_source, none)
        cur, prev = comparable.iloc[mine], comparable.iloc[theirs]
        idx, best = best_matches(matrix[mine], matrix[theirs])
        reused = best >= threshold
        share = float(reused.mean()) if len(best) else 0.0
        whole = whole_cosine(matrix[mine], matrix[theirs]) if len(mine) and len(theirs) else 0.0
        scores.append({"issuer_key": p.issuer_key, "year": p.year, "source": p.source,
                       "prev_year": p.prev_year, "prev_source": p.prev_source,
                       "sentences": len(best), "reused": int(reused.sum()),
                       "reused_share": round(share, 4),
                       "mean_best": round(float(best.mean()), 4) if len(best) else 0.0,
                       "doc_cosine": round(whole, 4), "flagged": share >= flag_share})
        for k in np.flatnonzero(reused):
            matches.append({"issuer_key": p.issuer_key, "year": p.year, "source": p.source,
                            "sentence_no": cur["sentence_no"].iloc[k], "text": cur["text"].iloc[k],
                            "prev_year": p.prev_year, "prev_source": p.prev_source,
                            "prev_sentence_no": prev["sentence_no"].iloc[idx[k]],
                            "prev_text": prev["text"].iloc[idx[k]],
                            "similarity": round(float(best[k]), 4)})
    return pd.DataFrame(scores, columns=score_cols), pd.DataFrame(matches, columns=match_cols)


def earlier_reports(documents: pd.DataFrame) -> pd.DataFrame:
    """Each report with every earlier report of its issuer's series, the most recent first:
    source, issuer_key, year, prev_source, prev_year (one report per earlier year, chosen as
    :func:`previous_reports` chooses)."""
    return _chains(documents)


def recurring_problems(documents: pd.DataFrame, problems: pd.DataFrame,
                       threshold: float = PROBLEM_THRESHOLD) -> pd.DataFrame:
    """Problems of section 五 that an earlier report of the issuer already named: for each, the
    most recent earlier report that did (usually the previous one; an older one when the
    problem skipped a year: 2015 Pingtan's 受人员编制限制… again in 2019, not in 2018).

    A problem recurs when a problem of the earlier report is close in its words (char n-gram
    cosine ≥ ``threshold``: ``match = text``) or names the same subject: both hold one of the
    strong cue terms of a theme (``models/themes.toml``: 政策解读, 队伍建设, 依申请…;
    ``match = cue``, the cues in ``shared``). The second is needed because a problem is rarely
    copied: Pingtan writes 政策解读形式不够丰富… in 2021, 政策解读形式单一… in 2022 and
    政策解读的质量有待提高，形式还要更加多样… in 2023, cosines near 0.1. The match shown is the
    closest in words among those that qualify. Columns: issuer_key, year, source, problem_no,
    text, themes, prev_year, prev_source, prev_problem_no, prev_text, similarity, match, shared."""
    cols = ["issuer_key", "year", "source", "problem_no", "text", "themes", "prev_year",
            "prev_source", "prev_problem_no", "prev_text", "similarity", "match", "shared"]
    pairs = earlier_reports(documents)
    if problems.empty or pairs.empty:
        return pd.DataFrame(columns=cols)
    problems = (problems.assign(text=problems["text"].astype(str),
                                themes=problems["themes"].fillna("").astype(str))
                .sort_values(["source", "problem_no"]).reset_index(drop=True))
    cues = strong_cues(problems["text"].tolist())  # the same subject test as the follow-through
    matrix = char_tfidf(problems["text"].tolist())
    at = {src: np.asarray(idx) for src, idx in problems.groupby("source").indices.items()}
    rows = []
    found: set[int] = set()  # problems already matched in a more recent earlier report
    for p in pairs.itertuples():  # per report, its earlier reports most recent first
        if p.source not in at or p.prev_source not in at:
            continue
        mine, theirs = at[p.source], at[p.prev_source]
        sim = (matrix[mine] @ matrix[theirs].T).toarray()
        for k, i in enumerate(mine):
            if i in found:
                continue
            shared = [cues[i] & cues[j] for j in theirs]
            close = sim[k] >= threshold
            qualifies = close | np.array([bool(c) for c in shared])
            if not qualifies.any():
                continue
            found.add(i)
            best = int(np.argmax(np.where(qualifies, sim[k], -1.0)))
            j = theirs[best]
            rows.append({"issuer_key": p.issuer_key, "year": p.year, "source": p.source,
                         "problem_no": problems["problem_no"].iloc[i], "text": problems["text"].iloc[i],
                         "themes": problems["themes"].iloc[i], "prev_year": p.prev_year,
                         "prev_source": p.prev_source, "prev_problem_no": problems["problem_no"].iloc[j],
                         "prev_text": problems["text"].iloc[j],
                         "similarity": round(float(sim[k][best]), 4),
                         "match": "text" if close[best] else "cue",
                         "shared": ";".join(sorted(shared[best]))})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["issuer_key", "year", "problem_no"], ignore_index=True) if not out.empty else out


# --------------------------------------------------------------------------- all of it
def compare(tables: Mapping[str, pd.DataFrame], by: str = "year", top: int = 20) -> Comparison:
    """Every comparison over the store ``tables`` (as :func:`load_tables` returns them)."""
    t = {n: tables[n] if n in tables else empty(n) for n in COMPARE_TABLES}
    docs, sents, themes = t["documents"], t["sentences"], t["sentence_themes"]
    reuse, reused = reuse_scores(docs, sents, t["sections"])
    return Comparison(
        theme_shares=theme_shares(docs, sents, themes, by),
        theme_trend=theme_shares(docs, sents, themes, by, per_year=True),
        keyness=group_keyness(docs, sents, by, top=top),
        panel=indicator_panel(docs, t["cells"], t["indicators"]),
        reuse=reuse,
        reuse_sentences=reused,
        recurring_problems=recurring_problems(docs, t["problems"]),
    )


def write_frames(frames: Mapping[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Each frame as ``<name>.csv`` (UTF-8 with BOM, so spreadsheet programs show the Chinese)
    and ``<name>.parquet`` in ``folder``. Lists and dicts in cells become JSON strings."""
    from .output import json_cells, write_csv

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        frame = json_cells(frame)
        frame.columns = [str(c) for c in frame.columns]
        csv = folder / f"{name}.csv"
        write_csv(csv, frame)
        parquet = folder / f"{name}.parquet"
        frame.to_parquet(parquet, index=False)
        written += [csv, parquet]
    return written
