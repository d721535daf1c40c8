"""Fuzzing the server over real HTTP with hypothesis: malformed queries, parameters, headers,
bodies, methods, paths and raw bytes. A client's mistake must give a 4xx with a message, never a
500, and the server must stay up (checked after every test, and its log must hold no traceback).

The target is a server of its own over the small handwritten graph tests/data/linkeddata/mini.trig
(so an accidentally valid heavy query stays cheap) with a short time limit: a deliberate timeout
(503 naming the time limit) is the one 5xx allowed.

No schemathesis: the server's ``/openapi.json`` documents no paths (the SPARQL routes are raw ASGI
routes and the pages are excluded from the schema), so there is nothing for it to generate from.
"""

from __future__ import annotations

import http.client as httplib
import re
import socket
import string
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import LINKEDDATA, RunningServer, build_trig_store, free_port

EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
MAX_BYTES = 64 * 1024
FORM = "application/x-www-form-urlencoded"

SEED_QUERIES = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = 'zh') }",
    "ASK { ?s a ?c }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
    "DESCRIBE ?s WHERE { ?s ?p \"青禾街道\"@zh }",
    "SELECT (COUNT(*) AS ?n) FROM <http://example.org/g> FROM NAMED <http://example.org/h> WHERE { ?s ?p ?o }",
    'SELECT ?x WHERE { VALUES ?x { 1 2.5 "a\\"b" <http://x/y> } } ORDER BY DESC(?x)',
    "SELECT ?s WHERE { ?s (<http://x/p>|^<http://x/q>)+ ?o . BIND(STRLEN(STR(?o)) AS ?n) FILTER(?n > 2) }",
]
TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FROM", "NAMED", "GRAPH", "SERVICE", "OPTIONAL",
          "UNION", "MINUS", "FILTER", "BIND", "AS", "VALUES", "LIMIT", "OFFSET", "ORDER", "BY", "GROUP", "HAVING",
          "COUNT", "DISTINCT", "PREFIX", "BASE", "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "WITH", "USING",
          "{", "}", "(", ")", ".", ";", ",", "*", "|", "/", "^", "^^", "+", "?", "!", "=", "<", ">", "&&",
          "?s", "?p", "?o", "$x", "_:b", "[]", "a", "<http://example.org/a>", "<>", "<#x>", "ex:a", "ex:", ":",
          '"lit"', "'x'", '"""multi\nline"""', '"\\u0000"', "@zh", "@en-GB", "1", "-2.5e10", "true",
          "# comment\n", "\u9752\u79be", "\x00", "\ufeff", "\\", '"', "<http://x/\u00e9>"]
PARAM_NAMES = ["query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri",
               "format", "output", "graph", "default", "callback", "timeout", ""]
CONTENT_TYPES = ["application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
                 "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
                 "multipart/form-data; boundary=x", "application/json", "text/plain", "", "*/*",
                 "application/sparql-query; charset=latin-1", "application/x-www-form-urlencoded; charset=utf-16",
                 "application/sparql-query;;;charset", "text/turtle; charset=\"utf-8\""]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "FOO",
           "get", "CONNECT"]
PATHS = ["/sparql", "/update", "/rdf-graphs", "/", "/page/id/zone/qing-he-jing-ji-kai-fa-qu",
         "/data/id/zone/qing-he-jing-ji-kai-fa-qu", "/id/zone/qing-he-jing-ji-kai-fa-qu", "/doc/t001", "/ontology",
         "/void", "/dumps", "/dumps/edzkg.nq.gz", "/static/edzkg.css", "/assets/yasgui.min.js", "/openapi.json",
         "/nothing-here"]

# Leading/trailing blanks are stripped: HTTP (and httpx) cannot send them in a field value at all.
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
                      max_size=200).map(lambda s: s.strip(" \t"))
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    port = free_port()
    root = tmp_path_factory.mktemp("fuzz")
    store = build_trig_store(LINKEDDATA / "mini.trig", root / "store", f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, root / "server.log", "--timeout", "3", "--processes", "1", "--workers", "2",
                           "--max-request-bytes", str(MAX_BYTES))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def http(target):
    with httpx.Client(base_url=target.url, timeout=60) as client:
        yield client


@pytest.fixture(autouse=True)
def still_alive(target):
    """After each test (a batch of examples): the process runs and answers a query."""
    yield
    assert target.proc.poll() is None, "the server died: " + target.log.read_text(errors="replace")[-3000:]
    r = httpx.get(target.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert r.status_code == 200 and r.json()["boolean"] is True


def check(r: httpx.Response | httplib.HTTPResponse, what: object = "", body: bytes | None = None) -> None:
    """A client mistake: 4xx with a message; a valid request: anything below 500; time limit: 503."""
    status = r.status_code if isinstance(r, httpx.Response) else r.status
    text = (r.content if isinstance(r, httpx.Response) else (body or b"")).decode("utf-8", "replace")
    if status >= 500:
        assert status == 503 and "time limit" in text, f"{status} for {what!r}: {text[:500]}"
    method = r.request.method if isinstance(r, httpx.Response) else ""
    if 400 <= status < 500 and method != "HEAD":
        assert text.strip(), f"{status} without a message for {what!r}"


# ---------------------------------------------------------------- queries


@EXAMPLES
@given(query=any_text)
def test_random_text_as_a_query(http, query):
    check(http.post("/sparql", data={"query": query}), query)
    check(http.post("/sparql", content=query.encode("utf-8"), headers={"content-type": "application/sparql-query"}),
          query)


@EXAMPLES
@given(tokens=st.lists(st.sampled_from(TOKENS), max_size=30))
def test_token_soup(http, tokens):
    query = " ".join(tokens)
    check(http.get("/sparql", params={"query": query}), query)
    check(http.post("/update", content=query.encode("utf-8"), headers={"content-type": "application/sparql-update"}),
          query)


@st.composite
def mutated_queries(draw):
    q = draw(st.sampled_from(SEED_QUERIES))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(q)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.sampled_from(TOKENS + list("{}()<>\"'?.;,\\#@^") + ["\n", "\t", "\u3000"]))
        if op == "insert":
            q = q[:i] + piece + q[i:]
        elif op == "delete":
            q = q[:i] + q[i + draw(st.integers(1, 8)):]
        elif op == "replace":
            q = q[:i] + piece + q[i + 1:]
        else:
            q = q[:i] + q[i:i + 20] * 3 + q[i:]
    return q


@EXAMPLES
@given(query=mutated_queries(), accept=st.sampled_from([
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
    "text/turtle", "application/ld+json", "application/rdf+xml", "application/n-quads", "*/*", "text/html",
    "image/png", ""]))
def test_mutated_valid_queries(http, query, accept):
    check(http.get("/sparql", params={"query": query}, headers={"accept": accept}), (query, accept))


# ---------------------------------------------------------------- parameters


params = st.lists(st.tuples(st.one_of(st.sampled_from(PARAM_NAMES), any_text),
                            st.one_of(st.sampled_from(SEED_QUERIES), any_text, st.just(""))), max_size=6)


@EXAMPLES
@given(pairs=params, path=st.sampled_from(["/sparql", "/update", "/rdf-graphs"]))
def test_random_and_repeated_parameters(http, pairs, path):
    check(http.get(path, params=pairs), pairs)
    check(http.post(path, content=urlencode(pairs), headers={"content-type": FORM}), pairs)


def test_long_get_query_under_the_cap_is_answered(target):
    """A 30 kB query (a long VALUES list, say) is under the 64 kB cap: GET works like POST."""
    query = "ASK { ?s ?p ?o } #" + "x" * 30_000
    status, body = raw_request(target, "GET", "/sparql?" + urlencode({"query": query}),
                               {"accept": "application/sparql-results+json"})
    assert status == 200, body[:300]


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 1_000_000])
@pytest.mark.parametrize("name", ["query", "format", "default-graph-uri", "graph", "x"])
def test_huge_parameter_values(http, target, name, size):
    value = "x" * size
    r = http.post("/sparql", content=urlencode({name: value}), headers={"content-type": FORM})
    assert r.status_code == 413 and r.text.strip()
    try:
        status, body = raw_request(target, "GET", "/sparql?" + urlencode({name: value}))
    except ConnectionError:  # a request line far beyond the HTTP parser's limit: the connection is dropped
        assert size > 256 * 1024
        return
    assert status in (400, 413, 414, 431) and body.strip(), (status, body[:300])


@EXAMPLES
@given(raw=st.binary(max_size=300))
def test_bad_percent_encoding_and_utf8_in_query_strings(target, raw):
    """Raw query strings: %-escapes of invalid UTF-8, stray '%', '&' and '=' runs, NULs."""
    qs = "".join(f"%{b:02X}" if b > 0x7E or b < 0x21 or chr(b) in "#%" else chr(b) for b in raw)
    for q in (qs, "query=" + qs, "query=ASK%20%7B%7D&" + qs, "query=%ff%fe" + qs):
        status, body = raw_request(target, "GET", "/sparql?" + q)
        assert status < 500, (q, status, body[:300])
        if status >= 400:
            assert body.strip(), q


# ---------------------------------------------------------------- headers, bodies, methods


@EXAMPLES
@given(accept=header_text, ctype=st.one_of(st.sampled_from(CONTENT_TYPES), header_text),
       encoding=header_text, inm=header_text, auth=header_text, origin=header_text, host=header_text)
def test_random_headers(http, accept, ctype, encoding, inm, auth, origin, host):
    headers = {k: v.encode("latin-1") for k, v in {"accept": accept, "accept-encoding": encoding,
                                                    "if-none-match": inm, "authorization": auth,
                                                    "origin": origin}.items()}
    check(http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}, headers=headers), headers)
    host_header = (host or "x").encode("latin-1")  # the service description names the endpoint by its Host
    check(http.get("/sparql", headers={**headers, "host": host_header}), host)
    check(http.post("/sparql", content=b"ASK {}", headers={**headers, "content-type": ctype.encode("latin-1")}),
          (ctype, headers))
    check(http.get("/id/zone/qing-he-jing-ji-kai-fa-qu", headers=headers), headers)
    check(http.get("/data/id/zone/qing-he-jing-ji-kai-fa-qu", headers=headers), headers)


@EXAMPLES
@given(body=st.one_of(st.binary(max_size=2000), st.sampled_from([b"\xff\xfe\x00A", b"query=%ff", b"\xc3\x28",
                                                                    b"update=CLEAR+ALL", "查询".encode("gb18030")])),
       ctype=st.sampled_from(CONTENT_TYPES),
       where=st.sampled_from([("POST", "/sparql"), ("POST", "/update"), ("POST", "/rdf-graphs?default"),
                              ("PUT", "/rdf-graphs?graph=http://example.org/g"), ("POST", "/sparql?graph=x"),
                              ("DELETE", "/rdf-graphs?default")]))
def test_random_bodies(http, body, ctype, where):
    method, path = where
    r = http.request(method, path, content=body, headers={"content-type": ctype} if ctype else {})
    check(r, (method, path, ctype, body[:50]))
    if method != "GET" and path != "/sparql":  # a read-only server refuses every write
        assert r.status_code != 200 and r.status_code < 500


@EXAMPLES
@given(method=st.sampled_from(METHODS), path=st.sampled_from(PATHS),
       body=st.one_of(st.just(b""), st.binary(max_size=100)))
def test_odd_methods(http, method, path, body):
    if method == "CONNECT":  # not expressible as a normal request line from httpx
        status, text = raw_request_target(http, f"CONNECT {path} HTTP/1.1")
        assert status < 500, text
        return
    check(http.request(method, path, content=body or None), (method, path))


def raw_request_target(http: httpx.Client, request_line: str) -> tuple[int, bytes]:
    host, port = str(http.base_url.host), http.base_url.port
    return raw_bytes((host, port), f"{request_line}\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode())


# ---------------------------------------------------------------- paths


path_piece = st.one_of(
    st.sampled_from(["..", ".", "%2e%2e", "%2E%2e%2F", "%2f", "%5c", "%00", "%ff", "%c0%ae", "..%2f", "%252e%252e",
                     "~", "id", "page", "data", "static", "assets", "dumps", "zone", "ontology", "graph", "doc",
                     "span", "0-1", "%3E%20%7D", "%22", "'", "<", "%3C", "%0d%0aX-Injected:%201", "?format=x",
                     "#frag", "edzkg.css", "yasgui.min.js", "edzkg.nq.gz", "%E9%9D%92", ";", "=", "&", "+"]),
    st.text(alphabet=string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@%", max_size=20),
)


@EXAMPLES
@given(pieces=st.lists(path_piece, min_size=1, max_size=6),
       prefix=st.sampled_from(["", "id/", "page/", "data/", "static/", "assets/", "dumps/", "page/doc/", "doc/",
                               "graph/", "data/graph/", "page/id/zone/", "rdf-graphs/"]))
def test_random_paths(target, pieces, prefix):
    path = "/" + prefix + "/".join(pieces)
    status, body = raw_request(target, "GET", path)
    assert status < 500, (path, status, body[:300])
    assert b"root:x:0:0" not in body and b"[build-system]" not in body, path


def raw_request(target: RunningServer, method: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A request with the path exactly as written (no client-side normalisation)."""
    port = int(target.url.rsplit(":", 1)[1])
    conn = httplib.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- raw bytes on the socket


def raw_bytes(addr: tuple[str, int], data: bytes) -> tuple[int, bytes]:
    """Send bytes, read the answer; (0, b'') when the server just closes the connection."""
    with socket.create_connection(addr, timeout=30) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    m = re.match(rb"HTTP/1\.[01] (\d{3})", out)
    return (int(m.group(1)) if m else 0), out


MALFORMED = [
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: \xff\xfe\x80\r\n\r\n",  # non-ASCII header bytes
    b"GET /sparql HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 300_000 + b"\r\n\r\n",  # a huge header
    b"GET /sparql HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(5000)) + b"\r\n",  # many headers
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nquery",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nASK {}\r\n0\r\n\r\n",  # bad chunk size
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    b"GET /sparql HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
    b"GET /\x00/sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql HTTP/9.9\r\nHost: x\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100,  # a TLS ClientHello
    b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n" * 3,
    b"\r\n\r\n\r\n",
]


@pytest.mark.parametrize("data", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_http(target, data):
    port = int(target.url.rsplit(":", 1)[1])
    status, out = raw_bytes(("127.0.0.1", port), data)
    assert status < 500 or status == 0 and not out, out[:300]


@EXAMPLES
@given(data=st.binary(min_size=1, max_size=500))
def test_random_bytes_on_the_socket(target, data):
    port = int(target.url.rsplit(":", 1)[1])
    status, out = raw_bytes(("127.0.0.1", port), data)
    assert status < 500, out[:300]


def test_no_traceback_in_the_server_log(target):
    """Runs last in this file: nothing above made the server log an unhandled exception."""
    log = target.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-5000:]
