"""Content negotiation: ``Accept`` (q-values, wildcards) or an explicit ``format=`` → one format.

Two families: query results (SELECT/ASK) and RDF (CONSTRUCT/DESCRIBE, graphs, the service
description). Both are negotiated at once, since the query form is known only when it is parsed;
the one that applies is used. Order in each table = the server's preference on ties; the first
entry is the default for ``*/*`` or a missing ``Accept``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str  # the format= name
    media_type: str  # what the response says it is
    accepts: tuple[str, ...]  # media types in Accept that select it (the first is media_type)

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json")),
    Format("xml", "application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    Format("csv", "text/csv", ("text/csv",)),
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",)),
)
RDF_FORMATS: tuple[Format, ...] = (
    Format("ttl", "text/turtle", ("text/turtle", "application/x-turtle")),
    Format("nt", "application/n-triples", ("application/n-triples", "text/plain")),
    Format("nq", "application/n-quads", ("application/n-quads", "text/x-nquads")),
    Format("trig", "application/trig", ("application/trig", "application/x-trig")),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json")),
)
BY_KEY = {f.key: f for f in RESULT_FORMATS + RDF_FORMATS}
# format= names that pick one format in each family (json → SPARQL JSON or JSON-LD, …)
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "ttl": (None, "ttl"), "turtle": (None, "ttl"), "nt": (None, "nt"), "ntriples": (None, "nt"),
    "nq": (None, "nq"), "nquads": (None, "nq"), "trig": (None, "trig"), "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"), "jsonld": (None, "jsonld"),
}


class NotAcceptable(ValueError):
    """Nothing the client accepts can be produced (406)."""


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 when the range does not cover media_type; higher = more specific."""
        t, _, s = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == t and self.subtype == "*":
            return 1
        if self.type == t and self.subtype == s:
            return 2
        return -1


def parse_accept(header: str | None) -> list[Range]:
    """Media ranges of an Accept header; malformed pieces are ignored, a bad q counts as 1."""
    if not header:
        return [Range("*", "*", 1.0)]
    ranges: list[Range] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        mt = pieces[0].lower()
        if "/" not in mt:
            if mt == "*":
                mt = "*/*"
            else:
                continue
        t, _, s = mt.partition("/")
        q = 1.0
        for p in pieces[1:]:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(v.strip())))
                except ValueError:
                    q = 1.0
        ranges.append(Range(t.strip(), s.strip(), q))
    return ranges


def quality(ranges: list[Range], media_type: str) -> float:
    """The q the client gives media_type: that of the most specific range covering it."""
    best_spec, best_q = -1, 0.0
    for r in ranges:
        spec = r.specificity(media_type)
        if spec > best_spec or (spec == best_spec and spec >= 0 and r.q > best_q):
            best_spec, best_q = spec, r.q
    return best_q if best_spec >= 0 else 0.0


def explicit_quality(ranges: list[Range], media_type: str) -> float:
    """The q of an exact (non-wildcard) mention of media_type, 0 when not named."""
    return max((r.q for r in ranges if r.specificity(media_type) == 2), default=0.0)


def choose(ranges: list[Range], formats: tuple[Format, ...]) -> Format | None:
    """Best format; wildcards only reach a format's own media type, aliases must be named."""
    best: Format | None = None
    best_q = 0.0
    for f in formats:
        q = max([quality(ranges, f.media_type)] + [explicit_quality(ranges, mt) for mt in f.accepts[1:]])
        if q > best_q:
            best, best_q = f, q
    return best


@dataclass(frozen=True)
class Choice:
    """The negotiated format of each family (None: the client accepts none of that family)."""

    results: Format | None
    rdf: Format | None

    @property
    def key(self) -> str:
        return f"{self.results.key if self.results else '-'}/{self.rdf.key if self.rdf else '-'}"


def negotiate(accept: str | None, format_param: str | None = None) -> Choice:
    """The formats for a request; ``format=`` (a name or a media type) wins over Accept."""
    if len(accept or "") + len(format_param or "") <= 512:
        return _negotiate_cached(accept, format_param)
    return _negotiate(accept, format_param)


@functools.lru_cache(maxsize=1024)
def _negotiate_cached(accept: str | None, format_param: str | None) -> Choice:
    return _negotiate(accept, format_param)


def _negotiate(accept: str | None, format_param: str | None) -> Choice:
    if format_param:
        name = format_param.strip().lower()
        if name in FORMAT_PARAM:
            r, g = FORMAT_PARAM[name]
            return Choice(BY_KEY[r] if r else None, BY_KEY[g] if g else None)
        ranges = parse_accept(name)
        if not any(r.type == "*" or r.subtype == "*" for r in ranges):
            choice = Choice(choose(ranges, RESULT_FORMATS), choose(ranges, RDF_FORMATS))
            if choice.results or choice.rdf:
                return choice
        known = ", ".join(sorted(FORMAT_PARAM))
        raise NotAcceptable(f"unknown format={format_param!r}; use one of: {known}")
    ranges = parse_accept(accept)
    return Choice(choose(ranges, RESULT_FORMATS), choose(ranges, RDF_FORMATS))


def prefers_html(accept: str | None) -> bool:
    """A browser: text/html named explicitly and ranked at least as high as anything else."""
    if not accept:
        return False
    return _prefers_html(accept) if len(accept) <= 512 else _prefers_html.__wrapped__(accept)


@functools.lru_cache(maxsize=1024)
def _prefers_html(accept: str) -> bool:
    ranges = parse_accept(accept)
    html = [r.q for r in ranges if r.type == "text" and r.subtype == "html"]
    return bool(html) and html[0] > 0 and html[0] >= max(r.q for r in ranges)


def offered(formats: tuple[Format, ...]) -> str:
    return ", ".join(f.media_type for f in formats)
