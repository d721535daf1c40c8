"""Section 1: endpoint throughput and latency, edzkg vs oxigraph serve-read-only vs rdflib-endpoint,
on the queries/ mix and a tiny ASK, repeated (cacheable) and distinct requests, 1/16/64 connections."""

from __future__ import annotations

import json
import time

from bench import datasets, loadgen, servers
from bench.common import Section, Settings, fmt, fmt_ratio, median, met, ratio, table
from bench.profiling import profile_pid
from bench.queries import TINY_ASK, query_mix

TARGET_UNCACHED, TARGET_CACHED, TARGET_RDFLIB = 0.5, 1.0, 1.0
PROFILE_AT = 16
PER_QUERY_TIMEOUT = 30.0


def _rows(body: bytes) -> str:
    try:
        d = json.loads(body)
    except ValueError:
        return "not JSON"
    if "boolean" in d:
        return str(d["boolean"]).lower()
    return str(len(d.get("results", {}).get("bindings", [])))


def _precheck(sec: Section, srvs: list[servers.Server], mix: dict[str, str]) -> None:
    """Every query once on every server: status and row count, so the comparison is like for like."""
    rows = []
    for name, q in list(mix.items()) + [("tiny ASK", TINY_ASK)]:
        cells = [name]
        for s in srvs:
            try:
                status, body = servers.post_query(s.url, q, timeout=PER_QUERY_TIMEOUT)
                cells.append(_rows(body) if status == 200 else f"HTTP {status}")
            except TimeoutError:
                cells.append(f"> {PER_QUERY_TIMEOUT:g} s")
            except OSError as e:
                cells.append(f"error: {type(e).__name__}")
        rows.append(cells)
    sec.add("Same answers? Each query once per server (rows, or the ASK answer):", "")
    sec.add(*table(["query"] + [s.name for s in srvs], rows))


def _per_query(sec: Section, srvs: list[servers.Server], mix: dict[str, str], budget: float) -> None:
    """Median latency of each query alone (1 connection, distinct requests, up to ``budget`` s each)."""
    rows = []
    slower = []
    failures: dict[tuple[str, str], str] = {}
    for name, q in mix.items():
        meds = []
        for s in srvs:
            lat = []
            t_end = time.perf_counter() + budget
            i = 0
            failure = ""
            while time.perf_counter() < t_end and i < 50:
                t0 = time.perf_counter()
                try:
                    status, _ = servers.post_query(s.url, q + loadgen.nonce_comment(f"pq-{i}"), timeout=PER_QUERY_TIMEOUT)
                except OSError as e:  # includes timeouts: one slow server must not stop the section
                    failure = f"> {PER_QUERY_TIMEOUT:g} s" if isinstance(e, TimeoutError) else type(e).__name__
                    break
                if status == 200:
                    lat.append(time.perf_counter() - t0)
                else:
                    failure = f"HTTP {status}"
                i += 1
            meds.append(median(lat) * 1000 if lat else float("nan"))
            if not lat:
                failures[(name, s.name)] = failure or "no answer"
        cells = [failures.get((name, srv.name)) or fmt(m, 1) for srv, m in zip(srvs, meds)]
        rows.append([name] + cells + [fmt_ratio(ratio(meds[1], meds[0])),
                                                           fmt_ratio(ratio(meds[2], meds[0]))])
        if (meds[0] != meds[0] and meds[2] == meds[2]) or (meds[2] == meds[2] and meds[0] > meds[2]):
            slower.append(name)
    sec.add("Per query, alone: median latency in ms (1 connection, distinct requests; speed-up = peer "
            "latency / ours):", "")
    sec.add(*table(["query"] + [f"{s.name} ms" for s in srvs] + ["speed-up vs oxigraph", "speed-up vs rdflib"], rows))
    verdict = "yes" if not slower else f"**no** ({', '.join(slower)})"
    sec.data["ahead_of_rdflib_every_query"] = not slower
    sec.summary.append(["ahead of rdflib-endpoint on every query (latency alone)", "", "", "", "all", verdict])


def run(s: Settings) -> Section:
    sec = Section("endpoint", "1. Endpoint throughput and latency")
    seed = datasets.seed_store(s)
    mix, origin = query_mix()
    use_wrk = loadgen.ensure_wrk()
    tool = "wrk (1 thread)" if use_wrk else "asyncio/httpx (wrk unavailable)"
    sec.add(f"Data: the seed corpus built by the current pipeline ({seed.triples} quads). Query mix: {origin}. "
            f"Load: {tool}, form-encoded POST, `Accept: application/sparql-results+json`, {s.duration:g} s per "
            f"run, median of {s.runs} runs, servers measured in turn (the others idle), order rotated each run. "
            "*Repeated*: the same few query texts again and again (a cache may answer); *distinct*: every "
            "request carries a unique comment, so no response cache can. oxigraph runs with "
            "`--union-default-graph` (edzkg queries the union of the graphs too); rdflib-endpoint serves the "
            "exported N-Quads.", "")
    starters = {
        "edzkg": lambda: servers.start_edzkg(seed.store, s.logs),
        "oxigraph": lambda: servers.start_oxigraph(seed.location, s.logs),
        "rdflib-endpoint": lambda: servers.start_rdflib_endpoint([seed.nquads], s.logs),
    }
    srvs = [start() for start in starters.values()]
    restarts: dict[str, int] = {name: 0 for name in starters}

    def settle(srv: servers.Server) -> None:
        """Let the server finish what the load left behind; restart it if it cannot."""
        fresh = servers.settle(srv, starters[srv.name])
        if fresh is not srv:
            restarts[srv.name] += 1
            srvs[srvs.index(srv)] = fresh
    try:
        for srv in srvs:
            servers.wait_ready(srv)
        _precheck(sec, srvs, mix)
        workloads = [("queries mix", list(mix.values())), ("tiny ASK", [TINY_ASK])]
        results: dict = {}
        worst: tuple[float, str, list[str], bool] | None = None
        for wname, qs in workloads:
            for distinct in (False, True):
                mode = "distinct" if distinct else "repeated"
                for srv in list(srvs):  # warm-up (fills caches for the repeated mode)
                    loadgen.run_load(srv.url, qs, min(16, max(s.connections)), 1.0 if s.quick else 2.0,
                                     distinct, use_wrk=use_wrk)
                    settle(srv)
                rows = []
                for c in s.connections:
                    per: dict[str, list[loadgen.LoadResult]] = {srv.name: [] for srv in srvs}
                    for rep in range(s.runs):
                        order = srvs[rep % len(srvs):] + srvs[: rep % len(srvs)]
                        for srv in order:
                            per[srv.name].append(loadgen.run_load(srv.url, qs, c, s.duration, distinct,
                                                                  timeout=30, use_wrk=use_wrk))
                            settle(srv)
                    med = {n: {k: median([getattr(r, k) for r in rs]) for k in ("rps", "p50_ms", "p99_ms")}
                           for n, rs in per.items()}
                    errs = {n: sum(r.errors for r in rs) for n, rs in per.items()}
                    results[f"{wname}/{mode}/{c}"] = {n: [r.as_dict() for r in rs] for n, rs in per.items()}
                    r_ox = ratio(med["edzkg"]["rps"], med["oxigraph"]["rps"])
                    r_rd = ratio(med["edzkg"]["rps"], med["rdflib-endpoint"]["rps"])
                    if med["rdflib-endpoint"]["rps"] == 0 and med["edzkg"]["rps"] > 0:
                        r_rd = float("inf")  # the peer completed nothing within the run
                    target = TARGET_CACHED if not distinct else TARGET_UNCACHED
                    row = [str(c)]
                    for srv in srvs:
                        m = med[srv.name]
                        row += [fmt(m["rps"]), fmt(m["p50_ms"], 1), fmt(m["p99_ms"], 1), str(errs[srv.name])]
                    row += [fmt_ratio(r_ox), fmt_ratio(r_rd), f"≥ {target:g}×", met(r_ox, target)]
                    rows.append(row)
                    if c == PROFILE_AT or (c == max(s.connections) and PROFILE_AT not in s.connections):
                        sec.summary.append([f"endpoint, {wname}, {mode}, {c} conn (req/s)", fmt(med["edzkg"]["rps"]),
                                            fmt(med["oxigraph"]["rps"]) + " (oxigraph)", fmt_ratio(r_ox),
                                            f"≥ {target:g}×", met(r_ox, target)])
                        sec.summary.append([f"endpoint, {wname}, {mode}, {c} conn vs rdflib-endpoint",
                                            fmt(med["edzkg"]["rps"]), fmt(med["rdflib-endpoint"]["rps"]),
                                            fmt_ratio(r_rd), f"≥ {TARGET_RDFLIB:g}×", met(r_rd, TARGET_RDFLIB)])
                        gap = r_ox / target if r_ox == r_ox else 1.0
                        if gap < 1.0 and (worst is None or gap < worst[0]):
                            worst = (gap, f"{wname}, {mode}, {c} connections", qs, distinct)
                head = ["conns"]
                for srv in srvs:
                    head += [f"{srv.name} req/s", "p50 ms", "p99 ms", "errors"]
                head += ["ours/oxigraph", "ours/rdflib", "target (vs oxigraph)", "met?"]
                sec.add(f"### {wname}, {mode} requests", "")
                sec.add(*table(head, rows))
        sec.data["load"] = results
        sec.data["restarts"] = restarts
        sec.add("Between runs each server is given up to 20 s to finish the requests the load generator "
                "abandoned at the end of its run (a server that cannot cancel them keeps computing); one still "
                "busy then is restarted, so that no server works during another's measurement. Restarts: "
                + ", ".join(f"{n} {k}" for n, k in restarts.items()) + ". A ratio of – means the peer "
                "completed no request within the run (every one took longer than the run).", "")
        _per_query(sec, srvs, mix, budget=1.0 if s.quick else 3.0)
        if worst and s.profile:
            gap, label, qs, distinct = worst
            sec.add(f"### Why: profile of edzkg under load ({label}: {gap * 100:.0f}% of the target)", "")
            import threading

            prof_out = s.work / "profile-endpoint.txt"
            holder: dict = {}
            def sample() -> None:  # inside the load: not its start, nor the workers replaced at its end
                time.sleep(2)
                holder["p"] = profile_pid(srvs[0].pid, 8, prof_out)

            t = threading.Thread(target=sample)
            t.start()
            loadgen.run_load(srvs[0].url, qs, PROFILE_AT, 14, distinct, use_wrk=use_wrk)
            t.join()
            sec.add(*holder["p"].markdown())
    finally:
        for srv in srvs:
            srv.stop()
    return sec
