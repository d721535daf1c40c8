"""Blind evaluation of the extractor on four sets of held-out articles (tests/data/blind*/).

Each set's articles and gold facts were written without reading the extractor's code, its own test
data or its output, and committed before the set was first run (see each set's README.md). Each
article goes through ``graph.pipeline.extract_document`` (read with ``graph.corpus.read_document``,
so the yaml's ``published`` date is used); the quads are loaded into a pyoxigraph Store and compared
with the gold:

- entities by zh label (``rdfs:label`` or ``skos:altLabel``, punctuation-insensitive) and class (a
  subclass of the gold class is accepted, through the ontology); only entities with a mention in
  the document and a class under Place, Agent or Project count (land parcels are left out: their
  labels are made up by the extractor);
- figures by wording, value in base units, unit and approximation;
- statistics (observations) by wording, area, value kind, period and indicator;
- relations by the zh labels of both ends (figure objects by their wording).

Run with ``-s`` to see the table of precision/recall and the lists of misses and false positives.

The floors asserted below are regression guards, set under each set's first run (see SETS):
they are not targets. Two things are absolute: no negative fact (an invented link) may be in the
graph, and every span must satisfy ``original[start:end] == exact``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from graph.corpus import read_document
from graph.iris import Namespace
from graph.pipeline import extract_document

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ONTOLOGY = ROOT / "ontology" / "edzkg.ttl"
INDICATORS = ROOT / "ontology" / "indicators.ttl"

NS = Namespace()
EDZ = NS.edz
PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in NS.prefixes().items())

# The blind sets, each with its regression floors (micro-averaged precision / recall): guards set
# under each set's first run, not targets.
#
# blind (平湖, 常熟, 长兴, 昆山), first run (the extractor as it stood in the shared working tree then):
# entities 0.88/0.92, figures 0.98/0.98, observations 0.81/0.87, relations 0.90/0.70.
#
# blind2 (宁国, 海安, 青浦), first run on the extractor as committed at 4146479, before the second
# session's extraction work: entities 0.68 / 0.83 (50/60), figures 0.99 / 0.98 (94/96), observations
# 0.85 / 0.85 (17/20), relations 0.85 / 0.62 (67/108); no negative present. Not blind any more after
# that run: its output (blind2/first-run.log, with the misses) was in the tree while the extractor was
# being improved, and some rules were fixed from it.
#
# blind3 (嵊州, 射阳, 六安), kept outside the repository until the second session's extractor was
# finished; first run on the extractor as committed at 3de5e3e, before any look at this set: entities
# 0.84 / 0.89 (62/70), figures 0.99 / 1.00 (94/94), observations 0.41 / 0.39 (7/18), relations
# 0.83 / 0.56 (65/116); no negative present, every span exact (blind3/first-run.log). After that run
# one general rule was changed from its misses (the period that frames a sentence, commit 7a23406):
# observations 0.71 / 0.67; the other categories unchanged.
#
# blind4 (天长, 丰城, 泰兴), written in session 3 by an engineer who did not read the extractor and
# kept outside the repository until the session's extraction work was finished; first run on the
# extractor as committed at eeff298: entities 0.88 / 0.89 (59/66), figures 0.99 / 0.99 (108/109),
# observations 1.00 / 0.80 (16/20), relations 0.95 / 0.78 (85/109); no negative present, every span
# exact (blind4/first-run.log). No rule has been changed from its misses.
#
# The relations floors marked "seen" were raised after the third session's relation rules
# (commits 8163bde..c10ad45, written from the misses of all three sets: relations then blind 1.00 /
# 1.00, blind2 0.93 / 0.95, blind3 0.88 / 0.86). They are regression guards on seen sets, not
# held-out evidence.


@dataclass(frozen=True)
class BlindSet:
    name: str
    size: int  # number of articles
    floors: dict[str, dict[str, float]]

    @property
    def articles(self) -> list[Path]:
        return sorted((DATA / self.name).glob("[0-9][0-9]_*.txt"))


SETS = [
    BlindSet("blind", 4, {
        "entities": {"precision": 0.80, "recall": 0.85},
        "figures": {"precision": 0.90, "recall": 0.90},
        "observations": {"precision": 0.65, "recall": 0.70},
        "relations": {"precision": 0.80, "recall": 0.90},  # recall: seen (session 3)
    }),
    BlindSet("blind2", 3, {
        "entities": {"precision": 0.60, "recall": 0.75},
        "figures": {"precision": 0.90, "recall": 0.90},
        "observations": {"precision": 0.75, "recall": 0.75},
        "relations": {"precision": 0.85, "recall": 0.85},  # seen (session 3)
    }),
    BlindSet("blind3", 3, {
        "entities": {"precision": 0.75, "recall": 0.80},
        "figures": {"precision": 0.90, "recall": 0.90},
        "observations": {"precision": 0.60, "recall": 0.55},
        "relations": {"precision": 0.80, "recall": 0.78},  # seen (session 3)
    }),
    BlindSet("blind4", 3, {
        "entities": {"precision": 0.80, "recall": 0.80},
        "figures": {"precision": 0.90, "recall": 0.90},
        "observations": {"precision": 0.90, "recall": 0.70},
        "relations": {"precision": 0.85, "recall": 0.70},
    }),
]
CATEGORIES = ("entities", "figures", "observations", "relations")
ARTICLES = [pytest.param(bs.name, txt, id=f"{bs.name}-{txt.stem}") for bs in SETS for txt in bs.articles]

FIGURE_PROPS = {"totalInvestment", "landArea", "buildingArea", "annualCapacity", "collectiveIncomeGain",
                "householdIncomeGain"}
LITERAL_PROPS = {"designatedAs", "homeCountry"}
SYMMETRIC = {"administeredJointlyWith", "pairedWith", "cooperatesWith", "adjacentTo"}
INVERSES = {"hasPartner": "partnerIn", "introducedBy": "introduced"}
SCORED = (FIGURE_PROPS | LITERAL_PROPS | SYMMETRIC | set(INVERSES) | set(INVERSES.values())
          | {"locatedIn", "partOf", "mentorOf", "introducedInto", "recoveredFrom", "acquiredFrom", "vacated",
             "rebuiltAs", "holdsPost"}) - {"adjacentTo"}
ENTITY_ROOTS = ("Place", "Agent", "Project")
UNIT_IRIS = {"TONNE": "TONNE", "KG": "KiloGM", "W": "W", "DAY": "DAY", "PERCENT": "PERCENT", "M2": "M2",
             "NUM": "NUM"}
MU_IN_M2 = Decimal(2000) / Decimal(3)

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·・]")
_FOLD = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "％": "%", "．": "."})


def norm(text: str) -> str:
    """A label compared without whitespace, quotes or the full-/half-width difference."""
    return _DROP.sub("", str(text).translate(_FOLD))


def alts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


# ---------------------------------------------------------------- ontology


def class_closure() -> dict[str, set[str]]:
    """Local class name → the local names of all its superclasses (itself included)."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    sup: dict[str, set[str]] = {}
    q = f"{PREFIXES}\nSELECT ?c ?s WHERE {{ ?c a owl:Class . ?c rdfs:subClassOf* ?s . FILTER(isIRI(?s)) }}"
    for row in store.query(q):
        c, s = row["c"].value, row["s"].value
        if c.startswith(EDZ) and s.startswith(EDZ):
            sup.setdefault(local(c), {local(c)}).add(local(s))
    return sup


SUPER = class_closure()


def indicator_labels() -> dict[str, set[str]]:
    """Indicator concept IRI → its zh labels (the scheme is not copied into document graphs)."""
    store = ox.Store()
    store.load(path=str(INDICATORS), format=ox.RdfFormat.TURTLE)
    out: dict[str, set[str]] = {}
    for row in store.query(f'{PREFIXES}\nSELECT ?c ?l WHERE {{ ?c skos:prefLabel|skos:altLabel ?l '
                           f'FILTER(lang(?l) = "zh") }}'):
        out.setdefault(row["c"].value, set()).add(row["l"].value)
    return out


INDICATORS_ZH = indicator_labels()


def is_a(types: set[str], cls: str) -> bool:
    return any(cls in SUPER.get(t, {t}) for t in types)


# ---------------------------------------------------------------- the extracted graph


@dataclass
class Node:
    """One node of the document graph as the scorer sees it."""

    iri: str
    types: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)  # rdfs:label@zh first, then skos:altLabel@zh
    code: str = ""
    mentioned: bool = False
    text: str = ""  # figures: edz:originalText; literals: the value

    @property
    def keys(self) -> set[str]:
        return {norm(x) for x in self.labels}

    def show(self) -> str:
        return self.text if self.text else (self.labels[0] if self.labels else local(self.iri))


@dataclass(frozen=True)
class Fact:
    s: str  # IRI
    p: str  # local name, inverses folded (hasPartner → partnerIn)
    o: str  # IRI, or "literal:<value>"
    title: str = ""  # holdsPost: the role title
    year: str = ""  # designatedAs: edz:designationYear of the statement


class Extracted:
    """The quads of one document in a Store, read back into nodes, facts, figures and spans."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.store = ox.Store()
        self.store.extend(quads)
        self.nodes: dict[str, Node] = {}
        self._read_nodes()
        self.facts = self._read_facts()

    def q(self, body: str) -> list[dict[str, Any]]:
        res = self.store.query(f"{PREFIXES}\n{body}", use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names} for row in res]

    def node(self, iri: str) -> Node:
        return self.nodes.setdefault(iri, Node(iri))

    def _read_nodes(self) -> None:
        for r in self.q("SELECT ?e ?t WHERE { ?e a ?t }"):
            if r["t"].value.startswith(EDZ):
                self.node(r["e"].value).types.add(local(r["t"].value))
        for r in self.q('SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = "zh") }'):
            self.node(r["e"].value).labels.insert(0, r["l"].value)
        for r in self.q('SELECT ?e ?l WHERE { ?e skos:altLabel ?l FILTER(lang(?l) = "zh") } ORDER BY ?l'):
            self.node(r["e"].value).labels.append(r["l"].value)
        for r in self.q("SELECT ?e ?c WHERE { ?e edz:divisionCode ?c }"):
            self.node(r["e"].value).code = r["c"].value
        for r in self.q("SELECT DISTINCT ?e WHERE { ?e edz:mention ?m }"):
            self.node(r["e"].value).mentioned = True
        for r in self.q("SELECT ?f ?t WHERE { ?f a edz:Quantity ; edz:originalText ?t }"):
            self.node(r["f"].value).text = r["t"].value

    def _read_facts(self) -> list[Fact]:
        years: dict[tuple[str, str, str], str] = {}
        for r in self.q("SELECT ?s ?p ?o ?y WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;"
                        " edz:designationYear ?y }"):
            years[(r["s"].value, local(r["p"].value), r["o"].value)] = r["y"].value[:4]
        facts: set[Fact] = set()
        for r in self.q("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            p = r["p"].value
            if not p.startswith(EDZ) or local(p) not in SCORED or local(p) == "holdsPost":
                continue
            s, o, name = r["s"].value, r["o"], local(p)
            if isinstance(o, ox.Literal):
                facts.add(Fact(s, name, "literal:" + o.value, year=years.get((s, name, o.value), "")))
            elif name in INVERSES:
                facts.add(Fact(o.value, INVERSES[name], s))
            else:
                facts.add(Fact(s, name, o.value))
        posts = self.q("SELECT ?person ?org ?title WHERE {"
                       " { ?person edz:holdsPost ?post } UNION { ?post edz:heldBy ?person }"
                       " OPTIONAL { ?post edz:postIn ?org } OPTIONAL { ?post edz:roleTitle ?title } }")
        for r in posts:
            org = r["org"].value if r["org"] is not None else ""
            title = r["title"].value if r["title"] is not None else ""
            facts.add(Fact(r["person"].value, "holdsPost", org, title=title))
        return sorted(facts, key=lambda f: (f.p, f.s, f.o, f.title))

    def entities(self) -> list[Node]:
        """Mentioned nodes of the scored kinds (places, agents, projects), parcels left out."""
        out = [n for n in self.nodes.values()
               if n.mentioned and n.labels and not is_a(n.types, "LandParcel")
               and any(is_a(n.types, root) for root in ENTITY_ROOTS)]
        return sorted(out, key=lambda n: n.iri)

    def figures(self) -> list[Node]:
        return sorted((n for n in self.nodes.values() if "Quantity" in n.types), key=lambda n: n.iri)

    def figure_values(self, iri: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for r in self.q(f"SELECT ?p ?v WHERE {{ <{iri}> ?p ?v }}"):
            out.setdefault(local(r["p"].value), r["v"].value)
        return out

    def observations(self) -> list[dict[str, Any]]:
        rows = self.q("SELECT ?o ?text ?kind ?area ?ind ?indl ?b ?e WHERE { ?o a edz:Observation ;"
                      " edz:originalText ?text . OPTIONAL { ?o edz:valueKind ?kind }"
                      " OPTIONAL { ?o edz:refArea ?area } OPTIONAL { ?o edz:indicator ?ind"
                      " OPTIONAL { ?ind skos:prefLabel|rdfs:label ?indl } }"
                      " OPTIONAL { ?o edz:refPeriod ?per . ?per time:hasBeginning/time:inXSDDate ?b ;"
                      " time:hasEnd/time:inXSDDate ?e } }")
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            o = out.setdefault(r["o"].value, {"iri": r["o"].value, "text": r["text"].value, "kind": set(),
                                              "area": set(), "indicator": set(), "period": set()})
            if r["kind"] is not None:
                o["kind"].add(local(r["kind"].value))
            if r["area"] is not None:
                o["area"].add(r["area"].value)
            if r["indl"] is not None:
                o["indicator"].add(r["indl"].value)
            if r["ind"] is not None:
                o["indicator"] |= INDICATORS_ZH.get(r["ind"].value, {local(r["ind"].value)})
            if r["b"] is not None:
                o["period"].add((r["b"].value, r["e"].value))
        return [out[k] for k in sorted(out)]

    def spans(self) -> list[tuple[str, int, int, str]]:
        rows = self.q("SELECT ?s ?a ?b ?x WHERE { ?s oa:start ?a ; oa:end ?b ; oa:exact ?x }")
        return [(r["s"].value, int(r["a"].value), int(r["b"].value), r["x"].value) for r in rows]


# ---------------------------------------------------------------- matching

Aliases = dict[str, set[str]]


def gold_aliases(gold: dict[str, Any]) -> Aliases:
    """Every name of a gold entity → all its names (label and alt), normalised."""
    out: Aliases = {}
    for e in gold["entities"]:
        names = {norm(e["label"]), *(norm(a) for a in e.get("alt", []))}
        for n in names:
            out[n] = names
    return out


def label_matches(ex: Extracted, iri: str, pattern: str, aliases: Aliases) -> bool:
    """Does the node at ``iri`` fit one gold alternative (by any name of that gold entity)?"""
    node = ex.nodes.get(iri)
    if pattern == "*":
        return True
    if node is None:
        return False
    if pattern.startswith("@"):
        return is_a(node.types, pattern[1:])
    if pattern.startswith("~"):
        return any(norm(pattern[1:]) in k for k in node.keys)
    return bool(aliases.get(norm(pattern), {norm(pattern)}) & node.keys)


def figure_text_matches(text: str, gold: str) -> bool:
    a, b = norm(text), norm(gold)
    return bool(a) and (a == b or a in b or b in a)


def object_matches(ex: Extracted, fact: Fact, pattern: str, p: str, aliases: Aliases) -> bool:
    if pattern == "*":
        return True
    if p in LITERAL_PROPS:
        if not fact.o.startswith("literal:"):
            return False
        value = norm(fact.o[len("literal:"):])
        return value == norm(pattern) if p == "homeCountry" else norm(pattern) in value
    if p in FIGURE_PROPS:
        node = ex.nodes.get(fact.o)
        return node is not None and bool(node.text) and figure_text_matches(node.text, pattern)
    return label_matches(ex, fact.o, pattern, aliases)


def fact_matches(ex: Extracted, fact: Fact, rel: dict[str, Any], aliases: Aliases, *,
                 check_year: bool = True) -> bool:
    preds = alts(rel["p"])
    if "any" not in preds and fact.p not in preds:
        return False
    if fact.p == "holdsPost" and rel.get("title") and norm(rel["title"]) not in norm(fact.title):
        return False
    if check_year and rel.get("year") and fact.p == "designatedAs" and fact.year != str(rel["year"]):
        return False
    subjects, objects = alts(rel["s"]), alts(rel["o"])

    def oriented(s: str, o: str, flipped: bool) -> bool:
        f = Fact(s, fact.p, o, fact.title, fact.year)
        if flipped and (f.o.startswith("literal:") or fact.p in FIGURE_PROPS):
            return False
        return (any(label_matches(ex, f.s, x, aliases) for x in subjects)
                and any(object_matches(ex, f, x, fact.p, aliases) for x in objects))

    if oriented(fact.s, fact.o, False):
        return True
    return (fact.p in SYMMETRIC or "any" in preds) and oriented(fact.o, fact.s, True)


def code_within(child: str, parent: str) -> bool:
    """Is division ``child`` inside division ``parent`` (GB/T 2260 / NBS codes)?"""
    if not child or not parent or child == parent:
        return False
    prefix = parent if len(parent) > 6 else parent.rstrip("0")
    prefix = prefix + "0" * (len(prefix) % 2)  # 330000 → "33", 330400 → "3304", 330482 → "330482"
    return child.startswith(prefix) and len(child) >= len(parent)


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.gold += other.gold
        self.found += other.found


def score_entities(ex: Extracted, gold: dict[str, Any]) -> Score:
    sc = Score(gold=len(gold["entities"]))
    keys = [{norm(e["label"]), *(norm(a) for a in e.get("alt", []))} for e in gold["entities"]]
    acceptable = {norm(a) for a in gold.get("acceptable_entities", [])}
    matched: set[int] = set()
    for n in ex.entities():
        main = norm(n.labels[0])
        hits = [i for i, k in enumerate(keys) if main in k] or [i for i, k in enumerate(keys) if n.keys & k]
        desc = f"{n.labels[0]} ({'/'.join(sorted(n.types))})"
        if not hits:
            if n.keys & acceptable:
                continue
            sc.fp += 1
            sc.false.append(desc)
            continue
        g = gold["entities"][hits[0]]
        if not is_a(n.types, g["class"]):
            sc.fp += 1
            sc.false.append(f"{desc}: class, gold {g['class']}")
        elif hits[0] in matched:
            sc.fp += 1
            sc.false.append(f"{desc}: duplicate node of {g['label']}")
        else:
            sc.tp += 1
            matched.add(hits[0])
    sc.found = len(matched)
    sc.misses = [f"{e['label']} ({e['class']})" for i, e in enumerate(gold["entities"]) if i not in matched]
    return sc


def figure_ok(values: dict[str, str], g: dict[str, Any]) -> str:
    """'' when the figure's value, unit and approximation agree with the gold, else what differs."""
    want = Decimal(str(g["value"]))
    got = Decimal(values.get("numericValue", "NaN"))
    unit = local(values.get("unit", ""))
    problems = []
    if g["unit"] == "MU":
        mu = values.get("valueInMu")
        ok = (mu is not None and Decimal(mu) == want) or (
            unit == "M2" and got.is_finite() and abs(got - want * MU_IN_M2) <= want * MU_IN_M2 / 200)
        if not ok:
            problems.append(f"value {got} {unit} (mu {mu}), gold {want} mu")
    elif g["unit"] in ("CNY", "USD", "EUR"):
        if values.get("currency", unit) != g["unit"] or got != want:
            problems.append(f"value {got} {values.get('currency', unit)}, gold {want} {g['unit']}")
    else:
        unit_ok = unit == UNIT_IRIS[g["unit"]] or (g["unit"] == "NUM" and unit in ("", "NUM", "UNITLESS"))
        if not unit_ok or got != want:
            problems.append(f"value {got} {unit or '-'}, gold {want} {g['unit']}")
    approx = local(values.get("approximation", "Exact"))
    if approx != g["approx"]:
        problems.append(f"approximation {approx}, gold {g['approx']}")
    return "; ".join(problems)


def score_figures(ex: Extracted, gold: dict[str, Any]) -> Score:
    sc = Score(gold=len(gold["figures"]))
    acceptable = gold.get("acceptable_figures", [])
    figs = ex.figures()
    used: set[str] = set()
    for g in gold["figures"]:
        cands = [f for f in figs if f.iri not in used and norm(f.text) == norm(g["text"])] or \
                [f for f in figs if f.iri not in used and figure_text_matches(f.text, g["text"])]
        if not cands:
            sc.misses.append(f"{g['text']} (not extracted)")
            continue
        f = cands[0]
        used.add(f.iri)
        problem = figure_ok(ex.figure_values(f.iri), g)
        if problem:
            sc.fp += 1
            sc.misses.append(f"{g['text']}: {problem}")
            sc.false.append(f"{f.text}: {problem}")
        else:
            sc.tp += 1
            sc.found += 1
    for f in figs:
        if f.iri in used or any(figure_text_matches(f.text, a) for a in acceptable):
            continue
        sc.fp += 1
        sc.false.append(f"{f.text} (not a gold figure)")
    return sc


def score_observations(ex: Extracted, gold: dict[str, Any]) -> Score:
    aliases = gold_aliases(gold)
    wanted = gold.get("observations", [])
    sc = Score(gold=len(wanted))
    acceptable = gold.get("acceptable_observations", [])
    obs = ex.observations()
    used: set[str] = set()
    for g in wanted:
        cands = [o for o in obs if o["iri"] not in used and figure_text_matches(o["text"], g["text"])]
        if not cands:
            sc.misses.append(f"{g['text']} (no observation)")
            continue
        o = cands[0]
        used.add(o["iri"])
        problems = []
        if not any(label_matches(ex, a, x, aliases) for a in o["area"] for x in alts(g["area"])):
            problems.append(f"area {[ex.nodes[a].show() if a in ex.nodes else a for a in o['area']]}")
        if g["kind"] not in o["kind"]:
            problems.append(f"kind {sorted(o['kind'])}, gold {g['kind']}")
        if g.get("period"):
            want = tuple(d.isoformat() if isinstance(d, dt.date) else str(d) for d in g["period"])
            if want not in o["period"]:
                problems.append(f"period {sorted(o['period'])}, gold {list(want)}")
        if g.get("indicator") and not any(norm(g["indicator"]) in norm(i) for i in o["indicator"]):
            problems.append(f"indicator {sorted(o['indicator'])}, gold ~{g['indicator']}")
        if problems:
            sc.fp += 1
            sc.misses.append(f"{g['text']}: " + "; ".join(problems))
            sc.false.append(f"{o['text']}: " + "; ".join(problems))
        else:
            sc.tp += 1
            sc.found += 1
    for o in obs:
        if o["iri"] in used or any(figure_text_matches(o["text"], a) for a in acceptable):
            continue
        sc.fp += 1
        sc.false.append(f"{o['text']} (not a gold statistic)")
    return sc


def show_fact(ex: Extracted, f: Fact) -> str:
    def name(x: str) -> str:
        if x.startswith("literal:"):
            return repr(x[len("literal:"):])
        return ex.nodes[x].show() if x in ex.nodes else (local(x) or "?")

    extra = f" [{f.title}]" if f.title else ""
    extra += f" ({f.year})" if f.year else ""
    return f"{name(f.s)} {f.p}{extra} {name(f.o)}"


def show_rel(rel: dict[str, Any]) -> str:
    def one(v: Any) -> str:
        return "|".join(alts(v))

    title = f" [{rel['title']}]" if rel.get("title") else ""
    year = f" ({rel['year']})" if rel.get("year") else ""
    return f"{one(rel['s'])} {one(rel['p'])}{title}{year} {one(rel['o'])}"


def explained_by_places(ex: Extracted, fact: Fact, true_facts: list[Fact]) -> bool:
    """A partOf/locatedIn fact that follows from true ones: the gazetteer's division codes nest
    (directly, or from a place the gold links the subject to), or the subject lies in a subdistrict
    or town that a correctly linked zone administers jointly (X村 partOf Y街道, zone ↔ Y街道)."""
    if fact.p not in ("partOf", "locatedIn"):
        return False
    s, o = ex.nodes.get(fact.s), ex.nodes.get(fact.o)
    if s is None or o is None:
        return False
    if o.code and code_within(s.code, o.code):
        return True
    joint = {(t.s, t.o) for t in true_facts if t.p == "administeredJointlyWith"}
    for t in true_facts:
        if t.s == fact.s and t.p in ("partOf", "locatedIn", "administeredJointlyWith", "introducedInto"):
            z = ex.nodes.get(t.o)
            if z is None:
                continue
            if o.code and (z.code == o.code or code_within(z.code, o.code)):
                return True
            if t.p != "administeredJointlyWith" and ((t.o, fact.o) in joint or (fact.o, t.o) in joint):
                return True
    return False


def score_relations(ex: Extracted, gold: dict[str, Any]) -> Score:
    aliases = gold_aliases(gold)
    rels = gold["relations"]
    sc = Score(gold=len(rels))
    acceptable = gold.get("acceptable_relations", [])
    true_facts: list[Fact] = []
    for rel in rels:
        hits = [f for f in ex.facts if fact_matches(ex, f, rel, aliases)]
        if hits:
            sc.found += 1
            true_facts += hits
        else:
            near = [f for f in ex.facts if fact_matches(ex, f, rel, aliases, check_year=False)]
            why = f" (year: {', '.join(show_fact(ex, f) for f in near)})" if near else ""
            sc.misses.append(show_rel(rel) + why)
    for f in ex.facts:
        if f in true_facts or any(fact_matches(ex, f, r, aliases) for r in acceptable):
            sc.tp += 1
        elif explained_by_places(ex, f, true_facts):
            sc.tp += 1
        else:
            sc.fp += 1
            sc.false.append(show_fact(ex, f))
    return sc


def negatives_present(ex: Extracted, gold: dict[str, Any]) -> list[str]:
    """Every negative fact found in the graph (any edz: link, either direction, for ``p: any``)."""
    facts = list(ex.facts)
    if any("any" in alts(n["p"]) for n in gold.get("negatives", [])):
        for r in ex.q("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
            if r["p"].value.startswith(EDZ) and local(r["p"].value) not in ("mention", "refersTo"):
                facts.append(Fact(r["s"].value, local(r["p"].value), r["o"].value))
    aliases = gold_aliases(gold)
    found = []
    for neg in gold.get("negatives", []):
        for f in facts:
            if fact_matches(ex, f, neg, aliases, check_year=False):
                found.append(f"{show_rel(neg)}  ← {show_fact(ex, f)}")
                break
    return found


# ---------------------------------------------------------------- running the articles


@dataclass
class Article:
    docid: str
    text: str
    gold: dict[str, Any]
    ex: Extracted
    scores: dict[str, Score]


def load_gold(txt: Path) -> dict[str, Any]:
    return yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))


def run_article(txt: Path) -> Article:
    meta = load_gold(txt)
    doc = read_document(txt, published=meta["published"])
    ex = Extracted(extract_document(doc, NS))
    gold = meta["gold"]
    scores = {"entities": score_entities(ex, gold), "figures": score_figures(ex, gold),
              "observations": score_observations(ex, gold), "relations": score_relations(ex, gold)}
    return Article(doc.docid, doc.text, gold, ex, scores)


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, Article]]:
    """Every blind set's articles, extracted and scored: set name → docid → article."""
    return {bs.name: {a.docid: a for a in map(run_article, bs.articles)} for bs in SETS}


def report(articles: dict[str, Article]) -> str:
    cats = list(CATEGORIES)
    lines = ["", "blind evaluation (precision / recall, found/gold)",
             f"{'article':32}" + "".join(f"{c:>24}" for c in cats)]
    total = {c: Score() for c in cats}
    for docid, a in articles.items():
        cells = []
        for c in cats:
            s = a.scores[c]
            total[c].add(s)
            cells.append(f"{s.precision:.2f} / {s.recall:.2f} ({s.found}/{s.gold})")
        lines.append(f"{docid:32}" + "".join(f"{x:>24}" for x in cells))
    lines.append(f"{'all (micro)':32}" + "".join(
        f"{f'{total[c].precision:.2f} / {total[c].recall:.2f} ({total[c].found}/{total[c].gold})':>24}"
        for c in cats))
    for docid, a in articles.items():
        for c in cats:
            s = a.scores[c]
            lines += [f"[{docid}] missed {c}: {m}" for m in s.misses]
            lines += [f"[{docid}] false {c}: {m}" for m in s.false]
    return "\n".join(lines)


def totals(articles: dict[str, Article]) -> dict[str, Score]:
    out = {c: Score() for c in CATEGORIES}
    for a in articles.values():
        for c in CATEGORIES:
            out[c].add(a.scores[c])
    return out


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("bs", SETS, ids=lambda bs: bs.name)
def test_blind_set_is_complete(bs: BlindSet) -> None:
    """Each set has its articles of 1 500–3 000 characters, each with a gold file."""
    assert len(bs.articles) == bs.size
    for txt in bs.articles:
        n = len(txt.read_text(encoding="utf-8"))
        assert 1500 <= n <= 3000, f"{txt.name}: {n} characters"
        assert txt.with_suffix(".yaml").exists()


@pytest.mark.parametrize(("name", "txt"), ARTICLES)
def test_gold_refers_to_the_text(name: str, txt: Path) -> None:
    """The gold file's names and figure wordings occur in the article (page breaks closed up), so a
    typo in the gold cannot pass for an extractor miss."""
    gold = load_gold(txt)["gold"]
    flat = norm(re.sub(r"\n+", "", txt.read_text(encoding="utf-8")))
    for e in gold["entities"]:
        names = [e["label"], *e.get("alt", [])]
        assert e.get("broken") or any(norm(x) in flat for x in names), e
    for f in gold["figures"]:
        assert norm(f["text"]) in flat, f
        assert f["unit"] in (*UNIT_IRIS, "MU", "CNY", "USD", "EUR"), f
        assert f["approx"] in ("Exact", "AtLeast", "AtMost", "Approximately"), f
    labels = {norm(e["label"]) for e in gold["entities"]} | {norm(a) for e in gold["entities"]
                                                            for a in e.get("alt", [])}
    labels |= {norm(a) for a in gold.get("acceptable_entities", [])}
    figures = {norm(f["text"]) for f in gold["figures"]}
    for rel in gold["relations"] + gold.get("acceptable_relations", []) + gold.get("negatives", []):
        for p in alts(rel["p"]):
            assert p == "any" or p in SCORED, rel
        for s in alts(rel["s"]):
            assert s == "*" or s[0] in "@~" or norm(s) in labels, (s, rel)
        if not set(alts(rel["p"])) & LITERAL_PROPS:
            for o in alts(rel["o"]):
                assert norm(o) in (figures if set(alts(rel["p"])) & FIGURE_PROPS else labels), (o, rel)


@pytest.mark.parametrize(("name", "txt"), ARTICLES)
def test_every_span_is_exact(extracted: dict[str, dict[str, Article]], name: str, txt: Path) -> None:
    a = extracted[name][txt.stem]
    spans = a.ex.spans()
    assert spans, "no spans"
    bad = [(s, i, j, x) for s, i, j, x in spans if a.text[i:j] != x]
    assert not bad, bad[:5]


@pytest.mark.parametrize(("name", "txt"), ARTICLES)
def test_no_invented_links(extracted: dict[str, dict[str, Article]], name: str, txt: Path) -> None:
    a = extracted[name][txt.stem]
    assert negatives_present(a.ex, a.gold) == []


def test_negative_check_catches_invented_links(extracted: dict[str, dict[str, Article]]) -> None:
    """The negative check itself: links planted into a real extraction are reported."""
    a = extracted["blind"]["01_pinghu_village_pairing"]
    by_label = {n.labels[0]: n.iri for n in a.ex.nodes.values() if n.labels}
    graph = ox.NamedNode(NS.doc_graph(a.docid))
    post = ox.NamedNode(NS.entity("post", "planted"))

    def iri(label: str) -> ox.NamedNode:
        names = [k for k in by_label if norm(label) in norm(k)]
        assert names, f"{label} not extracted, cannot plant a link"
        return ox.NamedNode(by_label[min(names, key=len)])

    def edz(name: str) -> ox.NamedNode:
        return ox.NamedNode(NS.term(name))

    planted = [
        ox.Quad(iri("沈立群"), edz("mentorOf"), iri("沈家弄村"), graph),
        ox.Quad(iri("陆建明"), edz("holdsPost"), post, graph),
        ox.Quad(post, edz("postIn"), iri("浙江恒川精密机械股份有限公司"), graph),
        ox.Quad(post, edz("roleTitle"), ox.Literal("董事", language="zh"), graph),
        ox.Quad(iri("稻米烘干中心项目"), edz("locatedIn"), iri("沈家弄村"), graph),
    ]
    ex = Extracted(list(a.ex.store.quads_for_pattern(None, None, None, None)) + planted)
    found = negatives_present(ex, a.gold)
    assert len(found) == 3, found


@pytest.mark.parametrize("bs", SETS, ids=lambda bs: bs.name)
def test_scores_above_floors(extracted: dict[str, dict[str, Article]], bs: BlindSet) -> None:
    """Micro-averaged precision and recall per category stay above the set's regression floors."""
    articles = extracted[bs.name]
    print(report(articles))
    got = totals(articles)
    low = [f"{c} {m} {getattr(got[c], m):.2f} < {floor}"
           for c, floors in bs.floors.items() for m, floor in floors.items() if getattr(got[c], m) < floor]
    assert not low, low
