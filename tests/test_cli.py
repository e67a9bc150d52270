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


def test_a_corpus_whose_store_is_written_inside_it(tmp_path):
    """OUT the corpus folder itself: its reports are analysed (not left out with OUT), and the
    HTML report written into it later is textmine's own, never read back as reports."""
    import shutil

    for name in ("2022_fujian-pingtan_gwh.txt", "2023_fujian-pingtan_gwh.txt"):
        shutil.copy(CORPUS / name, tmp_path / name)
    (tmp_path / "reports").mkdir()  # a corpus folder named like one textmine writes: still read
    shutil.copy(CORPUS / "2021_fujian-pingtan_gwh.txt", tmp_path / "reports" / "2021.txt")
    first = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path), "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "3 files: 3 reports" in first.output
    assert runner.invoke(app, ["report", str(tmp_path), "--html", str(tmp_path / "site")]).exit_code == 0
    assert (tmp_path / "site" / "index.html").is_file()
    again = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path), "--workers", "1"])
    assert "3 files: 3 reports" in again.output and "0 analysed now, 3 unchanged" in again.output


def test_nothing_to_read_is_an_error(tmp_path):
    """An empty folder: run and check say there is no report file and exit 1; analyze given a
    folder says it reads one report."""
    empty = tmp_path / "empty"
    empty.mkdir()
    run = runner.invoke(app, ["run", str(empty), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert run.exit_code == 1 and "no report files under" in run.output
    assert not (tmp_path / "out" / "textmine.duckdb").exists()  # no store written, none replaced
    check = runner.invoke(app, ["check", str(empty)])
    assert check.exit_code == 1 and "no report files under" in check.output
    folder = runner.invoke(app, ["analyze", str(empty)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_run_exits_1_when_every_file_failed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("会议纪要：本周无事。", encoding="utf-8")
    (corpus / "scan.pdf").write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 1
    assert "2 files: 0 reports" in result.output and "2 files failed" in result.output
