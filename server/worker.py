"""A query worker: a process that opens the store once and answers jobs sent over a socket.

Run by ``server.engine.WorkerPool`` as ``python -m server.worker --fd N --store DIR``. Each job
is evaluated *and* serialized here, on this process's main thread (pyoxigraph result objects
must not cross threads), and the bytes go back to the server in frames as they are produced:

    server → worker   u32 length + marshal(dict)                 one job
    worker → server   1 byte kind + u32 length + payload         frames
        R  ready (the store is open)              H  head: marshal({kind, format, gzip})
        D  a piece of the body                    E  end: marshal({rows, truncated})
        X  error: marshal({status, message})

The server kills a worker that overruns the time limit (pyoxigraph cannot cancel a query), so
nothing here needs to watch the clock.
"""

from __future__ import annotations

import argparse
import marshal
import os
import resource
import socket
import struct
import sys
import zlib
from typing import Any

import pyoxigraph as ox

from .results import BOOLEAN_FORMATS, RDF_FORMATS, WRITERS, RowCounter

FLUSH_BYTES = 128 * 1024
GZIP_MIN_BYTES = 1024
GZIP_LEVEL = 4
_LEN = struct.Struct("!I")
_FRAME = struct.Struct("!cI")
PREFIXED_FORMATS = {"ttl", "trig", "rdfxml"}


class JobError(Exception):
    """A problem with the job the client sent: becomes an HTTP error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def send_frame(sock: socket.socket, kind: bytes, payload: bytes = b"") -> None:
    if len(payload) < 65536:  # one system call for small frames
        sock.sendall(_FRAME.pack(kind, len(payload)) + payload)
    else:
        sock.sendall(_FRAME.pack(kind, len(payload)))
        sock.sendall(payload)


def recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


class Output:
    """A binary file-like for serializers: batches bytes into frames, gzips when worth it.

    Small results leave in one system call (head, body and end frames together).
    """

    def __init__(self, sock: socket.socket, kind: str, fmt: str, gzip_ok: bool) -> None:
        self.sock = sock
        self.kind = kind
        self.fmt = fmt
        self.gzip_ok = gzip_ok
        self.buf = bytearray()
        self.z: Any = None
        self.started = False

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= FLUSH_BYTES:
            self.sock.sendall(self._frames(final=False))
        return len(data)

    def flush(self) -> None:  # serializers call it; batching is ours
        pass

    def _frames(self, final: bool) -> bytes:
        out = bytearray()
        if not self.started:
            gzip = self.gzip_ok and (not final or len(self.buf) >= GZIP_MIN_BYTES)
            self.z = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31) if gzip else None
            head = marshal.dumps({"kind": self.kind, "format": self.fmt, "gzip": gzip})
            out += _FRAME.pack(b"H", len(head)) + head
            self.started = True
        data = bytes(self.buf)
        self.buf.clear()
        if self.z is not None:
            data = self.z.compress(data) + (self.z.flush() if final else b"")
        if data:
            out += _FRAME.pack(b"D", len(data))
            out += data
        return bytes(out)

    def finish(self, rows: int = 0, truncated: bool = False) -> None:
        end = marshal.dumps({"rows": rows, "truncated": truncated})
        self.sock.sendall(self._frames(final=True) + _FRAME.pack(b"E", len(end)) + end)


def note_truncation(out: Output, fmt: str, rows: RowCounter) -> None:
    """End a cut result with a comment saying so, in the formats that have comments."""
    if not rows.truncated:
        return
    text = f"truncated: the result has more than {rows.cap} rows; page with ORDER BY + LIMIT/OFFSET"
    if fmt in ("xml", "rdfxml"):
        out.write(f"\n<!-- {text} -->\n".encode())
    elif fmt in ("ttl", "nt", "nq", "trig"):
        out.write(f"# {text}\n".encode())


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    if iris is None:
        return None
    try:
        return [ox.NamedNode(g) for g in iris]
    except ValueError as e:
        raise JobError(400, f"invalid graph IRI in the dataset parameters: {e}") from e


class Worker:
    def __init__(self, sock: socket.socket, db: ox.Store, prefixes: dict[str, str]) -> None:
        self.sock = sock
        self.db = db
        self.prefixes = prefixes

    def run_query(self, job: dict) -> None:
        kwargs: dict[str, Any] = {"base_iri": job.get("base") or None}
        default, named = _graphs(job.get("default")), _graphs(job.get("named"))
        if default is not None or named is not None:
            kwargs["default_graph"] = default if default is not None else []
            kwargs["named_graphs"] = named if named is not None else []
        elif job.get("union"):
            kwargs["use_default_graph_as_union"] = True
        check = job.get("graph")
        if check and not self.db.contains_named_graph(ox.NamedNode(check)):
            raise JobError(404, f"no graph <{check}> in this dataset")
        try:
            res = self.db.query(job["query"], **kwargs)
        except SyntaxError as e:
            raise JobError(400, f"malformed query: {e}") from e
        except ValueError as e:
            raise JobError(400, str(e)) from e
        cap = job.get("max_rows") or sys.maxsize
        gzip_ok = bool(job.get("gzip"))
        if isinstance(res, ox.QuerySolutions):
            fmt = job.get("results")
            if not fmt:
                raise JobError(406, "the query is a SELECT: ask for a results format (JSON, XML, CSV or TSV)")
            out = Output(self.sock, "results", fmt, gzip_ok)
            if job.get("native"):  # the query's own LIMIT is within the cap
                res.serialize(out, BOOLEAN_FORMATS[fmt])
                out.finish(-1, False)
                return
            rows = RowCounter(res, cap)
            WRITERS[fmt]([v.value for v in res.variables], rows, out)
            note_truncation(out, fmt, rows)
            out.finish(rows.count, rows.truncated)
        elif isinstance(res, ox.QueryBoolean):
            fmt = job.get("results")
            if not fmt:
                raise JobError(406, "the query is an ASK: ask for a results format (JSON or XML)")
            out = Output(self.sock, "boolean", fmt, gzip_ok)
            res.serialize(out, BOOLEAN_FORMATS[fmt])
            out.finish(1, False)
        else:
            fmt = job.get("rdf")
            if not fmt:
                raise JobError(406, "the query returns RDF (CONSTRUCT/DESCRIBE): ask for an RDF format")
            out = Output(self.sock, "rdf", fmt, gzip_ok)
            triples = RowCounter(res, cap)
            prefixes = self.prefixes if fmt in PREFIXED_FORMATS else None
            ox.serialize(iter(triples), out, RDF_FORMATS[fmt], prefixes=prefixes)
            note_truncation(out, fmt, triples)
            out.finish(triples.count, triples.truncated)

    def run_update(self, job: dict) -> None:
        try:
            self.db.update(job["update"], base_iri=job.get("base") or None)
        except SyntaxError as e:
            raise JobError(400, f"malformed update: {e}") from e
        except ValueError as e:
            raise JobError(400, str(e)) from e
        Output(self.sock, "update", "", False).finish()

    def run_graph_write(self, job: dict) -> None:
        """Graph Store Protocol PUT (replace), POST (add) and DELETE on one graph."""
        graph = ox.NamedNode(job["graph"]) if job.get("graph") else ox.DefaultGraph()
        exists = isinstance(graph, ox.DefaultGraph) or self.db.contains_named_graph(graph)
        if job["method"] == "DELETE":
            if not exists:
                raise JobError(404, f"no graph <{job['graph']}> in this dataset")
            if isinstance(graph, ox.DefaultGraph):
                self.db.clear_graph(graph)
            else:
                self.db.remove_graph(graph)
        else:
            try:
                quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in
                         ox.parse(job["data"], RDF_FORMATS[job["format"]], base_iri=job.get("base") or None,
                                  rename_blank_nodes=True)]
            except SyntaxError as e:
                raise JobError(400, f"the RDF payload does not parse: {e}") from e
            if job["method"] == "PUT" and exists:
                self.db.clear_graph(graph)
            self.db.extend(quads)
        out = Output(self.sock, "update", "", False)
        out.finish(0, not exists)  # truncated slot reused: True = the graph was created

    def serve(self) -> None:
        send_frame(self.sock, b"R")
        while True:
            head = recv_exact(self.sock, 4)
            if head is None:
                return
            raw = recv_exact(self.sock, _LEN.unpack(head)[0])
            if raw is None:
                return
            job = marshal.loads(raw)
            try:
                op = job["op"]
                if op == "query":
                    self.run_query(job)
                elif op == "update":
                    self.run_update(job)
                elif op == "graph":
                    self.run_graph_write(job)
                else:
                    raise JobError(500, f"unknown job {op!r}")
            except JobError as e:
                send_frame(self.sock, b"X", marshal.dumps({"status": e.status, "message": e.message}))
            except (OSError, RuntimeError, ValueError, TypeError) as e:
                if isinstance(e, (BrokenPipeError, ConnectionResetError)):
                    return
                send_frame(self.sock, b"X", marshal.dumps({"status": 500, "message": f"query failed: {e}"}))


def die_with_parent(sig: int) -> None:
    """Linux: have the kernel send sig to this process when its parent dies (no orphans)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(sig), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def limit_memory(max_bytes: int) -> None:
    """Cap this process's heap: a query that needs more fails instead of starving the machine."""
    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m server.worker")
    p.add_argument("--fd", type=int, required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--read-write", action="store_true")
    p.add_argument("--memory", type=int, default=0, help="heap limit in bytes (0: none)")

    a = p.parse_args(argv)
    die_with_parent(9)  # SIGKILL: a query must not outlive the server that asked for it
    sock = socket.socket(fileno=a.fd)
    sock.setblocking(True)
    try:
        db = ox.Store(a.store) if a.read_write else ox.Store.read_only(a.store)
    except OSError as e:
        send_frame(sock, b"X", marshal.dumps({"status": 500, "message": f"cannot open store {a.store}: {e}"}))
        return 1
    limit_memory(a.memory)
    hexed = os.environ.get("EDZKG_WORKER_PREFIXES", "")  # marshal'ed {prefix: namespace}, hex
    prefixes = marshal.loads(bytes.fromhex(hexed)) if hexed else {}
    Worker(sock, db, prefixes).serve()
    if a.read_write:
        db.flush()
    os._exit(0)  # skip interpreter teardown: nothing to clean up, and it is faster


if __name__ == "__main__":
    sys.exit(main())
