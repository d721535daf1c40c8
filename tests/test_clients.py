"""Real SPARQL clients against the running server: every query returns the same rows through each.

The reference answer of a query is what the store itself says (pyoxigraph on the served store,
no HTTP). Each client must give back exactly those rows: SPARQLWrapper (JSON, XML, CSV, and
CONSTRUCT as Turtle), rdflib's ``SPARQLStore`` (XML and JSON), a pandas-style CSV read
(``urllib`` + the ``csv`` module: what ``pandas.read_csv(url)`` does, without adding pandas and
numpy to the test extra), plain httpx, and Comunica (npm ``@comunica/query-sparql``) when Node
and the package are there.

Queries: every ``queries/*.rq`` found at collection time, plus tests/data/clients/*.rq (literals
with quotes and line breaks, blank nodes, unbound variables, numbers, ASK, CONSTRUCT).

Blank nodes are compared as "some blank node" in result rows (labels are not stable across
responses) and by graph isomorphism in CONSTRUCT results.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
import xml.dom.minidom
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from graph import store as store_mod
from graph.iris import rebase
from server.sparql import analyze_query

from .conftest import ROOT

QUERY_FILES = sorted((ROOT / "queries").glob("*.rq")) + sorted((ROOT / "tests" / "data" / "clients").glob("*.rq"))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
COMUNICA_SCRIPT = ROOT / "tests" / "clients" / "comunica.mjs"
COMUNICA_HINT = ("install it outside the repository's package.json (≈500 npm packages, 1.5 min): "
                 "`npm install --prefix var/comunica @comunica/query-sparql@^4` (v5 needs Node ≥ 22), "
                 "or set EDZKG_COMUNICA to a directory holding node_modules/@comunica/query-sparql")

Term = tuple  # ("iri", value) | ("lit", lexical, lang, datatype) | ("bnode",) ; None = unbound
Row = tuple  # one Term per variable, in the query's variable order


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def _form(p: Path) -> str | None:
    try:
        return analyze_query(p.read_text(encoding="utf-8")).form
    except (OSError, UnicodeDecodeError):
        return None


def queries_of(*forms: str) -> list:
    """The query files of the given forms, as parameters (a placeholder that skips when none)."""
    found = [pytest.param(p, id=_id(p)) for p in QUERY_FILES if _form(p) in forms]
    return found or [pytest.param(None, id="none", marks=pytest.mark.skip(reason=f"no {'/'.join(forms)} query"))]


# ---------------------------------------------------------------- canonical terms


def lit(value: str, lang: str | None, datatype: str | None) -> Term:
    """A literal key; lexical forms go through rdflib so that equal values compare equal."""
    lang = (lang or "").lower()
    dt = datatype or (RDF_LANG_STRING if lang else XSD_STRING)
    if lang:
        return ("lit", value, lang, RDF_LANG_STRING)
    lexical = str(rdflib.Literal(value, datatype=None if dt == XSD_STRING else rdflib.URIRef(dt)))
    return ("lit", lexical, "", dt)


def from_ox(t: Any) -> Term | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("iri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode",)
    return lit(t.value, t.language, t.datatype.value if t.datatype else None)


def from_json(b: dict | None) -> Term | None:
    if b is None:
        return None
    kind = b["type"]
    if kind == "uri":
        return ("iri", b["value"])
    if kind == "bnode":
        return ("bnode",)
    return lit(b["value"], b.get("xml:lang"), b.get("datatype"))


def from_rdflib(t: Any) -> Term | None:
    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return ("iri", str(t))
    if isinstance(t, rdflib.BNode):
        return ("bnode",)
    return lit(str(t), t.language, str(t.datatype) if t.datatype else None)


def from_comunica(t: dict | None) -> Term | None:
    if t is None:
        return None
    if t["termType"] == "NamedNode":
        return ("iri", t["value"])
    if t["termType"] == "BlankNode":
        return ("bnode",)
    return lit(t["value"], t.get("language"), t.get("datatype"))


def csv_cell(t: Term | None) -> str:
    """What the SPARQL 1.1 CSV format keeps of a term: its string (blank nodes: any label)."""
    if t is None:
        return ""
    if t[0] == "bnode":
        return "_:"
    return t[1]


def from_csv_cell(s: str) -> str:
    return "_:" if s.startswith("_:") else s


# ---------------------------------------------------------------- result readers


def rows_from_json(data: dict) -> tuple[list[str], list[Row]]:
    names = data["head"]["vars"]
    return names, [tuple(from_json(b.get(n)) for n in names) for b in data["results"]["bindings"]]


def rows_from_xml(doc: xml.dom.minidom.Document) -> tuple[list[str], list[Row]]:
    names = [v.getAttribute("name") for v in doc.getElementsByTagName("variable")]
    rows = []
    for result in doc.getElementsByTagName("result"):
        cells: dict[str, Term] = {}
        for b in result.getElementsByTagName("binding"):
            node = next(c for c in b.childNodes if c.nodeType == c.ELEMENT_NODE)
            text = "".join(c.data for c in node.childNodes if c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE))
            if node.tagName == "uri":
                cells[b.getAttribute("name")] = ("iri", text)
            elif node.tagName == "bnode":
                cells[b.getAttribute("name")] = ("bnode",)
            else:
                cells[b.getAttribute("name")] = lit(text, node.getAttribute("xml:lang") or None,
                                                    node.getAttribute("datatype") or None)
        rows.append(tuple(cells.get(n) for n in names))
    return names, rows


def rows_from_csv(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    names = next(reader)
    return names, [tuple(from_csv_cell(c) for c in r) for r in reader]


def boolean_from_xml(doc: xml.dom.minidom.Document) -> bool:
    node = doc.getElementsByTagName("boolean")[0]
    return node.firstChild.data.strip() == "true"


def graph_from(data: bytes | str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=fmt)


# ---------------------------------------------------------------- fixtures


class Answer:
    """A query's reference answer, read from the store directly."""

    def __init__(self, text: str, result: Any) -> None:
        self.text = text
        self.ordered = "ORDER BY" in " ".join(text.upper().split())
        if isinstance(result, ox.QueryBoolean):
            self.form = "ask"
            self.boolean = bool(result)
        elif isinstance(result, ox.QuerySolutions):
            self.form = "select"
            self.names = [v.value for v in result.variables]
            self.rows = [tuple(from_ox(s[n]) for n in self.names) for s in result]
        else:
            self.form = "graph"
            nt = ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b""
            self.graph = graph_from(nt, "nt")


@pytest.fixture(scope="module")
def endpoint(served_seed) -> str:
    return served_seed.url + "/sparql"


@pytest.fixture(scope="module")
def http():
    with httpx.Client(timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def answers(served_seed) -> dict[str, Answer]:
    db = store_mod.open_read_only(served_seed.store)
    base = served_seed.url + "/"
    out = {}
    for p in QUERY_FILES:
        text = rebase(p.read_text(encoding="utf-8"), base)
        out[_id(p)] = Answer(text, db.query(text, use_default_graph_as_union=True, base_iri=base + "sparql"))
    return out


def comunica_root() -> Path | None:
    for root in (os.environ.get("EDZKG_COMUNICA"), ROOT, ROOT / "var" / "comunica"):
        if root and (Path(root) / "node_modules" / "@comunica" / "query-sparql").is_dir():
            return Path(root)
    return None


@pytest.fixture(scope="module")
def comunica(answers, endpoint) -> dict[str, dict]:
    """Comunica's answers to every query, from one Node process."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js on PATH for Comunica")
    root = comunica_root()
    if root is None:
        pytest.skip(f"@comunica/query-sparql is not installed: {COMUNICA_HINT}")
    names = list(answers)
    r = subprocess.run([node, str(COMUNICA_SCRIPT), str(root), endpoint],
                       input=json.dumps([answers[n].text for n in names]).encode(), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-3000:]
    return dict(zip(names, json.loads(r.stdout)))


# ---------------------------------------------------------------- clients


def sparqlwrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> Any:
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw.query().convert()


def rdflib_store(endpoint: str, query: str, fmt: str) -> Any:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat=fmt)
    try:
        return rdflib.Graph(store=store).query(query)
    finally:
        store.close()


def pandas_style_csv(endpoint: str, query: str) -> str:
    """What pandas.read_csv(URL) does: urllib with its default headers (no Accept), so the
    format is asked for in the URL."""
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, "format": "csv"})
    with urllib.request.urlopen(url, timeout=60) as r:
        assert r.headers.get_content_type() == "text/csv"
        return r.read().decode(r.headers.get_content_charset() or "utf-8")


def select_rows(client: str, http: httpx.Client, endpoint: str, query: str,
                comunica: Callable[[], dict]) -> tuple[list[str], list]:
    """(variable names, rows) as one client sees them; CSV clients give strings only."""
    if client == "httpx-json-get":
        r = http.get(endpoint, params={"query": query}, headers={"accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        return rows_from_json(r.json())
    if client == "httpx-xml-direct-post":
        r = http.post(endpoint, content=query.encode(),
                      headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+xml"})
        assert r.status_code == 200, r.text
        return rows_from_xml(xml.dom.minidom.parseString(r.content))
    if client == "sparqlwrapper-json":
        return rows_from_json(sparqlwrapper(endpoint, query, "json"))
    if client == "sparqlwrapper-xml-post":
        return rows_from_xml(sparqlwrapper(endpoint, query, "xml", "POST"))
    if client == "sparqlwrapper-csv":
        return rows_from_csv(sparqlwrapper(endpoint, query, "csv").decode("utf-8"))
    if client in ("rdflib-sparqlstore-xml", "rdflib-sparqlstore-json"):
        res = rdflib_store(endpoint, query, client.rsplit("-", 1)[1])
        names = [str(v) for v in res.vars]
        return names, [tuple(from_rdflib(row[i]) for i in range(len(names))) for row in res]
    if client == "pandas-style-csv":
        return rows_from_csv(pandas_style_csv(endpoint, query))
    if client == "comunica":
        got = comunica()
        assert got["type"] == "bindings", got
        names = got["vars"]
        return names, [tuple(from_comunica(r.get(n)) for n in names) for r in got["rows"]]
    raise AssertionError(client)


SELECT_CLIENTS = ["httpx-json-get", "httpx-xml-direct-post", "sparqlwrapper-json", "sparqlwrapper-xml-post",
                  "sparqlwrapper-csv", "rdflib-sparqlstore-xml", "rdflib-sparqlstore-json", "pandas-style-csv",
                  "comunica"]
CSV_CLIENTS = {"sparqlwrapper-csv", "pandas-style-csv"}
ASK_CLIENTS = ["httpx-json-get", "sparqlwrapper-json", "sparqlwrapper-xml-post", "rdflib-sparqlstore-xml",
               "rdflib-sparqlstore-json", "comunica"]
GRAPH_CLIENTS = ["httpx-ntriples", "sparqlwrapper-turtle", "sparqlwrapper-turtle-post", "rdflib-sparqlstore",
                 "comunica"]


def test_there_are_queries_to_compare():
    stems = {p.stem for p in QUERY_FILES if p.parent.name == "clients"}
    assert {"01-labels-by-language", "04-ask", "05-construct"} <= stems


@pytest.mark.parametrize("client", SELECT_CLIENTS)
@pytest.mark.parametrize("path", queries_of("SELECT"))
def test_select_rows_are_the_same_through_every_client(path, client, answers, http, endpoint, request):
    ans = answers[_id(path)]
    assert ans.form == "select"
    names, rows = select_rows(client, http, endpoint, ans.text,
                              lambda: request.getfixturevalue("comunica")[_id(path)])
    assert names == ans.names
    expected = [tuple(csv_cell(t) for t in row) for row in ans.rows] if client in CSV_CLIENTS else ans.rows
    assert Counter(rows) == Counter(expected), _diff(expected, rows)
    if ans.ordered:
        assert rows == expected, "ORDER BY: same rows, but in another order"


def _diff(expected: list, got: list) -> str:
    e, g = Counter(expected), Counter(got)
    missing, extra = list((e - g).elements())[:5], list((g - e).elements())[:5]
    return f"{len(got)} rows instead of {len(expected)}; missing e.g. {missing}; unexpected e.g. {extra}"


@pytest.mark.parametrize("client", ASK_CLIENTS)
@pytest.mark.parametrize("path", queries_of("ASK"))
def test_ask_answers_are_the_same_through_every_client(path, client, answers, http, endpoint, request):
    ans = answers[_id(path)]
    assert ans.form == "ask"
    if client == "httpx-json-get":
        got = http.get(endpoint, params={"query": ans.text}).json()["boolean"]
    elif client == "sparqlwrapper-json":
        got = sparqlwrapper(endpoint, ans.text, "json")["boolean"]
    elif client == "sparqlwrapper-xml-post":
        got = boolean_from_xml(sparqlwrapper(endpoint, ans.text, "xml", "POST"))
    elif client.startswith("rdflib-sparqlstore"):
        got = rdflib_store(endpoint, ans.text, client.rsplit("-", 1)[1]).askAnswer
    else:
        res = request.getfixturevalue("comunica")[_id(path)]
        assert res["type"] == "boolean", res
        got = res["value"]
    assert got is ans.boolean


@pytest.mark.parametrize("client", GRAPH_CLIENTS)
@pytest.mark.parametrize("path", queries_of("CONSTRUCT", "DESCRIBE"))
def test_graph_results_are_the_same_through_every_client(path, client, answers, http, endpoint, request):
    ans = answers[_id(path)]
    assert ans.form == "graph"
    if client == "httpx-ntriples":
        r = http.get(endpoint, params={"query": ans.text}, headers={"accept": "application/n-triples"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
        got = graph_from(r.content, "nt")
    elif client.startswith("sparqlwrapper-turtle"):
        from SPARQLWrapper import TURTLE

        data = sparqlwrapper(endpoint, ans.text, TURTLE, "POST" if client.endswith("post") else "GET")
        got = graph_from(data, "turtle")
    elif client == "rdflib-sparqlstore":
        got = rdflib_store(endpoint, ans.text, "xml").graph
    else:
        res = request.getfixturevalue("comunica")[_id(path)]
        assert res["type"] == "quads", res
        got = rdflib.Graph()
        for triple in res["quads"]:
            s, p, o = (_rdflib_term(t) for t in triple)
            got.add((s, p, o))
    assert len(got) == len(ans.graph)
    assert to_isomorphic(got) == to_isomorphic(ans.graph)


def _rdflib_term(t: dict) -> Any:
    if t["termType"] == "NamedNode":
        return rdflib.URIRef(t["value"])
    if t["termType"] == "BlankNode":
        return rdflib.BNode(t["value"])
    lang = t.get("language") or None
    dt = t.get("datatype") or None
    return rdflib.Literal(t["value"], lang=lang, datatype=None if lang or dt == XSD_STRING else rdflib.URIRef(dt))
