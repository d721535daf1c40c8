"""Limits a public endpoint needs: time limit that really stops the work, memory cap, row cap,
request size caps, streaming of large results (and stopping the work when the client leaves)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph import store as store_mod

from scripts.procs import query_workers

from .conftest import RunningServer, free_port

# Five-way cross product over the whole dataset: hours of work, almost no memory.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
# Sorting a four-way cross product: gigabytes.
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?f ?l LIMIT 1"


def cpu_seconds(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def limited(built_store, tmp_path_factory):
    root = tmp_path_factory.mktemp("limited")
    server = RunningServer(built_store, free_port(), root / "server.log", "--timeout", "2", "--processes", "1",
                           "--workers", "2", "--max-rows", "5", "--max-request-bytes", "2000")
    yield server
    server.stop()


def test_time_limit_stops_the_query_and_others_keep_being_served(limited: RunningServer) -> None:
    before = query_workers(limited.proc.pid)
    assert len(before) == 2
    slow: dict = {}

    def run_slow() -> None:
        slow["response"] = r = httpx.post(limited.url + "/sparql", data={"query": ENDLESS}, timeout=120)
        slow["text"] = r.text

    fast = httpx.Client(base_url=limited.url, timeout=60)  # one connection: no per-request setup
    fast.get("/sparql", params={"query": "ASK {}"})
    t = threading.Thread(target=run_slow)
    t.start()
    try:
        time.sleep(0.3)
        for i in range(5):  # served by the other worker meanwhile
            r = fast.get("/sparql", params={"query": f"ASK {{ ?s ?p ?o }} # {i}"})
            assert r.status_code == 200 and r.json()["boolean"] is True
        assert t.is_alive(), f"the endless query came back before the fast ones: {slow}"
    finally:
        t.join(120)
        fast.close()
    r = slow["response"]
    assert r.status_code == 503
    assert "time limit of 2 s" in r.text and r.headers.get("retry-after")
    # the worker that ran it is gone (killed), a fresh one took its place
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(query_workers(limited.proc.pid)) < 2:
        time.sleep(0.2)
    after = query_workers(limited.proc.pid)
    assert len(after) == 2 and len(before - after) == 1
    # and nothing keeps burning CPU
    time.sleep(1.0)
    used = cpu_seconds(after)
    time.sleep(1.0)
    assert cpu_seconds(after) - used < 0.5


def test_memory_cap_fails_the_query_not_the_server(built_store, tmp_path) -> None:
    server = RunningServer(built_store, free_port(), tmp_path / "server.log", "--timeout", "60", "--workers", "1",
                           "--worker-memory", str(200 << 20))
    try:
        r = httpx.post(server.url + "/sparql", data={"query": GREEDY}, timeout=120)
        assert r.status_code == 503 and "200 MiB memory limit" in r.text
        r = httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
        assert r.status_code == 200  # a new worker took over
    finally:
        server.stop()


def test_row_cap(limited: RunningServer) -> None:
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    r = httpx.get(limited.url + "/sparql", params={"query": q}, timeout=60)
    assert len(r.json()["results"]["bindings"]) == 5
    assert r.headers["x-sparql-truncated"] == "true" and r.headers["x-sparql-maxrows"] == "5"
    r = httpx.get(limited.url + "/sparql", params={"query": q + " LIMIT 3"}, timeout=60)
    assert len(r.json()["results"]["bindings"]) == 3 and "x-sparql-truncated" not in r.headers
    r = httpx.get(limited.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    lines = r.text.splitlines()
    assert len([x for x in lines if x.endswith(" .")]) == 5
    assert lines[-1].startswith("# truncated")
    r = httpx.get(limited.url + "/sparql", params={"query": q, "format": "xml"})
    assert r.text.count("<result>") == 5 and "truncated" in r.text.rsplit("</sparql>", 1)[1]


def test_request_size_caps(limited: RunningServer) -> None:
    long_query = "ASK {} #" + "x" * 3000
    r = httpx.post(limited.url + "/sparql", content=long_query.encode(),
                   headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    r = httpx.post(limited.url + "/sparql", data={"query": long_query})
    assert r.status_code == 413
    r = httpx.get(limited.url + "/sparql", params={"query": long_query})
    assert r.status_code == 414


# ---------------------------------------------------------------- large results


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """200,000 triples in 100 graphs, served with the default limits."""
    root = tmp_path_factory.mktemp("big")
    lines = "".join(f'<http://example.org/s{i // 10}> <http://example.org/p{i % 10}> "value {i}" '
                    f"<http://example.org/g{i % 100}> .\n" for i in range(200_000))
    store = root / "store"
    store_mod.write_build(store, lines.encode(), build_id="big")
    server = RunningServer(store, free_port(), root / "server.log")
    yield server
    server.stop()


def test_large_results_are_streamed(big: RunningServer) -> None:
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    with httpx.stream("GET", big.url + "/sparql", params={"query": q, "format": "tsv"}, timeout=120) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers and r.headers["transfer-encoding"] == "chunked"
        rows = sum(chunk.count(b"\n") for chunk in r.iter_bytes()) - 1
    assert rows == 200_000


def test_client_leaving_stops_the_work(big: RunningServer) -> None:
    before = query_workers(big.proc.pid)
    q = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r }"  # 4·10^10 rows
    with httpx.stream("GET", big.url + "/sparql", params={"query": q, "format": "tsv"}, timeout=120) as r:
        assert r.status_code == 200
        next(r.iter_bytes())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (before - query_workers(big.proc.pid)):
        time.sleep(0.2)
    assert before - query_workers(big.proc.pid), "the worker streaming to the departed client was not stopped"
    r = httpx.get(big.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert r.status_code == 200


def test_client_leaving_before_the_answer_stops_the_work(big: RunningServer) -> None:
    """A client that gives up on a long query frees its worker at once, not at the 30 s limit."""
    before = query_workers(big.proc.pid)
    started = time.monotonic()
    with pytest.raises(httpx.TimeoutException):
        httpx.post(big.url + "/sparql", data={"query": ENDLESS}, timeout=1.0)
    while time.monotonic() - started < 20 and not (before - query_workers(big.proc.pid)):
        time.sleep(0.2)
    assert before - query_workers(big.proc.pid), "the abandoned query kept its worker"
    r = httpx.get(big.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert r.status_code == 200
