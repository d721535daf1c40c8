"""RESULTS.md: the machine, the versions, the summary of targets, then every section."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bench.common import ROOT, Section, Settings, table


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "?"


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [f"- CPU: {cpu}; {os.cpu_count()} cores visible (`nproc`: {len(os.sched_getaffinity(0))})",
            f"- Memory: {mem}", f"- OS: {platform.platform()}", f"- Load average when the run started: {load}"]


def _pkg(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> list[str]:
    exe = Path(sys.executable)
    ox_cli = exe.with_name("oxigraph") if exe.with_name("oxigraph").exists() else Path("oxigraph")
    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return [
        f"- edzkg: git {commit}{' (with uncommitted changes in the work tree)' if dirty else ''} when this report "
        "was written",
        f"- Python {platform.python_version()}",
        f"- pyoxigraph {_pkg('pyoxigraph')}; oxigraph server: {_first_line([str(ox_cli), '--version'])}",
        f"- rdflib-endpoint {_pkg('rdflib-endpoint')} (rdflib {_pkg('rdflib')})",
        f"- fastapi {_pkg('fastapi')}, uvicorn {_pkg('uvicorn')}, jieba {_pkg('jieba')}",
        f"- wrk: {_first_line(['wrk', '-v']) if shutil.which('wrk') else 'not installed (asyncio/httpx used)'}",
        f"- py-spy {_pkg('py-spy')}, psutil {_pkg('psutil')}",
    ]


def render(s: Settings, sections: list[Section], started: dt.datetime, machine_lines: list[str],
           seconds: float, failures: list[str]) -> str:
    out = ["# edzkg benchmarks", "",
           f"Written by `make bench` (`.venv/bin/python bench/run.py{' --quick' if s.quick else ''}`) on "
           f"{started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.0f} min of benchmarking (a section rerun with `--only … --keep` "
           "replaces its earlier figures; each section says when it ran). Every figure is ours and the peer's from "
           "the same run; ratios are ours / peer unless a row says otherwise. Numbers come from a shared "
           "2-core machine: other work running at the same time adds noise, so read ratios, not absolutes.", "",
           "## Machine", "", *machine_lines, "", "## Versions", "", *versions(), ""]
    if s.quick:
        out += ["**Quick run** (`--quick`): small sizes and one repetition, for trying the harness; not the "
                "reference figures.", ""]
    summary = [row for sec in sections for row in sec.summary]
    if summary:
        out += ["## Summary", ""]
        out += table(["measurement", "ours", "peer", "ratio", "target", "met?"], summary)
    missed = missed_targets(summary)
    if missed:
        out += ["## Missed targets: by how much", "", *missed, "",
                "The sections below give each measurement in full and a py-spy profile of the miss "
                "(the *why*); the closing note says what would close the gap.", ""]
    if failures:
        out += ["## Sections that failed", ""] + [f"- {f}" for f in failures] + [""]
    for sec in sections:
        out.append(sec.markdown())
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists() and not s.quick:
        out += ["## Closing note", "", notes.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _number(text: str) -> float | None:
    m = re.search(r"[-+]?[0-9][0-9,]*\.?[0-9]*", text)
    return float(m.group().replace(",", "")) if m else None


def missed_targets(summary: list[list[str]]) -> list[str]:
    """One line per missed target: the ratio reached, the target, and the share of it."""
    out = []
    for measurement, ours, peer, r, target, ok in summary:
        if "no" not in ok:
            continue
        got, want = _number(r), _number(target)
        absolute = _number(ours)
        if got is not None and want and "×" in target:
            out.append(f"- {measurement}: {r} of the peer against a target of {target.lstrip('≥ ')}: "
                       f"{got / want * 100:.0f}% of the target, {(1 - got / want) * 100:.0f}% short")
        elif absolute is not None and want and "/s" in target:
            out.append(f"- {measurement}: {ours} against a target of {target.lstrip('≥ ')}: "
                       f"{absolute / want * 100:.0f}% of the target, {(1 - absolute / want) * 100:.0f}% short")
        else:
            out.append(f"- {measurement}: ours {ours}, peer {peer}, target {target}")
    return out
