"""Start, probe and stop the SPARQL servers under test, on free ports of 127.0.0.1 only.

Every process is started in its own session (process group) and registered; ``stop_all`` (run at
exit, on Ctrl-C and on SIGTERM) ends exactly those groups, so nothing is left running.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ACCEPT = "application/sparql-results+json"
PROBE = "ASK { ?s ?p ?o }"

_live: list["Server"] = []


class ServerError(RuntimeError):
    """A server that did not start or answer, with its log tail."""


@dataclass
class Server:
    """One running server process and where its SPARQL query endpoint is."""

    name: str
    proc: subprocess.Popen
    url: str
    log: Path
    started: float = field(default_factory=time.perf_counter)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM the server's process group, SIGKILL after ``grace`` seconds."""
        if self in _live:
            _live.remove(self)
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=grace)
        # workers that outlived the leader but stayed in its group
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def stop_all() -> None:
    for s in list(_live):
        s.stop()


def _on_signal(signum, frame) -> None:  # noqa: ARG001
    stop_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stop every started server at exit, on Ctrl-C and on SIGTERM (call once from the main script)."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _spawn(name: str, cmd: list[str], url: str, logdir: Path) -> Server:
    logdir.mkdir(parents=True, exist_ok=True)
    log = logdir / f"{name}-{int(time.time() * 1000)}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(name=name, proc=proc, url=url, log=log)
    _live.append(server)
    return server


def edzkg_command() -> list[str]:
    exe = Path(sys.executable).with_name("edzkg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "server.cli"]


def oxigraph_command() -> list[str]:
    exe = Path(sys.executable).with_name("oxigraph")
    return [str(exe) if exe.exists() else "oxigraph"]


def rdflib_endpoint_command() -> list[str]:
    exe = Path(sys.executable).with_name("rdflib-endpoint")
    return [str(exe) if exe.exists() else "rdflib-endpoint"]


def start_edzkg(store: Path, logdir: Path, extra: list[str] | None = None) -> Server:
    port = free_port()
    cmd = edzkg_command() + ["serve", "--store", str(store), "--host", HOST, "--port", str(port)] + (extra or [])
    return _spawn("edzkg", cmd, f"http://{HOST}:{port}/sparql", logdir)


def start_oxigraph(location: Path, logdir: Path) -> Server:
    """``oxigraph serve-read-only`` with the union default graph, as edzkg queries it."""
    port = free_port()
    cmd = oxigraph_command() + [
        "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}", "--union-default-graph",
    ]
    return _spawn("oxigraph", cmd, f"http://{HOST}:{port}/query", logdir)


def start_rdflib_endpoint(files: list[Path], logdir: Path) -> Server:
    port = free_port()
    cmd = rdflib_endpoint_command() + ["serve", *map(str, files), "--host", HOST, "--port", str(port)]
    return _spawn("rdflib-endpoint", cmd, f"http://{HOST}:{port}/", logdir)


def post_query(url: str, query: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """One form-encoded POST with the benchmark's Accept header; (status, body)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "identity",
    })
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_ready(server: Server, timeout: float = 120.0, interval: float = 0.02) -> float:
    """Seconds from the server's launch until it first answers the probe query with 200."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if not server.alive():
            raise ServerError(f"{server.name} exited with {server.proc.returncode}:\n{server.log_tail()}")
        try:
            status, _ = post_query(server.url, PROBE, timeout=5)
            if status == 200:
                return time.perf_counter() - server.started
        except OSError:
            pass
        time.sleep(interval)
    raise ServerError(f"{server.name} did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


def tree_pids(pid: int) -> list[int]:
    try:
        p = psutil.Process(pid)
        return [p.pid] + [c.pid for c in p.children(recursive=True)]
    except psutil.Error:
        return []


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its living descendants."""
    total = 0.0
    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0.0
    for q in procs:
        try:
            t = q.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def settle(server: Server, restart, quiet: float = 0.05, window: float = 0.5, limit: float = 20.0) -> Server:
    """Wait until a server is idle (under ``quiet`` cores over ``window`` s), so that work left over
    from abandoned requests (a server that cannot cancel them) does not run during the next
    measurement; a server still busy after ``limit`` s is restarted with ``restart()``."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        before = tree_cpu_seconds(server.pid)
        time.sleep(window)
        if (tree_cpu_seconds(server.pid) - before) / window < quiet:
            return server
    server.stop()
    fresh = restart()
    wait_ready(fresh)
    return fresh


class RssSampler:
    """Samples a process tree's RSS in a thread; ``peak`` is the highest value seen."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))
