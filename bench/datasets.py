"""The data every section runs on, made once under the work directory and reused while valid."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.common import ROOT, Settings, run_python
from bench.servers import edzkg_command


@dataclass(frozen=True)
class Built:
    """A store (what ``--store`` takes), the Oxigraph directory it resolves to, and its N-Quads."""

    store: Path
    location: Path
    nquads: Path
    triples: int


def _run(cmd: list[str], timeout: float) -> str:
    import subprocess

    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return out.stdout


def build_corpus(corpus: Path, work: Path, timeout: float = 3600) -> tuple[Built, float]:
    """``edzkg build`` the corpus into ``work/store`` and export N-Quads; (built, build seconds)."""
    from graph.store import resolve

    store = work / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t0 = time.perf_counter()
    _run(edzkg_command() + ["build", "--corpus", str(corpus), "--store", str(store)], timeout)
    seconds = time.perf_counter() - t0
    nq = work / "data.nq"
    _run(edzkg_command() + ["export", "--store", str(store), "--format", "nq", "-o", str(nq)], timeout)
    triples = sum(1 for _ in open(nq, "rb"))
    return Built(store=store, location=resolve(store), nquads=nq, triples=triples), seconds


def seed_store(s: Settings) -> Built:
    """The seed corpus (corpus/) built by the current pipeline: the endpoint benchmark's data."""
    built, _ = build_corpus(ROOT / "corpus", s.work / "seed")
    return built


def big_nquads(s: Settings) -> Path:
    """The generated dataset of ``s.big_triples`` quads (deterministic; reused when present)."""
    path = s.work / f"big-{s.big_triples}.nq"
    done = s.work / f"big-{s.big_triples}.nq.done"
    if not done.exists():
        out = run_python(["bench/gen_triples.py", str(path), "--triples", str(s.big_triples)], timeout=3600)
        if out.returncode != 0:
            raise RuntimeError(f"gen_triples failed:\n{out.stderr[-2000:]}")
        done.write_text(out.stdout)
    return path


def big_store(s: Settings) -> Built:
    """The generated dataset bulk-loaded into a plain Oxigraph directory (servable by both)."""
    nq = big_nquads(s)
    location = s.work / f"big-{s.big_triples}.store"
    done = s.work / f"big-{s.big_triples}.store.done"
    if not done.exists():
        shutil.rmtree(location, ignore_errors=True)
        db = ox.Store(str(location))
        db.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        db.flush()
        db.optimize()
        del db
        done.write_text(ox.__version__)
    return Built(store=location, location=location, nquads=nq, triples=s.big_triples)


def article_corpus(s: Settings) -> tuple[Path, int]:
    """The generated article corpus (``s.articles`` articles); (directory, characters)."""
    from bench.gen_articles import write_corpus

    corpus = s.work / f"articles-{s.articles}"
    done = s.work / f"articles-{s.articles}.done"
    if not done.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        chars = write_corpus(corpus, s.articles)
        done.write_text(str(chars))
    return corpus, int(done.read_text())
