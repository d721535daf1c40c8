"""Scoring an article's graph against expected facts written by hand (tests/data/*gold.yaml).

The graph is read back with SPARQL, as a user would: entities by rdf:type and labels,
relations as plain triples between them, posts through holdsPost/postIn/roleTitle, figures and
observations through their nodes. See tests/data/seed_gold.yaml for the matching rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import yaml

from graph.corpus import Document, read_document
from graph.iris import Namespace
from graph.pipeline import extract_document

NS = Namespace()
EDZ = NS.edz
PFX = f"""PREFIX edz: <{EDZ}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qudt: <http://qudt.org/schema/qudt/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
ENTITY_CLASSES = (
    "DevelopmentZone", "IndustrialPark", "LandParcel", "Province", "City", "County", "District",
    "Subdistrict", "Town", "Village", "Company", "GovernmentBody", "PartyOrganization",
    "ResearchInstitute", "Person", "Project",
)
# Relations whose precision is measured (posts are scored as their own pseudo-predicate "post").
EVALUATED = (
    "locatedIn", "partOf", "administeredJointlyWith", "pairedWith", "partnerIn", "mentorOf",
    "introduced", "introducedInto", "totalInvestment", "landArea", "buildingArea", "annualCapacity",
    "collectiveIncomeGain", "cooperatesWith", "focusesOnIndustry", "hasIndustry", "designatedAs",
    "status", "recoveredFrom", "acquiredFrom", "rebuiltAs", "vacated", "bodyOf", "adjacentTo",
    "plannedUse", "foundedDuring", "householdIncomeGain", "homeCountry",
)
SYMMETRIC = {"cooperatesWith", "pairedWith", "administeredJointlyWith", "adjacentTo"}
CONCEPT_OBJECTS = {"focusesOnIndustry", "hasIndustry"}


def norm(label: str) -> str:
    """Labels compare without quotation marks, with ASCII brackets and no spaces."""
    for a, b in (("（", "("), ("）", ")"), ("“", ""), ("”", ""), ('"', ""), (" ", "")):
        label = label.replace(a, b)
    return label


@dataclass
class Graph:
    """An article's quads, queryable, plus the original text."""

    doc: Document
    store: ox.Store
    quads: list[ox.Quad]

    def rows(self, query: str) -> list[dict[str, str]]:
        res = self.store.query(PFX + query, use_default_graph_as_union=True)
        return [{v.value: (r[v.value].value if r[v.value] is not None else None) for v in res.variables} for r in res]

    @property
    def labels(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for r in self.rows("SELECT ?e ?l WHERE { { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } FILTER(lang(?l) = 'zh') }"):
            out.setdefault(r["e"], set()).add(norm(r["l"]))
        return out

    def entities(self) -> dict[str, tuple[set[str], set[str]]]:
        """IRI → (classes, normalised zh labels and aliases) for every entity of ENTITY_CLASSES."""
        labels = self.labels
        out: dict[str, tuple[set[str], set[str]]] = {}
        for r in self.rows("SELECT ?e ?c WHERE { ?e a ?c }"):
            cls = r["c"].rsplit("#", 1)[-1]
            if r["c"].startswith(EDZ) and cls in ENTITY_CLASSES:
                out.setdefault(r["e"], (set(), labels.get(r["e"], set())))[0].add(cls)
        return out


ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def extract(txt: Path) -> Graph:
    """The article's quads in a store, with the concept schemes (industries, indicators) that
    the built dataset carries in its ontology graph."""
    doc = read_document(txt)
    quads = extract_document(doc, NS)
    store = ox.Store()
    store.extend(quads)
    g = ox.NamedNode(NS.ontology_graph)
    for name in ("industries.ttl", "indicators.ttl"):
        path = ONTOLOGY / name
        if path.exists():
            store.extend(ox.Quad(t.subject, t.predicate, t.object, g)
                         for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
    return Graph(doc, store, quads)


def load_gold(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Score:
    name: str
    tp: int = 0
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + len(self.fp)) if self.tp + len(self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + len(self.fn)) if self.tp + len(self.fn) else 1.0

    def line(self) -> str:
        return (f"{self.name}: precision {self.precision:.3f} recall {self.recall:.3f} "
                f"(tp {self.tp}, fp {len(self.fp)}, fn {len(self.fn)})\n"
                f"  missed: {self.fn}\n  false: {self.fp}")


# ---------------------------------------------------------------------------- entities


def score_entities(g: Graph, gold: dict) -> Score:
    ents = g.entities()
    score = Score("entities")
    wanted = [(norm(e["label"]), e["class"]) for e in gold["entities"]]
    optional = {norm(x) for x in gold.get("optional_entities", [])}
    for label, cls in wanted:
        if any(cls in classes and label in labels for classes, labels in ents.values()):
            score.tp += 0  # counted per graph entity below
        else:
            score.fn.append(f"{label}:{cls}")
    matched_gold = set()
    for iri, (classes, labels) in sorted(ents.items()):
        hits = [(l, c) for l, c in wanted if l in labels and c in classes]
        if hits:
            matched_gold.update(hits)
        elif labels & optional:
            continue
        else:
            score.fp.append(f"{sorted(labels)[0] if labels else iri}:{','.join(sorted(classes))}")
    score.tp = len(matched_gold)
    return score


# ---------------------------------------------------------------------------- relations


def _objects(g: Graph) -> dict[str, dict]:
    """Descriptions of every possible relation object: labels, figure text, concept labels."""
    desc: dict[str, dict] = {}
    for iri, labels in g.labels.items():
        if "/id/industry/" in iri or "/id/indicator/" in iri:
            continue
        desc.setdefault(iri, {})["labels"] = labels
    for r in g.rows("SELECT ?f ?t WHERE { ?f edz:originalText ?t ; a edz:Quantity }"):
        desc.setdefault(r["f"], {})["fig"] = r["t"]
    for r in g.rows("SELECT ?f ?t WHERE { ?f edz:originalText ?t ; a <http://www.w3.org/2006/time#Interval> }"):
        desc.setdefault(r["f"], {})["time"] = r["t"]
    for r in g.rows("SELECT ?c ?l WHERE { ?x edz:focusesOnIndustry|edz:hasIndustry|edz:ofIndustry ?c . "
                    "GRAPH ?o { ?c skos:prefLabel|skos:altLabel ?l } FILTER(lang(?l) = 'zh') }"):
        desc.setdefault(r["c"], {}).setdefault("concept", set()).add(r["l"])
    return desc


def graph_relations(g: Graph) -> list[tuple[str, str, str, bool]]:
    """(subject, predicate local name, object, object is literal) for the evaluated predicates."""
    vals = " ".join(f"edz:{p}" for p in EVALUATED)
    out = []
    for r in g.rows(f"SELECT ?s ?p ?o (isLiteral(?o) AS ?lit) WHERE {{ VALUES ?p {{ {vals} }} ?s ?p ?o }}"):
        out.append((r["s"], r["p"].rsplit("#", 1)[-1], r["o"], r["lit"] == "true"))
    return out


def _match_object(spec, p: str, o: str, is_lit: bool, desc: dict) -> bool:
    d = desc.get(o, {})
    if isinstance(spec, dict) and "fig" in spec:
        return spec["fig"] in d.get("fig", "")
    if isinstance(spec, dict) and "time" in spec:
        return spec["time"] in d.get("time", "")
    if isinstance(spec, dict) and "lit" in spec:
        return is_lit and spec["lit"] in o
    if p == "status":
        return o.endswith("#" + spec)
    if p in CONCEPT_OBJECTS:
        return any(spec in l or l in spec for l in d.get("concept", set()))
    return norm(spec) in d.get("labels", set())


def _match_subject(spec: str, s: str, desc: dict) -> bool:
    return spec == "*" or norm(spec) in desc.get(s, {}).get("labels", set())


def relation_matches(rel: list, triple: tuple, desc: dict) -> bool:
    s_spec, p_spec, o_spec = rel
    s, p, o, is_lit = triple
    if p != p_spec:
        return False
    if _match_subject(s_spec, s, desc) and _match_object(o_spec, p, o, is_lit, desc):
        return True
    if p in SYMMETRIC and isinstance(o_spec, str):
        return _match_subject(o_spec, s, desc) and _match_object(s_spec, p, o, is_lit, desc)
    return False


def graph_posts(g: Graph) -> list[tuple[set[str], str, set[str]]]:
    labels = g.labels
    out = []
    for r in g.rows("SELECT ?p ?t ?o WHERE { ?p edz:holdsPost ?post . ?post edz:roleTitle ?t . "
                    "OPTIONAL { ?post edz:postIn ?o } }"):
        out.append((labels.get(r["p"], set()), r["t"], labels.get(r["o"], set()) if r["o"] else set()))
    return out


def _post_matches(spec: list, post: tuple) -> bool:
    person, title, org = spec
    p_labels, p_title, o_labels = post
    return norm(person) in p_labels and (not title or title in p_title) and norm(org) in o_labels


def score_relations(g: Graph, gold: dict) -> Score:
    desc = _objects(g)
    triples = graph_relations(g)
    posts = graph_posts(g)
    score = Score("relations")
    wanted = gold.get("relations", []) or []
    optional = gold.get("optional_relations", []) or []
    for rel in wanted:
        if any(relation_matches(rel, t, desc) for t in triples):
            score.tp += 1
        else:
            score.fn.append(str(rel))
    for t in triples:
        if any(relation_matches(rel, t, desc) for rel in wanted + optional):
            continue
        s, p, o, _ = t
        s_l = sorted(desc.get(s, {}).get("labels", {s}))[0]
        o_d = desc.get(o, {})
        o_l = sorted(o_d.get("labels", set()) or o_d.get("concept", set()) or {o_d.get("fig", o)})[0]
        score.fp.append(f"{s_l} {p} {o_l}")
    for spec in gold.get("posts", []) or []:
        if any(_post_matches(spec, post) for post in posts):
            score.tp += 1
        else:
            score.fn.append(f"post {spec}")
    for post in posts:
        if not any(_post_matches(spec, post) for spec in (gold.get("posts", []) or []) + (gold.get("optional_posts", []) or [])):
            score.fp.append(f"post {sorted(post[0])} {post[1]} {sorted(post[2])}")
    return score


def negative_hits(g: Graph, gold: dict) -> list[str]:
    """Facts the gold file says must not be in the graph, found in it."""
    neg = gold.get("negative", {}) or {}
    desc = _objects(g)
    triples = graph_relations(g)
    hits = [str(rel) for rel in neg.get("relations", []) if any(relation_matches(rel, t, desc) for t in triples)]
    posts = graph_posts(g)
    hits += [f"post {spec}" for spec in neg.get("posts", []) if any(_post_matches(spec, p) for p in posts)]
    all_labels = set().union(*[labels for _, labels in g.entities().values()]) if g.entities() else set()
    hits += [f"entity {x}" for x in neg.get("entity_labels", []) if norm(x) in all_labels]
    return hits


# ---------------------------------------------------------------------------- figures, observations


def graph_figures(g: Graph) -> list[dict]:
    return g.rows("""SELECT ?f ?t ?v ?u ?a ?mu WHERE { ?f a edz:Quantity ; edz:originalText ?t ;
        qudt:numericValue ?v ; qudt:unit ?u ; edz:approximation ?a . OPTIONAL { ?f edz:valueInMu ?mu } }""")


_UNIT_IRI = {"CNY": "currency/CNY", "EUR": "currency/EUR", "USD": "currency/USD", "MU": "unit/M2",
             "M2": "unit/M2", "PERCENT": "unit/PERCENT", "TONNE": "unit/TONNE", "PERSON_TIME": "unit/NUM"}
_APPROX = {"exact": "Exact", "at_least": "AtLeast", "at_most": "AtMost", "approximately": "Approximately"}


def figure_matches(spec: dict, row: dict) -> bool:
    if spec["text"] not in row["t"]:
        return False
    unit = spec.get("unit")
    if unit == "MU":
        if row["mu"] is None or Decimal(row["mu"]) != Decimal(str(spec["value"])):
            return False
    elif Decimal(row["v"]) != Decimal(str(spec["value"])):
        return False
    if unit and not row["u"].endswith(_UNIT_IRI.get(unit, unit)):
        return False
    if spec.get("approximation") and not row["a"].endswith("#" + _APPROX[spec["approximation"]]):
        return False
    return True


def score_figures(g: Graph, gold: dict) -> Score:
    rows = graph_figures(g)
    score = Score("figures")
    for spec in gold.get("figures", []):
        if any(figure_matches(spec, r) for r in rows):
            score.tp += 1
        else:
            score.fn.append(spec["text"])
    optional = gold.get("optional_figures", []) or []
    for r in rows:
        if any(s["text"] in r["t"] for s in gold.get("figures", [])) or any(o in r["t"] for o in optional):
            continue
        score.fp.append(r["t"])
    return score


def graph_observations(g: Graph) -> list[dict]:
    return g.rows("""SELECT ?o ?il ?area ?t ?v ?k WHERE { ?o a edz:Observation ; edz:indicator ?i ;
        edz:originalText ?t ; qudt:numericValue ?v ; edz:valueKind ?k . OPTIONAL { ?o edz:refArea ?a . ?a rdfs:label ?area
        FILTER(lang(?area) = 'zh') } GRAPH ?og { ?i skos:prefLabel|skos:altLabel ?il } FILTER(lang(?il) = 'zh') }""")


def observation_matches(spec: dict, row: dict) -> bool:
    if spec["text"] not in row["t"] or not (spec["indicator"] in row["il"] or row["il"] in spec["indicator"]):
        return False
    if spec.get("area") and norm(spec["area"]) != norm(row["area"] or ""):
        return False
    kind = row["k"].rsplit("#", 1)[-1]
    if spec["kind"] == "GrowthRate" and kind not in ("GrowthRate", "AverageAnnualGrowthRate"):
        return False
    if spec["kind"] != "GrowthRate" and kind != spec["kind"]:
        return False
    if "value_mu" in spec:
        return abs(Decimal(row["v"]) - Decimal(spec["value_mu"]) * Decimal(2000) / Decimal(3)) < 1
    return Decimal(row["v"]) == Decimal(str(spec["value"]))


def score_observations(g: Graph, gold: dict) -> Score:
    rows = graph_observations(g)
    score = Score("observations")
    for spec in gold.get("observations", []) or []:
        if any(observation_matches(spec, r) for r in rows):
            score.tp += 1
        else:
            score.fn.append(f"{spec['indicator']} {spec['text']}")
    return score


def spans(g: Graph) -> list[tuple[int, int, str]]:
    return [(int(r["s"]), int(r["e"]), r["x"]) for r in g.rows("SELECT ?s ?e ?x WHERE { ?sp oa:start ?s ; oa:end ?e ; oa:exact ?x }")]


def report(name: str, scores: list[Score]) -> str:
    return f"== {name}\n" + "\n".join(s.line() for s in scores)


__all__ = ["extract", "load_gold", "score_entities", "score_relations", "score_figures",
           "score_observations", "negative_hits", "spans", "report", "Graph", "dt"]
