"""Endpoint settings: limits, workers, updates. ``edzkg serve`` options map onto these fields."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    store: Path
    base_iri: str | None = None  # public base IRI; None: the one recorded in the store
    workers: int = field(default_factory=lambda: os.cpu_count() or 2)
    timeout: float = 30.0  # seconds per query, wall clock from the moment a worker takes it
    max_rows: int = 1_000_000  # SELECT rows / CONSTRUCT triples per response (an implicit LIMIT)
    max_request_bytes: int = 4 * 1024 * 1024  # request body (and query string) cap → 413 / 414
    worker_memory: int = 0  # bytes of heap per worker (0: the default below)
    max_queue: int = 256  # requests waiting for a worker before new ones get 503
    cache_bytes: int = 64 * 1024 * 1024  # result cache size (0: off)
    cache_entry_bytes: int = 1024 * 1024  # larger responses are not cached
    commit_bytes: int = 256 * 1024  # results buffered before the status is sent (see app docs)
    max_age: int = 3600  # Cache-Control max-age for GET results of the published dataset
    processes: int = 1  # HTTP processes of `edzkg serve`, each with its own `workers` (for the memory share)
    allow_updates: bool = False
    token: str | None = None  # bearer token for updates (EDZKG_TOKEN)
    # a remote SPARQL endpoint to answer from instead of the store (`edzkg serve --backend URL`)
    backend: str | None = field(default_factory=lambda: os.environ.get("EDZKG_BACKEND") or None)

    def heap_limit(self) -> int:
        """Per-worker heap cap: the setting, else half the RAM shared among all workers, surge
        workers included (≥ 1 GiB)."""
        if self.worker_memory:
            return self.worker_memory
        try:
            ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError):
            return 0
        return max(1 << 30, ram // 2 // max(1, 2 * self.workers * self.processes))  # 2×: surge workers
