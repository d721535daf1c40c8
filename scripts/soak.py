"""Soak test: a bounded mixed load on an ``edzkg serve`` at 127.0.0.1, counting every error and
watching the server's memory.

    .venv/bin/python scripts/soak.py                      # corpus/ built afresh, 60 s, 32 connections
    .venv/bin/python scripts/soak.py --seconds 300 --connections 64 --store var/store
    .venv/bin/python scripts/soak.py --url http://127.0.0.1:8000   # a server already running

Without ``--url`` it serves a store itself (``--store``, or corpus/ built into a temporary one)
with ``--timeout`` = ``--time-limit`` (10 s) on a free port and stops it at the end. The load mixes the example queries (queries/*.rq, cached after the first
time), queries that no cache can answer, every result format, CONSTRUCT, resource pages and
their data, and (``--runaway-every``) a deliberate runaway query that must end at the time limit.

It fails (exit 1) on any error: a status other than 200 (or 303/304 where expected), a transport
error, a runaway not stopped by the limit, the server dying, or its memory (RSS of the server
and its query workers) above ``--max-rss-mb``. tests/test_load.py runs the same load for 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.iris import rebase  # noqa: E402
from scripts.procs import process_tree  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
JSON = "application/sparql-results+json"


# ---------------------------------------------------------------- server memory


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Samples the total and the largest per-process RSS of a process tree every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.totals: list[int] = []
        self.largest = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            sizes = [rss_bytes(p) for p in process_tree(self.pid)]
            self.totals.append(sum(sizes))
            self.largest = max([self.largest, *sizes])
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


# ---------------------------------------------------------------- the load


@dataclass
class Request:
    kind: str
    method: str
    path: str
    params: dict | None = None
    data: dict | None = None
    headers: dict = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)


@dataclass
class LoadReport:
    seconds: float
    connections: int
    requests: int = 0
    by_kind: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    runaways: int = 0
    runaways_stopped: int = 0
    latencies: list[float] = field(default_factory=list)
    rss_start: int = 0
    rss_peak: int = 0
    rss_end: int = 0
    largest_process: int = 0

    def lines(self) -> list[str]:
        lat = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

        mb = 1 << 20
        out = [
            f"{self.requests} requests in {self.seconds:.1f} s over {self.connections} connections "
            f"({self.requests / max(self.seconds, 1e-9):.1f}/s)",
            "by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(self.by_kind.items())),
            "statuses: " + ", ".join(f"{k} {n}" for k, n in sorted(self.statuses.items())),
            f"latency ms: p50 {pct(0.5):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, max {lat[-1] * 1000:.0f}",
            f"deliberate runaways: {self.runaways} sent, {self.runaways_stopped} stopped at the time limit",
            f"server RSS MiB: start {self.rss_start / mb:.0f}, peak {self.rss_peak / mb:.0f}, "
            f"end {self.rss_end / mb:.0f}; largest process {self.largest_process / mb:.0f}",
            f"errors: {len(self.errors)}",
        ]
        out += [f"  {e}" for e in self.errors[:20]]
        return out


def discover(url: str) -> dict[str, list[str]]:
    """Resource paths to ask for: a few entities and documents of the served dataset."""
    q = """SELECT DISTINCT ?x WHERE { { ?x a ?c FILTER(CONTAINS(STR(?x), "/id/")) }
           UNION { ?x a ?c FILTER(REGEX(STR(?x), "/doc/[^/]+$")) } } LIMIT 40"""
    r = httpx.post(url + "/sparql", data={"query": q}, headers={"accept": JSON}, timeout=60)
    r.raise_for_status()
    found = (re.search(r"/((?:id|doc)/.+)$", b["x"]["value"]) for b in r.json()["results"]["bindings"])
    return {"resources": [m.group(1) for m in found if m]}  # paths under the dataset's base IRI


def workload(url: str, queries_dir: Path) -> list[Request]:
    """The requests a connection cycles through (random order; some made unique per call)."""
    base = url + "/"
    reqs = []
    for p in sorted(queries_dir.glob("*.rq")):
        text = rebase(p.read_text(encoding="utf-8"), base)
        reqs.append(Request("query-file", "POST", "/sparql", data={"query": text},
                            headers={"accept": f"{JSON}, text/turtle;q=0.9"}))
    for accept in (JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        reqs.append(Request("formats", "GET", "/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"},
                            headers={"accept": accept}))
    reqs.append(Request("construct", "GET", "/sparql", headers={"accept": "text/turtle"},
                        params={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 300"}))
    reqs.append(Request("service-description", "GET", "/sparql", headers={"accept": "text/turtle"}))
    for path in discover(url)["resources"][:20]:
        reqs.append(Request("page", "GET", "/page/" + path))
        reqs.append(Request("data", "GET", "/data/" + path + ".ttl"))
    return reqs


def unique(req: Request, rng: random.Random) -> Request:
    """Half the SPARQL requests are made new (a comment, an offset) so that no cache answers them."""
    if req.path == "/sparql" and rng.random() < 0.5:
        tag = f" # {rng.random()}"
        if req.params and "query" in req.params:
            return Request(req.kind, req.method, req.path, {**req.params, "query": req.params["query"] + tag},
                           req.data, req.headers, req.ok)
        if req.data and "query" in req.data:
            return Request(req.kind, req.method, req.path, req.params, {**req.data, "query": req.data["query"] + tag},
                           req.headers, req.ok)
    return req


async def run_load(url: str, seconds: float, connections: int, server_pid: int | None = None,
                   runaway_every: float = 0.0, time_limit: float = 2.0, queries_dir: Path = ROOT / "queries",
                   seed: int = 1) -> LoadReport:
    """Send the mixed workload for ``seconds`` over ``connections`` connections; count everything."""
    host = urlsplit(url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise ValueError(f"load only on loopback addresses, not {url}")
    reqs = await asyncio.to_thread(workload, url, queries_dir)
    report = LoadReport(seconds=seconds, connections=connections)
    sampler = RssSampler(server_pid) if server_pid else None
    if sampler:
        sampler.start()
    limits = httpx.Limits(max_connections=connections + 1, max_keepalive_connections=connections + 1)
    started = time.monotonic()
    end = started + seconds
    async with httpx.AsyncClient(base_url=url, timeout=max(60.0, time_limit * 5), limits=limits) as client:

        async def one(req: Request) -> None:
            t0 = time.monotonic()
            try:
                r = await client.request(req.method, req.path, params=req.params, data=req.data, headers=req.headers)
            except httpx.HTTPError as e:
                report.errors.append(f"{req.kind} {req.path}: {type(e).__name__}: {e}")
                return
            report.latencies.append(time.monotonic() - t0)
            report.requests += 1
            report.by_kind[req.kind] += 1
            report.statuses[r.status_code] += 1
            if r.status_code not in req.ok:
                report.errors.append(f"{req.kind} {req.method} {req.path} → {r.status_code}: {r.text[:200]}")

        async def connection(i: int) -> None:
            rng = random.Random(seed * 1000 + i)
            while time.monotonic() < end:
                await one(unique(rng.choice(reqs), rng))

        async def runaways() -> None:
            while runaway_every and time.monotonic() + time_limit + 1 < end:
                t0 = time.monotonic()
                report.runaways += 1
                try:
                    r = await client.post("/sparql", data={"query": RUNAWAY + f" # {t0}"}, headers={"accept": JSON})
                    took = time.monotonic() - t0  # includes waiting for a worker when all are busy
                    if r.status_code == 503 and "time limit" in r.text:
                        report.runaways_stopped += 1
                    else:
                        report.errors.append(f"runaway → {r.status_code} after {took:.1f} s: {r.text[:200]}")
                except httpx.HTTPError as e:
                    report.errors.append(f"runaway: {type(e).__name__}: {e}")
                await asyncio.sleep(max(0.0, runaway_every - (time.monotonic() - t0)))

        await asyncio.gather(*(connection(i) for i in range(connections)), runaways())
    report.seconds = time.monotonic() - started
    if sampler:
        sampler.stop()
        if sampler.totals:
            report.rss_start, report.rss_peak, report.rss_end = sampler.totals[0], max(sampler.totals), sampler.totals[-1]
            report.largest_process = sampler.largest
    return report


# ---------------------------------------------------------------- the command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int, time_limit: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--store", str(store), "--port", str(port),
                             "--timeout", str(time_limit)], cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"edzkg serve exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("edzkg serve did not start within 120 s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running server at 127.0.0.1 (its memory is not watched unless --pid)")
    p.add_argument("--pid", type=int, help="pid of that server, to watch its memory")
    p.add_argument("--store", help="store to serve when no --url (default: corpus/ built into a temporary store)")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--runaway-every", type=float, default=15.0, help="seconds between deliberate runaways (0: none)")
    p.add_argument("--time-limit", type=float, default=10.0, help="--timeout of the server started here")
    p.add_argument("--max-rss-mb", type=float, default=2048.0, help="fail above this server RSS (all processes)")
    a = p.parse_args(argv)
    proc = None
    scratch = tempfile.TemporaryDirectory(prefix="edzkg-soak-")
    if a.url:
        url, pid = a.url.rstrip("/"), a.pid
    else:
        store = Path(a.store) if a.store else Path(scratch.name) / "store"
        if not a.store:
            from graph.build import build

            print(f"building corpus/ into {store} …", file=sys.stderr)
            build(ROOT / "corpus", store)
        port = free_port()
        proc = start_server(store, port, a.time_limit)
        url, pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        report = asyncio.run(run_load(url, a.seconds, a.connections, pid, a.runaway_every, a.time_limit))
        if proc is not None and proc.poll() is not None:
            report.errors.append(f"the server died (exit code {proc.returncode})")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        scratch.cleanup()
    print("\n".join(report.lines()))
    too_big = pid is not None and report.rss_peak > a.max_rss_mb * (1 << 20)
    if too_big:
        print(f"server RSS peak over {a.max_rss_mb:.0f} MiB", file=sys.stderr)
    return 1 if report.errors or too_big else 0


if __name__ == "__main__":
    sys.exit(main())
