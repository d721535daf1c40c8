"""The SPARQL 1.1 endpoint as plain ASGI: ``/sparql``, ``/update``, ``/rdf-graphs`` (no FastAPI, so it
can answer while the rest of the application is still being imported).

Protocol decisions (see docs/endpoint.md for the user-facing version):

- The default graph of a query is the union of all graphs (``sd:UnionDefaultGraph``) unless the
  query has ``FROM``/``FROM NAMED`` or the request has ``default-graph-uri``/``named-graph-uri``
  (the request's dataset wins over the query's, as the Protocol says).
- Results are produced by worker processes (``server.engine``) and streamed. The status line is
  sent once the whole result is there or ``commit_bytes`` of it are: errors and the time limit
  before that are proper 4xx/503 responses; after that, a failure can only cut the response
  short (the connection is closed without the final chunk, which every HTTP client reports).
- Row cap: at most ``max_rows`` rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per response, an
  implicit LIMIT. ``X-SPARQL-MaxRows`` gives the cap on every such response; when the cut is
  known before the headers go out, ``X-SPARQL-Truncated: true`` says so, and formats with
  comments (XML, Turtle, TriG, N-Triples, N-Quads, RDF/XML) end with a comment saying so.
- ``SERVICE`` (federated query) and ``LOAD`` are refused: they would make the server fetch URLs.
- A new build of the store is served without a restart (``server.builds``): each request holds
  the dataset (``Served``) it started on, with that build's workers, caches and ETags, to its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import traceback
from email.utils import formatdate
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl, quote, urlencode

from graph import store as store_mod

from . import negotiation as neg
from . import sparql
from .description import description_query
from .engine import Complete, Dataset, DatasetQueries, QueryEngine, QueryError, ResultCache, StreamAborted, Streaming
from .settings import Settings

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

QUERY_TYPES = {"application/sparql-query"}
UPDATE_TYPES = {"application/sparql-update"}
FORM_TYPE = "application/x-www-form-urlencoded"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# ---------------------------------------------------------------- small HTTP helpers


class Params:
    """Request parameters (query string, then form body) in order, with repeats."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def one(self, name: str) -> str | None:
        values = self.all(name)
        if len(values) > 1:
            raise HTTPError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
        return values[0] if values else None

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.pairs)


def parse_params(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HTTPError(400, f"the {what} is not valid UTF-8 (percent-encode UTF-8 bytes)") from None


def header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope["headers"]:
        if k == name:
            return v.decode("latin-1")
    return None


def media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    parts = content_type.split(";")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].strip().lower(), params


def accepts_gzip(scope: Scope) -> bool:
    ae = header(scope, b"accept-encoding")
    if not ae:
        return False
    for part in ae.lower().split(","):
        name, _, rest = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            q = rest.strip()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    length = header(scope, b"content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise HTTPError(413, f"request body of {length} bytes is over the limit of {limit} bytes")
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
    body = bytearray()
    while True:
        msg = await receive()
        if msg["type"] == "http.disconnect":
            raise HTTPError(400, "client went away")
        body += msg.get("body", b"")
        if len(body) > limit:
            raise HTTPError(413, f"request body is over the limit of {limit} bytes")
        if not msg.get("more_body"):
            return bytes(body)


async def respond(send: Send, status: int, headers: dict[str, str], body: bytes = b"", head_only: bool = False) -> None:
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    if status not in (204, 304):
        raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": b"" if head_only else body})


async def respond_error(send: Send, err: HTTPError, head_only: bool = False) -> None:
    headers = {"content-type": "text/plain; charset=utf-8", "cache-control": "no-store", **err.headers}
    await respond(send, err.status, headers, (err.message + "\n").encode("utf-8"), head_only)


CORS_EXPOSE = b"ETag, Last-Modified, Content-Encoding, X-SPARQL-MaxRows, X-SPARQL-Truncated, Retry-After"
CORS_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"


def with_cors(send: Send) -> Send:
    """Browsers may read every response of the endpoint (Access-Control-Allow-Origin: *)."""

    async def cors_send(message: dict) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message["headers"]) + [
                (b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", CORS_EXPOSE)]
        await send(message)

    return cors_send


def cors_preflight(scope: Scope) -> dict[str, str]:
    return {"access-control-allow-origin": "*", "access-control-allow-methods": CORS_METHODS,
            "access-control-allow-headers": safe_header(header(scope, b"access-control-request-headers") or "*"),
            "access-control-max-age": "86400", "vary": "Origin"}


def safe_header(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")


# ---------------------------------------------------------------- the endpoint


class Endpoint:
    """ASGI app for /sparql, /update and /rdf-graphs (the Graph Store)."""

    def __init__(self, state: "AppState", role: str) -> None:
        self.state = state
        self.role = role  # sparql | update | graphs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        head_only = method == "HEAD"
        if header(scope, b"origin") is not None:
            if method == "OPTIONS" and header(scope, b"access-control-request-method"):
                await respond(send, 204, cors_preflight(scope))
                return
            send = with_cors(send)
        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = True
            await send(message)

        served = self.state.served
        scope["edzkg.served"] = served
        try:
            with served.lease():  # the whole request sees one build, even if a new one comes in
                await self.handle(scope, receive, tracking_send, method)
        except HTTPError as e:
            await respond_error(send, e, head_only)
        except QueryError as e:
            extra = {"retry-after": "5"} if e.status == 503 else {}
            await respond_error(send, HTTPError(e.status, e.message, extra), head_only)
        except ClientGone:
            return
        except Exception as e:
            if started:
                raise
            traceback.print_exc()
            await respond_error(send, HTTPError(500, f"internal error: {type(e).__name__}: {e}"), head_only)

    async def handle(self, scope: Scope, receive: Receive, send: Send, method: str) -> None:
        st = self.state
        sv: Served = scope["edzkg.served"]
        qs: bytes = scope.get("query_string", b"")
        if len(qs) > st.settings.max_request_bytes:
            raise HTTPError(414, f"query string over the limit of {st.settings.max_request_bytes} bytes: use POST")
        if method in ("GET", "HEAD"):
            fkey = (st.engine.generation, self.role, qs, header(scope, b"accept"), accepts_gzip(scope),
                    header(scope, b"host"))
            hit = sv.front.get(fkey)
            if hit is not None:
                return await hit.send(send, header(scope, b"if-none-match"), method == "HEAD")
            scope["edzkg.front_key"] = fkey
        params = Params(parse_params(qs, "query string"))
        if method in ("GET", "HEAD"):
            if params.has("update") or (self.role == "update"):
                raise HTTPError(405 if self.role == "update" else 400,
                                "SPARQL Update must be sent with POST", {"allow": "POST, OPTIONS"})
            if self.role != "graphs" and params.has("query"):
                return await self.query(scope, receive, send, params, params.one("query") or "", method)
            if params.has("graph") or params.has("default") or self.role == "graphs":
                return await self.graph_get(scope, receive, send, params, method)
            return await self.service_description(scope, receive, send, method)
        if method == "POST":
            ctype, cparams = media_type(header(scope, b"content-type"))
            if params.has("graph") or params.has("default") or self.role == "graphs":
                return await self.graph_write(scope, receive, send, params, method, ctype)
            charset = cparams.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise HTTPError(415, f"charset {charset} is not supported: send UTF-8")
            if ctype == FORM_TYPE or ctype in QUERY_TYPES:
                body = await read_body(scope, receive, st.settings.max_request_bytes)
                fkey = (st.engine.generation, self.role, qs, header(scope, b"content-type"), body,
                        header(scope, b"accept"), accepts_gzip(scope), header(scope, b"host"))
                hit = sv.front.get(fkey)
                if hit is not None:
                    return await hit.send(send, None, False)
                scope["edzkg.front_key"] = fkey
            if ctype == FORM_TYPE:
                params = Params(params.pairs + parse_params(body, "form body"))
                if params.has("query") and params.has("update"):
                    raise HTTPError(400, "the request has both 'query' and 'update': send one operation")
                if params.has("update") and self.role != "graphs":
                    return await self.update(scope, send, params, params.one("update") or "")
                if params.has("query") and self.role == "sparql":
                    return await self.query(scope, receive, send, params, params.one("query") or "", method)
                raise HTTPError(400, "the form has no 'query' (or 'update') parameter")
            if ctype in QUERY_TYPES and self.role == "sparql":
                if params.has("query") or params.has("update"):
                    raise HTTPError(400, "a query is in the body: do not also send query/update parameters")
                return await self.query(scope, receive, send, params, decode(body, "query"), method)
            if ctype in UPDATE_TYPES and self.role in ("sparql", "update"):
                if params.has("query") or params.has("update"):
                    raise HTTPError(400, "an update is in the body: do not also send query/update parameters")
                body = await read_body(scope, receive, st.settings.max_request_bytes)
                return await self.update(scope, send, params, decode(body, "update"))
            wanted = "application/sparql-update" if self.role == "update" else \
                "application/x-www-form-urlencoded, application/sparql-query or application/sparql-update"
            got = f"'{ctype}'" if ctype else "no Content-Type"
            raise HTTPError(415, f"POST with {got}: send {wanted}")
        if method in ("PUT", "DELETE") and (params.has("graph") or params.has("default")):
            ctype, _ = media_type(header(scope, b"content-type"))
            return await self.graph_write(scope, receive, send, params, method, ctype)
        allow = "GET, HEAD, POST, PUT, DELETE, OPTIONS" if self.role == "graphs" else "GET, HEAD, POST, OPTIONS"
        raise HTTPError(405, f"method {method} is not allowed here; use {allow}", {"allow": allow})

    # ------------------------------------------------------------ queries

    async def query(self, scope: Scope, receive: Receive, send: Send, params: Params, query: str, method: str) -> None:
        st = self.state
        if not query.strip():
            raise HTTPError(400, "the query is empty")
        accept = header(scope, b"accept")
        fmt_param = params.one("format") or params.one("output")
        if method == "GET" and not fmt_param and neg.prefers_html(accept):
            # a browser following a query link: show it in the query UI
            await respond(send, 303, {"location": "/?" + urlencode({"query": query}), "vary": "Accept"})
            return
        try:
            choice = neg.negotiate(accept, fmt_param)
        except neg.NotAcceptable as e:
            raise HTTPError(406, str(e)) from None
        if choice.results is None and choice.rdf is None:
            raise HTTPError(406, "none of the accepted media types is offered; results: "
                            f"{neg.offered(neg.RESULT_FORMATS)}; graphs: {neg.offered(neg.RDF_FORMATS)}")
        if len(query) > 65536:  # long texts are tokenized off the event loop (other requests go on)
            info = await asyncio.to_thread(sparql.analyze_query, query)
        else:
            info = sparql.analyze_query(query)
        if info.nesting > sparql.MAX_NESTING:
            raise HTTPError(400, f"the query is nested {info.nesting} levels deep; the limit is {sparql.MAX_NESTING}")
        if info.uses_service:
            raise HTTPError(400, "SERVICE (federated query) is disabled on this endpoint")
        if info.form is None and sparql.looks_like_update(query):
            raise HTTPError(400, "this is a SPARQL Update: send it with POST as 'update' or application/sparql-update")
        default, named = params.all("default-graph-uri"), params.all("named-graph-uri")
        dataset = bool(default or named)
        job = st.engine.query_job(query, choice.results.key if choice.results else None,
                                  choice.rdf.key if choice.rdf else None,
                                  default=default if dataset else None, named=named if dataset else None,
                                  union=not dataset and not info.has_dataset, gzip=accepts_gzip(scope))
        if info.limit is not None and info.limit <= st.settings.max_rows:
            job["native"] = True  # its own LIMIT keeps it under the cap: pyoxigraph's faster writer
        await self.run(scope, receive, send, job, method, ("q", query, tuple(default), tuple(named)))

    async def run(self, scope: Scope, receive: Receive, send: Send, job: dict, method: str, what: tuple) -> None:
        """Run a read job with caching, conditional requests and streaming."""
        st = self.state
        sv: Served = scope["edzkg.served"]
        head_only = method == "HEAD"
        key = (st.engine.generation, job["results"], job["rdf"], job["gzip"], job.get("graph"), job["union"]) + what
        etag = sv.etag(key)
        cacheable = method in ("GET", "HEAD")
        base_headers = {"vary": "Accept, Accept-Encoding", "etag": etag, "last-modified": sv.last_modified()}
        if cacheable:
            base_headers["cache-control"] = st.cache_control()
            inm = header(scope, b"if-none-match")
            if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
                await respond(send, 304, base_headers)
                return
        result = sv.engine.cache.get(key)
        if result is None:
            result = await execute_while_connected(sv.engine, job, receive)
            if isinstance(result, Complete):
                sv.engine.cache.put(key, result)
        headers = {**base_headers, **st.result_headers(result.head)}
        if result.head.kind in ("results", "rdf"):
            headers["x-sparql-maxrows"] = str(st.settings.max_rows)
        if result.truncated and result.head.kind in ("results", "rdf"):
            headers["x-sparql-truncated"] = "true"
        if isinstance(result, Complete):
            fkey = scope.get("edzkg.front_key")
            if fkey is not None and fkey[0] == st.engine.generation:
                sv.front.put(fkey, Prepared.make(etag, headers, base_headers, result.body))
            await respond(send, 200, headers, result.body, head_only)
            return
        await self.stream(receive, send, headers, result, head_only)

    async def stream(self, receive: Receive, send: Send, headers: dict[str, str], result: Streaming,
                     head_only: bool) -> None:
        raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        if head_only:
            await result.rest.aclose()  # type: ignore[attr-defined]
            await send({"type": "http.response.body", "body": b""})
            return
        gone = asyncio.Event()

        async def watch() -> None:  # the server's send() is silent once the client has left
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.get_running_loop().create_task(watch())
        try:
            await send({"type": "http.response.body", "body": result.first, "more_body": True})
            async for chunk in result.rest:
                if gone.is_set():
                    return
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except StreamAborted as e:
            # the status line is gone: closing without the last chunk tells the client it is cut
            raise ConnectionAbortedError(f"response cut short: {e}") from None
        finally:
            watcher.cancel()
            await result.rest.aclose()  # type: ignore[attr-defined]  # kills the worker if unfinished
        await send({"type": "http.response.body", "body": b""})

    # ------------------------------------------------------------ service description and graphs

    async def service_description(self, scope: Scope, receive: Receive, send: Send, method: str) -> None:
        st = self.state
        accept = header(scope, b"accept")
        if neg.prefers_html(accept):
            await respond(send, 303, {"location": "/", "vary": "Accept"})
            return
        choice = neg.negotiate(accept)
        if choice.rdf is None:
            raise HTTPError(406, "the service description is RDF: accept one of " + neg.offered(neg.RDF_FORMATS))
        endpoint = request_url(scope)
        job = st.engine.query_job(description_query(endpoint, st.settings.allow_updates), None, choice.rdf.key,
                                  union=False, gzip=accepts_gzip(scope))
        await self.run(scope, receive, send, job, method, ("sd", endpoint))

    async def graph_get(self, scope: Scope, receive: Receive, send: Send, params: Params, method: str) -> None:
        st = self.state
        graph = params.one("graph")
        if graph is None and not params.has("default"):
            raise HTTPError(400, "name a graph: ?graph=IRI, or ?default for the default graph")
        if graph is not None and params.has("default"):
            raise HTTPError(400, "send either ?graph=IRI or ?default, not both")
        try:
            choice = neg.negotiate(header(scope, b"accept"), params.one("format"))
        except neg.NotAcceptable as e:
            raise HTTPError(406, str(e)) from None
        if choice.rdf is None:
            raise HTTPError(406, "a graph is RDF: accept one of " + neg.offered(neg.RDF_FORMATS))
        if graph is not None:
            check_iri(graph)
            q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        else:
            q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        job = st.engine.query_job(q, None, choice.rdf.key, union=graph is None, graph=graph, gzip=accepts_gzip(scope))
        await self.run(scope, receive, send, job, method, ("g", graph or ""))

    # ------------------------------------------------------------ writes

    def authorize(self, scope: Scope) -> None:
        st = self.state
        if not st.settings.allow_updates:
            raise HTTPError(403, "updates are disabled on this endpoint (start it with "
                            "`edzkg serve --allow-updates` to accept them)")
        token = st.settings.token
        if not token:
            return
        auth = header(scope, b"authorization")
        challenge = {"www-authenticate": 'Bearer realm="edzkg"'}
        if not auth:
            raise HTTPError(401, "updates need 'Authorization: Bearer <token>'", challenge)
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise HTTPError(403, "the bearer token is not valid for updates")

    async def update(self, scope: Scope, send: Send, params: Params, update: str) -> None:
        st = self.state
        self.authorize(scope)
        if not update.strip():
            raise HTTPError(400, "the update is empty")
        depth = await asyncio.to_thread(sparql.nesting, update) if len(update) > 65536 else sparql.nesting(update)
        if depth > sparql.MAX_NESTING:
            raise HTTPError(400, f"the update is nested {depth} levels deep; the limit is {sparql.MAX_NESTING}")
        if sparql.uses_load(update):
            raise HTTPError(400, "LOAD is disabled on this endpoint (it would fetch a URL); "
                            "send the data with the Graph Store Protocol (PUT/POST ?graph=IRI)")
        try:
            text = sparql.add_using(update, params.all("using-graph-uri"), params.all("using-named-graph-uri"))
        except sparql.UpdateRejected as e:
            raise HTTPError(400, str(e)) from None
        await st.engine.update({"op": "update", "update": text, "base": st.engine.endpoint_base})
        st.served.front.clear()
        await respond(send, 204, {"cache-control": "no-store"})

    async def graph_write(self, scope: Scope, receive: Receive, send: Send, params: Params, method: str,
                          ctype: str) -> None:
        st = self.state
        self.authorize(scope)
        graph = params.one("graph")
        if graph is None and not params.has("default"):
            raise HTTPError(400, "name a graph: ?graph=IRI, or ?default for the default graph")
        if graph is not None:
            check_iri(graph)
        job: dict[str, Any] = {"op": "graph", "method": method, "graph": graph, "base": graph or st.engine.endpoint_base}
        if method in ("PUT", "POST"):
            fmt = next((f.key for f in neg.RDF_FORMATS if ctype in f.accepts and ctype not in
                        ("application/json", "application/xml", "text/xml", "text/plain")), None)
            fmt = fmt or {"text/plain": "nt", "application/json": "jsonld", "application/xml": "rdfxml",
                          "text/xml": "rdfxml"}.get(ctype)
            if fmt is None:
                raise HTTPError(415, f"cannot read RDF sent as '{ctype}': send one of {neg.offered(neg.RDF_FORMATS)}")
            job["format"] = fmt
            job["data"] = await read_body(scope, receive, st.settings.max_request_bytes)
        result = await st.engine.update(job)
        st.served.front.clear()
        created = result.truncated
        await respond(send, 201 if created and method != "DELETE" else 204, {"cache-control": "no-store"})


class ClientGone(Exception):
    """The client closed the connection before the answer was ready."""


async def wait_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


WATCH_AFTER = 0.05  # seconds: quicker answers never start a disconnect watcher


async def execute_while_connected(engine: Any, job: dict, receive: Receive) -> Complete | Streaming:
    """Run a job; if the client hangs up before the answer is ready, cancel it (its worker is killed).

    A query still running after WATCH_AFTER gets a watcher task that cancels this task when the
    client disconnects; fast queries cost no extra task.
    """
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    gone = False
    watcher: asyncio.Task | None = None

    async def watch() -> None:
        nonlocal gone
        await wait_disconnect(receive)
        gone = True
        if me is not None:
            me.cancel()

    def start_watching() -> None:
        nonlocal watcher
        watcher = loop.create_task(watch())

    timer = loop.call_later(WATCH_AFTER, start_watching)
    try:
        return await engine.execute(job)
    except asyncio.CancelledError:
        if gone and me is not None:
            me.uncancel()
            raise ClientGone from None
        raise
    finally:
        timer.cancel()
        if watcher is not None:
            watcher.cancel()


def decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, f"the {what} is not valid UTF-8") from None


def check_iri(iri: str) -> None:
    if not iri or any(c in iri for c in '<>"{}|^`\\ \t\r\n') or ":" not in iri:
        raise HTTPError(400, f"not an absolute IRI: {iri!r}")


def request_url(scope: Scope) -> str:
    host = header(scope, b"host")
    scheme = scope.get("scheme", "http")
    if not host:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    if any(c in host for c in '<>"{}|^`\\ /'):
        host = "localhost"
    return f"{scheme}://{host}{quote(scope.get('root_path', '') + scope['path'])}"


# ---------------------------------------------------------------- application state and factory


def raw_headers(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class Prepared:
    """A complete GET response ready to send again: the fast path for repeated requests."""

    __slots__ = ("etag", "headers", "not_modified", "body")

    def __init__(self, etag: str, headers: list, not_modified: list, body: bytes) -> None:
        self.etag, self.headers, self.not_modified, self.body = etag, headers, not_modified, body

    @classmethod
    def make(cls, etag: str, headers: dict[str, str], base: dict[str, str], body: bytes) -> "Prepared":
        full = raw_headers(headers) + [(b"content-length", str(len(body)).encode())]
        return cls(etag, full, raw_headers(base), body)

    async def send(self, send: Send, if_none_match: str | None, head_only: bool) -> None:
        if if_none_match and (if_none_match.strip() == "*" or self.etag in [t.strip() for t in if_none_match.split(",")]):
            await send({"type": "http.response.start", "status": 304, "headers": self.not_modified})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": self.headers})
        await send({"type": "http.response.body", "body": b"" if head_only else self.body})


class Served:
    """One dataset as the endpoint serves it: its metadata, the engine's view of it (workers and
    result cache), the ETag prefix and the prepared responses. A new build replaces it as a whole."""

    def __init__(self, settings: Settings, info: store_mod.DatasetInfo, engine: Any,
                 dataset: Dataset | None = None) -> None:
        self.info = info
        self.root = engine  # the engine: update generation and time
        self.dataset = dataset  # the embedded engine's build (None: a remote store)
        self.engine = DatasetQueries(engine, dataset) if dataset is not None else engine
        self.etag_prefix = hashlib.blake2b(info.version.encode(), digest_size=6).hexdigest()
        self.front = ResultCache(settings.cache_bytes, settings.cache_entry_bytes)  # prepared GET responses
        self._last_modified: tuple[int, str] = (-1, "")

    def lease(self) -> contextlib.AbstractContextManager:
        return self.dataset.lease() if self.dataset is not None else contextlib.nullcontext()

    def etag(self, key: tuple) -> str:
        h = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=9).hexdigest()
        return f'W/"{self.etag_prefix}-{self.root.generation}-{h}"'

    def last_modified(self) -> str:
        gen = self.root.generation
        if self._last_modified[0] != gen:
            ts = self.root.modified if gen else self.info.modified
            self._last_modified = (gen, formatdate(ts, usegmt=True))
        return self._last_modified[1]


class AppState:
    """What the endpoint shares across requests: settings, engine, and the dataset being served."""

    def __init__(self, settings: Settings, info: store_mod.DatasetInfo, engine: QueryEngine) -> None:
        self.settings = settings
        self.engine = engine
        dataset = engine.current if isinstance(engine, QueryEngine) else None
        if dataset is not None and dataset.info is None:
            dataset.info = info
        self.served = Served(settings, info, engine, dataset)
        self._follower: asyncio.Task | None = None

    @property
    def info(self) -> store_mod.DatasetInfo:
        return self.served.info

    @property
    def front(self) -> ResultCache:
        return self.served.front

    def etag(self, key: tuple) -> str:
        return self.served.etag(key)

    def last_modified(self) -> str:
        return self.served.last_modified()

    def request_info(self) -> store_mod.DatasetInfo:
        """The metadata of the build this request holds (``hold``), else of the one served now."""
        dataset = self.engine.dataset() if isinstance(self.engine, QueryEngine) else None
        return dataset.info if dataset is not None and dataset.info is not None else self.served.info

    def hold(self) -> contextlib.AbstractContextManager:
        """Keep the engine's queries in the enclosed code on the build served now (see QueryEngine.hold)."""
        hold = getattr(self.engine, "hold", None)
        return hold() if hold is not None else contextlib.nullcontext()

    def follows_builds(self) -> bool:
        """Whether a new build behind the store link is picked up (read-only embedded store)."""
        return (isinstance(self.engine, QueryEngine) and not self.settings.allow_updates
                and Path(self.settings.store).is_symlink())

    async def start(self) -> None:
        """Start the engine and, when the store is a build link, the task that follows it."""
        await self.engine.start()
        if self.follows_builds() and (self._follower is None or self._follower.done()):
            from .builds import follow_builds

            self._follower = asyncio.get_running_loop().create_task(follow_builds(self))

    async def close(self) -> None:
        if self._follower is not None:
            self._follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._follower
            self._follower = None
        await self.engine.close()

    def adopt(self, dataset: Dataset) -> Dataset:
        """Serve ``dataset`` from now on (metadata, workers, caches, ETags at once); returns the old one."""
        assert dataset.info is not None
        old = self.engine.switch(dataset)
        self.served = Served(self.settings, dataset.info, self.engine, dataset)
        return old

    def cache_control(self) -> str:
        if self.settings.allow_updates:
            return "no-cache"
        return f"public, max-age={self.settings.max_age}"

    def result_headers(self, head: Any) -> dict[str, str]:
        f = neg.BY_KEY.get(head.format)
        headers = {"content-type": f.content_type if f else "application/octet-stream"}
        if head.gzip:
            headers["content-encoding"] = "gzip"
        return headers


def dataset_info(store: Path, build_dir: Path, base_iri: str | None) -> store_mod.DatasetInfo:
    """The store's recorded metadata; any other Oxigraph store is served too, with a made-up version."""
    try:
        return store_mod.dataset_info(store)
    except store_mod.StoreError as e:
        if "no build metadata" not in str(e):
            raise
    from graph.iris import DEFAULT_BASE

    stat = build_dir.stat()
    version = hashlib.sha256(f"{build_dir}:{stat.st_mtime_ns}".encode()).hexdigest()
    return store_mod.DatasetInfo(path=build_dir, base_iri=base_iri or DEFAULT_BASE, version=version,
                                 modified=stat.st_mtime)


def build_info(settings: Settings, build_dir: Path) -> store_mod.DatasetInfo:
    """The metadata of one build directory as served (``--base-iri`` replaces the recorded base)."""
    info = dataset_info(build_dir, build_dir, settings.base_iri)
    return with_base(info, settings.base_iri)


def with_base(info: store_mod.DatasetInfo, base_iri: str | None) -> store_mod.DatasetInfo:
    if not base_iri:
        return info
    return store_mod.DatasetInfo(path=info.path, base_iri=base_iri, version=info.version, modified=info.modified)


def build_state(settings: Settings) -> AppState:
    """Dataset metadata and a (not yet started) engine for the settings' store or backend."""
    if settings.backend:  # a remote SPARQL endpoint holds the dataset (edzkg push put it there)
        from .remote import connect

        engine, info = connect(settings)
        return AppState(settings, with_base(info, settings.base_iri), engine)
    store = Path(settings.store)
    build_dir = store_mod.resolve(store)
    if store.is_symlink():
        store_mod.pin(build_dir)  # a later build must not prune it while we serve it
    info = build_info(settings, build_dir)
    engine = QueryEngine(build_dir, settings, info.base_iri, info.base_iri + "sparql", info)
    return AppState(settings, info, engine)


ENDPOINT_PATHS = (("/sparql", "sparql"), ("/update", "update"), ("/rdf-graphs", "graphs"))


def endpoints(state: AppState) -> dict[str, Endpoint]:
    return {path: Endpoint(state, role) for path, role in ENDPOINT_PATHS}


class Dispatcher:
    """The ASGI app of ``edzkg serve``: the endpoint at once, the rest of the site (FastAPI, imported
    in a background thread at start-up) once it is built: requests for it wait until then."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self.endpoints = endpoints(state)
        self.site: Callable | None = None
        self.site_failed = False

    async def wait_for_site(self, limit: float = 120.0) -> Callable | None:
        waited = 0.0
        while self.site is None and not self.site_failed and waited < limit:
            await asyncio.sleep(0.02)
            waited += 0.02
        return self.site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            endpoint = self.endpoints.get(scope["path"].rstrip("/") or "/")
            if endpoint is not None:
                await endpoint(scope, receive, send)
                return
            site = self.site or await self.wait_for_site()
            if site is not None:
                await site(scope, receive, send)
            else:
                await respond_error(send, HTTPError(503, "the pages are not available (see the server log); "
                                                    "the SPARQL endpoint is at /sparql", {"retry-after": "5"}))
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    try:
                        await self.state.start()
                    except Exception as e:  # noqa: BLE001 - reported to the server, which stops
                        await send({"type": "lifespan.startup.failed", "message": str(e)})
                        return
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.state.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        else:
            site = self.site or await self.wait_for_site()
            if site is not None:
                await site(scope, receive, send)
