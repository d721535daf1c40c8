"""Run the edzkg benchmark suite and write bench/RESULTS.md (and bench/work results.json).

    .venv/bin/python bench/run.py                 # everything (about half an hour on 2 cores)
    .venv/bin/python bench/run.py --quick         # small sizes, one repetition: for trying
    .venv/bin/python bench/run.py --only endpoint,extraction

Sections: endpoint (1), scale (2 large results + 3 aggregates), extraction (4), load (5),
coldstart (6). Every server is started by this script on a free port of 127.0.0.1 and stopped at
the end, on error and on Ctrl-C. Benchmarks are not tests: nothing here fails on a missed target.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)  # bench/ itself must not shadow standard modules (profile, queue …)
sys.path.insert(0, str(ROOT))

from bench import coldstart, endpoint, extraction, load, scale, servers  # noqa: E402
from bench.common import Section, Settings  # noqa: E402
from bench.report import machine, now, render  # noqa: E402

SECTIONS = {
    "endpoint": endpoint.run,
    "scale": scale.run,
    "extraction": extraction.run,
    "load": load.run,
    "coldstart": coldstart.run,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="edzkg benchmarks: ours vs the peers, written to bench/RESULTS.md")
    p.add_argument("--quick", action="store_true", help="small sizes and one repetition (for trying)")
    p.add_argument("--only", default="", help=f"comma-separated sections: {','.join(SECTIONS)}")
    p.add_argument("--work", type=Path, default=ROOT / "var" / "bench", help="scratch directory (default var/bench)")
    p.add_argument("--out", type=Path, default=None,
                   help="Markdown output (default bench/RESULTS.md; WORK/RESULTS-quick.md with --quick)")
    p.add_argument("--runs", type=int, default=None, help="repetitions per measurement (medians are reported)")
    p.add_argument("--duration", type=float, default=None, help="seconds of load per endpoint measurement")
    p.add_argument("--no-profile", action="store_true", help="skip py-spy profiles of missed targets")
    p.add_argument("--keep", action="store_true",
                   help="with --only: keep the other sections of the last run (WORK/sections.json) in the report")
    p.add_argument("--render-only", action="store_true",
                   help="rewrite the Markdown from the last run's WORK/sections.json (e.g. after editing NOTES.md)")
    a = p.parse_args(argv)
    os.chdir(ROOT)
    servers.install_cleanup()
    only = [x.strip() for x in a.only.split(",") if x.strip()] or list(SECTIONS)
    unknown = [x for x in only if x not in SECTIONS]
    if unknown:
        p.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    s = Settings.make(a.work, a.quick)
    if a.runs:
        s.runs = a.runs
    if a.duration:
        s.duration = a.duration
    if a.no_profile:
        s.profile = False
    s.work.mkdir(parents=True, exist_ok=True)
    out = a.out or (s.work / "RESULTS-quick.md" if a.quick else ROOT / "bench" / "RESULTS.md")
    if a.render_only:
        saved = json.loads((s.work / "sections.json").read_text(encoding="utf-8"))
        sections = [Section(**d) for d in saved["sections"]]
        s.quick = saved["quick"]
        text = render(s, sections, dt.datetime.fromisoformat(saved["started"]), saved["machine"],
                      saved["seconds"], saved["failures"])
        out.write_text(text, encoding="utf-8")
        print(f"[bench] wrote {out}", file=sys.stderr)
        return 0
    started, t0, machine_lines = now(), time.perf_counter(), machine()
    sections: list[Section] = []
    failures: list[str] = []
    for name in only:
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        t, load_before = time.perf_counter(), os.getloadavg()[0]
        try:
            sec = SECTIONS[name](s)
            sec.add(f"(Section run at {now():%Y-%m-%d %H:%M} UTC, took {time.perf_counter() - t:.0f} s; "
                    f"1-minute load average {load_before:.1f} before, "
                    f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores.)", "")
            sections.append(sec)
        except Exception as e:  # one broken section must not lose the others
            traceback.print_exc()
            failures.append(f"{name}: {type(e).__name__}: {str(e)[:500]}")
        finally:
            servers.stop_all()
        print(f"[bench] {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0
    saved_path = s.work / "sections.json"
    if a.keep and saved_path.exists():
        saved = json.loads(saved_path.read_text(encoding="utf-8"))
        if saved["quick"] == s.quick:
            fresh = {sec.key for sec in sections} | set(only)
            kept = [Section(**d) for d in saved["sections"] if d["key"] not in fresh]
            failures += [f for f in saved["failures"] if f.split(":", 1)[0] not in fresh]
            order = list(SECTIONS)
            sections = sorted(kept + sections, key=lambda sec: order.index(sec.key))
            started = min(started, dt.datetime.fromisoformat(saved["started"]))
            seconds += saved["seconds"]
    text = render(s, sections, started, machine_lines, seconds, failures)
    out.write_text(text, encoding="utf-8")
    (s.work / "sections.json").write_text(json.dumps({
        "started": started.isoformat(), "machine": machine_lines, "seconds": seconds, "failures": failures,
        "quick": s.quick, "sections": [dataclasses.asdict(sec) for sec in sections]}, default=str))
    (s.work / "results.json").write_text(json.dumps({sec.key: sec.data for sec in sections}, indent=1, default=str))
    print(f"[bench] wrote {out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
