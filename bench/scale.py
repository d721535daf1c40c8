"""Sections 2 and 3 over the generated 1M-triple dataset, edzkg vs oxigraph serve-read-only:
a SELECT of 1 000 000 rows (time to last byte, server peak RSS) and aggregates/joins."""

from __future__ import annotations

import threading
import time
import urllib.parse

import httpx

from bench import datasets, loadgen, servers
from bench.common import Section, Settings, fmt, fmt_ratio, median, met, mib, ratio, table
from bench.profiling import profile_pid
from bench.queries import AGGREGATES, MILLION_ROWS

TARGET_AGGREGATES = 0.9
FLAT_SHARE = 0.25  # "flat": extra RSS for 10× the rows below a quarter of the extra bytes sent
QUERY_TIMEOUT = 600.0


def stream_query(url: str, query: str, pid: int, timeout: float = QUERY_TIMEOUT) -> dict:
    """POST one query, read the response to the end; timings, bytes, rows, server RSS before/peak."""
    headers = {"Accept": servers.ACCEPT, "Content-Type": "application/x-www-form-urlencoded",
               "Accept-Encoding": "identity"}
    body = urllib.parse.urlencode({"query": query}).encode()
    before = servers.tree_rss(pid)
    rows = 0
    nbytes = 0
    tail = b""
    error = ""
    status = 0
    with servers.RssSampler(pid) as rss:
        t0 = time.perf_counter()
        first = None
        try:
            with httpx.Client(timeout=timeout) as client:
                with client.stream("POST", url, content=body, headers=headers) as r:
                    status = r.status_code
                    for chunk in r.iter_raw(1 << 16):
                        if first is None:
                            first = time.perf_counter() - t0
                        nbytes += len(chunk)
                        data = tail + chunk
                        rows += data.count(b'"o":') - tail.count(b'"o":')
                        tail = data[-3:]
        except httpx.HTTPError as e:  # a response cut short is a result too, not a crash
            error = f"{type(e).__name__}: {e}"
        last = time.perf_counter() - t0
    return {"status": status, "ttfb": first or last, "ttlb": last, "bytes": nbytes, "rows": rows,
            "rss_before": before, "rss_peak": rss.peak, "error": error}


def _large(sec: Section, s: Settings, srvs: list[servers.Server], expected: int) -> None:
    small_n = max(1, expected // 10)
    small_q = MILLION_ROWS.replace("LIMIT 1000000", f"LIMIT {small_n}")
    per: dict[str, list[dict]] = {srv.name: [] for srv in srvs}
    small: dict[str, list[dict]] = {srv.name: [] for srv in srvs}
    for rep in range(s.runs):
        for srv in srvs[rep % 2:] + srvs[: rep % 2]:
            small[srv.name].append(stream_query(srv.url, small_q + loadgen.nonce_comment(f"s{rep}"), srv.pid))
            per[srv.name].append(stream_query(srv.url, MILLION_ROWS + loadgen.nonce_comment(f"l{rep}"), srv.pid))
    sec.data["large"] = per
    sec.data["large_tenth"] = small
    rows = []
    cuts: list[str] = []
    med: dict[str, dict] = {}
    for name, rs in per.items():
        ok = [r for r in rs if r["status"] == 200 and not r["error"]]
        m = {k: median([r[k] for r in ok]) for k in ("ttfb", "ttlb", "bytes", "rows")} if ok else {}
        m["peak"] = max((r["rss_peak"] for r in rs), default=0)
        m["growth"] = median([r["rss_peak"] - r["rss_before"] for r in rs]) if rs else 0
        sm = small[name]
        m["growth_small"] = median([r["rss_peak"] - r["rss_before"] for r in sm]) if sm else 0
        m["bytes_small"] = median([r["bytes"] for r in sm]) if sm else 0
        m["marginal"] = m["growth"] - m["growth_small"]
        m["flat"] = bool(ok) and m["marginal"] < FLAT_SHARE * max(1, m.get("bytes", 0) - m["bytes_small"])
        m["statuses"] = sorted({str(r["status"]) + (" cut" if r["error"] else "") for r in rs})
        for r in rs:
            if r["error"]:
                cuts.append(f"{name}: response cut after {r['bytes']:,} bytes ({r['rows']:,} rows) and "
                            f"{r['ttlb']:.1f} s: {r['error']}")
        med[name] = m
        rows.append([name, ",".join(map(str, m["statuses"])), fmt(m.get("rows", float("nan"))),
                     mib(m.get("bytes", 0)), fmt(m.get("ttfb", float("nan")), 2), fmt(m.get("ttlb", float("nan")), 2),
                     mib(m["peak"]), mib(m["growth_small"]), mib(m["growth"]), "yes" if m["flat"] else "**no**"])
    sec.add(f"### 2. Large results: one SELECT of {expected:,} rows", "",
            f"`{MILLION_ROWS}` over the generated dataset, JSON results, `Accept-Encoding: identity`; median of "
            f"{s.runs} runs; RSS = resident memory of the server's whole process tree (psutil, sampled every "
            f"20 ms), peak over the runs; growth = peak − RSS just before the request (median), for the same query "
            f"with LIMIT {small_n:,} and with LIMIT {expected:,}. *Flat* = the extra growth for the extra rows is "
            f"below {FLAT_SHARE:.0%} of the extra bytes sent (a server that builds the response in memory grows "
            "by at least the response; a streaming one by what its caches and buffers take, whatever the size).", "")
    sec.add(*table(["server", "HTTP", "rows", "bytes", "first byte s", "last byte s", "peak RSS",
                    f"growth at {small_n:,} rows", f"growth at {expected:,} rows", "flat?"], rows))
    if cuts:
        sec.add("Incomplete responses (not counted in the medians):", "", *[f"- {c}" for c in cuts], "")
    ours, peer = med["edzkg"], med["oxigraph"]
    r = ratio(peer.get("ttlb", float("nan")), ours.get("ttlb", float("nan")))
    sec.summary.append([f"{expected:,}-row SELECT, time to last byte (s; ratio = oxigraph time / ours)",
                        fmt(ours.get("ttlb", float("nan")), 2), fmt(peer.get("ttlb", float("nan")), 2),
                        fmt_ratio(r), "(none)", ""])
    sec.summary.append([f"{expected:,}-row SELECT, server RSS growth ({small_n:,} → {expected:,} rows)",
                        f"{mib(ours['growth_small'])} → {mib(ours['growth'])}",
                        f"{mib(peer['growth_small'])} → {mib(peer['growth'])}", "", "flat",
                        "yes" if ours["flat"] else "**no**"])
    if ours.get("rows") and ours["rows"] != expected:
        sec.add(f"Note: edzkg returned {ours['rows']:,} rows, not {expected:,}.", "")


def _aggregates(sec: Section, s: Settings, srvs: list[servers.Server], use_wrk: bool) -> None:
    rows = []
    lat: dict[str, dict[str, float]] = {}
    for qname, q in AGGREGATES.items():
        lat[qname] = {}
        for srv in srvs:
            times = []
            answers = set()
            for i in range(s.runs):
                t0 = time.perf_counter()
                try:
                    status, body = servers.post_query(srv.url, q + loadgen.nonce_comment(f"agg-{i}"),
                                                      timeout=QUERY_TIMEOUT)
                except OSError:
                    break
                if status == 200:
                    times.append(time.perf_counter() - t0)
                    answers.add(len(body))
            lat[qname][srv.name] = median(times) if times else float("nan")
        o, p = lat[qname]["edzkg"], lat[qname]["oxigraph"]
        rows.append([qname, fmt(o * 1000), fmt(p * 1000), fmt_ratio(ratio(p, o)), f"≥ {TARGET_AGGREGATES:g}×",
                     met(ratio(p, o), TARGET_AGGREGATES)])
    sec.data["aggregates_latency_s"] = lat
    sec.add("### 3. Aggregates at scale", "",
            f"Each query alone, 1 connection, distinct requests (no cache), median of {s.runs} runs "
            "(ratio = oxigraph latency / ours, so higher is better for edzkg):", "")
    sec.add(*table(["query", "edzkg ms", "oxigraph ms", "ratio", "target", "met?"], rows))
    conns = 16 if 16 in s.connections else max(s.connections)
    dur = 6.0 if s.quick else 20.0
    res: dict[str, list[loadgen.LoadResult]] = {srv.name: [] for srv in srvs}
    for rep in range(s.runs):
        for srv in srvs[rep % 2:] + srvs[: rep % 2]:
            res[srv.name].append(loadgen.run_load(srv.url, list(AGGREGATES.values()), conns, dur, True,
                                                  timeout=120, use_wrk=use_wrk))
    sec.data["aggregates_load"] = {n: [r.as_dict() for r in rs] for n, rs in res.items()}
    med = {n: {k: median([getattr(r, k) for r in rs]) for k in ("rps", "p50_ms", "p99_ms")} for n, rs in res.items()}
    errs = {n: sum(r.errors for r in rs) for n, rs in res.items()}
    r = ratio(med["edzkg"]["rps"], med["oxigraph"]["rps"])
    sec.add(f"The aggregate queries as a mix, {conns} connections, distinct requests, {dur:g} s per run, "
            f"median of {s.runs} runs:", "")
    sec.add(*table(["server", "req/s", "p50 ms", "p99 ms", "errors"],
                   [[n, fmt(m["rps"], 2), fmt(m["p50_ms"]), fmt(m["p99_ms"]), str(errs[n])] for n, m in med.items()]))
    sec.add(f"ours/oxigraph: **{fmt_ratio(r)}** (target ≥ {TARGET_AGGREGATES:g}×: {met(r, TARGET_AGGREGATES)})", "")
    sec.summary.append([f"aggregates mix over 1M triples, {conns} conn (req/s)", fmt(med["edzkg"]["rps"], 2),
                        fmt(med["oxigraph"]["rps"], 2), fmt_ratio(r), f"≥ {TARGET_AGGREGATES:g}×",
                        met(r, TARGET_AGGREGATES)])
    if s.profile and r == r and r < TARGET_AGGREGATES:
        sec.add(f"#### Why: profile of edzkg under the aggregate load ({r / TARGET_AGGREGATES * 100:.0f}% of the "
                "target)", "")
        holder: dict = {}
        def sample() -> None:  # inside the load: not its start, nor the workers replaced at its end
            time.sleep(2)
            holder["p"] = profile_pid(srvs[0].pid, 10, s.work / "profile-aggregates.txt")

        t = threading.Thread(target=sample)
        t.start()
        loadgen.run_load(srvs[0].url, list(AGGREGATES.values()), conns, 16, True, timeout=120, use_wrk=use_wrk)
        t.join()
        sec.add(*holder["p"].markdown())


def run(s: Settings) -> Section:
    sec = Section("scale", f"2–3. Large results and aggregates over a generated {s.big_triples:,}-triple dataset")
    big = datasets.big_store(s)
    use_wrk = loadgen.ensure_wrk()
    sec.add(f"Data: `bench/gen_triples.py --triples {s.big_triples}` (zones in a division tree, companies, "
            "villages, people and posts, projects with investment and area figures, observations, reified "
            "statements; one named graph per generated document), bulk-loaded once into an Oxigraph "
            "directory served by both. edzkg runs with `--timeout 600` so that the 1M-row response is not "
            "cut by the default 30 s limit.", "")
    srvs = [servers.start_edzkg(big.store, s.logs, ["--timeout", str(int(QUERY_TIMEOUT))]),
            servers.start_oxigraph(big.location, s.logs)]
    try:
        for srv in srvs:
            servers.wait_ready(srv, timeout=300)
        _large(sec, s, srvs, min(1_000_000, s.big_triples))
        _aggregates(sec, s, srvs, use_wrk)
    finally:
        for srv in srvs:
            srv.stop()
    return sec
