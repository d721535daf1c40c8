"""Smoke test of the benchmark harness on a few items: the generators write usable data and the
load generator talks to a real endpoint. No timing is asserted (benchmarks are not tests)."""

from __future__ import annotations

import io

import pytest

from bench import gen_articles, gen_triples, loadgen


def test_generated_articles_are_deterministic_distinct_and_readable(tmp_path):
    from graph.corpus import list_corpus, read_document
    from graph.iris import Namespace
    from graph.pipeline import extract_document

    assert gen_articles.article(7, 3) == gen_articles.article(7, 3)
    chars = gen_articles.write_corpus(tmp_path, count=5, seed=7)
    paths = list_corpus(tmp_path)
    assert len(paths) == 5
    docs = [read_document(p) for p in paths]
    assert len({d.text for d in docs}) == 5
    assert sum(len(d.text) for d in docs) == chars
    for d in docs:
        assert "开发区" in d.text  # the genre: development-zone news
        assert d.published is not None  # the sidecar metadata is read
        assert extract_document(d, Namespace()), d.docid


def test_generated_triples_are_exact_in_number_and_servable(tmp_path):
    import pyoxigraph as ox

    from graph.store import dataset_info

    buf = io.StringIO()
    n = gen_triples.write_nquads(buf, 10_000)
    assert n == 10_000
    quads = list(ox.parse(buf.getvalue().encode(), format=ox.RdfFormat.N_QUADS))
    assert len(set(quads)) == 10_000  # no duplicates: a SELECT of all triples returns exactly n rows
    store = tmp_path / "big"
    db = ox.Store(str(store))
    db.extend(quads)
    db.flush()
    del db
    assert dataset_info(store).base_iri == "http://127.0.0.1:8000/"  # `edzkg serve` can serve it


def test_load_generator_refuses_non_loopback_targets():
    with pytest.raises(ValueError):
        loadgen.run_httpx("http://192.0.2.1/sparql", ["ASK {}"], 1, 0.1, False)


@pytest.mark.parametrize("tool", ["httpx", "wrk"])
def test_load_generator_against_the_served_seed(server_url, tool):
    if tool == "wrk" and not loadgen.have_wrk():
        pytest.skip("wrk is not installed (apt-get install wrk)")
    run = loadgen.run_httpx if tool == "httpx" else loadgen.run_wrk
    for distinct in (False, True):
        r = run(server_url + "/sparql", ["ASK { ?s ?p ?o }"], 2, 0.5, distinct)
        assert r.requests > 0
        assert r.errors == 0
        assert r.p50_ms <= r.p99_ms
