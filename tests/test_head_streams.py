"""HEAD of a large (streamed) answer: the headers come, and the query worker is set free.

A HEAD request for a result too large to buffer gets the GET's status and headers with no body;
the worker that started streaming it must be stopped and replaced, not left waiting to write a
body nobody reads. With one worker (two with surges) and more HEADs than that, a worker left
behind by each HEAD would leave no worker for the next query.
"""

from __future__ import annotations

import httpx
import pytest

from .conftest import RunningServer, free_port

LARGE = "SELECT * WHERE { ?s ?p ?o }"  # the seed's ~7k triples: well over the 256 KiB kept in memory


@pytest.fixture(scope="module")
def one_worker(built_store, tmp_path_factory):
    root = tmp_path_factory.mktemp("head")
    server = RunningServer(built_store, free_port(), root / "server.log", "--processes", "1", "--workers", "1",
                           "--timeout", "20")
    yield server
    server.stop()


def test_head_of_a_streamed_answer_frees_its_worker(one_worker) -> None:
    with httpx.Client(base_url=one_worker.url, timeout=60, headers={"accept-encoding": "identity"}) as c:
        get = c.get("/sparql", params={"query": LARGE}, headers={"accept": "text/csv"})
        assert get.status_code == 200 and "chunked" in get.headers.get("transfer-encoding", "")
        for i in range(5):
            head = c.head("/sparql", params={"query": f"{LARGE} # head {i}"}, headers={"accept": "text/csv"})
            assert head.status_code == 200 and head.content == b""
            assert head.headers["content-type"].startswith("text/csv")
        ask = c.get("/sparql", params={"query": "ASK { ?s ?p ?o } # after the HEADs"},
                    headers={"accept": "application/sparql-results+json"}, timeout=15)
        assert ask.status_code == 200 and ask.json()["boolean"] is True
