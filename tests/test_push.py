"""`edzkg push`: the built dataset arrives in a Graph Store endpoint graph for graph, replacing.

The remote is a real `oxigraph serve` (PyPI `oxigraph`, the test extra) on 127.0.0.1; its
Graph Store endpoint is /store and its SPARQL endpoint /query.
"""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph import store as store_mod
from graph.build import build
from graph.iris import Namespace
from graph.push import PushError, make_auth, push

from .conftest import CORPUS, ROOT, SEED

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
SEED_ID = SEED.stem


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph_server(tmp_path):
    """A fresh, empty `oxigraph serve` on 127.0.0.1; yields its base URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the `oxigraph` server (PyPI `oxigraph`, in the test extra) is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[-500:]}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def remote_graph(url: str, iri: str) -> Graph:
    r = httpx.get(url + "/store", params={"graph": iri}, headers={"Accept": "application/n-triples"})
    r.raise_for_status()
    return Graph().parse(data=r.text, format="nt")


def local_graph(store: Path, iri: str) -> Graph:
    db = store_mod.open_read_only(store)
    text = "".join(f"{q.triple} .\n" for q in db.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    return Graph().parse(data=text, format="nt")


def remote_graphs(url: str) -> dict[str, int]:
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = httpx.get(url + "/query", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def two_document_corpus(tmp_path: Path) -> Path:
    """The seed article plus a second document (the same text under another id)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        src = CORPUS / (SEED_ID + suffix)
        if src.exists():
            shutil.copy(src, corpus / src.name)
    shutil.copy(SEED, corpus / "001_second_copy.txt")
    return corpus


def test_every_graph_arrives_as_built(built_store, oxigraph_server):
    report = push(built_store, oxigraph_server + "/store")
    ns = Namespace(store_mod.dataset_info(built_store).base_iri)
    local = {g.value for g in store_mod.open_read_only(built_store).named_graphs()}
    assert {ns.doc_graph(SEED_ID), ns.meta_graph} <= local
    assert set(remote_graphs(oxigraph_server)) == local
    assert {g.iri for g in report.sent} == local
    for iri in local:
        assert isomorphic(remote_graph(oxigraph_server, iri), local_graph(built_store, iri)), iri
    # the article's Chinese text survives the trip (the first section is about this zone)
    doc = remote_graph(oxigraph_server, ns.doc_graph(SEED_ID))
    assert any("桐乡经济开发区" in str(o) for o in doc.objects())


def test_pushing_replaces_what_the_remote_had(built_store, oxigraph_server):
    ns = Namespace(store_mod.dataset_info(built_store).base_iri)
    doc_graph = ns.doc_graph(SEED_ID)
    stray = '<http://example.org/stray> <http://example.org/p> "left over" .\n'
    httpx.post(oxigraph_server + "/store", params={"graph": doc_graph}, content=stray,
               headers={"Content-Type": "application/n-triples"}).raise_for_status()
    push(built_store, oxigraph_server + "/store")
    first = remote_graphs(oxigraph_server)
    assert "left over" not in remote_graph(oxigraph_server, doc_graph).serialize(format="nt")
    report = push(built_store, oxigraph_server + "/store", everything=True)
    assert remote_graphs(oxigraph_server) == first
    assert report.triples == sum(first.values())
    assert "graphs replaced: %d" % len(first) in "\n".join(report.lines())


def test_a_second_push_sends_only_what_changed(tmp_path, oxigraph_server):
    corpus = two_document_corpus(tmp_path)
    second = corpus / "001_second_copy.txt"
    second.unlink()
    store = tmp_path / "store"
    build(corpus, store)
    ns = Namespace(store_mod.dataset_info(store).base_iri)
    push(store, oxigraph_server + "/store")

    again = push(store, oxigraph_server + "/store")
    assert [g.iri for g in again.sent] == [ns.meta_graph]  # the version is always re-sent
    assert again.unchanged >= 1

    shutil.copy(SEED, second)  # one new article
    build(corpus, store)
    grown = push(store, oxigraph_server + "/store")
    assert sorted(g.iri for g in grown.sent) == sorted([ns.doc_graph("001_second_copy"), ns.meta_graph])
    assert ns.doc_graph("001_second_copy") in remote_graphs(oxigraph_server)
    local = {g.value for g in store_mod.open_read_only(store).named_graphs()}
    for iri in local:
        assert isomorphic(remote_graph(oxigraph_server, iri), local_graph(store, iri)), iri


def test_a_remote_changed_by_someone_else_gets_everything(tmp_path, oxigraph_server):
    store = tmp_path / "store"
    build(CORPUS, store)
    ns = Namespace(store_mod.dataset_info(store).base_iri)
    push(store, oxigraph_server + "/store")
    # another push (another machine, another build) replaced the metadata graph
    other = f'<{ns.base}dataset> <http://www.w3.org/2002/07/owl#versionInfo> "someone-else" .\n'
    httpx.put(oxigraph_server + "/store", params={"graph": ns.meta_graph}, content=other,
              headers={"Content-Type": "application/n-triples"}).raise_for_status()
    report = push(store, oxigraph_server + "/store")
    assert report.unchanged == 0
    assert {g.iri for g in report.sent} == {g.value for g in store_mod.open_read_only(store).named_graphs()}


def test_a_document_dropped_from_the_corpus_is_deleted_remotely(tmp_path, oxigraph_server):
    corpus = two_document_corpus(tmp_path)
    store = tmp_path / "store"
    build(corpus, store)
    ns = Namespace(store_mod.dataset_info(store).base_iri)
    push(store, oxigraph_server + "/store")
    assert ns.doc_graph("001_second_copy") in remote_graphs(oxigraph_server)

    (corpus / "001_second_copy.txt").unlink()
    build(corpus, store)
    report = push(store, oxigraph_server + "/store")
    remote = remote_graphs(oxigraph_server)
    assert ns.doc_graph("001_second_copy") not in remote
    assert ns.doc_graph(SEED_ID) in remote
    assert report.deleted == [ns.doc_graph("001_second_copy")]


def test_cli_push_prints_a_summary(built_store, oxigraph_server):
    r = subprocess.run(
        [sys.executable, "-m", "server.cli", "push", "--store", str(built_store),
         "--endpoint", oxigraph_server + "/store"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    n = len(remote_graphs(oxigraph_server))
    assert f"graphs replaced: {n}" in r.stdout
    assert "triples:" in r.stdout


def test_unreachable_endpoint_is_a_clear_error(built_store):
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PushError, match="cannot reach .*is the store running"):
        push(built_store, url)


def test_endpoint_must_be_an_http_url(built_store):
    with pytest.raises(PushError, match="http"):
        push(built_store, "127.0.0.1:8890/sparql-graph-crud-auth")


def basic_auth_store(user: str, password: str) -> tuple[httpx.MockTransport, dict[str, bytes]]:
    """A Graph Store that wants HTTP Basic credentials; records what was PUT."""
    graphs: dict[str, bytes] = {}
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") != expected:
            return httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="store"'})
        graph = request.url.params["graph"]
        if request.method == "PUT":
            graphs[graph] = request.content
            return httpx.Response(201)
        if request.method == "GET":
            return httpx.Response(200, content=graphs[graph]) if graph in graphs else httpx.Response(404)
        return httpx.Response(204)

    return httpx.MockTransport(handle), graphs


def test_basic_auth_store_accepts_the_right_credentials(built_store):
    transport, graphs = basic_auth_store("alice", "s3cret")
    report = push(built_store, "http://store.test/gsp", auth=make_auth("alice", "s3cret", None),
                  transport=transport)
    assert set(graphs) == {g.iri for g in report.sent}


def test_wrong_or_missing_credentials_are_named(built_store):
    transport, _ = basic_auth_store("alice", "s3cret")
    with pytest.raises(PushError, match="refused these credentials"):
        push(built_store, "http://store.test/gsp", auth=make_auth("alice", "wrong", None), transport=transport)
    with pytest.raises(PushError, match="wants credentials.*--user/--password"):
        push(built_store, "http://store.test/gsp", transport=transport)


def test_incomplete_credentials_are_rejected_before_sending():
    with pytest.raises(PushError, match="go together"):
        make_auth("alice", None, None)
    with pytest.raises(PushError, match="not both"):
        make_auth("alice", "x", "token")
