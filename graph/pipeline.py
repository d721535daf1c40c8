"""One document → RDF quads. A straight line of stages; this is the only place that orders them.

repair (page-break damage, offset map) → sentences → mentions → resolve (entities, IRIs)
→ relations (facts, each by a named rule) → emit (N-Quads lines in the document's named graph).
"""

from __future__ import annotations

import pyoxigraph as ox

from .corpus import Document
from .emit import emit_nquads, nquads_to_quads
from .iris import Namespace
from .mentions import find_mentions
from .relations import extract_relations
from .repair import repair
from .resolve import resolve
from .sentences import split_sentences

__all__ = ["extract_document", "extract_nquads"]


def extract_nquads(doc: Document, ns: Namespace) -> list[str]:
    """All quads of one document, in its own named graph ``ns.doc_graph(doc.docid)``, as canonical
    N-Quads lines (what the build loads)."""
    rt = repair(doc.text)
    sentences = split_sentences(rt)
    mentions = find_mentions(rt, sentences, doc.published, doc.published_estimated)
    res = resolve(mentions, sentences, ns, rt.text)
    rel = extract_relations(rt.text, sentences, res, ns)
    return emit_nquads(doc, ns, rt, sentences, res, rel)


def extract_document(doc: Document, ns: Namespace) -> list[ox.Quad]:
    """The same quads as pyoxigraph objects, in the same order."""
    return nquads_to_quads(extract_nquads(doc, ns))
