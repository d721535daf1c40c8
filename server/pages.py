"""Server-side HTML pages of resources and documents (readable without JavaScript).

A page is built from a few SPARQL queries through the app's engine, turned into a small view
model (dataclasses below) and rendered with Jinja2 (autoescape on: every literal and IRI is text).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .resources import Engine, Term, compact, href, local_name, select, sparql_prefixes

TEMPLATES = Path(__file__).resolve().parent / "templates"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL_PROPS = (RDFS + "label", SKOS + "prefLabel")
MAX_ROWS = 2000
MAX_MENTIONS = 60
_SPAN = re.compile(r"^(?P<doc>.+)/span/(?P<start>\d+)-(?P<end>\d+)$")

env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

env.filters["page_href"] = lambda iri, base: href(base, iri)


def render(template: str, **context) -> str:
    return env.get_template(template).render(**context)


# ---------------------------------------------------------------- view model


@dataclass
class Value:
    """One RDF value as shown on a page: display text, link, and a small note (lang/datatype)."""

    text: str
    href: str | None = None
    note: str = ""
    iri: str = ""
    details: list[tuple["Value", list["Value"]]] = field(default_factory=list)
    evidence: list["Evidence"] = field(default_factory=list)


@dataclass
class Piece:
    """A run of text, highlighted (``mark``) or not, optionally a link."""

    text: str
    mark: bool = False
    href: str | None = None
    css: str = ""
    title: str = ""
    anchors: list[str] = field(default_factory=list)
    target: bool = False


@dataclass
class Evidence:
    """A source sentence with the mention(s) highlighted, and where it comes from."""

    pieces: list[Piece]
    doc_href: str
    doc_label: str
    start: int | None
    end: int | None
    rule: str = ""
    statement_href: str = ""
    statement_text: str = ""


@dataclass
class Block:
    """A text unit of the document view (headline, caption, paragraph …) or the text between."""

    kind: str
    pieces: list[Piece]


@dataclass
class LegendEntry:
    css: str
    name: str
    label: str
    count: int
    hue: int


# ---------------------------------------------------------------- helpers


class Labels:
    """Display names of IRIs: rdfs:label, skos:prefLabel, dcterms:title, then oa:exact and
    edz:originalText (spans and figures); zh first, then en."""

    RANK = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
            "http://purl.org/dc/terms/title", "http://www.w3.org/ns/oa#exact")
    LANGS = ("zh", "zh-cn", "zh-hans", "en", "")

    def __init__(self) -> None:
        self.by_iri: dict[str, dict[tuple[int, str], str]] = defaultdict(dict)
        self.fetched: set[str] = set()

    async def fetch(self, eng: Engine, base: str, iris: set[str]) -> None:
        todo = sorted(i for i in iris if i not in self.fetched)
        self.fetched.update(todo)
        for i in range(0, len(todo), 200):
            values = " ".join(f"<{x}>" for x in todo[i:i + 200])
            q = (f"{sparql_prefixes(base)}SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ ?x ?p ?l "
                 "VALUES ?p { rdfs:label skos:prefLabel dcterms:title oa:exact edz:originalText } } }")
            for r in await select(eng, q):
                p = r["p"].value
                rank = self.RANK.index(p) if p in self.RANK else len(self.RANK)
                lang = r["l"].lang.lower()
                self.by_iri[r["x"].value].setdefault((rank, lang), r["l"].value)

    def _ranked(self, iri: str) -> list[tuple[tuple[int, int], str]]:
        found = self.by_iri.get(iri) or {}
        return sorted(((rank, self.LANGS.index(lang) if lang in self.LANGS else len(self.LANGS)), text)
                      for (rank, lang), text in found.items())

    def best(self, iri: str) -> str | None:
        ranked = self._ranked(iri)
        return ranked[0][1] if ranked else None

    def english(self, iri: str) -> str | None:
        found = self.by_iri.get(iri) or {}
        return next((found[k] for k in sorted(found) if k[1] == "en"), None)


def iri_value(base: str, iri: str, labels: Labels) -> Value:
    text = labels.best(iri) or compact(base, iri)
    en = labels.english(iri)
    note = en if en and en != text else ""
    return Value(text=text, href=href(base, iri), note=note, iri=iri)


def term_value(base: str, t: Term, labels: Labels) -> Value:
    if t.is_iri:
        return iri_value(base, t.value, labels)
    if t.is_bnode:
        return Value(text="(node)")
    note = f"@{t.lang}" if t.lang else ""
    if t.datatype and not t.lang and not t.datatype.endswith("#string"):
        note = compact(base, t.datatype)
    return Value(text=t.value, note=note)


def span_parts(iri: str) -> tuple[str, int, int] | None:
    """(document IRI, start, end) from a span IRI ``{base}doc/{docid}/span/{start}-{end}``."""
    m = _SPAN.match(iri)
    return (m["doc"], int(m["start"]), int(m["end"])) if m else None


def highlight(text: str, offset: int, marks: list[tuple[int, int]]) -> list[Piece]:
    """``text`` (starting at document offset ``offset``) cut into pieces with ``marks`` highlighted."""
    spans = sorted({(max(a - offset, 0), min(b - offset, len(text))) for a, b in marks})
    pieces: list[Piece] = []
    pos = 0
    for a, b in spans:
        if b <= a or a < pos:
            continue
        if a > pos:
            pieces.append(Piece(text[pos:a]))
        pieces.append(Piece(text[a:b], mark=True))
        pos = b
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return pieces


def find_marks(text: str, offset: int, needles: list[str]) -> list[tuple[int, int]]:
    """Offsets of the first occurrence of each non-empty needle in ``text``."""
    out = []
    for n in needles:
        if n and (i := text.find(n)) >= 0:
            out.append((offset + i, offset + i + len(n)))
    return out


def hue(name: str) -> int:
    known = {
        "DevelopmentZone": 210, "IndustrialPark": 190, "Village": 110, "Town": 90, "Subdistrict": 80,
        "County": 60, "City": 45, "Province": 30, "District": 70, "AdministrativeDivision": 55,
        "Company": 280, "GovernmentBody": 330, "PartyOrganization": 0, "Organization": 300,
        "ResearchInstitute": 260, "Person": 20, "Post": 40, "Project": 160, "Event": 140,
        "MonetaryAmount": 50, "Area": 100, "Count": 240, "Percentage": 230, "Capacity": 170,
        "Observation": 200, "Concept": 120,
    }
    if name in known:
        return known[name]
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:4], 16) % 360


def css_name(name: str) -> str:
    return "c-" + re.sub(r"[^A-Za-z0-9_-]", "_", name)


def doc_link(base: str, doc_iri: str, start: int | None, end: int | None) -> str:
    link = href(base, doc_iri)
    if start is not None and end is not None and link.startswith("/page/"):
        return f"{link}?hl={start}-{end}#o{start}"
    return link


def _int(t: Term | None) -> int | None:
    try:
        return int(t.value) if t is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------- resource page


@dataclass
class ResourcePage:
    iri: str
    title: str
    labels: list[tuple[str, str, str]]  # (language, text, "" or "alt")
    types: list[Value]
    properties: list[tuple[Value, list[Value]]]
    incoming: list[tuple[Value, list[Value]]]
    mentions: list[Evidence]
    context: list[Evidence]
    graph_stats: dict | None = None
    truncated: bool = False


async def exists(eng: Engine, iri: str) -> bool:
    q = (f"ASK {{ {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p <{iri}> }} }} "
         f"UNION {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} }}")
    return await eng.ask(q)


LONG_LIST = 20  # incoming values beyond this are folded away


async def resource_page(eng: Engine, base: str, iri: str, document: bool = False) -> ResourcePage:
    """Everything the page of one resource shows (``document``: the text view shows text and spans)."""
    P = sparql_prefixes(base)
    edz = base + "ontology#"
    out = await select(eng, f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} "
                            f"ORDER BY ?p ?o LIMIT {MAX_ROWS}")
    # A document's spans and statements point at it by the thousand: the text view shows them.
    skip_in = "rdf:subject, rdf:object, edz:refersTo" + (", edz:inDocument, nif:referenceContext, prov:wasDerivedFrom"
                                           if document else "")
    inc = await select(eng, f"{P}SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} "
                            f"FILTER(?p NOT IN ({skip_in})) }} ORDER BY ?p ?s LIMIT {MAX_ROWS}")
    nested = await select(eng, f"""{P}SELECT ?p0 ?x ?p1 ?y ?p2 ?z WHERE {{ GRAPH ?g {{
        <{iri}> ?p0 ?x . ?x ?p1 ?y .
        FILTER(?p0 NOT IN (rdf:type, edz:mention) && ?p1 != edz:mention)
        FILTER(isBlank(?x) || EXISTS {{ ?x qudt:numericValue ?v }} || EXISTS {{ ?x edz:originalText ?t }})
        OPTIONAL {{ ?y ?p2 ?z FILTER(isBlank(?y)) }} }} }} LIMIT {MAX_ROWS}""")
    statements = await _statements(eng, base, f"{{ ?st rdf:subject <{iri}> }} UNION {{ ?st rdf:object <{iri}> }}"
                                   f" UNION {{ VALUES ?st {{ <{iri}> }} ?st rdf:subject ?any }}")

    labels = Labels()
    wanted = {iri}
    for r in out:
        wanted.add(r["p"].value)
        if r["o"].is_iri:
            wanted.add(r["o"].value)
    for r in inc:
        wanted |= {r["s"].value, r["p"].value} if r["s"].is_iri else {r["p"].value}
    for r in nested:
        for k in ("p1", "p2", "y", "z"):
            if k in r and r[k].is_iri:
                wanted.add(r[k].value)
    for st in statements:
        for k in ("s", "p", "o"):
            if k in st and st[k].is_iri:
                wanted.add(st[k].value)
    await labels.fetch(eng, base, wanted)

    # Own labels and types.
    main = {(r["o"].lang or "", r["o"].value) for r in out if r["p"].value in LABEL_PROPS and r["o"].is_literal}
    alt = {(r["o"].lang or "", r["o"].value) for r in out
           if r["p"].value == SKOS + "altLabel" and r["o"].is_literal} - main
    own_labels = sorted([(lang, text, "") for lang, text in main] + [(lang, text, "alt") for lang, text in alt],
                        key=lambda x: (x[2], {"zh": 0, "en": 1}.get(x[0].split("-")[0], 2), x))
    types = [iri_value(base, r["o"].value, labels) for r in out if r["p"].value == RDF + "type" and r["o"].is_iri]

    # Nested details of blank nodes and figures.
    details: dict[tuple[str, str], list[tuple[Value, list[Value]]]] = {}
    grouped: dict[tuple[str, str], dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    second: dict[tuple[str, str, str, str], list[tuple[str, Term]]] = defaultdict(list)
    for r in nested:
        key = (r["p0"].value, r["x"].value)
        y = r["y"]
        if "p2" in r and y.is_bnode:
            second[key + (r["p1"].value, y.value)].append((r["p2"].value, r["z"]))
        vals = grouped[key][r["p1"].value]
        v = term_value(base, y, labels)
        if y.is_bnode:
            v.text = ""
            v.iri = y.value
        if all((w.text, w.iri) != (v.text, v.iri) for w in vals):
            vals.append(v)
    for key, props in grouped.items():
        rows_ = []
        for p, vals in sorted(props.items()):
            for v in vals:
                if v.iri and v.text == "":  # a blank node one level down: show its own values inline
                    sub = second.get(key + (p, v.iri), [])
                    v.text = "; ".join(f"{compact(base, sp)} {st.value}" for sp, st in sorted(
                        {(a, b) for a, b in sub}, key=lambda x: (x[0], x[1].value))) or "(node)"
                    v.iri = ""
            rows_.append((iri_value(base, p, labels), vals))
        details[key] = rows_

    # Evidence for each (p, o) of this resource as subject.
    mention_spans = await _mention_spans(eng, base, {iri} | {st["o"].value for st in statements if "o" in st and st["o"].is_iri}
                                         | {st["s"].value for st in statements if "s" in st and st["s"].is_iri})
    doc_labels = Labels()
    await doc_labels.fetch(eng, base, {st["doc_iri"] for st in statements if st.get("doc_iri")})
    ev_by_po: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    ev_by_sp: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    context: list[Evidence] = []
    for st in statements:
        ev = _evidence(base, st, mention_spans, labels, doc_labels)
        if ev is None:
            continue
        if st["st"].value == iri:
            context.append(ev)
        if "s" in st and st["s"].value == iri:
            ev_by_po[(st["p"].value, st["o"].value)].append(ev)
        if "o" in st and st["o"].value == iri:
            ev_by_sp[(st["s"].value, st["p"].value)].append(ev)

    hidden = {edz + "mention", *LABEL_PROPS, SKOS + "altLabel"}
    if document:
        hidden |= {"http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString", edz + "text"}
    props: dict[str, list[Value]] = defaultdict(list)
    for r in out:
        p, o = r["p"].value, r["o"]
        if p in hidden:
            continue
        v = term_value(base, o, labels)
        v.details = details.get((p, o.value), [])
        v.evidence = ev_by_po.get((p, o.value), [])
        props[p].append(v)
    properties = [(iri_value(base, p, labels), vals) for p, vals in _ordered(props, base)]

    inc_props: dict[str, list[Value]] = defaultdict(list)
    for r in inc:
        v = term_value(base, r["s"], labels)
        v.evidence = ev_by_sp.get((r["s"].value, r["p"].value), [])
        inc_props[r["p"].value].append(v)
    incoming = [(iri_value(base, p, labels), vals) for p, vals in _ordered(inc_props, base)]

    mentions = await _mentions(eng, base, iri)
    span = span_parts(iri)
    if span and not context:
        context = await _span_context(eng, base, iri, span)
    title = labels.best(iri) or (own_labels[0][1] if own_labels else "")
    if not title:
        own = [e.statement_text for e in context if e.statement_href == href(base, iri) and e.statement_text]
        title = own[0] if own else local_name(iri)
    stats = await _graph_stats(eng, base, iri, labels) if iri.startswith(base + "graph/") else None
    return ResourcePage(iri=iri, title=title, labels=own_labels, types=types, properties=properties,
                        incoming=incoming, mentions=mentions, context=context, graph_stats=stats,
                        truncated=len(out) >= MAX_ROWS or len(inc) >= MAX_ROWS)


def _ordered(props: dict[str, list[Value]], base: str) -> list[tuple[str, list[Value]]]:
    first = [RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", RDF + "type"]
    return sorted(props.items(), key=lambda kv: (first.index(kv[0]) if kv[0] in first else len(first),
                                                 compact(base, kv[0])))


async def _statements(eng: Engine, base: str, which: str) -> list[dict]:
    """Statement nodes selected by ``which`` (binds ?st), with their evidence sentence and rule."""
    q = f"""{sparql_prefixes(base)}SELECT ?st ?s ?p ?o ?ev ?es ?ee ?ex ?rule ?doc WHERE {{
      GRAPH ?g {{ {which}
        OPTIONAL {{ ?st rdf:subject ?s }} OPTIONAL {{ ?st rdf:predicate ?p }} OPTIONAL {{ ?st rdf:object ?o }}
        OPTIONAL {{ ?st edz:extractedBy ?rule }} OPTIONAL {{ ?st prov:wasDerivedFrom ?doc }}
        OPTIONAL {{ ?st edz:evidence ?ev }} }}
      OPTIONAL {{ GRAPH ?g2 {{ ?ev oa:start ?es ; oa:end ?ee }} }}
      OPTIONAL {{ GRAPH ?g3 {{ ?ev oa:exact ?ex }} }}
    }} ORDER BY ?st ?ev LIMIT {MAX_ROWS}"""
    found: dict[str, dict] = {}
    for r in await select(eng, q):
        if r["st"].value in found and "ex" not in r:
            continue
        d = dict(r)
        ev = r.get("ev")
        parts = span_parts(ev.value) if ev is not None and ev.is_iri else None
        d["doc_iri"] = parts[0] if parts else (r["doc"].value if "doc" in r else "")
        found.setdefault(r["st"].value, d)
    return list(found.values())


async def _mention_spans(eng: Engine, base: str, iris: set[str]) -> dict[str, list[tuple[str, int, int]]]:
    """Mention spans (document IRI, start, end) of each entity."""
    out: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    todo = sorted(iris)
    for i in range(0, len(todo), 200):
        values = " ".join(f"<{x}>" for x in todo[i:i + 200])
        q = (f"{sparql_prefixes(base)}SELECT ?e ?m ?ms ?me WHERE {{ VALUES ?e {{ {values} }} "
             f"GRAPH ?g {{ ?e edz:mention ?m OPTIONAL {{ ?m oa:start ?ms ; oa:end ?me }} }} }}")
        for r in await select(eng, q):
            parts = span_parts(r["m"].value)
            start, end = _int(r.get("ms")), _int(r.get("me"))
            if parts:
                start = parts[1] if start is None else start
                end = parts[2] if end is None else end
                out[r["e"].value].append((parts[0], start, end))
    return out


def _evidence(base: str, st: dict, spans: dict, labels: Labels, doc_labels: Labels) -> Evidence | None:
    if "ex" not in st:
        return None
    text, start, end = st["ex"].value, _int(st.get("es")), _int(st.get("ee"))
    doc = st.get("doc_iri", "")
    marks: list[tuple[int, int]] = []
    ends = [st[k] for k in ("s", "o") if k in st]
    if start is not None:
        for t in ends:
            for d, a, b in spans.get(t.value, []):
                if d == doc and a >= start and b <= start + len(text):
                    marks.append((a, b))
    if not marks:
        needles = [t.value if t.is_literal else (labels.best(t.value) or "") for t in ends]
        marks = find_marks(text, start or 0, needles)
    s = labels.best(st["s"].value) if "s" in st and st["s"].is_iri else ""
    p = compact(base, st["p"].value) if "p" in st else ""
    o = st["o"] if "o" in st else None
    o_text = (labels.best(o.value) or compact(base, o.value)) if o is not None and o.is_iri else (o.value if o else "")
    return Evidence(
        pieces=highlight(text, start or 0, marks),
        doc_href=doc_link(base, doc, start, end) if doc else "",
        doc_label=(doc_labels.best(doc) or local_name(doc)) if doc else "",
        start=start, end=end,
        rule=st["rule"].value if "rule" in st else "",
        statement_href=href(base, st["st"].value) if st["st"].is_iri else "",
        statement_text=f"{s} {p} {o_text}".strip(),
    )


async def _doc_text(eng: Engine, base: str, doc: str) -> str | None:
    q = f"{sparql_prefixes(base)}SELECT ?t WHERE {{ GRAPH ?g {{ <{doc}> nif:isString|edz:text ?t }} }} LIMIT 1"
    r = await select(eng, q)
    return r[0]["t"].value if r else None


async def _mentions(eng: Engine, base: str, iri: str) -> list[Evidence]:
    """Each mention of the entity in its sentence (or a window of the text), highlighted."""
    q = f"""{sparql_prefixes(base)}SELECT ?m ?ms ?me ?mx ?sx ?ss WHERE {{ GRAPH ?g {{ <{iri}> edz:mention ?m }}
      OPTIONAL {{ GRAPH ?g2 {{ ?m oa:start ?ms ; oa:end ?me }} }}
      OPTIONAL {{ GRAPH ?g3 {{ ?m oa:exact ?mx }} }}
      OPTIONAL {{ GRAPH ?g4 {{ ?m edz:inSentence ?sent . ?sent oa:exact ?sx ; oa:start ?ss }} }}
    }} LIMIT {MAX_ROWS}"""
    found = {}
    for r in await select(eng, q):
        parts = span_parts(r["m"].value)
        if not parts:
            continue
        doc, a, b = parts
        a = _int(r.get("ms")) if "ms" in r else a
        b = _int(r.get("me")) if "me" in r else b
        found.setdefault((doc, a, b), r)
    items = sorted(found.items())[:MAX_MENTIONS]
    labels = Labels()
    await labels.fetch(eng, base, {d for (d, _, _) in found})
    texts: dict[str, str | None] = {}
    out = []
    for (doc, a, b), r in items:
        if "sx" in r and (ss := _int(r["ss"])) is not None:
            text, offset = r["sx"].value, ss
        else:
            if doc not in texts:
                texts[doc] = await _doc_text(eng, base, doc)
            full = texts[doc]
            if full is not None and b <= len(full):
                lo, hi = max(0, a - 40), min(len(full), b + 40)
                text, offset = full[lo:hi], lo
            else:
                text, offset = (r["mx"].value if "mx" in r else ""), a
        out.append(Evidence(pieces=highlight(text, offset, [(a, b)]), doc_href=doc_link(base, doc, a, b),
                            doc_label=labels.best(doc) or local_name(doc), start=a, end=b))
    return out


async def _span_context(eng: Engine, base: str, iri: str, span: tuple[str, int, int]) -> list[Evidence]:
    """A span page: the span's text in its sentence or in a window of the document."""
    doc, a, b = span
    text = await _doc_text(eng, base, doc)
    q = f"{sparql_prefixes(base)}SELECT ?x WHERE {{ GRAPH ?g {{ <{iri}> oa:exact ?x }} }} LIMIT 1"
    exact = await select(eng, q)
    if text is not None and b <= len(text):
        lo, hi = max(0, a - 60), min(len(text), b + 60)
        pieces = highlight(text[lo:hi], lo, [(a, b)])
    elif exact:
        pieces = [Piece(exact[0]["x"].value, mark=True)]
    else:
        return []
    labels = Labels()
    await labels.fetch(eng, base, {doc})
    return [Evidence(pieces=pieces, doc_href=doc_link(base, doc, a, b), doc_label=labels.best(doc) or local_name(doc),
                     start=a, end=b)]


async def _graph_stats(eng: Engine, base: str, iri: str, labels: Labels) -> dict:
    n = await select(eng, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    classes = await select(eng, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s a ?c }} }} "
                                "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 100")
    await labels.fetch(eng, base, {r["c"].value for r in classes})
    return {"triples": int(n[0]["n"].value) if n else 0,
            "classes": [(iri_value(base, r["c"].value, labels), int(r["n"].value)) for r in classes]}


# ---------------------------------------------------------------- document view


@dataclass
class DocumentView:
    text: str | None
    blocks: list[Block]
    legend: list[LegendEntry]
    mention_count: int
    target: tuple[int, int] | None


async def document_view(eng: Engine, base: str, doc: str, target: tuple[int, int] | None) -> DocumentView:
    """The article text with every recognised mention linked and coloured by class."""
    P = sparql_prefixes(base)
    text = await _doc_text(eng, base, doc)
    in_doc = (f'(STRSTARTS(STR(?m), "{doc}/span/") || EXISTS {{ ?m edz:inDocument <{doc}> }} '
              f"|| EXISTS {{ ?m nif:referenceContext <{doc}> }})")
    ms = await select(eng, f"""{P}SELECT DISTINCT ?m ?ms ?me ?e WHERE {{ GRAPH ?g {{ ?e edz:mention ?m .
        OPTIONAL {{ ?m oa:start ?ms ; oa:end ?me }} FILTER{in_doc} }} }}""")
    in_doc_u = in_doc.replace("?m", "?u")
    units = await select(eng, f"""{P}SELECT DISTINCT ?u ?us ?ue ?k ?t WHERE {{ GRAPH ?g {{ ?u a edz:TextUnit .
        OPTIONAL {{ ?u oa:start ?us ; oa:end ?ue }} OPTIONAL {{ ?u edz:unitKind|edz:textUnitKind|edz:kind ?k }}
        OPTIONAL {{ ?u a ?t FILTER(?t != edz:TextUnit) }} FILTER{in_doc_u} }} }}""")
    in_doc_s = in_doc.replace("?m", "?s")
    sents = await select(eng, f"""{P}SELECT DISTINCT ?s ?ss WHERE {{ GRAPH ?g {{ ?s a edz:Sentence .
        OPTIONAL {{ ?s oa:start ?ss }} FILTER{in_doc_s} }} }}""")
    entities = {r["e"].value for r in ms if r["e"].is_iri}
    types: dict[str, set[str]] = defaultdict(set)
    todo = sorted(entities)
    for i in range(0, len(todo), 200):
        values = " ".join(f"<{x}>" for x in todo[i:i + 200])
        for r in await select(eng, f"SELECT ?e ?c WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e a ?c }} }}"):
            types[r["e"].value].add(r["c"].value)
    supers = await _superclasses(eng, base)
    labels = Labels()
    await labels.fetch(eng, base, entities | {c for cs in types.values() for c in cs})

    mentions: list[tuple[int, int, str, str]] = []  # start, end, entity, class
    for r in ms:
        parts = span_parts(r["m"].value)
        a = _int(r.get("ms")) if "ms" in r else (parts[1] if parts else None)
        b = _int(r.get("me")) if "me" in r else (parts[2] if parts else None)
        if a is None or b is None or b <= a or not r["e"].is_iri:
            continue
        e = r["e"].value
        mentions.append((a, b, e, _main_class(types.get(e, set()), supers, base)))
    mentions = sorted(set(mentions))

    unit_list: list[tuple[int, int, str]] = []
    for r in units:
        parts = span_parts(r["u"].value)
        a = _int(r.get("us")) if "us" in r else (parts[1] if parts else None)
        b = _int(r.get("ue")) if "ue" in r else (parts[2] if parts else None)
        if a is None or b is None:
            continue
        kind = local_name(r["k"].value) if "k" in r else (local_name(r["t"].value) if "t" in r else "unit")
        unit_list.append((a, b, kind.lower()))
    unit_list = _non_overlapping(sorted(set(unit_list)))
    anchors = {v for r in sents if (v := _int(r.get("ss")) if "ss" in r else
                                    (span_parts(r["s"].value) or (None, None))[1]) is not None}

    counts: dict[str, int] = defaultdict(int)
    class_iri: dict[str, str] = {}
    for _, _, _, c in mentions:
        counts[local_name(c)] += 1
        class_iri[local_name(c)] = c
    legend = [LegendEntry(css=css_name(n), name=n, label=labels.best(class_iri[n]) or n, count=k, hue=hue(n))
              for n, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    blocks = []
    if text is not None:
        if target:
            anchors.add(target[0])
        blocks = layout(text, mentions, unit_list, anchors, target, lambda e: (href(base, e), labels.best(e) or ""))
        first = blocks[0].pieces[0] if blocks and blocks[0].pieces else None
        if first is not None and first.href is None and not first.target:
            first.text = first.text.lstrip("\r\n")  # display only: offsets live in the anchors
    return DocumentView(text=text, blocks=blocks, legend=legend, mention_count=len(mentions), target=target)


async def _superclasses(eng: Engine, base: str) -> dict[str, set[str]]:
    rows_ = await select(eng, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                              "SELECT ?a ?b WHERE { GRAPH ?g { ?a rdfs:subClassOf ?b } FILTER(isIRI(?b)) }")
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows_:
        out[r["a"].value].add(r["b"].value)
    return out


def _main_class(classes: set[str], supers: dict[str, set[str]], base: str) -> str:
    """The most specific class of an entity, preferring the dataset's own (edz:) classes."""
    if not classes:
        return base + "ontology#Thing"
    own = [c for c in classes if c.startswith(base + "ontology#")] or sorted(classes)

    def ancestors(c: str) -> set[str]:
        seen, todo = set(), [c]
        while todo:
            for s in supers.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return seen

    implied = set().union(*(ancestors(c) for c in own))
    specific = sorted(c for c in own if c not in implied) or sorted(own)
    return specific[0]


def _non_overlapping(units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for a, b, k in units:
        if b > a and (not out or a >= out[-1][1]):
            out.append((a, b, k))
    return out


def layout(text: str, mentions: list[tuple[int, int, str, str]], units: list[tuple[int, int, str]],
           anchors: set[int], target: tuple[int, int] | None, link) -> list[Block]:
    """Cut the text at every boundary; each run gets its text unit, innermost mention and target flag."""
    n = len(text)
    cuts = {0, n}
    for a, b, *_ in mentions:
        cuts |= {min(a, n), min(b, n)}
    for a, b, _ in units:
        cuts |= {min(a, n), min(b, n)}
    cuts |= {min(a, n) for a in anchors}
    if target:
        cuts |= {min(target[0], n), min(target[1], n)}
    points = sorted(cuts)
    blocks: list[Block] = []
    ui = 0
    for a, b in zip(points, points[1:]):
        while ui < len(units) and units[ui][1] <= a:
            ui += 1
        kind = units[ui][2] if ui < len(units) and units[ui][0] <= a < units[ui][1] else ""
        covering = [m for m in mentions if m[0] <= a and m[1] >= b]
        inner = min(covering, key=lambda m: (m[1] - m[0], m[0], m[2])) if covering else None
        is_target = bool(target and target[0] <= a and b <= target[1])
        piece = Piece(text[a:b], target=is_target, anchors=[f"o{a}"] if a in anchors else [])
        if inner:
            piece.href, title = link(inner[2])
            piece.css = css_name(local_name(inner[3]))
            piece.title = f"{title} ({local_name(inner[3])})" if title else local_name(inner[3])
        if not blocks or blocks[-1].kind != kind:
            blocks.append(Block(kind=kind, pieces=[]))
        last = blocks[-1].pieces[-1] if blocks[-1].pieces else None
        if (last and not piece.anchors and (last.href, last.css, last.target) == (piece.href, piece.css, piece.target)
                and last.title == piece.title):
            last.text += piece.text
        else:
            blocks[-1].pieces.append(piece)
    return blocks
