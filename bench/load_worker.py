"""Time writing one N-Quads file into a store in a fresh interpreter; print one JSON line.

    python bench/load_worker.py {ours,raw} FILE.nq WORK_DIR

``ours``: what ``edzkg build`` does once it has the quads: canonical N-Quads
(``graph.store.quads_to_nquads``, timed apart) then ``graph.store.write_build`` (bulk load,
flush, optimize, atomic switch of the store link). ``raw``: pyoxigraph's ``Store.bulk_load`` of the
same bytes into a new directory (flush and optimize timed apart). Reading the file is not timed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["ours", "raw"])
    p.add_argument("nquads", type=Path)
    p.add_argument("work", type=Path)
    a = p.parse_args(argv)
    data = a.nquads.read_bytes()
    triples = data.count(b"\n")
    shutil.rmtree(a.work, ignore_errors=True)
    a.work.mkdir(parents=True)
    result: dict = {"mode": a.mode, "triples": triples, "bytes": len(data)}
    if a.mode == "ours":
        from graph import store as store_mod

        t0 = time.perf_counter()
        canonical = store_mod.quads_to_nquads(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        result["canonical_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        store_mod.write_build(a.work / "store", canonical, build_id="bench")
        result["load_s"] = time.perf_counter() - t0
        result["finish_s"] = 0.0
    else:
        t0 = time.perf_counter()
        db = ox.Store(str(a.work / "raw"))
        db.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        result["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        db.flush()
        db.optimize()
        result["finish_s"] = time.perf_counter() - t0
        result["canonical_s"] = 0.0
        del db
    result["triples_per_s"] = triples / result["load_s"] if result["load_s"] else 0.0
    shutil.rmtree(a.work, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
