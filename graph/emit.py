"""RDF: the quads of one document, following docs/design.md and ontology/edzkg.ttl.

Everything goes in the document's named graph. IRIs are deterministic (no blank nodes):
spans ``doc/{docid}/span/{start}-{end}`` (original offsets), statements
``doc/{docid}/stmt/{sha1}``, figures ``id/figure/{docid}-{start}-{end}``, observations
``id/observation/{docid}-{start}-{end}``, time intervals ``doc/{docid}/time/{start}-{end}`` with
instants ``…/begin`` and ``…/end``. Triples come out in the order they are made (no set
iteration), so the same input gives the same quads in the same order.

The quads are written straight as canonical N-Quads lines (the text pyoxigraph prints for a
``Quad``, plus `` .\\n``): building one pyoxigraph object per term and quad cost a third of the
extraction time. Terms are kept as their N-Triples text (``<iri>``, ``"lexical"@lang``,
``"lexical"^^<datatype>``); every IRI that does not start with an already checked one is checked
once by pyoxigraph, and literals are escaped exactly as pyoxigraph escapes them.
"""

from __future__ import annotations

import functools
import re
from hashlib import sha1 as _sha1
from decimal import ROUND_HALF_EVEN, Decimal
from math import gcd
from typing import Any

import pyoxigraph as ox

from . import figures
from .corpus import Document
from .iris import DEFAULT_BASE, PREFIXES, Namespace, rebase
from .mentions import Mention
from .relations import Fact, Lit, Observation, Quantity, Ref, Relations
from .repair import _DIGIT_SEP, RepairedText, normalise, normalise_char
from .resolve import Entity, Resolution
from .sentences import Sentence

__all__ = ["emit", "emit_nquads", "nquads_to_quads"]

RDF, RDFS, XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"]
SKOS, OA, NIF = PREFIXES["skos"], PREFIXES["oa"], PREFIXES["nif"]
PROV, TIME, QUDT = PREFIXES["prov"], PREFIXES["time"], PREFIXES["qudt"]
DCT, UNIT, QB = PREFIXES["dcterms"], PREFIXES["unit"], PREFIXES["qb"]
CUR = "http://qudt.org/vocab/currency/"

_UNIT_KIND_CLASS = {"headline": "Headline", "paragraph": "Paragraph", "caption": "Caption", "credit": "Credit"}
_FIGURE_CLASS = {"money": "MonetaryAmount", "area": "Area", "count": "Count", "percent": "Percentage",
                 "capacity": "Capacity"}
_APPROX = {"exact": "Exact", "at_least": "AtLeast", "at_most": "AtMost", "approximately": "Approximately"}
_CURRENCIES = {"CNY", "EUR", "USD", "JPY", "GBP", "HKD", "KRW", "SGD", "AUD", "CAD", "CHF"}
_UNITS = {"PERCENT": UNIT + "PERCENT", "TONNE": UNIT + "TONNE", "KG": UNIT + "KiloGM", "M": UNIT + "M",
          "KM": UNIT + "KiloM", "M2": UNIT + "M2", "HA": UNIT + "HA", "KM2": UNIT + "KiloM2",
          "YEAR": UNIT + "YR", "MONTH": UNIT + "MO", "DAY": UNIT + "DAY", "HOUR": UNIT + "HR",
          "W": UNIT + "W", "KWH": UNIT + "KiloW-HR",
          "PERCENTAGE_POINT": UNIT + "PERCENT"}  # 2.1个百分点: a difference of percents

_PRODUCT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:建设项目|基地项目|生产线项目|生产线|项目|基地|的|，|。)")

# vocabulary terms as N-Triples text
_DCT_identifier = f"<{DCT}identifier>"
_DCT_issued = f"<{DCT}issued>"
_DCT_language = f"<{DCT}language>"
_DCT_rights = f"<{DCT}rights>"
_DCT_source = f"<{DCT}source>"
_DCT_title = f"<{DCT}title>"
_NIF_isString = f"<{NIF}isString>"
_OA_end = f"<{OA}end>"
_OA_exact = f"<{OA}exact>"
_OA_start = f"<{OA}start>"
_PROV_wasDerivedFrom = f"<{PROV}wasDerivedFrom>"
_QUDT_numericValue = f"<{QUDT}numericValue>"
_QUDT_unit = f"<{QUDT}unit>"
_RDF_object = f"<{RDF}object>"
_RDF_predicate = f"<{RDF}predicate>"
_RDF_subject = f"<{RDF}subject>"
_RDF_type = f"<{RDF}type>"
_RDFS_comment = f"<{RDFS}comment>"
_RDFS_label = f"<{RDFS}label>"
_SKOS_altLabel = f"<{SKOS}altLabel>"
_TIME_Instant = f"<{TIME}Instant>"
_TIME_Interval = f"<{TIME}Interval>"
_TIME_inXSDDate = f"<{TIME}inXSDDate>"

# -- N-Triples text of terms, exactly as pyoxigraph prints them (tests/test_emit_nquads.py)

# pyoxigraph's escapes inside a quoted literal: \b \t \n \f \r \" \\ and \uXXXX for the other
# C0 controls, DEL, U+FFFE and U+FFFF
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "]")
_RARE_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES) if chr(c) not in '\\"\n\r\t') + "]")
_XSD_STRING = XSD + "string"


def _escape(value: str) -> str:
    # printable text without '"' and '\\' has nothing to escape (every escaped character is a
    # control or non-character, never printable): three string tests, cheaper than the search
    if value.isprintable() and '"' not in value and "\\" not in value:
        return value
    if not _NEEDS_ESCAPE.search(value):
        return value
    # the usual ones by str.replace (one scan each; '\\' first, so that no inserted backslash is
    # doubled), then the rare controls by the pattern: the same as one pass over the characters
    value = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
             .replace("\t", "\\t"))
    return _RARE_ESCAPE.sub(_escape_one, value) if _RARE_ESCAPE.search(value) else value


def _escape_one(m: re.Match) -> str:
    return _ESCAPES[ord(m.group())]


def lit(value: str) -> str:
    """A plain (xsd:string) literal."""
    return f'"{_escape(value)}"'


@functools.lru_cache(maxsize=64)
def _lang_suffix(lang: str) -> str:
    """``@tag`` as pyoxigraph writes it (checked by pyoxigraph, lower-cased)."""
    return "@" + ox.Literal("", language=lang).language


def lang_lit(value: str, lang: str) -> str:
    return f'"{_escape(value)}"{_lang_suffix(lang)}'


def typed_lit(value: str, datatype: str) -> str:
    """A literal of datatype IRI ``datatype`` (xsd:string is written as a plain literal)."""
    if datatype == _XSD_STRING:
        return lit(value)
    return f'"{_escape(value)}"^^{iri(datatype)}'


@functools.lru_cache(maxsize=1 << 16)
def iri(value: str) -> str:
    """``<value>``, the IRI checked once by pyoxigraph (ValueError names a bad one)."""
    ox.NamedNode(value)
    return f"<{value}>"


_DECIMAL = XSD + "decimal"
_NONNEG = XSD + "nonNegativeInteger"


def _dec(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    if text in ("-0", ""):
        text = "0"
    return f'"{text}"^^<{_DECIMAL}>'


def _iri_value(term: str) -> str:
    """The IRI inside ``<…>``."""
    return term[1:-1]


class _Terms(dict):
    """``<namespace + local>`` by local name, made (and checked) on first use."""

    def __init__(self, namespace: str) -> None:
        super().__init__()
        self.namespace = namespace

    def __missing__(self, local: str) -> str:
        term = self[local] = iri(self.namespace + local)
        return term


@functools.lru_cache(maxsize=8)
def _edz_terms(namespace: str) -> _Terms:
    return _Terms(namespace)


# repair.normalise of one character (normalise is per character but for digit separators)
_NORMALISED_CHAR = {chr(c): normalise_char(chr(c)) for c in range(128) if normalise_char(chr(c)) != chr(c)}


class _Emitter:
    def __init__(self, doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence],
                 res: Resolution, rel: Relations) -> None:
        self.doc = doc
        self.ns = ns
        self.rt = rt
        self.sentences = sentences
        self.res = res
        self.rel = rel
        # the document's own IRIs are checked here; spans, times, statements, figures and
        # observations extend them with digits, hex and '-' only
        self.doc_iri = doc_iri = ns.document(doc.docid)
        self.doc_node = doc_node = iri(doc_iri)
        self.graph = iri(ns.doc_graph(doc.docid))
        figure_iri = ns.entity("figure", doc.docid)
        iri(figure_iri)
        self.tail = tail = f" {self.graph} .\n"
        self.out: list[str] = []  # N-Quads lines in the order made: the same input, the same lines
        self._done: set[str] = set()  # figure and interval nodes already written
        self._spans: dict[str, Any] = {}  # span node → its class (a set of them when several)
        self._mentions: set[tuple[int, int, str]] = set()
        self.sentence_nodes: list[str] = []
        self._in_sentence: list[str] = []  # " edz:inSentence <sentence span> <graph> .\n" by index
        terms = _edz_terms(ns.edz)
        self.edz = edz = terms.__getitem__  # edz("mention") → "<…ontology#mention>"
        # pieces of lines written over and over (each ends where the next variable part starts)
        self._mention = f" {edz('mention')} "
        self._in_sentence_p = f" {edz('inSentence')} "
        self._span_prefix = f"<{doc_iri}/span/"
        self._span_start = f' {_OA_start} "'
        self._span_end = f' {_OA_end} "'
        self._nonneg_tail = f'"^^<{_NONNEG}>{tail}'
        self._span_exact = f' {_OA_exact} "'
        self._span_repaired = f' {edz("repairedText")} "'
        self._quote_tail = '"' + tail
        self._span_in_doc = f" {edz('inDocument')} {doc_node}{tail}"
        self._figure_prefix = f"<{figure_iri}-"
        self._observation_prefix = f"<{ns.entity('observation', doc.docid)}-"
        self._statement_prefix = f"<{doc_iri}/stmt/"
        self._original_text = f' {edz("originalText")} "'
        self._extracted_by = f' {edz("extractedBy")} "'
        self._derived = f" {_PROV_wasDerivedFrom} {doc_node}{tail}"
        self._evidence: list[str] = []  # " edz:evidence <sentence span> <graph> .\n" by index
        self._type_tails = _TypeTails(f" {_RDF_type} ", terms, tail)  # cls → " rdf:type edz:cls <graph> .\n"
        self._origin = rt.origin
        self._repaired_text = rt.text
        self._text = doc.text
        self._norm: str | None = None  # normalise(doc.text), made on first use
        self._plain: bool | None = None  # no digit separator kept by normalise in the whole text
        self._values: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # id(figure) → its value pieces

    # -- small helpers
    @staticmethod
    def n(value: str) -> str:
        return iri(value)

    def t(self, s: str, p: str, o: str) -> None:
        self.out.append(f"{s} {p} {o}{self.tail}")

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen (nodes shared by several facts are written once)."""
        if key in self._done:
            return False
        self._done.add(key)
        return True

    def concept(self, value: str) -> str:
        return iri(rebase(value, self.ns.base) if value.startswith(DEFAULT_BASE) else value)

    def span(self, start: int, end: int, cls: str, repaired: str | None = None) -> str:
        """A span node over ORIGINAL offsets; oa:exact is exactly original[start:end];
        edz:repairedText when given (the repair did more than normalise punctuation)."""
        node = f"{self._span_prefix}{start}-{end}>"
        if self._seen_span(node, cls):
            return node
        self._new_span(node, start, end, cls, repaired)
        return node

    def _seen_span(self, node: str, cls: str) -> bool:
        """True when ``node`` was written before (its rdf:type ``cls`` is added if new to it)."""
        spans = self._spans
        seen = spans.get(node)
        if seen is None:
            spans[node] = cls
            return False
        if seen != cls:
            if type(seen) is str:
                spans[node] = {seen, cls}
            elif cls in seen:
                return True
            else:
                seen.add(cls)
            self.out.append(node + self._type_tails[cls])
        return True

    def _new_span(self, node: str, start: int, end: int, cls: str, repaired: str | None) -> None:
        self.out += (
            node + self._type_tails[cls],
            f"{node}{self._span_start}{start}{self._nonneg_tail}",
            f"{node}{self._span_end}{end}{self._nonneg_tail}",
            f"{node}{self._span_exact}{_escape(self._text[start:end])}{self._quote_tail}",
            node + self._span_in_doc,
        )
        if repaired is not None:
            self.out.append(f"{node}{self._span_repaired}{_escape(repaired)}{self._quote_tail}")

    def repaired_span(self, a: int, b: int, cls: str) -> str:
        """The span of repaired [a, b) (``span`` over its original offsets, written out here)."""
        origin = self._origin
        oa, ob = origin[a], origin[b - 1] + 1
        node = f"{self._span_prefix}{oa}-{ob}>"
        spans = self._spans
        seen = spans.get(node)
        if seen is not None:  # written before (what the repair did too): maybe one more class
            if seen != cls:
                self._seen_span(node, cls)
            return node
        spans[node] = cls
        repaired: str | None = self._repaired_text[a:b]
        if ob - oa == len(repaired):
            plain = self._plain
            if plain is None:
                plain = self._plain = self._plain_text()
            # without digit separators normalise is per character: compare with the whole
            # text's normalisation in place (no slice)
            if self._norm.startswith(repaired, oa) if plain else self._only_normalised(repaired, oa, ob):
                repaired = None
        self._new_span(node, oa, ob, cls, repaired)
        return node

    def _plain_text(self) -> bool:
        """Normalise the whole text once; True when it keeps no digit separator (1,000 / 12:30),
        so that it is the per-character mapping everywhere."""
        text = self._text
        if self._norm is None:
            self._norm = normalise(text)
        return not (("," in text or ":" in text) and _DIGIT_SEP.search(text))

    def _only_normalised(self, repaired: str, oa: int, ob: int) -> bool:
        """``repaired == normalise(original[oa:ob])``, from one normalisation of the whole text:
        normalise is per character except a ``,``/``:`` between two digits, so inside the slice
        it agrees with the whole text's, and at the slice's two ends (no digit beyond) it is the
        plain per-character mapping."""
        text = self.doc.text
        one = _NORMALISED_CHAR.get
        first = text[oa]
        if ob - oa == 1:
            return repaired == one(first, first)
        last = text[ob - 1]
        norm = self._norm
        if norm is None:
            norm = self._norm = normalise(text)
        return (repaired[0] == one(first, first) and repaired[-1] == one(last, last)
                and repaired[1:-1] == norm[oa + 1:ob - 1])

    # -- document, units, sentences
    def document(self) -> None:
        d, doc = self.doc_node, self.doc
        self.t(d, _RDF_type, self.edz("Document"))
        self.t(d, _NIF_isString, lit(doc.text))
        if doc.title:
            self.t(d, _DCT_title, lang_lit(doc.title, doc.language or "zh"))
        title_en = doc.meta.get("title_en") if isinstance(doc.meta, dict) else None
        if title_en:
            self.t(d, _DCT_title, lang_lit(str(title_en), "en"))
        if doc.published:
            self.t(d, _DCT_issued, typed_lit(doc.published.isoformat(), XSD + "date"))
            self.t(d, self.edz("estimated"), typed_lit("true" if doc.published_estimated else "false",
                                                       XSD + "boolean"))
        self.t(d, _DCT_language, lit(doc.language or "zh"))
        self.t(d, _DCT_identifier, lit(doc.docid))
        if doc.source:
            self.t(d, _DCT_source, lit(doc.source))
        if doc.licence:
            self.t(d, _DCT_rights, lit(doc.licence))
        out, tail = self.out, self.tail
        unit_nodes = []
        p_kind = f" {self.edz('unitKind')} "
        for u in self.rt.units:
            node = self.repaired_span(u.start, u.end, "TextUnit")
            out.append(node + self._type_tails[_UNIT_KIND_CLASS[u.kind]])
            out.append(f"{node}{p_kind}{lit(u.kind)}{tail}")
            unit_nodes.append((u, node))
        k = 0
        p_unit = f" {self.edz('inTextUnit')} "
        in_sentence = self._in_sentence_p
        evidence = f" {self.edz('evidence')} "
        for s in self.sentences:
            node = self.repaired_span(s.start, s.end, "Sentence")
            while k + 1 < len(unit_nodes) and unit_nodes[k][0].end <= s.start:
                k += 1
            if unit_nodes:
                out.append(f"{node}{p_unit}{unit_nodes[k][1]}{tail}")
            self.sentence_nodes.append(node)
            self._in_sentence.append(f"{in_sentence}{node}{tail}")
            self._evidence.append(f"{evidence}{node}{tail}")

    def mention(self, m: Mention, target: str) -> None:
        """The mention's span, its sentence, and ``target edz:mention span`` (the inverse
        edz:refersTo is left to the ontology: owl:inverseOf)."""
        key = (m.start, m.end, target)
        if key in self._mentions:
            return
        self._mentions.add(key)
        node = self.repaired_span(m.start, m.end, "Mention")
        if 0 <= m.sentence < len(self._in_sentence):
            self.out += (node + self._in_sentence[m.sentence], f"{target}{self._mention}{node}{self.tail}")
        else:
            self.out.append(f"{target}{self._mention}{node}{self.tail}")

    # -- entities
    def entities(self) -> None:
        out, tail = self.out, self.tail
        type_tails, mention = self._type_tails, self.mention
        label = f" {_RDFS_label} "
        alt = f" {_SKOS_altLabel} "
        zh, en = _lang_suffix("zh") + tail, _lang_suffix("en") + tail
        for e in list(self.res.entities.values()) + list(self.rel.extra.values()):
            node = iri(e.iri)
            out += (node + type_tails[e.cls], f'{node}{label}"{_escape(e.label)}"{zh}')
            if e.label_en:
                out.append(f'{node}{label}"{_escape(e.label_en)}"{en}')
            if e.aliases:
                for a in sorted(e.aliases):
                    if a != e.label:
                        out.append(f'{node}{alt}"{_escape(a)}"{zh}')
            if e.code:
                self.t(node, self.edz("divisionCode"), lit(e.code))
            for m in e.mentions:
                mention(m, node)
        ms = self.res.mentions
        for m in ms:  # every figure the text states, used by a fact or not
            if m.kind == "figure":
                self.figure(m)
        of = self.res.of
        for m in ms:  # anaphora point at their antecedent too
            if m.kind == "anaphor":
                e = of(m)
                if e is not None:
                    mention(m, iri(e.iri))

    # -- values
    def figure(self, m: Mention) -> str:
        f = m.data["figure"]
        a, b = m.start, m.end
        oa, ob = self.rt.original_span(a, b) if b <= a else (self._origin[a], self._origin[b - 1] + 1)
        node = f"{self._figure_prefix}{oa}-{ob}>"
        if node in self._done:
            return node
        self._done.add(node)
        out, tail, edz = self.out, self.tail, self.edz
        type_tails = self._type_tails
        out.append(node + type_tails["Quantity"])
        cls = _FIGURE_CLASS.get(f.kind) if f.unit != "PERCENTAGE_POINT" else None  # a difference, no percentage
        if cls:
            out.append(node + type_tails[cls])
        out.append(f'{node}{self._original_text}{_escape(m.text.replace(chr(10), ""))}{self._quote_tail}')
        values, extra = self.values(f)
        out += [f"{node}{pv}{tail}" for pv in values]
        if f.per_year:
            out.append(f'{node} {edz("perPeriod")} "P1Y"^^<{XSD}duration>{tail}')
        if extra:  # an area: the value in m², ha and mu
            out += [f"{node}{pv}{tail}" for pv in extra]
        elif f.kind == "count" and f.counter:
            self.t(node, edz("countOf"), lang_lit(f.counter, "zh"))
        elif f.kind == "capacity":
            product = _PRODUCT.match(self.rt.text, m.end)
            if product:
                self.t(node, edz("product"), lang_lit(product.group(1), "zh"))
        self.mention(m, node)
        return node

    def values(self, f) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """`` p o`` pieces of qudt:numericValue (base unit: m² for areas), qudt:unit, edz:currency,
        edz:approximation, and for an area edz:valueInSquareMetres/valueInHectares/valueInMu
        (made once per figure: a figure and its observation share them)."""
        out = self._values.get(id(f))
        if out is None:
            out = self._values[id(f)] = _value_pieces(self.ns.edz, f)
        return out

    def interval(self, m: Mention) -> str:
        tx = m.data["time"]
        oa, ob = self.rt.original_span(m.start, m.end)
        base = f"{self.doc_iri}/time/{oa}-{ob}"
        node = f"<{base}>"
        if not self.first(node):
            return node
        self.t(node, _RDF_type, _TIME_Interval)
        self.t(node, self.edz("originalText"), lit(m.text.replace("\n", "")))
        if tx.estimated:
            self.t(node, self.edz("estimated"), typed_lit("true", XSD + "boolean"))
        for prop, day, suffix in (("hasBeginning", tx.begin, "begin"), ("hasEnd", tx.end_date, "end")):
            if day is None:
                continue
            inst = f"<{base}/{suffix}>"
            self.t(node, self.n(TIME + prop), inst)
            self.t(inst, _RDF_type, _TIME_Instant)
            self.t(inst, _TIME_inXSDDate, typed_lit(day.isoformat(), XSD + "date"))
        self.mention(m, node)
        return node

    def issued_instant(self) -> str:
        """The publication date as an interval of one day (for figures the text gives as current)."""
        base = f"{self.doc_iri}/time/issued"
        node = f"<{base}>"
        if not self.first(node):
            return node
        day = typed_lit(self.doc.published.isoformat(), XSD + "date")
        self.t(node, _RDF_type, _TIME_Interval)
        self.t(node, self.edz("originalText"), lit(""))
        self.t(node, _RDFS_comment, lang_lit("publication date of the document", "en"))
        if self.doc.published_estimated:
            self.t(node, self.edz("estimated"), typed_lit("true", XSD + "boolean"))
        for prop, suffix in (("hasBeginning", "begin"), ("hasEnd", "end")):
            inst = f"<{base}/{suffix}>"
            self.t(node, self.n(TIME + prop), inst)
            self.t(inst, _RDF_type, _TIME_Instant)
            self.t(inst, _TIME_inXSDDate, day)
        return node

    def term(self, x: Any) -> str:
        if isinstance(x, Entity):
            return iri(x.iri)
        if isinstance(x, Quantity):
            return self.figure(x.mention)
        if isinstance(x, Lit):
            if x.datatype:
                return typed_lit(x.value, XSD + x.datatype)
            return lang_lit(x.value, x.lang) if x.lang else lit(x.value)
        if isinstance(x, Ref):
            return self.concept(x.iri) if ":" in x.iri else self.edz(x.iri)
        if isinstance(x, Mention) and x.kind == "time":
            return self.interval(x)
        raise TypeError(f"cannot emit {x!r}")

    # -- facts
    def facts(self) -> None:
        for f in self.rel.facts:
            self.fact(f)
        for o in self.rel.observations:
            self.observation(o)

    def fact(self, f: Fact) -> None:
        term, edz, tail = self.term, self.edz, self.tail
        s, p, o = term(f.s), edz(f.p), term(f.o)
        # the statement IRI hashes the N-Triples text of the three terms (Namespace.statement)
        st = f"{self._statement_prefix}{_sha1(f'{s}{_NL}{p}{_NL}{o}'.encode()).hexdigest()[:12]}>"
        self.out += (
            f"{s} {p} {o}{tail}",
            st + self._type_tails["Statement"],
            f"{st} {_RDF_subject} {s}{tail}",
            f"{st} {_RDF_predicate} {p}{tail}",
            f"{st} {_RDF_object} {o}{tail}",
            f'{st}{self._extracted_by}{_escape(f.rule)}{self._quote_tail}',
            st + self._derived,
        )
        if 0 <= f.sentence < len(self._evidence):
            self.out.append(st + self._evidence[f.sentence])
        for name, value in f.notes:
            self.t(st, edz(name), term(value))

    def observation(self, o: Observation) -> None:
        fm = o.figure
        fig = fm.data["figure"]
        oa, ob = self.rt.original_span(fm.start, fm.end)
        node = f"{self._observation_prefix}{oa}-{ob}>"
        edz, tail, out = self.edz, self.tail, self.out
        indicator = self.concept(o.indicator)
        out += (node + self._type_tails["Observation"], f"{node} {edz('indicator')} {indicator}{tail}")
        if o.area is not None:
            out.append(f"{node} {edz('refArea')} {iri(o.area.iri)}{tail}")
        if o.period is not None:
            self.t(node, edz("refPeriod"), self.interval(o.period))
        elif self.doc.published is not None:  # a state of things the text reports as current
            self.t(node, edz("refPeriod"), self.issued_instant())
        out.append(f"{node} {edz('valueKind')} {edz(o.kind)}{tail}")
        if o.share_of is not None:
            out.append(f"{node} {edz('shareOf')} {iri(o.share_of.iri)}{tail}")
        if o.basis is not None:  # 同比 / 环比
            out.append(f"{node} {edz('comparisonBasis')} {edz(o.basis)}{tail}")
        self.figure(fm)
        out += [f"{node}{pv}{tail}" for pv in self.values(fig)[0]]
        out += (
            f'{node}{self._original_text}{_escape(fig.text)}{self._quote_tail}',
            f'{node}{self._extracted_by}observation{self._quote_tail}',
            node + self._derived,
        )
        if 0 <= o.sentence < len(self._evidence):
            out.append(node + self._evidence[o.sentence])
        self.mention(o.indicator_mention, indicator)


class _TypeTails(dict):
    """``" rdf:type edz:Cls <graph> .\\n"`` by class local name, made on first use."""

    def __init__(self, type_: str, terms: _Terms, tail: str) -> None:
        super().__init__()
        self.type_, self.terms, self.tail = type_, terms, tail

    def __missing__(self, cls: str) -> str:
        piece = self[cls] = f"{self.type_}{self.terms[cls]}{self.tail}"
        return piece


_NL = "\n"


_VALUE_PIECES: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_VALUE_PIECES_MAX = 4096  # (about 1 kB each)


def _value_pieces(edz_ns: str, f) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The `` p o`` pieces of a figure's value: (approximation, numeric value, unit[, currency]),
    and for an area (value in m², in ha[, in mu]). They depend only on the approximation, kind,
    unit and value, so figures that share those share them (Decimal equality is numeric, and so
    are these texts: 1.0 and 1 both give "1")."""
    key = (edz_ns, f.approximation, f.kind, f.unit, f.value)
    pieces = _VALUE_PIECES.get(key)
    if pieces is None:
        if len(_VALUE_PIECES) >= _VALUE_PIECES_MAX:
            _VALUE_PIECES.clear()
        pieces = _VALUE_PIECES[key] = _make_value_pieces(_edz_terms(edz_ns), f)
    return pieces


def _value_in(f, unit: str) -> str:
    """``_dec(f.value_in(unit))``: the figure's own conversion (the exact fraction, divided at
    60 digits, rounded at the unit's quantum when that is no finite decimal) with plain integers
    where ``Figure.value_in`` builds Fractions (most of its time went to their number-tower
    checks). tests/test_emit_values.py checks the two agree."""
    if unit == f.unit:
        return _dec(f.value)
    src, dst = figures._FACTORS.get(f.unit), figures._FACTORS.get(unit)
    if src is None or dst is None or src[0] != dst[0]:
        return _dec(f.value_in(unit))  # (its error)
    n, d = f.value.as_integer_ratio()
    num, den = n * src[1].numerator * dst[1].denominator, d * src[1].denominator * dst[1].numerator
    g = gcd(num, den)
    num, den = num // g, den // g  # = Fraction(f.value) * src / dst, in lowest terms
    as_decimal = figures._EXACT.divide(Decimal(num), Decimal(den))
    if as_decimal.as_integer_ratio() != (num, den):  # not a finite decimal: round
        as_decimal = as_decimal.quantize(figures._QUANTUM.get(unit, figures._DEFAULT_QUANTUM), ROUND_HALF_EVEN)
    return _dec(figures._canonical(as_decimal))


def _make_value_pieces(edz: _Terms, f) -> tuple[tuple[str, ...], tuple[str, ...]]:
    out = [(edz["approximation"], edz[_APPROX.get(f.approximation, "Exact")])]
    extra: list[tuple[str, str]] = []
    if f.kind == "area" or f.unit in ("MU", "M2", "HA", "KM2"):
        m2 = _value_in(f, "M2")
        out += [(_QUDT_numericValue, m2), (_QUDT_unit, iri(UNIT + "M2"))]
        extra = [(edz["valueInSquareMetres"], m2), (edz["valueInHectares"], _value_in(f, "HA"))]
        if f.unit == "MU":
            extra.append((edz["valueInMu"], _dec(f.value)))
    else:
        out.append((_QUDT_numericValue, _dec(f.value)))
        if f.unit in _CURRENCIES:
            out += [(_QUDT_unit, iri(CUR + f.unit)), (edz["currency"], lit(f.unit))]
        else:
            out.append((_QUDT_unit, iri(_UNITS.get(f.unit, UNIT + "NUM"))))
    return tuple([f" {p} {o}" for p, o in out]), tuple([f" {p} {o}" for p, o in extra])


def emit_nquads(doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence], res: Resolution,
                rel: Relations) -> list[str]:
    """All quads of one document in its named graph as canonical N-Quads lines (each ending in
    `` .\\n``, exactly ``f"{quad} .\\n"`` of the pyoxigraph quad), in a deterministic order."""
    e = _Emitter(doc, ns, rt, sentences, res, rel)
    e.document()
    e.entities()
    e.facts()
    return e.out


def nquads_to_quads(lines: list[str]) -> list[ox.Quad]:
    """pyoxigraph quads of N-Quads lines, in the same order."""
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def emit(doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence], res: Resolution,
         rel: Relations) -> list[ox.Quad]:
    """All quads of one document in its named graph, in a deterministic order (pyoxigraph objects)."""
    return nquads_to_quads(emit_nquads(doc, ns, rt, sentences, res, rel))
