"""The command line as a user runs it."""

from __future__ import annotations

import json

from conftest import CORPUS, SMALL_STORE_FILES
from typer.testing import CliRunner

from textmine.cli import app

runner = CliRunner()


def test_analyze_json_document():
    result = runner.invoke(app, ["analyze", str(CORPUS / "2021_fujian-pingtan_gwh.txt"), "--compact"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"source", "layout", "year", "issuer", "region", "level", "sections", "cells",
            "ambiguous", "findings"} <= set(doc)
    assert doc["layout"] == "2021" and doc["year"] == 2021
    assert [doc["cells"][f"t3.new_received.{c}"] for c in (
        "natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org",
        "total")] == [64, 0, 0, 2, 0, 4, 70]
    assert doc["ambiguous"]["t2.normative_documents.in_force"]  # alone, 693665 stays ambiguous
    sec = doc["sections"][1]
    assert {"id", "title", "start", "end", "text"} <= set(sec)
    finding = doc["findings"][0]
    assert {"rule", "severity", "cells", "expected", "found", "message"} <= set(finding)


def test_check_exits_nonzero_on_errors():
    result = runner.invoke(app, ["check", str(CORPUS / "2019_yunnan_szf.txt")])
    assert result.exit_code == 1
    assert "2409 ≠ 2396" in result.stdout
    assert "1 with errors" in result.stdout


def test_check_in_chinese():
    result = runner.invoke(app, ["check", "--zh", str(CORPUS / "2019_yunnan_szf.txt")])
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert "表三：各项办理结果之和应等于（七）总计" in out and "表三 自然人：应为 2396，实为 2409" in out
    assert "错误" in out and "报告本身" in out and "说明" in out
    # a finding whose numbers say nothing in words keeps textmine's own message
    part = CORPUS.parent / "tests" / "data" / "report_part.docx"
    result = runner.invoke(app, ["check", "--zh", "--show", "info", str(part)])
    out = " ".join(result.stdout.split())
    assert "没有找到这张表" in out and "表二" in out and "表四" in out


def test_check_exits_zero_on_clean_report():
    result = runner.invoke(app, ["check", str(CORPUS / "2023_fujian-pingtan_gwh.txt")])
    assert result.exit_code == 0, result.stdout
    assert "0 with errors" in result.stdout


def test_a_second_run_with_nothing_changed_says_so(small_store):
    result = CliRunner().invoke(app, ["run", str(small_store.parent / "corpus"), "--out", str(small_store)])
    assert result.exit_code == 0, result.output
    assert "0 analysed now, 3 unchanged" in result.stdout
    assert "nothing changed: kept the current" in result.stdout


def test_run_writes_the_store(small_store):
    """``textmine run`` (the ``small_store`` fixture: three shipped reports) writes the store and
    one JSON document per report."""
    from textmine.store import TABLES, parquet_path, read_table

    out = small_store
    assert sorted(p.name for p in (out / "reports").glob("*.json")) == sorted(
        f"{n}.json" for n in SMALL_STORE_FILES)
    assert all(parquet_path(out, name).is_file() for name in TABLES)
    cells = read_table(out, "cells")
    hit = cells[(cells.source == "2019_yunnan_szf.txt") & (cells.cell_id == "t3.unavailable.not_held.total")]
    assert hit.value.tolist() == [651]
    assert len(read_table(out, "documents")) == 3
    assert len(read_table(out, "failures")) == 0
    sentences = read_table(out, "sentences")
    hotline = sentences[sentences.text.str.contains("12345政务热线省级平台", na=False)]
    assert hotline.themes.str.contains("hotline_12345").all() and len(hotline) == 1
    assert set(read_table(out, "keywords").method) == {"tfidf", "textrank"}
    doc = json.loads((out / "reports" / "2019_yunnan_szf.txt.json").read_text(encoding="utf-8"))
    assert doc["cells"]["t3.unavailable.not_held.total"] == 651
