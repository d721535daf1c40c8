"""A query engine over a remote SPARQL endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph …).

``RemoteEngine`` has the interface of the embedded ``server.engine.QueryEngine`` — ``execute``
for the endpoint, ``select``/``ask``/``construct`` for the pages, a result cache, a generation —
so ``edzkg serve --backend URL`` is the same server answering from a remote store. It makes the
remote look like the embedded store:

- the dataset is the edzkg graphs (``{base}graph/…``): the default graph is their union and
  ``GRAPH ?g`` sees only them. They are named with ``default-graph-uri``/``named-graph-uri``,
  or on Virtuoso, when that list would be longer, the other graphs (its system graphs) are
  excluded with ``define input:default-graph-exclude``/``input:named-graph-exclude``;
- queries are checked by the embedded store's parser first (same 400 messages); results come
  back as SPARQL JSON or N-Triples, Virtuoso's quirks undone (``typed-literal``, ``nodeID://``
  blank nodes), and are written by the same writers as the embedded engine, in every format,
  under the same row cap;
- a result cut by the remote's own cap (Virtuoso's ``ResultSetMaxRows``) is marked truncated
  like one cut by ``--max-rows``; a partial "anytime" answer is a 503, never passed off as whole;
- a new push (a new version in the metadata graph) is noticed within ``refresh_seconds``: the
  generation moves on and cached results are dropped.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from graph import store as store_mod

from . import sparql, virtuoso
from .engine import Complete, Head, PageQueries, QueryError, ResultCache, Streaming, prefixes_for
from .results import BOOLEAN_FORMATS, RDF_FORMATS, WRITERS, RowCounter
from .settings import Settings

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
PREFIXED_FORMATS = {"ttl", "trig", "rdfxml"}
GZIP_MIN_BYTES = 1024
HIDDEN_VAR = "_edzkg_graph_"
HIDDEN_PREFIX = "_edzkg_"  # variables this module and server.virtuoso add (dropped from results)
LIST_LIMIT = 500  # dataset graphs named with default-/named-graph-uri; beyond: Virtuoso exclusion
XSD = "http://www.w3.org/2001/XMLSchema#"
DURATIONS = {XSD + "duration", XSD + "yearMonthDuration", XSD + "dayTimeDuration"}
XSD_BOOLEAN = XSD + "boolean"
BOOLEANS = {"1": "true", "0": "false"}  # Virtuoso stores xsd:boolean as a number

INFO_QUERY = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?g ?base ?version WHERE { GRAPH ?g { ?d a void:Dataset ; void:uriSpace ?base ;
  owl:versionInfo ?version } FILTER(STRENDS(STR(?g), "graph/meta")) }"""
# GROUP BY, not DISTINCT: Virtuoso answers this in about a second on a million triples, and
# times out on the DISTINCT form.
GRAPHS_QUERY = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class RemoteError(RuntimeError):
    """The remote endpoint cannot serve this dataset (at start-up: a clear message)."""


@dataclass(frozen=True)
class RemoteDataset:
    """What the remote holds of this dataset."""

    base_iri: str
    version: str
    graphs: frozenset[str]  # the dataset's graphs: {base}graph/…
    others: tuple[str, ...]  # every other graph on the remote (Virtuoso's system graphs …)
    virtuoso: bool
    seen: float  # when this version was first seen (seconds since the epoch)


@dataclass(frozen=True)
class Connections:
    """Stands where the embedded engine has its worker pool: ``size`` is shown at start-up."""

    size: int


# ------------------------------------------------------------------ remote results → standard


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
        elif dt and dt not in (XSD_STRING, RDF_LANGSTRING):
            out["datatype"] = dt
            if dt in DURATIONS:
                out["value"] = iso_duration(out["value"])
            elif dt == XSD_BOOLEAN:
                out["value"] = BOOLEANS.get(out["value"], out["value"])
    elif kind == "bnode":
        out["value"] = _bnode_id(out["value"])
    elif kind == "triple":  # RDF-star
        out["value"] = {k: normalise_term(v) for k, v in term["value"].items()}
    return out


def iso_duration(value: str) -> str:
    """An xsd:duration as Virtuoso returns it, back in ISO 8601 (canonical form).

    Virtuoso stores durations as numbers: year-month ones as a count of months ("12" for P1Y),
    day-time ones as seconds with a decimal point or exponent ("3600.0" for PT1H). ISO values
    pass unchanged.
    """
    v = value.strip()
    if not v or v.lstrip("-").startswith("P"):
        return value
    sign = "-" if v.startswith("-") else ""
    v = v.lstrip("-")
    try:
        if v.isdigit():  # months
            years, months = divmod(int(v), 12)
            text = (f"{years}Y" if years else "") + (f"{months}M" if months else "")
            return f"{sign}P{text}" if text else "PT0S"
        seconds = Decimal(v)
    except (ValueError, ArithmeticError):
        return value
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time_part = "".join(f"{int(n)}{u}" for n, u in ((hours, "H"), (minutes, "M")) if n)
    if secs:
        time_part += f"{secs.normalize():f}S"
    text = (f"{int(days)}D" if days else "") + (f"T{time_part}" if time_part else "")
    return f"{sign}P{text or 'T0S'}"


def _fix_literal(t: Any) -> Any:
    if isinstance(t, ox.Literal) and t.datatype.value in DURATIONS:
        fixed = iso_duration(t.value)
        if fixed != t.value:
            return ox.Literal(fixed, datatype=t.datatype)
    if isinstance(t, ox.Literal) and t.datatype.value == XSD_BOOLEAN and t.value in BOOLEANS:
        return ox.Literal(BOOLEANS[t.value], datatype=t.datatype)
    return t


def _fix_triple(t: ox.Triple) -> ox.Triple:
    o = _fix_literal(t.object)
    return t if o is t.object else ox.Triple(t.subject, t.predicate, o)


def _bnode_id(value: str) -> str:
    label = value.removeprefix("nodeID://").removeprefix("_:")
    return "".join(c if c.isalnum() else "_" for c in label) or "b"


def normalise_results(doc: dict[str, Any]) -> dict[str, Any]:
    """SPARQL JSON results in the standard form (without the variables this module added)."""
    if "boolean" in doc:
        return {"head": {}, "boolean": bool(doc["boolean"])}
    rows = doc.get("results", {}).get("bindings", [])
    names = [v for v in doc.get("head", {}).get("vars", []) if not v.startswith(HIDDEN_PREFIX)]
    return {
        "head": {"vars": names},
        "results": {"bindings": [{k: normalise_term(v) for k, v in row.items() if not k.startswith(HIDDEN_PREFIX)}
                                 for row in rows]},
    }


def graph_constants_as_variables(query: str) -> str:
    """``GRAPH <g> { P }`` → ``GRAPH ?_edzkg_graph_1 { VALUES ?_edzkg_graph_1 { <g> } P }``.

    The same answers (the variable is only ever bound to ``<g>``); the added variables are
    dropped from results by ``normalise_results``.
    """
    toks = list(sparql.tokens(query))
    edits: list[tuple[int, int, str]] = []
    n = 0
    for i in range(len(toks) - 2):
        if toks[i].keyword == "GRAPH" and toks[i + 1].kind in ("iri", "pname") and toks[i + 2].text == "{":
            n += 1
            var = f"?{HIDDEN_VAR}{n}"
            edits.append((toks[i + 1].start, toks[i + 1].end, var))
            edits.append((toks[i + 2].end, toks[i + 2].end, f" VALUES {var} {{ {toks[i + 1].text} }} "))
    for start, end, text in reversed(edits):
        query = query[:start] + text + query[end:]
    return query


def write_results(raw: bytes, fmt: str, cap: int) -> tuple[str, bytes, int, bool]:
    """Remote JSON results → (kind, body in ``fmt``, rows, truncated) with the embedded writers."""
    doc = normalise_results(json.loads(raw))
    parsed = ox.parse_query_results(json.dumps(doc).encode(), format=ox.QueryResultsFormat.JSON)
    buf = io.BytesIO()
    if isinstance(parsed, ox.QueryBoolean):
        parsed.serialize(buf, BOOLEAN_FORMATS[fmt])
        return "boolean", buf.getvalue(), 1, False
    rows = RowCounter(parsed, cap)
    WRITERS[fmt]([v.value for v in parsed.variables], rows, buf)
    _note_truncation(buf, fmt, rows)
    return "results", buf.getvalue(), rows.count, rows.truncated


def write_graph(raw: bytes, fmt: str, cap: int, prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    """Remote N-Triples → (body in ``fmt``, triples, truncated) with the embedded serialisers."""
    triples = RowCounter((_fix_triple(q.triple) for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)), cap)
    buf = io.BytesIO()
    ox.serialize(iter(triples), buf, RDF_FORMATS[fmt], prefixes=prefixes if fmt in PREFIXED_FORMATS else None)
    _note_truncation(buf, fmt, triples)
    return buf.getvalue(), triples.count, triples.truncated


def _note_truncation(out: io.BytesIO, fmt: str, rows: RowCounter) -> None:
    if not rows.truncated:
        return
    text = f"truncated: the result has more than {rows.cap} rows; page with ORDER BY + LIMIT/OFFSET"
    if fmt in ("xml", "rdfxml"):
        out.write(f"\n<!-- {text} -->\n".encode())
    elif fmt in ("ttl", "nt", "nq", "trig"):
        out.write(f"# {text}\n".encode())


_EMPTY = ox.Store()


def check_syntax(query: str, base: str | None) -> None:
    """Parse with the embedded store's parser, so a malformed query gets the same 400 message.

    pyoxigraph parses by running: on an empty in-memory store that costs nothing (queries with
    ``SERVICE`` never get here: the endpoint refuses them).
    """
    try:
        _EMPTY.query(query, base_iri=base or None)
    except SyntaxError as e:
        raise QueryError(400, f"malformed query: {e}") from None
    except ValueError as e:
        raise QueryError(400, str(e)) from None


# ------------------------------------------------------------------ the engine


class RemoteEngine(PageQueries):
    """The embedded engine's interface, answered by a remote SPARQL 1.1 Protocol endpoint."""

    def __init__(
        self,
        endpoint: str,
        settings: Settings,
        *,
        auth: httpx.Auth | None = None,
        refresh_seconds: float = 30.0,
        connections: int = 16,
        dataset_mode: str = "auto",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise store_mod.StoreError(f"--backend must be the http(s) URL of a SPARQL endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.settings = settings
        self.auth = auth
        self.refresh_seconds = refresh_seconds
        self.dataset_mode = dataset_mode  # auto | list (default-/named-graph-uri) | exclude (Virtuoso pragmas)
        self.pool = Connections(connections)
        self.cache = ResultCache(settings.cache_bytes, settings.cache_entry_bytes)
        self.endpoint_base = ""
        self.generation = 0  # moves on when the remote's dataset version changes
        self.modified = time.time()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._dataset: RemoteDataset | None = None
        self._checked = 0.0
        self._prefixes: dict[str, str] = {}

    # -- life cycle

    def connect(self) -> RemoteDataset:
        """Find the dataset on the remote now (blocking: for start-up, before serving)."""
        with httpx.Client(auth=self.auth, timeout=self._timeout(), headers=self._headers()) as client:
            def post(query: str) -> httpx.Response:
                try:
                    return client.post(self.endpoint, data={"query": query}, headers={"Accept": RESULTS_JSON})
                except httpx.HTTPError as e:
                    raise RemoteError(f"cannot reach the remote store {self.endpoint}: "
                                      f"{e or type(e).__name__}") from e

            base, version, virtuoso = _read_info(post(INFO_QUERY), self.endpoint)
            graphs, others = _read_graphs(post(GRAPHS_QUERY), self.endpoint, base)
        ds = RemoteDataset(base, version, graphs, others, virtuoso, time.time())
        self._adopt(ds)
        return ds

    async def start(self) -> None:
        if self._dataset is None:
            await self.dataset()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def timeout_message(self) -> str:
        return (f"the remote store did not answer within the time limit of {self.settings.timeout:g} s; "
                "narrow the query down (LIMIT, more specific patterns) or run it on a local copy (edzkg query)")

    # -- the endpoint interface

    def query_job(self, query: str, results: str | None, rdf: str | None, *, default: list[str] | None = None,
                  named: list[str] | None = None, union: bool = True, graph: str | None = None,
                  gzip: bool = False) -> dict:
        return {"op": "query", "query": query, "results": results, "rdf": rdf, "default": default,
                "named": named, "union": union, "graph": graph, "gzip": gzip, "base": self.endpoint_base,
                "max_rows": self.settings.max_rows}

    async def execute(self, job: dict) -> Complete | Streaming:
        """Run one query job on the remote; raises QueryError (with its HTTP status)."""
        if job.get("op") != "query":
            raise QueryError(403, "this server answers from a remote store and accepts no writes: "
                                  "write to the remote itself (edzkg push)")
        ds = await self.dataset()
        query = job["query"]
        info = sparql.analyze_query(query)
        if info.uses_service:
            raise QueryError(400, "SERVICE (federated query) is disabled on this endpoint")
        check_syntax(query, job.get("base"))
        graph = job.get("graph")
        if graph and graph not in ds.graphs:
            raise QueryError(404, f"no graph <{graph}> in this dataset")
        graph_result = info.form in ("CONSTRUCT", "DESCRIBE")
        fmt = job.get("rdf") if graph_result else job.get("results")
        if not fmt:
            raise QueryError(406, "the query returns RDF (CONSTRUCT/DESCRIBE): ask for an RDF format"
                             if graph_result else f"the query is {'an' if info.form == 'ASK' else 'a'} "
                             f"{info.form}: ask for a results format")
        if ds.virtuoso:  # its property paths: rewritten into patterns it answers like the embedded store
            job = {**job, "query": virtuoso.for_virtuoso(query)}
        text, form = self._dataset_request(job, info.has_dataset, ds)
        r = await self._post({**form, "query": text}, N_TRIPLES if graph_result else RESULTS_JSON)
        cap = job.get("max_rows") or self.settings.max_rows
        remote_cut = "x-sparql-maxrows" in r.headers
        try:
            if graph_result:
                body, rows, truncated = await asyncio.to_thread(write_graph, r.content, fmt, cap, self._prefixes)
                kind = "rdf"
            else:
                kind, body, rows, truncated = await asyncio.to_thread(write_results, r.content, fmt, cap)
        except (ValueError, SyntaxError) as e:  # JSONDecodeError is a ValueError
            raise QueryError(502, f"the remote store sent a result that does not parse: {e}") from None
        gzip = bool(job.get("gzip")) and len(body) >= GZIP_MIN_BYTES
        if gzip:
            z = zlib.compressobj(4, zlib.DEFLATED, 31)
            body = z.compress(body) + z.flush()
        return Complete(Head(kind, fmt, gzip), body, rows, truncated or remote_cut)

    async def update(self, job: dict) -> Complete:
        raise QueryError(403, "this server answers from a remote store and accepts no updates: "
                              "update the remote itself (edzkg push)")

    async def collect(self, job: dict) -> Complete:
        result = await self.execute(job)
        assert isinstance(result, Complete)
        return result

    # -- the dataset on the remote

    async def dataset(self) -> RemoteDataset:
        """The dataset on the remote, re-read every ``refresh_seconds`` (a push may change it)."""
        if self._dataset is not None and time.monotonic() - self._checked < self.refresh_seconds:
            return self._dataset
        try:
            ds = await self._discover()
        except (RemoteError, QueryError) as e:
            if self._dataset is None:
                raise QueryError(502, str(e)) from None
            ds = self._dataset  # keep serving what we know; look again next time
        self._adopt(ds)
        return ds

    async def _discover(self) -> RemoteDataset:
        base, version, virtuoso = _read_info(await self._post({"query": INFO_QUERY}, RESULTS_JSON), self.endpoint)
        old = self._dataset
        if old is not None and (old.base_iri, old.version) == (base, version):
            return old
        r = await self._post({"query": GRAPHS_QUERY}, RESULTS_JSON)
        graphs, others = _read_graphs(r, self.endpoint, base)
        return RemoteDataset(base, version, graphs, others, virtuoso, time.time())

    def _adopt(self, ds: RemoteDataset) -> None:
        if self._dataset is not None and ds.version != self._dataset.version:
            self.generation += 1
            self.modified = ds.seen
            self.cache.clear()
        self._dataset = ds
        self._checked = time.monotonic()
        self._prefixes = prefixes_for(ds.base_iri)
        if not self.endpoint_base:
            self.endpoint_base = ds.base_iri + "sparql"

    def _dataset_request(self, job: dict, own_dataset: bool, ds: RemoteDataset) -> tuple[str, dict[str, list[str]]]:
        """The query text and dataset parameters that give the embedded store's dataset."""
        query = job["query"]
        if job.get("base"):  # relative IRIs resolve as on the embedded store
            query = f"BASE <{job['base']}>\n{query}"
        default, named = job.get("default"), job.get("named")
        if default is not None or named is not None:  # the client's protocol dataset, as given
            return query, {"default-graph-uri": list(default or []), "named-graph-uri": list(named or [])}
        if own_dataset:  # FROM / FROM NAMED in the query
            return query, {}
        # the default graph: the union of the dataset's graphs, or (union off) the empty default graph
        empty_default = [ds.base_iri + "graph/.none"]
        graphs = sorted(ds.graphs)
        if self._excluding(ds):
            # Virtuoso: exclude its other graphs. Under these pragmas it answers GRAPH <iri> wrongly
            # (GRAPH ?g is right), so constant graph names become a variable bound by VALUES.
            pragmas = "".join(f"define input:named-graph-exclude <{g}>\n" for g in ds.others)
            query = graph_constants_as_variables(query)
            if job.get("union"):
                pragmas += "".join(f"define input:default-graph-exclude <{g}>\n" for g in ds.others)
                return pragmas + query, {}
            return pragmas + query, {"default-graph-uri": empty_default}
        return query, {"default-graph-uri": graphs if job.get("union") else empty_default,
                       "named-graph-uri": graphs}

    def _excluding(self, ds: RemoteDataset) -> bool:
        if self.dataset_mode == "exclude":
            return True
        if self.dataset_mode == "list":
            return False
        # listing is exact and fine for a few hundred graphs; Virtuoso refuses thousands of them
        return ds.virtuoso and len(ds.graphs) > LIST_LIMIT

    # -- HTTP

    def _timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.settings.timeout, connect=min(10.0, self.settings.timeout))

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": "edzkg-serve"}

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:  # one client per event loop
            self._client = httpx.AsyncClient(
                auth=self.auth, timeout=self._timeout(), transport=self._transport, headers=self._headers(),
                limits=httpx.Limits(max_connections=self.pool.size, max_keepalive_connections=self.pool.size),
            )
            self._client_loop = loop
        return self._client

    async def _post(self, form: dict[str, Any], accept: str) -> httpx.Response:
        try:
            r = await self._http().post(self.endpoint, data=form, headers={"Accept": accept})
        except httpx.TimeoutException:
            raise QueryError(503, self.timeout_message()) from None
        except httpx.TransportError as e:
            raise QueryError(502, f"cannot reach the remote store {self.endpoint}: {e or type(e).__name__}") from None
        if r.status_code == 206 or "x-sql-state" in r.headers:
            state = r.headers.get("x-sql-message") or r.headers.get("x-sql-state") or "HTTP 206"
            raise QueryError(503, f"the remote store stopped early with a partial answer ({state}); "
                                  "narrow the query down")
        if r.status_code == 400:
            raise QueryError(400, f"the remote store rejected the query: {_message(r)}")
        if not r.is_success:
            raise QueryError(502, f"the remote store answered HTTP {r.status_code}: {_message(r)}")
        return r


def _read_info(r: httpx.Response, endpoint: str) -> tuple[str, str, bool]:
    """(base IRI, version, is Virtuoso) from the answer to ``INFO_QUERY``."""
    if not r.is_success:
        raise RemoteError(f"{endpoint} does not answer SPARQL queries (HTTP {r.status_code}): {_message(r)}")
    try:
        rows = normalise_results(r.json())["results"]["bindings"]
    except (ValueError, KeyError) as e:
        raise RemoteError(f"{endpoint} is not a SPARQL endpoint (its answer is not SPARQL JSON): {e}") from e
    rows = [b for b in rows if b["g"]["value"] == b["base"]["value"] + "graph/meta"]
    if not rows:
        raise RemoteError(f"{endpoint} holds no edzkg dataset (no metadata graph with void:uriSpace and "
                          f"owl:versionInfo): push one first with `edzkg push --endpoint <its Graph Store URL>`")
    if len({(b["base"]["value"], b["version"]["value"]) for b in rows}) > 1:
        found = ", ".join(sorted({b["base"]["value"] for b in rows}))
        raise RemoteError(f"{endpoint} holds more than one edzkg dataset ({found}); serve one per endpoint")
    virtuoso = "virtuoso" in r.headers.get("server", "").lower()
    return rows[0]["base"]["value"], rows[0]["version"]["value"], virtuoso


def _read_graphs(r: httpx.Response, endpoint: str, base: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(the dataset's graphs, the remote's other graphs) from the answer to ``GRAPHS_QUERY``."""
    if not r.is_success or "x-sparql-maxrows" in r.headers:
        raise RemoteError(f"{endpoint} did not list its graphs (HTTP {r.status_code}"
                          f"{', cut at its row cap' if 'x-sparql-maxrows' in r.headers else ''})")
    names = sorted({b["g"]["value"] for b in r.json()["results"]["bindings"]})
    prefix = base + "graph/"
    return frozenset(g for g in names if g.startswith(prefix)), tuple(g for g in names if not g.startswith(prefix))


def _message(r: httpx.Response) -> str:
    text = r.text if "html" not in r.headers.get("content-type", "") else ""
    return " ".join(text.split())[:500] or r.reason_phrase


def connect(settings: Settings) -> tuple[RemoteEngine, store_mod.DatasetInfo]:
    """The engine for ``settings.backend`` and the dataset it serves (for ``create_app``).

    ``DatasetInfo.path`` is the local store the dataset was pushed from when there is one
    (dumps are made from it); the base IRI and version are the remote's.
    """
    if settings.allow_updates:
        raise store_mod.StoreError("--allow-updates cannot be combined with --backend: "
                                   "update the remote store itself (edzkg push)")
    engine = RemoteEngine(settings.backend or "", settings)
    try:
        ds = engine.connect()
    except RemoteError as e:
        raise store_mod.StoreError(str(e)) from e
    try:
        path = store_mod.resolve(settings.store)
    except store_mod.StoreError:
        path = Path(settings.store)
    return engine, store_mod.DatasetInfo(path=path, base_iri=ds.base_iri, version=ds.version, modified=ds.seen)


