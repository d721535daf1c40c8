"""A rebuild while `edzkg serve` runs is served without a restart: new facts, new version and ETags,
and a response that was streaming when the new build came in still arrives whole."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph import store as store_mod

from scripts.procs import query_workers

from .conftest import ROOT, RunningServer, free_port

# Two short reports in the genre (written for this test). The first is built before the server
# starts, the second is added while it runs.
FIRST = ("盐城经济技术开发区今年以来加快重大项目建设。1月至5月，盐城经济技术开发区新签约项目12个，"
         "总投资86亿元。\n")
SECOND = ("淮安经济技术开发区围绕新能源汽车产业链招商引资。截至5月底，淮安经济技术开发区实现工业总产值"
          "310亿元，同比增长15%。\n")
NEW_ZONE = "淮安经济技术开发区"

PREFIXES = ("PREFIX edz: <http://127.0.0.1:8000/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
DOCUMENTS = PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a edz:Document }"
NEW_FACT = PREFIXES + f'ASK {{ ?z a edz:DevelopmentZone ; rdfs:label "{NEW_ZONE}"@zh }}'
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LONG_ROWS = 200_000
LONG = f"SELECT ?a ?d WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {LONG_ROWS}"  # a few dozen MB of JSON
SWITCH_WITHIN = 90.0  # seconds, on a loaded two-core machine (the check itself runs every 2 s)
OWL_VERSION = "<http://www.w3.org/2002/07/owl#versionInfo>"


def write_doc(corpus: Path, name: str, text: str, published: str) -> None:
    (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    (corpus / f"{name}.yaml").write_text(f"published: {published}\n", encoding="utf-8")


def edzkg_build(corpus: Path, store: Path) -> str:
    """Run `edzkg build` as a user would; the version it reports (12 hex digits)."""
    out = subprocess.run([sys.executable, "-m", "server.cli", "build", "--corpus", str(corpus), "--store", str(store)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, env=os.environ)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("store:"))
    return line.rsplit("(version ", 1)[1].rstrip(")")


def number(url: str, query: str) -> int:
    r = httpx.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                  timeout=60)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def asks(url: str, query: str) -> bool:
    r = httpx.get(url + "/sparql", params={"query": query}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def dump_has(url: str, text: str) -> bool:
    r = httpx.get(url + "/dumps/edzkg.nq.gz", timeout=120)
    assert r.status_code == 200
    data = r.content
    return text.encode() in (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def workers_on(server: RunningServer, build: Path) -> set[int]:
    """Query workers of the server that have ``build`` open."""
    found = set()
    for pid in query_workers(server.proc.pid):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(build).encode() in args:
            found.add(pid)
    return found


def void_version(url: str) -> str:
    r = httpx.get(url + "/void", params={"format": "nt"}, timeout=60)
    assert r.status_code == 200, r.text
    line = next(x for x in r.text.splitlines() if OWL_VERSION in x)
    return line.split(OWL_VERSION, 1)[1].strip().split('"')[1]


@pytest.fixture()
def served(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_doc(corpus, "a_yancheng", FIRST, "2023-06-10")
    store = tmp_path / "store"
    version = edzkg_build(corpus, store)
    # two HTTP processes: each must switch on its own
    server = RunningServer(store, free_port(), tmp_path / "server.log", "--processes", "2", "--workers", "1",
                           "--timeout", "300")
    yield server, corpus, store, version
    server.stop()


def test_a_rebuild_is_served_without_a_restart(served) -> None:
    server, corpus, store, first_version = served
    url = server.url
    assert number(url, DOCUMENTS) == 1
    assert asks(url, NEW_FACT) is False
    triples = number(url, TRIPLES)
    assert triples * triples >= LONG_ROWS  # the long query really has that many rows
    assert void_version(url).startswith(first_version)
    assert not dump_has(url, NEW_ZONE)  # the dump of this version is made (and kept) now
    before = httpx.get(url + "/sparql", params={"query": DOCUMENTS}, timeout=60)
    etag_before = before.headers["etag"]
    first_build = store_mod.resolve(store)

    with httpx.Client(base_url=url, timeout=httpx.Timeout(300)) as streaming:
        with streaming.stream("GET", "/sparql", params={"query": LONG},
                              headers={"Accept": "application/sparql-results+json",
                                       "Accept-Encoding": "identity"}) as long:  # more than socket buffers hold
            assert long.status_code == 200
            chunks = long.iter_bytes()
            body = bytearray(next(chunks))  # the long answer has started…

            write_doc(corpus, "b_huaian", SECOND, "2023-06-12")  # …when the store is rebuilt
            second_version = edzkg_build(corpus, store)
            assert second_version != first_version
            assert store_mod.resolve(store) != first_build

            # every HTTP process answers from the new build within the bound (fresh connections)
            deadline = time.monotonic() + SWITCH_WITHIN
            in_a_row = 0
            while in_a_row < 10:
                assert time.monotonic() < deadline, f"still the old build after {SWITCH_WITHIN} s: " \
                    + server.log.read_text(errors="replace")[-2000:]
                if asks(url, NEW_FACT) and number(url, DOCUMENTS) == 2:
                    in_a_row += 1
                else:
                    in_a_row = 0
                    time.sleep(0.3)

            # the long answer started on the old build is still coming (its worker is alive): it ends whole
            assert workers_on(server, first_build)
            for chunk in chunks:
                body += chunk
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == LONG_ROWS
    # then the old build's workers stop and its pins are dropped (a later build may prune it)
    deadline = time.monotonic() + 30
    while workers_on(server, first_build) or list(first_build.parent.glob(f".pins/{first_build.name}.*")):
        assert time.monotonic() < deadline, "the old build is still held after its last request"
        time.sleep(0.2)

    assert number(url, TRIPLES) > triples
    assert void_version(url).startswith(second_version)
    assert dump_has(url, NEW_ZONE)
    after = httpx.get(url + "/sparql", params={"query": DOCUMENTS}, timeout=60)
    assert after.json()["results"]["bindings"][0]["n"]["value"] == "2"
    assert after.headers["etag"] != etag_before
    # a client revalidating with the old ETag gets the new answer, not 304
    again = httpx.get(url + "/sparql", params={"query": DOCUMENTS}, headers={"If-None-Match": etag_before}, timeout=60)
    assert again.status_code == 200 and again.json()["results"]["bindings"][0]["n"]["value"] == "2"
    assert "serving build" in server.log.read_text(errors="replace")


def test_a_build_that_cannot_be_opened_leaves_the_old_one_serving(served) -> None:
    server, corpus, store, first_version = served
    url = server.url
    assert number(url, DOCUMENTS) == 1
    # a build directory that is no store (a rebuild cannot make one: store.py switches only complete
    # builds, but a disk can fail or an operator point the link by hand)
    broken = store_mod.builds_dir(store) / "broken"
    broken.mkdir()
    (broken / "CURRENT").write_text("garbage\n")
    link = store.parent / ".store.test.link"
    os.symlink(os.path.relpath(broken, store.parent), link)
    os.replace(link, store)
    deadline = time.monotonic() + SWITCH_WITHIN
    while "not served" not in server.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, server.log.read_text(errors="replace")[-2000:]
        time.sleep(0.3)
    for _ in range(5):  # both processes still answer, from the old build
        assert number(url, DOCUMENTS) == 1
    assert void_version(url).startswith(first_version)
    # and the next good build is picked up
    write_doc(corpus, "b_huaian", SECOND, "2023-06-12")
    edzkg_build(corpus, store)
    deadline = time.monotonic() + SWITCH_WITHIN
    while not asks(url, NEW_FACT):
        assert time.monotonic() < deadline, server.log.read_text(errors="replace")[-2000:]
        time.sleep(0.3)
