"""Relations: facts between resolved entities, figures and concepts, each made by a named rule.

A ``Fact`` is (subject, predicate, object, rule, evidence sentence, notes). Predicates are local
names of the edz: vocabulary. Every rule below is general (cue words and positions in a clause);
when a rule cannot find its subject or object with confidence, it states nothing.

Rules (the ``rule`` string of each fact):
  gazetteer-parent          division partOf its parent (the gazetteer)
  zone-head-county          zone locatedIn the county of its place-name head (桐乡 → 桐乡市)
  zone-joint-brackets       zone administeredJointlyWith the subdistrict of “X开发区（Y街道）”
  zone-joint-leadership     <zone>与<town>实行“一套班子、两块牌子” / 区镇合一 / 合署办公
  village-after-zone        “…开发区（Y街道）Z村”: the village lies in the zone
  village-in-section-zone   a village of the zone's county named in the zone's section
  park-name-zone            a park whose name starts with a zone's name lies in that zone
  located-verb              X 位于/落地/落户/坐落于/入驻/选址于 Y → X locatedIn Y; X已在Y落地
  project-in-village-clause a village named earlier in a project's clause: the project is there
  project-in-section-zone   a project with no other place, in a sentence naming the section zone
  body-of-owner             三村村党总支 bodyOf 三村村
  post-title-name           <organization><title>(、<organization><title>)*<person>
  body-implied-by-post      东陈镇镇长 / 射阳县委常委 / 北庄村主任: the post is in the division's government,
                            party committee or cooperative (bodyOf the division), never in the place; titles joined by 兼,
                            or by a comma when both name their organization; a title with none after a
                            body is the body's owner's (党委书记、董事长 / 党委书记、主任); 射阳县委常委 /
                            六安市委书记 (the division, title 县委常委); 东陈镇镇长 (the division);
                            qualifiers 执行/常务/亚太区; 村股份经济合作社董事长 (the village)
  mentor-of-village         <person>成了<village>的兴村导师 / 被聘为<village>的“乡村振兴顾问” /
                            受聘担任<village>的共富导师
  pairing-via-mentor        the company where a village's mentor holds a post is paired with it, only
                            when the mentor's sentence speaks of the pairing (在村企结对共建的牵线下)
  pairing-explicit          <company>与<village>结对 / 结成对子 / 结为共建对子 / 签订企村联建协议 /
                            手拉手 / 牵手; <company>结对帮扶 / 定点帮扶<village>、<village>
  introduced-into-village   (帮助)<village>引进(了)…<project>; 她/他帮助村里引进…: the person before
  partners-n-party          A、B、C三方…签订<project>
  partners-cooperate        X和Y合作(的)<project>
  partners-both-sides       双方共同投资…<project>: both sides of the pairing before, in the paragraph
  partner-by                由<agent>承建/投资建设的<project>, <project>由<agent>负责运营 / 实施 (also
                            after 该项目 / 项目)
  signer-of-project         <company>(当天也)签下/签约<project>; <company>与<zone>签约<project>
  investor-of-project       <company>投资建设的<project> / <company>总投资5亿元的<project>
  builder-of-project        <company>(在<place>)(出资…，帮助村里)建设/开办<project>; 企业… after a pairing;
                            A村、B村两村抱团投资…，入股<project>; A村投资…建设<project>; A村、B村以村集体
                            资金合股投资…，在…建设<project>; 推动A村、B村等N个村抱团发展，联合投资…建设
  project-in-the-park       在园区内建设<project>: the section's last park, else the section's zone
  project-owner-prefix      <company>年产…项目 (inside the name or right before it)
  located-at                位于/地处<place>(东部)的<zone/park/project/company>
  investment-of-project     总投资<money>的<project> / <money>的…<project> / <project>总投资<money> /
                            签订<project>，总投资<money> / 投资<money>，在…建设<project> / 投资总额为<money>
  country-before-name       来自新加坡的<company> homeCountry "SG" (country-in-name: 德国博世集团)
  land-taken-back           这里原是<company>的老厂区，…回收N亩工业用地 / 收回<company>的闲置土地N亩:
                            a parcel named after its source, its area, the action, what it became;
                            从<company>收回… / 回购其N亩 (the company named before) / 收购<company>约N亩
  parcel-vacated            对<parcel>实施腾退 (vacated by the organization it is named after; 腾退出的N亩)
  company-exit              引导<company>主动退出，腾出土地N亩 / <company>完成腾退，腾出的N亩土地: a parcel
                            named after the company, vacated by it, with its area
  capacity-in-project-name  年产<capacity> inside a project's name (capacity-of-project: 年产…5吉瓦 too)
  land-area / building-area 占地/总规划 <area> / 建筑面积 <area> / 新建厂房12万平方米 (never a zone's)
  parcel-area, land-action-from, rebuilt-as (also after 由…统一规划，高标准建设<park>), parcel-planned-use
  village-collective-income (X村)村级集体经济/村集体 … 增收/创收 <money> (a level such as 村集体收入
                            286万元 is a statistic; 为两村村集体增收: the project's gain); 带来收益 /
                            获得保底分红; 两村…合计增收 / 每个村年均增收 (the project's), 两村…各增收 (each)
  household-income          农户/种植户(户均/人均)增收<money>
  zone-cooperation          <zone>与<zone>携手/合作/结为 (fields from “双方在…等方面”); 开发区还与<zone>
                            签订…共建协议 (the section's zone); <zone>…，与<zone>签署…合作协议; a research
                            institute as the partner (开发区与<institute>签署产学研合作协议)
  industry-focus            聚焦/围绕/打造 … <industries>
  industry-present          涉及 … 等行业 / <industry>企业入驻
  designation               入选/获评/被评为/被授予/被命名为/创成 <programme>, with the year of its own clause; X产业链(又)入选:
                            on an IndustryChain node; never an apposition (唯一入选的开发区)
  status-cue                签订/建设正酣/投产/还将 … in the clause of a project or park
  no other village          a project named after a village is never placed in another one
  adjacent-to               紧邻的<park>

Statistics (the observation rules) are in ``graph.statistics``.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from . import vocab
from .iris import Namespace
from .english import english_label
from .mentions import Mention, concept_labels
from .resolve import Entity, Resolution, _gaz, slug
from .sentences import Sentence
from .statistics import Observation, StatisticsRules
from .vocab import GROUP_END as _GROUP_END, PLACE_CLASSES as _PLACE_CLASSES

_DIVISION_CLASSES = ("Province", "City", "County", "District", "Subdistrict", "Town", "Village")

__all__ = ["Fact", "Quantity", "Lit", "Ref", "Observation", "extract_relations", "Relations"]

_CLAUSE_END = "，；。！？：,;!?:\n"
_FUTURE = re.compile("预计|计划|拟|将|明年|未来|即将|力争|有望")
_STAGE_VERB = re.compile("建|投产|开工|竣工|完工|落地|实施|启动|运营|合作|签|投用|开业|入驻|动工")
_PROJECTED = re.compile("预计|计划|拟|将|明年|未来|即将|力争|有望|建成后|达产后")
_BEFORE_ANAPHOR = frozenset("在由据经与和跟对向让请为")  # 在公司董事长Y的带领下
_AGENT_CLASSES = ("Company", "ResearchInstitute", "PartyOrganization", "GovernmentBody",
                  "DevelopmentZone", "Village", "Town", "Subdistrict", "County", "District", "City")


@dataclass(frozen=True)
class Quantity:
    """A figure mention used as a value (node ``id/figure/{docid}-{start}-{end}``)."""

    mention: Mention

    @property
    def figure(self):
        return self.mention.data["figure"]


@dataclass(frozen=True)
class Lit:
    value: str
    lang: str | None = "zh"
    datatype: str | None = None


@dataclass(frozen=True)
class Ref:
    """A named node of the vocabulary (status, concept, value kind): full IRI or edz: local name."""

    iri: str


@dataclass
class Fact:
    s: Any
    p: str
    o: Any
    rule: str
    sentence: int
    notes: list[tuple[str, Any]] = field(default_factory=list)


@dataclass
class Relations:
    facts: list[Fact]
    observations: list[Observation]
    extra: dict[str, Entity]  # posts and industry chains made here


def _key(x: Any) -> str:
    if isinstance(x, Entity):
        return x.iri
    if isinstance(x, Quantity):
        return f"fig:{x.mention.start}-{x.mention.end}"
    if isinstance(x, Lit):
        return f"lit:{x.value}@{x.lang}^{x.datatype}"
    if isinstance(x, Ref):
        return x.iri
    return repr(x)


def _sentence_at(starts: list[int], length: int) -> list[int]:
    """For each position 0..length, the index of the last sentence starting at or before it (0 before
    the first): what bisecting ``starts`` gives, looked up instead."""
    at: list[int] = []
    for k, start in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else length + 1
        if nxt > len(at):
            at.extend([k] * (nxt - len(at)))
    return at


@functools.lru_cache(maxsize=16)
def _marks_re(ends: str) -> re.Pattern:
    return re.compile("[" + re.escape(ends) + "]")


class _Extractor(StatisticsRules):
    def __init__(self, text: str, sentences: list[Sentence], res: Resolution, ns: Namespace) -> None:
        self.text = text
        self.sentences = sentences
        self.res = res
        self.ns = ns
        self.facts: list[Fact] = []
        self.seen: dict[tuple[str, str, str], Fact] = {}
        self.obs: list[Observation] = []
        self.extra: dict[str, Entity] = {}
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in res.mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)
        self._sent_starts = [s.start for s in sentences]
        self._sent_at = _sentence_at(self._sent_starts, len(text))  # position → sentence index (see _sent)
        self._clauses: dict[tuple[int, str], tuple[int, int]] = {}
        self._marks: dict[tuple[int, str], list[int]] = {}  # (sentence, ends) → positions of those marks
        self._pairs: list[tuple[int, Entity, Entity]] = []  # (position, company, village)
        self._parks: list[Mention] | None = None  # park mentions in order (made when first needed)
        self._park_starts: list[int] = []
        self._village_labels: set[str] | None = None
        self._anaphors: dict[int, Entity] = {}  # id(anaphor mention) → the company it refers to
        self._anaphor_keep: list[Mention] = []  # keeps those mentions alive (ids stay unique)
        self._post_ends: dict[int, Mention] | None = None  # post mentions by end (made when first needed)
        self._of = res.by_mention.get  # id(mention) → entity (what res.of looks up)
        self._kinds: dict[tuple[int, tuple[str, ...] | None], tuple[Mention, ...]] = {}  # in_sentence, once each
        self._spans: dict[int, list[tuple[int, int, Mention, Entity, bool]]] = {}  # sentence → resolved mentions
        self._times: dict[int, Mention | None] = {}  # sentence → its first dated time mention

    # -- helpers
    def add(self, s: Any, p: str, o: Any, rule: str, sentence: int, notes=None) -> Fact | None:
        if s is None or o is None or (isinstance(s, Entity) and isinstance(o, Entity) and s.iri == o.iri):
            return None
        key = (_key(s), p, _key(o))
        f = self.seen.get(key)
        if f is not None:
            for n in notes or []:
                if n not in f.notes:
                    f.notes.append(n)
            return f
        f = Fact(s, p, o, rule, sentence, list(notes or []))
        self.seen[key] = f
        self.facts.append(f)
        return f

    def ent(self, m: Mention | None) -> Entity | None:
        return self._of(id(m)) if m is not None else None

    def in_sentence(self, i: int, kinds: tuple[str, ...] | None = None) -> tuple[Mention, ...]:
        """The sentence's mentions (of those kinds), in order; made once per (sentence, kinds)."""
        hit = self._kinds.get((i, kinds))
        if hit is None:
            ms = self.by_sentence.get(i, ())
            hit = self._kinds[i, kinds] = tuple(m for m in ms if kinds is None or m.kind in kinds)
        return hit

    def clause(self, pos: int, ends: str = _CLAUSE_END) -> tuple[int, int]:
        """From after the last mark of ``ends`` before ``pos`` to the next at or after it, within
        the sentence (the marks' positions found once per sentence, each answer kept)."""
        key = (pos, ends)
        hit = self._clauses.get(key)
        if hit is None:
            at = self._sent_at
            si = at[pos] if 0 <= pos < len(at) else self._sent(pos)
            s = self.sentences[si]
            marks = self._marks.get((si, ends))
            if marks is None:
                marks = self._marks[si, ends] = [m.start() for m in _marks_re(ends).finditer(self.text, s.start, s.end)]
            k = bisect.bisect_left(marks, pos)
            hit = self._clauses[key] = (pos if pos <= s.start else (marks[k - 1] + 1 if k > 0 else s.start),
                                        pos if pos >= s.end else (marks[k] if k < len(marks) else s.end))
        return hit

    def _sent(self, pos: int) -> int:
        if 0 <= pos < len(self._sent_at):
            return self._sent_at[pos]
        k = bisect.bisect_right(self._sent_starts, pos) - 1
        return k if k > 0 else 0

    def entities_between(self, a: int, b: int, classes: tuple[str, ...] | None = None,
                         joint: bool = False) -> list[tuple[Mention, Entity]]:
        """Entities mentioned within [a, b), in order; a subdistrict written in a zone's brackets
        (X开发区（Y街道）) is left out unless ``joint``: the zone is what the text talks about."""
        at = self._sent_at
        sa = at[a] if 0 <= a < len(at) else self._sent(a)
        sb = at[b] if 0 <= b < len(at) else self._sent(b)
        spans = self._spans.get(sa)
        if spans is None:
            spans = self._resolved_spans(sa)
        if sb != sa:
            more = self._spans.get(sb)
            spans = spans + (more if more is not None else self._resolved_spans(sb))
        return [(m, e) for s, t, m, e, bracketed in spans
                if a <= s and t <= b and (joint or not bracketed) and (classes is None or e.cls in classes)]

    def _resolved_spans(self, i: int) -> list[tuple[int, int, Mention, Entity, bool]]:
        """Sentence ``i``'s mentions that resolved: (start, end, mention, entity, in a zone's brackets)."""
        of = self._of
        out = []
        for m in self.by_sentence.get(i, ()):
            e = of(id(m))
            if e is not None:
                out.append((m.start, m.end, m, e, m.kind == "division" and m.data.get("joint_with") is not None))
        self._spans[i] = out
        return out

    def time_in(self, i: int) -> Mention | None:
        if i in self._times:
            return self._times[i]
        ts = self.in_sentence(i, ("time",))
        good = [t for t in ts if t.data["time"].begin is not None or t.data["time"].end_date is not None]
        t = self._times[i] = good[0] if good else None
        return t

    def period_note(self, i: int) -> list[tuple[str, Any]]:
        t = self.time_in(i)
        return [("period", t)] if t is not None else []

    # -- rules
    def run(self) -> Relations:
        self.gazetteer_parent()
        self.zones()
        self.parks()
        self.located_verb()
        self.located_at()
        self.bodies()
        self.posts()
        self.mentors_and_pairing()
        self.projects_in_the_park()
        self.projects()
        self.partners()
        self.quantities()
        self.renewal()
        self.company_exits()
        self.land()
        self.collective_income()
        self.cooperation()
        self.industries()
        self.designations()
        self.statuses()
        self.observations()
        self.adjacent()
        self.founded()
        self.countries()
        self.household_income()
        self.written_hierarchy()
        self.parks_in_section_zone()
        self.drop_other_village_links()
        return Relations(self.facts, self.obs, self.extra)

    def drop_other_village_links(self) -> None:
        """No project is placed in, or brought into, a village other than the one it is named after."""
        def wrong(f: Fact) -> bool:
            if f.p in ("locatedIn", "introducedInto") and isinstance(f.o, Entity) and f.o.cls == "Village" \
                    and isinstance(f.s, Entity) and f.s.cls in ("Project", "IndustrialPark"):
                return self._named_after_other_village(f.s, f.o)
            if f.p == "introduced" and isinstance(f.s, Entity) and f.s.cls == "Village" and isinstance(f.o, Entity):
                return self._named_after_other_village(f.o, f.s)
            return False

        bad = [f for f in self.facts if wrong(f)]
        if bad:
            ids = {id(f) for f in bad}
            self.facts = [f for f in self.facts if id(f) not in ids]
            self.seen = {k: f for k, f in self.seen.items() if id(f) not in ids}

    def first_sentence(self, e: Entity) -> int:
        return min((m.sentence for m in e.mentions), default=-1)

    def gazetteer_parent(self) -> None:
        gaz = _gaz()
        ents = self.res.entities
        # the sentence that brought each division in: its own first mention, else a descendant's
        evidence: dict[str, int] = {}
        for e in ents.values():
            if e.kind == "division":
                i = self.first_sentence(e)
                code = e.code or (e.iri.rsplit("/", 1)[-1].split("-")[0])
                if i >= 0:
                    for c in [code] + [a.code for a in gaz.ancestors(code)]:
                        evidence.setdefault(c, i)
            if e.kind == "zone" and e.data.get("county"):
                i = self.first_sentence(e)
                for c in [e.data["county"]] + [a.code for a in gaz.ancestors(e.data["county"])]:
                    evidence.setdefault(c, i)
        for e in ents.values():
            if e.kind != "division":
                continue
            if not e.code:
                continue  # below the gazetteer: written-hierarchy, else context-county
            d = gaz.by_code(e.code)
            p = ents.get(self.ns.entity("division", d.parent)) if d and d.parent else None
            if p is not None:
                self.add(e, "partOf", p, "gazetteer-parent", evidence.get(e.code, -1))

    def zones(self) -> None:
        ents = self.res.entities
        for e in ents.values():
            if e.kind == "zone" and e.data.get("county"):
                county = ents.get(self.ns.entity("division", e.data["county"]))
                self.add(e, "locatedIn", county, "zone-head-county", self.first_sentence(e))
        for m in self.res.mentions:
            if m.kind == "zone" and m.data.get("joint") is not None:
                z, d = self.ent(m), self.ent(m.data["joint"])
                if z is not None and d is not None:
                    self.add(z, "administeredJointlyWith", d, "zone-joint-brackets", m.sentence)
                    after = m.data["joint"].end + 1  # after the closing bracket
                    nxt = [x for x in self.in_sentence(m.sentence, ("division",)) if x.start == after]
                    for x in nxt:
                        v = self.ent(x)
                        if v is not None and v.cls == "Village":
                            self.add(v, "locatedIn", z, "village-after-zone", m.sentence)
        # <zone>与<town/subdistrict>实行“一套班子、两块牌子” / 区镇合一 / 合署办公
        for mt in self._ONE_LEADERSHIP.finditer(self.text) if ("班子" in self.text or "合一" in self.text
                                                                or "合署" in self.text) else ():
            i = self._sent(mt.start())
            a, _ = self.clause(mt.start())
            ents = self.entities_between(a, mt.start(), joint=True)
            divs = [(x, e) for x, e in ents if e.cls in ("Town", "Subdistrict", "Township")]
            if not divs or not re.fullmatch(r"[^，。；,;]{0,8}?", self.text[divs[-1][0].end:mt.start()]):
                continue
            dx, d = divs[-1]
            zones = [(x, e) for x, e in ents if e.cls == "DevelopmentZone" and x.end <= dx.start
                     and re.fullmatch(r"(?:（[^）]*）|\([^)]*\))?(?:与|和|同)", self.text[x.end:dx.start])]
            if zones:
                self.add(zones[-1][1], "administeredJointlyWith", d, "zone-joint-leadership", i)
        # villages of the zone's county named in the zone's section
        for m in self.res.mentions:
            if m.kind != "division":
                continue
            v = self.ent(m)
            zone = self.res.section_zone[m.sentence] if 0 <= m.sentence < len(self.res.section_zone) else None
            if v is None or v.cls != "Village" or zone is None or not v.code or not zone.data.get("county"):
                continue
            if _gaz().is_within(v.code, zone.data["county"]):
                self.add(v, "locatedIn", zone, "village-in-section-zone", m.sentence)

    _ONE_LEADERSHIP = re.compile(r"一套班子|区镇合一|区街合一|政区合一|区政合一|镇区合一|合署办公")

    def parks(self) -> None:
        for m in self.res.mentions:
            if m.kind == "park" and m.data.get("zone") is not None:
                p, z = self.ent(m), self.ent(m.data["zone"])
                if p is not None and z is not None and z.cls == "DevelopmentZone":
                    self.add(p, "locatedIn", z, "park-name-zone", m.sentence)

    _LOCATED = re.compile(r"位于|落地于|落地|落户于|落户|坐落于|坐落在|地处|入驻|进驻|选址于|选址在")
    _AT_PLACE = re.compile(r"(?:已|将|已经|正式|顺利|成功)?在$")

    def located_verb(self) -> None:
        for mt in self._LOCATED.finditer(self.text):
            i = self._sent(mt.start())
            a, b = self.clause(mt.start())
            before = [(m, e) for m, e in self.entities_between(a, mt.start())
                      if e.cls in ("Project", "IndustrialPark", "LandParcel", "Company", "ResearchInstitute")]
            after = [(m, e) for m, e in self.entities_between(mt.end(), b) if e.cls in _PLACE_CLASSES]
            if before and not after:  # <project>已在<place>(正式)落地: the place before the verb
                at = [(x, e) for x, e in self.entities_between(a, mt.start()) if e.cls in _PLACE_CLASSES
                      and re.fullmatch(r"(?:正式|顺利|成功)?", self.text[x.end:mt.start()])]
                if at and self._AT_PLACE.search(self.text, max(a, at[-1][0].start - 4), at[-1][0].start):
                    subj = [e for x, e in before if x.end <= at[-1][0].start]
                    if subj and subj[-1] != at[-1][1]:
                        self.add(subj[-1], "locatedIn", at[-1][1], "located-verb", i)
                continue
            if not before or not after:
                continue
            subj = max(before, key=lambda c: (c[0].end, c[0].end - c[0].start))[1]  # X公司Y项目落户: the project
            # the first place after the verb, skipping a figure (位于占地2000亩的X)
            m0, place = after[0]
            gap = self.text[mt.end():m0.start]
            if len(gap) > 14 or any(c in gap for c in "，、"):
                continue
            self.add(subj, "locatedIn", place, "located-verb", i)

    def located_at(self) -> None:
        """位于<place>(东部)的<zone/park/project/company>: the thing after 的 lies in the place."""
        for mt in re.finditer(r"位于|地处|坐落于|坐落在", self.text):
            i = self._sent(mt.start())
            _, b = self.clause(mt.start())
            after = self.entities_between(mt.end(), b)
            places = [(x, e) for x, e in after if e.cls in _PLACE_CLASSES and x.start == mt.end()]
            if not places:
                continue
            px, place = max(places, key=lambda p: p[0].end)
            while True:  # 位于上海市松江区的…: the last of places written together
                nxt = [(x, e) for x, e in after if e.cls in _PLACE_CLASSES and x.start == px.end]
                if not nxt:
                    break
                px, place = max(nxt, key=lambda p: p[0].end)
            de = self._PART_OF_PLACE.match(self.text, px.end)
            if de is None:
                continue
            things = [(x, e) for x, e in after if de.end() <= x.start <= de.end() + 3 and e.cls in
                      ("IndustrialPark", "Project", "Company", "ResearchInstitute", "LandParcel", "DevelopmentZone")]
            if things and things[0][1] != place and \
                    not re.search(r"[，、；。,;（(“]", self.text[de.end():things[0][0].start]):  # 位于X的上海Y园区
                self.add(things[0][1], "locatedIn", place, "located-at", i)

    _PART_OF_PLACE = re.compile(r"(?:[东西南北中]{1,2}部|境内|城区)?的")

    def bodies(self) -> None:
        for e in self.res.entities.values():
            owner = e.data.get("owner")
            if e.cls in ("PartyOrganization", "GovernmentBody") and isinstance(owner, Entity):
                self.add(e, "bodyOf", owner, "body-of-owner", self.first_sentence(e))

    def posts(self) -> None:
        ms = self.res.mentions
        for m in ms:
            if m.kind != "person":
                continue
            person = self.ent(m)
            post_m = m.data.get("post")
            chain: list[tuple[Mention, Mention | None]] = []
            qualifiers: dict[int, str] = {}
            inherit: dict[int, bool] = {}  # posts written without an organization of their own
            while post_m is not None:
                org_m = self._org_ending_at(post_m.start, post_m.sentence)
                if org_m is None:  # <company>亚太区总裁 / <company>执行董事: the title keeps its qualifier
                    q = self._TITLE_REGION.search(self.text, max(0, post_m.start - 8), post_m.start) \
                        if self.text[post_m.start - 1:post_m.start] in self._TITLE_QUALIFIER_ENDS else None
                    org_m = self._org_ending_at(q.start(), post_m.sentence) if q else None
                    if org_m is not None:
                        qualifiers[id(post_m)] = q.group()
                if org_m is None and self.text[post_m.start - 1:post_m.start] in "镇市县区村乡道旗":
                    # 东陈镇镇长 / 如皋市副市长 / 北庄村主任: the division itself
                    org_m = next((x for x in self.in_sentence(post_m.sentence, ("division",))
                                  if x.end == post_m.start and self.ent(x) is not None), None)
                if org_m is None:  # 射阳县委常委 / 六安市委书记: the division's party committee
                    org_m = self._division_committee(post_m)
                    if org_m is not None:
                        qualifiers[id(post_m)] = org_m.text[-1] + "委"
                if org_m is None:  # …X有限公司…。公司董事长Y表示: the company the anaphor refers to
                    org_m = self._company_anaphor(post_m.start, post_m.sentence)
                if org_m is None:  # 公司党委书记: the company's body, the body's name kept in the title
                    body = next((x for x in self.in_sentence(post_m.sentence, ("body",))
                                 if x.end == post_m.start and self.ent(x) is None), None)
                    org_m = self._company_anaphor(body.start, post_m.sentence) if body is not None else None
                    if org_m is not None:
                        qualifiers[id(post_m)] = body.text
                anchor = org_m.start if org_m is not None else post_m.start
                if org_m is None:  # 村股份经济合作社董事长: the cooperative of the body's owner before it
                    coop = self._COOP_BODY.search(self.text, max(0, anchor - 10), anchor) \
                        if self.text[anchor - 1:anchor] == "社" else None
                    if coop is not None:
                        qualifiers[id(post_m)] = coop.group(1)
                        anchor = coop.start()
                chain.append((post_m, org_m))
                inherit[id(post_m)] = org_m is None
                post_m = self._post_joined_before(anchor, m.sentence)
            for k, (post_m, org_m) in enumerate(chain):
                # 公司党委书记、董事长Y / 村党委书记、主任Y / 镇党委副书记、镇长Y / 董事长兼总经理Y: a title
                # with no organization is one of the organization written before it (a body's owner)
                if org_m is None:
                    org_m = next((o for _, o in chain[k + 1:] if o is not None), None)
                    chain[k] = (post_m, org_m)
            for post_m, org_m in chain:
                org = self._anaphors.get(id(org_m)) if org_m is not None and org_m.kind == "anaphor" else self.ent(org_m)
                borrowed = inherit.get(id(post_m), False)
                if borrowed and org is not None and org_m.kind == "body":
                    org = org.data.get("owner") if isinstance(org.data.get("owner"), Entity) else None
                if org is None:
                    continue  # a post is one person's role in one organization: none, no post
                title = qualifiers.get(id(post_m), "") + post_m.text
                if org.cls in _DIVISION_CLASSES:  # 东陈镇镇长: a post in the town's government
                    org = self._division_body(org, title, org_m, post_m)
                if org_m is not None and org_m.kind == "body" and not borrowed:
                    title = org_m.data["suffix"] + title
                key = person.iri.rsplit("/", 1)[-1] + "--" + slug((org.label if org else "") + title)
                iri = self.ns.entity("post", key)
                post = self.extra.get(iri)
                if post is None:
                    label = f"{org.label if org else ''}{qualifiers.get(id(post_m), '')}{post_m.text}（{person.label}）"
                    en = f"{title if title.isascii() else english_label(title, 'Post')} ({person.label_en})"
                    post = self.extra[iri] = Entity(iri, "post", "Post", label, en, data={"title": title})
                self.add(person, "holdsPost", post, "post-title-name", m.sentence)
                self.add(post, "heldBy", person, "post-title-name", m.sentence)
                if org is not None:
                    self.add(post, "postIn", org, "post-title-name", m.sentence)
                    person.data.setdefault("orgs", []).append(org)
                self.add(post, "roleTitle", Lit(title), "post-title-name", m.sentence)

    _TITLE_REGION = re.compile(r"(?:(?:亚太|大中华|中国|华东|华南|华北|华中|西南|西北|东北|亚洲|欧洲|北美|全球|海外|国际)"
                               r"(?:区|地区|业务|事业部)?(?:执行)?|执行|非执行|独立|常务)$")
    _TITLE_QUALIFIER_ENDS = frozenset("太华国东南北中洲美球外际区务部行立")
    def _division_body(self, place: Entity, title: str, place_m: Mention | None, post_m: Mention) -> Entity:
        """The body of a division that a post written on the division itself is held in: its party
        committee for a party title (射阳县委常委 → 射阳县委, 镇党委书记 → X镇党委), its collective
        economic organization (村股份经济合作社董事长), else its government (东陈镇镇长 → 东陈镇人民政府,
        街道办事处主任 → X街道办事处, 村主任 → X村村委会). A place holds no post (Place and Agent are
        disjoint). The body's mention is the words that imply it: the division and the title when
        written together (东陈镇镇长), else the title."""
        coop = self._COOP_BODY.search(title.split("董事")[0].split("理事")[0])
        if coop is not None:
            cls, suffix = "Organization", coop.group(1)
        elif "委" in title[:2] or re.search("书记|常委|党", title):
            cls = "PartyOrganization"
            if place.cls == "Village":
                suffix = "党组织"
            elif place.cls == "Subdistrict":
                suffix = "党工委"
            elif place.cls == "Town":
                suffix = "党委"
            else:
                suffix = "委"  # 射阳县委, 六安市委, 浙江省委
        else:
            cls = "GovernmentBody"
            suffix = {"Village": "村委会", "Subdistrict": "办事处"}.get(place.cls, "人民政府")
        label = place.label + suffix
        iri = self.ns.entity("org", slug(label))
        body = self.res.entities.get(iri) or self.extra.get(iri)
        if body is None:
            body = self.extra[iri] = Entity(iri, "org", cls, label, english_label(label, cls), data={"owner": place})
        a = place_m.start if place_m is not None and 0 <= post_m.start - place_m.end <= 2 else post_m.start
        body.mentions.append(Mention("body", cls, a, post_m.end, self.text[a:post_m.end], label, post_m.sentence))
        self.add(body, "bodyOf", place, "body-implied-by-post", post_m.sentence)
        return body

    _COOP_BODY = re.compile(r"(?:村|社区)?((?:股份)?经济合作社|股份合作社|集体经济合作社)$")
    _JOINED = re.compile(r"([、兼]|[，,])(?:开发区|经开区|高新区|园区)?$")

    def _post_joined_before(self, anchor: int, sentence: int) -> Mention | None:
        """The post written before ``anchor`` in the same chain of titles: joined by 、 or 兼
        (党委书记、董事长 / 董事长兼总经理), or by a comma when that post has its own organization
        (…管委会常务副主任,浦口街道党工委书记Y; never the post of another person named before).
        A bare 开发区 before a body (开发区党工委) belongs to the body. 县委常委 is a post too."""
        if anchor < 2 or self.text[anchor - 1] not in "、兼，,区":
            return None
        j = self._JOINED.search(self.text, max(0, anchor - 4), anchor)
        if j is not None and j.end(1) < anchor and self._org_ending_at(anchor, sentence) is None and \
                not any(x.kind == "body" and x.start == anchor for x in self.in_sentence(sentence, ("body",))):
            return None  # 、开发区<title>: the zone word must open a body's name
        if j is None:
            return None
        end = j.start(1)
        if self._post_ends is None:
            self._post_ends = {x.end: x for x in self.res.mentions if x.kind == "post"}
        post = self._post_ends.get(end)
        if post is None and self.text.endswith("委常委", 0, end):  # 射阳县委常委、…
            post = Mention("post", "Post", end - 2, end, "常委", "常委", sentence)
            self._anaphor_keep.append(post)
        if post is not None and j.group(1) in "，," and self._org_ending_at(post.start, sentence) is None \
                and self._division_committee(post) is None:
            return None
        return post

    def _division_committee(self, post: Mention) -> Mention | None:
        """The division of “<division>委<title>” (射阳县委常委, 六安市委书记)."""
        if post.start < 2 or self.text[post.start - 1] != "委":
            return None
        return next((x for x in self.in_sentence(post.sentence, ("division",)) if self.ent(x) is not None and
                     (x.end == post.start - 1 or x.end == post.start - 2 and self.text[x.end] == x.text[-1])), None)

    def _company_anaphor(self, pos: int, sentence: int) -> Mention | None:
        """公司 / 该公司 / 本公司 (集团 / 该集团) opening a clause right before ``pos``: the last company
        (group) written before it in the same paragraph (text unit)."""
        s = self.sentences[sentence]
        hit = re.search(r"(?:该|本)?(?:公司|集团)$", self.text[max(s.start, pos - 3):pos])
        if hit is None:
            return None
        a = pos - len(hit.group())
        if a > s.start and self.text[a - 1] not in "，。；：,;:“”\"\n 、（(" and \
                self.text[a - 1] not in _BEFORE_ANAPHOR:
            return None  # …有限公司董事长, 子公司董事长: a name's own suffix, not an anaphor
        company: Entity | None = None
        for k in range(sentence, -1, -1):
            if self.sentences[k].unit_index != s.unit_index:
                break
            last = -1
            for x in self.in_sentence(k, ("company",)):
                e = self.ent(x)
                if last < x.end <= a and e is not None and e.cls == "Company" and \
                        (not hit.group().endswith("集团") or "集团" in e.label):  # 集团: a group's name
                    company, last = e, x.end
            if company is not None:
                break
        if company is None:
            return None
        m = Mention("anaphor", "Company", a, pos, self.text[a:pos], "", sentence)
        self._anaphors[id(m)] = company
        self._anaphor_keep.append(m)
        return m

    def _org_ending_at(self, pos: int, sentence: int) -> Mention | None:
        best = None
        for x in self.in_sentence(sentence):
            if x.end == pos and x.kind in ("body", "company", "institute") and self.ent(x) is not None:
                if best is None or (x.end - x.start) > (best.end - best.start):
                    best = x
        return best

    # <person>成了<village>的“兴村导师” / 被聘为<village>的“乡村振兴顾问” / 受聘担任<village>的共富导师
    _MENTOR = re.compile(r"(?:成了|成为|担任|当上了?|是|被聘为|受聘为|被聘请为|受聘担任|聘为)(.{0,14}?)的?[“\"]?"
                         r"[^”\"，。；,;]{0,6}?(?:导师|顾问|名誉村长|荣誉村长)")
    # 结对 / 结对帮扶 / 结成（“企村联建”）对子 / 结为共建对子 / 签订企村联建协议 / 村企联建
    _PAIR = re.compile(r"结对(?:帮扶|共建)?|结成[^，。；,;]{0,8}?对子|结为[^，。；,;]{0,6}?对子|结亲|"
                       r"签订了?[^，。；,;]{0,8}?(?:联建|结对|共建|帮扶)协议|(?:村企|企村)联建|手拉手|牵手|(?:定点|对口)帮扶")

    _MENTOR_TITLE = re.compile("导师|顾问|名誉村长|荣誉村长")

    def mentors_and_pairing(self) -> None:
        for mt in self._PAIR.finditer(self.text):
            self._pairing(mt)
        for cue in self._MENTOR_TITLE.finditer(self.text):  # the title first, then the verb before it
            mt = self._MENTOR.search(self.text, max(0, cue.start() - 26), cue.end())
            if mt is None or mt.end() != cue.end():
                continue
            i = self._sent(mt.start())
            villages = [e for m, e in self.entities_between(mt.start(), mt.end()) if e.cls == "Village"]
            people = [(m, e) for m, e in self.entities_between(self.sentences[i].start, mt.start()) if e.cls == "Person"]
            if not villages or not people:
                continue
            person, village = people[-1][1], villages[0]
            self.add(person, "mentorOf", village, "mentor-of-village", i)
            # 在村企结对共建的“牵线”下，<company><title><person>成了<village>的“兴村导师”: the sentence
            # says the mentoring came with a pairing; a mentor alone does not pair his company
            lead = self.text[self.sentences[i].start:people[-1][0].start]
            if not re.search(r"(?<![“\"])(?:村企|企村)?结对", lead):
                continue
            for org in person.data.get("orgs", []):
                if org.cls == "Company":
                    self.add(org, "pairedWith", village, "pairing-via-mentor", i)

    def _pairing(self, mt: re.Match) -> None:
        """<company>与<village>结对 (or the village first, or several on one side);
        <company>结对帮扶<village>."""
        if mt.group() in ("牵手", "手拉手") and self.text[mt.start() - 2:mt.start()].endswith("方"):
            return  # A村、B公司、C公司三方牵手，签订…: a signing of several parties, no pairing
        a, b = self.clause(mt.start())
        i = self._sent(mt.start())
        ents = [(x, e) for x, e in self.entities_between(a, mt.start()) if e.cls in ("Company", "Village")]
        companies = [e for _, e in ents if e.cls == "Company"]
        villages = [e for _, e in ents if e.cls == "Village"]
        if not villages and len(companies) == 1:  # <company>结对帮扶<village>(、<village>)
            after = [(x, e) for x, e in self.entities_between(mt.end(), b) if e.cls == "Village"]
            pos = mt.end()
            for x, e in after:
                if x.start - pos > 1 or (x.start > pos and self.text[pos] not in "、和及与"):
                    break
                villages.append(e)
                pos = x.end
        if not companies or not villages or (len(companies) > 1 and len(villages) > 1):
            return
        both_before = any(e.cls == "Village" for _, e in ents)
        if both_before and not re.search("与|和|同|跟", self.text[ents[0][0].end:mt.start()]):
            return  # both sides before the cue: they must be joined by 与/和
        for c in companies:
            for v in villages:
                self.add(c, "pairedWith", v, "pairing-explicit", i)
                self._pairs.append((mt.start(), c, v))

    _INTRODUCE = re.compile(r"引进了?|引入了?|招引了?")

    def projects(self) -> None:
        ms = self.res.mentions
        for m in ms:
            if m.kind != "project":
                continue
            proj = self.ent(m)
            if proj is None:
                continue
            i = m.sentence
            a, b = self.clause(m.start)
            # introduced into a village
            intro = None
            for mt in self._INTRODUCE.finditer(self.text, a, m.start):
                intro = mt
            if intro is not None:
                sa = self.sentences[i].start
                villages = [e for x, e in self.entities_between(max(sa, intro.start() - 10), intro.start()) if e.cls == "Village"]
                if villages:
                    self.add(proj, "introducedInto", villages[-1], "introduced-into-village", i)
                    helped = self.text[max(sa, intro.start() - 10):intro.start()]
                    k = helped.rfind("帮助")
                    helpers = [e for x, e in self.entities_between(sa, intro.start() - len(helped) + max(k, 0))
                               if e.cls in ("Person", "Company", "ResearchInstitute")] if k >= 0 else []
                    if k >= 0 and not helpers and re.fullmatch(r"[她他]还?", self.text[sa:intro.start() - len(helped) + k]) \
                            and i > 0:  # 她帮助村里引进…: the person the sentence before speaks of
                        helpers = [e for x, e in self.entities_between(self.sentences[i - 1].start, sa)
                                   if e.cls == "Person"][-1:]
                    if helpers:  # <person or company>帮助村里引进…: the helper brought it in
                        self.add(helpers[-1], "introduced", proj, "introduced-into-village", i)
                    else:
                        self.add(villages[-1], "introduced", proj, "introduced-into-village", i)
            # a village named earlier in the same clause (戚庄村紧邻X项目地块: a neighbour, not the place)
            villages = [(x, e) for x, e in self.entities_between(a, m.start) if e.cls == "Village"]
            if villages and not self._named_after_other_village(proj, villages[-1][1]) and \
                    not self._NEIGHBOUR.search(self.text, villages[-1][0].end, m.start):
                self.add(proj, "locatedIn", villages[-1][1], "project-in-village-clause", i)
            # partners: A、B、C三方 … 签订 <project>
            group_a, _ = self.clause(m.start, _GROUP_END)
            cue = re.search(r"([两二三四五六七八九十]|多)方", self.text[group_a:m.start])
            if cue:
                listed = [(x, e) for x, e in self.entities_between(group_a, group_a + cue.start())
                          if e.cls in _AGENT_CLASSES and not (x.kind == "division" and x.data.get("joint_with") is not None)]
                for _, e in listed:
                    self.add(e, "partnerIn", proj, "partners-n-party", i, self.period_note(i))
            # X 和/与 Y 合作 <project>
            coop = re.search(r"(?:和|与|同|跟)(.{1,12}?)(?:合作|共建|联合)", self.text[a:m.start])
            if coop:
                left = [e for x, e in self.entities_between(a, a + coop.start()) if e.cls in _AGENT_CLASSES]
                right = [e for x, e in self.entities_between(a + coop.start(), a + coop.end()) if e.cls in _AGENT_CLASSES]
                if left and right:
                    for e in (left[-1], right[0]):
                        self.add(e, "partnerIn", proj, "partners-cooperate", i, self.period_note(i))
            owner = proj.data.get("owner")
            if isinstance(owner, Entity):
                self.add(owner, "partnerIn", proj, "project-owner-prefix", i)
            # <company>投资（建设）的<project>
            inv = re.search(r"(?:投资建设|投资兴建|投资|投建)的$", self.text[max(a, m.start - 6):m.start]) or \
                (self._INVESTED_AMOUNT.search(self.text, max(a, m.start - 24), m.start) if "元" in self.text[m.start - 6:m.start] else None)
            if inv:
                cut = m.start - len(inv.group())
                investors = [(x, e) for x, e in self.entities_between(a, cut)
                             if e.cls in ("Company", "ResearchInstitute") and x.end == cut]
                if investors:
                    self.add(investors[-1][1], "partnerIn", proj, "investor-of-project", i)
        # 在<place>，…<project>…: the place a sentence opens with is where its projects are
        for s in self.sentences:
            if not self.text.startswith("在", s.start):
                continue
            comma = self.text.find("，", s.start, s.end)
            if comma < 0:
                continue
            places = [(x, e) for x, e in self.entities_between(s.start + 1, comma)
                      if e.cls in _PLACE_CLASSES and x.end == comma]
            if not places:
                continue
            place = min(places, key=lambda p: p[0].start)[1]  # the whole name (…开发区永兴工业园)
            for x in self.in_sentence(s.index, ("project", "park")):
                proj = self.ent(x)
                if proj is not None and x.start > comma and proj != place and \
                        not (x.kind == "park" and x.data.get("zone") is not None):
                    self.add(proj, "locatedIn", place, "place-topic", s.index)
        # 群星村生态农业项目: a project or park named after a village or town of the document
        lows = sorted((e for e in self.res.entities.values() if e.cls in ("Village", "Town", "Subdistrict")),
                      key=lambda e: -len(e.label))
        for m in ms:
            e = self.ent(m)
            if m.kind not in ("project", "park") or e is None:
                continue
            for place in lows:
                if e.label.startswith(place.label) and len(e.label) > len(place.label) + 2:
                    self.add(e, "locatedIn", place, "name-starts-with-place", m.sentence)
                    break
        # a project with no place of its own, in a sentence that names the section zone
        placed = {f.s.iri for f in self.facts if f.p in ("locatedIn", "introducedInto")}
        for m in ms:
            proj = self.ent(m)
            if m.kind != "project" or proj is None or proj.iri in placed:
                continue
            zone = self.res.section_zone[m.sentence]
            k0 = m.sentence
            while k0 > 0 and self.sentences[k0 - 1].unit_index == self.sentences[m.sentence].unit_index:
                k0 -= 1
            if zone is not None and not self._other_zone(m.sentence, zone) and \
                    any(self.ent(x) == zone for k in range(k0, m.sentence + 1) for x in self.in_sentence(k, ("zone",))):
                self.add(proj, "locatedIn", zone, "project-in-section-zone", m.sentence)
                placed.add(proj.iri)

    _NEIGHBOUR = re.compile("紧邻|毗邻|相邻|邻近|比邻|紧挨|靠近")
    _IN_PARK = re.compile(r"在(?:该|这个|这一)?(?:园区|产业园|工业园)(?:内|里|中)")

    def projects_in_the_park(self) -> None:
        """在园区内建设<project>: the park named last before it in its section, else the section's zone."""
        for mt in self._IN_PARK.finditer(self.text):
            i = self._sent(mt.start())
            _, b = self.clause(mt.end())
            projs = [(x, e) for x, e in self.entities_between(mt.end(), b) if e.cls == "Project"]
            if not projs or not re.fullmatch(r"(?:投资|合作|联合|共同)?(?:建设|兴建|新建|建成|打造|实施)了?",
                                             self.text[mt.end():projs[0][0].start]):
                continue
            if self._parks is None:
                self._parks = [m for m in self.res.mentions if m.kind == "park"]
                self._park_starts = [m.start for m in self._parks]
            section = self.sentences[i].section
            place = None
            for x in reversed(self._parks[:bisect.bisect_left(self._park_starts, mt.start())]):
                if self.sentences[x.sentence].section != section:
                    break
                e = self.ent(x)
                if e is not None and e.cls == "IndustrialPark":
                    place = e
                    break
            place = place or self.res.section_zone[i]
            if place is not None:
                self.add(projs[0][1], "locatedIn", place, "project-in-the-park", i)

    # <company>总投资5亿元的<project>: the company that invests
    _INVESTED_AMOUNT = re.compile(r"(?:计划|总|共|累计)?投资(?:约|达|超过?|近)?[0-9.]+[多余]?[万亿]?(?:美)?元(?:建设|兴建|打造)?的$")

    _BUILD = r"(?:投资建设|投资兴建|合作建设|联合建设|共同建设|建设|兴建|新建|投建|承建|实施|打造|建成|开发|运营|开办|开设|创办|办起|兴办)"
    _JOINT = re.compile(r"(?:共同|联合|合作)(?:出资|投资|建设|实施|兴建|打造|开发|运营)")
    _BY = re.compile(r"由([^，。；,;]{2,40}?)(?:负责|全额|独资|出资|共同|组织)?(?:投资建设|投资兴建|承建|建设|投资|运营|开发|实施)")
    _FUNDS = re.compile(r"^(?:还|也|已|已经|将|还将|又|再|全额|独家|共|先后|累计|主动|专门|计划)*"
                        r"(?:以[^，。；,;]{1,10}?(?=联合|合股|合资|共同|抱团|投资|出资|入股))?(?:在[^，。；,;]{1,16}?)?(?:联合|合股|合资|共同|抱团)?"
                        r"(?:投资|出资|捐资|投入|筹资)?"
                        r"(?:(?:约|近|超过?|达)?[0-9０-９.]+[多余]?[万亿]?[多余]?(?:美)?元)?")  # 投资800万元帮助村里建设了…

    _COOP_BEFORE = re.compile(r"(?:(?:共同)?(?:合作|共建|联合)(?:建设|实施|打造|投资)?|共同(?:投资|出资)(?:建设|兴建)?|"
                              r"携手(?:共建|合作|打造)?)的?$")
    _SIGNED = re.compile(r"(?:当天|当日|现场|也|还|又|已|已经|正式|成功|今天|日前|近日)*(?:签下|签约|签订|签署)了?$")

    def partners(self) -> None:
        """Who builds a project: 双方共同投资…<project> (the two sides of the pairing before),
        <company>(出资，帮助村里)建设…<project>, 由<agent>承建的<project> / <project>由<agent>承建,
        <agent>与<agent>合作的<project>; then hasPartner, the inverse of every partnerIn."""
        for m in self.res.mentions:
            if m.kind != "project" and (m.kind != "anaphor" or "由" not in self.text[m.end:m.end + 3]):
                continue
            proj = self.ent(m)
            if proj is None or proj.cls != "Project":
                continue
            i = m.sentence
            ga, gb = self.clause(m.start, _GROUP_END)
            s0 = self.sentences[i].start
            if m.kind == "anaphor":  # 该项目由<agent>投资建设 / 项目由其全资子公司<company>实施
                self._partners_by(m, proj, ga, gb)
                continue
            # <company>(当天也)签下(了)<project>: the company that signs it
            sign = self._SIGNED.search(self.text, max(ga, m.start - 14), m.start) if "签" in self.text[m.start - 3:m.start] else None
            if sign:
                k = sign.start()
                # <company>签下 / <company>与<zone>签约 / <zone>与<company>签约: the companies of the signing
                ents = self.entities_between(ga, k)
                joined = [e for x, e in ents if x.end == k]
                end = min([x.start for x, e in ents if x.end == k], default=k)
                while joined:
                    prev = [(x, e) for x, e in ents if x.end <= end and
                            re.fullmatch(r"(?:还|也|已)?(?:与|和|同|跟)", self.text[x.end:end])]
                    if not prev:
                        break
                    joined.append(prev[-1][1])
                    end = prev[-1][0].start
                signers = [e for e in joined if e.cls in ("Company", "ResearchInstitute")]
                for e in signers:
                    self.add(e, "partnerIn", proj, "signer-of-project", i, self.period_note(i))
            # 双方共同投资…建设的<project> / <company>与<village>结对后共同投资的<project>
            joint = None
            for jt in self._JOINT.finditer(self.text, ga, m.start):
                joint = jt
            if joint is not None and not re.search("[。；]", self.text[joint.end():m.start]):
                pair = self._pair_before(joint.start())
                if pair is not None:
                    for e in pair:
                        self.add(e, "partnerIn", proj, "partners-both-sides", i)
            self._partners_by(m, proj, ga, gb)
            # <company>(还将)(在<village>)(出资…，帮助村里)建设(了)…<project>: the company builds it
            for subj in self._agent_subject(m):
                self.add(subj, "partnerIn", proj, "builder-of-project", i)
            # <company>(年产<capacity>)<project>: the company written right before the project's name
            ends = {m.start}
            cap = [x for x in self.in_sentence(i) if self._figure(x, ("capacity",)) and x.end == m.start]
            if cap and self.text[cap[0].start - 2:cap[0].start] == "年产":
                ends.add(cap[0].start - 2)
            if self.text.startswith("年产", m.start) or len(ends) > 1:
                owners = [e for x, e in self.entities_between(ga, m.start) if e.cls == "Company" and x.end in ends]
                for e in owners[-1:]:
                    self.add(e, "partnerIn", proj, "project-owner-prefix", i)
            # <agent>与<agent>(共同)合作的<project>
            w0 = max(ga, s0, m.start - 10)
            coop = self._COOP_BEFORE.search(self.text, w0, m.start)
            if coop:
                k = coop.start()
                ents = [(x, e) for x, e in self.entities_between(ga, k) if e.cls in _AGENT_CLASSES]
                if len(ents) >= 2 and ents[-1][0].end == k and \
                        re.fullmatch(r"(?:还将|还|也|将|已)?(?:与|和|同|跟)", self.text[ents[-2][0].end:ents[-1][0].start]):
                    for _, e in ents[-2:]:
                        self.add(e, "partnerIn", proj, "partners-cooperate", i, self.period_note(i))
        for f in list(self.facts):
            if f.p == "partnerIn" and isinstance(f.o, Entity):
                self.add(f.o, "hasPartner", f.s, f.rule, f.sentence, f.notes)

    def _partners_by(self, m: Mention, proj: Entity, ga: int, gb: int) -> None:
        """由<agent>承建的<project> (before), <project>由<agent>承建 / 实施 (after)."""
        i = m.sentence
        nxt = min([x.start for x in self.in_sentence(i, ("project", "park")) if x.start >= m.end] + [gb])
        for by in list(self._BY.finditer(self.text, ga, m.start)) + \
                [x for x in self._BY.finditer(self.text, m.end, nxt)
                 if x.start() <= m.end + 4 or re.match(r"[^，。；,;]*[，,]$", self.text[m.end:x.start()])
                 and not self.entities_between(m.end, x.start(), _AGENT_CLASSES)]:
            agents = [(x, e) for x, e in self.entities_between(by.start(1), by.end(1)) if e.cls in _AGENT_CLASSES]
            before = by.end() <= m.start
            if agents and (not before or re.fullmatch(r"的?", self.text[by.end():m.start]) or
                           re.fullmatch(r"[^，。；,;]{0,20}的", self.text[by.end():m.start])):
                for _, e in agents:
                    self.add(e, "partnerIn", proj, "partner-by", i)

    def _pair_before(self, pos: int) -> tuple[Entity, Entity] | None:
        """The company and village of the nearest pairing before ``pos`` in its paragraph (双方)."""
        unit = self.sentences[self._sent(pos)].unit_index
        k = bisect.bisect_left(self._pairs, pos, key=lambda p: p[0])
        if k > 0:
            at, c, v = self._pairs[k - 1]
            if self.sentences[self._sent(at)].unit_index == unit:
                return c, v
        return None

    _VILLAGES_LEAD = re.compile(r"[^，。；,;]{0,8}?(?:推动|引导|组织|带动|鼓励|支持)(?=[^，。；,;]{2,10}村)")
    _VILLAGES_TAIL = re.compile(r"(?:[两二三四五六七八九十几]村|等(?:[0-9一二三四五六七八九十两几多]+个?)?村)?"
                                r"(?:抱团(?:发展)?[，,]?|共同|联合|合力)?")

    def _agent_subject(self, m: Mention) -> list[Entity]:
        """The company that opens the clause group of project ``m`` and builds it:
        <company>(还将)(在<place>)(出资…，帮助村里)建设(了)(…的)<project>. “企业” opening a sentence
        right after a pairing is the paired company. Villages that invest together (A村、B村两村抱团
        投资…，入股<project>) are partners too."""
        ga, _ = self.clause(m.start, _GROUP_END)
        # 今年，… / 2022年，… / …主任王某介绍，…
        lead = re.match(r"(?:[^，。；,;]{0,12}?|为了?[^，。；,;]{0,24}?|[^，。；,;]{0,40}?(?:介绍|表示|说|称|透露|告诉记者))[，,]",
                        self.text[ga:m.start])
        starts = [ga] + ([ga + lead.end()] if lead and lead.end() else [])
        subj: tuple[Mention, Entity] | None = None
        for st in reversed(starts):  # the subject after a lead clause first (…表示，公司将…)
            for x, e in self.entities_between(st, m.start):
                if x.start == st and e.cls in ("Company", "ResearchInstitute"):
                    subj = (x, e)
                    break
            if subj is None and self.text.startswith(("企业", "该企业", "公司"), st) and self._pairs:
                pair = self._pair_before(st)
                prev = self._sent(st) - 1
                if pair is not None and prev >= 0 and self._pairs[-1][0] >= self.sentences[prev].start and \
                        bisect.bisect_left(self._pairs, self.sentences[prev].start, key=lambda p: p[0]) < \
                        bisect.bisect_left(self._pairs, st, key=lambda p: p[0]):
                    w = 2 if not self.text.startswith("该企业", st) else 3
                    subj = (Mention("anaphor", "Company", st, st + w, self.text[st:st + w], ""), pair[0])
            if subj is None and st > ga and self.text.startswith(("公司", "该公司", "企业"), st):
                # X公司董事长Y表示，公司将在Z村建设…: the one company of the clause of saying
                said = {e.iri: e for x, e in self.entities_between(ga, st) if e.cls == "Company"}
                opener = re.match(r"(?:该|本)?(?:公司|集团)", self.text[ga:st])
                if not said and opener:  # 公司董事长Y表示，公司将…: the company the first 公司 refers to
                    an = self._company_anaphor(ga + opener.end(), self._sent(ga))
                    if an is not None:
                        said = {self._anaphors[id(an)].iri: self._anaphors[id(an)]}
                if len(said) == 1:
                    w = 3 if self.text.startswith("该公司", st) else 2
                    subj = (Mention("anaphor", "Company", st, st + w, self.text[st:st + w], ""), next(iter(said.values())))
            if subj is not None:
                break
        villages: list[Entity] = []
        if subj is None:
            for st in starts:
                vs = [(x, e) for x, e in self.entities_between(st, m.start) if e.cls == "Village"]
                # 东陈镇推动A村、B村等5个村抱团发展: the villages after the verb that sets them going
                lead_v = self._VILLAGES_LEAD.match(self.text, st, m.start)
                pos, run = (lead_v.end() if lead_v else st), []
                town = [x for x, e in self.entities_between(pos, m.start) if x.start == pos
                        and e.cls in ("Town", "Subdistrict", "Township")]
                if town and vs and vs[0][0].start == town[0].end:  # 香花桥街道天一村、金米村…
                    pos = town[0].end
                for x, e in vs:
                    if x.start != pos and not (run and re.fullmatch("[、和与及]", self.text[pos:x.start])):
                        break
                    run.append((x, e))
                    pos = x.end
                if run:
                    # A村、B村两村抱团投资 / A村、B村等5个村抱团发展，联合投资 / A村投资1500万元建设
                    tail = self._VILLAGES_TAIL.match(self.text, pos, m.start)
                    if tail:
                        subj = (Mention("village", "Village", run[0][0].start, tail.end(), "", ""), run[0][1])
                        villages = [e for _, e in run]
                        break
        if subj is None:
            return []
        x, e = subj
        between = self.text[x.end:m.start]
        others = [y for y, f in self.entities_between(x.end, m.start)
                  if f.cls in ("Company", "ResearchInstitute", "Person", "DevelopmentZone", "GovernmentBody")]
        if others:
            return []
        funds = self._FUNDS.match(between)
        rest = between[funds.end():]
        # (投资1800万元，帮助村里)建设了(总投资…的) / (投资2800万元，)入股
        if not re.match(r"(?:[^，。；,;]{0,12}[，,])?(?:帮助|帮)?[^，。；,;]{0,6}?(?:" + self._BUILD +
                        r"|入股|参股)(?:了)?(?:[^，。；,;]{0,30}的)?$", rest) or "签" in rest:
            return []
        return villages or [e]

    def _named_after_other_village(self, proj: Entity, village: Entity) -> bool:
        """南北庄村游客服务中心项目 is not in 鲁家村: a project whose name opens with the name of a
        village (of the document or the gazetteer) other than ``village`` (强村标准厂房项目 does not)."""
        if proj.label.startswith(village.label):
            return False
        if self._village_labels is None:
            self._village_labels = {e.label for e in self.res.entities.values() if e.cls == "Village"}
        for k in range(2, min(7, len(proj.label))):
            head = proj.label[:k]
            if head.endswith(("村", "社区")) and (head in self._village_labels or any(
                    d.level == "Village" for d in _gaz().lookup(head))):
                return True
        return False

    def _figure(self, m: Mention, kinds: tuple[str, ...]) -> bool:
        return m.kind == "figure" and m.data["figure"].kind in kinds

    _YEARLY_OUTPUT = re.compile(r"年产[^，。；,;]{0,14}$")
    _AMOUNT_OF = re.compile(r"(?:投资|投入|出资)(?:总额|总额度|额|规模)(?:约|达|为|超过?|近|共计|合计)*$")

    def quantities(self) -> None:
        ms = self.res.mentions
        for m in ms:
            if m.kind != "figure":
                continue
            fig = m.data["figure"]
            # 年产高效光伏电池片5吉瓦: a power written after 年产 is an annual output too
            power = fig.unit == "W" and fig.kind != "money" and self._YEARLY_OUTPUT.search(self.text, max(0, m.start - 16), m.start)
            if fig.kind not in ("money", "capacity") and not power:
                continue
            i = m.sentence
            a, b = self.clause(m.start)
            if power and self._YEARLY_OUTPUT.search(self.text, max(a, m.start - 16), m.start) is None:
                continue
            if fig.kind == "capacity" or power:
                inside = [(x, e) for x, e in self.entities_between(m.start - 30, m.end + 30) if e.cls == "Project"
                          and x.start <= m.start and m.end <= x.end]
                if inside:
                    self.add(inside[0][1], "annualCapacity", Quantity(m), "capacity-in-project-name", i)
                    continue
                # …项目已建成投产，…可年产智能电视300万台: the project of its clause group
                ga, _ = self.clause(m.start, _GROUP_END)
                before_projects = [(x, e) for x, e in self.entities_between(ga, m.start) if e.cls == "Project"]
                if len({e.iri for _, e in before_projects}) == 1:
                    self.add(before_projects[-1][1], "annualCapacity", Quantity(m), "capacity-of-project", i,
                             self._projected(m.start))
                continue
            before = self.text[max(a, m.start - 4):m.start]
            after = self.text[m.end:b]
            if after.startswith("的"):
                projs = [(x, e) for x, e in self.entities_between(m.end, b) if e.cls == "Project"]
                if projs:
                    x0, proj = projs[0]
                    gap = self.text[m.end + 1:x0.start]
                    if len(gap) <= 16 and not any(c in gap for c in "，、；。") and not self._has_figure(m.end, x0.start):
                        self.add(proj, "totalInvestment", Quantity(m), "investment-of-project", i)
                        continue
            if any(w in before for w in ("投资", "投入", "出资")) or self._AMOUNT_OF.search(self.text, max(a, m.start - 8), m.start):
                projs = [(x, e) for x, e in self.entities_between(a, m.start) if e.cls == "Project"]
                if not projs:  # 出资380万元建设了X项目: the project after, in the same clause
                    projs = [(x, e) for x, e in self.entities_between(m.end, b) if e.cls == "Project"][:1]
                if not projs and self.text[b:b + 1] in ("，", ",") and re.fullmatch(r"(?:[^，。；,;]{0,12}?)", self.text[m.end:b]):
                    # 合股投资2200万元，在园区内建设X项目: the project the next clause builds
                    nb = self.clause(b + 1)[1]
                    nxt = [(x, e) for x, e in self.entities_between(b + 1, nb) if e.cls == "Project"][:1]
                    if nxt and re.fullmatch(r"(?:在[^，。；,;]{1,12}?)?(?:用于|用来)?" + self._BUILD + "了?",
                                            self.text[b + 1:nxt[0][0].start]):
                        projs = nxt
                if not projs and a > 0 and self.text[a - 1] in "，," and \
                        re.fullmatch(r"(?:项目)?(?:计划|预计|拟)?(?:总投资|投资总额)(?:约|达|为|超过?)?",
                                     self.text[a:m.start]):
                    # 签订X项目，总投资18亿元: the project that ends the clause before
                    pa, _ = self.clause(a - 2)
                    projs = [(x, e) for x, e in self.entities_between(pa, a - 1)
                             if e.cls == "Project" and x.end == a - 1]
                    if not projs:  # X项目由Y投资建设，计划总投资800万元: the project that opens it
                        projs = [(x, e) for x, e in self.entities_between(pa, a - 1)
                                 if e.cls == "Project" and x.start == pa]
                if projs:
                    self.add(projs[-1][1], "totalInvestment", Quantity(m), "investment-of-project", i,
                             self._projected(m.start))

    def _has_figure(self, a: int, b: int) -> bool:
        return any(x.kind == "figure" and a <= x.start and x.end <= b for x in self.in_sentence(self._sent(a)))

    _BUILT_SPACE = re.compile(r"(?:新建|建成|建设|改建|扩建)了?(?:标准|高标准)?[^，。；,;的]{0,6}?"
                              r"(?:厂房|用房|车间|仓库|楼宇|载体)(?:及[^，。；,;]{0,8})?(?:约|达|共)?$")

    def land(self) -> None:
        ms = self.res.mentions
        for m in ms:
            if not self._figure(m, ("area",)):
                continue
            i = m.sentence
            fig = m.data["figure"]
            a, b = self.clause(m.start)
            before = self.text[max(a, m.start - 5):m.start]
            parcel = [(x, e) for x, e in self.entities_between(m.start, m.end + 6) if e.cls == "LandParcel" and x.start <= m.start]
            if parcel:
                self.add(parcel[0][1], "landArea", Quantity(m), "parcel-area", i)
                continue
            built = fig.unit == "M2" and self._BUILT_SPACE.search(self.text, max(a, m.start - 26), m.start)
            if before.endswith(("建筑面积", "建筑面积约", "建筑面积达")) or built:
                # 建成标准厂房及配套用房5600平方米: a project's or park's building area, never a zone's total
                subj = self._subject_before(m.start, ("IndustrialPark", "Project", "LandParcel") +
                                            (() if built else ("DevelopmentZone",)))
                head = self._park_by_head(a, m.start)
                if head is not None:
                    subj = head
                if subj is not None:
                    self.add(subj, "buildingArea", Quantity(m), "building-area", i)
                continue
            if before.endswith(("占地", "占地面积", "总规划", "规划面积", "用地", "占地约", "总占地")):
                if self.text[m.end:m.end + 1] == "的":
                    nxt = [(x, e) for x, e in self.entities_between(m.end, b)
                           if e.cls in ("IndustrialPark", "Project", "LandParcel", "DevelopmentZone")]
                    if nxt and nxt[0][0].start - m.end <= 2:
                        self.add(nxt[0][1], "landArea", Quantity(m), "land-area", i)
                    elif before.endswith(("总规划", "规划面积")) and not nxt:
                        # 开发区…启动了总规划4500亩的工业园区全域有机更新: the zone's planned area
                        zone = self._subject_before(m.start, ("DevelopmentZone",))
                        if zone is not None:
                            self.add(zone, "landArea", Quantity(m), "planned-area-of-zone", i)
                    continue
                subj = self._subject_before(m.start, ("IndustrialPark", "Project", "LandParcel"))
                if subj is not None:
                    self.add(subj, "landArea", Quantity(m), "land-area", i)
        for m in ms:
            if m.kind != "parcel":
                continue
            e = self.ent(m)
            src = self.ent(m.data.get("source"))
            action = m.data.get("action")
            if e is not None and src is not None and action:
                self.add(e, action, src, "land-action-from", m.sentence)
            if e is None:
                continue
            a, b = self.clause(m.end, _GROUP_END)
            tail = self.text[m.end:b]
            rb = re.match(r"，?[^，。；]{0,8}?(?:摇身成为|摇身一变成为|变身为|变身|建成|改造成|改建为|成为)", tail)
            if rb:
                parks = [(x, e2) for x, e2 in self.entities_between(m.end + rb.end(), b) if e2.cls == "IndustrialPark"]
                if parks and parks[0][0].start - (m.end + rb.end()) <= 2:
                    self.add(e, "rebuiltAs", parks[0][1], "rebuilt-as", m.sentence)
            use = re.match(r"，?[^，。；]{0,8}?(?:将作为|将建设成为|将建成|将打造成为?|将改造成为?)", tail)
            if use:
                ua = m.end + use.end()
                _, ub = self.clause(ua)
                self.add(e, "plannedUse", Lit(self.text[ua:ub]), "parcel-planned-use", m.sentence)
                zones = [(x, z) for x, z in self.entities_between(ua, ub) if z.cls == "DevelopmentZone"]
                if zones and zones[0][0].start == ua:
                    self.add(e, "locatedIn", zones[0][1], "parcel-planned-use", m.sentence)

    _TAKE_LAND = re.compile(r"(回收|收回|收购|收储|征收|回购)了?(?:其|该企业的?)?"
                            r"(?:[^，。；,;的]{2,40}?的?(?:闲置|低效|存量)?(工业用地|建设用地|土地|用地)"
                            r"([0-9.]+万?亩)|(?:[^，。；,;的0-9.约近]{2,20}(?=约|近|[0-9]))?((?:约|近)?[0-9.]+万?亩)(?:的)?"
                            r"(工业用地|建设用地|闲置土地|低效用地|土地|用地))")
    _FORMER = re.compile(r"(?:原是|原为|原系|原属|原属于|曾是)$")
    _REBUILT = re.compile(r"(?:后|之后|以后)?(?:[，,][^，。；,;]{0,16}?){0,2}?[，,]?[^，。；,;]{0,16}?"
                          r"(?:开发建设|建设成为?|建成|改造成为?|改造为|改建为|打造成为?|摇身一变成为|摇身成为|变身为?|成为)了?")

    def renewal(self) -> None:
        """Park renewal: land a zone takes back from a company (这里原是<company>的老厂区，…依法回收
        98亩工业用地后，…建设<park>): a parcel named after its source, its area, the action and
        what it became; 对<parcel>实施腾退: the parcel vacated by the organization it is named after;
        腾退出的N亩土地: that parcel's area."""
        parcels = {m.start: m for m in self.res.mentions if m.kind == "parcel"}
        for mt in self._TAKE_LAND.finditer(self.text):
            # 回收N亩工业用地 (area first) / 收回<company>闲置土地N亩 (owner and land, then area)
            area_g, noun_g = (4, 5) if mt.group(4) else (3, 2)
            if any(p.start <= mt.start(area_g) < p.end for p in parcels.values()):
                continue  # 从X回收的N亩土地: a parcel mention already
            i = self._sent(mt.start())
            s0 = self.sentences[i].start
            former = [(x, e) for x, e in self.entities_between(s0, mt.start()) if e.cls == "Company"
                      and self._FORMER.search(self.text, max(s0, x.start - 4), x.start)]
            direct = [(x, e) for x, e in self.entities_between(mt.end(1), mt.start(min(area_g, noun_g)))
                      if e.cls == "Company"]
            if not direct:  # 从<company>收回… / (协商,)回购其…: the company written before
                direct = [(x, e) for x, e in self.entities_between(s0, mt.start()) if e.cls == "Company"
                          and self.text[x.start - 1] == "从" and re.fullmatch(r"(?:依法|统一|全面|整体)*",
                                                                                self.text[x.end:mt.start(1)])]
            if not direct and re.match("了?其", self.text[mt.end(1):mt.end(1) + 2]):
                direct = self._company_before(mt.start())
            src = (direct or former)
            if not src or (area_g == 3 and not direct):
                continue
            src_e = src[-1][1]
            fig = next((x for x in self.in_sentence(i) if self._figure(x, ("area",)) and x.start == mt.start(area_g)), None)
            label = src_e.label + mt.group(area_g) + mt.group(noun_g)
            iri = self.ns.entity("parcel", slug(label))
            parcel = self.extra.get(iri)
            span = (min(mt.start(area_g), mt.start(noun_g)), mt.end())
            if parcel is None:
                m = Mention("parcel", "LandParcel", span[0], span[1], self.text[span[0]:span[1]], label)
                m.sentence = i
                parcel = self.extra[iri] = Entity(iri, "parcel", "LandParcel", label,
                                                  english_label(label, "LandParcel"), mentions=[m])
            self.add(parcel, vocab.LAND_ACTIONS.get(mt.group(1), "recoveredFrom"), src_e, "land-taken-back", i)
            if fig is not None:
                self.add(parcel, "landArea", Quantity(fig), "land-taken-back", i)
            self._rebuilt(parcel, mt.end(), i)
        for m in parcels.values():
            e = self.ent(m)
            if e is not None:
                self._rebuilt(e, m.end, m.sentence)
        # 对（原）<X>地块实施（整体）腾退，腾退出的53亩土地…
        for mt in re.finditer("腾退", self.text):
            i = self._sent(mt.start())
            a, _ = self.clause(mt.start())
            ps = [(x, e) for x, e in self.entities_between(a, mt.start()) if e.cls == "LandParcel"]
            if not ps or not re.fullmatch(r"(?:实施|进行)?(?:整体|依法|全面)?", self.text[ps[-1][0].end:mt.start()]):
                continue
            px, parcel = ps[-1]
            owners = [e for x, e in self.entities_between(px.start, px.end)
                      if e.cls in ("Company", "Organization", "GovernmentBody", "ResearchInstitute") and e != parcel]
            for o in owners[:1]:
                self.add(parcel, "vacated", o, "parcel-vacated", i)
            area = re.match(r"[，,]?腾(?:退)?出(?:来)?的", self.text[mt.end():mt.end() + 6])
            if area:
                k = mt.end() + area.end()
                fig = next((x for x in self.in_sentence(i) if self._figure(x, ("area",)) and x.start == k), None)
                if fig is not None:
                    self.add(parcel, "landArea", Quantity(fig), "parcel-vacated", i)

    def _rebuilt(self, parcel: Entity, end: int, i: int) -> None:
        """<parcel>(后)，…(开发)建设/建成<park>: what the parcel became, in its sentence; after a longer
        clause (由…统一规划，高标准建设<park> / 及地上厂房，经…改造为<park>): the first park of the
        sentence after the parcel, when a verb of building or turning into is written right before it."""
        rb = self._REBUILT.match(self.text, end, self.sentences[i].end)
        if rb is not None:
            parks = [(x, e) for x, e in self.entities_between(rb.end(), self.sentences[i].end) if e.cls == "IndustrialPark"]
            if parks and parks[0][0].start - rb.end() <= 2:
                self.add(parcel, "rebuiltAs", parks[0][1], "rebuilt-as", i)
                return
        _, gb = self.clause(end, _GROUP_END)
        parks = [(x, e) for x, e in self.entities_between(end, gb) if e.cls in ("IndustrialPark", "LandParcel")]
        if parks and parks[0][1].cls == "IndustrialPark" and \
                self._TURNED_INTO.search(self.text, max(end, parks[0][0].start - 8), parks[0][0].start) and \
                not self._TAKE_LAND.search(self.text, end, parks[0][0].start):
            self.add(parcel, "rebuiltAs", parks[0][1], "rebuilt-as", i)

    _TURNED_INTO = re.compile(r"(?:建设|兴建|建成|改造为|改造成为?|改建为|打造成?为?|变身为?|成为)了?[“\"]?$")
    # 引导<company>主动退出，腾出土地27亩 / <company>已于6月完成腾退，腾出的30亩土地
    _EXIT = re.compile(r"(?:退出|腾退|搬迁|关停)[，,]?(?:腾出|腾退出|腾出来)的?"
                       r"(?:(土地|用地|工业用地)([0-9.]+万?亩)|([0-9.]+万?亩)(土地|用地|工业用地)?)")

    def _company_before(self, pos: int) -> list[tuple[Mention, Entity]]:
        """The last company named before ``pos`` in its paragraph (其 / 该企业)."""
        unit = self.sentences[self._sent(pos)].unit_index
        for k in range(self._sent(pos), -1, -1):
            if self.sentences[k].unit_index != unit:
                break
            cs = [(x, e) for x, e in self.entities_between(self.sentences[k].start, min(pos, self.sentences[k].end))
                  if e.cls == "Company"]
            if cs:
                return cs[-1:]
        return []

    def company_exits(self) -> None:
        """A company that leaves its land (引导X主动退出，腾出土地27亩): a parcel named after it, vacated by
        it, with its area."""
        if "腾出" not in self.text and "腾退出" not in self.text:
            return
        for mt in self._EXIT.finditer(self.text):
            i = self._sent(mt.start())
            a, _ = self.clause(mt.start())
            cs = [(x, e) for x, e in self.entities_between(a, mt.start()) if e.cls == "Company"
                  and mt.start() - x.end <= 12]
            if not cs:
                continue
            src = cs[-1][1]
            area_g, noun = (2, mt.group(1)) if mt.group(2) else (3, mt.group(4) or "土地")
            fig = next((x for x in self.in_sentence(i) if self._figure(x, ("area",)) and x.start == mt.start(area_g)), None)
            label = src.label + mt.group(area_g) + noun
            iri = self.ns.entity("parcel", slug(label))
            parcel = self.extra.get(iri)
            if parcel is None:
                m = Mention("parcel", "LandParcel", mt.start(area_g), mt.end(), self.text[mt.start(area_g):mt.end()], label)
                m.sentence = i
                parcel = self.extra[iri] = Entity(iri, "parcel", "LandParcel", label,
                                                  english_label(label, "LandParcel"), mentions=[m])
            self.add(parcel, "vacated", src, "company-exit", i)
            if fig is not None:
                self.add(parcel, "landArea", Quantity(fig), "company-exit", i)

    def _other_zone(self, i: int, zone: Entity) -> bool:
        """Does sentence ``i`` name a development zone other than ``zone``?"""
        return any(e is not None and e.cls == "DevelopmentZone" and e != zone
                   for e in map(self.ent, self.in_sentence(i, ("zone",))))

    def _park_by_head(self, a: int, pos: int, after: str = r"(?:总)?(?:建筑面积|占地|规划面积)") -> Entity | None:
        """科创园建筑面积…: a clause opening with a park's head word (科创园, 小微园, 产业园) speaks of
        the last park of the paragraph whose name ends with it."""
        hm = re.match(r"(?:该|这个|这一)?([\u4e00-\u9fff]{0,3}园)(?:区)?" + after, self.text[a:pos])
        if hm is None:
            return None
        word = hm.group(1)
        unit = self.sentences[self._sent(a)].unit_index
        if self._parks is None:
            self._parks = [m for m in self.res.mentions if m.kind == "park"]
            self._park_starts = [m.start for m in self._parks]
        k = bisect.bisect_left(self._park_starts, a)
        for m in reversed(self._parks[max(0, k - 50):k]):
            if self.sentences[m.sentence].unit_index != unit:
                break
            e = self.ent(m)
            if e is not None and e.label.endswith(word):
                return e
        return None

    def _subject_before(self, pos: int, classes: tuple[str, ...]) -> Entity | None:
        """The nearest entity of ``classes`` before ``pos`` in its sentence (anaphora included)."""
        i = self._sent(pos)
        cands = [(x, e) for x, e in self.entities_between(self.sentences[i].start, pos) if e.cls in classes]
        cands = [(x, e) for x, e in cands
                 if not any(y is not x and y.start <= x.start and x.end <= y.end for y, _ in cands)]
        cands.sort(key=lambda c: (c[0].end, c[0].end - c[0].start))
        return cands[-1][1] if cands else None

    # (为X村)村集体增收 / 带来收益 / 获得保底分红 <money>; 两村(合计)增收 / 每个村年均增收 / 两村集体经济各增收:
    # the cue word, then what is written before it
    _INCOME_CUE = re.compile("增收|创收|收入|收益|分红")
    _INCOME_MANY = re.compile(r"(?:[两二三四五六七八九十几多各每]|\d+)个?村(?:村集体|集体经济|集体)?"
                              r"(?:[^，。；,;]{0,8}?|[^，。；,;]{0,12}[，,](?:合计|共计|共|累计|每年|年均)?)$")

    _INCOME = re.compile(r"(?:村级集体经济|村集体经济|集体经济|村集体|集体)[^，。；]{0,10}?(?:增收|创收|收入|收益|分红)")
    _GAIN_CUE = re.compile("增收|创收")

    def _income_cues(self) -> list[tuple[int, int, bool]]:
        """(start, end, several villages?) of every income cue with its subject words, in order."""
        text = self.text
        out = [(mt.start(), mt.end(), False) for mt in self._INCOME.finditer(text)]
        for cue in self._GAIN_CUE.finditer(text):
            c = cue.start()
            if "村" in text[max(0, c - 20):c]:
                many = self._INCOME_MANY.search(text, max(0, c - 20), c)
                if many is not None:
                    out.append((many.start(), cue.end(), True))
        out.sort()
        return out

    def collective_income(self) -> None:
        for start, end, many in self._income_cues():
            i = self._sent(start)
            a, _ = self.clause(start)
            _, b = self.clause(end - 1)
            figs = [x for x in self.in_sentence(i) if self._figure(x, ("money",)) and end <= x.start < b]
            if not figs:
                continue
            fig = figs[0]
            words = self.text[start:end]
            if words.endswith(("收入", "收益", "分红")) and not re.search("增加|带来|新增|增收|创收|获得|分得|可获", words):
                continue  # 村集体收入286万元: the village's income (a level statistic), not a gain
            sa = self.sentences[i].start
            gainers: list[Entity] = []
            many = many or re.search(r"(?:[两二三四五六七八九十几多各每]|\d+)(?:个)?村$", self.text[max(0, start - 4):start])
            if many:
                # 二期项目建成后，每年为两村村集体增收共计230万元: several villages together, none of
                # them alone: the gain of the project that brings it; 两村…各增收: each village's
                proj = self._subject_before(start, ("Project",))
                if proj is not None:
                    gainers = [proj]
                elif "各" in words:
                    gainers = list({e.iri: e for _, e in self.entities_between(sa, start, ("Village",))}.values())
            else:
                for x, e in self.entities_between(sa, end):
                    if e.cls == "Village":
                        gainers = [e]
            if not gainers:
                continue
            notes = [("perPeriod", Lit("P1Y", None, "duration"))] if re.search("每年|年均|一年|/年", self.text[a:b]) else []
            notes += self._projected(fig.start)
            for g in gainers:
                self.add(g, "collectiveIncomeGain", Quantity(fig), "village-collective-income", i, notes)

    _COOP = re.compile(r"(?:还|也|已|将)?(?:与|和|同)")

    def cooperation(self) -> None:
        partners = ("DevelopmentZone", "ResearchInstitute")
        for mt in re.finditer(r"携手|合作|结对|共建|联动|签订战略合作|结为|缔结", self.text):
            i = self._sent(mt.start())
            a, b = self.clause(mt.start())
            ents = [(x, e) for x, e in self.entities_between(a, mt.start()) if e.cls in partners]
            if len(ents) >= 2:
                (x1, z1), (x2, z2) = ents[-2], ents[-1]
                between = self.text[x1.end:x2.start]
                if z1.cls != "DevelopmentZone" or \
                        not re.fullmatch(r"(?:（[^）]*）)?(?:还|也|已|将|正)?(?:与|和|同)", between):
                    continue
            elif len(ents) == 1 and a < ents[0][0].start:
                # 开发区还与<zone>签订…共建协议 (the zone of the section) / <zone>…，与<zone>签署…合作协议
                # (the zone that opens the sentence) / 开发区与<institute>签署产学研合作协议
                x2, z2 = ents[0]
                lead = self._COOP_BARE.fullmatch(self.text, a, x2.start)
                if lead is None:
                    continue
                z1 = None
                if lead.group(1):
                    z1 = self.res.section_zone[i]
                else:
                    before = [e for x, e in self.entities_between(self.sentences[i].start, a) if e.cls == "DevelopmentZone"]
                    z1 = before[0] if before and len({e.iri for e in before}) == 1 else None
                if z1 is None or z1 == z2:
                    continue
            else:
                continue
            fields = self._fields(b, i)
            notes = [("cooperationField", Lit(f)) for f in fields]
            self.add(z1, "cooperatesWith", z2, "zone-cooperation", i, notes)

    _COOP_BARE = re.compile(r"(开发区|经开区|高新区|园区|我区|全区)?(?:还|也|已|将|正|再)?(?:与|和|同)")

    _FIELD_LIST = re.compile(r"(?:双方)?(?:在|加强|深化|推进|围绕)([^。；，]{2,80}?)等(?:方面|领域)")

    def _fields(self, pos: int, i: int) -> list[str]:
        """The fields of a cooperation: every “A、B、C等方面/领域” list after it in the sentence
        (双方在加强招商引资、…等方面，…加强要素资源、产业发展…等方面)."""
        s = self.sentences[i]
        out: list[str] = []
        for m in self._FIELD_LIST.finditer(self.text, pos, s.end):
            for f in re.split("[、]", m.group(1)):
                f = self._FIELD_VERB.sub("", f) if len(self._FIELD_VERB.sub("", f)) >= 2 else f
                if 2 <= len(f) <= 12 and f not in out:
                    out.append(f)
        return out

    # 推动共建产业园 → 共建产业园, 加强招商引资 → 招商引资: the field, not the verb before it
    _FIELD_VERB = re.compile(r"^(?:加强|推动|推进|深化|促进|开展|强化|加快|实行|实施|构建|建立|完善|探索|共同)")

    _FOCUS = re.compile("|".join(vocab.FOCUS_CUES))

    def industries(self) -> None:
        for mt in self._FOCUS.finditer(self.text):
            i = self._sent(mt.start())
            _, b = self.clause(mt.end(), _GROUP_END)
            ca, cb = self.clause(mt.end())
            found = [x for x in self.in_sentence(i, ("industry",)) if mt.end() <= x.start < b]
            # the list right after the cue: the first industry in the cue's clause, then those
            # joined to it by 、/和/及/与 only
            inds: list[Mention] = []
            for x in found:
                if not inds:
                    if x.start >= cb:
                        break
                    inds.append(x)
                elif re.fullmatch(r"[、和及与]|以及", self.text[inds[-1].end:x.start]):
                    inds.append(x)
                else:
                    break
            if not inds:
                continue
            if mt.group() in ("打造", "培育", "做强") and "产业" not in self.text[inds[-1].end:inds[-1].end + 8]:
                continue
            subj = self._subject_before(mt.start(), ("DevelopmentZone", "IndustrialPark", "LandParcel"))
            if subj is None:
                subj = self.res.section_zone[i]
            if subj is None:
                continue
            for x in inds:
                self.add(subj, "focusesOnIndustry", Ref(x.data["iri"]), "industry-focus", i)
        after_re = "(?:等)?(?:[一二三四五六七八九十两0-9]+大)?(?:" + "|".join(vocab.FOCUS_AFTER) + ")"
        for mt in re.finditer(after_re, self.text):
            i = self._sent(mt.start())
            found = [x for x in self.in_sentence(i, ("industry",)) if x.end <= mt.start()]
            inds: list[Mention] = []
            pos = mt.start()
            for x in reversed(found):  # the contiguous list that ends right before the cue
                if re.fullmatch(r"[、和及与]|以及|", self.text[x.end:pos]):
                    inds.insert(0, x)
                    pos = x.start
                else:
                    break
            if not inds:
                continue
            subj = self._subject_before(inds[0].start, ("DevelopmentZone", "IndustrialPark", "LandParcel")) \
                or self.res.section_zone[i]
            for x in inds if subj is not None else []:
                self.add(subj, "focusesOnIndustry", Ref(x.data["iri"]), "industry-focus", i)
        for mt in re.finditer(r"涉及|聚集了?|集聚了?", self.text):
            i = self._sent(mt.start())
            _, b = self.clause(mt.end(), _GROUP_END)
            tail = re.match(r"[^；。]*?等(?:行业|产业|企业)", self.text[mt.end():b])
            if not tail:
                continue
            inds = [x for x in self.in_sentence(i, ("industry",)) if mt.end() <= x.start < mt.end() + tail.end()]
            subj = self._subject_before(mt.start(), ("IndustrialPark", "LandParcel", "DevelopmentZone"))
            for x in inds if subj is not None else []:
                self.add(subj, "hasIndustry", Ref(x.data["iri"]), "industry-present", i)
        for m in self.res.mentions:
            if m.kind == "industry" and re.match(r"企业[^，。；]{0,4}?入驻", self.text[m.end:m.end + 10]):
                subj = self._subject_before(m.start, ("IndustrialPark",))
                if subj is not None:
                    self.add(subj, "hasIndustry", Ref(m.data["iri"]), "industry-present", m.sentence)

    _DESIGNATE = re.compile(r"(?:成功)?(?:入选|获评|被评为|被认定为|获批|列入|荣获|被授予|被命名为|获授|创成|被列为|被确定为)")

    def designations(self) -> None:
        for mt in self._DESIGNATE.finditer(self.text):
            i = self._sent(mt.start())
            a, b = self.clause(mt.end())
            name = re.sub(r"^(?:成为|为)", "", self.text[mt.end():b])  # 获批成为X: the programme is X
            quoted = re.fullmatch(r"[“\"]([^”\"]+)[”\"](?:荣誉)?称号", name)
            name = quoted.group(1) if quoted else name.strip("“”") if name.count("“") + name.count("”") != 1 else name
            if len(name) < 4 or name.startswith("的") or self.text[max(0, mt.start() - 2):mt.start()] in ("唯一", "首个"):
                continue  # 为全市唯一入选的开发区: an apposition, not the programme's name
            t = self._period_before(mt.start(), i)
            notes: list[tuple[str, Any]] = []
            if t is not None and t.data["time"].begin is not None:
                notes.append(("designationYear", Lit(str(t.data["time"].begin.year), None, "gYear")))
            # subject: an industry chain (X产业链(又/也)) right before the cue, else the nearest zone/place
            head = re.sub(r"(?:又|也|还|已|再次|先后|均|同时|成功|已经)+$", "", self.text[a:mt.start()])
            chain = re.search(r"([\u4e00-\u9fffA-Za-z0-9]{2,12}?)产业链$", head)
            subj: Entity | None = None
            if chain:
                ind = [x for x in self.in_sentence(i, ("industry",)) if a <= x.start < a + chain.start(1) + len(chain.group(1))]
                if not ind:
                    ind = self._chain_industry(a, a + len(head) - 3)
                zone = (self._subject_before(ind[-1].start, ("DevelopmentZone",)) if ind else None) \
                    or self.res.section_zone[i]
                if ind and zone is not None:
                    subj = self._chain(zone, ind[-1], i)
            if subj is None:
                subj = self._subject_before(mt.start(), ("DevelopmentZone", "IndustrialPark", "Village", "Company", "Project"))
            if subj is not None:
                self.add(subj, "designatedAs", Lit(name), "designation", i, notes)

    _CHAIN_MODIFIERS = re.compile("核心|关键|重点|主导|特色|先进|优势|现代|新兴")

    def _chain_industry(self, a: int, end: int) -> list[Mention]:
        """The industry of a chain named “<zone>汽车核心零部件产业链” whose name is not a concept label
        as written: the label left when modifiers (核心, 关键 …) are taken out."""
        zones = [x for x, e in self.entities_between(a, end) if e.cls in _PLACE_CLASSES]
        start = max([x.end for x in zones], default=a)
        core = self.text[start:end]
        iri = concept_labels("industries.ttl").get(self._CHAIN_MODIFIERS.sub("", core))
        if not zones or iri is None or not 2 <= len(core) <= 12:
            return []
        m = Mention("industry", "Concept", start, end, core, core, data={"iri": iri})
        m.sentence = self._sent(start)
        return [m]

    def _chain(self, zone: Entity, ind: Mention, i: int) -> Entity:
        end = self.text.find("产业链", ind.start)
        label = zone.label + (self.text[ind.start:end] if 0 <= end - ind.start <= 12 else ind.text) + "产业链"
        iri = self.ns.entity("chain", slug(label))
        e = self.extra.get(iri)
        if e is None:
            en = english_label(zone.label, zone.cls) + " " + english_label(ind.text, "IndustryChain") + " Industry Chain"
            e = self.extra[iri] = Entity(iri, "chain", "IndustryChain", label, en)
            self.add(e, "chainOf", zone, "designation", i)
            self.add(e, "ofIndustry", Ref(ind.data["iri"]), "designation", i)
        return e

    _STAGE = ("InOperation", "UnderConstruction", "Signed", "Planned")

    def statuses(self) -> None:
        """One status per project or park: the most advanced stage the text reports."""
        found: dict[str, tuple[int, Entity, Mention]] = {}
        for e, status, m in self._status_cues():
            rank = self._STAGE.index(status)
            if e.iri not in found or rank < found[e.iri][0]:
                found[e.iri] = (rank, e, m)
        for rank, e, m in found.values():
            self.add(e, "status", Ref(self._STAGE[rank]), "status-cue", m.sentence, self.period_note(m.sentence))
        # 全力推动项目洽谈、签约，…X项目、Y项目踏“云”而来: signing reported for the sentence's projects
        for m in self.res.mentions:
            e = self.ent(m)
            if m.kind != "project" or e is None or e.iri in found:
                continue
            sent = self.text[self.sentences[m.sentence].start:self.sentences[m.sentence].end]
            if re.search("签约|签订|签署", sent) and not _FUTURE.search(sent):
                found[e.iri] = (self._STAGE.index("Signed"), e, m)
                self.add(e, "status", Ref("Signed"), "status-cue-sentence", m.sentence, self.period_note(m.sentence))

    def _status_cues(self):
        for m in self.res.mentions:
            e = self.ent(m)
            if e is None or e.cls not in ("Project", "IndustrialPark"):
                continue
            if m.kind == "anaphor" and e.cls != "Project":
                continue
            a, b = self.clause(m.start)
            if e.cls == "IndustrialPark":  # a park: only a stage written right after its name
                tail = self.text[m.end:m.end + 12]
                if re.match(r"(?:[一二三四五六七八九]期)?(?:项目)?(?:已经?|已于[^，。；]{1,6})?(?:竣工投产|建成投产|投产|投用|运营)", tail):
                    yield e, "InOperation", m
                elif re.match(r"(?:[一二三四五六七八九]期)?(?:项目)?(?:建设正酣|正在建设|加快建设|开工建设|已经?开工|正在加紧建设)", tail):
                    yield e, "UnderConstruction", m
                continue
            # the project's clause, and the clauses after it up to ； or the next project
            _, gb = self.clause(m.start, _GROUP_END)
            nxt = [x.start for x in self.in_sentence(m.sentence, ("project",)) if x.start >= b and x.start < gb]
            clause = self.text[a:min([gb] + nxt)]
            for cue, status in vocab.STATUS_CUES:
                k = clause.find(cue)
                if k < 0:
                    continue
                if status == "Planned" and not _STAGE_VERB.search(clause, k):
                    continue  # 预计年产值可达…: a forecast of output, not a project not yet built
                # 预计明年建成投产 (future before the cue), but not 计划投资…的X项目已开工 (a planned
                # amount in the project's description): only what is written after the project counts
                after = max(0, m.end - a) if m.end - a <= k else 0
                if status != "Planned" and _FUTURE.search(clause[after:k]):
                    status = "Planned"  # 预计明年建成投产: not in operation yet
                yield e, status, m
                break

    _FOUNDED_AFTER = re.compile(r"(?:的)?(?:建成|始建|成立|设立|开工建设)")
    _FOUNDED_BEFORE = re.compile(r"(?:建于|始建于|成立于|建成于|设立于|诞生于)$")

    def founded(self) -> None:
        """<place>（是）<time>建成… / <place>建于<time>: when a park or parcel came to be."""
        for m in self.res.mentions:
            if m.kind != "time" or m.data["time"].begin is None:
                continue
            after = self._FOUNDED_AFTER.match(self.text, m.end)
            before = self._FOUNDED_BEFORE.search(self.text, max(0, m.start - 4), m.start)
            if not after and not before:
                continue
            subj = self._subject_before(m.start, ("IndustrialPark", "LandParcel", "DevelopmentZone"))
            if subj is not None:
                self.add(subj, "foundedDuring", m, "founded-during", m.sentence)

    _FROM_COUNTRY = re.compile("(?:来自|总部位于|总部设在)(" + "|".join(vocab.COUNTRIES) + ")的")

    def countries(self) -> None:
        """德国博世集团 homeCountry "DE": a country name opening a company's name; 来自新加坡的<company>."""
        for mt in self._FROM_COUNTRY.finditer(self.text) if ("来自" in self.text or "总部" in self.text) else ():
            i = self._sent(mt.start())
            for x in self.in_sentence(i, ("company",)):
                e = self.ent(x)
                if x.start == mt.end() and e is not None and e.cls == "Company":
                    self.add(e, "homeCountry", Lit(vocab.COUNTRIES[mt.group(1)], None), "country-before-name", i)
        for e in self.res.entities.values():
            if e.cls != "Company":
                continue
            for name, code in vocab.COUNTRIES.items():
                if e.label.startswith(name) and len(e.label) > len(name) + 1:
                    self.add(e, "homeCountry", Lit(code, None), "country-in-name", self.first_sentence(e))
                    break

    _HOUSEHOLD = re.compile(r"(?:农户|农民|村民|群众|居民|低收入农户|低收入村民|种植户|养殖户|经营户|脱贫户)"
                            r"(?:人均|户均)?[^，。；]{0,4}?增收(?:了)?")

    def household_income(self) -> None:
        """(辐射周边)农户增收<money>: the income gain of households a project brings."""
        if "增收" not in self.text:
            return
        for mt in self._HOUSEHOLD.finditer(self.text):
            i = self._sent(mt.start())
            figs = [x for x in self.in_sentence(i) if self._figure(x, ("money",)) and x.start == mt.end()]
            if not figs:
                continue
            subj = self._subject_before(mt.start(), ("Project", "IndustrialPark"))
            if subj is not None:
                self.add(subj, "householdIncomeGain", Quantity(figs[0]), "household-income", i,
                         self._projected(figs[0].start))

    def _projected(self, pos: int) -> list[tuple[str, Any]]:
        """[("projected", true)] when the clause group up to ``pos`` speaks of the future."""
        a, _ = self.clause(pos, _GROUP_END)
        return [("projected", Lit("true", None, "boolean"))] if _PROJECTED.search(self.text, a, pos) else []

    def written_hierarchy(self) -> None:
        """X街道Y村 / X镇Y村 / X县Y镇 written together: Y partOf X, when the gazetteer is silent."""
        order = ("Province", "City", "County", "District", "Subdistrict", "Town", "Village")
        has_parent = {f.s.iri for f in self.facts if f.p == "partOf"}
        for i, ms in self.by_sentence.items():
            divs = [m for m in ms if m.kind == "division" and self.ent(m) is not None]
            for a, b in zip(divs, divs[1:]):
                ea, eb = self.ent(a), self.ent(b)
                if a.end != b.start or eb.iri in has_parent or eb.code:
                    continue
                if order.index(ea.cls) < order.index(eb.cls):
                    self.add(eb, "partOf", ea, "written-hierarchy", i)
                    has_parent.add(eb.iri)
        # a division below the gazetteer with no written parent: the county it was placed in
        for e in self.res.entities.values():
            if e.kind == "division" and not e.code and e.iri not in has_parent:
                county = self.res.entities.get(self.ns.entity("division", e.iri.rsplit("/", 1)[-1].split("-")[0]))
                if county is not None:
                    self.add(e, "partOf", county, "context-county", self.first_sentence(e))

    def parks_in_section_zone(self) -> None:
        """A park or parcel of a zone's section that the text places nowhere else (and does not
        call a neighbour: 紧邻的…) lies in that zone."""
        placed = {f.s.iri for f in self.facts if f.p == "locatedIn"}
        for m in self.res.mentions:
            e = self.ent(m)
            if m.kind not in ("park", "parcel") or e is None or e.iri in placed:
                continue
            zone = self.res.section_zone[m.sentence] if 0 <= m.sentence < len(self.res.section_zone) else None
            if zone is None or re.search(r"(?:紧邻|毗邻|相邻|邻近|比邻)的?$", self.text[max(0, m.start - 4):m.start]):
                continue
            if self._DESIGNATE.search(self.text, max(0, m.start - 6), m.start + 1) and \
                    re.search(r"(?:入选|获评|被评为|被认定为|获批|列入|荣获)(?:为|成为)?[“\"]?$", self.text[max(0, m.start - 6):m.start]):
                continue  # 获评安徽省节约集约用地模范园区: a title the zone won, not a park in it
            if re.search("|".join(vocab.ZONE_SUFFIXES), e.label) and zone.label not in e.label:
                continue  # named after another zone
            if self._other_zone(m.sentence, zone):
                continue  # 与<zone>携手…共同打造<park>: a joint park, its place is not written
            self.add(e, "locatedIn", zone, "park-in-section-zone", m.sentence)
            placed.add(e.iri)

    def adjacent(self) -> None:
        for mt in re.finditer(r"紧邻的?|毗邻的?|相邻的?", self.text):
            i = self._sent(mt.start())
            _, b = self.clause(mt.end())
            after = [(x, e) for x, e in self.entities_between(mt.end(), b) if e.cls in _PLACE_CLASSES]
            subj = self._subject_before(mt.start(), ("IndustrialPark", "LandParcel", "DevelopmentZone"))
            if after and subj is not None and after[0][0].start == mt.end():
                self.add(subj, "adjacentTo", after[0][1], "adjacent-to", i)


def extract_relations(text: str, sentences: list[Sentence], res: Resolution, ns: Namespace) -> Relations:
    """All facts of one document."""
    return _Extractor(text, sentences, res, ns).run()
