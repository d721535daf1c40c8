"""The query engine: a pool of worker processes, time limits that really stop work, a result cache.

pyoxigraph cannot cancel a query and its result objects must stay on the thread that made them,
so queries run in long-lived worker processes (``server.worker``), each with the store opened
once. A query that overruns the time limit gets its worker killed (SIGKILL: the CPU is free at
once) and a fresh worker is started while the others keep serving. Requests beyond the pool
size wait in a queue.

With updates enabled the pool is a single worker that opens the store read-write: a RocksDB
store may not be read by another process while one writes it, so reads and writes share that
one process (no parallel queries; the price of a writable endpoint).

A ``Dataset`` is one build with its pool and result cache. ``prepare`` starts a pool on a new
build, ``switch`` makes it current (new queries go there; requests already running keep the
dataset they started on) and ``retire`` closes the old pool once nobody uses it.

``QueryEngine.select/ask/construct`` is the API the linked-data pages use.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import json
import marshal
import os
import socket
import struct
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

from graph import store as store_mod
from graph.iris import PREFIXES

from .settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_LEN = struct.Struct("!I")
_FRAME = struct.Struct("!cI")
SPAWN_TIMEOUT = 120.0


class QueryError(Exception):
    """A query the engine could not answer; ``status`` is the HTTP status it maps to."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class StreamAborted(Exception):
    """A response already being sent could not be finished (time limit, worker died)."""


@dataclass
class Head:
    kind: str  # results | boolean | rdf | update
    format: str  # a negotiation.Format key ('' for updates)
    gzip: bool


@dataclass
class Complete:
    """A whole response body, received before anything was sent."""

    head: Head
    body: bytes
    rows: int
    truncated: bool  # results stopped at the row cap (or, for graph writes: the graph was new)


@dataclass
class Streaming:
    """A large response: the first bytes, and the rest as it comes from the worker."""

    head: Head
    first: bytes
    rest: AsyncIterator[bytes]
    truncated: bool = False  # known to be cut before the first byte (a remote store's row cap)


async def gather(result: Complete | Streaming) -> Complete:
    """A result as one body: a streamed one read to its end (a cut stream is a 503)."""
    if isinstance(result, Complete):
        return result
    parts = [result.first]
    try:
        async for chunk in result.rest:
            parts.append(chunk)
    except StreamAborted as e:
        raise QueryError(503, str(e)) from None
    return Complete(result.head, b"".join(parts), 0, False)


class WorkerStream:
    """The rest of a streamed result as it comes from one worker.

    Closing it before the end stops the worker's query, also when no chunk was ever asked for
    (a HEAD request): an async generator closed before it started never runs its ``finally``,
    so the generator alone would leave the worker blocked on a body nobody reads.
    """

    def __init__(self, w: "Worker", frames: AsyncIterator[bytes]) -> None:
        self._w, self._frames, self._started = w, frames, False

    def __aiter__(self) -> "WorkerStream":
        return self

    async def __anext__(self) -> bytes:
        self._started = True
        return await self._frames.__anext__()

    async def aclose(self) -> None:
        if not self._started:
            self._started = True
            self._w.pool.discard(self._w)
        await self._frames.aclose()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- worker processes


class Worker:
    """One worker process, the socket to it, and the pool it belongs to."""

    def __init__(self, proc: subprocess.Popen, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 pool: "WorkerPool") -> None:
        self.proc = proc
        self.reader = reader
        self.writer = writer
        self.pool = pool
        self.jobs = 0
        self.idle_since = 0.0  # time.monotonic() of its last release
        self.buf = b""
        self.pos = 0

    async def frame(self) -> tuple[bytes, bytes]:
        """The next frame; small answers (head, body, end) usually arrive in one read."""
        while True:
            buf, pos = self.buf, self.pos
            if len(buf) - pos >= 5:
                kind, n = _FRAME.unpack_from(buf, pos)
                end = pos + 5 + n
                if len(buf) >= end:
                    self.pos = end
                    return kind, buf[pos + 5:end]
            data = await self.reader.read(1 << 20)
            if not data:
                raise asyncio.IncompleteReadError(buf[pos:], None)
            self.buf = buf[pos:] + data if pos < len(buf) else data
            self.pos = 0

    def send(self, job: dict) -> None:
        raw = marshal.dumps(job)
        self.writer.write(_LEN.pack(len(raw)) + raw)

    def kill(self) -> None:
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        self.writer.close()


def prefixes_for(base: str) -> dict[str, str]:
    return {"edz": base + "ontology#", **PREFIXES}


SURGE_AFTER = 0.1  # seconds a request waits for a busy pool before an extra worker is started
SURGE_IDLE = 30.0  # seconds an extra worker stays unused before it is retired


class WorkerPool:
    """N workers on one store; ``acquire`` waits for an idle one, ``discard`` kills and replaces.

    Surge: when every worker is busy (say, with runaway queries) and a request has waited
    SURGE_AFTER, an extra worker is started, up to twice the pool size, so simple queries are
    still answered; extra workers retire after SURGE_IDLE seconds without a job (a steady load
    keeps them). (Read-write pools stay at one.)
    """

    def __init__(self, build_dir: Path, settings: Settings, base: str) -> None:
        self.build_dir = build_dir
        self.settings = settings
        self.read_write = settings.allow_updates
        self.size = 1 if self.read_write else max(1, settings.workers)
        self.idle: asyncio.LifoQueue[Worker] = asyncio.LifoQueue()  # the warmest worker first
        self.waiting = 0
        self.workers: set[Worker] = set()
        self.base = base
        self.prefix_arg = marshal.dumps(prefixes_for(base)).hex()
        self._spawning: set[asyncio.Task] = set()
        self.closed = False
        self.restarts = 0
        self.max_size = self.size if self.read_write else 2 * self.size
        self.live = 0  # workers alive or being started (surges included)
        self.out: set[Worker] = set()  # workers running a job (or streaming its result)
        self._reaper: asyncio.TimerHandle | None = None

    async def start(self) -> None:
        self.live = self.size
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for w in workers:
            self.idle.put_nowait(w)

    async def _spawn(self) -> Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env["EDZKG_WORKER_PREFIXES"] = self.prefix_arg
        cmd = [sys.executable, "-m", "server.worker", "--fd", str(child.fileno()), "--store", str(self.build_dir),
               "--memory", str(self.settings.heap_limit())]
        if self.read_write:
            cmd.append("--read-write")
        proc = subprocess.Popen(cmd, pass_fds=(child.fileno(),), env=env, stdin=subprocess.DEVNULL)
        child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent, limit=1 << 20)
        w = Worker(proc, reader, writer, self)
        try:
            kind, payload = await asyncio.wait_for(w.frame(), SPAWN_TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as e:
            w.kill()
            raise RuntimeError(f"query worker did not start (exit code {proc.poll()})") from e
        if kind != b"R":
            w.kill()
            raise RuntimeError(f"query worker failed: {marshal.loads(payload).get('message')}")
        self.workers.add(w)
        return w

    async def acquire(self, timeout: float) -> Worker:
        if self.closed:
            raise QueryError(503, "the query workers of this dataset were stopped (a new build is "
                                  "served now); retry")
        if not self.idle.empty():
            w = self.idle.get_nowait()
        else:
            w = await self._wait(timeout)
        self.out.add(w)
        return w

    async def _wait(self, timeout: float) -> Worker:
        if self.waiting >= self.settings.max_queue:
            raise QueryError(503, f"the endpoint is busy ({self.waiting} requests waiting); retry shortly")
        self.waiting += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise QueryError(503, f"no query worker became free within {timeout:g} s; retry shortly")
                try:
                    return await asyncio.wait_for(self.idle.get(), min(remaining, SURGE_AFTER))
                except asyncio.TimeoutError:
                    if self.live < self.max_size and not self.closed:
                        self._surge()
        finally:
            self.waiting -= 1

    def _surge(self) -> None:
        self.live += 1

        async def add() -> None:
            try:
                w = await self._spawn()
            except RuntimeError as e:
                print(f"edzkg: extra query worker: {e}", file=sys.stderr)
                self.live -= 1
                return
            if self.closed:
                w.kill()
            else:
                self.idle.put_nowait(w)

        task = asyncio.get_running_loop().create_task(add())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    def release(self, w: Worker) -> None:
        self.out.discard(w)
        w.jobs += 1
        if self.closed:
            w.kill()
            return
        w.idle_since = time.monotonic()
        self.idle.put_nowait(w)
        if self.live > self.size:
            self._reap_later(SURGE_IDLE)

    def _reap_later(self, delay: float) -> None:
        if self._reaper is None:
            self._reaper = asyncio.get_running_loop().call_later(delay, self._reap)

    def _reap(self) -> None:
        """Retire extra workers unused for SURGE_IDLE seconds, least recently used first."""
        self._reaper = None
        if self.closed:
            return
        now = time.monotonic()
        idle: list[Worker] = []
        while not self.idle.empty():
            idle.append(self.idle.get_nowait())
        idle.reverse()  # the least recently used first (the queue hands out the warmest)
        kept: list[Worker] = []
        for w in idle:
            if self.live > self.size and now - w.idle_since >= SURGE_IDLE:
                self.live -= 1
                self.workers.discard(w)
                w.writer.close()  # EOF: it exits
            else:
                kept.append(w)
        for w in kept:
            self.idle.put_nowait(w)
        if self.live > self.size:
            oldest = min((w.idle_since for w in kept), default=now)
            self._reap_later(max(0.5, SURGE_IDLE - (now - oldest)))

    def discard(self, w: Worker) -> None:
        """Kill a worker (overrun, died, abandoned stream) and start its replacement."""
        self.out.discard(w)
        w.kill()
        self.workers.discard(w)
        if self.closed:
            return
        if self.live > self.size:  # an extra worker: not replaced
            self.live -= 1
            return
        self.restarts += 1
        task = asyncio.get_running_loop().create_task(self._replace(w))
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def _replace(self, old: Worker) -> None:
        await asyncio.to_thread(old.proc.wait)  # a read-write store is locked until the process is gone
        delay = 0.1
        while not self.closed:
            try:
                w = await self._spawn()
            except RuntimeError as e:
                print(f"edzkg: {e}; retrying", file=sys.stderr)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if self.closed:
                w.kill()
            else:
                self.idle.put_nowait(w)
            return

    async def close(self) -> None:
        self.closed = True
        if self._reaper is not None:
            self._reaper.cancel()
            self._reaper = None
        for t in list(self._spawning):
            t.cancel()
        for w in list(self.workers):
            try:
                w.writer.close()  # EOF: the worker exits (flushing a read-write store)
            except Exception:
                pass
        deadline = time.monotonic() + 5
        for w in list(self.workers):
            while w.proc.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            if w.proc.poll() is None:
                w.proc.kill()
        self.workers.clear()


# ---------------------------------------------------------------- result cache


def footprint(key: tuple, body: bytes) -> int:
    """Approximate bytes an entry holds: its body, the strings in its key, and overhead."""
    n = len(body) + 300
    for part in key:
        if isinstance(part, (str, bytes)):
            n += len(part)
        elif isinstance(part, tuple):
            n += sum(len(p) for p in part if isinstance(p, (str, bytes)))
    return n


class ResultCache:
    """Complete responses by key, least recently used out first, bounded in bytes (keys included:
    a long query with a tiny answer is counted at its full length)."""

    def __init__(self, max_bytes: int, entry_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entry_bytes = entry_bytes
        self.size = 0
        self.entries: collections.OrderedDict[tuple, tuple[Any, int]] = collections.OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple) -> Any:
        hit = self.entries.get(key)
        if hit is None:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return hit[0]

    def put(self, key: tuple, value: Any) -> None:
        n = footprint(key, value.body)
        if n > self.entry_bytes or n > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self.entries[key] = (value, n)
        self.size += n
        while self.size > self.max_bytes:
            _, (_, gone) = self.entries.popitem(last=False)
            self.size -= gone

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


# ---------------------------------------------------------------- the engine


class PageQueries:
    """The pages' query API (select/ask/construct), shared by the local and the remote engine.

    Needs ``cache``, ``generation``, ``query_job()`` and ``collect()`` from the engine it is mixed into.
    """

    async def _cached(self, job: dict) -> Complete:
        key = ("api", self.generation, job["query"], job["results"], job["rdf"])
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        result = await self.collect(job)
        self.cache.put(key, result)
        return result

    async def select(self, query: str) -> dict:
        """SPARQL 1.1 JSON results of a SELECT, parsed (the default graph is the union of all graphs)."""
        r = await self._cached(self.query_job(query, "json", None))
        if r.head.kind != "results":
            raise QueryError(400, f"expected a SELECT query, got a {r.head.kind} query")
        return json.loads(r.body)

    async def ask(self, query: str) -> bool:
        r = await self._cached(self.query_job(query, "json", None))
        if r.head.kind != "boolean":
            raise QueryError(400, f"expected an ASK query, got a {r.head.kind} query")
        return bool(json.loads(r.body)["boolean"])

    async def construct(self, query: str, media_type: str = "application/n-triples") -> bytes:
        """CONSTRUCT/DESCRIBE results serialized in ``media_type`` (an RDF media type)."""
        from .negotiation import RDF_FORMATS

        fmt = next((f.key for f in RDF_FORMATS if media_type.split(";")[0].strip() in f.accepts), None)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type: {media_type}")
        r = await self._cached(self.query_job(query, None, fmt))
        if r.head.kind != "rdf":
            raise QueryError(400, f"expected a CONSTRUCT or DESCRIBE query, got a {r.head.kind} query")
        return r.body


class Dataset:
    """One build being served: its directory, metadata, worker pool and result cache, which change
    together. ``users`` counts the requests holding it (``lease``); it is retired when none do."""

    def __init__(self, build_dir: Path, info: store_mod.DatasetInfo | None, pool: WorkerPool,
                 cache: ResultCache) -> None:
        self.build_dir = build_dir
        self.info = info
        self.pool = pool
        self.cache = cache
        self.users = 0

    @contextmanager
    def lease(self) -> Iterator["Dataset"]:
        """Hold this dataset (its workers stay up) for one request or a series of queries."""
        self.users += 1
        try:
            yield self
        finally:
            self.users -= 1

    def unused(self) -> bool:
        pool = self.pool
        return self.users == 0 and not pool.out and pool.waiting == 0


class DatasetQueries(PageQueries):
    """The pages' query API on one dataset, whatever build is switched in meanwhile."""

    def __init__(self, engine: "QueryEngine", dataset: Dataset) -> None:
        self.engine = engine
        self.dataset = dataset
        self.cache = dataset.cache
        self.info = dataset.info

    @property
    def generation(self) -> int:
        return self.engine.generation

    def query_job(self, query: str, results: str | None, rdf: str | None, **kwargs: Any) -> dict:
        return self.engine.query_job(query, results, rdf, **kwargs)

    async def execute(self, job: dict) -> Complete | Streaming:
        return await self.engine.execute(job, self.dataset)

    async def collect(self, job: dict) -> Complete:
        return await self.engine.collect(job, self.dataset)


_held: contextvars.ContextVar[tuple["QueryEngine", Dataset] | None] = contextvars.ContextVar("edzkg_dataset",
                                                                                            default=None)


class QueryEngine(PageQueries):
    """Runs jobs on the current dataset's pool under the time limit; the public select/ask/construct API."""

    def __init__(self, build_dir: Path, settings: Settings, base: str, endpoint_base: str,
                 info: store_mod.DatasetInfo | None = None) -> None:
        self.settings = settings
        self.current = Dataset(build_dir, info, WorkerPool(build_dir, settings, base),
                               ResultCache(settings.cache_bytes, settings.cache_entry_bytes))
        self.endpoint_base = endpoint_base  # base IRI for relative IRIs in queries and updates
        self.generation = 0  # bumped by every successful update
        self.modified = time.time()
        self.retiring: set[Dataset] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def pool(self) -> WorkerPool:
        return self.current.pool

    @property
    def cache(self) -> ResultCache:  # type: ignore[override]
        return self.current.cache

    def dataset(self) -> Dataset:
        """The dataset queries run on: the one ``hold`` set for this request, else the current one."""
        held = _held.get()
        return held[1] if held is not None and held[0] is self else self.current

    async def _cached(self, job: dict) -> Complete:
        with self.dataset().lease() as ds:  # the query and its cache entry belong to one build
            return await DatasetQueries(self, ds)._cached(job)

    @contextmanager
    def snapshot(self) -> Iterator[DatasetQueries]:
        """The current dataset for a series of queries that must all see the same build."""
        with self.dataset().lease() as ds:
            yield DatasetQueries(self, ds)

    @contextmanager
    def hold(self) -> Iterator[Dataset]:
        """Run every query of the enclosed code (this task and tasks it starts) on the current build:
        a page made of several queries never mixes two builds."""
        with self.dataset().lease() as ds:
            token = _held.set((self, ds))
            try:
                yield ds
            finally:
                _held.reset(token)

    # ------------------------------------------------------------ switching builds

    async def prepare(self, build_dir: Path, info: store_mod.DatasetInfo) -> Dataset:
        """Start workers on another build (the current one keeps serving meanwhile)."""
        pool = WorkerPool(build_dir, self.settings, info.base_iri)
        try:
            await pool.start()
        except BaseException:
            await pool.close()
            raise
        return Dataset(build_dir, info, pool, ResultCache(self.settings.cache_bytes, self.settings.cache_entry_bytes))

    def switch(self, dataset: Dataset) -> Dataset:
        """Make ``dataset`` current (new requests use it) and return the previous one."""
        old = self.current
        self.current = dataset
        if dataset.info is not None:
            self.endpoint_base = dataset.info.base_iri + "sparql"
        self.retiring.add(old)
        return old

    async def retire(self, dataset: Dataset, grace: float | None = None) -> None:
        """Close a replaced dataset's workers once its requests are done (after ``grace`` seconds
        at most: by then the time limit has stopped them anyway)."""
        grace = 2 * self.settings.timeout + 10 if grace is None else grace
        deadline = time.monotonic() + grace
        try:
            while not dataset.unused() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        finally:
            await dataset.pool.close()
            self.retiring.discard(dataset)

    async def start(self) -> None:
        """Start the workers (idempotent; also called by the first query if the app had no lifespan)."""
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        async with self._start_lock(loop):
            if self._loop is loop:
                return
            if self._loop is not None:  # a new event loop (test clients without lifespan): new workers
                old = self.pool
                old.closed = True
                for w in list(old.workers):
                    w.proc.kill()
                self.current.pool = WorkerPool(old.build_dir, self.settings, old.base)
            await self.pool.start()
            self._loop = loop

    def _start_lock(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        if self._lock_loop is not loop:
            self._lock = asyncio.Lock()
            self._lock_loop = loop
        return self._lock

    async def close(self) -> None:
        for ds in list(self.retiring):
            await ds.pool.close()
        self.retiring.clear()
        await self.pool.close()
        self._loop = None

    def timeout_message(self) -> str:
        return (f"the query did not finish within the time limit of {self.settings.timeout:g} s and was "
                "stopped; narrow it down (LIMIT, more specific patterns) or run it on a local copy "
                "(edzkg query)")

    async def execute(self, job: dict, dataset: Dataset | None = None) -> Complete | Streaming:
        """Run one job on ``dataset`` (default: the current one). Raises QueryError (with its HTTP
        status) when it fails before any output."""
        if self._loop is not asyncio.get_running_loop():
            await self.start()
        settings = self.settings
        w = await (dataset or self.dataset()).pool.acquire(settings.timeout)
        deadline = time.monotonic() + settings.timeout  # the limit counts from when a worker takes the job
        try:
            w.send(job)
        except (ConnectionError, RuntimeError):
            w.pool.discard(w)
            raise QueryError(503, "a query worker was lost; retry") from None
        try:
            return await self._receive(w, deadline)
        except asyncio.CancelledError:  # the client left (or shutdown): stop the work now
            w.pool.discard(w)
            raise

    async def _receive(self, w: Worker, deadline: float) -> Complete | Streaming:
        loop_deadline = asyncio.get_running_loop().time() + max(0.0, deadline - time.monotonic())
        try:
            async with asyncio.timeout_at(loop_deadline):
                return await self._frames(w, deadline)
        except TimeoutError:
            w.pool.discard(w)
            raise QueryError(503, self.timeout_message()) from None
        except (asyncio.IncompleteReadError, ConnectionError):
            w.pool.discard(w)
            raise QueryError(503, self._died_message(w)) from None

    async def _frames(self, w: Worker, deadline: float) -> Complete | Streaming:
        settings = self.settings
        head: Head | None = None
        parts: list[bytes] = []
        size = 0
        while True:
            kind, payload = await w.frame()
            if kind == b"D":
                parts.append(payload)
                size += len(payload)
                if size >= settings.commit_bytes and head is not None:
                    return Streaming(head, b"".join(parts), WorkerStream(w, self._rest(w, deadline)))
            elif kind == b"H":
                h = marshal.loads(payload)
                head = Head(h["kind"], h["format"], h["gzip"])
            elif kind == b"E":
                w.pool.release(w)
                end = marshal.loads(payload)
                assert head is not None
                return Complete(head, b"".join(parts), end["rows"], end["truncated"])
            elif kind == b"X":
                w.pool.release(w)
                err = marshal.loads(payload)
                raise QueryError(err["status"], err["message"])
            else:
                w.pool.discard(w)
                raise QueryError(500, f"unexpected frame {kind!r} from a query worker")

    def _died_message(self, w: Worker) -> str:
        code = w.proc.poll()
        limit = self.settings.heap_limit()
        how = f" (exit code {code})" if code is not None else ""
        return (f"the query worker stopped{how} while running this query, most likely because "
                f"the query needed more than the {limit >> 20} MiB memory limit per query worker; "
                "narrow the query down")

    async def _rest(self, w: Worker, deadline: float) -> AsyncIterator[bytes]:
        done = False
        loop_deadline = asyncio.get_running_loop().time() + max(0.0, deadline - time.monotonic())
        try:
            while True:
                try:
                    async with asyncio.timeout_at(loop_deadline):
                        kind, payload = await w.frame()
                except TimeoutError:
                    raise StreamAborted(self.timeout_message()) from None
                except (asyncio.IncompleteReadError, ConnectionError):
                    raise StreamAborted(self._died_message(w)) from None
                if kind == b"D":
                    yield payload
                elif kind == b"E":
                    done = True
                    w.pool.release(w)
                    return
                elif kind == b"X":
                    raise StreamAborted(marshal.loads(payload)["message"])
        finally:
            if not done:  # time limit, error, or the client went away: stop the work now
                w.pool.discard(w)

    async def collect(self, job: dict, dataset: Dataset | None = None) -> Complete:
        """Run a job and return the whole body, however large (for internal callers)."""
        return await gather(await self.execute(job, dataset))

    # ------------------------------------------------------------ API for the linked-data pages

    def query_job(self, query: str, results: str | None, rdf: str | None, *, default: list[str] | None = None,
                  named: list[str] | None = None, union: bool = True, graph: str | None = None,
                  gzip: bool = False) -> dict:
        return {"op": "query", "query": query, "results": results, "rdf": rdf, "default": default,
                "named": named, "union": union, "graph": graph, "gzip": gzip, "base": self.endpoint_base,
                "max_rows": self.settings.max_rows}

    async def update(self, job: dict) -> Complete:
        """Run an update (or Graph Store write) on the read-write worker; readers see it next."""
        result = await self.collect(job)  # one read-write worker: writes are serialized there
        self.generation += 1
        self.modified = time.time()
        self.cache.clear()
        return result
