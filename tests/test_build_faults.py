"""``edzkg build`` under faults: killed mid-way, bad documents, a full disk, a read-only store.

What a user checks afterwards: the previous store is intact and still served, the error names the
problem (no traceback, exit code != 0), and a crashed build leaves nothing behind once the next
one has run.

The full-disk and read-only cases mount a small tmpfs (needs root); without that privilege the
full disk is simulated with a file-size limit (RLIMIT_FSIZE) and the read-only case uses file
permissions (for a non-root user) or is skipped.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph import store as store_mod
from graph.build import build
from server import cli

from .conftest import CORPUS, ROOT, SEED, RunningServer, free_port

COPIES = 3  # copies of the seed article


def edzkg_build(corpus: Path, store: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "server.cli", "build", "--corpus", str(corpus), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def cli_build(capsys, corpus: Path, store: Path) -> tuple[int, str, str]:
    """``edzkg build`` in this process (the pipeline is warm already): exit code, stdout, stderr.
    An exception escaping it fails the test just as a traceback would."""
    capsys.readouterr()
    rc = cli.main(["build", "--corpus", str(corpus), "--store", str(store)])
    out, err = capsys.readouterr()
    return rc, out, err


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def version_served(url: str) -> str:
    q = "SELECT ?v WHERE { GRAPH ?g { ?d a <http://rdfs.org/ns/void#Dataset> ; " \
        "<http://www.w3.org/2002/07/owl#versionInfo> ?v } }"
    r = httpx.get(url + "/sparql", params={"query": q + f" # {time.time()}"}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"][0]["v"]["value"]


def debris(store: Path) -> list[str]:
    """Left-overs of unfinished builds: partial build directories, temporary links."""
    builds = store_mod.builds_dir(store)
    left = [p.name for p in builds.iterdir() if p.name.endswith(".partial")] if builds.is_dir() else []
    return left + [p.name for p in store.parent.iterdir() if p.name.endswith(".link")]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("big-corpus")
    text = SEED.read_bytes()
    for i in range(COPIES):
        (corpus / f"gen_{i:03d}.txt").write_bytes(text)
    return corpus


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The seed built into a store, served by a running server (one query worker, 2 s time limit)."""
    root = tmp_path_factory.mktemp("served-build")
    store = root / "store"
    build(CORPUS, store)
    server = RunningServer(store, free_port(), root / "server.log", "--processes", "1", "--workers", "1",
                           "--timeout", "2")
    yield server
    server.stop()


# ---------------------------------------------------------------- killed mid-way


def test_build_killed_while_writing_keeps_the_previous_store(served, big_corpus):
    """SIGKILL once the new store is being written: the old one stays, is served, and the next
    build succeeds and clears what the killed one left."""
    store = served.store
    link_before = os.readlink(store)
    version_before = store_mod.dataset_info(store).version
    builds = store_mod.builds_dir(store)
    proc = edzkg_build(big_corpus, store)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".partial") for p in builds.iterdir()):
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build ended before it started writing: " + finish(proc)[2]
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)

    assert os.readlink(store) == link_before
    db = store_mod.open_read_only(store)  # a new reader opens it: a complete store
    assert store_mod.dataset_info(store, db).version == version_before
    del db
    assert version_served(served.url) == version_before  # the running server goes on serving it
    assert debris(store), "the kill came too late to leave a partial build"

    report = build(big_corpus, store)
    assert report.documents == COPIES
    assert store_mod.dataset_info(store).version == report.version
    assert debris(store) == []


# ---------------------------------------------------------------- bad documents


def test_bad_documents_are_named_and_the_others_build(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    shutil.copy(SEED.with_suffix(".yaml"), corpus / SEED.with_suffix(".yaml").name)
    text = SEED.read_text(encoding="utf-8")
    (corpus / "gbk.txt").write_bytes(text[:200].encode("gb18030"))
    (corpus / "utf16.txt").write_bytes(text[:200].encode("utf-16"))
    (corpus / "truncated.txt").write_bytes(text[:200].encode("utf-8")[:-1])  # cut inside a character
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "badyaml.txt").write_text(text[:300], encoding="utf-8")
    (corpus / "badyaml.yaml").write_text("title: [unclosed\npublished: 2022-07-01\n", encoding="utf-8")
    (corpus / "baddate.txt").write_text(text[:300], encoding="utf-8")
    (corpus / "baddate.yaml").write_text("published: mid-2022\n", encoding="utf-8")
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "adir.txt").mkdir()
    bad = ["gbk.txt", "utf16.txt", "truncated.txt", "binary.txt", "empty.txt", "badyaml", "baddate", "dangling.txt",
           "adir.txt"]

    rc, out, err = cli_build(capsys, corpus, tmp_path / "store")
    assert rc == 0, err
    assert "Traceback" not in out + err
    skipped = [line for line in out.splitlines() if line.strip().startswith("skipped ")]
    for name in bad:
        lines = [line for line in skipped if name in line]
        assert len(lines) == 1, f"{name} not reported once among {skipped}"
        assert len(lines[0].split(":", 1)[1].strip()) > 5, f"no reason given: {lines[0]}"
    text_of = {name: next(line for line in skipped if name in line) for name in bad}
    assert "GB18030" in text_of["gbk.txt"]
    assert "not UTF-8" in text_of["utf16.txt"] or "UTF-16" in text_of["utf16.txt"]
    assert "empty" in text_of["empty.txt"]
    assert "published" in text_of["baddate"]
    assert out.splitlines()[0].startswith(f"documents: 1 built, {len(bad)} skipped")
    db = store_mod.open_read_only(tmp_path / "store")
    docs = {r["d"].value.rsplit("/", 1)[1] for r in db.query(
        "SELECT ?d WHERE { ?d a <http://127.0.0.1:8000/ontology#Document> }", use_default_graph_as_union=True)}
    assert docs == {SEED.stem}


# ---------------------------------------------------------------- full disk, read-only store


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


class Tmpfs:
    """A tmpfs mounted at ``path`` for the test (root only)."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
        self.ok = r.returncode == 0
        self.why = r.stderr.decode(errors="replace").strip()

    def remount_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True, capture_output=True)

    def fill(self, leave: int) -> None:
        """Fill the file system, leaving about ``leave`` bytes free."""
        free = shutil.disk_usage(self.path).free
        with open(self.path / "filler", "wb") as f:
            f.truncate(0)
            f.write(b"\0" * max(0, free - leave))

    def close(self) -> None:
        if self.ok:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


@pytest.fixture
def tmpfs(tmp_path):
    if not can_mount():
        yield None
        return
    fs = Tmpfs(tmp_path / "mnt", "64m")
    yield fs if fs.ok else None
    fs.close()


def assert_clear_failure(rc: int, out: str, err: str, *reasons: str) -> None:
    assert rc != 0, out
    assert "Traceback" not in out + err, err
    assert err.startswith("edzkg: error:"), err
    assert any(r in err for r in reasons), err
    assert len(err.strip().splitlines()) <= 3, err


def test_full_disk_is_a_clear_error_and_the_store_is_kept(tmp_path, tmpfs, capsys):
    if tmpfs is not None:
        store = tmpfs.path / "store"
        build(CORPUS, store)
        before, version = os.readlink(store), store_mod.dataset_info(store).version
        tmpfs.fill(leave=64 * 1024)
        rc, out, err = cli_build(capsys, CORPUS, store)
        reasons = ("No space left on device",)
    else:  # unprivileged: a file-size limit stands in for the full disk
        store = tmp_path / "store"
        build(CORPUS, store)
        before, version = os.readlink(store), store_mod.dataset_info(store).version

        def limit() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

        rc, out, err = finish(edzkg_build(CORPUS, store, preexec_fn=limit))
        reasons = ("File too large", "No space left on device")
    assert_clear_failure(rc, out, err, *reasons)
    assert str(store_mod.builds_dir(store)) in err  # names where it could not write
    assert os.readlink(store) == before
    assert store_mod.dataset_info(store).version == version
    assert debris(store) == []


def test_read_only_store_directory_is_a_clear_error(tmp_path, tmpfs, capsys):
    if tmpfs is not None:
        store = tmpfs.path / "store"
        build(CORPUS, store)
        before = os.readlink(store)
        tmpfs.remount_read_only()
        reasons = ("Read-only file system",)
    elif os.geteuid() != 0:
        store = tmp_path / "store"
        build(CORPUS, store)
        before = os.readlink(store)
        store_mod.builds_dir(store).chmod(0o555)
        tmp_path.chmod(0o555)
        reasons = ("Permission denied",)
    else:
        pytest.skip("root without mount privileges: cannot make a directory read-only for root")
    try:
        rc, out, err = cli_build(capsys, CORPUS, store)
    finally:
        if tmpfs is None:
            tmp_path.chmod(0o755)
            store_mod.builds_dir(store).chmod(0o755)
    assert_clear_failure(rc, out, err, *reasons)
    assert os.readlink(store) == before
    assert store_mod.open_read_only(store) is not None


# ---------------------------------------------------------------- rebuilding under a running server


def test_rebuilds_do_not_pull_the_store_from_under_a_running_server(served, big_corpus, tmp_path):
    store = served.store
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEED, other / "rebuild_a.txt")
    build(other, store)
    (other / "rebuild_b.txt").write_bytes(SEED.read_bytes())
    build(other, store)
    r = httpx.post(served.url + "/sparql", timeout=60,
                   data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503  # the worker is killed and must be replaced
    deadline = time.monotonic() + 10  # a replacement worker starts in a second or two
    status = 0
    while time.monotonic() < deadline:
        r = httpx.get(served.url + "/sparql", params={"query": f"ASK {{ ?s ?p ?o }} # {time.time()}"}, timeout=60)
        status = r.status_code
        if status == 200 or "cannot open store" in served.log.read_text(errors="replace"):
            break
        time.sleep(0.5)
    assert status == 200, r.text
