"""``textmine report OUT --html DIR``: the store as a static web site that opens from disk.

``index.html`` is the corpus overview (reports by year, region and layout; the reports whose
tables break their own arithmetic and the files that could not be read; theme shares; the
comparisons of :mod:`textmine.compare`), and ``reports/<file>.html`` one page per report (theme
chart, keywords, table checks with the offending cells, problems and commitments with their
indicators and next-year values, text reused from the previous report, and the narrative with
the evidence of each theme highlighted), and ``themes/<id>.html`` one page per theme (its share by
year and by report, the quantities stated for it, the commitments about it, every sentence that
carries it with its evidence).

Nothing is fetched when a page is viewed: charts are inline SVG drawn by matplotlib with
``svg.fonttype = none``, so the browser sets the Chinese in its own fonts (a font embedded as
paths would need a CJK font on the machine that builds the site, and the text would not be
selectable); the styles are inline; the narrative is displaCy's span rendering, made from the
store's sentences and evidence directly (no spaCy pipeline is run: the themes are in the store
already). Every value reaches the page through Jinja2 with autoescape on; the only markup passed
through is the SVG (matplotlib escapes its text) and displaCy's (it escapes its tokens; the
labels are escaped here).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from . import compare as cmp
from .names import (
    cell_name,
    finding_text,
    indicator_name,
    origin_name,
    rule_name,
    severity_name,
    state_name,
    theme_labels,
    theme_name,
)
from .zh import LAYOUT_NAMES, LEVEL_NAMES, NUMERAL_CHARS, SECTION_NAMES

# One colour per theme, in the order of models/themes.toml (light enough to read black on).
PALETTE = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
           "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f", "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f",
           "#cab2d6", "#e5d8bd", "#9edae5", "#c7e9c0", "#f4cae4", "#e6f5c9"]
# matplotlib: text left as text for the browser; CJK families first where the builder has them
CHART_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "textmine",  # stable ids: the same store gives the same pages
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                        "Microsoft YaHei", "PingFang SC", "DejaVu Sans"],
    "font.size": 9,
}
# displaCy's span templates without the whitespace between their tags (in Chinese every space
# shows, and highlighted pieces must abut their neighbours), with class names so that the page's
# style sheet can keep a label on one line and bring it forward on hover
_SPAN_TEMPLATES = {
    "span": '<span class="tm-token" style="display: inline-block; position: relative; '
            'height: {total_height}px;">{text}{span_slices}{span_starts}</span>',
    "slice": '<span style="background: {bg}; top: {top_offset}px; height: 3px; left: 0; '
             'width: 100%; position: absolute;"></span>',
    "start": '<span style="background: {bg}; top: {top_offset}px; height: 3px; left: 0; '
             'width: 100%; position: absolute;"><span class="tm-label" style="background: {bg};">'
             '{label}{kb_link}</span></span>',
}
# displaCy's vertical layout in px: underline below the text, a label row per stacked span
_SPAN_LAYOUT = {"top_offset": 24, "span_label_offset": 14, "top_offset_step": 13}


@dataclass
class Site:
    """What ``textmine report`` wrote: the folder, the index, one page per report and one per
    theme."""

    folder: Path
    index: Path
    pages: dict[str, Path]  # source -> page
    themes: dict[str, Path] = field(default_factory=dict)  # theme id -> page


# --------------------------------------------------------------------------- names and labels


def theme_colours() -> dict[str, str]:
    """theme id → colour, stable across pages and runs."""
    from .themes import theme_ids

    ids = list(dict.fromkeys([*theme_ids(), *theme_labels()]))
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(ids)}


def page_name(source: str) -> str:
    """The page file of a report: its source path made one safe file name. When that changed
    the path (sub-folders, unsafe characters), a digest of the path keeps two sources apart
    (``a/b.txt`` and ``a__b.txt``)."""
    safe = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", source.replace("/", "__"))
    if safe != source:
        safe += "-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return safe + ".html"


def label(theme: str) -> str:
    return theme_name(theme)


def chart_title(key: str) -> str:
    """A chart's title, from ``[chart_titles]`` of ``models/compare.toml``."""
    return cmp.panel_spec()["chart_titles"][key]


# --------------------------------------------------------------------------- charts
def svg_of(fig, tight: bool = True) -> str:
    """A matplotlib figure as inline SVG markup (no XML prolog, no date: the same data gives
    the same bytes). ``tight=False`` keeps the figure's own margins, which saves the second
    drawing a tight bounding box costs (the per-report charts set their margins themselves)."""
    buf = io.StringIO()
    with warnings.catch_warnings():
        # without a CJK font the layout measures Chinese with a Latin font; the browser draws it
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.savefig(buf, format="svg", metadata={"Date": None},
                    **({"bbox_inches": "tight"} if tight else {}))
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def _label_width(labels: list[str], size_pt: float) -> float:
    """Inches a column of tick labels needs: a CJK character is one em wide, others about half."""
    widest = max((sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text) for text in labels),
                 default=0.0)
    return widest * size_pt / 72 + 0.15


def bar_chart(shares: Mapping[str, float], title: str, colours: Mapping[str, str] | None = None,
              top: int = 12) -> str:
    """Horizontal bars of theme shares (largest on top), as SVG; ``shares``: theme id → share.

    Every bar carries its name and its percentage as text, so the chart has no axes: matplotlib
    then skips its tick layout, which is most of the time a chart takes (one per report page)."""
    import matplotlib
    from matplotlib.figure import Figure

    items = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))[:top][::-1]
    if not items:
        return ""
    colours = colours or theme_colours()
    names = [label(t) for t, _ in items]
    width, height = 6.0, 0.26 * len(items) + 0.45
    with matplotlib.rc_context(CHART_RC):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(left=_label_width(names, CHART_RC["font.size"]) / width, right=0.97,
                            top=1 - 0.35 / height, bottom=0.05 / height)
        ax = fig.add_subplot()
        ax.barh(range(len(items)), [v for _, v in items], height=0.75,
                color=[colours.get(t, "#999") for t, _ in items], edgecolor="#555", linewidth=0.5)
        names_at = ax.get_yaxis_transform()  # x in axes units, y in data units
        for i, (name, (_, v)) in enumerate(zip(names, items, strict=True)):
            ax.text(v, i, f" {v:.0%}", va="center", fontsize=8)
            ax.text(-0.01, i, name, va="center", ha="right", transform=names_at)
        ax.set_xlim(0, max(v for _, v in items) * 1.18)
        ax.set_ylim(-0.6, len(items) - 0.4)
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        return svg_of(fig, tight=False)


def year_chart(shares: Mapping[int, float], title: str, colour: str = "#80b1d3") -> str:
    """Vertical bars of one theme's share per year, as SVG (each bar labelled with its share;
    a year at 0 is drawn as such, not left out)."""
    import matplotlib
    from matplotlib.figure import Figure

    items = sorted(shares.items())
    if not items:
        return ""
    with matplotlib.rc_context(CHART_RC):
        width = max(2.5, 0.55 * len(items) + 0.6)
        fig = Figure(figsize=(width, 2.4))
        fig.subplots_adjust(left=0.25 / width, right=1 - 0.15 / width, top=0.82, bottom=0.14)
        ax = fig.add_subplot()
        xs = [str(y) for y, _ in items]
        ax.bar(xs, [v for _, v in items], color=colour, edgecolor="#555", linewidth=0.5)
        for x, (_, v) in zip(xs, items, strict=True):
            ax.text(x, v, f"{v:.0%}", ha="center", va="bottom", fontsize=7)
        ax.set_ylim(0, max(v for _, v in items) * 1.25 or 1)
        ax.yaxis.set_visible(False)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(title, loc="left")
        return svg_of(fig, tight=False)


def heatmap(matrix: pd.DataFrame, title: str) -> str:
    """Theme × group shares as a heat map with the percentages written in (rows: themes)."""
    import matplotlib
    from matplotlib.figure import Figure

    if matrix.empty:
        return ""
    data = matrix.T  # themes down, groups across
    with matplotlib.rc_context(CHART_RC):
        fig = Figure(figsize=(1.2 + 0.62 * data.shape[1], 0.3 * data.shape[0] + 1.0))
        ax = fig.add_subplot()
        ax.imshow(data.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0)
        ax.set_xticks(range(data.shape[1]), [str(c) for c in data.columns])
        ax.set_yticks(range(data.shape[0]), [label(t) for t in data.index])
        ax.xaxis.tick_top()
        top = float(data.to_numpy().max()) or 1.0
        for (i, j), v in pd.DataFrame(data.to_numpy()).stack().items():
            if v > 0:
                ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                        color="white" if v > 0.6 * top else "black")
        ax.set_title(title, loc="left", pad=22)
        return svg_of(fig)


def reuse_chart(reuse: pd.DataFrame, flag_share: float = cmp.FLAG_SHARE) -> str:
    """Share of each report's sentences reused from the previous report, one bar per report,
    with the flag threshold drawn."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    if reuse.empty:
        return ""
    rows = reuse.sort_values(["issuer_key", "year"])
    names = [f"{r.issuer_key} {r.prev_year}→{r.year}" for r in rows.itertuples()][::-1]
    values = rows["reused_share"].tolist()[::-1]
    flagged = rows["flagged"].tolist()[::-1]
    with matplotlib.rc_context(CHART_RC):
        fig = Figure(figsize=(6, 0.28 * len(names) + 0.9))
        ax = fig.add_subplot()
        ax.barh(names, values, color=["#e8743b" if f else "#5b8db8" for f in flagged])
        ax.axvline(flag_share, color="#c00", linestyle="--", linewidth=0.8)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.0%}", va="center", fontsize=8)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlim(0, max(max(values), flag_share) * 1.2)
        ax.set_title(chart_title("reuse"), loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        return svg_of(fig)


# --------------------------------------------------------------------------- narrative
def narrative_parts(sentences: pd.DataFrame, sentence_themes: pd.DataFrame) -> list[dict[str, Any]]:
    """The narrative, section by section, as displaCy span rendering, one block per sentence:
    the evidence that tagged a sentence with a theme (a cue term, or the token a ``model:`` tag
    names; its first occurrence) is a span labelled with the theme's name; a theme whose
    evidence is not in the sentence spans the whole sentence. Returns [{section, html}] in text
    order."""
    from spacy import displacy

    options = {"colors": _span_colours(theme_colours()), "template": _SPAN_TEMPLATES, **_SPAN_LAYOUT}
    evidence: dict[int, list[tuple[str, list[str], bool]]] = {}
    for row in sentence_themes.itertuples():
        evidence.setdefault(row.sentence_no, []).append(
            (row.theme, _evidence_terms(row.evidence), _by_model(row.evidence)))
    parts: list[dict[str, Any]] = []
    for section, group in sentences.sort_values("sentence_no").groupby("section", sort=False):
        docs = [_span_doc(str(s.text), evidence.get(s.sentence_no, [])) for s in group.itertuples()]
        parts.append({"section": section,
                      "html": Markup(displacy.render(docs, style="span", manual=True, options=options))})
    return parts


def _by_model(evidence: Any) -> bool:
    """Whether a tag's evidence is the model's (``model:token`` only), not a rule's cue terms."""
    entries = [e for e in str(evidence if isinstance(evidence, str) else "").split(";") if e]
    return bool(entries) and all(e.startswith("model:") for e in entries)


def span_label(theme: str, by_model: bool = False) -> str:
    """The label of a highlighted piece of evidence: the theme's name, marked when the model
    chose it (its telling tokens, not a cue term a rule matched)."""
    name = label(theme)
    return cmp.panel_spec()["page_text"]["model_evidence"].format(theme=name) if by_model else name


def _span_colours(colours: Mapping[str, str]) -> dict[str, str]:
    """displaCy's label → colour, for both labels of every theme."""
    return {html.escape(span_label(t, m)): c for t, c in colours.items() for m in (False, True)}


def _evidence_terms(evidence: Any) -> list[str]:
    """The terms of a stored evidence list (``;``-joined): cue terms as they are, a model tag's
    ``model:token`` as its token."""
    return [e.split(":", 1)[1] if e.startswith("model:") else e
            for e in str(evidence if isinstance(evidence, str) else "").split(";") if e]


def _span_doc(text: str, tags: list[tuple[str, list[str], bool]]) -> dict[str, Any]:
    """displaCy's manual span format for one sentence. Tokens are the pieces between span
    boundaries, not words: displaCy writes every token as its own element, so the fewer the
    better; inside a span longer than a short term they are single characters, so that the line
    can break there."""
    char_spans: set[tuple[int, int, str]] = set()
    for theme, terms, by_model in tags:
        found = [(i, i + len(t)) for t in terms if t and (i := text.find(t)) >= 0]
        char_spans.update((a, b, span_label(theme, by_model)) for a, b in _merged(found or [(0, len(text))]))
    cuts = {0, len(text)}
    for a, b, _ in char_spans:
        cuts.update(range(a, b) if b - a > 12 else (a, b))
        cuts.add(b)
    bounds = sorted(cuts)
    index = {pos: i for i, pos in enumerate(bounds)}
    return {"text": text, "tokens": [text[a:b] for a, b in pairwise(bounds)],
            "spans": [{"start_token": index[a], "end_token": index[b],
                       "label": html.escape(name)} for a, b, name in sorted(char_spans)]}


def _merged(spans: list[tuple[int, int]], gap: int = 2) -> list[tuple[int, int]]:
    """Character spans of one theme with those that overlap or lie within ``gap`` characters
    joined: one label for 做好规范性文件公开, not three overlapping ones."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# --------------------------------------------------------------------------- page data
def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def finding_rows(findings: pd.DataFrame, cells: pd.DataFrame) -> list[dict[str, Any]]:
    """Errors and warnings (in that order) with each offending cell's printed value."""
    rank = {"error": 0, "warning": 1}
    keep = findings[findings["severity"].isin(rank)].copy()
    keep["_rank"] = keep["severity"].map(rank)
    by_id = {c.cell_id: c for c in cells.itertuples()}
    rows = []
    for f in keep.sort_values("_rank", kind="stable").itertuples():
        ids = _json(f.cells) or []
        rows.append({
            "rule": f.rule, "severity": f.severity, "origin": f.origin, "message": f.message,
            "expected": _json(f.expected), "found": _json(f.found),
            "detail": finding_detail(f._asdict()),
            "cells": [{"id": i, "name": cell_name(i), "value": _cell_text(by_id.get(i))} for i in ids],
        })
    return rows


def finding_detail(finding: Mapping[str, Any]) -> str:
    """:func:`textmine.names.finding_text` of a finding as the store holds it: its ``cells``,
    ``expected`` and ``found`` are JSON text, and a NULL read back by pandas is NaN."""
    def value(key: str) -> Any:
        v = _json(finding.get(key))
        return None if _isna(v) else v

    return finding_text(str(finding.get("rule")), value("cells") or [], value("expected"), value("found"))


def _cell_text(cell) -> str:
    if cell is None:
        return "—"
    if cell.state == "value" and pd.notna(cell.value):
        v = float(cell.value)
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return state_name(str(cell.state))


def commitment_rows(commitments: pd.DataFrame, indicators: pd.DataFrame,
                    followthrough: pd.DataFrame) -> list[dict[str, Any]]:
    """Each commitment with its indicators: the value in this report and, where the issuer's
    next report is in the corpus, the value there and the change (missing values: None)."""
    nxt = {(f["commitment_no"], f["indicator_id"]): f for f in _records(followthrough)}
    rows = []
    for c in _records(commitments.sort_values("commitment_no")):
        inds = _records(indicators[indicators["commitment_no"] == c["commitment_no"]])
        rows.append({
            "no": c["commitment_no"], "text": c["text"], "action": c["action"],
            "object": c["object"], "target": c["target"], "deadline": c["deadline"],
            "themes": [label(t) for t in str(c["themes"] or "").split(";") if t],
            "indicators": [{
                "id": i["indicator_id"], "value": i["value"], "unit": i["unit"],
                **{k: nxt.get((c["commitment_no"], i["indicator_id"]), {}).get(k)
                   for k in ("next_value", "change", "next_source", "next_year")},
            } for i in inds],
        })
    return rows


def _by_source(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(k): g for k, g in frame.groupby("source")} if not frame.empty else {}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: (None if _isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _counts(documents: pd.DataFrame, column: str, names: Mapping[str, str] | None = None
            ) -> list[dict[str, Any]]:
    """Reports per value of ``column``; ``names``: how a value is shown (省级 for province)."""
    values = documents[column].astype(object).fillna("—").astype(str)
    counts = (values.map(lambda v: names.get(v, v)) if names else values).value_counts().sort_index()
    return [{"key": k, "n": int(n)} for k, n in counts.items()]


def overview_context(t: Mapping[str, pd.DataFrame], comparison: cmp.Comparison,
                     keyness_by_year: pd.DataFrame) -> dict[str, Any]:
    """What index.html shows."""
    docs = t["documents"].sort_values(["year", "source"], na_position="last")
    findings = t["findings"]
    errors = findings[findings["severity"] == "error"].merge(
        docs[["source", "title"]], on="source", how="left")
    shares = cmp.theme_shares(docs, t["sentences"], t["sentence_themes"], "year")
    corpus = (t["sentence_themes"].drop_duplicates(["source", "sentence_no", "theme"])
              .groupby("theme").size() / max(len(t["sentences"]), 1))
    panel = cmp.panel_wide(comparison.panel)
    panels = []
    for issuer, rows in panel.groupby("issuer_key", sort=True) if not panel.empty else []:
        years = [c for c in rows.columns if c not in cmp.PANEL_KEYS and rows[c].notna().any()]
        panels.append({"issuer": issuer, "years": years, "rows": [
            {"indicator": r["indicator"], "label": r["label"], "narrative": r["origin"] == "narrative",
             "unit": "" if _isna(r["unit"]) or r["unit"] in ("%", "％") else r["unit"],
             "vals": [cmp.format_value(r[y], r["indicator"], r["unit"]) for y in years]}
            for _, r in rows.iterrows()]})
    keyness = (keyness_by_year.groupby("group")["term"].agg(lambda s: "、".join(s.head(8)))
               .reset_index() if not keyness_by_year.empty else pd.DataFrame(columns=["group", "term"]))
    present = set(t["sentence_themes"]["theme"])
    return {
        "theme_pages": [{"name": label(th), "colour": c, "page": theme_page_name(th)}
                        for th, c in theme_colours().items() if th in present],
        "documents": [{**r, "page": "reports/" + page_name(r["source"])} for r in _records(docs)],
        "by_year": _counts(docs, "year"), "by_province": _counts(docs, "province"),
        "by_region": _counts(docs, "region"),
        "by_layout": _counts(docs, "layout", LAYOUT_NAMES),
        "by_level": _counts(docs, "level", LEVEL_NAMES),
        "errors": [{**r, "page": "reports/" + page_name(r["source"]), "detail": finding_detail(r)}
                   for r in _records(errors)],
        "failures": _records(t["failures"]),
        "corpus_chart": Markup(bar_chart(corpus.to_dict(), chart_title("corpus_themes"), top=21)),
        "trend_chart": Markup(heatmap(cmp.share_matrix(shares), chart_title("theme_trend"))),
        "reuse_chart": Markup(reuse_chart(comparison.reuse)),
        "reuse": [{**r, "page": "reports/" + page_name(r["source"])}
                  for r in _records(comparison.reuse.sort_values(["issuer_key", "year"]))],
        "flag_share": cmp.FLAG_SHARE, "reuse_threshold": cmp.REUSE_THRESHOLD,
        "panels": panels,
        "keyness": _records(keyness),
        "recurring": _records(comparison.recurring_problems),
        "n_sentences": len(t["sentences"]),
    }


def report_context(doc: Mapping[str, Any], t: Mapping[str, pd.DataFrame],
                   comparison: cmp.Comparison) -> dict[str, Any]:
    """What one report's page shows; ``t``: the store tables of this report only."""
    sentences, themes = t["sentences"], t["sentence_themes"]
    n = max(len(sentences), 1)
    shares = (themes.drop_duplicates(["sentence_no", "theme"]).groupby("theme").size() / n).to_dict()
    kw = t["keywords"].sort_values(["method", "rank"])
    reuse = comparison.reuse[comparison.reuse["source"] == doc["source"]]
    reused = comparison.reuse_sentences[comparison.reuse_sentences["source"] == doc["source"]]
    titles = dict(zip(t["sections"]["id"], t["sections"]["title"], strict=True))
    return {
        "doc": doc,
        "theme_chart": Markup(bar_chart(shares, chart_title("report_themes"))),
        "shares": sorted(((label(k), v) for k, v in shares.items()), key=lambda kv: -kv[1]),
        "keywords": {m: kw[kw["method"] == m]["term"].tolist() for m in ("tfidf", "textrank")},
        "findings": finding_rows(t["findings"], t["cells"]),
        "problems": _records(t["problems"].sort_values("problem_no")),
        "commitments": commitment_rows(t["commitments"], t["commitment_indicators"],
                                       t["followthrough"]),
        "reuse": _records(reuse)[0] if not reuse.empty else None,
        "reused": _records(reused),
        "prev_page": page_name(reuse["prev_source"].iloc[0]) if not reuse.empty else None,
        "narrative": [{**p, "title": titles.get(p["section"])
                       or SECTION_NAMES.get(p["section"], p["section"])}
                      for p in narrative_parts(sentences, themes)],
        "legend": [(label(tid), c) for tid, c in theme_colours().items()
                   if tid in set(themes["theme"])],
    }


def theme_page_name(theme: str) -> str:
    return f"{theme}.html"


@dataclass(frozen=True)
class ThemeData:
    """What every theme page reads, prepared once for all of them: the store's sentences by
    report, and the share of each theme per year."""

    tables: Mapping[str, pd.DataFrame]
    documents: list[dict[str, Any]]  # in year order
    titles: dict[str, Any]  # source -> title
    sentence_counts: pd.Series  # source -> number of sentences
    sentences_by_source: dict[str, pd.DataFrame]
    year_shares: pd.DataFrame  # compare.theme_shares by year
    years: list[int]  # every year of the corpus

    @staticmethod
    def of(t: Mapping[str, pd.DataFrame]) -> ThemeData:
        docs = t["documents"].sort_values(["year", "source"], na_position="last")
        years = sorted({y for y in map(_year, t["documents"]["year"]) if y is not None})
        return ThemeData(t, _records(docs), dict(zip(docs["source"], docs["title"], strict=True)),
                         t["sentences"].groupby("source").size(),
                         {src: f.sort_values("start") for src, f in t["sentences"].groupby("source")},
                         cmp.theme_shares(t["documents"], t["sentences"], t["sentence_themes"], "year"),
                         years)


# a theme page shows the sentences of the latest reports only: over a corpus of thousands, all
# of them would make a page no browser opens (the table above it lists every report)
PASSAGE_REPORTS = 40


def theme_context(theme: str, data: ThemeData) -> dict[str, Any]:
    """What one theme's page shows: its share of the narrative in every year of the corpus (0
    where no report of that year speaks of it) and by report, the quantities the reports state
    for it, the commitments about it and the sentences that carry it, report by report, its
    evidence highlighted."""
    t = data.tables
    themes = t["sentence_themes"]
    tagged = themes[themes["theme"] == theme].drop_duplicates(["source", "sentence_no"])
    per_report = tagged.groupby("source").size()
    totals = data.sentence_counts
    reports = [{**d, "page": _report_link(d["source"]), "tagged": int(per_report[d["source"]]),
                "share": per_report[d["source"]] / max(int(totals.get(d["source"], 0)), 1)}
               for d in data.documents if d["source"] in per_report.index]
    mine = data.year_shares[data.year_shares["theme"] == theme]
    shares = {year: float(v) for g, v in zip(mine["group"], mine["share"], strict=True)
              if (year := _year(g)) is not None}
    years = {y: shares.get(y, 0.0) for y in data.years}
    titles = data.titles
    indicators = t["indicators"]
    indicators = indicators[(indicators["theme"] == theme) & (indicators["origin"] == "narrative")
                            & (indicators["id"] != cmp.UNCLASSIFIED)]
    commitments = t["commitments"]
    about = commitments["themes"].fillna("").astype(str).str.contains(rf"(?:^|;){re.escape(theme)}(?:;|$)")
    commitments = commitments[about.astype(bool)]
    colour = theme_colours().get(theme, "#999")
    empty = t["sentences"].iloc[:0]
    return {
        "theme": theme, "name": label(theme), "colour": colour,
        "n_sentences": len(tagged), "n_reports": len(reports), "n_corpus": len(data.documents),
        "reports": reports,
        "year_chart": Markup(year_chart(years, chart_title("theme_years"), colour)),
        "indicators": [{**i, "name": indicator_name(i["id"]), "title": titles.get(i["source"]),
                        "page": _report_link(i["source"]),
                        "context": _context(i, data.sentences_by_source.get(i["source"], empty))}
                       for i in _records(indicators.sort_values(["source", "indicator_no"]))],
        "commitments": [{**c, "title": titles.get(c["source"]), "page": _report_link(c["source"])}
                        for c in _records(commitments.sort_values(["source", "commitment_no"]))],
        "passages": [{"report": r, "html": _theme_spans(
            theme, tagged[tagged["source"] == r["source"]], data.sentences_by_source.get(r["source"], empty))}
                     for r in reports[-PASSAGE_REPORTS:]],
        "passages_left_out": max(0, len(reports) - PASSAGE_REPORTS),
    }


def _year(value: Any) -> int | None:
    """A year as the store or a grouping gives it (2019, 2019.0, "2019"); None for none."""
    try:
        return None if _isna(value) else int(float(value))
    except (TypeError, ValueError):
        return None


_NUMBER_CHARS = set("0123456789.,，%％" + NUMERAL_CHARS)


def _context(indicator: Mapping[str, Any], sentences: pd.DataFrame, before: int = 24,
             after: int = 10) -> str:
    """The words around a stated quantity, from the sentence of its report that holds it (…全区
    政务新媒体账号共33个…), widened so that no number is cut at either edge; the quantity's own
    text when no sentence holds it. ``sentences``: the report's, sorted by ``start``."""
    start, end = indicator.get("start"), indicator.get("end")
    if _isna(start) or _isna(end) or sentences.empty:
        return str(indicator.get("text") or "")
    start, end = int(start), int(end)
    k = int(np.searchsorted(sentences["start"].to_numpy(), start, side="right")) - 1
    if k < 0 or int(sentences["end"].iloc[k]) < end:
        return str(indicator.get("text") or "")
    text, offset = str(sentences["text"].iloc[k]), int(sentences["start"].iloc[k])
    a, b = max(0, start - offset - before), min(len(text), end - offset + after)
    while a > 0 and text[a] in _NUMBER_CHARS and text[a - 1] in _NUMBER_CHARS:
        a -= 1
    while b < len(text) and text[b - 1] in _NUMBER_CHARS and text[b] in _NUMBER_CHARS:
        b += 1
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def _report_link(source: str) -> str:
    """A report's page, from a page one folder down (themes/)."""
    return "../reports/" + page_name(source)


def _theme_spans(theme: str, tagged: pd.DataFrame, sentences: pd.DataFrame) -> Markup:
    """One report's sentences that carry ``theme`` (``tagged``: its rows of sentence_themes for
    this theme), as displaCy span rendering with that theme's evidence highlighted (as on the
    report's own page, the other themes left out)."""
    from spacy import displacy

    mine = sentences.merge(tagged[["sentence_no", "evidence"]], on="sentence_no")
    docs = [_span_doc(str(x.text), [(theme, _evidence_terms(x.evidence), _by_model(x.evidence))])
            for x in mine.sort_values("sentence_no").itertuples()]
    options = {"colors": _span_colours({theme: theme_colours().get(theme, "#999")}),
               "template": _SPAN_TEMPLATES, **_SPAN_LAYOUT}
    return Markup(displacy.render(docs, style="span", manual=True, options=options))


# --------------------------------------------------------------------------- the site
def _quantity(value: object, indicator: str = "", unit: str | None = "") -> str:
    """A value with its unit as a page shows it: 51.9%, 2218 个, 25.1 万元."""
    text = cmp.format_value(value, indicator, unit or "")
    if not text or text.endswith("%") or not unit:
        return text
    return f"{text} {unit}"


def _change(value: object, indicator: str = "", unit: str | None = "") -> str:
    """A change between two years, signed; of a rate or share, in percentage points."""
    if _isna(value):
        return ""
    v = float(value)
    if indicator.endswith("_rate") or unit in ("%", "％"):
        return "0 个百分点" if round(v, 1) == 0 else f"{v:+.1f} 个百分点"
    text = cmp.format_value(v)
    return f"+{text}" if text not in ("0", "") and v > 0 else text


def environment():
    """Jinja2 over the package's ``templates/``, autoescaping everything."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("textmine", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: "" if _isna(v) else f"{float(v):.1%}"
    env.filters["num"] = cmp.format_value
    env.filters["quantity"] = _quantity
    env.filters["change"] = _change
    env.filters["page"] = page_name
    env.filters["level"] = lambda v: "" if _isna(v) else LEVEL_NAMES.get(str(v), str(v))
    env.filters["layout"] = lambda v: "" if _isna(v) or not v else LAYOUT_NAMES.get(str(v), str(v))
    env.filters["rule"] = rule_name
    env.filters["indicator"] = indicator_name
    env.filters["severity"] = severity_name
    env.filters["origin"] = origin_name
    return env


def build_site(tables: Mapping[str, pd.DataFrame], folder: Path) -> Site:
    """Write index.html, reports/*.html and themes/*.html for the store ``tables`` into
    ``folder``."""
    t = {n: tables[n] if n in tables else pd.DataFrame(columns=cols) for n, cols in cmp.STORE_COLUMNS.items()}
    comparison = cmp.compare(t, by="year")
    env = environment()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reports").mkdir(exist_ok=True)
    index = folder / "index.html"
    index.write_text(env.get_template("index.html").render(
        **overview_context(t, comparison, comparison.keyness), root=""), encoding="utf-8")
    per_source = {n: _by_source(f) for n, f in t.items() if "source" in f.columns}
    pages = {}
    for doc in _records(t["documents"]):
        src = doc["source"]
        mine = {n: per_source[n].get(src, t[n].iloc[:0]) for n in per_source}
        page = folder / "reports" / page_name(src)
        page.write_text(env.get_template("report.html").render(
            **report_context(doc, mine, comparison), root="../"), encoding="utf-8")
        pages[src] = page
    (folder / "themes").mkdir(exist_ok=True)
    themes = {}
    data = ThemeData.of(t)
    for theme in theme_colours():
        if (t["sentence_themes"]["theme"] == theme).any():
            page = folder / "themes" / theme_page_name(theme)
            page.write_text(env.get_template("theme.html").render(
                **theme_context(theme, data), root="../"), encoding="utf-8")
            themes[theme] = page
    return Site(folder, index, pages, themes)
