"""An extra (surge) query worker, started because every worker was busy, stays while it is used:
a steady trickle of simple queries next to a runaway does not start a new process per query."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from scripts.procs import query_workers

from .conftest import LINKEDDATA, RunningServer, build_trig_store, free_port

# A five-way cross product: runs until the time limit stops it, whatever the store's size.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
TIME_LIMIT = 8


@pytest.fixture()
def one_worker(tmp_path):
    port = free_port()
    store = build_trig_store(LINKEDDATA / "mini.trig", tmp_path / "store", f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, tmp_path / "server.log", "--processes", "1", "--workers", "1",
                           "--timeout", str(TIME_LIMIT))
    yield server
    server.stop()


def test_a_surge_worker_serves_a_steady_trickle_without_restarts(one_worker) -> None:
    url = one_worker.url
    runaway: dict = {}

    def run() -> None:
        runaway["status"] = httpx.post(url + "/sparql", data={"query": RUNAWAY}, timeout=120).status_code

    slow = threading.Thread(target=run)
    slow.start()
    time.sleep(0.5)  # the only worker is busy with the runaway now
    seen: set[int] = set()
    answered = 0
    with httpx.Client(base_url=url, timeout=60) as c:
        end = time.monotonic() + TIME_LIMIT / 2
        while time.monotonic() < end and slow.is_alive():
            r = c.get("/sparql", params={"query": f"ASK {{ ?s ?p ?o }} # {time.time()}"})  # never cached
            assert r.status_code == 200 and r.json()["boolean"] is True, r.text
            answered += 1
            seen |= query_workers(one_worker.proc.pid)
            time.sleep(0.05)
    assert slow.is_alive(), f"the runaway ended early: {runaway}"  # so every query above needed the extra worker
    slow.join(120)
    assert runaway["status"] == 503
    assert answered >= 10
    # the runaway's worker and one extra worker: not one new process per query
    assert len(seen) == 2, f"{len(seen)} worker processes for {answered} queries"
