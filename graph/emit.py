"""RDF: the quads of one document, following docs/design.md and ontology/edzkg.ttl.

Everything goes in the document's named graph. IRIs are deterministic (no blank nodes):
spans ``doc/{docid}/span/{start}-{end}`` (original offsets), statements
``doc/{docid}/stmt/{sha1}``, figures ``id/figure/{docid}-{start}-{end}``, observations
``id/observation/{docid}-{start}-{end}``, time intervals ``doc/{docid}/time/{start}-{end}`` with
instants ``…/begin`` and ``…/end``. Triples come out sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from .corpus import Document
from .iris import DEFAULT_BASE, PREFIXES, Namespace, rebase
from .mentions import Mention
from .relations import Fact, Lit, Observation, Quantity, Ref, Relations
from .repair import RepairedText, normalise_char
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


_PRODUCT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:建设项目|基地项目|生产线项目|生产线|项目|基地|的|，|。)")


def _dec(value: Decimal) -> ox.Literal:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    if text in ("-0", ""):
        text = "0"
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))


class _Emitter:
    def __init__(self, doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence],
                 res: Resolution, rel: Relations) -> None:
        self.doc = doc
        self.ns = ns
        self.rt = rt
        self.sentences = sentences
        self.res = res
        self.rel = rel
        self.triples: set[tuple] = set()
        self.doc_node = ox.NamedNode(ns.document(doc.docid))
        self.sentence_nodes: list[ox.NamedNode] = []

    # -- small helpers
    def n(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def edz(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.ns.term(local))

    def t(self, s, p, o) -> None:
        self.triples.add((s, p, o))

    def concept(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(rebase(iri, self.ns.base) if iri.startswith(DEFAULT_BASE) else iri)

    def span(self, start: int, end: int, cls: str) -> ox.NamedNode:
        """A span node over ORIGINAL offsets; oa:exact is exactly original[start:end]."""
        node = self.n(self.ns.span(self.doc.docid, start, end))
        self.t(node, self.n(RDF + "type"), self.edz(cls))
        self.t(node, self.n(OA + "start"), ox.Literal(str(start), datatype=self.n(XSD + "nonNegativeInteger")))
        self.t(node, self.n(OA + "end"), ox.Literal(str(end), datatype=self.n(XSD + "nonNegativeInteger")))
        self.t(node, self.n(OA + "exact"), ox.Literal(self.doc.text[start:end]))
        self.t(node, self.edz("inDocument"), self.doc_node)
        return node

    def repaired_span(self, a: int, b: int, cls: str) -> ox.NamedNode:
        """The span of repaired [a, b); edz:repairedText when the repair did more than punctuation."""
        oa, ob = self.rt.original_span(a, b)
        node = self.span(oa, ob, cls)
        repaired = self.rt.text[a:b]
        exact = "".join(normalise_char(c) for c in self.doc.text[oa:ob])
        if repaired != exact:
            self.t(node, self.edz("repairedText"), ox.Literal(repaired))
        return node

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
        node = self.repaired_span(m.start, m.end, "Mention")
        if 0 <= m.sentence < len(self.sentence_nodes):
            self.t(node, self.edz("inSentence"), self.sentence_nodes[m.sentence])
        self.t(node, self.edz("refersTo"), target)
        self.t(target, self.edz("mention"), node)

    # -- entities
    def entities(self) -> None:
        for e in list(self.res.entities.values()) + list(self.rel.extra.values()):
            node = self.n(e.iri)
            self.t(node, self.n(RDF + "type"), self.edz(e.cls))
            self.t(node, self.n(RDFS + "label"), ox.Literal(e.label, language="zh"))
            self.t(node, self.n(SKOS + "prefLabel"), ox.Literal(e.label, language="zh"))
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
        node = self.n(self.ns.entity("figure", f"{self.doc.docid}-{oa}-{ob}"))
        if (node, self.n(RDF + "type"), self.edz("Quantity")) in self.triples:
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
        node = self.n(base)
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
        node = self.n(base)
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
        g = ox.NamedNode(self.ns.doc_graph(self.doc.docid))
        return [ox.Quad(s, p, o, g) for s, p, o in sorted(self.triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))]


def emit(doc: Document, ns: Namespace, rt: RepairedText, sentences: list[Sentence], res: Resolution,
         rel: Relations) -> list[ox.Quad]:
    """All quads of one document in its named graph, sorted."""
    e = _Emitter(doc, ns, rt, sentences, res, rel)
    e.document()
    e.entities()
    e.facts()
    return e.quads()

