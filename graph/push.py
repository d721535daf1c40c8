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

import hashlib
import json
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pyoxigraph as ox

from . import store as store_mod
from .iris import PREFIXES, Namespace

N_TRIPLES = "application/n-triples; charset=utf-8"
RETRYABLE_STATUS = {502, 503, 504}
OWL_VERSION = PREFIXES["owl"] + "versionInfo"
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
    unchanged: int = 0
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
            f"graphs unchanged since the last push (skipped): {self.unchanged}",
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
        try:
            r = self._request("PUT", graph, content=body, headers={"Content-Type": N_TRIPLES})
        except PushError as e:
            if graph is None:
                raise PushError(
                    f"{e}; the build has triples outside its named graphs and this store may have "
                    f"no separate default graph (Virtuoso has none): keep every triple in a named graph"
                ) from e
            raise
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
                if attempt < self.retries and (r.status_code in RETRYABLE_STATUS or _deadlock(r)):
                    error = _status_error(what, self.endpoint, r, self._has_auth)
                elif r.is_success or (missing_ok and r.status_code == 404):
                    return r
                else:
                    raise _status_error(what, self.endpoint, r, self._has_auth)
            if attempt == self.retries:
                raise error
            time.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")


def _deadlock(r: httpx.Response) -> bool:
    """Virtuoso's answer to concurrent writes that collided: worth another try."""
    return r.status_code == 500 and ("40001" in r.text or "deadlock" in r.text.lower())


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


def state_path(store: Path) -> Path:
    """Where a store remembers what it last pushed where: ``var/store.pushed.json``."""
    store = Path(store)
    return store.parent / (store.name + ".pushed.json")


def load_state(store: Path) -> dict[str, Any]:
    try:
        return json.loads(state_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(store: Path, state: dict[str, Any]) -> None:
    path = state_path(store)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:  # the push itself succeeded; the next one just sends everything
        sys.stderr.write(f"edzkg: warning: cannot record the push in {path}: {e.strerror or e}\n")


def remote_version(meta: bytes | None) -> str | None:
    """``owl:versionInfo`` of the remote's metadata graph, if it has one."""
    if not meta:
        return None
    try:
        triples = ox.parse(meta, format=ox.RdfFormat.N_TRIPLES)
        return next((t.object.value for t in triples if t.predicate.value == OWL_VERSION), None)
    except SyntaxError:
        return None


def push(
    store: Path,
    endpoint: str,
    auth: httpx.Auth | None = None,
    jobs: int = 1,
    timeout: float = 300.0,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    everything: bool = False,
) -> PushReport:
    """Replace the graphs of the built ``store`` on the Graph Store at ``endpoint``.

    Graphs unchanged since this store's last push to the same endpoint are skipped when the
    remote still holds that push (its metadata graph has the version recorded then), unless
    ``everything``.
    """
    t0 = time.perf_counter()
    db = store_mod.open_read_only(store)
    info = store_mod.dataset_info(store, db)
    ns = Namespace(info.base_iri)
    report = PushReport(endpoint=endpoint, version=info.version)
    graphs = named_graphs(db, ns.meta_graph)
    state = load_state(store)
    with GraphStoreClient(endpoint, auth=auth, timeout=timeout, transport=transport) as client:
        old_meta = client.get(ns.meta_graph)  # also learns the auth scheme on a bodiless request
        last = state.get(endpoint, {})
        known: dict[str, str] = {}
        if not everything and last.get("version") and last.get("version") == remote_version(old_meta):
            known = last.get("graphs", {})
        digests: dict[str, str] = {}
        total = len(graphs) + (graph_ntriples(db, ox.DefaultGraph())[1] > 0)
        done = 0

        def send(iri: str | None, body: bytes, n: int) -> GraphSent:
            t = time.perf_counter()
            status = client.put(iri, body)
            return GraphSent(iri or "(default graph)", n, len(body), time.perf_counter() - t, status)

        def note(sent: GraphSent | None, iri: str | None) -> None:
            nonlocal done
            done += 1
            if sent is None:
                report.unchanged += 1
            else:
                report.sent.append(sent)
            if progress:
                progress(done, total, iri or "")

        if progress:
            progress(0, total, "")
        meta: tuple[str | None, bytes, int] | None = None
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            pending: set[Future[GraphSent]] = set()
            try:
                for iri, body, n in _sources(db, graphs):
                    digests[iri or ""] = hashlib.sha256(body).hexdigest()
                    if iri == ns.meta_graph:
                        meta = (iri, body, n)
                    elif known.get(iri or "") == digests[iri or ""]:
                        note(None, iri)
                    else:
                        if len(pending) >= 2 * max(1, jobs):
                            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                            for f in finished:
                                note(f.result(), f.result().iri)
                        pending.add(pool.submit(send, iri, body, n))
                for f in pending:
                    note(f.result(), f.result().iri)
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
        if meta is not None:  # last: readers see the new version only when all data is there
            note(send(*meta), meta[0])
        for iri in stale_document_graphs(old_meta, keep=set(graphs)):
            client.delete(iri)
            report.deleted.append(iri)
    state[endpoint] = {"version": info.version, "graphs": digests}
    save_state(store, state)
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
