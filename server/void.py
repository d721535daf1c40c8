"""The VoID description of the served dataset, computed with SPARQL once per dataset version.

Definitions (all graphs together, as the SPARQL endpoint's union default graph sees them):
``void:triples`` = number of quads; ``void:entities`` = distinct IRI subjects inside
``void:uriSpace``; ``void:distinctSubjects`` / ``void:distinctObjects`` / ``void:classes`` /
``void:properties`` = COUNT(DISTINCT …) of subjects, objects, ``rdf:type`` objects and predicates.
Class partitions count distinct instances, property partitions count quads. All the queries of
one description run on one build (the engine's ``snapshot``), even when a new one is switched in.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request

from . import dumps
from graph import store as store_mod

from .resources import compact, engine, select, version

VOID = "http://rdfs.org/ns/void#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_EXAMPLES = 12


@dataclass
class Void:
    """What /void shows: the numbers, partitions and links, plus the same as N-Triples."""

    base: str
    dataset: str
    version: str
    stats: dict[str, int]
    classes: list[tuple[str, str, int]]  # (iri, compact name, instances)
    properties: list[tuple[str, str, int]]  # (iri, compact name, triples)
    examples: list[str]
    sources: list[str]
    vocabularies: list[str]
    meta: list[tuple[str, str]]  # (property compact, value) copied from the metadata graph
    dumps: list[str]
    endpoint: str
    ntriples: bytes = b""
    license: list[str] = field(default_factory=list)


def _namespace(iri: str) -> str:
    for sep in ("#", "/"):
        i = iri.rfind(sep)
        if i > len("http://"):
            return iri[: i + 1]
    return iri


async def _count(eng, query: str) -> int:
    r = await select(eng, query)
    return int(r[0]["n"].value) if r and "n" in r[0] else 0


async def compute(eng: Any, info: store_mod.DatasetInfo, dataset_version: str) -> Void:
    """Run the statistics queries on ``eng`` and assemble the description of ``info``'s dataset."""
    base = info.base_iri
    in_space = f'isIRI(?s) && STRSTARTS(STR(?s), "{base}")'
    stats = {
        "triples": await _count(eng, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "entities": await _count(eng, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                      f"FILTER({in_space}) }}"),
        "distinctSubjects": await _count(eng, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "distinctObjects": await _count(eng, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "classes": await _count(eng, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> ?c }} }}"),
        "properties": await _count(eng, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "documents": await _count(eng, f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d <{RDF}type> "
                                       f"<{base}ontology#Document> }} }}"),
    }
    cls = await select(eng, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> ?c }} }} "
                            "GROUP BY ?c ORDER BY ?c")
    props = await select(eng, "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p")
    ex = await select(eng, f"""SELECT ?c (MIN(STR(?s)) AS ?x) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> ?c }}
        FILTER(STRSTARTS(STR(?s), "{base}id/") && (STRSTARTS(STR(?c), "{base}ontology#")
               || ?c = <http://www.w3.org/2004/02/skos/core#Concept>)) }} GROUP BY ?c ORDER BY ?c""")
    dataset = base + "dataset"
    meta = await select(eng, f"SELECT ?p ?o WHERE {{ GRAPH <{base}graph/meta> {{ <{dataset}> ?p ?o }} }} ORDER BY ?p ?o")
    classes = [(r["c"].value, compact(base, r["c"].value), int(r["n"].value)) for r in cls if r["c"].is_iri]
    properties = [(r["p"].value, compact(base, r["p"].value), int(r["n"].value)) for r in props]
    vocabularies = sorted({_namespace(i) for i, _, _ in classes + properties} - {base})
    v = Void(
        base=base, dataset=dataset, version=dataset_version, stats=stats, classes=classes, properties=properties,
        examples=sorted({r["x"].value for r in ex})[:MAX_EXAMPLES],
        sources=sorted(r["o"].value for r in meta if r["p"].value == DCT + "source"),
        license=sorted(r["o"].value for r in meta if r["p"].value == DCT + "license"),
        vocabularies=vocabularies,
        meta=[(compact(base, r["p"].value), r["o"].value) for r in meta
              if r["p"].value not in (DCT + "source", VOID + "uriSpace", VOID + "sparqlEndpoint")],
        dumps=[base + "dumps/" + name for name in dumps.FILES],
        endpoint=base + "sparql",
    )
    v.ntriples = to_ntriples(v, meta, info.modified)
    return v


def to_ntriples(v: Void, meta: list[dict], modified: float) -> bytes:
    """The description as sorted N-Triples (deterministic blank node labels)."""
    N, L = ox.NamedNode, ox.Literal
    ds = N(v.dataset)
    doc = N(v.base + "void")
    t: list[ox.Triple] = [
        ox.Triple(doc, N(RDF + "type"), N(VOID + "DatasetDescription")),
        ox.Triple(doc, N(FOAF + "primaryTopic"), ds),
        ox.Triple(ds, N(RDF + "type"), N(VOID + "Dataset")),
        ox.Triple(ds, N(VOID + "uriSpace"), L(v.base)),
        ox.Triple(ds, N(VOID + "sparqlEndpoint"), N(v.endpoint)),
        ox.Triple(ds, N(DCT + "modified"),
                  L(dt.datetime.fromtimestamp(modified, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    datatype=N(XSD + "dateTime"))),
    ]
    for r in meta:
        p, o = r["p"], r["o"]
        if p.value == VOID + "uriSpace":
            continue
        obj = N(o.value) if o.is_iri else L(o.value, language=o.lang) if o.lang else \
            L(o.value, datatype=N(o.datatype)) if o.datatype else L(o.value)
        t.append(ox.Triple(ds, N(p.value), obj))
    for name, n in v.stats.items():
        if name != "documents":
            t.append(ox.Triple(ds, N(VOID + name), L(str(n), datatype=N(XSD + "integer"))))
    for i, (c, _, n) in enumerate(v.classes):
        b = ox.BlankNode(f"class{i}")
        t += [ox.Triple(ds, N(VOID + "classPartition"), b), ox.Triple(b, N(VOID + "class"), N(c)),
              ox.Triple(b, N(VOID + "entities"), L(str(n), datatype=N(XSD + "integer")))]
    for i, (p, _, n) in enumerate(v.properties):
        b = ox.BlankNode(f"property{i}")
        t += [ox.Triple(ds, N(VOID + "propertyPartition"), b), ox.Triple(b, N(VOID + "property"), N(p)),
              ox.Triple(b, N(VOID + "triples"), L(str(n), datatype=N(XSD + "integer")))]
    t += [ox.Triple(ds, N(VOID + "exampleResource"), N(x)) for x in v.examples]
    t += [ox.Triple(ds, N(VOID + "dataDump"), N(d)) for d in v.dumps]
    t += [ox.Triple(ds, N(VOID + "vocabulary"), N(x)) for x in v.vocabularies]
    return ox.serialize(sorted(set(t), key=str), format=ox.RdfFormat.N_TRIPLES)


def snapshot(request: Request) -> contextlib.AbstractContextManager:
    """The engine held on the build being served now (the engine itself when it has no builds)."""
    eng = engine(request)
    hold = getattr(eng, "snapshot", None)
    return hold() if hold is not None else contextlib.nullcontext(eng)


async def describe(request: Request) -> Void:
    """The cached description of the current dataset version (computed on first request)."""
    state = request.app.state
    lock = state.__dict__.setdefault("_void_lock", asyncio.Lock())
    async with lock:
        with snapshot(request) as eng:  # no await between here and the key: one build throughout
            info = getattr(eng, "info", None) or state.info
            key = (version(request), info.base_iri)
            cached = state.__dict__.get("_void")  # the object's own dict, not State's attributes
            if cached is None or cached[0] != key:
                cached = state.__dict__["_void"] = (key, await compute(eng, info, key[0]))
            return cached[1]
