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
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from .corpus import Document
from .iris import DEFAULT_BASE, PREFIXES, Namespace, rebase
from .mentions import Mention
from .relations import Fact, Lit, Observation, Quantity, Ref, Relations
from .repair import RepairedText, normalise, normalise_char
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
          "W": UNIT + "W", "KWH": UNIT + "KiloW-HR"}

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
_XSD_STRING = XSD + "string"


def _escape(value: str) -> str:
    return _NEEDS_ESCAPE.sub(_escape_one, value) if _NEEDS_ESCAPE.search(value) else value


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
        self.doc_iri = ns.document(doc.docid)
        self.doc_node = iri(self.doc_iri)
        self.graph = iri(ns.doc_graph(doc.docid))
        iri(ns.entity("figure", doc.docid))
        self.tail = f" {self.graph} .\n"
        self.out: list[str] = []  # N-Quads lines in the order made: the same input, the same lines
        self._done: set[str] = set()  # span, figure and interval nodes already written
        self._mentions: set[tuple[int, int, str]] = set()
        self.sentence_nodes: list[str] = []
        self.edz = _edz_terms(ns.edz).__getitem__  # edz("mention") → "<…ontology#mention>"
        self.type = _RDF_type
        self.p_start, self.p_end, self.p_exact = _OA_start, _OA_end, _OA_exact
        self.p_in_doc, self.p_in_sent = self.edz("inDocument"), self.edz("inSentence")
        self.p_mention, self.p_repaired = self.edz("mention"), self.edz("repairedText")
        self.span_prefix = f"<{self.doc_iri}/span/"
        self.nonneg_tail = f'"^^<{_NONNEG}>'
        self._norm: str | None = None  # normalise(doc.text), made on first use
        self._values: dict[int, list[tuple[str, str]]] = {}  # id(figure) → its value terms

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
        node = f"{self.span_prefix}{start}-{end}>"
        done = self._done
        typed = node + "#" + cls
        if node in done:
            if typed not in done:
                done.add(typed)
                self.t(node, self.type, self.edz(cls))
            return node
        done.add(node)
        done.add(typed)
        tail, nn = self.tail, self.nonneg_tail
        self.out += (
            f"{node} {self.type} {self.edz(cls)}{tail}",
            f'{node} {self.p_start} "{start}{nn}{tail}',
            f'{node} {self.p_end} "{end}{nn}{tail}',
            f"{node} {self.p_exact} {lit(self.doc.text[start:end])}{tail}",
            f"{node} {self.p_in_doc} {self.doc_node}{tail}",
        )
        if repaired is not None:
            self.out.append(f"{node} {self.p_repaired} {lit(repaired)}{tail}")
        return node

    def repaired_span(self, a: int, b: int, cls: str) -> str:
        """The span of repaired [a, b)."""
        origin = self.rt.origin
        oa, ob = origin[a], origin[b - 1] + 1
        repaired = self.rt.text[a:b]
        if len(repaired) == ob - oa and self._only_normalised(repaired, oa, ob):
            repaired = None
        return self.span(oa, ob, cls, repaired)

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
        unit_nodes = []
        for u in self.rt.units:
            node = self.repaired_span(u.start, u.end, "TextUnit")
            self.t(node, _RDF_type, self.edz(_UNIT_KIND_CLASS[u.kind]))
            self.t(node, self.edz("unitKind"), lit(u.kind))
            unit_nodes.append((u, node))
        k = 0
        for s in self.sentences:
            node = self.repaired_span(s.start, s.end, "Sentence")
            while k + 1 < len(unit_nodes) and unit_nodes[k][0].end <= s.start:
                k += 1
            if unit_nodes:
                self.t(node, self.edz("inTextUnit"), unit_nodes[k][1])
            self.sentence_nodes.append(node)

    def mention(self, m: Mention, target: str) -> None:
        """The mention's span, its sentence, and ``target edz:mention span`` (the inverse
        edz:refersTo is left to the ontology: owl:inverseOf)."""
        key = (m.start, m.end, target)
        if key in self._mentions:
            return
        self._mentions.add(key)
        node = self.repaired_span(m.start, m.end, "Mention")
        if 0 <= m.sentence < len(self.sentence_nodes):
            self.out.append(f"{node} {self.p_in_sent} {self.sentence_nodes[m.sentence]}{self.tail}")
        self.out.append(f"{target} {self.p_mention} {node}{self.tail}")

    # -- entities
    def entities(self) -> None:
        for e in list(self.res.entities.values()) + list(self.rel.extra.values()):
            node = self.n(e.iri)
            self.t(node, _RDF_type, self.edz(e.cls))
            self.t(node, _RDFS_label, lang_lit(e.label, "zh"))
            if e.label_en:
                self.t(node, _RDFS_label, lang_lit(e.label_en, "en"))
            for a in sorted(e.aliases):
                if a != e.label:
                    self.t(node, _SKOS_altLabel, lang_lit(a, "zh"))
            if e.code:
                self.t(node, self.edz("divisionCode"), lit(e.code))
            for m in e.mentions:
                self.mention(m, node)
        for m in self.res.mentions:  # every figure the text states, used by a fact or not
            if m.kind == "figure":
                self.figure(m)
        for m in self.res.mentions:  # anaphora point at their antecedent too
            if m.kind == "anaphor":
                e = self.res.of(m)
                if e is not None:
                    self.mention(m, self.n(e.iri))

    # -- values
    def figure(self, m: Mention) -> str:
        f = m.data["figure"]
        oa, ob = self.rt.original_span(m.start, m.end)
        node = f"<{self.ns.entity('figure', f'{self.doc.docid}-{oa}-{ob}')}>"
        if not self.first(node):
            return node
        self.t(node, _RDF_type, self.edz("Quantity"))
        cls = _FIGURE_CLASS.get(f.kind) if f.unit != "PERCENTAGE_POINT" else None  # a difference, no percentage
        if cls:
            self.t(node, _RDF_type, self.edz(cls))
        self.t(node, self.edz("originalText"), lit(m.text.replace("\n", "")))
        values = self.values(f)
        for p, v in values:
            self.t(node, p, v)
        if f.per_year:
            self.t(node, self.edz("perPeriod"), typed_lit("P1Y", XSD + "duration"))
        if f.kind == "area" or f.unit in ("MU", "M2", "HA", "KM2"):
            self.t(node, self.edz("valueInSquareMetres"), dict(values)[_QUDT_numericValue])
            self.t(node, self.edz("valueInHectares"), _dec(f.value_in("HA")))
            if f.unit == "MU":
                self.t(node, self.edz("valueInMu"), _dec(f.value))
        elif f.kind == "count" and f.counter:
            self.t(node, self.edz("countOf"), lang_lit(f.counter, "zh"))
        elif f.kind == "capacity":
            product = _PRODUCT.match(self.rt.text, m.end)
            if product:
                self.t(node, self.edz("product"), lang_lit(product.group(1), "zh"))
        self.mention(m, node)
        return node

    def values(self, f) -> list[tuple[str, str]]:
        """qudt:numericValue (base unit: m² for areas), qudt:unit, edz:currency, edz:approximation
        (made once per figure: a figure and its observation share them)."""
        out = self._values.get(id(f))
        if out is None:
            out = self._values[id(f)] = self._make_values(f)
        return out

    def _make_values(self, f) -> list[tuple[str, str]]:
        out = [(self.edz("approximation"), self.edz(_APPROX.get(f.approximation, "Exact")))]
        if f.kind == "area" or f.unit in ("MU", "M2", "HA", "KM2"):
            out += [(_QUDT_numericValue, _dec(f.value_in("M2"))), (_QUDT_unit, self.n(UNIT + "M2"))]
            return out
        out.append((_QUDT_numericValue, _dec(f.value)))
        if f.unit in _CURRENCIES:
            out += [(_QUDT_unit, self.n(CUR + f.unit)), (self.edz("currency"), lit(f.unit))]
        else:
            out.append((_QUDT_unit, self.n(_UNITS.get(f.unit, UNIT + "NUM"))))
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
            return self.n(x.iri)
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
        s, p, o = self.term(f.s), self.edz(f.p), self.term(f.o)
        self.t(s, p, o)
        # the statement IRI hashes the N-Triples text of the three terms
        st = f"<{self.ns.statement(self.doc.docid, s, p, o)}>"
        self.t(st, _RDF_type, self.edz("Statement"))
        self.t(st, _RDF_subject, s)
        self.t(st, _RDF_predicate, p)
        self.t(st, _RDF_object, o)
        self.t(st, self.edz("extractedBy"), lit(f.rule))
        self.t(st, _PROV_wasDerivedFrom, self.doc_node)
        if 0 <= f.sentence < len(self.sentence_nodes):
            self.t(st, self.edz("evidence"), self.sentence_nodes[f.sentence])
        for name, value in f.notes:
            self.t(st, self.edz(name), self.term(value))

    def observation(self, o: Observation) -> None:
        fm = o.figure
        fig = fm.data["figure"]
        oa, ob = self.rt.original_span(fm.start, fm.end)
        node = f"<{self.ns.entity('observation', f'{self.doc.docid}-{oa}-{ob}')}>"
        self.t(node, _RDF_type, self.edz("Observation"))
        self.t(node, self.edz("indicator"), self.concept(o.indicator))
        if o.area is not None:
            self.t(node, self.edz("refArea"), self.n(o.area.iri))
        if o.period is not None:
            self.t(node, self.edz("refPeriod"), self.interval(o.period))
        elif self.doc.published is not None:  # a state of things the text reports as current
            self.t(node, self.edz("refPeriod"), self.issued_instant())
        self.t(node, self.edz("valueKind"), self.edz(o.kind))
        if o.share_of is not None:
            self.t(node, self.edz("shareOf"), self.n(o.share_of.iri))
        self.figure(fm)
        for p, v in self.values(fig):
            self.t(node, p, v)
        self.t(node, self.edz("originalText"), lit(fig.text))
        self.t(node, self.edz("extractedBy"), lit("observation"))
        self.t(node, _PROV_wasDerivedFrom, self.doc_node)
        if 0 <= o.sentence < len(self.sentence_nodes):
            self.t(node, self.edz("evidence"), self.sentence_nodes[o.sentence])
        self.mention(o.indicator_mention, self.concept(o.indicator))


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
