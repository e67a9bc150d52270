"""Bad input never ends in a traceback: each gives a clear one-line error naming the file and the
problem (an IngestError / NotAReportError with a stable code), or a finding in the report, and a
folder run goes on past the bad files.

Corpus files are read from <repo>/corpora; the one committed fixture of this module,
tests/data/bad/2019_yunnan_szf_truncated.txt, is corpora/2019_yunnan_szf.txt cut in the middle of
表三, just after the values of the row 「（四）无法提供 1.本机关不掌握相关政府信息」 (see
``make_truncated``). Every other bad file is written into ``tmp_path`` by the test that uses it.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textmine.analyze import analyze_file, analyze_paths
from textmine.cli import app
from textmine.errors import IngestError, NotAReportError, TextmineError
from textmine.ingest import read_document

ROOT = Path(__file__).parent.parent
CORPORA = ROOT / "corpora"
DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"

YUNNAN = "2019_yunnan_szf.txt"
TRUNCATED = BAD / "2019_yunnan_szf_truncated.txt"
PINGTAN = "2021_fujian-pingtan_gwh.txt"
GOOD = [PINGTAN, "2022_fujian-pingtan_gwh.txt"]
NEWS_HTML = "<html><head><title>新闻</title></head><body><p>今天天气晴。</p></body></html>"

T3_NEW_RECEIVED = {  # 2021 Pingtan 表三 row 本年新收政府信息公开申请数量
    "natural_person": 64, "commercial": 0, "research": 0, "social_welfare": 2,
    "legal_service": 0, "other_org": 4, "total": 70,
}
T4_REVIEW = {"upheld": 1, "corrected": 0, "other": 2, "pending": 0, "total": 3}  # 2021 Pingtan 表四


def make_truncated(source: Path = CORPORA / YUNNAN, target: Path = TRUNCATED) -> None:
    """How the truncated fixture was made (once; the file is committed)."""
    text = source.read_text(encoding="utf-8")
    row = text.index("\t1.本机关不掌握相关政府信息\n")
    end = text.index("\t651\n", row) + len("\t651\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text[:end], encoding="utf-8")


# --------------------------------------------------------------------------- bad files
def write_empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def write_binary(folder: Path) -> Path:
    path = folder / "binary.txt"
    path.write_bytes(random.Random(20240226).randbytes(4096) + b"\x00" * 64)
    return path


def write_news(folder: Path) -> Path:
    path = folder / "news.html"
    path.write_text(NEWS_HTML, encoding="utf-8")
    return path


def assert_one_line(exc: TextmineError, path: Path, code: str) -> str:
    """The error's text is ``FILE: [stage] CODE detail`` on one line, and names the file."""
    message = str(exc)
    assert exc.code == code
    assert message == exc.one_line()
    assert "\n" not in message and "\r" not in message
    assert str(path) in message
    assert path.name in message
    assert f"] {code} " in message
    return message


def no_traceback(result) -> None:
    """A CLI result that ended normally or through typer.Exit, not through an exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{result.output}")
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- 1, 2: empty / binary
def _whitespace_only(tmp_path: Path) -> Path:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n   \n", encoding="utf-8")
    return path


def _binary_named_html(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(random.Random(7).randbytes(2048) + b"\x00\x00")
    return path


@pytest.mark.parametrize(("make", "code", "word"), [
    (write_empty, "TM102", "empty"),
    (_whitespace_only, "TM102", None),
    (write_binary, "TM103", "binary"),
    (_binary_named_html, "TM103", None),
])
def test_empty_or_binary_input_is_a_one_line_error(tmp_path, make, code, word):
    path = make(tmp_path)
    with pytest.raises(IngestError) as info:
        analyze_file(path)
    message = assert_one_line(info.value, path, code)
    if word:
        assert word in message


# --------------------------------------------------------------------------- 3: cut-off tables
def test_truncated_fixture_is_the_cut_corpus_report():
    full = (CORPORA / YUNNAN).read_text(encoding="utf-8")
    cut = TRUNCATED.read_text(encoding="utf-8")
    assert full.startswith(cut)
    assert cut.endswith("\t1.本机关不掌握相关政府信息\n\t606\n\t22\n\t1\n\t11\n\t9\n\t2\n\t651\n")
    assert TRUNCATED.stat().st_size < 30_000


@pytest.fixture(scope="module")
def truncated():
    return analyze_file(TRUNCATED)


@pytest.fixture(scope="module")
def yunnan_full():
    return analyze_file(CORPORA / YUNNAN)


def test_truncated_report_reads_without_error(truncated):
    assert truncated.layout == "2019"
    assert truncated.year == 2019
    assert truncated.cells


def test_truncated_report_has_findings_for_missing_rows_and_table(truncated):
    by_rule = {}
    for f in truncated.findings:
        by_rule.setdefault(f.rule, []).append(f)
    rows = [f for f in by_rule.get("parse.row_missing", []) if "表三" in f.message]
    assert rows, [f.message for f in truncated.findings]
    missing = {c for f in rows for c in f.cells}
    # rows after the cut are reported missing; the rows that were read are not
    assert {"t3.unavailable.needs_creation", "t3.total", "t3.carried_forward"} <= missing
    assert "t3.unavailable.not_held" not in missing
    assert "t3.new_received" not in missing
    assert all(f.origin == "textmine" and f.severity == "warning" for f in rows)
    t4 = [f for f in by_rule.get("parse.table_missing", []) if "表四" in f.message]
    assert t4, [f.message for f in truncated.findings]
    for f in (*rows, *t4):
        assert "\n" not in f.message


def test_truncated_report_cells_read_are_right(truncated, yunnan_full):
    assert truncated.value("t3.new_received.total") == 2768
    assert truncated.value("t3.new_received.natural_person") == 2488
    assert truncated.value("t3.unavailable.not_held.total") == 651
    assert truncated.value("t3.unavailable.not_held.natural_person") == 606
    assert truncated.value("t3.unavailable.not_held.other_org") == 2
    # nothing is invented for the rows after the cut
    assert truncated.value("t3.total.total") is None
    assert not any(cid.startswith("t4.") for cid in truncated.cells)
    # every cell that was read has the value the complete report gives it
    differ = {cid: (c.value, yunnan_full.value(cid)) for cid, c in truncated.cells.items()
              if c.value != yunnan_full.value(cid)}
    assert not differ


# --------------------------------------------------------------------------- 4: not a report
def test_html_news_page_is_not_a_report(tmp_path):
    path = write_news(tmp_path)
    with pytest.raises(NotAReportError) as info:
        analyze_file(path)
    message = assert_one_line(info.value, path, "TM201")
    assert info.value.stage == "structure"
    assert "not an annual report" in message


def test_plain_text_prose_is_not_a_report(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("今天天气晴。\n明天多云转小雨。\n", encoding="utf-8")
    with pytest.raises(NotAReportError) as info:
        analyze_file(path)
    assert_one_line(info.value, path, "TM201")


# --------------------------------------------------------------------------- 5: scanned PDF
def test_scanned_pdf_is_tm107_no_text_layer():
    path = DATA / "scanned.pdf"
    assert path.is_file(), "run tests/data/make_fixtures.py"
    with pytest.raises(IngestError) as info:
        analyze_file(path)
    message = assert_one_line(info.value, path, "TM107")
    assert "text layer" in message


# --------------------------------------------------------------------------- 6: encodings
@pytest.fixture(scope="module")
def pingtan_utf8():
    return analyze_file(CORPORA / PINGTAN)


ENCODINGS = {
    "gbk": lambda s: s.encode("gbk"),
    "gb18030": lambda s: s.encode("gb18030"),
    "utf-16-le-bom": lambda s: b"\xff\xfe" + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
    "utf-8-bom": lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_other_encodings_read_like_utf8(tmp_path, pingtan_utf8, encoding):
    text = (CORPORA / PINGTAN).read_text(encoding="utf-8")
    path = tmp_path / PINGTAN  # same name: metadata is also inferred from it
    path.write_bytes(ENCODINGS[encoding](text))
    report = analyze_file(path)
    for col, value in T3_NEW_RECEIVED.items():
        assert report.value(f"t3.new_received.{col}") == value, col
    for col, value in T4_REVIEW.items():
        assert report.value(f"t4.review.{col}") == value, col
    t4 = {cid: c.value for cid, c in report.cells.items() if cid.startswith("t4.")}
    assert t4 == {cid: c.value for cid, c in pingtan_utf8.cells.items() if cid.startswith("t4.")}
    assert {cid: c.value for cid, c in report.cells.items()} == {
        cid: c.value for cid, c in pingtan_utf8.cells.items()}
    assert (report.layout, report.year, report.issuer) == (
        pingtan_utf8.layout, pingtan_utf8.year, pingtan_utf8.issuer)
    assert [s.id for s in report.sections] == [s.id for s in pingtan_utf8.sections]


def test_utf8_original_values(pingtan_utf8):
    for col, value in T3_NEW_RECEIVED.items():
        assert pingtan_utf8.value(f"t3.new_received.{col}") == value, col
    for col, value in T4_REVIEW.items():
        assert pingtan_utf8.value(f"t4.review.{col}") == value, col


# --------------------------------------------------------------------------- 7: too large
def write_huge(folder: Path, size: int = 200 * 1024 * 1024) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as fh:
        fh.write("2021年政府信息公开工作年度报告\n一、总体情况\n".encode())
        fh.truncate(size)  # sparse: no 200 MB is written
    return path


def test_200mb_file_is_tm105_quickly(tmp_path):
    path = write_huge(tmp_path)
    assert path.stat().st_size == 200 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(IngestError) as info:
        analyze_file(path)
    assert time.perf_counter() - start < 2.0
    message = assert_one_line(info.value, path, "TM105")
    assert "200 MB" in message  # the file's size
    assert "50 MB" in message  # the default limit


def test_max_bytes_is_honoured(tmp_path):
    path = tmp_path / PINGTAN
    shutil.copy(CORPORA / PINGTAN, path)
    with pytest.raises(IngestError) as info:
        analyze_file(path, max_bytes=1024)
    assert_one_line(info.value, path, "TM105")


def test_cli_max_mb_refuses_large_file(tmp_path):
    path = write_huge(tmp_path, 3 * 1024 * 1024)
    result = CliRunner().invoke(app, ["analyze", str(path), "--max-mb", "1"])
    no_traceback(result)
    assert result.exit_code == 2
    assert "TM105" in result.output and "3 MB" in result.output


# --------------------------------------------------------------------------- 8: suffix / missing
def test_unsupported_suffix_is_tm106(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(IngestError) as info:
        analyze_file(path)
    message = assert_one_line(info.value, path, "TM106")
    assert ".xlsx" in message


def test_folder_lists_a_word_97_file_with_what_to_do_and_passes_over_images(tmp_path):
    """A .doc (Word 97) report is not read; a folder run says so, with the remedy, instead of
    leaving it out in silence. A picture saved beside the reports is not a report at all."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPORA / GOOD[0], folder / GOOD[0])
    (folder / "2019年报.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))  # OLE2
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    reports, failures = analyze_paths([folder])
    assert [Path(r.source).name for r in reports] == [GOOD[0]]
    assert [(Path(f.source).name, f.code) for f in failures] == [("2019年报.doc", "TM106")]
    assert "'.doc'" in failures[0].error and "save it as .docx" in failures[0].error


def test_missing_file_is_tm101(tmp_path):
    path = tmp_path / "no_such_report.txt"
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = assert_one_line(info.value, path, "TM101")
    assert "not found" in message
    with pytest.raises(IngestError) as info:
        analyze_file(path)
    assert_one_line(info.value, path, "TM101")


# --------------------------------------------------------------------------- 9-11: folder runs
@pytest.fixture
def mixed_folder(tmp_path):
    """Two good corpus reports and three bad files: empty, binary, not a report."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(CORPORA / name, folder / name)
    bad = {
        "TM102": write_empty(folder),
        "TM103": write_binary(folder),
        "TM201": write_news(folder),
    }
    return folder, bad


EXPECTED_LINE = {
    "TM102": "[ingest] TM102 empty file",
    "TM103": "[ingest] TM103 binary data",
    "TM201": "[structure] TM201 not an annual report",
}


def test_analyze_paths_goes_on_past_bad_files(mixed_folder):
    folder, bad = mixed_folder
    reports, failures = analyze_paths([folder])
    assert sorted(Path(r.source).name for r in reports) == sorted(GOOD)
    assert {Path(f.source).name: f.code for f in failures} == {p.name: c for c, p in bad.items()}
    for f in failures:
        assert f.error.startswith(f"{f.source}: [{f.stage}] {f.code} ")
        assert "\n" not in f.error
        assert f.stage != "internal"


def test_cli_check_folder_reports_each_bad_file(mixed_folder):
    folder, bad = mixed_folder
    result = CliRunner().invoke(app, ["check", str(folder)])
    no_traceback(result)
    assert result.exit_code == 1
    out = result.stdout
    lines = out.splitlines()
    for code, path in bad.items():
        hits = [ln for ln in lines if path.name in ln]
        assert hits, f"{path.name} not mentioned:\n{out}"
        # one line names the file, the stage, the code and the problem: the error's one_line()
        assert any(f"{path}: {EXPECTED_LINE[code]}" in ln for ln in hits), hits
    assert "3 files failed" in out
    assert "2 reports checked" in out


def test_cli_check_summary_line(mixed_folder):
    folder, _ = mixed_folder
    result = CliRunner().invoke(app, ["check", str(folder)])
    no_traceback(result)
    summary = [ln for ln in result.stdout.splitlines() if "reports checked" in ln]
    assert len(summary) == 1
    assert summary[0].startswith("2 reports checked:")
    assert summary[0].endswith("3 files failed")


def test_cli_check_good_files_only_exits_0_or_reports_errors(tmp_path):
    folder = tmp_path / "good"
    folder.mkdir()
    shutil.copy(CORPORA / PINGTAN, folder / PINGTAN)
    result = CliRunner().invoke(app, ["check", str(folder)])
    no_traceback(result)
    assert "1 reports checked" in result.stdout
    assert "0 files failed" in result.stdout
    assert result.exit_code == (1 if "1 with errors" in result.stdout else 0)


def test_cli_analyze_empty_file(tmp_path):
    path = write_empty(tmp_path)
    result = CliRunner().invoke(app, ["analyze", str(path)])
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing on stdout: no half JSON document
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "empty.txt" in lines[0] and "TM102" in lines[0]
    assert f"{path}: [ingest] TM102 empty file" in lines[0]


@pytest.mark.parametrize("maker", [write_binary, write_news])
def test_cli_analyze_other_bad_files(tmp_path, maker):
    path = maker(tmp_path)
    result = CliRunner().invoke(app, ["analyze", str(path)])
    no_traceback(result)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and path.name in lines[0], result.stderr


def test_cli_analyze_missing_file(tmp_path):
    path = tmp_path / "missing.txt"
    result = CliRunner().invoke(app, ["analyze", str(path)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "TM101" in result.output and "missing.txt" in result.output


def test_cli_run_folder_writes_reports_and_failures(mixed_folder, tmp_path):
    from textmine.store import read_table

    folder, bad = mixed_folder
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out)])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    rows = read_table(out, "failures").to_dict("records")
    assert len(rows) == 3
    assert {r["source"]: r["code"] for r in rows} == {p.name: c for c, p in bad.items()}
    for r in rows:
        assert r["error"].startswith(f"{r['source']}: [{r['stage']}] {r['code']} ")
    jsons = sorted((out / "reports").glob("*.json"))
    assert len(jsons) == 2
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["source"].rsplit("/", 1)[-1]
                  for p in jsons) == sorted(GOOD)
    assert "3 files failed" in result.stdout
    for code, path in bad.items():  # sources are relative to the corpus folder
        assert f"{path.name}: {EXPECTED_LINE[code]}" in result.stdout, result.stdout


def test_cli_run_missing_corpus(tmp_path):
    result = CliRunner().invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    no_traceback(result)
    assert result.exit_code == 2
    assert "nowhere" in result.output


# --------------------------------------------------------------------------- file names
# Square brackets are legal in file names ("report[v2].txt"); the CLI must print them as they are,
# not read them as console markup.
@pytest.mark.parametrize("name", ["report[v2].txt", "a[/x].txt"])
def test_cli_prints_bracketed_file_names_verbatim(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    for args in (["analyze", str(path)], ["check", str(path)]):
        result = CliRunner().invoke(app, args)
        no_traceback(result)
        assert result.exit_code in (1, 2)
        assert f"{path}: [ingest] TM102 empty file" in result.output, result.output
