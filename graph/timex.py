"""Time expressions in Chinese news text, resolved to date intervals.

``find_times(text, published)`` finds 2021年, 2021年5月20日, 去年, 今年1-4月, 6月底, 截至6月底,
自去年9月以来, 过去五年, 上世纪90年代, “十四五”, 近年来, 目前, 未来 … and resolves each against the
publication date.  Conventions (documented here once, relied on by ``mentions``/``emit``):

* Intervals are inclusive: ``begin`` … ``end_date``.  A point in time (6月底, 年底, 截至X, 目前)
  is an instant: ``begin == end_date``, granularity "day".
* Years: 今年/本年 = the publication year, 去年/上年 = −1, 前年 = −2, 明年 = +1, 后年 = +2.
  Months, quarters and half-years written without a year (6月, 1月至4月, 一季度, 上半年) belong
  to the publication year (``relative=True``).
* 底/末 of a month or year = its last day (instant); 初/上旬 = days 1–10, 中旬 11–20, 下旬 21–end;
  年初 = January; 年中 = June–July.
* 截至/截止 X = the instant at the end of X.  自/从 X 以来/起/开始, X 以来, X 至今 = from the
  beginning of X to the publication date (granularity "period").  X 至/到/- Y = X.begin … Y.end;
  a Y without a year takes X's year (2021年5月至8月).
* 过去N年 / 近N年 / 最近N年 / N年来 = the N calendar years ending with the year before
  publication (2022 → 过去五年 = 2017-01-01 … 2021-12-31); N个月 likewise ends with the month
  before publication.  未来N年 / 今后N年 = publication date … the day before its N-th anniversary.
* Vague past (近年来, 近几年, 这些年, 多年来, 近期, 近日, 日前): ``begin=None``,
  ``end_date=published``, granularity "period".  Present (目前, 当前, 如今, 眼下, 时下): the
  publication date as an instant.  Future (今后, 未来, 将来, 下一步): ``begin=published``,
  ``end_date=None``.  All these are ``relative=True``.
* ``future`` is True when the interval starts on or after the publication date and runs past it
  (到2025年, 明年, 年底, 未来五年, 下一步): a target or a plan, never a period already observed.
* Decades: 90年代 = 1990–1999 (without a century, 30–90 → 1900s, 00–20 → 2000s); 上世纪 is
  relative (the century before publication); 初/中/末 are kept in the span but the interval is
  the whole decade.  Five-year plans: “十四五” = 2021–2025 (the N-th plan starts 1966+5(N−3)).
* When ``published`` is None, relative expressions are still returned, with begin/end None.
  ``estimated`` is True for relative expressions resolved from an estimated publication date.
* Durations are not time expressions: 连续举办了三年, 3个月 are left to ``figures`` (unit YEAR,
  MONTH).  Not matched either: 当年/同年/次年 (anaphoric), 仲夏 alone (a season), 未来工厂/未来社区
  (names), 年产/年均 (rates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["TimeExpr", "find_times", "GRANULARITIES"]

GRANULARITIES = ("day", "month", "quarter", "year", "decade", "period")


@dataclass(frozen=True)
class TimeExpr:
    """One time expression; offsets index the string passed to ``find_times``."""

    start: int
    end: int
    text: str
    begin: dt.date | None
    end_date: dt.date | None
    granularity: str
    relative: bool
    estimated: bool
    future: bool = False  # after the publication date (到2025年, 明年, 年底前, 未来): a target, no period observed


_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN = "〇零一二两三四五六七八九十"
_SEP = r"(?:至|到|-|—|–|~|～)"
_MONTH_BLOCK = r"(?!度|利|饼|球|亮|光|票|薪|供|结)"
_SEASONS = "仲夏|初夏|盛夏|初春|早春|阳春|仲春|暮春|金秋|初秋|深秋|仲秋|晚秋|寒冬|隆冬|初冬"
_FIRST_MONTHS = r"(?<![提超领争抢目之此以])前(?:1[01]|[2-9]|十一|十|[二两三四五六七八九])个月"  # 前8个月: January to August
_YEAR_PART = (r"年?底(?!线|部|数|气|色|蕴)|年?末|年?初(?!步|心|期|衷|始|次|级|创)|年中|"
              r"上半年|下半年|前三季度|第?[一二三四1-4]季度|全年|" + _FIRST_MONTHS)
_REL_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2,
              "明年": 1, "后年": 2}
_NUM = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"

_TOKEN_RE = re.compile(
    rf"""
    (?=[0-9〇零一二两三四五六七八九十今去明前后本上仲初盛早阳暮金深晚寒隆过近最未此接目当如眼时现
       这多日第Q年将下二])
    (?:
      (?<![\d.])(?P<iso_y>(?:19|20)\d{{2}})[-./](?P<iso_m>1[0-2]|0?[1-9])[-./]
          (?P<iso_d>3[01]|[12]\d|0?[1-9])(?![\d.])
    | (?<![\d.])(?P<yr1>(?:19|20)\d{{2}})[ ]?年?[ ]?{_SEP}[ ]?(?P<yr2>(?:19|20)\d{{2}})[ ]?年度?
    | (?:
          (?<![\d.])(?P<ay>(?:19|20)\d{{2}})[ ]?年(?!代)
        | (?<![{_CN}])(?P<cy>[〇零一二三四五六七八九]{{4}})年
        | (?P<ry>今年|去年|明年|(?<![\d{_CN}几数多])前年|(?<![今以之然最前背])后年
                |(?<![基根资成])本年|(?<!以)上一?年)
      )
      度?(?P<yp>{_YEAR_PART})?
    | (?<![\d.])(?P<mr1>1[0-2]|0?[1-9])[ ]?月?份?[ ]?{_SEP}[ ]?(?P<mr2>1[0-2]|0?[1-9])[ ]?月
          {_MONTH_BLOCK}份?
    | (?<![{_CN}])(?P<cmr1>十[一二]|[一二三四五六七八九十])月?份?{_SEP}
          (?P<cmr2>十[一二]|[一二三四五六七八九十])月{_MONTH_BLOCK}份?
    | (?P<season>{_SEASONS})?(?:时节)?
      (?:(?<![\d.])(?P<am>1[0-2]|0?[1-9])
        |(?<![{_CN}百千万第统唯同单划专初])(?P<cm>十[一二]|[一二三四五六七八九十]))
      [ ]?月{_MONTH_BLOCK}份?
      (?:(?P<mp>底(?!线)|末|初(?!步)|上旬|中旬|下旬)|[ ]?(?P<day>3[01]|[12]\d|0?[1-9])[ ]?[日号])?
    | (?P<np>过去|最近|(?<![附邻靠接将逼])近)(?:的)?(?P<nn>{_NUM})
          (?:(?P<nyu>年)|个(?P<nmu>月))(?:来|以来|间|里|中)?
    | (?<![\d{_CN}第连续])(?P<nn2>{_NUM})个?年(?:来|以来)
    | (?P<fp>未来|今后|此后)(?:的)?(?P<fn>{_NUM})(?:个)?年(?:内|间|里|中)?
    | (?P<cent>上个?世纪|20世纪|二十世纪|本世纪|21世纪|二十一世纪)?
      (?:(?<![\d])(?P<dec>[1-9]0|00)|(?<![{_CN}])(?P<cdec>[一二三四五六七八九]十))年代
      (?:初期|中期|末期|中后期|初|中|末)?
    | (?<![{_CN}百千])(?P<fyp>十[一二三四五六七八九])五(?![{_CN}百千万亿年个%])
    | (?P<q>(?<![\d{_CN}])第?[一二三四1-4]季度|Q[1-4])
    | (?P<half>上半年|下半年|前三季度|{_FIRST_MONTHS})
    | (?<![\d{_CN}今去明前后本上全当同每近往历逐])(?P<yp0>年底(?!线)|年末|年初(?!步))
    | (?P<vague>近年来|近年|近几年来?|近些年来?|这些年来?|这几年来?|多年来|近期|(?<![接])近日
                |(?<![节生假\d号作])日前|(?<![最附])近来|最近)
    | (?P<present>目前|当前|如今|眼下|时下|当下|现阶段)
    | (?P<future>今后|未来|将来|下一步)(?!工厂|社区|乡村|城|村|产业|实验室|园|学校|科技|之星|网|自)
    )
    """,
    re.VERBOSE,
)

_AS_OF_RE = re.compile(r"(?:截至到?|截止到?|到)$")
_SINCE_PREFIX_RE = re.compile(r"(?:自从|自|从)$")
_SINCE_SUFFIX_RE = re.compile(r"[”\"’』」]?(?:以来|至今|来(?!自|到|说|看|源|访|临)|起(?!步|草|诉|点|源|伏|来|到)|开始)")
_OPENING, _CLOSING = "“\"‘『「", "”\"’』」"
_RANGE_SEP_RE = re.compile(rf"[ ]?{_SEP}[ ]?")


def _cn_int(word: str) -> int:
    """一..九十九 (no 百) → int; "十二" = 12, "二十" = 20, "十" = 10."""
    if word.isdigit():
        return int(word)
    if "十" in word:
        tens, _, ones = word.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    value = 0
    for ch in word:
        value = value * 10 + _CN_DIGIT[ch]
    return value


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass
class _Piece:
    """A lexed expression before resolution."""

    start: int
    end: int
    kind: str  # "date" (year/month/day parts) | "special"
    year: int | None = None  # absolute year
    year_offset: int | None = None  # relative to the publication year
    within: tuple | None = None  # ("months", m1, m2, part, day) | ("part", word) | None
    resolved: tuple | None = None  # for "special": (begin, end, granularity, relative)
    needs_pub: bool = False  # for "special"
    special: object = None  # callable(pub) -> (begin, end, granularity)
    anchored: bool = True  # has a definite beginning: can take 以来/至今/起 and 截至
    present: bool = False  # 目前, 当前 …: can take 截至
    is_range: bool = False  # 2021—2025年, 1-4月: can take 从/自 before it

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.year_offset is not None


def _lex(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for m in _TOKEN_RE.finditer(text):
        piece = _piece(m)
        if piece is None:
            continue
        # a month right after a bare year: 2021年 + 5月, 今年 + 1-4月
        if pieces and piece.kind == "date" and not piece.has_year and piece.within \
                and piece.within[0] == "months":
            prev = pieces[-1]
            if prev.kind == "date" and prev.has_year and prev.within is None \
                    and text[prev.end:piece.start] in ("", " ", "的"):
                prev.end, prev.within = piece.end, piece.within
                continue
        pieces.append(piece)
    return pieces


def _piece(m: re.Match) -> _Piece | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    if g["iso_y"]:
        y, mo, d = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
        if d > calendar.monthrange(y, mo)[1]:
            return None
        return _Piece(s, e, "date", year=y, within=("months", mo, mo, None, d))
    if g["yr1"]:
        y1, y2 = int(g["yr1"]), int(g["yr2"])
        if y2 < y1:
            return None
        return _Piece(s, e, "special", is_range=True, special=lambda pub, a=y1, b=y2: (
            dt.date(a, 1, 1), dt.date(b, 12, 31), "year"))
    if g["ay"] or g["cy"] or g["ry"]:
        within = _year_part(g["yp"]) if g["yp"] else None
        if g["ay"]:
            return _Piece(s, e, "date", year=int(g["ay"]), within=within)
        if g["cy"]:
            return _Piece(s, e, "date", year=int("".join(str(_CN_DIGIT[c]) for c in g["cy"])),
                          within=within)
        return _Piece(s, e, "date", year_offset=_REL_YEARS[g["ry"]], within=within)
    if g["mr1"] or g["cmr1"]:
        m1 = _cn_int(g["mr1"] or g["cmr1"])
        m2 = _cn_int(g["mr2"] or g["cmr2"])
        if m2 < m1:
            return None
        return _Piece(s, e, "date", within=("months", m1, m2, None, None), is_range=True)
    if g["am"] or g["cm"]:
        mo = _cn_int(g["am"] or g["cm"])
        day = int(g["day"]) if g["day"] else None
        if day is not None and day > 31:
            return None
        return _Piece(s, e, "date", within=("months", mo, mo, g["mp"], day))
    if g["np"]:
        n = _cn_int(g["nn"])
        return _past(s, e, n, months=bool(g["nmu"]))
    if g["nn2"]:
        return _past(s, e, _cn_int(g["nn2"]), months=False)
    if g["fp"]:
        n = _cn_int(g["fn"])
        return _Piece(s, e, "special", needs_pub=True, anchored=False,
                      special=lambda pub, n=n: (
                          pub, _add_years(pub, n) - dt.timedelta(days=1), "period"))
    if g["dec"] or g["cdec"]:
        d = int(g["dec"]) if g["dec"] else _cn_int(g["cdec"])
        cent = g["cent"]
        if cent in ("上世纪", "上个世纪", "本世纪"):
            back = 1 if cent != "本世纪" else 0
            return _Piece(s, e, "special", needs_pub=True, special=lambda pub, d=d, back=back: (
                dt.date((pub.year // 100 - back) * 100 + d, 1, 1),
                dt.date((pub.year // 100 - back) * 100 + d + 9, 12, 31), "decade"))
        if cent:
            base = 1900 if cent in ("20世纪", "二十世纪") else 2000
        else:
            base = 1900 if d >= 30 else 2000
        return _Piece(s, e, "special", special=lambda pub, y=base + d: (
            dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade"))
    if g["fyp"]:
        n = 10 + _CN_DIGIT[g["fyp"][1]]
        first = 1966 + 5 * (n - 3)
        return _Piece(s, e, "special", special=lambda pub, y=first: (
            dt.date(y, 1, 1), dt.date(y + 4, 12, 31), "year"))
    if g["q"]:
        q = g["q"].lstrip("第Q").replace("季度", "")
        return _Piece(s, e, "date", within=("quarter", _cn_int(q) if not q.isdigit() else int(q)))
    if g["half"]:
        return _Piece(s, e, "date", within=("part", g["half"]))
    if g["yp0"]:
        return _Piece(s, e, "date", within=_year_part(g["yp0"]))
    if g["vague"]:
        return _Piece(s, e, "special", needs_pub=True, anchored=False,
                      special=lambda pub: (None, pub, "period"))
    if g["present"]:
        return _Piece(s, e, "special", needs_pub=True, anchored=False, present=True,
                      special=lambda pub: (pub, pub, "day"))
    if g["future"]:
        return _Piece(s, e, "special", needs_pub=True, anchored=False,
                      special=lambda pub: (pub, None, "period"))
    return None


def _year_part(word: str) -> tuple:
    if word in ("上半年", "下半年", "前三季度", "全年", "年中") or re.fullmatch(_FIRST_MONTHS, word):
        return ("part", word)
    q = re.fullmatch(r"第?([一二三四1-4])季度", word)
    if q:
        return ("quarter", _cn_int(q.group(1)))
    return ("part", word.lstrip("年"))  # 底 末 初


def _past(s: int, e: int, n: int, *, months: bool) -> _Piece | None:
    if n <= 0:
        return None
    if months:
        def resolve(pub: dt.date, n=n):
            y1, m1 = _month_shift(pub.year, pub.month, -n)
            y2, m2 = _month_shift(pub.year, pub.month, -1)
            return dt.date(y1, m1, 1), _last_day(y2, m2), "month"
    else:
        def resolve(pub: dt.date, n=n):
            return dt.date(pub.year - n, 1, 1), dt.date(pub.year - 1, 12, 31), "year"
    return _Piece(s, e, "special", needs_pub=True, anchored=False, special=resolve)


def _resolve_within(year: int, within: tuple | None) -> tuple[dt.date, dt.date, str]:
    if within is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if within[0] == "quarter":
        q = within[1]
        return dt.date(year, 3 * q - 2, 1), _last_day(year, 3 * q), "quarter"
    if within[0] == "part":
        word = within[1]
        if word in ("底", "末"):
            return dt.date(year, 12, 31), dt.date(year, 12, 31), "day"
        if word == "初":
            return dt.date(year, 1, 1), dt.date(year, 1, 31), "month"
        if word == "年中":
            return dt.date(year, 6, 1), dt.date(year, 7, 31), "period"
        if word == "上半年":
            return dt.date(year, 1, 1), dt.date(year, 6, 30), "period"
        if word == "下半年":
            return dt.date(year, 7, 1), dt.date(year, 12, 31), "period"
        if word == "前三季度":
            return dt.date(year, 1, 1), dt.date(year, 9, 30), "period"
        if word.startswith("前") and word.endswith("个月"):
            n = word[1:-2]
            n = int(n) if n.isdigit() else _cn_int(n.replace("两", "二"))
            return dt.date(year, 1, 1), _last_day(year, n), "period"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"  # 全年
    _, m1, m2, part, day = within
    if day is not None:
        d = dt.date(year, m1, day)
        return d, d, "day"
    last = _last_day(year, m2)
    if part in ("底", "末"):
        return last, last, "day"
    if part in ("初", "上旬"):
        return dt.date(year, m2, 1), dt.date(year, m2, 10), "period"
    if part == "中旬":
        return dt.date(year, m2, 11), dt.date(year, m2, 20), "period"
    if part == "下旬":
        return dt.date(year, m2, 21), last, "period"
    return dt.date(year, m1, 1), last, "month"


_Resolved = tuple  # (begin, end, granularity, relative)


def _resolve(piece: _Piece, pub: dt.date | None, year_hint: tuple[int | None, bool] | None
             ) -> _Resolved | None:
    """(begin, end, granularity, relative); dates None when relative and ``pub`` is None."""
    if piece.kind == "special":
        if piece.needs_pub and pub is None:
            return None, None, _granularity_without_pub(piece), True
        try:
            begin, end, gran = piece.special(pub)
        except (ValueError, OverflowError):  # a date outside datetime's range
            return None
        return begin, end, gran, piece.needs_pub
    if piece.year is not None:
        year, relative = piece.year, False
    elif piece.year_offset is not None:
        year, relative = (pub.year + piece.year_offset if pub else None), True
    elif year_hint is not None:
        year, relative = year_hint
    else:
        year, relative = (pub.year if pub else None), True
    gran = _resolve_within(2000, piece.within)[2]  # granularity does not depend on the year
    if year is None:
        return None, None, gran, True
    try:
        begin, end, gran = _resolve_within(year, piece.within)
    except (ValueError, OverflowError):  # 2月30日, year 10000
        return None
    return begin, end, gran, relative


def _granularity_without_pub(piece: _Piece) -> str:
    try:
        return piece.special(dt.date(2000, 6, 15))[2]
    except (ValueError, TypeError):
        return "period"


def find_times(text: str, published: dt.date | None,
               published_estimated: bool = False) -> list[TimeExpr]:
    """All time expressions in ``text`` resolved against ``published``, sorted by start."""
    if not isinstance(text, str):
        raise TypeError(f"find_times expects str, got {type(text).__name__}")
    if published is not None and not isinstance(published, dt.date):
        raise TypeError(f"published must be a datetime.date or None, got {published!r}")
    if isinstance(published, dt.datetime):
        published = published.date()
    folded = text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text
    pieces = _lex(folded)
    out: list[TimeExpr] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        first = _resolve(piece, published, None)
        if first is None:
            i += 1
            continue
        start, end = piece.start, piece.end
        begin, end_date, gran, relative = first
        # range: X 至 Y
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if nxt is not None and _RANGE_SEP_RE.fullmatch(folded, piece.end, nxt.start):
            hint = None
            if piece.kind == "date" and not nxt.has_year and piece.has_year:
                hint = (begin.year if begin else None, relative)
            second = _resolve(nxt, published, hint)
            if second is not None and _ordered(first, second):
                end = nxt.end
                end_date = second[1]
                relative = relative or second[3]
                gran = gran if gran == second[2] else "period"
                i += 1
                since = _SINCE_PREFIX_RE.search(folded, max(0, start - 2), start)
                if since:
                    start = since.start()
        elif piece.is_range:
            since = _SINCE_PREFIX_RE.search(folded, max(0, start - 2), start)
            if since:
                start = since.start()
        else:
            as_of = _AS_OF_RE.search(folded, max(0, start - 3), start)
            suffix = _SINCE_SUFFIX_RE.match(folded, end)
            if suffix is not None and piece.anchored \
                    and (published is None or begin is None or begin <= published):
                if folded[suffix.start()] in _CLOSING and start > 0 \
                        and folded[start - 1] in _OPENING:
                    start -= 1  # “十三五”以来: keep the quotes balanced
                since = _SINCE_PREFIX_RE.search(folded, max(0, start - 2), start)
                if since:
                    start = since.start()
                end = suffix.end()
                relative = True
                gran = "period"
                end_date = published
                if published is None:
                    begin = None
            elif as_of is not None and (piece.anchored or piece.present):
                start = as_of.start()
                begin = end_date
                gran = "day"
        if relative and published is None:
            begin = end_date = None
        future = published is not None and begin is not None and \
            begin >= published and (end_date is None or end_date > published)
        out.append(TimeExpr(start, end, text[start:end], begin, end_date, gran, relative,
                            bool(relative and published_estimated and published is not None), future))
        i += 1
    return out


def _ordered(first: _Resolved, second: _Resolved) -> bool:
    b1, b2 = first[0], second[1]
    return b1 is None or b2 is None or b1 <= b2


_FOLD = str.maketrans("０１２３４５６７８９．－～", "0123456789.-~")
_NEEDS_FOLD = re.compile("[０-９．－～]")
