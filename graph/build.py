"""corpus/ → store: extract every document, add ontology and metadata, switch atomically."""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from . import store as store_mod
from .corpus import Document, DocumentError, list_corpus, read_document
from .iris import DEFAULT_BASE, PREFIXES, Namespace, rebase
from .pipeline import extract_nquads

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@dataclass
class BuildReport:
    documents: int = 0
    skipped: list[DocumentError] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    build_dir: Path | None = None
    version: str = ""

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents} built, {len(self.skipped)} skipped"]
        out += [f"  skipped {e.path}: {e.reason}" for e in self.skipped]
        out.append("entities per class:")
        out += [f"  {cls:<24} {n}" for cls, n in sorted(self.entities.items())]
        out.append(f"triples: {self.triples}")
        out.append(f"seconds: {self.seconds:.2f}")
        if self.build_dir:
            out.append(f"store: {self.build_dir} (version {self.version[:12]})")
        return out


def ontology_quads(ns: Namespace) -> list[ox.Quad]:
    """The ontology files (Turtle, written with the default base): the vocabulary and concept
    schemes in the ontology graph, the SHACL shapes (shapes.ttl) in their own graph.

    Blank nodes are relabelled in parse order (the parser's labels are random), so the same
    files always give the same quads.
    """
    quads: list[ox.Quad] = []
    for i, path in enumerate(sorted(ONTOLOGY_DIR.glob("*.ttl"))):
        g = ox.NamedNode(ns.base + "graph/shapes" if path.name == "shapes.ttl" else ns.ontology_graph)
        text = rebase(path.read_text(encoding="utf-8"), ns.base)
        bnodes: dict[str, ox.BlankNode] = {}

        def stable(term, i=i, bnodes=bnodes):
            if isinstance(term, ox.BlankNode):
                if term.value not in bnodes:
                    bnodes[term.value] = ox.BlankNode(f"o{i}b{len(bnodes)}")
                return bnodes[term.value]
            return term

        for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=ns.base):
            quads.append(ox.Quad(stable(t.subject), t.predicate, stable(t.object), g))
    return quads


def metadata_quads(ns: Namespace, docs: list[Document], version: str) -> list[ox.Quad]:
    """Dataset description (VoID/DCAT) and build metadata in the metadata graph."""
    g = ox.NamedNode(ns.meta_graph)
    ds = ox.NamedNode(ns.base + "dataset")
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    void, dct, owl = PREFIXES["void"], PREFIXES["dcterms"], PREFIXES["owl"]
    q = [
        (ds, rdf_type, ox.NamedNode(void + "Dataset")),
        (ds, ox.NamedNode(void + "uriSpace"), ox.Literal(ns.base)),
        (ds, ox.NamedNode(owl + "versionInfo"), ox.Literal(version)),
        (ds, ox.NamedNode(dct + "title"), ox.Literal("edzkg: China's economic development zones", language="en")),
        (ds, ox.NamedNode(dct + "title"), ox.Literal("中国经济开发区知识图谱", language="zh")),
        (ds, ox.NamedNode(void + "sparqlEndpoint"), ox.NamedNode(ns.base + "sparql")),
        (ds, ox.NamedNode(void + "vocabulary"), ox.NamedNode(ns.ontology)),
        (ds, ox.NamedNode(void + "rootResource"), ox.NamedNode(ns.base + "id/industry")),
        (ds, ox.NamedNode(dct + "license"), ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")),
    ]
    for d in docs:
        q.append((ds, ox.NamedNode(dct + "source"), ox.NamedNode(ns.document(d.docid))))
    return [ox.Quad(s, p, o, g) for s, p, o in q]


def build(
    corpus: Path,
    store: Path = store_mod.DEFAULT_STORE,
    base: str = DEFAULT_BASE,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildReport:
    """Build the whole corpus into a new store and switch to it. Bad documents are skipped."""
    t0 = time.perf_counter()
    ns = Namespace(base)
    report = BuildReport()
    paths = list_corpus(corpus)
    docs: list[Document] = []
    lines: list[str] = []  # canonical N-Quads lines, as the extractor writes them
    for i, path in enumerate(paths):
        if progress:
            progress(i, len(paths), path.name)
        try:
            doc = read_document(path)
            doc_lines = extract_nquads(doc, ns)
        except DocumentError as e:
            report.skipped.append(e)
            continue
        except Exception as e:  # an extractor bug must not lose the other documents
            report.skipped.append(DocumentError(path, f"extraction failed: {type(e).__name__}: {e}"))
            continue
        docs.append(doc)
        lines.extend(doc_lines)
    if progress:
        progress(len(paths), len(paths), "")
    report.documents = len(docs)
    lines.extend(f"{q} .\n" for q in ontology_quads(ns))
    body = sorted(set(lines))
    version = hashlib.sha256("".join(body).encode("utf-8")).hexdigest()
    meta = [f"{q} .\n" for q in metadata_quads(ns, docs, version)]
    nquads = "".join(sorted(set(body).union(meta))).encode("utf-8")
    report.triples = nquads.count(b"\n")
    report.version = version
    report.entities = count_entities(body, ns)
    report.build_dir = store_mod.write_build(Path(store), nquads, build_id=version[:16])
    report.seconds = time.perf_counter() - t0
    return report


def count_entities(lines: list[str], ns: Namespace) -> Counter:
    """Entities per class: distinct ``<id/…> rdf:type <class>`` of canonical N-Quads lines."""
    rdf_type = f"<{PREFIXES['rdf']}type>"
    seen: set[tuple[str, str]] = set()
    prefix = f"<{ns.base}id/"
    for line in lines:
        if line.startswith(prefix):
            s, p, rest = line.split(" ", 2)
            if p == rdf_type:
                cls = rest.split(" ", 1)[0][1:-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                seen.add((s, cls))
    return Counter(cls for _, cls in seen)


def stderr_progress(i: int, n: int, name: str) -> None:
    """A one-line progress bar on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or n < 2:
        return
    width = 30
    done = int(width * i / max(n, 1))
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {name[:40]:<40}")
    if i >= n:
        sys.stderr.write("\n")
    sys.stderr.flush()
