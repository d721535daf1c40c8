"""Send a built store to a remote triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph of the build (one per document, the ontology, the dataset metadata) is sent
with one ``PUT ?graph=IRI``, which replaces that graph on the remote in a single request. The
metadata graph goes last, so a reader that sees the new version finds every document graph
already in place; document graphs listed by the remote's previous metadata graph but absent
from this build are deleted afterwards.

Works with any Graph Store endpoint: Virtuoso ``/sparql-graph-crud-auth`` (digest auth),
Fuseki ``/<dataset>/data``, GraphDB ``/repositories/<id>/rdf-graphs/service``, Oxigraph ``/store``.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import httpx
import pyoxigraph as ox

from . import store as store_mod
from .iris import PREFIXES, Namespace

N_TRIPLES = "application/n-triples; charset=utf-8"
RETRYABLE_STATUS = {502, 503, 504}
Progress = Callable[[int, int, str], None]


class PushError(RuntimeError):
    """A push that cannot go on, with what to do about it."""


@dataclass(frozen=True)
class GraphSent:
    """One graph replaced on the remote."""

    iri: str
    triples: int
    bytes: int
    seconds: float
    status: int


@dataclass
class PushReport:
    """What a push did: graphs replaced, stale graphs deleted, totals."""

    endpoint: str
    version: str = ""
    sent: list[GraphSent] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.sent)

    @property
    def bytes(self) -> int:
        return sum(g.bytes for g in self.sent)

    def lines(self) -> list[str]:
        rate = self.triples / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"pushed to {self.endpoint} (version {self.version[:12]})",
            f"graphs replaced: {len(self.sent)}",
            f"triples: {self.triples} ({self.bytes / 1e6:.1f} MB N-Triples)",
        ]
        if self.deleted:
            out.append(f"stale graphs deleted: {len(self.deleted)}")
            out += [f"  {iri}" for iri in self.deleted]
        out.append(f"seconds: {self.seconds:.2f} ({rate:,.0f} triples/s)")
        return out


class CredentialsAuth(httpx.Auth):
    """User and password for whichever scheme the server asks for: Digest (Virtuoso) or Basic.

    The scheme is learnt from the first 401 challenge; later requests answer it directly
    (Digest reuses the server's nonce, so large bodies are not sent twice).
    """

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").strip().lower()
        self._scheme = self._digest if challenge.startswith("digest") else self._basic
        yield from self._scheme.auth_flow(request)


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request


def make_auth(user: str | None, password: str | None, token: str | None) -> httpx.Auth | None:
    """The auth for the given credentials; a clear error for an incomplete or mixed set."""
    if token and (user or password):
        raise PushError("give either --token or --user/--password, not both")
    if token:
        return BearerAuth(token)
    if user or password:
        if not (user and password):
            raise PushError("--user and --password go together")
        return CredentialsAuth(user, password)
    return None


def named_graphs(db: ox.Store, meta_graph: str) -> list[str]:
    """The store's named graphs in push order: sorted, the metadata graph last."""
    graphs = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    if meta_graph in graphs:
        graphs.remove(meta_graph)
        graphs.append(meta_graph)
    return graphs


def graph_ntriples(db: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> tuple[bytes, int]:
    """One graph as canonical N-Triples (sorted lines) and its triple count."""
    lines = sorted({f"{q.triple} .\n" for q in db.quads_for_pattern(None, None, None, graph)})
    return "".join(lines).encode("utf-8"), len(lines)


class GraphStoreClient:
    """A Graph Store Protocol endpoint: PUT, GET and DELETE of one graph, with clear errors."""

    def __init__(
        self,
        endpoint: str,
        auth: httpx.Auth | None = None,
        timeout: float = 300.0,
        retries: int = 3,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise PushError(f"--endpoint must be an http(s) URL of a Graph Store endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.retries = retries
        self._has_auth = auth is not None
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
            headers={"User-Agent": "edzkg-push"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "GraphStoreClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def put(self, graph: str | None, body: bytes) -> int:
        """Replace one graph (``None``: the default graph) with N-Triples; returns the HTTP status."""
        r = self._request("PUT", graph, content=body, headers={"Content-Type": N_TRIPLES})
        return r.status_code

    def get(self, graph: str) -> bytes | None:
        """One graph as N-Triples, or ``None`` when the remote does not have it."""
        r = self._request("GET", graph, headers={"Accept": "application/n-triples"}, missing_ok=True)
        return None if r.status_code == 404 else r.content

    def delete(self, graph: str) -> None:
        self._request("DELETE", graph, missing_ok=True)

    def _params(self, graph: str | None) -> dict[str, str]:
        return {"default": ""} if graph is None else {"graph": graph}

    def _request(
        self, method: str, graph: str | None, missing_ok: bool = False, **kw
    ) -> httpx.Response:
        what = f"{method} {'the default graph' if graph is None else '<' + graph + '>'}"
        for attempt in range(self.retries + 1):
            try:
                r = self._client.request(method, self.endpoint, params=self._params(graph), **kw)
            except httpx.TimeoutException as e:
                error = PushError(f"{what}: {self.endpoint} did not answer in time ({type(e).__name__})")
            except httpx.TransportError as e:
                error = PushError(f"{what}: cannot reach {self.endpoint}: {e or type(e).__name__}; is the store running?")
            else:
                if r.status_code in RETRYABLE_STATUS and attempt < self.retries:
                    error = _status_error(what, self.endpoint, r, self._has_auth)
                elif r.is_success or (missing_ok and r.status_code == 404):
                    return r
                else:
                    raise _status_error(what, self.endpoint, r, self._has_auth)
            if attempt == self.retries:
                raise error
            time.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")


def _status_error(what: str, endpoint: str, r: httpx.Response, has_auth: bool) -> PushError:
    plain = "html" not in r.headers.get("content-type", "")
    body = " ".join(r.text.split())[:300] if plain else ""
    hint = {
        401: "the store refused these credentials; check --user/--password or --token"
        if has_auth
        else "the store wants credentials: give --user/--password (Virtuoso: a user with the "
        "SPARQL_UPDATE role, e.g. dba) or --token",
        403: "the credentials are not allowed to write graphs",
        404: "no Graph Store endpoint at this URL (Virtuoso: …/sparql-graph-crud-auth, "
        "Fuseki: …/<dataset>/data, GraphDB: …/repositories/<id>/rdf-graphs/service, Oxigraph: …/store)",
        405: "this URL does not accept Graph Store writes; use the store's Graph Store endpoint",
        413: "the graph is larger than the store accepts in one request; raise its request size limit",
        415: "the store does not accept N-Triples here",
    }.get(r.status_code, "")
    msg = f"{what}: {endpoint} answered HTTP {r.status_code} {r.reason_phrase}"
    if hint:
        msg += f": {hint}"
    if body:
        msg += f" (server said: {body})"
    return PushError(msg)


def stale_document_graphs(old_meta: bytes | None, keep: set[str]) -> list[str]:
    """Document graphs that the remote's previous metadata lists but this build does not have."""
    if not old_meta:
        return []
    try:
        triples = list(ox.parse(old_meta, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        try:
            triples = list(ox.parse(old_meta, format=ox.RdfFormat.TURTLE))
        except SyntaxError:
            return []
    bases = {t.object.value for t in triples if t.predicate.value == PREFIXES["void"] + "uriSpace"}
    sources = {t.object.value for t in triples if t.predicate.value == PREFIXES["dcterms"] + "source"}
    stale: set[str] = set()
    for base in bases:
        ns = Namespace(base) if base.endswith("/") else None
        if ns is None:
            continue
        prefix = ns.document("")
        for doc in sources:
            if doc.startswith(prefix) and "/" not in doc[len(prefix):]:
                graph = ns.doc_graph(doc[len(prefix):])
                if graph not in keep:
                    stale.add(graph)
    return sorted(stale)


def _sources(db: ox.Store, graphs: list[str]) -> Iterator[tuple[str | None, bytes, int]]:
    """(graph IRI or None for the default graph, N-Triples body, triple count), in push order."""
    body, n = graph_ntriples(db, ox.DefaultGraph())
    if n:
        yield None, body, n
    for iri in graphs:
        body, n = graph_ntriples(db, ox.NamedNode(iri))
        yield iri, body, n


def push(
    store: Path,
    endpoint: str,
    auth: httpx.Auth | None = None,
    jobs: int = 2,
    timeout: float = 300.0,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PushReport:
    """Replace every graph of the built ``store`` on the Graph Store at ``endpoint``."""
    t0 = time.perf_counter()
    db = store_mod.open_read_only(store)
    info = store_mod.dataset_info(store, db)
    ns = Namespace(info.base_iri)
    report = PushReport(endpoint=endpoint, version=info.version)
    graphs = named_graphs(db, ns.meta_graph)
    has_default = graph_ntriples(db, ox.DefaultGraph())[1] > 0
    total = len(graphs) + has_default
    with GraphStoreClient(endpoint, auth=auth, timeout=timeout, transport=transport) as client:
        old_meta = client.get(ns.meta_graph)  # also learns the auth scheme on a bodiless request
        meta_parts = [g for g in graphs if g == ns.meta_graph]
        data = [g for g in graphs if g != ns.meta_graph]
        done = 0

        def send(iri: str | None, body: bytes, n: int) -> GraphSent:
            t = time.perf_counter()
            status = client.put(iri, body)
            return GraphSent(iri or "(default graph)", n, len(body), time.perf_counter() - t, status)

        def note(sent: GraphSent) -> None:
            nonlocal done
            done += 1
            report.sent.append(sent)
            if progress:
                progress(done, total, sent.iri)

        if progress:
            progress(0, total, "")
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            pending: set[Future[GraphSent]] = set()
            try:
                for iri, body, n in _sources(db, data):
                    if len(pending) >= 2 * max(1, jobs):
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for f in finished:
                            note(f.result())
                    pending.add(pool.submit(send, iri, body, n))
                for f in pending:
                    note(f.result())
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
        for iri in meta_parts:  # last: readers see the new version only when all data is there
            body, n = graph_ntriples(db, ox.NamedNode(iri))
            note(send(iri, body, n))
        for iri in stale_document_graphs(old_meta, keep=set(graphs)):
            client.delete(iri)
            report.deleted.append(iri)
    report.sent.sort(key=lambda g: g.iri)
    report.seconds = time.perf_counter() - t0
    return report


def stderr_progress(i: int, n: int, name: str) -> None:
    """A one-line progress bar on a terminal; a line per tenth of the work otherwise."""
    if n < 1:
        return
    if sys.stderr.isatty():
        width = 30
        done = int(width * i / n)
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} graphs {name[-50:]:<50}")
        if i >= n:
            sys.stderr.write("\n")
    elif i == n or (i and i % max(1, n // 10) == 0):
        sys.stderr.write(f"push: {i}/{n} graphs\n")
    sys.stderr.flush()
