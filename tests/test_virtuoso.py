"""Scale-out: the graph pushed into a real Virtuoso answers exactly like the embedded store.

Starts Virtuoso (Debian package `virtuoso-opensource`) on 127.0.0.1 with its database in a
temporary directory (a fresh database's DBA login is dba/dba), pushes the seed build through
`/sparql-graph-crud-auth` (Digest auth), and asks the same questions of both backends. Skipped
with a reason where Virtuoso is not installed (`.ci/run` installs it).
"""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph import store as store_mod
from graph.iris import Namespace, rebase
from graph.push import PushError, make_auth, push
from server.engine import QueryError, StreamAborted, Streaming
from server.remote import RemoteEngine
from server.settings import Settings

from .conftest import ROOT, SEED, RunningServer
from .test_push import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ROW_CAP = 10_000  # Virtuoso's ResultSetMaxRows as the Debian package ships it
QUERIES = sorted((ROOT / "queries").glob("*.rq"))

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
MaxQueryMem = 512M
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {row_cap}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@dataclass
class Virtuoso:
    url: str

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def graph_store(self) -> str:
        return self.url + "/sparql-graph-crud-auth"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on 127.0.0.1, database in a temporary directory; stopped afterwards."""
    if VIRTUOSO is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource; .ci/run installs it)")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "vsp").mkdir()
    http_port, sql_port = free_port(), free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql_port=sql_port, http_port=http_port, row_cap=ROW_CAP))
    proc = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")],
        cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(f"http://127.0.0.1:{http_port}")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (d / "virtuoso.log").read_text(errors="replace")[-1500:] if (d / "virtuoso.log").exists() else ""
                pytest.fail(f"Virtuoso did not start (exit {proc.poll()}):\n{log}")
            time.sleep(0.25)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def pushed(built_store, virtuoso):
    """The seed build pushed into Virtuoso (Digest auth as dba)."""
    t = time.perf_counter()
    report = push(built_store, virtuoso.graph_store, auth=make_auth("dba", "dba", None))
    print(f"\npush to Virtuoso: {len(report.sent)} graphs, {report.triples} triples, "
          f"{time.perf_counter() - t:.2f} s", file=sys.stderr)
    return report


class SyncEngine:
    """A RemoteEngine driven from synchronous tests, on one event loop."""

    def __init__(self, engine: RemoteEngine) -> None:
        self.engine = engine
        self.loop = asyncio.new_event_loop()

    def __getattr__(self, name: str):
        method = getattr(self.engine, name)
        return lambda *a, **kw: self.loop.run_until_complete(method(*a, **kw))

    def close(self) -> None:
        self.loop.run_until_complete(self.engine.close())
        self.loop.close()


@pytest.fixture(params=["list", "exclude"])
def remote(request, virtuoso, pushed):
    """The engine over Virtuoso, with the dataset named both ways it can be: listed with
    default-/named-graph-uri (few graphs), or Virtuoso's other graphs excluded (many graphs)."""
    engine = SyncEngine(RemoteEngine(virtuoso.sparql, Settings(store=Path("unused")), refresh_seconds=0,
                                     dataset_mode=request.param))
    yield engine
    engine.close()


def embedded_results(store: Path, query: str) -> dict:
    """What the embedded store answers (SPARQL JSON), the default graph being the union."""
    db = store_mod.open_read_only(store)
    res = db.query(query, use_default_graph_as_union=True)
    if isinstance(res, ox.QueryBoolean):
        return {"boolean": bool(res)}
    buf = io.BytesIO()
    res.serialize(buf, ox.QueryResultsFormat.JSON)
    return json.loads(buf.getvalue())


XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def row_key(row: dict) -> tuple:
    """A row as a comparable value; blank nodes compare equal to each other (labels differ).

    Virtuoso keeps xsd:decimal to about 18 significant digits (a documented limit, see
    docs/scale-out.md), so decimals compare to 15.
    """
    def term(t: dict) -> tuple:
        if t["type"] == "bnode":
            return ("bnode",)
        value = t["value"]
        if t.get("datatype") == XSD_DECIMAL:
            value = f"{float(value):.15g}"
        return (t["type"], value, t.get("datatype", ""), t.get("xml:lang", "").lower())

    return tuple(sorted((k, term(v)) for k, v in row.items()))


def same_rows(remote: dict, local: dict) -> None:
    assert remote["head"]["vars"] == local["head"]["vars"]
    got = sorted(row_key(r) for r in remote["results"]["bindings"])
    want = sorted(row_key(r) for r in local["results"]["bindings"])
    assert got == want


# ------------------------------------------------------------------ push


def test_push_puts_every_graph_into_virtuoso(built_store, virtuoso, pushed):
    local = {g.value for g in store_mod.open_read_only(built_store).named_graphs()}
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = httpx.post(virtuoso.sparql, data={"query": q}, headers={"Accept": "application/sparql-results+json"})
    remote_counts = {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    db = store_mod.open_read_only(built_store)
    for iri in local:
        assert remote_counts.get(iri) == len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(iri)))), iri
    assert {g.iri for g in pushed.sent} == local


def test_push_with_a_wrong_password_is_refused(built_store, virtuoso):
    with pytest.raises(PushError, match="refused these credentials"):
        push(built_store, virtuoso.graph_store, auth=make_auth("dba", "not-the-password", None))


def test_cli_push_to_virtuoso(built_store, virtuoso):
    r = subprocess.run(
        [sys.executable, "-m", "server.cli", "push", "--store", str(built_store),
         "--endpoint", virtuoso.graph_store, "--user", "dba", "--password", "dba"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "graphs replaced:" in r.stdout


# ------------------------------------------------------------------ RemoteEngine


PROBES = {
    "triples in the default graph (the union of the dataset's graphs)":
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "named graphs and their sizes":
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "instances per class":
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "Chinese labels":
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        "FILTER(LANG(?label) = 'zh') }",
    "labels containing a development-zone name":
        "SELECT DISTINCT ?label WHERE { ?s ?p ?label FILTER(isLiteral(?label) && CONTAINS(STR(?label), '开发区')) }",
    "dataset metadata":
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?p ?o WHERE { ?d a void:Dataset ; ?p ?o }",
    "one named graph by name":
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH <http://127.0.0.1:8000/graph/meta> { ?s ?p ?o } } GROUP BY ?p",
    "a named graph by name inside OPTIONAL, with SELECT *":
        "SELECT * WHERE { ?d a <http://rdfs.org/ns/void#Dataset> "
        "OPTIONAL { GRAPH <http://127.0.0.1:8000/graph/meta> { ?d <http://rdfs.org/ns/void#uriSpace> ?u } } }",
    "optional and bound":
        "SELECT ?s ?label WHERE { ?s a ?c OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_remote_engine_answers_like_the_embedded_store(built_store, remote, name):
    query = PROBES[name]
    same_rows(remote.select(query), embedded_results(built_store, query))


def test_virtuoso_system_graphs_stay_hidden(built_store, remote):
    graphs = remote.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    local = {g.value for g in store_mod.open_read_only(built_store).named_graphs()}
    assert {b["g"]["value"] for b in graphs["results"]["bindings"]} == local
    ask = "ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'http://www.openlinksw.com/')) }"
    assert remote.ask(ask) is False


def test_numbers_come_back_as_standard_typed_literals(remote):
    n = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["results"]["bindings"][0]["n"]
    assert n["type"] == "literal"
    assert n["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert int(n["value"]) > 0


def test_ask_and_construct_match_the_embedded_store(built_store, remote):
    ns = Namespace(store_mod.dataset_info(built_store).base_iri)
    doc = ns.document(SEED.stem)
    assert remote.ask(f"ASK {{ <{doc}> ?p ?o }}") is True
    assert remote.ask("ASK { <http://example.org/nothing> ?p ?o }") is False
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ns.doc_graph(SEED.stem)}> {{ ?s ?p ?o }} }}"
    ttl = remote.construct(q, "text/turtle")
    got = {q.triple for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}
    db = store_mod.open_read_only(built_store)
    want = set(db.query(q, use_default_graph_as_union=True))
    assert {_comparable(t) for t in got if not _has_bnode(t)} == {_comparable(t) for t in want if not _has_bnode(t)}
    assert len(got) == len(want)


def _has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _comparable(t: ox.Triple) -> tuple:
    o = t.object
    if isinstance(o, ox.Literal) and o.datatype.value == XSD_DECIMAL:
        return (t.subject, t.predicate, f"{float(o.value):.15g}")
    return (t.subject, t.predicate, o)


def test_durations_come_back_as_written(remote):
    """Virtuoso stores xsd:duration as numbers (P1Y → 12); the engine gives ISO 8601 back."""
    q = "SELECT ?d WHERE { VALUES ?d { 'P1Y'^^<http://www.w3.org/2001/XMLSchema#duration> } }"
    rows = remote.select("SELECT DISTINCT ?d WHERE { ?s ?p ?d FILTER(DATATYPE(?d) = "
                         "<http://www.w3.org/2001/XMLSchema#duration>) }")["results"]["bindings"]
    values = {r["d"]["value"] for r in rows}
    assert "P1Y" in values, "the seed article has annual figures (村集体每年创收了100余万元): P1Y"
    assert all(v.startswith("P") for v in values), values
    assert remote.select(q)["results"]["bindings"][0]["d"]["value"] == "P1Y"


def test_malformed_query_gets_the_embedded_parsers_message(built_store, remote):
    bad = "SELECT * WHERE { ?s ?p }"
    with pytest.raises(QueryError) as remote_error:
        remote.select(bad)
    with pytest.raises(SyntaxError) as local_error:
        store_mod.open_read_only(built_store).query(bad)
    assert remote_error.value.status == 400
    assert remote_error.value.message == f"malformed query: {local_error.value}"


def test_virtuosos_row_cap_is_reported_not_hidden(remote):
    values = " ".join(str(i) for i in range(150))
    q = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} }}"  # 22 500 rows
    result = remote.execute(remote.engine.query_job(q, "csv", None))
    assert result.truncated
    assert result.rows == ROW_CAP
    assert result.body.count(b"\r\n") == ROW_CAP + 1  # header + the rows Virtuoso sent
    small = remote.execute(remote.engine.query_job(q + " LIMIT 100", "csv", None))
    assert not small.truncated and small.rows == 100


def published(path: Path):
    return pytest.param(path, id=path.name)


@pytest.fixture(scope="module")
def served(built_store, virtuoso, pushed, tmp_path_factory):
    """`edzkg serve --backend <Virtuoso>` on 127.0.0.1 (the local store is only where dumps come from)."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    server = RunningServer(built_store, free_port(), log, "--backend", virtuoso.sparql, "--processes", "1")
    yield server.url
    server.stop()


def sparql_json(url: str, query: str) -> dict:
    r = httpx.post(url + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                   timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.skipif(not QUERIES, reason="queries/ has no .rq files yet")
@pytest.mark.parametrize("path", [published(p) for p in QUERIES])
def test_every_published_query_answers_the_same_through_serve_backend(built_store, served, path):
    base = store_mod.dataset_info(built_store).base_iri
    query = rebase(path.read_text(encoding="utf-8"), base)
    db = store_mod.open_read_only(built_store)
    local = db.query(query, use_default_graph_as_union=True)
    if isinstance(local, ox.QueryTriples):
        r = httpx.post(served + "/sparql", data={"query": query}, headers={"Accept": "application/n-triples"},
                       timeout=120)
        assert r.status_code == 200, r.text
        got = {_comparable(q.triple) for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)
               if not _has_bnode(q.triple)}
        assert got == {_comparable(t) for t in local if not _has_bnode(t)}
    elif isinstance(local, ox.QueryBoolean):
        assert sparql_json(served, query)["boolean"] is bool(local)
    else:
        same_rows(sparql_json(served, query), embedded_results(built_store, query))


def _described(url: str, query: str) -> set:
    r = httpx.post(url + "/sparql", data={"query": query}, headers={"Accept": "application/n-triples"}, timeout=120)
    assert r.status_code == 200, r.text
    return {_comparable(q.triple) for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("form", ["iri", "where"])
def test_describe_gives_the_embedded_stores_description(built_store, served, form):
    """DESCRIBE: the triples with the resource as subject (and its blank nodes'), as embedded."""
    base = store_mod.dataset_info(built_store).base_iri
    if form == "iri":
        query = f"DESCRIBE <{Namespace(base).document(SEED.stem)}>"
    else:
        query = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
                 'DESCRIBE ?village WHERE { ?village rdfs:label "漕泾村"@zh }')
    local = store_mod.open_read_only(built_store).query(query, use_default_graph_as_union=True)
    want = {_comparable(t) for t in local}
    assert want, "the seed article names 漕泾村 and has a document IRI: the description is not empty"
    got = _described(served, query)
    assert {t for t in got if not any(isinstance(x, ox.BlankNode) for x in t)} == \
        {t for t in want if not any(isinstance(x, ox.BlankNode) for x in t)}
    assert len(got) == len(want)


def test_serve_backend_keeps_the_endpoints_formats_and_errors(built_store, served):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = len(list(store_mod.open_read_only(built_store).quads_for_pattern(None, None, None, None)))
    csv = httpx.get(served + "/sparql", params={"query": q}, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.split() == ["n", str(n)]
    xml = httpx.get(served + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    assert f">{n}</literal>" in xml.text
    bad = httpx.get(served + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400 and "malformed query" in bad.text
    nope = httpx.get(served + "/sparql", params={"query": q}, headers={"Accept": "image/png"})
    assert nope.status_code == 406
    write = httpx.post(served + "/sparql", data={"update": "INSERT DATA { <http://a> <http://b> <http://c> }"})
    assert write.status_code == 403


# ------------------------------------------------------------------ streaming large answers

# Every triple with an IRI subject, with its subject and property again as strings: about 7,000
# rows on the seed build (under Virtuoso's 10,000-row cap), about 7 MB as SPARQL JSON — far more
# than the bytes buffered before the status is sent (Settings.commit_bytes, 256 KiB).
LARGE_SELECT = ("SELECT ?s ?p ?o ?subject ?property ?both ?again WHERE { ?s ?p ?o FILTER(isIRI(?s)) "
                "BIND(STR(?s) AS ?subject) BIND(STR(?p) AS ?property) "
                "BIND(CONCAT(?subject, ' ', ?property, ' ', ?subject, ' ', ?property) AS ?both) "
                "BIND(CONCAT(?both, ' ', ?both) AS ?again) }")


def test_a_large_select_streams_with_flat_memory(built_store, remote, tmp_path):
    """The answer is relayed as it is parsed: Python never holds more than a fraction of it
    (the chunks go to a file as they come, outside what tracemalloc counts)."""
    received = tmp_path / "answer.json"
    tracemalloc.start()
    try:
        result = remote.execute(remote.engine.query_job(LARGE_SELECT, "json", None))
        assert isinstance(result, Streaming), "a multi-MB answer is streamed, not buffered whole"
        with received.open("wb") as out:
            out.write(result.first)

            async def rest() -> None:
                async for chunk in result.rest:
                    out.write(chunk)

            remote.loop.run_until_complete(rest())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = received.stat().st_size
    assert size > 6_000_000
    assert peak < size / 4, f"peak Python memory {peak} B for a {size} B answer"
    same_rows(json.loads(received.read_bytes()), embedded_results(built_store, LARGE_SELECT))


def test_leaving_a_stream_early_stops_the_relay(remote):
    """A client that goes away mid-answer (the endpoint closes the stream) leaves no thread behind."""
    result = remote.execute(remote.engine.query_job(LARGE_SELECT, "xml", None))
    assert isinstance(result, Streaming)
    remote.loop.run_until_complete(result.rest.aclose())
    for thread in [t for t in threading.enumerate() if t.name == "edzkg-remote-relay"]:
        thread.join(timeout=10)
        assert not thread.is_alive()
    small = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the engine still answers
    assert int(small["results"]["bindings"][0]["n"]["value"]) > 0


def test_serve_backend_streams_a_large_select(built_store, served):
    with httpx.stream("POST", served + "/sparql", data={"query": LARGE_SELECT},
                      headers={"Accept": "application/sparql-results+json"}, timeout=120) as r:
        assert r.status_code == 200
        assert r.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.headers
        body = r.read()
    same_rows(json.loads(body), embedded_results(built_store, LARGE_SELECT))


def test_a_streamed_answer_cut_by_virtuoso_says_so(served):
    """Virtuoso's cut is known from its headers, before the first byte: the header says it, and
    the streamed XML ends with the truncation note."""
    query = "SELECT ?s ?p ?o ?i WHERE { ?s ?p ?o VALUES ?i { 1 2 } }"  # about 14,500 rows
    with httpx.stream("POST", served + "/sparql", data={"query": query},
                      headers={"Accept": "application/sparql-results+xml"}, timeout=120) as r:
        assert r.status_code == 200 and "content-length" not in r.headers
        assert r.headers.get("x-sparql-truncated") == "true"
        body = r.read().decode()
    assert body.count("<result>") == ROW_CAP
    assert body.rstrip().endswith(f"<!-- truncated: the remote store stopped at its row limit ({ROW_CAP} rows); "
                                  "page with ORDER BY + LIMIT/OFFSET -->")


# ------------------------------------------------------------------ streaming, without Virtuoso
# A stand-in remote (httpx.MockTransport) that answers like Virtuoso 7.2 does: its JSON layout,
# `nodeID://` blank nodes, and whatever body or headers a test gives it.

BASE = "http://127.0.0.1:8000/"
INFO = json.dumps({"head": {"vars": ["g", "base", "version"]}, "results": {"bindings": [
    {"g": {"type": "uri", "value": BASE + "graph/meta"}, "base": {"type": "literal", "value": BASE},
     "version": {"type": "literal", "value": "v1"}}]}})
GRAPHS = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [
    {"g": {"type": "uri", "value": BASE + "graph/meta"}}]}})


def stand_in(answer) -> SyncEngine:
    """An engine over a fake Virtuoso; ``answer()`` gives the httpx.Response to a user query."""
    def handle(request: httpx.Request) -> httpx.Response:
        query = dict(httpx.QueryParams(request.content.decode()))["query"]
        if "void:uriSpace" in query:
            return httpx.Response(200, text=INFO, headers={"server": "Virtuoso/07.20.3229"})
        if "GROUP BY ?g" in query:
            return httpx.Response(200, text=GRAPHS, headers={"server": "Virtuoso/07.20.3229"})
        return answer()

    settings = Settings(store=Path("unused"), timeout=2.0, commit_bytes=4096)
    return SyncEngine(RemoteEngine("http://remote.test/sparql", settings, transport=httpx.MockTransport(handle)))


def virtuoso_rows(n: int) -> list[bytes]:
    """n rows as Virtuoso writes them: one per line, a blank node labelled nodeID://bN."""
    return [(',\n    ' if i else '').encode() + (
        '{ "s": { "type": "bnode", "value": "nodeID://b%d" }\t, "o": { "type": "literal", '
        '"value": "\\n\\n  row %d  \\n" }}' % (i, i)).encode() for i in range(n)]


def virtuoso_json(rows: list[bytes], end: bool = True) -> list[bytes]:
    head = (b'\n{ "head": { "link": [], "vars": ["s", "o"] },\n'
            b'  "results": { "distinct": false, "ordered": true, "bindings": [\n    ')
    return [head, *rows, b" ] } }"] if end else [head, *rows]


def consume(engine: SyncEngine, result) -> bytes:
    if not isinstance(result, Streaming):
        return result.body
    parts = [result.first]

    async def rest() -> None:
        async for chunk in result.rest:
            parts.append(chunk)

    engine.loop.run_until_complete(rest())
    return b"".join(parts)


@pytest.mark.parametrize("piece", [1, 7, 4096])
def test_blank_nodes_and_whitespace_survive_any_chunking(piece):
    """nodeID:// labels are renamed even when a chunk border splits the marker; literals keep
    their surrounding whitespace (why the relay reads JSON, not XML)."""
    raw = b"".join(virtuoso_json(virtuoso_rows(300)))
    pieces = [raw[i:i + piece] for i in range(0, len(raw), piece)]

    async def body():
        for p in pieces:
            yield p

    engine = stand_in(lambda: httpx.Response(200, content=body()))
    try:
        result = engine.execute(engine.engine.query_job("SELECT ?s ?o WHERE { ?s ?p ?o }", "json", None))
        assert isinstance(result, Streaming)  # 300 rows are more than commit_bytes (4 KiB)
        rows = json.loads(consume(engine, result))["results"]["bindings"]
    finally:
        engine.close()
    assert [r["s"] for r in rows[:2]] == [{"type": "bnode", "value": "b0"}, {"type": "bnode", "value": "b1"}]
    assert [r["o"]["value"] for r in rows] == [f"\n\n  row {i}  \n" for i in range(300)]


def test_a_partial_answer_is_a_503_before_any_byte():
    engine = stand_in(lambda: httpx.Response(200, content=b"".join(virtuoso_json(virtuoso_rows(300))),
                                             headers={"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: timeout"}))
    try:
        with pytest.raises(QueryError) as e:
            engine.execute(engine.engine.query_job("SELECT ?s ?o WHERE { ?s ?p ?o }", "json", None))
    finally:
        engine.close()
    assert e.value.status == 503 and "partial answer" in e.value.message


def test_a_remote_that_stalls_mid_answer_is_cut_at_the_time_limit():
    """Past the first bytes the status is sent: the stream ends with an error, not a hang."""
    async def stalls():
        for chunk in virtuoso_json(virtuoso_rows(3000), end=False):  # past the writers' 32 KiB buffers
            yield chunk
        await asyncio.sleep(3600)
        yield b""

    engine = stand_in(lambda: httpx.Response(200, content=stalls()))
    try:
        result = engine.execute(engine.engine.query_job("SELECT ?s ?o WHERE { ?s ?p ?o }", "json", None))
        assert isinstance(result, Streaming)
        with pytest.raises(StreamAborted, match="time limit of 2 s"):
            consume(engine, result)
    finally:
        engine.close()
