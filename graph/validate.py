"""Check a built graph: SHACL shapes (pyshacl) and OWL 2 RL consistency (owlrl).

``edzkg validate`` calls :func:`validate_store`. The SHACL check runs ``ontology/shapes.ttl`` on
the union of all graphs, ontology included (so ``sh:class`` follows ``rdfs:subClassOf`` and
industries and indicators are checked against their schemes).
The OWL check computes the OWL 2 RL closure of ontology + data and reports inconsistencies:
members of ``owl:Nothing``, violated disjointness, and distinct named things a functional
property forces to be the same. Text spans (nodes with ``oa:start``) and the documents' full
text are left out of the OWL check: they are many, carry no OWL axioms beyond their class, and
would only slow the closure down; the SHACL check covers them.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

import owlrl
import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from . import store as store_mod
from .iris import DEFAULT_BASE, PREFIXES, rebase

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = "shapes.ttl"
OA_START = URIRef(PREFIXES["oa"] + "start")
NIF_IS_STRING = URIRef(PREFIXES["nif"] + "isString")
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
MAX_LISTED = 100  # kinds of problem listed in the report text


@dataclass(frozen=True)
class Problem:
    """One finding: severity ("Violation", "Warning", "Info", "Inconsistency", "Error"), where, what."""

    severity: str
    focus: str
    message: str
    path: str = ""
    value: str = ""
    shape: str = ""

    def line(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" (value {self.value})" if self.value else ""
        return f"  [{self.severity}] {where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """What ``edzkg validate`` prints; ``conforms`` is False on any violation or inconsistency."""

    conforms: bool
    text: str
    problems: list[Problem] = field(default_factory=list)


def ontology_files_graph(base: str = DEFAULT_BASE, shapes: bool = False) -> rdflib.Graph:
    """The ontology files (or only shapes.ttl), rebased to ``base``, as one rdflib graph."""
    g = rdflib.Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if (path.name == SHAPES_FILE) == shapes:
            g.parse(data=rebase(path.read_text(encoding="utf-8"), base), format="turtle")
    return g


def validate_store(store_path: Path) -> ValidationReport:
    """Validate the store at ``store_path`` (raises ``StoreError`` when there is none)."""
    db = store_mod.open_read_only(Path(store_path))
    base = store_mod.dataset_info(Path(store_path), db).base_iri
    ontology_iri, shapes_iri = base + "graph/ontology", base + "graph/shapes"
    data, ontology, shapes = rdflib.Graph(), rdflib.Graph(), rdflib.Graph()
    for name in db.named_graphs():
        nt = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        target = ontology if name.value == ontology_iri else shapes if name.value == shapes_iri else data
        target.parse(data=nt.decode("utf-8"), format="nt")
    nt = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    data.parse(data=nt.decode("utf-8"), format="nt")
    notes = []
    if len(ontology) == 0:
        ontology = ontology_files_graph(base)
        notes.append("the store has no ontology graph: used ontology/*.ttl")
    if len(shapes) == 0:
        shapes = ontology_files_graph(base, shapes=True)
        notes.append("the store has no shapes graph: used ontology/shapes.ttl")
    return validate_graphs(data, ontology, shapes, notes=notes)


def validate_graphs(
    data: rdflib.Graph, ontology: rdflib.Graph, shapes: rdflib.Graph, notes: list[str] | None = None
) -> ValidationReport:
    """Vocabulary, SHACL and OWL 2 RL checks of ``data`` against ``ontology`` and ``shapes``."""
    t0 = time.perf_counter()
    vocab_problems = vocabulary_check(data, ontology)
    shacl_ok, shacl_problems = shacl_check(data, ontology, shapes)
    t1 = time.perf_counter()
    owl_problems, owl_sizes = owl_check(data, ontology)
    t2 = time.perf_counter()
    violations = vocab_problems + [p for p in shacl_problems if p.severity in ("Violation", "Error")]
    warnings = [p for p in shacl_problems if p.severity not in ("Violation", "Error")]
    lines = [f"data: {len(data)} triples; ontology: {len(ontology)} triples; shapes: {len(shapes)} triples"]
    lines += [f"note: {n}" for n in notes or []]
    lines.append(
        f"SHACL: {'conforms' if not violations else 'does not conform'}: {len(violations)} violations, "
        f"{len(warnings)} warnings ({t1 - t0:.1f} s)"
    )
    lines += _grouped(violations + warnings)
    lines.append(
        f"OWL 2 RL: {'consistent' if not owl_problems else 'INCONSISTENT'}: {len(owl_problems)} problems "
        f"(closure of {owl_sizes[0]} triples → {owl_sizes[1]}, text spans left out; {t2 - t1:.1f} s)"
    )
    lines += _grouped(owl_problems)
    conforms = shacl_ok and not violations and not owl_problems
    lines.append("valid" if conforms else "NOT VALID")
    return ValidationReport(conforms, "\n".join(lines), violations + warnings + owl_problems)


def _grouped(problems: list[Problem], examples: int = 3) -> list[str]:
    """One line per kind of problem (severity, path, message) with its count and a few examples."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.path, p.message), []).append(p)
    out = []
    for (severity, path, message), members in list(groups.items())[:MAX_LISTED]:
        out.append(f"  [{severity}] {len(members)}× {path + ': ' if path else ''}{message}")
        for p in members[:examples]:
            out.append(f"      {p.focus}" + (f" (value {p.value})" if p.value else ""))
        if len(members) > examples:
            out.append(f"      … and {len(members) - examples} more")
    if len(groups) > MAX_LISTED:
        out.append(f"  … and {len(groups) - MAX_LISTED} more kinds of problem")
    return out


def vocabulary_check(data: rdflib.Graph, ontology: rdflib.Graph) -> list[Problem]:
    """Classes and properties of the edz: namespace that the data uses but the ontology lacks."""
    namespaces = [str(o) + "#" for o in ontology.subjects(RDF.type, OWL.Ontology) if str(o).endswith("/ontology")]
    if not namespaces:
        return []
    edz = namespaces[0]
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(edz)}
    used: dict[URIRef, rdflib.term.Node] = {}
    for s, p, o in data:
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and str(term).startswith(edz) and term not in defined:
                used.setdefault(term, s)
    return [
        Problem("Violation", _show(example), f"uses {_show(term)}, which the ontology does not define")
        for term, example in sorted(used.items())
    ]


def shacl_check(data: rdflib.Graph, ontology: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, list[Problem]]:
    """pyshacl on ``data`` with the ontology mixed in; warnings do not break conformance.

    The whole ontology graph is added to the data (pyshacl's own ``ont_graph`` would copy only
    the OWL/RDFS axioms, not the concept schemes that industries and indicators must belong to).
    """
    mixed = _PreparedQueryGraph()
    for triples in (data, ontology):
        for t in triples:
            mixed.add(t)
    conforms, results, _ = shacl_validate(
        mixed, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True,
    )
    if not isinstance(results, rdflib.Graph):  # pyshacl could not run a shape (a bug in the shapes)
        return False, [Problem("Error", "SHACL shapes", f"pyshacl could not run the shapes: {results}")]
    problems = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        problems.append(Problem(
            severity=_local(severity) if severity else "Violation",
            focus=_show(results.value(r, SH.focusNode)),
            message=str(results.value(r, SH.resultMessage) or ""),
            path=_show(results.value(r, SH.resultPath)),
            value=_show(results.value(r, SH.value)),
            shape=_show(results.value(r, SH.sourceShape)),
        ))
    problems.sort(key=lambda p: (p.severity != "Violation", p.focus, p.path, p.message, p.value))
    return bool(conforms), problems


class _PreparedQueryGraph(rdflib.Graph):
    """An rdflib graph that parses each SPARQL text once.

    pyshacl sends the same text of a ``sh:sparql`` constraint once per focus node; parsing it
    each time (~0.1 s) would make validation take minutes on a graph with a few thousand spans.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def owl_check(data: rdflib.Graph, ontology: rdflib.Graph) -> tuple[list[Problem], tuple[int, int]]:
    """OWL 2 RL closure of ontology + data (without text spans); the inconsistencies found."""
    spans = set(data.subjects(OA_START, None))
    g = rdflib.Graph()
    for t in ontology:
        g.add(t)
    for s, p, o in data:
        if s not in spans and p != NIF_IS_STRING:
            g.add((s, p, o))
    before = len(g)
    named_before = {s for s in g.subjects() if isinstance(s, URIRef)}
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    problems = [Problem("Inconsistency", "OWL 2 RL", str(m)) for m in g.objects(None, OWLRL_ERROR)]
    for x in g.subjects(RDF.type, OWL.Nothing):
        problems.append(Problem("Inconsistency", _show(x), "is a member of owl:Nothing"))
    for a, b in g.subject_objects(OWL.sameAs):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b and str(a) < str(b) and a in named_before:
            problems.append(Problem(
                "Inconsistency", _show(a),
                f"a functional property makes it the same as {_show(b)} (two values where one is allowed)",
            ))
    problems.sort(key=lambda p: (p.focus, p.message))
    return problems, (before, len(g))


def _local(term) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return f'"{term}"' + (f"@{term.language}" if term.language else "") + (
            f"^^{_local(term.datatype)}" if term.datatype else "")
    if isinstance(term, URIRef):
        return f"<{term}>"
    return str(term) if not isinstance(term, rdflib.BNode) else "[]"


