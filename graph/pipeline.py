"""One document → RDF quads. A straight line of stages; this is the only place that orders them.

repair (page-break damage, offset map) → sentences → mentions → resolve (entities, IRIs)
→ relations (facts, each by a named rule) → emit (N-Quads lines in the document's named graph).
"""

from __future__ import annotations

import gc

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


_dictionaries_frozen = False


def extract_nquads(doc: Document, ns: Namespace) -> list[str]:
    """All quads of one document, in its own named graph ``ns.doc_graph(doc.docid)``, as canonical
    N-Quads lines (what the build loads)."""
    threshold = gc.get_threshold()
    if 0 < threshold[0] < _YOUNG_THRESHOLD:  # (0: the caller turned collection off)
        gc.set_threshold(_YOUNG_THRESHOLD, *threshold[1:])
    try:
        rt = repair(doc.text)
        sentences = split_sentences(rt)
        mentions = find_mentions(rt, sentences, doc.published, doc.published_estimated)
        res = resolve(mentions, sentences, ns, rt.text)
        rel = extract_relations(rt.text, sentences, res, ns)
        lines = emit_nquads(doc, ns, rt, sentences, res, rel)
    finally:
        gc.set_threshold(*threshold)
    _freeze_dictionaries()
    return lines


# While one document is extracted, the collector's youngest generation waits for this many new
# container objects instead of 700: a document keeps a few thousand alive (mentions, their
# data, entities, facts) until it is done, and each default collection walked them all only to
# find them alive (about 2% of extraction time). Reference counting frees them as usual; the
# few cycles wait for a later collection. The caller's thresholds are restored afterwards.
_YOUNG_THRESHOLD = 20_000


def _freeze_dictionaries() -> None:
    """After the first document, which loaded jieba's, pypinyin's and the gazetteer's tables:
    move everything alive to the garbage collector's permanent generation, so its full passes
    stop walking those hundreds of thousands of long-lived objects (about 3% of extraction
    time). Reference counting still frees everything as usual."""
    global _dictionaries_frozen
    if not _dictionaries_frozen:
        _dictionaries_frozen = True
        gc.freeze()


def extract_document(doc: Document, ns: Namespace) -> list[ox.Quad]:
    """The same quads as pyoxigraph objects, in the same order."""
    return nquads_to_quads(extract_nquads(doc, ns))
