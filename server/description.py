"""The SPARQL 1.1 Service Description of the endpoint, as a CONSTRUCT query over the store.

Running it through the engine gives every RDF format and the cache for free; the named graphs
and their sizes come from the store itself.
"""

from __future__ import annotations

RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "N-Quads", "TriG", "RDF_XML", "JSON-LD",
)


def description_query(endpoint: str, updates: bool) -> str:
    """CONSTRUCT query whose result is the service description of ``endpoint``."""
    if any(c in endpoint for c in '<>"{}|^`\\ '):
        raise ValueError(f"not an IRI: {endpoint!r}")
    languages = "sd:SPARQL11Query, sd:SPARQL11Update" if updates else "sd:SPARQL11Query"
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in RESULT_FORMAT_IRIS)
    return f"""PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{
  <{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset <{endpoint}#dataset> .
  <{endpoint}#dataset> a sd:Dataset ;
    sd:defaultGraph <{endpoint}#default-graph> ;
    sd:namedGraph _:named .
  <{endpoint}#default-graph> a sd:Graph ;
    rdfs:comment "The default graph is the union of all named graphs (sd:UnionDefaultGraph)." .
  _:named a sd:NamedGraph ; sd:name ?g ; sd:graph _:graph .
  _:graph a sd:Graph ; void:triples ?n .
}}
WHERE {{
  OPTIONAL {{ SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g }}
}}"""
