"""Section 4: extraction speed (characters per second per core) and peak memory, our pipeline vs
jieba's own segmentation of the same generated articles."""

from __future__ import annotations

import json

from bench import datasets
from bench.common import Section, Settings, fmt, fmt_ratio, median, met, ratio, run_python, table
from bench.profiling import profile_command

TARGET_CPS = 100_000


def _measure(mode: str, corpus, timeout: float, limit: int = 0) -> dict:
    args = ["bench/extract_worker.py", mode, str(corpus)] + (["--limit", str(limit)] if limit else [])
    out = run_python(args, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"extract_worker {mode} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(s: Settings) -> Section:
    sec = Section("extraction", "4. Extraction speed")
    corpus, chars = datasets.article_corpus(s)
    sec.add(f"Corpus: {s.articles} generated articles (`bench/gen_articles.py`, seed 1), {chars:,} characters, "
            "with page-break damage. Each run is a fresh single-threaded interpreter (so chars/s = chars/s per "
            f"core); reading files and the first call (dictionary loading) are timed apart. Median of {s.runs} "
            "runs; peak memory = the worker's own peak RSS (VmHWM).", "")
    runs: dict[str, list[dict]] = {"ours": [], "jieba": []}
    for _ in range(s.runs):
        for mode in runs:
            runs[mode].append(_measure(mode, corpus, timeout=3600))
    sec.data["runs"] = runs
    med = {m: {k: median([r.get(k, 0.0) for r in rs])
               for k in ("chars_per_s", "chars_per_cpu_s", "seconds", "first_call_s")}
           for m, rs in runs.items()}
    peak = {m: max(r["maxrss_kb"] for r in rs) for m, rs in runs.items()}
    loaded = {m: min(r["rss_loaded_kb"] for r in rs) for m, rs in runs.items()}
    items = {m: rs[0]["items"] for m, rs in runs.items()}
    r = ratio(med["ours"]["chars_per_s"], med["jieba"]["chars_per_s"])
    r_cpu = ratio(med["ours"]["chars_per_cpu_s"], med["jieba"]["chars_per_cpu_s"])
    rows = [
        ["edzkg `extract_nquads`", fmt(med["ours"]["chars_per_s"]), fmt(med["ours"]["chars_per_cpu_s"]),
         fmt(med["ours"]["seconds"], 2),
         fmt(med["ours"]["first_call_s"], 2), f"{peak['ours'] / 1024:,.0f} MiB ({loaded['ours'] / 1024:,.0f} after reading)",
         f"{items['ours']:,} quads", f"≥ {TARGET_CPS:,}", met(med["ours"]["chars_per_s"], TARGET_CPS)],
        ["jieba `lcut`", fmt(med["jieba"]["chars_per_s"]), fmt(med["jieba"]["chars_per_cpu_s"]),
         fmt(med["jieba"]["seconds"], 2),
         fmt(med["jieba"]["first_call_s"], 2), f"{peak['jieba'] / 1024:,.0f} MiB ({loaded['jieba'] / 1024:,.0f} after reading)",
         f"{items['jieba']:,} words", "", ""],
    ]
    sec.add(*table(["extractor", "chars/s (wall)", "chars/CPU-s", "seconds", "first call s", "peak RSS", "output", "target", "met?"], rows))
    sec.add(f"ours / jieba: {fmt_ratio(r)} by wall clock, {fmt_ratio(r_cpu)} by CPU time (jieba only segments; "
            "our pipeline also repairs, splits sentences, finds mentions, resolves, relates and writes N-Quads). "
            "The two run in turn, so they share the machine's load; chars/CPU-s counts only the worker's own CPU "
            "time (steadier than wall clock when other work shares the cores).", "")
    sec.summary.append(["extraction, chars/s/core", fmt(med["ours"]["chars_per_s"]),
                        fmt(med["jieba"]["chars_per_s"]) + " (jieba.lcut)", fmt_ratio(r), f"≥ {TARGET_CPS:,} chars/s",
                        met(med["ours"]["chars_per_s"], TARGET_CPS)])
    sec.summary.append(["extraction, peak RSS", f"{peak['ours'] / 1024:,.0f} MiB",
                        f"{peak['jieba'] / 1024:,.0f} MiB", "", "", ""])
    if s.profile and med["ours"]["chars_per_s"] < TARGET_CPS:
        share = med["ours"]["chars_per_s"] / TARGET_CPS
        sec.add(f"### Why: profile of the pipeline ({share * 100:.0f}% of the target; "
                f"{(1 - share) * 100:.0f}% short)", "")
        import sys

        limit = max(20, s.articles // 10)
        prof = profile_command([sys.executable, "bench/extract_worker.py", "ours", str(corpus), "--limit", str(limit)],
                               s.work / "profile-extraction.txt", timeout=1800, within="steady_state")
        sec.add("(Steady state only: samples inside the timed loop, after the first call's dictionary loading.)", "")
        sec.add(*prof.markdown())
    return sec
