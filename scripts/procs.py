"""Process trees read from /proc (Linux), for the load, limit and attack checks."""

from __future__ import annotations

import os
from pathlib import Path


def parents() -> dict[int, int]:
    """pid → parent pid of every live (non-zombie) process."""
    out: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                out[int(entry)] = int(fields[1])
    return out


def descendants(pid: int) -> set[int]:
    """Live processes below pid (HTTP server processes and their query workers)."""
    table = parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in table.items() if parent in frontier} - found
        found |= frontier
    return found


def process_tree(pid: int) -> set[int]:
    """pid (if alive) and its live descendants."""
    return ({pid} & set(parents())) | descendants(pid)


def query_workers(pid: int) -> set[int]:
    """Live query worker processes (``server.worker``) under pid."""
    found = set()
    for p in descendants(pid):
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            continue
        if b"server.worker" in cmd:
            found.add(p)
    return found
