"""One document → RDF quads. A straight line of stages; this is the only place that orders them.

(First vertical slice: document node plus development-zone mentions. The full stages — repair,
sentences, mentions, resolve, relations, emit — replace ``_simple_extract``.)
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .corpus import Document
from .iris import PREFIXES, Namespace, slug

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_ZONE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区)")


def extract_document(doc: Document, ns: Namespace) -> list[ox.Quad]:
    """All quads of one document, in its own named graph."""
    g = ox.NamedNode(ns.doc_graph(doc.docid))
    return [ox.Quad(s, p, o, g) for s, p, o in _simple_extract(doc, ns)]


def _simple_extract(doc: Document, ns: Namespace):
    d = ox.NamedNode(ns.document(doc.docid))
    yield d, RDF_TYPE, ox.NamedNode(ns.term("Document"))
    for m in _ZONE.finditer(doc.text):
        z = ox.NamedNode(ns.entity("zone", slug(m.group())))
        yield z, RDF_TYPE, ox.NamedNode(ns.term("DevelopmentZone"))
        yield z, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal(m.group(), language="zh")
