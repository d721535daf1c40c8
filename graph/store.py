"""The on-disk Oxigraph store: atomic builds, read-only opening, dataset metadata.

Layout: ``STORE`` (default ``var/store``) is a symbolic link to one complete build in
``STORE.builds/<build-id>/``. A build writes a new directory and only then swaps the link
(``os.replace`` of a link is atomic), so a reader never sees a half-built store.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

DEFAULT_STORE = Path("var/store")


class StoreError(RuntimeError):
    """A store that cannot be opened, built or switched, with the reason."""


@dataclass(frozen=True)
class DatasetInfo:
    """What the server needs to know about the dataset it serves."""

    path: Path
    base_iri: str
    version: str
    modified: float  # seconds since the epoch: when this build was switched in


def builds_dir(store: Path) -> Path:
    return store.parent / (store.name + ".builds")


def resolve(store: Path) -> Path:
    """The build directory the store link points at; a plain directory is used as it is."""
    store = Path(store)
    if store.is_symlink():
        target = store.resolve()
        if not target.is_dir():
            raise StoreError(f"store link {store} points at missing build {target}")
        return target
    if store.is_dir():
        return store
    raise StoreError(f"no store at {store}: run `edzkg build` first")


def pin(build: Path) -> None:
    """Mark a build as in use by this process, so later builds do not prune it while we read it.

    The mark is a file ``.pins/<build>.<pid>`` beside the builds; marks of dead processes are ignored
    (and removed by the next prune).
    """
    build = Path(build)
    pins = build.parent / ".pins"
    try:
        pins.mkdir(exist_ok=True)
        (pins / f"{build.name}.{os.getpid()}").touch()
    except OSError:
        pass  # a read-only builds directory cannot be pruned by anyone either


def unpin(build: Path) -> None:
    """Drop this process's mark on a build it no longer reads (the next build may prune it)."""
    build = Path(build)
    (build.parent / ".pins" / f"{build.name}.{os.getpid()}").unlink(missing_ok=True)


def _pinned(root: Path) -> set[str]:
    """Names of builds pinned by a live process; stale pins are removed."""
    live: set[str] = set()
    pins = root / ".pins"
    if not pins.is_dir():
        return live
    for p in pins.iterdir():
        name, _, pid = p.name.rpartition(".")
        if pid.isdigit() and _running(int(pid)):
            live.add(name)
        else:
            p.unlink(missing_ok=True)
    return live


def open_read_only(store: Path) -> ox.Store:
    """Open a built store for reading (any number of processes may do so); pins the build."""
    path = resolve(store)
    if Path(store).is_symlink():
        pin(path)
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:  # pyoxigraph raises OSError for storage problems
        raise StoreError(f"cannot open store {path}: {e}") from e


def write_build(store: Path, nquads: bytes, build_id: str, keep: int = 2) -> Path:
    """Load canonical N-Quads into a new build directory and switch the store link to it.

    Returns the build directory. On any failure the link still points at the previous build.
    """
    store = Path(store)
    root = builds_dir(store)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create {root}: {e.strerror or e}") from e
    if store.exists() and not store.is_symlink():
        raise StoreError(f"{store} exists and is not a store link made by edzkg; move it away")
    final = root / build_id
    tmp = root / f".{build_id}.{os.getpid()}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    _remove_debris(store)
    try:
        db = ox.Store(str(tmp))
        # bulk_load would relabel blank nodes at random; parsing first keeps their labels,
        # so two builds of the same input export the same bytes.
        db.bulk_extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        db.flush()
        db.optimize()
        del db
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        link_tmp = store.parent / f".{store.name}.{os.getpid()}.link"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        os.symlink(os.path.relpath(final, store.parent), link_tmp)
        os.replace(link_tmp, store)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"cannot write store under {root}: {e.strerror or e}") from e
    _prune(root, keep=keep, current=final)
    return final


def _remove_debris(store: Path) -> None:
    """Partial builds and temporary links left by builds that crashed (their process is gone)."""
    leftovers = list(builds_dir(store).glob(".*.partial")) + list(store.parent.glob(f".{store.name}.*.link"))
    for p in leftovers:
        pid = p.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _running(int(pid)):
            if p.is_symlink() or not p.is_dir():
                p.unlink(missing_ok=True)
            else:
                shutil.rmtree(p, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune(root: Path, keep: int, current: Path) -> None:
    """Remove old builds, keeping the newest ``keep``, the current one and any a reader has pinned."""
    in_use = _pinned(root)
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[keep:]:
        if old != current and old.name not in in_use:
            shutil.rmtree(old, ignore_errors=True)


def dataset_info(store: Path, db: ox.Store | None = None) -> DatasetInfo:
    """Base IRI and version recorded in the metadata graph of a built store (pins the build)."""
    path = resolve(store)
    if Path(store).is_symlink():
        pin(path)
    db = db or open_read_only(store)
    q = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
    SELECT ?base ?version WHERE { GRAPH ?g { ?d a void:Dataset ; void:uriSpace ?base ;
      owl:versionInfo ?version } } LIMIT 1"""
    rows = list(db.query(q))
    if not rows:
        raise StoreError(f"store {path} has no build metadata: rebuild it with `edzkg build`")
    base, version = rows[0]["base"].value, rows[0]["version"].value
    return DatasetInfo(path=path, base_iri=base, version=version, modified=path.stat().st_mtime)


def quads_to_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Canonical N-Quads: one line per quad, sorted, duplicates removed (byte-identical rebuilds)."""
    lines = sorted({f"{q} .\n" for q in quads})
    return "".join(lines).encode("utf-8")


def now() -> float:
    return time.time()
