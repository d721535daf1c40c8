"""Section 5: triples per second into the store, edzkg's store writing vs pyoxigraph's raw
``Store.bulk_load`` of the same N-Quads; plus ``edzkg build`` end to end on the generated corpus."""

from __future__ import annotations

import json
from pathlib import Path

from bench import datasets
from bench.common import Section, Settings, fmt, fmt_ratio, median, met, ratio, run_python, table

TARGET = 0.8


def _measure(mode: str, nq: Path, work: Path) -> dict:
    out = run_python(["bench/load_worker.py", mode, str(nq), str(work / f"load-{mode}")], timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(f"load_worker {mode} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(s: Settings) -> Section:
    sec = Section("load", "5. Loading the store")
    corpus, chars = datasets.article_corpus(s)
    built, build_s = datasets.build_corpus(corpus, s.work / "articles-build")
    big = datasets.big_nquads(s)
    sec.add(f"Inputs: (a) the N-Quads that `edzkg build` made of the {s.articles} generated articles "
            f"({built.triples:,} quads), (b) the generated {s.big_triples:,}-quad dataset. *ours* = "
            "`graph.store.write_build` (bulk load + flush + optimize + atomic link switch), the part of "
            "`edzkg build` that writes the store; canonical N-Quads (sort, dedupe) is shown apart. *raw* = "
            "`pyoxigraph.Store.bulk_load` of the same bytes into a new directory (flush + optimize shown apart). "
            f"Fresh interpreter per run; median of {s.runs} runs.", "")
    rows = []
    data: dict = {}
    for label, nq in ((f"(a) articles, {built.triples:,} quads", built.nquads), (f"(b) generated, {s.big_triples:,} quads", big)):
        runs = {"ours": [], "raw": []}
        for _ in range(s.runs):
            for mode in runs:
                runs[mode].append(_measure(mode, nq, s.work))
        data[label] = runs
        m = {mode: {k: median([r[k] for r in rs]) for k in ("triples_per_s", "load_s", "canonical_s", "finish_s")}
             for mode, rs in runs.items()}
        r = ratio(m["ours"]["triples_per_s"], m["raw"]["triples_per_s"])
        rows.append([label, fmt(m["ours"]["triples_per_s"]), fmt(m["ours"]["load_s"], 2), fmt(m["ours"]["canonical_s"], 2),
                     fmt(m["raw"]["triples_per_s"]), fmt(m["raw"]["load_s"], 2), fmt(m["raw"]["finish_s"], 2),
                     fmt_ratio(r), f"≥ {TARGET:g}×", met(r, TARGET)])
        sec.summary.append([f"load {label} (triples/s)", fmt(m["ours"]["triples_per_s"]),
                            fmt(m["raw"]["triples_per_s"]) + " (bulk_load)", fmt_ratio(r), f"≥ {TARGET:g}×", met(r, TARGET)])
    sec.data["runs"] = data
    sec.add(*table(["input", "ours triples/s", "ours load s", "canonical s", "raw triples/s", "raw bulk_load s",
                    "raw flush+optimize s", "ours/raw", "target", "met?"], rows))
    sec.add(f"`edzkg build` end to end on the {s.articles} articles ({chars:,} characters; extraction, "
            f"canonical N-Quads, store): {build_s:.1f} s → {chars / build_s:,.0f} chars/s, "
            f"{built.triples / build_s:,.0f} triples/s (one run, includes interpreter start-up).", "")
    sec.data["build_end_to_end_s"] = build_s
    return sec
