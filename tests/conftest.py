"""Shared fixtures: the seed corpus built once into a temporary store."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_41c21bf40b8ca649.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The seed corpus built into a fresh store (once per test session)."""
    from graph.build import build

    store = tmp_path_factory.mktemp("store") / "store"
    build(CORPUS, store)
    return store


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """An ``edzkg serve`` subprocess on a free port, stopped by ``stop()``."""

    def __init__(self, store: Path, port: int, log: Path, *extra: str, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys
        import time

        import httpx

        self.url = f"http://127.0.0.1:{port}"
        self.store = store
        self.log = log
        self._out = open(log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
             "--port", str(port), *extra],
            cwd=ROOT, stdout=self._out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"edzkg serve exited early: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"edzkg serve did not answer within 90 s: {log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


@pytest.fixture(scope="session")
def served_seed(tmp_path_factory):
    """The seed corpus built with base IRI = the server's own URL (so IRIs dereference) and served."""
    from graph.build import build

    port = free_port()
    root = tmp_path_factory.mktemp("served-seed")
    store = root / "store"
    build(CORPUS, store, base=f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, root / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_url(served_seed) -> str:
    """URL (no trailing slash) of a running ``edzkg serve`` over the seed corpus; base IRI = URL + '/'."""
    return served_seed.url


LINKEDDATA = ROOT / "tests" / "data" / "linkeddata"


def build_trig_store(trig: Path, store: Path, base: str) -> Path:
    """A store from a handwritten TriG file (written with the default base, rebased to ``base``)."""
    import pyoxigraph as ox

    from graph import store as store_mod
    from graph.iris import rebase

    text = rebase(trig.read_text(encoding="utf-8"), base)
    quads = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG)
    store_mod.write_build(store, store_mod.quads_to_nquads(quads), build_id="test")
    return store


@pytest.fixture(scope="session")
def served_mini(tmp_path_factory):
    """tests/data/linkeddata/mini.trig (a made-up article, literals with markup) served on a free
    port, with the example queries of tests/data/linkeddata/queries."""
    port = free_port()
    root = tmp_path_factory.mktemp("served-mini")
    store = build_trig_store(LINKEDDATA / "mini.trig", root / "store", f"http://127.0.0.1:{port}/")
    server = RunningServer(store, port, root / "server.log", env={"EDZKG_QUERIES": str(LINKEDDATA / "queries")})
    yield server
    server.stop()
