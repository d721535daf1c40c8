"""The skeleton: corpus is kept as received, builds are atomic and deterministic, CLI works."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from graph import store as store_mod
from graph.build import build

from .conftest import CORPUS, ROOT, SEED

SHARED_SEED = ROOT.parent / "shared" / "corpus" / SEED.name


def test_seed_article_is_kept_byte_for_byte():
    data = SEED.read_bytes()
    assert len(data.decode("utf-8")) == 4421
    if SHARED_SEED.exists():
        assert data == SHARED_SEED.read_bytes()


def test_rebuild_is_byte_identical(tmp_path):
    a = tmp_path / "a" / "store"
    b = tmp_path / "b" / "store"
    build(CORPUS, a)
    build(CORPUS, b)
    dump = lambda s: _export(s, "nq")  # noqa: E731
    assert hashlib.sha256(dump(a)).digest() == hashlib.sha256(dump(b)).digest()


def _export(store: Path, fmt: str) -> bytes:
    r = subprocess.run(
        [sys.executable, "-m", "server.cli", "export", "--format", fmt, "--store", str(store)],
        capture_output=True, check=True, cwd=ROOT,
    )
    return r.stdout


def test_bad_document_is_reported_and_the_rest_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    (corpus / "bad_gbk.txt").write_bytes("桐乡经济开发区".encode("gbk"))
    (corpus / "empty.txt").write_bytes(b"")
    report = build(corpus, tmp_path / "store")
    assert report.documents == 1
    reasons = {Path(e.path).name: e.reason for e in report.skipped}
    assert "not UTF-8" in reasons["bad_gbk.txt"] and "GB18030" in reasons["bad_gbk.txt"]
    assert reasons["empty.txt"] == "empty file"


def test_failed_build_keeps_previous_store(tmp_path, monkeypatch):
    store = tmp_path / "store"
    build(CORPUS, store)
    before = os.readlink(store)

    def boom(*a, **k):
        raise store_mod.StoreError("disk full (simulated)")

    monkeypatch.setattr(store_mod, "write_build", boom)
    try:
        build(CORPUS, store)
    except store_mod.StoreError:
        pass
    assert os.readlink(store) == before
    db = store_mod.open_read_only(store)
    assert bool(db.query("ASK { GRAPH ?g { ?s ?p ?o } }"))


def test_cli_query_runs_a_sparql_file(built_store, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "server.cli", "query", str(q), "--format", "csv", "--store", str(built_store)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "n" and int(lines[1]) > 0


def test_cli_query_reports_bad_sparql(built_store):
    r = subprocess.run(
        [sys.executable, "-m", "server.cli", "query", "SELEC nothing", "--store", str(built_store)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert r.returncode == 2 and "invalid SPARQL" in r.stderr
