"""The command line as a user runs it."""

from __future__ import annotations

import json

from conftest import CORPUS
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


def test_check_exits_zero_on_clean_report():
    result = runner.invoke(app, ["check", str(CORPUS / "2023_fujian-pingtan_gwh.txt")])
    assert result.exit_code == 0, result.stdout
    assert "0 with errors" in result.stdout


def test_run_writes_outputs(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list((out / "reports").glob("*.json"))) == 14
    import pandas as pd

    cells = pd.read_csv(out / "cells.csv")
    hit = cells[(cells.source.str.endswith("2019_yunnan_szf.txt"))
                & (cells.cell_id == "t3.unavailable.not_held.total")]
    assert hit.value.tolist() == [651]
    docs = pd.read_csv(out / "documents.csv")
    assert len(docs) == 14
    assert (pd.read_csv(out / "failures.csv").shape[0]) == 0
    sentences = pd.read_csv(out / "sentences.csv")
    hotline = sentences[sentences.text.str.contains("12345政务热线省级平台", na=False)]
    assert hotline.themes.str.contains("hotline_12345").all() and len(hotline) == 1
    assert set(pd.read_csv(out / "keywords.csv").method) == {"tfidf", "textrank"}
