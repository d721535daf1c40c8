"""Statistics: observations of an indicator with its figure, area, period and value kind.

Rule (the ``rule`` string of each observation fact):
  observation               <indicator> … <figure> (level or growth rate) with area and period (a park
                            when its head word opens the sentence; none for what two zones build together);
                            占比/比重/占全市的 → Share (+ shareOf the place stated or the 全市/全县 of the
                            area; the whole after 占 is no statistic); 年均/两年平均 → average;
                            增长1.2倍 → GrowthMultiple, 是…的2.3倍 / 增至2.3倍 / 翻了一番 → MultipleOfBase
                            (the multiple as written); 较上年提高3.2万元 / 同比增加12家 / 净增 →
                            AbsoluteChange (negative for 减少/下降), 占比…N个百分点 → ShareChange,
                            增速…N个百分点 → GrowthRateChange (in PERCENT); 同比/环比 → basis; the period
                            is never the base of a comparison (较去年同期, 比2018年, 是2017年的) and carries
                            over from the sentence before in a paragraph of statistics; none for a target
                            or forecast (预计/建成后/力争/目标/计划, a period after publication: 到2025年),
                            新增 + a stock count, a company's, project's or plot's figure (这块地), a
                            figure that does not fit the indicator's measureUnit or follows another
                            measure word, or is two clauses on without going on with the same measure
                            (…9.8%，腾退企业136家); a gap to another area (是全市平均水平的2.1倍, 比全市平均
                            多…) is neither growth nor change; the area is not a place named in passing
                            (quotes, after 是/获评/入选)
  observation (ranks)       <indicator> … 居/位列/排名 <全市…> 第N / 首位 → Rank, GrowthRateRank when 增速 is
                            ranked; the figure is the rank with its group as written (全市第一); not
                            第一方阵/第一批, not after 力争/目标

``StatisticsRules`` is mixed into the relation extractor (``graph.relations``): its methods use the
extractor's clauses, mentions and resolution.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from .figures import Figure, _cn_value
from .mentions import ONTOLOGY_DIR, Mention, concept_labels
from .resolve import Entity, _gaz
from .vocab import GROUP_END as _GROUP_END, PLACE_CLASSES as _PLACE_CLASSES

__all__ = ["Observation", "StatisticsRules"]


@dataclass
class Observation:
    """A statistic: indicator, figure, area, period, kind (Level/GrowthRate/…)."""

    indicator: str
    figure: Mention
    area: Entity | None
    period: Mention | None
    kind: str
    sentence: int
    indicator_mention: Mention
    share_of: Entity | None = None  # for a share: the place whose total it is taken of
    basis: str | None = None  # for a growth or a change: "YearOnYear" (同比) or "PeriodOnPeriod" (环比)


@functools.cache
def _measure_kinds() -> dict[str, str]:
    """Indicator concept IRI (default base) → the figure kind its edz:measureUnit asks for
    (cur:CNY → money, unit:NUM → count, unit:M2 → area, unit:KiloW-HR → KWH, unit:PERCENT → percent)."""
    path = ONTOLOGY_DIR / "indicators.ttl"
    if not path.exists():
        return {}
    kinds = {"CNY": "money", "NUM": "count", "M2": "area", "KiloW-HR": "KWH", "PERCENT": "percent"}
    out: dict[str, str] = {}
    for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri="http://127.0.0.1:8000/"):
        if t.predicate.value.endswith("#measureUnit"):
            kind = kinds.get(t.object.value.rsplit("/", 1)[-1])
            if kind is not None:
                out[t.subject.value] = kind
    return out


def _fits(indicator: str, fig: Any) -> bool:
    """Can ``fig`` be a value of ``indicator`` (a count is no money, money no count …)? Percent
    figures (growth rates, shares) fit every indicator."""
    want = _measure_kinds().get(indicator)
    if want is None or fig.unit in ("PERCENT", "PERCENTAGE_POINT", "TIMES"):
        return True
    if want == "KWH":
        return fig.unit == "KWH"
    if want == "count":
        return fig.kind in ("count", "capacity")
    return fig.kind == want


class StatisticsRules:
    """The observation rules of the relation extractor (a mixin: ``self`` is the extractor)."""

    def observations(self) -> None:
        ms = self.res.mentions
        ind_sentences: set[int] = set()
        for k, m in enumerate(ms):
            if m.kind != "indicator":
                continue
            i = m.sentence
            ind_sentences.add(i)
            iri, iend = self._compound_indicator(m)
            _, gb = self.clause(iend, _GROUP_END)
            nxt_ind = next((x.start for x in self.in_sentence(i, ("indicator",)) if x.start >= iend
                            and not self._SHARE_BASE.search(self.text, max(0, x.start - 6), x.start)), gb)
            stop = min(gb, nxt_ind)
            if self._SHARE_BASE.search(self.text, max(0, m.start - 6), m.start):
                continue  # 占规上工业增加值比重…: the whole a share is taken of, not a statistic here
            ind_starts = {x.start for x in self.in_sentence(i, ("indicator",))}
            # a count written right before its indicator (124家企业主体) …
            prev = [x for x in self.in_sentence(i) if x.kind == "figure" and x.end == m.start
                    and x.data["figure"].kind == "count"]
            # … else the figures after it, up to the next indicator or the end of the clause group
            figs = prev or self._figure_chain([x for x in self.in_sentence(i) if x.kind == "figure" and iend <= x.start < stop
                                        and x.end not in ind_starts], iend)
            net = False
            if iri.endswith("qi-ye-shu") and self._NEW.search(self.text, max(0, m.start - 4), m.start):
                if not self._NET_BEFORE.search(self.text, max(0, m.start - 4), m.start):
                    continue  # 新增规上工业企业15家: how many came, not how many there are
                net = True  # 净增规上工业企业35家: the change of their number
            ga, _ = self.clause(m.start, _GROUP_END)
            if self._PROJECTED.search(self.text, ga, m.start) or \
                    (self._PLANNED.search(self.text, ga, m.start)  # then only in the indicator's clause
                     and self._PLANNED.search(self.text, self.clause(m.start)[0], m.start)):
                continue  # 项目建成后，预计年产值可达50亿元: a projection of a project, no statistic
            if self._owned(m.start):
                continue  # 某公司去年实现税收收入3200万元, 项目…用地面积150亩: no statistic of a place
            if self.text.find("地", ga, m.start) >= 0 and self._PARCEL.search(self.text, ga, m.start):
                continue  # 这块地原来一年税收才几十万元: a plot's figure, no statistic of a place
            if figs and figs[0].start > iend and self._other_measure_in(self.text[iend:figs[0].start]):
                continue  # 规上工业企业利润总额…, 新签约亿元以上项目38个，专利授权量2150件: another measure
            figs = self._own_figures(figs, iend)
            for f in figs:
                fig = f.data["figure"]
                if fig.kind not in ("money", "area", "count", "percent", "capacity", "mass") \
                        and not (fig.kind == "other" and fig.unit in ("KWH", "M3", "TEU", "TIMES")):
                    continue
                if not _fits(iri, fig):
                    continue  # 规上工业企业利润总额88.1亿元: money is no number of enterprises
                kind = "AbsoluteChange" if net and fig.kind == "count" else self._value_kind(iend, f)
                if kind is None:
                    continue  # 扩大3倍 without a base, 增加5个百分点 of nothing said
                if kind in self._CHANGES:
                    f = self._signed(f, kind)  # 减少0.8亿千瓦时 → −80000000 KWH; 个百分点 → PERCENT
                share = kind == "Level" and fig.unit == "PERCENT" and self._share(iend, f.start)
                if share:
                    if not self._share_of_indicator(iend, f.start):
                        continue  # 规上工业总产值…，其中新能源产业产值占比46.2%: a part's share
                    kind = "Share"
                area = self._stat_area(m.start, i) or \
                    self._park_by_head(self.sentences[i].start, m.start, r"") or self.res.section_zone[i]
                if self._joint_venture(m.start, i):
                    continue  # 双方还将共建X飞地，首批签约项目8个: the joint venture's, not either zone's
                period = self._period_before(f.start, i) or self._carried_period(i)
                if period is not None and period.data["time"].future:
                    continue  # 到2025年，规上工业产值达到1000亿元: a target, not an observation
                whole = self._share_whole(iend, f.start, area) if share else None
                basis = self._basis(iend, f.start) if kind not in ("Level", "Share", "AverageAnnualGrowthRate") else None
                self.obs.append(Observation(iri, f, area, period, kind, i, m, whole, basis))
        self.rankings(ind_sentences)

    # 增速居全市第一, 位列全省开发区第3位, 排名全国第十二: the area's place among others for an indicator
    # found from the rank word back to its verb (第/首位 are rarer than 居/列/排)
    _RANK = re.compile(r"第(?P<n>[一二三四五六七八九十]{1,3}|\d{1,3})(?:位|名)?(?![方梯批届次期轮季个])|(?P<top>首位|榜首)")
    _RANK_VERB = re.compile(r"(?:位居|居于|居|位列|列|排名|排在|排|名列)(?P<among>全[国省市县区州]|[^，。；第]{0,14}?)$")
    _RATE_RANKED = re.compile(r"增速|增幅|增长率|增长")

    def rankings(self, sentences: set[int]) -> None:
        """Ranks (居全市第一 → 1) of the indicator before them in their clause group: Rank, or
        GrowthRateRank when its growth is ranked (增速居全市第一). The figure is the rank with the
        group it is taken in, as written (全市第一). Only ``sentences`` (those with an indicator) are read."""
        text = self.text
        found = []
        for i in sorted(sentences):
            sa, sb = self.sentences[i].start, self.sentences[i].end
            for word in ("第", "首位", "榜首"):  # str.find is much faster than a regex scan
                at = text.find(word, sa, sb)
                while at >= 0:
                    rk = self._RANK.match(text, at)
                    if rk is not None:
                        found.append(rk)
                    at = text.find(word, at + 1, sb)
        for rk in sorted(found, key=lambda r: r.start()):
            mt = self._RANK_VERB.search(self.text, max(0, rk.start() - 20), rk.start())
            if mt is None:
                continue
            i = self._sent(mt.start())
            ga, _ = self.clause(mt.start(), _GROUP_END)
            inds = [x for x in self.in_sentence(i, ("indicator",)) if ga <= x.start and x.end <= mt.start()]
            if not inds:
                continue
            m = inds[-1]
            iri, iend = self._compound_indicator(m)
            between = self.text[iend:mt.start()]
            if re.search(r"[，。；]", between) and not self._RATE_RANKED.fullmatch(between.rsplit("，", 1)[-1]):
                continue  # the rank is said of something else in a later clause
            if self._PROJECTED.search(self.text[ga:mt.start()]) or self._PLANNED.search(self.text[ga:mt.start()]) \
                    or self._owned(m.start) \
                    or self._PARCEL.search(self.text, ga, m.start):
                continue  # 力争进入全省前列, a company's rank
            n = 1 if rk.group("top") else (int(rk.group("n")) if rk.group("n").isdigit() else _cn_value(rk.group("n")))
            if not n:
                continue
            start = mt.start("among") if mt.group("among").startswith("全") else rk.start()
            end = rk.end()
            text = self.text[start:end]
            fig = Figure(start, end, text, "other", Decimal(int(n)), "RANK", "exact", None, False, False)
            f = Mention("figure", "Quantity", start, end, text, text, i, {"figure": fig})
            kind = "GrowthRateRank" if self._RATE_RANKED.search(between) else "Rank"
            area = self._stat_area(m.start, i) or \
                self._park_by_head(self.sentences[i].start, m.start, r"") or self.res.section_zone[i]
            if self._joint_venture(m.start, i):
                continue
            period = self._period_before(start, i) or self._carried_period(i)
            if period is not None and period.data["time"].future:
                continue
            self.obs.append(Observation(iri, f, area, period, kind, i, m))

    _SHARE_BASE = re.compile(r"占(?:全[省市县区镇]|[^，。；\d]{0,4}?[省市县区])?(?:的)?$")
    _SHARE_CUE = re.compile(r"占比|比重|占[^，。；]{0,20}?(?:的|达|为|超过|超|近|约)?$")
    _CHANGE = re.compile(r"(?:较|比|同比|与)[^，。；]{0,8}?(?:提高|增加|增长|减少|下降|降低|提升|多|少|净增)了?"
                         r"(?:[约近超逾]|超过)?$|(?:^|[，、])(?:提高|增加|提升|减少|下降|净增|增长)了?$")

    _CHANGES = ("AbsoluteChange", "ShareChange", "GrowthRateChange")
    _NET_BEFORE = re.compile(r"净(?:增|增加)了?$")
    # a base that is another area, not an earlier time: 是全市平均水平的2.1倍, 比全市平均多1.2万元
    _AREA_BASE = re.compile(r"全[国省市县区]|平均水平|平均值|同行|同类")

    def _figure_chain(self, figs: list[Mention], a: int) -> list[Mention]:
        """The figures that follow the indicator ending at ``a`` clause by clause: each at most one
        comma after the one before (…386亿元，同比增长15.6%，占全市比重达到32%)."""
        out: list[Mention] = []
        text = self.text
        last, commas = a, 0
        for x in figs:
            n = text.count("，", last, x.start)
            if n > 1:
                break
            commas += n
            if commas > 1 and x.data["figure"].unit not in ("PERCENT", "PERCENTAGE_POINT", "TIMES") \
                    and not self._SAME_MEASURE.match(text, text.rfind("，", last, x.start) + 1 if n else last):
                break  # …9.8%，腾退低效企业136家: a count of something else, two clauses on
            out.append(x)
            last = x.end
        return out

    # how a clause that goes on with the same measure opens (…，比上年增加12家, …，其中外资5600万美元)
    _SAME_MEASURE = re.compile(r"同比|环比|比|较|与|占|增|减|下降|降低|提高|提升|净|其中|是|为|相当于|达|居|位|列|排")
    # 是去年同期的2.3倍, 为2018年的近3倍, 增至2.3倍, 达到上年的1.5倍: the multiple of the base
    _MULTIPLE_BASE = re.compile(r"(?:是|为|相当于|达到?|(?:增|增长|增加|提高|提升|扩大|跃升)(?:至|到))"
                                r"(?:[^，。；]{0,12}?的)?(?:近|约|超过|超|逾)?$")
    _GROWTH_OF_RATE = re.compile(r"增速|增幅|增长率|涨幅|增长|降幅|跌幅|下降")
    _NARROWER = re.compile(r"收窄|缩小|减少|下降|降低|回落|放缓|减缓")
    _DECREASE = re.compile(r"减少|下降|降低|回落|下滑|净减|少|低于|落后")
    _NET = re.compile(r"[^，。；]{0,4}?净(?:增|增加|减|减少)了?(?:[约近超逾]|超过)?$")  # .match at the indicator's end
    _SHARE_WORD = re.compile(r"占比|比重")
    _THAN_RATE = re.compile(r"[高低]于|快于|慢于")
    _AVERAGE = re.compile(r"年均|(?:[两二三四五]|\d)年平均")
    _DECLINE_RATE = re.compile(r"降幅|跌幅")
    _BELOW = re.compile(r"(?:低于|慢于|落后)[^，。；]{0,10}$")
    _SLOWER = re.compile(r"收窄|缩小|放缓|减缓")
    _YOY = re.compile(r"同比|(?:比|较|与)(?:上年|去年|上一年)(?:同期)?")
    _POP = re.compile(r"环比|(?:比|较|与)(?:上月|上季度|上一季度|上个月|前一季度)")

    def _value_kind(self, a: int, f: Mention) -> str | None:
        """What the figure at ``f`` says of the indicator ending at ``a``: Level, GrowthRate,
        AverageAnnualGrowthRate, GrowthMultiple (增长1.2倍), MultipleOfBase (是去年的2.3倍, 翻了一番),
        AbsoluteChange (较上年提高3.2万元, 净增12家), ShareChange / GrowthRateChange (占比 / 增速 …
        提高2.1个百分点); None when the figure is neither (扩大3倍 of no base, N个百分点 of no rate)."""
        fig = f.data["figure"]
        if fig.unit == "PERCENT":  # the common case: a level, share or growth rate in percent
            if not fig.is_growth:
                return "Level"
            return "AverageAnnualGrowthRate" if self._AVERAGE.search(self.text, max(0, f.start - 8), f.start) \
                else "GrowthRate"  # 年均增长, 两年平均增长
        ca, _ = self.clause(f.start)
        head = self.text[max(a, ca):f.start]
        if fig.unit == "TIMES":
            if fig.is_growth:
                return "GrowthMultiple" if fig.value > 0 else None
            if self._AREA_BASE.search(head):
                return None  # 是全市平均水平的2.1倍: a comparison with another area, no growth
            if fig.counter == "番" or self._MULTIPLE_BASE.search(head):
                return "MultipleOfBase"
            return None
        if fig.unit == "PERCENTAGE_POINT":
            # the rate or share changed: in this clause, else right after the indicator
            scope = self.text[a:f.start] if ca <= a else head + " " + self.text[a:min(ca, a + 8)]
            if self._SHARE_WORD.search(scope):
                return "ShareChange"
            if self._GROWTH_OF_RATE.search(scope) or self._THAN_RATE.search(head):
                return "GrowthRateChange"
            return None
        if self._change(a, f.start) or self._NET.match(self.text, a, f.start):
            # 比全市平均多1.2万元: a gap to another area, not a change
            return None if self._AREA_BASE.search(head) else "AbsoluteChange"
        if fig.is_growth:
            return "AverageAnnualGrowthRate" if self._AVERAGE.search(self.text, max(0, f.start - 8), f.start) \
                else "GrowthRate"
        return "Level"

    def _signed(self, f: Mention, kind: str) -> Mention:
        """The figure of a change as the observation states it: negative for a decrease (比上年减少120家
        → −120), percentage points in unit PERCENT (a difference of two percents). The figure node
        itself keeps the written value."""
        from dataclasses import replace

        fig = f.data["figure"]
        ca, _ = self.clause(f.start)
        value, unit = fig.value, fig.unit
        if unit == "PERCENTAGE_POINT":
            unit = "PERCENT"  # figures already signs 下降2.1个百分点
            head = self.text[ca:f.start]
            if self._DECLINE_RATE.search(head):  # 降幅收窄3.1个百分点: the rate rose by 3.1 points
                value = abs(value) if self._NARROWER.search(head) else -abs(value)
            elif value > 0 and (self._BELOW.search(head)
                                or (kind == "GrowthRateChange" and self._SLOWER.search(head))):
                value = -value
        elif value > 0 and self._DECREASE.search(self.text[ca:f.start][-12:]):
            value = -value
        if (value, unit) == (fig.value, fig.unit):
            return f
        return Mention(f.kind, f.cls, f.start, f.end, f.text, f.name, f.sentence,
                       {**f.data, "figure": replace(fig, value=value, unit=unit)})

    def _basis(self, a: int, pos: int) -> str | None:
        """同比 / 比上年同期 → YearOnYear, 环比 / 比上月 → PeriodOnPeriod, in the figure's clause."""
        ca, _ = self.clause(pos)
        head = self.text[max(a, ca):pos]
        if self._POP.search(head):
            return "PeriodOnPeriod"
        if self._YOY.search(head):
            return "YearOnYear"
        return None

    _NEW = re.compile(r"(?:新增|净增|新培育|新认定|新引进|新落户|新入库|新上规|新增加)了?$")
    _PROJECTED = re.compile(r"(?:建成|投产|达产|完工|运营|落地)(?:后|以后)|预计|预期|有望|可望|力争|目标")
    # plans: only in the indicator's own clause or between it and its figure (今年计划实施项目30个，
    # 1—9月完成固定资产投资46亿元: the investment is observed)
    _PLANNED = re.compile(r"计划|争取|确保")
    _OWNERS = ("Company", "Project", "ResearchInstitute")
    _GAP_MEASURE = re.compile(r"利润|营业收入|营收|总额|金额|投入|[\u4e00-\u9fff](?:授权|申请|发明)?量")
    def _other_measure_in(self, gap: str) -> bool:
        """Does the text between an indicator and its first figure name another measure? Not when it
        only continues the indicator's own name (固定资产投资总额, 用电量, 进出口总额)."""
        own = re.match(r"总额|总量|金额|量", gap)
        return bool(self._GAP_MEASURE.search(gap[own.end():] if own else gap))

    _OTHER_MEASURE = re.compile(r"产值|销售|营收|收入|利润|税|投资|面积|用地|产量|人数|户数|租金|总额|投入|[\u4e00-\u9fff]量")

    _PREDICATIVE = re.compile(r"(?:是|为|获评|入选|评为|认定为|命名为|成为|列为|列入|跻身|“|「|《)$")

    def _stat_area(self, pos: int, i: int) -> Entity | None:
        """The place a statistic is about: the nearest place before the indicator in its sentence,
        but not one named in passing: inside quotes or a title (“浙江省…示范园区”), or after 是/获评/
        入选… (是江苏省首批省级开发区), when an earlier place of the sentence is its subject."""
        s0 = self.sentences[i].start
        cands = [(x, e) for x, e in self.entities_between(s0, pos) if e.cls in _PLACE_CLASSES]
        cands = [(x, e) for x, e in cands
                 if not any(y is not x and y.start <= x.start and x.end <= y.end for y, _ in cands)]
        cands.sort(key=lambda c: (c[0].end, c[0].end - c[0].start))
        while len(cands) > 1:
            x, _ = cands[-1]
            before = self.text[s0:x.start]
            quoted = before.count("“") > before.count("”") or before.count("《") > before.count("》")
            if not (quoted or self._PREDICATIVE.search(before[-6:])):
                break
            cands.pop()
        return cands[-1][1] if cands else None

    def _owned(self, pos: int) -> bool:
        """Is the indicator at ``pos`` said of a company, project or institute (the nearest such
        name or place before it in its clause group is not a place)?"""
        ga, _ = self.clause(pos, _GROUP_END)
        cands = self.entities_between(ga, pos, _PLACE_CLASSES + self._OWNERS)
        if not cands:
            return False
        cands.sort(key=lambda c: (c[0].end, c[0].end - c[0].start))
        return cands[-1][1].cls in self._OWNERS

    def _own_figures(self, figs: list[Mention], a: int) -> list[Mention]:
        """The figures of one indicator (its name ends at ``a``): stop at a figure after another
        measure word that is no indicator of the dictionary (税收收入3200万元，产值8.5亿元: 8.5亿元 is
        not tax revenue), or after a cue of a target or forecast (规上工业产值力争突破1000亿元)."""
        out: list[Mention] = []
        for f in figs:
            gap = self.text[out[-1].end if out else min(a, f.start):f.start]
            if self._PROJECTED.search(gap) or self._PLANNED.search(gap) or (out and self._OTHER_MEASURE.search(gap)):
                break  # …，预计全年可达1200亿元: a forecast, not this period's value
            out.append(f)
        return out

    def _share_of_indicator(self, a: int, pos: int) -> bool:
        """Is the share cue right after the indicator (…增加值占比, …增加值38.6亿元，占全市的)?
        Words in between name another part (其中新能源产业产值占比)."""
        ca, _ = self.clause(pos)
        between = self.text[a:max(a, ca)] if ca > a else ""
        head = self.text[max(a, ca):pos]
        cue = re.search(r"占比|比重|占", head)
        lead = head[:cue.start()] if cue else head
        figs = [x for x in self.in_sentence(self._sent(pos), ("figure",)) if a <= x.start and x.end <= max(a, ca)]
        for x in figs:
            between = between.replace(x.text, "")
        return not re.search(r"[\u4e00-\u9fff]", lead) and \
            not re.search(r"其中|[\u4e00-\u9fff]{2,}(?:产值|增加值|收入)", between)

    def _share(self, a: int, pos: int) -> bool:
        """Is the percent at ``pos`` a share (…占比达46.2%, 占全区工业总产值的58.3%, …比重达71.4%)?
        The cue is in the figure's clause, after the indicator at ``a``."""
        ca, _ = self.clause(pos)
        return bool(self._SHARE_CUE.search(self.text, max(a, ca), pos)) or \
            bool(re.search(r"占比|比重", self.text[max(a, ca):pos]))

    def _change(self, a: int, pos: int) -> bool:
        """Is the figure at ``pos`` an absolute change (较去年同期提高3.2万元, 比上年增加120家), not a level?
        Percent growth rates are read by ``figures``; this is for the other units."""
        ca, _ = self.clause(pos)
        return bool(self._CHANGE.search(self.text, max(a, ca), pos))

    def _share_whole(self, a: int, pos: int, area: Entity | None) -> Entity | None:
        """The place a share is taken of, when the text states it: a named place after 占
        (占嘉兴市的…), or 全市/全县/全区/全省 as the division of that level the area lies in."""
        ca, _ = self.clause(pos)
        head = self.text.rfind("占", max(a, ca), pos)
        if head < 0:
            return None
        named = [e for _, e in self.entities_between(head, pos) if e.cls in _PLACE_CLASSES]
        if named:
            return named[0]
        mt = re.match(r"全([省市县区])", self.text[head + 1:pos])
        if mt is None or area is None:
            return None
        gaz = _gaz()
        code = area.code or area.data.get("county")
        if not code:
            return None
        for d in [gaz.by_code(code)] + list(gaz.ancestors(code)):
            if d is None or not d.name.endswith(mt.group(1)) or d.code == getattr(area, "code", None):
                continue
            e = self.res.entities.get(self.ns.entity("division", d.code))
            if e is not None:
                return e
        return None

    _VERB = re.compile(r"(?:共|累计|合计)?(?:实现|完成)")

    def _compound_indicator(self, m: Mention) -> tuple[str, int]:
        """The indicator an enterprise count names with a verb and a measure (规上工业企业实现营业收入
        → 规上工业营业收入 / 规上工业企业营业收入) and where its name ends; else ``m``'s own."""
        mt = self._VERB.match(self.text, m.end)
        if mt is None:
            return m.data["iri"], m.end
        labels = concept_labels("indicators.ttl", True)
        for k in range(8, 1, -1):
            label = m.text + self.text[mt.end():mt.end() + k]
            if label in labels and label != m.text:
                return labels[label], mt.end() + k
        return m.data["iri"], m.end

    def _joint_venture(self, pos: int, i: int) -> bool:
        """Is the clause group of ``pos`` about something two zones build together (a sentence
        naming two zones, or one whose group opens with 双方, and 共建/联建/飞地 before ``pos``)?"""
        ga, _ = self.clause(pos, _GROUP_END)
        s0 = self.sentences[i].start
        zones = {e.iri for x, e in self.entities_between(s0, pos) if e.cls == "DevelopmentZone"}
        both = len(zones) >= 2 or self.text.startswith("双方", ga)
        return both and bool(re.search("共建|共同打造|共同建设|联建|飞地|合作园", self.text[max(s0, ga - 30):pos]))

    _PARCEL = re.compile(r"(?:这|那|同样|一|该|此)(?:一)?(?:块|片|宗)(?:土)?地|(?<!用)地块")
    _NOW = re.compile(r"现有|目前|现在|当前|如今|已有|共有|累计|截至|截止|总数")

    def _carried_period(self, i: int) -> Mention | None:
        """The period a paragraph of statistics keeps across a sentence without a time of its own
        (前三季度，完成规上工业产值…。工业用地亩均税收达到28.6万元…): that of the last observation of the
        sentence before, in the same text unit; none when the sentence speaks of the present (现有, 累计)."""
        last = next((o for o in reversed(self.obs) if o.sentence != i), None)
        if i == 0 or last is None or last.sentence != i - 1 or last.period is None:
            return None
        s, prev = self.sentences[i], self.sentences[i - 1]
        if s.unit_index != prev.unit_index or self._NOW.search(self.text, s.start, s.end):
            return None
        return last.period

    _BASE_BEFORE = re.compile(r"(?:比|较|与|同|跟|相当于|对比)$")
    _BASE_AFTER = re.compile(r"同期|相比|相较|的[近约超逾]?[\d一两二三四五六七八九十]|末相比|底相比")

    def _base_time(self, t: Mention) -> bool:
        """Is the time ``t`` the base of a comparison, not the period of a figure (较去年同期, 比2018年,
        与2020年相比, 是2017年的2.3倍)?"""
        text = self.text
        return bool((t.start and text[t.start - 1] in "比较与同跟于" and
                     self._BASE_BEFORE.search(text, max(0, t.start - 3), t.start))
                    or (text[t.end:t.end + 1] in ("同", "相", "的", "末", "底")
                        and self._BASE_AFTER.match(text, t.end)))

    def _dated_times(self, i: int) -> list[Mention]:
        """Sentence ``i``'s times with a date that are no comparison base, in order (once per sentence)."""
        memo: dict[int, list[Mention]] = self.__dict__.setdefault("_dated_memo", {})
        dated = memo.get(i)
        if dated is None:
            dated = memo[i] = [t for t in self.in_sentence(i, ("time",))
                               if (t.data["time"].begin is not None or t.data["time"].end_date is not None)
                               and not self._base_time(t)]
        return dated

    def _period_before(self, pos: int, i: int) -> Mention | None:
        """The period of a figure: the nearest time before it in its clause group (up to ；),
        else the time that frames the sentence: before its first ； and before its first figure
        (过去五年，…); of two, the later and narrower one (今年以来，指标向好：前三季度，A…；B… →
        前三季度), but not one that follows a figure (…374.77亿元，其中2021年… frames only its clause)."""
        ts = [t for t in self._dated_times(i) if t.start < pos]
        ga, _ = self.clause(pos, _GROUP_END)
        local = [t for t in ts if t.start >= ga]
        if local:
            return local[-1]
        s = self.sentences[i]
        first_figure = min((f.start for f in self.in_sentence(i, ("figure",))), default=pos)
        opening = [t for t in ts if "；" not in self.text[s.start:t.start]]
        framing = [t for t in opening if t.start < first_figure]
        return framing[-1] if framing else (opening[0] if opening else None)
