"""VoID description and dumps, over real HTTP.

VoID numbers are checked against COUNT queries sent to the same server's /sparql (seed corpus)
and against counts read from tests/data/linkeddata/mini.trig; dumps must parse with pyoxigraph
and hold exactly the quads of the store.
"""

from __future__ import annotations

import gzip

import httpx
import pyoxigraph as ox
import pytest

VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"


def count(url: str, query: str) -> int:
    r = httpx.post(f"{url}/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                   timeout=120)
    r.raise_for_status()
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def void_graph(url: str, path: str = "/.well-known/void", accept: str = "text/turtle") -> ox.Store:
    r = httpx.get(url + path, headers={"Accept": accept}, timeout=120)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    g = ox.Store()
    fmt = ox.RdfFormat.from_media_type(accept)
    g.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(r.content, format=fmt))
    return g


def value(g: ox.Store, s: ox.NamedNode, p: str) -> str:
    found = [q.object.value for q in g.quads_for_pattern(s, ox.NamedNode(p), None)]
    assert len(found) == 1, (p, found)
    return found[0]


def partitions(g: ox.Store, ds: ox.NamedNode, kind: str, key: str, number: str) -> dict[str, int]:
    out = {}
    for q in g.quads_for_pattern(ds, ox.NamedNode(VOID + kind), None):
        out[value(g, q.object, VOID + key)] = int(value(g, q.object, VOID + number))
    return out


@pytest.fixture(scope="module")
def seed_void(server_url):
    return void_graph(server_url)


def test_void_numbers_equal_count_queries(server_url, seed_void):
    g, ds = seed_void, ox.NamedNode(server_url + "/dataset")
    assert int(value(g, ds, VOID + "triples")) == count(server_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(value(g, ds, VOID + "distinctSubjects")) == count(
        server_url, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(value(g, ds, VOID + "distinctObjects")) == count(
        server_url, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(value(g, ds, VOID + "properties")) == count(
        server_url, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(value(g, ds, VOID + "classes")) == count(
        server_url, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF_TYPE}> ?c }} }}")
    assert int(value(g, ds, VOID + "entities")) == count(
        server_url, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                    f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{server_url}/")) }}')


def test_void_partitions_equal_count_queries(server_url, seed_void):
    g, ds = seed_void, ox.NamedNode(server_url + "/dataset")
    classes = partitions(g, ds, "classPartition", "class", "entities")
    zone = server_url + "/ontology#DevelopmentZone"
    assert classes[zone] == count(server_url, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{zone}> }} }}")
    assert classes[zone] >= 3  # 桐乡, 海盐, 嘉善 are all in the seed article
    props = partitions(g, ds, "propertyPartition", "property", "triples")
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert props[label] == count(server_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{label}> ?o }} }}")
    assert sum(props.values()) == int(value(g, ds, VOID + "triples"))


def test_void_links_endpoint_dumps_licence_sources_and_examples(server_url, seed_void):
    g, ds = seed_void, ox.NamedNode(server_url + "/dataset")
    assert value(g, ds, VOID + "sparqlEndpoint") == server_url + "/sparql"
    assert value(g, ds, VOID + "uriSpace") == server_url + "/"
    dumps = {q.object.value for q in g.quads_for_pattern(ds, ox.NamedNode(VOID + "dataDump"), None)}
    assert server_url + "/dumps/edzkg.nq.gz" in dumps
    assert {q.object.value for q in g.quads_for_pattern(ds, ox.NamedNode(DCT + "source"), None)} == \
        {server_url + "/doc/000_41c21bf40b8ca649"}
    assert value(g, ds, DCT + "license").startswith("https://creativecommons.org/")
    examples = [q.object.value for q in g.quads_for_pattern(ds, ox.NamedNode(VOID + "exampleResource"), None)]
    assert examples and all(httpx.get(x, headers={"Accept": "text/turtle"}).status_code == 303 for x in examples)
    vocabularies = {q.object.value for q in g.quads_for_pattern(ds, ox.NamedNode(VOID + "vocabulary"), None)}
    assert server_url + "/ontology#" in vocabularies


def test_void_by_content_negotiation_and_for_browsers(server_url):
    for accept in ("application/ld+json", "application/n-triples", "application/rdf+xml"):
        g = void_graph(server_url, "/void", accept)
        assert len(g) > 10
    html = httpx.get(server_url + "/void", headers={"Accept": "text/html"}).text
    assert '<td class="num" data-stat="triples">' in html and "void:classPartition" not in html


def test_void_counts_of_the_handwritten_data(served_mini):
    url = served_mini.url
    g, ds = void_graph(url), ox.NamedNode(url + "/dataset")
    classes = partitions(g, ds, "classPartition", "class", "entities")
    edz = url + "/ontology#"
    # read from mini.trig: 7 mention spans, 4 statements, 3 text units, 1 zone, 1 company
    assert classes[edz + "Mention"] == 7
    assert classes[edz + "Statement"] == 4
    assert classes[edz + "TextUnit"] == 3
    assert classes[edz + "DevelopmentZone"] == 1 and classes[edz + "Company"] == 1
    props = partitions(g, ds, "propertyPartition", "property", "triples")
    assert props[edz + "mention"] == 7
    assert props["http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"] == 4


# ---------------------------------------------------------------- dumps


def test_dumps_listing_as_html_and_json(server_url):
    listing = httpx.get(server_url + "/dumps", headers={"Accept": "application/json"}).json()
    names = {f["name"] for f in listing["files"]}
    assert {"edzkg.nq.gz", "edzkg.ttl.gz", "edzkg.jsonld.gz", "ontology.ttl"} <= names
    html = httpx.get(server_url + "/dumps", headers={"Accept": "text/html"}).text
    assert 'href="/dumps/edzkg.nq.gz"' in html


@pytest.mark.parametrize("name,fmt", [
    ("edzkg.nq.gz", ox.RdfFormat.N_QUADS),
    ("edzkg.trig.gz", ox.RdfFormat.TRIG),
    ("edzkg.jsonld.gz", ox.RdfFormat.JSON_LD),
])
def test_dataset_dumps_hold_every_quad_of_the_store(server_url, name, fmt):
    r = httpx.get(f"{server_url}/dumps/{name}", timeout=300)
    assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
    quads = list(ox.parse(gzip.decompress(r.content), format=fmt))
    assert len(quads) == count(server_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(set(quads)) == len(quads)
    assert all(q.graph_name != ox.DefaultGraph() for q in quads)  # every quad keeps its named graph


def test_turtle_dump_holds_the_distinct_triples(server_url):
    r = httpx.get(f"{server_url}/dumps/edzkg.ttl.gz", timeout=300)
    triples = set(ox.parse(gzip.decompress(r.content), format=ox.RdfFormat.TURTLE))
    distinct = count(server_url, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert len(triples) == distinct


def test_ontology_dump_is_the_ontology_graph(server_url):
    r = httpx.get(f"{server_url}/dumps/ontology.ttl", timeout=120)
    assert r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == count(
        server_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{server_url}/graph/ontology> {{ ?s ?p ?o }} }}")
    zone = ox.NamedNode(server_url + "/ontology#DevelopmentZone")
    assert (zone, ox.NamedNode(RDF_TYPE), ox.NamedNode("http://www.w3.org/2002/07/owl#Class")) in \
        {(t.subject, t.predicate, t.object) for t in triples}


def test_dumps_are_generated_once_and_identical(server_url):
    a = httpx.get(f"{server_url}/dumps/edzkg.nq.gz", timeout=300).content
    b = httpx.get(f"{server_url}/dumps/edzkg.nq.gz", timeout=300).content
    assert a == b and a[4:8] == b"\0\0\0\0"  # gzip without a timestamp: same data, same bytes
    listing = httpx.get(server_url + "/dumps", headers={"Accept": "application/json"}).json()
    sizes = {f["name"]: f["bytes"] for f in listing["files"]}
    assert sizes["edzkg.nq.gz"] == len(a)


def test_unknown_dump_is_404(server_url):
    assert httpx.get(f"{server_url}/dumps/secrets.txt").status_code == 404
