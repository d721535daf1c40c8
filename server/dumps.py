"""Dataset dumps: generated once per dataset version into a cache directory, then streamed.

Files: the dataset as N-Quads, TriG and JSON-LD (all graphs, gzip), as Turtle (the union of the
graphs as triples, gzip) and the ontology graph as Turtle. The cache lives next to the store:
``var/store.dumps/<version>/`` for the store link ``var/store`` (older versions are removed);
when that is not writable, a directory under the system temp dir. Output is deterministic:
sorted statements, gzip without timestamp. A dump is made from the build its version names,
held (``void.snapshot``) until it is written, even when a new build is switched in meanwhile.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from starlette.requests import Request

from graph import store as store_mod

from .resources import prefixes, version

# name → (media type, what)
FILES: dict[str, tuple[str, str]] = {
    "edzkg.nq.gz": ("application/gzip", "nq"),
    "edzkg.trig.gz": ("application/gzip", "trig"),
    "edzkg.jsonld.gz": ("application/gzip", "jsonld"),
    "edzkg.ttl.gz": ("application/gzip", "ttl"),
    "ontology.ttl": ("text/turtle; charset=utf-8", "ontology"),
    "shapes.ttl": ("text/turtle; charset=utf-8", "shapes"),
}
DESCRIPTIONS = {
    "nq": "N-Quads: every quad, one named graph per document plus ontology and metadata graphs",
    "trig": "TriG: the same quads, readable",
    "jsonld": "JSON-LD: the same quads as a JSON-LD dataset",
    "ttl": "Turtle: the union of all graphs as triples (duplicates across graphs merged)",
    "ontology": "Turtle: the edzkg ontology (OWL classes and properties, SKOS schemes)",
    "shapes": "Turtle: the SHACL shapes the built graph is validated with",
}
GRAPHS = {"ontology": "graph/ontology", "shapes": "graph/shapes"}


def cache_root(build: Path) -> Path:
    """``var/store.dumps`` for a build ``var/store.builds/<id>``; ``<dir>.dumps`` beside a plain store."""
    parent = build.parent
    if parent.name.endswith(".builds"):
        return parent.parent / (parent.name[: -len(".builds")] + ".dumps")
    return parent / (build.name + ".dumps")


def cache_dir(info: store_mod.DatasetInfo, name: str) -> Path:
    """A writable directory ``name`` for one dataset version's dumps (created; other versions pruned)."""
    root = cache_root(Path(info.path))
    for candidate in (root, Path(tempfile.gettempdir()) / "edzkg-dumps"):
        try:
            (candidate / name).mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        for old in candidate.iterdir():
            if old.is_dir() and old.name != name and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        return candidate / name
    raise store_mod.StoreError(f"no writable directory for dumps (tried {root} and the temp dir)")


def _prefixes_used(base: str, data: bytes) -> dict[str, str]:
    return {p: ns for p, ns in prefixes(base).items() if ns.encode("utf-8") in data}


def generate(build: Path, base: str, what: str, out: Path) -> None:
    """Write one dump file (atomically: a temp file renamed into place)."""
    db = store_mod.open_read_only(build)
    quads = sorted(db.quads_for_pattern(None, None, None, None), key=str)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    if what in GRAPHS:
        g = base + GRAPHS[what]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads
                   if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == g]
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        tmp.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes_used(base, nt)))
    else:
        nq = store_mod.quads_to_nquads(quads)
        if what == "nq":
            body = nq
        elif what == "ttl":
            triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
            body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes_used(base, nq))
        elif what == "trig":
            body = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes_used(base, nq))
        else:
            body = ox.serialize(quads, format=ox.RdfFormat.JSON_LD, prefixes=_prefixes_used(base, nq))
        with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(body)
    os.replace(tmp, out)


def _version_dir(request: Request) -> str:
    v = version(request)
    return v[:16] + (v[v.index("-g"):] if "-g" in v else "")


async def ensure(request: Request, name: str) -> Path:
    """The dump file ``name`` of the current version, generated on first request."""
    from .void import snapshot

    state = request.app.state
    locks = state.__dict__.setdefault("_dump_locks", {})
    lock = locks.setdefault(name, asyncio.Lock())
    async with lock:
        with snapshot(request) as eng:  # the build stays pinned while its dump is written
            info = getattr(eng, "info", None) or state.info
            out = cache_dir(info, _version_dir(request)) / name
            if not out.exists():
                await asyncio.to_thread(generate, Path(info.path), info.base_iri, FILES[name][1], out)
    return out


def listing(request: Request) -> dict:
    """The dump files with links, formats and (when already generated) sizes."""
    info = request.app.state.info
    root = cache_root(Path(info.path)) / _version_dir(request)
    files = []
    for name, (media, what) in FILES.items():
        path = root / name
        files.append({
            "name": name, "href": f"/dumps/{name}", "iri": info.base_iri + "dumps/" + name,
            "mediaType": media, "format": what, "description": DESCRIPTIONS[what],
            "bytes": path.stat().st_size if path.exists() else None,
        })
    return {"version": version(request), "baseIri": info.base_iri, "files": files}
