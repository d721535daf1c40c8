"""Articles written for this test (tests/data/articles/): other zones, provinces, villages,
companies, people and amounts, with the same kind of page-break damage. Their expected facts
(``*.gold.yaml``) were written by reading them; nothing in the extractor knows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .gold import (extract, load_gold, negative_hits, report, score_entities, score_figures,
                   score_observations, score_relations, spans)

ARTICLES = sorted((Path(__file__).resolve().parent / "data" / "articles").glob("*.txt"))


def test_there_are_at_least_three_articles():
    assert len(ARTICLES) >= 3


@pytest.fixture(scope="module", params=ARTICLES, ids=lambda p: p.stem)
def article(request):
    path = request.param
    return extract(path), load_gold(path.with_suffix(".gold.yaml"))


def test_precision_and_recall(article):
    g, gold = article
    scores = [score_entities(g, gold), score_relations(g, gold), score_figures(g, gold),
              score_observations(g, gold)]
    print("\n" + report(g.doc.docid, scores))
    ents, rels, figs, obs = scores
    assert ents.recall >= 0.8 and ents.precision >= 0.85, ents.line()
    assert rels.recall >= 0.75 and rels.precision >= 0.85, rels.line()
    assert figs.recall >= 0.8, figs.line()
    assert obs.recall >= 0.75, obs.line()


def test_no_forbidden_fact(article):
    g, gold = article
    assert negative_hits(g, gold) == []


def test_every_span_is_the_exact_original_text(article):
    g, _ = article
    for start, end, exact in spans(g):
        assert g.doc.text[start:end] == exact


def test_doubled_name_at_a_page_break_is_one_person():
    g = extract(next(p for p in ARTICLES if p.stem.startswith("a_")))
    rows = g.rows("""SELECT ?x WHERE { ?p a edz:Person ; rdfs:label "沈国强"@zh ; edz:mention ?m .
        ?m oa:exact ?x }""")
    assert [r["x"] for r in rows] == ["沈国\n\n\n\n平湖经济技术开发区智能装备产业园\n\n国强"]


def test_division_below_the_gazetteer_is_placed_under_its_county():
    g = extract(next(p for p in ARTICLES if p.stem.startswith("c_")))
    rows = g.rows("""SELECT ?d WHERE { ?d a edz:Subdistrict ; rdfs:label "南夏墅街道"@zh }""")
    assert [r["d"].rsplit("/", 1)[-1] for r in rows] == ["320412-nan-xia-shu-jie-dao"]


def test_company_name_that_lost_a_character_at_a_page_break():
    import datetime as dt

    import pyoxigraph as ox

    from graph.corpus import Document
    from graph.pipeline import extract_document

    from .gold import NS

    raw = ("海盐经济开发区 招商引资\n\n今年,浙江德盛铁路器材股份有限公司在海盐经济开发区投资建设新厂房,浙江德盛铁路器\n\n"
           "股份有限公司CEO关炜表示,项目将于明年投产。\n")
    store = ox.Store()
    store.extend(extract_document(Document(docid="snippet", text=raw, published=dt.date(2023, 1, 1)), NS))
    companies = [r["l"].value for r in store.query(
        "SELECT ?l WHERE { GRAPH ?g { ?e a <%sCompany> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        "FILTER(lang(?l) = 'zh') } }" % NS.edz)]
    assert companies == ["浙江德盛铁路器材股份有限公司"]
    posts = list(store.query("SELECT ?o WHERE { GRAPH ?g { ?p <%spostIn> ?o } }" % NS.edz))
    assert [r["o"].value for r in posts] == [NS.entity("org", "zhe-jiang-de-sheng-tie-lu-qi-cai-gu-fen-you-xian-gong-si")]
