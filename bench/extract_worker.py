"""Time one extractor over a corpus in a fresh interpreter; print one JSON line.

    python bench/extract_worker.py {ours,jieba} CORPUS_DIR [--limit N]

``ours`` runs ``graph.pipeline.extract_nquads`` on every article (what ``edzkg build`` runs: text →
canonical N-Quads lines, ready for the store's bulk load); ``jieba`` runs ``jieba.lcut`` on the
same texts. Reading the files and the first call (dictionary loading,
lazy initialisation) are timed apart from the steady state. Peak memory is the process's
peak RSS (``VmHWM``). Besides wall-clock time the loop's CPU time (``time.process_time``) is
reported: on a machine shared with other work it is the steadier figure for "per core".
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc (VmRSS: now; VmHWM: peak of this program).

    Not ``ru_maxrss``: Linux carries it over from the parent across fork+exec, so a child of a big
    parent would report the parent's size.
    """
    try:
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if field == "VmHWM" else 0


def steady_state(run, docs) -> int:
    """The timed loop (its own frame, so a profile can keep only the steady state)."""
    return sum(run(d) for d in docs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["ours", "jieba"])
    p.add_argument("corpus", type=Path)
    p.add_argument("--limit", type=int, default=0)
    a = p.parse_args(argv)

    from graph.corpus import list_corpus, read_document

    paths = list_corpus(a.corpus)
    if a.limit:
        paths = paths[: a.limit]
    docs = [read_document(path) for path in paths]
    chars = sum(len(d.text) for d in docs)
    rss_loaded = _status_kb("VmRSS")
    out = 0
    if a.mode == "ours":
        from graph.iris import DEFAULT_BASE, Namespace
        from graph.pipeline import extract_nquads

        ns = Namespace(DEFAULT_BASE)
        t0 = time.perf_counter()
        extract_nquads(docs[0], ns)
        first = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        out = steady_state(lambda d: len(extract_nquads(d, ns)), docs)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    else:
        import jieba

        jieba.setLogLevel(60)
        t0 = time.perf_counter()
        jieba.initialize()
        jieba.lcut(docs[0].text)
        first = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        out = steady_state(lambda d: len(jieba.lcut(d.text)), docs)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({
        "mode": a.mode, "docs": len(docs), "chars": chars, "seconds": seconds,
        "chars_per_s": chars / seconds if seconds else 0.0,
        "cpu_s": cpu, "chars_per_cpu_s": chars / cpu if cpu else 0.0, "first_call_s": first, "items": out,
        "rss_loaded_kb": rss_loaded, "maxrss_kb": _status_kb("VmHWM"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
