"""Build ``models/divisions.tsv``: China's administrative divisions (province, prefecture,
county level), six-digit code and name, for completing a report's region with its province
(淮安市洪泽区 → 江苏省淮安市洪泽区) when no ``MANIFEST.csv`` names it.

    pip install cpca==0.5.5 && python models/build_divisions.py

Source: the ``adcodes.csv`` shipped in the cpca package (MIT licence,
https://github.com/DQinYuan/chinese_province_city_area_mapper), itself from the national
administrative division codes (民政部行政区划代码). Only the code and the name are kept; the
placeholders 市辖区 / 县 / 省直辖县级行政区划 are dropped. The output is sorted by code, so a
rebuild from the same source is byte for byte the same.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

OUT = Path(__file__).resolve().parent / "divisions.tsv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def main() -> None:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca is not installed: pip install cpca==0.5.5")
    source = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    rows = set()
    with open(source, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if name and name not in PLACEHOLDERS and row["adcode"][6:].strip("0") == "":
                rows.add((code, name))
    lines = ["# code\tname  (administrative divisions; models/build_divisions.py, from cpca 0.5.5, MIT)"]
    lines += [f"{code}\t{name}" for code, name in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} divisions")


if __name__ == "__main__":
    main()
