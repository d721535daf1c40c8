"""A query engine over a remote SPARQL endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph …).

``RemoteEngine`` has the API of the embedded ``QueryEngine`` (``select``, ``ask``,
``construct``), so the server answers the same way from either. It makes the remote look like
the embedded store:

- the default graph is the union of the dataset's graphs (``{base}graph/…``) and ``GRAPH ?g``
  sees only those graphs: the dataset is given with ``default-graph-uri``/``named-graph-uri``,
  or, on Virtuoso when that list would be longer, by excluding the other graphs (its system
  graphs) with ``define input:*-graph-exclude``;
- Virtuoso's JSON quirks are undone (``typed-literal``, ``nodeID://`` blank nodes, ``link``);
- queries are checked by the same parser as the embedded store, so a malformed query gets the
  same 400 message; graphs come back as N-Triples and are re-serialised locally in any format;
- a result cut short by the remote (Virtuoso's ``ResultSetMaxRows``, its "anytime" partial
  answers) is never passed off as complete: ``RemoteTruncated`` / ``RemoteTimeout``.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import time
from dataclasses import dataclass
from typing import Any, Iterable

import httpx
import pyoxigraph as ox

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SYSTEM_GRAPH_HINT = "http://www.openlinksw.com/schemas/virtrdf#"

INFO_QUERY = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?g ?base ?version WHERE { GRAPH ?g { ?d a void:Dataset ; void:uriSpace ?base ;
  owl:versionInfo ?version } FILTER(STRENDS(STR(?g), "graph/meta")) }"""
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteError(RuntimeError):
    """The remote endpoint failed or could not be reached (the server answers 502)."""


class RemoteTimeout(RemoteError, TimeoutError):
    """The remote did not finish in time, or stopped early with a partial answer (503)."""


class RemoteTruncated(RemoteError):
    """The remote cut the result at its own row cap; the full answer is not available."""

    def __init__(self, cap: int) -> None:
        super().__init__(
            f"the remote endpoint returned only its first {cap} rows (its row cap; Virtuoso: "
            f"raise ResultSetMaxRows in virtuoso.ini); add LIMIT/OFFSET to page through the rest"
        )
        self.cap = cap


@dataclass(frozen=True)
class RemoteDataset:
    """What the remote holds of this dataset."""

    base_iri: str
    version: str
    graphs: tuple[str, ...]  # the dataset's graphs: {base}graph/…
    others: tuple[str, ...]  # every other graph on the remote (Virtuoso's system graphs …)
    virtuoso: bool
    seen: float  # when this version was first seen (seconds since the epoch)


# ------------------------------------------------------------------ query text


_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*|"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)"""
)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:-])", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_FORM = re.compile(r"(?<![\w:?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)


def code_only(query: str) -> str:
    """The query with comments, strings and IRIs blanked out (keywords only remain)."""
    return _TOKENS.sub(lambda m: " " * len(m.group()), query)


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    m = _FORM.search(code_only(query))
    if not m:
        raise SyntaxError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return m.group(1).upper()


def has_own_dataset(query: str) -> bool:
    """Whether the query names its dataset itself (``FROM`` / ``FROM NAMED``)."""
    return bool(_FROM.search(code_only(query)))


_EMPTY = ox.Store()


def check_syntax(query: str) -> str:
    """Parse with the embedded store's parser (same errors as the embedded engine); the form.

    The query runs on an empty in-memory store, which is how pyoxigraph parses; queries with
    ``SERVICE`` are not run locally (that would call the service) and are left to the remote.
    """
    form = query_form(query)
    if _SERVICE.search(code_only(query)):
        return form
    result = _EMPTY.query(query)  # raises SyntaxError with the parser's message
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return form if form in {"CONSTRUCT", "DESCRIBE"} else "CONSTRUCT"
    return "SELECT"


# ------------------------------------------------------------------ results


def normalise_term(term: dict[str, Any]) -> dict[str, Any]:
    """One SPARQL JSON term in the standard form (Virtuoso's ``typed-literal`` etc. undone)."""
    kind = term.get("type")
    out: dict[str, Any] = {"type": kind, "value": term.get("value", "")}
    if kind == "typed-literal":
        out["type"] = "literal"
    if out["type"] == "literal":
        lang = term.get("xml:lang")
        dt = term.get("datatype")
        if lang:
            out["xml:lang"] = lang
        elif dt and dt != XSD_STRING and dt != RDF_LANGSTRING:
            out["datatype"] = dt
    elif kind == "bnode":
        out["value"] = out["value"].removeprefix("nodeID://").removeprefix("_:")
    elif kind == "triple":  # RDF-star
        out["value"] = {k: normalise_term(v) for k, v in term["value"].items()}
    return out


def normalise_results(doc: dict[str, Any]) -> dict[str, Any]:
    """SPARQL JSON results in the standard form the embedded store produces."""
    if "boolean" in doc:
        return {"head": {}, "boolean": bool(doc["boolean"])}
    head = {"vars": list(doc.get("head", {}).get("vars", []))}
    rows = doc.get("results", {}).get("bindings", [])
    return {
        "head": head,
        "results": {"bindings": [{k: normalise_term(v) for k, v in row.items()} for row in rows]},
    }


def reserialise(ntriples: bytes, media_type: str) -> bytes:
    """Remote N-Triples → the requested RDF format, with the local serialisers."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"unsupported RDF media type: {media_type}")
    if fmt == ox.RdfFormat.N_TRIPLES and not ntriples.strip():
        return b""
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    buf = io.BytesIO()
    ox.serialize(triples, buf, fmt)
    return buf.getvalue()


# ------------------------------------------------------------------ engine


class RemoteEngine:
    """The embedded engine's API, answered by a remote SPARQL 1.1 Protocol endpoint."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        auth: httpx.Auth | None = None,
        refresh_seconds: float = 30.0,
        connections: int = 16,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"--backend must be the http(s) URL of a SPARQL endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.refresh_seconds = refresh_seconds
        self._client = httpx.AsyncClient(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=10.0),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            transport=transport,
            headers={"User-Agent": "edzkg-serve"},
        )
        self._dataset: RemoteDataset | None = None
        self._checked = 0.0
        self._lock = asyncio.Lock()

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- the engine API

    async def select(self, query: str, **dataset: Iterable[str]) -> dict:
        """SELECT → parsed SPARQL JSON results (standard form)."""
        _expect("SELECT", check_syntax(query))
        return await self._results(query, dataset)

    async def ask(self, query: str, **dataset: Iterable[str]) -> bool:
        _expect("ASK", check_syntax(query))
        doc = await self._results(query, dataset)
        return bool(doc["boolean"])

    async def construct(self, query: str, media_type: str = N_TRIPLES, **dataset: Iterable[str]) -> bytes:
        """CONSTRUCT/DESCRIBE → the graph in ``media_type`` (serialised locally)."""
        _expect("CONSTRUCT", check_syntax(query))
        r = await self._send(query, N_TRIPLES, dataset)
        return await asyncio.to_thread(reserialise, r.content, media_type)

    async def query(self, query: str, **dataset: Iterable[str]) -> tuple[str, dict | bytes]:
        """Any query: (form, parsed JSON results for SELECT/ASK or N-Triples for graphs)."""
        form = check_syntax(query)
        if form in {"CONSTRUCT", "DESCRIBE"}:
            r = await self._send(query, N_TRIPLES, dataset)
            return form, r.content
        return form, await self._results(query, dataset)

    # -- dataset discovery

    async def dataset(self) -> RemoteDataset:
        """Base IRI, version and graphs of the dataset on the remote (re-read every 30 s)."""
        now = time.monotonic()
        if self._dataset is not None and now - self._checked < self.refresh_seconds:
            return self._dataset
        async with self._lock:
            if self._dataset is not None and time.monotonic() - self._checked < self.refresh_seconds:
                return self._dataset
            self._dataset = await self._discover(self._dataset)
            self._checked = time.monotonic()
        return self._dataset

    async def _discover(self, previous: RemoteDataset | None) -> RemoteDataset:
        r = await self._post({"query": INFO_QUERY}, RESULTS_JSON)
        rows = normalise_results(r.json())["results"]["bindings"]
        rows = [b for b in rows if b["g"]["value"] == b["base"]["value"] + "graph/meta"]
        if not rows:
            raise RemoteError(
                f"{self.endpoint} has no edzkg dataset (no metadata graph with void:uriSpace and "
                f"owl:versionInfo): push one first with `edzkg push --endpoint <its Graph Store URL>`"
            )
        if len({(b["base"]["value"], b["version"]["value"]) for b in rows}) > 1:
            found = ", ".join(sorted({b["base"]["value"] for b in rows}))
            raise RemoteError(f"{self.endpoint} holds more than one edzkg dataset ({found}); serve one per endpoint")
        base, version = rows[0]["base"]["value"], rows[0]["version"]["value"]
        if previous and previous.version == version and previous.base_iri == base:
            return previous
        virtuoso = "virtuoso" in r.headers.get("server", "").lower()
        r = await self._post({"query": GRAPHS_QUERY}, RESULTS_JSON)
        if "x-sparql-maxrows" in r.headers:
            raise RemoteTruncated(int(r.headers["x-sparql-maxrows"]))
        all_graphs = sorted({b["g"]["value"] for b in r.json()["results"]["bindings"]})
        prefix = base + "graph/"
        graphs = tuple(g for g in all_graphs if g.startswith(prefix))
        others = tuple(g for g in all_graphs if not g.startswith(prefix))
        return RemoteDataset(base, version, graphs, others, virtuoso, time.time())

    # -- requests

    async def _results(self, query: str, dataset: dict[str, Iterable[str]]) -> dict:
        r = await self._send(query, RESULTS_JSON, dataset)
        try:
            doc = r.json()
        except json.JSONDecodeError as e:
            raise RemoteError(f"{self.endpoint} sent results that are not SPARQL JSON: {e}") from e
        if "x-sparql-maxrows" in r.headers:
            raise RemoteTruncated(int(r.headers["x-sparql-maxrows"]))
        return normalise_results(doc)

    async def _send(self, query: str, accept: str, dataset: dict[str, Iterable[str]]) -> httpx.Response:
        default = list(dataset.get("default_graph_uris") or ())
        named = list(dataset.get("named_graph_uris") or ())
        form: dict[str, Any] = {}
        if default or named or has_own_dataset(query):
            form["default-graph-uri"] = default
            form["named-graph-uri"] = named
        else:
            ds = await self.dataset()
            if ds.virtuoso and len(ds.others) < len(ds.graphs):
                pragmas = "".join(
                    f"define input:default-graph-exclude <{g}>\ndefine input:named-graph-exclude <{g}>\n"
                    for g in ds.others
                )
                query = pragmas + query
            else:
                form["default-graph-uri"] = list(ds.graphs)
                form["named-graph-uri"] = list(ds.graphs)
        form["query"] = query
        r = await self._post(form, accept)
        if r.status_code == 206 or "x-sql-state" in r.headers:
            raise RemoteTimeout(
                f"the remote endpoint stopped early with a partial answer "
                f"({r.headers.get('x-sql-message') or r.headers.get('x-sql-state') or 'HTTP 206'})"
            )
        return r

    async def _post(self, form: dict[str, Any], accept: str) -> httpx.Response:
        try:
            r = await self._client.post(self.endpoint, data=form, headers={"Accept": accept})
        except httpx.TimeoutException as e:
            raise RemoteTimeout(f"the remote endpoint did not answer within {self.timeout:g} s") from e
        except httpx.TransportError as e:
            raise RemoteError(f"cannot reach the remote endpoint {self.endpoint}: {e or type(e).__name__}") from e
        if r.status_code == 400:
            raise SyntaxError(f"the remote endpoint rejected the query: {_message(r)}")
        if not r.is_success:
            raise RemoteError(f"the remote endpoint answered HTTP {r.status_code}: {_message(r)}")
        return r


def _expect(wanted: str, form: str) -> None:
    if form != wanted and not (wanted == "CONSTRUCT" and form == "DESCRIBE"):
        raise ValueError(f"{wanted.lower()}() needs a {wanted} query, not {form}")


def _message(r: httpx.Response) -> str:
    text = r.text if "html" not in r.headers.get("content-type", "") else ""
    return " ".join(text.split())[:500] or r.reason_phrase
