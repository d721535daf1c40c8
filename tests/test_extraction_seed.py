"""The seed article's graph against the facts written by reading it (tests/data/seed_gold.yaml).

Precision and recall are printed (``pytest -s``); the floors below are what the extractor must
keep. Exact assertions check the facts a researcher would look up first, and facts that must
not be there.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import SEED
from .gold import (extract, load_gold, negative_hits, report, score_entities, score_figures,
                   score_observations, score_relations, spans)

GOLD = Path(__file__).resolve().parent / "data" / "seed_gold.yaml"


@pytest.fixture(scope="module")
def g():
    return extract(SEED)


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def iri_of(g, label: str, cls: str) -> str:
    rows = g.rows(f'SELECT ?e WHERE {{ ?e a edz:{cls} ; rdfs:label|skos:altLabel "{label}"@zh }}')
    assert len({r["e"] for r in rows}) == 1, f"{label} ({cls}): {rows}"
    return rows[0]["e"]


# ---------------------------------------------------------------------------- scores


def test_precision_and_recall_against_the_gold(g, gold):
    scores = [score_entities(g, gold), score_relations(g, gold), score_figures(g, gold),
              score_observations(g, gold)]
    print("\n" + report(SEED.name, scores))
    ents, rels, figs, obs = scores
    assert ents.recall >= 0.9 and ents.precision >= 0.9, ents.line()
    assert rels.recall >= 0.85 and rels.precision >= 0.9, rels.line()
    assert figs.recall >= 0.85, figs.line()
    assert obs.recall >= 0.85, obs.line()


def test_no_forbidden_fact(g, gold):
    assert negative_hits(g, gold) == []


def test_every_span_is_the_exact_original_text(g):
    text = g.doc.text
    found = spans(g)
    assert len(found) > 200
    for start, end, exact in found:
        assert text[start:end] == exact, (start, end, exact)


# ---------------------------------------------------------------------------- key facts


def test_zhu_xiaoliang_holds_two_posts_in_sancun_organizations(g):
    rows = g.rows("""SELECT ?title ?org ?owner WHERE { ?p rdfs:label "朱晓良"@zh ; edz:holdsPost ?post .
        ?post edz:roleTitle ?title ; edz:postIn ?o . ?o rdfs:label ?org ; edz:bodyOf ?w .
        ?w rdfs:label ?owner FILTER(lang(?org) = 'zh' && lang(?owner) = 'zh') }""")
    assert {(r["title"], r["org"]) for r in rows} == {("党总支书记", "三村村党总支"), ("村委会主任", "三村村村委会")}
    assert {r["owner"] for r in rows} == {"三村村"}


def test_guan_wei_is_ceo_of_desheng_and_mentor_of_caojing(g):
    guan = iri_of(g, "关炜", "Person")
    company = iri_of(g, "浙江德盛铁路器材股份有限公司", "Company")
    caojing = iri_of(g, "漕泾村", "Village")
    assert g.rows(f"""SELECT * WHERE {{ <{guan}> edz:holdsPost ?p . ?p edz:postIn <{company}> ;
        edz:roleTitle "CEO"@zh }}""")
    assert g.rows(f"SELECT * WHERE {{ <{guan}> edz:mentorOf <{caojing}> }}")
    assert g.rows(f"SELECT * WHERE {{ <{company}> edz:pairedWith <{caojing}> }}")
    # the short form written later in the article is the same company
    assert company == iri_of(g, "德盛铁路", "Company")


def test_cold_storage_project_investment_and_village(g):
    rows = g.rows("""SELECT ?v ?cur ?a ?text ?village WHERE { ?p a edz:Project ; skos:altLabel "果蔬冷藏项目"@zh ;
        edz:totalInvestment ?f ; edz:introducedInto ?vi . ?f qudt:numericValue ?v ; edz:currency ?cur ;
        edz:approximation ?a ; edz:originalText ?text . ?vi rdfs:label ?village FILTER(lang(?village) = 'zh') }""")
    assert len(rows) == 1
    r = rows[0]
    assert Decimal(r["v"]) == Decimal(2000000) and r["cur"] == "CNY" and r["a"].endswith("#AtLeast")
    assert r["text"] == "200多万元" and r["village"] == "漕泾村"


def test_cold_storage_investment_statement_points_at_its_sentence(g):
    rows = g.rows("""SELECT ?rule ?s ?e ?x WHERE { ?st rdf:subject ?p ; rdf:predicate edz:totalInvestment ;
        edz:extractedBy ?rule ; edz:evidence ?sent . ?p skos:altLabel "果蔬冷藏项目"@zh .
        ?sent oa:start ?s ; oa:end ?e ; oa:exact ?x }""")
    assert len(rows) == 1
    r = rows[0]
    assert "总投资200多万元的果蔬冷藏项目" in r["x"].replace("\n", "")
    assert g.doc.text[int(r["s"]):int(r["e"])] == r["x"] and r["rule"]


def test_joint_administration_and_containment(g):
    zone = iri_of(g, "嘉善经济技术开发区", "DevelopmentZone")
    huimin = iri_of(g, "惠民街道", "Subdistrict")
    assert huimin.endswith("/division/330421003")
    assert g.rows(f"SELECT * WHERE {{ <{zone}> edz:administeredJointlyWith <{huimin}> }}")
    sancun = iri_of(g, "三村村", "Village")
    gaoqiao = iri_of(g, "高桥街道", "Subdistrict")
    assert sancun.endswith("/division/330483004207")
    assert g.rows(f"SELECT * WHERE {{ <{sancun}> edz:partOf <{gaoqiao}> }}")
    # 桐乡 → 桐乡市 330483 → 嘉兴市 → 浙江省
    tx = iri_of(g, "桐乡经济开发区", "DevelopmentZone")
    chain = g.rows(f"""SELECT ?code WHERE {{ <{tx}> edz:locatedIn ?c . ?c edz:partOf* ?x . ?x edz:divisionCode ?code }}""")
    assert {r["code"] for r in chain} == {"330483", "330400", "330000"}


def test_haiyan_gdp_over_the_past_five_years(g):
    rows = g.rows("""SELECT ?v ?b ?e ?k WHERE { ?o a edz:Observation ; edz:refArea ?z ; edz:originalText "374.77亿元" ;
        qudt:numericValue ?v ; edz:valueKind ?k ; edz:refPeriod ?p . ?z rdfs:label "海盐经济开发区"@zh .
        ?p <http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inXSDDate> ?b ;
           <http://www.w3.org/2006/time#hasEnd>/<http://www.w3.org/2006/time#inXSDDate> ?e }""")
    assert len(rows) == 1
    r = rows[0]
    assert Decimal(r["v"]) == Decimal("37477000000") and r["k"].endswith("#Level")
    assert r["b"] == "2017-01-01" and r["e"] == "2021-12-31"


def test_vacated_area_of_2045_mu(g):
    rows = g.rows("""SELECT ?mu ?a ?park WHERE { ?o a edz:Observation ; edz:refArea ?p ; edz:originalText ?t ;
        edz:approximation ?a . ?p rdfs:label ?park . ?f edz:originalText ?t ; edz:valueInMu ?mu
        FILTER(CONTAINS(?t, "2045亩") && lang(?park) = 'zh') }""")
    assert len(rows) == 1
    assert Decimal(rows[0]["mu"]) == 2045 and rows[0]["a"].endswith("#Approximately")
    assert rows[0]["park"] == "横泾桥老旧工业园区"


def test_damaged_zone_name_resolves_to_the_zone(g):
    body = iri_of(g, "桐乡经济开发区纪检监察工委", "PartyOrganization")
    rows = g.rows(f"""SELECT ?x ?r WHERE {{ <{body}> edz:mention ?m . ?m oa:exact ?x ;
        edz:repairedText ?r }}""")
    assert rows == [{"x": "桐乡经济开\n\n区纪检监察工委", "r": "桐乡经济开区纪检监察工委"}]
    zone = iri_of(g, "桐乡经济开发区", "DevelopmentZone")
    assert g.rows(f"SELECT * WHERE {{ <{body}> edz:bodyOf <{zone}> }}")


def test_partners_of_the_seedling_project(g):
    rows = g.rows("""SELECT ?l WHERE { ?x edz:partnerIn ?p . ?p rdfs:label "中科康成种苗农业合作项目"@zh ;
        edz:status edz:Signed . ?x rdfs:label ?l FILTER(lang(?l) = 'zh') }""")
    assert {r["l"] for r in rows} == {"桐乡经济开发区", "杭州康成农业科技有限公司", "长三角健康农业研究院（浙江）有限公司"}


def test_english_labels(g):
    rows = g.rows("""SELECT ?zh ?en WHERE { ?e rdfs:label ?zh , ?en FILTER(lang(?zh) = 'zh' && lang(?en) = 'en') }""")
    en = {r["zh"]: r["en"] for r in rows}
    assert en["桐乡经济开发区"] == "Tongxiang Economic Development Zone"
    assert en["三村村"] == "Sancun Village"
    assert en["朱晓良"] == "Zhu Xiaoliang"
    assert en["浙江德盛铁路器材股份有限公司"].startswith("Zhejiang Desheng") and en["浙江德盛铁路器材股份有限公司"].endswith("Co., Ltd.")


# ---------------------------------------------------------------------------- what must not be there


def test_no_project_of_sancun_is_linked_to_caojing(g):
    rows = g.rows("""SELECT ?p WHERE { ?p a edz:Project ; ?rel ?v . ?v rdfs:label "漕泾村"@zh .
        ?p rdfs:label|skos:altLabel ?l FILTER(?l IN ("中科康成种苗农业合作项目"@zh, "土地综合整治项目"@zh)) }""")
    assert rows == []


def test_wang_ding_is_not_linked_to_desheng(g):
    rows = g.rows("""SELECT ?x WHERE { ?w rdfs:label "王鼎"@zh . ?c rdfs:label "浙江德盛铁路器材股份有限公司"@zh .
        { ?w ?p ?c } UNION { ?w edz:holdsPost ?x . ?x edz:postIn ?c } UNION { ?c ?p ?w } }""")
    assert rows == []


def test_build_is_deterministic():
    from graph.corpus import read_document
    from graph.iris import Namespace
    from graph.pipeline import extract_document

    doc = read_document(SEED)
    a = sorted(str(q) for q in extract_document(doc, Namespace()))
    b = sorted(str(q) for q in extract_document(doc, Namespace()))
    assert a == b


def test_fast_slug_equals_the_contract_slug():
    """resolve.slug (fast path) must give graph.iris.slug's IRIs: every 5th gazetteer name and
    the names of the seed's entities."""
    from graph.gazetteer import load
    from graph.iris import slug as contract
    from graph.resolve import slug

    names = list(load().names())[::5] + ["长三角健康农业研究院（浙江）有限公司", "年产8000万条引线框架建设项目",
                                          "嘉善经开机械智能制造小微园", "上海之窗·智慧科学城", "重庆银行"]
    assert [slug(n) for n in names] == [contract(n) for n in names]
