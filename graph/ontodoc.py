"""The ontology's HTML documentation page, generated from the ontology graph.

``render_ontology_html(turtle, base)`` returns one self-contained page (inline CSS, no script):
the class hierarchy, every class, property and individual of ``{base}ontology#`` with its
Chinese and English labels and definitions, domains and ranges, alignments, and the concept
schemes (industries, indicators, project types). Every term has the anchor ``#LocalName``, so
``{base}ontology#DevelopmentZone`` lands on it. Every literal is HTML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from .iris import PREFIXES

SCHEMA = rdflib.Namespace(PREFIXES["schema"])
DCT = rdflib.Namespace(PREFIXES["dcterms"])
EXTRA_PREFIXES = {
    "cur": "http://qudt.org/vocab/currency/",
    "quantitykind": "http://qudt.org/vocab/quantitykind/",
    "vann": "http://purl.org/vocab/vann/",
}
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
CHARACTERISTICS = {
    OWL.SymmetricProperty: "symmetric", OWL.TransitiveProperty: "transitive",
    OWL.FunctionalProperty: "functional", OWL.InverseFunctionalProperty: "inverse functional",
}

STYLE = """
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;color:#1d2630;background:#fafbfc}
main{max-width:960px;margin:0 auto;padding:1.5rem 1.2rem 4rem}
h1{font-size:1.7rem;margin:.2rem 0}h2{margin-top:2.5rem;border-bottom:2px solid #d5dde6;padding-bottom:.2rem}
h3{margin:0 0 .3rem;font-size:1.15rem}a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
code,.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.86em}
.iri{color:#56606b;word-break:break-all}
section.term{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
section.term:target{border-color:#0b5cad;box-shadow:0 0 0 3px #cfe2f7}
.zh{color:#394450}.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#fff;
background:#6b7785;border-radius:3px;padding:0 .35rem;margin-right:.4rem;vertical-align:middle}
.kind.class{background:#2a7a4b}.kind.op{background:#0b5cad}.kind.dp{background:#8a5a00}.kind.ind{background:#7a3e9d}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:.5rem 0 0}dt{color:#56606b}dd{margin:0}
ul.tree,ul.tree ul{list-style:none;padding-left:1.1rem;margin:.1rem 0}ul.tree{padding-left:0}
.toc{columns:2}.muted{color:#6b7785}details{margin:.4rem 0}summary{cursor:pointer}
table{border-collapse:collapse;width:100%;font-size:.92em}td,th{border-bottom:1px solid #e3e8ee;padding:.25rem .4rem;text-align:left;vertical-align:top}
"""


@dataclass
class _Doc:
    """The ontology graph and the helpers that turn its terms into HTML."""

    g: rdflib.Graph
    base: str
    ns: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ns = self.base + "ontology#"
        self.prefixes = {"edz": self.ns, **PREFIXES, **EXTRA_PREFIXES}

    def own(self, term) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(self.ns)

    def local(self, term) -> str:
        return str(term)[len(self.ns):]

    def curie(self, term) -> str:
        s = str(term)
        for p, n in sorted(self.prefixes.items(), key=lambda kv: -len(kv[1])):
            if s.startswith(n) and len(s) > len(n):
                return f"{p}:{s[len(n):]}"
        return s

    def literal(self, term, prop, lang: str) -> str:
        values = sorted(str(o) for o in self.g.objects(term, prop) if isinstance(o, Literal) and o.language == lang)
        return values[0] if values else ""

    def label(self, term, lang: str = "en") -> str:
        return self.literal(term, RDFS.label, lang) or self.literal(term, SKOS.prefLabel, lang)

    def link(self, term) -> str:
        """A link to a term: in-page anchor for own terms, the IRI otherwise; unions spelled out."""
        if isinstance(term, rdflib.BNode):
            members = self.list_members(self.g.value(term, OWL.unionOf))
            if members:
                return " ∪ ".join(self.link(m) for m in members)
            return "<span class=muted>(anonymous)</span>"
        if self.own(term):
            title = " / ".join(x for x in (self.label(term, "zh"), self.label(term, "en")) if x)
            return f'<a href="#{escape(self.local(term))}" title="{escape(title)}">{escape(self.curie(term))}</a>'
        if isinstance(term, URIRef):
            label = self.label(term, "zh")
            text = escape(self.curie(term)) + (f' <span class="zh">{escape(label)}</span>' if label else "")
            return f'<a href="{escape(str(term))}">{text}</a>'
        return escape(str(term))

    def list_members(self, head) -> list:
        if head is None:
            return []
        try:
            return list(Collection(self.g, head))
        except Exception:  # a malformed list: show nothing rather than fail the page
            return []

    def links(self, terms) -> str:
        return ", ".join(self.link(t) for t in sorted(set(terms), key=lambda t: (isinstance(t, rdflib.BNode), str(t))))


def render_ontology_html(ontology_ttl_text: str, base: str) -> str:
    """A self-contained HTML page documenting the ontology given as Turtle (IRIs under ``base``)."""
    g = rdflib.Graph()
    g.parse(data=ontology_ttl_text, format="turtle")
    d = _Doc(g, base)
    onto = URIRef(base + "ontology")
    classes = sorted((c for c in g.subjects(RDF.type, OWL.Class) if d.own(c)), key=d.local)
    properties = sorted({p for k in PROPERTY_KINDS for p in g.subjects(RDF.type, k) if d.own(p)}, key=d.local)
    individuals = sorted(
        {i for i in g.subjects(RDF.type, None) if d.own(i) and i not in classes and i not in properties},
        key=d.local,
    )
    reused = sorted(
        {p for k in PROPERTY_KINDS for p in g.subjects(RDF.type, k) if not d.own(p) and d.label(p)}, key=d.curie
    )
    schemes = sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str)
    title_en = d.literal(onto, DCT.title, "en") or "edzkg ontology"
    title_zh = d.literal(onto, DCT.title, "zh")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title_en)}</title><style>{STYLE}</style></head><body><main>",
        _header(d, onto, title_en, title_zh),
        _contents(d, classes, properties, individuals, schemes),
        '<h2 id="class-hierarchy">Class hierarchy <span class="zh">类层次</span></h2>',
        _hierarchy(d, classes),
        '<h2 id="classes">Classes <span class="zh">类</span></h2>',
        *(_class_section(d, c, properties) for c in classes),
        '<h2 id="properties">Properties <span class="zh">属性</span></h2>',
        *(_property_section(d, p) for p in properties),
        '<h2 id="individuals">Individuals <span class="zh">个体</span></h2>',
        *(_individual_section(d, i) for i in individuals),
        '<h2 id="reused">Terms of other vocabularies used directly <span class="zh">直接使用的外部词汇</span></h2>',
        _reused_table(d, reused),
        '<h2 id="schemes">Concept schemes <span class="zh">概念体系</span></h2>',
        *(_scheme_section(d, s) for s in schemes),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _header(d: _Doc, onto, title_en: str, title_zh: str) -> str:
    base = d.base
    version = d.g.value(onto, OWL.versionInfo)
    licence = d.g.value(onto, DCT.license)
    creators = sorted(str(c) for c in d.g.objects(onto, DCT.creator))
    rows = [
        ("IRI", f'<span class="iri">{escape(str(onto))}</span>'),
        ("Namespace", f'<code>{escape(d.ns)}</code> (prefix <code>edz:</code>)'),
    ]
    if version:
        rows.append(("Version", escape(str(version))))
    if creators:
        rows.append(("Creators", escape(", ".join(creators))))
    if licence:
        rows.append(("Licence", f'<a href="{escape(str(licence))}">{escape(str(licence))}</a>'))
    formats = [("Turtle", "ttl"), ("RDF/XML", "rdf"), ("JSON-LD", "jsonld"), ("N-Triples", "nt")]
    downloads = " · ".join(f'<a href="{escape(base)}data/ontology.{ext}">{name}</a>' for name, ext in formats)
    rows.append(("Download", downloads + f' · <a href="{escape(base)}data/ontology/shapes.ttl">SHACL shapes</a>'))
    out = [f"<h1>{escape(title_en)}</h1>"]
    if title_zh:
        out.append(f'<p class="zh" lang="zh"><strong>{escape(title_zh)}</strong></p>')
    for lang in ("en", "zh"):
        text = d.literal(onto, DCT.description, lang)
        if text:
            out.append(f'<p lang="{lang}"{" class=zh" if lang == "zh" else ""}>{escape(text)}</p>')
    out.append("<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
    return "\n".join(out)


def _contents(d: _Doc, classes, properties, individuals, schemes) -> str:
    def entries(terms):
        return "".join(f'<li><a href="#{escape(d.local(t))}">{escape(d.local(t))}</a></li>' for t in terms)

    return (
        '<nav><h2 id="contents">Contents <span class="zh">目录</span></h2>'
        f'<details open><summary>{len(classes)} classes</summary><ul class="toc">{entries(classes)}</ul></details>'
        f'<details><summary>{len(properties)} properties</summary><ul class="toc">{entries(properties)}</ul></details>'
        f'<details><summary>{len(individuals)} individuals</summary><ul class="toc">{entries(individuals)}</ul></details>'
        f'<p><a href="#reused">Terms of other vocabularies</a> · <a href="#schemes">{len(schemes)} concept schemes</a></p>'
        "</nav>"
    )


def _hierarchy(d: _Doc, classes: list) -> str:
    children: dict = {c: [] for c in classes}
    roots = []
    for c in classes:
        parents = [p for p in d.g.objects(c, RDFS.subClassOf) if d.own(p) and p in children]
        for p in parents:
            children[p].append(c)
        if not parents:
            roots.append(c)

    def tree(c, seen: frozenset) -> str:
        zh = d.label(c, "zh")
        item = d.link(c) + (f' <span class="zh">{escape(zh)}</span>' if zh else "")
        kids = [k for k in sorted(children[c], key=d.local) if k not in seen]
        if kids:
            item += "<ul>" + "".join(tree(k, seen | {k}) for k in kids) + "</ul>"
        return f"<li>{item}</li>"

    return '<ul class="tree">' + "".join(tree(r, frozenset({r})) for r in roots) + "</ul>"


def _labels_and_definitions(d: _Doc, term) -> list[str]:
    out = []
    en, zh = d.label(term, "en"), d.label(term, "zh")
    names = " · ".join(x for x in (escape(en), f'<span class="zh" lang="zh">{escape(zh)}</span>' if zh else "") if x)
    if names:
        out.append(f"<p>{names}</p>")
    out.append(f'<p class="iri">{escape(str(term))}</p>')
    for lang in ("en", "zh"):
        for prop in (SKOS.definition, RDFS.comment):
            text = d.literal(term, prop, lang)
            if text:
                out.append(f'<p lang="{lang}"{" class=zh" if lang == "zh" else ""}>{escape(text)}</p>')
                break
    return out


def _rows(rows: list[tuple[str, str]]) -> str:
    rows = [(k, v) for k, v in rows if v]
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>" if rows else ""


def _class_section(d: _Doc, c, properties: list) -> str:
    g = d.g
    disjoint = set(g.objects(c, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, c))
    for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = d.list_members(g.value(group, OWL.members))
        if c in members:
            disjoint |= {m for m in members if m != c}
    def subjects_of(cls) -> list:
        return [p for p in properties if cls in set(g.objects(p, RDFS.domain)) | set(g.objects(p, SCHEMA.domainIncludes))]

    domain_of = subjects_of(c)
    ancestors = set(g.transitive_objects(c, RDFS.subClassOf)) - {c}
    inherited = {p for a in ancestors if d.own(a) for p in subjects_of(a)} - set(domain_of)
    range_of = [p for p in properties if c in set(g.objects(p, RDFS.range)) | set(g.objects(p, SCHEMA.rangeIncludes))]
    members = sorted((i for i in g.subjects(RDF.type, c) if d.own(i)), key=d.local)
    rows = [
        ("Subclass of", d.links(g.objects(c, RDFS.subClassOf))),
        ("Superclass of", d.links(x for x in g.subjects(RDFS.subClassOf, c) if d.own(x))),
        ("Equivalent to", d.links(g.objects(c, OWL.equivalentClass))),
        ("Disjoint with", d.links(disjoint)),
        ("Properties of", d.links(domain_of)),
        ("Inherited properties", d.links(inherited)),
        ("Values of", d.links(range_of)),
        ("Members", d.links(members)),
    ]
    return _section(d, c, "class", "Class", _labels_and_definitions(d, c) + [_rows(rows)])


def _property_section(d: _Doc, p) -> str:
    g = d.g
    types = set(g.objects(p, RDF.type))
    kind, css = ("Object property", "op") if OWL.ObjectProperty in types else (
        ("Datatype property", "dp") if OWL.DatatypeProperty in types else ("Property", "op"))
    characteristics = ", ".join(v for k, v in CHARACTERISTICS.items() if k in types)
    inverse = set(g.objects(p, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, p))
    rows = [
        ("Domain", d.links(g.objects(p, RDFS.domain))),
        ("Domain includes", d.links(g.objects(p, SCHEMA.domainIncludes))),
        ("Range", d.links(g.objects(p, RDFS.range))),
        ("Range includes", d.links(g.objects(p, SCHEMA.rangeIncludes))),
        ("Subproperty of", d.links(g.objects(p, RDFS.subPropertyOf))),
        ("Superproperty of", d.links(x for x in g.subjects(RDFS.subPropertyOf, p) if d.own(x))),
        ("Inverse of", d.links(inverse)),
        ("Characteristics", escape(characteristics)),
    ]
    return _section(d, p, css, kind, _labels_and_definitions(d, p) + [_rows(rows)])


def _individual_section(d: _Doc, i) -> str:
    rows = [("Type", d.links(t for t in d.g.objects(i, RDF.type) if t != OWL.NamedIndividual))]
    for prop in sorted({p for p, _ in d.g.predicate_objects(i)} - {RDF.type, RDFS.label, SKOS.definition, RDFS.comment},
                       key=str):
        values = [o for o in d.g.objects(i, prop) if not isinstance(o, rdflib.BNode)]
        if values:
            rows.append((d.link(prop), ", ".join(d.link(v) if isinstance(v, URIRef) else escape(str(v))
                                                 for v in sorted(values, key=str))))
    return _section(d, i, "ind", "Individual", _labels_and_definitions(d, i) + [_rows(rows)])


def _section(d: _Doc, term, css: str, kind: str, body: list[str]) -> str:
    name = escape(d.local(term))
    return (f'<section class="term" id="{name}"><h3><span class="kind {css}">{kind}</span>'
            f'<a href="#{name}">{name}</a></h3>' + "\n".join(body) + "</section>")


def _reused_table(d: _Doc, terms: list) -> str:
    rows = []
    for t in terms:
        definition = d.literal(t, SKOS.definition, "en") or d.literal(t, RDFS.comment, "en")
        rows.append(f"<tr><td>{d.link(t)}</td><td>{escape(d.label(t, 'en'))}<br><span class=zh>"
                    f"{escape(d.label(t, 'zh'))}</span></td><td>{escape(definition)}</td></tr>")
    return "<table><tr><th>term</th><th>label</th><th>use in edzkg</th></tr>" + "".join(rows) + "</table>"


def _scheme_section(d: _Doc, scheme) -> str:
    g = d.g
    concepts = [c for c in g.subjects(SKOS.inScheme, scheme)]
    narrower: dict = {}
    for c in concepts:
        for b in g.objects(c, SKOS.broader):
            narrower.setdefault(b, []).append(c)
    tops = sorted((c for c in concepts if g.value(c, SKOS.broader) is None), key=lambda c: d.label(c, "zh"))

    def item(c, depth: int) -> str:
        alts = sorted(str(a) for a in g.objects(c, SKOS.altLabel))
        unit = g.value(c, URIRef(d.ns + "measureUnit"))
        text = (f'<a href="{escape(str(c))}"><span class="zh" lang="zh">{escape(d.label(c, "zh"))}</span></a> '
                f'{escape(d.label(c, "en"))}')
        if alts:
            text += f' <span class="muted">({escape("、".join(alts))})</span>'
        if unit is not None:
            text += f' <code>{escape(d.curie(unit))}</code>'
        kids = sorted(narrower.get(c, []), key=lambda k: d.label(k, "zh")) if depth < 8 else []
        if kids:
            text += "<ul>" + "".join(item(k, depth + 1) for k in kids) + "</ul>"
        return f"<li>{text}</li>"

    anchor = escape(str(scheme).rstrip("/").rsplit("/", 1)[-1])
    return (
        f'<section class="term" id="scheme-{anchor}"><h3><span class="kind">Concept scheme</span>'
        f'{escape(d.label(scheme, "en"))} <span class="zh">{escape(d.label(scheme, "zh"))}</span></h3>'
        + "\n".join(_labels_and_definitions(d, scheme)[1:])
        + f"<details><summary>{len(concepts)} concepts</summary>"
        + '<ul class="tree">' + "".join(item(t, 0) for t in tops) + "</ul></details></section>"
    )
