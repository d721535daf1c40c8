"""queries/*.rq: the researchers' questions, run the way a user runs them, against answers read
from the seed article (tests/data/queries_expected.yaml)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from .conftest import ROOT

QUERIES = ROOT / "queries"
EXPECTED = yaml.safe_load((ROOT / "tests" / "data" / "queries_expected.yaml").read_text(encoding="utf-8"))
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
STEMS = [p.stem for p in QUERY_FILES]
EDZ = "http://127.0.0.1:8000/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NUMERIC_TYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("decimal", "integer", "double", "float", "long", "int", "nonNegativeInteger", "positiveInteger")
}
Row = dict[str, Any]


# ---------------------------------------------------------------- running queries as a user does


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, capture_output=True, timeout=300)


def _value(binding: dict) -> Any:
    """A SPARQL JSON binding → str, Decimal or bool (IRIs and plain literals are strings)."""
    if binding["type"] == "literal" and binding.get("datatype") in NUMERIC_TYPES:
        try:
            return Decimal(binding["value"])
        except InvalidOperation:
            return binding["value"]
    if binding["type"] == "literal" and binding.get("datatype", "").endswith("#boolean"):
        return binding["value"] == "true"
    return binding["value"]


def parse_json_results(data: bytes) -> tuple[list[str], list[Row]]:
    doc = json.loads(data)
    names = doc["head"]["vars"]
    rows = [{n: (_value(b[n]) if n in b else None) for n in names} for b in doc["results"]["bindings"]]
    return names, rows


@pytest.fixture(scope="session")
def answers(built_store):
    """Each SELECT query of queries/ run once with `edzkg query FILE --format json` on the seed store."""
    cache: dict[str, tuple[list[str], list[Row]]] = {}

    def get(stem: str) -> tuple[list[str], list[Row]]:
        if stem not in cache:
            proc = run_cli("query", str(QUERIES / f"{stem}.rq"), "--format", "json", "--store", str(built_store))
            assert proc.returncode == 0, proc.stderr.decode()
            cache[stem] = parse_json_results(proc.stdout)
        return cache[stem]

    return get


# ---------------------------------------------------------------- matching rows written in the YAML


_FORMS = str.maketrans({"（": "(", "）": ")", "“": "", "”": "", "\"": ""})


def norm(text: Any) -> str:
    """Written forms that are not facts: full-width brackets as ASCII, quotation marks dropped."""
    return str(text).translate(_FORMS)


def value_matches(expected: Any, actual: Any) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, dict):
        if "any" in expected:
            return any(value_matches(e, actual) for e in expected["any"])
        if actual is None:
            return False
        if "contains" in expected:
            return norm(expected["contains"]) in norm(actual)
        if "approx" in expected:
            return _decimal(actual) is not None and abs(_decimal(actual) - Decimal(str(expected["approx"]))) <= Decimal("0.01")
        if "bound" in expected:
            return True
        if "gt" in expected:
            return _decimal(actual) is not None and _decimal(actual) > Decimal(str(expected["gt"]))
        raise ValueError(f"unknown matcher {expected!r}")
    if actual is None:
        return False
    if isinstance(expected, bool):
        return actual is expected or str(actual).lower() == str(expected).lower()
    if isinstance(expected, (int, float, Decimal)):
        return _decimal(actual) == Decimal(str(expected))
    if isinstance(expected, dt.date):
        return str(actual) == expected.isoformat()
    return norm(actual) == norm(expected)


def _decimal(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def row_matches(expected: Row, row: Row) -> bool:
    for col, want in expected.items():
        if col == "missing":
            continue
        if col == "_any":
            if not any(v is not None and norm(want) in norm(v) for v in row.values()):
                return False
        elif col not in row:
            raise KeyError(f"expected column ?{col} is not a column of the query ({sorted(row)})")
        elif not value_matches(want, row[col]):
            return False
    return True


def show(rows: list[Row], names: list[str]) -> str:
    return "\n".join(" | ".join("" if r[n] is None else str(r[n]) for n in names) for r in rows) or "(no rows)"


def _cases(kind: str) -> list:
    out = []
    for stem, spec in EXPECTED.items():
        for i, row in enumerate(spec.get(kind) or []):
            marks = [pytest.mark.xfail(strict=True, reason=row["missing"])] if "missing" in row else []
            out.append(pytest.param(stem, row, id=f"{stem}-{i}", marks=marks))
    return out


def test_expected_queries_exist():
    """Every question of issue 7 has its file, and every expectation names an existing file."""
    assert [s[:2] for s in STEMS] == [f"{n:02d}" for n in range(1, 22)]
    assert set(EXPECTED) <= set(STEMS)


@pytest.mark.parametrize("stem,expected", _cases("rows"))
def test_expected_row(answers, stem, expected):
    names, rows = answers(stem)
    assert any(row_matches(expected, r) for r in rows), (
        f"{stem}: no row matches {expected}\nanswer:\n{show(rows, names)}")


@pytest.mark.parametrize("stem,expected", _cases("absent"))
def test_absent_row(answers, stem, expected):
    names, rows = answers(stem)
    wrong = [r for r in rows if row_matches(expected, r)]
    assert not wrong, f"{stem}: rows that the article does not support:\n{show(wrong, names)}"


def _closed_cases() -> list:
    out = []
    for stem, spec in EXPECTED.items():
        if spec.get("closed"):
            marks = ([pytest.mark.xfail(strict=True, reason=spec["closed_missing"])]
                     if "closed_missing" in spec else [])
            out.append(pytest.param(stem, id=stem, marks=marks))
    return out


@pytest.mark.parametrize("stem", _closed_cases())
def test_no_unexpected_rows(answers, stem):
    spec = EXPECTED[stem]
    allowed = (spec.get("rows") or []) + (spec.get("optional") or [])
    names, rows = answers(stem)
    extra = [r for r in rows if not any(row_matches(e, r) for e in allowed)]
    assert not extra, f"{stem}: rows the article does not give:\n{show(extra, names)}"


# ---------------------------------------------------------------- the files themselves


HEADER_VAR = re.compile(r"\?(\w+)")


@pytest.mark.parametrize("path", QUERY_FILES, ids=STEMS)
def test_header_documents_question_and_columns(path: Path):
    """First line: the question in English; second: in Chinese; then every result column explained."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and len(re.findall(r"\b[A-Za-z]{2,}\b", lines[0])) >= 5, lines[0]
    assert lines[1].startswith("# ") and len(re.findall(r"[\u4e00-\u9fff]", lines[1])) >= 8, lines[1]
    header = "\n".join(ln for ln in lines if ln.startswith("#"))
    assert "PREFIX edz: <http://127.0.0.1:8000/ontology#>" in re.sub(r"\s+", " ", text).replace("edz:  <", "edz: <")
    m = re.search(r"\bSELECT\s+(?:DISTINCT\s+)?(.*?)\bWHERE\b", text, re.S | re.I)
    if m:  # SELECT: every projected variable is explained in the header
        projected = re.findall(r"(?:AS\s+)?\?(\w+)\)?", m.group(1))
        documented = set(HEADER_VAR.findall(header))
        assert set(projected) <= documented, f"undocumented columns: {set(projected) - documented}"
        assert re.search(r"\bORDER BY\b", text), "results must be ordered"


# ---------------------------------------------------------------- ordering promised by the questions


def test_investments_largest_first_within_currency(answers):
    _, rows = answers("06-investments")
    keys = [(r["currency"] or "", -(r["amount"] or 0)) for r in rows]
    assert keys == sorted(keys)


def test_timeline_is_chronological(answers):
    _, rows = answers("16-timeline")
    begins = [str(r["begin"]) for r in rows if r["begin"] is not None]
    assert begins == sorted(begins)
    assert all(r["end"] is None or str(r["end"]) >= str(r["begin"]) for r in rows if r["begin"] is not None)


# ---------------------------------------------------------------- 11: provenance of one fact


def test_provenance_of_cold_storage_investment(answers, seed_text):
    spec = EXPECTED["11-provenance"]
    names, rows = answers("11-provenance")
    assert rows, "no statement about the cold-storage project's total investment"
    start = seed_text.index(spec["sentence_from"])
    end = seed_text.index(spec["sentence_to"]) + len(spec["sentence_to"])
    amount_at = seed_text.index(spec["amount_text"])
    for r in rows:
        assert r["amountText"] == spec["amount_text"] and r["amount"] == Decimal(spec["amount"]), show([r], names)
        assert (r["start"], r["end"]) == (start, end), f"evidence {r['start']}-{r['end']}, the sentence is {start}-{end}"
        assert r["sentence"] == seed_text[start:end]
        assert (r["mentionStart"], r["mentionEnd"]) == (amount_at, amount_at + len(spec["amount_text"]))
        assert r["document"].endswith("/doc/" + spec["document"])
        assert r["rule"]


def test_provenance_names_the_document_title(answers):
    _, rows = answers("11-provenance")
    assert rows and all(r["title"] == EXPECTED["11-provenance"]["title"] for r in rows)


# ---------------------------------------------------------------- 18 and 20: generic, checked against the raw data


@pytest.fixture(scope="session")
def exported_quads(built_store) -> list[ox.Quad]:
    proc = run_cli("export", "--format", "nq", "--store", str(built_store))
    assert proc.returncode == 0, proc.stderr.decode()
    return list(ox.parse(proc.stdout, format=ox.RdfFormat.N_QUADS))


def _typed(quads: list[ox.Quad], cls: str) -> set[str]:
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return {q.subject.value for q in quads if q.predicate.value == rdf_type and q.object.value == EDZ + cls}


def test_statistics_count_statements_and_triples(answers, exported_quads):
    _, rows = answers("18-statistics")
    per_doc = sum(r["count"] for r in rows if r["measure"] == "statements per document")
    assert per_doc == len(_typed(exported_quads, "Statement"))
    per_graph = sum(r["count"] for r in rows if r["measure"] == "triples per graph")
    assert per_graph == len(exported_quads)


def test_rule_audit_covers_every_extracted_node(answers, exported_quads):
    _, rows = answers("20-rule-audit")
    extracted = {q.subject.value for q in exported_quads if q.predicate.value == EDZ + "extractedBy"}
    assert {r["node"] for r in rows} == extracted
    per_rule: dict[str, set[str]] = {}
    for r in rows:
        per_rule.setdefault(r["rule"], set()).add(r["node"])
    assert all(r["ruleCount"] == len(per_rule[r["rule"]]) for r in rows)
    counts = [-r["ruleCount"] for r in rows]
    assert counts == sorted(counts)


def test_every_statement_has_a_rule(answers, exported_quads):
    _, rows = answers("20-rule-audit")
    statements = _typed(exported_quads, "Statement")
    assert statements, "the graph has no edz:Statement"
    assert statements <= {r["node"] for r in rows if r["rule"]}


# ---------------------------------------------------------------- 19: CONSTRUCT as Turtle


@pytest.fixture(scope="session")
def village_graph(built_store) -> list[ox.Triple]:
    """`edzkg query queries/19-….rq` prints Turtle; parse it."""
    path = next(p for p in QUERY_FILES if p.stem.startswith("19-"))
    proc = run_cli("query", str(path), "--store", str(built_store))
    assert proc.returncode == 0, proc.stderr.decode()
    return list(ox.parse(proc.stdout, format=ox.RdfFormat.TURTLE))


class _Graph:
    def __init__(self, triples: list[ox.Triple], place: str) -> None:
        self.triples = triples
        self.labels: dict[str, set[str]] = {}
        for t in triples:
            if t.predicate.value == RDFS_LABEL:
                self.labels.setdefault(t.subject.value, set()).add(t.object.value)
        self.place = {s for s, ls in self.labels.items() if place in ls}

    def nodes(self, spec: Any) -> set[str] | None:
        """IRIs named by a spec ($place, a label, {contains: …}); None for a {value: …} spec."""
        if spec == "$place":
            return self.place
        if isinstance(spec, dict) and "value" in spec:
            return None
        return {s for s, ls in self.labels.items() if any(value_matches(spec, label) for label in ls)}

    def has_value(self, node: str, value: Any) -> bool:
        return any(t.subject.value == node and t.predicate.value == "http://qudt.org/schema/qudt/numericValue"
                   and Decimal(t.object.value) == Decimal(str(value)) for t in self.triples)

    def holds(self, s: Any, props: list[str], o: Any, either: bool = False) -> bool:
        preds = {EDZ + p for p in props}
        subjects, objects = self.nodes(s), self.nodes(o)
        for t in self.triples:
            if t.predicate.value not in preds:
                continue
            pairs = [(t.subject.value, t.object.value)] + ([(t.object.value, t.subject.value)] if either else [])
            for a, b in pairs:
                if a in subjects and (objects is None and self.has_value(b, o["value"]) or objects and b in objects):
                    return True
        return False


def _village_cases() -> list:
    spec = EXPECTED["19-describe-village"]
    out = []
    for i, t in enumerate(spec["triples"]):
        marks = [pytest.mark.xfail(strict=True, reason=t["missing"])] if "missing" in t else []
        out.append(pytest.param(t, id=f"19-triple-{i}", marks=marks))
    return out


def test_village_description_is_the_village(village_graph):
    g = _Graph(village_graph, EXPECTED["19-describe-village"]["place"])
    assert len(g.place) == 1, f"nodes labelled {EXPECTED['19-describe-village']['place']}: {g.place}"
    place = next(iter(g.place))
    types = {t.object.value for t in village_graph if t.subject.value == place and t.predicate.value.endswith("#type")}
    assert EDZ + "Village" in types


@pytest.mark.parametrize("triple", _village_cases())
def test_village_description_holds(village_graph, triple):
    g = _Graph(village_graph, EXPECTED["19-describe-village"]["place"])
    assert g.holds(triple["s"], triple["p"], triple["o"], triple.get("either_direction", False)), triple


def _post_cases() -> list:
    spec = EXPECTED["19-describe-village"]
    out = []
    for i, p in enumerate(spec.get("posts") or []):
        marks = [pytest.mark.xfail(strict=True, reason=p[3])] if len(p) > 3 else []
        out.append(pytest.param(p[:3], id=f"19-post-{i}", marks=marks))
    return out


@pytest.mark.parametrize("post", _post_cases())
def test_village_description_has_posts_of_its_bodies(village_graph, post):
    person, title, body = post
    g = _Graph(village_graph, EXPECTED["19-describe-village"]["place"])
    by = {(t.subject.value, t.predicate.value): t.object.value for t in village_graph}
    posts = [t for t in village_graph if t.predicate.value == EDZ + "holdsPost" and t.subject.value in g.nodes(person)]
    assert any(by.get((p.object.value, EDZ + "postIn")) in g.nodes(body)
               and title in by.get((p.object.value, EDZ + "roleTitle"), "") for p in posts), post


# ---------------------------------------------------------------- robustness: a store without such facts


@pytest.fixture(scope="session")
def factless_store(tmp_path_factory) -> Path:
    """A store built from one short article that names no zone, village, company or figure."""
    from graph.build import build

    root = tmp_path_factory.mktemp("factless")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "900_factless.txt").write_text("今天天气晴朗，大家心情都很好。\n", encoding="utf-8")
    (corpus / "900_factless.yaml").write_text("id: 900_factless\ntitle: 天气\npublished: 2022-07-01\n", encoding="utf-8")
    build(corpus, root / "store")
    return root / "store"


@pytest.mark.parametrize("path", QUERY_FILES, ids=STEMS)
def test_query_runs_on_a_factless_store(factless_store, path):
    from graph import store as store_mod
    from graph.iris import rebase

    db = store_mod.open_read_only(factless_store)
    base = store_mod.dataset_info(factless_store, db).base_iri
    result = db.query(rebase(path.read_text(encoding="utf-8"), base), use_default_graph_as_union=True)
    items = list(result)  # evaluates every row or triple
    if path.stem.startswith("18-"):
        docs = [s for s in items if s["measure"].value == "statements per document"]
        assert [int(s["count"].value) for s in docs] == [0]


# ---------------------------------------------------------------- the same files over HTTP


def test_queries_run_unchanged_over_http(server_url, answers):
    """POSTed to /sparql as the query UI does (IRIs rebased to the server's base): same rows as the CLI."""
    import httpx

    from graph.iris import rebase

    for path in QUERY_FILES:
        query = rebase(path.read_text(encoding="utf-8"), server_url + "/")
        is_graph = path.stem.startswith("19-")
        r = httpx.post(server_url + "/sparql", content=query.encode("utf-8"), timeout=120, headers={
            "Content-Type": "application/sparql-query",
            "Accept": "text/turtle" if is_graph else "application/sparql-results+json"})
        assert r.status_code == 200, (path.name, r.status_code, r.text[:500])
        if is_graph:
            ox.parse(r.content, format=ox.RdfFormat.TURTLE)
        else:
            _, rows = parse_json_results(r.content)
            assert len(rows) == len(answers(path.stem)[1]), path.name

