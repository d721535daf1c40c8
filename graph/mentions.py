"""Mentions: spans of the repaired text that name an entity, a figure or a time.

Kinds (``Mention.kind``) and the ontology class they suggest (``Mention.cls``):
zone (DevelopmentZone), park (IndustrialPark), parcel (LandParcel), division (Province … Village),
company (Company), institute (ResearchInstitute), body (PartyOrganization / GovernmentBody),
person (Person), post (a title such as 书记, CEO), project (Project), industry and indicator
(SKOS concepts of ``ontology/industries.ttl`` / ``ontology/indicators.ttl``), figure, time,
and anaphor (该项目, 全村, 双方 … pointing back to an earlier mention).

Detection uses general patterns (name suffixes), the gazetteer of real divisions, jieba's
dictionary for word boundaries and person names, and the ontology's concept labels. Nothing
here knows a particular article.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import vocab
from .lexicon import cut, new_document, word_freq, word_tag
from .repair import RepairedText
from .sentences import Sentence

__all__ = ["Mention", "find_mentions", "concept_labels", "ONTOLOGY_DIR"]

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
_CJK = r"\u4e00-\u9fff"
_HARD = frozenset("，。；！？、：,;!?:“”‘’「」『』《》\"'\n \u3000—…|/")
_PROPER_TAGS = ("ns", "nr", "nz", "nt", "nrt", "nrfg")
_HIGH_LEVELS = ("Province", "City", "County", "District")
# word sets of vocab as tuples, for str.startswith (one call for "starts with any of them")
_TWO_CHAR_STOP_WORDS = tuple(sorted(w for w in vocab.STOP_WORDS if len(w) == 2))
_GENERIC_ORG_WORDS = tuple(sorted(vocab.GENERIC_ORG_WORDS))
_NOT_GIVEN_NAMES = tuple(sorted(vocab.NOT_GIVEN_NAMES))
_RARE_CHAR = 1000  # a character rarer than this in jieba's dictionary marks a proper name


@dataclass
class Mention:
    """A span [start, end) of the repaired text that refers to something."""

    kind: str
    cls: str
    start: int
    end: int
    text: str
    name: str
    sentence: int = -1
    data: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # compact, for debugging and test failures
        return f"<{self.kind}:{self.cls} {self.text!r}@{self.start}-{self.end} name={self.name!r}>"


# ---------------------------------------------------------------------------- resources


@functools.cache
def _gazetteer():
    try:
        from .gazetteer import load
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return None
    return load()


@functools.cache
def concept_labels(filename: str, skip_top: bool = False) -> dict[str, str]:
    """zh prefLabel/altLabel → concept IRI (default base) of a SKOS file in ontology/; read once.
    ``skip_top``: leave out top concepts (grouping concepts such as 企业, 投资)."""
    path = ONTOLOGY_DIR / filename
    if not path.exists():
        return {}
    import pyoxigraph as ox

    skos = "http://www.w3.org/2004/02/skos/core#"
    wanted = {skos + "prefLabel", skos + "altLabel", skos + "hiddenLabel"}
    out: dict[str, str] = {}
    pref: dict[str, str] = {}
    triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri="http://127.0.0.1:8000/"))
    top = {t.subject.value for t in triples if t.predicate.value == skos + "topConceptOf"} if skip_top else set()
    for t in triples:
        if t.subject.value in top:
            continue
        if t.predicate.value in wanted and isinstance(t.object, ox.Literal):
            lang = t.object.language or ""
            if not lang.startswith("zh"):
                continue
            label = t.object.value.strip()
            if len(label) < 2:
                continue
            if t.predicate.value == skos + "prefLabel":
                pref[label] = t.subject.value
            else:
                out.setdefault(label, t.subject.value)
    out.update(pref)  # a prefLabel wins over another concept's altLabel
    return out


@functools.cache
def _label_index(filename: str, skip_top: bool) -> re.Pattern | None:
    """One regular expression matching every label, longest first (built as a trie, so the
    regex engine tries one branch per character instead of every label at every position)."""
    labels = concept_labels(filename, skip_top)
    return re.compile(_trie_regex(labels)) if labels else None


def _trie_regex(words) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(c) + build(sub) for c, sub in sorted(node.items()) if c != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


# ---------------------------------------------------------------------------- helpers


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of ``word`` in ``text``, left to right, not overlapping:
    what ``re.finditer(re.escape(word), text)`` finds, without compiling a pattern per word."""
    if not word:
        yield from (m.span() for m in re.finditer("", text))
        return
    n = len(word)
    i = text.find(word)
    while i >= 0:
        yield i, i + n
        i = text.find(word, i + n)


# a hard stop; a space only when not between two ASCII letters or digits (Mini LED)
_HARD_RE = re.compile("[" + re.escape("".join(sorted(_HARD - {" "}))) + "]| (?!(?<=[0-9A-Za-z] )[0-9A-Za-z])")


def _hard_stops(text: str) -> list[int]:
    """Positions of the hard stops of ``text`` in order: what ``_Doc.clause_start`` walks back to."""
    return [m.start() for m in _HARD_RE.finditer(text)]


class _Doc:
    """The repaired text with cached clause segmentation and sentence lookup."""

    def __init__(self, rt: RepairedText, sentences: list[Sentence]) -> None:
        self.rt = rt
        self.text = rt.text
        self.sentences = sentences
        self._starts = [s.start for s in sentences]
        self._seg_cache: dict[tuple[int, int], list[str]] = {}
        self._stops = _hard_stops(self.text)

    def sentence_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return max(i, 0)

    def clause_start(self, end: int, floor: int = 0, hard: frozenset[str] = _HARD) -> int:
        """Position after the last hard stop before ``end`` (brackets do not stop; a space
        between two ASCII letters or digits does not either: Mini LED)."""
        if hard is _HARD:  # the document's stops are listed once: one bisection
            if end <= floor:
                return end
            stops = self._stops
            k = bisect.bisect_left(stops, end)
            return stops[k - 1] + 1 if k and stops[k - 1] >= floor else floor
        text = self.text
        i = end - 1
        while i >= floor:
            c = text[i]
            if c in hard:
                if c == " " and 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalnum() \
                        and text[i + 1].isascii() and text[i + 1].isalnum():
                    i -= 1
                    continue
                break
            i -= 1
        return i + 1

    def tokens(self, a: int, b: int) -> list[str]:
        key = (a, b)
        toks = self._seg_cache.get(key)
        if toks is None:
            toks = self._seg_cache[key] = cut(self.text[a:b])
        return toks


def name_start(doc: _Doc, end: int, max_chars: int, allow_first_verb: bool = True) -> int:
    """Where a name ending at ``end`` starts: walk jieba tokens leftwards from ``end`` and stop at
    a hard stop (punctuation), a function word or a verb that governs the name (vocab.STOP_*).
    The token right before ``end`` is kept when it is a verb that ends names (建设项目, 合作项目)."""
    floor = max(0, end - max_chars - 8)
    a = doc.clause_start(end, floor)
    # segment a short window first; only when the walk reaches its (possibly cut) first token,
    # segment the whole clause prefix
    for width in (14, max_chars + 8):
        wa = max(a, end - width)
        toks = doc.tokens(wa, end)
        pos = end
        first = True
        reached_edge = True
        for k in range(len(toks) - 1, -1, -1):
            tok = toks[k]
            stop = tok in vocab.STOP_WORDS or (len(tok) == 1 and tok in vocab.STOP_CHARS)
            if k == 0 and wa > a:
                break  # the window's first token may be a fragment: look again with more context
            if stop and not (first and allow_first_verb and tok in vocab.NAME_INTERNAL_VERBS):
                reached_edge = False
                break
            if end - (pos - len(tok)) > max_chars:
                reached_edge = False
                break
            pos -= len(tok)
            first = False
        if not reached_edge or wa == a:
            break
    # never start inside an unbalanced bracket
    seg = doc.text[pos:end]
    if seg.count("（") != seg.count("）"):
        close = seg.find("）")
        if close >= 0 and seg[:close].count("（") == 0:
            pos += close + 1
    while pos < end and doc.text[pos] in "（）·":
        pos += 1
    return pos


@functools.lru_cache(maxsize=16384)
def _has_proper_part(text: str) -> bool:
    """True when a name prefix contains a place, a personal or brand name, or a rare unknown word
    (jieba's dictionary tags ns/nr/nz/nt, or a word jieba does not know with a rare character)."""
    if not text:
        return False
    for tok in cut(text, hmm=True):
        if tok in vocab.GENERIC_PARK_PREFIXES or not _is_cjk(tok[0]):
            continue
        tag = word_tag(tok)
        if tag in _PROPER_TAGS:
            return True
        if tag is None and min(word_freq(c) for c in tok) < _RARE_CHAR:
            return True
    return _has_place(text)


@functools.lru_cache(maxsize=16384)
def _has_place(text: str) -> bool:
    """True when ``text`` contains the name or short name of a county-level or higher division."""
    openings = _high_openings_upto5()
    for i in range(len(text)):
        if text[i:i + 2] not in openings:
            continue  # no place of two to five characters starts here
        for j in range(i + 2, min(len(text), i + 5) + 1):
            if high_place_codes(text[i:j]):
                return True
    return False


@functools.cache
def _high_openings_upto5() -> frozenset[str]:
    """First two characters of every name in ``_high_names`` of two to five characters."""
    return frozenset(n[:2] for n in _high_names() if 2 <= len(n) <= 5)


class SpanIndex:
    """Mentions sorted by start, to find those around a position without a quadratic scan."""

    REACH = 64  # no name is longer than this

    def __init__(self, items: Iterable[Mention]) -> None:
        self.items = sorted(items, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        reach, top = [], -1  # reach[i]: the largest end among items[:i + 1]
        for m in self.items:
            if m.end > top:
                top = m.end
            reach.append(top)
        self._reach = reach

    def near(self, a: int, b: int) -> list[Mention]:
        """Mentions that overlap [a, b)."""
        lo = bisect.bisect_left(self.starts, a - self.REACH)
        hi = bisect.bisect_left(self.starts, b)
        return [m for m in self.items[lo:hi] if m.end > a]

    def inside(self, a: int, b: int) -> list[Mention]:
        """Mentions lying within [a, b)."""
        lo = bisect.bisect_left(self.starts, a)
        hi = bisect.bisect_left(self.starts, b)
        return [m for m in self.items[lo:hi] if m.end <= b]

    def contains(self, m: Mention, kinds: tuple[str, ...] | None = None) -> bool:
        """True when another mention (of ``kinds``) strictly contains ``m``."""
        return self.contains_span(m.start, m.end, kinds)

    def contains_span(self, a: int, b: int, kinds: tuple[str, ...] | None = None) -> bool:
        """True when a mention (of ``kinds``) strictly contains the span [a, b) (a mention with
        that very span does not: so ``m`` itself never counts for ``contains(m)``)."""
        k = bisect.bisect_right(self.starts, a)
        if not k or self._reach[k - 1] < b:
            return False  # nothing starting at or before a reaches b
        return any(
            n.start <= a and b <= n.end and (n.start != a or n.end != b) and (kinds is None or n.kind in kinds)
            for n in self.near(a, b)
        )


# ---------------------------------------------------------------------------- detectors


# ``(?:infix)?(?:suffix)`` spelled out as infix1 suffix1|infix1 suffix2|…|infix2 suffix1|…|suffix1|…: the
# regex engine tries the same words in the same order (so the matches are the same), and as every
# alternative is a plain word it skips the positions where none can start.
_ZONE_RE = re.compile("|".join([i + s for i in vocab.ZONE_INFIXES for s in vocab.ZONE_SUFFIXES] + list(vocab.ZONE_SUFFIXES)))
_ZONE_ABBREV_RE = re.compile("经开(?!区)")
_PLACE_PARK_ZONE_RE = re.compile("工业园区")


def _clause_edge(doc: "_Doc", a: int) -> bool:
    """True when jieba puts a word boundary at ``a`` (the place does not end a longer word)."""
    lo = max(doc.clause_start(a, max(0, a - 6)), a - 6)
    pos = lo
    for tok in doc.tokens(lo, min(len(doc.text), a + 4)):
        if pos == a:
            return True
        pos += len(tok)
        if pos > a:
            return False
    return pos == a
_JOINT_RE = re.compile(rf"（([{_CJK}]{{2,6}}?(?:街道|镇|乡))）")


@functools.lru_cache(maxsize=65536)
def high_place_codes(name: str) -> tuple[str, ...]:
    """Codes of divisions at county level or above named ``name`` (full name first, else short)."""
    gaz = _gazetteer()
    if gaz is None or len(name) < 2 or name not in _high_names():
        return ()
    divs = [d for d in gaz.lookup(name) if d.level in _HIGH_LEVELS]
    if not divs:
        divs = [d for d in gaz.lookup_short(name) if d.level in _HIGH_LEVELS]
    return tuple(d.code for d in divs)


@functools.cache
def _high_names() -> frozenset[str]:
    """Full and short names of every division at county level or above: a quick filter (most
    strings looked up are no place at all)."""
    from .gazetteer import short_form

    gaz = _gazetteer()
    out: set[str] = set()
    for name in gaz.names():
        for d in gaz.lookup(name):
            if d.level in _HIGH_LEVELS:
                out.add(name)
                short = short_form(name, d.level)
                if short is not None:
                    out.add(short)
    return frozenset(out)


@functools.cache
def _high_openings() -> frozenset[str]:
    """First two characters of every name in ``_high_names`` of two or three characters: a quick
    filter before looking up a place of two or three characters."""
    return frozenset(n[:2] for n in _high_names() if len(n) in (2, 3))


def _place_head(text: str, end: int) -> tuple[int, list[str]] | None:
    """The longest real place name (county level or above) ending at ``end``: (start, codes)."""
    high = _high_names()
    for length in (6, 5, 4, 3, 2):
        a = end - length
        if a < 0:
            continue
        cand = text[a:end]
        if cand not in high or not _is_cjk(cand[0]):
            continue
        codes = high_place_codes(cand)
        if codes:
            return a, list(codes)
    return None


def _zones(doc: _Doc) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for m in _ZONE_RE.finditer(text):
        head = _place_head(text, m.start())
        if head is not None:
            head = _check_outer_place(text, head)
        if head is None and len(m.group()) >= 5:
            head = _place_then_subplace(doc, m.start())
        if head is None:
            continue
        a, codes = head
        if m.group().endswith("开发区") and m.group().lstrip("国家级省") == "开发区" and _province_only(codes):
            continue  # 浙江省开发区产业链, 湖北省级开发区: the province's zones in general, not one zone
        z = Mention("zone", "DevelopmentZone", a, m.end(), text[a:m.end()], text[a:m.end()],
                    data={"head_codes": codes, "head": text[a:m.start()]})
        out.append(z)
        after = m.end()
        j = _JOINT_RE.match(text, after)
        if j:
            sub = j.group(1)
            level = "Subdistrict" if sub.endswith("街道") else "Town"
            d = Mention("division", level, j.start(1), j.end(1), sub, sub,
                        data={"joint_with": z, "cue": "joint"})
            z.data["joint"] = d
            out.append(d)
            after = j.end()
        ph = vocab.ZONE_PHASE.match(text, after)
        if ph:
            name = z.name + ph.group()
            out.append(Mention("park", "IndustrialPark", z.start, ph.end(), text[z.start:ph.end()],
                               name, data={"zone": z, "phase": ph.group()}))
    for m in _PLACE_PARK_ZONE_RE.finditer(text):
        # 苏州工业园区, 上海嘉定工业园区: an industrial park named by a county or a city alone is a
        # development zone of its own (a park in a zone, a town or a village carries their name)
        head = _place_head(text, m.start())
        if head is None:
            continue
        head = _check_outer_place(text, head)
        a, codes = head
        if _province_only(codes) or (a > 0 and _is_cjk(text[a - 1]) and not _clause_edge(doc, a)):
            continue
        out.append(Mention("zone", "DevelopmentZone", a, m.end(), text[a:m.end()], text[a:m.end()],
                           data={"head_codes": codes, "head": text[a:m.start()], "park_named": True}))
    for m in _ZONE_ABBREV_RE.finditer(text):
        head = _place_head(text, m.start())
        if head is None:
            continue
        a, codes = head
        out.append(Mention("zone", "DevelopmentZone", a, m.end(), text[a:m.end()], text[a:m.end()],
                           data={"head_codes": codes, "head": text[a:m.start()], "abbrev": True}))
    return out


def _check_outer_place(text: str, head: tuple[int, list[str]]) -> tuple[int, list[str]] | None:
    """A head right after a larger place must lie in it: 浙江嘉善 → 嘉善 (in 浙江) stays;
    武汉东湖 → 东湖 is not 南昌's 东湖区 but a part of 武汉: the zone is named from 武汉."""
    a, codes = head
    outer = _place_head(text, a)
    if outer is None:
        return head
    gaz = _gazetteer()
    inside = [c for c in codes if any(gaz.is_within(c, o) for o in outer[1])]
    if inside:
        # a prefecture written before its county is part of the zone's name (无锡锡山经济技术开发区,
        # 宁波杭州湾…); a province is not (浙江嘉善经济技术开发区 is 嘉善经济技术开发区)
        cities = [o for o in outer[1] if gaz.by_code(o).level == "City" and not o.endswith("0000")]
        if cities and text[outer[0]:a] not in _PROVINCE_SHORTS() and not text[outer[0]:a].endswith(("市", "盟", "地区")):
            return outer[0], inside
        return a, inside
    return outer[0], outer[1]


@functools.cache
def _PROVINCE_SHORTS() -> frozenset[str]:
    """Short and full names of provinces (北京, 上海 are provinces and cities at once)."""
    from .gazetteer import short_form

    gaz = _gazetteer()
    out = set()
    for name in gaz.names():
        for d in gaz.lookup(name):
            if d.level == "Province":
                out.add(name)
                s = short_form(name, "Province")
                if s:
                    out.add(s)
    return frozenset(out)


def _place_then_subplace(doc: "_Doc", end: int) -> tuple[int, list[str]] | None:
    """武汉东湖新技术开发区: a real place, then two or three characters naming a part of it, then
    a full zone suffix. The part must be one unknown or place word (no function word, no verb)."""
    text = doc.text
    for mid in (2, 3):
        head = _place_head(text, end - mid)
        if head is None:
            continue
        middle = text[end - mid:end]
        if not all(_is_cjk(c) for c in middle) or any(c in vocab.STOP_CHARS for c in middle):
            continue
        toks = cut(middle, hmm=True)
        if len(toks) == 1 and (word_tag(middle) in _PROPER_TAGS or word_tag(middle) is None):
            return head
    return None


_DAMAGE_KINDS = ("company", "institute", "park", "project", "parcel")


def _repair_damaged_names(doc: "_Doc", named: list["Mention"]) -> None:
    """A name across a page break that lost a character there (浙江德盛铁路器 ⏎⏎ 股份有限公司)
    takes the name of the same kind written whole elsewhere in the document; failing that, a
    name of another kind written whole elsewhere fills the gap inside it (…智能制造小 ⏎⏎ 园二期项目
    with 阜溪智能制造小微园 elsewhere → …智能制造小微园二期项目). A character doubled at the break
    that the repair kept (微微, 二二 are words) is dropped when the name is written once elsewhere."""
    if not doc.rt.joins:
        return
    joins = sorted(doc.rt.joins)
    by_kind: dict[str, set[str]] = {}
    for m in named:
        if not m.data.get("damaged"):
            by_kind.setdefault(m.kind, set()).add(m.name)
    others = sorted({n for k in _DAMAGE_KINDS for n in by_kind.get(k, ()) if len(n) >= 4},
                    key=lambda n: (-len(n), n))
    for m in named:
        if m.kind not in _DAMAGE_KINDS or m.data.get("damaged") or m.name != m.text:
            continue
        k = bisect.bisect_right(joins, m.start)
        if k >= len(joins) or not (m.start < joins[k] < m.end):
            continue
        cut_at = joins[k] - m.start
        single = m.name[:cut_at] + m.name[cut_at + 1:]
        if m.name[cut_at - 1] == m.name[cut_at] and (single in by_kind[m.kind] or any(
                0 <= single.find(o) < cut_at < single.find(o) + len(o) for o in others)
                or vocab.ZONE_PHASE.search(single, max(0, cut_at - 2), cut_at + 1)):  # 园二 ⏎⏎ 二期项目
            m.name = single  # …小微 ⏎⏎ 微园二期项目: a character doubled at the break, written once elsewhere
            m.data["damaged"] = True
            continue
        for full in sorted(by_kind[m.kind]):
            if len(full) == len(m.name) + 1 and full[:cut_at] == m.name[:cut_at] and full[cut_at + 1:] == m.name[cut_at:]:
                m.name = full
                m.data["damaged"] = True
                break
        else:
            left, right = m.name[:cut_at], m.name[cut_at:]
            for full in others:
                i = _gap_in(full, left, right)
                if i is not None:
                    m.name = left + full[i] + right
                    m.data["damaged"] = True
                    break


def _gap_in(full: str, left: str, right: str) -> int | None:
    """The index of the one character of ``full`` lost between ``left`` and ``right``: ``full``
    without it is a suffix of ``left`` (two characters at least) followed by a prefix of ``right``
    (one at least)."""
    for i in range(2, len(full) - 1):
        if left.endswith(full[:i]) and right.startswith(full[i + 1:]):
            return i
    return None


def _damaged_spans(doc: "_Doc", named: list["Mention"]) -> list["Mention"]:
    """A name written whole elsewhere that lost one character where two blocks were joined
    (江南绿色智造小 ⏎⏎ 园内 with 江南绿色智造小微园 elsewhere), where no pattern found it."""
    if not doc.rt.joins:
        return []
    text = doc.text
    fulls = sorted({(m.name, m.kind, m.cls) for m in named if m.kind in _DAMAGE_KINDS and len(m.name) >= 4
                    and not m.data.get("damaged")}, key=lambda x: (-len(x[0]), x))
    index = SpanIndex(named)
    out: list[Mention] = []
    for j in sorted(doc.rt.joins):
        if any(x.start < j < x.end for x in index.near(j - 1, j + 1)):
            continue  # a mention already crosses this join (_repair_damaged_names)
        before = text[j - 1:j]
        for name, kind, cls in fulls:
            if before not in name:
                continue
            hit = None
            for i in range(2, len(name) - 1):
                left, right = name[:i], name[i + 1:]
                if text.startswith(left, j - len(left)) and text.startswith(right, j):
                    hit = (j - len(left), j + len(right))
                    break
            if hit:
                out.append(Mention(kind, cls, hit[0], hit[1], text[hit[0]:hit[1]], name, data={"damaged": True}))
                break
    return out


def _short_places(doc: _Doc, named: list[Mention]) -> list[Mention]:
    """A county or city the document names in full or as a zone's head, written again by its short
    form alone (宿迁的营商环境, 建德城郊): a mention of that division. The short form must be a word
    of its own (jieba token boundaries on both sides) and lie outside every other name."""
    from .gazetteer import short_form

    gaz = _gazetteer()
    codes: set[str] = set()
    for m in named:
        if m.kind == "zone" and len(m.data.get("head_codes") or []) == 1:
            codes.add(m.data["head_codes"][0])
        elif m.kind == "division" and m.cls in _HIGH_LEVELS and len(m.data.get("codes") or []) == 1:
            codes.add(m.data["codes"][0])
    shorts: dict[str, str] = {}
    for c in sorted(codes):
        d = gaz.by_code(c)
        if d is None or d.level == "Province":
            continue
        s = short_form(d.name, d.level)
        if s and len(s) >= 2:
            shorts.setdefault(s, c)
    if not shorts:
        return []
    text = doc.text
    index = SpanIndex(named)
    out: list[Mention] = []
    for s, code in sorted(shorts.items()):
        for a, b in _occurrences(text, s):
            if index.near(a, b):
                continue
            lo, hi = max(doc.clause_start(a, max(0, a - 8)), a - 8), min(len(text), b + 4)
            bounds, pos = {lo}, lo
            for tok in cut(text[lo:hi]):
                pos += len(tok)
                bounds.add(pos)
            if a not in bounds or b not in bounds:
                continue
            d = gaz.by_code(code)
            out.append(Mention("division", d.level, a, b, s, s,
                               data={"codes": [code], "levels": [d.level], "short": True}))
    return out


def _province_only(codes: list[str]) -> bool:
    gaz = _gazetteer()
    return all(gaz.by_code(c).level == "Province" for c in codes)


def _damaged_zones(doc: _Doc, zones: list[Mention]) -> list[Mention]:
    """A known zone name missing one character exactly where a page break joined two blocks."""
    text = doc.text
    names = sorted({z.name for z in zones if not z.data.get("abbrev")}, key=lambda n: (-len(n), n))
    out: list[Mention] = []
    for j in doc.rt.joins:
        for name in names:
            hit = None
            for i in range(1, len(name)):
                left, right = name[:i], name[i + 1:]
                if text[j - len(left):j] == left and text[j:j + len(right)] == right:
                    hit = (j - len(left), j + len(right))
                    break
            if hit:
                z0 = next(z for z in zones if z.name == name)
                out.append(Mention("zone", "DevelopmentZone", hit[0], hit[1], text[hit[0]:hit[1]], name,
                                   data={"head_codes": z0.data["head_codes"], "damaged": True}))
                break
    return out


_DIV_END_RE = re.compile("[省市县区旗盟州镇乡村]|街道|社区")  # (no branch starts with another's first character)


def _divisions(doc: _Doc) -> list[Mention]:
    """Full names of real divisions (gazetteer), three characters or more."""
    gaz = _gazetteer()
    if gaz is None:
        return []
    text = doc.text
    endings, lengths = _division_endings()
    names = gaz.names()
    out: list[Mention] = []
    last_end = -1
    for m in _DIV_END_RE.finditer(text):
        e = m.end()
        if e < 3 or text[e - 3:e] not in endings:
            continue  # no name of three characters or more ends here
        tail = text[e - 2:e]
        best = None
        for length in lengths[tail]:
            a = e - length
            if a < 0 or a < last_end:
                continue
            cand = text[a:e]
            if cand not in names or not _is_cjk(cand[0]):
                continue
            divs = gaz.lookup(cand)
            if divs:
                best = (a, cand, divs)
                break
        if best is None:
            continue
        a, cand, divs = best
        if not _starts_word(doc, a):
            continue  # 赣南山区: 南山区 across the words 赣南 and 山区
        levels = {d.level for d in divs}
        if levels == {"Village"} and text[max(0, a - 1):a] == "级":
            continue  # 省级中心村: a grade of villages, not a name
        data = {"codes": [d.code for d in divs], "levels": sorted(levels)}
        if "Village" in levels and _VILLAGE_CUE_RE.match(text, e - 1):
            data["cue"] = "body"  # 新联村党总支: a village even when the gazetteer has it elsewhere only
        out.append(Mention("division", _level_of(divs), a, e, cand, cand, data=data))
        last_end = e
    return out


def _starts_word(doc: _Doc, a: int) -> bool:
    """False when the character before ``a`` belongs to the word jieba reads across ``a`` (赣南|山区
    for 南山区); a division suffix, a function character or punctuation before ``a`` ends a word."""
    if a == 0:
        return True
    prev = doc.text[a - 1]
    if not _is_cjk(prev) or prev in vocab.STOP_CHARS or prev in "省市县区镇乡村道旗盟州":
        return True
    lo = max(doc.clause_start(a, max(0, a - 6)), a - 6)
    pos = lo
    for tok in doc.tokens(lo, min(len(doc.text), a + 3)):
        if pos >= a:
            break
        pos += len(tok)
    return pos == a


@functools.cache
def _division_tails() -> tuple[frozenset[str], dict[str, list[int]]]:
    """Last two characters of every division name of three or more characters, with the name
    lengths that end in them (longest first): a quick filter before gazetteer lookups."""
    gaz = _gazetteer()
    lengths: dict[str, set[int]] = {}
    for name in gaz.names():
        if len(name) >= 3:
            lengths.setdefault(name[-2:], set()).add(len(name))
    return frozenset(lengths), {k: sorted(v, reverse=True) for k, v in lengths.items()}


@functools.cache
def _division_endings() -> tuple[frozenset[str], dict[str, list[int]]]:
    """Last three characters of every division name of three or more characters (a sharper
    quick filter than the last two), and ``_division_tails``' name lengths by last two."""
    gaz = _gazetteer()
    return frozenset(name[-3:] for name in gaz.names() if len(name) >= 3), _division_tails()[1]


def _level_of(divs) -> str:
    order = ("Province", "City", "County", "District", "Subdistrict", "Town", "Village")
    return min((d.level for d in divs), key=order.index)


_VILLAGE_CUE_RE = re.compile(r"村(?=党总支|党支部|党委|村委会|村民委员会|村级|村集体|两委|村民)")


def _pattern_villages(doc: _Doc, known: list[Mention]) -> list[Mention]:
    """Villages not in the gazetteer, named right before a village body or level word."""
    text = doc.text
    taken = {(m.start, m.end) for m in known}
    ends = {m.end for m in known if m.kind == "division"}
    out: list[Mention] = []
    for m in _VILLAGE_CUE_RE.finditer(text):
        e = m.end()
        if e in ends:
            continue
        a = name_start(doc, m.start(), 3, allow_first_verb=False)
        if m.start() - a < 2 or not all(_is_cjk(c) for c in text[a:e]):
            continue
        if (a, e) in taken:
            continue
        out.append(Mention("division", "Village", a, e, text[a:e], text[a:e], data={"codes": [], "cue": "body"}))
    return out


_AFTER_TOWN_VILLAGE_RE = re.compile(rf"([{_CJK}]{{2,3}}?村)(?![民委级集干企务庄规])")


def _villages_after_towns(doc: _Doc, known: list[Mention]) -> list[Mention]:
    """Villages written right after their township (更楼街道石畈村、下岙村): named villages even
    when the gazetteer lists the name only elsewhere, or not at all. A gazetteer mention there
    gets the cue; a name the gazetteer lacks becomes a new mention."""
    text = doc.text
    by_span = {(m.start, m.end): m for m in known if m.kind == "division"}
    out: list[Mention] = []
    for d in known:
        if d.kind != "division" or d.cls not in ("Town", "Subdistrict"):
            continue
        pos = d.end
        while True:
            m = _AFTER_TOWN_VILLAGE_RE.match(text, pos)
            if m is None:
                break
            core = m.group(1)[:-1]
            if core in vocab.NOT_VILLAGE_NAMES or any(c in vocab.STOP_CHARS or c in "个些多余" for c in core) \
                    or core[0] in "一二两三四五六七八九十百几0123456789":
                break  # 江南镇三个村, 各村: a count of villages, not one
            hit = by_span.get((m.start(1), m.end(1)))
            if hit is not None and not hit.data.get("cue"):
                hit.data.update(cue="after_town", town=d)
            else:
                out.append(Mention("division", "Village", m.start(1), m.end(1), m.group(1), m.group(1),
                                   data={"codes": [], "cue": "after_town", "town": d}))
            pos = m.end(1)
            if text[pos:pos + 1] != "、":
                break
            pos += 1
    return out


@functools.cache
def _two_char_villages(county: str) -> frozenset[str]:
    """Village names of two characters (畈村, 骆村) in one county-level division."""
    gaz = _gazetteer()
    out = set()
    for town in gaz.children(county):
        for v in gaz.children(town.code):
            if v.level == "Village" and len(v.name) == 2:
                out.add(v.name)
    return frozenset(out)


def _short_villages(doc: _Doc, known: list[Mention], zones: list[Mention]) -> list[Mention]:
    """Villages whose whole name is two characters (平兴村还与畈村…), looked up only in the counties
    the document is about (its zones' and its counties' codes), as words of their own."""
    gaz = _gazetteer()
    counties: set[str] = set()
    for m in zones + known:
        codes = m.data.get("head_codes") if m.kind == "zone" else m.data.get("codes")
        if m.kind == "zone" or m.cls in ("County", "District"):
            if codes and len(codes) == 1 and gaz.by_code(codes[0]).level in ("County", "District"):
                counties.add(codes[0])
    names = sorted({n for c in counties for n in _two_char_villages(c)})
    if not names:
        return []
    text = doc.text
    taken = SpanIndex(known + zones)
    out: list[Mention] = []
    for name in names:
        if word_freq(name) > 0 or name[0] in vocab.STOP_CHARS:
            continue  # 全村, 农村: words, not names
        for a, b in _occurrences(text, name):
            if taken.near(a, b) or not _starts_word(doc, a) or _VILLAGE_CUE_RE.match(text, b - 1) is None \
                    and b < len(text) and _is_cjk(text[b]) and text[b] not in vocab.STOP_CHARS \
                    and not text.startswith(_TWO_CHAR_STOP_WORDS, b):
                continue
            codes = [d.code for d in gaz.lookup(name) if any(d.code.startswith(c) for c in counties)]
            out.append(Mention("division", "Village", a, b, name, name,
                               data={"codes": codes, "levels": ["Village"], "short_name": True}))
    return out


def _repeated_divisions(doc: _Doc, known: list[Mention], zones: list[Mention]) -> list[Mention]:
    """Further occurrences of a division found only through a cue (南夏墅街道 in a zone's
    brackets, 新联村 before its party branch): the same name elsewhere in the document."""
    text = doc.text
    names = {m.name: m.cls for m in known if (m.data.get("joint_with") is not None or m.data.get("cue"))
             and not m.data.get("codes")}
    taken = SpanIndex(known + zones)
    out: list[Mention] = []
    for name, cls in sorted(names.items()):
        for a, b in _occurrences(text, name):
            if not taken.near(a, b):
                out.append(Mention("division", cls, a, b, name, name, data={"codes": [], "cue": "repeat"}))
    return out


_COMPANY_RE = re.compile("|".join(vocab.COMPANY_SUFFIXES))
_INSTITUTE_RE = re.compile("|".join(vocab.INSTITUTE_SUFFIXES))


def _over_conjunction_after_country(text: str, a: int) -> int:
    """日本东和精工株式会社: 和 is no conjunction when one or two characters after a country name
    come before it (a country and one character are no company); the name starts at the country."""
    if a < 2 or text[a - 1] not in "和与及":
        return a
    for k in (1, 2):
        for country in vocab.COUNTRIES:
            s = a - 1 - k - len(country)
            if s >= 0 and text.startswith(country, s) and all(_is_cjk(c) for c in text[s:a - 1]):
                return s
    return a


def _from_place_after_descriptor(text: str, a: int, end: int) -> int:
    """园区国资平台浙江海宁…有限公司: words without a proper part before the region that opens the
    company's name describe it; the name starts at the region."""
    openings = _high_openings()
    for p in range(a + 2, min(end - 2, a + 10)):
        if text[p:p + 2] in openings and (high_place_codes(text[p:p + 2]) or high_place_codes(text[p:p + 3])):
            if text[p - 1] in "市省县区" or (_is_cjk(text[p - 1]) and high_place_codes(text[p - 2:p])):
                continue  # the place goes on (浙江海宁: 海宁 after 浙江)
            if "（" not in text[a:p] and not _has_proper_part(text[a:p]):
                return p
            break
    return a


_RESULT_CHARS = "成为到至"  # 改造成 / 建设为 / 搬迁到: the verb's result, not a name's first character


def _verb_residue(prefix: str) -> bool:
    """True when ``prefix`` ends in a verb governing what follows (依法收回, 改造成, 建成, 打造成),
    or is only a verb's result character (成): words before a name, not part of it."""
    core = prefix.rstrip(_RESULT_CHARS)
    if not core:
        return True
    toks = cut(core)
    return bool(toks) and word_tag(toks[-1]) == "v" and len(toks[-1]) + len(prefix) - len(core) >= 2


def _place_after_residue(text: str, a: int, end: int, results: bool = False) -> int:
    """A name start moved to the place that follows a verb residue (诸暨经开区依法收回|浙江宏达…有限公司,
    改造成|诸暨智能视觉产业园). With ``results`` (parks, projects), also past a verb with its result
    character before any name with a proper part (打造成|大唐袜业创新园, 成|枫桥镇…产业园)."""
    high = _high_names()
    openings = _high_openings()
    for p in range(a + 1, min(end - 2, a + 14)):
        if text[p:p + 2] in openings and (text[p:p + 2] in high or text[p:p + 3] in high) and (
                high_place_codes(text[p:p + 2]) or high_place_codes(text[p:p + 3])):
            if _verb_residue(text[a:p]):
                return p
    if results and end - a > 3:
        if text[a] in _RESULT_CHARS and _has_proper_part(text[a + 1:end]):
            return a + 1
        pos, best = a, a
        toks = cut(text[a:end])
        for i, tok in enumerate(toks[:-1]):
            pos += len(tok)
            if len(tok) < 2 or word_tag(tok) != "v":
                continue
            if tok[-1] in _RESULT_CHARS and _has_proper_part(text[pos:end]):
                best = pos  # 打|造成 as jieba cuts it, 建成
            elif toks[i + 1] in tuple(_RESULT_CHARS) and _has_proper_part(text[pos + 1:end]):
                best = pos + 1
            elif _has_place(text[a:pos - len(tok)]) and _has_proper_part(text[pos:end]):
                best = pos  # 丽水龙泉市共建|山海协作产业园: a place doing something, then the name
        return best
    return a


def _companies(doc: _Doc) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for m in _COMPANY_RE.finditer(text):
        a = name_start(doc, m.start(), 22, allow_first_verb=True)
        a = _over_conjunction_after_country(text, a)
        a = _from_place_after_descriptor(text, a, m.start())
        a = _place_after_residue(text, a, m.start())
        core = text[a:m.start()]
        if len(core.replace("（", "").replace("）", "")) < 2:
            continue
        if m.group() == "公司" and core.endswith(("子", "母", "兄弟")):
            continue  # X有限公司子公司: a company's subsidiary, no name of its own
        first_tok = cut(core[:6])[0]
        if len(first_tok) == 1 and first_tok in vocab.STOP_CHARS:
            continue  # 比 of 比亚迪 is no function word: jieba keeps 比亚迪 one token
        if core.startswith(_GENERIC_ORG_WORDS) and not _has_proper_part(core[:4]):
            continue
        if m.group() in vocab.WEAK_COMPANY_SUFFIXES and not _has_proper_part(core):
            continue
        out.append(Mention("company", "Company", a, m.end(), text[a:m.end()], text[a:m.end()]))
    return out


_FACTORY_RE = re.compile(r"厂(?![房区长址家商矿务内外里子部区])")


def _factories(doc: _Doc, taken: list[Mention]) -> list[Mention]:
    """Factories named after their place (德清县第一缫丝厂, 四川长虹电子第三厂): a county-level or
    higher place heads the name; a bare 印染厂 is a common noun."""
    text = doc.text
    inside = SpanIndex(taken)
    out: list[Mention] = []
    for m in _FACTORY_RE.finditer(text):
        if inside.near(m.start(), m.end()):
            continue
        a = name_start(doc, m.start(), 12, allow_first_verb=False)
        a = _place_after_residue(text, a, m.start())  # 依法拆除|诸暨市东风印染厂
        core = text[a:m.start()]
        # the place may follow a word such as 原 (原德清县第一缫丝厂): the name starts at the place
        head = next((i for i in range(0, 3) for k in range(2, 7)
                     if i + k < len(core) and high_place_codes(core[i:i + k])), None)
        if head is None or not all(_is_cjk(c) for c in core[head:]):
            continue
        a += head
        out.append(Mention("company", "Company", a, m.end(), text[a:m.end()], text[a:m.end()],
                           data={"factory": True}))
    return out


def _institutes(doc: _Doc, companies: list[Mention]) -> list[Mention]:
    text = doc.text
    inside = [(c.start, c.end) for c in companies]
    out: list[Mention] = []
    for m in _INSTITUTE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in inside):
            continue
        a = name_start(doc, m.start(), 16, allow_first_verb=False)
        core = text[a:m.start()]
        if len(core) < 2 or not _has_proper_part(core):
            continue
        out.append(Mention("institute", "ResearchInstitute", a, m.end(), text[a:m.end()], text[a:m.end()]))
    return out


_SHORT_COMPANY_CUES = (
    re.compile(rf"(?:和|与|同|跟)([{_CJK}]{{2,8}}?)(?:合作|签约|签订|共建|联合|结对)"),
    re.compile(rf"从([{_CJK}]{{2,12}}?)(?:回收|收回|收购|受让|购得|征收)"),
)
_TITLE_AFTER_COMPANY_RE = re.compile("CEO|董事长|总经理")
_LIST_COMPANY_RE = re.compile("等(?:企业|公司|龙头企业)")
_PARCEL_RE = re.compile(rf"([{_CJK}]{{2,8}}?)地块")


def _short_companies(doc: _Doc, full: list[Mention], taken: list[Mention]) -> list[Mention]:
    """Companies written without their legal suffix (德盛铁路, 台升实业), from general cues, and
    every further occurrence of such a name in the document."""
    text = doc.text
    cores = [_company_core(c.name) for c in full]

    def looks_like_company(name: str) -> bool:
        if any(name in core for core in cores if len(name) >= 2):
            return True
        return name.endswith(vocab.COMPANY_SHORT_TAILS)

    names: set[str] = set()
    spans = [(m.start(1), m.end(1)) for rx in _SHORT_COMPANY_CUES for m in rx.finditer(text)]
    for m in _TITLE_AFTER_COMPANY_RE.finditer(text):
        spans.append((max(0, m.start() - 8), m.start()))
    for lo, hi in spans:
        a = max(name_start(doc, hi, 10, allow_first_verb=False), lo)
        name = text[a:hi]
        if len(name) >= 2 and looks_like_company(name):
            names.add(name)
    for m in _LIST_COMPANY_RE.finditer(text):
        start = doc.clause_start(m.start(), max(0, m.start() - 40), _HARD - {"、"})
        items = text[start:m.start()].split("、")
        if len(items) < 2 and not looks_like_company(items[0]):
            continue
        for item in items:
            if 2 <= len(item) <= 8 and item[0] not in vocab.STOP_CHARS and _company_list_item(item):
                names.add(item)
    full_names: dict[str, int] = {}
    for c in full:
        full_names[c.name] = full_names.get(c.name, 0) + 1
    for core in sorted(set(cores)):  # a prefix of four or more characters of a core (德盛铁路)
        for length in range(len(core), 3, -1):
            prefix = core[:length]
            inside = sum(n * name.count(prefix) for name, n in full_names.items() if prefix in name)
            if text.count(prefix) > inside:
                names.add(prefix)
                break
    out: list[Mention] = []
    occupied = SpanIndex(list(full) + [t for t in taken if t.kind in ("zone", "division", "park", "body")])
    claimed: set[int] = set()
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for a, b in _occurrences(text, name):
            if occupied.near(a, b) or any(i in claimed for i in range(a, b)):
                continue
            claimed.update(range(a, b))
            out.append(Mention("company", "Company", a, b, name, name, data={"short": True}))
    return out


@functools.lru_cache(maxsize=16384)
def _company_core(name: str) -> str:
    """The distinctive part of a company name: no region prefix, no legal or trade suffix."""
    core = re.sub(r"（[^）]*）", "", name)
    for suf in vocab.COMPANY_SUFFIXES:
        if core.endswith(suf):
            core = core[: -len(suf)]
            break
    for country in vocab.COUNTRIES:  # 日本东和精工株式会社 → 东和精工
        if core.startswith(country) and len(core) - len(country) >= 2:
            return core[len(country):]
    for length in (3, 2):  # 常州市宏达纺织 → 宏达纺织, 浙江德盛铁路器材 → 德盛铁路器材
        if len(core) - length >= 2 and high_place_codes(core[:length]):
            return core[length:]
    return core


def _company_list_item(item: str) -> bool:
    """An item of a list before 等企业 that can be a company's short name: no verb or function
    word in it (重点引进氢能装备), not an industry (燃料电池), a proper part or a trade tail."""
    toks = cut(item)
    if any(t in vocab.STOP_WORDS for t in toks) or item in concept_labels("industries.ttl"):
        return False
    return item.endswith(vocab.COMPANY_SHORT_TAILS) or _has_proper_part(item)


def _extend_to_known_cores(doc: _Doc, companies: list[Mention]) -> None:
    """A company name cut at a function character (东和精工 → 和 stops the walk: 精机（上海）有限公司)
    starts where the distinctive part of another company of the document does (日本东和精工株式会社)."""
    text = doc.text
    cores = sorted({_company_core(c.name) for c in companies}, key=lambda k: (-len(k), k))
    for c in companies:
        if c.start == 0 or text[c.start - 1] not in vocab.STOP_CHARS:
            continue  # only a walk stopped at a function character can have cut the name
        for core in cores:
            for k in range(1, min(3, len(core) - 1) + 1):
                if c.start - k >= 0 and text.startswith(core, c.start - k) and c.name.startswith(core[k:]):
                    c.start -= k
                    c.text = c.name = text[c.start:c.end]
                    break
            else:
                continue
            break


_BODY_RE = re.compile("|".join(sorted((s for s, _ in vocab.BODY_SUFFIXES), key=len, reverse=True)))
_BODY_CLASS = dict(vocab.BODY_SUFFIXES)


def _bodies(doc: _Doc, owners: list[Mention]) -> list[Mention]:
    """Party and government bodies: 三村村党总支, 村委会 (owner given by the post chain)."""
    text = doc.text
    by_end: dict[int, Mention] = {}
    for o in owners:
        if o.kind in ("division", "zone", "company", "park", "institute"):
            prev = by_end.get(o.end)
            if prev is None or (o.end - o.start) > (prev.end - prev.start):
                by_end[o.end] = o
    out: list[Mention] = []
    for m in _BODY_RE.finditer(text):
        owner = by_end.get(m.start())
        # 村委会 right after a village name written as X村: the owner is the village
        if owner is None and m.group().startswith("村") and text[m.start() - 1:m.start()] == "村":
            owner = by_end.get(m.start())
        a = owner.start if owner else m.start()
        cls = _BODY_CLASS[m.group()]
        out.append(Mention("body", cls, a, m.end(), text[a:m.end()], text[a:m.end()],
                           data={"owner": owner, "suffix": m.group()}))
    return out


_PARK_RE = re.compile("|".join(vocab.PARK_SUFFIXES))


def _division_shorts(divisions: Iterable[Mention]) -> tuple[str, ...]:
    """Short forms of the divisions a document names (阜溪街道 → 阜溪), to recognise them
    heading a park's name; longest first (then in code-point order), each once."""
    out = set()
    for d in divisions:
        if d.kind == "division":
            s = _short_form(d.name, d.cls)
            if s:
                out.add(s)
    return tuple(sorted(out, key=lambda x: (-len(x), x)))


@functools.lru_cache(maxsize=16384)
def _short_form(name: str, level: str) -> str | None:
    from .gazetteer import short_form

    return short_form(name, level)


def _designation_title(prefix: str) -> bool:
    """A province or a province-level city heading a name with a designation word (江苏省…示范,
    上海市首批…): the name is a title awarded to parks."""
    if not any(w in prefix for w in vocab.DESIGNATION_WORDS):
        return False
    gaz = _gazetteer()
    for k in (2, 3, 4):
        for c in high_place_codes(prefix[:k]):
            d = gaz.by_code(c)
            if d is not None and (d.level == "Province" or c.endswith("0000")):
                return True
    return False


def _back_over_short(text: str, a: int, shorts: tuple[str, ...], floor: int) -> int:
    """A name start moved back to the start of a division's short form it cuts (更楼智能制造产业园:
    更 alone is a function word, 更楼 the short name of 更楼街道); ``shorts`` longest first."""
    for s in shorts:
        for k in range(1, len(s)):
            if a - k >= floor and text.startswith(s, a - k):
                return a - k
    return a


def _parks(doc: _Doc, anchors: list[Mention]) -> list[Mention]:
    text = doc.text
    zone_like = SpanIndex(m for m in anchors if m.kind == "zone" or (m.kind == "division" and "joint_with" in m.data))
    shorts = _division_shorts(anchors)
    out: list[Mention] = []
    zone_start_by_end: dict[int, int] = {}  # end → earliest start of a zone ending there
    for z in anchors:
        if z.kind == "zone":
            zone_start_by_end[z.end] = min(z.start, zone_start_by_end.get(z.end, z.start))
    brands: set[str] = set()  # parks named by an unknown brand after a verb (_brand_park)
    unnamed: list[tuple[int, int, str]] = []  # park-like spans without a proper part
    for m in _PARK_RE.finditer(text):
        if zone_start_by_end.get(m.end(), m.start()) < m.start():
            continue  # 苏州工业园区: a zone (_zones)
        a = name_start(doc, m.start(), 18, allow_first_verb=False)
        a = _back_over_short(text, a, shorts, doc.clause_start(m.start(), max(0, m.start() - 24)))
        a = _place_after_residue(text, a, m.start(), results=True)
        for other in _PARK_RE.finditer(text, a, m.start()):  # A产业园和B产业园: two names, not one
            if text[other.end():other.end() + 1] in ("和", "与", "及", "、"):
                a = other.end() + 1
        if a >= m.start():
            continue
        generic = False
        inner = zone_like.inside(a, m.start())
        suffix = m.group()
        if inner:
            last = max(z.end for z in inner)
            if text[last:last + 1] == "）":
                last += 1
            rest = text[last:m.start()]
            if not rest or vocab.ZONE_PHASE.fullmatch(rest):
                continue  # 海盐经济开发区（西塘桥街道）产业园区: the zone itself, not a park
            zone = next(z for z in inner if z.start == min(x.start for x in inner))
            a = zone.start
        else:
            prefix = text[a:m.start()]
            if prefix in vocab.GENERIC_PARK_PREFIXES:
                continue
            if _designation_title(prefix):
                continue  # 江苏省绿色低碳示范园区: a title the park holds, not a park
            if suffix in vocab.PARK_NEEDS_PLACE:
                if not _has_place(prefix):
                    continue
            elif not _has_proper_part(prefix) and not prefix.startswith(shorts):
                if _brand_park(text, a, prefix):
                    brands.add(text[a:m.end()])
                elif not _built_park(text, a, m.end()):
                    unnamed.append((a, m.end(), suffix))
                    continue
                else:
                    generic = True
            zone = None
        name = re.sub(r"（[^）]*(?:街道|镇|乡)）", "", text[a:m.end()])
        out.append(Mention("park", "IndustrialPark", a, m.end(), text[a:m.end()], name,
                           data={"zone": zone, "suffix": suffix, "generic": generic}))
    for a, b, suffix in unnamed:  # the brand park written again without its verb
        if text[a:b] in brands:
            out.append(Mention("park", "IndustrialPark", a, b, text[a:b], text[a:b],
                               data={"zone": None, "suffix": suffix, "generic": False}))
    out.sort(key=lambda x: (x.start, x.end))
    return out


_BUILT_BEFORE = re.compile(r"(?:投资|合作|共同)?(?:建设|兴建|新建|打造|投建)的$")
_BUILT_AFTER = re.compile(r"[一二三四五六七八九]期|已经?(?:开工|竣工|投产|建成)|正在|建设正酣|于\d")


# characters of policy coinages that jieba does not know either (低碳, 零碳, 双碳, 数智, 智造, 两创, 共富,
# 农旅, 文旅, 绿能): such a prefix describes a park, it does not name it
_POLICY_CHARS = frozenset("碳数智造创富旅绿能农科工商贸链零两双共低高新老小微产城融")
_PARK_VERB_BEFORE = re.compile(r"(?:建设|兴建|新建|打造|建成|落户|落地|入驻|开发|共建|投建|合建)(?:了|的)?$")


def _brand_park(text: str, a: int, prefix: str) -> bool:
    """A park named by a brand no dictionary knows (金禾生态产业合作园: 金禾 is no word, jieba cuts
    it into characters), written right after a verb that builds or settles in it."""
    if len(prefix) < 3 or not all(_is_cjk(c) for c in prefix[:2]) or word_freq(prefix[:2]) > 0 \
            or word_freq(prefix[:3]) > 0 or any(c in vocab.STOP_CHARS or c in _POLICY_CHARS for c in prefix[:2]):
        return False
    toks = cut(prefix)
    return len(toks) >= 3 and len(toks[0]) == 1 and len(toks[1]) == 1 and bool(
        _PARK_VERB_BEFORE.search(text, max(0, a - 4), a))


def _built_park(text: str, a: int, b: int) -> bool:
    """A park with a common-noun name is still one park when the text builds it (…合作建设的竹木加工
    产业园已经开工; …投资的新能源汽车零部件产业园一期)."""
    return bool(_BUILT_BEFORE.search(text, max(0, a - 6), a) or re.search(r"投资的$", text[max(0, a - 4):a])
                or _BUILT_AFTER.match(text, b))


_PROJECT_RE = re.compile("项目")
_BATCH_CORE = re.compile(r"^[0-9０-９一二三四五六七八九十百千两几多]+[个项家批]$|\d{4}年|[春夏秋冬]季|季度|上半年|下半年|年度")
_EVENT_AFTER = re.compile(r"集中签约|签约活动|签约仪式|推进会|观摩|开工仪式|集中开工|竣工仪式|洽谈会|推介会")
_QUANTIFIERS = frozenset({"一批", "一系列", "一大批", "一个个", "多个", "各类", "一些", "若干"})
_QUANTIFIER_WORDS = tuple(sorted(_QUANTIFIERS))
_COUNT_AFTER_RE = re.compile(r"[0-9０-９一二三四五六七八九十百千万]+[个项家]")
_AGENT_WORDS = ("企业", "公司", "集团")


_COUNT_IN_CORE = re.compile(r"(?<![产0-9０-９.])(?:[0-9０-９]+|[一二两三四五六七八九十几多]+)[个项批](?![月])")


def _place_head_start(places: SpanIndex, a: int, floor: int) -> int:
    """A name cut inside a place name (签订新建村… → 村…: 新建 is also a verb) starts where
    the place does."""
    for d in places.near(a, a + 1):
        if d.start < a < d.end and d.start >= floor:
            return d.start
    return a


def _after_governing_verb(text: str, a: int, s: int) -> int:
    """Start of a project name after the last verb in [a, s) that governs 项目 (抢抓机遇跑出项目建设… → ∅,
    推行项目专班 → ∅), the verb taken at token boundaries only."""
    core = text[a:s]
    if not any(v in core for v in vocab.PROJECT_GOVERNING_VERBS):
        return a
    bounds = {0}
    pos = 0
    for tok in cut(core):
        pos += len(tok)
        bounds.add(pos)
    best = 0
    for v in vocab.PROJECT_GOVERNING_VERBS:
        k = core.rfind(v)
        if k >= 0 and k in bounds and k + len(v) in bounds:
            best = max(best, k + len(v))
    return a + best


def _projects(doc: _Doc, companies: list[Mention], places: list[Mention] = (),
              owners: list[Mention] = ()) -> list[Mention]:
    """Projects: X项目 with a name that is more than common words; ``places`` are villages and
    gazetteer divisions (a name cut inside one starts where it does), ``owners`` zones, parks and
    divisions (X园配套项目, X区重点项目: the owner's projects in general, not one project)."""
    text = doc.text
    out: list[Mention] = []
    place_index = SpanIndex(places)
    owner_index = SpanIndex(owners)
    shorts = _division_shorts(owners)
    companies_at: dict[int, list[Mention]] = {}
    for c in companies:
        companies_at.setdefault(c.start, []).append(c)
    for m in _PROJECT_RE.finditer(text):
        s = m.start()
        if s == 0:
            continue
        if _COUNT_AFTER_RE.match(text, m.end()) or _EVENT_AFTER.match(text, m.end()):
            continue  # 签约产业项目156个, …项目集中签约: a count of projects or an event, not a project
        if text[s - 1] in "”’\"":
            q = text.rfind("“", max(0, s - 20), s)
            if q < 0:
                continue
            a = q
        else:
            a = name_start(doc, s, 30)
            clause = doc.clause_start(s, max(0, s - 40))
            a = _place_head_start(place_index, a, clause)
            a = _back_over_short(text, a, shorts, clause)
        a = _after_governing_verb(text, a, s)
        a = _place_after_residue(text, a, s, results=True)  # 改造成|诸暨…项目, 暨阳街道建成|诸暨市…项目
        near = [(o.start, o.end) for o in owner_index.near(a, s)]
        a = min((oa for oa, ob in near if oa < a < ob <= s), default=a)  # …产业|合作园二期项目: the whole park
        core = text[a:s]
        if len(core) < 2:
            continue
        if _COUNT_IN_CORE.search(core):
            continue  # 全镇已有9个企村联建项目: a count of projects (年产10万个… is not a count)
        if _BATCH_CORE.search(core):
            continue  # 17个项目, 2023年春季重大项目: a batch, not one project
        before = text[max(0, a - 4):a]
        if before.endswith(_QUANTIFIER_WORDS) or core in _QUANTIFIERS:
            continue
        if core.startswith(("该", "这", "此", "本")) or core.endswith(("该", "这一")):
            continue
        owner = None
        for c in companies_at.get(a, ()):
            if c.end < s:
                owner = c
        short = text[owner.end:m.end()] if owner else None
        if owner is None:
            for w in _AGENT_WORDS:  # 比利时企业年产50000吨…项目: the project starts after the agent
                k = core.rfind(w)
                if k >= 0 and k + len(w) < len(core) - 1:
                    a = a + k + len(w)
                    core = text[a:s]
                    break
        if _generic_project(core):
            continue
        if any(o.start <= a < o.end < s and _owner_generic(text[o.end:s]) for o in owner_index.near(a, s)):
            continue  # 常州高新区重点项目, …产业园配套项目, …合作园二期配套项目 (a name cut inside the owner too)
        if _owner_generic(core):
            continue  # …基础配套项目、生活配套项目: kinds of a place's projects, no project's name
        tail = _OWNER_SUFFIX_RE.search(core)
        if tail and _owner_generic(core[tail.end():]):
            continue  # X生态产业合作园配套项目 whose park no pattern found: still the park's projects
        name = text[a:m.end()]
        out.append(Mention("project", "Project", a, m.end(), name, name.replace("“", "").replace("”", ""),
                           data={"owner": owner, "short": short}))
    return out


_GENERIC_PROJECT_WORDS = frozenset({
    "产业", "重点", "建设", "招商", "投资", "共建", "合作", "工业", "高质量", "大", "新", "好", "亿元",
    "以上", "签约", "落地", "引进", "国际", "行业", "龙头", "世界", "500", "强", "超", "美元", "优质",
    "外资", "内资", "民生", "基础设施", "这些", "相关", "各类", "更多", "新的", "一", "批", "重大",
    "配套", "产业链", "补链", "强链", "延链", "上下游", "服务", "每个", "一切",
})


_OWNER_SUFFIX_RE = re.compile("(?:" + "|".join(vocab.PARK_SUFFIXES + ("开发区", "高新区", "经开区", "新区", "园")) +
                               r")(?=(?:的)?(?:[一二三四五六七八九]期)?[^园区]*$)")


def _owner_generic(rest: str) -> bool:
    """What follows a zone's or park's name before 项目 says only which of its projects (配套, 重点,
    二期配套, 的配套): no project's name."""
    rest = re.sub(r"^的?(?:[一二三四五六七八九]期)?的?", "", rest)
    if not rest:
        return False
    toks = [t for t in cut(rest) if t.strip()]
    return all(t in _GENERIC_PROJECT_WORDS or t in _SUPPORT_WORDS for t in toks)


_SUPPORT_WORDS = frozenset({"基础", "生活", "公共", "设施", "配套设施", "商业", "功能", "市政"})  # 园区基础配套项目


def _generic_project(core: str) -> bool:
    toks = [t for t in cut(core) if t.strip()]
    return all(t in _GENERIC_PROJECT_WORDS for t in toks)


def _parcel_matches(text: str) -> Iterator[re.Match]:
    """``_PARCEL_RE.finditer(text)``, with the regex run only just before each 地块: a match
    starting at p ends in the first 地块 two to eight characters after p, so none starts more
    than eight characters before the first 地块 at or after the search position + 2, and one
    starting at or before that 地块 ends within ten characters after it."""
    pos = 0  # no match starts before pos
    while True:
        q = text.find("地块", pos + 2)
        if q < 0:
            return
        m = _PARCEL_RE.search(text, max(pos, q - 8), q + 10)
        if m is not None and m.start() <= q:
            yield m
            pos = m.end()
        else:
            pos = q + 1


@functools.cache
def _land_source_re() -> re.Pattern:
    """从X回收/收购的N亩(建设)用地: a parcel named after where it came from."""
    land = "|".join(vocab.LAND_NOUNS)
    actions = "|".join(vocab.LAND_ACTIONS)
    return re.compile(rf"从([{_CJK}（）]{{2,30}}?)({actions})[的了]([0-9.]+(?:万)?亩)({land})")


def _parcels(doc: _Doc, companies: list[Mention]) -> list[Mention]:
    """Land parcels: X地块, and 从X回收/收购的N亩(建设)用地 (named after their source)."""
    text = doc.text
    out: list[Mention] = []
    for m in _parcel_matches(text):
        a = name_start(doc, m.end(1), 8, allow_first_verb=False)
        a = max(a, m.start(1))
        src = next((c for c in companies if c.start == a and c.end == m.end(1)), None)
        name = text[a:m.end()]
        out.append(Mention("parcel", "LandParcel", a, m.end(), name, name, data={"source": src}))
    for m in _land_source_re().finditer(text):
        src = next((c for c in companies if c.start <= m.start(1) and c.end == m.end(1)), None)
        src_name = src.name if src else m.group(1)
        name = src_name + m.group(3) + m.group(4)
        out.append(Mention("parcel", "LandParcel", m.start(3), m.end(4), text[m.start(3):m.end(4)], name,
                           data={"source": src, "action": vocab.LAND_ACTIONS[m.group(2)]}))
    return out


def _third_name_char(window: str, k: int) -> bool:
    """True when ``window[k]``, after a two-character name jieba knows, is the given name's last
    character: a rare-as-a-word Chinese character followed by a saying word or a punctuation mark."""
    if len(window) < k + 2 or not _is_cjk(window[k]):
        return False
    c, after = window[k], window[k + 1]
    if c in vocab.AFTER_NAME_CHARS or c in vocab.STOP_CHARS or c in vocab.PRONOUN_CHARS:
        return False
    if word_freq(window[k:k + 2]) > 0:
        return False
    return after in vocab.AFTER_NAME_CHARS or after in "，。；：、,;:"


def person_after(text: str, pos: int) -> str | None:
    """A Chinese personal name starting at ``pos`` (right after a title), or None.

    A surname from the general surname list, then a given name of two characters, or of one
    when the character after it is one that follows names (说, 很, 成, 介绍 …: 张锋很是感慨,
    关炜成了). A name jieba's dictionary knows as a person (tag nr) is taken as it is."""
    window = text[pos:pos + 6]
    if len(window) < 2 or not _is_cjk(window[0]):
        return None
    if window[:2] in vocab.JAPANESE_SURNAMES and len(window) >= 4 and all(_is_cjk(c) for c in window[2:4]) \
            and window[2] not in vocab.AFTER_NAME_CHARS and (window[3] not in vocab.AFTER_NAME_CHARS
                                                              or window[3] in "一郎"):
        return window[:4]  # 中村浩二
    sur = window[:2] if window[:2] in vocab.COMPOUND_SURNAMES else window[0]
    if sur not in vocab.SURNAMES and sur not in vocab.COMPOUND_SURNAMES:
        return None
    n = len(sur)
    given = window[n:n + 2]
    if len(given) == 2 and given[0] in vocab.GIVEN_ALSO_AFTER and _is_cjk(given[1]) \
            and given[1] not in vocab.AFTER_NAME_CHARS and given[1] not in vocab.STOP_CHARS \
            and given[1] not in vocab.PRONOUN_CHARS and word_freq(given) <= 0:
        return window[:n + 2]  # 崔成焕, 张和平 (not 关炜成了, 王成为, 刘成功)
    for length in (n + 2, n + 1):
        if word_tag(window[:length]) in ("nr", "nrfg", "nrt") and len(window) >= length:
            if length == n + 1 and _third_name_char(window, length):
                return window[:length + 1]  # 林海涛介绍: 林海 is a word, 林海涛 the name
            return window[:length]
    given = window[n:n + 2]
    if not given or not _is_cjk(given[0]) or given[0] in vocab.STOP_CHARS or given[0] in vocab.AFTER_NAME_CHARS:
        return None
    if vocab.POST_RE.match(window, n) or window.startswith(_NOT_GIVEN_NAMES, n):
        return None
    if len(given) == 2 and _is_cjk(given[1]) and given[1] not in vocab.AFTER_NAME_CHARS:
        return window[:n + 2]
    return window[:n + 1]


_NAME_DOT_RE = re.compile("[" + re.escape(vocab.NAME_DOTS) + "]")
_FOREIGN_PART_MAX = 6


def _bridges(text: str, i: int, neighbour: str) -> bool:
    """A character outside the transliteration set inside a foreign name's part (施耐德, 耐 between
    施 and 德): a Chinese character that is no function or saying character, next to a
    transliteration character on the far side, and no word with either neighbour (…诺夫出席: 出席)."""
    c = text[i]
    return (_is_cjk(c) and neighbour in vocab.TRANSLIT_CHARS and c not in vocab.AFTER_NAME_CHARS
            and c not in vocab.STOP_CHARS and not vocab.POST_RE.match(text, i)
            and word_freq(text[i - 1:i + 1]) < _BRIDGE_WORD_MIN and word_freq(text[i:i + 2]) < _BRIDGE_WORD_MIN)


_BRIDGE_WORD_MIN = 100  # jieba frequency from which two characters are a word, not a name's syllables


def _name_char(c: str) -> bool:
    return _is_cjk(c) and c not in vocab.AFTER_NAME_CHARS and c not in vocab.STOP_CHARS


def _ends_name_at(text: str, i: int) -> bool:
    """What stands at ``i`` ends a name: the text's end, a mark, a saying/function character, an
    honorific or a post title."""
    return (i >= len(text) or not _is_cjk(text[i]) or text[i] in vocab.AFTER_NAME_CHARS
            or text.startswith(vocab.AFTER_FOREIGN_NAME, i) or bool(vocab.POST_RE.match(text, i)))


def _name_edge_before(text: str, a: int, d: int) -> bool:
    """``text[a - 1]``, outside the transliteration set, still opens or ends the first part: right
    before the dot after a transliteration character (乔治·), or first after a title, a mark or a
    function character (总经理|富兰克林·…)."""
    if a < 1 or not _name_char(text[a - 1]):
        return False
    if a == d:
        return a >= 2 and text[a - 2] in vocab.TRANSLIT_CHARS
    if text[a] not in vocab.TRANSLIT_CHARS or word_freq(text[a - 1:a + 1]) >= _BRIDGE_WORD_MIN:
        return False
    return a == 1 or not _is_cjk(text[a - 2]) or text[a - 2] in vocab.AFTER_NAME_CHARS or any(
        t.end() == a - 1 for t in vocab.POST_RE.finditer(text, max(0, a - 8), a - 1))


def _name_edge_after(text: str, b: int, c: int) -> bool:
    """``text[c]``, outside the transliteration set, still opens a part after the dot (·朔伊布勒)
    or ends the last one before what ends a name (·齐默介绍, ·博世表示)."""
    if c >= len(text) or not _name_char(text[c]) or vocab.POST_RE.match(text, c):
        return False
    if c == b + 1:
        return c + 1 < len(text) and text[c + 1] in vocab.TRANSLIT_CHARS
    return (text[c - 1] in vocab.TRANSLIT_CHARS and _ends_name_at(text, c + 1)
            and word_freq(text[c - 1:c + 1]) < _BRIDGE_WORD_MIN and word_freq(text[c:c + 2]) < _BRIDGE_WORD_MIN)


def foreign_names(text: str) -> list[tuple[int, int, str]]:
    """Foreign personal names written in transliteration characters with a separating dot
    (托马斯·穆勒, 彼得.霍夫曼, 安娜•施密特): (start, end, name with the dot written ·).

    Each part is a run of transliteration characters (vocab.TRANSLIT_CHARS); the name does not
    take in a post title before it (总经理托马斯 → 托马斯) nor an honorific after it (…博士)."""
    out: list[tuple[int, int, str]] = []
    n = len(text)
    last_end = -1
    for m in _NAME_DOT_RE.finditer(text):
        d = m.start()
        if d <= last_end or d == 0 or d + 1 >= n:
            continue
        a = d
        while a > 0 and d - a < _FOREIGN_PART_MAX and (text[a - 1] in vocab.TRANSLIT_CHARS or
                                                       (a > 1 and _bridges(text, a - 1, text[a - 2])) or
                                                       _name_edge_before(text, a, d)):
            a -= 1
        if a == d:
            continue
        for title in vocab.POST_RE.finditer(text, max(0, a - 4), d):
            if a < title.end() < d:
                a = title.end()  # 总经理托马斯: 理 ends the title, not the name
        if a == d:
            continue
        parts_end = d
        b = d
        while b < n and text[b] in vocab.NAME_DOTS:
            c = b + 1
            while c < n and c - b - 1 < _FOREIGN_PART_MAX and (text[c] in vocab.TRANSLIT_CHARS or (
                    c > b + 1 and c + 1 < n and _bridges(text, c, text[c + 1])) or _name_edge_after(text, b, c)):
                if text.startswith(vocab.AFTER_FOREIGN_NAME, c) or vocab.POST_RE.match(text, c):
                    break
                c += 1
            if c == b + 1:
                break
            parts_end = b = c
        if parts_end == d or parts_end - a < 3:
            continue
        name = _NAME_DOT_RE.sub("·", text[a:parts_end])
        out.append((a, parts_end, name))
        last_end = parts_end
    return out


def _people_and_posts(doc: _Doc) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    foreign = {a: (a, b, name) for a, b, name in foreign_names(text)}
    taken: set[int] = set()
    for m in vocab.POST_RE.finditer(text):
        post = Mention("post", "Post", m.start(), m.end(), m.group(), m.group())
        out.append(post)
        if m.end() in foreign:
            a, b, name = foreign[m.end()]
            p = Mention("person", "Person", a, b, text[a:b], name, data={"post": post, "foreign": True})
            taken.add(a)
        else:
            word = person_after(text, m.end())
            if not word or any(a <= m.end() < b for a, b, _ in foreign.values()):
                continue
            p = Mention("person", "Person", m.end(), m.end() + len(word), word, word, data={"post": post})
        post.data["person"] = p
        out.append(p)
    for a, (_, b, name) in sorted(foreign.items()):
        if a not in taken:
            out.append(Mention("person", "Person", a, b, text[a:b], name, data={"foreign": True}))
    return out


def _anaphora(doc: _Doc) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for m in vocab.ANAPHOR_RE.finditer(text):
        form = m.group()
        if form in ("项目", "园区"):
            prev = text[m.start() - 1] if m.start() else "\n"
            if prev not in _HARD:
                continue
        out.append(Mention("anaphor", vocab.ANAPHORA[form], m.start(), m.end(), form, form))
    return out


def _concepts(doc: _Doc, filename: str, kind: str, skip_top: bool = False,
              names: SpanIndex | None = None) -> list[Mention]:
    """Concept labels of a SKOS file in the text; with ``names``, only those no name contains."""
    rx = _label_index(filename, skip_top)
    if rx is None:
        return []
    labels = concept_labels(filename, skip_top)
    contained = names.contains_span if names is not None else (lambda a, b: False)
    out = []
    for m in rx.finditer(doc.text):
        a, b = m.span()
        if not contained(a, b):
            label = m.group()
            out.append(Mention(kind, "Concept", a, b, label, label, data={"iri": labels[label]}))
    return out


def _figures(doc: _Doc) -> list[Mention]:
    try:
        from .figures import find_figures
    except ImportError:
        return []
    out = []
    for f in find_figures(doc.text):
        out.append(Mention("figure", "Quantity", f.start, f.end, f.text, f.text, data={"figure": f}))
    return out


def _times(doc: _Doc, published, estimated: bool) -> list[Mention]:
    try:
        from .timex import find_times
    except ImportError:
        return []
    out = []
    for t in find_times(doc.text, published, estimated):
        out.append(Mention("time", "Interval", t.start, t.end, t.text, t.text, data={"time": t}))
    return out


# ---------------------------------------------------------------------------- orchestration

_NAMED = ("zone", "park", "parcel", "division", "company", "institute", "body", "project")


def _drop_nested_same_kind(ms: list[Mention]) -> list[Mention]:
    ms = sorted(ms, key=lambda m: (m.start, -(m.end - m.start), m.kind))
    out: list[Mention] = []
    seen: set[tuple[str, int, int]] = set()
    for m in ms:
        key = (m.kind, m.start, m.end)
        if key in seen:
            continue
        kind, start, end = key
        if any(o.kind == kind and o.start <= start and end <= o.end for o in out[-12:]):
            continue
        seen.add(key)
        out.append(m)
    return out




def find_mentions(
    rt: RepairedText, sentences: list[Sentence], published=None, estimated: bool = False
) -> list[Mention]:
    """All mentions of one repaired document, sorted by position."""
    new_document()  # the segmentation memo starts empty for each document
    doc = _Doc(rt, sentences)
    zones = _zones(doc)
    zones += _damaged_zones(doc, [z for z in zones if z.kind == "zone"])
    divisions = _divisions(doc)
    joint = [z for z in zones if z.kind == "division"]
    divisions = [d for d in divisions if not any(j.start == d.start and j.end == d.end for j in joint)]
    divisions += _pattern_villages(doc, divisions + joint)
    divisions += _villages_after_towns(doc, divisions + joint)
    divisions += _short_villages(doc, divisions + joint, [z for z in zones if z.kind == "zone"])
    divisions += _repeated_divisions(doc, divisions + joint, zones)
    companies = _companies(doc)
    _extend_to_known_cores(doc, companies)
    companies += _factories(doc, companies)
    institutes = _institutes(doc, companies)
    anchors = zones + divisions
    parks = _parks(doc, anchors)
    companies += _short_companies(doc, companies, anchors + parks)
    bodies = _bodies(doc, anchors + parks + companies + institutes)
    projects = _projects(doc, companies, [d for d in divisions if d.cls == "Village" or d.data.get("codes")],
                         zones + parks + divisions)
    parcels = _parcels(doc, companies)
    people = _people_and_posts(doc)
    named = _drop_nested_same_kind(zones + divisions + companies + institutes + parks + bodies + projects + parcels)
    _repair_damaged_names(doc, named)
    named = sorted(named + _damaged_spans(doc, named), key=lambda m: (m.start, -(m.end - m.start), m.kind))
    named = sorted(named + _short_places(doc, named), key=lambda m: (m.start, -(m.end - m.start), m.kind))
    index = SpanIndex(named)
    named = [m for m in named if not (m.kind == "division" and index.contains(m, ("company", "park", "project")))]
    index = SpanIndex(named)
    others = _anaphora(doc) + _figures(doc) + _times(doc, published, estimated)
    concepts = _concepts(doc, "industries.ttl", "industry", names=index) + \
        _concepts(doc, "indicators.ttl", "indicator", skip_top=True, names=index)
    indicators = SpanIndex(c for c in concepts if c.kind == "indicator")
    others = [o for o in others if not (o.kind == "figure" and indicators.contains(o))]  # 亿元以上产业项目
    others = [o for o in others if not (o.kind == "anaphor" and index.contains(o))]
    not_bodies = tuple(k for k in _NAMED if k != "body")
    people = [p for p in people if not index.contains(p, not_bodies)]
    all_ms = sorted(named + people + others + concepts, key=lambda m: (m.start, -(m.end - m.start), m.kind))
    starts, k = doc._starts, 0  # the mentions are in order of their start: one walk over the sentences
    for m in all_ms:
        while k < len(starts) and starts[k] <= m.start:
            k += 1
        m.sentence = max(k - 1, 0)  # = doc.sentence_of(m.start)
    return all_ms

