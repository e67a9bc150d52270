"""The corpus store (``textmine run``, ``textmine.Corpus``): the table contract, real values of
the shipped reports, incremental reruns, kill -9, broken files, and the Dask engine."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import CORPUS, ROOT
from typer.testing import CliRunner

import textmine
from textmine import followthrough
from textmine.cli import app
from textmine.store import (
    TABLES,
    StoreError,
    StoreNotFoundError,
    build_store,
    columns,
    db_path,
    parquet_path,
    read_table,
)

YUNNAN = "2019_yunnan_szf.txt"
SMALL = ("2021_fujian-pingtan_gwh.txt", "2022_fujian-pingtan_gwh.txt", "2023_fujian-pingtan_gwh.txt")


def copy_corpus(dest: Path, names: tuple[str, ...] | None = None) -> Path:
    """A copy of (some of) the shipped reports with the manifest, as a user's folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in CORPUS.iterdir():
        if names is None or f.name in names or f.name == "MANIFEST.csv":
            shutil.copy(f, dest / f.name)
    return dest


def set_manifest(corpus: Path, name: str, **values: str) -> None:
    """Edit the MANIFEST.csv row of file ``name``."""
    manifest = corpus / "MANIFEST.csv"
    with open(manifest, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["file"] == name:
            row.update(values)
    with open(manifest, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out, name) for name in TABLES}


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    """Every table equal, rows in the same order (the store's order is part of its contract)."""
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The store of the whole shipped corpus, written once for this module."""
    out = tmp_path_factory.mktemp("shipped") / "out"
    summary = build_store(CORPUS, out, workers=2)
    return out, summary


# --------------------------------------------------------------------------- the contract
def contract_from_doc() -> dict[str, list[str]]:
    """The tables and columns of docs/store-schema.md (its first table)."""
    text = (ROOT / "docs" / "store-schema.md").read_text(encoding="utf-8")
    found = {}
    for m in re.finditer(r"^\| (\w+) \| [^|]+ \| ([^|]+) \|$", text, re.M):
        if m.group(1) in ("table",):
            continue
        cols = [re.sub(r"\s*\(.*", "", c).strip() for c in re.split(r",\s*(?![^()]*\))", m.group(2))]
        found.setdefault(m.group(1), cols)
    return found


def types_from_doc() -> dict[str, dict[str, str]]:
    """Column → type of every table, from the 'Types' table of docs/store-schema.md."""
    text = (ROOT / "docs" / "store-schema.md").read_text(encoding="utf-8")
    section = text[text.index("## Types"):]
    types = {name: dict.fromkeys(columns(name), "VARCHAR") for name in TABLES}
    for m in re.finditer(r"^\| (\w+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", section, re.M):
        if m.group(1) in types:
            for sql_type, cols in zip(("INTEGER", "DOUBLE", "BOOLEAN"), m.groups()[1:], strict=True):
                for col in cols.split(","):
                    if col.strip() != "—":
                        types[m.group(1)][col.strip()] = sql_type
    return types


def test_the_code_implements_the_documented_contract():
    assert {name: columns(name) for name in TABLES} == contract_from_doc()
    assert {name: dict(spec) for name, spec in TABLES.items()} == types_from_doc()
    # the store takes followthrough.follow_through_rows' tuples as they are
    assert columns("followthrough") == followthrough.COLUMNS


def test_store_has_every_table_with_the_contract_columns_and_types(shipped):
    out, _ = shipped
    con = duckdb.connect(str(db_path(out)), read_only=True)
    try:
        for name, spec in TABLES.items():
            described = con.execute(f'DESCRIBE "{name}"').fetchall()
            assert [(r[0], r[1]) for r in described] == list(spec), name
            frame = read_table(out, name)
            assert list(frame.columns) == columns(name)
            parquet = duckdb.sql(f"SELECT * FROM '{parquet_path(out, name)}'").df()
            pd.testing.assert_frame_equal(parquet, frame, obj=f"{name}.parquet")
    finally:
        con.close()


def test_known_values_of_the_shipped_reports(shipped):
    out, summary = shipped
    assert (summary.files, summary.reports, summary.failures) == (14, 14, [])
    corpus = textmine.open_store(out)
    cells = corpus.cells
    hit = cells[(cells.source == YUNNAN) & (cells.cell_id == "t3.unavailable.not_held.total")]
    assert hit[["table", "row", "column", "value", "state"]].values.tolist() == [
        ["t3", "unavailable.not_held", "total", 651.0, "value"]]
    assert hit.raw.tolist() == ["606 | 22 | 1 | 11 | 9 | 2 | 651"]
    blank = cells[(cells.source == YUNNAN) & (cells.cell_id == "t3.not_processed.publications.total")]
    assert blank.state.tolist() == ["blank"] and blank.value.isna().all()  # a blank is never 0

    findings = corpus.findings
    results_sum = findings[(findings.source == YUNNAN) & (findings.rule == "t3.results_sum")]
    assert set(results_sum.severity) == {"error"}
    assert sorted(zip(results_sum.expected, results_sum.found, strict=True)) == [
        ("2396", "2409"), ("2675", "2688")]

    docs = corpus.documents.set_index("source")
    assert len(docs) == 14 and docs.index.is_monotonic_increasing
    yunnan = docs.loc[YUNNAN]
    assert yunnan.sha256 == hashlib.sha256((CORPUS / YUNNAN).read_bytes()).hexdigest()
    assert (yunnan.year, yunnan.issuer, yunnan.layout, yunnan.format) == (
        2019, "云南省人民政府", "2019", "txt")
    assert yunnan.errors == 2
    # renamings joined: the 2011 county government and the zone's committee are one issuer
    assert docs.loc["2011_fujian-pingtan-xian_xzf.txt"].issuer_key == "平潭综合实验区管委会"

    sentences = corpus.sentences
    hotline = sentences[sentences.text.str.contains("12345政务热线省级平台")]
    assert len(hotline) == 1 and "hotline_12345" in hotline.themes.iloc[0].split(";")
    themes = corpus.sentence_themes
    tagged = themes[(themes.source == hotline.source.iloc[0])
                    & (themes.sentence_no == hotline.sentence_no.iloc[0])]
    assert "hotline_12345" in set(tagged.theme)
    keywords = corpus.keywords
    assert set(keywords.method) == {"tfidf", "textrank"}
    assert keywords.groupby(["source", "method"])["rank"].min().eq(1).all()
    assert corpus.sql("SELECT count(*) AS n FROM failures").n.tolist() == [0]


def test_store_equals_the_corpus_analysis_in_memory(shipped, corpus):
    """Linking issuer by issuer (bounded memory) narrows and checks exactly as linking the whole
    corpus at once does (``analyze_paths``)."""
    out, _ = shipped
    reports = list(corpus.values())
    expected = textmine.store.frames(reports)["cells"]
    expected["source"] = expected.source.map(lambda s: Path(s).name)
    expected = expected.sort_values(["source", "cell_id"]).reset_index(drop=True)
    stored = read_table(out, "cells").sort_values(["source", "cell_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, expected)
    rules = read_table(out, "findings")[["source", "rule", "severity", "expected", "found"]]
    mem = textmine.store.frames(reports)["findings"][["source", "rule", "severity", "expected", "found"]]
    mem["source"] = mem.source.map(lambda s: Path(s).name)
    assert sorted(map(tuple, rules.values.tolist())) == sorted(map(tuple, mem.values.tolist()))
    assert (rules.rule == "parse.narrowed_across_years").sum() == 9  # the years were linked
    # 2011, 2015, 2018 and 2022 Pingtan: a run-together row read by what the narrative states
    assert (rules.rule == "parse.narrowed_by_narrative").sum() == 4


# --------------------------------------------------------------------------- incremental
def test_rerun_analyses_nothing_and_gives_identical_tables(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", SMALL)
    out = tmp_path / "out"
    first = build_store(corpus, out, workers=1)
    assert (first.analysed, first.reused, first.reports) == (3, 0, 3)
    before = tables(out)
    # and the same again with phase 2 in worker processes instead of in this one
    again = build_store(corpus, out, workers=2, parallel_build_min=0, rebuild=True)
    assert (again.analysed, again.reused, again.reports, again.rebuilt) == (0, 3, 3, True)
    assert_same_tables(before, tables(out))
    assert len(list((out / "cache").glob("*.pkl"))) == 3
    assert sorted(p.name for p in (out / "reports").glob("*.json")) == sorted(f"{n}.json" for n in SMALL)


def test_a_changed_file_replaces_its_rows_and_a_removed_file_takes_them_along(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", (YUNNAN, *SMALL[:2]))
    out = tmp_path / "out"
    build_store(corpus, out, workers=1)
    before = tables(out)
    text = (corpus / YUNNAN).read_text(encoding="utf-8")
    assert text.count("\t651\n") == 1
    (corpus / YUNNAN).write_text(text.replace("\t651\n", "\t652\n"), encoding="utf-8")

    summary = build_store(corpus, out, workers=1)
    assert (summary.analysed, summary.reused) == (1, 2)
    after = tables(out)
    cells = after["cells"]
    hit = cells[(cells.source == YUNNAN) & (cells.cell_id == "t3.unavailable.not_held.total")]
    assert hit.value.tolist() == [652.0]
    for name in ("cells", "sentences", "sections", "documents", "keywords"):
        assert (after[name].source == YUNNAN).sum() == (before[name].source == YUNNAN).sum(), name
        others = after[name][after[name].source != YUNNAN].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            others, before[name][before[name].source != YUNNAN].reset_index(drop=True), obj=name)
    docs = after["documents"].set_index("source")
    assert docs.loc[YUNNAN].sha256 == hashlib.sha256((corpus / YUNNAN).read_bytes()).hexdigest()
    assert len(list((out / "cache").glob("*.pkl"))) == 3  # the old entry is pruned

    (corpus / SMALL[0]).unlink()
    summary = build_store(corpus, out, workers=1)
    assert (summary.analysed, summary.reused, summary.reports) == (0, 2, 2)
    for name, frame in tables(out).items():
        assert SMALL[0] not in set(frame.source), name
    assert not (out / "reports" / f"{SMALL[0]}.json").exists()


# --------------------------------------------------------------------------- a current store is left as is
def _summary(s) -> tuple:
    return (s.files, s.reports, s.cells, s.unreadable_cells, s.with_errors, s.rows,
            [(f.source, f.stage, f.code, f.error) for f in s.failures])


@pytest.fixture
def current(tmp_path):
    """A small corpus (one broken file among them) and its store, built once; the first run's
    summary and tables."""
    corpus = copy_corpus(tmp_path / "corpus", SMALL[:2])
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    first = build_store(corpus, out, workers=1)
    assert first.rebuilt and len(first.failures) == 1
    return corpus, out, first, tables(out)


def test_a_rerun_with_nothing_changed_leaves_the_store_as_it_is(current):
    corpus, out, first, before = current
    stamp = os.stat(db_path(out)).st_ino, os.stat(db_path(out)).st_mtime_ns
    again = build_store(corpus, out, workers=1)
    assert not again.rebuilt and (again.analysed, again.reused) == (0, 3)
    assert _summary(again) == _summary(first)
    assert (os.stat(db_path(out)).st_ino, os.stat(db_path(out)).st_mtime_ns) == stamp
    assert_same_tables(before, tables(out))


@pytest.mark.parametrize("damage", ["parquet edited", "parquet deleted", "database deleted",
                                    "database edited", "json deleted", "marker record dropped"])
def test_a_store_that_is_not_what_its_build_wrote_is_built_again(current, damage):
    corpus, out, first, before = current
    doc = out / "reports" / f"{SMALL[0]}.json"
    if damage == "parquet edited":
        duckdb.sql(f"COPY (SELECT * FROM '{parquet_path(out, 'cells')}' LIMIT 3) "
                   f"TO '{parquet_path(out, 'cells')}' (FORMAT parquet)")
    elif damage == "parquet deleted":
        parquet_path(out, "keywords").unlink()
    elif damage == "database deleted":
        db_path(out).unlink()
    elif damage == "database edited":
        with duckdb.connect(str(db_path(out))) as con:
            con.execute("UPDATE documents SET title = 'edited'")
    elif damage == "json deleted":
        doc.unlink()
    else:
        marker = out / ".textmine-store.json"
        data = json.loads(marker.read_text(encoding="utf-8"))
        del data["built"]
        marker.write_text(json.dumps(data), encoding="utf-8")
    again = build_store(corpus, out, workers=1)
    assert again.rebuilt and again.analysed == 0
    assert _summary(again) == _summary(first)
    assert_same_tables(before, tables(out))
    for name in TABLES:
        assert len(duckdb.sql(f"SELECT * FROM '{parquet_path(out, name)}'").df()) == len(before[name])
    assert doc.is_file()
    assert not build_store(corpus, out, workers=1).rebuilt  # and current again


def test_changed_inputs_or_settings_are_built_again(current):
    corpus, out, _, _ = current
    # JSON documents no longer wanted, then wanted again
    summary = build_store(corpus, out, workers=1, write_json=False)
    assert summary.rebuilt and not list((out / "reports").rglob("*.json"))
    assert not build_store(corpus, out, workers=1, write_json=False).rebuilt
    summary = build_store(corpus, out, workers=1)
    assert summary.rebuilt and len(list((out / "reports").rglob("*.json"))) == 2
    # a manifest row (in the cache key) changes
    set_manifest(corpus, SMALL[0], level="province")
    summary = build_store(corpus, out, workers=1)
    assert summary.rebuilt and summary.analysed == 1
    assert read_table(out, "documents").set_index("source").loc[SMALL[0]].level == "province"
    # a file removed
    (corpus / "empty.txt").unlink()
    summary = build_store(corpus, out, workers=1)
    assert summary.rebuilt and summary.failures == [] and len(read_table(out, "failures")) == 0


def test_a_build_killed_after_rewriting_documents_leaves_no_record(current, monkeypatch):
    """Inputs B, killed once their JSON documents are written; back to inputs A: the store (the
    database and Parquet files of A) is untouched, but the documents are B's: built again."""
    corpus, out, _, before = current
    docs = {p: p.read_bytes() for p in (out / "reports").rglob("*.json")}
    original = (corpus / SMALL[1]).read_bytes()
    (corpus / SMALL[1]).write_bytes(original.replace("政府".encode(), "政 府".encode(), 1))

    def killed(self, parquet):
        raise KeyboardInterrupt
    with monkeypatch.context() as m:
        m.setattr(textmine.store._Writer, "finish", killed)
        with pytest.raises(KeyboardInterrupt):
            build_store(corpus, out, workers=1)
    assert {p: p.read_bytes() for p in docs} != docs  # B's documents
    (corpus / SMALL[1]).write_bytes(original)
    again = build_store(corpus, out, workers=1)
    assert again.rebuilt
    assert {p: p.read_bytes() for p in docs} == docs
    assert_same_tables(before, tables(out))


def _rebuilt_groups(monkeypatch) -> list[list[str]]:
    """The sources of every group build_group is called for from now on (one process)."""
    calls: list[list[str]] = []
    real = textmine.store.build_group

    def counted(task):
        calls.append([p.source for p in task.items])
        return real(task)
    monkeypatch.setattr(textmine.store, "build_group", counted)
    return calls


@pytest.mark.parametrize("damage", [None, "database edited", "database locked"])
def test_unchanged_groups_take_their_rows_from_the_previous_store(tmp_path, monkeypatch, damage):
    """One file changed: only its issuer's group is built again, the others' rows come from the
    previous database, and the store equals a full build of the new inputs. A database edited
    since its build lends nothing; nor does one another process holds open for writing (the
    run builds every group rather than fail)."""
    corpus = copy_corpus(tmp_path / "corpus", (YUNNAN, *SMALL))
    out = tmp_path / "out"
    build_store(corpus, out, workers=1)
    holder = None
    if damage == "database edited":
        with duckdb.connect(str(db_path(out))) as con:
            con.execute("UPDATE cells SET raw = 'edited'")
    elif damage == "database locked":
        holder = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
             "print('open', flush=True); sys.stdin.read()", str(db_path(out))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "open"
    text = (corpus / YUNNAN).read_text(encoding="utf-8")
    (corpus / YUNNAN).write_text(text.replace("\t651\n", "\t652\n"), encoding="utf-8")
    calls = _rebuilt_groups(monkeypatch)
    try:
        partial = build_store(corpus, out, workers=1)
    finally:
        if holder is not None:
            holder.communicate("")
    assert calls == ([[YUNNAN]] if damage is None else [[YUNNAN], list(SMALL)])
    full_out = tmp_path / "full"
    shutil.copytree(out / "cache", full_out / "cache")
    full = build_store(corpus, full_out, workers=1)
    assert _summary(partial) == _summary(full)
    assert_same_tables(tables(out), tables(full_out))
    for name in TABLES:
        pd.testing.assert_frame_equal(duckdb.sql(f"SELECT * FROM '{parquet_path(out, name)}'").df(),
                                      duckdb.sql(f"SELECT * FROM '{parquet_path(full_out, name)}'").df())
    docs = lambda o: {p.relative_to(o): p.read_bytes() for p in (o / "reports").rglob("*.json")}  # noqa: E731
    assert docs(out) == docs(full_out)
    # and a group whose JSON documents are missing is built again to write them
    (out / "reports" / f"{SMALL[1]}.json").unlink()
    calls.clear()
    build_store(corpus, out, workers=1)
    assert calls == [list(SMALL)] and docs(out) == docs(full_out)
    # and rebuild=True builds every group from the cache
    calls.clear()
    assert build_store(corpus, out, workers=1, rebuild=True).rebuilt
    assert calls == [[YUNNAN], list(SMALL)]
    assert_same_tables(tables(out), tables(full_out))


# --------------------------------------------------------------------------- kill -9
def _start_run(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "textmine", "run", str(corpus), "--out", str(out), "--workers", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 300) -> bool:
    """SIGKILL the run's whole process group (main, forkserver, workers) as soon as ``ready()``;
    False if the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.001)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("the run neither reached the kill point nor ended")


def test_kill_9_at_any_moment_then_rerun_gives_the_tables_of_an_uninterrupted_run(tmp_path, shipped):
    clean_out, _ = shipped
    clean = tables(clean_out)
    corpus = copy_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    entries = lambda: len(list((out / "cache").glob("*.pkl"))) if (out / "cache").is_dir() else 0  # noqa: E731
    building = lambda: any(out.glob(".tmp-textmine.duckdb.*"))  # noqa: E731

    # killed while analysing: some entries cached, no store yet
    assert _kill_when(_start_run(corpus, out), lambda: entries() >= 2)
    assert 2 <= entries() < 14 and not db_path(out).exists()
    # killed while writing the new database: still no current store, only temporary files
    assert _kill_when(_start_run(corpus, out), building)
    assert not db_path(out).exists()
    rerun = build_store(corpus, out, workers=1)
    assert rerun.analysed == 0 and rerun.reused == 14
    assert_same_tables(tables(out), clean)
    assert not [p for p in out.rglob(".tmp-*")]

    # a changed file, killed while its new store is written: the previous store stays current
    text = (corpus / YUNNAN).read_text(encoding="utf-8")
    (corpus / YUNNAN).write_text(text.replace("\t651\n", "\t652\n"), encoding="utf-8")
    assert _kill_when(_start_run(corpus, out), building)
    assert_same_tables(tables(out), clean)
    for name in TABLES:  # and the Parquet files are whole
        assert len(duckdb.sql(f"SELECT * FROM '{parquet_path(out, name)}'").df()) == len(clean[name])
    build_store(corpus, out, workers=1)
    cells = read_table(out, "cells")
    assert cells[(cells.source == YUNNAN)
                 & (cells.cell_id == "t3.unavailable.not_held.total")].value.tolist() == [652.0]


# --------------------------------------------------------------------------- bad files
def make_broken_files(folder: Path) -> list[str]:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(random.Random(5).randbytes(4096))
    (folder / "no_report.txt").write_text(
        "平潭今日天气晴，最高气温二十六度。\n\n海峡大桥车流平稳，渡口照常开放。\n", encoding="utf-8")
    return ["empty.txt", "garbage.pdf", "no_report.txt"]


def test_broken_files_become_rows_of_failures_and_every_good_report_is_stored(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", SMALL)
    broken = make_broken_files(corpus)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    failures = read_table(out, "failures")
    assert failures.source.tolist() == sorted(broken)
    assert dict(zip(failures.source, zip(failures.stage, failures.code, strict=True), strict=True)) == {
        "empty.txt": ("ingest", "TM102"), "garbage.pdf": ("ingest", "TM107"),
        "no_report.txt": ("structure", "TM201")}
    assert failures.error.str.startswith(tuple(f"{b}: [" for b in broken)).all()
    assert failures.sha256.str.len().eq(64).all()
    assert sorted(read_table(out, "documents").source) == sorted(SMALL)
    assert "3 files failed" in result.stdout
    assert "1 × [structure] TM201" in result.stdout and "2 × [ingest]" not in result.stdout
    # input errors are cached like reports: a rerun reads none of the six files again
    again = build_store(corpus, out, workers=1)
    assert (again.analysed, again.reused, len(again.failures)) == (0, 6, 3)


def test_an_out_folder_holding_another_database_is_not_overwritten(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", SMALL[:1])
    out = tmp_path / "out"
    out.mkdir()
    db_path(out).write_bytes(b"the user's own file")
    with pytest.raises(StoreError, match="not written by textmine"):
        build_store(corpus, out, workers=1)
    assert db_path(out).read_bytes() == b"the user's own file"
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 2


def test_one_run_at_a_time_per_store(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".textmine.lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another textmine run"):
            build_store(copy_corpus(tmp_path / "corpus", SMALL[:1]), out, workers=1)


# --------------------------------------------------------------------------- engines and API
def test_dask_engine_gives_the_tables_of_the_local_engine(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = copy_corpus(tmp_path / "corpus", SMALL)
    build_store(corpus, tmp_path / "local", workers=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        summary = build_store(corpus, tmp_path / "dask", engine="dask", scheduler=cluster)
    assert (summary.analysed, summary.reports) == (3, 3)
    assert_same_tables(tables(tmp_path / "dask"), tables(tmp_path / "local"))


def test_corpus_api(tmp_path, monkeypatch):
    corpus_dir = copy_corpus(tmp_path / "corpus", (YUNNAN,))
    corpus = textmine.Corpus(corpus_dir, out=tmp_path / "out")
    assert corpus.analyze(workers=1) is corpus
    assert corpus.summary.reports == 1
    cells = corpus.cells
    assert cells[cells.cell_id == "t3.unavailable.not_held.total"].value.tolist() == [651.0]
    pd.testing.assert_frame_equal(corpus.table("cells"), cells)
    for name in TABLES:
        assert list(getattr(corpus, name).columns) == columns(name)
    n = corpus.sql("SELECT count(*) AS n FROM sentences WHERE source = ?", [YUNNAN]).n.iloc[0]
    assert n == len(corpus.sentences) > 100
    with pytest.raises(duckdb.Error):  # read-only
        corpus.sql("DELETE FROM cells")
    with pytest.raises(ValueError, match="no table"):
        corpus.table("nonsense")
    pd.testing.assert_frame_equal(textmine.open_store(tmp_path / "out").documents, corpus.documents)
    with pytest.raises(StoreNotFoundError):
        textmine.open_store(tmp_path / "nothing")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    default = textmine.Corpus(corpus_dir)
    assert default.out.parent == tmp_path / "cache" / "textmine" / "stores"
    assert default.out.name.startswith("corpus-")


def test_manifest_row_is_part_of_the_cache_key(tmp_path):
    """Editing a file's MANIFEST.csv row re-analyses that file (its metadata comes from it)."""
    corpus = copy_corpus(tmp_path / "corpus", SMALL[:2])
    out = tmp_path / "out"
    build_store(corpus, out, workers=1)
    set_manifest(corpus, SMALL[0], level="province")
    summary = build_store(corpus, out, workers=1)
    assert (summary.analysed, summary.reused) == (1, 1)
    docs = read_table(out, "documents").set_index("source")
    assert docs.loc[SMALL[0]].level == "province" and docs.loc[SMALL[1]].level == "city"


def _die_on_three(n: int) -> int:
    """A task whose process dies (as a segfault in a PDF library would) on one input."""
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * 10


def test_a_worker_that_dies_fails_its_own_item_and_no_other():
    from textmine.engines import pool_run

    results: dict[int, int] = {}
    crashed: list[int] = []
    pool_run(_die_on_three, list(range(8)), 2, results.__setitem__,
             lambda item, exc: crashed.append(item), order=lambda item: item)
    assert crashed == [3]
    assert results == {n: n * 10 for n in range(8) if n != 3}


def test_corpus_has_an_accessor_for_every_store_table():
    """The accessors are declared one by one (so that editors and ``help`` list them); they must
    stay the store's tables, no more, no fewer."""
    from textmine.corpus import Corpus, _Table

    declared = {name for name, value in vars(Corpus).items() if isinstance(value, _Table)}
    assert declared == set(TABLES)


def test_a_store_from_an_older_textmine_still_reads(small_store, tmp_path):
    """A store written before followthrough.next_year existed: the column reads as empty and the
    HTML report is built (the next `textmine run` rebuilds the store)."""
    import shutil

    import duckdb

    from textmine.compare import STORE_COLUMNS, load_tables
    from textmine.htmlreport import build_site
    from textmine.store import read_table

    old = tmp_path / "old"
    shutil.copytree(small_store, old)
    with duckdb.connect(str(old / "textmine.duckdb")) as con:
        con.execute("ALTER TABLE followthrough DROP COLUMN next_year")
    frame = read_table(old, "followthrough")
    assert "next_year" in frame.columns and frame["next_year"].isna().all() and len(frame) > 0
    site = build_site(load_tables(old, tuple(STORE_COLUMNS)), tmp_path / "html")
    assert site.index.is_file()
