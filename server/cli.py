"""The ``edzkg`` command line: build, serve, push, query, export, validate, extract."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pyoxigraph as ox

from graph import store as store_mod
from graph.iris import DEFAULT_BASE, rebase

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
GRAPH_AWARE = {"nq", "trig", "jsonld"}


def _fail(msg: str, code: int = 2) -> int:
    print(f"edzkg: error: {msg}", file=sys.stderr)
    return code


def cmd_build(a: argparse.Namespace) -> int:
    from graph.build import build, stderr_progress
    from graph.corpus import DocumentError

    try:
        report = build(Path(a.corpus), Path(a.store), base=a.base_iri, progress=stderr_progress)
    except (DocumentError, store_mod.StoreError) as e:
        return _fail(str(e))
    print("\n".join(report.lines()))
    return 0


def cmd_serve(a: argparse.Namespace) -> int:
    import os

    from .app import run

    if getattr(a, "backend", None):  # read by Settings (also in the extra HTTP processes)
        os.environ["EDZKG_BACKEND"] = a.backend

    try:
        return run(a)
    except store_mod.StoreError as e:
        return _fail(str(e))


def cmd_push(a: argparse.Namespace) -> int:
    import os

    from graph.push import PushError, make_auth, push, stderr_progress

    try:
        auth = make_auth(a.user, a.password or os.environ.get("EDZKG_PUSH_PASSWORD"),
                         a.token or os.environ.get("EDZKG_PUSH_TOKEN"))
        report = push(Path(a.store), a.endpoint, auth=auth, jobs=a.jobs, progress=stderr_progress,
                      everything=a.all)
    except (PushError, store_mod.StoreError) as e:
        return _fail(str(e))
    print("\n".join(report.lines()))
    return 0


def _load_query(text_or_file: str, base: str) -> str:
    p = Path(text_or_file)
    text = p.read_text(encoding="utf-8") if p.suffix in {".rq", ".sparql"} and p.exists() else text_or_file
    return rebase(text, base)


def cmd_query(a: argparse.Namespace) -> int:
    try:
        db = store_mod.open_read_only(Path(a.store))
        info = store_mod.dataset_info(Path(a.store), db)
        query = _load_query(a.query, info.base_iri)
        result = db.query(query, use_default_graph_as_union=True)
    except store_mod.StoreError as e:
        return _fail(str(e))
    except SyntaxError as e:
        return _fail(f"invalid SPARQL: {e}")
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        out.write(("true" if bool(result) else "false") + "\n")
        return 0
    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.TURTLE if a.format in {"table", "ttl"} else ox.RdfFormat.N_TRIPLES
        sys.stdout.flush()
        result.serialize(sys.stdout.buffer, fmt)
        return 0
    names = [v.value for v in result.variables]
    if a.format in {"json", "csv", "tsv"} and a.format != "table":
        fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
               "tsv": ox.QueryResultsFormat.TSV}[a.format]
        sys.stdout.flush()
        result.serialize(sys.stdout.buffer, fmt)
        if a.format == "json":
            sys.stdout.buffer.write(b"\n")
        return 0
    rows = [[_cell(sol[n]) for n in names] for sol in result]
    _print_table(names, rows)
    return 0


def _cell(term) -> str:
    """A term as one table cell: line breaks inside a value shown as ⏎ so rows stay one line."""
    if term is None:
        return ""
    if isinstance(term, (ox.Literal, ox.NamedNode)):
        text = term.value
    else:
        text = str(term)
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _print_table(names: list[str], rows: list[list[str]]) -> None:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    widths = [max([width(n)] + [width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    print(line(names))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(line(r))
    print(f"({len(rows)} rows)")


def cmd_export(a: argparse.Namespace) -> int:
    fmt = EXPORT_FORMATS[a.format]
    try:
        db = store_mod.open_read_only(Path(a.store))
    except store_mod.StoreError as e:
        return _fail(str(e))
    out_path = Path(a.output) if a.output else None
    target = open(out_path, "wb") if out_path else sys.stdout.buffer
    try:
        if a.format in GRAPH_AWARE:
            db.dump(target, fmt)
        else:  # triple formats: the union of all graphs
            quads = db.quads_for_pattern(None, None, None, None)
            triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
            ox.serialize(triples, target, fmt)
    finally:
        if out_path:
            target.close()
    if out_path:
        print(f"wrote {out_path}", file=sys.stderr)
    return 0


def cmd_validate(a: argparse.Namespace) -> int:
    from graph.validate import validate_store

    try:
        report = validate_store(Path(a.store))
    except store_mod.StoreError as e:
        return _fail(str(e))
    print(report.text)
    return 0 if report.conforms else 1


def cmd_extract(a: argparse.Namespace) -> int:
    from graph.corpus import DocumentError, read_document
    from graph.iris import Namespace
    from graph.pipeline import extract_document

    try:
        published = dt.date.fromisoformat(a.published) if a.published else None
    except ValueError:
        return _fail(f"--published is not an ISO date (YYYY-MM-DD): {a.published!r}")
    try:
        doc = read_document(Path(a.file), published=published)
        quads = extract_document(doc, Namespace(a.base_iri))
    except DocumentError as e:
        return _fail(str(e))
    fmt = ox.RdfFormat.TRIG if a.format == "trig" else ox.RdfFormat.N_QUADS
    ox.serialize(sorted(quads, key=str), sys.stdout.buffer, fmt)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="edzkg",
        description="Knowledge graph of China's economic development zones: build, serve, query.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    store_help = f"store directory (default {store_mod.DEFAULT_STORE})"

    b = sub.add_parser("build", help="build corpus/ into the store (atomic switch when complete)")
    b.add_argument("--corpus", default="corpus", help="directory of <id>.txt + <id>.yaml (default corpus)")
    b.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    b.add_argument("--base-iri", default=DEFAULT_BASE, help=f"base of every minted IRI (default {DEFAULT_BASE})")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="serve the store: SPARQL endpoint, pages, query UI")
    s.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--base-iri", default=None, help="public base IRI (default: the one the store was built with)")
    s.add_argument("--workers", type=int, default=None,
                   help="query worker processes per HTTP process (default: CPU count; 1 with --allow-updates)")
    s.add_argument("--processes", type=int, default=None,
                   help="HTTP server processes sharing the port (default: min(2, CPUs); 1 with --allow-updates)")
    s.add_argument("--timeout", type=float, default=30.0, help="per-query time limit in seconds (default 30)")
    s.add_argument("--max-rows", type=int, default=1_000_000, help="result row cap (default 1000000)")
    s.add_argument("--allow-updates", action="store_true", help="accept SPARQL Update and Graph Store writes")
    s.add_argument("--token", default=None, help="bearer token required for updates (or EDZKG_TOKEN)")
    s.add_argument("--max-request-bytes", type=int, default=None,
                   help="request body / query string cap in bytes (default 4 MiB; over it: 413/414)")
    s.add_argument("--cache-bytes", type=int, default=None, help="result cache size in bytes (default 64 MiB; 0: off)")
    s.add_argument("--worker-memory", type=int, default=None,
                   help="heap cap per query worker in bytes (default: half the RAM shared by the workers)")
    s.add_argument("--backend", default=None, metavar="URL",
                   help="answer from this remote SPARQL endpoint (e.g. Virtuoso's http://host:8890/sparql, "
                   "filled by `edzkg push`) instead of the store (or EDZKG_BACKEND)")
    s.set_defaults(func=cmd_serve)

    u = sub.add_parser("push", help="send the built dataset to a Graph Store endpoint (Virtuoso, Fuseki, …)")
    u.add_argument("--endpoint", required=True,
                   help="Graph Store Protocol URL, e.g. http://host:8890/sparql-graph-crud-auth (Virtuoso), "
                   "http://host:3030/ds/data (Fuseki), http://host:7878/store (Oxigraph)")
    u.add_argument("--user", default=None, help="user name (Digest or Basic auth, as the store asks)")
    u.add_argument("--password", default=None, help="password (or EDZKG_PUSH_PASSWORD)")
    u.add_argument("--token", default=None, help="bearer token instead of user/password (or EDZKG_PUSH_TOKEN)")
    u.add_argument("--jobs", type=int, default=1, help="graphs sent in parallel (default 1; Virtuoso "
                   "gains nothing from more)")
    u.add_argument("--all", action="store_true",
                   help="send every graph, also those unchanged since this store's last push there")
    u.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    u.set_defaults(func=cmd_push)

    q = sub.add_parser("query", help="run SPARQL (text or a .rq file) against the local store")
    q.add_argument("query", help="SPARQL text or a path to a .rq file (queries/ files work as they are)")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    q.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="write the whole dataset in one RDF format")
    e.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="nq")
    e.add_argument("-o", "--output", default=None, help="output file (default stdout)")
    e.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    e.set_defaults(func=cmd_export)

    v = sub.add_parser("validate", help="SHACL + OWL 2 RL checks of the built graph; exit 1 on violations")
    v.add_argument("--store", default=str(store_mod.DEFAULT_STORE), help=store_help)
    v.set_defaults(func=cmd_validate)

    x = sub.add_parser("extract", help="one article → RDF (N-Quads) on stdout, for trying new text")
    x.add_argument("file", help="a UTF-8 .txt article")
    x.add_argument("--published", default=None, help="publication date YYYY-MM-DD (resolves 去年, 今年 …)")
    x.add_argument("--format", choices=["nq", "trig"], default="nq")
    x.add_argument("--base-iri", default=DEFAULT_BASE)
    x.set_defaults(func=cmd_extract)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
