"""Bounded HTTP load on a SPARQL endpoint at 127.0.0.1: wrk with a Lua script, or asyncio/httpx.

Both send the same requests: form-encoded POST ``query=…`` with
``Accept: application/sparql-results+json``, cycling through a list of queries. ``distinct=True``
appends a unique SPARQL comment to every request so that no response cache can answer it.
Both stop by themselves after ``duration`` seconds; only loopback URLs are accepted.
"""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.servers import ACCEPT

LOOPBACK = ("127.", "localhost", "[::1]")


@dataclass
class LoadResult:
    """What one load run measured."""

    tool: str
    connections: int
    seconds: float
    requests: int
    errors: int  # non-200 responses + socket errors + timeouts
    rps: float
    p50_ms: float
    p99_ms: float
    bytes: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _check_url(url: str) -> None:
    host = urllib.parse.urlsplit(url).netloc
    if not host.startswith(LOOPBACK):
        raise ValueError(f"load generator only targets loopback addresses, not {url!r}")


def form_body(query: str) -> str:
    return urllib.parse.urlencode({"query": query})


def nonce_comment(tag: str) -> str:
    """The unique suffix of a distinct request (a SPARQL comment on its own line)."""
    return f"\n#bench {tag}"


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def ensure_wrk() -> bool:
    """wrk on PATH, installing Debian's package when running as root; False when unavailable."""
    if have_wrk():
        return True
    import os

    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    for cmd in (["apt-get", "install", "-y", "-qq", "wrk"], ["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
        if have_wrk():
            return True
    return False


_LUA = r"""
local bodies = { %(bodies)s }
local distinct = %(distinct)s
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  errors = 0
  n = 0
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "%(accept)s"
function request()
  n = n + 1
  local b = bodies[(n %% #bodies) + 1]
  if distinct then
    b = b .. "%%0A%%23bench+" .. tid .. "-" .. n
  end
  return wrk.format(nil, nil, nil, b)
end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("errors") end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"non200":%%d,"connect":%%d,"read":%%d,"write":%%d,"timeout":%%d,"p50_us":%%d,"p99_us":%%d}\n',
    summary.requests, summary.duration, summary.bytes, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _lua_string(s: str) -> str:
    level = 1
    while f"]{'=' * level}]" in s:
        level += 1
    eq = "=" * level
    return f"[{eq}[{s}]{eq}]"


def run_wrk(url: str, queries: list[str], connections: int, duration: float, distinct: bool,
            timeout: float = 30.0, threads: int = 1) -> LoadResult:
    """One wrk run; returns medians-ready figures. ``threads`` 1 leaves the cores to the server."""
    _check_url(url)
    duration = max(1, math.ceil(duration))  # wrk takes whole seconds
    script = _LUA % {
        "bodies": ", ".join(_lua_string(form_body(q)) for q in queries),
        "distinct": "true" if distinct else "false",
        "accept": ACCEPT,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        cmd = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{duration:g}s",
               "--timeout", f"{timeout:g}s", "-s", path, url]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + timeout + 30)
    finally:
        Path(path).unlink(missing_ok=True)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result (exit {out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
    d = json.loads(line[len("BENCHJSON "):])
    secs = d["duration_us"] / 1e6
    errors = d["non200"] + d["connect"] + d["read"] + d["write"] + d["timeout"]
    ok = max(d["requests"] - errors, 0)
    return LoadResult(
        tool="wrk", connections=connections, seconds=secs, requests=d["requests"], errors=errors,
        rps=ok / secs if secs else 0.0, p50_ms=d["p50_us"] / 1000, p99_ms=d["p99_us"] / 1000, bytes=d["bytes"],
    )


async def _httpx_load(url: str, queries: list[str], connections: int, duration: float, distinct: bool,
                      timeout: float, max_requests: int) -> LoadResult:
    import httpx

    latencies: list[float] = []
    errors = 0
    nbytes = 0
    counter = 0
    headers = {"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "identity"}
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    t0 = time.perf_counter()
    deadline = t0 + duration

    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        async def worker(wid: int) -> None:
            nonlocal errors, nbytes, counter
            while time.perf_counter() < deadline and counter < max_requests:
                counter += 1
                q = queries[counter % len(queries)]
                if distinct:
                    q += nonce_comment(f"{wid}-{counter}")
                start = time.perf_counter()
                try:
                    r = await client.post(url, content=form_body(q).encode(), headers=headers)
                    nbytes += len(r.content)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker(i) for i in range(connections)))
    secs = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0.0

    ok = len(latencies) - errors
    return LoadResult(tool="httpx", connections=connections, seconds=secs, requests=len(latencies),
                      errors=errors, rps=ok / secs if secs else 0.0, p50_ms=pct(50), p99_ms=pct(99), bytes=nbytes)


def run_httpx(url: str, queries: list[str], connections: int, duration: float, distinct: bool,
              timeout: float = 30.0, max_requests: int = 1_000_000) -> LoadResult:
    """The same load from Python (asyncio + httpx), bounded by time and by request count."""
    _check_url(url)
    return asyncio.run(_httpx_load(url, queries, connections, duration, distinct, timeout, max_requests))


def run_load(url: str, queries: list[str], connections: int, duration: float, distinct: bool,
             timeout: float = 30.0, use_wrk: bool | None = None) -> LoadResult:
    if use_wrk is None:
        use_wrk = have_wrk()
    if use_wrk:
        return run_wrk(url, queries, connections, duration, distinct, timeout)
    return run_httpx(url, queries, connections, duration, distinct, timeout)
