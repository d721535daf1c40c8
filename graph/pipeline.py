"""One document → RDF quads. A straight line of stages; this is the only place that orders them.

repair (page-break damage, offset map) → sentences → mentions → resolve (entities, IRIs)
→ relations (facts, each by a named rule) → emit (quads in the document's named graph).
"""

from __future__ import annotations

import pyoxigraph as ox

from .corpus import Document
from .emit import emit
from .iris import Namespace
from .mentions import find_mentions
from .relations import extract_relations
from .repair import repair
from .resolve import resolve
from .sentences import split_sentences

__all__ = ["extract_document"]


def extract_document(doc: Document, ns: Namespace) -> list[ox.Quad]:
    """All quads of one document, in its own named graph ``ns.doc_graph(doc.docid)``."""
    rt = repair(doc.text)
    sentences = split_sentences(rt)
    mentions = find_mentions(rt, sentences, doc.published, doc.published_estimated)
    res = resolve(mentions, sentences, ns, rt.text)
    rel = extract_relations(rt.text, sentences, res, ns)
    return emit(doc, ns, rt, sentences, res, rel)
