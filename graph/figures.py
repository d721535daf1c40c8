"""Figures: quantities written in Chinese news text, as exact ``Decimal`` values in base units.

``find_figures(text)`` returns every money amount, area, count, percentage, capacity, length,
mass and duration in a sentence or paragraph; ``parse_amount(text)`` reads one expression.

Conventions (the contract with ``mentions``/``relations``/``emit``):

* ``value`` is the written number times its magnitude words (万, 亿, 千万 …): 374.77亿元 →
  37477000000 CNY, 10.3万平方米 → 103000 M2.  The unit stays the written one (亩 → ``MU``,
  公顷 → ``HA``, 公里 → ``KM``); :meth:`Figure.value_in` converts areas, lengths and masses.
  Exceptions read straight into base units: 斤 → KG (× 0.5), 吉瓦/兆瓦/千瓦 → W, 兆瓦时 → KWH
  (7万余斤 → ≥ 35000 KG, 1.6兆瓦 → 1600000 W); ``counter`` keeps the written word.
  Integral values have exponent 0 (``Decimal('2000000')``), others are normalised, so
  ``str(value)`` is a valid ``xsd:decimal`` lexical form.
* ``approximation``: 多/余/几/超/超过/逾/突破/至少/上(亿)/以上 → ``at_least``;
  不到/不足/不超过/低于/以下/以内/近/将近/接近 → ``at_most`` (近 = "nearly", i.e. a little less);
  约/大约/左右/上下/来 → ``approximately``; conflicting markers → ``approximately``.
* Vague quantities (数百亩, 几十家, 数万人) are kept with ``vague=True``, ``approximation
  ="at_least"`` and the magnitude as value (数百 → 100): always true, never invented.
* Fractions are percent: 三分之一 → 33.33 (``approximately``: rounded to 0.01; a bound is rounded
  so it stays true: 三分之二以上 → ≥ 66.66), 四分之三 → 75;
  翻一番/翻两番/翻番 are multiples of the base (``TIMES``, 2 to the n-th, counter 番).
* A range (3-5万元, 20%～30%) gives two figures over the same span: the lower bound
  (``at_least``) and the upper bound (``at_most``).
* Growth rates (增长/同比增长/年均增长/提高/下降 x%, x个百分点, x倍) have ``is_growth=True``;
  declines (下降/减少/降低/回落/下滑/下跌/降幅) are negative (下降3% → -3).  "提高到/增长至 x%"
  is a level, not a growth rate.
* ``per_year`` when 每年/年均/年产/年产值/年税收/年增收 … governs the figure within its clause
  (no punctuation and no other figure in between), or the unit is written "…/年".
* ``counter`` is the written measure word or unit (个, 家, 人次, 条, 吨, 公里, 年) for every kind
  except money, area and percent, where it is None.  Rates such as 30万元/亩 are kind "other"
  with a compound unit ("CNY/MU").
* ``kind="capacity"`` for physical output governed by 年产/产能/年处理/日产 … (年产50000吨);
  年产值 is money.  Durations (三年, 6个月) are ``kind="other"`` with unit YEAR/MONTH/DAY/HOUR;
  durations that are time expressions (过去五年, 近3年, 五年来, 三年前) are left to ``timex``.
* Not figures: years (2021年, 二〇二一年), dates (6月底), ordinals (第一, 第3名), identifiers
  (5G, G60, 3+1, COVID-19), bare numbers without a unit (千万网红, 500强), the article-like
  一 (一批, 一条路, 一个个), bare 百/千/万/亿 without a marker (千家万户, 万元GDP, 百年老店).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from functools import lru_cache

import cn2an

__all__ = ["Figure", "find_figures", "parse_amount", "MU_IN_M2", "APPROXIMATIONS", "KINDS"]

KINDS = ("money", "area", "count", "percent", "capacity", "length", "mass", "other")
APPROXIMATIONS = ("exact", "at_least", "at_most", "approximately")

# 1 亩 = 2000/3 m² exactly (the statutory 市亩).  MU_IN_M2 is that ratio at 28 significant digits;
# value_in() converts with the exact fraction and rounds the result (see _QUANTUM).
MU_IN_M2: Decimal = Decimal(2000) / Decimal(3)

_EXACT = Context(prec=60)

# Conversion factors to a base unit per dimension, as exact fractions.
_FACTORS: dict[str, tuple[str, Fraction]] = {
    "M2": ("area", Fraction(1)),
    "MU": ("area", Fraction(2000, 3)),
    "HA": ("area", Fraction(10000)),
    "KM2": ("area", Fraction(1000000)),
    "M": ("length", Fraction(1)),
    "KM": ("length", Fraction(1000)),
    "CM": ("length", Fraction(1, 100)),
    "MM": ("length", Fraction(1, 1000)),
    "KG": ("mass", Fraction(1)),
    "TONNE": ("mass", Fraction(1000)),
    "G": ("mass", Fraction(1, 1000)),
    "JIN": ("mass", Fraction(1, 2)),
}
# Rounding of converted values that are not exact decimals (ROUND_HALF_EVEN): 0.01 m² / 0.01 亩,
# 1e-6 ha, 1e-8 km² (all about 0.01 m²); 0.001 for lengths and masses.
_QUANTUM: dict[str, Decimal] = {
    "M2": Decimal("0.01"), "MU": Decimal("0.01"), "HA": Decimal("0.000001"),
    "KM2": Decimal("0.00000001"),
}
_DEFAULT_QUANTUM = Decimal("0.001")


@dataclass(frozen=True)
class Figure:
    """One quantity in the text; offsets index the string passed to ``find_figures``.

    ``vague`` (default False) marks quantities like 数百/几十 whose value is only a lower bound.
    """

    start: int
    end: int
    text: str
    kind: str
    value: Decimal
    unit: str
    approximation: str
    counter: str | None
    per_year: bool
    is_growth: bool
    vague: bool = False

    def value_in(self, unit: str) -> Decimal:
        """This figure's value in another unit of the same dimension (MU↔M2↔HA↔KM2, KM↔M, …)."""
        if unit == self.unit:
            return self.value
        src, dst = _FACTORS.get(self.unit), _FACTORS.get(unit)
        if src is None or dst is None or src[0] != dst[0]:
            raise ValueError(f"cannot convert {self.text!r} from {self.unit} to {unit}")
        exact = Fraction(self.value) * src[1] / dst[1]
        as_decimal = _EXACT.divide(Decimal(exact.numerator), Decimal(exact.denominator))
        if Fraction(as_decimal) != exact:  # not a finite decimal: round
            as_decimal = as_decimal.quantize(_QUANTUM.get(unit, _DEFAULT_QUANTUM), ROUND_HALF_EVEN)
        return _canonical(as_decimal)


# ---------------------------------------------------------------------------------------------
# Units: written form → (kind, unit code).  Longest forms are tried first.

_MONEY = {
    "新加坡元": "SGD", "瑞士法郎": "CHF", "澳门元": "MOP", "新台币": "TWD", "人民币": "CNY",
    "美元": "USD", "美金": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY",
    "英镑": "GBP", "韩元": "KRW", "澳元": "AUD", "加元": "CAD", "卢布": "RUB", "块钱": "CNY",
    "元": "CNY",
}
_AREA = {
    "平方公里": "KM2", "平方千米": "KM2", "km²": "KM2", "平方米": "M2", "平米": "M2",
    "㎡": "M2", "m²": "M2", "公顷": "HA", "亩": "MU",
}
_PERCENT = {"个百分点": "PERCENTAGE_POINT", "百分点": "PERCENTAGE_POINT", "%": "PERCENT",
            "‰": "PERMILLE"}
_LENGTH = {"公里": "KM", "千米": "KM", "km": "KM", "厘米": "CM", "毫米": "MM", "米": "M"}
_MASS = {"吨": "TONNE", "千克": "KG", "公斤": "KG", "kg": "KG", "克": "G", "斤": "JIN"}
_OTHER = {
    "立方米": "M3", "兆瓦时": "MWH", "千瓦时": "KWH", "度电": "KWH", "吉瓦": "GW", "千瓦": "KW", "兆瓦": "MW", "标准箱": "TEU", "标箱": "TEU",
    "个月": "MONTH", "小时": "HOUR", "年": "YEAR", "天": "DAY", "倍": "TIMES",
}
_COUNT = {
    "人次": "PERSON_TIME", "人": "PERSON", "名": "PERSON", "位": "PERSON", "户": "HOUSEHOLD",
    **{c: "ITEM" for c in "个家项座所处宗批次场届种类款栋幢间支块"},
    **{c: "PIECE" for c in "条件台套辆架艘只头株棵片颗枚张根"},
    "层": "FLOOR",
}
_UNITS: dict[str, tuple[str, str]] = {}
for _kind, _table in (("money", _MONEY), ("area", _AREA), ("percent", _PERCENT),
                      ("length", _LENGTH), ("mass", _MASS), ("other", _OTHER), ("count", _COUNT)):
    for _word, _code in _table.items():
        _UNITS[_word] = (_kind, _code)

# Words that follow a unit character and turn it into another word (元 in 二元结构, 台 in 台州).
_UNIT_BLOCKERS: dict[str, str] = {
    "元": "化|结构|论|素|年|旦|宵|件|器件|老|首|帅|气|朝|代|宝|组|锂",
    "位": "一体|数|于|置",
    "次": "性|方|生|要|级|序|日|年|月",
    "天": "然|下|津|空|地|际|堂|气|涯|府",
    "年": "代|度|级|底|初|末|中|份|终|前|后|来|以来|之后|以后|鉴|报|会|货|薪|限|间|里",
    "家": "庭|乡|族|属|长|具|居|园",
    "所": "以|有|在|得|属|需|谓",
    "处": "理|于|置|级|长|室|罚",
    "间": "隔|接|断",
    "批": "准|复|示|发|评",
    "场": "景|所|馆|地",
    "种": "植|子|业|苗|养",
    "款": "项",
    "支": "持|付|出|撑|部",
    "头": "部|等|号|衔|条|雁",
    "片": "区|面",
    "根": "据|本|源",
    "条": "件|例|款|约",
    "台": "州|湾|北|商|风|阶|资|账|上|下",
    "套": "餐|用|利|现|路",
    "只": "是|有|要|能|会|不|需|在",
    "项": "目",
    "名": "义|称|单|录|字|牌|片|列",
    "户": "籍|口|型|外",
    "块": "钱",
    "吨": "位",
    "米": "粮|饭|业|面|酒|其|兰",
    "上下": "游",
    "克": "服|隆|拉|里",
    "人": "民|工|士",
    "层": "面|次|级|层|出|高",
}

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGITS + "十百千万亿"
_MAG_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}

# Full-width digits and signs → ASCII, one code point for one (offsets never move).
_FOLD = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
_NEEDS_FOLD = re.compile("[０-９．％－～]")


def _fold(text: str) -> str:
    """Full-width digits and signs as ASCII (same length); str.translate only when needed."""
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def _unit_pattern() -> str:
    parts = []
    for word in sorted(_UNITS, key=lambda w: (-len(w), w)):
        blocker = _UNIT_BLOCKERS.get(word)
        parts.append(re.escape(word) + (f"(?!{blocker}|级)" if blocker else "(?!级)"))
    return "|".join(parts)


_NUMBER = rf"""
    (?:
        (?P<ar>(?<![\d.A-Za-z_/#+])\d+(?:,\d{{3}}(?!\d))*(?:\.\d+)?)
      | (?P<vg>(?<![{_CN_ALL}以])[数几上](?=[十百千万亿]))
      | (?P<cn>(?<![{_CN_ALL}])[{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?)
    )
    (?P<inf>多|余|几|来)?
    (?P<mag>(?:十|百(?!分)|千(?![米克瓦伏])|万|亿)+)?
    (?P<inf2>(?<=[十百千万亿])(?:多|余))?
"""

_FIGURE_RE = re.compile(
    rf"""
    (?P<pct>百分之)(?P<pnum>\d+(?:\.\d+)?|[{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?)
  | {_NUMBER}
    [ ]?(?P<unit>{_unit_pattern()})
    """,
    re.VERBOSE,
)
_BARE_RE = re.compile(rf"{_NUMBER}", re.VERBOSE)

_PREFIX_RE = re.compile(
    r"(?:不超过|不高于|不少于|不低于|不到|不足|超过|超出|多于|高于|大于|突破|至少|最少|最多|至多|"
    r"少于|低于|小于|将近|接近|逼近|(?<![附邻靠最])近|约合|约为|大约|大概|"
    r"(?<![签制契预节公条协违履誓缔立特邀隐])(?<!(?<!折)合)约|(?<![赶])超|逾|过(?=[百千万亿]))$"
)
_SUFFIX_RE = re.compile(r"以上|以下|以内|之内|左右|上下(?!游)|开外")
_RATE_RE = re.compile(r"/(?P<per>年|亩|平方米|平米|㎡|吨|人|月|天|日|小时|公斤|千克|台|套|户)")
_RANGE_HEAD_RE = re.compile(
    rf"(?<![\d.A-Za-z])(?P<lo>\d+(?:\.\d+)?|[{_CN_ALL}]+)(?P<lomag>[十百千万亿]*)"
    rf"(?P<lopct>%)?[ ]?(?:-|~|～|—|–|至|到)[ ]?$"
)
_GROWTH_RE = re.compile(
    r"(?:同比|环比|比上年同期|较上年同期|比上年|较上年|比去年|较去年|年均|平均)?"
    r"(?P<verb>增长率|增长|增加|提高|提升|扩大|上升|上涨|增速|增幅|涨幅|下降|下滑|减少|降低|回落|下跌|降幅|减幅)"
    r"(?:了|达到|达|为|约为)?(?:分别)?(?:为|达)?$"
)
_DECLINE = frozenset(("下降", "下滑", "减少", "降低", "回落", "下跌", "降幅", "减幅"))
_PER_YEAR_RE = re.compile(
    rf"每年|年均|(?<![\d{_CN_ALL}今去明前后全当同半上下每近往历逐])年(?:产|均|营收|营业|销售|收入|"
    r"税收|纳税|处理|加工|接待|吞吐|发电|用电|增收|创收|租金|可|出栏|屠宰)"
)
_CAPACITY_RE = re.compile(r"年产(?!值)|产能|生产能力|设计能力|日产|年出栏|"
                          r"(?:年|日|每年|每天)可?(?:处理|加工|生产|吞吐|发电|屠宰)")
_TIME_DURATION_RE = re.compile(r"(?:过去|近|最近|未来|今后|前|后|头|这|那)(?:的)?$")
_CLAUSE_END = re.compile(r"[，,；;。！!？?\n：:]")
_LAST_CLAUSE_END = re.compile("(?s).*" + _CLAUSE_END.pattern)  # up to the last of those marks
_PLACE_SUFFIX = frozenset("县市区镇乡村山路街湖河桥渠庄屯寨堡岭州")
_LOOKBACK = 12
_CLAUSE_WINDOW = 40


@lru_cache(maxsize=4096)
def _cn_value(word: str) -> Decimal | None:
    """A Chinese numeral (三, 两万, 一万二千, 百亿, 三点五) as a Decimal; None if malformed."""
    integer, _, fraction = word.partition("点")
    if not integer:
        return None
    if integer[0] in "百千万亿":
        integer = "一" + integer
    try:
        whole = cn2an.cn2an(integer, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(whole, float) and not whole.is_integer():
        return None
    value = Decimal(int(whole))
    if fraction:
        digits = "".join(str("零一二三四五六七八九".find(c)) if c != "〇" else "0" for c in fraction)
        if "-" in digits:
            return None
        value = _EXACT.add(value, Decimal("0." + digits))
    return value


def _canonical(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize(_EXACT)


def _magnitude(mag: str | None) -> int:
    result = 1
    for ch in mag or "":
        result *= _MAG_VALUE[ch]
    return result


@dataclass
class _Number:
    value: Decimal
    approximation: str  # from infix/vague markers: "exact" | "at_least" | "approximately"
    vague: bool
    bare: bool  # only a magnitude word (万, 亿, 千): needs a marker to count as a figure
    chinese: bool


def _number(m: re.Match) -> _Number | None:
    """The number of a figure match (digits, Chinese numerals, vague 数百), or None if not one."""
    ar, vg, cn, inf, mag = m.group("ar", "vg", "cn", "inf", "mag")
    if inf is None and mag and m.group("inf2"):
        inf = m.group("inf2")  # 7万余斤, 3亿多元: the marker after the magnitude
    approximation = "exact"
    vague = bare = False
    if ar is not None:
        base = Decimal(ar.replace(",", ""))
    elif vg is not None:
        if not mag:
            return None
        base = Decimal(1)
        approximation = "at_least"
        vague = vg != "上"
    else:
        if cn == "一" and not mag and not inf:
            return None  # 一批, 一条路, 一个个: an article, not a count
        if "点" not in cn and len(cn) > 1 and not any(c in "十百千万亿" for c in cn):
            return None  # 二〇二一, 一二: digit strings are years or codes
        if cn in ("百", "千", "万", "亿") and not mag and not inf:
            bare = True
        parsed = _cn_value(cn)
        if parsed is None:
            return None
        base = parsed
    if inf in ("多", "余", "几"):
        approximation = "at_least"
    elif inf == "来":
        approximation = "approximately"
    value = _EXACT.multiply(base, Decimal(_magnitude(mag)))
    return _Number(value, approximation, vague, bare, ar is None)


def _combine(markers: list[str]) -> str:
    kinds = {m for m in markers if m != "exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "approximately"


def _prefix(text: str, start: int) -> tuple[int, str | None]:
    """An approximation word right before ``start``: (new start, approximation)."""
    m = _PREFIX_RE.search(text, max(0, start - 4), start)
    if m is None:
        if start > 0 and text[start - 1] in "过破" and text[start:start + 1] in "百千万亿":
            return start - 1, "at_least"  # 过亿元, 破万人
        return start, None
    word = m.group()
    if word in ("不到", "不足", "不超过", "不高于", "最多", "至多", "少于", "低于", "小于",
                "将近", "接近", "逼近", "近"):
        return m.start(), "at_most"
    if word in ("约合", "约为", "大约", "大概", "约"):
        return m.start(), "approximately"
    return m.start(), "at_least"


def _suffix(text: str, end: int) -> tuple[int, str | None]:
    m = _SUFFIX_RE.match(text, end)
    if m is None:
        return end, None
    word = m.group()
    if word in ("以上", "开外"):
        return m.end(), "at_least"
    if word in ("以下", "以内", "之内"):
        return m.end(), "at_most"
    return m.end(), "approximately"


# A figure (and a bare number) starts with a digit, a Chinese numeral or 百分之/数/几/上: the pattern
# is tried only where such a character is (same matches as finditer, which tries every position).
_FIGURE_START_RE = re.compile(rf"[\d数几上{_CN_ALL}]")


def _matches(regex: re.Pattern, text: str):
    """``regex.finditer(text)`` for a pattern whose matches are never empty and start with
    ``_FIGURE_START_RE``; lookbehinds still see the text before each try."""
    search, match = _FIGURE_START_RE.search, regex.match
    pos = 0
    while (c := search(text, pos)) is not None:
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


def _scan(text: str, original: str, *, allow_bare: bool) -> list[Figure]:
    figures: list[Figure] = []
    regex = _BARE_RE if allow_bare else _FIGURE_RE
    for m in _matches(regex, text):
        if m.re is _FIGURE_RE and m.group("pct"):
            value = _parse_number_word(m.group("pnum"))
            if value is None:
                continue
            number = _Number(value, "exact", False, False, False)
            word, kind, unit = "%", "percent", "PERCENT"
        else:
            number = _number(m)
            if number is None:
                continue
            word = m.group("unit") if not allow_bare else None
            kind, unit = _UNITS[word] if word else ("other", "NUMBER")
        figure = _build(text, original, m, number, word, kind, unit, figures)
        if figure is None:
            continue
        if isinstance(figure, tuple):
            lo, hi = figure
            while figures and figures[-1].start >= lo.start:
                figures.pop()  # "20%" of "20%-30%" was found on its own first
            figures.extend((lo, hi))
        else:
            figures.append(figure)
    return figures


def _parse_number_word(word: str) -> Decimal | None:
    if word[0].isdigit():
        return Decimal(word)
    return _cn_value(word)


def _skip(text: str, m: re.Match, number: _Number, word: str | None, kind: str, unit: str,
          start: int) -> bool:
    """Context rules that make a unit-bearing number not a figure (years, ordinals, names)."""
    if start > 0 and text[start - 1] == "第":
        return True
    end = m.end()
    if unit == "YEAR":
        ar = m.group("ar")
        if ar is not None and (len(ar) >= 4 or m.group("mag")):
            return True  # 2021年: a year, not a duration
        if _TIME_DURATION_RE.search(text, max(0, start - 2), start):
            return True  # 过去五年, 近3年: a time expression (timex)
    if unit in ("MONTH", "DAY", "HOUR") \
            and _TIME_DURATION_RE.search(text, max(0, start - 2), start):
        return True  # 最近3个月
    if number.chinese and kind == "money" and not m.group("mag") and not m.group("inf") \
            and not any(c in "十百千万亿" for c in m.group("cn") or ""):
        return True  # 二元结构, 三元锂电池
    if number.chinese and word in ("台", "家") and len(m.group("cn") or "") == 1 \
            and not m.group("inf") and end < len(text) and text[end] in _PLACE_SUFFIX:
        return True  # 三台县, 五家渠, 三家村: place names
    if kind == "count" and unit == "PERSON" and start > 0 and text[start - 1] == "前":
        return True  # 前5名: a rank
    return False


def _build(text: str, original: str, m: re.Match, number: _Number, word: str | None, kind: str,
           unit: str, previous: list[Figure]) -> Figure | tuple[Figure, Figure] | None:
    start, end = m.start(), m.end()
    if word is not None and _skip(text, m, number, word, kind, unit, start):
        return None
    markers = [number.approximation]
    start, pre = _prefix(text, start)
    end, post = _suffix(text, end)
    if unit == "TIMES" and post is None and text[end:end + 1] in ("多", "余"):
        end, post = end + 1, "at_least"  # 增长1倍多
    markers += [a for a in (pre, post) if a]
    if number.bare and pre is None and post is None:
        return None  # 千家万户, 万元户, 百年老店
    if unit == "CNY" and text.startswith("人民币", end):
        end += 3  # 5亿元人民币
    rate = _RATE_RE.match(text, end)
    per_year = False
    if rate is not None and kind in ("money", "mass", "count", "other"):
        per = rate.group("per")
        end = rate.end()
        if per == "年":
            per_year = True
        else:
            per_unit = _UNITS.get(per, ("other", {"月": "MONTH", "日": "DAY"}.get(per, per)))[1]
            kind, unit = "other", f"{unit}/{per_unit}"
    # clause window for 每年 / 年产 / 产能 (bounded by punctuation and the previous figure)
    window_start = max(0, start - _CLAUSE_WINDOW)
    if previous and previous[-1].end > window_start:
        window_start = previous[-1].end
    window = text[window_start:start]
    cut = _LAST_CLAUSE_END.match(window)
    if cut is not None:
        window = window[cut.end():]
    if _PER_YEAR_RE.search(window):
        per_year = True
    counter = word if kind not in ("money", "area", "percent") else None
    cap = _CAPACITY_RE.search(window)
    if cap and (kind in ("count", "mass") or unit in ("M3", "KWH", "MWH", "TEU", "GW", "MW", "KW")):
        kind = "capacity"  # 年产光伏电池片5吉瓦: output capacity in watts too
        per_year = per_year or "年" in cap.group()  # 建成后年产…: 年产 is yearly
    is_growth = False
    value = number.value
    if kind == "percent" or unit == "TIMES":
        g = _GROWTH_RE.search(text, max(0, start - _LOOKBACK), start)
        if g is None and previous and previous[-1].is_growth and previous[-1].unit == unit \
                and re.fullmatch(r"[、和与及]|以及", text[previous[-1].end:start]):
            is_growth = True  # chained: 分别增长5%和7%
            value = -value if previous[-1].value < 0 else value
        elif g is not None:
            is_growth = True
            if g.group("verb") in _DECLINE:
                value = -value
    approximation = _combine(markers)
    written_unit = unit
    value, unit = _to_base(value, unit)
    fig = Figure(start, end, original[start:end], kind, _canonical(value), unit, approximation,
                 counter, per_year, is_growth, number.vague)
    head = _RANGE_HEAD_RE.search(text, max(0, m.start() - _LOOKBACK), m.start())
    if head is not None and pre is None:
        lo_value = _parse_number_word(head.group("lo"))
        if lo_value is not None and (head.group("lopct") is None) == (unit != "PERCENT"):
            lomag = head.group("lomag") or (m.group("mag") if word != "%" else "")
            lo_value = _EXACT.multiply(lo_value, Decimal(_magnitude(lomag)))
            lo_value, _ = _to_base(lo_value, written_unit)
            if is_growth and value < 0:
                lo_value = -lo_value
            s = head.start()
            lo = Figure(s, end, original[s:end], kind, _canonical(lo_value), unit, "at_least",
                        counter, per_year, is_growth, number.vague)
            hi = Figure(s, end, original[s:end], kind, fig.value, unit, "at_most",
                        counter, per_year, is_growth, number.vague)
            return lo, hi
    return fig


# Units read straight into their base unit (the written word stays in ``counter`` and the text):
# 斤 (市斤) = 0.5 kg, 兆瓦/千瓦 → W.
_TO_BASE: dict[str, tuple[str, Decimal]] = {"JIN": ("KG", Decimal("0.5")), "MW": ("W", Decimal(10**6)),
                                            "KW": ("W", Decimal(1000)), "GW": ("W", Decimal(10**9)),
                                            "MWH": ("KWH", Decimal(1000))}


def _to_base(value: Decimal, unit: str) -> tuple[Decimal, str]:
    base = _TO_BASE.get(unit)
    if base is None:
        return value, unit
    return _EXACT.multiply(value, base[1]), base[0]


# Tenths (成) as percent, only after a cue of proportion or growth (占比超过五成, 增长三成, 近九成),
# never in words (一成不变, 八成新, 建成, 五成群).
_TENTHS_RE = re.compile(
    r"(?P<cue>占比|比重|占|增长|提高|下降|减少|达到|达|超过|超|逾|近|接近|将近|约|为)"
    r"(?P<pre>超过|超|逾|近|接近|将近|约|达到|达|为)?(?P<n>[一二三四五六七八九1-9])成"
    r"(?P<post>以上|多|左右)?(?![不新群])")
_TENTHS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}


def _tenths(text: str) -> list[Figure]:
    out = []
    for m in _TENTHS_RE.finditer(text):
        n = m.group("n")
        value = Decimal((_TENTHS.get(n) or int(n)) * 10)
        marks = {m.group("cue"), m.group("pre"), m.group("post")}
        if marks & {"超过", "超", "逾", "以上", "多"}:
            approximation = "at_least"
        elif marks & {"近", "接近", "将近"}:
            approximation = "at_most"
        elif marks & {"约", "左右"}:
            approximation = "approximately"
        else:
            approximation = "exact"
        growth = m.group("cue") in ("增长", "提高", "下降", "减少")
        if m.group("cue") in ("下降", "减少"):
            value = -value
        marker = ("超过", "超", "逾", "近", "接近", "将近", "约")
        start = m.start("pre") if m.group("pre") in marker else \
            m.start("cue") if m.group("cue") in marker and not m.group("pre") else m.start("n")
        out.append(Figure(start, m.end(), text[start:m.end()], "percent", value, "PERCENT", approximation,
                          None, False, growth, False))
    return out


# Doublings as a multiple of the base: 翻一番 = ×2, 翻两番 = ×4 (2 to the n-th), 翻番/翻倍 = ×2.
_DOUBLING_RE = re.compile(
    r"(?P<pre>超过|超|近|接近|约)?翻(?:了)?(?P<pre2>近|约|超过|超)?"
    r"(?:(?P<n>[一两二三四五1-5])番|番|(?:一)?倍)(?P<post>多|以上|有余)?(?![番倍])")
_DOUBLINGS = {c: i + 1 for i, c in enumerate("一两三四五")} | {"二": 2} | {str(i): i for i in range(1, 6)}


def _doublings(text: str) -> list[Figure]:
    out = []
    for m in _DOUBLING_RE.finditer(text):
        n = _DOUBLINGS[m.group("n")] if m.group("n") else 1
        marks = {m.group("pre"), m.group("pre2"), m.group("post")}
        if marks & {"超过", "超", "多", "以上", "有余"}:
            approximation = "at_least"
        elif marks & {"近", "接近"}:
            approximation = "at_most"
        elif "约" in marks:
            approximation = "approximately"
        else:
            approximation = "exact"
        out.append(Figure(m.start(), m.end(), text[m.start():m.end()], "other", Decimal(2 ** n), "TIMES",
                          approximation, "番", False, False, False))
    return out


# Fractions as percent (占全市的三分之一 → 33.33 %, 四分之三 → 75 %); 百分之/千分之 are read elsewhere.
_FRACTION_RE = re.compile(r"(?<![百千万亿])(?P<d>[二三四五六七八九十]|[2-9]|10)分之(?P<n>[一二三四五六七八九]|[1-9])(?![十百千万])")
_PERCENT_QUANTUM = Decimal("0.01")


def _fractions(text: str) -> list[Figure]:
    out = []
    for m in _FRACTION_RE.finditer(text):
        d, n = (_cn_value(x) if not x.isdigit() else Decimal(x) for x in m.group("d", "n"))
        if not d or not n or n >= d:
            continue
        exact = Fraction(int(n) * 100, int(d))
        value = _EXACT.divide(Decimal(exact.numerator), Decimal(exact.denominator))
        start, pre = _prefix(text, m.start())
        end, post = _suffix(text, m.end())
        markers = [a for a in (pre, post) if a]
        if Fraction(value) != exact:  # 1/3 → 33.33; a bound stays true (三分之二以上 → ≥ 66.66)
            bound = _combine(markers)
            rounding = {"at_least": ROUND_FLOOR, "at_most": ROUND_CEILING}.get(bound, ROUND_HALF_EVEN)
            value = value.quantize(_PERCENT_QUANTUM, rounding)
            if bound not in ("at_least", "at_most"):
                markers.append("approximately")
        out.append(Figure(start, end, text[start:end], "percent", _canonical(value), "PERCENT",
                          _combine(markers), None, False, False, False))
    return out


def find_figures(text: str) -> list[Figure]:
    """All quantities with a unit or measure word in ``text``, sorted by start offset
    (tenths such as 超过五成 as percent)."""
    if not isinstance(text, str):
        raise TypeError(f"find_figures expects str, got {type(text).__name__}")
    found = _scan(_fold(text), text, allow_bare=False)
    extra = _tenths(text) + (_doublings(text) if "翻" in text else []) + (_fractions(text) if "分之" in text else [])
    extra = [t for t in extra if not any(f.start < t.end and t.start < f.end for f in found)]
    return sorted(found + extra, key=lambda f: (f.start, f.end)) if extra else found


def parse_amount(text: str) -> Figure | None:
    """Read one expression such as "374.77亿元", "200多万元" or "1.2万"; None unless the whole
    (stripped) string is exactly one figure.  A bare number gets kind "other", unit "NUMBER"."""
    if not isinstance(text, str):
        raise TypeError(f"parse_amount expects str, got {type(text).__name__}")
    stripped = text.strip()
    offset = text.find(stripped) if stripped else 0
    if not stripped:
        return None
    folded = _fold(stripped)
    for allow_bare in (False, True):
        found = _scan(folded, stripped, allow_bare=allow_bare)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
            f = found[0]
            return Figure(f.start + offset, f.end + offset, f.text, f.kind, f.value, f.unit,
                          f.approximation, f.counter, f.per_year, f.is_growth, f.vague)
    return None
