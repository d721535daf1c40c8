"""The SPARQL endpoint as a client sees it: operations, dataset, formats, errors, caching, CORS,
service description, Graph Store, updates with a token, and common client libraries.

The expectations come from the SPARQL 1.1 Protocol / Service Description / Graph Store texts and
from docs/design.md (one named graph per document, a metadata graph with the void:Dataset).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib

from graph import store as store_mod

from .conftest import RunningServer, free_port

DOC_ID = "000_41c21bf40b8ca649"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.fixture(scope="module")
def url(server_url: str) -> str:
    return server_url


@pytest.fixture(scope="module")
def http(url: str):
    with httpx.Client(base_url=url, timeout=60) as c:
        yield c


def bindings(r: httpx.Response) -> list[dict]:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    return r.json()["results"]["bindings"]


def graphs(r: httpx.Response) -> list[str]:
    return [b["g"]["value"] for b in bindings(r)]


# ---------------------------------------------------------------- the three ways to send a query


def test_get_form_post_and_direct_post_give_the_same_answer(http: httpx.Client, url: str) -> None:
    by_get = graphs(http.get("/sparql", params={"query": GRAPHS_QUERY}))
    by_form = graphs(http.post("/sparql", data={"query": GRAPHS_QUERY}))
    by_direct = graphs(http.post("/sparql", content=GRAPHS_QUERY.encode(),
                                 headers={"content-type": "application/sparql-query"}))
    assert by_get == by_form == by_direct
    assert f"{url}/graph/doc/{DOC_ID}" in by_get and f"{url}/graph/meta" in by_get


def test_default_graph_is_the_union_of_all_graphs(http: httpx.Client, url: str) -> None:
    q = f"ASK {{ <{url}/doc/{DOC_ID}> ?p ?o . ?d a <http://rdfs.org/ns/void#Dataset> }}"
    r = http.get("/sparql", params={"query": q})
    assert r.json()["boolean"] is True  # facts of two graphs meet in the default graph


def test_query_dataset_clauses_are_respected(http: httpx.Client, url: str) -> None:
    meta, doc = f"{url}/graph/meta", f"{url}/graph/doc/{DOC_ID}"
    q = f"ASK FROM <{meta}> {{ ?d a <http://rdfs.org/ns/void#Dataset> }}"
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is True
    q = f"ASK FROM <{meta}> {{ <{url}/doc/{DOC_ID}> ?p ?o }}"  # the document is not in the meta graph
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is False
    q = f"SELECT DISTINCT ?g FROM NAMED <{doc}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert graphs(http.get("/sparql", params={"query": q})) == [doc]


def test_protocol_dataset_overrides_the_query_dataset(http: httpx.Client, url: str) -> None:
    meta, doc = f"{url}/graph/meta", f"{url}/graph/doc/{DOC_ID}"
    q = f"ASK FROM <{meta}> {{ ?d a <http://rdfs.org/ns/void#Dataset> }}"
    r = http.get("/sparql", params={"query": q, "default-graph-uri": doc})
    assert r.json()["boolean"] is False
    r = http.get("/sparql", params=[("query", GRAPHS_QUERY), ("named-graph-uri", meta)])
    assert graphs(r) == [meta]


# ---------------------------------------------------------------- formats and negotiation

SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def rows_in(ctype: str, body: bytes) -> int:
    if ctype == "application/sparql-results+json":
        return len(json.loads(body)["results"]["bindings"])
    if ctype == "application/sparql-results+xml":
        return len(ET.fromstring(body).findall(f"{SRX}results/{SRX}result"))
    if ctype == "text/csv":
        return len(list(csv.reader(io.StringIO(body.decode(), newline="")))) - 1
    if ctype == "text/tab-separated-values":
        return body.decode().count("\n") - 1
    raise AssertionError(ctype)


@pytest.mark.parametrize("accept,fmt,ctype", [
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/csv", "csv", "text/csv"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
])
def test_select_in_every_results_format(http: httpx.Client, accept: str, fmt: str, ctype: str) -> None:
    n = len(bindings(http.get("/sparql", params={"query": SELECT_ALL})))
    assert n > 10
    for r in (http.get("/sparql", params={"query": SELECT_ALL}, headers={"accept": accept}),
              http.get("/sparql", params={"query": SELECT_ALL, "format": fmt})):
        assert r.status_code == 200
        assert r.headers["content-type"].split(";")[0] == ctype
        assert rows_in(ctype, r.content) == n


@pytest.mark.parametrize("accept,fmt,rdflib_format", [
    ("text/turtle", "ttl", "turtle"), ("application/n-triples", "nt", "nt"),
    ("application/n-quads", "nq", "nquads"), ("application/trig", "trig", "trig"),
    ("application/rdf+xml", "rdfxml", "xml"), ("application/ld+json", "jsonld", "json-ld"),
])
def test_construct_in_every_rdf_format(http: httpx.Client, accept: str, fmt: str, rdflib_format: str) -> None:
    nt = http.get("/sparql", params={"query": CONSTRUCT_ALL}, headers={"accept": "application/n-triples"})
    expected = rdflib.Graph().parse(data=nt.text, format="nt")
    assert len(expected) > 10
    for r in (http.get("/sparql", params={"query": CONSTRUCT_ALL}, headers={"accept": accept}),
              http.get("/sparql", params={"query": CONSTRUCT_ALL, "format": fmt})):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == accept
        g = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
        g.parse(data=r.content, format=rdflib_format)
        assert len(g) == len(expected)


def test_describe_returns_rdf(http: httpx.Client, url: str) -> None:
    r = http.get("/sparql", params={"query": f"DESCRIBE <{url}/doc/{DOC_ID}>"})
    assert r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(f"{url}/doc/{DOC_ID}"), None, None) in g


@pytest.mark.parametrize("accept,expected", [
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("application/*", "application/sparql-results+json"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
])
def test_accept_with_q_values_and_wildcards(http: httpx.Client, accept: str, expected: str) -> None:
    r = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected


def test_construct_accept_wildcards(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": CONSTRUCT_ALL}, headers={"accept": "text/*"})
    assert r.headers["content-type"].startswith("text/turtle")
    r = http.get("/sparql", params={"query": CONSTRUCT_ALL},
                 headers={"accept": "application/sparql-results+json, application/rdf+xml;q=0.5"})
    assert r.headers["content-type"].startswith("application/rdf+xml")


def test_nothing_acceptable_is_406(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"})
    assert r.status_code == 406
    r = http.get("/sparql", params={"query": CONSTRUCT_ALL}, headers={"accept": "text/csv"})
    assert r.status_code == 406 and "RDF" in r.text
    r = http.get("/sparql", params={"query": "ASK {}", "format": "docx"})
    assert r.status_code == 406 and "format" in r.text


def test_browser_gets_the_ui(http: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = http.get("/sparql", headers={"accept": browser})
    assert r.status_code == 303 and r.headers["location"] == "/"
    r = http.get("/sparql", params={"query": "ASK {}"}, headers={"accept": browser})
    assert r.status_code == 303 and r.headers["location"].startswith("/?query=ASK")
    r = http.get("/sparql", params={"query": "ASK {}", "format": "json"}, headers={"accept": browser})
    assert r.status_code == 200 and r.json()["boolean"] is True


# ---------------------------------------------------------------- errors


def test_client_mistakes_get_4xx_with_a_message(http: httpx.Client) -> None:
    r = http.post("/sparql", data={"nothing": "here"})
    assert r.status_code == 400 and "query" in r.text
    r = http.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400 and "exactly one" in r.text
    r = http.request("PUT", "/sparql", params={"query": "ASK {}"})
    assert r.status_code == 405 and "POST" in r.headers["allow"]
    r = http.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and "malformed query" in r.text and "error at 1:" in r.text
    r = http.get("/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 400 and "POST" in r.text
    r = http.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert r.status_code == 400
    r = http.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400


def test_deeply_nested_query_is_refused_not_crashing(http: httpx.Client) -> None:
    r = http.post("/sparql", data={"query": "SELECT * WHERE " + "{" * 5000 + "}" * 5000})
    assert r.status_code == 400 and "nested 5000 levels" in r.text
    assert http.get("/sparql", params={"query": "ASK { " + "{" * 50 + "}" * 50 + " }"}).json()["boolean"] is True


def test_federated_query_is_refused(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text


def test_updates_are_off_by_default(http: httpx.Client) -> None:
    r = http.post("/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 403 and "--allow-updates" in r.text
    r = http.post("/update", content=b"CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403
    r = http.put("/rdf-graphs", params={"graph": "http://example.org/g"}, content=b"",
                 headers={"content-type": "text/turtle"})
    assert r.status_code == 403
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_request_over_the_size_cap_is_413(http: httpx.Client) -> None:
    big = b"ASK {} #" + b"x" * (5 * 1024 * 1024)
    r = http.post("/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


# ---------------------------------------------------------------- HTTP: caching, gzip, CORS


def test_etag_last_modified_and_304(http: httpx.Client) -> None:
    params = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}
    r = http.get("/sparql", params=params)
    etag = r.headers["etag"]
    assert r.headers["last-modified"].endswith("GMT")
    assert "public" in r.headers["cache-control"] and "max-age=" in r.headers["cache-control"]
    assert http.get("/sparql", params=params).headers["etag"] == etag
    r = http.get("/sparql", params=params, headers={"if-none-match": etag})
    assert r.status_code == 304 and r.content == b""
    other = http.get("/sparql", params=params, headers={"accept": "text/csv"}).headers["etag"]
    assert other != etag  # another representation, another tag


def test_gzip_when_the_client_accepts_it(http: httpx.Client) -> None:
    params = {"query": SELECT_ALL, "format": "xml"}
    plain = http.get("/sparql", params=params, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with httpx.stream("GET", str(http.base_url.join("/sparql")), params=params,
                      headers={"accept-encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw) == plain.content
    assert len(raw) < len(plain.content)


def test_cors(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = http.options("/sparql", headers={"origin": "https://yasgui.example", "access-control-request-method": "POST",
                                         "access-control-request-headers": "content-type"})
    assert r.status_code in (200, 204)
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "content-type" in r.headers["access-control-allow-headers"].lower()


# ---------------------------------------------------------------- service description, graph store


def test_service_description(http: httpx.Client, url: str) -> None:
    r = http.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    service = next(g.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.endpoint, rdflib.URIRef(url + "/sparql")) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    names = {str(o) for o in g.objects(None, SD.name)}
    assert {f"{url}/graph/doc/{DOC_ID}", f"{url}/graph/meta"} <= names
    r = http.get("/sparql", headers={"accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = http.get("/sparql")  # curl: */*
    assert r.headers["content-type"].startswith("text/turtle")


def test_graph_store_read(http: httpx.Client, url: str) -> None:
    doc = f"{url}/graph/doc/{DOC_ID}"
    count = http.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}"})
    n = int(bindings(count)[0]["n"]["value"])
    for path in ("/sparql", "/rdf-graphs"):
        r = http.get(path, params={"graph": doc})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
        assert len(rdflib.Graph().parse(data=r.text, format="turtle")) == n
    r = http.get("/rdf-graphs", params={"graph": doc}, headers={"accept": "application/n-triples"})
    assert len(rdflib.Graph().parse(data=r.text, format="nt")) == n
    head = http.head("/rdf-graphs", params={"graph": doc})
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"]
    r = http.get("/rdf-graphs", params={"graph": f"{url}/graph/doc/no-such-document"})
    assert r.status_code == 404
    r = http.get("/rdf-graphs", params={"default": ""})
    default = rdflib.Graph().parse(data=r.text, format="turtle")
    assert len(default) > n  # the union: the document's graph and the metadata graph


# ---------------------------------------------------------------- client libraries


def test_sparqlwrapper_and_rdflib_clients(url: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        sw = SPARQLWrapper(url + "/sparql")
        sw.setMethod(method)
        sw.setQuery(GRAPHS_QUERY)
        sw.setReturnFormat(JSON)
        result = sw.query().convert()
        assert f"{url}/graph/meta" in [b["g"]["value"] for b in result["results"]["bindings"]]
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    st = SPARQLStore(url + "/sparql", returnFormat="json")
    rows = list(rdflib.Graph(store=st).query("SELECT ?d WHERE { ?d a <http://rdfs.org/ns/void#Dataset> }"))
    assert rows


# ---------------------------------------------------------------- updates enabled, with a token


@pytest.fixture(scope="module")
def writable(built_store, tmp_path_factory):
    root = tmp_path_factory.mktemp("writable")
    copy = root / "store"
    shutil.copytree(store_mod.resolve(built_store), copy)
    server = RunningServer(copy, free_port(), root / "server.log", "--allow-updates", env={"EDZKG_TOKEN": "s3cret"})
    yield server
    server.stop()


def test_updates_need_the_bearer_token(writable: RunningServer) -> None:
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
    ask = {"query": "ASK { <http://example.org/a> <http://example.org/p> 1 }"}
    with httpx.Client(base_url=writable.url, timeout=60) as c:
        before = c.get("/sparql", params=ask)
        assert before.json()["boolean"] is False
        r = c.post("/sparql", data={"update": insert})
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        r = c.post("/sparql", data={"update": insert}, headers={"authorization": "Bearer wrong"})
        assert r.status_code == 403
        assert c.get("/sparql", params=ask).json()["boolean"] is False
        r = c.post("/update", content=insert.encode(), headers={"authorization": "Bearer s3cret",
                                                                "content-type": "application/sparql-update"})
        assert r.status_code == 204, r.text
        after = c.get("/sparql", params=ask)
        assert after.json()["boolean"] is True  # readers see the change at once (no stale cache)
        assert after.headers["etag"] != before.headers["etag"]
        assert "no-cache" in after.headers["cache-control"]
        sd = rdflib.Graph().parse(data=c.get("/sparql", headers={"accept": "text/turtle"}).text, format="turtle")
        assert (None, SD.supportedLanguage, SD.SPARQL11Update) in sd
        r = c.post("/sparql", data={"update": "LOAD <http://example.org/data.ttl>"},
                   headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 400 and "LOAD" in r.text


def test_graph_store_writes(writable: RunningServer) -> None:
    auth = {"authorization": "Bearer s3cret"}
    g = {"graph": "http://example.org/gsp"}
    ttl = b"@prefix ex: <http://example.org/> . ex:a ex:p 1 . ex:b ex:p 2 ."
    with httpx.Client(base_url=writable.url, timeout=60) as c:
        r = c.put("/rdf-graphs", params=g, content=ttl, headers={"content-type": "text/turtle"})
        assert r.status_code == 401
        r = c.put("/rdf-graphs", params=g, content=ttl, headers={"content-type": "text/turtle", **auth})
        assert r.status_code == 201
        r = c.post("/rdf-graphs", params=g, content=b"<http://example.org/c> <http://example.org/p> \"3\" .",
                   headers={"content-type": "application/n-triples", **auth})
        assert r.status_code == 204
        got = rdflib.Graph().parse(data=c.get("/rdf-graphs", params=g).text, format="turtle")
        assert len(got) == 3
        r = c.put("/rdf-graphs", params=g, content=b"not turtle at all {", headers={"content-type": "text/turtle", **auth})
        assert r.status_code == 400
        assert len(rdflib.Graph().parse(data=c.get("/rdf-graphs", params=g).text, format="turtle")) == 3
        r = c.put("/rdf-graphs", params=g, content=ttl, headers={"content-type": "image/png", **auth})
        assert r.status_code == 415
        assert c.delete("/rdf-graphs", params=g, headers=auth).status_code == 204
        assert c.get("/rdf-graphs", params=g).status_code == 404
        assert c.delete("/rdf-graphs", params=g, headers=auth).status_code == 404


# ---------------------------------------------------------------- the engine API (linked-data pages)


def test_engine_api(built_store) -> None:
    import asyncio

    from server.engine import QueryEngine, QueryError
    from server.settings import Settings

    async def main() -> None:
        info = store_mod.dataset_info(built_store)
        engine = QueryEngine(store_mod.resolve(built_store), Settings(store=built_store, workers=1),
                             info.base_iri, info.base_iri + "sparql")
        await engine.start()
        try:
            doc = f"{info.base_iri}doc/{DOC_ID}"
            res = await engine.select(f"SELECT ?p WHERE {{ <{doc}> ?p ?o }}")
            assert res["head"]["vars"] == ["p"] and res["results"]["bindings"]
            assert await engine.ask(f"ASK {{ <{doc}> ?p ?o }}") is True
            assert await engine.ask("ASK { <http://example.org/nothing> ?p ?o }") is False
            nt = await engine.construct(f"DESCRIBE <{doc}>")
            assert len(rdflib.Graph().parse(data=nt, format="nt")) > 0
            ttl = await engine.construct(f"DESCRIBE <{doc}>", "text/turtle")
            assert len(rdflib.Graph().parse(data=ttl, format="turtle")) == len(rdflib.Graph().parse(data=nt, format="nt"))
            with pytest.raises(QueryError) as e:
                await engine.select("SELECT nonsense")
            assert e.value.status == 400
        finally:
            await engine.close()

    asyncio.run(main())
