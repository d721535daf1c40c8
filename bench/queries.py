"""The queries the benchmarks send: the queries/ mix (or a stand-in), a tiny ASK, aggregates at
scale over the generated dataset, and the 1M-row SELECT."""

from __future__ import annotations

import re
from pathlib import Path

from graph.iris import DEFAULT_BASE, rebase

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"

PREFIXES = """PREFIX edz: <http://127.0.0.1:8000/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
"""

TINY_ASK = "ASK { ?s ?p ?o }"

# Stand-in for the queries/ mix while it does not exist: representative SELECTs over the seed store.
STAND_IN: dict[str, str] = {
    "zones-with-labels": PREFIXES + "SELECT ?z ?label WHERE { ?z a edz:DevelopmentZone ; rdfs:label ?label } ORDER BY ?label LIMIT 50",
    "count-per-class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "label-search": PREFIXES + 'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(STR(?l), "开发区")) } LIMIT 20',
    "triples-per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n)",
    "fact-provenance": PREFIXES + "SELECT ?s ?p ?o ?ev WHERE { ?st a edz:Statement ; rdf:subject ?s ; "
    "rdf:predicate ?p ; rdf:object ?o ; edz:evidence ?ev } LIMIT 20",
    "zone-description": PREFIXES + "SELECT ?z ?p ?o WHERE { ?z a edz:DevelopmentZone ; ?p ?o } LIMIT 100",
}

# Aggregates and joins over the generated 1M-triple dataset (bench/gen_triples.py).
AGGREGATES: dict[str, str] = {
    "count-all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count-per-class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "investment-per-zone (2-hop)": PREFIXES + "SELECT ?zone (SUM(?v) AS ?total) (COUNT(?p) AS ?projects) WHERE { "
    "?p a edz:Project ; edz:locatedIn ?zone ; edz:totalInvestment ?f . ?f qudt:numericValue ?v } "
    "GROUP BY ?zone ORDER BY DESC(?total) LIMIT 20",
    "pairs-per-zone (2-hop)": PREFIXES + "SELECT ?zone (COUNT(*) AS ?pairs) WHERE { ?v edz:pairedWith ?c . "
    "?c edz:locatedIn ?zone } GROUP BY ?zone ORDER BY DESC(?pairs) LIMIT 20",
    "companies-per-province (4-hop)": PREFIXES + "SELECT ?prov (COUNT(DISTINCT ?c) AS ?n) WHERE { "
    "?c a edz:Company ; edz:locatedIn ?z . ?z edz:locatedIn ?county . ?county edz:partOf ?city . "
    "?city edz:partOf ?prov } GROUP BY ?prov ORDER BY DESC(?n)",
    "growth-by-indicator": PREFIXES + "SELECT ?ind (AVG(?v) AS ?avg) (COUNT(*) AS ?n) WHERE { "
    "?o edz:indicator ?ind ; edz:valueKind edz:GrowthRate ; qudt:numericValue ?v } GROUP BY ?ind ORDER BY ?ind",
}

MILLION_ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000000"


def query_mix(base: str = DEFAULT_BASE) -> tuple[dict[str, str], str]:
    """The endpoint mix: every ``queries/*.rq`` (rebased onto ``base``), else the stand-in.

    Returns (name → query, where it came from).
    """
    files = sorted(QUERIES_DIR.glob("*.rq")) if QUERIES_DIR.is_dir() else []
    mix = {p.stem: rebase(p.read_text(encoding="utf-8"), base) for p in files}
    kept = {k: v for k, v in mix.items() if query_form(v) in ("SELECT", "ASK")}
    if kept:
        left_out = sorted(set(mix) - set(kept))
        note = f"; left out (not SELECT/ASK, so no JSON results): {', '.join(left_out)}" if left_out else ""
        return kept, f"queries/*.rq ({len(kept)} of {len(files)} files{note})"
    return dict(STAND_IN), "stand-in SELECTs in bench/queries.py (queries/ has no .rq files yet)"


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", re.I)
_PROLOGUE = re.compile(r"(#[^\n]*|PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.I)


def query_form(text: str) -> str:
    """The query's form keyword (SELECT, ASK, CONSTRUCT, DESCRIBE) or the update operation."""
    m = _FORM.search(_PROLOGUE.sub(" ", text))
    return m.group(1).upper() if m else ""
