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
- answers are streamed like the embedded engine's: the remote's bytes are parsed as they come
  (``Relay``, a thread per answer) and written again; an answer shorter than ``commit_bytes`` is
  ``Complete`` (and can be cached), a longer one ``Streaming`` (memory stays flat, whatever its
  size). Errors and partial answers are seen on the remote's headers, before anything is sent;
- a result cut by the remote's own cap (Virtuoso's ``ResultSetMaxRows``) is marked truncated
  like one cut by ``--max-rows``; a partial "anytime" answer is a 503, never passed off as whole;
- a new push (a new version in the metadata graph) is noticed within ``refresh_seconds``: the
  generation moves on and cached results are dropped.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import threading
import time
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import httpx
import pyoxigraph as ox

from graph import store as store_mod

from . import sparql, virtuoso
from .engine import Complete, Head, PageQueries, QueryError, ResultCache, StreamAborted, Streaming, gather, prefixes_for
from .results import BOOLEAN_FORMATS, RDF_FORMATS, WRITERS, RowCounter, Sink
from .settings import Settings

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
PREFIXED_FORMATS = {"ttl", "trig", "rdfxml"}
GZIP_MIN_BYTES = 1024
OUT_CHUNK = 32 * 1024  # bytes the writing thread hands over at a time
OUT_DEPTH = 8  # chunks it may be ahead of the client (memory stays flat)
# Virtuoso's blank node labels (nodeID://b1) made valid in its JSON results, as bytes: with the
# quotes unescaped, this can only be the structure, never the text of a value.
VIRTUOSO_BNODE = (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "')
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


def write_results(source: Any, out: Sink, fmt: str, cap: int, remote_cut: bool) -> tuple[int, bool]:
    """Remote JSON results (read from ``source`` as they come) → ``out`` in ``fmt``; (rows, truncated).

    pyoxigraph's JSON parser reads incrementally and takes Virtuoso's ``typed-literal``; the
    other quirks are undone row by row (``_fix_literal``; its ``nodeID://`` blank nodes were
    renamed in the byte stream) and the variables this module added are dropped. (Not XML:
    pyoxigraph's XML results parser trims the whitespace around literals.)
    """
    parsed = ox.parse_query_results(source, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        buf = io.BytesIO()
        parsed.serialize(buf, BOOLEAN_FORMATS[fmt])
        out.write(buf.getvalue())
        return 1, False
    names = [v.value for v in parsed.variables]
    keep = [i for i, n in enumerate(names) if not n.startswith(HIDDEN_PREFIX)]
    rows = RowCounter((tuple(_fix_literal(sol[i]) for i in keep) for sol in parsed), cap)
    WRITERS[fmt]([names[i] for i in keep], rows, out)
    _note_truncation(out, fmt, rows, remote_cut)
    return rows.count, rows.truncated


def write_graph(source: Any, out: Sink, fmt: str, cap: int, remote_cut: bool,
                prefixes: dict[str, str]) -> tuple[int, bool]:
    """Remote N-Triples (read from ``source`` as they come) → ``out`` in ``fmt``; (triples, truncated)."""
    triples = RowCounter((_fix_triple(q.triple) for q in ox.parse(source, format=ox.RdfFormat.N_TRIPLES)), cap)
    ox.serialize(iter(triples), out, RDF_FORMATS[fmt], prefixes=prefixes if fmt in PREFIXED_FORMATS else None)
    _note_truncation(out, fmt, triples, remote_cut)
    return triples.count, triples.truncated


def _note_truncation(out: Sink, fmt: str, rows: RowCounter, remote_cut: bool) -> None:
    if rows.truncated:
        text = f"truncated: the result has more than {rows.cap} rows; page with ORDER BY + LIMIT/OFFSET"
    elif remote_cut:
        text = (f"truncated: the remote store stopped at its row limit ({rows.count} rows); "
                "page with ORDER BY + LIMIT/OFFSET")
    else:
        return
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


# ------------------------------------------------------------------ streaming a remote answer


class _Stopped(Exception):
    """The relay was stopped (client gone, time limit, error): the writing thread ends."""


async def replaced(chunks: AsyncIterator[bytes], old: bytes, new: bytes) -> AsyncIterator[bytes]:
    """The bytes of ``chunks`` with every ``old`` replaced by ``new``, also across chunk borders
    (``old`` must not overlap itself: no end of it is also its start)."""
    tail = b""
    async for chunk in chunks:
        data = tail + chunk
        hold = next((k for k in range(min(len(old) - 1, len(data)), 0, -1) if old.startswith(data[-k:])), 0)
        cut = len(data) - hold
        tail = data[cut:]
        if cut:
            yield data[:cut].replace(old, new)
    if tail:
        yield tail


class Relay:
    """A remote answer parsed and written again in a thread of its own, bytes in and out.

    The thread reads the remote response through ``read`` (each chunk fetched on the event loop,
    so nothing is read before it is needed) and writes through ``write``; the loop takes the
    output with ``next_chunk``, at most ``OUT_DEPTH`` chunks behind. ``stop`` ends both sides and
    closes the remote request.
    """

    def __init__(self, response: httpx.Response, chunks: AsyncIterator[bytes], deadline: float,
                 timeout_message: str) -> None:
        self.response = response
        self.summary: tuple[int, bool] = (0, False)  # rows, truncated (when the work is done)
        self._chunks = chunks
        self._deadline = deadline  # event loop time
        self._timeout_message = timeout_message
        self._loop = asyncio.get_running_loop()
        self._out: asyncio.Queue = asyncio.Queue()
        self._slots = threading.Semaphore(OUT_DEPTH)
        self._stopped = threading.Event()
        self._pending: concurrent.futures.Future | None = None
        self._failure: QueryError | None = None  # why reading the remote failed (loop side)
        self._inbuf = b""
        self._outbuf: list[bytes] = []
        self._outsize = 0

    def start(self, work: Callable[[Any, Sink], tuple[int, bool]]) -> None:
        threading.Thread(target=self._run, args=(work,), name="edzkg-remote-relay", daemon=True).start()

    async def next_chunk(self) -> bytes | None:
        """The next piece of output; None at the end. Raises QueryError if the answer failed."""
        item = await self._out.get()
        if isinstance(item, bytes):
            self._slots.release()
            return item
        if item is None:
            return None
        if self._failure is not None:
            raise self._failure
        if isinstance(item, (ValueError, SyntaxError, OSError)):
            raise QueryError(502, f"the remote store sent a result that does not parse: {item}")
        raise item

    async def stop(self) -> None:
        self._stopped.set()
        if self._pending is not None:
            self._pending.cancel()
        await self.response.aclose()

    # -- the thread's side

    def read(self, n: int = -1) -> bytes:
        while not self._inbuf:
            if self._stopped.is_set():
                raise _Stopped
            self._pending = asyncio.run_coroutine_threadsafe(self._fetch(), self._loop)
            try:
                chunk = self._pending.result()
            except concurrent.futures.CancelledError:
                raise _Stopped from None
            if chunk is None:
                return b""
            self._inbuf = chunk
        if n is None or n < 0 or n >= len(self._inbuf):
            data, self._inbuf = self._inbuf, b""
        else:
            data, self._inbuf = self._inbuf[:n], self._inbuf[n:]
        return data

    def write(self, data: bytes) -> int:
        self._outbuf.append(bytes(data))
        self._outsize += len(data)
        if self._outsize >= OUT_CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if not self._outsize:
            return
        data = b"".join(self._outbuf)
        self._outbuf.clear()
        self._outsize = 0
        while not self._slots.acquire(timeout=0.5):
            if self._stopped.is_set():
                raise _Stopped
        if self._stopped.is_set():
            raise _Stopped
        self._loop.call_soon_threadsafe(self._out.put_nowait, data)

    def _run(self, work: Callable[[Any, Sink], tuple[int, bool]]) -> None:
        item: BaseException | None = None
        try:
            self.summary = work(self, self)
            self.flush()
        except _Stopped:
            item = self._failure
            if item is None:
                return
        except BaseException as e:  # handed to the loop: a parse error, or why the input stopped
            item = e
        if self._stopped.is_set():
            return
        try:
            self._loop.call_soon_threadsafe(self._out.put_nowait, item)
        except RuntimeError:  # the loop is gone
            pass

    async def _fetch(self) -> bytes | None:
        try:
            async with asyncio.timeout_at(self._deadline):
                return await anext(self._chunks, None)
        except TimeoutError:
            self._failure = QueryError(503, self._timeout_message)
        except httpx.HTTPError as e:
            self._failure = QueryError(502, f"the remote store's answer broke off: {e or type(e).__name__}")
        raise _Stopped


class Rest:
    """The rest of a streamed answer; ``aclose`` stops the relay even if iteration never began
    (an async generator closed before its first step skips its ``finally``)."""

    def __init__(self, chunks: AsyncIterator[bytes], relay: Relay) -> None:
        self._chunks = chunks
        self._relay = relay

    def __aiter__(self) -> "Rest":
        return self

    async def __anext__(self) -> bytes:
        return await anext(self._chunks)

    async def aclose(self) -> None:
        await self._chunks.aclose()  # type: ignore[attr-defined]
        await self._relay.stop()


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
        deadline = asyncio.get_running_loop().time() + self.settings.timeout
        r = await self._open({**form, "query": text}, N_TRIPLES if graph_result else RESULTS_JSON)
        cap = job.get("max_rows") or self.settings.max_rows
        remote_cut = "x-sparql-maxrows" in r.headers
        if graph_result:
            kind = "rdf"
            work = partial(write_graph, fmt=fmt, cap=cap, remote_cut=remote_cut, prefixes=self._prefixes)
            chunks = r.aiter_bytes()
        else:
            kind = "boolean" if info.form == "ASK" else "results"
            work = partial(write_results, fmt=fmt, cap=cap, remote_cut=remote_cut)
            chunks = replaced(r.aiter_bytes(), *VIRTUOSO_BNODE)
        relay = Relay(r, chunks, deadline, self.timeout_message())
        relay.start(work)
        return await self._answer(relay, kind, fmt, bool(job.get("gzip")), remote_cut)

    async def _answer(self, relay: Relay, kind: str, fmt: str, gzip: bool, remote_cut: bool) -> Complete | Streaming:
        """Complete when the whole answer is shorter than ``commit_bytes`` (it can be cached);
        else Streaming: the first bytes now, the rest as the remote sends it."""
        parts: list[bytes] = []
        size = 0
        try:
            while size < self.settings.commit_bytes:
                chunk = await relay.next_chunk()
                if chunk is None:
                    await relay.stop()
                    body = b"".join(parts)
                    gzip = gzip and len(body) >= GZIP_MIN_BYTES
                    if gzip:
                        z = zlib.compressobj(4, zlib.DEFLATED, 31)
                        body = z.compress(body) + z.flush()
                    rows, truncated = relay.summary
                    return Complete(Head(kind, fmt, gzip), body, rows, truncated or remote_cut)
                parts.append(chunk)
                size += len(chunk)
        except BaseException:  # an error, or the client left (cancelled): close the remote request
            await relay.stop()
            raise
        z = zlib.compressobj(4, zlib.DEFLATED, 31) if gzip else None
        first = b"".join(parts)
        rest = Rest(self._rest(relay, z), relay)
        return Streaming(Head(kind, fmt, gzip), z.compress(first) if z else first, rest, truncated=remote_cut)

    async def _rest(self, relay: Relay, z: Any) -> AsyncIterator[bytes]:
        try:
            while True:
                try:
                    chunk = await relay.next_chunk()
                except QueryError as e:
                    raise StreamAborted(e.message) from None
                if chunk is None:
                    if z is not None:
                        yield z.flush()
                    return
                data = z.compress(chunk) if z is not None else chunk
                if data:
                    yield data
        finally:  # done, failed, or the client left: stop the thread, close the remote request
            await relay.stop()

    async def update(self, job: dict) -> Complete:
        raise QueryError(403, "this server answers from a remote store and accepts no updates: "
                              "update the remote itself (edzkg push)")

    async def collect(self, job: dict) -> Complete:
        """Run a job and return the whole body, however large (for internal callers)."""
        return await gather(await self.execute(job))

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
        """The remote's whole answer (small ones: the dataset's metadata)."""
        r = await self._open(form, accept)
        try:
            await r.aread()
        finally:
            await r.aclose()
        return r

    async def _open(self, form: dict[str, Any], accept: str) -> httpx.Response:
        """The remote's answer, its body not read yet; raises QueryError when it is not a whole answer
        (checked on the headers, before anything is sent to the client)."""
        client = self._http()
        try:
            r = await client.send(client.build_request("POST", self.endpoint, data=form, headers={"Accept": accept}),
                                  stream=True)
        except httpx.TimeoutException:
            raise QueryError(503, self.timeout_message()) from None
        except httpx.TransportError as e:
            raise QueryError(502, f"cannot reach the remote store {self.endpoint}: {e or type(e).__name__}") from None
        partial_answer = r.status_code == 206 or "x-sql-state" in r.headers
        if r.is_success and not partial_answer:
            return r
        try:
            await r.aread()
        except httpx.HTTPError:
            pass
        finally:
            await r.aclose()
        if partial_answer:
            state = r.headers.get("x-sql-message") or r.headers.get("x-sql-state") or "HTTP 206"
            raise QueryError(503, f"the remote store stopped early with a partial answer ({state}); "
                                  "narrow the query down")
        if r.status_code == 400:
            raise QueryError(400, f"the remote store rejected the query: {_message(r)}")
        raise QueryError(502, f"the remote store answered HTTP {r.status_code}: {_message(r)}")


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
    try:
        text = r.text if "html" not in r.headers.get("content-type", "") else ""
    except httpx.ResponseNotRead:
        text = ""
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


