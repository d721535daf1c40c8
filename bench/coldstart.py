"""Section 6: cold start, from launching the server to its first answered query (a tiny ASK),
edzkg serve vs oxigraph serve-read-only (and rdflib-endpoint on the seed data)."""

from __future__ import annotations

from bench import datasets, servers
from bench.common import Section, Settings, fmt, fmt_ratio, median, ratio, table


def _time(start, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        srv = start()
        try:
            out.append(servers.wait_ready(srv, timeout=600, interval=0.01))
        finally:
            srv.stop()
    return out


def run(s: Settings) -> Section:
    sec = Section("coldstart", "6. Cold start")
    seed = datasets.seed_store(s)
    big = datasets.big_store(s)
    n = max(3, s.runs + 2)
    sec.add(f"Seconds from launching the server process to the first 200 answer to `ASK {{ ?s ?p ?o }}` "
            f"(polled every 10 ms), median of {n} launches, one server at a time.", "")
    rows = []
    data: dict = {}
    for label, built in (("seed store", seed), (f"generated {s.big_triples:,}", big)):
        ours = _time(lambda: servers.start_edzkg(built.store, s.logs), n)
        peer = _time(lambda: servers.start_oxigraph(built.location, s.logs), n)
        data[label] = {"edzkg": ours, "oxigraph": peer}
        rows.append([label, fmt(median(ours), 2), fmt(median(peer), 2), fmt_ratio(ratio(median(ours), median(peer)))])
        sec.summary.append([f"cold start, {label} (s; ratio = ours / oxigraph time)", fmt(median(ours), 2),
                            fmt(median(peer), 2), fmt_ratio(ratio(median(ours), median(peer))), "(none)", ""])
    rd = _time(lambda: servers.start_rdflib_endpoint([seed.nquads], s.logs), n)
    data["seed store"]["rdflib-endpoint"] = rd
    sec.data["runs"] = data
    sec.add(*table(["data", "edzkg s", "oxigraph s", "ours / oxigraph"], rows))
    sec.add(f"rdflib-endpoint on the seed data (parses the exported N-Quads at start): {median(rd):.2f} s.", "")
    return sec
