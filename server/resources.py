"""What the linked-data modules share: the engine, the base IRI, IRI ↔ path mapping, result terms.

Every minted IRI is ``base + path`` with path under ``id/``, ``doc/``, ``graph/``, ``ontology``
(see docs/design.md); its HTML page is ``/page/{path}`` and its data ``/data/{path}``.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from starlette.requests import Request

from graph import store as store_mod
from graph.iris import PREFIXES

EDZ_LOCAL = "ontology#"  # edz: = {base}ontology#
DEREFERENCEABLE = ("id/", "doc/", "graph/", "ontology")
# Characters allowed in a dereferenceable path: IRI-safe, no quotes/brackets/space/backslash.
_PATH_OK = re.compile(r"^[\w.~!$&'()*+,;=:@%/-]+$")


class Engine(Protocol):
    """The query engine the endpoint engineer provides as ``app.state.engine``."""

    async def select(self, query: str) -> dict: ...
    async def ask(self, query: str) -> bool: ...
    async def construct(self, query: str, media_type: str) -> bytes: ...


class LocalEngine:
    """A stand-in with the engine's API over a read-only store (used when the app has no engine)."""

    def __init__(self, path: Path) -> None:
        self.db = store_mod.open_read_only(path)

    def _run(self, query: str) -> Any:
        return self.db.query(query, use_default_graph_as_union=True)

    async def select(self, query: str) -> dict:
        def go() -> dict:
            buf = io.BytesIO()
            self._run(query).serialize(buf, ox.QueryResultsFormat.JSON)
            return json.loads(buf.getvalue())

        return await asyncio.to_thread(go)

    async def ask(self, query: str) -> bool:
        return await asyncio.to_thread(lambda: bool(self._run(query)))

    async def construct(self, query: str, media_type: str) -> bytes:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type: {media_type}")

        def go() -> bytes:
            buf = io.BytesIO()
            self._run(query).serialize(buf, fmt)
            return buf.getvalue()

        return await asyncio.to_thread(go)


def engine(request: Request) -> Engine:
    """The app's engine; a local read-only stand-in when the app does not provide one."""
    state = request.app.state
    eng = getattr(state, "engine", None)
    if eng is None:
        eng = getattr(state, "linkeddata_engine", None)
        if eng is None:
            eng = LocalEngine(state.info.path)
            state.linkeddata_engine = eng
    return eng


def base_iri(request: Request) -> str:
    return request.app.state.info.base_iri


def version(request: Request) -> str:
    """The dataset version, plus the engine's update generation when updates changed the data."""
    generation = getattr(getattr(request.app.state, "engine", None), "generation", 0)
    info = request.app.state.info
    return info.version if not generation else f"{info.version}-g{generation}"


def safe_path(path: str) -> bool:
    """A path that may be turned into an IRI: IRI-safe characters, no empty or dot segments."""
    if not path or not _PATH_OK.match(path) or path.startswith("/"):
        return False
    return all(seg not in ("", ".", "..") for seg in path.split("/"))


def iri_for(base: str, path: str) -> str | None:
    """The resource IRI a request path names, or None when it is not one we mint."""
    if not safe_path(path) or not (path == "ontology" or path.startswith(DEREFERENCEABLE)):
        return None
    iri = base + path
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


def local_path(base: str, iri: str) -> str | None:
    """``id/zone/x`` for ``{base}id/zone/x`` (fragment kept), None for IRIs outside the dataset."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base):]
    if rest == "ontology" or rest.startswith(("ontology#", "ontology/")) or rest.startswith(DEREFERENCEABLE):
        return rest
    if rest in ("dataset", "sparql", "void"):
        return rest
    return None


def href(base: str, iri: str) -> str:
    """Where a link to ``iri`` should go on this server: its page, or the IRI itself when it is an
    http(s) IRI ('' otherwise: no javascript:/data: links from the data)."""
    path = local_path(base, iri)
    if path is None:
        return iri if iri[:8].lower().startswith(("http://", "https://")) else ""
    if path == "dataset":
        return "/void"
    if path in ("sparql", "void"):
        return "/" + path
    return "/page/" + path


@dataclass(frozen=True)
class Term:
    """One RDF term from a SPARQL JSON result."""

    kind: str  # "uri" | "literal" | "bnode"
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"

    @property
    def is_bnode(self) -> bool:
        return self.kind == "bnode"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    def n3(self) -> str:
        """The term in SPARQL syntax (IRIs only; used to build follow-up queries)."""
        if not self.is_iri:
            raise ValueError("only IRIs can be written into a query")
        return f"<{self.value}>"


def term(binding: dict | None) -> Term | None:
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "typed-literal":  # SPARQL 1.0 JSON
        kind = "literal"
    return Term(kind, binding["value"], binding.get("xml:lang", ""), binding.get("datatype", ""))


def rows(result: dict) -> list[dict[str, Term]]:
    """Bindings of a SPARQL JSON SELECT result as ``{variable: Term}`` dicts (unbound left out)."""
    out = []
    for b in result.get("results", {}).get("bindings", []):
        out.append({k: t for k, v in b.items() if (t := term(v)) is not None})
    return out


async def select(eng: Engine, query: str) -> list[dict[str, Term]]:
    return rows(await eng.select(query))


def prefixes(base: str) -> dict[str, str]:
    return {"edz": base + EDZ_LOCAL, **PREFIXES}


def sparql_prefixes(base: str) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(base).items())


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def compact(base: str, iri: str) -> str:
    """``edz:DevelopmentZone`` for a known namespace, else the IRI."""
    best = ""
    for p, ns in prefixes(base).items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, p
    if best:
        rest = iri[len(best):]
        if re.fullmatch(r"[A-Za-z_][\w.-]*", rest or "_"):
            return f"{name}:{rest}"
    return iri


def sparql_string(text: str) -> str:
    """A SPARQL string literal for any text."""
    return json.dumps(text, ensure_ascii=False)
