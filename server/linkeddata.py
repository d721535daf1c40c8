"""Linked data over HTTP: dereferenceable IRIs, resource pages, the query UI, VoID and dumps.

Dereferencing is DBpedia style. ``GET {base}{path}`` for a minted IRI (``id/…``, ``doc/…``,
``graph/…``, ``ontology``) answers ``303 See Other`` with ``Vary: Accept``:

* HTML clients (and ``*/*``) → ``/page/{path}``, a server-side HTML page;
* RDF clients (Turtle, JSON-LD, N-Triples, RDF/XML by ``Accept`` with q-values) →
  ``/data/{path}.{ttl|jsonld|nt|rdf}``, the resource's description: its triples as subject and as
  object (all graphs), the labels of its neighbours and the blank nodes it points to.
  ``/data/{path}`` itself negotiates (or takes ``?format=ttl|jsonld|nt|rdf``).

``/data/ontology`` is the whole ontology graph, ``/data/graph/…`` the content of a named graph.
IRIs with no triples answer 404. The resource IRI is ``base IRI + path`` with the base IRI of
``app.state.info`` (the store's, or ``--base-iri`` at serve time).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import mimetypes
import os
import re
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from graph.iris import rebase

from . import assets, dumps, pages, void
from .resources import base_iri, engine, iri_for, local_name, prefixes, sparql_prefixes, version

router = APIRouter()
log = logging.getLogger("edzkg.linkeddata")

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
STATIC = Path(__file__).resolve().parent / "static"

# name → (media type, pyoxigraph format, label)
RDF_FORMATS: dict[str, tuple[str, ox.RdfFormat, str]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, "Turtle"),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD, "JSON-LD"),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES, "N-Triples"),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML, "RDF/XML"),
}
FORMAT_ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "json": "jsonld", "ntriples": "nt",
                  "n-triples": "nt", "rdfxml": "rdf", "xml": "rdf", "rdf+xml": "rdf"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
# IRIs that name a whole graph's content: the ontology and the SHACL shapes (design.md).
GRAPH_DOCUMENTS = {"ontology": "graph/ontology", "ontology/shapes": "graph/shapes"}
EXTRA_ACCEPT = {"application/x-turtle": "ttl", "application/json": "jsonld", "text/n3": "ttl"}


# ---------------------------------------------------------------- content negotiation


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values (malformed q counts as 0)."""
    out = []
    for part in (header or "*/*").split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q))
    return out


def negotiate(header: str | None, offers: list[tuple[str, str]]) -> str | None:
    """The key of the best offer ``(media type, key)`` for an Accept header; offers in server preference."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for media, key in offers:
        typ = media.split("/")[0]
        q, spec = None, -1
        for rng, rq in ranges:
            s = 2 if rng == media else 1 if rng == f"{typ}/*" else 0 if rng == "*/*" else -1
            if s > spec:
                q, spec = rq, s
        if q is not None and q > best_q:
            best, best_q = key, q
    return best


def _offers(html: bool = True) -> list[tuple[str, str]]:
    offers = [(t, "html") for t in HTML_TYPES] if html else []
    offers += [(m, k) for k, (m, _, _) in RDF_FORMATS.items()]
    offers += list(EXTRA_ACCEPT.items())
    return offers


def alternates(path: str) -> list[dict]:
    return [{"name": label, "media_type": media, "href": f"/data/{path}.{k}"}
            for k, (media, _, label) in RDF_FORMATS.items()]


# ---------------------------------------------------------------- engine failures


def guarded(handler):
    """Answer an engine failure (time limit, remote down, row cap) with its status and a message,
    not a 500 with a traceback."""

    @functools.wraps(handler)
    async def wrapper(request: Request, *args, **kwargs) -> Response:
        try:
            return await handler(request, *args, **kwargs)
        except Exception as e:
            status = getattr(e, "status", None)
            if not (isinstance(status, int) and 400 <= status < 600):
                if isinstance(e, TimeoutError):
                    status = 504
                elif type(e).__name__.startswith("Remote"):
                    status = 502
                else:
                    raise
            message = getattr(e, "message", None) or str(e) or type(e).__name__
            log.warning("%s %s: %s", request.method, request.url.path, message)
            if negotiate(request.headers.get("accept"), _offers()) == "html":
                body = pages.render("notfound.html", title="Unavailable", heading="The query engine could not answer",
                                    message=message)
                return HTMLResponse(body, status_code=status)
            return Response(f"{message}\n", status_code=status, media_type="text/plain")

    return wrapper


# ---------------------------------------------------------------- dereferencing


def not_found(request: Request, message: str, iri: str = "") -> Response:
    if negotiate(request.headers.get("accept"), _offers()) == "html":
        body = pages.render("notfound.html", title="Not found", message=message, iri=iri)
        return HTMLResponse(body, status_code=404)
    return Response(f"{message}\n", status_code=404, media_type="text/plain")


async def _exists(request: Request, iri: str, path: str) -> bool:
    if path in GRAPH_DOCUMENTS:
        iri = base_iri(request) + GRAPH_DOCUMENTS[path]
    return await pages.exists(engine(request), iri)


async def dereference(request: Request, path: str) -> Response:
    iri = iri_for(base_iri(request), path)
    if iri is None:
        return not_found(request, "This path names no resource of the dataset.")
    if not await _exists(request, iri, path):
        return not_found(request, "The dataset has no triples about this IRI.", iri)
    choice = negotiate(request.headers.get("accept"), _offers())
    if choice is None:
        return Response("406 Not Acceptable: offers text/html, text/turtle, application/ld+json, "
                        "application/n-triples, application/rdf+xml\n", status_code=406,
                        media_type="text/plain", headers={"Vary": "Accept"})
    target = f"/page/{path}" if choice == "html" else f"/data/{path}.{choice}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


def _dereferencer(prefix: str):
    @guarded
    async def deref(request: Request, path: str) -> Response:
        return await dereference(request, f"{prefix}/{path}")

    return deref


for _prefix in ("id", "doc", "graph"):
    router.add_api_route(f"/{_prefix}/{{path:path}}", _dereferencer(_prefix), methods=["GET", "HEAD"],
                         include_in_schema=False)


@router.api_route("/ontology", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def ontology(request: Request) -> Response:
    return await dereference(request, "ontology")


@router.api_route("/ontology/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def ontology_part(request: Request, path: str) -> Response:
    return await dereference(request, "ontology/" + path)


@router.api_route("/dataset", methods=["GET", "HEAD"], include_in_schema=False)
async def dataset(request: Request) -> Response:
    return RedirectResponse("/void", status_code=303)


# ---------------------------------------------------------------- data


def serialize(nt: bytes, fmt: str, base: str) -> bytes:
    """N-Triples from the engine → sorted, prefixed output in one of RDF_FORMATS (same input, same bytes)."""
    triples = sorted(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), key=str)
    rdf_format = RDF_FORMATS[fmt][1]
    if rdf_format == ox.RdfFormat.N_TRIPLES:
        return ox.serialize(triples, format=rdf_format)
    used = _used_prefixes(triples, prefixes(base))
    return ox.serialize(triples, format=rdf_format, prefixes=used)


def _used_prefixes(triples: list[ox.Triple], known: dict[str, str]) -> dict[str, str]:
    iris = set()
    for t in triples:
        for x in (t.subject, t.predicate, t.object):
            if isinstance(x, ox.NamedNode):
                iris.add(x.value)
            elif isinstance(x, ox.Literal):
                iris.add(x.datatype.value)
    return {p: ns for p, ns in known.items() if any(i.startswith(ns) for i in iris)}


def describe_query(base: str, iri: str, path: str) -> str:
    """CONSTRUCT of what ``/data/{path}`` returns."""
    if path in GRAPH_DOCUMENTS:
        return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{base}{GRAPH_DOCUMENTS[path]}> {{ ?s ?p ?o }} }}"
    if path.startswith("graph/"):
        return (f"CONSTRUCT {{ ?s ?p ?o . <{iri}> ?a ?b }} WHERE {{ {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} "
                f"UNION {{ GRAPH ?g {{ <{iri}> ?a ?b }} }} }}")
    return f"""{sparql_prefixes(base)}CONSTRUCT {{
      <{iri}> ?p ?o . ?s ?q <{iri}> . ?n rdfs:label ?l . ?n skos:prefLabel ?pl . ?b ?bp ?bo .
    }} WHERE {{
      {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}
      UNION {{ GRAPH ?g {{ ?s ?q <{iri}> }} }}
      UNION {{ GRAPH ?g {{ {{ <{iri}> ?x ?n }} UNION {{ ?n ?x <{iri}> }} }} GRAPH ?g2 {{ ?n rdfs:label ?l }} }}
      UNION {{ GRAPH ?g {{ {{ <{iri}> ?x ?n }} UNION {{ ?n ?x <{iri}> }} }} GRAPH ?g2 {{ ?n skos:prefLabel ?pl }} }}
      UNION {{ GRAPH ?g {{ <{iri}> ?x ?b . ?b ?bp ?bo FILTER(isBlank(?b)) }} }}
      UNION {{ GRAPH ?g {{ <{iri}> ?x ?b1 . ?b1 ?y ?b . ?b ?bp ?bo FILTER(isBlank(?b1) && isBlank(?b)) }} }}
    }}"""


def _split_format(path: str) -> tuple[str, str | None]:
    for k in RDF_FORMATS:
        if path.endswith("." + k):
            return path[: -len(k) - 1], k
    return path, None


@router.api_route("/data/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def data(request: Request, path: str) -> Response:
    path, fmt = _split_format(path)
    headers = {}
    if fmt is None:
        asked = request.query_params.get("format")
        if asked:
            fmt = FORMAT_ALIASES.get(asked.lower(), asked.lower())
            if fmt not in RDF_FORMATS:
                return Response(f"unknown format {asked!r}: use one of {', '.join(RDF_FORMATS)}\n",
                                status_code=400, media_type="text/plain")
        else:
            fmt = negotiate(request.headers.get("accept"), _offers(html=False)) or "ttl"
            headers["Vary"] = "Accept"
    base = base_iri(request)
    iri = iri_for(base, path)
    if iri is None or not await _exists(request, iri, path):
        return not_found(request, "The dataset has no triples about this IRI.", iri or "")
    nt = await engine(request).construct(describe_query(base, iri, path), "application/n-triples")
    body = await asyncio.to_thread(serialize, nt, fmt, base)
    media = RDF_FORMATS[fmt][0]
    headers["Link"] = f'<{iri}>; rel="describes"'
    return Response(body, media_type=f"{media}; charset=utf-8" if fmt != "rdf" else media, headers=headers)


# ---------------------------------------------------------------- pages

_DOC_PATH = re.compile(r"^doc/[^/]+$")
_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@router.api_route("/page/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def page(request: Request, path: str) -> Response:
    base = base_iri(request)
    if path == "ontology":
        return await ontology_page(request)
    if path == "ontology/shapes":
        return await shapes_page(request)
    iri = iri_for(base, path)
    if iri is None or not await _exists(request, iri, path):
        return not_found(request, "The dataset has no triples about this IRI.", iri or "")
    eng = engine(request)
    is_doc = bool(_DOC_PATH.match(path))
    model = await pages.resource_page(eng, base, iri, document=is_doc)
    ctx = {"title": model.title, "page": model, "alternates": alternates(path)}
    if is_doc:
        hl = _HL.match(request.query_params.get("hl", ""))
        target = (int(hl[1]), int(hl[2])) if hl and int(hl[1]) < int(hl[2]) else None
        ctx["view"] = await pages.document_view(eng, base, iri, target)
        return HTMLResponse(pages.render("document.html", **ctx))
    return HTMLResponse(pages.render("resource.html", **ctx))


async def ontology_page(request: Request) -> Response:
    """The ontology documentation (graph.ontodoc), cached per dataset version."""
    cache = request.app.state.__dict__.setdefault("_ontology_html", {})
    key = (version(request), base_iri(request))
    if key not in cache:
        base = base_iri(request)
        if not await _exists(request, base + "ontology", "ontology"):
            return not_found(request, "The store holds no ontology graph.", base + "ontology")
        nt = await engine(request).construct(describe_query(base, base + "ontology", "ontology"),
                                             "application/n-triples")
        ttl = (await asyncio.to_thread(serialize, nt, "ttl", base)).decode("utf-8")
        cache.clear()
        cache[key] = await _render_ontology(request, ttl, base)
    return HTMLResponse(cache[key])


async def shapes_page(request: Request) -> Response:
    """The SHACL shapes as readable Turtle."""
    base = base_iri(request)
    iri = base + "ontology/shapes"
    if not await _exists(request, iri, "ontology/shapes"):
        return not_found(request, "The store holds no shapes graph.", iri)
    nt = await engine(request).construct(describe_query(base, iri, "ontology/shapes"), "application/n-triples")
    ttl = (await asyncio.to_thread(serialize, nt, "ttl", base)).decode("utf-8")
    return HTMLResponse(pages.render("shapes.html", title="SHACL shapes", turtle=ttl, iri=iri,
                                     alternates=alternates("ontology/shapes"), lang="en"))


async def _render_ontology(request: Request, ttl: str, base: str) -> str:
    try:
        from graph.ontodoc import render_ontology_html
    except ImportError:
        render_ontology_html = None
    if render_ontology_html is not None:
        return await asyncio.to_thread(render_ontology_html, ttl, base)
    return await _fallback_ontology(request, base)


async def _fallback_ontology(request: Request, base: str) -> str:
    """A plain list of classes and properties, used until graph.ontodoc exists."""
    q = f"""{sparql_prefixes(base)}SELECT ?t ?kind ?l ?c WHERE {{ GRAPH <{base}graph/ontology> {{
        ?t a ?kind . FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, rdf:Property,
        owl:SymmetricProperty, owl:TransitiveProperty, owl:FunctionalProperty))
        FILTER(STRSTARTS(STR(?t), "{base}ontology#"))
        OPTIONAL {{ ?t rdfs:label ?l }} OPTIONAL {{ ?t rdfs:comment|skos:definition ?c }} }} }} ORDER BY ?t"""
    terms: dict[str, dict] = {}
    for r in await pages.select(engine(request), q):
        t = terms.setdefault(r["t"].value, {"name": local_name(r["t"].value), "kinds": set(), "labels": set(),
                                            "comments": set()})
        t["kinds"].add(local_name(r["kind"].value))
        if "l" in r:
            t["labels"].add(r["l"].value)
        if "c" in r:
            t["comments"].add(r["c"].value)
    items = [dict(t, kinds=sorted(t["kinds"]), labels=sorted(t["labels"]), comments=sorted(t["comments"]))
             for t in terms.values()]
    return pages.render("ontology.html", title="Ontology", terms=items, base=base,
                        alternates=alternates("ontology"))


# ---------------------------------------------------------------- query UI, static files


def example_queries(base: str) -> list[dict]:
    """The questions of queries/*.rq (read now; ``EDZKG_QUERIES`` names another folder):
    title = first comment line, IRIs rebased to the served base IRI."""
    folder = Path(os.environ.get("EDZKG_QUERIES") or QUERIES)
    out = []
    for p in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        title = next((ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("#")
                      and ln.lstrip("#").strip()), p.stem)
        out.append({"name": p.stem, "title": title, "query": rebase(text, base)})
    return out


DEFAULT_QUERY = """PREFIX edz: <{base}ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?zone ?label WHERE {{
  ?zone a edz:DevelopmentZone ; rdfs:label ?label .
}} ORDER BY ?label LIMIT 100
"""


@router.get("/", include_in_schema=False)
async def query_ui(request: Request) -> Response:
    base = base_iri(request)
    return HTMLResponse(pages.render(
        "ui.html", title="Query 查询", examples=example_queries(base), rich=assets.available(),
        install_hint=assets.INSTALL_HINT, default_query=DEFAULT_QUERY.format(base=base),
        prefixes=prefixes(base), base=base, lang="en", main_class="wide",
    ))


@router.get("/static/{name}", include_in_schema=False)
async def static(name: str) -> Response:
    files = {p.name: p for p in STATIC.iterdir() if p.is_file()} if STATIC.is_dir() else {}
    if name not in files:
        return Response("not found\n", status_code=404, media_type="text/plain")
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(files[name], media_type=media, headers={"Cache-Control": "no-cache"})


@router.get("/assets/{name}", include_in_schema=False)
async def asset(name: str) -> Response:
    path = assets.path(name)
    if path is None:
        return Response(f"asset {name!r} is not installed: {assets.INSTALL_HINT}\n", status_code=404,
                        media_type="text/plain")
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


# ---------------------------------------------------------------- VoID and dumps


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], include_in_schema=False)
@router.api_route("/void", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def void_description(request: Request) -> Response:
    asked = request.query_params.get("format")
    choice = FORMAT_ALIASES.get(asked.lower(), asked.lower()) if asked else \
        negotiate(request.headers.get("accept"), _offers())
    if choice not in RDF_FORMATS and choice != "html":
        return Response("406 Not Acceptable\n", status_code=406, media_type="text/plain", headers={"Vary": "Accept"})
    desc = await void.describe(request)
    headers = {"Vary": "Accept"}
    if choice == "html":
        return HTMLResponse(pages.render("void.html", title="VoID", void=desc, lang="en",
                                         alternates=[{"name": label, "media_type": m, "href": f"/void?format={k}"}
                                                     for k, (m, _, label) in RDF_FORMATS.items()]),
                            headers=headers)
    body = await asyncio.to_thread(serialize, desc.ntriples, choice, desc.base)
    media = RDF_FORMATS[choice][0]
    return Response(body, media_type=f"{media}; charset=utf-8" if choice != "rdf" else media, headers=headers)


@router.get("/dumps", include_in_schema=False)
async def dumps_listing(request: Request) -> Response:
    listing = dumps.listing(request)
    if negotiate(request.headers.get("accept"), [("text/html", "html"), ("application/json", "json")]) == "json":
        return JSONResponse(listing, headers={"Vary": "Accept"})
    return HTMLResponse(pages.render("dumps.html", title="Dumps", listing=listing, lang="en"),
                        headers={"Vary": "Accept"})


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"], include_in_schema=False)
@guarded
async def dump_file(request: Request, name: str) -> Response:
    if name not in dumps.FILES:
        return Response(f"no dump named {name!r}; see /dumps\n", status_code=404, media_type="text/plain")
    path = await dumps.ensure(request, name)
    media, _ = dumps.FILES[name]
    return FileResponse(path, media_type=media, filename=name)
