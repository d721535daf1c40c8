"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c/protocol/manifest.ttl), over real HTTP.

Each mf:ProtocolTest describes raw HTTP requests (method, path, headers, body) and what each
response must be (status class, result format, ASK answer). The runner sends them as written
(``/sparql/`` → our ``/sparql``) to an ``edzkg serve`` started here:

- with ``--allow-updates``: all 34 tests, each starting from a store holding exactly the graphs
  its ``ut:graphData`` names (reset with DROP ALL + Graph Store PUT);
- read-only (the default): the same tests, except that a valid update must be refused with 403
  (and the requests that would check its effect are not sent).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection

from .conftest import RunningServer, free_port

W3C = Path(__file__).parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

RESULTS_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/n-quads": "nquads", "application/trig": "trig", "application/ld+json": "json-ld"}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: set[int]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        ctype = self.headers.get("content-type", "")
        return ctype.startswith("application/sparql-update") or (
            ctype.startswith("application/x-www-form-urlencoded") and (self.body or b"").startswith(b"update="))


@dataclass
class ProtocolTest:
    id: str
    name: str
    graphs: list[tuple[Path, str]] = field(default_factory=list)  # (file, graph IRI)
    steps: list[Step] = field(default_factory=list)


def load_manifest() -> list[ProtocolTest]:
    g = rdflib.Graph()
    g.parse(W3C / "manifest.ttl", format="turtle", publicID=(W3C / "manifest.ttl").as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        t = ProtocolTest(id=str(entry).rsplit("#", 1)[1], name=str(g.value(entry, MF.name)))
        for gd in g.objects(entry, UT.graphData):
            file = Path(rdflib.URIRef(g.value(gd, UT.graph)).replace("file://", ""))
            t.graphs.append((file, str(g.value(gd, RDFS.label))))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            hlist = g.value(req, HT.headers)
            if hlist is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
            body = None
            b = g.value(req, HT.body)
            if b is not None:
                encoding = str(g.value(b, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(b, CNT.chars)).encode(encoding.lower())
            resp = g.value(req, HT.resp)
            statuses = {int(str(s)[len(HTS)]) for s in g.objects(resp, MF.expectedStatus)}
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            t.steps.append(Step(
                method=str(g.value(req, HT.methodName)), path=str(g.value(req, HT.absolutePath)),
                headers=headers, body=body, status_classes=statuses,
                expected_format=str(fmt) if fmt is not None else None,
                expected_boolean=boolean.toPython() if boolean is not None else None,
            ))
        tests.append(t)
    return tests


TESTS = load_manifest()
ALL_GRAPHS = sorted({(f, iri) for t in TESTS for f, iri in t.graphs}, key=lambda x: x[1])


def make_store(path: Path) -> Path:
    """A plain Oxigraph store with data1-3.nt, each in the named graph the manifest gives it."""
    import pyoxigraph as ox

    db = ox.Store(str(path))
    for file, iri in ALL_GRAPHS:
        db.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    db.flush()
    del db
    return path


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    root = tmp_path_factory.mktemp("w3c-rw")
    server = RunningServer(make_store(root / "store"), free_port(), root / "server.log", "--allow-updates",
                           env={"EDZKG_TOKEN": ""})  # the manifest's requests carry no token
    yield server
    server.stop()


@pytest.fixture(scope="module")
def read_only(tmp_path_factory):
    root = tmp_path_factory.mktemp("w3c-ro")
    server = RunningServer(make_store(root / "store"), free_port(), root / "server.log")
    yield server
    server.stop()


def reset(client: httpx.Client, test: ProtocolTest) -> None:
    """Exactly the test's graphs: DROP ALL, then a Graph Store PUT per graph."""
    r = client.post("/sparql", content=b"DROP ALL", headers={"content-type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    for file, iri in test.graphs:
        r = client.put("/rdf-graphs", params={"graph": iri}, content=file.read_bytes(),
                       headers={"content-type": "application/n-triples"})
        assert r.status_code in (201, 204), r.text


def send(client: httpx.Client, step: Step) -> httpx.Response:
    assert step.path.startswith("/sparql/")
    url = client.base_url.join("/sparql" + step.path[len("/sparql/"):])
    return client.request(step.method, url, content=step.body, headers=step.headers)


def check_format(step: Step, r: httpx.Response) -> None:
    ctype = r.headers.get("content-type", "").split(";")[0].strip()
    if step.expected_format == "boolean":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml"), ctype
        if ctype.endswith("json"):
            value = json.loads(r.content)["boolean"]
        else:
            el = ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            value = el is not None and el.text == "true"
        if step.expected_boolean is not None:
            assert value is step.expected_boolean, r.text
    elif step.expected_format == "tabular":
        assert ctype in RESULTS_TYPES, ctype
        if ctype.endswith("json"):
            assert "bindings" in json.loads(r.content)["results"]
    elif step.expected_format == "RDF":
        assert ctype in RDF_TYPES, ctype
        fmt = RDF_TYPES[ctype]
        (rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()).parse(data=r.content, format=fmt)


def run_steps(client: httpx.Client, test: ProtocolTest, updates: bool) -> None:
    for i, step in enumerate(test.steps):
        r = send(client, step)
        where = f"{test.id} request {i + 1} ({step.method} {step.path[:80]}): {r.status_code} {r.text[:300]}"
        if not updates and step.is_update and 2 in step.status_classes:
            assert r.status_code == 403, where  # a valid update on a read-only endpoint
            assert "updates are disabled" in r.text
            return  # the following requests check the update's effect
        assert r.status_code // 100 in step.status_classes, where
        if r.status_code // 100 == 2 and step.expected_format:
            check_format(step, r)


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_protocol_with_updates(test: ProtocolTest, writable: RunningServer) -> None:
    with httpx.Client(base_url=writable.url, timeout=30) as client:
        reset(client, test)
        run_steps(client, test, updates=True)


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_protocol_read_only(test: ProtocolTest, read_only: RunningServer) -> None:
    with httpx.Client(base_url=read_only.url, timeout=30) as client:
        run_steps(client, test, updates=False)


def test_manifest_has_the_34_tests() -> None:
    assert len(TESTS) == 34
    assert sum(1 for t in TESTS if any(s.is_update for s in t.steps)) >= 7
