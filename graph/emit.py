"""RDF: the quads of one document, following docs/design.md and ontology/edzkg.ttl.

Everything goes in the document's named graph. IRIs are deterministic (no blank nodes):
spans ``doc/{docid}/span/{start}-{end}`` (original offsets), statements
``doc/{docid}/stmt/{sha1}``, figures ``id/figure/{docid}-{start}-{end}``, observations
``id/observation/{docid}-{start}-{end}``, time intervals ``doc/{docid}/time/{start}-{end}`` with
instants ``…/begin`` and ``…/end``. Triples come out in the order they are made (no set
iteration), so the same input gives the same quads in the same order.
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
from .repair import RepairedText, normalise
from .resolve import Entity, Resolution
from .sentences import Sentence

__all__ = ["emit"]

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
          "YEAR": UNIT + "YR", "MONTH": UNIT + "MO", "DAY": UNIT + "DAY", "HOUR": UNIT + "HR"}


@functools.lru_cache(maxsize=8)
def _shared_nodes(base: str) -> dict[str, ox.NamedNode]:
    """NamedNode objects reused across documents (vocabulary terms), one cache per base IRI."""
    return {}


_PRODUCT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:建设项目|基地项目|生产线项目|生产线|项目|基地|的|，|。)")


_DECIMAL = ox.NamedNode(XSD + "decimal")


def _dec(value: Decimal) -> ox.Literal:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    if text in ("-0", ""):
        text = "0"
    return ox.Literal(text, datatype=_DECIMAL)


class _Emitter:
    def __init__(self, doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence],
                 res: Resolution, rel: Relations) -> None:
        self.doc = doc
        self.ns = ns
        self.rt = rt
        self.sentences = sentences
        self.res = res
        self.rel = rel
        self.graph = ox.NamedNode(ns.doc_graph(doc.docid))
        self.out: list[ox.Quad] = []  # in the order made: the same input, the same quads in order
        self._nodes: dict[str, ox.NamedNode] = _shared_nodes(ns.base)
        self._edz: dict[str, ox.NamedNode] = _shared_nodes(ns.base + " edz")
        self._done: set[str] = set()  # span, figure and interval nodes already written
        self._mentions: set[tuple[int, int, str]] = set()
        self.doc_node = ox.NamedNode(ns.document(doc.docid))
        self.sentence_nodes: list[ox.NamedNode] = []
        self.type = self.n(RDF + "type")
        self.nonneg = self.n(XSD + "nonNegativeInteger")
        self.p_start, self.p_end, self.p_exact = self.n(OA + "start"), self.n(OA + "end"), self.n(OA + "exact")
        self.p_in_doc, self.p_in_sent = self.edz("inDocument"), self.edz("inSentence")
        self.p_mention, self.p_repaired = self.edz("mention"), self.edz("repairedText")
        self.span_prefix = f"{ns.document(doc.docid)}/span/"

    # -- small helpers
    def n(self, iri: str) -> ox.NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = ox.NamedNode(iri)
            if len(self._nodes) < 100_000:  # vocabulary terms and frequent entities
                self._nodes[iri] = node
        return node

    def edz(self, local: str) -> ox.NamedNode:
        node = self._edz.get(local)
        if node is None:
            node = self._edz[local] = self.n(self.ns.edz + local)
        return node

    def t(self, s, p, o) -> None:
        self.out.append(ox.Quad(s, p, o, self.graph))

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen (nodes shared by several facts are written once)."""
        if key in self._done:
            return False
        self._done.add(key)
        return True

    def concept(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(rebase(iri, self.ns.base) if iri.startswith(DEFAULT_BASE) else iri)

    def span(self, start: int, end: int, cls: str, repaired: str | None = None) -> ox.NamedNode:
        """A span node over ORIGINAL offsets; oa:exact is exactly original[start:end];
        edz:repairedText when given (the repair did more than normalise punctuation)."""
        iri = f"{self.span_prefix}{start}-{end}"
        node = ox.NamedNode(iri)
        done = self._done
        typed = iri + "#" + cls
        if iri in done:
            if typed not in done:
                done.add(typed)
                self.t(node, self.type, self.edz(cls))
            return node
        done.add(iri)
        done.add(typed)
        out, g, Q, L = self.out, self.graph, ox.Quad, ox.Literal
        out.append(Q(node, self.type, self.edz(cls), g))
        out.append(Q(node, self.p_start, L(str(start), datatype=self.nonneg), g))
        out.append(Q(node, self.p_end, L(str(end), datatype=self.nonneg), g))
        out.append(Q(node, self.p_exact, L(self.doc.text[start:end]), g))
        out.append(Q(node, self.p_in_doc, self.doc_node, g))
        if repaired is not None:
            out.append(Q(node, self.p_repaired, L(repaired), g))
        return node

    def repaired_span(self, a: int, b: int, cls: str) -> ox.NamedNode:
        """The span of repaired [a, b)."""
        origin = self.rt.origin
        oa, ob = origin[a], origin[b - 1] + 1
        repaired = self.rt.text[a:b]
        if len(repaired) == ob - oa and repaired == normalise(self.doc.text[oa:ob]):
            repaired = None
        return self.span(oa, ob, cls, repaired)

    # -- document, units, sentences
    def document(self) -> None:
        d, doc = self.doc_node, self.doc
        self.t(d, self.n(RDF + "type"), self.edz("Document"))
        self.t(d, self.n(NIF + "isString"), ox.Literal(doc.text))
        if doc.title:
            self.t(d, self.n(DCT + "title"), ox.Literal(doc.title, language=doc.language or "zh"))
        title_en = doc.meta.get("title_en") if isinstance(doc.meta, dict) else None
        if title_en:
            self.t(d, self.n(DCT + "title"), ox.Literal(str(title_en), language="en"))
        if doc.published:
            self.t(d, self.n(DCT + "issued"), ox.Literal(doc.published.isoformat(), datatype=self.n(XSD + "date")))
            self.t(d, self.edz("estimated"), ox.Literal("true" if doc.published_estimated else "false",
                                                        datatype=self.n(XSD + "boolean")))
        self.t(d, self.n(DCT + "language"), ox.Literal(doc.language or "zh"))
        self.t(d, self.n(DCT + "identifier"), ox.Literal(doc.docid))
        if doc.source:
            self.t(d, self.n(DCT + "source"), ox.Literal(doc.source))
        if doc.licence:
            self.t(d, self.n(DCT + "rights"), ox.Literal(doc.licence))
        unit_nodes = []
        for u in self.rt.units:
            node = self.repaired_span(u.start, u.end, "TextUnit")
            self.t(node, self.n(RDF + "type"), self.edz(_UNIT_KIND_CLASS[u.kind]))
            self.t(node, self.edz("unitKind"), ox.Literal(u.kind))
            unit_nodes.append((u, node))
        k = 0
        for s in self.sentences:
            node = self.repaired_span(s.start, s.end, "Sentence")
            while k + 1 < len(unit_nodes) and unit_nodes[k][0].end <= s.start:
                k += 1
            if unit_nodes:
                self.t(node, self.edz("inTextUnit"), unit_nodes[k][1])
            self.sentence_nodes.append(node)

    def mention(self, m: Mention, target: ox.NamedNode) -> None:
        """The mention's span, its sentence, and ``target edz:mention span`` (the inverse
        edz:refersTo is left to the ontology: owl:inverseOf)."""
        key = (m.start, m.end, target.value)
        if key in self._mentions:
            return
        self._mentions.add(key)
        node = self.repaired_span(m.start, m.end, "Mention")
        if 0 <= m.sentence < len(self.sentence_nodes):
            self.out.append(ox.Quad(node, self.p_in_sent, self.sentence_nodes[m.sentence], self.graph))
        self.out.append(ox.Quad(target, self.p_mention, node, self.graph))

    # -- entities
    def entities(self) -> None:
        for e in list(self.res.entities.values()) + list(self.rel.extra.values()):
            node = self.n(e.iri)
            self.t(node, self.n(RDF + "type"), self.edz(e.cls))
            self.t(node, self.n(RDFS + "label"), ox.Literal(e.label, language="zh"))
            if e.label_en:
                self.t(node, self.n(RDFS + "label"), ox.Literal(e.label_en, language="en"))
            for a in sorted(e.aliases):
                if a != e.label:
                    self.t(node, self.n(SKOS + "altLabel"), ox.Literal(a, language="zh"))
            if e.code:
                self.t(node, self.edz("divisionCode"), ox.Literal(e.code))
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
    def figure(self, m: Mention) -> ox.NamedNode:
        f = m.data["figure"]
        oa, ob = self.rt.original_span(m.start, m.end)
        iri = self.ns.entity("figure", f"{self.doc.docid}-{oa}-{ob}")
        node = ox.NamedNode(iri)
        if not self.first(iri):
            return node
        self.t(node, self.n(RDF + "type"), self.edz("Quantity"))
        cls = _FIGURE_CLASS.get(f.kind)
        if cls:
            self.t(node, self.n(RDF + "type"), self.edz(cls))
        self.t(node, self.edz("originalText"), ox.Literal(m.text.replace("\n", "")))
        for p, v in self.values(f):
            self.t(node, p, v)
        if f.per_year:
            self.t(node, self.edz("perPeriod"), ox.Literal("P1Y", datatype=self.n(XSD + "duration")))
        if f.kind == "area" or f.unit in ("MU", "M2", "HA", "KM2"):
            self.t(node, self.edz("valueInSquareMetres"), _dec(f.value_in("M2")))
            self.t(node, self.edz("valueInHectares"), _dec(f.value_in("HA")))
            if f.unit == "MU":
                self.t(node, self.edz("valueInMu"), _dec(f.value))
        elif f.kind == "count" and f.counter:
            self.t(node, self.edz("countOf"), ox.Literal(f.counter, language="zh"))
        elif f.kind == "capacity":
            product = _PRODUCT.match(self.rt.text, m.end)
            if product:
                self.t(node, self.edz("product"), ox.Literal(product.group(1), language="zh"))
        self.mention(m, node)
        return node

    def values(self, f) -> list[tuple[ox.NamedNode, ox.Term]]:
        """qudt:numericValue (base unit: m² for areas), qudt:unit, edz:currency, edz:approximation."""
        out = [(self.edz("approximation"), self.edz(_APPROX.get(f.approximation, "Exact")))]
        if f.kind == "area" or f.unit in ("MU", "M2", "HA", "KM2"):
            out += [(self.n(QUDT + "numericValue"), _dec(f.value_in("M2"))), (self.n(QUDT + "unit"), self.n(UNIT + "M2"))]
            return out
        out.append((self.n(QUDT + "numericValue"), _dec(f.value)))
        if f.unit in _CURRENCIES:
            out += [(self.n(QUDT + "unit"), self.n(CUR + f.unit)), (self.edz("currency"), ox.Literal(f.unit))]
        else:
            out.append((self.n(QUDT + "unit"), self.n(_UNITS.get(f.unit, UNIT + "NUM"))))
        return out

    def interval(self, m: Mention) -> ox.NamedNode:
        tx = m.data["time"]
        oa, ob = self.rt.original_span(m.start, m.end)
        base = f"{self.ns.document(self.doc.docid)}/time/{oa}-{ob}"
        node = ox.NamedNode(base)
        if not self.first(base):
            return node
        self.t(node, self.n(RDF + "type"), self.n(TIME + "Interval"))
        self.t(node, self.edz("originalText"), ox.Literal(m.text.replace("\n", "")))
        if tx.estimated:
            self.t(node, self.edz("estimated"), ox.Literal("true", datatype=self.n(XSD + "boolean")))
        for prop, day, suffix in (("hasBeginning", tx.begin, "begin"), ("hasEnd", tx.end_date, "end")):
            if day is None:
                continue
            inst = self.n(f"{base}/{suffix}")
            self.t(node, self.n(TIME + prop), inst)
            self.t(inst, self.n(RDF + "type"), self.n(TIME + "Instant"))
            self.t(inst, self.n(TIME + "inXSDDate"), ox.Literal(day.isoformat(), datatype=self.n(XSD + "date")))
        self.mention(m, node)
        return node

    def issued_instant(self) -> ox.NamedNode:
        """The publication date as an interval of one day (for figures the text gives as current)."""
        base = f"{self.ns.document(self.doc.docid)}/time/issued"
        node = ox.NamedNode(base)
        if not self.first(base):
            return node
        day = ox.Literal(self.doc.published.isoformat(), datatype=self.n(XSD + "date"))
        self.t(node, self.n(RDF + "type"), self.n(TIME + "Interval"))
        self.t(node, self.edz("originalText"), ox.Literal(""))
        self.t(node, self.n(RDFS + "comment"), ox.Literal("publication date of the document", language="en"))
        if self.doc.published_estimated:
            self.t(node, self.edz("estimated"), ox.Literal("true", datatype=self.n(XSD + "boolean")))
        for prop, suffix in (("hasBeginning", "begin"), ("hasEnd", "end")):
            inst = self.n(f"{base}/{suffix}")
            self.t(node, self.n(TIME + prop), inst)
            self.t(inst, self.n(RDF + "type"), self.n(TIME + "Instant"))
            self.t(inst, self.n(TIME + "inXSDDate"), day)
        return node

    def term(self, x: Any) -> ox.NamedNode | ox.Literal:
        if isinstance(x, Entity):
            return self.n(x.iri)
        if isinstance(x, Quantity):
            return self.figure(x.mention)
        if isinstance(x, Lit):
            if x.datatype:
                return ox.Literal(x.value, datatype=self.n(XSD + x.datatype))
            return ox.Literal(x.value, language=x.lang) if x.lang else ox.Literal(x.value)
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
        st = self.n(self.ns.statement(self.doc.docid, str(s), str(p), str(o)))
        self.t(st, self.n(RDF + "type"), self.edz("Statement"))
        self.t(st, self.n(RDF + "subject"), s)
        self.t(st, self.n(RDF + "predicate"), p)
        self.t(st, self.n(RDF + "object"), o)
        self.t(st, self.edz("extractedBy"), ox.Literal(f.rule))
        self.t(st, self.n(PROV + "wasDerivedFrom"), self.doc_node)
        if 0 <= f.sentence < len(self.sentence_nodes):
            self.t(st, self.edz("evidence"), self.sentence_nodes[f.sentence])
        for name, value in f.notes:
            self.t(st, self.edz(name), self.term(value))

    def observation(self, o: Observation) -> None:
        fm = o.figure
        fig = fm.data["figure"]
        oa, ob = self.rt.original_span(fm.start, fm.end)
        node = self.n(self.ns.entity("observation", f"{self.doc.docid}-{oa}-{ob}"))
        self.t(node, self.n(RDF + "type"), self.edz("Observation"))
        self.t(node, self.edz("indicator"), self.concept(o.indicator))
        if o.area is not None:
            self.t(node, self.edz("refArea"), self.n(o.area.iri))
        if o.period is not None:
            self.t(node, self.edz("refPeriod"), self.interval(o.period))
        elif self.doc.published is not None:  # a state of things the text reports as current
            self.t(node, self.edz("refPeriod"), self.issued_instant())
        self.t(node, self.edz("valueKind"), self.edz(o.kind))
        self.figure(fm)
        for p, v in self.values(fig):
            self.t(node, p, v)
        self.t(node, self.edz("originalText"), ox.Literal(fig.text))
        self.t(node, self.edz("extractedBy"), ox.Literal("observation"))
        self.t(node, self.n(PROV + "wasDerivedFrom"), self.doc_node)
        if 0 <= o.sentence < len(self.sentence_nodes):
            self.t(node, self.edz("evidence"), self.sentence_nodes[o.sentence])
        self.mention(o.indicator_mention, self.concept(o.indicator))

    def quads(self) -> list[ox.Quad]:
        return self.out


def emit(doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence], res: Resolution,
         rel: Relations) -> list[ox.Quad]:
    """All quads of one document in its named graph, in a deterministic order."""
    e = _Emitter(doc, ns, rt, sentences, res, rel)
    e.document()
    e.entities()
    e.facts()
    return e.quads()

