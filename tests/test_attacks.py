"""Attacks on a running server, over real HTTP: runaway queries, writes without the right token,
markup in the data, path traversal, oversized requests.

- Runaway queries (cartesian products, deep property paths) are stopped at the time limit
  (``--timeout 2``): 503 with a message, or, for a result already streaming, a response cut
  short; simple queries keep answering meanwhile, and the worker that ran it stops using CPU.
- Updates: a read-only server refuses every write (403); with ``--allow-updates`` and a token,
  no token → 401, a wrong one → 403 (and nothing changes), the right one → 2xx.
- HTML pages over tests/data/attacks/hostile.trig (literals and IRIs made to break out of HTML):
  everything is shown as text, no script, event handler or javascript:/data: link gets through.
- No file outside the allowed ones is reachable by static, asset, dump, page or data URLs.
"""

from __future__ import annotations

import html.parser
import http.client as httplib
import os
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from scripts.procs import descendants

from .conftest import LINKEDDATA, ROOT, RunningServer, build_trig_store, free_port

HOSTILE = ROOT / "tests" / "data" / "attacks" / "hostile.trig"
TIME_LIMIT = 2.0
TOKEN = "s3cret-token"
CAP = 4096  # --max-request-bytes of the servers below


# ---------------------------------------------------------------- processes (from /proc)


def cpu_times(pids: set[int]) -> dict[int, float]:
    """CPU seconds used so far by each live pid."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- runaway queries


@pytest.fixture(scope="module")
def limited(built_store, tmp_path_factory):
    """The seed store, one HTTP process with two query workers, a 2 s time limit, no row cap to speak of."""
    root = tmp_path_factory.mktemp("runaway")
    server = RunningServer(built_store, free_port(), root / "server.log", "--timeout", str(TIME_LIMIT),
                           "--processes", "1", "--workers", "2", "--max-rows", "1000000000")
    yield server
    server.stop()


PATH = "(<http://example.org/p>|!<http://example.org/p>)*"
RUNAWAYS = {
    "cartesian-count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cartesian-rows": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cartesian-ask": "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0) }",
    "cartesian-construct": "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "deep-path": f"SELECT * WHERE {{ ?s {PATH} ?o }}",
}


class Runaway(threading.Thread):
    """Sends one query and records how it ended: status, body, whether the body was cut short."""

    def __init__(self, url: str, query: str) -> None:
        super().__init__(daemon=True)
        self.url, self.query = url, query
        self.status: int | None = None
        self.body = b""
        self.cut: str | None = None
        self.started = self.ended = 0.0

    def run(self) -> None:
        self.started = time.monotonic()
        try:
            with httpx.stream("POST", self.url + "/sparql", data={"query": self.query}, timeout=120,
                              headers={"accept": "application/sparql-results+json, application/n-triples"}) as r:
                self.status = r.status_code
                try:
                    for chunk in r.iter_bytes():
                        if len(self.body) < 100_000:
                            self.body += chunk
                except httpx.RemoteProtocolError as e:  # the server closed a streamed response early
                    self.cut = str(e)
        finally:
            self.ended = time.monotonic()


def simple_query_latencies(url: str, while_running: list[threading.Thread]) -> list[float]:
    """Send small queries (each new, so never from the cache) while the runaways run."""
    out = []
    with httpx.Client(base_url=url, timeout=30) as c:
        i = 0
        while any(t.is_alive() for t in while_running):
            i += 1
            t0 = time.monotonic()
            r = c.get("/sparql", params={"query": f"ASK {{ ?s a ?c }} # probe {time.time()} {i}"})
            out.append(time.monotonic() - t0)
            assert r.status_code == 200 and r.json()["boolean"] is True, r.text
            time.sleep(0.05)
    return out


def busiest(before: dict[int, float], after: dict[int, float]) -> int:
    return max(after, key=lambda p: after[p] - before.get(p, 0.0))


@pytest.mark.parametrize("name", list(RUNAWAYS))
def test_runaway_query_is_stopped_and_others_keep_answering(limited, name):
    server_pid = limited.proc.pid
    workers_before = descendants(server_pid)
    cpu_before = cpu_times(workers_before)
    slow = Runaway(limited.url, RUNAWAYS[name])
    slow.start()
    time.sleep(0.6)
    assert slow.is_alive(), f"the runaway ended within 0.6 s: {slow.status} {slow.body[:300]!r}"
    hot = busiest(cpu_before, cpu_times(descendants(server_pid)))  # the worker running it
    latencies = simple_query_latencies(limited.url, [slow])
    slow.join(60)

    # stopped at the time limit, with a message (or, once streaming, cut short so the client knows)
    elapsed = slow.ended - slow.started
    assert elapsed < TIME_LIMIT + 3, f"took {elapsed:.1f} s"
    if slow.status == 503:
        assert b"time limit of 2 s" in slow.body
    else:
        assert slow.status == 200 and slow.cut, f"{slow.status}, not cut: {slow.body[-300:]!r}"
    # simple queries were served all along, promptly (a generous bound, not a benchmark)
    assert len(latencies) >= 3, latencies
    assert max(latencies) < 1.0 and statistics.median(latencies) < 0.5, [round(x, 3) for x in latencies]
    # the worker that ran it is gone within a second, and nothing keeps burning CPU a moment later
    deadline = time.monotonic() + 1.0
    while alive(hot) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(hot), f"worker {hot} still runs after the time limit"
    time.sleep(1.0)
    pids = descendants(server_pid)
    t0, before = time.monotonic(), cpu_times(pids)
    time.sleep(1.0)
    after, window = cpu_times(pids), time.monotonic() - t0
    hot_now = {p: round((after[p] - before[p]) / window, 2) for p in after if p in before}
    assert all(share < 0.8 for share in hot_now.values()), f"CPU share per process 2 s after: {hot_now}"
    assert len(descendants(server_pid)) >= len(workers_before), "the killed worker was not replaced"


@pytest.fixture(scope="module")
def patient(built_store, tmp_path_factory):
    """Like ``limited`` but with a 12 s time limit: long enough that a query queued behind the
    runaways (instead of getting a worker of its own) is told apart from a slow machine."""
    root = tmp_path_factory.mktemp("patient")
    server = RunningServer(built_store, free_port(), root / "server.log", "--timeout", str(PATIENT_LIMIT),
                           "--processes", "1", "--workers", "2", "--max-rows", "1000000000")
    yield server
    server.stop()


PATIENT_LIMIT = 12.0


def test_simple_queries_answer_while_every_worker_runs_a_runaway(patient):
    """Both workers busy with runaways: small queries are still answered, long before the runaways
    are stopped (a queued query would wait for the time limit)."""
    slow = [Runaway(patient.url, RUNAWAYS["cartesian-count"] + f" # {i}") for i in range(2)]
    for t in slow:
        t.start()
    time.sleep(0.6)
    latencies = simple_query_latencies(patient.url, slow)
    for t in slow:
        t.join(60)
    assert all(t.status == 503 for t in slow), [t.status for t in slow]
    assert len(latencies) >= 5, latencies
    assert max(latencies) < PATIENT_LIMIT / 3, [round(x, 3) for x in latencies]


# ---------------------------------------------------------------- updates and their token


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    """tests/data/linkeddata/mini.trig (a copy), updates on, bearer token required, 4 kB request cap."""
    port = free_port()
    root = tmp_path_factory.mktemp("writable")
    store = build_trig_store(LINKEDDATA / "mini.trig", root / "store", f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, root / "server.log", "--allow-updates", "--token", TOKEN,
                           "--max-request-bytes", str(CAP))
    yield server
    server.stop()


EX = "http://example.org/"
TRIPLE = f"<{EX}s> <{EX}p> <{EX}o> ."
WRITES = {  # name → (method, path, params, content type, body)
    "sparql-form-update": ("POST", "/sparql", {}, "application/x-www-form-urlencoded",
                           urlencode({"update": f"INSERT DATA {{ {TRIPLE} }}"})),
    "sparql-direct-update": ("POST", "/sparql", {}, "application/sparql-update", f"INSERT DATA {{ {TRIPLE} }}"),
    "update-endpoint": ("POST", "/update", {}, "application/sparql-update", f"INSERT DATA {{ {TRIPLE} }}"),
    "update-clear-all": ("POST", "/update", {}, "application/sparql-update", "CLEAR ALL"),
    "graph-store-put": ("PUT", "/rdf-graphs", {"graph": EX + "g1"}, "text/turtle", TRIPLE),
    "graph-store-post": ("POST", "/rdf-graphs", {"graph": EX + "g2"}, "application/n-triples", TRIPLE),
    "graph-store-post-default": ("POST", "/rdf-graphs", {"default": ""}, "text/turtle", TRIPLE),
    "graph-store-delete": ("DELETE", "/rdf-graphs", {"graph": "{url}/graph/doc/t001"}, "", ""),
    "graph-store-put-on-sparql": ("PUT", "/sparql", {"graph": EX + "g3"}, "text/turtle", TRIPLE),
}
WRONG_AUTH = ["Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", TOKEN,
              f"Basic {TOKEN}", "Basic czNjcmV0LXRva2VuOg==", f"Token {TOKEN}", f"Bearer {TOKEN} {TOKEN}"]


def send_write(url: str, name: str, auth: str | None) -> httpx.Response:
    method, path, params, ctype, body = WRITES[name]
    params = {k: v.replace("{url}", url) for k, v in params.items()}
    headers = {"content-type": ctype} if ctype else {}
    if auth is not None:
        headers["authorization"] = auth
    return httpx.request(method, url + path, params=params, content=body.encode(), headers=headers, timeout=60)


def fingerprint(url: str) -> tuple[int, int, int]:
    """(triples in the default graph, quads in named graphs, named graphs): what any write changes."""
    q = """SELECT ?n ?quads ?graphs WHERE {
      { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } }
      { SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } } } }"""
    r = httpx.get(url + "/sparql", params={"query": q + f" # {time.time()}"}, timeout=60)
    row = r.json()["results"]["bindings"][0]
    return int(row["n"]["value"]), int(row["quads"]["value"]), int(row["graphs"]["value"])


@pytest.mark.parametrize("name", list(WRITES))
def test_read_only_server_refuses_every_write(served_mini, name):
    before = fingerprint(served_mini.url)
    for auth in (None, f"Bearer {TOKEN}"):
        r = send_write(served_mini.url, name, auth)
        assert r.status_code == 403, (auth, r.status_code, r.text)
        assert "--allow-updates" in r.text
    assert fingerprint(served_mini.url) == before


@pytest.mark.parametrize("name", list(WRITES))
def test_writes_without_the_token_are_401_and_with_a_wrong_one_403(writable, name):
    before = fingerprint(writable.url)
    r = send_write(writable.url, name, None)
    assert r.status_code == 401 and r.text.strip(), r.text
    assert r.headers["www-authenticate"].lower().startswith("bearer")
    for auth in WRONG_AUTH:
        r = send_write(writable.url, name, auth)
        assert r.status_code in (401, 403) and r.text.strip(), (auth, r.status_code, r.text)
        if auth.startswith("Bearer ") and auth.strip() != "Bearer":
            assert r.status_code == 403, auth
    r = httpx.get(writable.url + "/sparql", params={"update": WRITES["update-endpoint"][4]}, timeout=60)
    assert r.status_code in (400, 405)  # never a write by GET
    assert fingerprint(writable.url) == before


def test_writes_with_the_right_token_succeed(writable):
    url, auth = writable.url, f"Bearer {TOKEN}"
    def has(graph: str | None = None) -> bool:
        q = f"ASK {{ GRAPH <{graph}> {{ {TRIPLE} }} }}" if graph else f"ASK {{ {TRIPLE} }}"
        return httpx.get(url + "/sparql", params={"query": q + f" # {time.time()}"}, timeout=60).json()["boolean"]

    assert not has()
    for name in ("sparql-form-update", "sparql-direct-update", "update-endpoint"):
        r = send_write(url, name, auth)
        assert 200 <= r.status_code < 300, (name, r.status_code, r.text)
        assert has(), name
        httpx.post(url + "/update", content=f"DELETE DATA {{ {TRIPLE} }}".encode(), timeout=60,
                   headers={"content-type": "application/sparql-update", "authorization": auth}).raise_for_status()
        assert not has(), name
    for name, graph in (("graph-store-put", EX + "g1"), ("graph-store-post", EX + "g2"),
                        ("graph-store-put-on-sparql", EX + "g3")):
        r = send_write(url, name, auth)
        assert r.status_code in (200, 201, 204), (name, r.status_code, r.text)
        assert has(graph), name
    r = send_write(url, "graph-store-delete", f"bearer {TOKEN}")  # the scheme is case-insensitive
    assert r.status_code in (200, 204), r.text
    assert httpx.get(url + "/rdf-graphs", params={"graph": url + "/graph/doc/t001"}, timeout=60).status_code == 404
    r = send_write(url, "update-clear-all", auth)
    assert r.status_code in (200, 204)
    assert fingerprint(url) == (0, 0, 0)


def test_request_size_caps_on_writes(writable):
    auth = {"authorization": f"Bearer {TOKEN}"}
    big = ("# " + "x" * CAP + "\n" + TRIPLE).encode()
    r = httpx.put(writable.url + "/rdf-graphs", params={"graph": EX + "big"}, content=big,
                  headers={"content-type": "text/turtle", **auth}, timeout=60)
    assert r.status_code == 413 and r.text.strip()

    def chunks():  # no Content-Length: the cap must hold while reading
        for _ in range(10):
            yield b"# " + b"x" * 1000 + b"\n"

    r = httpx.post(writable.url + "/rdf-graphs", params={"graph": EX + "big"}, content=chunks(),
                   headers={"content-type": "text/turtle", **auth}, timeout=60)
    assert r.status_code == 413
    r = httpx.post(writable.url + "/update", content=b"CLEAR SILENT GRAPH <http://example.org/x> #" + b"x" * CAP,
                   headers={"content-type": "application/sparql-update", **auth}, timeout=60)
    assert r.status_code == 413
    assert httpx.get(writable.url + "/rdf-graphs", params={"graph": EX + "big"}, timeout=60).status_code == 404


# ---------------------------------------------------------------- markup in the data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    port = free_port()
    root = tmp_path_factory.mktemp("hostile")
    store = build_trig_store(HOSTILE, root / "store", f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, root / "server.log", "--processes", "1", "--workers", "1",
                           "--max-request-bytes", str(CAP))
    yield server
    server.stop()


class Markup(html.parser.HTMLParser):
    """Elements, attributes and text of a page, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script_text if self._in_script else self.text).append(data)


PAGES = ["/page/id/org/hostile", "/page/id/org/a%27b%26c", "/page/doc/t666", "/page/doc/t666?hl=0-46",
         "/page/doc/t666/span/0-32", "/page/graph/doc/t666", "/page/ontology", "/void", "/dumps", "/",
         "/page/id/org/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/page/id/org/x%22%3E%3Cimg%20src=x%3E",
         "/?query=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E"]
HTML_ACCEPT = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_markup_in_the_data_as_text(hostile, path):
    r = httpx.get(hostile.url + path, headers=HTML_ACCEPT, timeout=60)
    assert r.status_code in (200, 404), r.status_code
    assert r.headers["content-type"].startswith("text/html")
    page = Markup()
    page.feed(r.text)
    for tag, attrs in page.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)  # no event handler
        for a in ("href", "src", "action", "formaction"):
            target = attrs.get(a, "").strip().lower()
            assert not target.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        if tag == "script":  # only the page's own scripts: a file, or JSON data
            assert "src" in attrs or attrs.get("type") == "application/json", attrs
    assert "alert(" not in "".join(page.script_text)


def test_hostile_literals_read_back_exactly(hostile):
    page = Markup()
    page.feed(httpx.get(hostile.url + "/page/id/org/hostile", timeout=60).text)
    text = "".join(page.text)
    assert "<script>alert('label')</script>公司" in text
    assert '"><img src=x onerror=alert(2)>' in text
    assert "</textarea></title><svg onload=alert(3)>{{ 7*7 }}${7*7}<!--" in text
    assert "&lt;b&gt; is not bold" in text  # an escaped entity in the data is shown as written
    doc = Markup()
    doc.feed(httpx.get(hostile.url + "/page/doc/t666", timeout=60).text)
    assert "<script>alert('text')</script>公司与&lt;b&gt;村签约。" in "".join(doc.text)


# ---------------------------------------------------------------- path traversal


TRAVERSALS = [
    "/static/../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/..%5c..%5cpyproject.toml", "/static/%252e%252e%252fpyproject.toml", "/static/.%2e/.%2e/pyproject.toml",
    "/static/%c0%ae%c0%ae%c0%afpyproject.toml", "/static/..", "/static/%00", "/static/edzkg.css%00.txt",
    "/assets/..%2f..%2fpackage.json", "/assets/%2fetc%2fpasswd", "/assets/..%2fpackage-lock.json",
    "/dumps/..%2f..%2f..%2fetc%2fpasswd", "/dumps/%2fetc%2fpasswd", "/dumps/%2e%2e", "/dumps/..%2fstore",
    "/page/..%2f..%2fetc%2fpasswd", "/page/id/..%2f..%2f..%2fpyproject.toml", "/data/%2fetc%2fpasswd",
    "/data/id/..%2f..%2fpyproject.toml", "/id/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2f..%2fetc%2fpasswd.ttl",
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/page//etc/passwd",
]
SECRETS = [b"root:x:0:", b"[build-system]", b'"lockfileVersion"', b"edzkg-ui", b"MANIFEST-"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(hostile, path):
    port = int(hostile.url.rsplit(":", 1)[1])
    conn = httplib.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        status, body = r.status, r.read()
    finally:
        conn.close()
    assert status in (400, 404), (status, body[:200])
    assert not [s for s in SECRETS if s in body], body[:300]


def test_request_size_caps_on_reads(hostile):
    q = ("ASK { ?s ?p ?o } #" + "x" * CAP).encode()
    r = httpx.post(hostile.url + "/sparql", content=q, headers={"content-type": "application/sparql-query"}, timeout=60)
    assert r.status_code == 413 and "limit" in r.text

    def chunks():
        yield b"ASK { ?s ?p ?o } #"
        for _ in range(10):
            yield b"x" * 1000

    r = httpx.post(hostile.url + "/sparql", content=chunks(), headers={"content-type": "application/sparql-query"},
                   timeout=60)
    assert r.status_code == 413
    r = httpx.post(hostile.url + "/sparql", data={"query": q.decode()}, timeout=60)
    assert r.status_code == 413
    r = httpx.get(hostile.url + "/sparql", params={"query": q.decode()}, timeout=60)
    assert r.status_code in (413, 414)
    assert httpx.get(hostile.url + "/sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200
