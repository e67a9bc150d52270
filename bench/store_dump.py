"""Dump a store's contents, or compare two dumps: the check that a change to the store builder
keeps every table identical (values, types, row order), the Parquet files and the JSON documents.

    python bench/store_dump.py dump OUT dump.pkl       # every table (DB and Parquet), JSON digests
    python bench/store_dump.py compare a.pkl b.pkl     # exit 1 and name the differences

Tables are kept in the store's own order (by ``source``, then position in the report): that order
is part of the contract, so it is compared too, not only the sorted rows.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any


def dump(out: Path) -> dict[str, Any]:
    """Every table as read from the database and from its Parquet file, with the column types,
    and a digest of each JSON document under ``OUT/reports``."""
    import duckdb

    from textmine.store import TABLES, columns, db_path, parquet_path

    data: dict[str, Any] = {"db": {}, "parquet": {}, "types": {}, "json": {}}
    con = duckdb.connect(str(db_path(out)), read_only=True)
    try:
        for name in TABLES:
            cols = ", ".join(f'"{c}"' for c in columns(name))
            data["db"][name] = con.execute(f'SELECT {cols} FROM "{name}"').df()
            data["types"][name] = con.execute(f'DESCRIBE "{name}"').fetchall()
            data["parquet"][name] = con.execute(
                f"SELECT {cols} FROM '{parquet_path(out, name)}'").df()
    finally:
        con.close()
    reports = out / "reports"
    if reports.is_dir():
        for f in sorted(reports.rglob("*.json")):
            data["json"][f.relative_to(reports).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return data


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The differences between two dumps (empty: identical)."""
    import pandas as pd

    problems = []
    for kind in ("db", "parquet"):
        for name in sorted(set(a[kind]) | set(b[kind])):
            try:
                pd.testing.assert_frame_equal(a[kind][name], b[kind][name], obj=f"{kind}:{name}")
            except (AssertionError, KeyError) as exc:
                problems.append(f"{kind}:{name}: {str(exc)[:400]}")
    if a["types"] != b["types"]:
        problems.append("column types differ")
    if a["json"] != b["json"]:
        diff = sorted(k for k in set(a["json"]) | set(b["json"]) if a["json"].get(k) != b["json"].get(k))
        problems.append(f"JSON documents differ: {len(diff)}, e.g. {diff[:3]}")
    for name, frame in a["db"].items():  # the Parquet copy is the database's table
        try:
            pd.testing.assert_frame_equal(frame, a["parquet"][name], obj=name)
        except AssertionError as exc:
            problems.append(f"first dump: parquet != db for {name}: {str(exc)[:200]}")
    return problems


def main() -> None:
    cmd, *args = sys.argv[1:]
    if cmd == "dump":
        Path(args[1]).write_bytes(pickle.dumps(dump(Path(args[0]))))
        return
    a, b = (pickle.loads(Path(p).read_bytes()) for p in args)
    problems = compare(a, b)
    rows = sum(len(f) for f in a["db"].values())
    for p in problems:
        print(p)
    print(f"{'DIFFERENT' if problems else 'identical'}: {len(a['db'])} tables, {rows} rows, "
          f"{len(a['json'])} JSON documents")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
