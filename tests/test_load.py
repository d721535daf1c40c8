"""A bounded load on 127.0.0.1 (5 s, 8 connections; scripts/soak.py runs the same for longer):
no errors besides the deliberate runaway stopped at the time limit, and bounded server memory."""

from __future__ import annotations

import asyncio

import pytest

from scripts.soak import run_load

from .conftest import RunningServer, free_port

MIB = 1 << 20


@pytest.fixture(scope="module")
def server(built_store, tmp_path_factory):
    """The seed store served with the default processes and workers and a 2 s time limit."""
    root = tmp_path_factory.mktemp("load")
    server = RunningServer(built_store, free_port(), root / "server.log", "--timeout", "2")
    yield server
    server.stop()


def test_bounded_load_has_no_errors_and_bounded_memory(server):
    report = asyncio.run(run_load(server.url, seconds=5.0, connections=8, server_pid=server.proc.pid,
                                  runaway_every=2.5, time_limit=2.0))
    summary = "\n".join(report.lines())
    assert report.errors == [], summary
    assert report.runaways >= 1 and report.runaways_stopped == report.runaways, summary
    assert report.requests >= 20, summary  # it was serving all along (not a benchmark)
    assert {"query-file", "page", "data"} <= set(report.by_kind), summary
    assert report.rss_peak < 1024 * MIB and report.largest_process < 512 * MIB, summary
    assert server.proc.poll() is None
