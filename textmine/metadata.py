"""Who published a report, for which year, at what level, in which layout.

Inferred from the title, the text and the file name; a corpus ``MANIFEST.csv`` (columns ``file,
year, region, level, issuer, template``…) overrides whatever it states. The report year is the
year the report covers, not the year it was published.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .resources import load, models_dir
from .zh import (
    CITY_END,
    COUNTY_END,
    FUNCTION_CHARS,
    GOVERNMENT,
    PLACE_END,
    PROVINCE_OR_CITY_END,
    REPORT_WORDS,
    YEAR_DIGITS,
    YEAR_DIGITS_VALUE,
)
from .zh import CJK as _CJK

_CN_DIGITS = str.maketrans(YEAR_DIGITS, YEAR_DIGITS_VALUE)
_YEAR = rf"((?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})"


@dataclass
class Metadata:
    year: int | None = None
    issuer: str | None = None
    region: str | None = None
    level: str | None = None
    layout: str | None = None
    aliases: tuple[str, ...] = ()
    province: str | None = None


def _year(token: str) -> int:
    return int(token.translate(_CN_DIGITS))


def infer_year(title: str | None, text: str, filename: str) -> int | None:
    """The year a report covers: from its title, its 统计期限 sentence (before the page's head,
    where links to other years' reports may stand), its file name, and as a last resort the
    year it names most often in its first paragraphs."""
    cfg = load("regions")["title"]
    for candidate in (None, title or "", text[:400]):
        if candidate is None:
            m = re.search(cfg["statistics_period"].format(year=_YEAR), text[:20000])
        else:
            m = re.search(cfg["year_in_title"].format(year=_YEAR), candidate)
        if m:
            return _year(m.group(1))
    m = re.match(r"((?:19|20)\d{2})[_\-\s]", filename)
    if m:
        return int(m.group(1))
    years = re.findall(r"((?:19|20)\d{2})\s*年", text[:3000])
    if years:
        return int(max(set(years), key=years.count))
    return None


def infer_issuer(title: str | None, text: str, publisher: str | None = None) -> str | None:
    """The issuing body: the name before the year in the title ("平潭县人民政府2011年…"), or
    after it ("2019年云南省政府信息公开…"), completed from the text where the title gives only
    a place name (洪泽区人民政府 → 淮安市洪泽区人民政府 when the text names it so), else from
    the page's publisher when it is that place's government or its office (平潭综合实验区 +
    发布机构 平潭综合实验区管委会办公室 → 平潭综合实验区管委会: not an invented 人民政府)."""
    cfg = load("regions")
    heads = [title or "", text[:300]]
    name = None
    for head in heads:
        head = re.sub(r"\s+", "", head)
        m = re.match(r"^(.{2,40}?)" + _YEAR + r"年", head)
        if m and not re.search(r"\d", m.group(1)):
            name = m.group(1)
            break
        m = re.match(load("regions")["title"]["issuer_after_year"].format(year=_YEAR), head)
        if m:
            name = m.group(2)
            break
    if not name:
        return None
    # 云南省人民政府办公厅关于印发…年度报告的通知: the issuer is what precedes 关于
    name = re.split(r"关于", name)[0].strip("《》“”\"' ：:")
    if len(name) < 2 or any(word.startswith(name) for word in REPORT_WORDS):
        return None  # a fragment of 政府信息公开, not a name
    government = tuple(cfg["government_suffixes"])
    if name.endswith(tuple(cfg["department_suffixes"])) and not name.endswith(government):
        return name
    if not name.endswith(government):
        if not re.search(f"[{PLACE_END}]$", name):
            return name  # not a bare place name: keep what the title says
        suffix = load("regions")["title"]["full_government"]
        for full in re.finditer(rf"([{_CJK}]{{0,12}}{re.escape(name)}{suffix})", text):
            found = full.group(1)
            head = len(found) - len(name) - len(re.search(suffix + "$", found).group(0))
            cut = max((found.rfind(ch, 0, head) for ch in FUNCTION_CHARS), default=-1)
            return found[cut + 1 :]
        organ = _government_of(publisher, name)
        return organ or name + GOVERNMENT
    if name.endswith(GOVERNMENT):
        # the text may name the issuer in full: 洪泽区人民政府 → 淮安市洪泽区人民政府
        for full in re.finditer(rf"([{_CJK}]{{2,5}}[{PROVINCE_OR_CITY_END}])(?={re.escape(name)})", text):
            place = full.group(1)
            cut = max((place.rfind(ch) for ch in FUNCTION_CHARS), default=-1)
            if len(place) - cut - 1 >= 3:  # a place name of at least 2 characters + 市
                return place[cut + 1 :] + name
    return name





def _government_of(publisher: str | None, place: str) -> str | None:
    """The government of ``place`` that ``publisher`` names: itself or through its office
    (平潭综合实验区管委会办公室 → 平潭综合实验区管委会); None for any other body."""
    if not publisher:
        return None
    name = re.sub(r"\s+", "", publisher)
    full = load("regions")["title"]["full_government"]
    m = re.fullmatch(rf"({re.escape(place)}{full})(?:办公室|办公厅)?", name)
    return m.group(1) if m else None


def infer_region_level(issuer: str | None) -> tuple[str | None, str | None]:
    """Region (province / city / county names joined) and level from an issuer's name."""
    if not issuer:
        return None, None
    cfg = load("regions")
    gov_suffixes = sorted(cfg["government_suffixes"], key=len, reverse=True)
    place = issuer
    for suffix in gov_suffixes:
        if place.endswith(suffix):
            place = place[: -len(suffix)]
            break
    is_department = issuer == place and issuer.endswith(tuple(cfg["department_suffixes"]))
    province = next((p for p in cfg["provinces"] if place.startswith(p)), None)
    provinces = "|".join(cfg["provinces"])
    city = rf"([{_CJK}]{{1,8}}?[{CITY_END}])?"
    county = rf"([{_CJK}]{{1,8}}?[{COUNTY_END}])?"
    m = re.match(rf"^((?:{provinces})?){city}{county}", place)
    region = place
    if is_department:
        # a department's region is the place its name starts with (云南省财政厅 → 云南省)
        parts = [x for x in (m.group(1), m.group(2), m.group(3)) if x] if m else []
        return ("".join(parts) or None), "department"
    if m:
        prov, city, county = m.group(1), m.group(2), m.group(3)
        region = "".join(x for x in (prov, city, county) if x) or place
        if county:
            return region, "county"
        if city and prov not in cfg["municipalities"]:
            return region, "city"
        if prov or province:
            return region, "province"
    return region, None


# --------------------------------------------------------------------------- province
DIVISIONS_FILE = "divisions.tsv"


@dataclass(frozen=True)
class _Divisions:
    """The administrative divisions of ``models/divisions.tsv`` by name: a prefecture or county
    name → every (province, prefecture) it may be (names repeat: 鼓楼区, 朝阳区)."""

    prefectures: dict[str, list[tuple[str, str]]]
    counties: dict[str, list[tuple[str, str | None]]]


@cache
def _divisions() -> _Divisions:
    names: dict[str, str] = {}
    with open(models_dir() / DIVISIONS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                code, name = line.rstrip("\n").split("\t")
                names[code] = name
    prefectures: dict[str, list[tuple[str, str]]] = {}
    counties: dict[str, list[tuple[str, str | None]]] = {}
    for code, name in names.items():
        province = names.get(code[:2] + "0000")
        if province is None or code.endswith("0000"):
            continue
        if code.endswith("00"):
            prefectures.setdefault(name, []).append((province, name))
        else:
            counties.setdefault(name, []).append((province, names.get(code[:4] + "00")))
    return _Divisions(prefectures, counties)


def is_ambiguous_division(region: str) -> bool:
    """Whether ``region`` is a prefecture or county name that several divisions bear (鼓楼区,
    朝阳区), so that no other report's place may be assumed for it."""
    d = _divisions()
    return len(d.counties.get(region, [])) + len(d.prefectures.get(region, [])) > 1


def division_names() -> list[tuple[str, str]]:
    """(name, level) of every division: ``province``, ``prefecture`` or ``county``."""
    divisions = _divisions()
    provinces = {p for found in divisions.prefectures.values() for p, _ in found}
    provinces |= {p for found in divisions.counties.values() for p, _ in found}
    return ([(p, "province") for p in sorted(provinces)]
            + [(n, "prefecture") for n in divisions.prefectures]
            + [(n, "county") for n in divisions.counties])


def complete_region(region: str | None) -> tuple[str | None, str | None]:
    """(region, province): a region that does not start with its province gets it, from the
    national list of divisions, when its leading prefecture (淮安市洪泽区 → 江苏省淮安市洪泽区) or,
    without one, the county it names (平潭县 → 福建省福州市平潭县) is one of a kind. A name
    several divisions bear (朝阳区) or one not in the list (平潭综合实验区) is left as it is:
    ``MANIFEST.csv`` can say it."""
    if not region:
        return region, None
    province = next((p for p in load("regions")["provinces"] if region.startswith(p)), None)
    if province:
        return region, province
    divisions = _divisions()
    for end in range(2, min(len(region), 12) + 1):
        found = divisions.prefectures.get(region[:end])
        if found is not None:
            return (found[0][0] + region, found[0][0]) if len(found) == 1 else (region, None)
    for end in range(2, min(len(region), 12) + 1):
        found_county = divisions.counties.get(region[:end])
        if found_county is not None:
            if len(found_county) != 1:
                return region, None
            province, prefecture = found_county[0]
            return province + (prefecture or "") + region, province
    return region, None


def infer_layout(year: int | None, text: str) -> str:
    """The template a report follows, from its table headers first (a 2020 report may already
    use the 2021 table), then from its year.

    A layout's table shows several of its header markers; one marker alone may be a word of the
    narrative (a 2018 report lists 政府集中采购项目类信息 among what it published), so it takes
    ``MIN_LAYOUT_MARKERS`` of them to overrule the year. Without a year, the layout with the
    most markers wins, if any is found."""
    markers = load("template")["layouts"]
    found = {layout: sum(1 for m in markers[layout] if re.search(r"\s*".join(map(re.escape, m)), text))
             for layout in ("2021", "2019")}
    for layout in ("2021", "2019"):
        if found[layout] >= MIN_LAYOUT_MARKERS:
            return layout
    if year is None:
        best = max(("2021", "2019"), key=lambda k: found[k])
        return best if found[best] else "pre2019"
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"


MIN_LAYOUT_MARKERS = 2


# --------------------------------------------------------------------------- manifest
@cache
def _read_manifest(path: str, mtime: float) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return {row["file"]: row for row in csv.DictReader(fh) if row.get("file")}


def manifest_entry(path: Path) -> dict[str, str] | None:
    """The row of ``MANIFEST.csv`` beside ``path`` that names this file, if any."""
    manifest = path.parent / "MANIFEST.csv"
    if not manifest.is_file():
        return None
    try:
        rows = _read_manifest(str(manifest), manifest.stat().st_mtime)
    except (OSError, csv.Error, UnicodeDecodeError, KeyError):
        return None
    return rows.get(path.name)


def province_in_text(text: str) -> str | None:
    """The province a report's text names, when its region does not say it (平潭综合实验区 is in
    no list of divisions; its reports cite 《福建省人民政府办公厅关于…》): the province named
    most, at least twice as often as any other."""
    counts = sorted(((text.count(p), p) for p in load("regions")["provinces"]), reverse=True)
    (top, province), (second, _) = counts[0], counts[1]
    return province if top and top >= 2 * second else None


def infer(path: Path, title: str | None, text: str, publisher: str | None = None) -> Metadata:
    """All metadata of one report; manifest values win over inferred ones. ``publisher``: the
    page's 发布机构 when the file carries one."""
    year = infer_year(title, text, path.name)
    issuer = infer_issuer(title, text, publisher)
    region, level = infer_region_level(issuer)
    region, province = complete_region(region)
    if region and province is None and (named := province_in_text(text)):
        region, province = named + region, named
    meta = Metadata(year, issuer, region, level, None, province=province)
    entry = manifest_entry(path)
    if entry:
        if entry.get("year", "").strip().isdigit():
            meta.year = int(entry["year"])
        meta.issuer = entry.get("issuer") or meta.issuer
        if entry.get("region"):  # as the manifest states it; its province is read from it
            meta.region, meta.province = entry["region"], complete_region(entry["region"])[1]
        meta.province = entry.get("province") or meta.province
        meta.level = entry.get("level") or meta.level
        aliases = entry.get("aliases") or entry.get("issuer_aliases") or ""
        meta.aliases = tuple(a.strip() for a in re.split(r"[;；|]", aliases) if a.strip())
        if entry.get("template") in ("pre2019", "2019", "2021"):
            meta.layout = entry["template"]
    if meta.layout is None:
        meta.layout = infer_layout(meta.year, text)
    return meta


__all__ = ["Metadata", "infer", "infer_issuer", "infer_layout", "infer_year", "manifest_entry"]
