"""SELECT results written row by row (SPARQL 1.1 JSON, XML, CSV, TSV), so a row cap can stop them.

pyoxigraph's own ``QuerySolutions.serialize`` cannot stop after N rows; these writers take rows
from the solutions iterator, stop at the cap and close the document properly. Output follows the
W3C formats (and matches pyoxigraph's own byte for byte on ordinary terms).
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring as _json_str  # the C escaper: fast
from typing import Callable, Iterable, Iterator, Protocol

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SHORT_NUMBER = {XSD + "integer": re.compile(r"[+-]?\d+\Z"), XSD + "decimal": re.compile(r"[+-]?\d*\.\d+\Z")}


class Sink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class RowCounter:
    """Counts rows taken from an iterator; ``truncated`` when a row beyond ``cap`` existed."""

    def __init__(self, rows: Iterable, cap: int) -> None:
        self._it = iter(rows)
        self.cap = cap
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator:
        it, cap = self._it, self.cap
        n = 0
        for row in it:
            if n >= cap:
                self.truncated = True
                break
            n += 1
            self.count = n
            yield row


# ---------------------------------------------------------------- JSON

def _json_term(t) -> str:
    tt = type(t)
    if tt is ox.NamedNode:
        return '{"type":"uri","value":' + _json_str(t.value) + "}"
    if tt is ox.Literal:
        dt = t.datatype.value
        if dt == XSD_STRING:
            return '{"type":"literal","value":' + _json_str(t.value) + "}"
        if dt == RDF_LANGSTRING:
            return '{"type":"literal","value":' + _json_str(t.value) + ',"xml:lang":' + _json_str(t.language) + "}"
        return '{"type":"literal","value":' + _json_str(t.value) + ',"datatype":' + _json_str(dt) + "}"
    if tt is ox.BlankNode:
        return '{"type":"bnode","value":' + _json_str(t.value) + "}"
    if tt is ox.Triple:
        return ('{"type":"triple","value":{"subject":' + _json_term(t.subject) + ',"predicate":'
                + _json_term(t.predicate) + ',"object":' + _json_term(t.object) + "}}")
    raise TypeError(f"unexpected term {t!r}")


def write_json(names: list[str], rows: Iterable, out: Sink) -> None:
    keys = [_json_str(n) + ":" for n in names]
    out.write(('{"head":{"vars":[' + ",".join(_json_str(n) for n in names) + ']},"results":{"bindings":[').encode())
    first = True
    buf: list[str] = []
    size = 0
    for sol in rows:
        parts = [k + _json_term(t) for k, t in zip(keys, sol) if t is not None]
        s = ("{" if first else ",{") + ",".join(parts) + "}"
        first = False
        buf.append(s)
        size += len(s)
        if size > 32768:
            out.write("".join(buf).encode())
            buf.clear()
            size = 0
    buf.append("]}}")
    out.write("".join(buf).encode())


# ---------------------------------------------------------------- XML

def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_xml_attr = _xml_text


def _xml_term(t) -> str:
    tt = type(t)
    if tt is ox.NamedNode:
        return "<uri>" + _xml_text(t.value) + "</uri>"
    if tt is ox.Literal:
        dt = t.datatype.value
        if dt == XSD_STRING:
            return "<literal>" + _xml_text(t.value) + "</literal>"
        if dt == RDF_LANGSTRING:
            return '<literal xml:lang="' + _xml_attr(t.language) + '">' + _xml_text(t.value) + "</literal>"
        return '<literal datatype="' + _xml_attr(dt) + '">' + _xml_text(t.value) + "</literal>"
    if tt is ox.BlankNode:
        return "<bnode>" + _xml_text(t.value) + "</bnode>"
    if tt is ox.Triple:
        return ("<triple><subject>" + _xml_term(t.subject) + "</subject><predicate>" + _xml_term(t.predicate)
                + "</predicate><object>" + _xml_term(t.object) + "</object></triple>")
    raise TypeError(f"unexpected term {t!r}")


def write_xml(names: list[str], rows: Iterable, out: Sink) -> None:
    head = "".join(f'<variable name="{_xml_attr(n)}"/>' for n in names)
    out.write(('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
               + head + "</head><results>").encode())
    opens = ['<binding name="' + _xml_attr(n) + '">' for n in names]
    buf: list[str] = []
    size = 0
    for sol in rows:
        s = "<result>" + "".join(o + _xml_term(t) + "</binding>" for o, t in zip(opens, sol) if t is not None) + "</result>"
        buf.append(s)
        size += len(s)
        if size > 32768:
            out.write("".join(buf).encode())
            buf.clear()
            size = 0
    buf.append("</results></sparql>")
    out.write("".join(buf).encode())


# ---------------------------------------------------------------- CSV / TSV

_CSV_QUOTE = re.compile(r'[",\r\n]')


def _csv_value(t) -> str:
    if t is None:
        return ""
    tt = type(t)
    if tt is ox.BlankNode:
        s = "_:" + t.value
    elif tt is ox.Triple:
        s = " ".join(_csv_value(x).strip('"') for x in (t.subject, t.predicate, t.object))
    else:
        s = t.value
    return '"' + s.replace('"', '""') + '"' if _CSV_QUOTE.search(s) else s


def _tsv_value(t) -> str:
    if t is None:
        return ""
    if type(t) is ox.Literal:
        dt = t.datatype.value
        rx = _SHORT_NUMBER.get(dt)
        if rx is not None and rx.match(t.value):
            return t.value
    if type(t) is ox.Triple:
        return "<<( " + " ".join(_tsv_value(x) for x in (t.subject, t.predicate, t.object)) + " )>>"
    return str(t).replace("\t", "\\t")


def _write_lines(header: str, cell: Callable, sep: str, eol: str, rows: Iterable, out: Sink) -> None:
    out.write((header + eol).encode())
    buf: list[str] = []
    size = 0
    for sol in rows:
        s = sep.join(cell(t) for t in sol) + eol
        buf.append(s)
        size += len(s)
        if size > 32768:
            out.write("".join(buf).encode())
            buf.clear()
            size = 0
    if buf:
        out.write("".join(buf).encode())


def write_csv(names: list[str], rows: Iterable, out: Sink) -> None:
    _write_lines(",".join(names), _csv_value, ",", "\r\n", rows, out)


def write_tsv(names: list[str], rows: Iterable, out: Sink) -> None:
    _write_lines("\t".join("?" + n for n in names), _tsv_value, "\t", "\n", rows, out)


WRITERS: dict[str, Callable[[list[str], Iterable, Sink], None]] = {
    "json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv,
}
BOOLEAN_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
}
