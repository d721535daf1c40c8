"""The ontology: parses everywhere, documents every term in Chinese and English, reasons cleanly,
keeps the contract of docs/design.md, and its concept schemes follow the IRI rule."""

from __future__ import annotations

import re
from collections import Counter

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from graph.build import ontology_quads
from graph.iris import Namespace, slug
from graph.ontodoc import render_ontology_html
from graph.validate import ontology_files_graph, owl_check

from .conftest import ROOT

ONTOLOGY = ROOT / "ontology"
B = "http://127.0.0.1:8000/"
EDZ = rdflib.Namespace(B + "ontology#")
SCHEMA = rdflib.Namespace("http://schema.org/")
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)

ISSUE_CLASSES = """DevelopmentZone IndustrialPark AdministrativeDivision Province City County District Subdistrict
Town Village Organization Company GovernmentBody PartyOrganization Person Post Project Event Quantity
MonetaryAmount Area Count Percentage Capacity Observation Document TextUnit Sentence Mention Statement""".split()
INDIVIDUALS = {
    "ProjectStatus": ["Planned", "UnderConstruction", "InOperation", "Signed"],
    "Approximation": ["Exact", "AtLeast", "AtMost", "Approximately"],
    "ValueKind": ["Level", "GrowthRate", "Share", "GrowthMultiple", "MultipleOfBase", "AbsoluteChange"],
    "ComparisonBasis": ["YearOnYear", "PeriodOnPeriod"],
}


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "edzkg.ttl")


@pytest.fixture(scope="module")
def everything() -> rdflib.Graph:
    return ontology_files_graph()


def own_terms(g: rdflib.Graph) -> list[URIRef]:
    return sorted({s for k in TERM_KINDS for s in g.subjects(RDF.type, k) if str(s).startswith(str(EDZ))})


@pytest.mark.parametrize("path", sorted(ONTOLOGY.glob("*.ttl")), ids=lambda p: p.name)
def test_every_file_parses_with_rdflib_and_pyoxigraph(path):
    g = rdflib.Graph().parse(path)
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(g) == len(triples) > 50


def test_ontology_header(onto):
    o = URIRef(B + "ontology")
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionInfo)
    assert onto.value(o, URIRef("http://purl.org/dc/terms/license"))
    assert onto.value(o, URIRef("http://purl.org/dc/terms/creator"))
    langs = {d.language for d in onto.objects(o, URIRef("http://purl.org/dc/terms/description"))}
    assert langs == {"en", "zh"}


def test_the_classes_the_issue_names_exist(onto):
    for name in ISSUE_CLASSES:
        assert (EDZ[name], RDF.type, OWL.Class) in onto, name
    for cls, members in INDIVIDUALS.items():
        for m in members:
            assert (EDZ[m], RDF.type, EDZ[cls]) in onto, m


def test_every_term_has_zh_and_en_labels_and_definitions(onto):
    terms = own_terms(onto)
    assert len(terms) > 100
    missing = []
    for t in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = Counter(o.language for o in onto.objects(t, prop) if isinstance(o, Literal))
            if langs["en"] != 1 or langs["zh"] != 1:
                missing.append(f"{t} {prop}")
    assert missing == []


def test_design_md_terms_are_all_defined(onto):
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text[text.index("## Classes (edz:)"):text.index("## Python modules")]
    names = set(re.findall(r"`(?:edz:)?([A-Za-z][A-Za-z0-9]*)`", section))
    names |= set(re.findall(r"`edz:([A-Za-z]+)", section))
    defined = {str(s)[len(str(EDZ)):] for s in onto.subjects() if str(s).startswith(str(EDZ))}
    assert len(names) > 60
    assert sorted(names - defined) == []


def test_subclasses_reach_their_parents_in_a_store_without_reasoning(onto):
    """pyoxigraph does no reasoning: queries use a/rdfs:subClassOf* and must find subclass members."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY / "edzkg.ttl"), format=ox.RdfFormat.TURTLE)
    store.load(
        f"""<{B}id/v> a <{EDZ}Village> . <{B}id/c> a <{EDZ}Company> . <{B}id/m> a <{EDZ}MonetaryAmount> .
        <{B}id/s> a <{EDZ}Mention> . <{B}id/h> a <{EDZ}Headline> .""",
        format=ox.RdfFormat.TURTLE,
    )
    expected = {
        "Place": {"v"}, "AdministrativeDivision": {"v"}, "Agent": {"c"}, "Organization": {"c"},
        "Quantity": {"m"}, "Span": {"s", "h"}, "TextUnit": {"h"},
    }
    for cls, members in expected.items():
        rows = store.query(f"SELECT ?x WHERE {{ ?x a/<{RDFS.subClassOf}>* <{EDZ}{cls}> }}")
        assert {r["x"].value.rsplit("/", 1)[-1] for r in rows} == members, cls
    # and every class but the top ones has an edz superclass
    tops = {"Place", "Agent", "Post", "Project", "Event", "IndustryChain", "Quantity", "Observation",
            "Document", "Span", "Statement", "ProjectStatus", "Approximation", "ValueKind", "ComparisonBasis"}
    for c in onto.subjects(RDF.type, OWL.Class):
        if str(c).startswith(str(EDZ)) and str(c)[len(str(EDZ)):] not in tops:
            assert any(str(p).startswith(str(EDZ)) for p in onto.objects(c, RDFS.subClassOf)), c


def test_owl_rl_closure_of_the_ontology_is_consistent(everything):
    problems, (before, after) = owl_check(rdflib.Graph(), everything)
    assert problems == [] and after > before


def test_disjointness_is_declared_where_mistakes_are_likely(onto):
    g = rdflib.Graph()
    for t in onto:
        g.add(t)
    x = URIRef(B + "id/x")
    g.add((x, RDF.type, EDZ.Person))
    g.add((x, RDF.type, EDZ.Company))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = list(g.objects(None, URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
    assert any("Disjoint" in str(e) for e in errors)


def test_domains_never_force_a_type_that_a_use_contradicts(onto):
    """A property with several subject types has no rdfs:domain (only schema:domainIncludes)."""
    for p in set(onto.subjects(SCHEMA.domainIncludes, None)):
        assert onto.value(p, RDFS.domain) is None, p
    for p in set(onto.subjects(SCHEMA.rangeIncludes, None)):
        assert onto.value(p, RDFS.range) is None, p
    # the ones the article uses with several subject types
    for name in ("locatedIn", "partnerIn", "landArea", "collectiveIncomeGain", "focusesOnIndustry", "status"):
        assert onto.value(EDZ[name], RDFS.domain) is None, name


def scheme(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / name)


@pytest.mark.parametrize("file,kind,low,high", [
    ("industries.ttl", "industry", 60, 150),
    ("indicators.ttl", "indicator", 25, 120),
    ("project-types.ttl", "project-type", 8, 60),
])
def test_concept_schemes_follow_the_iri_rule(file, kind, low, high):
    g = scheme(file)
    s = URIRef(f"{B}id/{kind}")
    assert (s, RDF.type, SKOS.ConceptScheme) in g
    concepts = sorted(g.subjects(SKOS.inScheme, s))
    assert low <= len(concepts) <= high
    seen_labels = Counter()
    for c in concepts:
        zh = [o for o in g.objects(c, SKOS.prefLabel) if o.language == "zh"]
        en = [o for o in g.objects(c, SKOS.prefLabel) if o.language == "en"]
        assert len(zh) == 1 and len(en) == 1, c
        assert str(c) == f"{B}id/{kind}/{slug(str(zh[0]))}"
        broader = list(g.objects(c, SKOS.broader))
        assert broader or (c, SKOS.topConceptOf, s) in g, c
        assert all((b, SKOS.inScheme, s) in g for b in broader), c
        seen_labels.update(str(o) for o in g.objects(c, SKOS.prefLabel | SKOS.altLabel) if o.language == "zh")
    assert [lab for lab, n in seen_labels.items() if n > 1] == []  # a matcher needs unambiguous labels


def test_industry_dictionary_knows_the_general_terms():
    g = scheme("industries.ttl")

    def concept(label: str):
        hits = [c for c in g.subjects(SKOS.prefLabel, Literal(label, lang="zh"))]
        hits += [c for c in g.subjects(SKOS.altLabel, Literal(label, lang="zh"))]
        assert len(hits) == 1, label
        return hits[0]

    assert concept("环保新材料") == concept("新材料")
    assert concept("5G电子信息") == concept("电子信息")
    assert concept("高端生命健康") == concept("生命健康")
    for label in ("高端装备制造", "集成电路", "智能制造", "现代物流", "临港工业", "现代农业", "花卉种植",
                  "木业", "塑胶", "模具", "喷涂", "数字经济"):
        concept(label)
    assert (concept("集成电路"), SKOS.broader, concept("电子信息")) in g
    assert (concept("花卉种植"), SKOS.broader, concept("现代农业")) in g


def test_indicators_carry_their_fixed_units():
    g = scheme("indicators.ttl")
    unit = URIRef(str(EDZ) + "measureUnit")

    def concept(label: str):
        (c,) = list(g.subjects(SKOS.prefLabel, Literal(label, lang="zh")))
        return c

    assert g.value(concept("地区生产总值"), unit) == URIRef("http://qudt.org/vocab/currency/CNY")
    assert g.value(concept("签约率"), unit) == URIRef("http://qudt.org/vocab/unit/PERCENT")
    for label in ("规上工业总产值", "规上工业增加值", "规上工业产值", "农村居民人均可支配收入", "固定资产投资",
                  "实际利用外资", "税收收入", "工业经济总量"):
        concept(label)
    gdp = concept("地区生产总值")
    assert Literal("GDP", lang="zh") in set(g.objects(gdp, SKOS.altLabel))


def test_mu_converts_to_square_metres(onto):
    factor = onto.value(EDZ.Mu, URIRef("http://qudt.org/schema/qudt/conversionMultiplier"))
    assert abs(float(factor) * 15 - 10000) < 1e-9


def test_build_puts_shapes_in_their_own_graph_and_rebases():
    ns = Namespace("https://edz.example.org/kg/")
    quads = ontology_quads(ns)
    graphs = Counter(q.graph_name.value for q in quads)
    assert set(graphs) == {ns.base + "graph/ontology", ns.base + "graph/shapes"}
    assert not any(B in str(q) for q in quads)  # nothing left of the default base
    shapes = [q for q in quads if q.graph_name.value.endswith("graph/shapes")]
    assert any(q.subject.value == ns.base + "ontology/shapes#VillageShape" for q in shapes)
    assert ontology_quads(ns) == quads  # blank nodes get stable labels: same files, same quads


def test_shape_iris_live_under_ontology_shapes():
    g = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    shapes = set(g.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert len(shapes) > 20
    assert all(str(s).startswith(B + "ontology/shapes#") for s in shapes)


def test_documentation_page_has_an_anchor_per_term(everything):
    html = render_ontology_html(everything.serialize(format="turtle"), B)
    for t in own_terms(everything):
        local = str(t)[len(str(EDZ)):]
        assert f'id="{local}"' in html, local
    assert "开发区" in html and "development zone" in html
    assert html.count("<html") == 1 and "<script" not in html


def test_documentation_page_escapes_literals_and_follows_the_base():
    base = "https://edz.example.org/kg/"
    ttl = f"""@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <{base}ontology> a owl:Ontology ; owl:versionInfo "1<2" .
    <{base}ontology#Zone> a owl:Class ; rdfs:label "zone <script>alert(1)</script>"@en , "区 & 园"@zh ;
        skos:definition "A \\"quoted\\" <b>definition</b>"@en ."""
    html = render_ontology_html(ttl, base)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;definition&lt;/b&gt;" in html and "区 &amp; 园" in html
    assert 'id="Zone"' in html and f"{base}data/ontology.ttl" in html
