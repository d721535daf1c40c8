"""Every article the tests hold builds a graph that conforms to the ontology's shapes and is
consistent under OWL 2 RL.

The seed is checked by tests/test_extraction_seed.py; this module runs the same checks on each
article written for the tests (tests/data/articles) and each blind set's input, so a rule that works
on the seed but writes, say, a post held in a place (Place and Agent are disjoint) or a gain that is
no amount elsewhere is caught. Warnings (a gain whose period the text does not state) are allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.corpus import read_document
from graph.iris import Namespace
from graph.pipeline import extract_nquads
from graph.validate import ontology_files_graph, validate_graphs

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = sorted(DATA.glob("articles/*.txt")) + sorted(DATA.glob("blind*/[0-9][0-9]_*.txt"))


@pytest.fixture(scope="module")
def vocabularies() -> tuple[rdflib.Graph, rdflib.Graph]:
    return ontology_files_graph(), ontology_files_graph(shapes=True)


def test_the_articles_are_enough_to_matter():
    assert len(ARTICLES) >= 15


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_the_article_conforms_to_the_shapes_and_is_consistent(path, vocabularies):
    data = rdflib.Graph()
    quads = "".join(extract_nquads(read_document(path), Namespace()))
    for s, p, o, _ in rdflib.Dataset().parse(data=quads, format="nquads").quads((None, None, None, None)):
        data.add((s, p, o))
    report = validate_graphs(data, *vocabularies)
    assert report.conforms, report.text
