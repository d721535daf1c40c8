"""Entity resolution: mentions → canonical entities with stable IRIs.

Rules (general, each documented where it is applied):
- Zones: the written name; an abbreviation X经开 is the zone of the document with the same place
  head; a name missing one character at a page break (mentions.py) is the zone it damages.
  The county comes from the place-name head via the gazetteer (桐乡 → 桐乡市 330483).
- Divisions: gazetteer names are resolved inside the document's context (the counties of its
  zones and of the divisions it names): 三村村 → the 三村村 of 桐乡市, not the one in Anhui.
  A township/village name that fits no context and has no cue is dropped; one with a cue
  (joint administration, a village body) but no gazetteer entry gets ``{county}-{slug}``.
- Companies: a short form (德盛铁路) is the full company of the document whose distinctive part
  contains it (浙江德盛铁路器材股份有限公司); otherwise it stands alone.
- Bodies (党总支, 村委会 …): owner + suffix; an owner-less body in a post chain (…党总支书记、
  村委会主任) takes the owner of the body before it; otherwise the nearest village of the sentence.
- Projects: a name made only of common words (果蔬冷藏项目) is qualified by the village or zone
  named before it in its sentence (漕泾村果蔬冷藏项目) so that two villages' projects never share an
  IRI; the written name stays an alias.
- Anaphora (该项目, 这一项目, 该园区, 该区块, 村里, 全村, 村集体 …): the nearest preceding mention
  of a compatible entity in the same section; 该X prefers an antecedent followed by X
  (该有机更新区域 → the area written "…二期有机更新区域"); a village anaphor with no antecedent in its
  section takes the village of the next sentence.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .english import english_label
from .iris import Namespace
from .iris import slug as _slug
from .lexicon import cut, word_freq
from .mentions import Mention, _company_core, _has_place, high_place_codes
from .sentences import Sentence

__all__ = ["Entity", "Resolution", "resolve"]

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# characters pypinyin also reads as Chinese (besides U+4E00–U+9FFF): those names go the slow way
_OTHER_HAN = re.compile(r"[\u3007\ue815-\ue864\ufa18\u3400-\u4dbf\uf900-\ufaff\U00010000-\U0010ffff]")


def person_key(name: str) -> str:
    """A person's IRI key: the slug and 4 hex digits of the name's SHA-1. Short names collide as
    toneless pinyin (王海涛 and 汪海涛 are both wang-hai-tao); the digits keep them two people, while
    the same name in two documents still gives the same IRI."""
    return f"{slug(name)}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:4]}"


@functools.lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """``graph.iris.slug``, faster: the same phrase segmentation as pypinyin (its mmseg over
    its phrase table, re-run here in one loop) on each run of Chinese characters, then table
    lookups (memoised per word) instead of pypinyin's style converters; a run of other
    characters is one piece, as pypinyin keeps it (errors="default"). Names with rarer Chinese
    characters go through ``graph.iris.slug`` itself. (Checked equal to ``graph.iris.slug`` on
    every name of the gazetteer: tests/test_extraction_seed.py.)"""
    if not name or _OTHER_HAN.search(name):
        return _slug(name)
    prefixes, in_phrases, word_pinyin = _PINYIN or _pinyin_tables()
    parts: list[str] = []
    pos = 0
    for run in _HAN_RUN.finditer(name):
        start, end = run.span()
        if start > pos:
            parts.append(name[pos:start].lower())
        pos = end
        # pypinyin.seg.mmseg.Seg.cut (strict mode: no_non_phrases=True), on name[start:end]
        i = start
        while i < end:
            valid = 0  # end of the longest phrase starting at i
            j = i
            while j < end:
                word = name[i:j + 1]
                if word not in prefixes:
                    break
                j += 1
                if word in in_phrases:
                    valid = j
            if valid:
                words: Iterable[str] = (name[i:valid],)
                i = valid
            elif j < end:
                words = (name[i],)
                i += 1
            else:  # the rest is a prefix but holds no phrase: one word per character
                words = name[i:end]
                i = end
            for word in words:
                syllables = word_pinyin.get(word)
                if syllables is None:
                    syllables = word_pinyin[word] = _word_pinyin(word)
                if syllables is False:
                    return _slug(name)
                if syllables:
                    parts.append(syllables)
    if pos < len(name):
        parts.append(name[pos:].lower())
    text = "-".join(parts).lower()
    if not _SLUG_FORM.fullmatch(text):  # already a slug (the usual case): the same text
        text = _DASHES.sub("-", _NON_SLUG.sub("-", text)).strip("-")
    return text[:120] if text else _slug(name)


_SLUG_FORM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PINYIN: tuple[set[str], dict[str, Any], dict[str, "str | bool"]] | None = None


def _pinyin_tables() -> tuple[set[str], dict[str, Any], dict[str, "str | bool"]]:
    """pypinyin's phrase prefixes and phrase table as its mmseg uses them, and a memo of the
    toneless syllables of each word met ('-'-joined; False: a character without a reading)."""
    global _PINYIN
    from pypinyin.seg.mmseg import PHRASES_DICT, seg

    _PINYIN = (seg._prefix_set._set, PHRASES_DICT, {})
    return _PINYIN


def _word_pinyin(word: str) -> str | bool:
    """The toneless syllables of one word of the segmentation, '-'-joined: its phrase reading
    when it has one, else each character's first reading (False: a character has none)."""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    reading = phrases_dict.get(word) if len(word) > 1 else None
    if reading is not None:
        return "-".join(r[0].translate(_TONES) for r in reading)
    out = []
    for c in word:
        r = pinyin_dict.get(ord(c))
        if r is None:
            return False
        out.append(r.split(",", 1)[0].translate(_TONES))
    return "-".join(out)


_DASHES = re.compile(r"-{2,}")


_KIND_OF_CLASS = {
    "DevelopmentZone": "zone", "IndustrialPark": "park", "LandParcel": "parcel",
    "Province": "division", "City": "division", "County": "division", "District": "division",
    "Subdistrict": "division", "Town": "division", "Village": "division",
    "Company": "org", "ResearchInstitute": "org", "PartyOrganization": "org", "GovernmentBody": "org",
    "Person": "person", "Project": "project",
}
_LOW_LEVELS = ("Subdistrict", "Town", "Village")


@dataclass
class Entity:
    """One canonical thing the document talks about."""

    iri: str
    kind: str
    cls: str
    label: str
    label_en: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    code: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<{self.cls} {self.label}>"

    def __hash__(self) -> int:
        return hash(self.iri)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and other.iri == self.iri


@dataclass
class Resolution:
    """Entities of a document and the entity each mention refers to."""

    entities: dict[str, Entity]
    by_mention: dict[int, Entity]
    section_zone: list[Entity | None]
    mentions: list[Mention]

    def __post_init__(self) -> None:
        get = self.by_mention.get
        self.of = lambda m: get(id(m))  # type: ignore[method-assign]  # the same, without the two attribute look-ups (called ~2000× per document)

    def of(self, m: Mention) -> Entity | None:
        return self.by_mention.get(id(m))


@functools.cache
def _gaz():
    from .gazetteer import load

    return load()


class _Resolver:
    def __init__(self, mentions: list[Mention], sentences: list[Sentence], ns: Namespace) -> None:
        self.ms = mentions
        self.sentences = sentences
        self.ns = ns
        self.entities: dict[str, Entity] = {}
        self.by_mention: dict[int, Entity] = {}
        self.context: list[str] = []  # county-level codes, most relevant first
        self.section_zone: list[Entity | None] = [None] * len(sentences)
        self.below: dict[str, Entity] = {}  # divisions below the gazetteer, by name
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)

    # -- registry
    def add(self, m: Mention | None, kind: str, cls: str, label: str, key: str | None = None,
            code: str | None = None, alias: str | None = None) -> Entity:
        iri = self.ns.entity(kind, key or slug(label))
        e = self.entities.get(iri)
        if e is None:
            e = self.entities[iri] = Entity(iri, kind, cls, label, english_label(label, cls), code=code)
        if m is not None:
            e.mentions.append(m)
            self.by_mention[id(m)] = e
            written = alias if alias is not None else m.text
            written = written.replace("\n", "")
            if written and written != e.label and _is_alias(m, written):
                e.aliases.add(written)
        return e

    def division(self, m: Mention | None, code: str) -> Entity:
        d = _gaz().by_code(code)
        e = self.add(m, "division", d.level, d.name, key=code, code=code)
        self._ancestors(code)
        return e

    def _ancestors(self, code: str) -> None:
        for a in _gaz().ancestors(code):
            if self.ns.entity("division", a.code) not in self.entities:
                self.add(None, "division", a.level, a.name, key=a.code, code=a.code)

    # -- context
    def build_context(self) -> None:
        counts: dict[str, int] = {}
        for m in self.ms:
            codes = m.data.get("head_codes") if m.kind == "zone" else None
            if m.kind == "division" and m.cls in ("County", "District", "City", "Province"):
                codes = m.data.get("codes")
            if codes and len(codes) == 1:
                counts[codes[0]] = counts.get(codes[0], 0) + 1
        self.context = sorted(counts, key=lambda c: (-counts[c], c))

    def pick(self, codes: list[str], prefer: str | None = None) -> str | None:
        """The candidate code that lies in the document's context (``prefer`` first)."""
        gaz = _gaz()
        scopes = ([prefer] if prefer else []) + [c for c in self.context if c != prefer]
        for scope in scopes:
            inside = [c for c in codes if gaz.is_within(c, scope)]
            if inside:
                return sorted(inside)[0]
        return None

    def zone_county(self, m: Mention) -> str | None:
        codes = m.data.get("head_codes") or []
        if len(codes) == 1:
            return codes[0]
        gaz = _gaz()
        for c in codes:
            if any(gaz.is_within(ctx, c) or gaz.is_within(c, ctx) for ctx in self.context):
                return c
        return codes[0] if codes else None

    # -- stages
    def run(self) -> Resolution:
        self.build_context()
        zones = [m for m in self.ms if m.kind == "zone"]
        full = [z for z in zones if not z.data.get("abbrev")]
        names = {z.name for z in full}
        for z in full:
            name = _full_zone_name(z.name, names)
            name = _zone_with_place(name, names)
            e = self.add(z, "zone", "DevelopmentZone", name, alias=z.text)
            county = self.zone_county(z)
            if county and "county" not in e.data:
                e.data["county"] = county
                self.division(None, county)
        for z in zones:
            if z.data.get("abbrev"):
                target = next((self.of(f) for f in full if f.data.get("head_codes") == z.data.get("head_codes")), None)
                if target is not None:
                    target.mentions.append(z)
                    target.aliases.add(z.text)
                    self.by_mention[id(z)] = target
        self._sections()
        # divisions with a cue first, so that a name placed below the gazetteer by its cue
        # (新联村党总支) is the same village where the text writes it without one
        for m in sorted((m for m in self.ms if m.kind == "division"), key=lambda m: not m.data.get("cue")):
            if id(m) not in self.by_mention:
                self._resolve_division(m)
        with_country = _country_names({m.name for m in self.ms if m.kind == "company" and not m.data.get("short")})
        for m in self.ms:
            if m.kind in ("company", "institute") and not m.data.get("short"):
                self.add(m, "org", m.cls, _brackets(with_country.get(m.name, m.name)))
        fulls = [e for e in self.entities.values() if e.cls == "Company"]
        for m in self.ms:
            if m.kind == "company" and m.data.get("short"):
                target = _company_for_short(m.name, fulls)
                if target is not None:
                    self.add(m, "org", "Company", target.label, key=target.iri.rsplit("/", 1)[-1])
                else:
                    self.add(m, "org", "Company", m.name)
        for m in self.ms:
            if m.kind == "park":
                self._resolve_park(m)
        for m in self.ms:
            if m.kind == "parcel":
                self.add(m, "parcel", "LandParcel", _brackets(m.name))
        for m in self.ms:
            if m.kind == "body":
                self._resolve_body(m)
        for m in self.ms:
            if m.kind == "person":
                self.add(m, "person", "Person", m.name, key=person_key(m.name))
        self._resolve_projects()
        self._resolve_anaphora()
        return Resolution(dict(sorted(self.entities.items())), self.by_mention, self.section_zone, self.ms)

    def of(self, m: Mention | None) -> Entity | None:
        return None if m is None else self.by_mention.get(id(m))

    def _sections(self) -> None:
        """The zone each sentence's section is about: the zone of the latest headline naming one."""
        heads: dict[int, Entity] = {}
        for m in self.ms:
            s = self.sentences[m.sentence] if 0 <= m.sentence < len(self.sentences) else None
            if s is not None and s.unit == "headline" and m.kind == "zone" and s.index not in heads:
                e = self.of(m)
                if e is not None:
                    heads[s.index] = e
        current: Entity | None = None
        for s in self.sentences:
            if s.index in heads:
                current = heads[s.index]
            self.section_zone[s.index] = current

    def _county_of_sentence(self, idx: int) -> str | None:
        z = self.section_zone[idx] if 0 <= idx < len(self.section_zone) else None
        return z.data.get("county") if z is not None else None

    def _resolve_division(self, m: Mention) -> None:
        gaz = _gaz()
        joint = m.data.get("joint_with")
        if joint is not None:
            zone = self.of(joint)
            county = zone.data.get("county") if zone else None
            cands = [d.code for d in gaz.lookup(m.name, within=county)] if county else []
            if cands:
                self.division(m, sorted(cands)[0])
            elif county:
                self.below[m.name] = self.add(m, "division", m.cls, m.name, key=f"{county}-{slug(m.name)}")
                self._ancestors(county)
            return
        codes = m.data.get("codes") or []
        levels = set(m.data.get("levels") or [])
        if codes and not levels & set(_LOW_LEVELS):
            code = codes[0] if len(codes) == 1 else self.pick(codes)
            if code is not None:  # 南山区 of 浙西南山区: two districts of that name, neither near
                self.division(m, code)
            return
        prefer = self._county_of_sentence(m.sentence)
        code = self.pick(codes, prefer) if codes else None
        if code is not None:
            self.division(m, code)
            return
        if m.name in self.below:
            e = self.below[m.name]
            e.mentions.append(m)
            self.by_mention[id(m)] = e
            return
        town = self._town_of(m)
        if town is not None and town.code:  # 更楼街道石畈村: below the township written before it
            self.below[m.name] = self.add(m, "division", m.cls, m.name, key=f"{town.code}-{slug(m.name)}")
            return
        if m.data.get("cue") and (prefer or self.context):
            county = prefer or self.context[0]
            self.below[m.name] = self.add(m, "division", m.cls, m.name, key=f"{county}-{slug(m.name)}")
            self._ancestors(county)

    def _town_of(self, m: Mention) -> Entity | None:
        """The township entity a village was written right after (resolved here if needed)."""
        town_m = m.data.get("town")
        if town_m is None:
            return None
        if id(town_m) not in self.by_mention:
            self._resolve_division(town_m)
        town = self.of(town_m)
        return town if town is not None and town.cls in ("Town", "Subdistrict") else None

    def _resolve_park(self, m: Mention) -> None:
        label = m.name
        zone_m = m.data.get("zone")
        if zone_m is not None:
            z = self.of(zone_m)
            if z is not None:
                label = z.label + label[len(zone_m.name):] if label.startswith(zone_m.name) else label
                label = label.replace(zone_m.text, z.label) if zone_m.text in label else label
        if m.data.get("generic"):  # 竹木加工产业园: qualified by its village or zone, like projects
            place = self._qualifier(m) or self.section_zone[m.sentence]
            if place is not None and not label.startswith(place.label):
                label = place.label + label
        e = self.add(m, "park", "IndustrialPark", _brackets(label), alias=m.name if label != m.name else None)
        z = self.of(zone_m) if zone_m is not None else None
        if z is not None:
            e.data.setdefault("zone", z)
            rest = label[len(z.label):] if label.startswith(z.label) else ""
            if len(rest) >= 4 and not m.data.get("phase"):
                e.aliases.add(rest)  # 绵阳高新区永兴工业园 is also written 永兴工业园

    def _resolve_body(self, m: Mention) -> None:
        owner = self.of(m.data.get("owner"))
        if owner is None:
            owner = self._chain_owner(m)
        if owner is None:
            return
        e = self.add(m, "org", m.cls, owner.label + m.data["suffix"])
        e.data["owner"] = owner
        m.data["owner_entity"] = owner

    def _chain_owner(self, m: Mention) -> Entity | None:
        """Owner of a body written without one: the owner of the body just before it in a post
        chain (…党总支书记、村委会主任), else the nearest village before it in the sentence."""
        before = [x for x in self.by_sentence.get(m.sentence, []) if x.end <= m.start]
        for x in reversed(before):
            if x.kind == "body" and x.data.get("owner_entity") is not None and m.start - x.end <= 12:
                return x.data["owner_entity"]
        zone_body = m.data.get("suffix") in ("党工委", "管委会", "纪工委", "纪检监察工委")
        for x in reversed(before):
            e = self.of(x)
            if e is not None and (e.cls == "Village" or (zone_body and e.cls == "DevelopmentZone")):
                return e
        if zone_body:  # (开发区)管委会 in a zone's section: that zone's committee
            return self.section_zone[m.sentence] if 0 <= m.sentence < len(self.section_zone) else None
        return None

    def _resolve_projects(self) -> None:
        by_name: dict[str, Entity] = {}
        for m in self.ms:
            if m.kind != "project":
                continue
            known = m.name if m.name in by_name else m.data.get("short")
            if known in by_name:  # the project written again (with or without its company before it)
                e = by_name[known]
                e.mentions.append(m)
                self.by_mention[id(m)] = e
                if m.name not in by_name:
                    by_name[m.name] = e
                    if _is_alias(m, m.name):
                        e.aliases.add(m.name)
                continue
            if _PHASE_ONLY.fullmatch(m.name):
                # 二期项目 alone: the project written before with that phase (…小微园二期项目), else
                # no project of its own
                e = next((x for n, x in reversed(list(by_name.items())) if n.endswith(m.name)), None)
                if e is not None:
                    e.mentions.append(m)
                    self.by_mention[id(m)] = e
                continue
            label = m.name
            if _generic_name(m.name):
                place = self._qualifier(m)
                if place is not None and not m.name.startswith(place.label):
                    label = place.label + m.name
            e = self.add(m, "project", "Project", label, alias=m.name if label != m.name else m.text)
            short = m.data.get("short")
            if short:
                e.aliases.add(short)
            if m.data.get("owner") is not None:
                e.data["owner"] = self.of(m.data["owner"])
            by_name[m.name] = e
            if short and len(short) > 4:
                by_name.setdefault(short, e)  # 江苏X公司Y项目, then Y项目 alone: one project

    def _qualifier(self, m: Mention) -> Entity | None:
        before = [x for x in self.by_sentence.get(m.sentence, []) if x.end <= m.start
                  and x.kind in ("division", "zone", "park")]
        for classes in (("Village", "Town", "Subdistrict"), ("IndustrialPark",)):
            for x in reversed(before):
                e = self.of(x)
                if e is not None and e.cls in classes:
                    return e
        for x in reversed(before):
            e = self.of(x)
            if e is not None and e.cls == "DevelopmentZone":
                return e
        return None

    def _unit_start(self, m: Mention) -> int:
        """Start of the text unit (paragraph) holding ``m``."""
        if not self.sentences:
            return -1
        i = m.sentence
        while i > 0 and self.sentences[i - 1].unit_index == self.sentences[m.sentence].unit_index:
            i -= 1
        return self.sentences[i].start

    def _resolve_anaphora(self) -> None:
        targets = {"project": ("Project",), "park": ("IndustrialPark", "LandParcel"),
                   "village": ("Village",), "company": ("Company",)}
        for i, m in enumerate(self.ms):
            if m.kind != "anaphor" or m.cls not in targets:
                continue
            classes = targets[m.cls]
            section = self.sentences[m.sentence].section if self.sentences else 0
            # a project, park or company anaphor looks back within its paragraph only; a village
            # anaphor (村里, 全村) within its section
            unit_start = self._unit_start(m) if m.cls != "village" else -1
            head = _anaphor_head(m.text)
            best: Entity | None = None
            fallback: Entity | None = None
            for j in range(i - 1, max(-1, i - 1 - _ANAPHOR_REACH), -1):
                x = self.ms[j]
                if self.sentences and self.sentences[x.sentence].section != section:
                    break
                if x.start < unit_start:
                    break
                e = self.of(x)
                if e is None or e.cls not in classes or x.kind == "anaphor" and x.end > m.start:
                    continue
                if fallback is None:
                    fallback = e
                if head and x.data.get("followed_by", "").startswith(head):
                    best = e
                    break
                if not head:
                    break
            target = best or fallback
            if target is None and m.cls == "village" and m.text in ("全村", "村里", "该村", "本村"):
                # “全村发展得越来越好…”说起…，漕泾村党总支书记…: the village named right after, in
                # the same paragraph (村集体 alone may speak of villages in general)
                unit = self.sentences[m.sentence].unit_index if self.sentences else 0
                for j in range(i + 1, len(self.ms)):
                    x = self.ms[j]
                    if x.sentence > m.sentence + 1 or (self.sentences and self.sentences[x.sentence].unit_index != unit):
                        break
                    e = self.of(x)
                    if e is not None and e.cls == "Village":
                        target = e
                        break
            if target is not None:
                self.by_mention[id(m)] = target
                m.data["antecedent"] = target


_ZONE_SHORT = {
    "经开区": ("经济技术开发区", "经济开发区", "国家级经济技术开发区", "国家经济技术开发区"),
    "高新区": ("高新技术产业开发区", "高新技术开发区", "新技术产业开发区", "国家高新区", "国家高新技术产业开发区"),
    "经济开发区": ("经济技术开发区",),
    "开发区": ("经济技术开发区", "经济开发区", "高新技术产业开发区", "高新技术开发区"),
}


def _full_zone_name(name: str, names: set[str]) -> str:
    """株洲高新区 is 株洲高新技术产业开发区 when the document writes that too (the same for 经开区,
    for X开发区 short for X经济(技术)开发区, for X经济开发区 written for X经济技术开发区, and for
    武进高新区 beside 武进国家高新区). The full name may carry a longer place head (浙江建德经济开发区
    for 建德经开区); when two full names fit, the short one stays itself."""
    for short, fulls in _ZONE_SHORT.items():
        if not name.endswith(short) or any(name.endswith(f) for f in fulls):
            continue
        if short == "开发区" and name.endswith(("经济开发区", "经开区", "高新区")):
            continue
        head = name[: -len(short)]
        if len(head) < 2:
            continue
        for full in fulls:
            if head + full in names:
                return head + full
        hits = sorted({n for n in names for full in fulls
                       if n.endswith(full) and n[: -len(full)].endswith(head)})
        if len(hits) == 1:
            return hits[0]
    return name


def _zone_with_place(name: str, names: set[str]) -> str:
    """锡山经济技术开发区 is 无锡锡山经济技术开发区 when the document writes that too: one name is the
    other with a place (county level or higher) before it. Two or more such names: unchanged."""
    hits = sorted(n for n in names if n != name and n.endswith(name) and 2 <= len(n) - len(name) <= 4
                  and high_place_codes(n[: len(n) - len(name)]))
    return hits[0] if len(hits) == 1 else name


def _country_names(names: set[str]) -> dict[str, str]:
    """博尔克集团 → 德国博尔克集团 when the document writes the company with its country too (the
    name with the country is the label, so that homeCountry can be read from it)."""
    out: dict[str, str] = {}
    by_first = _countries_by_first()
    for name in sorted(names):
        for country in by_first.get(name[:1], ()):
            rest = name[len(country):]
            if name.startswith(country) and len(rest) >= 3 and rest in names:
                out[rest] = name
    return out


@functools.cache
def _countries_by_first() -> dict[str, tuple[str, ...]]:
    """vocab.COUNTRIES by first character, each in its order there (a name can only start with
    the countries that start with its first character)."""
    from . import vocab

    out: dict[str, tuple[str, ...]] = {}
    for country in vocab.COUNTRIES:
        out[country[:1]] = out.get(country[:1], ()) + (country,)
    return out


def _is_alias(m: Mention, written: str) -> bool:
    """A written form worth keeping as skos:altLabel: not damaged by the layout, not a bare
    suffix (村委会 in a post chain), not the bracketed joint form (…开发区（惠民街道）二期)."""
    if m.data.get("damaged") or (m.kind == "body" and m.data.get("owner") is None):
        return False
    return not _JOINT_FORM.search(written)


_JOINT_FORM = re.compile(r"（[^）]*(?:街道|镇|乡)）")


_PHASE_ONLY = re.compile(r"[一二三四五六七八九十]期(?:工程)?项目")

_ANAPHOR_REACH = 400  # mentions an anaphor looks back over, at most

_ANAPHOR_PREFIX = re.compile(r"^(?:该|这一|此|这个|本)")


def _anaphor_head(text: str) -> str:
    """The noun of a 该X anaphor when it is more specific than 项目/园区/区块 (有机更新区域)."""
    rest = _ANAPHOR_PREFIX.sub("", text)
    return rest if rest != text and len(rest) > 2 else ""


def _brackets(name: str) -> str:
    return name.replace("(", "（").replace(")", "）")


@functools.lru_cache(maxsize=65536)
def _generic_name(name: str) -> bool:
    """A project name of common words only (果蔬冷藏项目), without digits or unknown words.
    (Memoised: it depends on the name and the fixed dictionaries only.)"""
    # (_has_place: 诸暨袜业数字化车间项目 is named after its county, not generic)
    core = name[:-2] if name.endswith("项目") else name
    if not core or _LATIN_OR_DIGIT.search(core) or _has_place(core):
        return False
    toks = cut(core)
    return all(len(t) > 1 and word_freq(t) > 0 for t in toks)


_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z]")


def _company_for_short(short: str, fulls: list[Entity]) -> Entity | None:
    # (_company_core: the same core rule as detection)
    hits = [e for e in fulls if short in _company_core(e.label) or (short in e.label and len(short) >= 4)]
    return sorted(hits, key=lambda e: (len(e.label), e.label))[0] if hits else None


def annotate_followers(mentions: list[Mention], text: str) -> None:
    """Record the eight characters after each place mention (for 该X anaphora)."""
    for m in mentions:
        if m.kind in ("park", "parcel", "zone"):
            m.data["followed_by"] = text[m.end:m.end + 8]


def resolve(mentions: list[Mention], sentences: list[Sentence], ns: Namespace, text: str = "") -> Resolution:
    """Canonical entities of one document's mentions."""
    if text:
        annotate_followers(mentions, text)
    return _Resolver(mentions, sentences, ns).run()
