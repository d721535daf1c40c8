"""SHACL shapes and OWL 2 RL checks accept a correct small graph and catch real mistakes.

The correct graph describes a snippet of the seed article the way the pipeline should; each
broken variant makes one mistake an extractor can really make and expects its violation.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from graph.validate import ontology_files_graph, owl_check, shacl_check

B = "http://127.0.0.1:8000/"
EDZ = Namespace(B + "ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DOC = B + "doc/t1"
TEXT = "桐乡经济开发区(高桥街道)三村村引进了总投资200多万元的果蔬冷藏项目。"


def span(start: int, end: int) -> str:
    return f"<{DOC}/span/{start}-{end}>"


def nni(n: int) -> str:
    return f'"{n}"^^xsd:nonNegativeInteger'


def at(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


ZONE, SUB, VIL, MONEY = at("桐乡经济开发区"), at("高桥街道"), at("三村村"), at("200多万元")
SENT = (0, len(TEXT))

GOOD = f"""
@prefix edz: <{B}ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qudt: <http://qudt.org/schema/qudt/> . @prefix unit: <http://qudt.org/vocab/unit/> .
@prefix cur: <http://qudt.org/vocab/currency/> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix id: <{B}id/> .

<{DOC}> a edz:Document ; nif:isString "{TEXT}" .
{span(*SENT)} a edz:Sentence , edz:TextUnit ; edz:unitKind "paragraph" ; edz:inDocument <{DOC}> ;
    oa:start {nni(SENT[0])} ; oa:end {nni(SENT[1])} ; oa:exact "{TEXT}" .
{span(*ZONE)} a edz:Mention ; edz:inDocument <{DOC}> ; edz:inSentence {span(*SENT)} ;
    oa:start {nni(ZONE[0])} ; oa:end {nni(ZONE[1])} ; oa:exact "桐乡经济开发区" .
{span(*SUB)} a edz:Mention ; edz:inDocument <{DOC}> ; oa:start {nni(SUB[0])} ; oa:end {nni(SUB[1])} ; oa:exact "高桥街道" .
{span(*VIL)} a edz:Mention ; edz:inDocument <{DOC}> ; oa:start {nni(VIL[0])} ; oa:end {nni(VIL[1])} ; oa:exact "三村村" .
{span(*MONEY)} a edz:Mention ; edz:inDocument <{DOC}> ; oa:start {nni(MONEY[0])} ; oa:end {nni(MONEY[1])} ; oa:exact "200多万元" .

id:zone\\/tx a edz:DevelopmentZone ; rdfs:label "桐乡经济开发区"@zh ; edz:mention {span(*ZONE)} ;
    edz:administeredJointlyWith id:division\\/330483004 ; edz:locatedIn id:division\\/330483 ;
    edz:focusesOnIndustry id:industry\\/xin-cai-liao .
id:division\\/330000 a edz:Province ; rdfs:label "浙江省"@zh ; edz:divisionCode "330000" .
id:division\\/330400 a edz:City ; rdfs:label "嘉兴市"@zh ; edz:divisionCode "330400" ; edz:partOf id:division\\/330000 .
id:division\\/330483 a edz:County ; rdfs:label "桐乡市"@zh ; edz:divisionCode "330483" ; edz:partOf id:division\\/330400 .
id:division\\/330483004 a edz:Subdistrict ; rdfs:label "高桥街道"@zh ; edz:divisionCode "330483004" ;
    edz:partOf id:division\\/330483 ; edz:mention {span(*SUB)} ; edz:administeredJointlyWith id:zone\\/tx .
id:division\\/330483004207 a edz:Village ; rdfs:label "三村村"@zh ; edz:divisionCode "330483004207" ;
    edz:partOf id:division\\/330483004 ; edz:mention {span(*VIL)} ; edz:introduced id:project\\/cold ;
    edz:pairedWith id:org\\/ds .
id:org\\/ds a edz:Company ; rdfs:label "浙江德盛铁路器材股份有限公司"@zh ; edz:pairedWith id:division\\/330483004207 ;
    edz:mention {span(*ZONE)} .
id:org\\/branch a edz:PartyOrganization ; rdfs:label "三村村党总支"@zh ; edz:bodyOf id:division\\/330483004207 ;
    edz:mention {span(*VIL)} .
id:person\\/zhu a edz:Person ; rdfs:label "朱晓良"@zh ; edz:holdsPost id:post\\/zhu-secretary ; edz:mention {span(*VIL)} .
id:post\\/zhu-secretary a edz:Post ; rdfs:label "三村村党总支书记"@zh ; edz:heldBy id:person\\/zhu ;
    edz:postIn id:org\\/branch ; edz:roleTitle "党总支书记"@zh .
id:project\\/cold a edz:Project ; rdfs:label "果蔬冷藏项目"@zh ; edz:mention {span(*SENT)} ;
    edz:status edz:InOperation ; edz:introducedInto id:division\\/330483004207 ;
    edz:totalInvestment id:figure\\/m1 ; edz:collectiveIncomeGain id:figure\\/m2 ; edz:landArea id:figure\\/a1 ;
    edz:projectType id:project-type\\/nong-ye-ji-di .
id:figure\\/m1 a edz:MonetaryAmount ; qudt:numericValue "2000000"^^xsd:decimal ; edz:currency "CNY" ;
    qudt:unit cur:CNY ; edz:approximation edz:AtLeast ; edz:originalText "200多万元" ; edz:mention {span(*MONEY)} .
id:figure\\/m2 a edz:MonetaryAmount ; qudt:numericValue "250000"^^xsd:decimal ; edz:currency "CNY" ;
    edz:approximation edz:AtLeast ; edz:perPeriod "P1Y"^^xsd:duration .
id:figure\\/a1 a edz:Area ; qudt:numericValue "1666666.67"^^xsd:decimal ; qudt:unit unit:M2 ;
    edz:valueInMu "2500"^^xsd:decimal ; edz:valueInSquareMetres "1666666.67"^^xsd:decimal ;
    edz:valueInHectares "166.666667"^^xsd:decimal .
id:observation\\/gdp a edz:Observation ; edz:indicator id:indicator\\/di-qu-sheng-chan-zong-zhi ;
    edz:refArea id:zone\\/tx ; edz:refPeriod id:observation\\/gdp-period ; edz:valueKind edz:Level ;
    qudt:numericValue "37477000000"^^xsd:decimal ; qudt:unit cur:CNY ; edz:currency "CNY" .
id:observation\\/gdp-period a time:Interval ; edz:originalText "过去五年" ;
    time:hasBeginning [ a time:Instant ; time:inXSDDate "2017-01-01"^^xsd:date ] ;
    time:hasEnd [ a time:Instant ; time:inXSDDate "2021-12-31"^^xsd:date ] .
<{DOC}/stmt/a1> a edz:Statement ; rdf:subject id:zone\\/tx ; rdf:predicate edz:administeredJointlyWith ;
    rdf:object id:division\\/330483004 ; edz:evidence {span(*SENT)} ; edz:extractedBy "zone-subdistrict-paren" ;
    prov:wasDerivedFrom <{DOC}> .
"""


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return ontology_files_graph()


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return ontology_files_graph(shapes=True)


def good() -> rdflib.Graph:
    return rdflib.Graph().parse(data=GOOD, format="turtle")


def violations(g, ontology, shapes) -> list[str]:
    ok, problems = shacl_check(g, ontology, shapes)
    found = [p.line() for p in problems if p.severity == "Violation"]
    assert ok == (not found)
    return found


def id_(path: str) -> URIRef:
    return URIRef(B + "id/" + path)


def test_the_correct_graph_conforms(ontology, shapes):
    assert violations(good(), ontology, shapes) == []


def test_the_correct_graph_is_owl_consistent(ontology):
    problems, _ = owl_check(good(), ontology)
    assert problems == []


def assert_caught(g, ontology, shapes, *fragments: str) -> None:
    found = violations(g, ontology, shapes)
    assert found, "the broken graph was accepted"
    for fragment in fragments:
        assert any(fragment in line for line in found), f"{fragment!r} not in {found}"


def test_village_without_part_of(ontology, shapes):
    g = good()
    g.remove((id_("division/330483004207"), EDZ.partOf, None))
    assert_caught(g, ontology, shapes, "village is part of exactly one subdistrict or town")


def test_village_part_of_a_county(ontology, shapes):
    g = good()
    g.set((id_("division/330483004207"), EDZ.partOf, id_("division/330483")))
    assert_caught(g, ontology, shapes, "village is part of exactly one subdistrict or town")


def test_division_code_outside_its_parent(ontology, shapes):
    g = good()
    g.set((id_("division/330483"), EDZ.partOf, id_("division/330000")))  # ok: county under province
    assert violations(g, ontology, shapes) == []
    g.set((id_("division/330483004"), EDZ.divisionCode, Literal("330424002")))  # 西塘桥街道 of 海盐县
    assert_caught(g, ontology, shapes, "does not start with the code of its parent")


def test_monetary_amount_with_a_string_value(ontology, shapes):
    g = good()
    g.set((id_("figure/m1"), QUDT.numericValue, Literal("200多万元")))
    assert_caught(g, ontology, shapes, "exactly one qudt:numericValue, an xsd:decimal")


def test_monetary_amount_without_iso_currency(ontology, shapes):
    g = good()
    g.set((id_("figure/m1"), EDZ.currency, Literal("元")))
    assert_caught(g, ontology, shapes, "ISO 4217 currency code")
    g = good()
    g.set((id_("figure/m1"), EDZ.currency, Literal("USD")))  # but qudt:unit says CNY
    assert_caught(g, ontology, shapes, "disagrees with unit")


def test_mention_with_start_after_end(ontology, shapes):
    g = good()
    m = URIRef(f"{DOC}/span/{VIL[0]}-{VIL[1]}")
    g.set((m, OA.start, Literal(VIL[1] + 2, datatype=XSD.nonNegativeInteger)))
    assert_caught(g, ontology, shapes, "before its oa:end")
    g.set((m, OA.start, Literal(-1)))
    assert_caught(g, ontology, shapes, "an integer ≥ 0")


def test_mention_whose_text_is_not_the_documents(ontology, shapes):
    g = good()
    m = URIRef(f"{DOC}/span/{VIL[0]}-{VIL[1]}")
    g.set((m, OA.exact, Literal("漕泾村")))  # same length, wrong characters
    assert_caught(g, ontology, shapes, "not the document's text between oa:start and oa:end")
    g.set((m, OA.exact, Literal("三村")))
    assert_caught(g, ontology, shapes, "oa:exact has 2 characters but the span is 3 long")


def test_mention_without_exact_text(ontology, shapes):
    g = good()
    g.remove((URIRef(f"{DOC}/span/{VIL[0]}-{VIL[1]}"), OA.exact, None))
    assert_caught(g, ontology, shapes, "exact original text")


def test_post_held_by_two_persons(ontology, shapes):
    g = good()
    other = id_("person/zhang")
    g.add((other, RDF.type, EDZ.Person))
    g.add((other, RDFS.label, Literal("张锋", lang="zh")))
    g.add((id_("post/zhu-secretary"), EDZ.heldBy, other))
    assert_caught(g, ontology, shapes, "held by exactly one person")
    problems, _ = owl_check(g, ontology)  # edz:heldBy is functional
    assert any("functional property" in p.message for p in problems)


def test_post_without_organization(ontology, shapes):
    g = good()
    g.remove((id_("post/zhu-secretary"), EDZ.postIn, None))
    assert_caught(g, ontology, shapes, "in exactly one organization")


def test_pairing_two_companies(ontology, shapes):
    g = good()
    g.add((id_("org/branch"), EDZ.pairedWith, id_("org/ds")))
    assert_caught(g, ontology, shapes, "links a company and a village")


def test_entity_label_rules(ontology, shapes):
    g = good()
    g.add((id_("zone/tx"), RDFS.label, Literal("桐乡经开区", lang="zh")))
    assert_caught(g, ontology, shapes, "exactly one Chinese rdfs:label")
    g = good()
    g.remove((id_("zone/tx"), RDFS.label, None))
    g.add((id_("zone/tx"), RDFS.label, Literal("Tongxiang Economic Development Zone", lang="en")))
    assert_caught(g, ontology, shapes, "exactly one Chinese rdfs:label")


def test_statement_without_evidence_or_rule(ontology, shapes):
    g = good()
    st = URIRef(f"{DOC}/stmt/a1")
    g.remove((st, EDZ.evidence, None))
    g.remove((st, EDZ.extractedBy, None))
    assert_caught(g, ontology, shapes, "has its evidence", "names the rule that extracted it")


def test_statement_of_a_fact_that_is_not_in_the_graph(ontology, shapes):
    g = good()
    g.set((URIRef(f"{DOC}/stmt/a1"), RDF.object, id_("division/330483")))
    assert_caught(g, ontology, shapes, "is not asserted in the graph")


def test_observation_without_period_or_indicator(ontology, shapes):
    g = good()
    g.remove((id_("observation/gdp"), EDZ.refPeriod, None))
    g.remove((id_("observation/gdp"), EDZ.indicator, None))
    assert_caught(g, ontology, shapes, "exactly one reference period", "exactly one indicator")


def test_share_above_one_hundred_percent(ontology, shapes):
    g = good()
    obs = id_("observation/gdp")
    g.set((obs, EDZ.valueKind, EDZ.Share))
    g.set((obs, QUDT.numericValue, Literal("140", datatype=XSD.decimal)))
    assert_caught(g, ontology, shapes, "growth rate or share is in unit:PERCENT", "between 0 and 100")


def test_area_in_mu_that_disagrees_with_square_metres(ontology, shapes):
    g = good()
    g.set((id_("figure/a1"), EDZ.valueInMu, Literal("4500", datatype=XSD.decimal)))
    assert_caught(g, ontology, shapes, "mu × 666.67 ≠ square metres")


def test_industry_outside_the_industry_scheme(ontology, shapes):
    g = good()
    g.set((id_("zone/tx"), EDZ.focusesOnIndustry, id_("indicator/di-qu-sheng-chan-zong-zhi")))
    assert_caught(g, ontology, shapes, "concept of the industry scheme")


def test_unknown_project_status(ontology, shapes):
    g = good()
    g.set((id_("project/cold"), EDZ.status, Literal("投产")))
    assert_caught(g, ontology, shapes, "edz:status is one of")


def test_interval_that_ends_before_it_begins(ontology, shapes):
    g = good()
    period = id_("observation/gdp-period")
    end = g.value(period, URIRef("http://www.w3.org/2006/time#hasEnd"))
    g.set((end, URIRef("http://www.w3.org/2006/time#inXSDDate"), Literal("2016-12-31", datatype=XSD.date)))
    assert_caught(g, ontology, shapes, "ends")


def test_owl_catches_a_person_typed_as_an_organization(ontology):
    g = good()
    g.add((id_("person/zhu"), RDF.type, EDZ.Company))
    problems, _ = owl_check(g, ontology)
    assert any("person/zhu" in p.focus + p.message for p in problems)


def test_owl_catches_a_village_typed_as_a_town(ontology):
    g = good()
    g.add((id_("division/330483004207"), RDF.type, EDZ.Town))
    problems, _ = owl_check(g, ontology)
    assert any("330483004207" in p.focus + p.message for p in problems)
